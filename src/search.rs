//! Search (SPEC §6): one tantivy index in `.podgloss/index` over transcript paragraphs, notes and
//! glossary entries, kept in sync with the files without being asked.

pub mod build;
pub mod documents;
pub mod hits;
pub mod index;
pub mod integrity;
pub mod lock;
pub mod manifest;
pub mod mentions;
pub mod query;
pub mod schema;
pub mod stamp;
pub mod units;

pub use hits::{Hit, HitKind, IndexStats};
pub use index::{SearchIndex, SyncEvent, SyncOptions, SyncReport};

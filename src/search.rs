//! Search (SPEC §6): one tantivy index in `.podgloss/index` over transcript paragraphs, notes and
//! glossary entries, kept in sync with the files without being asked.

pub(crate) mod build;
pub(crate) mod documents;
pub(crate) mod hits;
pub(crate) mod index;
pub(crate) mod integrity;
pub(crate) mod listing;
pub mod lock;
pub(crate) mod manifest;
pub(crate) mod mentions;
pub mod query;
pub(crate) mod quick_check;
pub(crate) mod schema;
pub(crate) mod snippets;
pub(crate) mod stamp;
pub(crate) mod units;

pub use hits::{Hit, HitKind, IndexStats};
pub use index::{
    IngestReport, IngestSink, SearchIndex, SyncEvent, SyncOptions, SyncReport, WrittenEpisode,
};
pub use listing::Listed;
pub use manifest::EpisodeSummary;

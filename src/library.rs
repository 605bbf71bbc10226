//! The library on disk (SPEC §2): a folder holding `transcripts/` and `glossary/`, plus the
//! derived state in `.podgloss/`.

pub mod episode;
pub mod layout;
pub mod locate;
pub mod meta;
pub mod scan;
pub mod slug;
pub mod title;

pub use episode::Episode;
pub use locate::{LibraryChoice, locate_library};
pub use meta::EpisodeMeta;
pub use scan::{EpisodeEntry, Library};
pub use slug::{is_valid_slug, slugify};

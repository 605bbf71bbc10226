//! The library on disk (SPEC §2): a folder holding `transcripts/` and `glossary/`, plus the
//! derived state in `.podgloss/`.

pub(crate) mod episode;
pub(crate) mod layout;
pub mod locate;
pub mod meta;
pub mod scan;
pub(crate) mod slug;
pub(crate) mod title;

pub use episode::Episode;
pub use locate::{LibraryChoice, locate_library};
pub use meta::EpisodeMeta;
pub use scan::{EpisodeEntry, Library};
pub use slug::{is_valid_slug, slugify};

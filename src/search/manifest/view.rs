//! The manifest as an unchanged library needs it: the checks section read at open, the episodes
//! section read on first use, and the rest (decoded by `Manifest::load`) only when the library
//! changed. A
//! search on a 1,400-episode library then reads about a third of the file and allocates nothing
//! per episode.
//!
//! The file is read, not memory-mapped: mapping would need `unsafe` for a gain of some tens of
//! microseconds, and the sections are read through the one open handle, so a manifest renamed
//! over by another podgloss meanwhile cannot mix two versions.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::OnceLock;

use super::binary::{self, Checks, EpisodeRecord, Episodes, HEADER_LEN, Sections};
use super::{EpisodeSummary, SCHEMA_VERSION};

pub struct ManifestView {
    file: File,
    sections: Sections,
    checks: Vec<u8>,
    episodes: OnceLock<Option<Vec<u8>>>,
}

impl ManifestView {
    /// The manifest at `path` with its checks read and validated; `None` when it is missing,
    /// unreadable, damaged or from another format or schema (all of which mean "rebuild").
    pub fn load(path: &Path) -> Option<ManifestView> {
        let file = crate::fsutil::open_regular(path).ok()?;
        let file_len = file.metadata().ok()?.len();
        let mut header = [0u8; HEADER_LEN];
        file.read_exact_at(&mut header, 0).ok()?;
        let sections = binary::sections(&header, SCHEMA_VERSION, file_len)?;
        let checks = read_section(&file, sections.checks)?;
        Checks::parse(&checks)?;
        Some(ManifestView {
            file,
            sections,
            checks,
            episodes: OnceLock::new(),
        })
    }

    /// What the sync check stats.
    pub fn checks(&self) -> Checks<'_> {
        // Validated by `load`, so never the empty default.
        Checks::parse(&self.checks).unwrap_or_default()
    }

    fn episodes(&self) -> Option<Episodes<'_>> {
        let bytes = self
            .episodes
            .get_or_init(|| read_section(&self.file, self.sections.episodes));
        Episodes::parse(bytes.as_deref()?)
    }

    /// The summary of the episode with this slug, if it was indexed.
    pub fn episode(&self, slug: &str) -> Option<EpisodeSummary> {
        self.episodes()?.find(slug)?.summary
    }

    /// Every episode in slug order; `None` if the section is damaged.
    pub fn all_episodes(&self) -> Option<Vec<EpisodeRecord>> {
        self.episodes()?.all()
    }
}

fn read_section(file: &File, (at, len): (u64, u64)) -> Option<Vec<u8>> {
    let mut bytes = vec![0u8; usize::try_from(len).ok()?];
    file.read_exact_at(&mut bytes, at).ok()?;
    Some(bytes)
}

//! What the index was built from: for every *unit* (an episode, its notes, a glossary file) the
//! files it was read from with their size, mtime and content hash, plus the mtimes of the
//! folders listed, so an unchanged library is recognised by `stat` calls alone (SPEC §6). Each
//! episode also keeps the summary `podgloss list` prints, so listing needs no episode files.
//! Stored in `.podgloss/manifest.bin` (see [`binary`] for why and how).

mod binary;
mod view;

pub use binary::{Check, CheckKind, Checks, EpisodeRecord};
pub use view::ManifestView;

use std::collections::BTreeMap;
use std::path::Path;

use super::schema::SCHEMA_VERSION;
use super::stamp::{FolderStamp, mtime_ns, stat, trusted_mtime};
use crate::error::Result;
use crate::fsutil::write_atomic;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Manifest {
    /// Folder (relative to the library) -> its listing when last read.
    pub folders: BTreeMap<String, FolderStamp>,
    /// Unit key (`episode:<slug>`, `notes:<slug>`, `glossary:<file>`) -> what it was built from.
    pub units: BTreeMap<String, UnitRecord>,
}

/// One unit as indexed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitRecord {
    pub files: Vec<FileStamp>,
    /// Episodes only: what the library listing shows (`None` also for an episode whose files
    /// could not be read).
    pub summary: Option<EpisodeSummary>,
}

/// An episode as `podgloss list` and search hits show it, kept so that neither reads the
/// episode's files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EpisodeSummary {
    /// The title the library listing shows: `episode.toml`'s, else one made from the file name.
    pub title: String,
    /// The title search hits show, when it differs: a transcript that names itself (a
    /// document's own title) is shown by that name when `episode.toml` gives none.
    pub heading: Option<String>,
    pub show: Option<String>,
    /// `episode.toml`'s date, as written there.
    pub published: Option<String>,
    /// From `episode.toml` when import wrote it, else from a timed transcript.
    pub duration_ms: Option<u64>,
}

/// A file as it was when indexed. `path` is relative to the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    pub path: String,
    pub size: u64,
    pub mtime_ns: i128,
    /// BLAKE3 of the content.
    pub hash: [u8; 32],
}

impl Manifest {
    pub fn new() -> Self {
        Manifest::default()
    }

    /// Reads the manifest; `None` when it is missing, unreadable or from another schema, which
    /// all mean "rebuild".
    pub fn load(path: &Path) -> Option<Manifest> {
        let bytes = crate::fsutil::read_regular(path).ok()?;
        binary::decode(&bytes, SCHEMA_VERSION)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        write_atomic(path, &binary::encode(self, SCHEMA_VERSION))
    }

    /// The summary of the episode with this slug, if it was indexed.
    pub fn episode(&self, slug: &str) -> Option<&EpisodeSummary> {
        self.units
            .get(&format!("episode:{slug}"))
            .and_then(|u| u.summary.as_ref())
    }

    /// Every episode's record in slug order, as the manifest file's episodes section has them.
    pub fn episode_records(&self) -> Vec<EpisodeRecord> {
        self.units
            .iter()
            .filter_map(|(key, unit)| {
                let slug = key.strip_prefix("episode:")?;
                Some(EpisodeRecord {
                    slug: slug.to_string(),
                    has_notes: self.has_notes(slug),
                    summary: unit.summary.clone(),
                    main_file: unit
                        .files
                        .first()
                        .map(|f| f.path.clone())
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    /// Whether the episode has a notes file (its notes are a unit of their own).
    pub fn has_notes(&self, slug: &str) -> bool {
        self.units.contains_key(&format!("notes:{slug}"))
    }
}

/// Where an open index finds its episodes' summaries: the manifest file read in place when the
/// library was unchanged, or the manifest the sync just wrote.
pub enum Summaries {
    View(std::sync::Arc<ManifestView>),
    Manifest(Manifest),
}

impl Summaries {
    /// The summary of the episode with this slug, if it was indexed.
    pub fn episode(&self, slug: &str) -> Option<EpisodeSummary> {
        match self {
            Summaries::View(view) => view.episode(slug),
            Summaries::Manifest(manifest) => manifest.episode(slug).cloned(),
        }
    }

    /// Every episode in slug order; `None` if the manifest file is damaged.
    pub fn all(&self) -> Option<Vec<EpisodeRecord>> {
        match self {
            Summaries::View(view) => view.all_episodes(),
            Summaries::Manifest(manifest) => Some(manifest.episode_records()),
        }
    }
}

/// Whether a file may be edited without its folder's mtime moving: the files people write by
/// hand (`notes.md`, `episode.toml`, glossary entries), which editors may save in place. Every
/// other file is written by creating or renaming it (podgloss writes transcripts,
/// `chapters.json` and `episode.toml` that way, as most editors save), which moves the folder's
/// mtime; so the sync check stats these files on every command and the others only when their
/// folder's mtime moved.
pub fn edited_in_place(path: &str) -> bool {
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    folder == "glossary"
        || name == crate::library::layout::NOTES_FILE
        || name == crate::library::layout::EPISODE_META_FILE
}

/// Stamps a file that is about to be indexed, from the bytes that were read.
pub fn stamp(relative: &str, bytes: &[u8], metadata: &std::fs::Metadata) -> FileStamp {
    FileStamp {
        path: relative.to_string(),
        size: bytes.len() as u64,
        mtime_ns: trusted_mtime(mtime_ns(metadata)),
        hash: *blake3::hash(bytes).as_bytes(),
    }
}

/// Whether a file still matches its stamp: size and mtime first, the content hash only when
/// those differ (a `touch` or a save without changes costs a read, not a re-index).
/// Returns the refreshed stamp when only the mtime moved.
pub fn check(root: &Path, stamp: &FileStamp) -> FileCheck {
    let path = root.join(&stamp.path);
    let Some((size, mtime)) = stat(&path) else {
        return FileCheck::Changed;
    };
    if size == stamp.size && mtime == stamp.mtime_ns {
        return FileCheck::Same;
    }
    if size != stamp.size {
        return FileCheck::Changed;
    }
    match crate::fsutil::read_regular(&path) {
        Ok(bytes) if *blake3::hash(&bytes).as_bytes() == stamp.hash => {
            FileCheck::Touched(FileStamp {
                mtime_ns: trusted_mtime(mtime),
                ..stamp.clone()
            })
        }
        _ => FileCheck::Changed,
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum FileCheck {
    Same,
    /// Same content, new mtime.
    Touched(FileStamp),
    Changed,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_mtime(path: &Path, time: std::time::SystemTime) {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(time).unwrap();
    }

    #[test]
    fn detects_edits_and_ignores_touches() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.md");
        std::fs::write(&path, "- one\n").unwrap();
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        set_mtime(&path, hour_ago);
        let stamp = stamp("notes.md", b"- one\n", &std::fs::metadata(&path).unwrap());
        assert_eq!(check(dir.path(), &stamp), FileCheck::Same);

        set_mtime(&path, hour_ago + std::time::Duration::from_secs(60));
        assert!(matches!(check(dir.path(), &stamp), FileCheck::Touched(_)));

        std::fs::write(&path, "- two\n").unwrap();
        assert_eq!(check(dir.path(), &stamp), FileCheck::Changed);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(check(dir.path(), &stamp), FileCheck::Changed);
    }

    #[test]
    fn fresh_stamps_are_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.md");
        std::fs::write(&path, "- one\n").unwrap();
        let stamp = stamp("notes.md", b"- one\n", &std::fs::metadata(&path).unwrap());
        assert_eq!(
            stamp.mtime_ns, 0,
            "written just now: the content must decide next time"
        );
        assert!(matches!(check(dir.path(), &stamp), FileCheck::Touched(_)));
    }

    #[test]
    fn other_schemas_and_garbage_mean_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.bin");
        std::fs::write(&path, "{ not a manifest").unwrap();
        assert!(Manifest::load(&path).is_none());
        std::fs::write(&path, binary::encode(&Manifest::new(), SCHEMA_VERSION + 1)).unwrap();
        assert!(Manifest::load(&path).is_none());
        Manifest::new().save(&path).unwrap();
        assert_eq!(Manifest::load(&path), Some(Manifest::new()));
    }
}

//! What the index was built from: for every *unit* (an episode, its notes, a glossary file) the
//! files it was read from with their size, mtime and content hash, plus the mtimes of the
//! folders listed, so an unchanged library is recognised by `stat` calls alone (SPEC §6).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::schema::SCHEMA_VERSION;
use super::stamp::{FolderStamp, mtime_ns, stat, trusted_mtime};
use crate::error::{Error, Result};
use crate::fsutil::write_atomic;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    /// Folder (relative to the library) -> its listing when last read.
    pub folders: BTreeMap<String, FolderStamp>,
    /// Unit key (`episode:<slug>`, `notes:<slug>`, `glossary:<file>`) -> the files it was built from.
    pub units: BTreeMap<String, Vec<FileStamp>>,
}

/// A file as it was when indexed. `path` is relative to the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub path: String,
    pub size: u64,
    pub mtime_ns: i128,
    /// blake3 of the content, hex.
    pub hash: String,
}

impl Manifest {
    pub fn new() -> Self {
        Manifest {
            schema_version: SCHEMA_VERSION,
            ..Default::default()
        }
    }

    /// Reads the manifest; `None` when it is missing, unreadable or from another schema, which
    /// all mean "rebuild".
    pub fn load(path: &Path) -> Option<Manifest> {
        let bytes = crate::fsutil::read_regular(path).ok()?;
        let manifest: Manifest = serde_json::from_slice(&bytes).ok()?;
        (manifest.schema_version == SCHEMA_VERSION).then_some(manifest)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let bytes = serde_json::to_vec(self)
            .map_err(|e| Error::user(format!("cannot write the index manifest: {e}")))?;
        write_atomic(path, &bytes)
    }
}

/// Stamps a file that is about to be indexed, from the bytes that were read.
pub fn stamp(relative: &str, bytes: &[u8], metadata: &std::fs::Metadata) -> FileStamp {
    FileStamp {
        path: relative.to_string(),
        size: bytes.len() as u64,
        mtime_ns: trusted_mtime(mtime_ns(metadata)),
        hash: blake3::hash(bytes).to_hex().to_string(),
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
        Ok(bytes) if blake3::hash(&bytes).to_hex().as_str() == stamp.hash => {
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
        let path = dir.path().join("manifest.json");
        std::fs::write(&path, "{ not json").unwrap();
        assert!(Manifest::load(&path).is_none());
        let old = Manifest {
            schema_version: SCHEMA_VERSION + 1,
            ..Default::default()
        };
        old.save(&path).unwrap();
        assert!(Manifest::load(&path).is_none());
        Manifest::new().save(&path).unwrap();
        assert_eq!(Manifest::load(&path), Some(Manifest::new()));
    }
}

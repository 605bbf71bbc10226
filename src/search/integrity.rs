//! Noticing an index that is not the one podgloss wrote for this library: random bytes in a
//! segment file, or another library's index copied over this one while the manifest stayed.
//! tantivy checks little when it opens an index (damage shows later as failed or silently wrong
//! searches), so after every commit the size, mtime and BLAKE3 hash of each index file is kept
//! in `.podgloss/index-check.json` with the library's path, and every open compares them: a stat
//! per file, and a hash only of a file whose size or mtime moved.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::stamp::mtime_ns;
use crate::fsutil::write_atomic;

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IndexCheck {
    /// The library the index was built for (its canonical path).
    library: String,
    /// Index file name -> (size, mtime in ns, BLAKE3 hex).
    files: BTreeMap<String, (u64, i128, String)>,
}

/// The library as it is named in the check: its canonical path.
fn identity(library_root: &Path) -> String {
    std::fs::canonicalize(library_root)
        .unwrap_or_else(|_| library_root.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// Tantivy's lock files come and go with writers; everything else is index content.
fn is_content(name: &str) -> bool {
    !name.starts_with(".tantivy-") && !name.ends_with(".lock")
}

impl IndexCheck {
    /// Records the index as it is now, reusing the hashes of `previous` for unchanged files.
    pub fn record(library_root: &Path, index_dir: &Path, previous: Option<&IndexCheck>) -> Self {
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(index_dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Ok(metadata) = entry.metadata() else {
                continue;
            };
            if !metadata.is_file() || !is_content(&name) {
                continue;
            }
            let (size, mtime) = (metadata.len(), mtime_ns(&metadata));
            let known = previous
                .and_then(|p| p.files.get(&name))
                .filter(|(s, m, _)| *s == size && *m == mtime);
            let hash = match known {
                Some((_, _, hash)) => hash.clone(),
                None => match crate::fsutil::read_regular(&entry.path()) {
                    Ok(bytes) => blake3::hash(&bytes).to_hex().to_string(),
                    Err(_) => continue,
                },
            };
            files.insert(name, (size, mtime, hash));
        }
        IndexCheck {
            library: identity(library_root),
            files,
        }
    }

    pub fn load(path: &Path) -> Option<IndexCheck> {
        let bytes = crate::fsutil::read_regular(path).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Saving is best effort: without the check, the next open rebuilds, which is safe.
    pub fn save(&self, path: &Path) {
        if let Ok(bytes) = serde_json::to_vec(self) {
            let _ = write_atomic(path, &bytes);
        }
    }

    /// `Err` says why the index in `index_dir` is not the one recorded.
    pub fn verify(&self, library_root: &Path, index_dir: &Path) -> Result<(), String> {
        if self.library != identity(library_root) {
            return Err("the index was built for another library".into());
        }
        for (name, (size, mtime, hash)) in &self.files {
            let path = index_dir.join(name);
            let metadata = std::fs::metadata(&path)
                .map_err(|_| format!("the index file {name} is missing"))?;
            if metadata.len() != *size {
                return Err(format!("the index file {name} changed size"));
            }
            if mtime_ns(&metadata) == *mtime {
                continue;
            }
            let bytes = crate::fsutil::read_regular(&path)
                .map_err(|e| format!("the index file {name} cannot be read ({e})"))?;
            if blake3::hash(&bytes).to_hex().as_str() != hash {
                return Err(format!("the index file {name} is damaged"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_and_foreign_indexes_are_noticed() {
        let library = tempfile::tempdir().unwrap();
        let index = library.path().join("index");
        std::fs::create_dir(&index).unwrap();
        std::fs::write(index.join("meta.json"), "{}").unwrap();
        std::fs::write(index.join("a.store"), vec![7u8; 4096]).unwrap();
        std::fs::write(index.join(".tantivy-writer.lock"), "").unwrap();
        let check = IndexCheck::record(library.path(), &index, None);
        assert_eq!(check.files.len(), 2, "{check:?}");
        assert_eq!(check.verify(library.path(), &index), Ok(()));

        // A touch alone is not damage.
        let file = std::fs::File::options()
            .write(true)
            .open(index.join("a.store"))
            .unwrap();
        file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(60))
            .unwrap();
        assert_eq!(check.verify(library.path(), &index), Ok(()));

        let mut bytes = std::fs::read(index.join("a.store")).unwrap();
        bytes[100..164].copy_from_slice(&[0xAB; 64]);
        std::fs::write(index.join("a.store"), bytes).unwrap();
        let why = check.verify(library.path(), &index).unwrap_err();
        assert!(why.contains("a.store is damaged"), "{why}");

        let other = tempfile::tempdir().unwrap();
        let why = IndexCheck::record(library.path(), &index, Some(&check))
            .verify(other.path(), &index)
            .unwrap_err();
        assert!(why.contains("another library"), "{why}");
    }
}

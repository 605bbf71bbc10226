//! An existing episode's `chapters.json` on re-import. Nothing the user wrote is overwritten
//! behind their back (SPEC §9), yet chapters podgloss wrote itself should follow the source when
//! it changes them. So podgloss keeps a digest of the chapters it last wrote for each episode in
//! `.podgloss/chapters-written/<slug>`, and a re-import replaces `chapters.json` only while the
//! file still holds exactly those bytes. A file the user edited, or one podgloss has no record
//! of (written by hand, or the record went with `.podgloss/`), is kept, and the import says so.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsutil::{ReadState, Replaced, read_regular, replace_if_unchanged, write_atomic};
use crate::library::Library;

/// Where the digest of the chapters last written to episode `slug` is kept.
fn record_path(library: &Library, slug: &str) -> PathBuf {
    library
        .root
        .join(".podgloss")
        .join("chapters-written")
        .join(slug)
}

/// Notes that podgloss wrote `bytes` as episode `slug`'s chapters. Best effort: without the
/// record (a read-only `.podgloss/`), the next re-import keeps the file and says so.
pub(super) fn remember(library: &Library, slug: &str, bytes: &[u8]) {
    let Ok(state) = library.state_dir() else {
        return;
    };
    let dir = state.join("chapters-written");
    if std::fs::create_dir_all(&dir).is_ok() {
        let _ = write_atomic(&dir.join(slug), blake3::hash(bytes).to_hex().as_bytes());
    }
}

fn recorded(library: &Library, slug: &str) -> Option<blake3::Hash> {
    let text = read_regular(&record_path(library, slug)).ok()?;
    blake3::Hash::from_hex(text.trim_ascii()).ok()
}

/// Writes `new` as the chapters of the existing episode `slug` in `folder`, unless the user's
/// `chapters.json` is there (see the module comment). Returns true when the file was kept.
pub(super) fn update(library: &Library, slug: &str, folder: &Path, new: &[u8]) -> Result<bool> {
    let path = folder.join("chapters.json");
    let existing = match read_regular(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        // Not a regular file (a folder, a FIFO): not podgloss's to replace.
        Err(_) => return Ok(true),
    };
    if let Some(old) = &existing {
        if old == new {
            remember(library, slug, new);
            return Ok(false);
        }
        if recorded(library, slug) != Some(blake3::hash(old)) {
            return Ok(true);
        }
    }
    let read = ReadState::of(existing.as_deref());
    let unchanged = || ReadState::now(&path).is_ok_and(|now| now == read);
    match replace_if_unchanged(&path, new, &unchanged)? {
        Replaced::Done => {
            remember(library, slug, new);
            Ok(false)
        }
        Replaced::Conflict(copy) => {
            // Changed while the new chapters were being written: the user's file stands, and
            // the source's chapters are not worth a second file (importing again fetches them).
            std::fs::remove_file(&copy).map_err(|e| Error::io(&copy, e))?;
            Ok(true)
        }
    }
}

//! Notes as they sit in the library: reading an episode's `notes.md`, viewing its notes against
//! the episode and the glossary, and the two writes (append, pin) done atomically and never over
//! a file that changed since it was read (SPEC §4, §9).

use std::path::{Path, PathBuf};

use super::view::{NoteView, view_notes};
use super::{NotesFile, append_note, parse_notes, pin_anchor};
use crate::error::{Error, Result};
use crate::fsutil::{Replaced, replace_if_unchanged};
use crate::glossary::Glossary;
use crate::library::{Episode, EpisodeEntry};
use crate::model::Millis;

/// An episode's notes file as read.
#[derive(Debug, Clone)]
pub struct EpisodeNotes {
    pub path: PathBuf,
    /// The file's text exactly as read (empty when there is no file yet).
    pub text: String,
    pub file: NotesFile,
}

impl EpisodeNotes {
    /// Reads `notes.md` of an episode; `None` for an episode without a folder (a bare file).
    pub fn read(entry: &EpisodeEntry) -> Result<Option<EpisodeNotes>> {
        let Some(path) = entry.notes_path() else {
            return Ok(None);
        };
        let text = match crate::fsutil::read_regular(&path) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::io(&path, e)),
        };
        let file = parse_notes(&text);
        Ok(Some(EpisodeNotes { path, text, file }))
    }

    pub fn exists(&self) -> bool {
        self.path.is_file()
    }

    pub fn views(&self, episode: &Episode, glossary: &Glossary) -> Vec<NoteView> {
        view_notes(&self.file, &episode.paragraphs, glossary)
    }

    /// Writes `time` into note `index` (`[1:02:03] ` before its text).
    pub fn pin(&self, index: usize, time: Millis) -> Result<()> {
        let note = self
            .file
            .notes
            .get(index)
            .ok_or_else(|| Error::user(format!("there is no note {}", index + 1)))?;
        let updated = pin_anchor(&self.text, note.range.clone(), time)
            .ok_or_else(|| changed_on_disk(&self.path))?;
        self.replace(&updated)
    }

    /// Adds a note at the end of the file (creating it if needed).
    pub fn append(&self, note_text: &str) -> Result<()> {
        let updated = append_note(&self.text, note_text);
        self.replace(&updated)
    }

    /// Writes `updated` if the file still holds what was read.
    fn replace(&self, updated: &str) -> Result<()> {
        let now = match crate::fsutil::read_regular(&self.path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&self.path, e)),
        };
        let unchanged = match &now {
            Some(bytes) => bytes == self.text.as_bytes(),
            None => self.text.is_empty(),
        };
        if !unchanged {
            return Err(changed_on_disk(&self.path));
        }
        // Asked again between the flush and the rename, where an editor's save would be lost.
        let still_unchanged = || match crate::fsutil::read_regular(&self.path) {
            Ok(bytes) => bytes == self.text.as_bytes(),
            Err(e) => e.kind() == std::io::ErrorKind::NotFound && self.text.is_empty(),
        };
        match replace_if_unchanged(&self.path, updated.as_bytes(), &still_unchanged)? {
            Replaced::Done => Ok(()),
            Replaced::Conflict(copy) => Err(Error::user(format!(
                "{} changed on disk while it was being written: it was left as it is, and the \
                 new version is in {}",
                crate::error::shown(&self.path),
                crate::error::shown(&copy)
            ))),
        }
    }
}

fn changed_on_disk(path: &Path) -> Error {
    Error::user(format!(
        "{} changed on disk since it was read; nothing was written (run the command again)",
        crate::error::shown(path)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::meta::EpisodeMeta;

    fn entry(dir: &Path) -> EpisodeEntry {
        EpisodeEntry {
            slug: "ep".into(),
            folder: Some(dir.to_path_buf()),
            transcript: dir.join("transcript.vtt"),
            meta: EpisodeMeta::default(),
        }
    }

    #[test]
    fn pins_and_appends_and_refuses_after_an_external_edit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.md");
        std::fs::write(&path, "- Softmax?\n\n- Residual stream\n").unwrap();
        let notes = EpisodeNotes::read(&entry(dir.path())).unwrap().unwrap();
        notes.pin(1, 61_000).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "- Softmax?\n\n- [0:01:01] Residual stream\n"
        );

        // `notes` still holds the old text: the file changed since, so nothing is written.
        let err = notes.append("late").unwrap_err().to_string();
        assert!(err.contains("changed on disk"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "- Softmax?\n\n- [0:01:01] Residual stream\n"
        );

        let fresh = EpisodeNotes::read(&entry(dir.path())).unwrap().unwrap();
        fresh.append("KV cache?").unwrap();
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .ends_with("- KV cache?\n")
        );
    }

    #[test]
    fn appending_creates_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let notes = EpisodeNotes::read(&entry(dir.path())).unwrap().unwrap();
        assert!(!notes.exists());
        notes.append("First note").unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.md")).unwrap(),
            "- First note\n"
        );
    }
}

//! Drafts: the text typed into a form (a note, a definition), kept in `.podgloss/drafts/` while
//! the form is open, so that a crash, a closed terminal or Ctrl-C loses nothing. The next time
//! the same form opens (a note for the same episode, a definition of the same term) the draft is
//! put back into it; it is deleted once the text is saved, or when the user discards it.
//!
//! Writes are atomic and leave the UI thread: every change is sent to a thread of its own that
//! waits for typing to pause ([`SETTLE`]) and writes only the latest text of each form, and that
//! writes everything at once when asked to finish (on quit, and while a panic unwinds).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::fsutil::write_atomic;
use crate::library::Library;

/// How long typing must pause before a draft is written.
const SETTLE: Duration = Duration::from_millis(300);

/// Which form a draft belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DraftKey {
    /// The add-note form of an episode (by slug).
    Note(String),
    /// The define form of a term (as the form opened with it; empty for a new term).
    Define(String),
}

impl DraftKey {
    /// The draft's file name: the kind, then the slug or term in a form any file system takes
    /// (letters and digits kept, anything else as hex), cut to a bounded length with a hash of
    /// the whole so that two long terms never share a file.
    fn file_name(&self) -> String {
        let (kind, name) = match self {
            DraftKey::Note(slug) => ("note", slug.as_str()),
            DraftKey::Define(term) => ("define", term.as_str()),
        };
        let mut safe = String::new();
        for c in name.to_lowercase().chars() {
            if c.is_ascii_alphanumeric() || c == '-' {
                safe.push(c);
            } else {
                let mut buf = [0u8; 4];
                for byte in c.encode_utf8(&mut buf).bytes() {
                    safe.push_str(&format!("_{byte:02x}"));
                }
            }
        }
        if safe.len() > 80 {
            safe.truncate(80);
            safe.push_str(&format!("-{:016x}", fnv1a(name.as_bytes())));
        }
        format!("{kind}-{safe}.json")
    }
}

/// FNV-1a: a stable hash (std's may change between releases, and a draft outlives a release).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[derive(Debug, Serialize, Deserialize)]
struct DraftFile {
    /// When it was written (`YYYY-MM-DD HH:MM UTC`), for a person reading the file.
    saved: String,
    /// The form's fields in order: a note's text; a definition's term, aliases and text.
    fields: Vec<String>,
}

fn drafts_dir(library: &Library) -> PathBuf {
    library.root.join(".podgloss").join("drafts")
}

/// Keeps a form's fields as its draft.
pub fn save(library: &Library, key: &DraftKey, fields: &[String]) -> Result<(), String> {
    let dir = library
        .state_dir()
        .map_err(|e| e.to_string())?
        .join("drafts");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let draft = DraftFile {
        saved: crate::feeds::store::now_utc(),
        fields: fields.to_vec(),
    };
    let bytes = serde_json::to_vec_pretty(&draft).map_err(|e| e.to_string())?;
    write_atomic(&dir.join(key.file_name()), &bytes).map_err(|e| e.to_string())
}

/// The draft of a form, with when it was saved; `None` when there is none (or it cannot be
/// read: a draft is a convenience, and a damaged one is not worth an error).
pub fn load(library: &Library, key: &DraftKey) -> Option<(Vec<String>, String)> {
    let path = drafts_dir(library).join(key.file_name());
    let bytes = crate::fsutil::read_regular(&path).ok()?;
    let draft: DraftFile = serde_json::from_slice(&bytes).ok()?;
    Some((draft.fields, draft.saved))
}

/// Deletes a form's draft (saved, or discarded on purpose). No draft is no error.
pub fn delete(library: &Library, key: &DraftKey) -> Result<(), String> {
    let path = drafts_dir(library).join(key.file_name());
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// What the drafts thread is asked to do.
pub enum DraftJob {
    Save(DraftKey, Vec<String>),
    Delete(DraftKey),
    /// Write what is pending now, then say so.
    Finish(Sender<()>),
}

/// Starts the drafts thread; problems go to `report`.
pub fn spawn_writer(
    library: Library,
    report: impl Fn(String) + Send + 'static,
) -> Sender<DraftJob> {
    let (sender, receiver) = channel();
    std::thread::spawn(move || write_drafts(&library, &receiver, &report));
    sender
}

fn write_drafts(library: &Library, receiver: &Receiver<DraftJob>, report: &dyn Fn(String)) {
    while let Ok(first) = receiver.recv() {
        let mut pending = vec![first];
        // Wait for typing to pause, unless asked to finish.
        let mut finish = None;
        loop {
            if let Some(DraftJob::Finish(_)) = pending.last() {
                if let Some(DraftJob::Finish(ack)) = pending.pop() {
                    finish = Some(ack);
                }
                break;
            }
            match receiver.recv_timeout(SETTLE) {
                Ok(job) => pending.push(job),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        for (at, job) in pending.iter().enumerate() {
            let later = |key: &DraftKey| {
                pending[at + 1..].iter().any(|j| match j {
                    DraftJob::Save(k, _) | DraftJob::Delete(k) => k == key,
                    DraftJob::Finish(_) => false,
                })
            };
            let result = match job {
                DraftJob::Save(key, fields) if !later(key) => save(library, key, fields),
                DraftJob::Delete(key) if !later(key) => delete(library, key),
                _ => Ok(()),
            };
            if let Err(e) = result {
                report(format!("could not keep the draft: {e}"));
            }
        }
        if let Some(ack) = finish {
            let _ = ack.send(());
        }
    }
}

/// Asks the drafts thread to write what is pending and waits for it (a few seconds at most: a
/// stuck disk must not keep the program from ending).
pub fn finish(sender: &Sender<DraftJob>) {
    let (ack, done) = channel();
    if sender.send(DraftJob::Finish(ack)).is_ok() {
        let _ = done.recv_timeout(Duration::from_secs(3));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_kept_read_back_and_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::new(dir.path());
        let key = DraftKey::Note("how-language-models-think".into());
        assert!(load(&library, &key).is_none());
        save(&library, &key, &["- [1:02] half a thought".into()]).unwrap();
        let (fields, saved) = load(&library, &key).unwrap();
        assert_eq!(fields, ["- [1:02] half a thought"]);
        assert!(saved.contains("UTC"), "{saved}");
        delete(&library, &key).unwrap();
        assert!(load(&library, &key).is_none());
        delete(&library, &key).unwrap();
    }

    #[test]
    fn every_term_has_a_file_of_its_own_with_a_safe_name() {
        let names: Vec<String> = [
            DraftKey::Define("KV cache".into()),
            DraftKey::Define("kv/cache".into()),
            DraftKey::Define("../../etc/passwd".into()),
            DraftKey::Define("a".repeat(200)),
            DraftKey::Define(format!("{}b", "a".repeat(199))),
            DraftKey::Note("kv-cache".into()),
        ]
        .iter()
        .map(DraftKey::file_name)
        .collect();
        for name in &names {
            assert!(
                !name.contains('/') && !name.starts_with('.') && name.len() < 120,
                "{name}"
            );
        }
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
    }

    #[test]
    fn the_writer_keeps_the_latest_text_and_finishes_on_request() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::new(dir.path());
        let writer = spawn_writer(library.clone(), |e| panic!("{e}"));
        let key = DraftKey::Define("softmax".into());
        for text in ["s", "so", "sof"] {
            writer
                .send(DraftJob::Save(key.clone(), vec![text.into()]))
                .unwrap();
        }
        finish(&writer);
        assert_eq!(load(&library, &key).unwrap().0, ["sof"]);
        writer.send(DraftJob::Delete(key.clone())).unwrap();
        finish(&writer);
        assert!(load(&library, &key).is_none());
    }
}

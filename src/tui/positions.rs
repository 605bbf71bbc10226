//! Remembered reading positions, one time per episode, in `.podgloss/positions.json` (derived
//! state: losing it costs nothing but the place).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::fsutil::write_atomic;
use crate::library::Library;
use crate::model::Millis;

#[derive(Debug, Clone, Default)]
pub struct Positions {
    path: Option<PathBuf>,
    times: BTreeMap<String, Millis>,
}

impl Positions {
    pub fn load(library: &Library) -> Positions {
        let path = library.state_dir().ok().map(|d| d.join("positions.json"));
        let times = path.as_deref().map(read_times).unwrap_or_default();
        Positions { path, times }
    }

    pub fn get(&self, slug: &str) -> Option<Millis> {
        self.times.get(slug).copied()
    }

    /// Records a position in memory only (the UI's copy; the worker saves).
    pub fn remember(&mut self, slug: &str, time: Millis) -> bool {
        self.times.insert(slug.to_string(), time) != Some(time)
    }

    /// Records and saves a position; failing to save is not worth interrupting the reader.
    /// Only this episode's entry is written: the rest is taken from the file as it is now, so a
    /// second podgloss reading other episodes meanwhile keeps its places.
    pub fn set(&mut self, slug: &str, time: Millis) {
        if self.times.get(slug) == Some(&time) {
            return;
        }
        self.times.insert(slug.to_string(), time);
        let Some(path) = &self.path else {
            return;
        };
        let mut on_disk = read_times(path);
        on_disk.insert(slug.to_string(), time);
        if let Ok(bytes) = serde_json::to_vec(&on_disk) {
            let _ = write_atomic(path, &bytes);
        }
    }
}

/// The positions in the file; an unreadable or damaged file is no positions (derived state).
fn read_times(path: &std::path::Path) -> BTreeMap<String, Millis> {
    crate::fsutil::read_regular(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_readers_keep_each_others_places() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("transcripts")).unwrap();
        let library = Library::new(dir.path());
        let mut first = Positions::load(&library);
        let mut second = Positions::load(&library);
        first.set("attention", 61_000);
        second.set("residual", 5_000);
        first.set("attention", 62_000);
        let again = Positions::load(&library);
        assert_eq!(again.get("attention"), Some(62_000));
        assert_eq!(
            again.get("residual"),
            Some(5_000),
            "the other reader's place is kept"
        );
        // A damaged file costs the places, never the reader.
        let path = library.state_dir().unwrap().join("positions.json");
        std::fs::write(&path, "{ not json").unwrap();
        second.set("residual", 6_000);
        assert_eq!(Positions::load(&library).get("residual"), Some(6_000));
    }
}

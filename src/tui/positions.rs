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
        let times = path
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
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
    pub fn set(&mut self, slug: &str, time: Millis) {
        if self.times.get(slug) == Some(&time) {
            return;
        }
        self.times.insert(slug.to_string(), time);
        if let (Some(path), Ok(bytes)) = (&self.path, serde_json::to_vec(&self.times)) {
            let _ = write_atomic(path, &bytes);
        }
    }
}

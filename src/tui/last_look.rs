//! Which episodes the Library listed when the user last looked at it, in
//! `.podgloss/library-look.json` (derived state, written atomically): an episode missing from it
//! came in since, and the Library marks it new. Kept as the list of slugs rather than a time, so
//! editing a note (which changes a folder's time) never makes an old episode look new.

use serde::{Deserialize, Serialize};

use crate::fsutil::write_atomic;
use crate::library::Library;

const FILE_NAME: &str = "library-look.json";

#[derive(Debug, Serialize, Deserialize)]
struct LastLook {
    /// When it was written (`YYYY-MM-DD HH:MM UTC`), for a person reading the file.
    looked: String,
    episodes: Vec<String>,
}

/// The slugs listed at the last look; `None` when the Library was never looked at (or the file
/// is unreadable: it is only derived state, and the next look writes it afresh).
pub fn load(library: &Library) -> Option<Vec<String>> {
    let path = library.root.join(".podgloss").join(FILE_NAME);
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice::<LastLook>(&bytes)
        .ok()
        .map(|look| look.episodes)
}

/// Records `episodes` as the ones seen now.
pub fn save(library: &Library, episodes: Vec<String>) -> Result<(), String> {
    let dir = library.state_dir().map_err(|e| e.to_string())?;
    let look = LastLook {
        looked: crate::feeds::store::now_utc(),
        episodes,
    };
    let bytes = serde_json::to_vec_pretty(&look).map_err(|e| e.to_string())?;
    write_atomic(&dir.join(FILE_NAME), &bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_look_is_read_back_and_no_file_is_never_looked() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::new(dir.path());
        assert_eq!(load(&library), None);
        save(&library, vec!["a".into(), "b".into()]).unwrap();
        assert_eq!(load(&library), Some(vec!["a".to_string(), "b".to_string()]));
        std::fs::write(dir.path().join(".podgloss").join(FILE_NAME), "{not json").unwrap();
        assert_eq!(load(&library), None, "a damaged file is a fresh start");
    }
}

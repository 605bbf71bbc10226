//! The audio or video file beside a transcript with the same stem (`Ep01.srt` + `Ep01.mp3`).
//! A folder is listed once per import and its audio files kept: listing it again for each of
//! its transcripts made a folder of n transcripts cost n listings of n entries (a 560-file
//! folder: 300,000 entries read, a few percent of a whole import's time).

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Audio files found per folder, for one import.
#[derive(Default)]
pub(crate) struct AudioBeside {
    /// Folder -> its audio files, by stem, each stem's files sorted.
    listed: Mutex<HashMap<PathBuf, HashMap<OsString, Vec<PathBuf>>>>,
}

impl AudioBeside {
    /// The audio file beside `transcript` with its stem, and the name it gets in the episode
    /// folder (`audio.mp3`).
    pub(crate) fn of(&self, transcript: &Path) -> Option<(PathBuf, String)> {
        let stem = transcript.file_stem()?;
        let dir = transcript.parent().filter(|p| !p.as_os_str().is_empty())?;
        let mut listed = self
            .listed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let in_dir = listed.entry(dir.to_path_buf()).or_insert_with(|| list(dir));
        // Checked now, not when listed: the file must still be a regular file to be linked.
        let audio = in_dir.get(stem)?.iter().find(|p| p.is_file())?.clone();
        let ext = audio.extension()?.to_string_lossy().to_ascii_lowercase();
        Some((audio, format!("audio.{ext}")))
    }
}

fn list(dir: &Path) -> HashMap<OsString, Vec<PathBuf>> {
    let mut by_stem: HashMap<OsString, Vec<PathBuf>> = HashMap::new();
    for path in std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| crate::audio::is_audio_file(p))
    {
        if let Some(stem) = path.file_stem() {
            by_stem.entry(stem.to_os_string()).or_default().push(path);
        }
    }
    for paths in by_stem.values_mut() {
        paths.sort();
    }
    by_stem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_audio_with_the_transcripts_stem_from_one_listing() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for name in [
            "ep1.srt",
            "ep1.wav",
            "ep1.MP3",
            "ep2.srt",
            "ep2.txt",
            "cover.jpg",
        ] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        std::fs::create_dir(root.join("ep3.mp3")).unwrap();
        let audio = AudioBeside::default();
        assert_eq!(
            audio.of(&root.join("ep1.srt")),
            Some((root.join("ep1.MP3"), "audio.mp3".to_string())),
            "the first by name, as before"
        );
        assert_eq!(audio.of(&root.join("ep2.srt")), None);
        assert_eq!(
            audio.of(&root.join("ep3.srt")),
            None,
            "a folder is no audio"
        );
        std::fs::remove_file(root.join("ep1.MP3")).unwrap();
        assert_eq!(
            audio.of(&root.join("ep1.srt")),
            Some((root.join("ep1.wav"), "audio.wav".to_string())),
            "a file gone since the listing is passed over"
        );
    }
}

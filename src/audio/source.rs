//! Which source an episode plays, and the one check every source passes before it reaches the
//! player. `[sources] audio` may come from a feed or a web page, so it is data, never an option
//! or a command: only `http`/`https` URLs and regular files inside the library are accepted
//! (a feed enclosure of `--log-file=x`, `javascript:...` or `/etc/passwd` is refused with the
//! reason), and what is accepted reaches mpv as a JSON string over IPC, never on its command line.

use std::path::{Path, PathBuf};

use crate::formats::text::sanitize_line;
use crate::library::scan::EpisodeEntry;
use crate::net::Url;

/// A source the player may load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudioSource {
    /// A regular file inside the library (canonical path).
    File(PathBuf),
    /// An `http` or `https` URL.
    Url(Url),
}

impl AudioSource {
    /// What `loadfile` is given.
    pub fn as_player_arg(&self) -> String {
        match self {
            AudioSource::File(path) => path.to_string_lossy().into_owned(),
            AudioSource::Url(url) => url.to_string(),
        }
    }

    /// Whether playing needs the network.
    pub fn is_remote(&self) -> bool {
        matches!(self, AudioSource::Url(_))
    }
}

impl std::fmt::Display for AudioSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&sanitize_line(&self.as_player_arg()))
    }
}

/// The audio file downloaded or linked into an episode folder (`audio.<ext>`), if any.
pub fn local_audio(folder: &Path) -> Option<PathBuf> {
    let entries = std::fs::read_dir(folder).ok()?;
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            // `audio.bin`: a download whose type said nothing more precise (mpv sniffs it).
            p.file_stem().is_some_and(|s| s == "audio")
                && (super::is_audio_file(p) || p.extension().is_some_and(|e| e == "bin"))
                && p.is_file()
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

/// The episode's playable source: `audio.<ext>` in its folder (downloaded, or linked at import),
/// else `[sources] audio` from `episode.toml`, else `[sources] video`, once checked. Errors are one sentence for the user.
pub fn resolve_audio(library_root: &Path, entry: &EpisodeEntry) -> Result<AudioSource, String> {
    if let Some(file) = entry.folder.as_deref().and_then(local_audio) {
        return check_source(
            library_root,
            entry.folder.as_deref(),
            &file.to_string_lossy(),
        );
    }
    // A video page (YouTube) plays its sound through mpv's yt-dlp hook when there is no audio.
    let sources = &entry.meta.sources;
    match sources.audio.as_ref().or(sources.video.as_ref()) {
        Some(value) => check_source(library_root, entry.folder.as_deref(), value),
        None => Err(format!(
            "{}: no audio: put audio.mp3 in its folder, or add [sources] audio = \"FILE or URL\" \
             to its episode.toml",
            entry.slug
        )),
    }
}

/// Checks one source value: an `http`/`https` URL, or a path (relative to the episode folder,
/// or to `transcripts/` for a bare transcript file) naming a regular file inside the library.
pub fn check_source(
    library_root: &Path,
    folder: Option<&Path>,
    value: &str,
) -> Result<AudioSource, String> {
    let shown = sanitize_line(value);
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err("the audio source is empty".to_string());
    }
    if trimmed.starts_with('-') {
        return Err(format!(
            "audio source {shown:?} looks like a command-line option, not a file or URL; refused"
        ));
    }
    if let Ok(url) = Url::parse(trimmed) {
        // `C:/x` parses as a URL with scheme `c`; a one-letter scheme is never one we play.
        if url.scheme().len() > 1 {
            return match url.scheme() {
                "http" | "https" if url.host_str().is_some_and(|h| !h.is_empty()) => {
                    Ok(AudioSource::Url(url))
                }
                "http" | "https" => Err(format!("audio source {shown:?}: the URL has no host")),
                other => Err(format!(
                    "audio source {shown:?}: only http and https URLs play, not {other}:; refused"
                )),
            };
        }
    }
    let base = folder
        .map(Path::to_path_buf)
        .unwrap_or_else(|| library_root.join("transcripts"));
    let path = base.join(trimmed);
    let outside = || {
        format!(
            "audio source {shown:?}: not a file inside the library; refused (only files in the library and http/https URLs play)"
        )
    };
    let canonical = std::fs::canonicalize(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!("audio source {shown:?}: no such file in the episode folder")
        } else {
            outside()
        }
    })?;
    let root = std::fs::canonicalize(library_root).map_err(|_| outside())?;
    if !canonical.starts_with(&root) {
        return Err(outside());
    }
    let metadata = std::fs::metadata(&canonical).map_err(|_| outside())?;
    if !metadata.is_file() {
        return Err(format!(
            "audio source {shown:?}: not a regular file (a folder, FIFO or device); refused"
        ));
    }
    Ok(AudioSource::File(canonical))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::meta::EpisodeMeta;

    fn library() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("transcripts/ep");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("transcript.vtt"), "WEBVTT\n").unwrap();
        (dir, folder)
    }

    fn entry(folder: &Path, audio: Option<&str>) -> EpisodeEntry {
        let mut meta = EpisodeMeta::default();
        meta.sources.audio = audio.map(str::to_string);
        EpisodeEntry {
            slug: "ep".into(),
            folder: Some(folder.to_path_buf()),
            transcript: folder.join("transcript.vtt"),
            meta,
        }
    }

    #[test]
    fn accepts_urls_and_files_inside_the_library() {
        let (dir, folder) = library();
        std::fs::write(folder.join("episode.mp3"), b"ID3").unwrap();
        let root = dir.path();
        let url = check_source(root, Some(&folder), "https://example.com/a.mp3").unwrap();
        assert_eq!(url.as_player_arg(), "https://example.com/a.mp3");
        assert!(url.is_remote());
        let file = check_source(root, Some(&folder), "episode.mp3").unwrap();
        assert_eq!(
            file,
            AudioSource::File(std::fs::canonicalize(folder.join("episode.mp3")).unwrap())
        );
    }

    #[test]
    fn refuses_options_other_schemes_and_files_outside() {
        let (dir, folder) = library();
        let root = dir.path();
        let outside = tempfile::NamedTempFile::new().unwrap();
        std::fs::create_dir(folder.join("sub")).unwrap();
        let cases: &[(&str, &str)] = &[
            ("--log-file=/tmp/x", "command-line option"),
            ("-v", "command-line option"),
            ("javascript:alert(1)", "only http and https"),
            ("file:///etc/passwd", "only http and https"),
            ("ftp://example.com/a.mp3", "only http and https"),
            ("/etc/passwd", "not a file inside the library"),
            (
                "../../../../../../etc/passwd",
                "not a file inside the library",
            ),
            ("missing.mp3", "no such file"),
            ("sub", "not a regular file"),
            ("", "empty"),
        ];
        for (value, why) in cases {
            let err = check_source(root, Some(&folder), value).unwrap_err();
            assert!(err.contains(why), "{value}: {err}");
        }
        let err = check_source(root, Some(&folder), &outside.path().to_string_lossy()).unwrap_err();
        assert!(err.contains("not a file inside the library"), "{err}");
    }

    #[test]
    fn a_symlink_out_of_the_library_is_refused() {
        let (dir, folder) = library();
        let outside = tempfile::NamedTempFile::new().unwrap();
        std::os::unix::fs::symlink(outside.path(), folder.join("audio.mp3")).unwrap();
        let err = resolve_audio(dir.path(), &entry(&folder, None)).unwrap_err();
        assert!(err.contains("not a file inside the library"), "{err}");
    }

    #[test]
    fn the_local_file_wins_over_the_enclosure_url() {
        let (dir, folder) = library();
        let with_url = entry(&folder, Some("https://example.com/ep.mp3"));
        assert!(resolve_audio(dir.path(), &with_url).unwrap().is_remote());
        std::fs::write(folder.join("audio.ogg"), b"OggS").unwrap();
        let resolved = resolve_audio(dir.path(), &with_url).unwrap();
        assert!(matches!(resolved, AudioSource::File(p) if p.ends_with("audio.ogg")));
        let mut video = entry(&folder, None);
        video.meta.sources.video = Some("https://www.youtube.com/watch?v=XXXXXXXX".into());
        std::fs::remove_file(folder.join("audio.ogg")).unwrap();
        let resolved = resolve_audio(dir.path(), &video).unwrap();
        assert_eq!(
            resolved.as_player_arg(),
            "https://www.youtube.com/watch?v=XXXXXXXX"
        );
        let err = resolve_audio(dir.path(), &entry(&dir.path().join("none"), None)).unwrap_err();
        assert!(err.contains("no audio"), "{err}");
    }
}

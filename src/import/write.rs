//! Writing an imported episode to the library atomically (SPEC §3.3). A new episode is built in
//! a hidden temporary folder inside `transcripts/` and renamed into place, so a failure leaves no
//! half-written episode. An existing episode gets its transcript replaced file by file (each
//! atomic) and keeps its notes and `episode.toml` exactly as they are; its `chapters.json` is
//! replaced by the source's only while it still holds what podgloss last wrote there, and kept
//! (the import says so) when the user changed it (see [`chapters`]).

mod chapters;

use std::path::Path;

use crate::error::{Error, Result};
use crate::fsutil::{sync_dir, write_atomic, write_new};
use crate::library::Library;
use crate::library::meta::EpisodeMeta;
use crate::library::scan::TRANSCRIPT_EXTENSIONS;

pub struct NewEpisode<'a> {
    pub slug: &'a str,
    /// The transcript exactly as imported.
    pub original: &'a [u8],
    pub extension: &'a str,
    pub meta: &'a EpisodeMeta,
    /// Podcasting 2.0 chapters JSON, when the source had some.
    pub chapters: Option<&'a [u8]>,
    /// Flush each new file to disk before it is renamed into place. A folder import of
    /// hundreds of files skips this (the renames keep every episode whole, and the source files
    /// are still there to import again after a power cut); single imports and the web keep it.
    pub durable: bool,
}

/// What writing an episode did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// An existing episode's transcript was replaced.
    pub replaced: bool,
    /// The source had chapters, but the episode's `chapters.json` was changed since podgloss
    /// wrote it (or podgloss has no record of writing it): it was kept as it is.
    pub chapters_kept: bool,
}

/// Writes the episode.
pub fn write_episode(library: &Library, episode: &NewEpisode<'_>) -> Result<Written> {
    let transcripts = library.transcripts_dir();
    std::fs::create_dir_all(&transcripts).map_err(|e| Error::io(&transcripts, e))?;
    clean_stale_staging_once(&transcripts);
    let folder = transcripts.join(episode.slug);
    if folder.is_dir() {
        replace_transcript(&folder, episode)?;
        let chapters_kept = match episode.chapters {
            Some(new) => chapters::update(library, episode.slug, &folder, new)?,
            None => false,
        };
        Ok(Written {
            replaced: true,
            chapters_kept,
        })
    } else {
        create_episode(&transcripts, &folder, episode)?;
        if let Some(written) = episode.chapters {
            chapters::remember(library, episode.slug, written);
        }
        Ok(Written::default())
    }
}

/// Whether writing a new episode failed because its folder appeared meanwhile (another process
/// took the slug): the caller chooses a slug again.
pub fn is_slug_taken(error: &Error) -> bool {
    matches!(error, Error::Io { source, .. } if matches!(
        source.kind(),
        std::io::ErrorKind::DirectoryNotEmpty | std::io::ErrorKind::AlreadyExists
    ))
}

fn create_episode(transcripts: &Path, folder: &Path, episode: &NewEpisode<'_>) -> Result<()> {
    let staging = tempfile::Builder::new()
        .prefix(&staging_prefix(std::process::id()))
        .tempdir_in(transcripts)
        .map_err(|e| Error::io(transcripts, e))?;
    let write = |name: &str, bytes: &[u8]| -> Result<()> {
        let path = staging.path().join(name);
        let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        std::io::Write::write_all(&mut &file, bytes).map_err(|e| Error::io(&path, e))?;
        if episode.durable {
            file.sync_all().map_err(|e| Error::io(&path, e))?;
        }
        Ok(())
    };
    write(
        &format!("transcript.{}", episode.extension),
        episode.original,
    )?;
    write("episode.toml", episode.meta.to_toml().as_bytes())?;
    if let Some(chapters) = episode.chapters {
        write("chapters.json", chapters)?;
    }
    if episode.durable {
        sync_dir(staging.path());
    }
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, folder) {
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::io(folder, e));
    }
    if episode.durable {
        sync_dir(transcripts);
    }
    Ok(())
}

/// Staging folders are named `.import-<pid>-<random>`, so that one left by an import that was
/// killed can be told from one a running import is filling.
fn staging_prefix(pid: u32) -> String {
    format!("{STAGING}{pid}-")
}

const STAGING: &str = ".import-";

/// [`clean_stale_staging`], the first time an import of this process asks.
pub(crate) fn clean_stale_staging_once(transcripts: &Path) {
    static CLEANED: std::sync::Once = std::sync::Once::new();
    CLEANED.call_once(|| clean_stale_staging(transcripts));
}

/// Removes the staging folders of imports whose process is gone (killed mid-import): they are
/// hidden, so nothing reads them, but they hold a whole transcript each. A folder whose process
/// is still running, or whose owner cannot be told (no `/proc`), is left alone.
fn clean_stale_staging(transcripts: &Path) {
    if !Path::new("/proc/self").is_dir() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(transcripts) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(STAGING))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        if !alive && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn replace_transcript(folder: &Path, episode: &NewEpisode<'_>) -> Result<()> {
    let name = format!("transcript.{}", episode.extension);
    write_atomic(&folder.join(&name), episode.original)?;
    // A transcript of another format from an earlier import would shadow or confuse the new one.
    for ext in TRANSCRIPT_EXTENSIONS {
        let other = folder.join(format!("transcript.{ext}"));
        if *ext != episode.extension && other.is_file() {
            std::fs::remove_file(&other).map_err(|e| Error::io(&other, e))?;
        }
    }
    let meta_path = folder.join("episode.toml");
    if !meta_path.exists() {
        // Never over one the user wrote in the meantime: theirs stands.
        match write_new(&meta_path, episode.meta.to_toml().as_bytes()) {
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists => {
            }
            written => written?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_left_by_a_dead_process_is_removed_and_a_live_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        // No process has a pid this large (the kernel's limit is 2^22).
        let dead = dir.path().join(staging_prefix(4_000_000_000) + "abc");
        let live = dir.path().join(staging_prefix(std::process::id()) + "def");
        let other = dir.path().join(".import-notes");
        for folder in [&dead, &live, &other] {
            std::fs::create_dir_all(folder).unwrap();
            std::fs::write(folder.join("transcript.vtt"), "WEBVTT\n").unwrap();
        }
        clean_stale_staging(dir.path());
        assert!(!dead.exists(), "a killed import's staging is removed");
        assert!(live.exists(), "a running import's staging is kept");
        assert!(
            other.exists(),
            "a folder of another shape is not podgloss's to remove"
        );
    }
}

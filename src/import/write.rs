//! Writing an imported episode to the library atomically (SPEC §3.3). A new episode is built in
//! a hidden temporary folder inside `transcripts/` and renamed into place, so a failure leaves no
//! half-written episode. An existing episode gets its transcript replaced file by file (each
//! atomic) and keeps its notes, chapters and `episode.toml` exactly as they are.

use std::path::Path;

use crate::error::{Error, Result};
use crate::fsutil::{sync_dir, write_atomic};
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

/// Writes the episode; returns true when it replaced an existing one.
pub fn write_episode(library: &Library, episode: &NewEpisode<'_>) -> Result<bool> {
    let transcripts = library.transcripts_dir();
    std::fs::create_dir_all(&transcripts).map_err(|e| Error::io(&transcripts, e))?;
    let folder = transcripts.join(episode.slug);
    if folder.is_dir() {
        replace_transcript(&folder, episode)?;
        Ok(true)
    } else {
        create_episode(&transcripts, &folder, episode)?;
        Ok(false)
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
        .prefix(".import-")
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
        write_atomic(&meta_path, episode.meta.to_toml().as_bytes())?;
    }
    if let Some(chapters) = episode.chapters {
        write_atomic(&folder.join("chapters.json"), chapters)?;
    }
    Ok(())
}

//! `podgloss audio fetch SLUG`: the episode's enclosure downloaded into its folder as
//! `audio.<ext>`, so it then plays offline. The download goes through the network gate
//! ([`crate::net::Fetcher::download`]), lands in `audio.part` first (resumed by the next run after
//! a cut connection) and is renamed into place only when whole.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::library::scan::EpisodeEntry;
use crate::net::download::{DownloadRequest, OnProgress};
use crate::net::{Fetcher, NetConfig, TIMEOUT_VAR};

use super::source::{AudioSource, check_source, local_audio};

/// The largest episode accepted: 2 GB is hours of video; no podcast episode is bigger.
pub const MAX_AUDIO_BYTES: u64 = 2_000_000_000;
/// A download may take long on a slow line; without `PODGLOSS_HTTP_TIMEOUT_MS` it gets an hour.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(3600);
/// The name of the unfinished download in the episode folder.
pub const PART_NAME: &str = "audio.part";

/// What a fetch did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    /// The file was downloaded (and how many bytes came from an earlier attempt).
    Downloaded {
        path: PathBuf,
        bytes: u64,
        resumed_from: u64,
    },
    /// `audio.<ext>` was already there.
    AlreadyThere(PathBuf),
}

/// Limits for [`fetch_audio`]; the defaults are the real ones, tests make them small.
#[derive(Debug, Clone)]
pub struct FetchLimits {
    pub max_bytes: u64,
    pub timeout: Duration,
}

impl Default for FetchLimits {
    fn default() -> Self {
        let timeout = if std::env::var_os(TIMEOUT_VAR).is_some() {
            NetConfig::from_env().timeout
        } else {
            DOWNLOAD_TIMEOUT
        };
        FetchLimits {
            max_bytes: std::env::var("PODGLOSS_AUDIO_MAX_BYTES")
                .ok()
                .and_then(|v| v.trim().parse().ok())
                .filter(|&n| n > 0)
                .unwrap_or(MAX_AUDIO_BYTES),
            timeout,
        }
    }
}

/// Downloads the episode's `[sources] audio` URL into its folder.
pub fn fetch_audio(
    library_root: &Path,
    entry: &EpisodeEntry,
    fetcher: &Fetcher,
    limits: &FetchLimits,
    progress: OnProgress<'_>,
) -> Result<FetchOutcome> {
    let Some(folder) = entry.folder.as_deref() else {
        return Err(Error::user(format!(
            "{}: a bare transcript file has no episode folder to keep audio in; import it first",
            entry.slug
        )));
    };
    if let Some(path) = local_audio(folder) {
        return Ok(FetchOutcome::AlreadyThere(path));
    }
    let Some(value) = &entry.meta.sources.audio else {
        return Err(Error::user(format!(
            "{}: no audio URL in episode.toml ([sources] audio) to fetch",
            entry.slug
        )));
    };
    let url = match check_source(library_root, Some(folder), value) {
        Ok(AudioSource::Url(url)) => url,
        Ok(AudioSource::File(path)) => return Ok(FetchOutcome::AlreadyThere(path)),
        Err(reason) => return Err(Error::user(reason)),
    };
    let part = folder.join(PART_NAME);
    let accept = |content_type: Option<&str>| accept_audio(content_type);
    let request = DownloadRequest {
        url: url.as_str(),
        part: &part,
        max_bytes: limits.max_bytes,
        timeout: limits.timeout,
        accept: &accept,
    };
    let downloaded = fetcher.download(&request, progress).map_err(|e| {
        let kept = std::fs::metadata(&part).map_or(0, |m| m.len());
        if kept > 0 {
            Error::user(format!(
                "{e} ({kept} bytes kept in {}; run `podgloss audio fetch {}` again to resume)",
                crate::error::shown(&part),
                entry.slug
            ))
        } else {
            Error::user(e.to_string())
        }
    })?;
    let extension = extension_for(&downloaded.url, downloaded.content_type.as_deref());
    let path = folder.join(format!("audio.{extension}"));
    std::fs::rename(&part, &path).map_err(|e| Error::io(&path, e))?;
    crate::fsutil::sync_dir(folder);
    Ok(FetchOutcome::Downloaded {
        path,
        bytes: downloaded.bytes,
        resumed_from: downloaded.resumed_from,
    })
}

/// Audio, video, and the generic binary types servers send audio as; nothing else (an HTML
/// error or login page is the usual non-audio answer).
pub fn accept_audio(content_type: Option<&str>) -> std::result::Result<(), String> {
    let Some(value) = content_type else {
        return Ok(());
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let ok = essence.starts_with("audio/")
        || essence.starts_with("video/")
        || matches!(
            essence.as_str(),
            "application/octet-stream"
                | "binary/octet-stream"
                | "application/ogg"
                | "application/mp4"
        );
    if ok {
        Ok(())
    } else {
        Err(format!(
            "the server sent {essence}, not audio; nothing saved (is the enclosure URL a web page?)"
        ))
    }
}

/// The file extension: the URL's when it is an audio one, else from the type, else `bin` (mpv
/// sniffs the content; naming an unknown type `mp3` would be a guess).
fn extension_for(url: &crate::net::Url, content_type: Option<&str>) -> String {
    let from_url = Path::new(url.path())
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| super::AUDIO_EXTENSIONS.contains(&e.as_str()));
    if let Some(ext) = from_url {
        return ext;
    }
    let essence = content_type
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "audio/mpeg" | "audio/mp3" => "mp3",
        "audio/mp4" | "audio/x-m4a" | "audio/aac" => "m4a",
        "audio/ogg" | "application/ogg" => "ogg",
        "audio/opus" => "opus",
        "audio/flac" | "audio/x-flac" => "flac",
        "audio/wav" | "audio/x-wav" | "audio/wave" => "wav",
        "video/mp4" | "application/mp4" => "mp4",
        "video/webm" | "audio/webm" => "webm",
        _ => "bin",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_audio_types_only() {
        for ok in [
            None,
            Some("audio/mpeg"),
            Some("Audio/MP4; charset=binary"),
            Some("video/mp4"),
            Some("application/octet-stream"),
        ] {
            assert!(accept_audio(ok).is_ok(), "{ok:?}");
        }
        let err = accept_audio(Some("text/html; charset=utf-8")).unwrap_err();
        assert!(err.contains("text/html, not audio"), "{err}");
    }

    #[test]
    fn extensions_from_url_then_type() {
        let url = crate::net::Url::parse("https://x.test/ep/1.MP3?x=1").unwrap();
        assert_eq!(extension_for(&url, Some("audio/ogg")), "mp3");
        let url = crate::net::Url::parse("https://x.test/stream").unwrap();
        assert_eq!(extension_for(&url, Some("audio/ogg")), "ogg");
        assert_eq!(extension_for(&url, None), "bin");
    }
}

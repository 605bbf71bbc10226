//! `podgloss import VIDEO-URL`: a video page's captions through yt-dlp ([`ytdlp`]). First the
//! page's `.info.json` (title, channel, date, duration, description, chapters, canonical URL,
//! the caption tracks on offer), then the one caption track chosen from it ([`info`]): written
//! subtitles in the wanted language, else the automatic captions of the speech. The captions
//! are kept exactly as yt-dlp wrote them (json3 or VTT) and read by the usual parsers, which
//! undo YouTube's rolling auto-caption lines.

pub mod info;
pub mod url;
pub mod ytdlp;

use std::path::PathBuf;

use info::VideoInfo;
use ytdlp::YtDlp;

use super::{ImportOptions, Imported, write, write_with_free_slug};
use crate::error::{Error, Result};
use crate::formats;
use crate::formats::text::sanitize_line;
use crate::library::Library;
use crate::library::meta::{EpisodeMeta, Sources};
use crate::model::time::format_time_long;

pub use url::{is_video_url, youtube_id};

/// Refuses an import that cannot run: offline, or a `--lang` that is not a language code.
fn check_options(options: &ImportOptions, shown: &str) -> Result<()> {
    if options.offline {
        return Err(Error::user(format!(
            "{shown}: not fetched: podgloss is offline (--offline or PODGLOSS_OFFLINE is set)"
        )));
    }
    if let Some(lang) = options.lang.as_deref() {
        if !info::is_language_code(lang) {
            return Err(Error::user(format!(
                "--lang {lang:?}: a language code is letters, digits and '-' (en, pt-BR, en-orig)"
            )));
        }
    }
    Ok(())
}

/// The `chapters.json` to write, if the video has chapters. yt-dlp finds chapters in the
/// description on most sites; where it did not, the description's own timestamp list is read
/// the way show notes are.
fn chapters_file(info: &VideoInfo) -> Option<Vec<u8>> {
    let chapters = if info.chapters.is_empty() {
        let lines = info.description.as_deref().unwrap_or_default().lines();
        super::web::chapter_list::read_chapter_list(lines)
    } else {
        info.chapters.clone()
    };
    (!chapters.is_empty()).then(|| super::web::page::chapters_json(&chapters))
}

/// Imports the video at `url` through yt-dlp.
pub fn import_video(library: &Library, url: &str, options: &ImportOptions) -> Result<Imported> {
    let shown = sanitize_line(url);
    let fail = |why: String| Error::user(format!("{shown}: {why}"));
    check_options(options, &shown)?;
    let work = tempfile::Builder::new()
        .prefix("podgloss-yt-dlp-")
        .tempdir()
        .map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let tool = YtDlp::from_env();
    let info_path = tool.write_info(url, work.path()).map_err(fail)?;
    let info_bytes = std::fs::read(&info_path).map_err(|e| Error::io(&info_path, e))?;
    let info = VideoInfo::parse(&String::from_utf8_lossy(&info_bytes))
        .map_err(|e| fail(format!("yt-dlp's video.info.json: {e}")))?;
    let track = info.choose_track(options.lang.as_deref()).map_err(fail)?;
    let captions_path = tool
        .write_captions(url, work.path(), &track.language, track.automatic)
        .map_err(fail)?;
    let bytes = std::fs::read(&captions_path).map_err(|e| Error::io(&captions_path, e))?;
    let transcript = formats::parse_bytes(&bytes).map_err(|e| {
        fail(format!(
            "the {} captions yt-dlp wrote: {e}",
            sanitize_line(&track.language)
        ))
    })?;
    let canonical = info.webpage_url.clone().unwrap_or_else(|| shown.clone());
    let title = options
        .title
        .clone()
        .or_else(|| info.title.clone())
        .unwrap_or_else(|| format!("Video {}", info.id.as_deref().unwrap_or("untitled")));
    let language = track
        .language
        .strip_suffix("-orig")
        .unwrap_or(&track.language);
    let meta = EpisodeMeta {
        title: Some(title.clone()),
        show: options.show.clone().or_else(|| info.channel.clone()),
        published: info.upload_date.as_deref().and_then(|d| d.parse().ok()),
        language: Some(language.to_string()),
        duration: info
            .duration_ms
            .or_else(|| transcript.timed.then(|| transcript.duration()))
            .map(format_time_long),
        description: info.description.clone(),
        sources: Sources {
            video: Some(canonical.clone()),
            transcript: Some(canonical.clone()),
            ..Sources::default()
        },
        ..EpisodeMeta::default()
    };
    let chapters = chapters_file(&info);
    let (slug, written) = write_with_free_slug(
        library,
        options,
        &title,
        &canonical,
        write::NewEpisode {
            slug: "",
            original: &bytes,
            extension: transcript.format.extension(),
            meta: &meta,
            chapters: chapters.as_deref(),
            durable: true,
        },
    )?;
    Ok(Imported::new(
        slug,
        title,
        &transcript,
        written,
        PathBuf::from(canonical),
    ))
}

//! `podgloss import` (SPEC §3.3): transcripts from files and folders become episode folders.
//! The original bytes are kept as `transcript.<ext>`; `episode.toml` is written from what is
//! known; re-importing the same source replaces the transcript and keeps everything else.

mod audio_beside;
mod content;
mod file_meta;
mod same_episode;
pub mod sources;
pub(crate) mod video;
pub mod web;
pub(crate) mod write;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result, in_file};
use crate::formats;
use crate::library::layout::{CHAPTERS_FILE, EPISODE_META_FILE};
use crate::library::meta::EpisodeMeta;
use crate::library::scan::title_from_file_name;
use crate::library::{Library, is_valid_slug, slugify};
use crate::model::time::format_time_long;
use crate::model::{Format, Transcript};
use crate::net::{Fetcher, NetConfig};
use crate::search::{IngestSink, WrittenEpisode};
use audio_beside::AudioBeside;

/// What the user asked for besides the sources.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub slug: Option<String>,
    pub title: Option<String>,
    pub show: Option<String>,
    /// Feeds: import the items whose title contains this (case-insensitive).
    pub episode: Option<String>,
    /// Feeds: import the N newest items (after `episode`, if given).
    pub latest: Option<usize>,
    /// Feeds: import every item.
    pub all: bool,
    /// Refuse every network access (also `PODGLOSS_OFFLINE=1`).
    pub offline: bool,
    /// Videos: the caption language wanted (default: the video's own, else `en`).
    pub lang: Option<String>,
    /// Read every URL through yt-dlp, not only the video URLs it is used for by itself.
    pub yt_dlp: bool,
    /// Download each imported episode's audio enclosure into its folder.
    pub audio: bool,
}

/// One episode written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub slug: String,
    pub title: String,
    pub format: Format,
    pub segments: usize,
    pub duration_ms: u64,
    /// True when an existing episode's transcript was replaced.
    pub replaced: bool,
    /// True when the source's chapters were not written because the episode's `chapters.json`
    /// was changed by someone else than podgloss (see `write::Written`).
    pub chapters_kept: bool,
    pub source: PathBuf,
}

impl Imported {
    pub fn new(
        slug: String,
        title: String,
        transcript: &Transcript,
        written: write::Written,
        source: PathBuf,
    ) -> Imported {
        Imported {
            slug,
            title,
            format: transcript.format,
            segments: transcript.segments.len(),
            duration_ms: transcript.duration(),
            replaced: written.replaced,
            chapters_kept: written.chapters_kept,
            source,
        }
    }
}

/// The outcome of one `import` run: what landed, what was skipped and why, what failed.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub imported: Vec<Imported>,
    pub skipped: Vec<(PathBuf, String)>,
    pub failed: Vec<Error>,
    /// Things the user should know that did not stop an episode (a fallback transcript, chapters
    /// that could not be read).
    pub warnings: Vec<String>,
    /// Feeds given without `--episode`, `--latest` or `--all`: what they offer.
    pub listings: Vec<web::FeedListing>,
}

/// Imports every source (files, folders and URLs). Failures are collected per file or feed
/// item; the others go on.
pub fn import_sources(
    library: &Library,
    sources: &[String],
    options: &ImportOptions,
) -> Result<ImportReport> {
    import_sources_with_progress(library, sources, options, &mut |_| {})
}

/// [`import_sources`], telling `progress` how a multi-episode feed import goes.
pub fn import_sources_with_progress(
    library: &Library,
    sources: &[String],
    options: &ImportOptions,
    progress: &mut dyn FnMut(web::Progress<'_>),
) -> Result<ImportReport> {
    import_sources_indexing(library, sources, options, progress, None)
}

/// [`import_sources_with_progress`], handing each episode folder created from a file to
/// `index` with the transcript parsed while importing it, so it is not parsed again to be
/// indexed (see [`crate::search::SearchIndex::ingesting`]).
pub fn import_sources_indexing(
    library: &Library,
    sources: &[String],
    options: &ImportOptions,
    progress: &mut dyn FnMut(web::Progress<'_>),
    index: Option<&IngestSink<'_>>,
) -> Result<ImportReport> {
    write::clean_stale_staging_once(&library.transcripts_dir());
    let mut report = ImportReport::default();
    let (files, urls) = split_sources(sources, &mut report);
    let (files, same_episode) = same_episode::keep_richest(files);
    report.skipped.extend(same_episode);
    let naming_one = options.slug.is_some() || options.title.is_some();
    if naming_one && files.len() + urls.len() > 1 {
        return Err(Error::user(
            "--slug and --title name one episode: import one file at a time with them",
        ));
    }
    if !urls.is_empty() {
        let mut config = NetConfig::from_env();
        config.offline |= options.offline;
        let video_options = with_offline(options, config.offline);
        let fetcher = Fetcher::new(config);
        for url in urls {
            if options.yt_dlp || video::is_video_url(url) {
                match video::import_video(library, url, &video_options) {
                    Ok(imported) => report.imported.push(imported),
                    Err(e) => report.failed.push(e),
                }
                continue;
            }
            web::import_url(library, &fetcher, url, options, &mut report, progress);
        }
    }
    for (i, result) in import_files(library, &files, options, index) {
        match result {
            Ok(Some(imported)) => report.imported.push(imported),
            Ok(None) => report.skipped.push((
                files[i].0.clone(),
                "no timestamps found; import the file by name to read it as plain text".into(),
            )),
            Err(e) => report.failed.push(e),
        }
    }
    // Folder imports skip the per-file flush (see `write::NewEpisode::durable`); one flush of
    // the folder's entries at the end makes the renames stick.
    crate::fsutil::sync_dir(&library.transcripts_dir());
    Ok(report)
}

/// The sources split into files (each with the source it was found under) and URLs. Files that
/// are not regular files are skipped, folders that cannot be read are failures.
fn split_sources<'a>(
    sources: &'a [String],
    report: &mut ImportReport,
) -> (Vec<(PathBuf, String)>, Vec<&'a str>) {
    let mut files = Vec::new();
    let mut urls = Vec::new();
    for source in sources {
        if source.contains("://") {
            urls.push(source.as_str());
            continue;
        }
        match sources::collect(Path::new(source)) {
            Ok(found) => {
                for file in found {
                    // Reading a FIFO would block the import forever; a device may never end.
                    if crate::fsutil::is_regular(&file) {
                        files.push((file, source.clone()));
                    } else {
                        report
                            .skipped
                            .push((file, crate::fsutil::NOT_REGULAR.to_string()));
                    }
                }
            }
            Err(e) => report.failed.push(e),
        }
    }
    (files, urls)
}

/// Imports the files on every core; the results come back in the files' order.
fn import_files(
    library: &Library,
    files: &[(PathBuf, String)],
    options: &ImportOptions,
    index: Option<&IngestSink<'_>>,
) -> Vec<(usize, Result<Option<Imported>>)> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let audio = AudioBeside::default();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((file, given_as)) = files.get(i) else {
                break;
            };
            let from_folder = Path::new(given_as) != file;
            let imported = import_file_indexing(library, file, options, from_folder, &audio, index);
            done.push((i, imported));
        }
        done
    };
    // One file is imported on this thread: a thread that allocates gets its own malloc arena,
    // which keeps what it freed for itself, and the sync after the import parses the file
    // again on this thread (a 16 MB word-level JSON peaked at 74 MiB with a worker, 61 MiB
    // without, when this was measured).
    let mut results: Vec<(usize, Result<Option<Imported>>)> = if workers <= 1 {
        work()
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers).map(|_| scope.spawn(work)).collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    };
    results.sort_by_key(|(i, _)| *i);
    results
}

/// The options with the offline switch resolved from the environment too.
fn with_offline(options: &ImportOptions, offline: bool) -> ImportOptions {
    ImportOptions {
        offline,
        ..options.clone()
    }
}

/// The title: `--title`, else the front matter's, else the transcript's own, else one made
/// from the file name.
fn episode_title(
    options: &ImportOptions,
    front: Option<&formats::timestamped::front_matter::TranscriptFrontMatter>,
    transcript: &Transcript,
    file: &Path,
) -> String {
    options
        .title
        .as_deref()
        .map(crate::formats::text::sanitize_line)
        .filter(|t| !t.is_empty())
        .or_else(|| front.and_then(file_meta::front_matter_title))
        .or_else(|| transcript.title.clone())
        .unwrap_or_else(|| {
            title_from_file_name(&file.file_stem().unwrap_or_default().to_string_lossy())
        })
}

/// Imports one file. Returns `None` when the file was found by walking a folder and holds
/// only untimed text (a README, a licence), which a folder import skips.
pub fn import_file(
    library: &Library,
    file: &Path,
    options: &ImportOptions,
    from_folder: bool,
) -> Result<Option<Imported>> {
    let audio = AudioBeside::default();
    import_file_indexing(library, file, options, from_folder, &audio, None)
}

/// [`import_file`], handing a newly created episode folder to `index`.
fn import_file_indexing(
    library: &Library,
    file: &Path,
    options: &ImportOptions,
    from_folder: bool,
    audio: &AudioBeside,
    index: Option<&IngestSink<'_>>,
) -> Result<Option<Imported>> {
    let bytes = crate::fsutil::read_regular(file).map_err(|e| Error::io(file, e))?;
    // Newsletter text (a chapter list, time headings, names alone on a line) is kept rewritten
    // into timestamped text, which reads back the same on every load, and its chapters.
    // Only plain text can be a newsletter: a subtitle or JSON file is not copied line by line
    // to find out (that copy tripled the memory a 10 MB WebVTT import took).
    let decoded = formats::text::decode(&bytes);
    let may_be_newsletter = matches!(
        formats::detect::detect(&decoded),
        Format::PlainText | Format::TimestampedText | Format::Markdown
    );
    let normalized = may_be_newsletter
        .then(|| web::newsletter::normalize(&decoded))
        .flatten();
    drop(decoded);
    let (bytes, chapters) = match normalized {
        Some(n) if n.chapters.is_empty() => (n.text.into_bytes(), Vec::new()),
        Some(n) => (n.text.into_bytes(), web::page::chapters_json(&n.chapters)),
        None => (bytes, Vec::new()),
    };
    let transcript = formats::parse_bytes(&bytes).map_err(|e| in_file(file, e))?;
    if from_folder && transcript.format == Format::PlainText {
        return Ok(None);
    }
    let text = formats::text::decode(&bytes);
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    if let Some(why) = content::not_a_transcript(&name, &text, &transcript) {
        return Err(Error::user(why));
    }
    let front = formats::timestamped::front_matter::read_front_matter(&text);
    let source = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let title = episode_title(options, front.as_ref(), &transcript, file);
    let source_text = source.to_string_lossy().into_owned();
    // Choosing a free slug and taking it must not interleave with another import thread.
    static CLAIM: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _claim = CLAIM
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let sibling = audio.of(file);
    let mut meta = EpisodeMeta {
        title: Some(title.clone()),
        show: options.show.clone(),
        duration: transcript
            .timed
            .then(|| format_time_long(transcript.duration())),
        sources: crate::library::meta::Sources {
            transcript: Some(source_text.clone()),
            audio: sibling.as_ref().map(|(_, name)| name.clone()),
            ..Default::default()
        },
        ..Default::default()
    };
    if let Some(front) = &front {
        file_meta::apply_front_matter(&mut meta, front, &transcript);
    }
    let extension = transcript.format.extension();
    let chapters = (!chapters.is_empty() && transcript.timed).then_some(chapters.as_slice());
    let episode = write::NewEpisode {
        slug: "",
        original: &bytes,
        extension,
        meta: &meta,
        chapters,
        durable: !from_folder,
    };
    let (slug, written) = write_with_free_slug(library, options, &title, &source_text, episode)?;
    if let Some((audio, name)) = &sibling {
        link_audio(&library.transcripts_dir().join(&slug), audio, name)?;
    }
    drop(_claim);
    let replaced = written.replaced;
    let imported = Imported::new(slug, title, &transcript, written, source);
    if let Some(index) = index.filter(|_| !replaced) {
        // Exactly the files `write_episode` put in the new folder, with the same bytes.
        let meta_toml = meta.to_toml();
        let mut files = vec![(format!("transcript.{extension}"), bytes.as_slice())];
        files.push((EPISODE_META_FILE.to_string(), meta_toml.as_bytes()));
        if let Some(chapters) = chapters {
            files.push((CHAPTERS_FILE.to_string(), chapters));
        }
        index.written(WrittenEpisode {
            slug: &imported.slug,
            files: files.iter().map(|(n, b)| (n.as_str(), *b)).collect(),
            transcript,
        });
    }
    Ok(Some(imported))
}

/// Writes the episode under a free slug (its `slug` field is ignored). Another podgloss process
/// may take the same slug between the choice and the rename; the rename then fails because the
/// folder exists, and the choice is made again (it now sees that folder). A thread lock cannot
/// see other processes. File, web and video imports all write through here.
pub(crate) fn write_with_free_slug(
    library: &Library,
    options: &ImportOptions,
    title: &str,
    source: &str,
    episode: write::NewEpisode<'_>,
) -> Result<(String, write::Written)> {
    let mut attempts = 0;
    loop {
        let slug = choose_slug(library, options.slug.as_deref(), title, source)?;
        let written = write::write_episode(
            library,
            &write::NewEpisode {
                slug: &slug,
                ..episode
            },
        );
        match written {
            Err(e) if write::is_slug_taken(&e) && attempts < 100 => attempts += 1,
            other => return Ok((slug, other?)),
        }
    }
}

/// Puts the audio into the episode folder, where the library's rule (files inside the library
/// only) lets it play: a hard link costs no space; across filesystems it is copied. An audio file
/// already there is kept.
fn link_audio(folder: &Path, audio: &Path, name: &str) -> Result<()> {
    if crate::audio::source::local_audio(folder).is_some() {
        return Ok(());
    }
    let target = folder.join(name);
    if std::fs::hard_link(audio, &target).is_err() {
        let staging = folder.join(crate::audio::fetch::PART_NAME);
        std::fs::copy(audio, &staging).map_err(|e| Error::io(&staging, e))?;
        std::fs::rename(&staging, &target).map_err(|e| Error::io(&target, e))?;
    }
    Ok(())
}

/// The slug to write to: the one given, or one derived from the title. A derived slug that
/// names an episode imported from another source gets a `-2`, `-3`... suffix, so importing two
/// different files never overwrites one with the other.
pub(crate) fn choose_slug(
    library: &Library,
    given: Option<&str>,
    title: &str,
    source: &str,
) -> Result<String> {
    if let Some(slug) = given {
        if !is_valid_slug(slug) {
            return Err(Error::user(format!(
                "--slug {slug:?}: a slug is lowercase letters, digits and '-' (try `{}`)",
                slugify(slug)
            )));
        }
        return Ok(slug.to_string());
    }
    let base = slugify(title);
    for n in 1.. {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let folder = library.transcripts_dir().join(&candidate);
        let meta_path = folder.join("episode.toml");
        if !folder.exists() {
            return Ok(candidate);
        }
        let same_source = EpisodeMeta::load(&meta_path)
            .ok()
            .and_then(|m| m.sources.transcript)
            .is_some_and(|s| s == source);
        if same_source {
            return Ok(candidate);
        }
    }
    unreachable!("the loop above returns")
}

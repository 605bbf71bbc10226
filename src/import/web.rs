//! `podgloss import URL` (SPEC §3.3): a transcript file, a podcast RSS or Atom feed, or a web page
//! carrying a transcript, each recognised by what the server sends, not by what it says it is.
//!
//! Fetching goes through [`crate::net`], the only code that touches the network; everything
//! here decides what the bytes are ([`document`], [`feed`], [`atom`], [`page`], [`newsletter`],
//! [`chapter_list`]), which feed items to take ([`select`]), and writes each episode atomically
//! with what the source told about it (title, show, date, duration, audio and page URLs). A
//! failure is reported per item and the others go on. Names from the network become slugs
//! through `slugify`, never paths.

pub mod atom;
pub mod chapter_list;
pub mod document;
pub mod feed;
pub mod newsletter;
pub mod page;
pub mod select;

use std::path::PathBuf;

use document::{Document, Found, read_document};
use feed::{Feed, FeedItem, FeedKind, feed_kind, parse_feed};
use select::{Chosen, Selection, choose, newest_first};

use super::{ImportOptions, ImportReport, Imported, write, write_with_free_slug};
use crate::error::{Error, Result};
use crate::formats::chapters_json::parse_chapters_json;
use crate::formats::text::sanitize_line;
use crate::library::Library;
use crate::library::meta::{EpisodeMeta, Sources};
use crate::library::scan::title_from_file_name;
use crate::model::time::format_time_long;
use crate::net::{Fetcher, Url};

/// A feed imported without `--episode`, `--latest` or `--all`: what it offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedListing {
    pub url: String,
    pub show: Option<String>,
    /// Newest first.
    pub items: Vec<ListedItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedItem {
    pub title: String,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The declared transcript types, best first (`json`, `vtt`, ...); empty when none.
    pub transcripts: Vec<&'static str>,
    pub chapters: bool,
}

/// What a multi-episode import reports as it goes, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress<'a> {
    /// `total` episodes of the feed `feed` are about to be fetched.
    Started {
        total: usize,
        feed: &'a str,
    },
    /// Episode `index` (from 0) is being fetched; `index` of them are done.
    Item {
        index: usize,
        title: &'a str,
    },
    Finished,
}

/// Imports what `url` points at into the library, adding to `report`.
pub fn import_url(
    library: &Library,
    fetcher: &Fetcher,
    url: &str,
    options: &ImportOptions,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(Progress<'_>),
) {
    let web = Web {
        library,
        fetcher,
        options,
    };
    let shown = sanitize_line(url);
    let fetched = match fetcher.get(url) {
        Ok(fetched) => fetched,
        Err(e) => return report.failed.push(Error::user(e.to_string())),
    };
    match feed_kind(&fetched.bytes) {
        FeedKind::Rss => match parse_feed(&fetched.bytes) {
            Ok(feed) => web.import_feed(&shown, &feed, report, progress),
            Err(e) => report.failed.push(Error::user(format!("{shown}: {e}"))),
        },
        FeedKind::Atom => match atom::parse_atom(&fetched.bytes) {
            Ok(feed) => web.import_feed(&shown, &feed, report, progress),
            Err(e) => report.failed.push(Error::user(format!("{shown}: {e}"))),
        },
        FeedKind::NotAFeed => {
            match web.import_document(url, &fetched.url, &fetched.bytes, report) {
                Ok(imported) => report.imported.push(imported),
                Err(e) => report.failed.push(e),
            }
        }
    }
}

/// One item of a feed already fetched and read (for `feeds update`): its transcript and
/// chapters are fetched and the episode written; warnings go to `report`.
pub fn import_feed_item(
    library: &Library,
    fetcher: &Fetcher,
    feed: &Feed,
    item: &FeedItem,
    report: &mut ImportReport,
) -> Result<Imported> {
    let options = ImportOptions::default();
    let web = Web {
        library,
        fetcher,
        options: &options,
    };
    web.import_item(feed, item, report)
}

struct Web<'a> {
    library: &'a Library,
    fetcher: &'a Fetcher,
    options: &'a ImportOptions,
}

/// What a feed or page says about an episode, besides its transcript.
#[derive(Default)]
struct Known {
    title: Option<String>,
    show: Option<String>,
    published: Option<toml::value::Datetime>,
    duration: Option<String>,
    language: Option<String>,
    sources: Sources,
    episode: Option<u32>,
    season: Option<u32>,
    people: Vec<String>,
}

impl Web<'_> {
    /// A transcript file or a page, fetched from `url` (which ended up at `final_url`).
    fn import_document(
        &self,
        url: &str,
        final_url: &Url,
        bytes: &[u8],
        report: &mut ImportReport,
    ) -> Result<Imported> {
        let shown = sanitize_line(url);
        let found = match read_document(bytes, false) {
            Ok(Document::Transcript(found)) => found,
            Ok(Document::Chapters) => {
                return Err(Error::user(format!(
                    "{shown}: a chapters file, not a transcript; import the feed or page it \
                     belongs to"
                )));
            }
            Err(e) => return Err(Error::user(format!("{shown}: {e}"))),
        };
        if !found.transcript.timed {
            report.warnings.push(format!(
                "{shown}: no timestamps found; imported as plain text (readable and searchable, \
                 notes anchor by quote only)"
            ));
        }
        let page = found.page.as_ref();
        let known = Known {
            title: found
                .transcript
                .title
                .clone()
                .or_else(|| Some(title_from_url(final_url))),
            show: page.and_then(|p| p.site.clone()),
            published: page
                .and_then(|p| p.published.as_deref())
                .and_then(|d| d.parse().ok()),
            sources: Sources {
                web: page.is_some().then(|| shown.clone()),
                transcript: Some(shown.clone()),
                ..Sources::default()
            },
            ..Known::default()
        };
        self.write(&shown, found, known, None)
    }

    fn import_feed(
        &self,
        url: &str,
        feed: &Feed,
        report: &mut ImportReport,
        progress: &mut dyn FnMut(Progress<'_>),
    ) {
        let selection = Selection {
            episode: self.options.episode.as_deref(),
            latest: self.options.latest,
            all: self.options.all,
        };
        let items = match choose(&feed.items, selection) {
            Chosen::List => return report.listings.push(listing(url, feed)),
            Chosen::NoMatch => {
                return report.failed.push(Error::user(format!(
                    "{url}: no episode title contains {:?} ({} episodes in the feed; import it \
                     without --episode to list them)",
                    self.options.episode.as_deref().unwrap_or_default(),
                    feed.items.len()
                )));
            }
            Chosen::Items(items) => items,
        };
        if items.is_empty() {
            return report
                .failed
                .push(Error::user(format!("{url}: the feed has no episodes")));
        }
        let naming_one = self.options.slug.is_some() || self.options.title.is_some();
        if naming_one && items.len() > 1 {
            return report.failed.push(Error::user(format!(
                "{url}: --slug and --title name one episode, and {} were chosen; choose one with \
                 --episode or --latest 1",
                items.len()
            )));
        }
        let show = feed.title.as_deref().unwrap_or(url);
        let many = items.len() > 1;
        if many {
            progress(Progress::Started {
                total: items.len(),
                feed: show,
            });
        }
        for (index, item) in items.into_iter().enumerate() {
            if many {
                progress(Progress::Item {
                    index,
                    title: &item.title,
                });
            }
            if item.transcripts.is_empty() {
                report.skipped.push((
                    PathBuf::from(&item.title),
                    "the feed declares no <podcast:transcript> for it".to_string(),
                ));
                continue;
            }
            match self.import_item(feed, item, report) {
                Ok(imported) => report.imported.push(imported),
                Err(e) => report.failed.push(e),
            }
        }
        if many {
            progress(Progress::Finished);
        }
    }

    /// One feed item: its transcripts are tried best first until one reads; its chapters are
    /// fetched too, and a bad chapters file costs only the chapters.
    fn import_item(
        &self,
        feed: &Feed,
        item: &FeedItem,
        report: &mut ImportReport,
    ) -> Result<Imported> {
        let mut tried = Vec::new();
        let mut chosen = None;
        for link in &item.transcripts {
            let shown = sanitize_line(&link.url);
            let result = self
                .fetcher
                .get(&link.url)
                .map_err(|e| e.to_string())
                .and_then(|fetched| {
                    read_document(&fetched.bytes, true).map_err(|e| format!("{shown}: {e}"))
                });
            match result {
                Ok(Document::Transcript(found)) => {
                    chosen = Some((shown, found));
                    break;
                }
                Ok(Document::Chapters) => {
                    tried.push(format!("{shown}: a chapters file, not a transcript"))
                }
                Err(e) => tried.push(e),
            }
        }
        let Some((transcript_url, found)) = chosen else {
            return Err(Error::user(format!(
                "{}: no transcript could be imported: {}",
                item.title,
                tried.join("; ")
            )));
        };
        for failure in &tried {
            report.warnings.push(format!(
                "{}: {failure}; used {transcript_url} instead",
                item.title
            ));
        }
        let chapters = item
            .chapters
            .as_deref()
            .and_then(|url| self.fetch_chapters(&item.title, url, report));
        let known = Known {
            title: Some(item.title.clone()),
            show: feed.title.clone(),
            published: item.published.and_then(|d| d.to_toml()),
            duration: item.duration.clone(),
            language: feed.language.clone(),
            sources: Sources {
                web: item.link.clone(),
                audio: item.enclosure.clone(),
                transcript: Some(transcript_url.clone()),
                ..Sources::default()
            },
            episode: item.episode,
            season: item.season,
            people: item.people.clone(),
        };
        self.write(&transcript_url, found, known, chapters)
    }

    fn fetch_chapters(&self, title: &str, url: &str, report: &mut ImportReport) -> Option<Vec<u8>> {
        let shown = sanitize_line(url);
        let checked = self
            .fetcher
            .get(url)
            .map_err(|e| e.to_string())
            .and_then(|fetched| {
                let text = crate::formats::text::decode(&fetched.bytes);
                parse_chapters_json(&text)
                    .map(|_| fetched.bytes.clone())
                    .map_err(|e| format!("{shown}: {e}"))
            });
        match checked {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                report
                    .warnings
                    .push(format!("{title}: chapters not imported: {e}"));
                None
            }
        }
    }

    fn write(
        &self,
        source: &str,
        found: Found,
        known: Known,
        chapters: Option<Vec<u8>>,
    ) -> Result<Imported> {
        let transcript = &found.transcript;
        let title = self
            .options
            .title
            .clone()
            .or(known.title)
            .unwrap_or_else(|| "Untitled episode".to_string());
        let transcript_source = known
            .sources
            .transcript
            .clone()
            .unwrap_or_else(|| source.to_string());
        let page_chapters = found
            .page
            .as_ref()
            .filter(|p| !p.chapters.is_empty())
            .map(|p| page::chapters_json(&p.chapters));
        let chapters = chapters.or(page_chapters);
        let meta = EpisodeMeta {
            title: Some(title.clone()),
            show: self.options.show.clone().or(known.show),
            published: known.published,
            language: known.language,
            duration: known.duration.or_else(|| {
                transcript
                    .timed
                    .then(|| format_time_long(transcript.duration()))
            }),
            sources: known.sources,
            episode: known.episode,
            season: known.season,
            people: known.people,
            ..EpisodeMeta::default()
        };
        let (slug, written) = write_with_free_slug(
            self.library,
            self.options,
            &title,
            &transcript_source,
            write::NewEpisode {
                durable: true,
                slug: "",
                original: &found.original,
                extension: transcript.format.extension(),
                meta: &meta,
                chapters: chapters.as_deref(),
            },
        )?;
        Ok(Imported::new(
            slug,
            title,
            transcript,
            written,
            PathBuf::from(source),
        ))
    }
}

fn listing(url: &str, feed: &Feed) -> FeedListing {
    FeedListing {
        url: url.to_string(),
        show: feed.title.clone(),
        items: newest_first(&feed.items)
            .into_iter()
            .map(|item| ListedItem {
                title: item.title.clone(),
                published: item.published.map(|d| d.date()),
                transcripts: item.transcripts.iter().map(|t| t.kind.name()).collect(),
                chapters: item.chapters.is_some(),
            })
            .collect(),
    }
}

/// A title from the URL's last path segment (`/t/Residual_Streams.vtt` → "Residual Streams"),
/// for transcript files that carry none.
fn title_from_url(url: &Url) -> String {
    let segment = url
        .path_segments()
        .and_then(|mut segments| segments.next_back())
        .unwrap_or_default();
    let decoded = percent_decode(segment);
    let stem = decoded
        .rsplit_once('.')
        .map_or(decoded.as_str(), |(stem, _)| stem);
    if stem.trim().is_empty() {
        return url.host_str().unwrap_or("Untitled episode").to_string();
    }
    sanitize_line(&title_from_file_name(stem))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_urls() {
        let cases = [
            (
                "https://example.com/t/Residual_Streams.vtt",
                "Residual Streams",
            ),
            (
                "https://example.com/t/episode%2012%20notes.srt?x=1",
                "Episode 12 notes",
            ),
            ("https://example.com/", "example.com"),
            ("https://example.com/t/%", "%"),
        ];
        for (url, want) in cases {
            let url = Url::parse(url).unwrap();
            assert_eq!(title_from_url(&url), want, "{url}");
        }
    }
}

//! `feeds update`: every followed feed is fetched with a conditional GET (a 304 costs neither a
//! download nor a parse); the items not seen before are imported when they carry a transcript
//! and listed when they do not. A feed that fails is reported and the others go on. The first
//! look at a feed records its back catalogue as seen rather than importing it all, as podcast
//! apps do; `podgloss import URL --all` takes the back catalogue.
//!
//! Each feed's new state is written to `feeds.toml` as soon as the feed is done (re-reading the
//! file first, so a feed added or removed meanwhile is kept as the user left it).

use crate::error::Result;
use crate::formats::text::sanitize_line;
use crate::import::web::atom::parse_atom;
use crate::import::web::feed::{Feed, FeedItem, FeedKind, feed_kind, parse_feed};
use crate::import::web::import_feed_item;
use crate::import::{ImportReport, Imported};
use crate::library::Library;
use crate::net::{Conditional, Fetcher};

use super::store::{FeedsFile, FollowedFeed, now_utc};

/// What became of one feed.
#[derive(Debug)]
pub struct FeedReport {
    pub url: String,
    pub name: String,
    pub outcome: FeedOutcome,
}

#[derive(Debug)]
pub enum FeedOutcome {
    /// The server said 304.
    Unchanged,
    /// Read for the first time: its episodes are recorded as seen, none imported.
    FirstLook {
        episodes: usize,
        with_transcript: usize,
    },
    /// Read: the new episodes, imported or listed.
    Read {
        imported: Vec<Imported>,
        /// Titles of new episodes the feed gives no transcript for.
        without_transcript: Vec<String>,
        /// New episodes whose transcript could not be imported (tried again next time).
        failed: Vec<String>,
    },
    /// The feed could not be fetched or read.
    Failed(String),
}

/// What one `feeds update` did.
#[derive(Debug, Default)]
pub struct UpdateSummary {
    pub feeds: Vec<FeedReport>,
    /// Things worth knowing that did not stop an episode (a fallback transcript, bad chapters).
    pub warnings: Vec<String>,
}

impl UpdateSummary {
    /// Every episode imported, across feeds.
    pub fn imported(&self) -> impl Iterator<Item = &Imported> {
        self.feeds.iter().flat_map(|f| match &f.outcome {
            FeedOutcome::Read { imported, .. } => imported.as_slice(),
            _ => &[],
        })
    }

    pub fn failed_feeds(&self) -> usize {
        self.feeds
            .iter()
            .filter(|f| matches!(f.outcome, FeedOutcome::Failed(_)))
            .count()
    }

    /// `3 feeds: 1 unchanged, 1 read, 1 failed; 2 episodes imported, 1 without a transcript`.
    pub fn line(&self) -> String {
        let count =
            |pick: fn(&FeedOutcome) -> bool| self.feeds.iter().filter(|f| pick(&f.outcome)).count();
        let unchanged = count(|o| matches!(o, FeedOutcome::Unchanged));
        let read = count(|o| matches!(o, FeedOutcome::Read { .. } | FeedOutcome::FirstLook { .. }));
        let without: usize = self
            .feeds
            .iter()
            .map(|f| match &f.outcome {
                FeedOutcome::Read {
                    without_transcript, ..
                } => without_transcript.len(),
                _ => 0,
            })
            .sum();
        format!(
            "{} {}: {unchanged} unchanged, {read} read, {} failed; {} {} imported, {without} \
             without a transcript",
            self.feeds.len(),
            plural(self.feeds.len(), "feed", "feeds"),
            self.failed_feeds(),
            self.imported().count(),
            plural(self.imported().count(), "episode", "episodes"),
        )
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// How an update goes, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateProgress<'a> {
    Started { total: usize },
    Feed { index: usize, name: &'a str },
    Finished,
}

/// Updates every followed feed. Errors only when `feeds.toml` cannot be read or written;
/// everything else is reported per feed.
pub fn update(
    library: &Library,
    fetcher: &Fetcher,
    progress: &mut dyn FnMut(UpdateProgress<'_>),
) -> Result<UpdateSummary> {
    let followed = FeedsFile::load(library)?;
    let mut summary = UpdateSummary::default();
    progress(UpdateProgress::Started {
        total: followed.feeds.len(),
    });
    for (index, feed) in followed.feeds.iter().enumerate() {
        let name = feed.name();
        progress(UpdateProgress::Feed { index, name: &name });
        let mut state = feed.clone();
        let mut report = ImportReport::default();
        let outcome = check(library, fetcher, &mut state, &mut report);
        summary.warnings.extend(report.warnings);
        if !matches!(outcome, FeedOutcome::Failed(_)) {
            save_state(library, &state)?;
        }
        summary.feeds.push(FeedReport {
            url: sanitize_line(&feed.url),
            name: state.name(),
            outcome,
        });
    }
    progress(UpdateProgress::Finished);
    Ok(summary)
}

/// Fetches one feed (conditionally) and deals with what is new, updating `state`.
pub fn check(
    library: &Library,
    fetcher: &Fetcher,
    state: &mut FollowedFeed,
    report: &mut ImportReport,
) -> FeedOutcome {
    let fetched = match fetcher.get_if_changed(&state.url, &state.validators()) {
        Ok(Conditional::NotModified) => {
            state.checked = Some(now_utc());
            return FeedOutcome::Unchanged;
        }
        Ok(Conditional::Changed(fetched)) => fetched,
        Err(e) => return FeedOutcome::Failed(e.to_string()),
    };
    let shown = sanitize_line(&state.url);
    let feed = match read_feed(&fetched.bytes) {
        Ok(feed) => feed,
        Err(e) => return FeedOutcome::Failed(format!("{shown}: {e}")),
    };
    state.etag = fetched.validators.etag;
    state.last_modified = fetched.validators.last_modified;
    state.checked = Some(now_utc());
    if feed.title.is_some() {
        state.title = feed.title.clone();
    }
    let Some(seen) = state.seen.as_mut() else {
        state.seen = Some(feed.items.iter().map(item_key).collect());
        return FeedOutcome::FirstLook {
            episodes: feed.items.len(),
            with_transcript: feed
                .items
                .iter()
                .filter(|i| !i.transcripts.is_empty())
                .count(),
        };
    };
    let mut imported = Vec::new();
    let mut without_transcript = Vec::new();
    let mut failed = Vec::new();
    let new: Vec<&FeedItem> = feed
        .items
        .iter()
        .filter(|i| !seen.contains(&item_key(i)))
        .collect();
    for item in new {
        if item.transcripts.is_empty() {
            if !state.transcripts_only {
                without_transcript.push(item.title.clone());
            }
            seen.push(item_key(item));
            continue;
        }
        match import_feed_item(library, fetcher, &feed, item, report) {
            Ok(episode) => {
                imported.push(episode);
                seen.push(item_key(item));
            }
            Err(e) => failed.push(e.to_string()),
        }
    }
    FeedOutcome::Read {
        imported,
        without_transcript,
        failed,
    }
}

/// Reads a feed document.
pub fn read_feed(bytes: &[u8]) -> std::result::Result<Feed, String> {
    match feed_kind(bytes) {
        FeedKind::Rss => parse_feed(bytes),
        FeedKind::Atom => parse_atom(bytes),
        FeedKind::NotAFeed => Err("not a podcast feed (no <rss> or Atom <feed> document)".into()),
    }
}

/// What identifies an item across fetches: its guid, else its audio, page or title.
pub fn item_key(item: &FeedItem) -> String {
    item.guid
        .clone()
        .or_else(|| item.enclosure.clone())
        .or_else(|| item.link.clone())
        .unwrap_or_else(|| item.title.clone())
}

/// Writes one feed's new state into `feeds.toml` as it is now on disk.
fn save_state(library: &Library, state: &FollowedFeed) -> Result<()> {
    let (mut file, read) = FeedsFile::load_to_change(library)?;
    let Some(index) = file.position(&state.url) else {
        // Removed while it was being updated: the user's word stands.
        return Ok(());
    };
    let kept = &file.feeds[index];
    file.feeds[index] = FollowedFeed {
        url: kept.url.clone(),
        transcripts_only: kept.transcripts_only,
        ..state.clone()
    };
    file.save(library, read)
}

//! Following shows: the feeds in `feeds.toml` ([`store`]), checked for new episodes by
//! [`update::update`], and moved between podcast apps as OPML ([`opml`]). The CLI
//! (`podgloss feeds ...`) and, later, the TUI call the functions here.

pub mod opml;
pub mod store;
pub mod update;

use crate::error::{Error, Result};
use crate::formats::text::sanitize_line;
use crate::import::ImportReport;
use crate::library::Library;
use crate::net::Fetcher;

pub use store::{FeedsFile, FollowedFeed};
pub use update::{FeedOutcome, FeedReport, UpdateProgress, UpdateSummary, update};

/// Follows `url`: the feed is read once (so a URL that is not a feed is refused, and its title
/// is known), and its current episodes are recorded as seen.
pub fn add(
    library: &Library,
    fetcher: &Fetcher,
    url: &str,
    transcripts_only: bool,
) -> Result<FeedReport> {
    let url = url.trim();
    if !store::is_http_url(url) {
        return Err(Error::user(format!(
            "{}: a feed is an http or https URL",
            sanitize_line(url)
        )));
    }
    let file = FeedsFile::load(library)?;
    if let Some(index) = file.position(url) {
        return Err(Error::user(format!(
            "already following {} ({})",
            file.feeds[index].name(),
            sanitize_line(&file.feeds[index].url)
        )));
    }
    let mut feed = FollowedFeed {
        transcripts_only,
        ..FollowedFeed::new(url)
    };
    let outcome = update::check(library, fetcher, &mut feed, &mut ImportReport::default());
    if let FeedOutcome::Failed(why) = outcome {
        return Err(Error::user(format!("not followed: {why}")));
    }
    let report = FeedReport {
        url: sanitize_line(url),
        name: feed.name(),
        outcome,
    };
    // Re-read: the file may have changed while the feed was fetched.
    let (mut file, read) = FeedsFile::load_to_change(library)?;
    file.add(feed);
    file.save(library, read)?;
    Ok(report)
}

/// Stops following the feed whose URL (or exact title) is `which`; returns it.
pub fn remove(library: &Library, which: &str) -> Result<FollowedFeed> {
    let (mut file, read) = FeedsFile::load_to_change(library)?;
    let index = file
        .position(which)
        .or_else(|| {
            let by_title: Vec<usize> = (0..file.feeds.len())
                .filter(|&i| file.feeds[i].title.as_deref() == Some(which.trim()))
                .collect();
            (by_title.len() == 1).then(|| by_title[0])
        })
        .ok_or_else(|| {
            Error::user(format!(
                "not following {}; `podgloss feeds list` shows the feeds followed",
                sanitize_line(which)
            ))
        })?;
    let removed = file.feeds.remove(index);
    file.save(library, read)?;
    Ok(removed)
}

/// What an OPML import did.
#[derive(Debug, Default, PartialEq)]
pub struct OpmlImport {
    pub added: Vec<FollowedFeed>,
    pub already: usize,
}

/// Follows every feed of an OPML file not followed yet. Nothing is fetched: the next
/// `feeds update` takes its first look at each.
pub fn import_opml(library: &Library, bytes: &[u8]) -> Result<OpmlImport> {
    let subscriptions = opml::read_opml(bytes).map_err(Error::user)?;
    let (mut file, read) = FeedsFile::load_to_change(library)?;
    let mut outcome = OpmlImport::default();
    for subscription in subscriptions {
        let feed = FollowedFeed {
            title: subscription.title,
            ..FollowedFeed::new(&subscription.url)
        };
        if file.add(feed.clone()) {
            outcome.added.push(feed);
        } else {
            outcome.already += 1;
        }
    }
    if !outcome.added.is_empty() {
        file.save(library, read)?;
    }
    Ok(outcome)
}

/// The followed feeds as an OPML document.
pub fn export_opml(library: &Library) -> Result<String> {
    Ok(opml::write_opml(&FeedsFile::load(library)?.feeds))
}

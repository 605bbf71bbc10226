//! The Library's feeds update: [`crate::feeds::update`] on a thread of its own (a feed may take
//! a minute to answer, and the UI must not wait), its progress and summary reported as
//! messages for the status line.

use crate::feeds::{FeedOutcome, FeedsFile, UpdateProgress, UpdateSummary};
use crate::library::Library;
use crate::net::{Fetcher, NetConfig};

use super::command::{Message, Status};
use super::worker::Outbox;

/// Starts the update; a second thread waits for it, so a panic is reported rather than lost.
pub fn spawn_update(library: Library, outbox: Outbox) {
    let progress_outbox = outbox.clone();
    let work = std::thread::spawn(move || update(&library, &progress_outbox));
    std::thread::spawn(move || {
        let message = work.join().unwrap_or_else(|_| Message::FeedsUpdated {
            status: Status::error(
                "the feeds update stopped unexpectedly (a bug: please report it)",
            ),
            imported: 0,
        });
        outbox(message);
    });
}

/// Runs the update; returns the message that ends it.
pub fn update(library: &Library, outbox: &Outbox) -> Message {
    let followed = match FeedsFile::load(library) {
        Ok(file) => file.feeds.len(),
        Err(e) => return ended(Status::error(e.to_string()), 0),
    };
    if followed == 0 {
        return ended(
            Status::info("no feeds followed: `podgloss feeds add URL` follows a show"),
            0,
        );
    }
    let fetcher = Fetcher::new(NetConfig::from_env());
    let mut total = followed;
    let mut progress = |step: UpdateProgress<'_>| {
        let text = match step {
            UpdateProgress::Started { total: n } => {
                total = n;
                format!("updating {n} {}…", feeds_word(n))
            }
            UpdateProgress::Feed { index, name } => {
                format!("updating feeds: {}/{total} {name}…", index + 1)
            }
            UpdateProgress::Finished => return,
        };
        outbox(Message::FeedsProgress(text));
    };
    match crate::feeds::update(library, &fetcher, &mut progress) {
        Ok(summary) => {
            let imported = summary.imported().count();
            ended(summary_status(&summary), imported)
        }
        Err(e) => ended(Status::error(e.to_string()), 0),
    }
}

fn ended(status: Status, imported: usize) -> Message {
    Message::FeedsUpdated { status, imported }
}

fn feeds_word(n: usize) -> &'static str {
    if n == 1 { "feed" } else { "feeds" }
}

/// The summary line, with the first failure's reason when a feed failed.
fn summary_status(summary: &UpdateSummary) -> Status {
    let line = summary.line();
    let failure = summary.feeds.iter().find_map(|f| match &f.outcome {
        FeedOutcome::Failed(why) => Some(format!("{}: {why}", f.name)),
        FeedOutcome::Read { failed, .. } => failed.first().map(|why| format!("{}: {why}", f.name)),
        _ => None,
    });
    match failure {
        Some(why) => Status::error(format!(
            "{line} · {}",
            crate::formats::text::sanitize_line(&why)
        )),
        None if summary.imported().count() > 0 => {
            Status::info(format!("{line} · new episodes are marked new"))
        }
        None => Status::info(line),
    }
}

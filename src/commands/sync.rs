//! Bringing the index up to date before a command that reads it, telling the user what took
//! time or went wrong.

use std::cell::RefCell;
use std::io::Write;

use indicatif::{ProgressBar, ProgressStyle};

use super::Context;
use crate::error::{Error, Result};
use crate::search::{SearchIndex, SyncEvent, SyncOptions, SyncReport};

/// Opens the index, synced with the library; reports rebuilds, unreadable files and staleness
/// on standard error.
pub fn synced_index(ctx: &Context, rebuild: bool, err: &mut dyn Write) -> Result<SearchIndex> {
    synced_read(ctx, rebuild, err, |_| Ok(())).map(|(index, ())| index)
}

/// [`synced_index`] and `read`'s answer from it: on an unchanged library `read` runs while the
/// library is checked (see [`SearchIndex::open_and_read`]).
pub fn synced_read<T>(
    ctx: &Context,
    rebuild: bool,
    err: &mut dyn Write,
    read: impl Fn(&SearchIndex) -> Result<T>,
) -> Result<(SearchIndex, T)> {
    let bar = RefCell::new(None);
    let show = |event| show_progress(event, &bar);
    let options = SyncOptions {
        rebuild,
        progress: ctx
            .stderr_is_terminal
            .then_some(&show as &dyn Fn(SyncEvent)),
    };
    let (index, report, answer) = SearchIndex::open_and_read(&ctx.library, options, read)?;
    tell_sync_report(ctx, &report, rebuild, err)?;
    Ok((index, answer))
}

/// What a sync did that the user should know: a rebuild, files that could not be read, results
/// that may be stale.
pub fn tell_sync_report(
    ctx: &Context,
    report: &SyncReport,
    rebuild: bool,
    err: &mut dyn Write,
) -> Result<()> {
    let eio = |e| Error::io("<stderr>", e);
    if let Some(why) = &report.rebuilt {
        if report.repaired {
            writeln!(err, "podgloss: rebuilt the search index: {why}").map_err(eio)?;
        } else if report.indexed > 0 && (ctx.stderr_is_terminal || rebuild) {
            writeln!(err, "indexed {} files ({why})", report.indexed).map_err(eio)?;
        }
    }
    for problem in &report.problems {
        writeln!(err, "podgloss: {problem}").map_err(eio)?;
    }
    if report.read_only && report.stale {
        writeln!(
            err,
            "podgloss: the library's .podgloss folder is read-only; results may miss changes \
             made since the index was built"
        )
        .map_err(eio)?;
    } else if report.stale {
        writeln!(
            err,
            "podgloss: another podgloss is still indexing; results may miss its latest changes"
        )
        .map_err(eio)?;
    }
    Ok(())
}

/// A sync's progress on standard error (a terminal): a note while another podgloss holds the
/// index, and a bar while indexing.
fn show_progress(event: SyncEvent, bar: &RefCell<Option<ProgressBar>>) {
    match event {
        SyncEvent::Waiting => eprintln!("waiting for another podgloss to finish indexing..."),
        SyncEvent::Indexing { total } => *bar.borrow_mut() = Some(progress_bar(total)),
        SyncEvent::Indexed => {
            if let Some(bar) = bar.borrow().as_ref() {
                bar.inc(1);
            }
        }
        SyncEvent::Done => {
            if let Some(bar) = bar.borrow_mut().take() {
                bar.finish_and_clear();
            }
        }
    }
}

fn progress_bar(total: usize) -> ProgressBar {
    // A handful of files index in the blink of an eye; a bar would only flicker.
    if total < 20 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    bar.set_style(
        ProgressStyle::with_template("indexing {bar:30} {pos}/{len} files ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

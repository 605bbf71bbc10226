//! Bringing the index up to date before a command that reads it, telling the user what took
//! time or went wrong.

use std::io::Write;

use super::Context;
use crate::error::{Error, Result};
use crate::search::{SearchIndex, SyncOptions};

/// Opens the index, synced with the library; reports rebuilds, unreadable files and staleness
/// on standard error.
pub fn synced_index(ctx: &Context, rebuild: bool, err: &mut dyn Write) -> Result<SearchIndex> {
    let options = SyncOptions {
        rebuild,
        progress: ctx.stderr_is_terminal,
    };
    let (index, report) = SearchIndex::open(&ctx.library, options)?;
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
    Ok(index)
}

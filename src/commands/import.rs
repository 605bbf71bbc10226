//! `podgloss import SOURCE...`: prints one line per episode written, skipped or failed.

use std::io::Write;

use super::sync::synced_index;
use super::{Context, Outcome, Style};
use crate::error::{Error, Result, shown};
use crate::import::{ImportOptions, import_sources};
use crate::model::time::format_time_long;

pub fn run(
    ctx: &Context,
    sources: &[String],
    options: &ImportOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let report = import_sources(&ctx.library, sources, options)?;
    let style = Style::new(ctx.color);
    let io = |e| Error::io("<stdout>", e);
    for episode in &report.imported {
        let verb = if episode.replaced {
            "updated"
        } else {
            "imported"
        };
        writeln!(
            out,
            "{verb} {}  {} ({}, {} segments, {})",
            style.cyan(&episode.slug),
            episode.title,
            episode.format.name(),
            episode.segments,
            format_time_long(episode.duration_ms),
        )
        .map_err(io)?;
    }
    let eio = |e| Error::io("<stderr>", e);
    for (path, why) in &report.skipped {
        writeln!(err, "skipped {}: {why}", shown(path)).map_err(eio)?;
    }
    for failure in &report.failed {
        writeln!(err, "podgloss: {failure}").map_err(eio)?;
    }
    if report.imported.len() + report.failed.len() > 1 {
        writeln!(
            err,
            "{} imported, {} skipped, {} failed",
            report.imported.len(),
            report.skipped.len(),
            report.failed.len()
        )
        .map_err(eio)?;
    }
    if !report.imported.is_empty() {
        // New episodes are searchable as soon as import returns.
        synced_index(ctx, false, err)?;
    }
    Ok(if report.failed.is_empty() && !report.imported.is_empty() {
        Outcome::Found
    } else {
        Outcome::NothingFound
    })
}

//! `podgloss list [--json]`: the episodes of the library, from the summary the index keeps
//! (one sync check instead of reading every episode's files); from the files themselves when
//! the index may be behind them or cannot be opened.

use std::io::Write;

use serde::Serialize;

use super::sync::synced_read;
use super::{Context, Outcome, Style};
use crate::error::{Error, Result};
use crate::formats::text::json_safe;
use crate::library::Episode;
use crate::library::scan::EpisodeEntry;
use crate::model::time::{format_time_long, parse_time};
use crate::search::{EpisodeSummary, Listed};

#[derive(Debug, Serialize)]
struct Row {
    slug: String,
    title: String,
    show: Option<String>,
    published: Option<String>,
    duration: Option<String>,
    duration_ms: Option<u64>,
    has_notes: bool,
}

pub fn run(ctx: &Context, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let rows = match indexed_rows(ctx, err)? {
        Some(rows) => rows,
        None => {
            let scan = ctx.library.scan();
            for problem in &scan.problems {
                writeln!(err, "podgloss: {problem}").map_err(stderr_error)?;
            }
            scan.episodes.iter().map(row).collect()
        }
    };
    let style = Style::new(ctx.color);
    let io = |e| Error::io("<stdout>", e);
    if json {
        for row in &rows {
            let line = json_safe(serde_json::to_string(row).unwrap_or_default());
            writeln!(out, "{line}").map_err(io)?;
        }
    } else {
        let width = rows
            .iter()
            .map(|r| r.slug.chars().count())
            .max()
            .unwrap_or(0);
        // Built by hand into one string and written once: `format!` padding writes a character
        // at a time, and each write would have gone through the output's cleaning on its own
        // (together three quarters of the instructions of a `list` of 1,384 episodes).
        let mut text = String::with_capacity(rows.len() * (width + 64));
        for row in &rows {
            text.push_str(&style.cyan(&row.slug));
            pad(&mut text, width - row.slug.chars().count() + 2);
            let duration = row.duration.as_deref().unwrap_or("");
            pad(&mut text, 8usize.saturating_sub(duration.chars().count()));
            text.push_str(duration);
            text.push_str("  ");
            text.push_str(&row.title);
            if let Some(show) = &row.show {
                text.push_str(&style.dim(&format!("  ({show})")));
            }
            text.push('\n');
        }
        out.write_all(text.as_bytes()).map_err(io)?;
    }
    Ok(if rows.is_empty() {
        if !json {
            writeln!(
                err,
                "no episodes in {}: `podgloss import FILE` adds one",
                ctx.library.transcripts_dir().display()
            )
            .map_err(stderr_error)?;
        }
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}

fn pad(text: &mut String, spaces: usize) {
    text.extend(std::iter::repeat_n(' ', spaces));
}

/// The rows from the index's summary, `None` when the index cannot say (it cannot be opened,
/// or may be behind the files). Episodes the index could not read are read here, so their
/// problems are reported as a scan reports them.
fn indexed_rows(ctx: &Context, err: &mut dyn Write) -> Result<Option<Vec<Row>>> {
    // An index that cannot be opened (a library podgloss may not write in) is not an error
    // for a listing, which the files alone can answer.
    let Ok((_index, listing)) =
        synced_read(
            ctx,
            false,
            &mut std::io::sink(),
            |index| Ok(index.listing()),
        )
    else {
        return Ok(None);
    };
    let Some(listing) = listing else {
        return Ok(None);
    };
    let mut rows = Vec::with_capacity(listing.len());
    for listed in listing {
        match listed {
            Listed::Summary {
                slug,
                summary,
                has_notes,
            } => rows.push(summary_row(slug, summary, has_notes)),
            Listed::Unread { file, .. } => match ctx.library.entry_for_file(&file) {
                Ok(Some(entry)) => rows.push(row(&entry)),
                Ok(None) => {}
                Err(problem) => writeln!(err, "podgloss: {problem}").map_err(stderr_error)?,
            },
        }
    }
    Ok(Some(rows))
}

fn summary_row(slug: String, summary: EpisodeSummary, has_notes: bool) -> Row {
    Row {
        slug,
        title: summary.title,
        show: summary.show,
        published: summary.published,
        duration: summary.duration_ms.map(format_time_long),
        duration_ms: summary.duration_ms,
        has_notes,
    }
}

/// The listing row for one episode. The duration comes from `episode.toml` when import wrote it,
/// and from the transcript otherwise.
fn row(entry: &EpisodeEntry) -> Row {
    let duration_ms = entry
        .meta
        .duration
        .as_deref()
        .and_then(parse_time)
        .or_else(|| {
            Episode::load(entry)
                .ok()
                .filter(|e| e.transcript.timed)
                .map(|e| e.duration())
        });
    Row {
        slug: entry.slug.clone(),
        title: entry.title(),
        show: entry.meta.show.clone(),
        published: entry.meta.published.map(|d| d.to_string()),
        duration: duration_ms.map(format_time_long),
        duration_ms,
        has_notes: entry.notes_path().is_some_and(|p| p.is_file()),
    }
}

fn stderr_error(e: std::io::Error) -> Error {
    Error::io("<stderr>", e)
}

//! `podgloss import SOURCE...`: prints one line per episode written, skipped or failed, lists a
//! feed given without a choice of episodes, and shows a progress bar on a terminal while a
//! feed's episodes are fetched.

use std::io::Write;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::sync::{synced_index, tell_sync_report};
use super::{Context, Outcome, Style};
use crate::error::{Error, Result, shown};
use crate::formats::text::sanitize_line;
use crate::import::web::{FeedListing, Progress};
use crate::import::{ImportOptions, import_sources_indexing};
use crate::model::time::format_time_long;
use crate::search::{IngestReport, IngestSink, SearchIndex};

pub fn run(
    ctx: &Context,
    sources: &[String],
    options: &ImportOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let mut bar: Option<ProgressBar> = None;
    // The episodes are indexed as they are imported, from the import's own parse; the sync at
    // the end then only confirms them (and indexes whatever this could not take).
    // Only for folders: for a file or two, the ingest's own sync check, writer and manifest save
    // cost more than reading the new files again in the sync after the import.
    let folder_given = sources
        .iter()
        .any(|s| !s.contains("://") && std::path::Path::new(s).is_dir());
    let mut import = |index: Option<&IngestSink<'_>>| {
        let mut progress = |event: Progress<'_>| show_progress(&mut bar, event);
        import_sources_indexing(&ctx.library, sources, options, &mut progress, index)
    };
    let (report, ingest) = if folder_given {
        SearchIndex::ingesting(&ctx.library, import)
    } else {
        (import(None), IngestReport::default())
    };
    if let Some(before) = &ingest.before {
        tell_sync_report(ctx, before, false, err)?;
    }
    let report = report?;
    if let Some(bar) = bar.take() {
        bar.finish_and_clear();
    }
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
    for listing in &report.listings {
        print_listing(listing, out).map_err(io)?;
    }
    let eio = |e| Error::io("<stderr>", e);
    if !report.listings.is_empty() {
        writeln!(
            err,
            "podgloss: choose episodes with --episode TITLE, --latest N or --all"
        )
        .map_err(eio)?;
    }
    for warning in &report.warnings {
        writeln!(err, "podgloss: warning: {warning}").map_err(eio)?;
    }
    for episode in report.imported.iter().filter(|e| e.chapters_kept) {
        let path = ctx.library.transcripts_dir().join(&episode.slug);
        writeln!(
            err,
            "podgloss: warning: kept {} as it is: it changed since podgloss wrote it (the \
             source's chapters were not written; delete the file and import again to take them)",
            shown(&path.join("chapters.json"))
        )
        .map_err(eio)?;
    }
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
    let mut audio_failed = false;
    if options.audio {
        for episode in &report.imported {
            if let Err(e) = super::audio::fetch(ctx, &episode.slug, options.offline, out, err) {
                writeln!(err, "podgloss: {e}").map_err(eio)?;
                audio_failed = true;
            }
        }
    }
    if !report.imported.is_empty() {
        // New episodes are searchable as soon as import returns.
        synced_index(ctx, false, err)?;
    }
    Ok(Outcome::found_if(
        report.failed.is_empty() && !report.imported.is_empty() && !audio_failed,
    ))
}

/// One bar per feed, drawn on stderr only when it is a terminal (indicatif hides it otherwise).
fn show_progress(bar: &mut Option<ProgressBar>, event: Progress<'_>) {
    match event {
        Progress::Started { total, feed } => {
            let new =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            new.set_style(
                ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            // indicatif draws straight to the terminal, past the output filter: clean here.
            new.set_prefix(sanitize_line(feed).chars().take(30).collect::<String>());
            *bar = Some(new);
        }
        Progress::Item { index, title } => {
            if let Some(bar) = bar {
                bar.set_position(index as u64);
                bar.set_message(sanitize_line(title));
            }
        }
        Progress::Finished => {
            if let Some(bar) = bar.take() {
                bar.finish_and_clear();
            }
        }
    }
}

fn print_listing(listing: &FeedListing, out: &mut dyn Write) -> std::io::Result<()> {
    let show = listing.show.as_deref().unwrap_or("feed");
    writeln!(
        out,
        "{show}: {} episodes ({})",
        listing.items.len(),
        listing.url
    )?;
    for item in &listing.items {
        let date = item.published.as_deref().unwrap_or("          ");
        let offers = if item.transcripts.is_empty() {
            "no transcript".to_string()
        } else {
            let mut offers = format!("transcript: {}", item.transcripts.join(", "));
            if item.chapters {
                offers.push_str("; chapters");
            }
            offers
        };
        writeln!(out, "  {date}  {}  [{offers}]", item.title)?;
    }
    Ok(())
}

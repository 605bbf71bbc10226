//! `podgloss feeds add|list|remove|update|import|export`: following shows. The work is done in
//! [`crate::feeds`]; this prints it, with a progress bar on a terminal during `update`.

use std::io::Write;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

use super::sync::synced_index;
use super::{Context, Outcome, Style};
use crate::cli::FeedsAction;
use crate::error::{Error, Result, shown};
use crate::feeds::{self, FeedOutcome, FeedReport, FeedsFile, UpdateProgress};
use crate::model::time::format_time_long;
use crate::net::{Fetcher, NetConfig};

pub fn run(
    ctx: &Context,
    action: FeedsAction,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let io = |e| Error::io("<stdout>", e);
    match action {
        FeedsAction::Add {
            url,
            transcripts_only,
        } => {
            let fetcher = Fetcher::new(NetConfig::from_env());
            let report = feeds::add(&ctx.library, &fetcher, &url, transcripts_only)?;
            writeln!(out, "following {} ({})", report.name, report.url).map_err(io)?;
            print_outcome(&report, &Style::new(ctx.color), out).map_err(io)?;
            Ok(Outcome::Found)
        }
        FeedsAction::List { json } => list(ctx, json, out),
        FeedsAction::Remove { feed } => {
            let removed = feeds::remove(&ctx.library, &feed)?;
            writeln!(
                out,
                "stopped following {} ({}); its episodes stay in the library",
                removed.name(),
                removed.url
            )
            .map_err(io)?;
            Ok(Outcome::Found)
        }
        FeedsAction::Update => update(ctx, out, err),
        FeedsAction::Import { file } => {
            let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
            let imported = feeds::import_opml(&ctx.library, &bytes)
                .map_err(|e| Error::user(format!("{}: {e}", shown(&file))))?;
            for feed in &imported.added {
                writeln!(out, "following {} ({})", feed.name(), feed.url).map_err(io)?;
            }
            writeln!(
                out,
                "{} feeds added, {} already followed; `podgloss feeds update` takes a first look",
                imported.added.len(),
                imported.already
            )
            .map_err(io)?;
            Ok(Outcome::found_if(!imported.added.is_empty()))
        }
        FeedsAction::Export { output } => {
            let opml = feeds::export_opml(&ctx.library)?;
            match output {
                Some(path) => crate::fsutil::write_atomic(&path, opml.as_bytes())?,
                None => out.write_all(opml.as_bytes()).map_err(io)?,
            }
            Ok(Outcome::Found)
        }
    }
}

#[derive(Serialize)]
struct JsonFeed<'a> {
    url: &'a str,
    title: Option<&'a str>,
    transcripts_only: bool,
    checked: Option<&'a str>,
    seen: usize,
}

fn list(ctx: &Context, json: bool, out: &mut dyn Write) -> Result<Outcome> {
    let io = |e| Error::io("<stdout>", e);
    let file = FeedsFile::load(&ctx.library)?;
    let style = Style::new(ctx.color);
    for feed in &file.feeds {
        if json {
            let line = serde_json::to_string(&JsonFeed {
                url: &feed.url,
                title: feed.title.as_deref(),
                transcripts_only: feed.transcripts_only,
                checked: feed.checked.as_deref(),
                seen: feed.seen.as_ref().map_or(0, Vec::len),
            })
            .unwrap_or_default();
            writeln!(out, "{line}").map_err(io)?;
            continue;
        }
        let checked = feed
            .checked
            .as_deref()
            .map_or("never checked".to_string(), |c| format!("checked {c}"));
        let only = if feed.transcripts_only {
            ", transcripts only"
        } else {
            ""
        };
        writeln!(
            out,
            "{}  {}  ({checked}{only})",
            style.bold(&feed.name()),
            style.dim(&crate::formats::text::sanitize_line(&feed.url)),
        )
        .map_err(io)?;
    }
    Ok(Outcome::found_if(!file.feeds.is_empty()))
}

fn update(ctx: &Context, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let io = |e| Error::io("<stdout>", e);
    let eio = |e| Error::io("<stderr>", e);
    if FeedsFile::load(&ctx.library)?.feeds.is_empty() {
        writeln!(
            err,
            "podgloss: no feeds followed; add one with `podgloss feeds add URL`"
        )
        .map_err(eio)?;
        return Ok(Outcome::NothingFound);
    }
    let fetcher = Fetcher::new(NetConfig::from_env());
    let mut bar: Option<ProgressBar> = None;
    let summary = feeds::update(&ctx.library, &fetcher, &mut |event| {
        show_progress(&mut bar, event)
    })?;
    let style = Style::new(ctx.color);
    for report in &summary.feeds {
        if let FeedOutcome::Failed(why) = &report.outcome {
            writeln!(err, "podgloss: {}: {why}", report.name).map_err(eio)?;
            continue;
        }
        writeln!(out, "{}", style.bold(&report.name)).map_err(io)?;
        print_outcome(report, &style, out).map_err(io)?;
    }
    for warning in &summary.warnings {
        writeln!(err, "podgloss: warning: {warning}").map_err(eio)?;
    }
    writeln!(err, "{}", summary.line()).map_err(eio)?;
    if summary.imported().next().is_some() {
        synced_index(ctx, false, err)?;
    }
    Ok(Outcome::found_if(summary.failed_feeds() == 0))
}

fn print_outcome(report: &FeedReport, style: &Style, out: &mut dyn Write) -> std::io::Result<()> {
    match &report.outcome {
        FeedOutcome::Unchanged => writeln!(out, "  unchanged"),
        FeedOutcome::FirstLook {
            episodes,
            with_transcript,
        } => writeln!(
            out,
            "  {episodes} episodes so far ({with_transcript} with a transcript), counted as \
             seen; new ones are imported by `podgloss feeds update`, older ones by `podgloss \
             import {} --all`",
            report.url
        ),
        FeedOutcome::Read {
            imported,
            without_transcript,
            failed,
        } => {
            if imported.is_empty() && without_transcript.is_empty() && failed.is_empty() {
                writeln!(out, "  no new episodes")?;
            }
            for episode in imported {
                writeln!(
                    out,
                    "  imported {}  {} ({}, {})",
                    style.cyan(&episode.slug),
                    episode.title,
                    episode.format.name(),
                    format_time_long(episode.duration_ms)
                )?;
            }
            for title in without_transcript {
                writeln!(out, "  new, no transcript: {title}")?;
            }
            for why in failed {
                writeln!(out, "  not imported (tried again next update): {why}")?;
            }
            Ok(())
        }
        FeedOutcome::Failed(why) => writeln!(out, "  failed: {why}"),
    }
}

/// One bar across the feeds, drawn on stderr only when it is a terminal.
fn show_progress(bar: &mut Option<ProgressBar>, event: UpdateProgress<'_>) {
    match event {
        UpdateProgress::Started { total } => {
            let new =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            new.set_style(
                ProgressStyle::with_template("feeds [{bar:30}] {pos}/{len} {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            *bar = Some(new);
        }
        UpdateProgress::Feed { index, name } => {
            if let Some(bar) = bar {
                bar.set_position(index as u64);
                bar.set_message(name.to_string());
            }
        }
        UpdateProgress::Finished => {
            if let Some(bar) = bar.take() {
                bar.finish_and_clear();
            }
        }
    }
}

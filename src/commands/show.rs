//! `podgloss show SLUG [--from TIME] [--to TIME]`: the transcript as readable paragraphs,
//! `[1:12:03] Speaker: text`, with chapter titles as headings.

use std::io::Write;

use super::{Context, Outcome, Style};
use crate::error::{Error, Result};
use crate::library::Episode;
use crate::model::time::{format_time_long, parse_time_spec};

pub fn run(
    ctx: &Context,
    slug: &str,
    from: Option<&str>,
    to: Option<&str>,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let from = from.map(|t| time_arg("--from", t)).transpose()?;
    let to = to.map(|t| time_arg("--to", t)).transpose()?;
    let entry = ctx.library.find(slug)?;
    let episode = Episode::load(&entry)?;
    check_window(&episode, from, to)?;
    let style = Style::new(ctx.color);
    let io = |e| Error::io("<stdout>", e);

    let mut header = style.bold(&episode.title());
    if let Some(show) = &entry.meta.show {
        header.push_str(&style.dim(&format!(" ({show})")));
    }
    writeln!(out, "{header}").map_err(io)?;
    let timed = episode.transcript.timed;
    let mut chapters = episode.chapters.iter().peekable();
    let mut printed = 0;
    for paragraph in &episode.paragraphs {
        let outside =
            from.is_some_and(|f| paragraph.end <= f) || to.is_some_and(|t| paragraph.start >= t);
        if timed && outside {
            continue;
        }
        while let Some(chapter) = chapters.next_if(|c| c.start <= paragraph.start) {
            let is_current = chapters
                .peek()
                .is_none_or(|next| next.start > paragraph.start);
            if is_current {
                let line = format!("## {} [{}]", chapter.title, format_time_long(chapter.start));
                writeln!(out, "\n{}", style.bold(&line)).map_err(io)?;
            }
        }
        writeln!(out).map_err(io)?;
        let mut line = String::new();
        if timed {
            line.push_str(&style.dim(&format!("[{}] ", format_time_long(paragraph.start))));
        }
        if let Some(speaker) = &paragraph.speaker {
            line.push_str(&style.bold(&format!("{}:", episode.speaker_name(speaker))));
            line.push(' ');
        }
        line.push_str(&paragraph.text);
        writeln!(out, "{line}").map_err(io)?;
        printed += 1;
    }
    Ok(Outcome::found_if(printed > 0))
}

/// A window that cannot select anything is a mistake to say out loud, not an empty page: an end
/// before the start, a start past the end, times asked of a transcript that has none.
fn check_window(episode: &Episode, from: Option<u64>, to: Option<u64>) -> Result<()> {
    if from.is_none() && to.is_none() {
        return Ok(());
    }
    if !episode.transcript.timed {
        return Err(Error::user(
            "this transcript has no times, so --from and --to cannot select a part of it",
        ));
    }
    let duration = episode.duration();
    if let (Some(from), Some(to)) = (from, to) {
        if to <= from {
            return Err(Error::user(format!(
                "--to {} is not after --from {}: nothing to show",
                format_time_long(to),
                format_time_long(from)
            )));
        }
    }
    if let Some(from) = from.filter(|&f| f >= duration) {
        return Err(Error::user(format!(
            "--from {} is past the end of the episode ({})",
            format_time_long(from),
            format_time_long(duration)
        )));
    }
    if to == Some(0) {
        return Err(Error::user(
            "--to 0:00:00 is the very start: nothing to show",
        ));
    }
    Ok(())
}

fn time_arg(flag: &str, text: &str) -> Result<u64> {
    parse_time_spec(text).ok_or_else(|| {
        Error::user(format!(
            "{flag} {text:?}: not a time (try 1:10:00, 70m or 4200s)"
        ))
    })
}

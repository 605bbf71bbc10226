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

fn time_arg(flag: &str, text: &str) -> Result<u64> {
    parse_time_spec(text).ok_or_else(|| {
        Error::user(format!(
            "{flag} {text:?}: not a time (try 1:10:00, 70m or 4200s)"
        ))
    })
}

//! `podgloss search QUERY [--limit N] [--json]`: ranked hits grouped by episode, each with its
//! time, speaker, chapter and a snippet with the matched words in bold (plain in a pipe).

use std::io::Write;

use super::sync::synced_read;
use super::{Context, Outcome, Style};
use crate::error::{Error, Result};
use crate::formats::text::json_safe;
use crate::model::time::format_time;
use crate::search::Hit;
use crate::search::query::Mode;

pub fn run(
    ctx: &Context,
    query: &str,
    limit: usize,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let (_index, hits) = synced_read(ctx, false, err, |index| {
        index.query(query, Mode::Strict, limit)
    })?;
    let io = |e| Error::io("<stdout>", e);
    if hits.is_empty() {
        // Said with --json too (stdout stays JSON lines): exit 1 is also a refused query, and
        // a script must be able to tell the two apart.
        writeln!(err, "no matches for {query:?}").map_err(|e| Error::io("<stderr>", e))?;
        return Ok(Outcome::NothingFound);
    }
    if json {
        for hit in &hits {
            let line = json_safe(serde_json::to_string(&JsonHit::from(hit)).unwrap_or_default());
            writeln!(out, "{line}").map_err(io)?;
        }
    } else {
        print_grouped(&hits, &Style::new(ctx.color), out).map_err(io)?;
    }
    Ok(Outcome::Found)
}

/// Hits grouped by episode (groups in the order of their best hit, hits by time inside), the
/// episode title printed once per group.
fn print_grouped(hits: &[Hit], style: &Style, out: &mut dyn Write) -> std::io::Result<()> {
    let mut groups: Vec<(&str, Vec<&Hit>)> = Vec::new();
    for hit in hits {
        let key = group_key(hit);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(hit),
            None => groups.push((key, vec![hit])),
        }
    }
    for (i, (_, members)) in groups.iter_mut().enumerate() {
        members.sort_by_key(|h| (h.kind != "glossary", h.time_ms, h.ordinal));
        let first = members[0];
        if i > 0 {
            writeln!(out)?;
        }
        let heading = if first.kind == "glossary" {
            "Glossary".to_string()
        } else {
            first.title.clone()
        };
        let mut line = style.bold(&heading);
        if !first.episode.is_empty() {
            line.push_str(&style.dim(&format!("  {}", first.episode)));
        }
        writeln!(out, "{line}")?;
        for hit in members.iter() {
            writeln!(out, "  {}", describe(hit, style))?;
            writeln!(out, "      {}", highlighted(hit, style))?;
        }
    }
    Ok(())
}

fn group_key(hit: &Hit) -> &str {
    if hit.kind == "glossary" {
        ""
    } else {
        &hit.episode
    }
}

/// `1:12:03  Speaker  · Chapter` for transcripts, `note at 1:10:00` for notes, the term for
/// glossary entries.
fn describe(hit: &Hit, style: &Style) -> String {
    let time = hit
        .time_ms
        .map(|t| style.cyan(&format!("{:>8}", format_time(t))));
    match hit.kind.as_str() {
        "glossary" => style.bold(&hit.title),
        "note" => match time {
            Some(time) => format!("{time}  {}", style.dim("note")),
            None => format!("{:>8}  {}", "", style.dim("note (no time written)")),
        },
        _ => {
            let mut line = time.unwrap_or_else(|| format!("{:>8}", ""));
            if let Some(speaker) = &hit.speaker {
                line.push_str(&format!("  {}", style.bold(speaker)));
            }
            if let Some(chapter) = &hit.chapter {
                line.push_str(&style.dim(&format!("  · {chapter}")));
            }
            line
        }
    }
}

fn highlighted(hit: &Hit, style: &Style) -> String {
    let mut text = String::new();
    let mut at = 0;
    for range in &hit.highlights {
        let (Some(before), Some(word)) = (
            hit.snippet.get(at..range.start),
            hit.snippet.get(range.clone()),
        ) else {
            continue;
        };
        text.push_str(before);
        text.push_str(&style.bold(word));
        at = range.end;
    }
    text.push_str(hit.snippet.get(at..).unwrap_or_default());
    text
}

/// The JSON line for one hit (SPEC §6: the same as the text output, as fields).
#[derive(serde::Serialize)]
struct JsonHit<'a> {
    kind: &'a str,
    episode: &'a str,
    title: &'a str,
    show: Option<&'a str>,
    time: Option<String>,
    time_ms: Option<u64>,
    speaker: Option<&'a str>,
    chapter: Option<&'a str>,
    snippet: &'a str,
    highlights: Vec<[usize; 2]>,
    score: f32,
}

impl<'a> From<&'a Hit> for JsonHit<'a> {
    fn from(hit: &'a Hit) -> Self {
        JsonHit {
            kind: hit.kind.as_str(),
            episode: &hit.episode,
            title: &hit.title,
            show: hit.show.as_deref(),
            time: hit.time_ms.map(format_time),
            time_ms: hit.time_ms,
            speaker: hit.speaker.as_deref(),
            chapter: hit.chapter.as_deref(),
            snippet: &hit.snippet,
            highlights: hit.highlights.iter().map(|r| [r.start, r.end]).collect(),
            score: hit.score,
        }
    }
}

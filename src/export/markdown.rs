//! `export --format md`: a note for an Obsidian vault.
//!
//! - YAML front matter (title, show, date, source, tags, ...), written by serde so any title
//!   stays valid YAML.
//! - Chapters as `##` headings; each paragraph starts with its time as a deep link and the
//!   speaker in bold.
//! - Notes as callouts after the paragraph they are anchored at, titled with their anchor (a
//!   range as `start-end`, an auto-anchor as `~time` with its confidence); notes with no place
//!   come first.
//! - Glossary terms as `[[file|shown text]]`, linked at their first mention in each chapter.
//!   The target is the entry's file name, which is what Obsidian resolves; a note's `[[term]]`
//!   is rewritten to it, and a `[[term]]` the glossary lacks becomes plain text (it is listed
//!   among the wanted terms at the end) so no link in the export dangles.
//! - Transcript text is escaped so that no sentence someone said turns into Markdown.

use std::collections::HashSet;
use std::fmt::Write as _;

use serde::Serialize;

use super::document::{Document, Run};
use super::note_text::{Piece, clean, pieces};
use crate::glossary::Entry;
use crate::model::time::{format_time, format_time_long};
use crate::notes::Anchor;
use crate::notes::view::Placement;

#[derive(Serialize)]
struct FrontMatter<'a> {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    show: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<String>,
    episode: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    tags: Vec<&'static str>,
}

pub fn render(doc: &Document) -> String {
    let mut out = front_matter(doc);
    let _ = writeln!(out, "# {}\n", escape(&doc.title()));
    let mut linked: HashSet<usize> = HashSet::new();
    if !doc.unplaced.is_empty() {
        out.push_str("## Notes without a place\n\n");
        for &index in &doc.unplaced {
            callout(doc, index, &mut linked, &mut out);
        }
    }
    for slot in 0..doc.paragraphs.len() {
        if let Some(chapter) = doc.headings[slot] {
            linked.clear();
            let _ = writeln!(out, "## {}\n", escape(&chapter.title));
        }
        paragraph(doc, slot, &mut linked, &mut out);
        for &index in &doc.notes_after[slot] {
            callout(doc, index, &mut linked, &mut out);
        }
    }
    wanted(doc, &mut out);
    out
}

fn front_matter(doc: &Document) -> String {
    let meta = &doc.episode.entry.meta;
    let timed = doc.episode.transcript.timed;
    let matter = FrontMatter {
        title: doc.title(),
        show: meta.show.as_deref(),
        date: meta.published.map(|d| d.to_string()),
        source: super::deep_link::source_link(&meta.sources),
        duration: timed.then(|| format_time_long(doc.episode.duration())),
        episode: &doc.episode.entry.slug,
        from: doc.window.from.map(format_time_long),
        to: doc.window.to.map(format_time_long),
        tags: vec!["podcast", "transcript"],
    };
    let yaml = serde_norway::to_string(&matter).unwrap_or_default();
    format!("---\n{}---\n\n", yaml.trim_start_matches("---\n"))
}

fn paragraph(doc: &Document, slot: usize, linked: &mut HashSet<usize>, out: &mut String) {
    let p = doc.paragraph(slot);
    if doc.episode.transcript.timed {
        let time = format_time_long(p.start);
        match doc.link(p.start, Some(p.end)) {
            Some(link) => {
                let _ = write!(out, "[{time}]({link}) ");
            }
            None => {
                let _ = write!(out, "`{time}` ");
            }
        }
    }
    if let Some(speaker) = doc.speaker(p) {
        let _ = write!(out, "**{}:** ", escape(speaker));
    }
    for run in doc.runs(slot, &p.text, linked) {
        match run {
            Run::Text(text) => out.push_str(&escape(text)),
            Run::Term { entry, shown } => {
                out.push_str(&wikilink(doc.entry(entry), shown).unwrap_or_else(|| escape(shown)))
            }
        }
    }
    out.push_str("\n\n");
}

fn callout(doc: &Document, index: usize, linked: &mut HashSet<usize>, out: &mut String) {
    let view = &doc.views[index];
    let kind = if view.note.questions.is_empty() {
        "note"
    } else {
        "question"
    };
    let title = match &view.placement {
        Placement::Exact { start, end } => time_link(doc, *start, *end),
        Placement::Auto {
            start, confidence, ..
        } => format!(
            "~{} ({:.0}% sure)",
            time_link(doc, *start, None),
            confidence * 100.0
        ),
        Placement::None => format!("Note {}", view.note.index + 1),
    };
    let mut body = String::new();
    for piece in pieces(view, doc.glossary) {
        match piece {
            Piece::Text(text) => body.push_str(&text),
            Piece::Url(url) => body.push_str(&clean(&url)),
            Piece::Time { anchor, .. } => {
                let (start, end) = match anchor {
                    Anchor::At(at) => (at, None),
                    Anchor::Range(a, b) => (a, Some(b)),
                };
                body.push_str(&time_link(doc, start, end));
            }
            Piece::Term {
                entry,
                shown,
                written,
            } => {
                let link = entry
                    .filter(|&e| written || linked.insert(e))
                    .and_then(|e| wikilink(doc.entry(e), &shown));
                body.push_str(&link.unwrap_or(shown));
            }
        }
    }
    let _ = writeln!(out, "> [!{kind}] {title}");
    for line in body.trim().lines() {
        let _ = writeln!(out, ">{}{line}", if line.is_empty() { "" } else { " " });
    }
    out.push('\n');
}

/// `[1:10:00-1:22:00](link)`, or the bare times when the episode has no source to link to.
fn time_link(doc: &Document, start: u64, end: Option<u64>) -> String {
    let text = match end {
        Some(end) => format!("{}-{}", format_time(start), format_time(end)),
        None => format_time(start),
    };
    match doc.link(start, end) {
        Some(link) => format!("[{text}]({link})"),
        None => text,
    }
}

fn wanted(doc: &Document, out: &mut String) {
    let wanted = doc.wanted();
    if wanted.is_empty() {
        return;
    }
    out.push_str("## Wanted terms\n\nAsked about in the notes, not in the glossary yet:\n\n");
    for item in wanted {
        let _ = write!(out, "- **{}**", escape(item.term));
        let asked: Vec<String> = item
            .asked
            .iter()
            .map(|&(index, question)| {
                let view = &doc.views[index];
                let at = view
                    .placement
                    .start()
                    .map(|t| format!(" at {}", time_link(doc, t, None)))
                    .unwrap_or_default();
                format!(
                    "“{}” (note {}{at})",
                    escape(&clean(question)),
                    view.note.index + 1
                )
            })
            .collect();
        let _ = writeln!(out, ": {}", asked.join("; "));
    }
    out.push('\n');
}

/// `[[file-stem|shown]]` (or `[[file-stem]]` when they are the same); `None` when the file
/// name cannot be a link target or the shown text cannot sit inside one.
pub fn wikilink(entry: &Entry, shown: &str) -> Option<String> {
    let target = entry.path.file_stem()?.to_str()?;
    let bad = |s: &str| s.is_empty() || s.contains(['[', ']', '|', '#', '^', '\n', ':']);
    if bad(target) {
        return None;
    }
    let shown: String = shown
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | '|' | '\n'))
        .collect();
    if shown.is_empty() || shown == target {
        Some(format!("[[{target}]]"))
    } else {
        Some(format!("[[{target}|{shown}]]"))
    }
}

/// Backslash-escapes what Markdown or Obsidian would read as markup in spoken text: emphasis,
/// links, HTML, headings, tables, highlights (`==`), comments (`%%`), math (`$`), block
/// references (`^`) and tags (`#`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '|'
                | '~'
                | '$'
                | '='
                | '^'
                | '%'
                | '!'
                | '{'
                | '}'
        ) {
            out.push('\\');
        }
        if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spoken_markup_is_escaped() {
        assert_eq!(
            escape("a *b* [c](d) <e> #f ==g== %%h%% $x$ ^id"),
            "a \\*b\\* \\[c\\](d) \\<e\\> \\#f \\=\\=g\\=\\= \\%\\%h\\%\\% \\$x\\$ \\^id"
        );
    }
}

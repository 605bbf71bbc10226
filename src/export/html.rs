//! `export --format html`: one self-contained page to read or share.
//!
//! Self-contained means no request leaves it: the style is inline, there are no images, fonts or
//! scripts, and a Content-Security-Policy (`default-src 'none'`) makes the browser refuse any
//! that a future change might add. It works from `file://` offline. There is no script at all:
//! definitions show on hover, on keyboard focus and on click (a click focuses the term) through
//! CSS alone. Every piece of text from the transcript, the notes, the glossary and
//! `episode.toml` is escaped; links are only `http(s)` or relative (see [`super::deep_link`]).
//!
//! Layout: the transcript with the notes in a margin beside the paragraph they are anchored at,
//! a bar and a tint along every paragraph a range note covers, chapter navigation at the top,
//! the glossary and the wanted terms at the end; one column on a phone.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::document::{Document, Run};
use super::note_text::{Piece, clean, pieces};
use crate::glossary::Entry;
use crate::model::time::{format_time, format_time_long};
use crate::notes::Anchor;
use crate::notes::view::Placement;

const STYLE: &str = include_str!("html.css");

pub fn render(doc: &Document) -> String {
    let mut out = String::with_capacity(64 * 1024);
    head(doc, &mut out);
    header(doc, &mut out);
    chapters_nav(doc, &mut out);
    out.push_str("<main>\n");
    let mut linked: HashSet<usize> = HashSet::new();
    if !doc.unplaced.is_empty() {
        // Folded: they can be many, and the transcript is what the page is for.
        let _ = writeln!(
            out,
            "<details class=\"unplaced\"><summary>Notes without a place ({})</summary>",
            doc.unplaced.len()
        );
        for &index in &doc.unplaced {
            note(doc, index, &mut linked, &mut out);
        }
        out.push_str("</details>\n");
    }
    for slot in 0..doc.paragraphs.len() {
        if let Some(chapter) = doc.headings[slot] {
            linked.clear();
            let _ = writeln!(
                out,
                "<h2 id=\"ch-{}\">{}</h2>",
                chapter.start,
                escape(&chapter.title)
            );
        }
        row(doc, slot, &mut linked, &mut out);
    }
    out.push_str("</main>\n");
    glossary(doc, &mut out);
    wanted(doc, &mut out);
    out.push_str(
        "<footer>Exported by podgloss. Times link to the source.</footer>\n</body>\n</html>\n",
    );
    out
}

fn head(doc: &Document, out: &mut String) {
    let lang = doc
        .episode
        .entry
        .meta
        .language
        .as_deref()
        .filter(|l| {
            !l.is_empty()
                && l.len() <= 35
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .unwrap_or("en");
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"generator\" content=\"podgloss\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n\
         </head>\n<body>\n",
        escape(&doc.title())
    );
}

fn header(doc: &Document, out: &mut String) {
    let meta = &doc.episode.entry.meta;
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape(&doc.title()));
    let mut facts: Vec<String> = Vec::new();
    if let Some(show) = &meta.show {
        facts.push(escape(show));
    }
    if let Some(date) = meta.published {
        facts.push(escape(&date.to_string()));
    }
    if doc.episode.transcript.timed {
        facts.push(format_time_long(doc.episode.duration()));
    }
    if !doc.window.is_whole() {
        let from = doc.window.from.map(format_time).unwrap_or_default();
        let to = doc.window.to.map(format_time).unwrap_or_default();
        facts.push(format!("excerpt {from}–{to}"));
    }
    if let Some(source) = super::deep_link::source_link(&meta.sources) {
        facts.push(format!(
            "<a href=\"{}\" rel=\"noreferrer\">source</a>",
            escape(&source)
        ));
    }
    let _ = writeln!(
        out,
        "<p class=\"facts\">{}</p>\n</header>",
        facts.join(" · ")
    );
}

fn chapters_nav(doc: &Document, out: &mut String) {
    let shown: Vec<_> = doc.headings.iter().flatten().collect();
    if shown.is_empty() {
        return;
    }
    out.push_str("<nav aria-label=\"Chapters\"><details open><summary>Chapters</summary><ol>\n");
    for chapter in shown {
        let _ = writeln!(
            out,
            "<li><a href=\"#ch-{}\">{}</a> <span class=\"at\">{}</span></li>",
            chapter.start,
            escape(&chapter.title),
            format_time(chapter.start)
        );
    }
    out.push_str("</ol></details></nav>\n");
}

fn row(doc: &Document, slot: usize, linked: &mut HashSet<usize>, out: &mut String) {
    let p = doc.paragraph(slot);
    let ranges = &doc.ranges[slot];
    let class = if ranges.is_empty() {
        "row"
    } else {
        "row in-range"
    };
    let title = if ranges.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = ranges
            .iter()
            .map(|&i| format!("note {}", doc.views[i].note.index + 1))
            .collect();
        format!(" title=\"in the range of {}\"", names.join(", "))
    };
    let _ = write!(out, "<div class=\"{class}\" id=\"t{}\"{title}><p>", p.start);
    if doc.episode.transcript.timed {
        out.push_str(&time_link(
            doc,
            p.start,
            Some(p.end),
            &format_time_long(p.start),
        ));
        out.push(' ');
    }
    if let Some(speaker) = doc.speaker(p) {
        let _ = write!(out, "<b class=\"who\">{}</b> ", escape(speaker));
    }
    for run in doc.runs(slot, &p.text, linked) {
        match run {
            Run::Text(text) => out.push_str(&escape(text)),
            Run::Term { entry, shown } => term(doc.entry(entry), shown, out),
        }
    }
    out.push_str("</p>");
    let notes = &doc.notes_after[slot];
    if !notes.is_empty() {
        out.push_str("<aside>");
        for &index in notes {
            note(doc, index, linked, out);
        }
        out.push_str("</aside>");
    }
    out.push_str("</div>\n");
}

/// A term with its definition in a tooltip that shows on hover, focus and click (the span is
/// focusable, and a click focuses it).
fn term(entry: &Entry, shown: &str, out: &mut String) {
    let gist: String = entry
        .plain
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(400)
        .collect();
    let _ = write!(
        out,
        "<span class=\"term\" tabindex=\"0\">{}<span class=\"tip\" role=\"tooltip\"><b>{}</b> {} \
         <a href=\"#{}\">more</a></span></span>",
        escape(shown),
        escape(&entry.term),
        escape(&clean(&gist)),
        anchor_id(entry)
    );
}

fn note(doc: &Document, index: usize, linked: &mut HashSet<usize>, out: &mut String) {
    let view = &doc.views[index];
    let (kind, when) = match &view.placement {
        Placement::Exact {
            start,
            end: Some(end),
        } => (
            "note range",
            time_link(
                doc,
                *start,
                Some(*end),
                &format!("{}–{}", format_time(*start), format_time(*end)),
            ),
        ),
        Placement::Exact { start, end: None } => {
            ("note", time_link(doc, *start, None, &format_time(*start)))
        }
        Placement::Auto {
            start, confidence, ..
        } => (
            "note auto",
            format!(
                "~{} <span class=\"sure\">{:.0}% sure</span>",
                time_link(doc, *start, None, &format_time(*start)),
                confidence * 100.0
            ),
        ),
        Placement::None => ("note", String::new()),
    };
    let _ = write!(
        out,
        "<div class=\"{kind}\" id=\"note-{}\"><div class=\"when\">Note {} {when}</div><div class=\"body\">",
        view.note.index + 1,
        view.note.index + 1
    );
    for piece in pieces(view, doc.glossary) {
        match piece {
            Piece::Text(text) => out.push_str(&escape(&text).replace('\n', "<br>")),
            Piece::Url(url) => match super::deep_link::safe_target(&url) {
                Some(href) if href.starts_with("http") => {
                    let _ = write!(
                        out,
                        "<a href=\"{}\" rel=\"noreferrer\">{}</a>",
                        escape(&href),
                        escape(&url)
                    );
                }
                _ => out.push_str(&escape(&url)),
            },
            Piece::Time { anchor, .. } => {
                let (start, end) = match anchor {
                    Anchor::At(at) => (at, None),
                    Anchor::Range(a, b) => (a, Some(b)),
                };
                let text = match end {
                    Some(end) => format!("{}–{}", format_time(start), format_time(end)),
                    None => format_time(start),
                };
                out.push_str(&time_link(doc, start, end, &text));
            }
            Piece::Term {
                entry,
                shown,
                written,
            } => match entry {
                Some(e) if written || linked.insert(e) => term(doc.entry(e), &shown, out),
                Some(_) => out.push_str(&escape(&shown)),
                None => {
                    let _ = write!(out, "<span class=\"wanted\">{}</span>", escape(&shown));
                }
            },
        }
    }
    out.push_str("</div></div>");
}

fn time_link(doc: &Document, start: u64, end: Option<u64>, text: &str) -> String {
    match doc.link(start, end) {
        Some(link) => format!(
            "<a class=\"time\" href=\"{}\" rel=\"noreferrer\">{}</a>",
            escape(&link),
            escape(text)
        ),
        None => format!("<span class=\"time\">{}</span>", escape(text)),
    }
}

fn glossary(doc: &Document, out: &mut String) {
    let linked = doc.linked_entries();
    if linked.is_empty() {
        return;
    }
    out.push_str("<section id=\"glossary\"><h2>Glossary</h2><dl>\n");
    for (index, _) in linked {
        let entry = doc.entry(index);
        let aliases = if entry.aliases.is_empty() {
            String::new()
        } else {
            format!(
                " <span class=\"aka\">({})</span>",
                escape(&entry.aliases.join(", "))
            )
        };
        let _ = write!(
            out,
            "<dt id=\"{}\">{}{aliases}</dt><dd>",
            anchor_id(entry),
            escape(&entry.term)
        );
        for line in clean(&entry.plain).lines().filter(|l| !l.trim().is_empty()) {
            let _ = write!(out, "<p>{}</p>", escape(line));
        }
        out.push_str("</dd>\n");
    }
    out.push_str("</dl></section>\n");
}

fn wanted(doc: &Document, out: &mut String) {
    let wanted = doc.wanted();
    if wanted.is_empty() {
        return;
    }
    out.push_str("<section id=\"wanted\"><h2>Wanted terms</h2><p>Asked about in the notes, not in the glossary yet.</p><ul>\n");
    for item in wanted {
        let asked: Vec<String> = item
            .asked
            .iter()
            .map(|&(index, question)| {
                let number = doc.views[index].note.index + 1;
                format!(
                    "<a href=\"#note-{number}\">“{}”</a>",
                    escape(&clean(question))
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<li><b>{}</b>: {}</li>",
            escape(item.term),
            asked.join("; ")
        );
    }
    out.push_str("</ul></section>\n");
}

/// The id of an entry's definition in the page's glossary: `g-` and the file name's letters.
fn anchor_id(entry: &Entry) -> String {
    let stem = entry
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("g-{safe}")
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

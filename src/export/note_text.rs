//! A note's text cut into what each format renders differently: plain Markdown, glossary links
//! (written `[[...]]` or merely mentioned), times and web addresses. The spans come from the
//! notes parser ([`crate::notes::links`], the note's [`crate::notes::TimeRef`]s) and the
//! glossary matcher; this only orders them and drops overlaps.

use std::ops::Range;

use crate::formats::text::{is_bidi_control, skip_escape_sequence};
use crate::glossary::Glossary;
use crate::notes::Anchor;
use crate::notes::links::find_urls;
use crate::notes::view::NoteView;

#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// The user's own Markdown, control characters removed.
    Text(String),
    /// A glossary term: `entry` indexes the glossary (`None` for a `[[link]]` to a term the
    /// glossary lacks); `shown` is the text to show; `written` is true for a `[[...]]` the user
    /// wrote, false for a term that merely occurs.
    Term {
        entry: Option<usize>,
        shown: String,
        written: bool,
    },
    Time {
        anchor: Anchor,
        text: String,
    },
    Url(String),
}

/// The pieces of a note's text, in order.
pub fn pieces(view: &NoteView, glossary: &Glossary) -> Vec<Piece> {
    let text = view.note.text.as_str();
    let mut spans: Vec<(Range<usize>, Piece)> = Vec::new();
    let mut take = |range: Range<usize>, piece: Piece| {
        let free = spans
            .iter()
            .all(|(r, _)| range.end <= r.start || range.start >= r.end);
        if free && range.start < range.end && text.get(range.clone()).is_some() {
            spans.push((range, piece));
        }
    };
    for link in &view.note.links {
        take(
            link.span.clone(),
            Piece::Term {
                entry: glossary.find_index(&link.term),
                shown: clean(link.label.as_deref().unwrap_or(&link.term)),
                written: true,
            },
        );
    }
    for url in find_urls(text) {
        take(url.span, Piece::Url(url.url));
    }
    for time in view.note.anchor.iter().chain(&view.note.times) {
        let shown = text.get(time.span.clone()).unwrap_or_default();
        take(
            time.span.clone(),
            Piece::Time {
                anchor: time.time,
                text: shown.to_string(),
            },
        );
    }
    for mention in glossary.mentions(text) {
        let shown = text.get(mention.range.clone()).unwrap_or_default();
        take(
            mention.range.clone(),
            Piece::Term {
                entry: Some(mention.entry),
                shown: shown.to_string(),
                written: false,
            },
        );
    }
    spans.sort_by_key(|(r, _)| r.start);
    let mut out = Vec::with_capacity(spans.len() * 2 + 1);
    let mut at = 0;
    for (range, piece) in spans {
        if range.start > at {
            out.push(Piece::Text(clean(&text[at..range.start])));
        }
        out.push(piece);
        at = range.end;
    }
    if at < text.len() {
        out.push(Piece::Text(clean(&text[at..])));
    }
    out
}

/// Text with terminal escape sequences, control characters (but newlines and tabs) and bidi
/// overrides removed: what notes and definitions go through before any export shows them. Unlike
/// [`crate::formats::text::sanitize_line`] it keeps line breaks, which Markdown needs.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape_sequence(&mut chars),
            '\n' | '\t' => out.push(c),
            '\r' => {}
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, Fingerprint};
    use crate::notes::parse_notes;
    use crate::notes::view::view_notes;
    use std::path::Path;

    fn glossary() -> Glossary {
        let text = "---\naliases: [the stream]\n---\n# residual stream\n\nA running sum.\n";
        let entry = Entry::parse(
            Path::new("residual-stream.md"),
            text,
            Fingerprint::of(text.as_bytes(), None),
        )
        .unwrap();
        Glossary::new(vec![entry])
    }

    #[test]
    fn links_times_urls_and_mentions_in_order_without_overlap() {
        let glossary = glossary();
        let notes = parse_notes(
            "- 1:10:00-1:22:00 lost; see [[residual stream|it]] and [[softmax]], the stream \
             again, https://x.org/residual-stream \u{1b}[2Jok\n",
        );
        let views = view_notes(&notes, &[], &glossary);
        let got = pieces(&views[0], &glossary);
        assert_eq!(
            got[0],
            Piece::Time {
                anchor: Anchor::Range(4_200_000, 4_920_000),
                text: "1:10:00-1:22:00".into()
            }
        );
        let terms: Vec<(Option<usize>, &str, bool)> = got
            .iter()
            .filter_map(|p| match p {
                Piece::Term {
                    entry,
                    shown,
                    written,
                } => Some((*entry, shown.as_str(), *written)),
                _ => None,
            })
            .collect();
        assert_eq!(
            terms,
            [
                (Some(0), "it", true),
                (None, "softmax", true),
                (Some(0), "the stream", false)
            ]
        );
        assert!(got.contains(&Piece::Url("https://x.org/residual-stream".into())));
        assert_eq!(got.last(), Some(&Piece::Text(" ok".into())));
    }

    #[test]
    fn clean_keeps_lines_and_drops_escapes() {
        assert_eq!(
            clean("a\u{1b}]52;c;eA==\u{7}b\r\nc\u{202e}d\u{0}"),
            "ab\ncd"
        );
    }
}

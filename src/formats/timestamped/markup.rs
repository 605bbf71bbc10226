//! Display text from Markdown and HTML-ish fragments.
//!
//! Transcripts use a sliver of Markdown inside a paragraph: emphasis, code ticks, links, the odd
//! inline tag and a great many backslash escapes (`\[laughter\]`, `current\_user`), plus HTML
//! character references left by the exporting CMS (`&#39;`, `&quot;`). A full CommonMark parser
//! would also interpret block structure the paragraph splitter has already dealt with, so this
//! small inline pass is written by hand. It is lossy on purpose: a stray delimiter that a
//! renderer would show is removed here, which costs a `*` and never shows markup to a reader.

use crate::formats::byte_scan::find_byte;
use crate::formats::entities::decode_entities;
use crate::formats::whitespace::collapse_whitespace;

/// How far a link's `]` or `)` may be from its `[` and still close it.
const MAX_LINK_TEXT: usize = 1_000;
const MAX_LINK_TARGET: usize = 2_000;
/// How far a code span's closing ticks may be from its opening ones.
const MAX_CODE_SPAN: usize = 1_000;
/// How far an inline tag's `>` may be from its `<`.
const MAX_TAG: usize = 200;

/// Display text of a Markdown fragment: emphasis, strike-through and code delimiters, link
/// targets, inline tags and backslash escapes removed; character references decoded; whitespace
/// collapsed. `scratch` is working space, reused from call to call.
pub(super) fn markdown_to_text(text: &str, scratch: &mut String) -> String {
    scratch.clear();
    strip_markup(text, scratch);
    if scratch.contains('&') {
        collapse_whitespace(&decode_entities(scratch))
    } else {
        collapse_whitespace(scratch)
    }
}

/// Bytes that may start markup. Every one is ASCII, so the text between them is copied a run at
/// a time and every index below stays on a char boundary. The length limits above count chars.
fn is_markup_byte(b: u8) -> bool {
    matches!(b, b'\\' | b'!' | b'[' | b'`' | b'<' | b'*' | b'_' | b'~')
}

fn strip_markup(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    // For each open link: the index of its `]` and the index just past its `(target)`.
    let mut open_links: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if let Some(&(close, resume)) = open_links.last()
            && i >= close
        {
            open_links.pop();
            i = i.max(resume);
            continue;
        }
        match b {
            b'\\' => match text.get(i + 1..).and_then(|rest| rest.chars().next()) {
                Some(next) if next.is_ascii_punctuation() => {
                    out.push(next);
                    i += 2;
                }
                _ => {
                    out.push('\\');
                    i += 1;
                }
            },
            b'!' if bytes.get(i + 1) == Some(&b'[') && link_at(text, i + 1).is_some() => i += 1,
            b'[' => {
                if let Some(link) = link_at(text, i) {
                    open_links.push(link);
                } else {
                    out.push('[');
                }
                i += 1;
            }
            b'`' => i = code_span(text, i, out),
            b'<' => i = inline_tag(text, i, out),
            b'*' | b'_' | b'~' => i = delimiter_run(text, i, out),
            _ => {
                // Text (or a `!` that opens no image) up to the next markup byte, stopping at
                // the `]` of an open link.
                let limit = open_links.last().map_or(bytes.len(), |&(close, _)| close);
                let end = bytes
                    .get(i + 1..limit)
                    .and_then(|rest| find_byte(rest, is_markup_byte))
                    .map_or(limit, |offset| i + 1 + offset);
                out.push_str(text.get(i..end).unwrap_or_default());
                i = end;
            }
        }
    }
}

/// For a `[` at byte `open` that starts `[text](target)`: the index of `]` and the index after
/// `)`.
fn link_at(text: &str, open: usize) -> Option<(usize, usize)> {
    let text_from = open + 1;
    let mut chars = text.get(text_from..)?.char_indices();
    // How many chars from the `[` the one being read is.
    let mut distance = 1;
    let close = loop {
        let (offset, c) = chars.next()?;
        match c {
            '\\' => {
                chars.next();
                distance += 2;
            }
            '[' => return None,
            ']' => break text_from + offset,
            _ => distance += 1,
        }
        if distance > MAX_LINK_TEXT {
            return None;
        }
    };
    if text.as_bytes().get(close + 1) != Some(&b'(') {
        return None;
    }
    // Targets may hold balanced parentheses (`wiki/Foo_(bar)`).
    let target_from = close + 2;
    let mut depth = 0usize;
    let mut distance = 2;
    for (offset, c) in text.get(target_from..)?.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some((close, target_from + offset + 1)),
            ')' => depth -= 1,
            '\n' => return None,
            _ => {}
        }
        distance += 1;
        if distance > MAX_LINK_TARGET {
            return None;
        }
    }
    None
}

/// A backtick run opens a code span when the same run closes it later: the content is kept as
/// written (escapes and emphasis do not apply inside). Returns where to continue.
fn code_span(text: &str, start: usize, out: &mut String) -> usize {
    let bytes = text.as_bytes();
    let run = run_length(bytes, start);
    let content_start = start + run;
    let mut j = content_start;
    // Chars from the end of the opening run.
    let mut distance = 0;
    while let Some(&b) = bytes.get(j) {
        if distance >= MAX_CODE_SPAN {
            break;
        }
        if b == b'`' {
            let here = run_length(bytes, j);
            if here == run {
                out.push_str(text.get(content_start..j).unwrap_or_default());
                return j + run;
            }
            j += here;
            distance += here;
        } else {
            j += utf8_len(b);
            distance += 1;
        }
    }
    out.push_str(text.get(start..content_start).unwrap_or_default());
    content_start
}

/// The length of the run of the (ASCII) byte at `start` (0 past the end).
fn run_length(bytes: &[u8], start: usize) -> usize {
    let Some(&b) = bytes.get(start) else {
        return 0;
    };
    bytes
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&x| x == b)
        .count()
}

/// The byte length of the char whose first byte is `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// `<tag ...>` and `</tag>` are dropped, `<https://...>` autolinks keep their address, and any
/// other `<` is text. Returns where to continue.
fn inline_tag(text: &str, start: usize, out: &mut String) -> usize {
    let inner_from = start + 1;
    let end = text
        .get(inner_from..)
        .unwrap_or_default()
        .char_indices()
        .take(MAX_TAG)
        .find(|(_, c)| matches!(c, '>' | '<' | '\n'))
        .filter(|(_, c)| *c == '>')
        .map(|(offset, _)| inner_from + offset);
    let Some(end) = end else {
        out.push('<');
        return start + 1;
    };
    let inner = text.get(inner_from..end).unwrap_or_default();
    if ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| inner.starts_with(scheme))
    {
        out.push_str(inner);
        return end + 1;
    }
    let name = inner.strip_prefix('/').unwrap_or(inner);
    let is_tag = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
    if is_tag {
        end + 1
    } else {
        out.push('<');
        start + 1
    }
}

/// A run of `*`, `_` or `~` is markup unless it stands between spaces (`5 * 3`); `_` inside a
/// word (`snake_case`) and a single `~` (`~5 minutes`) are text. Returns where to continue.
fn delimiter_run(text: &str, start: usize, out: &mut String) -> usize {
    let bytes = text.as_bytes();
    let run = run_length(bytes, start);
    let end = start + run;
    let before = text.get(..start).and_then(|t| t.chars().next_back());
    let after = text.get(end..).and_then(|t| t.chars().next());
    let space_before = before.is_none_or(char::is_whitespace);
    let space_after = after.is_none_or(char::is_whitespace);
    let flanking = !(space_before && space_after);
    let is_markup = match bytes.get(start) {
        Some(b'_') => {
            let intraword = before.is_some_and(char::is_alphanumeric)
                && after.is_some_and(char::is_alphanumeric);
            flanking && !intraword
        }
        Some(b'~') => flanking && run >= 2,
        _ => flanking,
    };
    if !is_markup {
        out.push_str(text.get(start..end).unwrap_or_default());
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_display_text() {
        let mut scratch = String::from("left over from the last call");
        let cases = [
            ("**bold** and _em_ and *em*", "bold and em and em"),
            ("__strong__ ~~gone~~ ~5 min", "strong gone ~5 min"),
            (
                "\\[laughter\\] current\\_user\\_url",
                "[laughter] current_user_url",
            ),
            (
                "snake_case stays, 5 * 3 stays",
                "snake_case stays, 5 * 3 stays",
            ),
            (
                "see [the docs](https://example.test/a_(b)) now",
                "see the docs now",
            ),
            ("![a logo](logo.png) [**Bold link**](u)", "a logo Bold link"),
            ("`**kwargs` and ``a ` b``", "**kwargs and a ` b"),
            ("unclosed `tick and [bracket", "unclosed `tick and [bracket"),
            ("10<sup>8</sup> <br/> a < b > c", "108 a < b > c"),
            ("<https://example.test>", "https://example.test"),
            (
                "it&#39;s &quot;fine&quot; &amp; &lt;b&gt; &#x41;",
                "it's \"fine\" & <b> A",
            ),
            ("AT&T &unknown; &#0; &", "AT&T &unknown; \u{fffd} &"),
            ("  spaced \n  out  ", "spaced out"),
            ("trailing backslash \\", "trailing backslash \\"),
        ];
        for (input, want) in cases {
            assert_eq!(markdown_to_text(input, &mut scratch), want, "{input:?}");
        }
    }
}

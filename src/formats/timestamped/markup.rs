//! Display text from Markdown and HTML-ish fragments.
//!
//! Transcripts use a sliver of Markdown inside a paragraph: emphasis, code ticks, links, the odd
//! inline tag and a great many backslash escapes (`\[laughter\]`, `current\_user`), plus HTML
//! character references left by the exporting CMS (`&#39;`, `&quot;`). A full CommonMark parser
//! would also interpret block structure the paragraph splitter has already dealt with, so this
//! small inline pass is written by hand. It is lossy on purpose: a stray delimiter that a
//! renderer would show is removed here, which costs a `*` and never shows markup to a reader.

use crate::formats::entities::decode_entities;

/// How far a link's `]` or `)` may be from its `[` and still close it.
const MAX_LINK_TEXT: usize = 1_000;
const MAX_LINK_TARGET: usize = 2_000;
/// How far a code span's closing ticks may be from its opening ones.
const MAX_CODE_SPAN: usize = 1_000;
/// How far an inline tag's `>` may be from its `<`.
const MAX_TAG: usize = 200;

/// Display text of a Markdown fragment: emphasis, strike-through and code delimiters, link
/// targets, inline tags and backslash escapes removed; character references decoded; whitespace
/// collapsed.
pub(super) fn markdown_to_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    // For each open link: the index of its `]` and the index just past its `(target)`.
    let mut open_links: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if let Some(&(close, resume)) = open_links.last()
            && i >= close
        {
            open_links.pop();
            i = i.max(resume);
            continue;
        }
        match c {
            '\\' => match chars.get(i + 1) {
                Some(&next) if next.is_ascii_punctuation() => {
                    out.push(next);
                    i += 2;
                }
                _ => {
                    out.push('\\');
                    i += 1;
                }
            },
            '!' if chars.get(i + 1) == Some(&'[') && link_at(&chars, i + 1).is_some() => i += 1,
            '[' => {
                if let Some(link) = link_at(&chars, i) {
                    open_links.push(link);
                } else {
                    out.push('[');
                }
                i += 1;
            }
            '`' => i = code_span(&chars, i, &mut out),
            '<' => i = inline_tag(&chars, i, &mut out),
            '*' | '_' | '~' => i = delimiter_run(&chars, i, &mut out),
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    collapse_whitespace(&decode_entities(&out))
}

/// For a `[` at `open` that starts `[text](target)`: the index of `]` and the index after `)`.
fn link_at(chars: &[char], open: usize) -> Option<(usize, usize)> {
    let mut j = open + 1;
    let close = loop {
        match chars.get(j)? {
            '\\' => j += 2,
            '[' => return None,
            ']' => break j,
            _ => j += 1,
        }
        if j > open + MAX_LINK_TEXT {
            return None;
        }
    };
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    // Targets may hold balanced parentheses (`wiki/Foo_(bar)`).
    let mut depth = 0usize;
    let mut k = close + 2;
    loop {
        match chars.get(k)? {
            '(' => depth += 1,
            ')' if depth == 0 => return Some((close, k + 1)),
            ')' => depth -= 1,
            '\n' => return None,
            _ => {}
        }
        k += 1;
        if k > close + MAX_LINK_TARGET {
            return None;
        }
    }
}

/// A backtick run opens a code span when the same run closes it later: the content is kept as
/// written (escapes and emphasis do not apply inside). Returns where to continue.
fn code_span(chars: &[char], start: usize, out: &mut String) -> usize {
    let run = run_length(chars, start);
    let content_start = start + run;
    let mut j = content_start;
    let limit = chars.len().min(content_start.saturating_add(MAX_CODE_SPAN));
    while j < limit {
        let here = run_length(chars, j);
        if here == run && chars.get(j) == Some(&'`') {
            out.extend(chars.get(content_start..j).unwrap_or_default());
            return j + run;
        }
        j += here.max(1);
    }
    out.extend(chars.get(start..content_start).unwrap_or_default());
    content_start
}

/// The length of the run of the character at `start` (0 past the end).
fn run_length(chars: &[char], start: usize) -> usize {
    let Some(&c) = chars.get(start) else {
        return 0;
    };
    chars
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&x| x == c)
        .count()
}

/// `<tag ...>` and `</tag>` are dropped, `<https://...>` autolinks keep their address, and any
/// other `<` is text. Returns where to continue.
fn inline_tag(chars: &[char], start: usize, out: &mut String) -> usize {
    let end = chars
        .iter()
        .enumerate()
        .skip(start + 1)
        .take(MAX_TAG)
        .find(|(_, c)| matches!(c, '>' | '<' | '\n'))
        .filter(|(_, c)| **c == '>')
        .map(|(j, _)| j);
    let Some(end) = end else {
        out.push('<');
        return start + 1;
    };
    let inner: String = chars
        .get(start + 1..end)
        .unwrap_or_default()
        .iter()
        .collect();
    if ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| inner.starts_with(scheme))
    {
        out.push_str(&inner);
        return end + 1;
    }
    let name = inner.strip_prefix('/').unwrap_or(&inner);
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
fn delimiter_run(chars: &[char], start: usize, out: &mut String) -> usize {
    let run = run_length(chars, start);
    let end = start + run;
    let before = start.checked_sub(1).and_then(|j| chars.get(j)).copied();
    let after = chars.get(end).copied();
    let space_before = before.is_none_or(char::is_whitespace);
    let space_after = after.is_none_or(char::is_whitespace);
    let flanking = !(space_before && space_after);
    let is_markup = match chars.get(start) {
        Some('_') => {
            let intraword = before.is_some_and(char::is_alphanumeric)
                && after.is_some_and(char::is_alphanumeric);
            flanking && !intraword
        }
        Some('~') => flanking && run >= 2,
        _ => flanking,
    };
    if !is_markup {
        out.extend(chars.get(start..end).unwrap_or_default());
    }
    end
}

/// Runs of whitespace become one space; the ends are trimmed. (A plain loop: `split_whitespace`
/// is several times slower in the unoptimised builds the corpus tests run in.)
pub(super) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Whitespace-separated words in `text`.
pub(super) fn count_words(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        let starts_word = !c.is_whitespace() && !in_word;
        words += usize::from(starts_word);
        in_word = !c.is_whitespace();
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_display_text() {
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
            assert_eq!(markdown_to_text(input), want, "{input:?}");
        }
    }

    #[test]
    fn whitespace_and_words() {
        let cases = [
            ("", "", 0),
            ("  ", "", 0),
            (" a  b\t\nc ", "a b c", 3),
            ("one", "one", 1),
        ];
        for (input, collapsed, words) in cases {
            assert_eq!(collapse_whitespace(input), collapsed, "{input:?}");
            assert_eq!(count_words(input), words, "{input:?}");
        }
    }
}

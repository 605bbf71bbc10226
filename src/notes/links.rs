//! Wiki links (`[[residual stream]]`, `[[residual stream|the stream]]`, SPEC §4 "Links") and
//! web addresses (SPEC §4 "Quotes and sources") written in a note.
//!
//! Wiki links follow Obsidian: the target ends at the first `|`, and a `#heading` or `^block`
//! part of the target is dropped, so `[[residual stream#In the brain|stream]]` links the term
//! `residual stream` with the label `stream`. An embed (`![[x]]`) links like a link. A link never
//! spans lines, and a target that is empty once trimmed (`[[]]`, `[[#heading]]`) is no link.
//! Glossary terms that merely occur in the text are matched elsewhere, by the glossary matcher.
//!
//! A URL starts at `http://` or `https://` (any case) not glued to a preceding letter or digit
//! and runs to whitespace, `<`, `>`, `"`, a backtick or a control character. Trailing sentence
//! punctuation is trimmed (`.,;:!?'"*_` and `’”`), and so is a closing `)` or `]` that has no
//! opening partner inside the URL: `(see https://x.org/a)` and `[page](https://x.org/a)` give
//! `https://x.org/a`, while `https://en.wikipedia.org/wiki/Softmax_(function)` keeps its `)`.

use std::ops::Range;

use serde::Serialize;

/// The longest `[[...]]` looked for, so a line of unclosed `[[` stays linear.
const MAX_LINK_LEN: usize = 300;

/// An Obsidian wiki link: the linked term, its label when it has one, and the byte range of the
/// whole `[[...]]` in the note text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WikiLink {
    pub term: String,
    pub label: Option<String>,
    pub span: Range<usize>,
}

/// A web address and its byte range in the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Url {
    pub url: String,
    pub span: Range<usize>,
}

/// Every wiki link in `text`, in order. Code should already be masked by the caller.
pub fn find_wiki_links(text: &str) -> Vec<WikiLink> {
    let mut links = Vec::new();
    let mut from = 0;
    while let Some(offset) = text.get(from..).and_then(|rest| rest.find("[[")) {
        let open = from + offset;
        let inner_start = open + 2;
        let window_end = floor_char_boundary(text, (inner_start + MAX_LINK_LEN).min(text.len()));
        let window = text.get(inner_start..window_end).unwrap_or("");
        let close = window
            .find("]]")
            .filter(|&close| !window[..close].contains(['\n', '[']));
        match close.and_then(|close| link_from_inner(&window[..close], open, inner_start + close)) {
            Some(link) => {
                from = link.span.end;
                links.push(link);
            }
            None => from = open + 1,
        }
    }
    links
}

fn link_from_inner(inner: &str, open: usize, close: usize) -> Option<WikiLink> {
    let (target, label) = match inner.split_once('|') {
        Some((target, label)) => (target, Some(label.trim())),
        None => (inner, None),
    };
    let term = target.split(['#', '^']).next().unwrap_or("").trim();
    if term.is_empty() {
        return None;
    }
    Some(WikiLink {
        term: term.to_owned(),
        label: label.filter(|l| !l.is_empty()).map(str::to_owned),
        span: open..close + 2,
    })
}

/// Every `http(s)://` URL in `text`, in order, with trailing punctuation trimmed.
pub fn find_urls(text: &str) -> Vec<Url> {
    let bytes = text.as_bytes();
    let mut urls = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let scheme_len = if starts_with_ignore_case(rest, b"https://") {
            8
        } else if starts_with_ignore_case(rest, b"http://") {
            7
        } else {
            i += 1;
            continue;
        };
        let glued = text
            .get(..i)
            .and_then(|before| before.chars().next_back())
            .is_some_and(char::is_alphanumeric);
        let end = url_end(text, i, scheme_len);
        if glued || end <= i + scheme_len {
            i += scheme_len;
            continue;
        }
        if let Some(url) = text.get(i..end) {
            urls.push(Url {
                url: url.to_owned(),
                span: i..end,
            });
        }
        i = end;
    }
    urls
}

/// Where a URL starting at `start` ends, after trimming what belongs to the sentence around it.
fn url_end(text: &str, start: usize, scheme_len: usize) -> usize {
    let body_start = start + scheme_len;
    let raw_end = text
        .get(body_start..)
        .and_then(|rest| {
            rest.char_indices()
                .find(|&(_, c)| c.is_whitespace() || c.is_control() || "<>\"`".contains(c))
                .map(|(i, _)| body_start + i)
        })
        .unwrap_or(text.len());
    let mut url = text.get(start..raw_end).unwrap_or("");
    while let Some(last) = url.chars().next_back() {
        let unbalanced = match last {
            ')' => url.matches(')').count() > url.matches('(').count(),
            ']' => url.matches(']').count() > url.matches('[').count(),
            _ => ".,;:!?'\"*_’”".contains(last),
        };
        if !unbalanced || url.len() <= scheme_len {
            break;
        }
        url = &url[..url.len() - last.len_utf8()];
    }
    start + url.len()
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// The largest char boundary at or below `index` (`str::floor_char_boundary` is unstable).
pub(super) fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wiki_links() {
        let cases: &[(&str, &[(&str, Option<&str>, &str)])] = &[
            (
                "the [[residual stream]] is",
                &[("residual stream", None, "[[residual stream]]")],
            ),
            (
                "so [[superposition|the packing trick]] is",
                &[(
                    "superposition",
                    Some("the packing trick"),
                    "[[superposition|the packing trick]]",
                )],
            ),
            (
                "[[residual stream#In the brain|stream]]",
                &[(
                    "residual stream",
                    Some("stream"),
                    "[[residual stream#In the brain|stream]]",
                )],
            ),
            (
                "![[softmax]] and [[ MLP | ]]",
                &[
                    ("softmax", None, "[[softmax]]"),
                    ("MLP", None, "[[ MLP | ]]"),
                ],
            ),
            ("[[[x]]", &[("x", None, "[[x]]")]),
            ("[[]] [[#heading]] [[a\nb]] [[open", &[]),
            ("[[é]]ü", &[("é", None, "[[é]]")]),
        ];
        for (text, want) in cases {
            let got: Vec<(String, Option<String>, &str)> = find_wiki_links(text)
                .into_iter()
                .map(|l| (l.term, l.label, &text[l.span]))
                .collect();
            let want: Vec<(String, Option<String>, &str)> = want
                .iter()
                .map(|(t, l, s)| (t.to_string(), l.map(str::to_owned), *s))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn reads_urls_and_trims_punctuation() {
        let cases: &[(&str, &[&str])] = &[
            (
                "https://www.youtube.com/watch?v=UTuuTTnjxMQ https://www.dwarkeshpatel.com/p/sholto-douglas-trenton-bricken",
                &[
                    "https://www.youtube.com/watch?v=UTuuTTnjxMQ",
                    "https://www.dwarkeshpatel.com/p/sholto-douglas-trenton-bricken",
                ],
            ),
            ("see https://x.org/a.", &["https://x.org/a"]),
            ("(see https://x.org/a)", &["https://x.org/a"]),
            ("[page](https://x.org/a).", &["https://x.org/a"]),
            ("<https://x.org/a>", &["https://x.org/a"]),
            (
                "https://en.wikipedia.org/wiki/Softmax_(function), ok",
                &["https://en.wikipedia.org/wiki/Softmax_(function)"],
            ),
            ("HTTP://X.ORG/?q=1&t=4200!", &["HTTP://X.ORG/?q=1&t=4200"]),
            ("“https://x.org/é”", &["https://x.org/é"]),
            ("https:// nothing, xhttps://x.org, ftp://x.org", &[]),
        ];
        for (text, want) in cases {
            let got: Vec<String> = find_urls(text).into_iter().map(|u| u.url).collect();
            assert_eq!(&got, want, "{text:?}");
            for url in find_urls(text) {
                assert_eq!(&text[url.span], url.url);
            }
        }
    }
}

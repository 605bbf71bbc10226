//! `export --format srt`: SubRip, numbered cues, one per segment, the speaker as a `Name:`
//! prefix on every cue's first line (the Podcasting 2.0 convention, repeated on each cue so a
//! cue stands alone). SubRip has no escaping of its own; players read a few HTML tags and
//! entities, so only what would be taken for a tag or an entity is escaped, and `-->` (which
//! would read as a timing line) is written `->`.

use std::fmt::Write as _;

use super::document::Document;
use super::subtitles::{clock, cue_end, wrap};
use super::vtt::for_each_segment;

pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    let mut number = 0;
    for_each_segment(doc, |start, end, speaker, text| {
        number += 1;
        let _ = writeln!(
            out,
            "{number}\n{} --> {}",
            clock(start, ','),
            clock(cue_end(start, end), ',')
        );
        let text = match speaker {
            Some(name) => format!("{}: {text}", name.replace(':', " ")),
            None => text.to_string(),
        };
        for line in wrap(&text) {
            let _ = writeln!(out, "{}", escape(&line));
        }
        out.push('\n');
    });
    out
}

fn escape(line: &str) -> String {
    let line = line.replace("-->", "->");
    let mut out = String::with_capacity(line.len());
    let mut rest = line.as_str();
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        match c {
            '<' if after.starts_with(|n: char| n.is_ascii_alphabetic() || n == '/') => {
                out.push_str("&lt;");
            }
            '{' if after.starts_with('\\') => out.push_str("&#123;"),
            '&' if looks_like_entity(after) => out.push_str("&amp;"),
            c => out.push(c),
        }
        rest = after;
    }
    out
}

/// `&name;` or `&#123;`: what a player (or our own importer) would decode.
fn looks_like_entity(after: &str) -> bool {
    let body: String = after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !body.is_empty() && after[body.len()..].starts_with(';')
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_only_what_would_be_markup() {
        assert_eq!(escape("x < y & AT&T"), "x < y & AT&T");
        assert_eq!(
            escape("<i>no</i> &amp; {\\an8} a --> b"),
            "&lt;i>no&lt;/i> &amp;amp; &#123;\\an8} a -> b"
        );
    }
}

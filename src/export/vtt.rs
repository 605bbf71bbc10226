//! `export --format vtt`: WebVTT, one cue per segment, the speaker as a `<v Name>` voice span
//! on every cue (so each cue stands alone when a player seeks), text escaped as the WebVTT
//! cue-text syntax requires (`&`, `<`, `>`; which also keeps `-->` out of cue text).

use std::fmt::Write as _;

use super::document::Document;
use super::subtitles::{clock, cue_end, wrap};

pub fn render(doc: &Document) -> String {
    let mut out = String::from("WEBVTT\n");
    let _ = writeln!(out, "NOTE {}\n", one_line(&doc.title()));
    for_each_segment(doc, |start, end, speaker, text| {
        let _ = writeln!(
            out,
            "{} --> {}",
            clock(start, '.'),
            clock(cue_end(start, end), '.')
        );
        let lines = wrap(text);
        for (i, line) in lines.iter().enumerate() {
            match speaker {
                Some(name) if i == 0 => {
                    let _ = writeln!(out, "<v {}>{}", escape(name), escape(line));
                }
                _ => {
                    let _ = writeln!(out, "{}", escape(line));
                }
            }
        }
        out.push('\n');
    });
    out
}

/// Calls `cue` with every exported segment: start, end, the speaker's display name, text.
pub fn for_each_segment(doc: &Document, mut cue: impl FnMut(u64, u64, Option<&str>, &str)) {
    let segments = &doc.episode.transcript.segments;
    for slot in 0..doc.paragraphs.len() {
        let paragraph = doc.paragraph(slot);
        for segment in segments.get(paragraph.segments.clone()).unwrap_or_default() {
            if !doc.window.overlaps(segment.start, segment.end) || segment.text.trim().is_empty() {
                continue;
            }
            let speaker = segment
                .speaker
                .as_deref()
                .map(|label| doc.episode.speaker_name(label));
            cue(segment.start, segment.end, speaker, &segment.text);
        }
    }
}

/// A NOTE block may not contain `-->` or a blank line.
fn one_line(text: &str) -> String {
    text.replace("-->", "->").replace(['\n', '\r'], " ")
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

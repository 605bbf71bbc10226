//! `notes.md` text to notes (SPEC §4): the Markdown block structure comes from pulldown-cmark's
//! offset iterator, so every note keeps its exact byte range in the file.
//!
//! Which blocks are notes:
//!
//! - each item of a top-level list (`-`, `*`, `+`, `1.`, `1)`), nested lists and paragraphs
//!   included, so a nested item belongs to its parent;
//! - each top-level paragraph (a plain text file of paragraphs separated by blank lines is just
//!   that), block quote, or indented code block (an indented paragraph in a plain text file);
//! - not headings (the latest one is kept as the note's section), thematic breaks, fenced code
//!   blocks, HTML blocks or YAML front matter;
//! - not an empty block (quote markers alone are empty), nor a block made only of URLs (and
//!   separators such as `,` `|` `-` `<>`): such a line gives the file's URLs, like every other
//!   URL in the file.
//!
//! A note's text is its source as written, without the list marker and the spaces after it, and
//! without trailing whitespace. Code spans, code blocks and inline HTML inside a note are blanked
//! before looking for times, links and questions; wiki links and URLs are blanked before looking
//! for times, and URLs before looking for questions.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

use super::anchor::find_times;
use super::links::{find_urls, find_wiki_links};
use super::questions::find_questions;
use super::{Note, NotesFile, Question, TimeRef, WikiLink};

/// Characters that may stand between URLs on a line that is only URLs.
const URL_LINE_SEPARATORS: &str = "<>()[],;|-–—•*·/";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    List,
    Other,
}

/// A top-level block that may become a note, in the coordinates of the parsed text.
#[derive(Debug)]
struct Block {
    range: Range<usize>,
    is_item: bool,
    /// Code and HTML inside the block, never read for times, links or questions.
    masks: Vec<Range<usize>>,
    section: Option<String>,
    /// The depth of the open-container stack at which the block started.
    depth: usize,
}

/// Parses a notes file. Never fails: any text gives some (possibly empty) list of notes.
pub fn parse_notes(text: &str) -> NotesFile {
    // A byte-order mark would glue itself to the first block and hide a leading list marker.
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let blocks = blocks(&text[offset..]);
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut file = NotesFile {
        notes: Vec::new(),
        urls: Vec::new(),
    };
    for url in find_urls(text) {
        if !file.urls.contains(&url.url) {
            file.urls.push(url.url);
        }
    }
    for block in blocks {
        let range = trim_end(text, block.range.start + offset..block.range.end + offset);
        let (marker, text_start) = if block.is_item {
            split_marker(text, range.clone())
        } else {
            (None, range.start)
        };
        let text_range = text_start.min(range.end)..range.end;
        let Some(note_text) = text.get(text_range.clone()) else {
            continue;
        };
        // Quote markers alone (`>`, `> >`) are an empty block.
        let is_empty = note_text
            .trim_matches(|c: char| c == '>' || c.is_whitespace())
            .is_empty();
        if is_empty || is_only_urls(note_text) {
            continue;
        }
        let masks: Vec<Range<usize>> = block
            .masks
            .iter()
            .filter_map(|m| {
                let start = (m.start + offset).max(text_range.start);
                let end = (m.end + offset).min(text_range.end);
                (end > start).then(|| start - text_range.start..end - text_range.start)
            })
            .collect();
        let parts = read_parts(note_text, &masks);
        let note = Note {
            index: file.notes.len(),
            line: line_starts.partition_point(|&start| start <= range.start),
            range,
            text_range,
            text: note_text.to_owned(),
            marker,
            section: block.section,
            anchor: parts.anchor,
            times: parts.times,
            links: parts.links,
            questions: parts.questions,
            urls: parts.urls,
        };
        file.notes.push(note);
    }
    file
}

/// What a note's text says, in spans of that text.
struct Parts {
    anchor: Option<TimeRef>,
    times: Vec<TimeRef>,
    links: Vec<WikiLink>,
    questions: Vec<Question>,
    urls: Vec<String>,
}

/// Times, links, questions and URLs of one note's text; `masks` are code ranges in it.
fn read_parts(text: &str, masks: &[Range<usize>]) -> Parts {
    let without_code = blank(text, masks);
    let links = find_wiki_links(&without_code);
    let found_urls = find_urls(text);
    let url_spans: Vec<Range<usize>> = found_urls.iter().map(|u| u.span.clone()).collect();
    let for_questions = blank(&without_code, &url_spans);
    let link_spans: Vec<Range<usize>> = links.iter().map(|l| l.span.clone()).collect();
    let for_times = blank(&for_questions, &link_spans);
    let mut times = find_times(&for_times);
    let anchor = (!times.is_empty()).then(|| times.remove(0));
    let questions = find_questions(text, &for_questions, &links);
    let mut urls: Vec<String> = Vec::new();
    for url in found_urls {
        if !urls.contains(&url.url) {
            urls.push(url.url);
        }
    }
    Parts {
        anchor,
        times,
        links,
        questions,
        urls,
    }
}

/// The top-level blocks of `text` that may be notes.
fn blocks(text: &str) -> Vec<Block> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    let mut blocks = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut current: Option<Block> = None;
    let mut section: Option<String> = None;
    let mut heading: Option<String> = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                let depth = stack.len();
                let starts_note = match &tag {
                    Tag::Item => depth == 1 && stack[0] == Open::List,
                    Tag::Paragraph | Tag::BlockQuote(_) => depth == 0,
                    Tag::CodeBlock(CodeBlockKind::Indented) => depth == 0,
                    _ => false,
                };
                if starts_note {
                    current = Some(Block {
                        range: range.clone(),
                        is_item: matches!(tag, Tag::Item),
                        masks: Vec::new(),
                        section: section.clone(),
                        depth,
                    });
                } else if let Some(block) = current.as_mut() {
                    if matches!(tag, Tag::CodeBlock(_) | Tag::HtmlBlock) {
                        block.masks.push(range.clone());
                    }
                }
                if depth == 0 && matches!(tag, Tag::Heading { .. }) {
                    heading = Some(String::new());
                }
                stack.push(if matches!(tag, Tag::List(_)) {
                    Open::List
                } else {
                    Open::Other
                });
            }
            Event::End(_) => {
                stack.pop();
                if current.as_ref().is_some_and(|b| b.depth == stack.len()) {
                    blocks.extend(current.take());
                }
                if stack.is_empty() {
                    if let Some(title) = heading.take() {
                        let title = title.trim();
                        section = (!title.is_empty()).then(|| title.to_owned());
                    }
                }
            }
            Event::Text(content) | Event::Code(content) if heading.is_some() => {
                if let Some(title) = heading.as_mut() {
                    title.push_str(&content);
                }
            }
            Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) => {
                if let Some(block) = current.as_mut() {
                    block.masks.push(range);
                }
            }
            _ => {}
        }
    }
    blocks
}

/// Splits a list item into its marker (`-`, `1.`) and the start of its text.
fn split_marker(text: &str, range: Range<usize>) -> (Option<String>, usize) {
    let Some(item) = text.get(range.clone()) else {
        return (None, range.start);
    };
    let indent = item.len() - item.trim_start_matches([' ', '\t']).len();
    let rest = &item[indent..];
    let marker_len = if rest.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest.as_bytes().get(digits) {
            Some(b'.' | b')') if digits > 0 => digits + 1,
            _ => 0,
        }
    };
    if marker_len == 0 {
        return (None, range.start);
    }
    let marker = &rest[..marker_len];
    let after = &rest[marker_len..];
    let spaces = after.len() - after.trim_start().len();
    (
        Some(marker.to_owned()),
        range.start + indent + marker_len + spaces,
    )
}

/// `range` without its trailing whitespace.
fn trim_end(text: &str, range: Range<usize>) -> Range<usize> {
    match text.get(range.clone()) {
        Some(slice) => range.start..range.start + slice.trim_end().len(),
        None => range.start..range.start,
    }
}

/// A copy of `text` with every character inside `ranges` replaced by spaces (as many as its
/// bytes), so byte offsets stay valid.
fn blank(text: &str, ranges: &[Range<usize>]) -> String {
    if ranges.is_empty() {
        return text.to_owned();
    }
    text.char_indices()
        .flat_map(|(i, c)| {
            let masked = ranges.iter().any(|r| r.contains(&i));
            let (c, count) = if masked { (' ', c.len_utf8()) } else { (c, 1) };
            std::iter::repeat_n(c, count)
        })
        .collect()
}

/// Whether `text` holds URLs and nothing else but separators.
fn is_only_urls(text: &str) -> bool {
    let urls = find_urls(text);
    if urls.is_empty() {
        return false;
    }
    let spans: Vec<Range<usize>> = urls.into_iter().map(|u| u.span).collect();
    blank(text, &spans)
        .chars()
        .all(|c| c.is_whitespace() || URL_LINE_SEPARATORS.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::Anchor;

    #[test]
    fn an_empty_block_quote_is_not_a_note() {
        // Pinning a time into `>` would make the next line its lazy continuation (found by the
        // property tests): an empty quote is as empty as an empty item.
        for text in [">\n", "> >\n\n", "- >\n", ">\n  continued under the item"] {
            let texts: Vec<String> = parse_notes(text)
                .notes
                .into_iter()
                .map(|n| n.text)
                .collect();
            assert!(
                texts.iter().all(|t| !t.trim().starts_with('>')),
                "{text:?}: {texts:?}"
            );
        }
    }

    #[test]
    fn splits_notes_by_block() {
        let text = "---\ntitle: x\n---\n# Episode\n\nhttps://youtu.be/abc <https://x.org/p>\n\n\
                    - first `1:10` item\n  continued\n  - nested 2:00\n\n- second\n\n1. ordered\n\
                    2) other\n\n## Part two\n\nA paragraph\nover two lines.\n\n    indented\n\n\
                    > quoted\n> 3:00\n\n```\n4:00 code\n```\n\n-\n\n---\n\n<div>html</div>\n";
        let file = parse_notes(text);
        let got: Vec<(usize, &str, Option<&str>, Option<&str>)> = file
            .notes
            .iter()
            .map(|n| {
                (
                    n.line,
                    n.text.as_str(),
                    n.marker.as_deref(),
                    n.section.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    8,
                    "first `1:10` item\n  continued\n  - nested 2:00",
                    Some("-"),
                    Some("Episode")
                ),
                (12, "second", Some("-"), Some("Episode")),
                (14, "ordered", Some("1."), Some("Episode")),
                (15, "other", Some("2)"), Some("Episode")),
                (19, "A paragraph\nover two lines.", None, Some("Part two")),
                (22, "indented", None, Some("Part two")),
                (24, "> quoted\n> 3:00", None, Some("Part two")),
            ]
        );
        for (i, note) in file.notes.iter().enumerate() {
            assert_eq!(note.index, i);
            assert_eq!(&text[note.text_range.clone()], note.text);
            assert!(note.range.start <= note.text_range.start);
            assert_eq!(note.range.end, note.text_range.end);
        }
        // The code span is ignored; the nested item's time belongs to its parent.
        assert_eq!(
            file.notes[0].anchor.as_ref().map(|t| t.time),
            Some(Anchor::At(120_000))
        );
        assert_eq!(file.urls, vec!["https://youtu.be/abc", "https://x.org/p"]);
    }

    #[test]
    fn note_parts_are_found_in_the_text_as_written() {
        let text = "- [1:10:00] see [[residual stream|the stream]] at 1:20:00, https://x.org/a?t=5:00 \
                    and `9:00` [[GPT 2:00]]. Softmax?\n";
        let file = parse_notes(text);
        let note = &file.notes[0];
        let anchor = note.anchor.as_ref().unwrap();
        assert_eq!(anchor.time, Anchor::At(4_200_000));
        assert_eq!(&note.text[anchor.span.clone()], "[1:10:00]");
        let later: Vec<Anchor> = note.times.iter().map(|t| t.time).collect();
        assert_eq!(later, vec![Anchor::At(4_800_000)]);
        assert_eq!(note.links[0].term, "residual stream");
        assert_eq!(note.links[0].label.as_deref(), Some("the stream"));
        assert_eq!(
            &note.text[note.links[0].span.clone()],
            "[[residual stream|the stream]]"
        );
        assert_eq!(note.urls, vec!["https://x.org/a?t=5:00"]);
        assert_eq!(note.questions.len(), 1);
        assert_eq!(note.questions[0].terms, vec!["softmax"]);
    }

    #[test]
    fn handles_bom_and_crlf() {
        let text = "\u{feff}- one 1:00\r\n- two\r\n";
        let file = parse_notes(text);
        let texts: Vec<&str> = file.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, vec!["one 1:00", "two"]);
        assert_eq!(file.notes[1].line, 2);
    }

    #[test]
    fn url_lines_are_not_notes_but_links_with_words_are() {
        let file = parse_notes(
            "https://a.org, https://b.org\n\n- https://c.org\n\n[Episode page](https://d.org)\n",
        );
        assert_eq!(file.notes.len(), 1);
        assert_eq!(file.notes[0].text, "[Episode page](https://d.org)");
        assert_eq!(
            file.urls,
            vec![
                "https://a.org",
                "https://b.org",
                "https://c.org",
                "https://d.org"
            ]
        );
    }

    #[test]
    fn blank_keeps_offsets() {
        let text = "é `ü` x";
        let code = 3..7;
        let masked = blank(text, std::slice::from_ref(&code));
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked, "é      x");
    }
}

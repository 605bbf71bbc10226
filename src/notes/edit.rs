//! The only two writes podgloss makes to a notes file (SPEC §4): appending a note and pinning an
//! anchor. Both are pure text transformations; every byte of the original file survives, in
//! order, and only the added bytes are new.
//!
//! - [`append_note`] follows the file's own style, read from its last note: a list item with the
//!   same marker (the next number for an ordered list) or a paragraph; a list item in a file with
//!   no notes. A paragraph, or an item after a loose list (items separated by blank lines) or
//!   after other blocks, goes after a blank line; an item that continues a tight list at the end
//!   of the file goes on the next line, so the list stays tight. Line endings follow the file
//!   (CRLF if it has any). The new text is trimmed; in a list item its later lines are indented
//!   under the marker; in a paragraph blank lines are dropped so it stays one note, and a first
//!   line that would start a heading, fence or HTML block is escaped with `\`.
//! - [`pin_anchor`] writes `[H:MM:SS] ` at the start of a note's text: after indentation, quote
//!   markers, the list marker and its spaces, and a task box (`[ ] `). A note that already has a
//!   time keeps it, as a later link: the pinned time comes first, so it anchors.

use std::ops::Range;

use crate::model::Millis;
use crate::model::time::format_time_long;

use super::parse_notes;

/// `file_text` with `note_text` added as a new note at the end.
pub fn append_note(file_text: &str, note_text: &str) -> String {
    let appended = append_to(file_text, note_text);
    let Some(closing_line) = unclosed_fence(file_text).or_else(|| unclosed_html_block(file_text))
    else {
        return appended;
    };
    // A fenced code block, or an HTML block that ends only at a marker (`-->`, `?>`, ...), left
    // open at the end of the file runs to its end, so the note would be code or HTML, not a note
    // (found by the property tests). It is closed first: bytes are added, none changed.
    let adds_a_note =
        |after: &str| parse_notes(after).notes.len() > parse_notes(file_text).notes.len();
    if adds_a_note(&appended) {
        return appended;
    }
    let newline = if file_text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut closed = file_text.to_owned();
    if !closed.ends_with('\n') {
        closed.push_str(newline);
    }
    closed.push_str(&closing_line);
    closed.push_str(newline);
    let fixed = append_to(&closed, note_text);
    if adds_a_note(&fixed) { fixed } else { appended }
}

/// The source of the last block of `text` of the kind `wanted` picks, when that block runs to
/// the end of the file. Markdown decides what is a block (a fence inside an HTML block is not),
/// and front matter between `---` lines is not Markdown, as `parse_notes` reads the file.
fn last_block_at_end(text: &str, wanted: impl Fn(&pulldown_cmark::Tag) -> bool) -> Option<&str> {
    use pulldown_cmark::{Event, Options, Parser};
    let block = Parser::new_ext(text, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(tag) if wanted(&tag) => Some(range),
            _ => None,
        })
        .last()?;
    let raw = text.get(block.clone())?;
    text[block.end..].trim().is_empty().then_some(raw)
}

/// A block's line without its indentation and the container markers before it (`>`, `-`, `1.`).
fn without_container_markers(line: &str) -> &str {
    line.trim_start_matches(|c: char| " \t>-*+.)0123456789".contains(c))
}

/// The closing fence of a fenced code block (`` ``` `` or `~~~`) that is still open at the end
/// of `text`, if one is. The block's first line gives the fence.
fn unclosed_fence(text: &str) -> Option<String> {
    use pulldown_cmark::{CodeBlockKind, Tag};
    let raw = last_block_at_end(text, |tag| {
        matches!(tag, Tag::CodeBlock(CodeBlockKind::Fenced(_)))
    })?;
    let fence_of = |line: &str| {
        let line = without_container_markers(line);
        let mark = line.chars().next().filter(|c| matches!(c, '`' | '~'))?;
        let run = line.len() - line.trim_start_matches(mark).len();
        (run >= 3).then_some((mark, run, line[run..].trim().is_empty()))
    };
    let (mark, run, _) = fence_of(raw.lines().next()?)?;
    let closed = raw.lines().count() > 1
        && raw
            .lines()
            .last()
            .and_then(fence_of)
            .is_some_and(|(m, r, bare)| m == mark && r >= run && bare);
    (!closed).then(|| mark.to_string().repeat(run))
}

/// The closing marker of an HTML block still open at the end of `text`, if one is: CommonMark's
/// kinds 1 to 5 (`<script`, `<pre`, `<style`, `<textarea`; `<!--`; `<?`; `<!X`; `<![CDATA[`)
/// end only at a line that contains their marker, not at a blank line. The block ends at the
/// first such line, so it is open when its last line has none.
fn unclosed_html_block(text: &str) -> Option<String> {
    let raw = last_block_at_end(text, |tag| matches!(tag, pulldown_cmark::Tag::HtmlBlock))?;
    let start = without_container_markers(raw.lines().next()?).to_ascii_lowercase();
    let closing = if start.starts_with("<!--") {
        "-->".to_owned()
    } else if start.starts_with("<![cdata[") {
        "]]>".to_owned()
    } else if start.starts_with("<!") && start[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        ">".to_owned()
    } else if start.starts_with("<?") {
        "?>".to_owned()
    } else {
        // The spec lets any of the four end tags close any of these blocks; pulldown-cmark,
        // which reads the notes, wants the one that matches, and so does this.
        ["script", "pre", "style", "textarea"]
            .into_iter()
            .find(|name| {
                let after = start.strip_prefix('<').and_then(|s| s.strip_prefix(name));
                after.is_some_and(|after| {
                    after.is_empty() || after.starts_with(|c: char| c == '>' || c.is_whitespace())
                })
            })
            .map(|name| format!("</{name}>"))?
    };
    let closed = raw.lines().last()?.to_ascii_lowercase().contains(&closing);
    (!closed).then_some(closing)
}

fn append_to(file_text: &str, note_text: &str) -> String {
    let note_text = note_text.trim();
    if note_text.is_empty() {
        return file_text.to_owned();
    }
    let newline = if file_text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let file = parse_notes(file_text);
    let last = file.notes.last();
    let marker = match last {
        None => Some("-".to_owned()),
        Some(note) => note.marker.as_deref().map(next_marker),
    };
    let continues_tight_list = last.is_some_and(|note| {
        let at_end = file_text[note.range.end..].trim().is_empty();
        let previous = note.index.checked_sub(1).and_then(|i| file.notes.get(i));
        let loose = previous.is_some_and(|prev| {
            prev.marker.is_some() && has_blank_line(&file_text[prev.range.end..note.range.start])
        });
        note.marker.is_some() && at_end && !loose
    });

    let mut out = String::with_capacity(file_text.len() + note_text.len() + 8);
    out.push_str(file_text);
    if !file_text.trim().is_empty() {
        if !file_text.ends_with('\n') {
            out.push_str(newline);
        }
        if !continues_tight_list && !ends_with_blank_line(file_text) {
            out.push_str(newline);
        }
    }
    let lines: Vec<&str> = note_text.lines().map(str::trim_end).collect();
    match marker {
        Some(marker) => {
            let indent = " ".repeat(marker.len() + 1);
            out.push_str(&marker);
            out.push(' ');
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    out.push_str(newline);
                    if !line.is_empty() {
                        out.push_str(&indent);
                    }
                }
                out.push_str(line);
            }
        }
        None => {
            let mut lines = lines.into_iter().filter(|l| !l.trim().is_empty());
            if let Some(first) = lines.next() {
                let first = first.trim_start();
                if starts_other_block(first) {
                    out.push('\\');
                }
                out.push_str(first);
            }
            for line in lines {
                out.push_str(newline);
                // A line of `===` or `---` would turn the paragraph into a heading.
                if line.trim().chars().all(|c| c == '=' || c == '-') {
                    out.push('\\');
                }
                out.push_str(line);
            }
        }
    }
    out.push_str(newline);
    out
}

/// `file_text` with `[H:MM:SS] ` inserted at the start of the text of the note whose block is
/// `note_range` ([`super::Note::range`]). `None` when the range is not in the file or not on
/// character boundaries (the file changed since it was parsed): the caller must re-read.
pub fn pin_anchor(file_text: &str, note_range: Range<usize>, time: Millis) -> Option<String> {
    let block = file_text.get(note_range.clone())?;
    let at = note_range.start + text_offset(block);
    let stamp = format!("[{}] ", format_time_long(time));
    let mut out = String::with_capacity(file_text.len() + stamp.len());
    out.push_str(&file_text[..at]);
    out.push_str(&stamp);
    out.push_str(&file_text[at..]);
    Some(out)
}

/// Where a block's own text starts: past indentation, `>` quote markers, a list marker and a
/// task box.
fn text_offset(block: &str) -> usize {
    let mut rest = block.trim_start_matches([' ', '\t']);
    while let Some(after) = rest.strip_prefix('>') {
        rest = after.trim_start_matches([' ', '\t']);
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker_len = if rest.starts_with(['-', '*', '+']) {
        1
    } else if (1..=9).contains(&digits) && matches!(rest.as_bytes().get(digits), Some(b'.' | b')'))
    {
        digits + 1
    } else {
        0
    };
    let after_marker = &rest[marker_len..];
    if marker_len > 0 && (after_marker.is_empty() || after_marker.starts_with(char::is_whitespace))
    {
        rest = after_marker.trim_start();
        for task_box in ["[ ] ", "[x] ", "[X] "] {
            if let Some(after) = rest.strip_prefix(task_box) {
                rest = after.trim_start();
                break;
            }
        }
    }
    block.len() - rest.len()
}

/// `3.` → `4.`, `9)` → `10)`; bullets stay as they are.
fn next_marker(marker: &str) -> String {
    let digits = marker.trim_end_matches(['.', ')']);
    match digits.parse::<u64>() {
        Ok(n) if n < 999_999_999 => format!("{}{}", n + 1, &marker[digits.len()..]),
        _ => marker.to_owned(),
    }
}

/// Whether `text`, whitespace between two blocks, holds an empty line.
fn has_blank_line(text: &str) -> bool {
    text.matches('\n').count() >= 2
}

/// Whether `text` ends with an empty line (after its last non-blank character).
fn ends_with_blank_line(text: &str) -> bool {
    let tail = &text[text.trim_end().len()..];
    tail.matches('\n').count() >= 2
}

/// Whether a paragraph's first line would start something else than a paragraph.
fn starts_other_block(line: &str) -> bool {
    let rule = line
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>();
    let is_rule = rule.len() >= 3
        && (rule.chars().all(|c| c == '-')
            || rule.chars().all(|c| c == '*')
            || rule.chars().all(|c| c == '_'));
    line.starts_with('#')
        || line.starts_with('<')
        || line.starts_with("```")
        || line.starts_with("~~~")
        || is_rule
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The added bytes, asserting that the original is an untouched prefix.
    fn appended<'a>(before: &str, after: &'a str) -> &'a str {
        assert!(
            after.starts_with(before),
            "{before:?} is not kept in {after:?}"
        );
        &after[before.len()..]
    }

    #[test]
    fn appends_in_the_file_style() {
        let cases = [
            ("", "Softmax?", "- Softmax?\n"),
            ("- a\n- b\n", "c", "- c\n"),
            ("- a\n- b", "c", "\n- c\n"),
            ("- a\n\n- b\n", "c", "\n- c\n"),
            ("* a\n", "c", "* c\n"),
            ("1. a\n2. b\n", "c", "3. c\n"),
            ("9) a\n", "c", "10) c\n"),
            ("First.\n\nSecond.\n", "Third?", "\nThird?\n"),
            ("First.\n\nSecond.", "Third?", "\n\nThird?\n"),
            ("First.\n\n\n", "Third?", "Third?\n"),
            ("- a\n\nA paragraph.\n", "c", "\nc\n"),
            ("A paragraph.\n\n- a\n", "c", "- c\n"),
            ("- a\n\n# Later\n", "c", "\n- c\n"),
            (
                "- a\n",
                "  two\nlines\n\nthree  ",
                "- two\n  lines\n\n  three\n",
            ),
            ("p\n", "two\n\nlines", "\ntwo\nlines\n"),
            (
                "p\n",
                "# not a heading\n---",
                "\n\\# not a heading\n\\---\n",
            ),
            ("- a\r\n- b\r\n", "c\nd", "- c\r\n  d\r\n"),
            ("- a\n", "   ", ""),
        ];
        for (before, note, want) in cases {
            let after = append_note(before, note);
            assert_eq!(appended(before, &after), want, "{before:?} + {note:?}");
        }
    }

    #[test]
    fn an_open_code_block_at_the_end_is_closed_before_the_note() {
        for (before, want) in [
            ("```", "\n```\n\n- a\n"),
            ("- x\n\n~~~~ python\nprint()\n", "~~~~\n\n- a\n"),
            ("```\ncode\n```\n", "\n- a\n"),
            ("<div>\n```\n\n```", "\n```\n\n- a\n"),
        ] {
            let after = append_note(before, "a");
            assert_eq!(appended(before, &after), want, "{before:?}");
            assert_eq!(parse_notes(&after).notes.last().unwrap().text, "a");
        }
    }

    #[test]
    fn an_open_html_block_at_the_end_is_closed_before_the_note() {
        // CommonMark HTML blocks of kinds 1-5 run to a closing marker, not to a blank line.
        for (before, want) in [
            ("- x\n\n<!-- a comment", "\n-->\n\n- a\n"),
            ("<?php echo 1;\n", "?>\n\n- a\n"),
            ("<script>\nlet x = 1;\n\n", "</script>\n\n- a\n"),
            ("<PRE class=x>\ntext", "\n</pre>\n\n- a\n"),
            ("<style\n\nb {}", "\n</style>\n\n- a\n"),
            ("<textarea>\n", "</textarea>\n\n- a\n"),
            ("<!DOCTYPE html\n\n", ">\n\n- a\n"),
            ("<![CDATA[ x\n\ny", "\n]]>\n\n- a\n"),
            ("- x\r\n<!--\r\n", "-->\r\n\r\n- a\r\n"),
            ("<!-- closed -->\n", "\n- a\n"),
            ("<!--\nstill open --\n> -->\n", "\n- a\n"),
        ] {
            let after = append_note(before, "a");
            assert_eq!(appended(before, &after), want, "{before:?}");
            assert_eq!(parse_notes(&after).notes.last().unwrap().text, "a");
        }
    }

    #[test]
    fn appended_note_is_the_new_last_note() {
        for before in ["", "- a\n- b\n", "Para one.\n\nPara two.", "# H\n\n1. x\n"] {
            let after = append_note(before, "What's [[distillation]] at 1:02:03?");
            let notes = parse_notes(&after).notes;
            let last = notes.last().unwrap();
            assert_eq!(last.text, "What's [[distillation]] at 1:02:03?");
            assert_eq!(notes.len(), parse_notes(before).notes.len() + 1);
        }
    }

    #[test]
    fn pins_after_the_marker_only() {
        let cases = [
            ("- a note\n", "- [1:02:03] a note\n"),
            ("  * a note", "  * [1:02:03] a note"),
            ("12. a note", "12. [1:02:03] a note"),
            ("- [ ] a task", "- [ ] [1:02:03] a task"),
            ("> quoted", "> [1:02:03] quoted"),
            ("A paragraph.", "[1:02:03] A paragraph."),
            ("-1 is negative", "[1:02:03] -1 is negative"),
        ];
        for (before, want) in cases {
            let range = 0..before.trim_end().len();
            assert_eq!(
                pin_anchor(before, range, 3_723_000).as_deref(),
                Some(want),
                "{before:?}"
            );
        }
    }

    #[test]
    fn pinning_changes_only_the_inserted_bytes() {
        let text = "# Notes\n\n- first 1:00\n- second note\n  more\n- third\n";
        let file = parse_notes(text);
        let second = &file.notes[1];
        let after = pin_anchor(text, second.range.clone(), 250_000).unwrap();
        let at = second.text_range.start;
        assert_eq!(&after[..at], &text[..at]);
        assert_eq!(&after[at..at + 10], "[0:04:10] ");
        assert_eq!(&after[at + 10..], &text[at..]);
        let pinned = parse_notes(&after);
        assert_eq!(
            pinned.notes[1].anchor.as_ref().map(|a| a.time),
            Some(super::super::Anchor::At(250_000))
        );
        assert_eq!(pinned.notes.len(), 3);
    }

    #[test]
    fn refuses_a_range_that_is_not_in_the_file() {
        assert_eq!(pin_anchor("- é", 3..4, 0), None);
        assert_eq!(pin_anchor("- a", 2..9, 0), None);
    }
}

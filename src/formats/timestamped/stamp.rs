//! Recognising time stamps: where they may stand (start of a line, inside square brackets, after
//! a speaker name) and what their inside may look like.
//!
//! The inside is stricter than [`parse_time`]: at least one colon (a bare `[12]` is a footnote),
//! the leading field 1–3 digits (`104:15` is minutes over 59), every later field exactly two
//! digits. `HH:MM:SS:FF` carries a frame count as its fourth field; the frame rate is unknown
//! and a frame is under a second, so the field is dropped. Stray backslashes inside the
//! brackets (`\[\\00:48:07.00\\\]`, doubly escaped by some Markdown exporters) are ignored.

use crate::model::{Millis, parse_time};

/// The longest bracket content worth trying as a stamp (`\\00:00:00.000\\\` and a little slack).
const MAX_STAMP_LEN: usize = 24;
/// How far a `(url)` after a `[00:12]` link may reach and still be skipped with it.
const MAX_URL_LEN: usize = 2_000;

/// Reads a stamp's inside: `MM:SS`, `H:MM:SS`, `HH:MM:SS.ff`, `HH:MM:SS:FF`, `104:15`.
pub(super) fn parse_clock(text: &str) -> Option<Millis> {
    if text.len() > MAX_STAMP_LEN {
        return None;
    }
    let cleaned: String = text.chars().filter(|&c| c != '\\').collect();
    let cleaned = cleaned.trim();
    let (clock, fraction) = match cleaned.split_once(['.', ',']) {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (cleaned, None),
    };
    let fields: Vec<&str> = clock.split(':').collect();
    let lead_max = if fields.len() == 2 { 3 } else { 2 };
    let well_formed = (2..=4).contains(&fields.len())
        && fields.iter().all(|f| f.bytes().all(|b| b.is_ascii_digit()))
        && fields.iter().enumerate().all(|(i, f)| {
            if i == 0 {
                (1..=lead_max).contains(&f.len())
            } else {
                f.len() == 2
            }
        })
        && !(fields.len() == 4 && fraction.is_some());
    if !well_formed {
        return None;
    }
    let clock_fields = fields.get(..3.min(fields.len()))?;
    let mut normal = clock_fields.join(":");
    if let Some(fraction) = fraction {
        normal.push('.');
        normal.push_str(fraction);
    }
    parse_time(&normal)
}

/// A bracketed stamp at the very start of `text`: `[00:12]`, `\[00:12\]`, `[00:12](url)`, and,
/// when `parentheses` is set, `(00:12)`. Returns the time and the text after the stamp.
pub(super) fn bracketed_stamp_at_start(text: &str, parentheses: bool) -> Option<(Millis, &str)> {
    let (close, after_open) = if let Some(rest) = text.strip_prefix("\\[") {
        (']', rest)
    } else if let Some(rest) = text.strip_prefix('[') {
        (']', rest)
    } else if let Some(rest) = text.strip_prefix('(').filter(|_| parentheses) {
        (')', rest)
    } else {
        return None;
    };
    // Bounded, so a line of a thousand `[` stays linear.
    let end = after_open
        .char_indices()
        .take(MAX_STAMP_LEN + 1)
        .find(|&(_, c)| c == close)
        .map(|(i, _)| i)?;
    let time = parse_clock(after_open.get(..end)?)?;
    let rest = after_open.get(end + 1..)?;
    Some((time, skip_link_target(rest)))
}

/// Drops the `(url)` of a `[00:12](url)` link, so a stamp written as a link reads as a stamp.
fn skip_link_target(rest: &str) -> &str {
    let Some(target) = rest.strip_prefix('(') else {
        return rest;
    };
    let end = target
        .char_indices()
        .take(MAX_URL_LEN)
        .find(|&(_, c)| c == ')' || c.is_whitespace());
    match end {
        Some((end, ')')) => target.get(end + 1..).unwrap_or(""),
        _ => rest,
    }
}

/// A stamp at the start of a line, bracketed, parenthesised or bare (`00:00:04 text`,
/// `0:04 text`), and the text after it. A bare stamp must be followed by whitespace or the end of
/// the line, so `10:30am` is not one. The separator after a stamp (`-`, `|`, `:`) is left in
/// place: see [`strip_separator`].
pub(super) fn leading_stamp(line: &str) -> Option<(Millis, &str)> {
    if let Some(found) = bracketed_stamp_at_start(line, true) {
        return Some(found);
    }
    let token_end = line
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | ',')))
        .unwrap_or(line.len());
    let token = line.get(..token_end)?;
    let rest = line.get(token_end..)?;
    let token = token.trim_end_matches([',', '.']);
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((parse_clock(token)?, rest))
}

/// Removes the punctuation some tools put between a stamp and its text (`00:12 - text`,
/// `[00:12] | text`, `(00:12): text`).
pub(super) fn strip_separator(rest: &str) -> &str {
    let rest = rest.trim_start();
    for separator in ["-", "–", "—", "|", ":"] {
        if let Some(after) = rest.strip_prefix(separator)
            && (after.is_empty() || after.starts_with(char::is_whitespace))
        {
            return after.trim_start();
        }
    }
    rest
}

/// A stamp in square brackets anywhere in a line: its byte range and time.
struct InlineStamp {
    start: usize,
    end: usize,
    time: Millis,
}

fn inline_stamps(text: &str) -> Vec<InlineStamp> {
    let mut stamps = Vec::new();
    let mut search_from = 0;
    while let Some(offset) = text.get(search_from..).and_then(|rest| rest.find('[')) {
        let open = search_from + offset;
        let escaped = open > 0 && text.as_bytes().get(open - 1) == Some(&b'\\');
        let start = if escaped { open - 1 } else { open };
        let candidate = text.get(start..).unwrap_or("");
        match bracketed_stamp_at_start(candidate, false) {
            Some((time, rest)) => {
                let end = text.len() - rest.len();
                stamps.push(InlineStamp { start, end, time });
                search_from = end;
            }
            None => search_from = open + 1,
        }
    }
    stamps
}

/// True when `text` holds at least one square-bracketed stamp.
pub(super) fn has_inline_stamp(text: &str) -> bool {
    !inline_stamps(text).is_empty()
}

/// True when `text` holds a backslash-escaped stamp (`\[04:14\]`), the Markdown exporters' mark.
pub(super) fn has_escaped_stamp(text: &str) -> bool {
    inline_stamps(text)
        .iter()
        .any(|stamp| text.as_bytes().get(stamp.start) == Some(&b'\\'))
}

/// Cuts `text` at every square-bracketed stamp: the text before the first stamp, then each stamp
/// with the text that follows it up to the next.
pub(super) fn split_at_stamps(text: &str) -> (&str, Vec<(Millis, &str)>) {
    let stamps = inline_stamps(text);
    let head_end = stamps.first().map_or(text.len(), |s| s.start);
    let head = text.get(..head_end).unwrap_or("");
    let pieces = stamps
        .iter()
        .enumerate()
        .map(|(i, stamp)| {
            let next = stamps.get(i + 1).map_or(text.len(), |s| s.start);
            (stamp.time, text.get(stamp.end..next).unwrap_or(""))
        })
        .collect();
    (head, pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_stamp_form() {
        let cases = [
            ("00:04", Some(4_000)),
            ("0:04", Some(4_000)),
            ("12:34", Some(754_000)),
            ("1:02:03", Some(3_723_000)),
            ("00:12:34", Some(754_000)),
            ("104:15", Some(6_255_000)),
            ("01:02:03.45", Some(3_723_450)),
            ("00:01:02.5", Some(62_500)),
            ("00:20:18:08", Some(1_218_000)),
            ("\\00:48:07.00\\\\", Some(2_887_000)),
            (" 00:10 ", Some(10_000)),
            ("12", None),
            ("1:2", None),
            ("1:60", None),
            ("1234:00", None),
            ("00:00:00:00:00", None),
            ("00:20:18:08.5", None),
            ("unintelligible 01:05:48.13", None),
            ("a:bc", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_clock(input), want, "{input:?}");
        }
    }

    #[test]
    fn finds_a_stamp_at_the_start_of_a_line() {
        let cases = [
            ("00:00:04 text", Some((4_000, " text"))),
            ("0:04", Some((4_000, ""))),
            ("[00:12:34] Ann: hi", Some((754_000, " Ann: hi"))),
            ("(00:12:34) Ann", Some((754_000, " Ann"))),
            ("\\[12:34\\] hi", Some((754_000, " hi"))),
            (
                "[12:34](https://example.test/#t=754) hi",
                Some((754_000, " hi")),
            ),
            ("10:30am meeting", None),
            ("3. Third point", None),
            ("[laughter] ok", None),
            ("(laughs) ok", None),
        ];
        for (input, want) in cases {
            assert_eq!(leading_stamp(input), want, "{input:?}");
        }
    }

    #[test]
    fn strips_separators_after_a_stamp() {
        let cases = [
            (" - hi", "hi"),
            (" | hi", "hi"),
            (": hi", "hi"),
            (" -hi", "-hi"),
            (" hi", "hi"),
        ];
        for (input, want) in cases {
            assert_eq!(strip_separator(input), want, "{input:?}");
        }
    }

    #[test]
    fn splits_text_at_inline_stamps() {
        let (head, pieces) = split_at_stamps(
            "one \\[00:10\\] two [00:20]three [note] \\[unclear 00:30\\] [0:40](u)",
        );
        assert_eq!(head, "one ");
        assert_eq!(
            pieces,
            vec![
                (10_000, " two "),
                (20_000, "three [note] \\[unclear 00:30\\] "),
                (40_000, "")
            ]
        );
        assert_eq!(split_at_stamps("no stamps"), ("no stamps", vec![]));
        assert!(has_inline_stamp("x [1:00:00] y"));
        assert!(!has_inline_stamp("x [1:00:00 y ] ["));
        assert!(has_escaped_stamp("x \\[1:00\\] y"));
        assert!(!has_escaped_stamp("x [1:00] y"));
    }
}

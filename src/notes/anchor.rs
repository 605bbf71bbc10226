//! Times and time ranges written in a note (SPEC §4 "Anchor"): the first one anchors the note,
//! the others are links the reader can follow.
//!
//! What counts as a time, and why:
//!
//! - A clock always has a colon: `M:SS` / `MM:SS` / `MMM:SS` (minutes may run over 59, as in
//!   `104:15`) or `H:MM:SS` to `HHHHHH:MM:SS` (up to six digits of hours, so `[100:00:00]`, as
//!   podgloss prints a hundred hours, reads back), every field after the first exactly two
//!   digits and at most 59, optionally followed by a fraction of one to three digits
//!   (`1:10:00.5`). So `3:1` and `16:9` (ratios), `30 to 309 trillion`, `1-1 mapping`, `GPT-4`,
//!   `v1.2.3` and dates never match.
//! - It stands alone: not glued to a letter, digit, `_`, `:`, `.`, `,`, `/`, `+`, `=`, `$`, `£`
//!   or `€` before it, nor to a letter, digit, `_`, `/`, `%` or a further `:digit` after it
//!   (`v1:10`, `1:10:00:12`, `UTC+1:00`, `1:10/2` are not times). Brackets,
//!   parentheses and a leading `@` may wrap it and are part of its span: `[1:10:00]`, `(1:10:00)`,
//!   `@1:10:00`, `\[1:10:00\]`.
//! - Wall-clock times are not episode times: a clock followed by `am`/`pm` (`10:30am`,
//!   `10:30 PM`, `10:30 a.m.`) or preceded by a date (`2024-03-28 10:30`, `3/28/2024 10:30`) is
//!   skipped. A bare `10:30` is ten minutes thirty seconds.
//! - Two clocks joined by a dash (`-`, `–`, `—`, `−`, with or without spaces), `~`, `..`, `->`,
//!   `→`, `to`, `until`, `till`, `through`, `thru` (`from 1:10:00 to 1:22:00` reads through its
//!   `to`), or `between … and …` form a range, if the end is after the start; otherwise they are
//!   two separate times. Brackets around either or both ends are allowed (`[1:10]-[1:22]`).
//! - In a range written `1:10 to 1:22:00`, a two-field start whose first field equals the end's
//!   hour is read as `H:MM` (1:10:00), and likewise a two-field end after a three-field start
//!   (`1:10:00-1:22` ends at 1:22:00). Elsewhere `1:10` is one minute ten seconds.
//!
//! The caller masks what must not be read (wiki links, code, URLs) by blanking it with spaces, so
//! the byte offsets here are offsets in the note text. Times inside URLs (`?t=4200`) are not read.

use std::ops::Range;

use serde::Serialize;

use crate::model::{Millis, parse_time};

/// Where in the episode a note points: one moment, or a span from its start to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    At(Millis),
    Range(Millis, Millis),
}

impl Anchor {
    pub fn start(self) -> Millis {
        match self {
            Anchor::At(at) | Anchor::Range(at, _) => at,
        }
    }

    /// The end of a range; `None` for a single moment.
    pub fn end(self) -> Option<Millis> {
        match self {
            Anchor::At(_) => None,
            Anchor::Range(_, end) => Some(end),
        }
    }

    /// Whether `time` falls in the anchor: inside a range (end exclusive) or exactly at a moment.
    pub fn covers(self, time: Millis) -> bool {
        match self {
            Anchor::At(at) => time == at,
            Anchor::Range(start, end) => (start..end).contains(&time),
        }
    }
}

/// A time written in a note, with the byte range of its text in the note (brackets and `@`
/// included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeRef {
    pub time: Anchor,
    pub span: Range<usize>,
}

/// A clock as written: its span, its value, and its fields for the `1:10 to 1:22:00` rule.
#[derive(Debug, Clone)]
struct Clock {
    span: Range<usize>,
    ms: Millis,
    /// The first field's value (hours for `H:MM:SS`, minutes for `M:SS`).
    lead: u64,
    /// The second field's value.
    second: u64,
    has_hours: bool,
    has_fraction: bool,
}

/// Every time and range in `text` (already masked), in order of appearance.
pub fn find_times(text: &str) -> Vec<TimeRef> {
    let clocks = scan_clocks(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < clocks.len() {
        let first = &clocks[i];
        if let Some(second) = clocks.get(i + 1) {
            if let Some((start, end)) = as_range(text, first, second) {
                found.push(TimeRef {
                    time: Anchor::Range(start, end),
                    span: decorate(text, first.span.start..second.span.end),
                });
                i += 2;
                continue;
            }
        }
        found.push(TimeRef {
            time: Anchor::At(first.ms),
            span: decorate(text, first.span.clone()),
        });
        i += 1;
    }
    found
}

/// The range two neighbouring clocks form, if the text between them joins them and the end is
/// after the start.
fn as_range(text: &str, first: &Clock, second: &Clock) -> Option<(Millis, Millis)> {
    let between = text.get(first.span.end..second.span.start)?;
    if !joins_range(between, text.get(..first.span.start)?) {
        return None;
    }
    let mut start = first.ms;
    let mut end = second.ms;
    // `1:10 to 1:22:00`: the start dropped its seconds, not its hours.
    if !first.has_hours && second.has_hours && !first.has_fraction && first.lead == second.lead {
        start = (first.lead * 60 + first.second) * 60_000;
    }
    // `1:10:00-1:22`: the end dropped its seconds.
    if first.has_hours && !second.has_hours && !second.has_fraction && second.lead == first.lead {
        end = (second.lead * 60 + second.second) * 60_000;
    }
    (end > start).then_some((start, end))
}

/// Whether `between` (the text separating two clocks) is a range separator. `before` is the text
/// before the first clock, for `between X and Y`.
fn joins_range(between: &str, before: &str) -> bool {
    if between.contains('\n') || between.len() > 24 {
        return false;
    }
    let word: String = between
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '[' | ']' | '(' | ')' | '@' | '\\'))
        .flat_map(char::to_lowercase)
        .collect();
    match word.as_str() {
        "-" | "–" | "—" | "−" | "~" | ".." | "->" | "→" | "--" | "to" | "until" | "till"
        | "til" | "through" | "thru" => true,
        "and" => last_word(before).eq_ignore_ascii_case("between"),
        _ => false,
    }
}

/// The last whitespace-separated word of `text`, without brackets.
fn last_word(text: &str) -> &str {
    text.trim_end_matches(['[', '(', '@', '\\'])
        .split_whitespace()
        .next_back()
        .unwrap_or("")
}

/// Widens a span over a leading `@` and over brackets or parentheses that wrap it exactly.
fn decorate(text: &str, span: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let (mut start, mut end) = (span.start, span.end);
    if start > 0 && bytes[start - 1] == b'@' {
        start -= 1;
    }
    let open = start.checked_sub(1).map(|i| bytes[i]);
    let rest = &bytes[end..];
    match (open, rest.first()) {
        (Some(b'['), Some(b']')) | (Some(b'('), Some(b')')) => (start, end) = (start - 1, end + 1),
        // Markdown-escaped `\[1:10:00\]`, as some exporters write stamps.
        (Some(b'['), Some(b'\\'))
            if rest.get(1) == Some(&b']') && start >= 2 && bytes[start - 2] == b'\\' =>
        {
            (start, end) = (start - 2, end + 2);
        }
        _ => {}
    }
    start..end
}

/// Every well-formed, free-standing clock in `text`.
fn scan_clocks(text: &str) -> Vec<Clock> {
    let bytes = text.as_bytes();
    let mut clocks = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let run_end = digit_run_end(bytes, i);
        match read_clock(text, i) {
            Some(clock) => {
                i = clock.span.end;
                clocks.push(clock);
            }
            None => i = run_end,
        }
    }
    clocks
}

fn digit_run_end(bytes: &[u8], from: usize) -> usize {
    let mut end = from;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    end
}

/// Reads a clock starting at byte `start` (a digit), checking its shape and its surroundings.
fn read_clock(text: &str, start: usize) -> Option<Clock> {
    let bytes = text.as_bytes();
    if let Some(before) = text.get(..start)?.chars().next_back() {
        if before.is_alphanumeric() || "_:.,/+=$£€%".contains(before) {
            return None;
        }
    }
    let mut fields: Vec<Range<usize>> = Vec::with_capacity(3);
    let mut pos = start;
    loop {
        let end = digit_run_end(bytes, pos);
        fields.push(pos..end);
        if fields.len() > 3 {
            return None;
        }
        if end + 1 < bytes.len() && bytes[end] == b':' && bytes[end + 1].is_ascii_digit() {
            pos = end + 1;
        } else {
            pos = end;
            break;
        }
    }
    // Minutes may run to `999:59`; hours to six digits, as `parse_time` reads them, so every
    // time podgloss prints (`[100:00:00]` after a hundred hours) reads back.
    let lead_max = if fields.len() == 2 { 3 } else { 6 };
    let well_formed = (2..=3).contains(&fields.len())
        && (1..=lead_max).contains(&fields[0].len())
        && fields[1..].iter().all(|f| f.len() == 2);
    if !well_formed {
        return None;
    }
    let mut end = pos;
    let mut has_fraction = false;
    if end + 1 < bytes.len() && matches!(bytes[end], b'.' | b',') && bytes[end + 1].is_ascii_digit()
    {
        let fraction_end = digit_run_end(bytes, end + 1);
        // `1:10.5.2` or `1:10.12345` is something else (a version, a figure).
        let version_like = bytes.get(fraction_end) == Some(&b'.')
            && bytes.get(fraction_end + 1).is_some_and(u8::is_ascii_digit);
        // A comma fraction (`1:10,5`) in prose is more likely a list without spaces.
        if fraction_end - end - 1 > 3 || version_like || bytes[end] == b',' {
            return None;
        }
        end = fraction_end;
        has_fraction = true;
    }
    let rest = text.get(end..)?;
    if let Some(after) = rest.chars().next() {
        // A `:` after a full clock can only be followed by a non-digit (`at 2:45: loss…`).
        if after.is_alphanumeric() || "_/%".contains(after) {
            return None;
        }
    }
    if is_wall_clock_suffix(rest) || preceded_by_date(text.get(..start)?) {
        return None;
    }
    let ms = parse_time(text.get(start..end)?)?;
    let number = |r: &Range<usize>| text.get(r.clone()).and_then(|s| s.parse::<u64>().ok());
    Some(Clock {
        span: start..end,
        ms,
        lead: number(&fields[0])?,
        second: number(&fields[1])?,
        has_hours: fields.len() == 3,
        has_fraction,
    })
}

/// ` am`, `pm`, ` a.m.` and the like after a clock.
fn is_wall_clock_suffix(rest: &str) -> bool {
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let lower: String = rest.chars().take(5).flat_map(char::to_lowercase).collect();
    ["am", "pm", "a.m.", "p.m."].iter().any(|suffix| {
        lower
            .strip_prefix(suffix)
            .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric()))
    })
}

/// Whether `before` ends with a date (`2024-03-28 `, `2024-03-28T`, `28/03/2024 `).
fn preceded_by_date(before: &str) -> bool {
    let Some(before) = before
        .strip_suffix(' ')
        .or_else(|| before.strip_suffix('T'))
        .or_else(|| before.strip_suffix(", "))
    else {
        return false;
    };
    let tail = &before.as_bytes()[before.len().saturating_sub(10)..];
    let shape: String = tail
        .iter()
        .map(|b| if b.is_ascii_digit() { 'd' } else { *b as char })
        .collect();
    shape.ends_with("dddd-dd-dd")
        || shape.ends_with("/dddd")
        || shape.ends_with("d/dd")
        || shape.ends_with(".dddd")
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: Millis = 3_600_000;
    const M: Millis = 60_000;
    const S: Millis = 1_000;

    fn times(text: &str) -> Vec<Anchor> {
        find_times(text).into_iter().map(|t| t.time).collect()
    }

    #[test]
    fn reads_every_written_form() {
        use Anchor::{At, Range};
        let cases: &[(&str, &[Anchor])] = &[
            ("at 1:10:00 they", &[At(H + 10 * M)]),
            ("01:10:00", &[At(H + 10 * M)]),
            ("70:00 in", &[At(70 * M)]),
            ("104:15", &[At(104 * M + 15 * S)]),
            ("1:10 the window", &[At(M + 10 * S)]),
            ("[1:10:00] x", &[At(H + 10 * M)]),
            ("@1:10:00 x", &[At(H + 10 * M)]),
            ("(1:10:00)", &[At(H + 10 * M)]),
            ("\\[1:10:00\\] x", &[At(H + 10 * M)]),
            ("1:10:00-1:22:00", &[Range(H + 10 * M, H + 22 * M)]),
            ("1:10:00–1:22:00", &[Range(H + 10 * M, H + 22 * M)]),
            ("1:10:00 — 1:22:00", &[Range(H + 10 * M, H + 22 * M)]),
            ("1:10:00 - 1:22:00", &[Range(H + 10 * M, H + 22 * M)]),
            ("1:10 to 1:22:00", &[Range(H + 10 * M, H + 22 * M)]),
            ("from 1:10:00 to 1:22:00", &[Range(H + 10 * M, H + 22 * M)]),
            ("1:10:00-1:22", &[Range(H + 10 * M, H + 22 * M)]),
            ("between 5:00 and 6:30", &[Range(5 * M, 6 * M + 30 * S)]),
            ("[1:10]-[1:22]", &[Range(M + 10 * S, M + 22 * S)]),
            ("57:30–59:00: text", &[Range(57 * M + 30 * S, 59 * M)]),
            ("curve at 2:45: loss", &[At(2 * M + 45 * S)]),
            ("5:36 to 1:22:00", &[Range(5 * M + 36 * S, H + 22 * M)]),
            ("1:45 to 1:48:40", &[Range(H + 45 * M, H + 48 * M + 40 * S)]),
            ("1:10:00.5", &[At(H + 10 * M + 500)]),
            // Hours run over 99 as `podgloss` prints them (`[100:00:00]`), up to six digits.
            ("[100:00:00] x", &[At(100 * H)]),
            ("123456:59:59", &[At(123_456 * H + 59 * M + 59 * S)]),
            ("99:00:00-101:30:00", &[Range(99 * H, 101 * H + 30 * M)]),
            // An end before its start is not a range: two moments.
            ("1:22:00-1:10:00", &[At(H + 22 * M), At(H + 10 * M)]),
            ("5:00 and 6:00", &[At(5 * M), At(6 * M)]),
            (
                "2:45 then 8:22, 9:00",
                &[At(2 * M + 45 * S), At(8 * M + 22 * S), At(9 * M)],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&times(text), want, "{text:?}");
        }
    }

    #[test]
    fn leaves_other_numbers_alone() {
        let cases = [
            "a 3:1 ratio and 16:9 screens",
            "30 to 309 trillion synapses, 1 Trillion parameters",
            "not a 1-1 mapping",
            "GPT-4 and v1.2.3",
            "on 2024-03-28 and 28/03/2024",
            "at 10:30am, 10:30 PM, 9:15 a.m.",
            "meeting 2024-03-28 10:30",
            "2024-03-28T10:30:00Z",
            "1:10:00:12 frames",
            "1:2:3 and 1:60 and 1:60:00 and 123:45:67",
            "UTC+1:00, v1:10, x1:10, 1:10x",
            "1:10/2 and 1:10.5.2 and 1:10,5",
            "seventy minutes in",
            "1234:56",
        ];
        for text in cases {
            assert_eq!(times(text), vec![], "{text:?}");
        }
    }

    #[test]
    fn spans_cover_brackets_and_at() {
        let cases = [
            ("see [1:10:00] now", "[1:10:00]"),
            ("see @1:10 now", "@1:10"),
            ("see (1:10:00-1:22:00) now", "(1:10:00-1:22:00)"),
            ("from 1:10 to 1:22:00.", "1:10 to 1:22:00"),
            ("\\[1:10:00\\] x", "\\[1:10:00\\]"),
            ("[1:10 x", "1:10"),
        ];
        for (text, want) in cases {
            let found = find_times(text);
            assert_eq!(&text[found[0].span.clone()], want, "{text:?}");
        }
    }

    #[test]
    fn anchor_accessors() {
        assert_eq!(Anchor::At(5).start(), 5);
        assert_eq!(Anchor::At(5).end(), None);
        assert_eq!(Anchor::Range(5, 9).end(), Some(9));
        assert!(Anchor::Range(5, 9).covers(5));
        assert!(!Anchor::Range(5, 9).covers(9));
        assert!(Anchor::At(5).covers(5));
    }
}

//! What WebVTT and SubRip exports share: one cue per transcript segment (so a re-import gives
//! back the same segments, and a player shows each phrase when it is said), its text wrapped to
//! the usual subtitle width, and the clock format.
//!
//! Wrapping is a greedy fill by display width (unicode-width). It is written here rather than
//! taken from `textwrap` because subtitles need two rules a general wrapper does not have: no
//! line may be digits alone (SubRip reads such a line as the next cue's number), and no line may
//! be empty (both formats end a cue at an empty line).

use unicode_width::UnicodeWidthStr;

use crate::model::Millis;

/// Characters per line most subtitle guidelines allow (BBC: 37, Netflix and others: 42).
pub const LINE_WIDTH: usize = 42;

/// `HH:MM:SS.mmm` with the given decimal mark (`.` for WebVTT, `,` for SubRip).
pub fn clock(ms: Millis, mark: char) -> String {
    let (h, m, s, f) = (
        ms / 3_600_000,
        (ms / 60_000) % 60,
        (ms / 1000) % 60,
        ms % 1000,
    );
    format!("{h:02}:{m:02}:{s:02}{mark}{f:03}")
}

/// A cue's end: never before its start, and at least a millisecond after it, which both
/// formats' validators expect.
pub fn cue_end(start: Millis, end: Millis) -> Millis {
    end.max(start + 1)
}

/// `text` in lines of at most [`LINE_WIDTH`] columns (a single longer word stays whole).
pub fn wrap(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let fits = line.is_empty() || line.width() + 1 + word.width() <= LINE_WIDTH;
        if !fits {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    // A line of digits alone goes back onto the line before it, over the width if need be.
    let mut merged: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        match merged.last_mut() {
            Some(previous) if line.bytes().all(|b| b.is_ascii_digit()) => {
                previous.push(' ');
                previous.push_str(&line);
            }
            _ => merged.push(line),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_in_both_marks() {
        assert_eq!(clock(4_200_005, '.'), "01:10:00.005");
        assert_eq!(clock(61_500, ','), "00:01:01,500");
        assert_eq!(clock(360_000_000, '.'), "100:00:00.000");
    }

    #[test]
    fn wraps_to_the_width_and_never_leaves_a_number_alone() {
        let text =
            "the residual stream is the running sum that every layer reads from and writes into";
        let lines = wrap(text);
        assert!(lines.iter().all(|l| l.width() <= LINE_WIDTH), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        let lines = wrap("we counted all the way up to the number 1234567890 and then 42");
        assert!(
            lines.iter().all(|l| !l.bytes().all(|b| b.is_ascii_digit())),
            "{lines:?}"
        );
        assert_eq!(wrap("  "), Vec::<String>::new());
    }
}

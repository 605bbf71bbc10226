//! SubRip (`.srt`) subtitles: blocks of an optional cue number, a timing line
//! `00:00:01,000 --> 00:00:02,500` and one or more text lines, separated by blank lines.
//!
//! Real files stray from that in known ways, all tolerated here: numbering that skips, repeats or
//! is absent; `.` instead of `,` as the decimal mark; one-digit hours or no hours; a missing blank
//! line between cues; blank lines inside a cue's text; position coordinates (`X1:40 X2:600 ...`)
//! after the timing; `\r\n` or bare `\r` line ends. A `Name:` prefix on a cue's first line names
//! the speaker, who then holds until the next prefix (the Podcasting 2.0 guidance names the
//! speaker only when it changes). Tags and entities are cleaned in `markup`.
//!
//! What is not tolerated: a block that starts with a cue number or a `-->` line whose timing
//! cannot be read, and text before the first cue. Both mean the file is not what it claims to
//! be, and the error names the line.
//!
//! Hand-written because no maintained crate parses SRT with these tolerances and line-accurate
//! errors; the grammar is a few lines.

mod markup;

use super::speaker::{is_speaker_name, split_label, starts_with_clock};
use super::whitespace::Collapsed;
use super::{ParseError, ParseResult, excerpt};
use crate::model::{Format, Millis, Segment, Transcript, parse_time};

pub fn parse(input: &str) -> ParseResult<Transcript> {
    let lines = split_lines(input);
    let mut cues: Vec<RawCue> = Vec::new();
    let mut i = 0;
    while let Some(&line) = lines.get(i) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            i += 1;
            continue;
        }
        let (start, end) = if is_cue_number(trimmed) {
            match lines.get(i + 1).map(|next| next.trim()) {
                // A number with no timing after it: an empty, or truncated, block.
                None | Some("") => {
                    i += 1;
                    continue;
                }
                Some(next) => {
                    let timing = parse_timing(next).ok_or_else(|| timing_error(i + 2, next))?;
                    i += 2;
                    timing
                }
            }
        } else if trimmed.contains("-->") {
            let timing = parse_timing(trimmed).ok_or_else(|| timing_error(i + 1, trimmed))?;
            i += 1;
            timing
        } else if let Some(cue) = cues.last_mut() {
            // A blank line inside a cue's text: the text goes on.
            cue.lines.push(trimmed);
            i += 1;
            continue;
        } else {
            return Err(ParseError::new(
                i + 1,
                format!(
                    "expected a cue number or a timing line, found `{}`",
                    excerpt(trimmed)
                ),
            ));
        };
        let mut cue = RawCue {
            start,
            end,
            lines: Vec::new(),
        };
        while let Some(&text) = lines.get(i) {
            if text.trim().is_empty() || starts_next_cue(&lines, i) {
                break;
            }
            cue.lines.push(text.trim());
            i += 1;
        }
        cues.push(cue);
    }
    Ok(Transcript::new(Format::Srt, build_segments(cues)))
}

/// The SRT signature the detector looks for: not WebVTT, and the first block opens with an
/// optional cue number then a timing line with a decimal mark (`,` or `.`).
pub fn looks_like_srt(input: &str) -> bool {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    if input.trim_start().starts_with("WEBVTT") {
        return false;
    }
    // The first block is all that matters; do not split a whole file to find it.
    let mut cut = input.len().min(PROBE_BYTES);
    while !input.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut lines = split_lines(&input[..cut])
        .into_iter()
        .map(str::trim)
        .skip_while(|l| l.is_empty());
    let (numbered, timing) = match lines.next() {
        Some(first) if is_cue_number(first) => (true, lines.next()),
        first => (false, first),
    };
    let Some(timing) = timing else {
        return false;
    };
    // A numbered block with an arrow is SRT even when its timing is broken: the parser then
    // says which line is wrong instead of the file being read as plain text.
    if numbered && timing.contains("-->") {
        return true;
    }
    let has_decimal_mark = timing
        .split_once("-->")
        .is_some_and(|(start, _)| start.contains([',', '.']));
    has_decimal_mark && parse_timing(timing).is_some()
}

/// How far into the file [`looks_like_srt`] looks for the first cue.
const PROBE_BYTES: usize = 4096;

/// One block as read, before its text is cleaned.
struct RawCue<'a> {
    start: Millis,
    end: Millis,
    lines: Vec<&'a str>,
}

fn build_segments(cues: Vec<RawCue>) -> Vec<Segment> {
    let mut speaker: Option<String> = None;
    let mut segments = Vec::with_capacity(cues.len());
    for cue in cues {
        // Lines are joined with a space; each line's own whitespace runs become one space.
        let mut text = Collapsed::default();
        for line in &cue.lines {
            let clean = markup::clean_line(line);
            let is_first_text = text.is_empty();
            let shown = match split_speaker(clean.trim()).filter(|_| is_first_text) {
                Some((name, rest)) => {
                    speaker = Some(name.to_string());
                    rest
                }
                None => clean.as_str(),
            };
            text.push_str(shown);
            text.separate();
        }
        let text = text.into_string();
        if text.is_empty() {
            continue;
        }
        segments.push(Segment {
            start: cue.start,
            end: cue.end.max(cue.start),
            speaker: speaker.clone(),
            text,
            words: Vec::new(),
        });
    }
    // Stable: cues with equal starts keep their file order.
    segments.sort_by_key(|s| s.start);
    segments
}

/// `Name: rest` on a cue's first line: the speaker and the rest of the line. A colon is common
/// in ordinary speech too, so the prefix must read as a name ([`is_speaker_name`]) and not be
/// followed by a clock time (`Meeting: 10:30 sharp`).
fn split_speaker(line: &str) -> Option<(&str, &str)> {
    let (name, rest) = split_label(line)?;
    let rest = rest.trim();
    (is_speaker_name(name) && !starts_with_clock(rest)).then(|| (name.trim(), rest))
}

/// Lines without their terminators, for `\n`, `\r\n` and (old Mac exports) bare `\r`. A leading
/// byte-order mark is dropped so that line 1 reads cleanly.
fn split_lines(input: &str) -> Vec<&str> {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    if input.contains('\n') {
        input
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect()
    } else {
        input.split('\r').collect()
    }
}

fn is_cue_number(line: &str) -> bool {
    !line.is_empty() && line.len() <= 9 && line.bytes().all(|b| b.is_ascii_digit())
}

/// Whether line `i` begins a new cue although no blank line came before it.
fn starts_next_cue(lines: &[&str], i: usize) -> bool {
    let Some(line) = lines.get(i).map(|l| l.trim()) else {
        return false;
    };
    if line.contains("-->") && parse_timing(line).is_some() {
        return true;
    }
    is_cue_number(line)
        && lines
            .get(i + 1)
            .is_some_and(|next| parse_timing(next.trim()).is_some())
}

/// `00:00:01,000 --> 00:00:02,500`, with anything after the end time (position coordinates)
/// ignored.
fn parse_timing(line: &str) -> Option<(Millis, Millis)> {
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    Some((parse_timestamp(start.trim())?, parse_timestamp(end)?))
}

/// A clock time with at least one colon; `00:00:01:000` (a colon before the milliseconds, as some
/// exporters write) is read too.
fn parse_timestamp(text: &str) -> Option<Millis> {
    if !text.contains(':') {
        return None;
    }
    if let Some(ms) = parse_time(text) {
        return Some(ms);
    }
    let (clock, fraction) = text.rsplit_once(':')?;
    if clock.matches(':').count() != 2 || text.contains([',', '.']) {
        return None;
    }
    parse_time(&format!("{clock},{fraction}"))
}

fn timing_error(line: usize, found: &str) -> ParseError {
    ParseError::new(
        line,
        format!(
            "timing line: expected `00:00:01,000 --> 00:00:02,000`, found `{}`",
            excerpt(found)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_rows::{Row, row as seg, rows};

    fn summary(input: &str) -> Vec<Row> {
        rows(parse(input).unwrap_or_else(|e| panic!("{e}")))
    }

    #[test]
    fn reads_cues_in_all_tolerated_shapes() {
        let cases: &[(&str, &str, Vec<Row>)] = &[
            (
                "plain numbered cues, two lines joined",
                "1\n00:00:01,000 --> 00:00:02,500\nfirst line\nsecond line\n\n2\n00:00:03,000 --> 00:00:04,000\nnext\n",
                vec![
                    seg(1_000, 2_500, None, "first line second line"),
                    seg(3_000, 4_000, None, "next"),
                ],
            ),
            (
                "numbering skips and repeats",
                "7\n00:00:01,000 --> 00:00:02,000\na\n\n7\n00:00:02,000 --> 00:00:03,000\nb\n\n12\n00:00:03,000 --> 00:00:04,000\nc",
                vec![
                    seg(1_000, 2_000, None, "a"),
                    seg(2_000, 3_000, None, "b"),
                    seg(3_000, 4_000, None, "c"),
                ],
            ),
            (
                "no numbering, dot decimals, CRLF",
                "00:00:01.000 --> 00:00:02.000\r\nalpha\r\n\r\n00:00:02.5 --> 00:00:03.25\r\nbeta\r\n",
                vec![
                    seg(1_000, 2_000, None, "alpha"),
                    seg(2_500, 3_250, None, "beta"),
                ],
            ),
            (
                "one-digit hours, no hours, colon before millis, coordinates",
                "1\n0:00:01,000 --> 0:00:02,000 X1:40 X2:600 Y1:20 Y2:50\none\n\n2\n00:03,000 --> 00:04,000\ntwo\n\n3\n00:00:05:000 --> 00:00:06:500\nthree",
                vec![
                    seg(1_000, 2_000, None, "one"),
                    seg(3_000, 4_000, None, "two"),
                    seg(5_000, 6_500, None, "three"),
                ],
            ),
            (
                "BOM, bare CR line ends",
                "\u{FEFF}1\r00:00:01,000 --> 00:00:02,000\rold mac\r\r2\r00:00:03,000 --> 00:00:04,000\rstill works",
                vec![
                    seg(1_000, 2_000, None, "old mac"),
                    seg(3_000, 4_000, None, "still works"),
                ],
            ),
            (
                "missing blank line between cues",
                "1\n00:00:01,000 --> 00:00:02,000\nfirst\n2\n00:00:02,000 --> 00:00:03,000\nsecond\n00:00:03,000 --> 00:00:04,000\nthird",
                vec![
                    seg(1_000, 2_000, None, "first"),
                    seg(2_000, 3_000, None, "second"),
                    seg(3_000, 4_000, None, "third"),
                ],
            ),
            (
                "blank line inside text, number at the end, trailing blanks",
                "1\n00:00:01,000 --> 00:00:02,000\nbefore\n\nafter the gap\n\n2\n\n\n",
                vec![seg(1_000, 2_000, None, "before after the gap")],
            ),
            (
                "speaker prefix holds until the next one",
                "1\n00:00:01,000 --> 00:00:02,000\nAda: hello there\nfriend\n\n2\n00:00:02,000 --> 00:00:03,000\nstill Ada\n\n3\n00:00:03,000 --> 00:00:04,000\nGrace Hopper: my turn",
                vec![
                    seg(1_000, 2_000, Some("Ada"), "hello there friend"),
                    seg(2_000, 3_000, Some("Ada"), "still Ada"),
                    seg(3_000, 4_000, Some("Grace Hopper"), "my turn"),
                ],
            ),
            (
                "speaker alone on the first line, and labels that are not speakers",
                "1\n00:00:01,000 --> 00:00:02,000\nSPEAKER_00:\nwords follow\n\n2\n00:00:02,000 --> 00:00:03,000\nNote: 10:30 works\n\n3\n00:00:03,000 --> 00:00:04,000\nhttps://example.org is the site",
                vec![
                    seg(1_000, 2_000, Some("SPEAKER_00"), "words follow"),
                    seg(2_000, 3_000, Some("SPEAKER_00"), "Note: 10:30 works"),
                    seg(
                        3_000,
                        4_000,
                        Some("SPEAKER_00"),
                        "https://example.org is the site",
                    ),
                ],
            ),
            (
                "tags, override blocks and entities; speaker inside italics",
                "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>Ada:</i> <b>bold</b> &amp; <font color=\"red\">red</font>\n<u>it&#39;s</u>",
                vec![seg(1_000, 2_000, Some("Ada"), "bold & red it's")],
            ),
            (
                "out-of-order cues are sorted, end before start is clamped, empty cue dropped",
                "1\n00:00:05,000 --> 00:00:04,000\nlate\n\n2\n00:00:01,000 --> 00:00:02,000\nearly\n\n3\n00:00:03,000 --> 00:00:03,500\n<i></i>\n",
                vec![
                    seg(1_000, 2_000, None, "early"),
                    seg(5_000, 5_000, None, "late"),
                ],
            ),
            (
                "speaker on the first line that has text",
                "1\n00:00:01,000 --> 00:00:02,000\n<i></i>\nAda: after an empty line\nBo: not a speaker here",
                vec![seg(
                    1_000,
                    2_000,
                    Some("Ada"),
                    "after an empty line Bo: not a speaker here",
                )],
            ),
            (
                "an arrow inside text is text",
                "1\n00:00:01,000 --> 00:00:02,000\nA --> B is the plan",
                vec![seg(1_000, 2_000, None, "A --> B is the plan")],
            ),
            ("empty file", "", vec![]),
        ];
        for (name, input, want) in cases {
            assert_eq!(&summary(input), want, "{name}");
        }
    }

    #[test]
    fn finds_speaker_prefixes() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("Ada: welcome back", Some(("Ada", "welcome back"))),
            ("Grace Hopper: hi", Some(("Grace Hopper", "hi"))),
            (
                "Dr. Ana María Ruiz: yes",
                Some(("Dr. Ana María Ruiz", "yes")),
            ),
            (
                "Ludwig van Beethoven: ja",
                Some(("Ludwig van Beethoven", "ja")),
            ),
            ("Speaker 2: okay", Some(("Speaker 2", "okay"))),
            ("SPEAKER_01: right", Some(("SPEAKER_01", "right"))),
            ("speaker_07: lower", Some(("speaker_07", "lower"))),
            ("Host (Kim): so", Some(("Host (Kim)", "so"))),
            ("Ada :  spaced", Some(("Ada", "spaced"))),
            ("Ada:", Some(("Ada", ""))),
            ("Q: what now", Some(("Q", "what now"))),
            ("Note: 10:30 tomorrow", None),
            ("Note: bring snacks", None),
            ("Meeting: 10:30 sharp", None),
            ("https://example.org/path", None),
            ("HTTPS://EXAMPLE.ORG", None),
            ("12:30 is lunch", None),
            ("and then: nothing", None),
            ("So the thing is: we", None),
            ("One two three four five: no", None),
            ("Well, here's the deal: go", None),
            ("Ratio:2", None),
            ("no colon here", None),
            (": empty name", None),
            (
                "A very long name that goes well past forty characters: x",
                None,
            ),
        ];
        for (line, want) in cases {
            assert_eq!(split_speaker(line), *want, "{line}");
        }
    }

    #[test]
    fn reports_unreadable_timing_lines_with_their_line() {
        let cases = [
            (
                "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\nthis is not a timing\ntext",
                6,
                "timing line: expected `00:00:01,000 --> 00:00:02,000`, found `this is not a timing`",
            ),
            (
                "1\n00:00:01,000 -> 00:00:02,000\nx",
                2,
                "found `00:00:01,000 -> 00:00:02,000`",
            ),
            (
                "\n\n00:00:aa,000 --> 00:00:02,000\nx",
                3,
                "found `00:00:aa,000 --> 00:00:02,000`",
            ),
            ("1\n00:00:01,000 -->\nx", 2, "found `00:00:01,000 -->`"),
            ("1\n00:00:01,000 --> 00:61:00,000\nx", 2, "timing line"),
            (
                "1\n0123456789012345678901234567890123456789TAIL\nx",
                2,
                "found `0123456789012345678901234567890123456789…`",
            ),
            (
                "Some preamble\n\n1\n00:00:01,000 --> 00:00:02,000\nx",
                1,
                "expected a cue number or a timing line, found `Some preamble`",
            ),
        ];
        for (input, line, message) in cases {
            let err = parse(input).expect_err(input);
            assert_eq!(err.line, line, "{input}");
            assert!(err.message.contains(message), "{input}: {}", err.message);
        }
    }

    #[test]
    fn recognises_the_srt_signature() {
        let cases = [
            ("1\n00:00:01,000 --> 00:00:02,000\nhi", true),
            ("\u{FEFF}\n\n1\r\n00:00:01.000 --> 00:00:02.000\r\nhi", true),
            ("00:00:01,000 --> 00:00:02,000\nunnumbered", true),
            ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi", false),
            // A numbered block with an arrow is SRT even when the timing is off, so that
            // import names the bad line instead of reading the file as plain text.
            ("1\n00:00:01 --> 00:00:02\nno decimal mark", true),
            ("1\n00:00:01,000 -> broken\nno arrow", false),
            ("1\n2\n00:00:01,000 --> 00:00:02,000", false),
            ("[00:01] Ada: hello", false),
            ("", false),
        ];
        for (input, want) in cases {
            assert_eq!(looks_like_srt(input), want, "{input:?}");
        }
    }

    #[test]
    fn survives_hostile_input() {
        let inputs = [
            "1\n\u{0}",
            "-->",
            "1\n-->\n",
            "99999999999999999999\n00:00:01,000 --> 00:00:02,000\nx",
            "1\n999999:59:59,999 --> 999999:59:59,999\nbig",
            "1\n00:00:01,000 --> 00:00:02,000\n<<<<<{{{{&&&&;;;;é<é{\\é",
            "\r\r\r\n\n\r",
        ];
        for input in inputs {
            let _ = parse(input);
            let _ = looks_like_srt(input);
        }
    }
}

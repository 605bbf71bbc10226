//! Timestamped text, Markdown transcripts and plain text (SPEC §3.1): "lines or paragraphs with a
//! time and maybe a speaker".
//!
//! None of these has a specification; they are what people and CMSs write. Timestamped text is
//! a line per utterance (`00:00:04 text`, `[00:12:34] Speaker: text`, `(00:12:34) Speaker: text`)
//! or the podcast-site layout of a header line (`Speaker 00:12:34`, `Speaker (00:12:34)`,
//! `Speaker [00:12:34]:`, `(00:12:34) Speaker`) above the paragraphs it introduces. Markdown
//! transcripts are turns (`**Speaker:** text`) with stamps anywhere inside, usually
//! backslash-escaped (`\[04:14\]`), in many shapes (`\[H:MM:SS\]`, `\[HH:MM:SS.ff\]`,
//! `\[HH:MM:SS:FF\]` with frames, `\[104:15\]` with minutes over 59); a `# Title` heading names
//! the episode, `# **Break:** \[25:59\]` headings only mark time. Both readers share one
//! pipeline, written by hand because no crate reads these ad-hoc layouts:
//!
//! 1. `layout` groups lines into paragraphs and finds each one's leading time and speaker;
//! 2. `stamp` cuts paragraphs at inline stamps into pieces: text before a stamp belongs to the
//!    time before it, and a turn without a speaker continues the previous speaker;
//! 3. `markup` turns each piece into display text;
//! 4. `timing` gives unstamped pieces interpolated times and drops stamps that go backwards.
//!
//! Speaker prefixes are judged by `formats::speaker`: `Name:` counts when it reads as a short
//! name, not when it is `Note:` or a sentence.
//!
//! A Markdown transcript with speaker turns but no stamp at all (a handful of early episodes in
//! the wild) is read untimed, like plain text, rather than refused. Plain text is one segment per
//! blank-line-separated paragraph, untimed; it never fails.

mod breaks;
pub mod front_matter;
mod layout;
mod markup;
mod stamp;
mod timing;

use layout::{Flavour, Kind, Paragraph};

use super::entities::decode_entities;
use super::whitespace::collapse_whitespace;
use super::{ParseError, ParseResult, excerpt};
use crate::model::transcript::count_words;
use crate::model::{Format, Millis, Segment, Transcript};

/// How many non-empty lines the detectors look at.
const DETECTION_LINES: usize = 200;

/// Parses timestamped text (`Format::TimestampedText`).
pub fn parse_text(input: &str) -> ParseResult<Transcript> {
    parse(input, Flavour::Text)
}

/// Parses a Markdown transcript (`Format::Markdown`).
pub fn parse_markdown(input: &str) -> ParseResult<Transcript> {
    parse(input, Flavour::Markdown)
}

/// Reads text with no times: one segment per blank-line-separated paragraph, lines joined with a
/// space, all times 0 and `timed = false`.
pub fn parse_plain(input: &str) -> Transcript {
    let mut segments = Vec::new();
    let mut lines: Vec<&str> = Vec::new();
    let all_lines = layout::split_lines(input.trim_start_matches('\u{feff}'));
    let skip = front_matter::block_lines(&all_lines);
    for line in all_lines.into_iter().skip(skip).chain(std::iter::once("")) {
        let line = line.trim();
        if !line.is_empty() {
            lines.push(line);
        } else if !lines.is_empty() {
            segments.push(Segment {
                text: lines.join(" "),
                ..Segment::default()
            });
            lines.clear();
        }
    }
    Transcript {
        format: Format::PlainText,
        segments,
        timed: false,
        title: None,
    }
}

/// True when at least two of the first non-empty lines carry a time stamp in one of the forms
/// [`parse_text`] reads.
pub fn looks_timestamped(input: &str) -> bool {
    detection_lines(input)
        .filter(|line| layout::carries_stamp(line))
        .nth(1)
        .is_some()
}

/// True when at least two of the first non-empty lines open a `**Speaker:**` turn or hold a
/// backslash-escaped `\[MM:SS\]` stamp.
pub fn looks_like_markdown_transcript(input: &str) -> bool {
    detection_lines(input)
        .filter(|line| layout::opens_bold_turn(line) || stamp::has_escaped_stamp(line))
        .nth(1)
        .is_some()
}

fn detection_lines(input: &str) -> impl Iterator<Item = &str> {
    input
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .take(DETECTION_LINES)
}

/// One stretch of text with the time written before it, if any: a paragraph, or the part of a
/// paragraph after an inline stamp. An empty `text` with a time is a bare stamp (a header line,
/// a break marker) that only anchors the times around it.
struct Piece {
    time: Option<Millis>,
    speaker: Option<String>,
    text: String,
}

fn parse(input: &str, flavour: Flavour) -> ParseResult<Transcript> {
    let (paragraphs, front_matter_title) = layout::paragraphs(input, flavour);
    let (pieces, heading_title) = pieces(&paragraphs, flavour);
    let stamps: Vec<Option<Millis>> = pieces.iter().map(|piece| piece.time).collect();
    let words: Vec<u64> = pieces
        .iter()
        .map(|piece| word_weight(&piece.text))
        .collect();
    let (spans, timed) = match timing::resolve(&stamps, &words) {
        Some(spans) => (spans, true),
        None if flavour == Flavour::Markdown && pieces.iter().any(|p| p.speaker.is_some()) => {
            (vec![(0, 0); pieces.len()], false)
        }
        None => return Err(no_stamp_error(input, flavour)),
    };
    let segments = pieces
        .into_iter()
        .zip(spans)
        .filter(|(piece, _)| !piece.text.is_empty())
        .map(|(piece, (start, end))| Segment {
            start,
            end,
            speaker: piece.speaker,
            text: piece.text,
            words: Vec::new(),
        })
        .collect();
    let format = match flavour {
        Flavour::Text => Format::TimestampedText,
        Flavour::Markdown => Format::Markdown,
    };
    Ok(Transcript {
        format,
        segments,
        timed,
        title: front_matter_title.or(heading_title),
    })
}

/// Cuts paragraphs at their inline stamps, carries the speaker forward, and takes the first
/// unstamped level-1 heading as the title. Stamped headings (`# **Break:** \[25:59\] to
/// \[27:11\]`) keep only their times; other headings are structure, not speech, and are dropped.
fn pieces(paragraphs: &[Paragraph], flavour: Flavour) -> (Vec<Piece>, Option<String>) {
    let mut pieces = Vec::new();
    let mut title = None;
    let mut speaker: Option<String> = None;
    let mut scratch = String::new();
    for paragraph in paragraphs {
        let (head, stamped) = stamp::split_at_stamps(&paragraph.body);
        match paragraph.kind {
            Kind::Heading(level) => {
                if stamped.is_empty() && paragraph.time.is_none() {
                    let text = display_text(head, flavour, &mut scratch);
                    if level == 1 && title.is_none() && !text.is_empty() {
                        title = Some(text);
                    }
                }
                let times = paragraph
                    .time
                    .into_iter()
                    .chain(stamped.iter().map(|s| s.0));
                pieces.extend(times.map(|time| Piece {
                    time: Some(time),
                    speaker: None,
                    text: String::new(),
                }));
            }
            Kind::Speech => {
                let marked_break = breaks::break_times(
                    paragraph.speaker.as_deref(),
                    paragraph.time,
                    head,
                    &stamped,
                );
                if let Some((start, end)) = marked_break {
                    // A marked break, not a speaker called Break: its times hold the speech
                    // around it in place, and the speaker before it goes on after it.
                    pieces.push(Piece {
                        time: Some(start),
                        speaker: None,
                        text: breaks::BREAK_TEXT.to_string(),
                    });
                    pieces.extend(end.map(|end| Piece {
                        time: Some(end),
                        speaker: None,
                        text: String::new(),
                    }));
                    continue;
                }
                if paragraph.speaker.is_some() {
                    speaker.clone_from(&paragraph.speaker);
                }
                let parts = std::iter::once((paragraph.time, head))
                    .chain(stamped.into_iter().map(|(time, text)| (Some(time), text)));
                for (time, raw) in parts {
                    let text = display_text(raw, flavour, &mut scratch);
                    if time.is_some() || !text.is_empty() {
                        pieces.push(Piece {
                            time,
                            speaker: speaker.clone(),
                            text,
                        });
                    }
                }
            }
        }
    }
    (pieces, title)
}

/// Display text of a piece: one line, whitespace collapsed. `scratch` is working space.
fn display_text(raw: &str, flavour: Flavour, scratch: &mut String) -> String {
    match flavour {
        Flavour::Markdown => markup::markdown_to_text(raw, scratch),
        Flavour::Text if raw.contains('&') => collapse_whitespace(&decode_entities(raw)),
        Flavour::Text => collapse_whitespace(raw),
    }
}

/// Words, for interpolation: a piece with text weighs at least one word, a bare stamp nothing.
/// The text is display text, so words are separated by single spaces.
fn word_weight(text: &str) -> u64 {
    u64::try_from(count_words(text)).unwrap_or(u64::MAX)
}

fn no_stamp_error(input: &str, flavour: Flavour) -> ParseError {
    let example = match flavour {
        Flavour::Text => "`00:00:04 text`",
        Flavour::Markdown => "`**Speaker:** \\[00:04\\] text`",
    };
    let first = input
        .trim_start_matches('\u{feff}')
        .lines()
        .enumerate()
        .find(|(_, line)| !line.trim().is_empty());
    match first {
        Some((index, line)) => ParseError::new(
            index + 1,
            format!(
                "no time stamp found: expected a line like {example}, found `{}`",
                excerpt(line.trim())
            ),
        ),
        None => ParseError::new(0, "no time stamp found: the file is empty"),
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::{Path, PathBuf};

    use super::*;

    type Expected<'a> = &'a [(Millis, Option<&'a str>, &'a str)];

    fn summary(transcript: &Transcript) -> Vec<(Millis, Option<&str>, &str)> {
        transcript
            .segments
            .iter()
            .map(|s| (s.start, s.speaker.as_deref(), s.text.as_str()))
            .collect()
    }

    fn check(parse: fn(&str) -> ParseResult<Transcript>, cases: &[(&str, Expected<'_>)]) {
        for &(input, want) in cases {
            let transcript = parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(summary(&transcript), want, "{input:?}");
            assert!(transcript.timed, "{input:?}");
        }
    }

    #[test]
    fn timestamped_text_forms() {
        let cases: &[(&str, Expected<'_>)] = &[
            (
                "00:00:04 Hello there.\n\n00:00:09 Second line.\n",
                &[(4_000, None, "Hello there."), (9_000, None, "Second line.")],
            ),
            (
                "\u{feff}0:04 One.\n0:09 Two &amp; three.\n",
                &[(4_000, None, "One."), (9_000, None, "Two & three.")],
            ),
            (
                "[00:12:34] Ann Lee: First.\n[00:12:40] Bo: Second.\n[00:12:50] Still Bo.\n",
                &[
                    (754_000, Some("Ann Lee"), "First."),
                    (760_000, Some("Bo"), "Second."),
                    (770_000, Some("Bo"), "Still Bo."),
                ],
            ),
            (
                "[12:34] Bracketed.\n[12:40] Again.\n",
                &[(754_000, None, "Bracketed."), (760_000, None, "Again.")],
            ),
            (
                "(00:12:34) Ann: Parenthesised.\n(00:12:40) Bo: Too.\n",
                &[
                    (754_000, Some("Ann"), "Parenthesised."),
                    (760_000, Some("Bo"), "Too."),
                ],
            ),
            (
                "00:12:34 Ann: Bare.\n00:12:40 - Note: the audio drops here.\n",
                &[
                    (754_000, Some("Ann"), "Bare."),
                    (760_000, Some("Ann"), "Note: the audio drops here."),
                ],
            ),
            (
                "Ann Lee [00:00:05]: Hello.\nBo Diaz [00:00:07]:\nHi there,\nall of you.\n",
                &[
                    (5_000, Some("Ann Lee"), "Hello."),
                    (7_000, Some("Bo Diaz"), "Hi there, all of you."),
                ],
            ),
            (
                "[00:00:01]\nStamp on its own line.\n\n[00:00:03]\n\nAnd above a blank.\n",
                &[
                    (1_000, None, "Stamp on its own line."),
                    (3_000, None, "And above a blank."),
                ],
            ),
            (
                "(00:00:10) Ann Lee\nHello.\n\n(00:00:20) Bo\n\nHi.\n",
                &[
                    (10_000, Some("Ann Lee"), "Hello."),
                    (20_000, Some("Bo"), "Hi."),
                ],
            ),
            (
                "0:10 Inline stamps [0:20] split a line.\n",
                &[
                    (10_000, None, "Inline stamps"),
                    (20_000, None, "split a line."),
                ],
            ),
        ];
        check(parse_text, cases);
    }

    #[test]
    fn speaker_header_lines_introduce_paragraphs() {
        let input = "Ann Lee  00:00:10\n\nOne two three four five six.\n\nSeven eight nine.\n\n\
                     Bo Diaz (00:01:00)\n\nBo speaks.\n";
        let transcript = parse_text(input).expect("parses");
        let spans: Vec<_> = transcript
            .segments
            .iter()
            .map(|s| (s.start, s.end, s.speaker.as_deref()))
            .collect();
        // The second paragraph shares Ann's 50 s by words: 6 of 9 come before it.
        assert_eq!(
            spans,
            [
                (10_000, 43_333, Some("Ann Lee")),
                (43_333, 60_000, Some("Ann Lee")),
                (60_000, 60_800, Some("Bo Diaz")),
            ]
        );
    }

    const EPISODE: &str = "# Episode 7: Parsing Things\n\n\
        **Ann Lee:** \\[00:00\\] Welcome to the _show_. Today we talk about **parsers**.\n\n\
        **Bo Diaz:** Thanks for having me, it is great to be here.\n\n\
        **Ann Lee:** \\[01:00\\] So, tell us about [your project](https://example.test/p). \
        \\[01:30\\] It\\'s called `tt_parse`, right?\n\n\
        And a second paragraph without a stamp.\n\n\
        # **Break:** \\[02:00\\] to \\[03:00\\]\n\n\
        **Bo Diaz**: \\[01:02:03.45\\] Yes &amp; no. \\[104:15\\] Much later. \
        \\[01:45:00:12\\] With frames.\n";

    #[test]
    fn markdown_turns_inline_stamps_and_markup() {
        let transcript = parse_markdown(EPISODE).expect("parses");
        assert_eq!(
            transcript.title.as_deref(),
            Some("Episode 7: Parsing Things")
        );
        assert_eq!(transcript.format, Format::Markdown);
        let want: Expected<'_> = &[
            (
                0,
                Some("Ann Lee"),
                "Welcome to the show. Today we talk about parsers.",
            ),
            // No stamp of its own: 9 of the 19 words between 0:00 and 1:00 come before it.
            (
                28_421,
                Some("Bo Diaz"),
                "Thanks for having me, it is great to be here.",
            ),
            (60_000, Some("Ann Lee"), "So, tell us about your project."),
            (90_000, Some("Ann Lee"), "It's called tt_parse, right?"),
            (
                100_909,
                Some("Ann Lee"),
                "And a second paragraph without a stamp.",
            ),
            // `HH:MM:SS.ff` is hundredths; minutes over 59; the frames field is dropped.
            (3_723_450, Some("Bo Diaz"), "Yes & no."),
            (6_255_000, Some("Bo Diaz"), "Much later."),
            (6_300_000, Some("Bo Diaz"), "With frames."),
        ];
        assert_eq!(summary(&transcript), want);
        let ends: Vec<Millis> = transcript.segments.iter().map(|s| s.end).collect();
        // The paragraph before the break ends where the break starts; the last one after its
        // two words at 150 words per minute.
        assert_eq!(ends.get(4), Some(&120_000));
        assert_eq!(ends.last(), Some(&6_300_800));
    }

    #[test]
    fn an_unstamped_turn_falls_strictly_between_its_neighbours() {
        let input = "**Ann:** \\[10:00\\] A question.\n\n**Bo:** An answer.\n\n\
                     **Ann:** \\[10:30\\] Fine.\n";
        let transcript = parse_markdown(input).expect("parses");
        let starts: Vec<Millis> = transcript.segments.iter().map(|s| s.start).collect();
        assert_eq!(starts.len(), 3);
        assert!(starts[0] < starts[1] && starts[1] < starts[2], "{starts:?}");
        assert_eq!(transcript.segments[1].speaker.as_deref(), Some("Bo"));
    }

    #[test]
    fn a_backwards_stamp_keeps_document_order() {
        let input = "**Ann:** \\[10:00\\] One two three.\n\n**Bo:** \\[09:58\\] Four five six.\n\n\
                     **Ann:** \\[11:00\\] Seven.\n";
        let transcript = parse_markdown(input).expect("parses");
        assert_eq!(
            summary(&transcript),
            [
                (600_000, Some("Ann"), "One two three."),
                (630_000, Some("Bo"), "Four five six."),
                (660_000, Some("Ann"), "Seven."),
            ]
        );
    }

    #[test]
    fn times_around_the_stamps() {
        let cases: &[(&str, Expected<'_>)] = &[
            // After the last stamp, 150 words per minute (400 ms a word).
            (
                "[00:10] Five words in this line.\n\nThen the rest.\n",
                &[
                    (10_000, None, "Five words in this line."),
                    (12_000, None, "Then the rest."),
                ],
            ),
            // Text before a stamp that is plausibly the first starts at 0...
            (
                "Intro words here.\n\n[00:00:30] Then stamped.\n",
                &[
                    (0, None, "Intro words here."),
                    (30_000, None, "Then stamped."),
                ],
            ),
            // ...but before a stamp an hour in, it is read backwards from that stamp.
            (
                "Excerpt notes.\n\n[01:00:00] Stamped.\n",
                &[
                    (3_599_200, None, "Excerpt notes."),
                    (3_600_000, None, "Stamped."),
                ],
            ),
        ];
        check(parse_text, cases);
    }

    #[test]
    fn plain_text_is_one_untimed_segment_per_paragraph() {
        let transcript = parse_plain("\u{feff}First line\nsame paragraph.\n\n\n  Second.  \n");
        assert!(!transcript.timed);
        assert_eq!(transcript.format, Format::PlainText);
        assert_eq!(
            summary(&transcript),
            [
                (0, None, "First line same paragraph."),
                (0, None, "Second.")
            ]
        );
        assert!(parse_plain("").segments.is_empty());
    }

    #[test]
    fn markdown_with_speakers_but_no_stamps_is_untimed() {
        let transcript =
            parse_markdown("# Old Show\n\n**Ann:** Hi.\n\n**Bo:** Hello.\n").expect("parses");
        assert!(!transcript.timed);
        assert_eq!(
            summary(&transcript),
            [(0, Some("Ann"), "Hi."), (0, Some("Bo"), "Hello.")]
        );
    }

    #[test]
    fn no_stamp_at_all_is_an_error_on_the_first_line() {
        let cases: &[(fn(&str) -> ParseResult<Transcript>, &str, usize)] = &[
            (parse_text, "\n\nJust prose, no times.\n", 3),
            (parse_text, "", 0),
            (parse_markdown, "Some *notes* without speakers.\n", 1),
        ];
        for &(parse, input, line) in cases {
            let error = parse(input).expect_err(input);
            assert_eq!(error.line, line, "{input:?}");
            assert!(
                error.message.starts_with("no time stamp found"),
                "{}",
                error.message
            );
        }
        let long = parse_text(&"x".repeat(100)).expect_err("no stamp");
        assert!(long.message.ends_with("xxx…`"), "{}", long.message);
    }

    #[test]
    fn detectors() {
        let cases = [
            ("00:00:01 One.\n\n00:00:05 Two.\n", true, false),
            ("[00:12] Ann: hi\n[00:15] Bo: hi\n", true, false),
            (
                "Ann 00:00:01\n\nHi.\n\nBo 00:00:05\n\nHello.\n",
                true,
                false,
            ),
            ("**Ann:** Hi.\n\n**Bo:** Hello.\n", false, true),
            (
                "Hi \\[00:10\\] there.\n\nAnd \\[00:20\\] again.\n",
                true,
                true,
            ),
            ("[00:10] **Ann:** hi\n[00:20] **Bo:** hi\n", true, true),
            ("We met at 10:30.\nThen at 11:00 we left.\n", false, false),
            ("One line 00:00:01 only.\n", false, false),
        ];
        for (input, timestamped, markdown) in cases {
            assert_eq!(looks_timestamped(input), timestamped, "{input:?}");
            assert_eq!(looks_like_markdown_transcript(input), markdown, "{input:?}");
        }
    }

    #[test]
    fn odd_input_never_panics() {
        let inputs = [
            "",
            "\u{feff}",
            "[",
            "\\",
            "\\[",
            "**",
            "**:",
            "# ",
            "---",
            "---\ntitle:",
            "\r\r\r",
            "[00:00",
            "[0:00](",
            "[0:00](x",
            "é[0:00]é",
            "((((",
            "`",
            "``x`",
            "&#",
            "&#x;",
            "&#xFFFFFFFF;",
            "<",
            "<a",
            "![",
            "[x](",
            "__",
            "~~",
            "00:00:00",
            "99:99",
            "999:59 x",
            "Ann 0:00\n",
            "\\[\\\\0:00\\\\\\]",
            "**Ä:** \\[0:01\\] ü",
        ];
        let large = [
            "[".repeat(100_000),
            "`a``".repeat(30_000),
            "\\[0:01\\] x ".repeat(20_000),
            format!("**{}:** y", "A ".repeat(50_000)),
            "&#".repeat(50_000),
            "a\n".repeat(50_000),
        ];
        for input in inputs
            .iter()
            .copied()
            .chain(large.iter().map(String::as_str))
        {
            let _ = parse_text(input);
            let _ = parse_markdown(input);
            let _ = parse_plain(input);
            let _ = looks_timestamped(input);
            let _ = looks_like_markdown_transcript(input);
        }
    }

    // Corpus checks: every real transcript we have parses with sane times. They read
    // /work/shared at run time and never copy it.

    fn shared_dir(relative: &str) -> Option<PathBuf> {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")).join(relative);
        if dir.is_dir() {
            Some(dir)
        } else {
            eprintln!("skipping: {} absent", dir.display());
            None
        }
    }

    fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(dir) = pending.pop() {
            for entry in fs::read_dir(&dir).expect("readable corpus dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == extension) {
                    found.push(path);
                }
            }
        }
        found.sort();
        found
    }

    /// At least one segment, no empty text, `end >= start`, starts never decreasing, and no
    /// zero time once a real (non-zero) time has appeared.
    fn assert_sane(transcript: &Transcript, name: &str) {
        let segments = &transcript.segments;
        assert!(!segments.is_empty(), "{name}: no segments");
        let mut seen_real_time = false;
        for (index, segment) in segments.iter().enumerate() {
            assert!(!segment.text.is_empty(), "{name}: empty segment {index}");
            assert!(
                segment.end >= segment.start,
                "{name}: segment {index} ends before it starts"
            );
            if let Some(next) = segments.get(index + 1) {
                assert!(
                    segment.start <= next.start,
                    "{name}: time goes back after segment {index}"
                );
            }
            assert!(
                !(seen_real_time && segment.start == 0),
                "{name}: zero time at {index}"
            );
            seen_real_time |= segment.start > 0;
        }
    }

    /// A rough count of the words a Markdown transcript says: whitespace-separated tokens, less
    /// the ends of `**Speaker Name:**` labels and the stamps.
    fn conversation_words(input: &str) -> usize {
        input
            .split_whitespace()
            .filter(|token| {
                let label =
                    token.starts_with("**") || token.ends_with(":**") || token.ends_with("**:");
                let stamp =
                    token.starts_with("\\[") && token.contains(':') && token.ends_with("\\]");
                !label && !stamp
            })
            .count()
    }

    #[test]
    fn every_changelog_markdown_transcript_parses() {
        let Some(dir) = shared_dir("corpus/changelog") else {
            return;
        };
        let files = files_with_extension(&dir, "md");
        assert!(!files.is_empty(), "no .md files under {}", dir.display());
        let mut lowest_share = 1.0f64;
        for path in &files {
            let name = path.display().to_string();
            let input = fs::read_to_string(path).expect("UTF-8 transcript");
            assert!(
                looks_like_markdown_transcript(&input),
                "{name}: not detected"
            );
            let transcript = parse_markdown(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_sane(&transcript, &name);
            // Escaped stamps, some doubly (`\[\\00:08:15.11\\\]`).
            let has_stamp = input.match_indices("\\[").any(|(i, _)| {
                let rest = input.get(i + 2..).unwrap_or("").trim_start_matches('\\');
                rest.starts_with(|c: char| c.is_ascii_digit())
            });
            assert_eq!(transcript.timed, has_stamp, "{name}: timed");
            // Speaker labels and stamps go; the words of the conversation must not.
            let share = transcript.word_count() as f64 / conversation_words(&input) as f64;
            lowest_share = lowest_share.min(share);
            assert!(share > 0.95, "{name}: only {share:.3} of the words kept");
        }
        eprintln!(
            "{} Markdown transcripts parsed; lowest share of words kept {lowest_share:.3}",
            files.len()
        );
    }

    #[test]
    fn every_talk_python_text_transcript_parses_line_by_line() {
        let Some(dir) = shared_dir("corpus/talk-python/transcripts") else {
            return;
        };
        let files = files_with_extension(&dir, "txt");
        assert!(!files.is_empty(), "no .txt files under {}", dir.display());
        for path in &files {
            let name = path.display().to_string();
            let input = fs::read_to_string(path).expect("UTF-8 transcript");
            assert!(looks_timestamped(&input), "{name}: not detected");
            assert!(
                !looks_like_markdown_transcript(&input),
                "{name}: taken for Markdown"
            );
            let transcript = parse_text(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_sane(&transcript, &name);
            let line_times: Vec<Option<Millis>> = input
                .lines()
                .filter(|line| !line.trim().is_empty())
                .map(|line| {
                    line.split_whitespace()
                        .next()
                        .and_then(crate::model::parse_time)
                })
                .collect();
            let segment_times: Vec<Option<Millis>> =
                transcript.segments.iter().map(|s| Some(s.start)).collect();
            assert_eq!(
                segment_times, line_times,
                "{name}: a segment per line, at its time"
            );
        }
        eprintln!("{} timestamped text transcripts parsed", files.len());
    }
}

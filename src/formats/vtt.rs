//! WebVTT (SPEC §3.1), read the way browsers read it: the W3C/WHATWG parsing algorithm
//! (<https://w3c.github.io/webvtt/#file-parsing>), checked against the web-platform-tests
//! file-parsing and cue-text cases (`tests/wpt_webvtt.rs`).
//!
//! Quirks that matter for transcripts:
//! - the file must start with `WEBVTT` (after an optional BOM) followed by a space, tab, line
//!   break or the end; anything else is not WebVTT at all;
//! - timings are `mm:ss.ttt` or `hh:mm:ss.ttt` with exactly three fraction digits; a block whose
//!   timing line does not read (an SRT-style `00:00:01,000`, say) is dropped whole, and so are
//!   NOTE comments and STYLE/REGION blocks;
//! - NUL becomes U+FFFD; CR, LF and CRLF all end lines;
//! - `<v Name>` (also `<v.loud Name>`) names the speaker, and a cue without one keeps the last
//!   speaker; a cue whose voices change part-way is split into one segment per voice;
//! - other tags only style text and are dropped, character references are decoded the HTML way
//!   (numeric ones all, named ones from the table of common names in `formats/entities.rs`), and
//!   `<00:00:01.500>` timestamp tags give per-word times.
//!
//! Hand-written: the algorithm is a few hundred lines, it has to match browsers case for case
//! (which the WPT suite checks, something a general subtitle crate does not promise), and the
//! transcript reading on top (voices carried over, per-word times) is ours in any case.
//!
//! Import policy on top of the browser rules ([`import_cues`]): a file that parses to no cue at
//! all, though it had a block with an unreadable timing line, is an error at that line.

mod cue_settings;
pub mod cue_text;
mod file_parsing;
pub(crate) mod timestamp;

pub use cue_settings::{CueSettings, LineAlign, PositionAlign, TextAlign, Vertical};
pub use file_parsing::{
    Cue, Document, InvalidTiming, SIGNATURE_ERROR, parse_cues, parse_document, parse_document_each,
};
/// A whole string read as a WebVTT timestamp (`00:01.500`, `01:00:01.500`).
pub(crate) use timestamp::parse_whole_timestamp as parse_timestamp;

use super::whitespace::{Collapsed, collapse_owned, join_words};
use super::{ParseError, ParseResult, excerpt};
use crate::model::{Format, Millis, Segment, Transcript, Word};
use cue_text::Piece;

/// Parses a WebVTT file into segments, one per cue (or per voice inside a cue).
pub fn parse(input: &str) -> ParseResult<Transcript> {
    let mut speaker = None;
    let mut segments: Vec<Segment> = Vec::new();
    import_cues_each(input, &mut |cue| {
        push_cue_segments(cue, &mut speaker, &mut segments)
    })?;
    segments.sort_by_key(|segment| segment.start);
    let mut transcript = Transcript::new(Format::WebVtt, segments);
    transcript.title = header_title(input);
    Ok(transcript)
}

/// The text after the signature (`WEBVTT - Show: Episode`), which some producers use as a title.
fn header_title(input: &str) -> Option<String> {
    let first = input.trim_start_matches('\u{feff}').lines().next()?;
    let rest = first.strip_prefix("WEBVTT")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let title = rest.trim().trim_start_matches(['-', '–', '—', ':']).trim();
    (!title.is_empty()).then(|| crate::formats::text::sanitize_line(title))
}

/// The cues of a file being imported: [`parse_cues`], except that a file with no cue at all
/// but an unreadable timing line is an error at that line rather than an empty transcript.
pub fn import_cues(input: &str) -> ParseResult<Vec<Cue>> {
    let mut cues = Vec::new();
    import_cues_each(input, &mut |cue| cues.push(cue))?;
    Ok(cues)
}

/// [`import_cues`], handing each cue to `each` as it is read (see [`parse_document_each`]).
pub fn import_cues_each(input: &str, each: &mut dyn FnMut(Cue)) -> ParseResult<()> {
    let mut any_cue = false;
    let document = parse_document_each(input, &mut |cue| {
        any_cue = true;
        each(cue)
    })?;
    if !any_cue && let Some(invalid) = document.first_invalid_timing {
        return Err(ParseError::new(
            invalid.line,
            format!(
                "timing line: expected `00:00:01.000 --> 00:00:02.000`, found `{}`",
                excerpt(invalid.text.trim())
            ),
        ));
    }
    Ok(())
}

/// Text and timestamps, in order: what per-word times are computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TimedPart {
    Text(String),
    Time(Millis),
}

/// One voice's share of a cue while it is being read.
struct VoiceRun {
    speaker: Option<String>,
    start: Millis,
    parts: Vec<TimedPart>,
}

impl VoiceRun {
    fn has_text(&self) -> bool {
        self.parts
            .iter()
            .any(|part| matches!(part, TimedPart::Text(t) if !t.trim().is_empty()))
    }
}

/// Adds the segments of one cue to `segments`. `speaker` carries the voice from cue to cue.
fn push_cue_segments(cue: Cue, speaker: &mut Option<String>, segments: &mut Vec<Segment>) {
    let end = cue.end.max(cue.start);
    if !cue.text.bytes().any(|b| b == b'<' || b == b'&') {
        // No markup and no references: the text is the cue's own, and the voice carries over.
        let text = collapse_owned(cue.text);
        if !text.is_empty() {
            segments.push(Segment {
                start: cue.start,
                end,
                speaker: speaker.clone(),
                text,
                words: Vec::new(),
            });
        }
        return;
    }
    let mut runs = vec![VoiceRun {
        speaker: speaker.clone(),
        start: cue.start,
        parts: Vec::new(),
    }];
    let mut latest_time = cue.start;
    let mut has_timestamps = false;
    for piece in cue_text::read_pieces(&cue.text) {
        let Some(run) = runs.last_mut() else {
            break;
        };
        match piece {
            Piece::Text(text) => run.parts.push(TimedPart::Text(text)),
            Piece::Timestamp(time) => {
                has_timestamps = true;
                latest_time = time.clamp(cue.start, end).max(latest_time);
                run.parts.push(TimedPart::Time(latest_time));
            }
            Piece::Voice(name) => {
                if run.has_text() && run.speaker.as_deref() != Some(name.as_str()) {
                    runs.push(VoiceRun {
                        speaker: Some(name.clone()),
                        start: latest_time,
                        parts: Vec::new(),
                    });
                } else {
                    run.speaker = Some(name.clone());
                }
                *speaker = Some(name);
            }
        }
    }

    // A run ends where the next one starts; without timestamps to tell them apart, every run
    // spans the whole cue.
    let run_ends: Vec<Millis> = runs
        .iter()
        .zip(
            runs.iter()
                .skip(1)
                .map(|next| Some(next.start))
                .chain([None]),
        )
        .map(|(run, next_start)| next_start.filter(|&next| next > run.start).unwrap_or(end))
        .collect();
    segments.extend(runs.into_iter().zip(run_ends).filter_map(|(run, run_end)| {
        let (text, words) = if has_timestamps {
            let words = timed_words(&run.parts, run.start, run_end);
            (join_words(&words), words)
        } else {
            (plain_text(&run.parts), Vec::new())
        };
        if text.is_empty() {
            return None;
        }
        Some(Segment {
            start: run.start,
            end: run_end.max(run.start),
            speaker: run.speaker,
            text,
            words,
        })
    }));
}

/// The text of untimed parts, whitespace runs (line breaks included) made single spaces.
fn plain_text(parts: &[TimedPart]) -> String {
    let mut text = Collapsed::default();
    for part in parts {
        if let TimedPart::Text(visible) = part {
            text.push_str(visible);
        }
    }
    text.into_string()
}

/// Splits timed text into words. A word starts at the timestamp written before it (the first
/// at `start`); words with no timestamp of their own share the time up to the next one evenly;
/// each word ends where the next starts, the last at `end`. Times never go backwards.
pub(crate) fn timed_words(parts: &[TimedPart], start: Millis, end: Millis) -> Vec<Word> {
    let end = end.max(start);
    let mut words: Vec<(String, Option<Millis>)> = Vec::new();
    let mut pending = Some(start);
    let mut in_word = false;
    for part in parts {
        match part {
            TimedPart::Time(time) => pending = Some((*time).clamp(start, end)),
            TimedPart::Text(text) => {
                for c in text.chars() {
                    if c.is_whitespace() {
                        in_word = false;
                    } else {
                        if !in_word {
                            words.push((String::new(), pending.take()));
                            in_word = true;
                        }
                        if let Some((word, _)) = words.last_mut() {
                            word.push(c);
                        }
                    }
                }
            }
        }
    }

    // Fix the anchors (monotonic), then interpolate the words between them.
    let mut starts: Vec<Option<Millis>> = Vec::with_capacity(words.len());
    let mut floor = start;
    for (_, anchor) in &words {
        starts.push(anchor.map(|time| {
            floor = time.max(floor);
            floor
        }));
    }
    let mut previous_anchor = (0usize, start);
    let mut index = 0;
    while index < starts.len() {
        if let Some(Some(time)) = starts.get(index) {
            previous_anchor = (index, *time);
            index += 1;
            continue;
        }
        let next_anchor = starts
            .iter()
            .enumerate()
            .skip(index)
            .find_map(|(i, time)| time.map(|t| (i, t)))
            .unwrap_or((starts.len(), end));
        let (from_index, from_time) = previous_anchor;
        let (to_index, to_time) = next_anchor;
        let span = to_time.saturating_sub(from_time);
        let steps = (to_index.saturating_sub(from_index)).max(1) as u64;
        for i in index..to_index {
            let step = i.saturating_sub(from_index) as u64;
            if let Some(slot) = starts.get_mut(i) {
                *slot = Some(from_time.saturating_add(span.saturating_mul(step) / steps));
            }
        }
        index = to_index;
    }

    let starts: Vec<Millis> = starts.into_iter().map(|s| s.unwrap_or(start)).collect();
    words
        .into_iter()
        .enumerate()
        .map(|(i, (text, _))| {
            let word_start = starts.get(i).copied().unwrap_or(start);
            let word_end = starts.get(i + 1).copied().unwrap_or(end).max(word_start);
            Word {
                start: word_start,
                end: word_end,
                text,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(start: Millis, end: Millis, speaker: Option<&str>, text: &str) -> Segment {
        Segment {
            start,
            end,
            speaker: speaker.map(str::to_string),
            text: text.to_string(),
            words: Vec::new(),
        }
    }

    fn word(start: Millis, end: Millis, text: &str) -> Word {
        Word {
            start,
            end,
            text: text.to_string(),
        }
    }

    #[test]
    fn voices_carry_over_and_markup_is_stripped() {
        let input = "WEBVTT\n\n\
            00:00:00.000 --> 00:00:02.000\n<v Dana Reyes>Welcome to <i>the</i> show.\n\n\
            00:00:02.000 --> 00:00:04.000\nStill <b>Dana</b> here,\nover two lines.\n\n\
            00:00:04.000 --> 00:00:06.500\n<v.loud  Sam >Q&amp;A &lt;time&gt;!</v>\n";
        let transcript = parse(input).expect("parses");
        assert_eq!(transcript.format, Format::WebVtt);
        assert!(transcript.timed);
        assert_eq!(
            transcript.segments,
            vec![
                segment(0, 2_000, Some("Dana Reyes"), "Welcome to the show."),
                segment(
                    2_000,
                    4_000,
                    Some("Dana Reyes"),
                    "Still Dana here, over two lines."
                ),
                segment(4_000, 6_500, Some("Sam"), "Q&A <time>!"),
            ]
        );
    }

    #[test]
    fn splits_a_cue_whose_voice_changes() {
        let input = "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Ann>Ready?\n<v Bo>Yes.\n";
        let segments = parse(input).expect("parses").segments;
        assert_eq!(
            segments,
            vec![
                segment(1_000, 3_000, Some("Ann"), "Ready?"),
                segment(1_000, 3_000, Some("Bo"), "Yes."),
            ]
        );
    }

    #[test]
    fn timestamp_tags_give_word_times() {
        let input = "WEBVTT\n\n00:00:10.000 --> 00:00:14.000\n<v Kim>never <00:00:11.000>gonna <00:00:12.000>give you up\n";
        let segments = parse(input).expect("parses").segments;
        assert_eq!(segments.len(), 1);
        assert_eq!(segments[0].text, "never gonna give you up");
        assert_eq!(
            segments[0].words,
            vec![
                word(10_000, 11_000, "never"),
                word(11_000, 12_000, "gonna"),
                // Three words share the last two seconds evenly.
                word(12_000, 12_666, "give"),
                word(12_666, 13_333, "you"),
                word(13_333, 14_000, "up"),
            ]
        );
    }

    #[test]
    fn out_of_order_and_backwards_cues() {
        let input =
            "WEBVTT\n\n00:05.000 --> 00:04.000\nlater\n\n00:01.000 --> 00:02.000\nearlier\n";
        let segments = parse(input).expect("parses").segments;
        assert_eq!(
            segments,
            vec![
                segment(1_000, 2_000, None, "earlier"),
                segment(5_000, 5_000, None, "later"),
            ]
        );
    }

    #[test]
    fn error_policy() {
        let cases: [(&str, Option<ParseError>); 5] = [
            ("", Some(ParseError::new(1, SIGNATURE_ERROR))),
            (
                "1\n00:00:01,000 --> 00:00:02,000\nhi\n",
                Some(ParseError::new(1, SIGNATURE_ERROR)),
            ),
            (
                "WEBVTT\n\nNOTE srt times\n\n00:00:01,000 --> 00:00:02,000\nhi\n",
                Some(ParseError::new(
                    5,
                    "timing line: expected `00:00:01.000 --> 00:00:02.000`, found `00:00:01,000 --> 00:00:02,000`",
                )),
            ),
            // One good cue: bad blocks are dropped as browsers do.
            (
                "WEBVTT\n\n00:01,000 --> 00:02.000\nbad\n\n00:02.000 --> 00:03.000\ngood\n",
                None,
            ),
            // No cue and no timing line: an empty transcript, not a parse error.
            ("WEBVTT\n\nNOTE nothing here\n", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse(input).err(), want, "{input:?}");
        }
    }

    #[test]
    fn long_bad_timing_lines_are_shortened() {
        let input = format!("WEBVTT\n\n00:00:01 --> 00:00:02 {}\nx\n", "y".repeat(80));
        let error = parse(&input).expect_err("no cue");
        assert_eq!(error.line, 3);
        assert!(error.message.ends_with("yyy…`"), "{}", error.message);
        assert!(error.message.chars().count() < 110);
    }

    #[test]
    fn words_interpolate_between_anchors() {
        let parts = [
            TimedPart::Text("a b".into()),
            TimedPart::Time(4_000),
            TimedPart::Text(" c d e".into()),
        ];
        let words = timed_words(&parts, 2_000, 7_000);
        assert_eq!(
            words,
            vec![
                word(2_000, 3_000, "a"),
                word(3_000, 4_000, "b"),
                word(4_000, 5_000, "c"),
                word(5_000, 6_000, "d"),
                word(6_000, 7_000, "e"),
            ]
        );
        // A timestamp before the start or going backwards is held at the floor.
        let parts = [
            TimedPart::Time(9_000),
            TimedPart::Text("x".into()),
            TimedPart::Time(1),
            TimedPart::Text(" y".into()),
        ];
        let words = timed_words(&parts, 2_000, 5_000);
        assert_eq!(
            words,
            vec![word(5_000, 5_000, "x"), word(5_000, 5_000, "y")]
        );
    }

    /// The real files under `../shared`: talk-python transcripts (plain and `- ` dash style) and
    /// the Podcasting 2.0 example with `<v>` voices.
    #[test]
    fn every_shared_corpus_file_parses() {
        let shared = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"));
        let mut files = Vec::new();
        for folder in [
            "corpus/talk-python/transcripts",
            "corpus/talk-python/youtube_transcripts",
            "formats/podcasting20/docs/examples/transcripts",
        ] {
            let Ok(entries) = std::fs::read_dir(shared.join(folder)) else {
                eprintln!("skipping: {} absent", shared.join(folder).display());
                continue;
            };
            files.extend(
                entries
                    .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                    .filter(|path| path.extension().is_some_and(|ext| ext == "vtt")),
            );
        }
        let mut segments = 0;
        for path in &files {
            let name = path.display().to_string();
            let input = std::fs::read_to_string(path).expect("UTF-8");
            assert!(
                !crate::formats::youtube_vtt::looks_like_youtube(&input),
                "{name}"
            );
            let transcript = parse(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
            let cues = parse_cues(&input).expect("parsed above");
            let cues_with_text = cues.iter().filter(|c| !c.text.trim().is_empty()).count();
            assert!(
                transcript.segments.len() >= cues_with_text,
                "{name}: cues lost"
            );
            assert!(
                transcript
                    .segments
                    .windows(2)
                    .all(|w| w[0].start <= w[1].start),
                "{name}"
            );
            for segment in &transcript.segments {
                assert!(segment.end >= segment.start, "{name}: {segment:?}");
                assert!(!segment.text.contains("<v"), "{name}: {segment:?}");
            }
            segments += transcript.segments.len();
        }
        eprintln!(
            "{} WebVTT files parsed into {segments} segments",
            files.len()
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        let inputs = [
            "WEBVTT\n\n00:00.000 --> 00:01.000\n<v",
            "WEBVTT\n\n00:00.000 --> 00:01.000\n&#",
            "WEBVTT\n\n00:00.000 --> 00:01.000\n<00:00:05.000><v a><v b><v a>",
            "WEBVTT\n\n99:59:59.999 --> 00:00.000\n<99:59:59.999>x<00:00.000>y",
            "WEBVTT\n\n00:00.000 --> 00:01.000\n<ruby><rt></ruby></rt>&amp",
        ];
        for input in inputs {
            let _ = parse(input);
        }
    }

    #[test]
    fn the_signature_line_may_carry_a_title() {
        let cue = "\n\n00:00:01.000 --> 00:00:02.000\nHi\n";
        let title = |header: &str| parse(&format!("{header}{cue}")).unwrap().title;
        assert_eq!(
            title("WEBVTT - Loss Radio: Episode 4").as_deref(),
            Some("Loss Radio: Episode 4")
        );
        assert_eq!(title("\u{feff}WEBVTT\tA title").as_deref(), Some("A title"));
        assert_eq!(title("WEBVTT"), None);
        assert_eq!(title("WEBVTT -"), None);
    }
}

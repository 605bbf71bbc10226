//! YouTube automatic captions as `yt-dlp --write-auto-subs` saves them (SPEC §3.1): valid
//! WebVTT, but written for a rolling two-line display rather than for reading.
//!
//! What such a file looks like:
//! - a `Kind: captions` / `Language: en` header, and ` align:start position:0%` on every cue;
//! - for each new line of speech, a "long" cue whose first line repeats the previous line and
//!   whose second line brings the new words with inline times,
//!   `word<00:00:01.500><c> next</c><00:00:01.900><c> words</c>`;
//! - then a ~10 ms "hold" cue repeating that line as plain text above a padding line of one
//!   space; so every phrase appears about three times;
//! - `>>` (written `&gt;&gt;`) where the speaker changes, never who speaks.
//!
//! De-rolling keeps every spoken word exactly once, with its own time: words come from the
//! lines that carry inline times (the first word starts with the cue, each later one at its
//! `<timestamp>`), and from the bottom line of a multi-line cue even without times (a one-word
//! line has no timestamp tag to carry). Any other line is a repeat when it equals one of the
//! last lines emitted; if it does not, only the part that does not overlap the words already
//! emitted is kept, timed evenly across its cue. Each emitted line becomes one segment, split
//! again at `>>`.
//!
//! Speakers: the file only marks turns, so when it has any `>>`, the labels alternate
//! `Speaker 1`, `Speaker 2`, `Speaker 1`... starting with the first words. That is right for the
//! usual two-person conversation and still marks every turn otherwise; with no `>>` at all the
//! speaker stays unknown.
//!
//! Parsing itself is the WebVTT algorithm of [`super::vtt`]; this module only interprets cues.
//! Hand-written because de-rolling is specific to this one producer: subtitle crates read the
//! cues, none undoes the rolling display.

use std::collections::VecDeque;

use super::ParseResult;
use super::vtt::{self, Cue, TimedPart, cue_text};
use super::whitespace::join_words;
use crate::model::{Format, Millis, Segment, Transcript, Word};

/// How many recently emitted lines a repeated line is compared with.
const RECENT_LINES: usize = 3;
/// How many recently emitted words an overlapping line is compared with.
const TAIL_WORDS: usize = 64;
const TURN_MARKER: &str = ">>";

/// Parses a YouTube auto-caption file into de-rolled segments with per-word times.
pub fn parse(input: &str) -> ParseResult<Transcript> {
    // Cue by cue as the parser reads them: a file's cues are about as large as the file, and
    // de-rolling keeps about a third of their words.
    let mut deroller = Deroller::new();
    vtt::import_cues_each(input, &mut |cue| deroller.feed(&cue))?;
    let mut segments = deroller.finish();
    segments.sort_by_key(|segment| segment.start);
    Ok(Transcript::new(Format::YouTubeVtt, segments))
}

/// True for WebVTT that has YouTube's inline word timings (`<00:00:01.500><c>`), or its
/// `Kind: captions` header together with `align:start position:0%` cue settings.
pub fn looks_like_youtube(input: &str) -> bool {
    let text = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    if !text.starts_with("WEBVTT") {
        return false;
    }
    let inline_word_timing = text
        .match_indices("><c>")
        .any(|(at, _)| text.get(..at).is_some_and(ends_with_timestamp_tag_opening));
    let header_says_captions = text
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .any(|line| line.trim() == "Kind: captions");
    inline_word_timing || (header_says_captions && text.contains("align:start position:0%"))
}

/// Whether `text` ends with `<` followed by a valid timestamp (the tag's `>` comes next).
fn ends_with_timestamp_tag_opening(text: &str) -> bool {
    // A timestamp tag is short; look no further back than that.
    let Some(open) = text.rfind('<') else {
        return false;
    };
    text.get(open + 1..)
        .is_some_and(|tag| tag.len() <= 16 && vtt::parse_timestamp(tag).is_some())
}

/// One line of a cue, read into words (turn markers taken out).
struct Line {
    words: Vec<Word>,
    /// For each word: a `>>` came right before it.
    turn_before: Vec<bool>,
    /// The line ends with a `>>` that no word follows.
    trailing_turn: bool,
    has_timestamps: bool,
}

impl Line {
    fn read(raw: &str, start: Millis, end: Millis) -> Line {
        let mut parts = Vec::new();
        let mut has_timestamps = false;
        for piece in cue_text::read_pieces(raw) {
            match piece {
                cue_text::Piece::Text(text) => parts.push(TimedPart::Text(glue_markers(&text))),
                cue_text::Piece::Timestamp(time) => {
                    has_timestamps = true;
                    parts.push(TimedPart::Time(time));
                }
                cue_text::Piece::Voice(_) => {}
            }
        }
        let mut words = Vec::new();
        let mut turn_before = Vec::new();
        let mut pending_turn = false;
        for word in vtt::timed_words(&parts, start, end) {
            let mut text = word.text.as_str();
            while let Some(rest) = text.strip_prefix(TURN_MARKER) {
                pending_turn = true;
                text = rest;
            }
            if text.is_empty() {
                continue;
            }
            turn_before.push(std::mem::take(&mut pending_turn));
            words.push(Word {
                text: text.to_string(),
                ..word
            });
        }
        Line {
            words,
            turn_before,
            trailing_turn: pending_turn,
            has_timestamps,
        }
    }

    fn texts(&self) -> Vec<String> {
        self.words.iter().map(|word| word.text.clone()).collect()
    }
}

/// `>> next` becomes `>>next`, so that a marker at the start of a line rides on the first word
/// and takes its time, instead of being timed as a word of its own.
fn glue_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(TURN_MARKER) {
        let (before, marker_on) = rest.split_at(at);
        out.push_str(before);
        out.push_str(TURN_MARKER);
        let after_marker = marker_on.get(TURN_MARKER.len()..).unwrap_or("");
        let next_word = after_marker.trim_start_matches(char::is_whitespace);
        if next_word.is_empty() {
            // Nothing follows in this piece of text: the marker stays a word of its own.
            out.push_str(after_marker);
            rest = "";
        } else {
            rest = next_word;
        }
    }
    out.push_str(rest);
    out
}

struct Deroller {
    segments: Vec<Segment>,
    current: Option<Segment>,
    /// Whether any cue so far had a `>>`. Turns are followed from the start as if the file
    /// marked them; a file that never does gets its speakers taken away at the end.
    /// Recently emitted lines (their words) with the start of the cue that emitted them.
    recent: VecDeque<(Vec<String>, Millis)>,
    /// The last words emitted, for overlap with lines that carry no times.
    tail: VecDeque<String>,
    marks_turns: bool,
    speaker: Option<String>,
    turns: usize,
    pending_turn: bool,
}

impl Deroller {
    fn new() -> Self {
        Deroller {
            segments: Vec::new(),
            current: None,
            recent: VecDeque::new(),
            tail: VecDeque::new(),
            marks_turns: false,
            speaker: Some(speaker_label(0)),
            turns: 0,
            pending_turn: false,
        }
    }

    fn feed(&mut self, cue: &Cue) {
        self.marks_turns |= cue.text.contains(TURN_MARKER) || cue.text.contains("&gt;&gt;");
        let raw_lines: Vec<&str> = cue.text.split('\n').collect();
        let bottom = raw_lines.len().saturating_sub(1);
        for (index, raw) in raw_lines.iter().enumerate() {
            let line = Line::read(raw, cue.start, cue.end);
            if line.words.is_empty() && !line.trailing_turn {
                continue; // padding
            }
            let texts = line.texts();
            let is_bottom = raw_lines.len() >= 2 && index == bottom;
            let emitted_by_this_cue_before = self
                .recent
                .iter()
                .any(|(words, start)| *words == texts && *start == cue.start);
            let skip = if line.has_timestamps || is_bottom {
                // New text by construction, unless the whole cue is a duplicate.
                if emitted_by_this_cue_before {
                    continue;
                }
                0
            } else if self.recent.iter().any(|(words, _)| *words == texts) {
                continue;
            } else {
                self.overlap_with_tail(&texts)
            };
            let mut line = line;
            if skip > 0 {
                // The new words were spoken while this cue showed, not after the old ones.
                spread_evenly(
                    line.words.get_mut(skip..).unwrap_or_default(),
                    cue.start,
                    cue.end,
                );
            }
            self.emit(line, skip, texts, cue.start);
        }
    }

    /// The largest k such that the last k words emitted are the first k words of `texts`.
    fn overlap_with_tail(&self, texts: &[String]) -> usize {
        let longest = texts.len().min(self.tail.len());
        (1..=longest)
            .rev()
            .find(|&k| {
                self.tail
                    .iter()
                    .skip(self.tail.len() - k)
                    .eq(texts.iter().take(k))
            })
            .unwrap_or(0)
    }

    fn emit(&mut self, line: Line, skip: usize, texts: Vec<String>, cue_start: Millis) {
        self.flush();
        let Line {
            words,
            turn_before,
            trailing_turn,
            ..
        } = line;
        for (word, turn) in words.into_iter().zip(turn_before).skip(skip) {
            if turn || std::mem::take(&mut self.pending_turn) {
                self.change_speaker();
            }
            self.tail.push_back(word.text.clone());
            if self.tail.len() > TAIL_WORDS {
                self.tail.pop_front();
            }
            self.push_word(word);
        }
        self.pending_turn |= trailing_turn;
        self.recent.push_back((texts, cue_start));
        if self.recent.len() > RECENT_LINES {
            self.recent.pop_front();
        }
    }

    fn change_speaker(&mut self) {
        if !self.marks_turns {
            return;
        }
        self.flush();
        let anything_said = !self.segments.is_empty();
        if anything_said {
            self.turns += 1;
        }
        self.speaker = Some(speaker_label(self.turns));
    }

    fn push_word(&mut self, word: Word) {
        let segment = self.current.get_or_insert_with(|| Segment {
            start: word.start,
            end: word.end,
            speaker: self.speaker.clone(),
            text: String::new(),
            words: Vec::new(),
        });
        segment.end = segment.end.max(word.end);
        segment.words.push(word);
    }

    fn flush(&mut self) {
        if let Some(mut segment) = self.current.take() {
            segment.text = join_words(&segment.words);
            // A line's words arrive one by one; a long file has hundreds of thousands.
            segment.words.shrink_to_fit();
            self.segments.push(segment);
        }
    }

    fn finish(mut self) -> Vec<Segment> {
        self.flush();
        if !self.marks_turns {
            for segment in &mut self.segments {
                segment.speaker = None;
            }
        }
        self.segments
    }
}

/// Re-times untimed words so that they share `start..end` evenly.
fn spread_evenly(words: &mut [Word], start: Millis, end: Millis) {
    let span = end.saturating_sub(start);
    let count = words.len().max(1) as u64;
    let at = |i: usize| start.saturating_add(span.saturating_mul(i as u64) / count);
    for (i, word) in words.iter_mut().enumerate() {
        word.start = at(i);
        word.end = at(i + 1);
    }
}

fn speaker_label(turn: usize) -> String {
    format!("Speaker {}", turn % 2 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../../tests/fixtures/youtube-auto.vtt");

    /// Every word of the fixture's conversation, once, in order.
    const SPOKEN: &str = "welcome back to the kitchen table \
        today we are talking about sourdough \
        with my neighbor who bakes every weekend \
        so how did you start honestly by accident \
        a friend gave me a spoonful of her starter \
        in a little glass jar \
        and I have kept it alive for six years \
        it lives on the counter next to the kettle \
        and I feed it flour and water every morning \
        yeah \
        it smells a bit like green apples \
        six years what happens when you \
        go on holiday does it just die \
        I ask because mine turned grey \
        and smelled like nail polish remover \
        after one long weekend away \
        so I am clearly doing something wrong \
        let us take a short break and then \
        you can walk me through your routine";

    fn all_words(transcript: &Transcript) -> Vec<&Word> {
        transcript.segments.iter().flat_map(|s| &s.words).collect()
    }

    fn find<'a>(words: &[&'a Word], text: &str, nth: usize) -> &'a Word {
        words
            .iter()
            .filter(|word| word.text == text)
            .nth(nth)
            .copied()
            .unwrap_or_else(|| panic!("no word {text:?} #{nth}"))
    }

    #[test]
    fn fixture_is_detected() {
        assert!(looks_like_youtube(FIXTURE));
    }

    #[test]
    fn every_word_once_in_order() {
        let transcript = parse(FIXTURE).expect("parses");
        assert_eq!(transcript.format, Format::YouTubeVtt);
        let words = all_words(&transcript);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        let expected: Vec<&str> = SPOKEN.split_whitespace().collect();
        assert_eq!(texts, expected);
        // Segment text and words agree.
        for segment in &transcript.segments {
            assert_eq!(segment.text, join_words(&segment.words));
            assert_eq!(segment.start, segment.words[0].start);
        }
    }

    #[test]
    fn words_keep_their_own_times() {
        let transcript = parse(FIXTURE).expect("parses");
        let words = all_words(&transcript);
        // Times only go forward and every word ends where the next starts, or at a cue end.
        for pair in words.windows(2) {
            assert!(pair[0].start < pair[1].start, "{pair:?}");
            assert!(
                pair[0].start <= pair[0].end && pair[0].end <= pair[1].start,
                "{pair:?}"
            );
        }
        let cases = [
            // The first word of a line starts with its long cue, later ones at their tag.
            ("welcome", 0, 400, 640),
            ("back", 0, 640, 950),
            ("table", 0, 1_840, 2_370),
            ("today", 0, 2_380, 2_630),
            // `start` ends where the `>>` tag sits; `honestly` has its own tag.
            ("start", 0, 7_690, 7_990),
            ("honestly", 0, 8_230, 8_540),
            // A one-word line has no tag: it fills its cue.
            ("yeah", 0, 22_260, 22_790),
            // `>> six` at the start of a line: the marker rides on the first word.
            ("six", 1, 24_970, 25_580),
            ("routine", 0, 41_480, 41_960),
        ];
        for (text, nth, start, end) in cases {
            let word = find(&words, text, nth);
            assert_eq!((word.start, word.end), (start, end), "{text} #{nth}");
        }
    }

    #[test]
    fn speaker_changes_at_each_turn_marker() {
        let transcript = parse(FIXTURE).expect("parses");
        let mut turns: Vec<(String, String)> = Vec::new();
        for segment in &transcript.segments {
            let speaker = segment.speaker.clone().expect("labelled");
            match turns.last_mut() {
                Some((last, text)) if *last == speaker => {
                    text.push(' ');
                    text.push_str(&segment.text);
                }
                _ => turns.push((speaker, segment.text.clone())),
            }
        }
        let speakers: Vec<&str> = turns.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(speakers, ["Speaker 1", "Speaker 2", "Speaker 1"]);
        assert!(turns[0].1.ends_with("so how did you start"));
        assert!(turns[1].1.starts_with("honestly by accident"));
        assert!(turns[2].1.starts_with("six years what happens"));
    }

    #[test]
    fn one_segment_per_rolling_line() {
        let transcript = parse(FIXTURE).expect("parses");
        // 19 lines, one of them split by a mid-line `>>`.
        assert_eq!(transcript.segments.len(), 20);
        assert_eq!(
            transcript.segments[0].text,
            "welcome back to the kitchen table"
        );
        assert_eq!(
            (transcript.segments[0].start, transcript.segments[0].end),
            (400, 2_370)
        );
    }

    #[test]
    fn lines_without_times_are_deduplicated_by_overlap() {
        // Roll-up captions with no word timings: each cue repeats and extends the last.
        let input = "WEBVTT\n\n\
            00:00.000 --> 00:02.000\nthe dough\n\n\
            00:02.000 --> 00:04.000\nthe dough needs\n\n\
            00:04.000 --> 00:06.000\nthe dough needs time to rise\n\n\
            00:06.000 --> 00:08.000\nneeds time to rise\nslowly overnight\n";
        let transcript = parse(input).expect("parses");
        let texts: Vec<&str> = transcript
            .segments
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            texts,
            ["the dough", "needs", "time to rise", "slowly overnight"]
        );
        assert_eq!(transcript.segments[2].start, 4_000);
        assert_eq!(transcript.segments[2].words[1].start, 4_666);
        assert!(transcript.segments.iter().all(|s| s.speaker.is_none()));
    }

    #[test]
    fn a_duplicated_cue_is_read_once() {
        let cue =
            "00:00.000 --> 00:01.000 align:start position:0%\n \nhi<00:00:00.500><c> there</c>\n\n";
        let input = format!("WEBVTT\n\n{cue}{cue}");
        let transcript = parse(&input).expect("parses");
        assert_eq!(transcript.segments.len(), 1);
        assert_eq!(transcript.segments[0].text, "hi there");
    }

    #[test]
    fn detection() {
        let cases = [
            (
                "WEBVTT\n\n00:00.000 --> 00:01.000\nhi<00:00:00.500><c> you</c>\n",
                true,
            ),
            (
                "WEBVTT\nKind: captions\nLanguage: en\n\n00:00.000 --> 00:01.000 align:start position:0%\nhi\n",
                true,
            ),
            (
                "\u{FEFF}WEBVTT\n\n00:00.000 --> 00:01.000\na<00:00.500><c>b</c>\n",
                true,
            ),
            // Normal VTT, including `- ` dashes and blank-line padding.
            (
                "WEBVTT\n\n00:00.000 --> 00:01.000\n- Hi there.\n\n\n00:01.000 --> 00:02.000\n- Hello.\n",
                false,
            ),
            (
                "WEBVTT\nKind: captions\n\n00:00.000 --> 00:01.000\nhi\n",
                false,
            ),
            (
                "WEBVTT\n\n00:00.000 --> 00:01.000\n<c>not timed</c> <b><c>x</c></b>\n",
                false,
            ),
            (
                "1\n00:00:00,000 --> 00:00:01,000\nhi<00:00:00.500><c> you</c>\n",
                false,
            ),
        ];
        for (input, want) in cases {
            assert_eq!(looks_like_youtube(input), want, "{input:?}");
        }
    }

    #[test]
    fn errors_and_odd_input() {
        assert!(parse("not vtt").is_err());
        let inputs = [
            "WEBVTT\n\n00:00.000 --> 00:01.000\n&gt;&gt;\n",
            "WEBVTT\n\n00:00.000 --> 00:01.000\n>> >> >>\n\n00:01.000 --> 00:02.000\n>>",
            "WEBVTT\n\n00:05.000 --> 00:01.000\na<00:00:09.000><c> b</c><00:00:00.000><c> c</c>\n",
        ];
        for input in inputs {
            let _ = parse(input);
        }
    }
}

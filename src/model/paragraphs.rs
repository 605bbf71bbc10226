//! Display paragraphs (SPEC §3.2): consecutive segments of one speaker joined until a pause, a
//! speaker change or about 120 words, so that cue-sized fragments are never shown one per line.
//! Each paragraph remembers where every segment starts in its text, so a jump or a search hit can
//! land on the segment rather than the paragraph start.

use std::ops::Range;

use super::time::Millis;
use super::transcript::{Segment, Transcript, count_words};

/// A pause longer than this ends a paragraph, when the sentence before it is complete.
const PAUSE_MS: Millis = 2_000;
/// A pause this long ends a paragraph even in mid-sentence.
const LONG_PAUSE_MS: Millis = 12_000;
/// Past this many words a paragraph ends at the next sentence end...
const SOFT_WORD_LIMIT: usize = 120;
/// ...and past this many at the next segment, sentence or not.
const HARD_WORD_LIMIT: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub start: Millis,
    pub end: Millis,
    pub speaker: Option<String>,
    /// The segments' texts joined with single spaces.
    pub text: String,
    /// Which of the transcript's segments this paragraph holds.
    pub segments: Range<usize>,
    /// For each of those segments, the byte offset where its text starts in `text`.
    pub offsets: Vec<usize>,
}

impl Paragraph {
    /// The index (into the transcript's segments) of the segment that holds byte `offset` of
    /// this paragraph's text.
    pub fn segment_at_offset(&self, offset: usize) -> usize {
        let within = self.offsets.partition_point(|&start| start <= offset);
        self.segments.start + within.saturating_sub(1)
    }

    pub fn word_count(&self) -> usize {
        count_words(&self.text)
    }
}

/// Groups a transcript's segments into display paragraphs.
pub fn group_paragraphs(transcript: &Transcript) -> Vec<Paragraph> {
    group_paragraphs_at(transcript, &[])
}

/// Groups a transcript's segments into display paragraphs, starting a new one at the first
/// segment at or after each of `breaks` (the chapter starts, in any order), so that a paragraph
/// never runs across a chapter start.
pub fn group_paragraphs_at(transcript: &Transcript, breaks: &[Millis]) -> Vec<Paragraph> {
    let segments = &transcript.segments;
    let mut paragraphs = Vec::new();
    // The paragraph being gathered: its first segment, and its words so far.
    let mut first = 0;
    let mut words = 0;
    for (index, pair) in segments.windows(2).enumerate() {
        let [previous, next] = pair else {
            continue;
        };
        words += count_words(&previous.text);
        let crosses_break = transcript.timed
            && breaks
                .iter()
                .any(|&at| previous.start < at && next.start >= at);
        if crosses_break || !continues(previous, next, words, transcript.timed) {
            paragraphs.push(paragraph(segments, first..index + 1));
            first = index + 1;
            words = 0;
        }
    }
    if first < segments.len() {
        paragraphs.push(paragraph(segments, first..segments.len()));
    }
    paragraphs
}

/// One paragraph of the segments in `range` (never empty), its text built in one allocation.
fn paragraph(segments: &[Segment], range: Range<usize>) -> Paragraph {
    let held = segments.get(range.clone()).unwrap_or_default();
    let mut text = String::with_capacity(held.iter().map(|s| s.text.len() + 1).sum());
    let mut offsets = Vec::with_capacity(held.len());
    for segment in held {
        if !text.is_empty() {
            text.push(' ');
        }
        offsets.push(text.len());
        text.push_str(&segment.text);
    }
    let first = held.first();
    Paragraph {
        start: first.map_or(0, |s| s.start),
        end: held.iter().map(|s| s.end).max().unwrap_or(0),
        speaker: first.and_then(|s| s.speaker.clone()),
        text,
        segments: range,
        offsets,
    }
}

fn continues(previous: &Segment, next: &Segment, words: usize, timed: bool) -> bool {
    if previous.speaker != next.speaker {
        return false;
    }
    let sentence_done = ends_sentence(&previous.text);
    if words >= HARD_WORD_LIMIT || (words >= SOFT_WORD_LIMIT && sentence_done) {
        return false;
    }
    if !timed {
        // Plain text keeps the writer's own paragraphs.
        return false;
    }
    let pause = next.start.saturating_sub(previous.end);
    !(pause > LONG_PAUSE_MS || (pause > PAUSE_MS && sentence_done))
}

/// The paragraph a note anchored at `time` belongs to. A time written to the second (`16:17`)
/// means that whole second: the note belongs to the first paragraph starting within
/// 16:17.000-16:17.999 (a cue at 16:17.937 is "at 16:17"), else to the paragraph holding 16:17.000.
/// A time with a fraction means that moment. `None` only when there are no paragraphs.
pub fn paragraph_at_anchor(paragraphs: &[Paragraph], time: Millis) -> Option<usize> {
    if paragraphs.is_empty() {
        return None;
    }
    let second_end = if time % 1000 == 0 {
        time + 1000
    } else {
        time + 1
    };
    let first_after = paragraphs.partition_point(|p| p.start < time);
    if paragraphs
        .get(first_after)
        .is_some_and(|p| p.start < second_end)
    {
        return Some(first_after);
    }
    Some(first_after.saturating_sub(1))
}

/// Whether text ends a sentence: final punctuation, possibly followed by closing quotes or
/// brackets.
pub fn ends_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | ')' | ']' | '\u{201d}' | '\u{2019}')
    });
    trimmed.ends_with(['.', '?', '!', '\u{2026}', ':', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;

    fn seg(start: Millis, end: Millis, speaker: &str, text: &str) -> Segment {
        Segment {
            start,
            end,
            speaker: (!speaker.is_empty()).then(|| speaker.to_string()),
            text: text.to_string(),
            words: vec![],
        }
    }

    fn texts(segments: Vec<Segment>) -> Vec<String> {
        let transcript = Transcript::new(Format::WebVtt, segments);
        group_paragraphs(&transcript)
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn joins_cue_fragments_of_one_speaker() {
        let got = texts(vec![
            seg(0, 1_000, "A", "the residual"),
            seg(1_000, 2_000, "A", "stream is a"),
            seg(2_000, 3_000, "A", "running sum."),
            seg(3_000, 4_000, "B", "Right."),
        ]);
        assert_eq!(got, ["the residual stream is a running sum.", "Right."]);
    }

    #[test]
    fn a_pause_after_a_sentence_ends_a_paragraph_but_not_mid_sentence() {
        let got = texts(vec![
            seg(0, 1_000, "", "First thought."),
            seg(4_000, 5_000, "", "Second thought and"),
            seg(8_000, 9_000, "", "its end."),
            seg(30_000, 31_000, "", "After a long silence"),
        ]);
        assert_eq!(
            got,
            [
                "First thought.",
                "Second thought and its end.",
                "After a long silence"
            ]
        );
    }

    #[test]
    fn long_turns_split_at_a_sentence_end_after_the_soft_limit() {
        let sentence = "word ".repeat(49) + "end.";
        let segments: Vec<Segment> = (0..5)
            .map(|i| seg(i * 1_000, i * 1_000 + 1_000, "A", &sentence))
            .collect();
        let got = texts(segments);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].split_whitespace().count(), 150);
    }

    #[test]
    fn offsets_map_back_to_segments() {
        let transcript = Transcript::new(
            Format::WebVtt,
            vec![
                seg(0, 1_000, "A", "alpha beta"),
                seg(1_000, 2_000, "A", "gamma"),
            ],
        );
        let paragraphs = group_paragraphs(&transcript);
        let p = &paragraphs[0];
        assert_eq!(p.offsets, [0, 11]);
        assert_eq!(p.segment_at_offset(3), 0);
        assert_eq!(p.segment_at_offset(11), 1);
        assert_eq!(p.segment_at_offset(15), 1);
    }
}

//! Segments as tuples, for the parsers' table-driven tests: `(start, end, speaker, text)`, and
//! the same with the timed words for the formats that carry them.

use crate::model::{Millis, Transcript};

/// (start, end, speaker, text) of a segment.
pub(crate) type Row = (Millis, Millis, Option<String>, String);
/// (start, end, text) of a timed word.
pub(crate) type TimedWord = (Millis, Millis, String);
/// (start, end, speaker, text, words) of a segment.
pub(crate) type WordRow = (Millis, Millis, Option<String>, String, Vec<TimedWord>);

pub(crate) fn rows(transcript: Transcript) -> Vec<Row> {
    transcript
        .segments
        .into_iter()
        .map(|s| (s.start, s.end, s.speaker, s.text))
        .collect()
}

pub(crate) fn row(start: Millis, end: Millis, speaker: Option<&str>, text: &str) -> Row {
    (start, end, speaker.map(str::to_string), text.to_string())
}

pub(crate) fn word_rows(transcript: Transcript) -> Vec<WordRow> {
    transcript
        .segments
        .into_iter()
        .map(|s| {
            let words = s
                .words
                .into_iter()
                .map(|w| (w.start, w.end, w.text))
                .collect();
            (s.start, s.end, s.speaker, s.text, words)
        })
        .collect()
}

pub(crate) fn word_row(
    start: Millis,
    end: Millis,
    speaker: Option<&str>,
    text: &str,
    words: &[(Millis, Millis, &str)],
) -> WordRow {
    let words = words
        .iter()
        .map(|&(s, e, t)| (s, e, t.to_string()))
        .collect();
    (
        start,
        end,
        speaker.map(str::to_string),
        text.to_string(),
        words,
    )
}

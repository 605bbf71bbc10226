//! Podcasting 2.0 JSON transcripts (`application/json` in `<podcast:transcript>`):
//! `{"version": "1.0.0", "segments": [{"speaker", "startTime", "endTime", "body"}]}`.
//!
//! Files come at two granularities. Phrase-level files hold a sentence or a caption per element
//! and give one segment each. Word-level files hold one word per element (the spec's own example)
//! and a `body` of `"\n"`, or a body ending in `"\n"`, closes a paragraph; their words are merged
//! into segments that keep each word's time in [`Segment::words`], closing a segment at a
//! paragraph mark, a speaker change, a pause over [`MAX_PAUSE`] or [`MAX_WORDS`] words.
//!
//! Times are seconds as JSON numbers, but numeric strings (`"12.5"`) and even clock strings
//! (`"00:00:12.500"`) occur in the wild and are read too. A missing `startTime` takes the previous
//! element's end; a missing `endTime` the next element's start. serde_json does the parsing; the
//! shape is checked by hand because every field is optional and loosely typed in practice.
//!
//! The detector knows this flavour by a top-level object with a `segments` array whose elements
//! carry `startTime`/`body` (whisper's carry `start`/`text`).

use std::collections::HashMap;

use serde_json::Value;

use super::json::{json_excerpt, json_label, json_object, json_seconds};
use super::json_stream::for_each_element;
use super::speech_rate::estimated_duration;
use super::whitespace::{collapse_whitespace, join_words};
use super::{ParseError, ParseResult};
use crate::model::{Format, Millis, Segment, Transcript, Word};

/// A longer silence between two words starts a new segment.
pub const MAX_PAUSE: Millis = 2_000;
/// Word-level segments are closed at this many words even without a pause.
pub const MAX_WORDS: usize = 40;
/// A file is word-level when at least this share of its bodies is a single word.
const WORD_LEVEL_SHARE: f64 = 0.8;

pub fn parse(input: &str) -> ParseResult<Transcript> {
    let mut entries = Entries::default();
    // Room for every element at once, rather than a list grown by doubling that is up to half
    // empty: elements are counted by their `"body"` key (a few too many when a body quotes the
    // word; never more than one per 16 bytes of input, whatever the input).
    let bodies = input.matches(r#""body""#).count();
    entries.items.reserve_exact(bodies.min(input.len() / 16));
    for_each_element(input, "segments", |index, element| {
        let entry = entries.read(&element, index)?;
        entries.items.push(entry);
        Ok(())
    })?;
    let mut segments = if entries.is_word_level() {
        merge_words(&entries)
    } else {
        phrases(&entries)
    };
    segments.sort_by_key(|s| s.start);
    Ok(Transcript::new(Format::Podcasting20Json, segments))
}

/// The elements of `segments` as read, kept compactly: a word-level file of 16 MB holds some
/// 190,000 of them, and a string for each body and speaker (each its own allocation) was most of
/// the memory its import took. Bodies go end to end into one string and speakers are numbered.
#[derive(Default)]
struct Entries {
    items: Vec<Entry>,
    bodies: String,
    speakers: Vec<String>,
    speaker_numbers: HashMap<String, u32>,
}

/// One element of `segments`, with its times resolved.
#[derive(Clone, Copy)]
struct Entry {
    /// An index into [`Entries::speakers`].
    speaker: Option<u32>,
    start: Millis,
    end: Option<Millis>,
    /// Where the body is in [`Entries::bodies`].
    body: (u32, u32),
}

impl Entries {
    /// Element `index`, read as soon as it is parsed (the document is never held as a tree);
    /// a missing start takes the previous element's end.
    fn read(&mut self, element: &Value, index: usize) -> ParseResult<Entry> {
        let object = json_object(element, "segments", index)?;
        let time = |key: &str| -> ParseResult<Option<Millis>> {
            match object.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(value) => json_seconds(value).map(Some).ok_or_else(|| {
                    ParseError::new(
                        0,
                        format!(
                            "segments[{index}].{key}: expected seconds, found `{}`",
                            json_excerpt(value)
                        ),
                    )
                }),
            }
        };
        let previous_end = self.items.last().map(|e| e.end.unwrap_or(e.start));
        let start = time("startTime")?.or(previous_end).unwrap_or(0);
        let end = time("endTime")?.map(|end| end.max(start));
        let body = object
            .get("body")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let offset = |at: usize| {
            u32::try_from(at).map_err(|_| ParseError::new(0, "the transcript is too large"))
        };
        let from = offset(self.bodies.len())?;
        self.bodies.push_str(body);
        let to = offset(self.bodies.len())?;
        let speaker = json_label(object.get("speaker")).map(|name| self.speaker_number(name));
        Ok(Entry {
            speaker,
            start,
            end,
            body: (from, to),
        })
    }

    fn speaker_number(&mut self, name: String) -> u32 {
        if let Some(&number) = self.speaker_numbers.get(&name) {
            return number;
        }
        let number = self.speakers.len() as u32;
        self.speakers.push(name.clone());
        self.speaker_numbers.insert(name, number);
        number
    }

    fn body(&self, entry: &Entry) -> &str {
        &self.bodies[entry.body.0 as usize..entry.body.1 as usize]
    }

    fn speaker(&self, entry: &Entry) -> Option<&str> {
        entry.speaker.map(|n| self.speakers[n as usize].as_str())
    }

    /// Whether most bodies are single words: the spec's own example, and what transcription
    /// services with word times write.
    fn is_word_level(&self) -> bool {
        let (mut bodies, mut single) = (0usize, 0usize);
        for entry in &self.items {
            let body = self.body(entry).trim();
            if !body.is_empty() {
                bodies += 1;
                single += usize::from(body.split_whitespace().nth(1).is_none());
            }
        }
        bodies > 0 && single as f64 >= WORD_LEVEL_SHARE * bodies as f64
    }
}

/// One segment per element; a missing end runs to the next element's start.
fn phrases(entries: &Entries) -> Vec<Segment> {
    let kept: Vec<&Entry> = entries
        .items
        .iter()
        .filter(|e| !entries.body(e).trim().is_empty())
        .collect();
    kept.iter()
        .enumerate()
        .map(|(i, entry)| {
            let text = collapse_whitespace(entries.body(entry));
            let end = entry.end.unwrap_or_else(|| match kept.get(i + 1) {
                Some(next) => next.start,
                None => entry
                    .start
                    .saturating_add(estimated_duration(text.split(' ').count())),
            });
            Segment {
                start: entry.start,
                end: end.max(entry.start),
                speaker: entries.speaker(entry).map(str::to_string),
                text,
                words: Vec::new(),
            }
        })
        .collect()
}

/// Word-level elements merged into segments (see the module documentation).
fn merge_words(entries: &Entries) -> Vec<Segment> {
    let items = &entries.items;
    let mut segments = Vec::new();
    let mut current: Option<Segment> = None;
    for (i, entry) in items.iter().enumerate() {
        let body = entries.body(entry);
        let token = body.trim();
        let closes_paragraph = body.ends_with('\n');
        if !token.is_empty() {
            let end = entry
                .end
                .or_else(|| items.get(i + 1).map(|next| next.start))
                .unwrap_or(entry.start)
                .max(entry.start);
            let speaker = entries.speaker(entry);
            if let Some(segment) = current.take_if(|s| !continues(s, entry, speaker, token)) {
                segments.push(closed(segment));
            }
            let segment = current.get_or_insert_with(|| Segment {
                start: entry.start,
                end,
                speaker: speaker.map(str::to_string),
                ..Segment::default()
            });
            push_word(segment, token, entry.start, end);
        }
        if closes_paragraph {
            segments.extend(current.take().map(closed));
        }
    }
    segments.extend(current.map(closed));
    for segment in &mut segments {
        segment.text = join_words(&segment.words);
    }
    segments
}

/// A segment whose words are all in: its list of words grew by doubling and is cut to size
/// (a long word-level file holds hundreds of thousands of words).
fn closed(mut segment: Segment) -> Segment {
    segment.words.shrink_to_fit();
    segment
}

/// Whether the word `token` of `entry`, said by `speaker`, belongs to the open `segment`.
fn continues(segment: &Segment, entry: &Entry, speaker: Option<&str>, token: &str) -> bool {
    let pause = entry.start.saturating_sub(segment.end);
    speaker == segment.speaker.as_deref()
        && pause <= MAX_PAUSE
        && (segment.words.len() < MAX_WORDS || is_trailing_punctuation(token))
}

/// Adds a word; a bare punctuation token (`,` `.` `?`) sticks to the word before it.
fn push_word(segment: &mut Segment, token: &str, start: Millis, end: Millis) {
    segment.end = segment.end.max(end);
    match segment.words.last_mut() {
        Some(previous) if is_trailing_punctuation(token) => {
            previous.text.push_str(token);
            previous.end = previous.end.max(end);
        }
        _ => segment.words.push(Word {
            start,
            end,
            text: token.to_string(),
        }),
    }
}

fn is_trailing_punctuation(token: &str) -> bool {
    !token.is_empty()
        && token
            .chars()
            .all(|c| ",.;:!?)]}…%".contains(c) || c == '”' || c == '’')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (start, end, speaker, text, number of timed words) of a segment.
    type Row = (Millis, Millis, Option<String>, String, usize);
    type Summary = Vec<Row>;

    fn summary(input: &str) -> Summary {
        parse(input)
            .unwrap_or_else(|e| panic!("{e}"))
            .segments
            .into_iter()
            .map(|s| (s.start, s.end, s.speaker, s.text, s.words.len()))
            .collect()
    }

    fn seg(start: Millis, end: Millis, speaker: Option<&str>, text: &str, words: usize) -> Row {
        (
            start,
            end,
            speaker.map(str::to_string),
            text.to_string(),
            words,
        )
    }

    /// A word-level element.
    fn w(speaker: &str, start: f64, end: f64, body: &str) -> String {
        format!(r#"{{"speaker":"{speaker}","startTime":{start},"endTime":{end},"body":{body:?}}}"#)
    }

    fn file(elements: &[String]) -> String {
        format!(
            r#"{{"version":"1.0.0","segments":[{}]}}"#,
            elements.join(",")
        )
    }

    #[test]
    fn merges_word_level_files() {
        let cases: Vec<(&str, String, Summary)> = vec![
            (
                "speaker change splits",
                file(&[
                    w("Mo", 0.5, 0.75, "Two"),
                    w("Mo", 1.0, 1.25, "words"),
                    w("Lu", 1.5, 2.0, "Reply"),
                ]),
                vec![
                    seg(500, 1_250, Some("Mo"), "Two words", 2),
                    seg(1_500, 2_000, Some("Lu"), "Reply", 1),
                ],
            ),
            (
                "newline body and trailing newline close paragraphs",
                file(&[
                    w("Mo", 0.0, 0.5, "One."),
                    w("Mo", 0.5, 0.5, "\n"),
                    w("Mo", 0.6, 1.0, "Two.\n"),
                    w("Mo", 1.1, 1.5, "Three"),
                ]),
                vec![
                    seg(0, 500, Some("Mo"), "One.", 1),
                    seg(600, 1_000, Some("Mo"), "Two.", 1),
                    seg(1_100, 1_500, Some("Mo"), "Three", 1),
                ],
            ),
            (
                "a pause over two seconds splits, exactly two does not",
                file(&[
                    w("Mo", 0.0, 1.0, "a"),
                    w("Mo", 3.0, 3.5, "b"),
                    w("Mo", 5.6, 6.0, "c"),
                ]),
                vec![
                    seg(0, 3_500, Some("Mo"), "a b", 2),
                    seg(5_600, 6_000, Some("Mo"), "c", 1),
                ],
            ),
            (
                "bare punctuation sticks to the word before",
                file(&[
                    w("Mo", 0.0, 0.4, "Well"),
                    w("Mo", 0.4, 0.5, ","),
                    w("Mo", 0.6, 1.0, "yes"),
                    w("Mo", 1.0, 1.1, "?"),
                ]),
                vec![seg(0, 1_100, Some("Mo"), "Well, yes?", 2)],
            ),
            (
                "numeric strings, clock strings, missing and null times",
                r#"{"segments":[
                    {"speaker":"Mo","startTime":"1.5","endTime":"2","body":"one"},
                    {"speaker":"Mo","startTime":"00:00:02.250","body":"two"},
                    {"speaker":"Mo","startTime":null,"endTime":3,"body":"three"}
                ]}"#
                .to_string(),
                vec![seg(1_500, 3_000, Some("Mo"), "one two three", 3)],
            ),
            (
                "no speaker, blank speaker",
                file(&[w("", 0.0, 1.0, "quiet"), w(" ", 1.0, 2.0, "words")]),
                vec![seg(0, 2_000, None, "quiet words", 2)],
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(summary(&input), want, "{name}");
        }
    }

    #[test]
    fn caps_word_level_segments() {
        let elements: Vec<String> = (0..(MAX_WORDS + 5))
            .map(|i| w("Mo", i as f64 * 0.5, i as f64 * 0.5 + 0.4, "la"))
            .collect();
        let lengths: Vec<usize> = summary(&file(&elements)).iter().map(|s| s.4).collect();
        assert_eq!(lengths, vec![MAX_WORDS, 5]);
    }

    #[test]
    fn keeps_word_times() {
        let transcript =
            parse(&file(&[w("Mo", 0.5, 0.75, "I"), w("Mo", 1.0, 1.25, "am")])).unwrap();
        let words = &transcript.segments[0].words;
        assert_eq!(
            words,
            &vec![
                Word {
                    start: 500,
                    end: 750,
                    text: "I".into()
                },
                Word {
                    start: 1_000,
                    end: 1_250,
                    text: "am".into()
                },
            ]
        );
    }

    #[test]
    fn keeps_phrase_level_files_one_segment_each() {
        let input = r#"{"version":"1.0.0","segments":[
            {"speaker":"Mo","startTime":4,"endTime":6.5,"body":"Later phrase\nwith a break."},
            {"speaker":"Mo","startTime":0,"endTime":3,"body":"  Hello there, friends. "},
            {"speaker":"Lu","startTime":10,"body":"No end time here at all"},
            {"speaker":"Lu","startTime":12,"body":"\n"},
            {"speaker":"Lu","startTime":20,"body":"Last one without an end"}
        ]}"#;
        assert_eq!(
            summary(input),
            vec![
                seg(0, 3_000, Some("Mo"), "Hello there, friends.", 0),
                seg(4_000, 6_500, Some("Mo"), "Later phrase with a break.", 0),
                seg(10_000, 20_000, Some("Lu"), "No end time here at all", 0),
                seg(20_000, 22_000, Some("Lu"), "Last one without an end", 0),
            ]
        );
    }

    #[test]
    fn reports_broken_files() {
        let cases = [
            (
                "{\n  \"segments\": [\n    {\"startTime\": 1,}\n  ]\n}",
                3,
                "invalid JSON",
            ),
            ("", 1, "invalid JSON"),
            (r#"{"version":"1.0.0"}"#, 0, "missing `segments`"),
            (r#"{"segments":{}}"#, 0, "`segments` is not an array"),
            (r#"[1,2]"#, 0, "missing `segments`"),
            (
                r#"{"segments":[3]}"#,
                0,
                "segments[0]: expected an object, found `3`",
            ),
            (
                r#"{"segments":[{"startTime":0,"body":"a"},{"startTime":"soon","body":"b"}]}"#,
                0,
                "segments[1].startTime: expected seconds, found `\"soon\"`",
            ),
            (
                r#"{"segments":[{"startTime":-1,"body":"a"}]}"#,
                0,
                "expected seconds",
            ),
        ];
        for (input, line, message) in cases {
            let err = parse(input).expect_err(input);
            assert_eq!(err.line, line, "{input}");
            assert!(err.message.contains(message), "{input}: {}", err.message);
        }
    }

    #[test]
    fn survives_hostile_input() {
        let deep = "[".repeat(10_000);
        let inputs = [
            deep.as_str(),
            r#"{"segments":[{"startTime":1e308,"endTime":1e400,"body":"x"}]}"#,
            r#"{"segments":[{"startTime":"99999999999:00:00","body":"x y"}]}"#,
            r#"{"segments":[{"body":{"nested":true},"speaker":7}]}"#,
        ];
        for input in inputs {
            let _ = parse(input);
        }
    }
}

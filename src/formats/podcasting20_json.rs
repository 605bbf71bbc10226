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
    let (mut segments, word_level) = build(input, Guess::FromStart)?;
    if let Some(word_level) = word_level {
        // The start of the file said otherwise: built again, the whole file known.
        (segments, _) = build(input, Guess::Known(word_level))?;
    }
    segments.sort_by_key(|s| s.start);
    Ok(Transcript::new(Format::Podcasting20Json, segments))
}

/// Whether a file is word-level is known only at its end (see [`WORD_LEVEL_SHARE`]), but a
/// word-level file of 16 MB holds some 190,000 elements, and keeping them all until then was
/// most of the memory its import took. So the segments are built as the elements are read, at
/// the granularity the first [`GUESS_AFTER`] elements show, and built again in the rare file
/// whose whole says otherwise.
enum Guess {
    FromStart,
    Known(bool),
}

/// Elements read before guessing a file's granularity.
const GUESS_AFTER: usize = 256;

/// The segments of `input` and, when the guess proved wrong, the file's real granularity.
fn build(input: &str, guess: Guess) -> ParseResult<(Vec<Segment>, Option<bool>)> {
    let mut reader = Reader::default();
    let mut builder = match guess {
        Guess::Known(word_level) => Some(Builder::new(word_level)),
        Guess::FromStart => None,
    };
    let mut waiting = Vec::new();
    for_each_element(input, "segments", |index, element| {
        let element = reader.read(&element, index)?;
        match &mut builder {
            Some(builder) => builder.push(element),
            None => {
                waiting.push(element);
                if waiting.len() == GUESS_AFTER {
                    let mut chosen = Builder::new(reader.word_level());
                    waiting.drain(..).for_each(|e| chosen.push(e));
                    builder = Some(chosen);
                }
            }
        }
        Ok(())
    })?;
    let word_level = reader.word_level();
    let builder = builder.unwrap_or_else(|| {
        let mut chosen = Builder::new(word_level);
        waiting.drain(..).for_each(|e| chosen.push(e));
        chosen
    });
    let wrong = (builder.word_level() != word_level).then_some(word_level);
    Ok((builder.finish(), wrong))
}

/// Reads elements one by one, remembering what the next needs (the previous end) and what
/// decides the file's granularity.
#[derive(Default)]
struct Reader {
    previous_end: Option<Millis>,
    /// Elements with a body, and those whose body is a single word.
    bodies: usize,
    single_words: usize,
}

/// One element of `segments`, with its times resolved.
struct Element {
    speaker: Option<String>,
    start: Millis,
    end: Option<Millis>,
    body: String,
}

impl Reader {
    /// Element `index`, read as soon as it is parsed (the document is never held as a tree);
    /// a missing start takes the previous element's end.
    fn read(&mut self, element: &Value, index: usize) -> ParseResult<Element> {
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
        let start = time("startTime")?.or(self.previous_end).unwrap_or(0);
        let end = time("endTime")?.map(|end| end.max(start));
        self.previous_end = Some(end.unwrap_or(start));
        let body = object
            .get("body")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let trimmed = body.trim();
        if !trimmed.is_empty() {
            self.bodies += 1;
            self.single_words += usize::from(trimmed.split_whitespace().nth(1).is_none());
        }
        Ok(Element {
            speaker: json_label(object.get("speaker")),
            start,
            end,
            body,
        })
    }

    /// Whether most bodies so far are single words: the spec's own example, and what
    /// transcription services with word times write.
    fn word_level(&self) -> bool {
        self.bodies > 0 && self.single_words as f64 >= WORD_LEVEL_SHARE * self.bodies as f64
    }
}

/// Segments built from elements as they come. Each element is held until the next arrives
/// (for phrases, the next with a body), whose start is its end when it has none.
enum Builder {
    /// One segment per element.
    Phrases {
        segments: Vec<Segment>,
        held: Option<Element>,
    },
    /// Words merged into segments (see the module documentation).
    Words {
        segments: Vec<Segment>,
        open: Option<Segment>,
        held: Option<Element>,
    },
}

impl Builder {
    fn new(word_level: bool) -> Builder {
        if word_level {
            Builder::Words {
                segments: Vec::new(),
                open: None,
                held: None,
            }
        } else {
            Builder::Phrases {
                segments: Vec::new(),
                held: None,
            }
        }
    }

    fn word_level(&self) -> bool {
        matches!(self, Builder::Words { .. })
    }

    fn push(&mut self, element: Element) {
        match self {
            Builder::Phrases { segments, held } => {
                if element.body.trim().is_empty() {
                    return;
                }
                let next_start = element.start;
                if let Some(previous) = held.replace(element) {
                    segments.push(phrase(previous, Some(next_start)));
                }
            }
            Builder::Words {
                segments,
                open,
                held,
            } => {
                let next_start = element.start;
                if let Some(previous) = held.replace(element) {
                    add_word(segments, open, previous, Some(next_start));
                }
            }
        }
    }

    fn finish(self) -> Vec<Segment> {
        match self {
            Builder::Phrases { mut segments, held } => {
                segments.extend(held.map(|last| phrase(last, None)));
                segments
            }
            Builder::Words {
                mut segments,
                mut open,
                held,
            } => {
                if let Some(last) = held {
                    add_word(&mut segments, &mut open, last, None);
                }
                segments.extend(open.map(closed));
                for segment in &mut segments {
                    segment.text = join_words(&segment.words);
                }
                segments
            }
        }
    }
}

/// The segment of a phrase-level element; a missing end runs to the next element's start.
fn phrase(element: Element, next_start: Option<Millis>) -> Segment {
    let text = collapse_whitespace(&element.body);
    let end = element.end.unwrap_or_else(|| match next_start {
        Some(next) => next,
        None => element
            .start
            .saturating_add(estimated_duration(text.split(' ').count())),
    });
    Segment {
        start: element.start,
        end: end.max(element.start),
        speaker: element.speaker,
        text,
        words: Vec::new(),
    }
}

/// Adds a word-level element to the `open` segment, or closes it and opens another.
fn add_word(
    segments: &mut Vec<Segment>,
    open: &mut Option<Segment>,
    element: Element,
    next_start: Option<Millis>,
) {
    let token = element.body.trim();
    let closes_paragraph = element.body.ends_with('\n');
    if !token.is_empty() {
        let end = element
            .end
            .or(next_start)
            .unwrap_or(element.start)
            .max(element.start);
        if let Some(segment) = open.take_if(|s| !continues(s, &element, token)) {
            segments.push(closed(segment));
        }
        let segment = open.get_or_insert_with(|| Segment {
            start: element.start,
            end,
            speaker: element.speaker.clone(),
            ..Segment::default()
        });
        push_word(segment, token, element.start, end);
    }
    if closes_paragraph {
        segments.extend(open.take().map(closed));
    }
}

/// A segment whose words are all in: its list of words grew by doubling and is cut to size
/// (a long word-level file holds hundreds of thousands of words).
fn closed(mut segment: Segment) -> Segment {
    segment.words.shrink_to_fit();
    segment
}

/// Whether the word `token` of `element` belongs to the open `segment`.
fn continues(segment: &Segment, element: &Element, token: &str) -> bool {
    let pause = element.start.saturating_sub(segment.end);
    element.speaker == segment.speaker
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

    /// The granularity guessed from a file's start is checked against the whole file: a file
    /// that starts one way and is mostly the other is built again, as the whole of it says.
    #[test]
    fn a_wrong_guess_from_the_start_is_built_again() {
        let phrase = |i: usize| w("Mo", i as f64, i as f64 + 0.5, "\"two words\"");
        let word = |i: usize| w("Mo", i as f64, i as f64 + 0.5, "\"word\"");
        let (phrases, words) = (GUESS_AFTER, GUESS_AFTER * 8);

        let mostly_words: Vec<String> = (0..phrases)
            .map(phrase)
            .chain((phrases..phrases + words).map(word))
            .collect();
        let built = summary(&file(&mostly_words));
        assert!(
            built.len() < mostly_words.len() / 10,
            "{} segments",
            built.len()
        );
        assert!(
            built.iter().all(|row| row.4 > 0),
            "word-level segments keep words"
        );
        let timed_words: usize = built.iter().map(|row| row.4).sum();
        assert_eq!(timed_words, phrases + words);

        let mostly_phrases: Vec<String> = (0..words)
            .map(word)
            .chain((words..words + phrases * 8).map(phrase))
            .collect();
        let built = summary(&file(&mostly_phrases));
        assert_eq!(built.len(), mostly_phrases.len(), "one segment per element");
        assert!(built.iter().all(|row| row.4 == 0));
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

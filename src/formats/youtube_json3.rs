//! YouTube's `json3` caption format (`yt-dlp --sub-format json3`, the timedtext API's `fmt=json3`):
//! `{"events": [{"tStartMs", "dDurationMs", "segs": [{"utf8", "tOffsetMs"}], "aAppend"?, "wWinId"?}]}`.
//!
//! Manual captions have one event per cue, usually with one seg: each becomes a segment, with no
//! per-word times (a `"\n"` inside a seg's text is a line break within the cue). Auto-captions
//! (ASR) look different: a window event without segs opens the caption window, each caption line
//! is an event whose segs are single words timed by `tStartMs + tOffsetMs`, and an `aAppend`
//! event whose only seg is `"\n"` ends the line. Unlike the WebVTT export, json3 holds each word
//! once, so "de-rolling" amounts to reading every seg once: each line becomes a segment with its
//! words in [`Segment::words`]; a word ends when the next begins, or when its event does.
//!
//! `>>` is how YouTube marks a change of speaker. Names are never given, so a segment is started
//! there and labelled `Speaker 1`, then `Speaker 2`, alternating at each `>>`; text before the
//! first `>>` has no speaker. With three or more voices the alternation is a guess, but it still
//! shows the reader where the turns are.
//!
//! The detector knows this flavour by a top-level `events` array.

use serde_json::{Map, Value};

use super::json::{json_array, json_excerpt, json_object, read_json};
use super::whitespace::collapse_whitespace;
use super::{ParseError, ParseResult};
use crate::model::{Format, Millis, Segment, Transcript, Word};

/// The labels `>>` alternates between.
pub const SPEAKER_LABELS: [&str; 2] = ["Speaker 1", "Speaker 2"];

const SPEAKER_CHANGE: &str = ">>";

pub fn parse(input: &str) -> ParseResult<Transcript> {
    let root = read_json(input)?;
    let events = json_array(&root, "events")?;
    let mut builder = Builder::default();
    for (index, event) in events.iter().enumerate() {
        let event = json_object(event, "events", index)?;
        read_event(&mut builder, event, index)?;
    }
    Ok(Transcript::new(Format::YouTubeJson3, builder.finish()))
}

fn read_event(builder: &mut Builder, event: &Map<String, Value>, index: usize) -> ParseResult<()> {
    let appends = event.get("aAppend").is_some_and(is_truthy);
    if !appends {
        // A new caption line or cue, or a window event: either way the line before is over.
        builder.close();
    }
    let Some(segs) = event.get("segs").and_then(Value::as_array) else {
        return Ok(());
    };
    let millis = |key: &str| event.get(key).map(|v| json_millis(v).ok_or(v));
    let start = match millis("tStartMs") {
        Some(Ok(start)) => start,
        found => {
            let found = match found {
                Some(Err(value)) => format!("`{}`", json_excerpt(value)),
                _ => "nothing".to_string(),
            };
            return Err(ParseError::new(
                0,
                format!("events[{index}].tStartMs: expected milliseconds, found {found}"),
            ));
        }
    };
    let duration = millis("dDurationMs").and_then(Result::ok).unwrap_or(0);
    let event_end = start.saturating_add(duration);
    builder.event_start();
    for (position, seg) in segs.iter().enumerate() {
        let Some(text) = seg.get("utf8").and_then(Value::as_str) else {
            continue;
        };
        let offset = seg.get("tOffsetMs").and_then(json_millis);
        // Only the first seg of an event is timed by the event itself; a later one without an
        // offset is a styled run of a manual cue, not a timed word.
        let timed = position == 0 || offset.is_some();
        let time = start.saturating_add(offset.unwrap_or(0));
        builder.push_seg(text, time, event_end, timed);
    }
    Ok(())
}

/// Gathers segs into segments.
#[derive(Default)]
struct Builder {
    done: Vec<Segment>,
    current: Option<Open>,
    /// Index into [`SPEAKER_LABELS`] once a `>>` has been seen.
    speaker: Option<usize>,
    /// A seg from a new event (an appended one) is not glued to the text before it.
    needs_space: bool,
}

/// The segment being built; `word_timed` turns false when a seg holds more than one word or has
/// no time of its own, as in manual captions, whose words are then left untimed.
struct Open {
    segment: Segment,
    word_timed: bool,
}

impl Builder {
    fn event_start(&mut self) {
        self.needs_space = true;
    }

    fn push_seg(&mut self, text: &str, time: Millis, event_end: Millis, timed: bool) {
        // A seg that is only a line break ends the caption line.
        if text.trim().is_empty() && text.contains('\n') {
            self.close();
            return;
        }
        for (i, piece) in text.split(SPEAKER_CHANGE).enumerate() {
            if i > 0 {
                self.close();
                self.speaker = Some(self.speaker.map_or(0, |s| (s + 1) % SPEAKER_LABELS.len()));
            }
            self.push_piece(piece, time, event_end, timed);
        }
    }

    fn push_piece(&mut self, piece: &str, time: Millis, event_end: Millis, timed: bool) {
        let token = piece.trim();
        if token.is_empty() {
            return;
        }
        let speaker = self
            .speaker
            .and_then(|s| SPEAKER_LABELS.get(s))
            .map(|s| s.to_string());
        let open = self.current.get_or_insert_with(|| Open {
            segment: Segment {
                start: time,
                end: event_end,
                speaker,
                ..Segment::default()
            },
            word_timed: true,
        });
        let segment = &mut open.segment;
        // json3 never repeats a word, but a duplicated seg would show twice; drop exact repeats.
        if segment
            .words
            .last()
            .is_some_and(|w| w.start == time && w.text == token)
        {
            return;
        }
        if std::mem::take(&mut self.needs_space) {
            segment.text.push(' ');
        }
        segment.text.push_str(piece);
        segment.end = segment.end.max(event_end);
        if !timed || token.split_whitespace().nth(1).is_some() {
            open.word_timed = false;
        }
        segment.words.push(Word {
            start: time,
            end: event_end,
            text: token.to_string(),
        });
    }

    fn close(&mut self) {
        if let Some(Open {
            mut segment,
            word_timed,
        }) = self.current.take()
        {
            segment.text = collapse_whitespace(&segment.text);
            if !word_timed {
                segment.words.clear();
            }
            self.done.push(segment);
        }
        self.needs_space = false;
    }

    fn finish(mut self) -> Vec<Segment> {
        self.close();
        let mut segments = self.done;
        segments.sort_by_key(|s| s.start);
        end_words_at_next_start(&mut segments);
        segments
    }
}

/// A word lasts until the next word starts (auto-caption events run on long after their words),
/// and never past its own event; a segment of timed words ends with its last word.
fn end_words_at_next_start(segments: &mut [Segment]) {
    let mut next_start: Option<Millis> = None;
    for segment in segments.iter_mut().rev() {
        for word in segment.words.iter_mut().rev() {
            if let Some(next) = next_start.filter(|&next| next >= word.start) {
                word.end = word.end.min(next);
            }
            word.end = word.end.max(word.start);
            next_start = Some(word.start);
        }
        if let Some(last) = segment.words.last() {
            segment.end = last.end;
        }
        segment.end = segment.end.max(segment.start);
        if segment.words.is_empty() {
            next_start = Some(segment.start);
        }
    }
}

/// Milliseconds as a JSON integer (or, leniently, a non-negative float or numeric string).
fn json_millis(value: &Value) -> Option<Millis> {
    let float = match value {
        Value::Number(n) => return n.as_u64().or_else(|| n.as_f64().and_then(float_millis)),
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    float_millis(float)
}

fn float_millis(value: f64) -> Option<Millis> {
    (0.0..1e15)
        .contains(&value)
        .then(|| value.round() as Millis)
}

fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_rows::{WordRow, word_row as seg, word_rows};

    type Summary = Vec<WordRow>;

    fn summary(input: &str) -> Summary {
        word_rows(parse(input).unwrap_or_else(|e| panic!("{e}")))
    }

    /// An auto-caption file in the shape YouTube writes: a window event, lines of timed words,
    /// `"\n"` append events between them, long overlapping durations.
    const AUTO: &str = r#"{"wireMagic":"pb3","pens":[{}],"events":[
        {"tStartMs":0,"dDurationMs":60000,"id":1,"wpWinPosId":1,"wsWinStyleId":1},
        {"tStartMs":200,"dDurationMs":4000,"wWinId":1,"segs":[{"utf8":"so","acAsrConf":0},{"utf8":" today","tOffsetMs":300},{"utf8":" we","tOffsetMs":700}]},
        {"tStartMs":1500,"dDurationMs":2700,"wWinId":1,"aAppend":1,"segs":[{"utf8":"\n"}]},
        {"tStartMs":1510,"dDurationMs":5000,"wWinId":1,"segs":[{"utf8":"talk","acAsrConf":0},{"utf8":" about","tOffsetMs":400}]},
        {"tStartMs":3000,"dDurationMs":1000,"wWinId":1,"aAppend":1,"segs":[{"utf8":"\n"}]},
        {"tStartMs":3010,"dDurationMs":2000,"wWinId":1,"segs":[{"utf8":"captions"}]}
    ]}"#;

    #[test]
    fn reads_auto_captions_word_by_word() {
        assert_eq!(
            summary(AUTO),
            vec![
                seg(
                    200,
                    1_510,
                    None,
                    "so today we",
                    &[(200, 500, "so"), (500, 900, "today"), (900, 1_510, "we")]
                ),
                seg(
                    1_510,
                    3_010,
                    None,
                    "talk about",
                    &[(1_510, 1_910, "talk"), (1_910, 3_010, "about")]
                ),
                seg(
                    3_010,
                    5_010,
                    None,
                    "captions",
                    &[(3_010, 5_010, "captions")]
                ),
            ]
        );
    }

    #[test]
    fn handles_speakers_appends_and_manual_cues() {
        let cases: Vec<(&str, &str, Summary)> = vec![
            (
                ">> alternates speakers and starts a segment",
                r#"{"events":[
                    {"tStartMs":0,"dDurationMs":1000,"segs":[{"utf8":"intro"}]},
                    {"tStartMs":1000,"dDurationMs":3000,"segs":[{"utf8":">>"},{"utf8":" hi","tOffsetMs":100},{"utf8":" >> hello","tOffsetMs":500}]},
                    {"tStartMs":4000,"dDurationMs":1000,"segs":[{"utf8":">> again"}]}
                ]}"#,
                vec![
                    seg(0, 1_000, None, "intro", &[(0, 1_000, "intro")]),
                    seg(
                        1_100,
                        1_500,
                        Some("Speaker 1"),
                        "hi",
                        &[(1_100, 1_500, "hi")],
                    ),
                    seg(
                        1_500,
                        4_000,
                        Some("Speaker 2"),
                        "hello",
                        &[(1_500, 4_000, "hello")],
                    ),
                    seg(
                        4_000,
                        5_000,
                        Some("Speaker 1"),
                        "again",
                        &[(4_000, 5_000, "again")],
                    ),
                ],
            ),
            (
                "manual cues: one segment each, no word times, inner newline is a space",
                r#"{"events":[
                    {"tStartMs":5000,"dDurationMs":2000,"segs":[{"utf8":"Second cue"}]},
                    {"tStartMs":1000,"dDurationMs":2500,"segs":[{"utf8":"First line\nof the first cue"}]},
                    {"tStartMs":8000,"dDurationMs":1000,"segs":[{"utf8":"Styled "},{"utf8":"runs"}]}
                ]}"#,
                vec![
                    seg(1_000, 3_500, None, "First line of the first cue", &[]),
                    seg(5_000, 7_000, None, "Second cue", &[]),
                    seg(8_000, 9_000, None, "Styled runs", &[]),
                ],
            ),
            (
                "an appended event with words continues the line; repeats are dropped",
                r#"{"events":[
                    {"tStartMs":0,"dDurationMs":2000,"segs":[{"utf8":"one"}]},
                    {"tStartMs":500,"dDurationMs":1500,"aAppend":1,"segs":[{"utf8":"two"},{"utf8":"two"}]},
                    {"tStartMs":2000,"segs":[{"utf8":" "},{"utf8":"three","tOffsetMs":0}]}
                ]}"#,
                vec![
                    seg(
                        0,
                        2_000,
                        None,
                        "one two",
                        &[(0, 500, "one"), (500, 2_000, "two")],
                    ),
                    seg(2_000, 2_000, None, "three", &[(2_000, 2_000, "three")]),
                ],
            ),
            (
                "window events alone, segs without text, string times",
                r#"{"events":[{"tStartMs":0,"id":1},{"tStartMs":"100","dDurationMs":"900.4","segs":[{"acAsrConf":0},{"utf8":"ok","tOffsetMs":"0"}]}]}"#,
                vec![seg(100, 1_000, None, "ok", &[(100, 1_000, "ok")])],
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(summary(input), want, "{name}");
        }
    }

    #[test]
    fn reports_broken_files() {
        let cases = [
            (
                "{\"events\": [\n  {\"tStartMs\": 0,\n  ]}",
                3,
                "invalid JSON",
            ),
            (r#"{"segments":[]}"#, 0, "missing `events` array"),
            (
                r#"{"events":[1]}"#,
                0,
                "events[0]: expected an object, found `1`",
            ),
            (
                r#"{"events":[{"segs":[{"utf8":"x"}]}]}"#,
                0,
                "events[0].tStartMs: expected milliseconds, found nothing",
            ),
            (
                r#"{"events":[{"tStartMs":-4,"segs":[]}]}"#,
                0,
                "events[0].tStartMs: expected milliseconds, found `-4`",
            ),
        ];
        for (input, line, message) in cases {
            let err = parse(input).expect_err(input);
            assert_eq!(
                (err.line, err.message.contains(message)),
                (line, true),
                "{input}: {}",
                err.message
            );
        }
    }
}

//! The outputs of OpenAI's whisper and its descendants:
//!
//! - **whisper JSON** (`--output_format json`, also whisperX):
//!   `{"text", "segments": [{"start", "end", "text", "words"?: [{"word", "start", "end"}]}]}`,
//!   times in seconds as floats. whisperX adds `"speaker": "SPEAKER_00"` to diarized segments,
//!   and leaves `start`/`end` off words it could not align (numbers, symbols); such a word takes
//!   the time where the previous one ended.
//! - **whisper TSV** (`--output_format tsv`): a `start\tend\ttext` header, then rows with times in
//!   integer milliseconds; the text is everything after the second tab. Other column orders are
//!   read by header name (`speaker` too, when a tool adds it).
//! - **whisper.cpp JSON** (`-oj`): `{"transcription": [{"timestamps": {"from": "00:00:00,000",
//!   "to": ..}, "offsets": {"from": 0, "to": 2000}, "text": " ..."}]}`; `offsets` (ms) are used,
//!   `timestamps` only when they are missing. A `speaker` field (from `--diarize`) is kept.
//!   Token-level timings of `-ojf` are not read: whisper.cpp tokens are sub-word pieces.
//!
//! The detector knows whisper JSON by a `segments` array whose elements carry `start`/`text`,
//! whisper.cpp JSON by a top-level `transcription` key, and TSV by its header line.

use serde_json::{Map, Value};

use super::json::{json_array, json_excerpt, json_label, json_object, json_seconds, read_json};
use super::whitespace::collapse_whitespace;
use super::{ParseError, ParseResult, excerpt};
use crate::model::{Format, Millis, Segment, Transcript, Word, parse_time};

pub fn parse_json(input: &str) -> ParseResult<Transcript> {
    let root = read_json(input)?;
    let elements = json_array(&root, "segments")?;
    let mut segments = Vec::with_capacity(elements.len());
    for (index, element) in elements.iter().enumerate() {
        let object = json_object(element, "segments", index)?;
        let time = |key: &str| -> ParseResult<Millis> {
            let value = object.get(key).unwrap_or(&Value::Null);
            json_seconds(value).ok_or_else(|| field_error("segments", index, key, value))
        };
        let start = time("start")?;
        let end = time("end")?.max(start);
        segments.push(Segment {
            start,
            end,
            speaker: json_label(object.get("speaker")),
            text: text_field(object),
            words: read_words(object.get("words"), start),
        });
    }
    Ok(finish(Format::WhisperJson, segments))
}

pub fn parse_tsv(input: &str) -> ParseResult<Transcript> {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    let mut columns = Columns::default();
    let mut segments = Vec::new();
    let mut first_row = true;
    for (index, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if std::mem::take(&mut first_row) {
            if let Some(header) = Columns::from_header(line) {
                columns = header;
                continue;
            }
        }
        let segment = columns.read_row(line).ok_or_else(|| {
            ParseError::new(
                index + 1,
                format!(
                    "row: expected `start<TAB>end<TAB>text` with times in ms, found `{}`",
                    excerpt(line)
                ),
            )
        })?;
        segments.push(segment);
    }
    Ok(finish(Format::WhisperTsv, segments))
}

pub fn parse_cpp_json(input: &str) -> ParseResult<Transcript> {
    let root = read_json(input)?;
    let elements = json_array(&root, "transcription")?;
    let mut segments = Vec::with_capacity(elements.len());
    for (index, element) in elements.iter().enumerate() {
        let object = json_object(element, "transcription", index)?;
        let time = |key: &str| -> ParseResult<Millis> {
            let offset = object.get("offsets").and_then(|o| o.get(key));
            let stamp = object.get("timestamps").and_then(|t| t.get(key));
            let found = offset.or(stamp).unwrap_or(&Value::Null);
            offset
                .and_then(Value::as_u64)
                .or_else(|| stamp.and_then(Value::as_str).and_then(parse_time))
                .ok_or_else(|| {
                    field_error("transcription", index, &format!("offsets.{key}"), found)
                })
        };
        let start = time("from")?;
        let end = time("to")?.max(start);
        segments.push(Segment {
            start,
            end,
            speaker: json_label(object.get("speaker")),
            text: text_field(object),
            words: Vec::new(),
        });
    }
    Ok(finish(Format::WhisperCppJson, segments))
}

/// Where each TSV column is; whisper writes `start`, `end`, `text` in that order.
#[derive(Debug)]
struct Columns {
    start: usize,
    end: usize,
    text: usize,
    speaker: Option<usize>,
}

impl Default for Columns {
    fn default() -> Self {
        Columns {
            start: 0,
            end: 1,
            text: 2,
            speaker: None,
        }
    }
}

impl Columns {
    /// Column positions from a header line naming at least `start`, `end` and `text`.
    fn from_header(line: &str) -> Option<Columns> {
        let names: Vec<String> = line
            .split('\t')
            .map(|n| n.trim().to_ascii_lowercase())
            .collect();
        let find = |name: &str| names.iter().position(|n| n == name);
        Some(Columns {
            start: find("start")?,
            end: find("end")?,
            text: find("text")?,
            speaker: find("speaker"),
        })
    }

    fn read_row(&self, line: &str) -> Option<Segment> {
        // The text column may itself hold tabs when it is last: it takes the rest of the line.
        let last_needed = self
            .start
            .max(self.end)
            .max(self.text)
            .max(self.speaker.unwrap_or(0));
        let fields: Vec<&str> = line.splitn(last_needed + 1, '\t').collect();
        let millis = |i: usize| -> Option<Millis> {
            let field = fields.get(i)?.trim();
            field.parse::<Millis>().ok().or_else(|| {
                let value: f64 = field.parse().ok()?;
                (0.0..1e15)
                    .contains(&value)
                    .then(|| value.round() as Millis)
            })
        };
        let start = millis(self.start)?;
        let end = millis(self.end)?.max(start);
        let text = collapse_whitespace(fields.get(self.text)?);
        let speaker = self
            .speaker
            .and_then(|i| fields.get(i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        Some(Segment {
            start,
            end,
            speaker,
            text,
            words: Vec::new(),
        })
    }
}

/// Timed words of a whisper segment; a word without times starts where the last one ended.
fn read_words(words: Option<&Value>, segment_start: Millis) -> Vec<Word> {
    let Some(words) = words.and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut out: Vec<Word> = Vec::with_capacity(words.len());
    for word in words {
        let Some(text) = word.get("word").and_then(Value::as_str).map(str::trim) else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        let previous_end = out.last().map_or(segment_start, |w| w.end);
        let start = word
            .get("start")
            .and_then(json_seconds)
            .unwrap_or(previous_end);
        let end = word
            .get("end")
            .and_then(json_seconds)
            .unwrap_or(start)
            .max(start);
        out.push(Word {
            start,
            end,
            text: text.to_string(),
        });
    }
    out
}

fn text_field(object: &Map<String, Value>) -> String {
    let text = object
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or_default();
    collapse_whitespace(text)
}

fn field_error(array: &str, index: usize, key: &str, found: &Value) -> ParseError {
    let found = match found {
        Value::Null => "nothing".to_string(),
        other => format!("`{}`", json_excerpt(other)),
    };
    ParseError::new(
        0,
        format!("{array}[{index}].{key}: expected a time, found {found}"),
    )
}

/// Segments in time order (stable, so equal starts keep file order).
fn finish(format: Format, mut segments: Vec<Segment>) -> Transcript {
    segments.sort_by_key(|s| s.start);
    Transcript::new(format, segments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_rows::{WordRow, word_row, word_rows as summarise};

    type Summary = Vec<WordRow>;

    fn seg(start: Millis, end: Millis, speaker: Option<&str>, text: &str) -> WordRow {
        word_row(start, end, speaker, text, &[])
    }

    #[test]
    fn reads_whisper_json() {
        let cases: Vec<(&str, &str, Summary)> = vec![
            (
                "openai-whisper segments, leading spaces trimmed",
                r#"{"text":" Hi there. Bye.","segments":[
                    {"id":0,"seek":0,"start":0.0,"end":1.52,"text":" Hi there.","tokens":[1,2]},
                    {"id":1,"seek":0,"start":1.52,"end":2.0,"text":" Bye."}
                ],"language":"en"}"#,
                vec![
                    seg(0, 1_520, None, "Hi there."),
                    seg(1_520, 2_000, None, "Bye."),
                ],
            ),
            (
                "word timestamps, whisperX speaker, unaligned word",
                r#"{"segments":[{"start":3.0,"end":5.0,"text":" It costs 20 pounds.","speaker":"SPEAKER_01","words":[
                    {"word":" It","start":3.0,"end":3.2,"probability":0.9},
                    {"word":"costs","start":3.3,"end":3.6,"speaker":"SPEAKER_01"},
                    {"word":"20"},
                    {"word":"pounds.","start":4.1,"end":4.9},
                    {"word":"  "}
                ]}]}"#,
                vec![word_row(
                    3_000,
                    5_000,
                    Some("SPEAKER_01"),
                    "It costs 20 pounds.",
                    &[
                        (3_000, 3_200, "It"),
                        (3_300, 3_600, "costs"),
                        (3_600, 3_600, "20"),
                        (4_100, 4_900, "pounds."),
                    ],
                )],
            ),
            (
                "out of order, end before start, numeric strings",
                r#"{"segments":[{"start":"9.5","end":9,"text":"late"},{"start":1,"end":"2.25","text":"early"}]}"#,
                vec![
                    seg(1_000, 2_250, None, "early"),
                    seg(9_500, 9_500, None, "late"),
                ],
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(
                summarise(parse_json(input).unwrap_or_else(|e| panic!("{name}: {e}"))),
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn reads_whisper_tsv() {
        let cases: Vec<(&str, &str, Summary)> = vec![
            (
                "whisper's own output",
                "start\tend\ttext\n0\t1520\tHi there.\r\n1520\t2000\t  Bye.  \n\n",
                vec![
                    seg(0, 1_520, None, "Hi there."),
                    seg(1_520, 2_000, None, "Bye."),
                ],
            ),
            (
                "no header, a tab inside the text, decimal milliseconds",
                "\u{FEFF}100\t900.6\tone\ttwo\n",
                vec![seg(100, 901, None, "one two")],
            ),
            (
                "columns by header name, with a speaker",
                "text\tspeaker\tend\tstart\nhello\tSPEAKER_00\t2000\t1000\n",
                vec![seg(1_000, 2_000, Some("SPEAKER_00"), "hello")],
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(
                summarise(parse_tsv(input).unwrap_or_else(|e| panic!("{name}: {e}"))),
                want,
                "{name}"
            );
        }
    }

    #[test]
    fn reads_whisper_cpp_json() {
        let input = r#"{
            "systeminfo": "AVX = 1",
            "model": {"type": "base"},
            "result": {"language": "en"},
            "transcription": [
                {"timestamps": {"from": "00:00:00,000", "to": "00:00:02,000"}, "offsets": {"from": 0, "to": 2000}, "text": " Hello and welcome."},
                {"timestamps": {"from": "00:00:02,000", "to": "00:00:04,500"}, "text": " No offsets here.", "speaker": "1"}
            ]
        }"#;
        assert_eq!(
            summarise(parse_cpp_json(input).unwrap()),
            vec![
                seg(0, 2_000, None, "Hello and welcome."),
                seg(2_000, 4_500, Some("1"), "No offsets here.")
            ]
        );
    }

    #[test]
    fn reports_broken_files() {
        let json_cases = [
            (
                "{\"segments\": [\n{\"start\": 0 \"end\": 1}]}",
                2,
                "invalid JSON",
            ),
            (r#"{"text":"x"}"#, 0, "missing `segments` array"),
            (
                r#"{"segments":[{"start":0,"end":1,"text":"a"},{"end":2,"text":"b"}]}"#,
                0,
                "segments[1].start: expected a time, found nothing",
            ),
            (
                r#"{"segments":[{"start":true,"end":1}]}"#,
                0,
                "segments[0].start: expected a time, found `true`",
            ),
            (
                r#"{"segments":["text"]}"#,
                0,
                "segments[0]: expected an object",
            ),
        ];
        for (input, line, message) in json_cases {
            let err = parse_json(input).expect_err(input);
            assert_eq!(
                (err.line, err.message.contains(message)),
                (line, true),
                "{input}: {}",
                err.message
            );
        }

        let tsv_cases = [
            (
                "start\tend\ttext\n0\t1000\tok\n1000\tsoon\tbad\n",
                3,
                "row: expected `start<TAB>end<TAB>text` with times in ms, found `1000\tsoon\tbad`",
            ),
            ("start\tend\ttext\n\n-5\t10\tnegative\n", 3, "row:"),
            ("0\t1000\n", 1, "row:"),
        ];
        for (input, line, message) in tsv_cases {
            let err = parse_tsv(input).expect_err(input);
            assert_eq!(
                (err.line, err.message.contains(message)),
                (line, true),
                "{input}: {}",
                err.message
            );
        }

        let cpp_cases = [
            ("{\"transcription\": [\n\n}", 3, "invalid JSON"),
            (r#"{"segments":[]}"#, 0, "missing `transcription` array"),
            (
                r#"{"transcription":[{"offsets":{"from":"x","to":1},"text":"a"}]}"#,
                0,
                "transcription[0].offsets.from: expected a time, found `\"x\"`",
            ),
        ];
        for (input, line, message) in cpp_cases {
            let err = parse_cpp_json(input).expect_err(input);
            assert_eq!(
                (err.line, err.message.contains(message)),
                (line, true),
                "{input}: {}",
                err.message
            );
        }
    }
}

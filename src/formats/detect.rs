//! Chooses a transcript's format from its content, whatever the file is called or the server
//! said it was (SPEC §3.1). Cheap textual probes run first; JSON is read once for its keys,
//! without building it as a tree.

use serde_json::Value;

use super::json_stream::outline;
use super::{podcasting20_html, srt, timestamped, youtube_vtt};
use crate::model::Format;

/// The format `input` is written in. Falls back to plain text, which every input parses as.
pub fn detect(input: &str) -> Format {
    let text = input.trim_start_matches('\u{feff}');
    if text.starts_with("WEBVTT") {
        return if youtube_vtt::looks_like_youtube(text) {
            Format::YouTubeVtt
        } else {
            Format::WebVtt
        };
    }
    let head = text.trim_start();
    if head.starts_with('{') || head.starts_with('[') {
        if let Some(format) = detect_json(head) {
            return format;
        }
    }
    if podcasting20_html::looks_like_podcasting20_html(head) || looks_like_html(head) {
        return Format::Podcasting20Html;
    }
    if looks_like_whisper_tsv(head) {
        return Format::WhisperTsv;
    }
    if srt::looks_like_srt(head) {
        return Format::Srt;
    }
    if timestamped::looks_like_markdown_transcript(head) {
        return Format::Markdown;
    }
    if timestamped::looks_timestamped(head) {
        return Format::TimestampedText;
    }
    Format::PlainText
}

/// JSON flavours by their keys. Text that starts like JSON but is not JSON at all is left to the
/// JSON parser that fits best, so the user hears where the syntax broke rather than seeing braces
/// shown as plain text.
fn detect_json(head: &str) -> Option<Format> {
    // Only the keys and the first segment are looked at, so the document is never held whole.
    let object = match outline(head, "segments") {
        Ok(object) => object?,
        Err(_) if head.starts_with('{') => return Some(Format::Podcasting20Json),
        Err(_) => return None,
    };
    let has = |key: &str| object.keys.iter().any(|k| k == key);
    if has("transcription") {
        return Some(Format::WhisperCppJson);
    }
    if has("events") {
        return Some(Format::YouTubeJson3);
    }
    match object.first.as_ref().and_then(Value::as_object) {
        Some(segment) if segment.contains_key("start") || segment.contains_key("text") => {
            Some(Format::WhisperJson)
        }
        // Podcasting 2.0, and any other object, whose parser explains what is missing.
        _ => Some(Format::Podcasting20Json),
    }
}

fn looks_like_html(head: &str) -> bool {
    let start: String = head
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html")
}

fn looks_like_whisper_tsv(head: &str) -> bool {
    head.lines()
        .next()
        .is_some_and(|line| line.trim_end() == "start\tend\ttext")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content() {
        let cases = [
            ("WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n", Format::WebVtt),
            (
                "\u{feff}WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n",
                Format::WebVtt,
            ),
            (
                "WEBVTT\nKind: captions\nLanguage: en\n\n00:00:00.000 --> 00:00:02.000 align:start position:0%\n \nhello<00:00:00.500><c> world</c>\n",
                Format::YouTubeVtt,
            ),
            ("1\n00:00:01,000 --> 00:00:02,000\nhi\n", Format::Srt),
            (
                r#"{"version":"1.0.0","segments":[{"startTime":0,"endTime":1,"body":"hi"}]}"#,
                Format::Podcasting20Json,
            ),
            (
                r#"{"text":"hi","segments":[{"start":0.0,"end":1.0,"text":"hi"}]}"#,
                Format::WhisperJson,
            ),
            (
                r#"{"transcription":[{"offsets":{"from":0,"to":1000},"text":"hi"}]}"#,
                Format::WhisperCppJson,
            ),
            (
                r#"{"events":[{"tStartMs":0,"segs":[{"utf8":"hi"}]}]}"#,
                Format::YouTubeJson3,
            ),
            ("{\"segments\": [", Format::Podcasting20Json),
            ("start\tend\ttext\n0\t1000\thi\n", Format::WhisperTsv),
            (
                "<cite>Ann:</cite>\n<time>0:00</time>\n<p>Hello.</p>\n",
                Format::Podcasting20Html,
            ),
            (
                "00:00:01 First line.\n\n00:00:05 Second line.\n\n00:00:09 Third.\n",
                Format::TimestampedText,
            ),
            (
                "**Ann:** \\[00:00\\] Hello there.\n\n**Bo:** Hi.\n\n**Ann:** \\[00:10\\] Bye.\n",
                Format::Markdown,
            ),
            ("Just some words.\n\nAnd more words.\n", Format::PlainText),
        ];
        for (input, want) in cases {
            assert_eq!(detect(input), want, "{input:?}");
        }
    }
}

//! Transcript formats (SPEC §3.1). Every parser is pure: text in, [`Transcript`] out, no I/O.
//! Bytes become text in [`text::decode`]; the format is chosen from the content by
//! [`detect::detect`]; display text is cleaned once, in [`text::sanitize_transcript`].
//!
//! What several parsers need is written once, beside them: character references
//! (`entities`), telling a speaker's name from prose (`speaker`), the loosely typed JSON
//! fields (`json`), how long speech takes (`speech_rate`), display text from raw text
//! (`whitespace`) and the byte scans that keep those fast (`byte_scan`).

pub(crate) mod byte_scan;
pub mod chapters_json;
pub(crate) mod detect;
pub(crate) mod entities;
pub(crate) mod html_depth;
pub(crate) mod json;
pub(crate) mod json_stream;
pub mod podcasting20_html;
pub mod podcasting20_json;
pub(crate) mod speaker;
pub(crate) mod speech_rate;
pub mod srt;
#[cfg(test)]
mod test_rows;
pub mod text;
pub mod timestamped;
pub mod vtt;
pub mod whisper;
pub(crate) mod whitespace;
pub mod youtube_json3;
pub mod youtube_vtt;

use crate::model::{Format, Transcript};

/// What a parser reports: the 1-based line of the input where things went wrong (0 when the
/// problem is not tied to a line, such as an empty file) and a short reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if *line > 0 { format!("{line}: ") } else { String::new() })]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl ParseError {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        ParseError {
            line,
            message: message.into(),
        }
    }
}

pub type ParseResult<T> = Result<T, ParseError>;

/// The first 40 characters of `text` (and `…` when there were more), for quoting the input in
/// an error message.
pub(crate) fn excerpt(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text.to_string(),
    }
}

/// Decodes, detects and parses a transcript file's bytes, then sanitizes every displayed string.
/// This is the one entry point import and the library loader use.
pub fn parse_bytes(bytes: &[u8]) -> ParseResult<Transcript> {
    let decoded = text::decode(bytes);
    parse_text(&decoded)
}

/// Detects and parses already-decoded text.
pub fn parse_text(input: &str) -> ParseResult<Transcript> {
    let format = detect::detect(input);
    if !matches!(format, Format::WebVtt | Format::YouTubeVtt) && text::looks_binary(input) {
        return Err(ParseError::new(0, "binary data, not a transcript"));
    }
    let mut transcript = parse_as(format, input)?;
    text::sanitize_transcript(&mut transcript);
    transcript.segments.retain(|s| !s.text.is_empty());
    if transcript.segments.is_empty() {
        return Err(ParseError::new(
            0,
            format!("{}: no transcript text found", format.name()),
        ));
    }
    Ok(transcript)
}

/// Parses `input` as the given format, without sanitizing.
pub fn parse_as(format: Format, input: &str) -> ParseResult<Transcript> {
    match format {
        Format::WebVtt => vtt::parse(input),
        Format::YouTubeVtt => youtube_vtt::parse(input),
        Format::Srt => srt::parse(input),
        Format::Podcasting20Json => podcasting20_json::parse(input),
        Format::Podcasting20Html => podcasting20_html::parse(input),
        Format::WhisperJson => whisper::parse_json(input),
        Format::WhisperTsv => whisper::parse_tsv(input),
        Format::WhisperCppJson => whisper::parse_cpp_json(input),
        Format::YouTubeJson3 => youtube_json3::parse(input),
        Format::TimestampedText => timestamped::parse_text(input),
        Format::Markdown => timestamped::parse_markdown(input),
        Format::PlainText => Ok(timestamped::parse_plain(input)),
    }
}

//! A parsed transcript: what every format parser produces.

use super::time::Millis;

/// One timed word inside a segment (from YouTube `<c>` timings, word-level Podcasting 2.0 JSON,
/// whisper `words`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub start: Millis,
    pub end: Millis,
    pub text: String,
}

/// One timed piece of speech: a cue, a JSON segment, a timestamped line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Segment {
    pub start: Millis,
    pub end: Millis,
    /// The speaker label as it appears in the file (display names come from `episode.toml`).
    pub speaker: Option<String>,
    /// Display text: tags stripped, entities decoded, lines joined with spaces.
    pub text: String,
    /// Per-word times when the source has them; empty otherwise.
    pub words: Vec<Word>,
}

/// Which format a transcript was detected as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    WebVtt,
    YouTubeVtt,
    Srt,
    Podcasting20Json,
    Podcasting20Html,
    WhisperJson,
    WhisperTsv,
    WhisperCppJson,
    YouTubeJson3,
    TimestampedText,
    Markdown,
    PlainText,
}

impl Format {
    /// The extension the original bytes are kept under (`transcript.<ext>`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::WebVtt | Format::YouTubeVtt => "vtt",
            Format::Srt => "srt",
            Format::Podcasting20Json
            | Format::WhisperJson
            | Format::WhisperCppJson
            | Format::YouTubeJson3 => "json",
            Format::Podcasting20Html => "html",
            Format::WhisperTsv => "tsv",
            Format::Markdown => "md",
            Format::TimestampedText | Format::PlainText => "txt",
        }
    }

    /// A short human name, for `podgloss list` and messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::WebVtt => "WebVTT",
            Format::YouTubeVtt => "YouTube WebVTT",
            Format::Srt => "SRT",
            Format::Podcasting20Json => "Podcasting 2.0 JSON",
            Format::Podcasting20Html => "Podcasting 2.0 HTML",
            Format::WhisperJson => "whisper JSON",
            Format::WhisperTsv => "whisper TSV",
            Format::WhisperCppJson => "whisper.cpp JSON",
            Format::YouTubeJson3 => "YouTube json3",
            Format::TimestampedText => "timestamped text",
            Format::Markdown => "Markdown",
            Format::PlainText => "plain text",
        }
    }
}

/// The result of parsing one transcript file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    pub format: Format,
    /// In time order for timed formats; in document order for plain text.
    pub segments: Vec<Segment>,
    /// False for plain text: segment times are then meaningless (all zero) and never shown.
    pub timed: bool,
    /// A title found inside the file (HTML `<title>`, Markdown `# heading`), if any.
    pub title: Option<String>,
}

impl Transcript {
    pub fn new(format: Format, segments: Vec<Segment>) -> Self {
        Transcript {
            format,
            segments,
            timed: true,
            title: None,
        }
    }

    /// The end of the last segment: the episode's known duration.
    pub fn duration(&self) -> Millis {
        self.segments.iter().map(|s| s.end).max().unwrap_or(0)
    }

    pub fn word_count(&self) -> usize {
        self.segments.iter().map(|s| count_words(&s.text)).sum()
    }
}

/// Words in sanitized text, where words are separated by single spaces (see
/// `formats::text::sanitize_line`); a byte scan, as this runs over every segment.
pub fn count_words(text: &str) -> usize {
    if text.is_empty() {
        return 0;
    }
    // Counted a chunk at a time into a byte, which the compiler vectorises.
    let spaces: usize = text
        .as_bytes()
        .chunks(255)
        .map(|chunk| {
            let in_chunk = chunk.iter().fold(0u8, |n, &b| n + u8::from(b == b' '));
            usize::from(in_chunk)
        })
        .sum();
    spaces + 1
}

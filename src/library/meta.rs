//! `episode.toml` (SPEC §2): what is known about an episode besides its transcript. Every field
//! is optional on reading (a missing title falls back to the slug); unknown keys are ignored so
//! hand additions survive.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::formats::text::sanitize_line;
use crate::launch::checked_url;
use crate::model::time::{Millis, parse_time};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EpisodeMeta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub show: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<toml::value::Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// `H:MM:SS`, written at import for listings; the transcript is the authority.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// What the source says the episode is about (a video's description), for reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The episode and season numbers the feed gives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub episode: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub season: Option<u32>,
    /// The people the feed names (`<podcast:person>`): `Name` or `Name (role)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    #[serde(skip_serializing_if = "Sources::is_empty")]
    pub sources: Sources,
    /// Speaker label in the transcript file -> display name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub speakers: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Timing::is_empty")]
    pub timing: Timing,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sources {
    /// The transcript page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web: Option<String>,
    /// A video page `open` jumps into with `t=`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video: Option<String>,
    /// A local file or URL for `open` with a player.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio: Option<String>,
    /// Where the transcript was imported from (a path or URL); re-importing the same source
    /// replaces the episode's transcript.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transcript: Option<String>,
}

impl Sources {
    fn is_empty(&self) -> bool {
        *self == Sources::default()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Timing {
    /// Added to every transcript time, e.g. `"0:30"` for a copy with a 30-second ad cut;
    /// a leading `-` subtracts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
}

impl Timing {
    fn is_empty(&self) -> bool {
        self.offset.is_none()
    }
}

impl EpisodeMeta {
    /// Reads `episode.toml`, naming the file and line on a syntax error.
    pub fn load(path: &Path) -> Result<EpisodeMeta> {
        let text = crate::fsutil::read_regular_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(&text).map_err(|(line, message)| Error::parse(path, line, message))
    }

    /// Parses the TOML text; errors are `(line, message)`.
    pub fn parse(text: &str) -> Result<EpisodeMeta, (usize, String)> {
        let mut meta: EpisodeMeta = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(0);
            (line, e.message().to_string())
        })?;
        meta.sanitize();
        if let Some(offset) = &meta.timing.offset {
            if parse_offset(offset).is_none() {
                return Err((0, format!("[timing] offset: not a time: {offset:?}")));
            }
        }
        Ok(meta)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }

    /// The offset in milliseconds (positive or negative) to add to every transcript time.
    pub fn offset_ms(&self) -> i64 {
        self.timing
            .offset
            .as_deref()
            .and_then(parse_offset)
            .unwrap_or(0)
    }

    /// The display name for a speaker label from the transcript.
    pub fn speaker_name<'a>(&'a self, label: &'a str) -> &'a str {
        self.speakers
            .get(label)
            .map(String::as_str)
            .unwrap_or(label)
    }

    fn sanitize(&mut self) {
        for value in [&mut self.title, &mut self.show, &mut self.language]
            .into_iter()
            .flatten()
        {
            *value = sanitize_line(value);
        }
        for name in self.speakers.values_mut() {
            *name = sanitize_line(name);
        }
        // Links are handed to other programs: one that is not a web link is ignored rather
        // than obeyed. The audio source is kept as written: `audio::resolve_audio` is its one
        // gate, and it refuses anything but an http/https URL or a file inside the library
        // with a reason the user can act on.
        let sources = &mut self.sources;
        for link in [&mut sources.web, &mut sources.video] {
            if link.as_deref().is_some_and(|l| checked_url(l).is_err()) {
                *link = None;
            }
        }
    }
}

fn parse_offset(text: &str) -> Option<i64> {
    let text = text.trim();
    let (sign, clock) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let ms: Millis = parse_time(clock)?;
    i64::try_from(ms).ok().map(|ms| sign * ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_spec_example() {
        let text = r#"
title = "How language models think"
show = "Sample Show"
published = 2024-03-28
language = "en"
hand_added = "kept, not used"
[sources]
web = "https://example.com/episode-65"
video = "https://www.youtube.com/watch?v=XXXXXXXX"
audio = "episode.mp3"
[speakers]
"SPEAKER_00" = "Host"
[timing]
offset = "-0:30"
"#;
        let meta = EpisodeMeta::parse(text).unwrap();
        assert_eq!(meta.title.as_deref(), Some("How language models think"));
        assert_eq!(meta.published.unwrap().to_string(), "2024-03-28");
        assert_eq!(meta.speaker_name("SPEAKER_00"), "Host");
        assert_eq!(meta.speaker_name("other"), "other");
        assert_eq!(meta.offset_ms(), -30_000);
        let again = EpisodeMeta::parse(&meta.to_toml()).unwrap();
        assert_eq!(again, meta);
    }

    /// Found: a feed enclosure of `--log-file=...` reached mpv as an option, and a
    /// `javascript:` link reached xdg-open.
    #[test]
    fn sources_that_could_become_options_are_ignored() {
        let text = "[sources]\naudio = \"--log-file=/tmp/owned\"\nweb = \"javascript:alert(1)\"\n\
                    video = \"-v\"\ntranscript = \"/somewhere/x.vtt\"\n";
        let meta = EpisodeMeta::parse(text).unwrap();
        assert_eq!(meta.sources.web, None);
        assert_eq!(meta.sources.video, None);
        assert_eq!(meta.sources.transcript.as_deref(), Some("/somewhere/x.vtt"));
        // The audio value stays for its own gate to refuse with a reason.
        assert_eq!(meta.sources.audio.as_deref(), Some("--log-file=/tmp/owned"));
        let refused = crate::audio::source::check_source(
            std::path::Path::new("/nonexistent-library"),
            None,
            meta.sources.audio.as_deref().unwrap(),
        );
        assert!(refused.is_err());
    }

    #[test]
    fn syntax_errors_carry_the_line() {
        let (line, message) = EpisodeMeta::parse("title = \"x\"\nshow = \n").unwrap_err();
        assert_eq!(line, 2, "{message}");
        let (_, message) = EpisodeMeta::parse("[timing]\noffset = \"soon\"\n").unwrap_err();
        assert!(message.contains("offset"), "{message}");
    }

    #[test]
    fn titles_are_sanitized() {
        let meta = EpisodeMeta::parse("title = \"evil\\u001b[2Jtitle\"").unwrap();
        assert_eq!(meta.title.as_deref(), Some("eviltitle"));
    }
}

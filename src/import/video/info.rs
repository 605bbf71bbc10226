//! yt-dlp's `.info.json`: what a video page says about itself (title, channel, upload date,
//! duration, description, chapters, canonical URL, language) and which caption tracks it offers.
//! Pure: text in, [`VideoInfo`] out; every string meant for display is sanitized here.

use serde_json::{Map, Value};

use crate::formats::text::sanitize_line;
use crate::model::chapters::Chapter;
use crate::model::time::{Millis, seconds_to_millis};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VideoInfo {
    pub id: Option<String>,
    pub title: Option<String>,
    /// The channel (else the uploader): the show, for a podcast published as video.
    pub channel: Option<String>,
    /// `YYYY-MM-DD`.
    pub upload_date: Option<String>,
    pub duration_ms: Option<Millis>,
    /// Line by line, each line sanitized.
    pub description: Option<String>,
    pub chapters: Vec<Chapter>,
    /// The page's canonical address (`webpage_url`), used for deep links and as the source.
    pub webpage_url: Option<String>,
    /// The spoken language yt-dlp found, e.g. `en`.
    pub language: Option<String>,
    /// Languages of the subtitles people wrote.
    pub subtitles: Vec<String>,
    /// Languages of the automatic captions (`en-orig` is the speech itself; `en` on a video
    /// in another language is a machine translation).
    pub automatic_captions: Vec<String>,
}

/// One caption track to download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    pub language: String,
    /// An automatic (speech-recognition) track rather than written subtitles.
    pub automatic: bool,
}

impl VideoInfo {
    pub fn parse(text: &str) -> Result<VideoInfo, String> {
        let root: Value =
            serde_json::from_str(text).map_err(|e| format!("line {}: {e}", e.line()))?;
        let Some(root) = root.as_object() else {
            return Err("not a JSON object".to_string());
        };
        let text = |key: &str| {
            root.get(key)
                .and_then(Value::as_str)
                .map(sanitize_line)
                .filter(|s| !s.is_empty())
        };
        Ok(VideoInfo {
            id: text("id"),
            title: text("title").or_else(|| text("fulltitle")),
            channel: text("channel").or_else(|| text("uploader")),
            upload_date: text("upload_date").and_then(|d| iso_date(&d)),
            duration_ms: root
                .get("duration")
                .and_then(Value::as_f64)
                .and_then(seconds_to_millis),
            description: root
                .get("description")
                .and_then(Value::as_str)
                .map(sanitize_lines)
                .filter(|s| !s.is_empty()),
            chapters: chapters(root),
            webpage_url: text("webpage_url")
                .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
            language: text("language").filter(|l| is_language_code(l)),
            subtitles: track_languages(root, "subtitles"),
            automatic_captions: track_languages(root, "automatic_captions"),
        })
    }

    /// The caption track to read: written subtitles in the wanted language first (`en`, then a
    /// regional `en-GB`), then the automatic captions of the speech itself (`en-orig`), then
    /// any automatic track in that language. The wanted language is `--lang`, else the video's
    /// own, else English. Without `--lang`, a video whose own language has no track falls back
    /// to its `-orig` track whatever the language.
    pub fn choose_track(&self, lang: Option<&str>) -> Result<Track, String> {
        let wanted = lang
            .or(self.language.as_deref())
            .unwrap_or("en")
            .to_string();
        let manual = |name: &str| self.subtitles.iter().any(|l| l == name);
        let auto = |name: &str| self.automatic_captions.iter().any(|l| l == name);
        let regional = self.subtitles.iter().find(|l| {
            l.strip_prefix(wanted.as_str())
                .is_some_and(|r| r.starts_with('-'))
        });
        let found = if manual(&wanted) {
            Some((wanted.clone(), false))
        } else if let Some(regional) = regional {
            Some((regional.clone(), false))
        } else if auto(&format!("{wanted}-orig")) {
            Some((format!("{wanted}-orig"), true))
        } else if auto(&wanted) {
            Some((wanted.clone(), true))
        } else if lang.is_none() {
            self.automatic_captions
                .iter()
                .find(|l| l.ends_with("-orig"))
                .map(|l| (l.clone(), true))
        } else {
            None
        };
        match found {
            Some((language, automatic)) => Ok(Track {
                language,
                automatic,
            }),
            None => Err(self.no_track_message(&wanted)),
        }
    }

    fn no_track_message(&self, wanted: &str) -> String {
        if self.subtitles.is_empty() && self.automatic_captions.is_empty() {
            return "the video has no subtitles or automatic captions".to_string();
        }
        let list = |languages: &[String]| {
            if languages.is_empty() {
                "none".to_string()
            } else {
                languages.join(", ")
            }
        };
        let originals: Vec<String> = self
            .automatic_captions
            .iter()
            .filter(|l| l.ends_with("-orig") || !l.contains('-'))
            .take(12)
            .cloned()
            .collect();
        format!(
            "no subtitles or captions in {wanted:?}; subtitles: {}; automatic captions: {}; \
             choose one with --lang",
            list(&self.subtitles),
            list(&originals)
        )
    }
}

/// A language code as yt-dlp names tracks (`en`, `pt-BR`, `en-orig`, `zh-Hans`): safe to pass
/// to `--sub-langs`, which reads regular expressions.
pub fn is_language_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 32
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn track_languages(root: &Map<String, Value>, key: &str) -> Vec<String> {
    let Some(tracks) = root.get(key).and_then(Value::as_object) else {
        return Vec::new();
    };
    tracks
        .iter()
        // Live chat replays are listed as subtitles but are chat, not speech.
        .filter(|(name, formats)| {
            name.as_str() != "live_chat"
                && is_language_code(name)
                && formats.as_array().is_none_or(|f| !f.is_empty())
        })
        .map(|(name, _)| name.clone())
        .collect()
}

fn chapters(root: &Map<String, Value>) -> Vec<Chapter> {
    let Some(list) = root.get("chapters").and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut chapters: Vec<Chapter> = list
        .iter()
        .filter_map(|entry| {
            let start = entry
                .get("start_time")
                .and_then(Value::as_f64)
                .and_then(seconds_to_millis)?;
            let title = sanitize_line(entry.get("title").and_then(Value::as_str)?);
            (!title.is_empty()).then_some(Chapter { start, title })
        })
        .collect();
    chapters.sort_by_key(|c| c.start);
    chapters
}

/// `20240328` → `2024-03-28`.
fn iso_date(compact: &str) -> Option<String> {
    let digits = compact.as_bytes();
    if digits.len() != 8 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let date = format!("{}-{}-{}", &compact[..4], &compact[4..6], &compact[6..]);
    date.parse::<toml::value::Datetime>().ok().map(|_| date)
}

fn sanitize_lines(text: &str) -> String {
    let lines: Vec<String> = text.lines().map(sanitize_line).collect();
    lines.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const INFO: &str = r#"{
        "id": "abcdefghijk", "title": "Two \u001b[31mbakers", "channel": "Kitchen Table",
        "uploader": "kt", "upload_date": "20240328", "duration": 5100.4,
        "description": "Line one\n\nLine two\u0007",
        "chapters": [
            {"start_time": 600.0, "end_time": 4200.0, "title": "Starters"},
            {"start_time": 0.0, "end_time": 600.0, "title": "Intro"},
            {"start_time": 4200.0, "end_time": 5100.0, "title": ""}
        ],
        "webpage_url": "https://www.youtube.com/watch?v=abcdefghijk",
        "language": "en",
        "subtitles": {"live_chat": [{"ext": "json"}], "en-GB": [{"ext": "vtt"}]},
        "automatic_captions": {"en-orig": [{"ext": "json3"}], "en": [{"ext": "json3"}],
                               "fr": [{"ext": "json3"}]}
    }"#;

    #[test]
    fn reads_what_an_import_needs() {
        let info = VideoInfo::parse(INFO).unwrap();
        assert_eq!(info.title.as_deref(), Some("Two bakers"));
        assert_eq!(info.channel.as_deref(), Some("Kitchen Table"));
        assert_eq!(info.upload_date.as_deref(), Some("2024-03-28"));
        assert_eq!(info.duration_ms, Some(5_100_400));
        assert_eq!(info.description.as_deref(), Some("Line one\n\nLine two"));
        let titles: Vec<_> = info.chapters.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Intro", "Starters"]);
        assert_eq!(info.subtitles, ["en-GB"]);
        assert_eq!(info.automatic_captions, ["en", "en-orig", "fr"]);
    }

    #[test]
    fn written_subtitles_then_the_speech_itself() {
        let mut info = VideoInfo::parse(INFO).unwrap();
        let track = |info: &VideoInfo, lang| info.choose_track(lang).unwrap();
        assert_eq!(
            track(&info, None),
            Track {
                language: "en-GB".into(),
                automatic: false
            }
        );
        info.subtitles.clear();
        assert_eq!(track(&info, None).language, "en-orig");
        assert_eq!(track(&info, Some("fr")).language, "fr");
        let err = info.choose_track(Some("de")).unwrap_err();
        assert!(err.contains("\"de\"") && err.contains("en-orig"), "{err}");
        info.language = Some("ja".into());
        assert_eq!(
            track(&info, None).language,
            "en-orig",
            "falls back to -orig"
        );
        info.automatic_captions.clear();
        let err = info.choose_track(None).unwrap_err();
        assert!(err.contains("no subtitles or automatic captions"), "{err}");
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(VideoInfo::parse("[1, 2]").is_err());
        assert!(VideoInfo::parse("{").is_err());
        let info = VideoInfo::parse(r#"{"upload_date": "2024", "chapters": [{"x": 1}]}"#).unwrap();
        assert_eq!(info.upload_date, None);
        assert!(info.chapters.is_empty());
    }
}

//! YAML front matter on a transcript, the way static-site generators and transcript archives
//! publish episodes (`title`, `speakers`, `date`, `media` / `video` / `youtube`, `episode`, `tags`,
//! `summary` between two `---` lines at the top). It is metadata, never transcript text: the
//! readers skip it ([`block_lines`]) and import takes the episode's title, speakers, date and
//! deep-link URL from it ([`read_front_matter`]).
//!
//! The YAML is read with serde_norway, as the glossary's front matter is. Hand-written front
//! matter is often not valid YAML (an unquoted `title: Rust: the good parts`), so when the block
//! does not parse, each `key: value` line is still read as text.

use serde_norway::Value;

use crate::formats::text::sanitize_line;

/// How many lines a front matter block may take before we stop looking for its end.
const MAX_LINES: usize = 200;

/// What an episode's front matter says, every value sanitized for display.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TranscriptFrontMatter {
    pub title: Option<String>,
    pub speakers: Vec<String>,
    /// As written (`2024-03-28`, `2024-03-28T10:00:00Z`).
    pub date: Option<String>,
    /// A video page to deep-link into (`video`, `youtube`, or a `media` that is not audio).
    pub video: Option<String>,
    /// An audio file (`media`, `audio`, `mp3` ending in an audio extension).
    pub audio: Option<String>,
    /// The episode's page (`url`, `link`, `permalink`).
    pub page: Option<String>,
    /// The episode number or code (`episode: 399`).
    pub episode: Option<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
}

/// How many lines at the top of `lines` are a front matter block (`---` ... `---` or `...`);
/// 0 when there is none.
pub(crate) fn block_lines(lines: &[&str]) -> usize {
    if lines
        .first()
        .map(|l| l.trim_start_matches('\u{feff}').trim())
        != Some("---")
    {
        return 0;
    }
    lines
        .iter()
        .skip(1)
        .take(MAX_LINES)
        .position(|l| matches!(l.trim(), "---" | "..."))
        .map_or(0, |end| end + 2)
}

/// The front matter of a transcript's text, if it has one.
pub fn read_front_matter(input: &str) -> Option<TranscriptFrontMatter> {
    let lines: Vec<&str> = input.lines().collect();
    let count = block_lines(&lines);
    if count == 0 {
        return None;
    }
    let yaml = lines.get(1..count - 1).unwrap_or_default().join("\n");
    let pairs = match serde_norway::from_str::<Value>(&yaml) {
        Ok(Value::Mapping(map)) => map
            .into_iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_ascii_lowercase(), v)))
            .collect(),
        _ => line_pairs(&yaml),
    };
    let mut out = TranscriptFrontMatter::default();
    for (key, value) in pairs {
        let text = || scalar(&value);
        match key.as_str() {
            "title" => out.title = text(),
            "speakers" | "speaker" | "guests" | "hosts" | "host" | "guest" => {
                for name in list(&value) {
                    if !out.speakers.contains(&name) {
                        out.speakers.push(name);
                    }
                }
            }
            "date" | "published" | "pubdate" => out.date = text(),
            "video" | "youtube" | "youtube_url" | "video_url" => out.video = text().map(youtube),
            "media" | "audio" | "mp3" | "enclosure" => match text() {
                Some(url) if is_audio(&url) => out.audio = Some(url),
                Some(url) => out.video = out.video.take().or(Some(youtube(url))),
                None => {}
            },
            "url" | "link" | "permalink" => out.page = text(),
            "episode" | "episode_number" | "number" => out.episode = text(),
            "tags" | "keywords" => out.tags = list(&value),
            "summary" | "description" => out.summary = text(),
            _ => {}
        }
    }
    Some(out)
}

/// `key: value` lines, for a block that is not valid YAML.
fn line_pairs(yaml: &str) -> Vec<(String, Value)> {
    yaml.lines()
        .filter(|l| !l.starts_with(char::is_whitespace))
        .filter_map(|line| {
            let (key, value) = line.split_once(':')?;
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
            Some((
                key.trim().to_ascii_lowercase(),
                Value::String(value.to_string()),
            ))
        })
        .collect()
}

/// A value as one line of text: strings, numbers and dates; `None` when empty.
fn scalar(value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Tagged(tagged) => return scalar(&tagged.value),
        _ => return None,
    };
    let clean = sanitize_line(text.trim());
    (!clean.is_empty()).then_some(clean)
}

/// A list of names: a YAML list, a comma-separated string, or maps with a `name`.
fn list(value: &Value) -> Vec<String> {
    match value {
        Value::Sequence(items) => items
            .iter()
            .filter_map(|item| match item {
                Value::Mapping(map) => map.get("name").and_then(scalar),
                other => scalar(other),
            })
            .collect(),
        other => scalar(other)
            .map(|s| {
                s.split(',')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn is_audio(url: &str) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .to_ascii_lowercase();
    [".mp3", ".m4a", ".ogg", ".opus", ".wav", ".aac", ".flac"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// A bare YouTube video id (`youtube: dQw4w9WgXcQ`) as a watch URL.
fn youtube(value: String) -> String {
    let is_id = value.len() == 11
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if is_id {
        format!("https://www.youtube.com/watch?v={value}")
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_archive_front_matter() {
        let input = "---\ntitle: \"Monorepos: one repo to rule them\"\nepisode: 399\n\
                     speakers:\n  - Ann Lee\n  - name: Bo Chen\ndate: 2024-03-28\n\
                     youtube: dQw4w9WgXcQ\nmedia: https://cdn.example/399.mp3\n\
                     tags: [git, monorepo]\nsummary: We talk monorepos.\n---\n\n**Ann:** Hi.\n";
        let front = read_front_matter(input).unwrap();
        assert_eq!(
            front,
            TranscriptFrontMatter {
                title: Some("Monorepos: one repo to rule them".into()),
                speakers: vec!["Ann Lee".into(), "Bo Chen".into()],
                date: Some("2024-03-28".into()),
                video: Some("https://www.youtube.com/watch?v=dQw4w9WgXcQ".into()),
                audio: Some("https://cdn.example/399.mp3".into()),
                page: None,
                episode: Some("399".into()),
                tags: vec!["git".into(), "monorepo".into()],
                summary: Some("We talk monorepos.".into()),
            }
        );
    }

    #[test]
    fn reads_key_lines_when_the_yaml_is_broken() {
        let input = "---\ntitle: Rust: the good parts\nspeakers: Ann, Bo\n---\ntext\n";
        let front = read_front_matter(input).unwrap();
        assert_eq!(front.title.as_deref(), Some("Rust: the good parts"));
        assert_eq!(front.speakers, ["Ann", "Bo"]);
    }

    #[test]
    fn only_a_closed_block_at_the_top_counts() {
        assert_eq!(block_lines(&["---", "title: x", "---", "text"]), 3);
        assert_eq!(block_lines(&["text", "---"]), 0);
        assert_eq!(block_lines(&["---", "title: x"]), 0);
        assert!(read_front_matter("no front matter").is_none());
    }

    #[test]
    fn no_reader_shows_it_as_text() {
        let front = "---\ntitle: Monorepos\ntags: [git]\nsummary: We talk.\n---\n";
        let timed = format!("{front}00:00:01 Hello there.\n\n00:00:05 Bye now.\n");
        let plain = format!("{front}Hello there.\n\nBye now.\n");
        for transcript in [
            crate::formats::timestamped::parse_text(&timed).unwrap(),
            crate::formats::timestamped::parse_plain(&plain),
        ] {
            let texts: Vec<&str> = transcript
                .segments
                .iter()
                .map(|s| s.text.as_str())
                .collect();
            assert_eq!(texts, ["Hello there.", "Bye now."]);
        }
    }
}

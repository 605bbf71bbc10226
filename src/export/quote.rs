//! "Copy this with its moment": the current paragraph, or the paragraphs of a selection, as a
//! Markdown quote followed by who said it, where, and a deep link to when:
//!
//! ```text
//! > The context window is the only place the model can learn anything after training.
//! — Theo Lindqvist, How Language Models Think [1:17](https://youtu.be/ID?t=77)
//! ```
//!
//! Several speakers in a selection are named before their paragraphs and together in the
//! attribution. The text is the transcript's display text, already cleaned at import, and goes
//! through [`clean`] once more because it may travel to a terminal (OSC 52).

use super::deep_link::deep_link;
use super::note_text::clean;
use crate::library::Episode;
use crate::model::Millis;
use crate::model::time::format_time;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The Markdown to put on the clipboard.
    pub text: String,
    pub start: Millis,
    pub end: Millis,
    /// A short description for a status line: `quote at 1:17 (Theo Lindqvist, 42 words)`.
    pub summary: String,
}

/// The quote of paragraphs `from` through `to` (indices into `episode.paragraphs`, in either
/// order: a selection may run backwards); `None` when they hold no paragraph.
pub fn quote_paragraphs(episode: &Episode, from: usize, to: usize) -> Option<Quote> {
    let (a, b) = (from.min(to), from.max(to));
    let paragraphs = episode
        .paragraphs
        .get(a..=b.min(episode.paragraphs.len().checked_sub(1)?))?;
    let first = paragraphs.first()?;
    let mut speakers: Vec<&str> = Vec::new();
    for p in paragraphs {
        if let Some(name) = p.speaker.as_deref().map(|l| episode.speaker_name(l)) {
            if !speakers.contains(&name) {
                speakers.push(name);
            }
        }
    }
    let several = speakers.len() > 1;
    let mut body: Vec<String> = Vec::new();
    for p in paragraphs {
        let text = clean(&p.text);
        let line = match p.speaker.as_deref().map(|l| episode.speaker_name(l)) {
            Some(name) if several => format!("> **{}:** {text}", clean(name)),
            _ => format!("> {text}"),
        };
        body.push(line);
    }
    let start = first.start;
    let end = paragraphs.iter().map(|p| p.end).max().unwrap_or(start);
    let mut attribution: Vec<String> = Vec::new();
    if !speakers.is_empty() {
        attribution.push(clean(&speakers.join(" & ")));
    }
    let title = clean(&episode.title());
    let when = if episode.transcript.timed {
        let time = format_time(start);
        match deep_link(&episode.entry.meta.sources, start, Some(end)) {
            Some(link) => format!(" [{time}]({link})"),
            None => format!(" {time}"),
        }
    } else {
        String::new()
    };
    attribution.push(format!("{title}{when}"));
    let text = format!("{}\n— {}\n", body.join("\n>\n"), attribution.join(", "));
    let words: usize = paragraphs.iter().map(|p| p.word_count()).sum();
    let who = if speakers.is_empty() {
        String::new()
    } else {
        format!("{}, ", speakers.join(" & "))
    };
    let at = if episode.transcript.timed {
        format!(" at {}", format_time(start))
    } else {
        String::new()
    };
    Some(Quote {
        summary: clean(&format!("quote{at} ({who}{words} words)")),
        text,
        start,
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::EpisodeEntry;
    use crate::library::meta::EpisodeMeta;
    use crate::model::{Format, Segment, Transcript, group_paragraphs};

    fn episode(video: Option<&str>) -> Episode {
        let seg = |start: u64, speaker: &str, text: &str| Segment {
            start,
            end: start + 5_000,
            speaker: Some(speaker.into()),
            text: text.into(),
            words: vec![],
        };
        let transcript = Transcript::new(
            Format::WebVtt,
            vec![
                seg(4_323_000, "Theo", "The window is where it learns."),
                seg(
                    4_330_000,
                    "Rin",
                    "And \u{1b}[31mcompression is understanding.",
                ),
            ],
        );
        let mut meta = EpisodeMeta {
            title: Some("How Models Think".into()),
            ..EpisodeMeta::default()
        };
        meta.sources.video = video.map(String::from);
        meta.speakers.insert("Theo".into(), "Theo Lindqvist".into());
        Episode {
            paragraphs: group_paragraphs(&transcript),
            entry: EpisodeEntry {
                slug: "ep".into(),
                folder: None,
                transcript: "t.vtt".into(),
                meta,
            },
            transcript,
            chapters: vec![],
        }
    }

    #[test]
    fn one_paragraph_quotes_its_speaker_episode_and_moment() {
        let ep = episode(Some("https://www.youtube.com/watch?v=abcDEF12345"));
        let quote = quote_paragraphs(&ep, 0, 0).unwrap();
        assert_eq!(
            quote.text,
            "> The window is where it learns.\n\
             — Theo Lindqvist, How Models Think [1:12:03](https://youtu.be/abcDEF12345?t=4323)\n"
        );
        assert_eq!(quote.summary, "quote at 1:12:03 (Theo Lindqvist, 6 words)");
    }

    #[test]
    fn a_selection_names_each_speaker_and_strips_escapes() {
        let ep = episode(None);
        let quote = quote_paragraphs(&ep, 1, 0).unwrap();
        assert_eq!(
            quote.text,
            "> **Theo Lindqvist:** The window is where it learns.\n>\n\
             > **Rin:** And compression is understanding.\n\
             — Theo Lindqvist & Rin, How Models Think 1:12:03\n"
        );
        assert!(!quote.text.contains('\u{1b}'));
        assert_eq!(quote_paragraphs(&ep, 5, 9), None);
    }
}

//! What import takes from a transcript file itself besides its text: the front matter's title,
//! speakers, date and links ([`crate::formats::timestamped::front_matter`]), so an episode
//! published with its metadata keeps it.

use std::collections::BTreeMap;

use crate::formats::timestamped::front_matter::TranscriptFrontMatter;
use crate::library::meta::EpisodeMeta;
use crate::model::Transcript;

/// The title the front matter gives: its `title`, led by its `episode` number when the title
/// does not already say it (`399: Monorepos`).
pub(crate) fn front_matter_title(front: &TranscriptFrontMatter) -> Option<String> {
    let title = front.title.clone()?;
    match &front.episode {
        Some(number) if !title.contains(number.as_str()) => Some(format!("{number}: {title}")),
        _ => Some(title),
    }
}

/// Fills `meta` from the front matter: the date, the video, audio and page links `open` deep-links
/// into, and display names for speaker labels that are a listed speaker's first name (`Ann` ->
/// `Ann Lee`).
pub(crate) fn apply_front_matter(
    meta: &mut EpisodeMeta,
    front: &TranscriptFrontMatter,
    transcript: &Transcript,
) {
    if let Some(date) = &front.date {
        meta.published = date
            .parse()
            .ok()
            .or_else(|| date.get(..10).and_then(|day| day.parse().ok()));
    }
    meta.sources.video = meta.sources.video.take().or(front.video.clone());
    meta.sources.audio = meta.sources.audio.take().or(front.audio.clone());
    meta.sources.web = meta.sources.web.take().or(front.page.clone());
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for label in transcript
        .segments
        .iter()
        .filter_map(|s| s.speaker.as_deref())
    {
        if names.contains_key(label) || label.contains(' ') {
            continue;
        }
        let full = front.speakers.iter().find(|name| {
            name.contains(' ')
                && name
                    .split_whitespace()
                    .next()
                    .is_some_and(|first| first.eq_ignore_ascii_case(label))
        });
        if let Some(full) = full {
            names.insert(label.to_string(), full.clone());
        }
    }
    meta.speakers.extend(names);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Format, Segment};

    #[test]
    fn takes_date_links_and_speaker_names() {
        let front = TranscriptFrontMatter {
            title: Some("Monorepos".into()),
            episode: Some("399".into()),
            speakers: vec!["Ann Lee".into(), "Bo Chen".into()],
            date: Some("2024-03-28T10:00:00+01:00".into()),
            video: Some("https://www.youtube.com/watch?v=dQw4w9WgXcQ".into()),
            ..Default::default()
        };
        assert_eq!(
            front_matter_title(&front).as_deref(),
            Some("399: Monorepos")
        );
        let transcript = Transcript::new(
            Format::Markdown,
            vec![
                Segment {
                    speaker: Some("Ann".into()),
                    text: "Hi.".into(),
                    ..Segment::default()
                },
                Segment {
                    speaker: Some("Zed".into()),
                    text: "Yo.".into(),
                    ..Segment::default()
                },
            ],
        );
        let mut meta = EpisodeMeta::default();
        apply_front_matter(&mut meta, &front, &transcript);
        assert_eq!(
            meta.published.unwrap().to_string(),
            "2024-03-28T10:00:00+01:00"
        );
        assert_eq!(
            meta.sources.video.as_deref(),
            Some("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
        );
        assert_eq!(
            meta.speakers.get("Ann").map(String::as_str),
            Some("Ann Lee")
        );
        assert_eq!(meta.speakers.len(), 1);
    }
}

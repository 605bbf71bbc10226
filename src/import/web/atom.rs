//! Atom feeds, read by `feed-rs` (the maintained parser for Atom, RSS and JSON Feed) into the
//! same [`Feed`] an RSS feed gives: each entry's id, title, page, date, enclosure (a
//! `rel="enclosure"` link or a Media RSS object) and duration. feed-rs reads no Podcasting 2.0
//! elements inside Atom entries, so transcripts are the links Atom can express: `rel="transcript"`
//! or `rel="captions"`, and links whose type is a captions format (VTT, SRT). RSS stays with the
//! `rss` crate, whose handling of namespace prefixes the Podcasting 2.0 reader relies on.

use feed_rs::model::Entry;

use super::feed::{Feed, FeedItem, TranscriptKind, TranscriptLink, parse_pub_date, person};
use crate::formats::text::sanitize_line;
use crate::model::time::format_time_long;

/// Reads an Atom feed.
pub fn parse_atom(bytes: &[u8]) -> Result<Feed, String> {
    let feed =
        feed_rs::parser::parse(bytes).map_err(|e| format!("not a readable Atom feed: {e}"))?;
    Ok(Feed {
        title: feed.title.as_ref().and_then(|t| clean(&t.content)),
        language: feed.language.as_deref().and_then(clean),
        items: feed.entries.iter().map(read_entry).collect(),
    })
}

fn read_entry(entry: &Entry) -> FeedItem {
    let link = |rel: Option<&str>| {
        entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().unwrap_or("alternate") == rel.unwrap_or("alternate"))
            .and_then(|l| clean(&l.href))
    };
    let media_url = entry
        .media
        .iter()
        .flat_map(|m| &m.content)
        .find_map(|c| c.url.as_ref().and_then(|u| clean(u.as_str())));
    let mut transcripts: Vec<TranscriptLink> = entry
        .media
        .iter()
        .flat_map(|m| &m.transcripts)
        .map(|t| {
            let url = t.url.as_str().to_string();
            TranscriptLink {
                kind: TranscriptKind::from_declared(Some(t.content_type.as_ref()), &url),
                captions: t
                    .rel
                    .as_deref()
                    .is_some_and(|r| r.trim().eq_ignore_ascii_case("captions")),
                url,
            }
        })
        .collect();
    transcripts.extend(entry.links.iter().filter_map(transcript_link));
    transcripts.sort_by_key(TranscriptLink::rank);
    transcripts.dedup_by(|a, b| a.url == b.url);
    let duration = entry
        .media
        .iter()
        .find_map(|m| {
            m.duration
                .or_else(|| m.content.iter().find_map(|c| c.duration))
        })
        .map(|d| d.as_millis() as u64)
        .filter(|&ms| ms > 0)
        .map(format_time_long);
    let title = entry
        .title
        .as_ref()
        .and_then(|t| clean(&t.content))
        .unwrap_or_else(|| "Untitled episode".to_string());
    FeedItem {
        title,
        guid: clean(&entry.id),
        link: link(None),
        published: entry
            .published
            .or(entry.updated)
            .and_then(|d| parse_pub_date(&d.to_rfc3339())),
        duration,
        enclosure: link(Some("enclosure")).or(media_url),
        transcripts,
        chapters: None,
        episode: entry
            .media
            .iter()
            .find_map(|m| m.episode.as_ref())
            .and_then(|e| whole(e.number)),
        season: entry
            .media
            .iter()
            .find_map(|m| m.season.as_ref())
            .map(|s| s.number),
        people: entry
            .media
            .iter()
            .flat_map(|m| &m.people)
            .filter_map(|p| {
                let role = clean(&format!("{:?}", p.role));
                person(clean(&p.name)?, role)
            })
            .collect(),
    }
}

/// A link that points at a transcript: by its relation, or by a captions type.
fn transcript_link(link: &feed_rs::model::Link) -> Option<TranscriptLink> {
    let rel = link
        .rel
        .as_deref()
        .unwrap_or("alternate")
        .trim()
        .to_ascii_lowercase();
    let kind = TranscriptKind::from_declared(link.media_type.as_deref(), &link.href);
    let captions_type =
        matches!(kind, TranscriptKind::Vtt | TranscriptKind::Srt) && link.media_type.is_some();
    if !(rel == "transcript" || rel == "captions" || captions_type) || link.href.trim().is_empty() {
        return None;
    }
    Some(TranscriptLink {
        url: link.href.trim().to_string(),
        kind,
        captions: rel == "captions",
    })
}

fn whole(number: f32) -> Option<u32> {
    (number.fract() == 0.0 && number >= 0.0 && number < u32::MAX as f32).then_some(number as u32)
}

fn clean(text: &str) -> Option<String> {
    Some(sanitize_line(text)).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_atom_podcast_feed() {
        let atom = br#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Atomic Talks</title>
  <id>urn:example:atomic</id>
  <updated>2024-04-02T10:00:00Z</updated>
  <entry>
    <title>Entry One</title>
    <id>urn:example:atomic:1</id>
    <updated>2024-04-02T10:00:00Z</updated>
    <link rel="alternate" href="https://example.com/1"/>
    <link rel="enclosure" type="audio/mpeg" length="1" href="https://example.com/1.mp3"/>
    <link rel="transcript" type="text/html" href="https://example.com/1.html"/>
    <link rel="related" type="text/vtt" href="https://example.com/1.vtt"/>
  </entry>
  <entry>
    <title>Entry Two</title>
    <id>urn:example:atomic:2</id>
    <published>2024-03-01T08:00:00Z</published>
    <updated>2024-03-02T08:00:00Z</updated>
  </entry>
</feed>"#;
        let feed = parse_atom(atom).unwrap();
        assert_eq!(feed.title.as_deref(), Some("Atomic Talks"));
        assert_eq!(feed.items.len(), 2);
        let one = &feed.items[0];
        assert_eq!(one.guid.as_deref(), Some("urn:example:atomic:1"));
        assert_eq!(one.link.as_deref(), Some("https://example.com/1"));
        assert_eq!(one.enclosure.as_deref(), Some("https://example.com/1.mp3"));
        assert_eq!(one.published.unwrap().date(), "2024-04-02");
        let transcripts: Vec<_> = one.transcripts.iter().map(|t| t.url.as_str()).collect();
        assert_eq!(
            transcripts,
            ["https://example.com/1.vtt", "https://example.com/1.html"]
        );
        assert!(feed.items[1].transcripts.is_empty());
        assert_eq!(feed.items[1].published.unwrap().date(), "2024-03-01");
        assert!(parse_atom(b"<feed><entry>").is_err());
    }
}

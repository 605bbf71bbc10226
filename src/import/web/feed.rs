//! Podcast RSS feeds: the channel's title and language, and for each item what an episode
//! needs: title, link, date, duration, enclosure, its `<podcast:transcript>`s (ranked best
//! first) and `<podcast:chapters>`. Pure: bytes in, [`Feed`] out.
//!
//! The XML is read by the `rss` crate, which keeps namespaced elements by the prefix the feed
//! declared; the Podcasting 2.0 elements are looked up under whichever prefix names
//! `https://podcastindex.org/namespace/1.0` (feeds almost always say `podcast:`, but need not).
//! Every string shown to the user is sanitized here (SPEC §9).

use rss::Channel;
use rss::extension::{Extension, ExtensionMap};

use crate::formats::text::sanitize_line;
use crate::model::time::{format_time_long, parse_time};

/// The Podcasting 2.0 namespace, without its scheme (feeds write `http` and `https`).
const PODCAST_NAMESPACE: &str = "podcastindex.org/namespace/1.0";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub title: Option<String>,
    pub language: Option<String>,
    pub items: Vec<FeedItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub title: String,
    /// The item's `<guid>`: what identifies it across fetches.
    pub guid: Option<String>,
    /// The episode's web page.
    pub link: Option<String>,
    pub published: Option<PubDate>,
    /// `H:MM:SS`, from `<itunes:duration>`.
    pub duration: Option<String>,
    /// The audio file.
    pub enclosure: Option<String>,
    /// Every declared transcript, best first (see [`TranscriptKind`]).
    pub transcripts: Vec<TranscriptLink>,
    pub chapters: Option<String>,
    /// `<itunes:episode>` / `<podcast:episode>`.
    pub episode: Option<u32>,
    /// `<itunes:season>` / `<podcast:season>`.
    pub season: Option<u32>,
    /// `<podcast:person>`s: `Name` or `Name (role)`.
    pub people: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptLink {
    pub url: String,
    pub kind: TranscriptKind,
    /// `rel="captions"`: a timed captions file, whatever its declared type.
    pub captions: bool,
}

/// What a `<podcast:transcript>` declares itself to be, in the order podcasts are best read:
/// JSON (per-segment times and speakers) > VTT > SRT > captions of another type > HTML > text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TranscriptKind {
    Json,
    Vtt,
    Srt,
    Html,
    Text,
    Unknown,
}

impl TranscriptKind {
    /// From the `type` attribute, else the URL's extension.
    pub(crate) fn from_declared(mime: Option<&str>, url: &str) -> Self {
        let mime = mime.unwrap_or_default().trim().to_ascii_lowercase();
        let mime = mime.split(';').next().unwrap_or_default().trim();
        match mime {
            "application/json" | "text/json" | "application/x-json" => return Self::Json,
            "text/vtt" | "application/vtt" => return Self::Vtt,
            "application/srt"
            | "text/srt"
            | "application/x-subrip"
            | "text/x-srt"
            | "application/x-srt" => return Self::Srt,
            "text/html" | "application/xhtml+xml" => return Self::Html,
            "text/plain" => return Self::Text,
            _ => {}
        }
        let path = url.split(['?', '#']).next().unwrap_or_default();
        let extension = path
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "json" => Self::Json,
            "vtt" => Self::Vtt,
            "srt" => Self::Srt,
            "html" | "htm" => Self::Html,
            "txt" => Self::Text,
            _ => Self::Unknown,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Vtt => "vtt",
            Self::Srt => "srt",
            Self::Html => "html",
            Self::Text => "text",
            Self::Unknown => "other",
        }
    }
}

impl TranscriptLink {
    /// Lower is better. A `rel="captions"` file of a weak type still promises times, so it
    /// ranks after SRT but before HTML and text.
    pub(crate) fn rank(&self) -> u8 {
        match self.kind {
            TranscriptKind::Json => 0,
            TranscriptKind::Vtt => 1,
            TranscriptKind::Srt => 2,
            _ if self.captions => 3,
            TranscriptKind::Html => 4,
            TranscriptKind::Text => 5,
            TranscriptKind::Unknown => 6,
        }
    }
}

/// A `pubDate`, as written (the time zone is not applied: a date is what the reader needs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PubDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
}

impl PubDate {
    /// `YYYY-MM-DD`.
    pub fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    pub fn to_toml(self) -> Option<toml::value::Datetime> {
        self.date().parse().ok()
    }
}

/// What a document is, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    Rss,
    Atom,
    NotAFeed,
}

/// Sniffs for `<rss` (or an Atom `<feed`) as the document's root, past the XML declaration,
/// comments, stylesheet instructions and a BOM.
pub fn feed_kind(bytes: &[u8]) -> FeedKind {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let mut rest = head.trim_start_matches('\u{feff}').trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<?") {
            rest = after.split_once("?>").map_or("", |(_, r)| r).trim_start();
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->").map_or("", |(_, r)| r).trim_start();
        } else if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case("<!DOCTYPE") {
            // A document type declaration, maybe with an internal subset (`[...]`) declaring
            // entities; the feed reader never expands them, but the feed is still a feed.
            let after = &rest[9..];
            let subset_end = match (after.find('['), after.find('>')) {
                (Some(open), Some(close)) if open < close => {
                    after[open..].find(']').map(|i| open + i)
                }
                _ => Some(0),
            };
            rest = subset_end
                .and_then(|from| after[from..].find('>').map(|i| &after[from + i + 1..]))
                .unwrap_or("")
                .trim_start();
        } else {
            break;
        }
    }
    let root = |name: &str| {
        rest.strip_prefix('<')
            .and_then(|r| r.strip_prefix(name))
            .is_some_and(|r| r.starts_with(|c: char| c.is_whitespace() || c == '>'))
    };
    if root("rss") {
        FeedKind::Rss
    } else if root("feed") {
        FeedKind::Atom
    } else {
        FeedKind::NotAFeed
    }
}

/// Reads an RSS feed.
pub fn parse_feed(bytes: &[u8]) -> Result<Feed, String> {
    let channel = Channel::read_from(bytes).map_err(|e| format!("not a readable RSS feed: {e}"))?;
    let prefixes = podcast_prefixes(&channel);
    let items = channel
        .items()
        .iter()
        .map(|item| read_item(item, &prefixes))
        .collect();
    Ok(Feed {
        title: clean(Some(channel.title())),
        language: clean(channel.language()),
        items,
    })
}

fn read_item(item: &rss::Item, prefixes: &[String]) -> FeedItem {
    let podcast = |name: &'static str| podcast_elements(item.extensions(), prefixes, name);
    let mut transcripts: Vec<TranscriptLink> = podcast("transcript")
        .filter_map(|element| {
            let url = element.attrs.get("url")?.trim();
            if url.is_empty() {
                return None;
            }
            let mime = element.attrs.get("type").map(String::as_str);
            Some(TranscriptLink {
                url: url.to_string(),
                kind: TranscriptKind::from_declared(mime, url),
                captions: element
                    .attrs
                    .get("rel")
                    .is_some_and(|rel| rel.trim().eq_ignore_ascii_case("captions")),
            })
        })
        .collect();
    // Stable: among equals, the feed's order stands.
    transcripts.sort_by_key(TranscriptLink::rank);
    transcripts.dedup_by(|a, b| a.url == b.url);
    let chapters = podcast("chapters")
        .filter_map(|element| element.attrs.get("url"))
        .map(|url| url.trim().to_string())
        .find(|url| !url.is_empty());
    let title = clean(item.title())
        .or_else(|| {
            clean(
                item.description()
                    .map(|d| d.chars().take(80).collect::<String>())
                    .as_deref(),
            )
        })
        .unwrap_or_else(|| "Untitled episode".to_string());
    FeedItem {
        title,
        guid: item.guid().and_then(|g| clean(Some(g.value()))),
        link: clean(item.link()),
        published: item.pub_date().and_then(parse_pub_date),
        duration: item
            .itunes_ext()
            .and_then(|ext| ext.duration())
            .and_then(parse_time)
            .filter(|&ms| ms > 0)
            .map(format_time_long),
        enclosure: item.enclosure().and_then(|e| clean(Some(e.url()))),
        transcripts,
        chapters,
        episode: podcast("episode")
            .find_map(|e| number(e.value()))
            .or_else(|| item.itunes_ext().and_then(|x| number(x.episode()))),
        season: podcast("season")
            .find_map(|e| number(e.value()))
            .or_else(|| item.itunes_ext().and_then(|x| number(x.season()))),
        people: podcast("person")
            .filter_map(|e| {
                let role = e.attrs.get("role").and_then(|r| clean(Some(r)));
                person(clean(e.value())?, role)
            })
            .collect(),
    }
}

/// A whole number as feeds write it (`12`, ` 3 `, `4.0`).
pub fn number(text: Option<&str>) -> Option<u32> {
    let text = text?.trim();
    text.parse::<u32>().ok().or_else(|| {
        let value = text.parse::<f64>().ok()?;
        (value.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&value))
            .then_some(value as u32)
    })
}

/// `Name (role)`, or the bare name when the feed gives no role.
pub fn person(name: String, role: Option<String>) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    Some(match role {
        Some(role) => format!("{name} ({})", role.to_lowercase()),
        None => name,
    })
}

/// The prefixes this feed uses for the Podcasting 2.0 namespace; `podcast` always, since feeds
/// that forget to declare it still write it.
fn podcast_prefixes(channel: &Channel) -> Vec<String> {
    let mut prefixes: Vec<String> = channel
        .namespaces()
        .iter()
        .filter(|(_, uri)| uri.trim_end_matches('/').ends_with(PODCAST_NAMESPACE))
        .map(|(prefix, _)| prefix.clone())
        .collect();
    if !prefixes.iter().any(|p| p == "podcast") {
        prefixes.push("podcast".to_string());
    }
    prefixes
}

fn podcast_elements<'a>(
    extensions: &'a ExtensionMap,
    prefixes: &'a [String],
    name: &'a str,
) -> impl Iterator<Item = &'a Extension> + 'a {
    prefixes
        .iter()
        .filter_map(move |prefix| extensions.get(prefix))
        .filter_map(move |elements| elements.get(name))
        .flatten()
}

fn clean(text: Option<&str>) -> Option<String> {
    text.map(sanitize_line).filter(|t| !t.is_empty())
}

/// RFC 822/2822 dates as feeds write them (`Thu, 28 Mar 2024 10:00:00 +0000`, with or without
/// the weekday or seconds), and ISO 8601 (`2024-03-28T10:00:00Z`) for the feeds that use it.
pub fn parse_pub_date(text: &str) -> Option<PubDate> {
    let text = text.trim();
    if let Some(date) = parse_iso_date(text) {
        return Some(date);
    }
    let mut day = None;
    let mut month = None;
    let mut year = None;
    let mut clock = (0, 0, 0);
    for token in text.split(|c: char| c.is_whitespace() || c == ',') {
        if token.is_empty() {
            continue;
        }
        if token.contains(':') {
            let mut parts = token.split(':').map(|p| p.parse::<u8>().ok());
            clock = (
                parts.next().flatten()?,
                parts.next().flatten()?,
                parts.next().flatten().unwrap_or(0),
            );
        } else if let Some(m) = month_number(token) {
            month = Some(m);
        } else if token.bytes().all(|b| b.is_ascii_digit()) {
            let value: u16 = token.parse().ok()?;
            if token.len() <= 2 && day.is_none() {
                day = Some(value as u8);
            } else if token.len() == 4 || token.len() == 2 {
                year = Some(if value < 100 { 2000 + value } else { value });
            }
        }
    }
    valid(PubDate {
        year: year?,
        month: month?,
        day: day?,
        hour: clock.0,
        minute: clock.1,
        second: clock.2,
    })
}

fn parse_iso_date(text: &str) -> Option<PubDate> {
    let date = text.get(..10)?;
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let clock = text.get(11..19).unwrap_or("00:00:00");
    let mut time = clock.split(':').map(|p| p.parse::<u8>().unwrap_or(0));
    valid(PubDate {
        year: y.parse().ok()?,
        month: m.parse().ok()?,
        day: d.parse().ok()?,
        hour: time.next().unwrap_or(0),
        minute: time.next().unwrap_or(0),
        second: time.next().unwrap_or(0),
    })
}

fn valid(date: PubDate) -> Option<PubDate> {
    let ok = (1..=12).contains(&date.month)
        && (1..=31).contains(&date.day)
        && (1000..=9999).contains(&date.year)
        && date.hour < 24
        && date.minute < 60
        && date.second < 61;
    ok.then_some(date)
}

fn month_number(token: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = token.to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    MONTHS
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" href="feed.xsl"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:pc="https://podcastindex.org/namespace/1.0">
<channel>
  <title>Tiny &amp; Test Show</title>
  <language>en</language>
  <item>
    <title>First &#x1b;[2Jepisode</title>
    <link>https://example.com/1</link>
    <pubDate>Thu, 28 Mar 2024 23:30:00 -0700</pubDate>
    <itunes:duration>3723</itunes:duration>
    <enclosure url="https://example.com/1.mp3" length="1" type="audio/mpeg"/>
    <pc:transcript url="https://example.com/1.txt" type="text/plain"/>
    <pc:transcript url="https://example.com/1.html" type="text/html"/>
    <pc:transcript url="https://example.com/1.srt" type="application/x-subrip"/>
    <pc:transcript url="https://example.com/1.json" type="application/json"/>
    <pc:transcript url="https://example.com/1.vtt" type="text/vtt"/>
    <pc:transcript url="https://example.com/1-captions.txt" type="text/plain" rel="captions"/>
    <pc:chapters url="https://example.com/1-chapters.json" type="application/json+chapters"/>
  </item>
  <item>
    <title>Second</title>
    <pubDate>2024-04-02T08:00:00Z</pubDate>
    <itunes:duration>62:03</itunes:duration>
    <pc:transcript url="https://example.com/2" />
  </item>
</channel>
</rss>"#;

    #[test]
    fn reads_items_with_transcripts_ranked_best_first() {
        assert_eq!(feed_kind(FEED.as_bytes()), FeedKind::Rss);
        let feed = parse_feed(FEED.as_bytes()).unwrap();
        assert_eq!(feed.title.as_deref(), Some("Tiny & Test Show"));
        assert_eq!(feed.language.as_deref(), Some("en"));
        let first = &feed.items[0];
        assert_eq!(first.title, "First episode", "escape sequences stripped");
        assert_eq!(first.link.as_deref(), Some("https://example.com/1"));
        assert_eq!(first.published.unwrap().date(), "2024-03-28");
        assert_eq!(first.duration.as_deref(), Some("1:02:03"));
        assert_eq!(
            first.enclosure.as_deref(),
            Some("https://example.com/1.mp3")
        );
        let order: Vec<&str> = first
            .transcripts
            .iter()
            .map(|t| t.url.rsplit('/').next().unwrap())
            .collect();
        assert_eq!(
            order,
            [
                "1.json",
                "1.vtt",
                "1.srt",
                "1-captions.txt",
                "1.html",
                "1.txt"
            ]
        );
        assert_eq!(
            first.chapters.as_deref(),
            Some("https://example.com/1-chapters.json")
        );
        let second = &feed.items[1];
        assert_eq!(second.published.unwrap().date(), "2024-04-02");
        assert_eq!(second.duration.as_deref(), Some("1:02:03"));
        assert_eq!(second.transcripts[0].kind, TranscriptKind::Unknown);
        assert_eq!(second.chapters, None);
    }

    #[test]
    fn sniffs_feeds_by_their_root() {
        let cases = [
            ("<rss version=\"2.0\"><channel/></rss>", FeedKind::Rss),
            (
                "\u{feff}  <?xml version=\"1.0\"?>\n<!-- hi --><rss>",
                FeedKind::Rss,
            ),
            (
                "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">",
                FeedKind::Atom,
            ),
            (
                "<!DOCTYPE html><html><body>rss</body></html>",
                FeedKind::NotAFeed,
            ),
            ("WEBVTT\n\n", FeedKind::NotAFeed),
            ("<rssx>", FeedKind::NotAFeed),
            // Found: a document type declaration hid the feed, which was imported as text.
            ("<?xml version=\"1.0\"?><!DOCTYPE rss><rss>", FeedKind::Rss),
            (
                "<!doctype rss [\n<!ENTITY a \"x>y\">\n<!ENTITY b \"&a;&a;\">\n]>\n<rss version=\"2.0\">",
                FeedKind::Rss,
            ),
            ("<!DOCTYPE feed [ <!ENTITY a \"x\">", FeedKind::NotAFeed),
        ];
        for (input, want) in cases {
            assert_eq!(feed_kind(input.as_bytes()), want, "{input:?}");
        }
    }

    #[test]
    fn broken_feeds_are_reported() {
        let err = parse_feed(b"<rss><channel><item><title>x</item>").unwrap_err();
        assert!(err.starts_with("not a readable RSS feed"), "{err}");
    }

    #[test]
    fn dates_as_feeds_write_them() {
        let cases = [
            ("Thu, 28 Mar 2024 10:00:00 +0000", Some("2024-03-28")),
            ("28 Mar 2024 10:00 GMT", Some("2024-03-28")),
            ("Mon, 1 January 2024 00:00:00 EST", Some("2024-01-01")),
            ("Tue, 05 Nov 24 10:00:00 +0000", Some("2024-11-05")),
            ("2023-12-31T23:59:59+01:00", Some("2023-12-31")),
            ("2023-12-31", Some("2023-12-31")),
            ("yesterday", None),
            ("Thu, 31 Foo 2024", None),
            ("Thu, 45 Mar 2024", None),
        ];
        for (input, want) in cases {
            let got = parse_pub_date(input).map(|d| d.date());
            assert_eq!(got.as_deref(), want, "{input}");
        }
        let a = parse_pub_date("Thu, 28 Mar 2024 10:00:00 +0000").unwrap();
        let b = parse_pub_date("Thu, 28 Mar 2024 11:00:00 +0000").unwrap();
        assert!(a < b, "dates sort by time within a day");
        assert_eq!(a.to_toml().unwrap().to_string(), "2024-03-28");
    }
}

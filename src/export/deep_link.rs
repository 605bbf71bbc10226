//! Links to a moment of an episode's source: a YouTube video at `?t=4200`, an audio file or
//! stream at the media fragment `#t=4200,4920` (W3C Media Fragments, which browsers and mpv
//! honour), otherwise the source page itself.
//!
//! Only `http(s)` URLs and relative file names leave here: a source written into
//! `episode.toml` by an import from the web must not become a `javascript:` or `file:` link in
//! an exported page.

use crate::library::meta::Sources;
use crate::model::Millis;

/// The best link to `start` (through `end`, when the source can say so) of the episode whose
/// sources are `sources`; `None` when the episode has no usable source.
pub fn deep_link(sources: &Sources, start: Millis, end: Option<Millis>) -> Option<String> {
    let video = sources.video.as_deref().and_then(safe_target);
    if let Some(id) = video.as_deref().and_then(youtube_id) {
        return Some(format!("https://youtu.be/{id}?t={}", start / 1000));
    }
    if let Some(audio) = sources.audio.as_deref().and_then(safe_target) {
        let base = audio.split('#').next().unwrap_or_default();
        return Some(format!("{base}#{}", media_fragment(start, end)));
    }
    video.or_else(|| sources.web.as_deref().and_then(safe_target))
}

/// The link to the episode as a whole (for front matter and annotation sources).
pub fn source_link(sources: &Sources) -> Option<String> {
    [&sources.video, &sources.audio, &sources.web]
        .into_iter()
        .find_map(|s| s.as_deref().and_then(safe_target))
}

/// The media-fragment time value, `t=4200` or `t=4200,4920` (seconds; the end rounded up so the
/// span still covers its last millisecond).
pub fn media_fragment(start: Millis, end: Option<Millis>) -> String {
    let seconds = |ms: Millis| {
        if ms % 1000 == 0 {
            (ms / 1000).to_string()
        } else {
            format!("{}.{:03}", ms / 1000, ms % 1000)
                .trim_end_matches('0')
                .to_string()
        }
    };
    match end {
        Some(end) if end > start => format!("t={},{}", seconds(start), seconds(end)),
        _ => format!("t={}", seconds(start)),
    }
}

/// A link target safe to write into Markdown and HTML: an `http(s)` URL, or a relative file
/// name (a local audio file beside the episode), with spaces, quotes, brackets and parentheses
/// percent-encoded so no format reads them as the end of the link. Anything else is refused.
pub fn safe_target(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.chars().any(char::is_control) {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    let is_web = lower.starts_with("https://") || lower.starts_with("http://");
    if !is_web && (raw.contains(':') || raw.starts_with('/') || raw.starts_with('\\')) {
        // A scheme we do not vouch for, a Windows drive, or an absolute path that only means
        // something on this machine.
        return None;
    }
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '\'' => out.push_str("%27"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '[' => out.push_str("%5B"),
            ']' => out.push_str("%5D"),
            '`' => out.push_str("%60"),
            '|' => out.push_str("%7C"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// The video id of a YouTube watch, short, shorts, embed or live URL.
pub fn youtube_id(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.trim_start_matches("www.").trim_start_matches("m.");
    let id = match host {
        "youtu.be" => path.split(['?', '&', '/', '#']).next(),
        "youtube.com" | "music.youtube.com" | "youtube-nocookie.com" => {
            if let Some(query) = path.strip_prefix("watch").and_then(|p| p.split_once('?')) {
                query
                    .1
                    .split(['&', '#'])
                    .find_map(|pair| pair.strip_prefix("v="))
            } else {
                ["shorts/", "embed/", "live/", "v/"]
                    .iter()
                    .find_map(|prefix| path.strip_prefix(prefix))
                    .and_then(|tail| tail.split(['?', '&', '/', '#']).next())
            }
        }
        _ => None,
    }?;
    let plausible = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    plausible.then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(video: Option<&str>, audio: Option<&str>, web: Option<&str>) -> Sources {
        Sources {
            web: web.map(String::from),
            video: video.map(String::from),
            audio: audio.map(String::from),
            transcript: None,
        }
    }

    #[test]
    fn youtube_gets_t_audio_gets_a_media_fragment_else_the_page() {
        let yt = sources(
            Some("https://www.youtube.com/watch?v=pgSAMPLE001"),
            None,
            None,
        );
        assert_eq!(
            deep_link(&yt, 4_200_000, Some(4_920_000)).as_deref(),
            Some("https://youtu.be/pgSAMPLE001?t=4200")
        );
        let audio = sources(None, Some("https://cdn.example/ep 1.mp3#old"), None);
        assert_eq!(
            deep_link(&audio, 4_200_000, Some(4_920_500)).as_deref(),
            Some("https://cdn.example/ep%201.mp3#t=4200,4920.5")
        );
        assert_eq!(
            deep_link(&sources(None, Some("episode.mp3"), None), 61_000, None).as_deref(),
            Some("episode.mp3#t=61")
        );
        let page = sources(None, None, Some("https://example.com/ep-65"));
        assert_eq!(
            deep_link(&page, 1, None).as_deref(),
            Some("https://example.com/ep-65")
        );
        assert_eq!(deep_link(&Sources::default(), 1, None), None);
    }

    #[test]
    fn unsafe_sources_never_become_links() {
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "/home/me/a.mp3",
            "C:\\a.mp3",
            "data:text/html,x",
            "https://x.org/\u{1b}]52",
        ] {
            assert_eq!(safe_target(bad), None, "{bad}");
            assert_eq!(
                deep_link(&sources(None, Some(bad), Some(bad)), 0, None),
                None
            );
        }
        assert_eq!(
            safe_target("https://x.org/a (b)\"<c>").as_deref(),
            Some("https://x.org/a%20%28b%29%22%3Cc%3E")
        );
    }

    #[test]
    fn youtube_ids_from_every_url_form() {
        for url in [
            "https://www.youtube.com/watch?v=UTuuTTnjxMQ",
            "https://youtu.be/UTuuTTnjxMQ?t=42",
            "http://m.youtube.com/watch?feature=share&v=UTuuTTnjxMQ",
            "https://www.youtube.com/shorts/UTuuTTnjxMQ",
            "https://www.youtube.com/live/UTuuTTnjxMQ?si=x",
        ] {
            assert_eq!(youtube_id(url), Some("UTuuTTnjxMQ"), "{url}");
        }
        assert_eq!(youtube_id("https://example.com/watch?v=x"), None);
        assert_eq!(youtube_id("https://youtu.be/a\"b"), None);
    }
}

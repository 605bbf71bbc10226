//! Recognising video URLs: every form a YouTube video's address takes (`watch?v=`, `youtu.be/`,
//! `/live/`, `/shorts/`, `/embed/`, with or without `t=` and tracking parameters), so that an
//! import goes to yt-dlp and a notes file finds the episode whichever form it quotes.

/// The 11-character id of a YouTube video named by `url`, if it names one.
pub fn youtube_id(url: &str) -> Option<&str> {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.split('#').next().unwrap_or_default();
    let (host, path_and_query) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let id = match host {
        "youtu.be" => path.split('/').next(),
        "youtube.com" | "m.youtube.com" | "music.youtube.com" | "youtube-nocookie.com" => {
            let mut segments = path.split('/');
            match segments.next() {
                Some("watch") => query.split('&').find_map(|pair| pair.strip_prefix("v=")),
                Some("live" | "shorts" | "embed" | "v" | "e") => segments.next(),
                _ => None,
            }
        }
        _ => None,
    }?;
    is_video_id(id).then_some(id)
}

/// True for a URL that should be read with yt-dlp rather than fetched as a page.
pub fn is_video_url(url: &str) -> bool {
    youtube_id(url).is_some()
}

/// YouTube ids are 11 characters of `[A-Za-z0-9_-]`; anything else (a channel name, a
/// playlist) is not a video.
fn is_video_id(id: &str) -> bool {
    id.len() == 11
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_video_url() {
        for url in [
            "https://www.youtube.com/watch?v=UTuuTTnjxMQ",
            "https://www.youtube.com/watch?v=UTuuTTnjxMQ&t=4200s",
            "http://m.youtube.com/watch?feature=share&v=UTuuTTnjxMQ",
            "https://youtu.be/UTuuTTnjxMQ",
            "https://youtu.be/UTuuTTnjxMQ?t=42&si=abc",
            "youtu.be/UTuuTTnjxMQ",
            "https://www.youtube.com/live/UTuuTTnjxMQ?feature=shared",
            "https://youtube.com/shorts/UTuuTTnjxMQ",
            "https://www.youtube-nocookie.com/embed/UTuuTTnjxMQ",
            "https://WWW.YouTube.com/watch?v=UTuuTTnjxMQ#t=10",
        ] {
            assert_eq!(youtube_id(url), Some("UTuuTTnjxMQ"), "{url}");
        }
    }

    #[test]
    fn other_urls_are_not_videos() {
        for url in [
            "https://www.youtube.com/@channel",
            "https://www.youtube.com/playlist?list=PL123",
            "https://www.youtube.com/watch?v=short",
            "https://www.youtube.com/watch?v=UTuuTTnjxMQ%22",
            "https://example.com/watch?v=UTuuTTnjxMQ",
            "https://notyoutube.com/watch?v=UTuuTTnjxMQ",
            "",
        ] {
            assert_eq!(youtube_id(url), None, "{url}");
        }
    }
}

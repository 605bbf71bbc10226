//! Which URLs podgloss fetches: `http` and `https` only, for the first request and for every
//! redirect (a server answering `Location: file:///etc/passwd` is refused, not followed).

use reqwest::Url;

/// Why a redirect is not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HopError {
    /// The target's scheme is not `http`/`https`; carries the target as written.
    Scheme(String),
    /// The `Location` header is not a URL.
    Invalid(String),
}

/// Parses a URL the user or a feed gave, refusing every scheme but `http` and `https`.
pub fn parse_http_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| format!("not a URL ({e})"))?;
    match url.scheme() {
        "http" | "https" => {}
        "file" => {
            return Err(
                "file:// URLs are not fetched; give the file's path to import it".to_string(),
            );
        }
        other => {
            return Err(format!(
                "only http and https URLs can be imported, not {other}:"
            ));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("the URL has no host".to_string());
    }
    Ok(url)
}

/// The URL a `Location` header sends `from` to, resolved against it, if it may be followed.
pub fn next_hop(from: &Url, location: &[u8]) -> Result<Url, HopError> {
    let location = std::str::from_utf8(location)
        .map_err(|_| HopError::Invalid("the Location header is not UTF-8".to_string()))?
        .trim();
    let to = from
        .join(location)
        .map_err(|e| HopError::Invalid(format!("Location {location:?}: {e}")))?;
    match to.scheme() {
        "http" | "https" => Ok(to),
        _ => Err(HopError::Scheme(to.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_are_fetched() {
        assert!(parse_http_url("https://example.com/feed.xml").is_ok());
        assert!(parse_http_url(" http://127.0.0.1:8080/x ").is_ok());
        for (bad, why) in [
            ("file:///etc/passwd", "file://"),
            ("ftp://example.com/x.srt", "not ftp:"),
            ("javascript:alert(1)", "not javascript:"),
            ("http://", "not a URL"),
            ("not a url", "not a URL"),
        ] {
            let err = parse_http_url(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn redirects_resolve_relative_locations_and_refuse_other_schemes() {
        let from = Url::parse("https://example.com/a/b?x=1").unwrap();
        let cases = [
            ("c", Ok("https://example.com/a/c")),
            ("/root", Ok("https://example.com/root")),
            (
                "//cdn.example.org/t.vtt",
                Ok("https://cdn.example.org/t.vtt"),
            ),
            ("http://other.example/x", Ok("http://other.example/x")),
            (
                "file:///etc/passwd",
                Err(HopError::Scheme("file:///etc/passwd".into())),
            ),
            (
                "data:text/plain,hi",
                Err(HopError::Scheme("data:text/plain,hi".into())),
            ),
        ];
        for (location, want) in cases {
            let got = next_hop(&from, location.as_bytes()).map(|u| u.to_string());
            assert_eq!(got, want.map(str::to_string), "{location}");
        }
        assert!(matches!(
            next_hop(&from, b"\xff\xfe"),
            Err(HopError::Invalid(_))
        ));
    }
}

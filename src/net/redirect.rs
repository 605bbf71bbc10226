//! Which URLs podgloss fetches: `http` and `https` only, for the first request and for every
//! redirect (a server answering `Location: file:///etc/passwd` is refused, not followed). A
//! redirect from a public host to a private, loopback or link-local one (a cloud metadata
//! service at 169.254.169.254, a router's admin page) is refused too: only the user can send
//! podgloss into their own network, by giving such a URL themselves.

use std::net::{IpAddr, ToSocketAddrs};

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

/// Refuses a redirect to `to` when it is not a public host and `first` (the URL the user or the
/// feed gave) is. Host names are resolved for the check; one that does not resolve is left to
/// the request to report.
pub fn check_destination(first: &Url, to: &Url) -> Result<(), String> {
    if !is_non_public_host(to) || is_non_public_host(first) {
        return Ok(());
    }
    Err(format!(
        "redirected to {}, which is not a public address; not followed",
        crate::formats::text::sanitize_line(to.as_str())
    ))
}

/// Whether the URL's host is (or resolves to) an address outside the public internet.
pub fn is_non_public_host(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    // IPv6 literals come bracketed.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return is_non_public(ip);
    }
    let name = bare.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    let port = url.port_or_known_default().unwrap_or(80);
    (name.as_str(), port)
        .to_socket_addrs()
        .is_ok_and(|mut addresses| addresses.any(|a| is_non_public(a.ip())))
}

/// Loopback, private (RFC 1918, IPv6 unique local), link-local, shared (100.64/10),
/// unspecified, broadcast, documentation and multicast addresses.
pub fn is_non_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || (a == 100 && (64..128).contains(&b))
                || a == 0
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_non_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_into_private_networks_need_the_user_to_start_there() {
        let public = Url::parse("http://93.184.215.14/feed.xml").unwrap();
        let local = Url::parse("http://127.0.0.1:8080/feed.xml").unwrap();
        for inside in [
            "http://169.254.169.254/latest/meta-data/",
            "http://127.0.0.1/x",
            "http://10.0.0.1/x",
            "http://192.168.1.1/x",
            "http://[::1]/x",
            "http://[fe80::1]/x",
            "http://[::ffff:169.254.169.254]/x",
            "http://localhost:9000/x",
            "http://0.0.0.0/x",
            "http://100.64.0.1/x",
        ] {
            let to = Url::parse(inside).unwrap();
            let refused = check_destination(&public, &to).unwrap_err();
            assert!(
                refused.contains("not a public address"),
                "{inside}: {refused}"
            );
            assert_eq!(check_destination(&local, &to), Ok(()), "{inside}");
        }
        let outside = Url::parse("http://93.184.215.15/x").unwrap();
        assert_eq!(check_destination(&public, &outside), Ok(()));
    }

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

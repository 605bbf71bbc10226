//! The one module that touches the network (SPEC §3.3, §9): it fetches the bytes behind an
//! `http` or `https` URL and nothing else. What the bytes are is decided by the caller, from the
//! content.
//!
//! The manners are fixed here, once: a `User-Agent: podgloss/<version>`, a connect timeout
//! (10 s) and a total one (60 s, across redirects and the body), a size cap (50 MB) enforced
//! while the body streams in, and at most 5 redirects, each checked by hand so that a server can
//! never send podgloss to `file://` or any scheme but `http`/`https`. Bodies sent gzip- or
//! brotli-compressed are decoded by reqwest as they stream in, so the cap counts decoded bytes
//! (a small compressed body cannot unpack into gigabytes). Conditional GETs (`ETag`,
//! `Last-Modified`) let a followed feed that did not change cost a 304 and nothing more. When
//! the configuration is offline (`--offline`, `PODGLOSS_OFFLINE=1`), every fetch fails before a
//! socket is opened, and the HTTP client is not even built. (Video pages are the exception to
//! "the one module": yt-dlp fetches those, see `import::video`.)

pub mod body;
pub mod download;
pub mod redirect;

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use reqwest::blocking::Client;
use reqwest::header::{
    CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION,
};

use crate::formats::text::sanitize_line;

pub use reqwest::Url;

/// Sent with every request, so that server operators know who is asking.
pub const USER_AGENT: &str = concat!("podgloss/", env!("CARGO_PKG_VERSION"));

/// `1` (or `true`, `yes`): no network at all.
pub const OFFLINE_VAR: &str = "PODGLOSS_OFFLINE";
/// The total timeout in milliseconds, instead of 60 s (tests make it short).
pub const TIMEOUT_VAR: &str = "PODGLOSS_HTTP_TIMEOUT_MS";
/// The limit in milliseconds for everything one command fetches, instead of 10 minutes.
pub const COMMAND_TIMEOUT_VAR: &str = "PODGLOSS_HTTP_COMMAND_TIMEOUT_MS";

/// Limits and switches for fetching. [`NetConfig::default`] is SPEC §3.3's numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetConfig {
    /// Refuse every fetch.
    pub offline: bool,
    pub connect_timeout: Duration,
    /// From the first connection attempt to the last byte of the body, redirects included.
    pub timeout: Duration,
    /// The largest body accepted, in bytes.
    pub max_bytes: u64,
    pub max_redirects: usize,
    /// For everything one [`Fetcher`] fetches (a feed and all its items), so that slow servers
    /// cannot hold a command for `timeout` times the number of items.
    pub command_timeout: Duration,
}

impl Default for NetConfig {
    fn default() -> Self {
        NetConfig {
            offline: false,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            max_bytes: 50 * 1000 * 1000,
            max_redirects: 5,
            command_timeout: Duration::from_secs(600),
        }
    }
}

impl NetConfig {
    /// The defaults, adjusted by [`OFFLINE_VAR`] and [`TIMEOUT_VAR`].
    pub fn from_env() -> Self {
        let mut config = NetConfig::default();
        if std::env::var(OFFLINE_VAR).is_ok_and(|v| is_truthy(&v)) {
            config.offline = true;
        }
        if let Some(ms) = std::env::var(TIMEOUT_VAR)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|&ms| ms > 0)
        {
            config.timeout = Duration::from_millis(ms);
            config.connect_timeout = config.connect_timeout.min(config.timeout);
        }
        if let Some(ms) = std::env::var(COMMAND_TIMEOUT_VAR)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|&ms| ms > 0)
        {
            config.command_timeout = Duration::from_millis(ms);
        }
        config
    }
}

fn is_truthy(value: &str) -> bool {
    !matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "" | "0" | "false" | "no" | "off" | "n" | "f"
    )
}

/// Why a fetch failed. Every message starts with the URL the user or the feed gave.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetError {
    #[error("{url}: not fetched: podgloss is offline (--offline or PODGLOSS_OFFLINE is set)")]
    Offline { url: String },
    #[error("{url}: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("{url}: redirected to {to}, which is not an http or https URL; not followed")]
    RedirectScheme { url: String, to: String },
    #[error("{url}: more than {max} redirects (the last one to {last}); gave up")]
    TooManyRedirects {
        url: String,
        max: usize,
        last: String,
    },
    #[error("{url}: the server answered {status}")]
    Status { url: String, status: String },
    #[error("{url}: larger than the {limit} limit; download stopped")]
    TooLarge { url: String, limit: String },
    #[error("{url}: timed out after {after}")]
    Timeout { url: String, after: String },
    #[error("{url}: {message}")]
    Failed { url: String, message: String },
}

/// A body fetched in full.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Where the body came from, after redirects.
    pub url: Url,
    /// What the server said the body is; informative only, never trusted for the format.
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
    /// What to send next time to be told "not modified".
    pub validators: Validators,
}

/// A document's `ETag` and `Last-Modified`, as the server sent them (opaque strings).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// The answer to a conditional GET.
#[derive(Debug, Clone)]
pub enum Conditional {
    /// 304: the document is what it was.
    NotModified,
    Changed(Fetched),
}

/// Fetches URLs under one [`NetConfig`]. The HTTP client is built on the first fetch.
pub struct Fetcher {
    config: NetConfig,
    client: OnceLock<Client>,
    /// When the command's time for fetching ends (see [`NetConfig::command_timeout`]).
    command_deadline: Instant,
}

impl Fetcher {
    pub fn new(config: NetConfig) -> Self {
        Fetcher {
            command_deadline: Instant::now() + config.command_timeout,
            config,
            client: OnceLock::new(),
        }
    }

    pub fn config(&self) -> &NetConfig {
        &self.config
    }

    /// GETs `url`, following at most `max_redirects` redirects to `http`/`https` URLs only,
    /// and returns the whole body, or why not.
    pub fn get(&self, url: &str) -> Result<Fetched, NetError> {
        match self.get_if_changed(url, &Validators::default())? {
            Conditional::Changed(fetched) => Ok(fetched),
            // Without validators no server has a reason to answer 304; if one does, it is an
            // answer without a body.
            Conditional::NotModified => Err(NetError::Status {
                url: sanitize_line(url),
                status: status_text(reqwest::StatusCode::NOT_MODIFIED),
            }),
        }
    }

    /// A conditional GET: with the `ETag` and `Last-Modified` of the last fetch, a server whose
    /// document did not change answers 304 and sends nothing, and that costs no parse either.
    pub fn get_if_changed(
        &self,
        url: &str,
        validators: &Validators,
    ) -> Result<Conditional, NetError> {
        let shown = sanitize_line(url);
        if self.config.offline {
            return Err(NetError::Offline { url: shown });
        }
        let mut current = redirect::parse_http_url(url).map_err(|reason| NetError::BadUrl {
            url: shown.clone(),
            reason,
        })?;
        let origin = current.clone();
        let client = self.client(&shown)?;
        let started = Instant::now();
        let deadline = (started + self.config.timeout).min(self.command_deadline);
        let timed_out = || NetError::Timeout {
            url: shown.clone(),
            after: if deadline == self.command_deadline {
                format!(
                    "{} (this command's limit for fetching)",
                    seconds(self.config.command_timeout)
                )
            } else {
                seconds(self.config.timeout)
            },
        };
        for _ in 0..=self.config.max_redirects {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(timed_out());
            }
            let mut request = client.get(current.clone()).timeout(remaining);
            if let Some(etag) = &validators.etag {
                request = request.header(IF_NONE_MATCH, etag.as_str());
            }
            if let Some(date) = &validators.last_modified {
                request = request.header(IF_MODIFIED_SINCE, date.as_str());
            }
            let response = request.send().map_err(|e| self.request_error(&shown, &e))?;
            let status = response.status();
            if status == reqwest::StatusCode::NOT_MODIFIED {
                return Ok(Conditional::NotModified);
            }
            if status.is_redirection() {
                if let Some(location) = response.headers().get(LOCATION) {
                    current = follow(&shown, &origin, &current, location.as_bytes())?;
                    continue;
                }
            }
            return self.take_body(&shown, current, response, deadline, &timed_out);
        }
        Err(NetError::TooManyRedirects {
            url: shown,
            max: self.config.max_redirects,
            last: sanitize_line(current.as_str()),
        })
    }

    /// The answer to a request that was not redirected: its body, or why it is refused.
    fn take_body(
        &self,
        shown: &str,
        current: reqwest::Url,
        mut response: reqwest::blocking::Response,
        deadline: Instant,
        timed_out: &dyn Fn() -> NetError,
    ) -> Result<Conditional, NetError> {
        let status = response.status();
        if !status.is_success() {
            return Err(NetError::Status {
                url: shown.to_string(),
                status: status_text(status),
            });
        }
        let too_large = || NetError::TooLarge {
            url: shown.to_string(),
            limit: megabytes(self.config.max_bytes),
        };
        if response
            .content_length()
            .is_some_and(|length| length > self.config.max_bytes)
        {
            return Err(too_large());
        }
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(sanitize_line);
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_string)
                .filter(|v| !v.is_empty() && v.len() < 1024)
        };
        let received = Validators {
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
        };
        let bytes = body::read_capped(&mut response, self.config.max_bytes, deadline).map_err(
            |e| match e {
                body::BodyError::TooLarge => too_large(),
                body::BodyError::TimedOut => timed_out(),
                body::BodyError::Io(e) => NetError::Failed {
                    url: shown.to_string(),
                    message: format!("reading the body: {}", deepest_cause(&e)),
                },
            },
        )?;
        Ok(Conditional::Changed(Fetched {
            url: current,
            content_type,
            bytes,
            validators: received,
        }))
    }

    fn client(&self, shown: &str) -> Result<&Client, NetError> {
        if let Some(client) = self.client.get() {
            return Ok(client);
        }
        let client = Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(self.config.connect_timeout)
            .timeout(self.config.timeout)
            // Redirects are followed by hand in `get`, to count them and check each scheme.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| NetError::Failed {
                url: shown.to_string(),
                message: format!("cannot start the HTTP client: {}", deepest_cause(&e)),
            })?;
        Ok(self.client.get_or_init(|| client))
    }

    fn request_error(&self, shown: &str, error: &reqwest::Error) -> NetError {
        if error.is_timeout() {
            return NetError::Timeout {
                url: shown.to_string(),
                after: seconds(if error.is_connect() {
                    self.config.connect_timeout
                } else {
                    self.config.timeout
                }),
            };
        }
        let cause = deepest_cause(error);
        let message = if error.is_connect() {
            format!("could not connect: {cause}")
        } else {
            cause
        };
        NetError::Failed {
            url: shown.to_string(),
            message,
        }
    }
}

/// The innermost error's message: reqwest's outer layers only repeat the URL.
fn deepest_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(source) = current.source() {
        current = source;
    }
    sanitize_line(&current.to_string())
}

fn status_text(status: reqwest::StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// The next hop of a redirect from `current`, refused when it leaves http(s) or goes where the
/// first URL could not have led (see [`redirect::check_destination`]).
fn follow(
    shown: &str,
    origin: &reqwest::Url,
    current: &reqwest::Url,
    location: &[u8],
) -> Result<reqwest::Url, NetError> {
    let next = redirect::next_hop(current, location).map_err(|hop| match hop {
        redirect::HopError::Scheme(to) => NetError::RedirectScheme {
            url: shown.to_string(),
            to: sanitize_line(&to),
        },
        redirect::HopError::Invalid(reason) => NetError::Failed {
            url: shown.to_string(),
            message: format!("bad redirect: {reason}"),
        },
    })?;
    redirect::check_destination(origin, &next).map_err(|message| NetError::Failed {
        url: shown.to_string(),
        message,
    })?;
    Ok(next)
}

fn seconds(duration: Duration) -> String {
    let ms = duration.as_millis();
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

fn megabytes(bytes: u64) -> String {
    if bytes >= 1_000_000 && bytes % 1_000_000 == 0 {
        format!("{} MB", bytes / 1_000_000)
    } else {
        format!("{bytes}-byte")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_spec_numbers() {
        let config = NetConfig::default();
        assert_eq!(config.connect_timeout, Duration::from_secs(10));
        assert_eq!(config.timeout, Duration::from_secs(60));
        assert_eq!(config.max_bytes, 50_000_000);
        assert_eq!(config.max_redirects, 5);
        assert!(!config.offline);
        assert!(USER_AGENT.starts_with("podgloss/"));
    }

    #[test]
    fn offline_refuses_before_anything_else() {
        let fetcher = Fetcher::new(NetConfig {
            offline: true,
            ..NetConfig::default()
        });
        let err = fetcher.get("https://example.com/feed.xml").unwrap_err();
        assert!(matches!(err, NetError::Offline { .. }), "{err}");
        assert!(fetcher.client.get().is_none(), "no client was built");
        // Even a URL podgloss would refuse anyway is refused for being offline first.
        assert!(matches!(
            fetcher.get("ftp://example.com/x").unwrap_err(),
            NetError::Offline { .. }
        ));
    }

    #[test]
    fn truthy_values() {
        for yes in ["1", "true", "YES", "on"] {
            assert!(is_truthy(yes), "{yes}");
        }
        for no in ["", "0", "false", "No", "off"] {
            assert!(!is_truthy(no), "{no}");
        }
    }

    #[test]
    fn figures_read_well() {
        assert_eq!(seconds(Duration::from_secs(60)), "60 s");
        assert_eq!(seconds(Duration::from_millis(300)), "0.3 s");
        assert_eq!(megabytes(50_000_000), "50 MB");
        assert_eq!(megabytes(1234), "1234-byte");
    }
}

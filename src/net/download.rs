//! Streaming a large body (an episode's audio) to a file through the same gate as every other
//! fetch: `http`/`https` only, redirects checked by hand, offline refused before a socket opens.
//! Unlike [`Fetcher::get`] the body never sits in memory: it is appended to a `.part` file, and a
//! later call resumes it with an HTTP `Range` request, so a cut connection costs nothing already
//! received.

use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{CONTENT_RANGE, CONTENT_TYPE, LOCATION, RANGE};

use super::{
    Fetcher, NetError, Url, deepest_cause, follow, megabytes, redirect, seconds, status_text,
};
use crate::formats::text::sanitize_line;

/// What a download may be.
pub struct DownloadRequest<'a> {
    pub url: &'a str,
    /// Bytes are appended here; an existing file is resumed.
    pub part: &'a Path,
    /// The largest file accepted.
    pub max_bytes: u64,
    /// From the first request to the last byte.
    pub timeout: Duration,
    /// Decides from the `Content-Type` whether the body is wanted; `Err` is the reason not.
    pub accept: &'a dyn Fn(Option<&str>) -> Result<(), String>,
}

/// A download that reached its end.
#[derive(Debug, Clone)]
pub struct Downloaded {
    pub url: Url,
    pub content_type: Option<String>,
    pub bytes: u64,
    /// Bytes that were already in the `.part` file.
    pub resumed_from: u64,
}

/// Progress: bytes in the file so far, and the total when the server said it.
pub type OnProgress<'a> = &'a mut dyn FnMut(u64, Option<u64>);

impl Fetcher {
    /// Downloads `request.url` into `request.part`, resuming what is there.
    pub fn download(
        &self,
        request: &DownloadRequest<'_>,
        progress: OnProgress<'_>,
    ) -> Result<Downloaded, NetError> {
        let shown = sanitize_line(request.url);
        if self.config.offline {
            return Err(NetError::Offline { url: shown });
        }
        let url = redirect::parse_http_url(request.url).map_err(|reason| NetError::BadUrl {
            url: shown.clone(),
            reason,
        })?;
        let have = std::fs::metadata(request.part).map_or(0, |m| m.len());
        let deadline = Instant::now() + request.timeout;
        match self.download_from(request, &shown, url.clone(), have, deadline, progress) {
            // The part file does not fit what the server has now: start over, once.
            Err(Restart) if have > 0 => {
                let _ = std::fs::remove_file(request.part);
                self.download_from(request, &shown, url, 0, deadline, progress)
                    .map_err(|Restart| NetError::Failed {
                        url: shown.clone(),
                        message: "the server refused the range request".into(),
                    })?
            }
            Err(Restart) => Err(NetError::Failed {
                url: shown,
                message: "the server refused the range request".into(),
            }),
            Ok(result) => result,
        }
    }

    fn download_from(
        &self,
        request: &DownloadRequest<'_>,
        shown: &str,
        url: Url,
        have: u64,
        deadline: Instant,
        progress: OnProgress<'_>,
    ) -> Result<Result<Downloaded, NetError>, Restart> {
        let response = match self.open_download(shown, url, have, deadline) {
            Ok(response) => response,
            Err(e) => return Ok(Err(e)),
        };
        let (mut response, final_url) = response;
        let status = response.status();
        if status == StatusCode::RANGE_NOT_SATISFIABLE {
            return Err(Restart);
        }
        if !status.is_success() {
            return Ok(Err(NetError::Status {
                url: shown.to_string(),
                status: status_text(status),
            }));
        }
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(sanitize_line);
        if let Err(reason) = (request.accept)(content_type.as_deref()) {
            return Ok(Err(NetError::Failed {
                url: shown.to_string(),
                message: reason,
            }));
        }
        // 206 continues the part file; 200 means the server sends everything again.
        let start = if status == StatusCode::PARTIAL_CONTENT {
            match content_range_start(response.headers().get(CONTENT_RANGE)) {
                Some(start) if start == have => have,
                _ => return Err(Restart),
            }
        } else {
            0
        };
        let total = response.content_length().map(|rest| start + rest);
        let too_large = || NetError::TooLarge {
            url: shown.to_string(),
            limit: megabytes(request.max_bytes),
        };
        if total.is_some_and(|total| total > request.max_bytes) {
            return Ok(Err(too_large()));
        }
        let written = append_body(
            &mut response,
            request.part,
            start,
            request.max_bytes,
            deadline,
            &mut |n| progress(n, total),
        );
        let ended = match written {
            Ok(bytes) if total.is_some_and(|total| bytes < total) => Err(Append::Short(bytes)),
            other => other,
        };
        Ok(ended
            .map(|bytes| Downloaded {
                url: final_url,
                content_type,
                bytes,
                resumed_from: start,
            })
            .map_err(|e| append_error(e, shown, request, total)))
    }

    /// Sends the GET (with `Range` when resuming), following checked redirects.
    fn open_download(
        &self,
        shown: &str,
        mut current: Url,
        have: u64,
        deadline: Instant,
    ) -> Result<(reqwest::blocking::Response, Url), NetError> {
        let client = self.client(shown)?;
        let origin = current.clone();
        for _ in 0..=self.config.max_redirects {
            let remaining = deadline.saturating_duration_since(Instant::now());
            let mut builder = client.get(current.clone()).timeout(remaining);
            if have > 0 {
                builder = builder.header(RANGE, format!("bytes={have}-"));
            }
            let response = builder.send().map_err(|e| self.request_error(shown, &e))?;
            if !response.status().is_redirection() {
                return Ok((response, current));
            }
            let Some(location) = response.headers().get(LOCATION) else {
                return Ok((response, current));
            };
            // The one redirect rule of every fetch: http(s) only, and nowhere the first URL
            // could not have led (a link-local metadata address, say).
            current = follow(shown, &origin, &current, location.as_bytes())?;
        }
        Err(NetError::TooManyRedirects {
            url: shown.to_string(),
            max: self.config.max_redirects,
            last: sanitize_line(current.as_str()),
        })
    }
}

/// The part file and the server disagree; the caller starts over.
struct Restart;

enum Append {
    /// The body ended before its declared length; the bytes in the part file.
    Short(u64),
    TooLarge,
    TimedOut,
    /// The error and the part file's length when it came.
    Read(std::io::Error, u64),
    Write(std::io::Error),
}

/// The user's sentence for a body that did not arrive whole.
fn append_error(
    error: Append,
    shown: &str,
    request: &DownloadRequest<'_>,
    total: Option<u64>,
) -> NetError {
    let failed = |message: String| NetError::Failed {
        url: shown.to_string(),
        message,
    };
    match error {
        Append::Short(bytes) => failed(format!(
            "the connection ended after {bytes} of {} bytes",
            total.unwrap_or_default()
        )),
        Append::TooLarge => {
            // Over the cap, a part file would only be resumed into the same refusal.
            let _ = std::fs::remove_file(request.part);
            NetError::TooLarge {
                url: shown.to_string(),
                limit: megabytes(request.max_bytes),
            }
        }
        Append::TimedOut => NetError::Timeout {
            url: shown.to_string(),
            after: seconds(request.timeout),
        },
        Append::Read(e, length) => failed(format!(
            "the connection broke after {length} bytes ({})",
            deepest_cause(&e)
        )),
        Append::Write(e) => failed(format!("{}: cannot write: {e}", request.part.display())),
    }
}

/// `bytes 400-999/1000` -> 400.
fn content_range_start(value: Option<&reqwest::header::HeaderValue>) -> Option<u64> {
    let text = value?.to_str().ok()?.trim();
    let range = text.strip_prefix("bytes ")?;
    range.split('-').next()?.trim().parse().ok()
}

/// Appends the body to `part` (truncated to `start` first); returns the file's length at the end.
fn append_body(
    body: &mut impl Read,
    part: &Path,
    start: u64,
    max_bytes: u64,
    deadline: Instant,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, Append> {
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .open(part)
        .map_err(Append::Write)?;
    file.set_len(start).map_err(Append::Write)?;
    std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(start)).map_err(Append::Write)?;
    let mut length = start;
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        if Instant::now() >= deadline {
            let _ = file.sync_all();
            return Err(Append::TimedOut);
        }
        let n = match body.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                // What arrived is kept for the next attempt.
                let _ = file.sync_all();
                return Err(Append::Read(e, length));
            }
        };
        if length + n as u64 > max_bytes {
            return Err(Append::TooLarge);
        }
        file.write_all(&chunk[..n]).map_err(Append::Write)?;
        length += n as u64;
        progress(length);
    }
    file.sync_all().map_err(Append::Write)?;
    Ok(length)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_content_range() {
        let value = reqwest::header::HeaderValue::from_static("bytes 400-999/1000");
        assert_eq!(content_range_start(Some(&value)), Some(400));
        let bad = reqwest::header::HeaderValue::from_static("items 1-2");
        assert_eq!(content_range_start(Some(&bad)), None);
        assert_eq!(content_range_start(None), None);
    }
}

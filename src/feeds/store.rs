//! `feeds.toml` in the library: the feeds followed, one `[[feed]]` table each, with what the
//! last update learnt (the server's validators for a conditional GET, the items already seen).
//! A plain file the user may edit; it is read whole and written atomically, never over a change
//! made since it was read, and unknown keys are ignored on reading.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::formats::text::sanitize_line;
use crate::fsutil::{ReadState, save_unless_changed};
use crate::library::Library;
use crate::net::Validators;

pub const FILE_NAME: &str = "feeds.toml";

const HEADER: &str = "# The feeds podgloss follows: `podgloss feeds add URL`, `feeds remove URL`, \
`feeds update`.\n# `seen` lists the episodes already looked at; delete it to look at a feed afresh.\n\n";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedsFile {
    #[serde(default, rename = "feed", skip_serializing_if = "Vec::is_empty")]
    pub feeds: Vec<FollowedFeed>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowedFeed {
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Episodes without a transcript are passed over silently.
    #[serde(skip_serializing_if = "is_false")]
    pub transcripts_only: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// When the feed was last read or found unchanged (`YYYY-MM-DD HH:MM UTC`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<String>,
    /// The items looked at so far, by guid (else enclosure, link or title). `None` until the
    /// feed is first read: that first look records the back catalogue instead of importing it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seen: Option<Vec<String>>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl FollowedFeed {
    pub fn new(url: &str) -> FollowedFeed {
        FollowedFeed {
            url: url.to_string(),
            ..FollowedFeed::default()
        }
    }

    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
        }
    }

    /// The name to show: the feed's title, else its URL.
    pub fn name(&self) -> String {
        sanitize_line(self.title.as_deref().unwrap_or(&self.url))
    }
}

impl FeedsFile {
    pub fn path(library: &Library) -> PathBuf {
        library.root.join(FILE_NAME)
    }

    /// Reads `feeds.toml`; no file is no feeds.
    pub fn load(library: &Library) -> Result<FeedsFile> {
        Ok(Self::load_to_change(library)?.0)
    }

    /// [`FeedsFile::load`], with what the file held, for [`FeedsFile::save`].
    pub fn load_to_change(library: &Library) -> Result<(FeedsFile, ReadState)> {
        let path = Self::path(library);
        let bytes = match crate::fsutil::read_regular(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((FeedsFile::default(), ReadState::of(None)));
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        let read = ReadState::of(Some(&bytes));
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::io(
                &path,
                std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()),
            )
        })?;
        let file =
            Self::parse(&text).map_err(|(line, message)| Error::parse(&path, line, message))?;
        Ok((file, read))
    }

    /// Parses the file's text; errors are `(line, message)`.
    pub fn parse(text: &str) -> Result<FeedsFile, (usize, String)> {
        let file: FeedsFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1)
                .unwrap_or(0);
            (line, e.message().to_string())
        })?;
        if let Some(bad) = file.feeds.iter().find(|f| !is_http_url(&f.url)) {
            return Err((
                0,
                format!(
                    "[[feed]] url {:?}: not an http(s) URL",
                    sanitize_line(&bad.url)
                ),
            ));
        }
        Ok(file)
    }

    /// Writes the file, unless it changed on disk since it was `read` (the user may edit it
    /// while an update runs): then the user's file stays and this version goes beside it.
    pub fn save(&self, library: &Library, read: ReadState) -> Result<()> {
        let path = Self::path(library);
        let body = toml::to_string(self).map_err(|e| Error::user(format!("{FILE_NAME}: {e}")))?;
        save_unless_changed(&path, format!("{HEADER}{body}").as_bytes(), read)
    }

    /// The followed feed whose URL is `url` (compared without scheme, `www.` or trailing `/`).
    pub fn position(&self, url: &str) -> Option<usize> {
        let key = url_key(url);
        self.feeds.iter().position(|f| url_key(&f.url) == key)
    }

    /// Follows `feed` unless it is followed already; true when it was added.
    pub fn add(&mut self, feed: FollowedFeed) -> bool {
        if self.position(&feed.url).is_some() {
            return false;
        }
        self.feeds.push(feed);
        true
    }
}

pub fn is_http_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && lower.len() > 8
}

fn url_key(url: &str) -> String {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.trim_end_matches('/').to_string()
}

/// Now, as `YYYY-MM-DD HH:MM UTC`.
pub fn now_utc() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    let minute_of_day = seconds % 86_400 / 60;
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        minute_of_day / 60,
        minute_of_day % 60
    )
}

/// Days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm; std has no calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_keeps_state() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::new(dir.path());
        assert_eq!(FeedsFile::load(&library).unwrap(), FeedsFile::default());
        let mut file = FeedsFile::default();
        assert!(file.add(FollowedFeed {
            title: Some("A show".into()),
            etag: Some("\"v1\"".into()),
            seen: Some(vec!["guid-1".into()]),
            ..FollowedFeed::new("https://example.com/feed.xml")
        }));
        assert!(!file.add(FollowedFeed::new("http://www.example.com/feed.xml/")));
        file.save(&library, ReadState::of(None)).unwrap();
        let text = std::fs::read_to_string(FeedsFile::path(&library)).unwrap();
        assert!(text.starts_with("# The feeds podgloss follows"), "{text}");
        assert_eq!(FeedsFile::load(&library).unwrap(), file);
    }

    #[test]
    fn an_edit_made_while_podgloss_worked_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::new(dir.path());
        let path = FeedsFile::path(&library);
        std::fs::write(&path, "[[feed]]\nurl = \"https://example.com/a.xml\"\n").unwrap();
        let (mut file, read) = FeedsFile::load_to_change(&library).unwrap();
        file.add(FollowedFeed::new("https://example.com/b.xml"));
        // The user adds a feed by hand while, say, `feeds update` runs.
        let theirs = "[[feed]]\nurl = \"https://example.com/a.xml\"\n\n[[feed]]\nurl = \"https://example.com/mine.xml\"\n";
        std::fs::write(&path, theirs).unwrap();
        let error = file.save(&library, read).unwrap_err().to_string();
        assert!(error.contains("feeds.toml changed on disk"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
        let copy = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .find(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("feeds.podgloss-conflict-")
            })
            .expect("podgloss's version is kept beside it");
        let ours = std::fs::read_to_string(copy.path()).unwrap();
        assert!(
            ours.contains("b.xml") && !ours.contains("mine.xml"),
            "{ours}"
        );
        // Read again, the same change goes through.
        let (mut file, read) = FeedsFile::load_to_change(&library).unwrap();
        file.add(FollowedFeed::new("https://example.com/b.xml"));
        file.save(&library, read).unwrap();
        assert_eq!(FeedsFile::load(&library).unwrap().feeds.len(), 3);
    }

    #[test]
    fn bad_files_name_the_line() {
        let (line, message) = FeedsFile::parse("[[feed]]\nurl = \"x\nseen = 1\n").unwrap_err();
        assert_eq!(line, 2, "{message}");
        let (_, message) =
            FeedsFile::parse("[[feed]]\nurl = \"file:///etc/passwd\"\n").unwrap_err();
        assert!(message.contains("not an http(s) URL"), "{message}");
    }

    #[test]
    fn calendar_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_810), (2024, 3, 28));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}

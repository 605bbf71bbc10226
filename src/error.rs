//! The library's one error type. Every variant that concerns a file carries its path (and line,
//! where there is one) so that the binary can print `path:line: what is wrong`.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file's content could not be read as what it should be.
    #[error("{}", located(path, *line, message))]
    Parse {
        path: PathBuf,
        /// 1-based; 0 when the problem is not tied to a line.
        line: usize,
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", shown(path))]
    Io { path: PathBuf, source: io::Error },
    /// The user asked for something that cannot be done (unknown episode, name clash, ...).
    #[error("{0}")]
    User(String),
    /// An operating-system error with no file to name (a terminal, a pipe, a thread).
    #[error("{0}")]
    System(#[from] io::Error),
    /// The search index failed (tantivy), with its own reason.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// JSON that could not be read or written.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A TOML document that could not be read.
    #[error("TOML: {}", .0.message())]
    Toml(#[from] toml::de::Error),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn parse(path: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Error::Parse {
            path: path.into(),
            line,
            message: message.into(),
        }
    }

    pub fn user(message: impl Into<String>) -> Self {
        Error::User(message.into())
    }

    /// True when the error is only a closed output pipe, which is not a failure (`podgloss list | head` is a normal use).
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Io { source, .. } | Error::System(source) => {
                source.kind() == io::ErrorKind::BrokenPipe
            }
            _ => false,
        }
    }
}

/// Maps a parser's error onto the file it came from.
pub fn in_file(path: &Path, error: crate::formats::ParseError) -> Error {
    Error::parse(path, error.line, error.message)
}

fn located(path: &Path, line: usize, message: &str) -> String {
    if line > 0 {
        format!("{}:{line}: {message}", shown(path))
    } else {
        format!("{}: {message}", shown(path))
    }
}

/// A path as the user wants to read it: relative to the current directory when it lies below it.
pub fn shown(path: &Path) -> ShownPath<'_> {
    ShownPath(path)
}

pub struct ShownPath<'a>(&'a Path);

impl fmt::Display for ShownPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let relative = std::env::current_dir()
            .ok()
            .and_then(|cwd| self.0.strip_prefix(&cwd).ok().map(Path::to_path_buf));
        match relative {
            Some(rel) if !rel.as_os_str().is_empty() => write!(f, "{}", rel.display()),
            _ => write!(f, "{}", self.0.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_name_file_and_line() {
        let e = Error::parse("/nonexistent/x.vtt", 12, "timing line: bad");
        assert_eq!(e.to_string(), "/nonexistent/x.vtt:12: timing line: bad");
        let e = Error::parse("/nonexistent/x.vtt", 0, "empty");
        assert_eq!(e.to_string(), "/nonexistent/x.vtt: empty");
    }
}

#[cfg(test)]
mod typed_tests {
    use super::*;

    fn fails_with_io() -> Result<()> {
        Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))?;
        Ok(())
    }

    fn fails_with_json() -> Result<serde_json::Value> {
        Ok(serde_json::from_str("{")?)
    }

    #[test]
    fn sources_convert_with_question_mark_and_keep_their_kind() {
        let error = fails_with_io().unwrap_err();
        assert!(matches!(error, Error::System(_)));
        assert!(error.is_broken_pipe());
        let error = fails_with_json().unwrap_err();
        assert!(matches!(error, Error::Json(_)), "{error:?}");
        assert!(error.to_string().starts_with("JSON: "));
        let error: Error = toml::from_str::<toml::Value>("a = ").unwrap_err().into();
        assert!(matches!(error, Error::Toml(_)));
        // Parse errors name the file and line; user messages stay as written.
        assert_eq!(
            Error::parse("/nowhere/x.vtt", 3, "bad cue").to_string(),
            "/nowhere/x.vtt:3: bad cue"
        );
        assert_eq!(
            Error::user("no such episode").to_string(),
            "no such episode"
        );
    }
}

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

    /// True when the error is only a closed output pipe, which is not a failure (SPEC §8).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
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

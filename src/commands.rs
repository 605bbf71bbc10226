//! One module per command. Each takes the resolved [`Context`] and a writer, and returns whether
//! it found something (exit code 0) or not (exit code 1).

pub mod audio;
pub mod chapters;
pub(crate) mod editor;
pub mod export;
pub mod feeds;
pub mod glossary;
pub mod glossary_export;
pub mod import;
pub mod index;
pub mod list;
pub mod notes;
pub mod search;
pub mod show;
pub(crate) mod sync;

use std::io::IsTerminal;

use crate::cli::ColorChoice;
use crate::library::Library;

/// Settings resolved from flags and the environment before any work starts.
#[derive(Debug, Clone)]
pub struct Context {
    pub library: Library,
    /// Whether to write ANSI styles to standard output.
    pub color: bool,
    /// Whether standard error is a terminal (progress bars).
    pub stderr_is_terminal: bool,
}

impl Context {
    pub fn new(library: Library, choice: ColorChoice) -> Self {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        Context {
            library,
            color,
            stderr_is_terminal: std::io::stderr().is_terminal(),
        }
    }
}

/// What a command tells `main` about its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Found,
    NothingFound,
}

impl Outcome {
    /// `Found` when the command had something to show, `NothingFound` (exit code 1) otherwise.
    pub fn found_if(found: bool) -> Outcome {
        if found {
            Outcome::Found
        } else {
            Outcome::NothingFound
        }
    }
}

/// Minimal ANSI styling for command output; empty strings when colour is off.
pub struct Style {
    on: bool,
}

impl Style {
    pub fn new(on: bool) -> Self {
        Style { on }
    }
    pub fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }
    pub fn dim(&self, text: &str) -> String {
        self.wrap("2", text)
    }
    pub fn cyan(&self, text: &str) -> String {
        self.wrap("36", text)
    }
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            // Styled text is cleaned first, so the only escapes in styled output are these.
            let text = crate::formats::text::terminal_text(text, false);
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

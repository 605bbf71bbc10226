//! podgloss: an offline terminal reader for annotated podcast transcripts.
//!
//! Everything lives in this library; the binary (`src/main.rs`) parses arguments, resolves the
//! library, dispatches to [`commands`] and maps errors to exit codes.

pub mod audio;
pub mod cli;
pub mod commands;
pub(crate) mod error;
pub mod export;
pub(crate) mod feeds;
pub mod formats;
pub(crate) mod fsutil;
pub mod glossary;
pub mod import;
pub(crate) mod launch;
pub mod library;
pub mod model;
pub(crate) mod net;
pub mod notes;
pub mod player;
pub mod search;
pub mod tui;
pub(crate) mod words;

pub use error::{Error, Result};

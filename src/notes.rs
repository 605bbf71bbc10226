//! The reader's notes (SPEC §4): `transcripts/<slug>/notes.md`, Markdown or plain text written in
//! any editor, read into notes with their anchors, links, questions and URLs.
//!
//! Everything here is pure: [`parse_notes`] reads text, and the only two writes podgloss ever
//! makes to a notes file, [`append_note`] and [`pin_anchor`], are text-to-text functions that
//! leave every existing byte in place. Reading and writing the file (atomically, SPEC §9) is the
//! caller's business.
//!
//! - [`parse`]: which Markdown blocks are notes, and each note's byte range and text;
//! - [`anchor`]: times and ranges in a note (`1:10:00`, `70:00`, `1:10:00-1:22:00`, `[1:10:00]`);
//! - [`links`]: wiki links (`[[residual stream|the stream]]`) and URLs;
//! - [`questions`]: question sentences and the candidate terms they ask about;
//! - [`edit`]: appending a note, pinning an anchor.
//!
//! Coordinates: a [`Note`]'s `range` and `text_range` are byte ranges in the file; every span
//! inside a note ([`TimeRef::span`], [`WikiLink::span`], [`Question::span`]) is a byte range in
//! [`Note::text`], so `note.text_range.start + span.start` is its place in the file.

pub(crate) mod anchor;
pub mod auto_anchor;
pub(crate) mod edit;
pub(crate) mod library;
pub(crate) mod line;
pub(crate) mod links;
pub mod parse;
pub(crate) mod questions;
pub mod view;
pub(crate) mod wanted;

use std::ops::Range;

use serde::Serialize;

pub use anchor::{Anchor, TimeRef};
pub use edit::{append_note, pin_anchor};
pub use links::WikiLink;
pub use parse::parse_notes;
pub use questions::Question;
pub use wanted::{WantedPlace, WantedTerm, wanted};

/// A parsed notes file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotesFile {
    pub notes: Vec<Note>,
    /// Every `http(s)` URL in the file, in order of first appearance, without duplicates: the
    /// episode's page or video, by which `notes import` finds the episode.
    pub urls: Vec<String>,
}

/// One note: a top-level list item or paragraph of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Position among the file's notes, from 0.
    pub index: usize,
    /// The 1-based line the note starts on.
    pub line: usize,
    /// The whole block in the file, list marker included, trailing whitespace excluded. This is
    /// the range [`pin_anchor`] takes.
    pub range: Range<usize>,
    /// Where [`Note::text`] sits in the file: `range` without the list marker.
    pub text_range: Range<usize>,
    /// The note's Markdown source as written, list marker stripped.
    pub text: String,
    /// The list marker as written (`-`, `*`, `+`, `1.`, `3)`), `None` for a paragraph.
    pub marker: Option<String>,
    /// The text of the latest heading above the note, if any.
    pub section: Option<String>,
    /// The first time or range in the note.
    pub anchor: Option<TimeRef>,
    /// The note's later times: links the reader can follow.
    pub times: Vec<TimeRef>,
    pub links: Vec<WikiLink>,
    pub questions: Vec<Question>,
    /// The note's URLs, in order, without duplicates.
    pub urls: Vec<String>,
}

impl Note {
    /// Every term the note's questions ask about, in order, without duplicates.
    pub fn asked_terms(&self) -> Vec<&str> {
        let mut terms: Vec<&str> = Vec::new();
        for term in self.questions.iter().flat_map(|q| &q.terms) {
            if !terms.contains(&term.as_str()) {
                terms.push(term);
            }
        }
        terms
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod properties;

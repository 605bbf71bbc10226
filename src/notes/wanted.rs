//! Wanted terms: what the notes ask about that the glossary does not define. One pass over the
//! library, so `podgloss glossary wanted`, the Library's Wanted column and the Glossary screen
//! always agree.

use serde::Serialize;

use super::library::EpisodeNotes;
use super::view::NoteView;
use crate::error::Error;
use crate::glossary::Glossary;
use crate::library::{Episode, EpisodeEntry, Library};
use crate::model::time::format_time;

/// One place a wanted term is asked about: a note's question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WantedPlace {
    pub episode: String,
    /// The note's number within its episode, from 1.
    pub note: usize,
    /// Where the note sits in the episode (`1:12:34`), when it has a place.
    pub time: Option<String>,
    pub question: String,
}

/// A term asked about with no glossary entry, and every place it is asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WantedTerm {
    pub term: String,
    pub asked: Vec<WantedPlace>,
}

/// Every wanted term of the library, most asked first, and the episodes that could not be read.
pub fn wanted(library: &Library, glossary: &Glossary) -> (Vec<WantedTerm>, Vec<Error>) {
    let mut terms: Vec<WantedTerm> = Vec::new();
    let mut problems = Vec::new();
    for entry in library.scan().episodes {
        match wanted_in(&entry, glossary) {
            Ok(places) => {
                for (term, place) in places {
                    match terms.iter_mut().find(|t| t.term == term) {
                        Some(found) => found.asked.push(place),
                        None => terms.push(WantedTerm {
                            term,
                            asked: vec![place],
                        }),
                    }
                }
            }
            Err(e) => problems.push(e),
        }
    }
    terms.sort_by(|a, b| {
        b.asked
            .len()
            .cmp(&a.asked.len())
            .then_with(|| a.term.cmp(&b.term))
    });
    (terms, problems)
}

/// The wanted terms one episode's notes ask about, with where. Which question words make a
/// term is decided against the episode's own vocabulary and the glossary (see
/// [`super::view::view_notes`]), so the transcript is read whenever the notes ask anything.
pub fn wanted_in(
    entry: &EpisodeEntry,
    glossary: &Glossary,
) -> crate::error::Result<Vec<(String, WantedPlace)>> {
    let Some(notes) = EpisodeNotes::read(entry)? else {
        return Ok(Vec::new());
    };
    if notes
        .file
        .notes
        .iter()
        .all(|note| note.questions.is_empty())
    {
        return Ok(Vec::new());
    }
    let views: Vec<NoteView> = notes.views(&Episode::load(entry)?, glossary);
    let mut found = Vec::new();
    for view in &views {
        let start = view.placement.start();
        for question in &view.note.questions {
            for term in &question.terms {
                let unknown = view
                    .asks
                    .iter()
                    .any(|t| &t.text == term && t.entry.is_none());
                if unknown {
                    found.push((
                        term.clone(),
                        WantedPlace {
                            episode: entry.slug.clone(),
                            note: view.note.index + 1,
                            time: start.map(format_time),
                            question: question.sentence.clone(),
                        },
                    ));
                }
            }
        }
    }
    Ok(found)
}

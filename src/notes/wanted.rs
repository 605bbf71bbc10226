//! Wanted terms: what the notes ask about that the glossary does not define. One pass over the
//! library, so `podgloss glossary wanted`, the Library's Wanted column and the Glossary screen
//! always agree.

use serde::Serialize;

use super::Note;
use super::library::EpisodeNotes;
use super::questions::vocabulary::Vocabulary;
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

/// The wanted terms one episode's notes ask about, with where. A term counts only if the
/// episode says it (see [`Vocabulary`]), as the notes pane and `podgloss notes` decide, so the
/// transcript is read when a note asks about a term the glossary does not know.
pub fn wanted_in(
    entry: &EpisodeEntry,
    glossary: &Glossary,
) -> crate::error::Result<Vec<(String, WantedPlace)>> {
    let Some(notes) = EpisodeNotes::read(entry)? else {
        return Ok(Vec::new());
    };
    let asks_unknown = |note: &Note| {
        note.questions
            .iter()
            .flat_map(|q| &q.terms)
            .any(|t| glossary.find(t).is_none())
    };
    if !notes.file.notes.iter().any(asks_unknown) {
        return Ok(Vec::new());
    }
    let episode = Episode::load(entry)?;
    let candidates = notes
        .file
        .notes
        .iter()
        .flat_map(|n| &n.questions)
        .flat_map(|q| &q.terms)
        .map(String::as_str);
    let vocabulary = Vocabulary::new(candidates, &episode.paragraphs);
    // Placing untimed notes costs a pass over the transcript: only when one asks.
    let untimed_asks = notes
        .file
        .notes
        .iter()
        .any(|n| n.anchor.is_none() && asks_unknown(n));
    let views: Option<Vec<NoteView>> = untimed_asks.then(|| notes.views(&episode, glossary));
    let mut found = Vec::new();
    for note in &notes.file.notes {
        let start = match &views {
            Some(views) => views.get(note.index).and_then(|v| v.placement.start()),
            None => note.anchor.as_ref().map(|a| a.time.start()),
        };
        for question in &note.questions {
            // A phrase holding a glossary term ("paged attention") is still wanted when the
            // episode says it; the vocabulary decides, as it does for the notes pane.
            for term in question.terms.iter().filter(|t| glossary.find(t).is_none()) {
                let Some(resolved) = vocabulary.resolve(term, glossary) else {
                    continue;
                };
                if resolved.entry.is_some() {
                    continue;
                }
                found.push((
                    resolved.text,
                    WantedPlace {
                        episode: entry.slug.clone(),
                        note: note.index + 1,
                        time: start.map(format_time),
                        question: question.sentence.clone(),
                    },
                ));
            }
        }
    }
    Ok(found)
}

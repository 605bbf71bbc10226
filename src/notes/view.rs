//! A note as the reader shows it: its anchor (exact, `~auto` with a confidence, or none), the
//! glossary terms it links (wiki links and terms that merely occur in it), and the terms it
//! asks about, each known to the glossary or *wanted* (SPEC §4).

use serde::Serialize;

use super::auto_anchor::{CONFIDENCE_THRESHOLD, PassageIndex};
use super::{Anchor, Note, NotesFile};
use crate::glossary::Glossary;
use crate::model::{Millis, Paragraph};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Placement {
    /// A time written in the note.
    Exact {
        start: Millis,
        end: Option<Millis>,
    },
    /// Placed by the words it shares with the transcript.
    Auto {
        start: Millis,
        paragraph: usize,
        confidence: f32,
    },
    None,
}

impl Placement {
    pub fn start(&self) -> Option<Millis> {
        match self {
            Placement::Exact { start, .. } | Placement::Auto { start, .. } => Some(*start),
            Placement::None => None,
        }
    }

    /// Whether the note belongs at `time`: its range covers it, or it starts in the paragraph
    /// `[time, paragraph_end)`.
    pub fn covers(&self, start: Millis, end: Millis) -> bool {
        match self {
            Placement::Exact {
                start: a,
                end: Some(b),
            } => *a < end && *b > start,
            Placement::Exact {
                start: a,
                end: None,
            }
            | Placement::Auto { start: a, .. } => (start..end.max(start + 1)).contains(a),
            Placement::None => false,
        }
    }
}

/// A glossary term a note links or asks about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermRef {
    /// As written in the note (or asked).
    pub text: String,
    /// The glossary entry's term, when there is one.
    pub entry: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteView {
    pub note: Note,
    pub placement: Placement,
    /// Terms linked with `[[...]]` or mentioned, in order, each once.
    pub links: Vec<TermRef>,
    /// Terms the note's questions ask about.
    pub asks: Vec<TermRef>,
}

impl NoteView {
    /// The question terms without a glossary entry.
    pub fn wanted(&self) -> impl Iterator<Item = &str> {
        self.asks
            .iter()
            .filter(|t| t.entry.is_none())
            .map(|t| t.text.as_str())
    }
}

/// Annotates every note of a file against its episode's paragraphs and the glossary.
pub fn view_notes(
    notes: &NotesFile,
    paragraphs: &[Paragraph],
    glossary: &Glossary,
) -> Vec<NoteView> {
    let mut passages = None;
    notes
        .notes
        .iter()
        .map(|note| {
            let placement = match &note.anchor {
                Some(time) => match time.time {
                    Anchor::At(start) => Placement::Exact { start, end: None },
                    Anchor::Range(start, end) => Placement::Exact {
                        start,
                        end: Some(end),
                    },
                },
                None => {
                    let index = passages.get_or_insert_with(|| PassageIndex::new(paragraphs));
                    match index.place(&note.text, paragraphs, Some(glossary)) {
                        Some(auto) if auto.confidence >= CONFIDENCE_THRESHOLD => Placement::Auto {
                            start: auto.time,
                            paragraph: auto.paragraph,
                            confidence: auto.confidence,
                        },
                        _ => Placement::None,
                    }
                }
            };
            NoteView {
                links: links(note, glossary),
                asks: asks(note, glossary),
                note: note.clone(),
                placement,
            }
        })
        .collect()
}

fn links(note: &Note, glossary: &Glossary) -> Vec<TermRef> {
    let mut found: Vec<TermRef> = Vec::new();
    let mut push = |text: &str, entry: Option<String>| {
        let key = entry.clone().unwrap_or_else(|| text.to_lowercase());
        let seen = found
            .iter()
            .any(|t| t.entry.clone().unwrap_or_else(|| t.text.to_lowercase()) == key);
        if !seen {
            found.push(TermRef {
                text: text.to_string(),
                entry,
            });
        }
    };
    for link in &note.links {
        push(
            &link.term,
            glossary.find(&link.term).map(|e| e.term.clone()),
        );
    }
    for mention in glossary.mentions(&note.text) {
        if let Some(text) = note.text.get(mention.range.clone()) {
            push(text, Some(glossary.entries()[mention.entry].term.clone()));
        }
    }
    found
}

/// A question term is known when the glossary has it, or when it contains a glossary term
/// ("recursive intelligence explosion" asks about "intelligence explosion").
fn asks(note: &Note, glossary: &Glossary) -> Vec<TermRef> {
    let mut asked: Vec<TermRef> = Vec::new();
    for term in note.questions.iter().flat_map(|q| &q.terms) {
        if asked.iter().any(|t| &t.text == term) {
            continue;
        }
        let entry = glossary
            .find(term)
            .or_else(|| {
                glossary
                    .mentions(term)
                    .first()
                    .map(|m| &glossary.entries()[m.entry])
            })
            .map(|e| e.term.clone());
        asked.push(TermRef {
            text: term.clone(),
            entry,
        });
    }
    asked
}

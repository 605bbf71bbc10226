//! A note as the reader shows it: its anchor (exact, `~auto` with a confidence, or none), the
//! glossary terms it links (wiki links and terms that merely occur in it), and the terms it
//! asks about, each known to the glossary or *wanted* (SPEC §4).

use serde::Serialize;

use super::auto_anchor::{CONFIDENCE_THRESHOLD, NoteText, PassageIndex};
use super::questions::vocabulary::Vocabulary;
use super::{Anchor, Note, NotesFile};
use crate::glossary::{Glossary, phrase_key};
use crate::model::{Millis, Paragraph, paragraph_at_anchor};

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
    /// The paragraph the note is drawn on: the one holding its written time, read to the second
    /// ([`paragraph_at_anchor`]), or the one auto-anchoring chose. `None` when unplaced.
    pub fn paragraph(&self, paragraphs: &[Paragraph]) -> Option<usize> {
        match self {
            Placement::Exact { start, .. } => paragraph_at_anchor(paragraphs, *start),
            Placement::Auto { paragraph, .. } => Some(*paragraph),
            Placement::None => None,
        }
    }

    /// Whether this is an auto-anchor too unsure to trust without a look: the reader lists it
    /// with the unplaced notes.
    pub fn is_guess(&self) -> bool {
        matches!(self, Placement::Auto { confidence, .. } if *confidence < CONFIDENCE_THRESHOLD)
    }

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
    let placements = place_untimed(notes, paragraphs, glossary);
    let candidates = notes
        .notes
        .iter()
        .flat_map(|n| &n.questions)
        .flat_map(|q| &q.terms)
        .map(String::as_str);
    let vocabulary = Vocabulary::new(candidates, paragraphs);
    notes
        .notes
        .iter()
        .zip(placements)
        .map(|(note, placement)| NoteView {
            links: links(note, glossary),
            asks: asks(note, glossary, &vocabulary),
            note: note.clone(),
            placement,
        })
        .collect()
}

/// Every note's placement: its own time, or where the words of all the untimed notes, taken
/// together in their order, put it.
fn place_untimed(
    notes: &NotesFile,
    paragraphs: &[Paragraph],
    glossary: &Glossary,
) -> Vec<Placement> {
    let texts: Vec<NoteText> = notes
        .notes
        .iter()
        .map(|note| match &note.anchor {
            Some(time) => NoteText::Timed(time.time.start()),
            None => NoteText::Words(&note.text),
        })
        .collect();
    let auto = if texts.iter().any(|t| matches!(t, NoteText::Words(_))) {
        PassageIndex::new(paragraphs).place_all(&texts, paragraphs, Some(glossary))
    } else {
        vec![None; texts.len()]
    };
    notes
        .notes
        .iter()
        .zip(auto)
        .map(|(note, auto)| match (&note.anchor, auto) {
            (Some(time), _) => match time.time {
                Anchor::At(start) => Placement::Exact { start, end: None },
                Anchor::Range(start, end) => Placement::Exact {
                    start,
                    end: Some(end),
                },
            },
            (None, Some(auto)) => Placement::Auto {
                start: auto.time,
                paragraph: auto.paragraph,
                confidence: auto.confidence,
            },
            (None, None) => Placement::None,
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

/// The terms a note's questions ask about, each resolved against the episode's words and the
/// glossary ([`Vocabulary::resolve`]), each once: a term asked twice, or in two spellings of one
/// entry, is listed once.
fn asks(note: &Note, glossary: &Glossary, vocabulary: &Vocabulary) -> Vec<TermRef> {
    let mut asked: Vec<TermRef> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for term in note.questions.iter().flat_map(|q| &q.terms) {
        let Some(resolved) = vocabulary.resolve(term, glossary) else {
            continue;
        };
        let key = match &resolved.entry {
            Some(entry) => format!("entry:{entry}"),
            None => phrase_key(&resolved.text).unwrap_or_else(|| resolved.text.clone()),
        };
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        asked.push(TermRef {
            text: resolved.text,
            entry: resolved.entry,
        });
    }
    asked
}

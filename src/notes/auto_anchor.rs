//! Auto-anchoring (SPEC §4): notes without a time are placed at the passages of their episode that
//! best match their words, all notes of a file at once.
//!
//! Each note is scored against short passages of the transcript by BM25, with glossary terms,
//! numbers and speakers' names weighted up and only the note's rarest words counting
//! ([`PassageIndex::evidence`]). Notes are written in listening order, so the placements are then
//! chosen jointly ([`align`]): a monotone alignment of notes to passages by dynamic programming,
//! where a note that goes back against the order pays a heavy toll. A weak note between two
//! confident ones thus lands between them, and a strong match earlier in the episode wins only
//! when it is much stronger than anything later.
//!
//! Every note the episode discusses is placed, with a confidence in 0..1 (below
//! [`CONFIDENCE_THRESHOLD`] it is a guess worth checking); a note is left unplaced only when the
//! episode does not discuss it: no passage says a telling part of it.
//!
//! Hand-written rather than a query against the tantivy index: it runs over one episode's few
//! hundred paragraphs, needs its own passage windows, scores for every passage and a confidence
//! the index's scores cannot give, and must work before any index exists. It cuts words with
//! search's analyzer ([`crate::words`]) so words match the way search matches them.

mod align;

use std::collections::HashMap;

use tantivy::tokenizer::TextAnalyzer;

use crate::glossary::Glossary;
use crate::model::{Millis, Paragraph};
use crate::words::{stems, telling_words_analyzer};

/// Below this, an auto-anchor is a guess: placed, but listed among the notes to check.
pub const CONFIDENCE_THRESHOLD: f32 = 0.35;
/// A note whose best passage covers less than this share of its telling vocabulary is about
/// something the episode does not discuss.
const DISCUSSED_COVERAGE: f32 = 0.2;
/// A placement less sure than this, all evidence and the order of the notes around it counted,
/// is not made: the note is about something else (a preface about the listener, not the talk).
const PLACED_CONFIDENCE: f32 = 0.1;
/// A passage grows paragraph by paragraph until it has this many words...
const PASSAGE_WORDS: usize = 60;
/// ...or this many paragraphs.
const PASSAGE_PARAGRAPHS: usize = 4;
/// How much more a word that belongs to a glossary term counts.
const GLOSSARY_WEIGHT: f32 = 4.0;
/// How much more a number (`2007`, `500`) counts: listeners note figures because they stand out.
const NUMBER_WEIGHT: f32 = 1.5;
/// How much more a speaker's name counts when the note names one of the episode's speakers.
const SPEAKER_WEIGHT: f32 = 1.5;
/// A note longer than this many words is placed by its opening sentences.
const OPENING_WORDS: usize = 20;
/// How much more a note's first word counts than its last (the bonus falls off linearly).
const EARLY_BONUS: f32 = 1.0;
/// How many of a note's words (the rarest in the episode, weighted words first) place it.
const TELLING_WORDS: usize = 8;
/// Passages closer than this to the best one are the same stretch of conversation, not a rival.
const SAME_STRETCH_MS: Millis = 4 * 60 * 1000;
const BM25_K1: f32 = 1.2;
const BM25_B: f32 = 0.75;

/// Where a note was placed, and how sure the placement is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AutoAnchor {
    /// The paragraph (index into the episode's paragraphs) where the passage's match starts.
    pub paragraph: usize,
    pub time: Millis,
    pub confidence: f32,
}

/// One note as the alignment sees it.
#[derive(Debug, Clone, Copy)]
pub enum NoteText<'a> {
    /// A note with a time written in it: a fixed point of the listening order.
    Timed(Millis),
    /// A note to place by its words.
    Words(&'a str),
}

/// One episode's passages, tokenized once, ready to place any number of notes.
pub struct PassageIndex {
    analyzer: TextAnalyzer,
    passages: Vec<Passage>,
    /// Stem -> number of passages containing it.
    document_frequency: HashMap<String, u32>,
    average_length: f32,
    /// Stems of the speakers' names (`jim`, `baker`), which passages carry for who speaks.
    speaker_stems: Vec<String>,
    /// Whether the paragraphs carry no times (plain text): then distance is in paragraphs.
    untimed: bool,
}

struct Passage {
    first_paragraph: usize,
    start: Millis,
    /// Stem -> (count, first paragraph holding it).
    terms: HashMap<String, (u32, usize)>,
    length: u32,
}

/// What one note's words say about every passage.
pub(crate) struct Evidence {
    /// Per passage: the BM25 score scaled by how much of the note's telling vocabulary the
    /// passage covers; 0 where it shares nothing.
    pub score: Vec<f32>,
    /// Per passage: the share (0..1) of the telling vocabulary it covers.
    pub coverage: Vec<f32>,
    /// Per passage: the first paragraph where one of the note's words occurs.
    pub landing: Vec<usize>,
    /// The best score anywhere.
    pub best: f32,
}

/// Whether a stem is a figure worth noting: two digits or more (`2007`, `500`, `150k`).
fn is_number(stem: &str) -> bool {
    stem.chars().filter(char::is_ascii_digit).count() >= 2
}

/// The opening of a long note: its first sentences, up to about [`OPENING_WORDS`] words; the
/// whole of a short one.
fn opening(note: &str) -> &str {
    let limit = OPENING_WORDS;
    let mut words = 0;
    let mut in_word = false;
    for (at, c) in note.char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
        }
        let sentence_end = matches!(c, '.' | '?' | '!' | ':' | ';')
            && note[at + c.len_utf8()..].starts_with(char::is_whitespace);
        if words >= limit && sentence_end {
            return &note[..at + c.len_utf8()];
        }
        if words >= limit * 2 {
            return &note[..at];
        }
    }
    note
}

/// The note with its URLs blanked: an address locates nothing in the conversation.
fn without_urls(note: &str) -> String {
    note.split_whitespace()
        .filter(|w| !w.contains("://") && !w.starts_with("www."))
        .collect::<Vec<_>>()
        .join(" ")
}

impl PassageIndex {
    pub fn new(paragraphs: &[Paragraph]) -> PassageIndex {
        let mut analyzer = telling_words_analyzer();
        let mut speaker_stems: Vec<String> = Vec::new();
        let tokenized: Vec<Vec<String>> = paragraphs
            .iter()
            .map(|p| {
                let mut words = stems(&mut analyzer, &p.text);
                // Who speaks is part of what a passage is about ("Jim's first draft").
                if let Some(speaker) = &p.speaker {
                    for stem in stems(&mut analyzer, speaker) {
                        if !speaker_stems.contains(&stem) {
                            speaker_stems.push(stem.clone());
                        }
                        words.push(stem);
                    }
                }
                words
            })
            .collect();
        let passages: Vec<Passage> = (0..tokenized.len())
            .map(|start| passage(paragraphs, &tokenized, start))
            .collect();
        let mut document_frequency: HashMap<String, u32> = HashMap::new();
        for passage in &passages {
            for stem in passage.terms.keys() {
                *document_frequency.entry(stem.clone()).or_default() += 1;
            }
        }
        let average_length = if passages.is_empty() {
            1.0
        } else {
            passages.iter().map(|p| p.length as f32).sum::<f32>() / passages.len() as f32
        };
        PassageIndex {
            analyzer,
            passages,
            document_frequency,
            average_length: average_length.max(1.0),
            speaker_stems,
            untimed: paragraphs.iter().all(|p| p.start == 0),
        }
    }

    /// The best place for one note's text on its own, if the episode discusses it.
    pub fn place(
        &mut self,
        note: &str,
        paragraphs: &[Paragraph],
        glossary: Option<&Glossary>,
    ) -> Option<AutoAnchor> {
        self.place_all(&[NoteText::Words(note)], paragraphs, glossary)
            .pop()
            .flatten()
    }

    /// Places a file's notes jointly, in their order: `None` for timed notes and for notes the
    /// episode does not discuss.
    pub fn place_all(
        &mut self,
        notes: &[NoteText],
        paragraphs: &[Paragraph],
        glossary: Option<&Glossary>,
    ) -> Vec<Option<AutoAnchor>> {
        let evidence: Vec<Option<Evidence>> = notes
            .iter()
            .map(|note| match note {
                NoteText::Words(text) => {
                    // A long note starts where the listener was and then wanders: its opening
                    // places it, unless the opening alone says nothing the episode says.
                    let opening = opening(text);
                    let from_opening = (opening.len() < text.len())
                        .then(|| self.evidence(opening, glossary))
                        .flatten()
                        .filter(|e| self.discussed(e));
                    from_opening
                        .or_else(|| self.evidence(text, glossary).filter(|e| self.discussed(e)))
                }
                NoteText::Timed(_) => None,
            })
            .collect();
        let fixed: Vec<Option<usize>> = notes
            .iter()
            .map(|note| match note {
                NoteText::Timed(time) => Some(self.passage_at(*time)),
                NoteText::Words(_) => None,
            })
            .collect();
        // A note that is clear on its own holds its place against the order; a vague one yields.
        let weights: Vec<f32> = evidence
            .iter()
            .map(|e| {
                e.as_ref()
                    .map_or(0.0, |e| 0.3 + 0.7 * self.own_confidence(e))
            })
            .collect();
        let chosen = align::align(&self.passages, &evidence, &fixed, &weights, self.untimed);
        evidence
            .iter()
            .zip(chosen)
            .map(|(evidence, choice)| {
                let (evidence, choice) = (evidence.as_ref()?, choice?);
                let paragraph = evidence.landing[choice.passage];
                let confidence = self.confidence(evidence, choice.passage, choice.bracketed);
                // Neither its words nor its neighbours say where it goes: not about this talk.
                (confidence >= PLACED_CONFIDENCE).then(|| AutoAnchor {
                    paragraph,
                    time: paragraphs.get(paragraph).map_or(0, |p| p.start),
                    confidence,
                })
            })
            .collect()
    }

    /// The passage starting at the paragraph that holds `time`.
    fn passage_at(&self, time: Millis) -> usize {
        self.passages
            .partition_point(|p| p.start <= time)
            .saturating_sub(1)
    }

    /// The confidence of the note's best passage, ignoring its neighbours.
    fn own_confidence(&self, evidence: &Evidence) -> f32 {
        let best = evidence
            .score
            .iter()
            .position(|&s| s >= evidence.best)
            .unwrap_or(0);
        self.confidence(evidence, best, false)
    }

    /// Whether the note's best passage says a telling part of it.
    fn discussed(&self, evidence: &Evidence) -> bool {
        evidence
            .score
            .iter()
            .zip(&evidence.coverage)
            .any(|(&s, &c)| s >= evidence.best && c >= DISCUSSED_COVERAGE)
    }

    /// How sure a placement at `at` is: how much of the note the passage covers, how clearly it
    /// beats places elsewhere in the episode, and whether the notes around it agree.
    fn confidence(&self, evidence: &Evidence, at: usize, bracketed: bool) -> f32 {
        let score = evidence.score[at];
        if score <= 0.0 {
            // Placed only by the order of its neighbours.
            return if bracketed { 0.2 } else { 0.05 };
        }
        let here = &self.passages[at];
        let far = |i: usize| {
            let p = &self.passages[i];
            p.first_paragraph.abs_diff(here.first_paragraph) > PASSAGE_PARAGRAPHS
                && (self.untimed || p.start.abs_diff(here.start) > SAME_STRETCH_MS)
        };
        let runner_up = (0..self.passages.len())
            .filter(|&i| far(i))
            .map(|i| evidence.score[i])
            .fold(0.0f32, f32::max);
        let distinctness = (1.0 - runner_up / score).max(0.0);
        let local = evidence.coverage[at].min(1.0) * (0.6 + 0.4 * distinctness);
        if bracketed {
            local + (1.0 - local) * 0.25
        } else {
            local
        }
    }

    /// The note's score against every passage, or `None` when no passage shares a telling word.
    pub(crate) fn evidence(&mut self, note: &str, glossary: Option<&Glossary>) -> Option<Evidence> {
        let weights = self.query_weights(&without_urls(note), glossary);
        if weights.is_empty() || self.passages.is_empty() {
            return None;
        }
        let count = self.passages.len() as f32;
        let idf = |df: u32| ((count - df as f32 + 0.5) / (df as f32 + 0.5) + 1.0).ln();
        // Only the note's most telling words that the episode ever says can place it: a long
        // note rambles, and words the episode never uses locate nothing.
        let mut telling: Vec<(String, f32, f32)> = weights
            .into_iter()
            .filter_map(|(stem, w)| {
                let df = self.document_frequency.get(&stem).copied()?;
                Some((stem, w, idf(df)))
            })
            .collect();
        telling.sort_by(|a, b| (b.1 * b.2).total_cmp(&(a.1 * a.2)));
        telling.truncate(TELLING_WORDS);
        // What a passage holding every telling word would cover: the yardstick for coverage.
        let possible: f32 = telling.iter().map(|(_, w, idf)| w * idf).sum();
        if possible <= 0.0 {
            return None;
        }
        let mut evidence = Evidence {
            score: vec![0.0; self.passages.len()],
            coverage: vec![0.0; self.passages.len()],
            landing: self.passages.iter().map(|p| p.first_paragraph).collect(),
            best: 0.0,
        };
        for (i, passage) in self.passages.iter().enumerate() {
            let (mut score, mut covered) = (0.0, 0.0);
            let mut landing = usize::MAX;
            let norm =
                BM25_K1 * (1.0 - BM25_B + BM25_B * passage.length as f32 / self.average_length);
            for (stem, weight, term_idf) in &telling {
                if let Some(&(tf, first)) = passage.terms.get(stem) {
                    let tf = tf as f32;
                    score += weight * term_idf * tf * (BM25_K1 + 1.0) / (tf + norm);
                    covered += weight * term_idf;
                    landing = landing.min(first);
                }
            }
            if score > 0.0 {
                // Coordination: a passage saying more of the note's telling words is a better
                // place than one repeating a single common word.
                let coverage = covered / possible;
                evidence.score[i] = score * coverage;
                evidence.coverage[i] = coverage;
                // Land on the first paragraph of the passage that says one of the note's words.
                evidence.landing[i] = landing;
                evidence.best = evidence.best.max(score * coverage);
            }
        }
        (evidence.best > 0.0).then_some(evidence)
    }

    /// The note's stems with their weights: 1, or more for words inside a glossary term or
    /// alias the note mentions, for numbers and for the speakers' names.
    fn query_weights(&mut self, note: &str, glossary: Option<&Glossary>) -> Vec<(String, f32)> {
        let mut weights: Vec<(String, f32)> = Vec::new();
        let mut add = |stem: String, weight: f32| match weights.iter_mut().find(|(s, _)| *s == stem)
        {
            Some(existing) => existing.1 = existing.1.max(weight),
            None => weights.push((stem, weight)),
        };
        let note_stems = stems(&mut self.analyzer, note);
        let count = note_stems.len().max(1) as f32;
        for (at, stem) in note_stems.into_iter().enumerate() {
            let kind = if is_number(&stem) {
                NUMBER_WEIGHT
            } else if self.speaker_stems.contains(&stem) {
                SPEAKER_WEIGHT
            } else {
                1.0
            };
            // A note starts where the listener was: its first words say where it belongs more
            // than the thoughts it wanders into.
            let early = 1.0 + EARLY_BONUS * (1.0 - at as f32 / count);
            add(stem, kind * early);
        }
        if let Some(glossary) = glossary {
            for mention in glossary.matcher().find_all(note) {
                let Some(words) = note.get(mention.range.clone()) else {
                    continue;
                };
                for stem in stems(&mut self.analyzer, words) {
                    add(stem, GLOSSARY_WEIGHT);
                }
            }
        }
        weights
    }
}

/// The passage that starts at paragraph `start`: it grows until it has enough words.
fn passage(paragraphs: &[Paragraph], tokenized: &[Vec<String>], start: usize) -> Passage {
    let mut terms: HashMap<String, (u32, usize)> = HashMap::new();
    let mut length = 0;
    let mut words = 0;
    for (offset, paragraph) in tokenized[start..].iter().enumerate() {
        if offset >= PASSAGE_PARAGRAPHS || (offset > 0 && words >= PASSAGE_WORDS) {
            break;
        }
        for stem in paragraph {
            terms.entry(stem.clone()).or_insert((0, start + offset)).0 += 1;
        }
        length += paragraph.len() as u32;
        words += paragraphs[start + offset].word_count();
    }
    Passage {
        first_paragraph: start,
        start: paragraphs[start].start,
        terms,
        length,
    }
}

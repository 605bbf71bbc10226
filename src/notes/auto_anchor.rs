//! Auto-anchoring (SPEC §4): a note without a time is placed at the passage of its episode that
//! best matches its words, by BM25 over short passages of the transcript, with glossary terms
//! weighted up. A confidence in 0..1 says how much of the note's vocabulary the passage carries
//! and how clearly it beats the next best place; below [`CONFIDENCE_THRESHOLD`] the note stays
//! unanchored.
//!
//! Hand-written rather than a query against the tantivy index: it runs over one episode's few
//! hundred paragraphs, needs its own passage windows and a confidence the index's scores cannot
//! give, and must work before any index exists. It uses tantivy's English analyzer so words
//! match the way search matches them.

use std::collections::HashMap;

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
};

use crate::glossary::Glossary;
use crate::model::{Millis, Paragraph};

/// Below this, an auto-anchor is not offered.
pub const CONFIDENCE_THRESHOLD: f32 = 0.35;
/// A passage grows paragraph by paragraph until it has this many words...
const PASSAGE_WORDS: usize = 60;
/// ...or this many paragraphs.
const PASSAGE_PARAGRAPHS: usize = 4;
/// How much more a word that belongs to a glossary term counts.
const GLOSSARY_WEIGHT: f32 = 2.5;
/// How many of a note's words (the rarest in the episode, glossary words first) place it.
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

/// One episode's passages, tokenized once, ready to place any number of notes.
pub struct PassageIndex {
    analyzer: TextAnalyzer,
    passages: Vec<Passage>,
    /// Stem -> number of passages containing it.
    document_frequency: HashMap<String, u32>,
    average_length: f32,
}

struct Passage {
    first_paragraph: usize,
    start: Millis,
    /// Stem -> (count, first paragraph holding it).
    terms: HashMap<String, (u32, usize)>,
    length: u32,
}

/// Tokens as search sees them, minus English stop words.
fn analyzer() -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser);
    match StopWordFilter::new(Language::English) {
        Some(stop_words) => builder
            .filter_dynamic(stop_words)
            .filter_dynamic(Stemmer::new(Language::English))
            .build(),
        None => builder.filter(Stemmer::new(Language::English)).build(),
    }
}

fn stems(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

impl PassageIndex {
    pub fn new(paragraphs: &[Paragraph]) -> PassageIndex {
        let mut analyzer = analyzer();
        let tokenized: Vec<Vec<String>> = paragraphs
            .iter()
            .map(|p| stems(&mut analyzer, &p.text))
            .collect();
        let mut passages = Vec::new();
        for start in 0..tokenized.len() {
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
            passages.push(Passage {
                first_paragraph: start,
                start: paragraphs[start].start,
                terms,
                length,
            });
        }
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
        }
    }

    /// The best place for a note's text, if any passage shares words with it. The confidence
    /// decides whether to use it ([`CONFIDENCE_THRESHOLD`]).
    pub fn place(
        &mut self,
        note: &str,
        paragraphs: &[Paragraph],
        glossary: Option<&Glossary>,
    ) -> Option<AutoAnchor> {
        let weights = self.query_weights(note, glossary);
        let transcript_untimed = paragraphs.iter().all(|p| p.start == 0);
        if weights.is_empty() || self.passages.is_empty() {
            return None;
        }
        let count = self.passages.len() as f32;
        let idf = |df: u32| ((count - df as f32 + 0.5) / (df as f32 + 0.5) + 1.0).ln();
        // Only the note's most telling words that the episode ever says can place it: a long
        // note rambles, and words the episode never uses locate nothing.
        let mut telling: Vec<(String, f32)> = weights
            .into_iter()
            .filter_map(|(stem, w)| {
                let df = self.document_frequency.get(&stem).copied()?;
                Some((stem, w * idf(df)))
            })
            .collect();
        telling.sort_by(|a, b| b.1.total_cmp(&a.1));
        telling.truncate(TELLING_WORDS);
        let weights: Vec<(String, f32)> = telling
            .iter()
            .map(|(stem, weighted)| (stem.clone(), weighted / idf(self.document_frequency[stem])))
            .collect();
        // What a passage holding every telling word would cover: the yardstick for coverage.
        let possible: f32 = telling.iter().map(|(_, weighted)| weighted).sum();
        let mut scored: Vec<(f32, f32, usize)> = Vec::new();
        for (i, passage) in self.passages.iter().enumerate() {
            let (mut score, mut covered) = (0.0, 0.0);
            let norm =
                BM25_K1 * (1.0 - BM25_B + BM25_B * passage.length as f32 / self.average_length);
            for (stem, weight) in &weights {
                if let Some(&(tf, _)) = passage.terms.get(stem) {
                    let term_idf = idf(self.document_frequency[stem]);
                    let tf = tf as f32;
                    score += weight * term_idf * tf * (BM25_K1 + 1.0) / (tf + norm);
                    covered += weight * term_idf;
                }
            }
            if score > 0.0 {
                // Coordination: a passage saying more of the note's telling words is a better
                // place than one repeating a single common word.
                scored.push((score * covered / possible.max(f32::EPSILON), covered, i));
            }
        }
        let &(best_score, best_covered, best) = scored
            .iter()
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.2.cmp(&a.2)))?;
        let best_passage = &self.passages[best];
        // The runner-up elsewhere in the episode, not in the same stretch of conversation.
        let far = |i: usize| {
            let p = &self.passages[i];
            p.first_paragraph.abs_diff(best_passage.first_paragraph) > PASSAGE_PARAGRAPHS
                && (transcript_untimed || p.start.abs_diff(best_passage.start) > SAME_STRETCH_MS)
        };
        let runner_up = scored
            .iter()
            .filter(|(_, _, i)| far(*i))
            .map(|(s, _, _)| *s)
            .fold(0.0f32, f32::max);
        let coverage = (best_covered / possible.max(f32::EPSILON)).min(1.0);
        let distinctness = 1.0 - runner_up / best_score;
        let confidence = coverage * (0.6 + 0.4 * distinctness);
        // Land on the first paragraph of the passage that says one of the note's words.
        let paragraph = weights
            .iter()
            .filter_map(|(stem, _)| best_passage.terms.get(stem).map(|&(_, p)| p))
            .min()
            .unwrap_or(best_passage.first_paragraph);
        Some(AutoAnchor {
            paragraph,
            time: paragraphs.get(paragraph).map_or(0, |p| p.start),
            confidence,
        })
    }

    /// The note's stems with their weights: 1, or [`GLOSSARY_WEIGHT`] for words inside a
    /// glossary term or alias the note mentions.
    fn query_weights(&mut self, note: &str, glossary: Option<&Glossary>) -> Vec<(String, f32)> {
        let mut weights: Vec<(String, f32)> = Vec::new();
        let mut add = |stem: String, weight: f32| match weights.iter_mut().find(|(s, _)| *s == stem)
        {
            Some(existing) => existing.1 = existing.1.max(weight),
            None => weights.push((stem, weight)),
        };
        for stem in stems(&mut self.analyzer, note) {
            add(stem, 1.0);
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

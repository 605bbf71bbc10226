//! Finding words in the open episode (`/`, `n`, `N`): every paragraph holding all the query's
//! words (and phrases, as consecutive words), compared as stems by the analyzer search uses
//! ([`crate::words`]) so that the reader finds what library search finds. The matched words'
//! byte ranges are kept for highlighting.

use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

use crate::model::Paragraph;
use crate::words::{analyzer, stems, stems_with_ranges as tokens};

#[derive(Debug, Clone, Default)]
pub struct EpisodeSearch {
    pub query: String,
    /// Paragraphs with a match, in order, with the ranges to highlight.
    pub hits: Vec<(usize, Vec<Range<usize>>)>,
}

/// The query as groups of stems: a word is a group of one, a quoted phrase a longer group.
fn groups(analyzer: &mut TextAnalyzer, query: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (i, part) in query.split('"').enumerate() {
        let stems: Vec<String> = stems(analyzer, part);
        if i % 2 == 1 {
            if !stems.is_empty() {
                out.push(stems);
            }
        } else {
            out.extend(stems.into_iter().map(|s| vec![s]));
        }
    }
    out
}

impl EpisodeSearch {
    pub fn new(query: &str, paragraphs: &[Paragraph]) -> EpisodeSearch {
        let mut analyzer = analyzer();
        let wanted = groups(&mut analyzer, query);
        let mut hits = Vec::new();
        if !wanted.is_empty() {
            for (index, paragraph) in paragraphs.iter().enumerate() {
                let found = tokens(&mut analyzer, &paragraph.text);
                let mut ranges = Vec::new();
                let all = wanted.iter().all(|group| {
                    let before = ranges.len();
                    for start in 0..found.len() {
                        let end = start + group.len();
                        if end <= found.len()
                            && found[start..end]
                                .iter()
                                .zip(group)
                                .all(|((s, _), g)| s == g)
                        {
                            ranges.push(found[start].1.start..found[end - 1].1.end);
                        }
                    }
                    ranges.len() > before
                });
                if all {
                    ranges.sort_by_key(|r| r.start);
                    hits.push((index, ranges));
                }
            }
        }
        EpisodeSearch {
            query: query.to_string(),
            hits,
        }
    }

    pub fn ranges_in(&self, paragraph: usize) -> &[Range<usize>] {
        self.hits
            .binary_search_by_key(&paragraph, |(p, _)| *p)
            .map(|i| self.hits[i].1.as_slice())
            .unwrap_or(&[])
    }

    /// The first hit after paragraph `current` (wrapping to the first), with its first range.
    pub fn next_after(&self, current: usize) -> Option<(usize, usize)> {
        self.hits
            .iter()
            .find(|(p, _)| *p > current)
            .or(self.hits.first())
            .map(|(p, r)| (*p, r.first().map_or(0, |r| r.start)))
    }

    /// The last hit before paragraph `current` (wrapping to the last).
    pub fn previous_before(&self, current: usize) -> Option<(usize, usize)> {
        self.hits
            .iter()
            .rev()
            .find(|(p, _)| *p < current)
            .or(self.hits.last())
            .map(|(p, r)| (*p, r.first().map_or(0, |r| r.start)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Paragraph;

    fn paragraph(text: &str) -> Paragraph {
        Paragraph {
            start: 0,
            end: 0,
            speaker: None,
            text: text.into(),
            segments: 0..1,
            offsets: vec![0],
        }
    }

    #[test]
    fn finds_words_and_phrases_by_stem() {
        let paragraphs = [
            paragraph("The residual stream carries everything."),
            paragraph("Streams of residual noise."),
            paragraph("Nothing here."),
        ];
        let search = EpisodeSearch::new("\"residual stream\"", &paragraphs);
        assert_eq!(search.hits.len(), 1);
        assert_eq!(search.ranges_in(0).first(), Some(&(4..19)));
        let search = EpisodeSearch::new("streams residual", &paragraphs);
        assert_eq!(search.hits.len(), 2);
        assert_eq!(search.ranges_in(1), [0..7, 11..19]);
        assert_eq!(search.next_after(0), Some((1, 0)));
        assert_eq!(search.next_after(1), Some((0, 4)));
        assert_eq!(search.previous_before(0), Some((1, 0)));
        assert!(EpisodeSearch::new("\"", &paragraphs).hits.is_empty());
    }
}

//! Running a query: ranked hits, each with its episode, the time of the segment the match is in
//! (not just the paragraph start), speaker, chapter, and a snippet with the matched words marked.

use std::ops::Range;

use serde::Serialize;
use tantivy::TantivyDocument;
use tantivy::collector::TopDocs;
use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;

use super::index::{SearchIndex, index_error};
use super::schema::unpack_marks;
use crate::error::Result;

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 180;

/// What a hit is in: a transcript paragraph, a note, or a glossary entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    #[default]
    Transcript,
    Note,
    Glossary,
}

impl HitKind {
    /// The kind as the index stores it (unknown text reads as a transcript).
    pub fn from_stored(text: &str) -> HitKind {
        match text {
            super::schema::KIND_NOTE => HitKind::Note,
            super::schema::KIND_GLOSSARY => HitKind::Glossary,
            _ => HitKind::Transcript,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            HitKind::Transcript => super::schema::KIND_TRANSCRIPT,
            HitKind::Note => super::schema::KIND_NOTE,
            HitKind::Glossary => super::schema::KIND_GLOSSARY,
        }
    }
}

impl std::fmt::Display for HitKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Comparisons with the stored names (`hit.kind == "glossary"`) keep reading naturally.
impl PartialEq<str> for HitKind {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for HitKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub kind: HitKind,
    /// The episode slug; empty for glossary entries.
    pub episode: String,
    /// The episode title, or the glossary term.
    pub title: String,
    pub show: Option<String>,
    pub speaker: Option<String>,
    pub chapter: Option<String>,
    /// When the matched words are spoken (the start of their segment), in milliseconds.
    pub time_ms: Option<u64>,
    /// The start of the paragraph or note the hit is in.
    pub paragraph_start_ms: Option<u64>,
    /// Which paragraph (or note) of the episode.
    pub ordinal: u64,
    pub score: f32,
    pub snippet: String,
    /// Byte ranges of `snippet` holding matched words.
    pub highlights: Vec<Range<usize>>,
}

/// The size of the index, for `podgloss index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexStats {
    pub documents: u64,
    pub segments: usize,
}

impl SearchIndex {
    /// The best `limit` hits for a query as typed. A query that does not parse is an error
    /// carrying the reason (`bad query "…": …`), so a caller never needs tantivy's types.
    pub fn query(&self, input: &str, mode: super::query::Mode, limit: usize) -> Result<Vec<Hit>> {
        let compiled = self.compile(input, mode)?;
        self.search(compiled.as_ref(), limit)
    }

    /// How many documents a query as typed matches, all of them (not only the best few).
    pub fn count(&self, input: &str, mode: super::query::Mode) -> Result<usize> {
        let compiled = self.compile(input, mode)?;
        self.reader
            .searcher()
            .search(compiled.as_ref(), &tantivy::collector::Count)
            .map_err(|e| index_error(std::path::Path::new(".podgloss/index"), e))
    }

    /// How many documents and segments the index holds.
    pub fn stats(&self) -> IndexStats {
        let searcher = self.reader.searcher();
        IndexStats {
            documents: searcher.num_docs(),
            segments: searcher.segment_readers().len(),
        }
    }

    fn compile(&self, input: &str, mode: super::query::Mode) -> Result<Box<dyn Query>> {
        super::query::compile(input, mode, &self.fields, self.index.tokenizers())
            .map_err(|e| crate::error::Error::user(format!("bad query {input:?}: {e}")))
    }

    /// The best `limit` documents for `query`.
    fn search(&self, query: &dyn Query, limit: usize) -> Result<Vec<Hit>> {
        let path = std::path::Path::new(".podgloss/index");
        let searcher = self.reader.searcher();
        let top = searcher
            .search(query, &TopDocs::with_limit(limit.max(1)).order_by_score())
            .map_err(|e| index_error(path, e))?;
        let snippets =
            super::snippets::generator(&searcher, query, self.fields.text, SNIPPET_CHARS)
                .map_err(|e| index_error(path, e))?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let document: TantivyDocument =
                searcher.doc(address).map_err(|e| index_error(path, e))?;
            hits.push(self.hit(&document, score, &snippets));
        }
        // A query of filters only scores every document alike: show those in reading order.
        if hits.windows(2).all(|w| w[0].score == w[1].score) {
            hits.sort_by(|a, b| (&a.episode, a.time_ms).cmp(&(&b.episode, b.time_ms)));
        }
        Ok(hits)
    }

    fn hit(&self, document: &TantivyDocument, score: f32, snippets: &SnippetGenerator) -> Hit {
        let f = &self.fields;
        let text_of = |field| {
            document
                .get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let u64_of = |field| document.get_first(field).and_then(|v| v.as_u64());
        let text = text_of(f.text).unwrap_or_default();
        let snippet = snippets.snippet(&text);
        let fragment_start = snippet.fragment_range().start;
        let paragraph_start_ms = u64_of(f.start);
        let marks = document
            .get_first(f.marks)
            .and_then(|v| v.as_bytes())
            .map(unpack_marks)
            .unwrap_or_default();
        let time_ms = match snippet.highlighted().first() {
            Some(first) => {
                let offset = (fragment_start + first.start) as u32;
                marks
                    .iter()
                    .rev()
                    .find(|(start, _)| *start <= offset)
                    .map(|(_, time)| *time)
                    .or(paragraph_start_ms)
            }
            None => paragraph_start_ms,
        };
        let (snippet_text, highlights) = if snippet.fragment().is_empty() {
            (first_chars(&text, SNIPPET_CHARS), Vec::new())
        } else {
            (
                snippet.fragment().to_string(),
                snippet.highlighted().to_vec(),
            )
        };
        let kind = HitKind::from_stored(&text_of(f.kind).unwrap_or_default());
        let episode = text_of(f.episode).unwrap_or_default();
        let (title, show) = self.heading_of(kind, &episode, || text_of(f.title));
        Hit {
            kind,
            episode,
            title,
            show,
            speaker: text_of(f.speaker),
            chapter: text_of(f.chapter),
            time_ms,
            paragraph_start_ms,
            ordinal: u64_of(f.ordinal).unwrap_or(0),
            score,
            snippet: snippet_text,
            highlights,
        }
    }
}

impl SearchIndex {
    /// A hit's title and show: a glossary entry's term is stored with it; an episode's title
    /// and show are kept once per episode in the manifest, not in every paragraph.
    pub(super) fn heading_of(
        &self,
        kind: HitKind,
        episode: &str,
        stored_title: impl FnOnce() -> Option<String>,
    ) -> (String, Option<String>) {
        if kind == HitKind::Glossary {
            return (stored_title().unwrap_or_default(), None);
        }
        match self.summaries.episode(episode) {
            Some(summary) => (summary.heading.unwrap_or(summary.title), summary.show),
            None => (stored_title().unwrap_or_else(|| episode.to_string()), None),
        }
    }
}

/// The first `max` characters of `text`, cut at a word when possible.
fn first_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => {
            let head = &text[..cut];
            let cut = head.rfind(' ').filter(|&i| i > cut / 2).unwrap_or(cut);
            format!("{}…", &text[..cut])
        }
    }
}

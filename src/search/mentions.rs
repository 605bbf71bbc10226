//! Every mention of a glossary term across the library (SPEC §5, `podgloss glossary mentions`):
//! the index finds the paragraphs and notes that may hold one of the entry's names, and the
//! glossary's own matcher confirms each mention and locates it exactly, so the count agrees with
//! what the reader underlines.

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::index::{SearchIndex, index_error};
use super::schema::{KIND_GLOSSARY, TEXT_TOKENIZER, unpack_marks};
use crate::error::Result;
use crate::glossary::{EntryId, Glossary};

/// Characters of context on each side of a mention.
const CONTEXT_CHARS: usize = 70;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionHit {
    /// `transcript` or `note`.
    pub kind: String,
    pub episode: String,
    pub title: String,
    pub speaker: Option<String>,
    pub time_ms: Option<u64>,
    /// The words around the mention; `highlight` is the mention's byte range in it.
    pub snippet: String,
    pub highlight: std::ops::Range<usize>,
}

impl SearchIndex {
    /// Every mention of glossary entry `entry` in transcripts and notes, in episode and time
    /// order.
    pub fn mentions(&self, glossary: &Glossary, entry: EntryId) -> Result<Vec<MentionHit>> {
        let path = std::path::Path::new(".podgloss/index");
        let Some(wanted) = glossary.get(entry) else {
            return Ok(Vec::new());
        };
        let query = self.any_name_query(wanted.names());
        let searcher = self.reader.searcher();
        let limit = (searcher.num_docs() as usize).max(1);
        let candidates = searcher
            .search(&query, &TopDocs::with_limit(limit).order_by_score())
            .map_err(|e| index_error(path, e))?;
        let f = &self.fields;
        let mut hits = Vec::new();
        for (_, address) in candidates {
            let document: TantivyDocument =
                searcher.doc(address).map_err(|e| index_error(path, e))?;
            let text_of = |field| {
                document
                    .get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let kind = text_of(f.kind).unwrap_or_default();
            if kind == KIND_GLOSSARY {
                continue;
            }
            let text = text_of(f.text).unwrap_or_default();
            let marks = document
                .get_first(f.marks)
                .and_then(|v| v.as_bytes())
                .map(unpack_marks)
                .unwrap_or_default();
            let start = document.get_first(f.start).and_then(|v| v.as_u64());
            for mention in glossary.mentions(&text) {
                if glossary.mention_id(&mention) != entry {
                    continue;
                }
                let offset = mention.range.start as u32;
                let time_ms = marks
                    .iter()
                    .rev()
                    .find(|(at, _)| *at <= offset)
                    .map(|(_, time)| *time)
                    .or(start);
                let (snippet, highlight) = around(&text, mention.range.clone());
                let episode = text_of(f.episode).unwrap_or_default();
                let hit_kind = super::hits::HitKind::from_stored(&kind);
                let (title, _) = self.heading_of(hit_kind, &episode, || text_of(f.title));
                hits.push(MentionHit {
                    kind: kind.clone(),
                    episode,
                    title,
                    speaker: text_of(f.speaker),
                    time_ms,
                    snippet,
                    highlight,
                });
            }
        }
        hits.sort_by(|a, b| {
            (&a.episode, a.kind != "transcript", a.time_ms).cmp(&(
                &b.episode,
                b.kind != "transcript",
                b.time_ms,
            ))
        });
        Ok(hits)
    }

    /// Documents containing any of the names, each name as a phrase of its stems.
    fn any_name_query<'a>(&self, names: impl Iterator<Item = &'a str>) -> BooleanQuery {
        let mut analyzer = self
            .index
            .tokenizers()
            .get(TEXT_TOKENIZER)
            .unwrap_or_default();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for name in names {
            let mut stream = analyzer.token_stream(name);
            let mut terms = Vec::new();
            while let Some(token) = stream.next() {
                terms.push(Term::from_field_text(self.fields.text, &token.text));
            }
            let query: Box<dyn Query> = match terms.len() {
                0 => continue,
                1 => Box::new(TermQuery::new(terms.remove(0), IndexRecordOption::Basic)),
                _ => Box::new(PhraseQuery::new(terms)),
            };
            clauses.push((Occur::Should, query));
        }
        BooleanQuery::new(clauses)
    }
}

/// Up to [`CONTEXT_CHARS`] characters on each side of `range`, cut at words, and the range's
/// place in that snippet.
fn around(text: &str, range: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    let before_start = text[..range.start]
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS)
        .map(|(i, _)| text[i..range.start].find(' ').map_or(i, |s| i + s + 1))
        .unwrap_or(0);
    let after_end = text[range.end..]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map(|(i, _)| {
            let cut = range.end + i;
            text[range.end..cut]
                .rfind(' ')
                .map_or(cut, |s| range.end + s)
        })
        .unwrap_or(text.len());
    let prefix = if before_start > 0 { "…" } else { "" };
    let suffix = if after_end < text.len() { "…" } else { "" };
    let snippet = format!("{prefix}{}{suffix}", &text[before_start..after_end]);
    let shift = prefix.len() + range.start - before_start;
    (snippet, shift..shift + range.len())
}

#[cfg(test)]
mod tests {
    use super::around;

    #[test]
    fn context_is_cut_at_words_and_the_range_follows() {
        let text = "a ".repeat(50) + "residual stream" + &" b".repeat(50);
        let start = text.find("residual").unwrap();
        let (snippet, range) = around(&text, start..start + 15);
        assert_eq!(&snippet[range], "residual stream");
        assert!(snippet.starts_with('…') && snippet.ends_with('…'));
        let (whole, range) = around("the residual stream", 4..19);
        assert_eq!((whole.as_str(), range), ("the residual stream", 4..19));
    }
}

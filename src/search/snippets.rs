//! Snippets for hits, as tantivy's [`SnippetGenerator`] makes them, but stemming only the words
//! that could match. Making a snippet runs the whole paragraph through the analyzer to find the
//! query's terms in it, and the English stemmer was about half the time of a query: every word
//! of every hit's paragraph stemmed to compare it with two or three terms.
//!
//! A stem starts with the same letter as its word (the English Snowball stemmer only changes
//! the end of a word; the tokenizer leaves no apostrophe in front for it to remove), so a word
//! whose first letter begins none of the terms cannot match one. Such words go to the stemmer
//! as a single character no term can be, which keeps every word's place and offsets (fragment
//! bounds depend on them) and so the snippet exactly as tantivy would make it; the tests
//! compare the two.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};
use tantivy::{Score, Searcher};

/// Stands in for a word that cannot match: no term is a control character.
const NO_MATCH: &str = "\u{0}";

/// A snippet generator for `query` over `field`, scoring terms as tantivy's own does (rarer
/// terms count more).
pub fn generator(
    searcher: &Searcher,
    query: &dyn Query,
    field: Field,
    max_chars: usize,
) -> tantivy::Result<SnippetGenerator> {
    let mut terms = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term.clone());
        }
    });
    let mut scored: BTreeMap<String, Score> = BTreeMap::new();
    for term in &terms {
        let value = term.value();
        let Some(text) = value.as_str() else {
            continue;
        };
        let doc_freq = searcher.doc_freq(term)?;
        if doc_freq > 0 {
            scored.insert(text.to_string(), 1.0 / (1.0 + doc_freq as Score));
        }
    }
    let first_letters = scored.keys().filter_map(|t| t.chars().next()).collect();
    Ok(SnippetGenerator::new(
        scored,
        analyzer(first_letters),
        field,
        max_chars,
    ))
}

/// [`crate::words::analyzer`], stemming only words that begin with one of `first_letters`.
fn analyzer(first_letters: BTreeSet<char>) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(crate::words::LONGEST_WORD))
        .filter(LowerCaser)
        .filter(OnlyCandidates { first_letters })
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Replaces a lowercased word that cannot stem to a term with [`NO_MATCH`].
#[derive(Clone)]
struct OnlyCandidates {
    first_letters: BTreeSet<char>,
}

impl TokenFilter for OnlyCandidates {
    type Tokenizer<T: Tokenizer> = OnlyCandidatesFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> OnlyCandidatesFilter<T> {
        OnlyCandidatesFilter {
            inner,
            first_letters: self.first_letters,
        }
    }
}

#[derive(Clone)]
struct OnlyCandidatesFilter<T> {
    inner: T,
    first_letters: BTreeSet<char>,
}

impl<T: Tokenizer> Tokenizer for OnlyCandidatesFilter<T> {
    type TokenStream<'a> = OnlyCandidatesStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        OnlyCandidatesStream {
            tail: self.inner.token_stream(text),
            first_letters: &self.first_letters,
        }
    }
}

struct OnlyCandidatesStream<'a, T> {
    tail: T,
    first_letters: &'a BTreeSet<char>,
}

impl<T: TokenStream> TokenStream for OnlyCandidatesStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let candidate = token
            .text
            .chars()
            .next()
            .is_some_and(|c| self.first_letters.contains(&c));
        if !candidate {
            token.text.clear();
            token.text.push_str(NO_MATCH);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests;

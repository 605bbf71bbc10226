//! How text is cut into words, for everything that compares words: the search index, the
//! Reader's in-episode find and auto-anchoring of notes. One analyzer, so that a word the reader
//! finds in an episode is a word library search finds, and a note is placed by the same stems.
//!
//! It is tantivy's `en_stem` pipeline (the index registers [`analyzer`] under that name): words
//! split on non-alphanumerics, tokens over 40 bytes dropped (they are URLs and hashes, not
//! words), lower-cased, then stemmed with the English Snowball stemmer.

mod stem_cache;

use std::ops::Range;

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
};

/// The name the index's text field uses for [`analyzer`].
pub const TEXT_TOKENIZER: &str = "en_stem";

/// Longer tokens are dropped.
pub const LONGEST_WORD: usize = 40;

/// The analyzer of searchable text.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser)
        .filter(stem_cache::CachedStemmer)
        .build()
}

/// [`analyzer`] without English stop words: the words that tell one passage from another, for
/// placing a note by what it shares with the transcript.
pub fn telling_words_analyzer() -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(LONGEST_WORD))
        .filter(LowerCaser);
    match StopWordFilter::new(Language::English) {
        Some(stop_words) => builder
            .filter_dynamic(stop_words)
            .filter_dynamic(Stemmer::new(Language::English))
            .build(),
        None => builder.filter(Stemmer::new(Language::English)).build(),
    }
}

/// The stems of `text` with their byte ranges in it.
pub fn stems_with_ranges(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, Range<usize>)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push((token.text.clone(), token.offset_from..token.offset_to));
    }
    out
}

/// The stems of `text`.
pub fn stems(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    stems_with_ranges(analyzer, text)
        .into_iter()
        .map(|(stem, _)| stem)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenizerManager;

    const SAMPLE: &str = "The Residual streams, RUNNING through https://example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 2007 models";

    #[test]
    fn it_cuts_words_exactly_as_tantivys_en_stem() {
        let mut builtin = TokenizerManager::default().get(TEXT_TOKENIZER).unwrap();
        assert_eq!(
            stems_with_ranges(&mut analyzer(), SAMPLE),
            stems_with_ranges(&mut builtin, SAMPLE)
        );
        assert_eq!(
            stems(&mut analyzer(), SAMPLE),
            [
                "the", "residu", "stream", "run", "through", "https", "exampl", "com", "2007",
                "model"
            ]
        );
    }

    #[test]
    fn telling_words_drop_stop_words_only() {
        assert_eq!(
            stems(&mut telling_words_analyzer(), SAMPLE),
            [
                "residu", "stream", "run", "through", "https", "exampl", "com", "2007", "model"
            ]
        );
    }
}

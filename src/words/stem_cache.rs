//! The English Snowball stemmer with a memo of the words it has stemmed. Stemming was a fifth of
//! the CPU time of indexing a library (profiled on 1,384 episodes: `frostem` functions 19% of all
//! samples), and speech repeats a few thousand words over and over: a hash lookup per word
//! replaces most of that. The stems are tantivy's own [`Stemmer`]'s, computed by it on a miss, so
//! the index, find and anchoring cut words exactly as before.

use std::collections::HashMap;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// A memo this large holds every common word of a library several times over; past it, it is
/// emptied and refilled (a few MB at most, per analyzer in use).
const MOST_WORDS: usize = 100_000;
/// Longer tokens are stemmed each time rather than remembered (the analyzer drops tokens over
/// 40 bytes before they get here anyway).
const LONGEST_REMEMBERED: usize = 40;

/// Token filter: [`Stemmer`] for English, remembering its answers.
#[derive(Clone, Copy, Debug, Default)]
pub struct CachedStemmer;

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemmerFilter<T> {
        CachedStemmerFilter {
            inner: tokenizer,
            memo: StemMemo::new(),
        }
    }
}

#[derive(Clone)]
pub struct CachedStemmerFilter<T> {
    inner: T,
    memo: StemMemo,
}

impl<T: Tokenizer> Tokenizer for CachedStemmerFilter<T> {
    type TokenStream<'a> = CachedStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemStream {
            tail: self.inner.token_stream(text),
            memo: &mut self.memo,
        }
    }
}

pub struct CachedStemStream<'a, T> {
    tail: T,
    memo: &'a mut StemMemo,
}

impl<T: TokenStream> TokenStream for CachedStemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.memo.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Words already stemmed, and tantivy's stemmer for the others.
#[derive(Clone)]
struct StemMemo {
    stems: HashMap<Box<str>, Box<str>>,
    /// The whole text as one token, stemmed: how a word missing from the memo is stemmed.
    stemmer: TextAnalyzer,
}

impl StemMemo {
    fn new() -> StemMemo {
        StemMemo {
            stems: HashMap::new(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }

    /// Replaces `word` by its stem.
    fn stem(&mut self, word: &mut String) {
        if let Some(stem) = self.stems.get(word.as_str()) {
            if **stem != **word {
                word.clear();
                word.push_str(stem);
            }
            return;
        }
        let stem = {
            let mut stream = self.stemmer.token_stream(word);
            match stream.next() {
                Some(token) => token.text.clone(),
                None => return,
            }
        };
        if word.len() <= LONGEST_REMEMBERED {
            if self.stems.len() >= MOST_WORDS {
                self.stems.clear();
            }
            self.stems
                .insert(word.as_str().into(), stem.as_str().into());
        }
        *word = stem;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer};

    fn stems(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(format!("{}@{}", token.text, token.position));
        }
        out
    }

    #[test]
    fn remembered_stems_are_the_stemmers_own() {
        let build = |cached: bool| {
            let builder = TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser);
            if cached {
                builder.filter(CachedStemmer).build()
            } else {
                builder.filter(Stemmer::new(Language::English)).build()
            }
        };
        let (mut cached, mut plain) = (build(true), build(false));
        let text = "Running runners ran; the generalizations generalize. RUNNING again, \
                    running, caresses ponies ties caress cats feed agreed plastered";
        // Twice through the same analyzer: the second pass is answered from the memo.
        for _ in 0..2 {
            assert_eq!(stems(&mut cached, text), stems(&mut plain, text));
        }
        assert!(stems(&mut cached, "running").contains(&"run@0".to_string()));
    }

    #[test]
    fn a_full_memo_starts_again() {
        let mut memo = StemMemo::new();
        for n in 0..MOST_WORDS + 5 {
            let mut word = format!("word{n}s");
            memo.stem(&mut word);
            assert_eq!(word, format!("word{n}"));
        }
        assert!(memo.stems.len() <= MOST_WORDS);
    }
}

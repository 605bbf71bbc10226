//! The English Snowball stemmer with a memo of the words it has stemmed. Stemming was a fifth of
//! the CPU time of indexing a library (profiled on 1,384 episodes: `frostem` functions 19% of all
//! samples), and speech repeats a few thousand words over and over: a hash lookup per word
//! replaces most of that. The stems are tantivy's own [`Stemmer`]'s, computed by it on a miss, so
//! the index, find and anchoring cut words exactly as before.

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Slots in the memo (a power of two): with the most frequent words of speech in it, most
/// lookups hit; a word whose slot another holds is stemmed again, which costs what no memo costs.
const SLOTS: usize = 1 << 15;
/// Slots in the table of recent words (a power of two, at most [`SLOTS`]).
const HOT_SLOTS: usize = 1 << 10;
/// Words up to this long are remembered, in place (no pointer to chase per lookup); longer ones
/// are stemmed each time. Almost every word of speech is shorter.
const WIDTH: usize = 16;
/// Words stemmed before the memo is set up: an analyzer cut once for a query or a note never
/// allocates it.
const WARM_UP: u32 = 512;

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
struct StemMemo {
    /// A direct-mapped table: each word has one slot, chosen by its hash; a word found there
    /// is answered from it, any other replaces it. Empty until [`WARM_UP`] words were stemmed.
    slots: Vec<Slot>,
    /// The words looked up most recently, in a table small enough to stay in the CPU's nearest
    /// cache: the big one is, and a lookup there mostly waits for memory (profiled).
    hot: Vec<Slot>,
    stemmed: u32,
    /// The whole text as one token, stemmed: how a word missing from the memo is stemmed.
    stemmer: TextAnalyzer,
}

/// One remembered word and its stem, both at most [`WIDTH`] bytes.
#[derive(Clone, Copy, Default)]
struct Slot {
    word_len: u8,
    stem_len: u8,
    word: [u8; WIDTH],
    stem: [u8; WIDTH],
}

impl Slot {
    fn holds(&self, word: &str) -> bool {
        self.word_len as usize == word.len() && self.word[..word.len()] == *word.as_bytes()
    }

    /// Replaces the word this slot holds by its stem.
    fn answer(&self, word: &mut String) {
        let stem = &self.stem[..self.stem_len as usize];
        if stem != word.as_bytes() {
            // A slot holds only stems the stemmer returned as strings: valid UTF-8.
            word.clear();
            word.push_str(std::str::from_utf8(stem).unwrap_or_default());
        }
    }
}

/// A clone starts with an empty memo: tantivy clones the analyzer for every query and every
/// segment it indexes, and copying a table nobody may use would cost more than it saves.
impl Clone for StemMemo {
    fn clone(&self) -> Self {
        StemMemo::new()
    }
}

impl StemMemo {
    fn new() -> StemMemo {
        StemMemo {
            slots: Vec::new(),
            hot: Vec::new(),
            stemmed: 0,
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }

    /// Replaces `word` by its stem.
    fn stem(&mut self, word: &mut String) {
        // The Snowball English stemmer leaves words under three letters as they are.
        if word.len() <= 2 {
            return;
        }
        let slot =
            (word.len() <= WIDTH && !self.slots.is_empty()).then(|| slot_of(word.as_bytes()));
        if let Some(slot) = slot {
            let hot = slot & (HOT_SLOTS - 1);
            if self.hot[hot].holds(word) {
                self.hot[hot].answer(word);
                return;
            }
            if self.slots[slot].holds(word) {
                self.hot[hot] = self.slots[slot];
                self.slots[slot].answer(word);
                return;
            }
        }
        let stem = {
            let mut stream = self.stemmer.token_stream(word);
            match stream.next() {
                Some(token) => token.text.clone(),
                None => return,
            }
        };
        match slot {
            Some(slot) if stem.len() <= WIDTH => {
                let mut remembered = Slot {
                    word_len: word.len() as u8,
                    stem_len: stem.len() as u8,
                    ..Slot::default()
                };
                remembered.word[..word.len()].copy_from_slice(word.as_bytes());
                remembered.stem[..stem.len()].copy_from_slice(stem.as_bytes());
                self.slots[slot] = remembered;
                self.hot[slot & (HOT_SLOTS - 1)] = remembered;
            }
            _ => {
                self.stemmed = self.stemmed.saturating_add(1);
                if self.stemmed == WARM_UP {
                    self.slots = vec![Slot::default(); SLOTS];
                    self.hot = vec![Slot::default(); HOT_SLOTS];
                }
            }
        }
        *word = stem;
    }
}

/// The slot of a word of at most [`WIDTH`] bytes: its bytes as two integers, multiplied and
/// mixed (a hash that only has to spread words, never to resist chosen ones: a collision costs a
/// stemming, nothing more).
fn slot_of(word: &[u8]) -> usize {
    let mut bytes = [0u8; WIDTH];
    bytes[..word.len()].copy_from_slice(word);
    let low = u64::from_le_bytes(bytes[..8].try_into().unwrap_or_default());
    let high = u64::from_le_bytes(bytes[8..].try_into().unwrap_or_default());
    let mixed = (low ^ word.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ high.wrapping_mul(0xC2B2_AE3D_27D4_EB4F).rotate_left(29);
    (mixed.wrapping_mul(0xFF51_AFD7_ED55_8CCD) >> (64 - SLOTS.trailing_zeros())) as usize
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
    fn the_memo_is_set_up_after_warm_up_and_answers_like_the_stemmer() {
        let mut memo = StemMemo::new();
        let mut plain = TextAnalyzer::builder(RawTokenizer::default())
            .filter(Stemmer::new(Language::English))
            .build();
        let words: Vec<String> = (0..WARM_UP as usize * 4)
            .map(|n| format!("{}{}s", ["runn", "gener", "café", "x"][n % 4], n % 700))
            .chain(
                [
                    "generalizations",
                    "running",
                    "überzeugung",
                    "a",
                    "",
                    "is",
                    "é",
                    "at",
                ]
                .map(String::from),
            )
            .collect();
        for _ in 0..2 {
            for word in &words {
                let mut cut = word.clone();
                memo.stem(&mut cut);
                let expected = plain.token_stream(word).next().map(|t| t.text.clone());
                assert_eq!(Some(cut), expected.or(Some(word.clone())), "{word}");
            }
        }
        assert_eq!(memo.slots.len(), SLOTS);
        assert!(memo.clone().slots.is_empty(), "a clone starts empty");
    }
}

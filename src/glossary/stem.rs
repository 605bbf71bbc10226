//! Words and their folded forms: what glossary matching and lookup compare (SPEC §5).
//!
//! A *word* is a maximal run of alphanumeric characters (Unicode letters and digits), so
//! apostrophes, hyphens and all other punctuation separate words: "model's" is `model` + `s`,
//! "residual-stream" is `residual` + `stream`, "streaming" is one word.
//!
//! A word's *folded* form is what two words must share to be "the same word". Folding lowercases
//! and undoes English plurals with a deliberately light stemmer, written here because the
//! stemmers on crates.io (Porter, Snowball) also strip derivational and verb suffixes, which would
//! merge words a reader keeps apart. The rules, applied to each word on both sides (the glossary's
//! terms and the text):
//!
//! 1. Acronym plurals: an upper-case acronym of two or more letters or digits followed by a
//!    lower-case `s` loses the `s` ("MLPs", "KVs", "GPUs").
//! 2. Words of up to three letters are only lowercased ("gas", "its", "bus").
//! 3. A few irregular plurals map to their singular ("indices", "matrices", "vertices", "axes",
//!    "analyses", "hypotheses", "criteria", "phenomena", "corpora", ...; only those that keep the
//!    singular's first two letters, which [`prefix_key`] relies on).
//! 4. `-ies` becomes `-i` ("entries", "studies"), `-es` after a sibilant (`s`, `x`, `z`, `ch`,
//!    `sh`) is removed ("classes", "boxes", "caches", "biases"), and otherwise a final `-s` is
//!    removed unless the word ends in `-ss`, `-us` or `-is` ("loss", "corpus", "basis") or is one
//!    of a handful of singular words in `-s` ("bias", "alias", "lens", "chaos", ...).
//! 5. The singular is normalised so that it meets its plural: consonant + `y` becomes `i`
//!    ("entry" → `entri`, like "entries"), `-ie` becomes `-i` ("movie" like "movies"), and a final
//!    `e` after a sibilant goes ("cache" → `cach`, like "caches").
//!
//! Verb endings (`-ing`, `-ed`) are *not* folded: in speech they are mostly different words
//! ("streaming" is not a "stream", "heading" is not a "head", "embedded" is not an "embedding"),
//! so "stream" does not match inside "streaming" and "fine-tuned" needs its own alias to match
//! "fine-tuning". Derivations are not folded either ("polysemantic" and "polysemanticity" are two
//! words; list one as an alias of the other). A folded form is a key, not a word: `cach` and
//! `entri` are never shown.

/// Byte ranges of the words of `text`, in order.
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// Iterator returned by [`words`].
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let mut i = self.pos;
        // Skip separators.
        let start = loop {
            if i >= bytes.len() {
                self.pos = i;
                return None;
            }
            let (is_word, len) = char_at(self.text, i);
            if is_word {
                break i;
            }
            i += len;
        };
        i = start;
        while i < bytes.len() {
            let (is_word, len) = char_at(self.text, i);
            if !is_word {
                break;
            }
            i += len;
        }
        self.pos = i;
        Some((start, i))
    }
}

/// Whether the character at byte `i` is part of a word, and its length in bytes.
#[inline]
fn char_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b.is_ascii_alphanumeric(), 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (c.is_alphanumeric(), c.len_utf8())
}

/// Writes the folded form of `word` (one word, as returned by [`words`]) into `out`.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if is_acronym_plural(word) {
        out.push_str(&word[..word.len() - 1].to_ascii_lowercase());
        return;
    }
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            out.extend(c.to_lowercase());
        }
    }
    fold_suffix(out);
}

/// The folded form of `word`.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// The first two letters of a word, lowercased, as a number: folding never changes them (rules
/// 1-5 only touch the end of words of four letters or more, and every irregular plural shares
/// its first two letters with its singular), so a text word whose key no vocabulary word has
/// cannot match. `None` for words starting with a non-ASCII character, which are always folded.
pub fn prefix_key(word: &str) -> Option<u16> {
    let bytes = word.as_bytes();
    let first = *bytes.first().filter(|b| b.is_ascii())?;
    let second = match bytes.get(1) {
        None => 0,
        Some(b) if b.is_ascii() => b.to_ascii_lowercase(),
        Some(_) => return None,
    };
    Some(u16::from(first.to_ascii_lowercase()) << 8 | u16::from(second))
}

/// "MLPs", "KVs", "GPU2s": two or more upper-case ASCII letters or digits, then a lower-case `s`.
fn is_acronym_plural(word: &str) -> bool {
    let Some(stem) = word.strip_suffix('s') else {
        return false;
    };
    stem.len() >= 2
        && stem.bytes().any(|b| b.is_ascii_uppercase())
        && stem
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Irregular plurals, to their singular.
fn irregular_singular(word: &str) -> Option<&'static str> {
    Some(match word {
        "analyses" => "analysis",
        "appendices" => "appendix",
        "axes" => "axis",
        "children" => "child",
        "corpora" => "corpus",
        "crises" => "crisis",
        "criteria" => "criterion",
        "hypotheses" => "hypothesis",
        "indices" => "index",
        "matrices" => "matrix",
        "phenomena" => "phenomenon",
        "theses" => "thesis",
        "vertices" => "vertex",
        _ => return None,
    })
}

/// Singular words ending in `-s` that rule 4 would otherwise shorten, where their plural is
/// spelt differently ("bias" / "biases") or they have none.
fn is_singular_in_s(word: &str) -> bool {
    matches!(
        word,
        "alias"
            | "atlas"
            | "bias"
            | "canvas"
            | "chaos"
            | "cosmos"
            | "ethos"
            | "kudos"
            | "lens"
            | "news"
            | "pandas"
            | "whereas"
    )
}

fn fold_suffix(word: &mut String) {
    if let Some(singular) = irregular_singular(word) {
        word.clear();
        word.push_str(singular);
    }
    let n = word.len();
    if n <= 3 {
        return;
    }
    if word.ends_with("ies") && n > 4 {
        word.truncate(n - 3);
        word.push('i');
    } else if word.ends_with("es") && n - 2 >= 3 && ends_with_sibilant(&word[..n - 2]) {
        word.truncate(n - 2);
    } else if word.ends_with('s')
        && !(word.ends_with("ss") || word.ends_with("us") || word.ends_with("is"))
        && !is_singular_in_s(word)
    {
        word.truncate(n - 1);
    }
    normalize_singular(word);
}

fn ends_with_sibilant(stem: &str) -> bool {
    stem.ends_with(['s', 'x', 'z']) || stem.ends_with("ch") || stem.ends_with("sh")
}

fn normalize_singular(word: &mut String) {
    let n = word.len();
    if n <= 3 {
        return;
    }
    let bytes = word.as_bytes();
    let last = bytes[n - 1];
    let before = bytes[n - 2];
    if last == b'y' && before.is_ascii_alphabetic() && !b"aeiou".contains(&before) {
        word.truncate(n - 1);
        word.push('i');
    } else if last == b'e' && (before == b'i' || ends_with_sibilant(&word[..n - 1])) {
        word.truncate(n - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_alphanumeric_runs() {
        let text = "Residual-stream's KV caches: 1:10:00, naïve café—ok";
        let got: Vec<&str> = words(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(
            got,
            [
                "Residual", "stream", "s", "KV", "caches", "1", "10", "00", "naïve", "café", "ok"
            ]
        );
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" -- ").count(), 0);
    }

    #[test]
    fn singular_and_plural_fold_alike() {
        let same = [
            ("stream", "streams"),
            ("head", "heads"),
            ("MLP", "MLPs"),
            ("MLP", "mlps"),
            ("KV", "KVs"),
            ("cache", "caches"),
            ("entry", "entries"),
            ("movie", "movies"),
            ("class", "classes"),
            ("box", "boxes"),
            ("match", "matches"),
            ("bias", "biases"),
            ("alias", "aliases"),
            ("phrase", "phrases"),
            ("feature", "features"),
            ("value", "values"),
            ("key", "keys"),
            ("use", "uses"),
            ("case", "cases"),
            ("tie", "ties"),
            ("index", "indices"),
            ("matrix", "matrices"),
            ("analysis", "analyses"),
            ("Softmax", "softmax"),
            ("Polysemanticity", "polysemanticity"),
            ("CAFÉ", "café"),
        ];
        for (a, b) in same {
            assert_eq!(fold(a), fold(b), "{a} / {b}");
        }
    }

    #[test]
    fn different_words_stay_apart() {
        let different = [
            ("stream", "streaming"),
            ("head", "heading"),
            ("embedding", "embedded"),
            ("polysemantic", "polysemanticity"),
            ("loss", "los"),
            ("corpus", "corpu"),
            ("basis", "basi"),
            ("bias", "bia"),
        ];
        for (a, b) in different {
            assert_ne!(fold(a), fold(b), "{a} / {b}");
        }
    }

    #[test]
    fn folding_keeps_the_first_two_letters() {
        for word in [
            "KVs", "Ks", "MLPs", "a", "I", "axes", "children", "indices", "entries", "ties",
            "Uses", "Caches",
        ] {
            let lower = word.to_lowercase();
            assert_eq!(prefix_key(&fold(word)), prefix_key(&lower), "{word}");
        }
        assert_eq!(prefix_key("é"), None);
        assert_eq!(prefix_key("aé"), None);
        assert_eq!(prefix_key("A"), Some(u16::from(b'a') << 8));
    }

    #[test]
    fn short_words_are_only_lowercased() {
        for (word, want) in [("Gas", "gas"), ("its", "its"), ("IS", "is"), ("As", "as")] {
            assert_eq!(fold(word), want);
        }
    }
}

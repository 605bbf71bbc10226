//! Checking question terms against what the episode says and what the glossary knows. A term a
//! note asks about is worth listing only if the episode actually says it (matched the way the
//! glossary matches: case, plurals and hyphens aside) or the glossary has it: a term or alias, a
//! phrase holding one, or the start of one (`QK` asks about `QK circuit`).

use std::collections::HashSet;

use crate::glossary::{Glossary, Matcher, phrase_key};
use crate::model::Paragraph;

/// A candidate as resolved: the phrase to list and its glossary entry's term, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub text: String,
    pub entry: Option<String>,
}

/// What one episode says, for the candidates of one notes file.
pub struct Vocabulary {
    /// Phrase keys of the candidates (and their sub-phrases) the transcript says.
    said: HashSet<String>,
    /// False when there is no transcript text to check against: candidates are then kept.
    checked: bool,
}

impl Vocabulary {
    /// Scans the transcript once for every candidate and each of its sub-phrases of two words
    /// or more.
    pub fn new<'a>(
        candidates: impl IntoIterator<Item = &'a str>,
        paragraphs: &[Paragraph],
    ) -> Self {
        let mut phrases: Vec<String> = Vec::new();
        for candidate in candidates {
            for phrase in std::iter::once(candidate.to_string()).chain(sub_phrases(candidate)) {
                if !phrases.contains(&phrase) {
                    phrases.push(phrase);
                }
            }
        }
        let matcher = Matcher::new(phrases.iter().enumerate().map(|(i, p)| (p.as_str(), i)));
        let mut said = HashSet::new();
        for paragraph in paragraphs {
            matcher.for_each(&paragraph.text, |mention| {
                if let Some(key) = phrases.get(mention.entry).and_then(|p| phrase_key(p)) {
                    said.insert(key);
                }
            });
        }
        Vocabulary {
            said,
            checked: paragraphs.iter().any(|p| !p.text.is_empty()),
        }
    }

    fn says(&self, phrase: &str) -> bool {
        !self.checked || phrase_key(phrase).is_some_and(|key| self.said.contains(&key))
    }

    /// What a candidate term asks about, or `None` when neither the episode nor the glossary
    /// knows it.
    pub fn resolve(&self, term: &str, glossary: &Glossary) -> Option<Resolved> {
        let known = |text: &str, entry: &str| Resolved {
            text: text.to_string(),
            entry: Some(entry.to_string()),
        };
        if let Some(entry) = glossary.find(term) {
            return Some(known(term, &entry.term));
        }
        if let Some(entry) = glossary_prefix(term, glossary) {
            return Some(known(term, entry));
        }
        // A phrase the episode says is its own term, even around a glossary term ("paged
        // attention" is not "attention").
        if self.says(term) {
            return Some(Resolved {
                text: term.to_string(),
                entry: None,
            });
        }
        // "recursive intelligence explosion", never said: the glossary term inside it.
        if let Some(mention) = glossary.mentions(term).first() {
            let entry = &glossary.entries()[mention.entry].term;
            let text = term.get(mention.range.clone()).unwrap_or(term);
            return Some(known(text, entry));
        }
        // The longest part of two words or more that the episode says; a lone word of a longer
        // phrase ("attention" of "paged attention") is a different term.
        sub_phrases(term)
            .into_iter()
            .find(|phrase| self.says(phrase))
            .map(|text| Resolved { text, entry: None })
    }
}

/// The glossary entry whose term or alias starts with `term`'s words, when exactly one does.
fn glossary_prefix<'g>(term: &str, glossary: &'g Glossary) -> Option<&'g str> {
    let key = phrase_key(term)?;
    let lead = format!("{key} ");
    let mut found = glossary.entries().iter().filter(|entry| {
        entry
            .names()
            .any(|name| phrase_key(name).is_some_and(|k| k.starts_with(&lead)))
    });
    let first = found.next()?;
    found.next().is_none().then_some(first.term.as_str())
}

/// The contiguous parts of a phrase of two words or more, longest first (left to right).
fn sub_phrases(phrase: &str) -> Vec<String> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let mut out = Vec::new();
    for len in (2..words.len()).rev() {
        for start in 0..=words.len() - len {
            out.push(words[start..start + len].join(" "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, Fingerprint};

    fn paragraph(text: &str) -> Paragraph {
        Paragraph {
            start: 0,
            end: 1,
            speaker: None,
            text: text.to_string(),
            segments: 0..1,
            offsets: vec![0],
        }
    }

    fn entry(term: &str) -> Entry {
        let text = format!("# {term}\n");
        let fingerprint = Fingerprint::of(text.as_bytes(), None);
        Entry::parse(std::path::Path::new("term.md"), &text, fingerprint).unwrap()
    }

    #[test]
    fn keeps_what_the_episode_says_or_the_glossary_knows() {
        let paragraphs = [paragraph(
            "With paged attention the KV cache lives in pages. Attention is everything. \
             The QK circuit decides where to look.",
        )];
        let glossary = Glossary::new(vec![
            entry("QK circuit"),
            entry("OV circuit"),
            entry("attention"),
            entry("intelligence explosion"),
        ]);
        let candidates = [
            "paged attention",
            "qk",
            "ov",
            "flash decoding",
            "paged kv caches",
        ];
        let vocabulary = Vocabulary::new(candidates, &paragraphs);
        let resolve = |t: &str| vocabulary.resolve(t, &glossary);
        assert_eq!(
            resolve("paged attention"),
            Some(Resolved {
                text: "paged attention".into(),
                entry: None
            })
        );
        assert_eq!(resolve("qk").unwrap().entry.as_deref(), Some("QK circuit"));
        assert_eq!(resolve("ov").unwrap().entry.as_deref(), Some("OV circuit"));
        assert_eq!(resolve("flash decoding"), None);
        assert_eq!(
            resolve("recursive intelligence explosion"),
            Some(Resolved {
                text: "intelligence explosion".into(),
                entry: Some("intelligence explosion".into())
            })
        );
        assert_eq!(resolve("paged kv caches").unwrap().text, "kv caches");
    }
}

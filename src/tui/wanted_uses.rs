//! Where an episode says a *wanted* term (asked in the notes, not in the glossary): the
//! transcript sentences that use it, with their times, for the Reader's definition pane. A
//! sentence uses the term when the term's words occur in it in order, next to each other, as
//! the shared analyzer ([`crate::words`]) cuts and stems them, so "KV caches" uses "KV cache"
//! exactly as library search would find it. The worker finds them; the App keeps them per
//! episode and term.

use std::collections::HashMap;

use crate::library::Episode;
use crate::model::Millis;

/// Most sentences the pane lists.
pub const SHOWN: usize = 5;

/// A transcript sentence using a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// When the sentence starts (its segment's start).
    pub time: Millis,
    pub sentence: String,
}

/// A term's uses in an episode: the first [`SHOWN`] and how many in all, or not known yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermUses {
    Pending,
    Found { first: Vec<Use>, total: usize },
}

/// The uses asked for or found, per episode slug and term.
#[derive(Debug, Default)]
pub struct UsesCache {
    found: HashMap<(String, String), TermUses>,
}

impl UsesCache {
    pub fn get(&self, slug: &str, term: &str) -> Option<&TermUses> {
        self.found.get(&(slug.to_string(), term.to_string()))
    }

    /// Marks the uses of `term` in `slug` as asked for; false when they already were.
    pub fn ask(&mut self, slug: &str, term: &str) -> bool {
        let key = (slug.to_string(), term.to_string());
        if self.found.contains_key(&key) {
            return false;
        }
        self.found.insert(key, TermUses::Pending);
        true
    }

    pub fn found(&mut self, slug: String, term: String, uses: TermUses) {
        self.found.insert((slug, term), uses);
    }
}

/// The sentences of `episode` that use `term`, the first `limit` in order, and how many in all.
pub fn sentences_using(episode: &Episode, term: &str, limit: usize) -> TermUses {
    let mut analyzer = crate::words::analyzer();
    let wanted = crate::words::stems(&mut analyzer, term);
    if wanted.is_empty() {
        return TermUses::Found {
            first: Vec::new(),
            total: 0,
        };
    }
    let mut first = Vec::new();
    let mut total = 0;
    for paragraph in &episode.paragraphs {
        for range in sentence_ranges(&paragraph.text) {
            let sentence = &paragraph.text[range.clone()];
            let stems = crate::words::stems(&mut analyzer, sentence);
            if !stems.windows(wanted.len()).any(|w| w == wanted.as_slice()) {
                continue;
            }
            total += 1;
            if first.len() < limit {
                let segment = paragraph.segment_at_offset(range.start);
                let time = episode
                    .transcript
                    .segments
                    .get(segment)
                    .map_or(paragraph.start, |s| s.start);
                first.push(Use {
                    time,
                    sentence: sentence.trim().to_string(),
                });
            }
        }
    }
    TermUses::Found { first, total }
}

/// Byte ranges of the sentences of `text`: cut after `.`, `?` or `!` (and closing quotes or
/// brackets) followed by white space.
fn sentence_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let mut end = at + c.len_utf8();
        while let Some(&(next, n)) = chars.peek() {
            if matches!(n, '"' | '\'' | ')' | ']' | '”' | '’' | '.' | '?' | '!') {
                end = next + n.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        // "e.g." and "i.e." end no sentence: a word with a dot in it, or of one letter.
        let word = text[start..at]
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("");
        let abbreviation = c == '.' && (word.contains('.') || word.chars().count() == 1);
        if !abbreviation && chars.peek().is_none_or(|(_, n)| n.is_whitespace()) {
            if !text[start..end].trim().is_empty() {
                ranges.push(start..end);
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        ranges.push(start..text.len());
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_their_marks_only() {
        let text = "Is it 3.5 or 4? \"Yes.\" The KV caches grow! e.g. this one";
        let sentences: Vec<&str> = sentence_ranges(text)
            .into_iter()
            .map(|r| text[r].trim())
            .collect();
        assert_eq!(
            sentences,
            [
                "Is it 3.5 or 4?",
                "\"Yes.\"",
                "The KV caches grow!",
                "e.g. this one"
            ]
        );
    }

    #[test]
    fn uses_are_found_by_stems_in_order_with_their_times() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("ep");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("transcript.vtt"),
            "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\nThe KV caches fill up. Caches of KV are other.\n\n\
             00:01:00.000 --> 00:01:04.000\nA KV cache again. Nothing here.\n",
        )
        .unwrap();
        let library = crate::library::Library::new(dir.path());
        let entry = crate::library::EpisodeEntry {
            slug: "ep".into(),
            folder: Some(folder.clone()),
            transcript: folder.join("transcript.vtt"),
            meta: Default::default(),
        };
        let _ = library;
        let episode = Episode::load(&entry).unwrap();
        let TermUses::Found { first, total } = sentences_using(&episode, "KV cache", 5) else {
            panic!("found");
        };
        assert_eq!(total, 2);
        assert_eq!(first[0].sentence, "The KV caches fill up.");
        assert_eq!(first[0].time, 1_000);
        assert_eq!(first[1].sentence, "A KV cache again.");
        assert_eq!(first[1].time, 60_000);
        let TermUses::Found { first, total } = sentences_using(&episode, "KV cache", 1) else {
            panic!("found");
        };
        assert_eq!((first.len(), total), (1, 2));
    }
}

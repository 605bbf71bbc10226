//! Questions in a note (SPEC §4 "Questions"): which sentences ask something, and which terms they
//! ask about ([`terms`]).
//!
//! A question ends at a `?` (or a run such as `??`, `?!`) that is followed by the end of the
//! text, whitespace or closing punctuation (`)`, `]`, `:`, `;`, `,`, `.`, quotes, `*`, `_`, `-`),
//! so `Residual stream?: imagine…` and `(really?)` are questions and `what?ever` is not. A `?` in
//! a URL or code span never counts (the caller masks them). `(?)` right after a phrase marks that
//! phrase as doubtful mid-sentence (`Chain of thought (?) is a proxy…`); the question is the text
//! before the marker.
//!
//! A question starts after the nearest clause boundary before it: the previous question, a `.`,
//! `!` or `:` followed by whitespace, `;`, a line break, a dash followed by whitespace (`Zvi - What
//! about…`, `Zvi- What…`), an em dash, or an opening parenthesis that is still open. Commas are
//! left to [`terms`], which reads them as a list or as a clause boundary.

mod terms;
pub mod vocabulary;

use std::ops::Range;

use serde::Serialize;

use super::links::WikiLink;

pub use terms::candidate_terms;

/// A question sentence as written, its byte range in the note text, and the normalised lowercase
/// terms it asks about (possibly none, for a rhetorical question).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub sentence: String,
    pub span: Range<usize>,
    pub terms: Vec<String>,
}

/// Every question in a note. `text` is the note as written (for the sentences), `masked` the same
/// text with code and URLs blanked by spaces (same byte offsets), `links` its wiki links, which
/// count as their term.
pub fn find_questions(text: &str, masked: &str, links: &[WikiLink]) -> Vec<Question> {
    let mut questions = Vec::new();
    let mut last_end = 0;
    let mut chars = masked.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '?' || i < last_end {
            continue;
        }
        let mut run_end = i + 1;
        while let Some(&(j, '?' | '!')) = chars.peek() {
            run_end = j + 1;
            chars.next();
        }
        let next = masked.get(run_end..).and_then(|rest| rest.chars().next());
        let ends_sentence =
            next.is_none_or(|c| c.is_whitespace() || ")]}:;,.\"'’”*_~-".contains(c));
        if !ends_sentence {
            continue;
        }
        let marker = i > 0 && masked.as_bytes()[i - 1] == b'(' && next == Some(')');
        let (phrase_end, sentence_end) = if marker {
            (i - 1, run_end + 1)
        } else {
            (i, run_end)
        };
        let start = clause_start(masked, last_end, phrase_end);
        last_end = sentence_end;
        let phrase = with_link_terms(masked, start..phrase_end, links);
        let sentence_start = skip_leading_markers(text, start, phrase_end);
        questions.push(Question {
            sentence: text
                .get(sentence_start..sentence_end)
                .unwrap_or("")
                .to_owned(),
            span: sentence_start..sentence_end,
            terms: candidate_terms(&phrase),
        });
    }
    questions
}

/// The start of the clause that ends at `end`, looking back no further than `floor`.
fn clause_start(text: &str, floor: usize, end: usize) -> usize {
    let Some(slice) = text.get(floor..end) else {
        return end;
    };
    let mut depth = 0usize;
    let mut next_char: Option<char> = None;
    for (i, c) in slice.char_indices().rev() {
        let after = floor + i + c.len_utf8();
        let followed_by_space = next_char.is_some_and(char::is_whitespace);
        let boundary = match c {
            '\n' | ';' | '—' => true,
            '.' | '!' | '?' | ':' | '-' | '–' => followed_by_space,
            ')' => {
                depth += 1;
                false
            }
            '(' if depth > 0 => {
                depth -= 1;
                false
            }
            '(' => true,
            _ => false,
        };
        if boundary {
            return after;
        }
        next_char = Some(c);
    }
    floor
}

/// Moves past whitespace and list or quote markers (`- `, `* `, `> `) at the start of a sentence.
fn skip_leading_markers(text: &str, start: usize, end: usize) -> usize {
    let Some(slice) = text.get(start..end) else {
        return start;
    };
    let trimmed = slice.trim_start_matches(|c: char| c.is_whitespace() || "*+>#".contains(c));
    end - trimmed.len()
}

/// The text of `range` with each wiki link inside it replaced by its term.
fn with_link_terms(text: &str, range: Range<usize>, links: &[WikiLink]) -> String {
    let mut out = String::new();
    let mut at = range.start;
    for link in links
        .iter()
        .filter(|l| l.span.start >= range.start && l.span.end <= range.end)
    {
        out.push_str(text.get(at..link.span.start).unwrap_or(""));
        out.push_str(&link.term);
        at = link.span.end;
    }
    out.push_str(text.get(at..range.end).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::links::find_wiki_links;

    fn questions(text: &str) -> Vec<(String, Vec<String>)> {
        let links = find_wiki_links(text);
        find_questions(text, text, &links)
            .into_iter()
            .map(|q| (q.sentence, q.terms))
            .collect()
    }

    #[test]
    fn finds_question_sentences() {
        let cases: &[(&str, &[(&str, &[&str])])] = &[
            ("Softmax?", &[("Softmax?", &["softmax"])]),
            (
                "What’s distillation? Distilled models?",
                &[
                    ("What’s distillation?", &["distillation"]),
                    ("Distilled models?", &["distilled models"]),
                ],
            ),
            (
                "intelligence. Quadratic attention costs? MLP? Residual stream?: imagine a boat.",
                &[
                    ("Quadratic attention costs?", &["quadratic attention costs"]),
                    ("MLP?", &["mlp"]),
                    ("Residual stream?", &["residual stream"]),
                ],
            ),
            (
                "Adaptive Compute: if a question is harder, spend more. Chain of thought (?) is a \
                 proxy for this because of forward passes(?). KV values?",
                &[
                    ("Chain of thought (?)", &["chain of thought"]),
                    (
                        "is a proxy for this because of forward passes(?)",
                        &["forward passes"],
                    ),
                    ("KV values?", &["kv values"]),
                ],
            ),
            (
                "Zvi - What about the costs? Does this break recursive intelligence explosion? It is.",
                &[
                    ("What about the costs?", &["costs"]),
                    (
                        "Does this break recursive intelligence explosion?",
                        &["recursive intelligence explosion"],
                    ),
                ],
            ),
            (
                "Entity tracking? (which box holds which object in a story)",
                &[("Entity tracking?", &["entity tracking"])],
            ),
            (
                "- What's [[superposition|the trick]]??",
                &[("What's [[superposition|the trick]]??", &["superposition"])],
            ),
            (
                "(is it [[softmax]]?)",
                &[("is it [[softmax]]?", &["softmax"])],
            ),
            ("what?ever, a 3:1 ratio. No question here.", &[]),
        ];
        for (text, want) in cases {
            let want: Vec<(String, Vec<String>)> = want
                .iter()
                .map(|(s, t)| (s.to_string(), t.iter().map(|t| t.to_string()).collect()))
                .collect();
            assert_eq!(questions(text), want, "{text:?}");
        }
    }

    #[test]
    fn masked_question_marks_do_not_count() {
        let text = "see https://youtu.be/x?t=42 now";
        let masked = "see                        now";
        assert!(find_questions(text, masked, &[]).is_empty());
    }

    #[test]
    fn spans_point_at_the_sentence() {
        let text = "Intro. Is most intelligence pattern matching? Think.";
        let found = find_questions(text, text, &[]);
        assert_eq!(&text[found[0].span.clone()], found[0].sentence);
        assert_eq!(found[0].terms, vec!["intelligence pattern matching"]);
    }
}

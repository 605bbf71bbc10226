//! The search query language (SPEC §6), the same in the CLI and the TUI.
//!
//! | query | meaning |
//! |---|---|
//! | `residual stream` | both words, stemmed (`streams` finds `stream`) |
//! | `"residual stream"` | the phrase |
//! | `superposition -quantum` | exclude a word, a phrase (`-"a b"`) or a filter (`-speaker:x`) |
//! | `a OR b` | either; `OR` (capitals) binds tighter than the implicit AND: `x a OR b y` is x AND (a OR b) AND y |
//! | `speaker:tren` | a word of the speaker's name starts with `tren` (case-insensitive); a quoted value needs every word to match a word of the name |
//! | `episode:<slug>` | exactly that episode |
//! | `show:"..."` | the phrase in the show's name |
//! | `in:notes`, `in:glossary`, `in:transcripts` | which kind of document (singulars too) |
//! | `after:1:00:00 before:1:30:00` | `start >= after` and `start < before` (documents without a start never pass) |
//! | `word~`, `word~1`, `word~2` | fuzzy on the stem: `~` alone allows 1 edit for words of up to 4 letters, else 2; a transposition costs 1 |
//!
//! Words go through the index's own tokenizers, so a query word is cut and stemmed exactly as the
//! text was: a word that becomes several tokens (`don't`, `GPT-4`, `10:30`) is matched as a
//! phrase, and one that becomes none (punctuation) is dropped. A query of filters alone matches
//! every document that passes them.
//!
//! The language is parsed by hand rather than with tantivy's `QueryParser` because that parser's
//! language is a different one: its `field:value` is a term on that field (no prefix match on a
//! speaker's words, no times for `after:`), `-` and `OR` combine differently, and it either
//! rejects a half-typed query or guesses silently, where we need two explicit behaviours:
//! [`Mode::Strict`] for the CLI (a specific message for each mistake) and [`Mode::Lenient`] for
//! the TUI (never an error while the user types). [`parse`] is pure and turns text into an
//! [`Ast`]; [`build`] turns the `Ast` into tantivy queries (`BooleanQuery`, `TermQuery`,
//! `PhraseQuery`, `FuzzyTermQuery`, `RangeQuery`, `AllQuery`, `EmptyQuery`).

mod build;
mod parse;

use tantivy::query::Query;
use tantivy::tokenizer::TokenizerManager;

use crate::model::time::Millis;
use crate::search::schema::{Fields, KIND_GLOSSARY, KIND_NOTE, KIND_TRANSCRIPT};

pub use build::build;
pub use parse::parse;

/// How [`parse`] treats a query it cannot read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The CLI: a mistake is a [`QueryError`] saying what is wrong.
    Strict,
    /// The TUI, as the user types: never an error; unclosed quotes are closed, dangling operators
    /// and unusable filters dropped, unknown `name:value` searched as words.
    Lenient,
}

/// A query the user has to fix (only in [`Mode::Strict`]); the message is meant for them as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct QueryError {
    pub message: String,
}

impl QueryError {
    fn new(message: impl Into<String>) -> Self {
        QueryError {
            message: message.into(),
        }
    }
}

/// A parsed query: a document matches when it satisfies every clause. An `Ast` without clauses
/// (only from [`Mode::Lenient`]) matches nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ast {
    pub clauses: Vec<Clause>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// At least one of these must match: a single atom, or several joined by `OR`.
    AnyOf(Vec<Atom>),
    /// Must not match (`-atom`).
    Exclude(Atom),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    /// A bare word, as typed (without its `~` suffix). `distance` is 0 for an exact match, 1 or 2
    /// for a fuzzy one.
    Word {
        text: String,
        distance: u8,
    },
    /// A quoted phrase, as typed.
    Phrase(String),
    Filter(Filter),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Every word must prefix a word of the speaker's display name.
    Speaker(String),
    /// The episode slug (lowercased, as slugs are).
    Episode(String),
    /// A phrase in the show's name.
    Show(String),
    In(Kind),
    /// `start >= ms`.
    After(Millis),
    /// `start < ms`.
    Before(Millis),
}

/// The kinds of indexed document, as `in:` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Transcript,
    Note,
    Glossary,
}

impl Kind {
    /// The value of the index's `kind` field.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Transcript => KIND_TRANSCRIPT,
            Kind::Note => KIND_NOTE,
            Kind::Glossary => KIND_GLOSSARY,
        }
    }
}

impl Ast {
    /// Whether any word or phrase is required (possibly among `OR` alternatives): when not, the
    /// query only filters, and a hit has no matched words to highlight. Excluded words don't count,
    /// as they never occur in a hit.
    pub fn has_text_terms(&self) -> bool {
        self.clauses.iter().any(|clause| match clause {
            Clause::AnyOf(atoms) => atoms.iter().any(Atom::is_text),
            Clause::Exclude(_) => false,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }
}

impl Atom {
    fn is_text(&self) -> bool {
        matches!(self, Atom::Word { .. } | Atom::Phrase(_))
    }
}

/// [`parse`] then [`build`]: the query for `input`, or what is wrong with it.
pub fn compile(
    input: &str,
    mode: Mode,
    fields: &Fields,
    tokenizers: &TokenizerManager,
) -> Result<Box<dyn Query>, QueryError> {
    Ok(build(&parse(input, mode)?, fields, tokenizers))
}

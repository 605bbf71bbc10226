//! Text to [`Ast`]: a lexer that cuts the input into words, quoted phrases, filters, `OR` and
//! `-`, then a pass that groups them into clauses and checks filter values.

use super::{Ast, Atom, Clause, Filter, Kind, Mode, QueryError};
use crate::model::time::parse_time_spec;

/// The filter names, as the unknown-filter message lists them.
const KNOWN_FILTERS: &str = "speaker:, episode:, show:, in:, after: and before:";

const DANGLING_OR: &str = "`OR` needs a word on each side, as in `attention OR transformer`";
const DANGLING_MINUS: &str = "`-` needs a word right after it, as in `-quantum`";
const EXCLUDED_OR: &str =
    "an excluded term can't be joined with `OR`; write `-a -b` to exclude both";
const EMPTY: &str = "the query is empty; type words to search for, like `residual stream`";
const NO_WORDS: &str = "the query has no words to search for (only punctuation)";

/// Parses `input` into an [`Ast`]. In [`Mode::Strict`] every mistake is an error, and the `Ast`
/// is never empty; in [`Mode::Lenient`] this never fails.
pub fn parse(input: &str, mode: Mode) -> Result<Ast, QueryError> {
    let mut parser = Parser {
        mode,
        clauses: Vec::new(),
        pending_or: false,
    };
    for lexeme in lex(input) {
        parser.push(lexeme)?;
    }
    parser.finish(input)
}

#[derive(Debug)]
enum Lexeme {
    /// A bare `OR`.
    Or,
    /// A `-` with nothing attached.
    Minus,
    Item {
        negated: bool,
        item: Item,
    },
}

#[derive(Debug)]
enum Item {
    Word(String),
    Quoted {
        text: String,
        closed: bool,
    },
    /// `name:value` (or `name:"value"`); `name` is ASCII letters, lowercased. `raw` is the
    /// source text, for messages.
    Filter {
        name: String,
        value: String,
        closed: bool,
        raw: String,
    },
}

fn lex(input: &str) -> Vec<Lexeme> {
    // Indexing a char vector keeps every cut on a character boundary.
    let chars: Vec<char> = input.chars().collect();
    let mut lexemes = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let negated = chars[i] == '-';
        if negated {
            i += 1;
            if chars.get(i).is_none_or(|c| c.is_whitespace()) {
                lexemes.push(Lexeme::Minus);
                continue;
            }
        }
        let item = if chars[i] == '"' {
            let (text, closed) = read_quoted(&chars, &mut i);
            Item::Quoted { text, closed }
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            if word == "OR" && !negated {
                lexemes.push(Lexeme::Or);
                continue;
            }
            match split_filter(&word, chars.get(i) == Some(&'"')) {
                Some((name, value)) => {
                    let (value, closed) = if value.is_empty() && chars.get(i) == Some(&'"') {
                        read_quoted(&chars, &mut i)
                    } else {
                        (value, true)
                    };
                    Item::Filter {
                        name,
                        value,
                        closed,
                        raw: chars[start..i].iter().collect(),
                    }
                }
                None => Item::Word(word),
            }
        };
        lexemes.push(Lexeme::Item { negated, item });
    }
    lexemes
}

/// Reads `"..."` from `chars[*i]` (a quote); returns the text and whether a closing quote came.
fn read_quoted(chars: &[char], i: &mut usize) -> (String, bool) {
    let start = *i + 1;
    let end = chars[start..]
        .iter()
        .position(|&c| c == '"')
        .map(|n| start + n);
    let stop = end.unwrap_or(chars.len());
    *i = end.map_or(chars.len(), |end| end + 1);
    (chars[start..stop].iter().collect(), end.is_some())
}

/// `name:value` when `name` is ASCII letters and the word reads as a filter: a known name with
/// any value, or an unknown one whose value starts with a letter, a digit or a quote (so that
/// `10:30`, `C++`, `http://x` and a trailing `Note:` stay words).
fn split_filter(word: &str, quote_follows: bool) -> Option<(String, String)> {
    let (name, value) = word.split_once(':')?;
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let name = name.to_ascii_lowercase();
    let known = matches!(
        name.as_str(),
        "speaker" | "episode" | "show" | "in" | "after" | "before"
    );
    let filter_like = if value.is_empty() {
        quote_follows
    } else {
        value.starts_with(char::is_alphanumeric)
    };
    (known || filter_like).then(|| (name, value.to_string()))
}

struct Parser {
    mode: Mode,
    clauses: Vec<Clause>,
    /// An `OR` came after the last clause and waits for its right-hand side.
    pending_or: bool,
}

impl Parser {
    fn strict(&self) -> bool {
        self.mode == Mode::Strict
    }

    /// In strict mode, the error; in lenient mode, nothing (the caller drops what was wrong).
    fn reject(&self, message: impl Into<String>) -> Result<(), QueryError> {
        if self.strict() {
            Err(QueryError::new(message))
        } else {
            Ok(())
        }
    }

    fn push(&mut self, lexeme: Lexeme) -> Result<(), QueryError> {
        match lexeme {
            Lexeme::Or => match self.clauses.last() {
                Some(Clause::AnyOf(_)) if !self.pending_or => self.pending_or = true,
                Some(Clause::Exclude(_)) if !self.pending_or => self.reject(EXCLUDED_OR)?,
                _ => self.reject(DANGLING_OR)?,
            },
            Lexeme::Minus => self.reject(DANGLING_MINUS)?,
            Lexeme::Item { negated, item } => {
                let Some(atom) = self.atom(item)? else {
                    return Ok(());
                };
                if negated {
                    if self.pending_or {
                        self.reject(EXCLUDED_OR)?;
                        self.pending_or = false;
                    }
                    self.clauses.push(Clause::Exclude(atom));
                } else if self.pending_or {
                    self.pending_or = false;
                    if let Some(Clause::AnyOf(alternatives)) = self.clauses.last_mut() {
                        alternatives.push(atom);
                    }
                } else {
                    self.clauses.push(Clause::AnyOf(vec![atom]));
                }
            }
        }
        Ok(())
    }

    fn finish(self, input: &str) -> Result<Ast, QueryError> {
        if self.pending_or {
            self.reject(DANGLING_OR)?;
        }
        if self.clauses.is_empty() {
            self.reject(if input.trim().is_empty() {
                EMPTY
            } else {
                NO_WORDS
            })?;
        }
        Ok(Ast {
            clauses: self.clauses,
        })
    }

    /// The atom for `item`; `None` when it is dropped (nothing searchable, or, in lenient mode,
    /// not usable).
    fn atom(&self, item: Item) -> Result<Option<Atom>, QueryError> {
        match item {
            Item::Word(word) => self.word(&word),
            Item::Quoted { text, closed } => {
                if !closed {
                    self.reject(format!("unclosed quote: add a closing \" after \"{text}"))?;
                }
                Ok(has_alphanumeric(&text).then_some(Atom::Phrase(text)))
            }
            Item::Filter {
                name,
                value,
                closed,
                raw,
            } => {
                if !closed {
                    self.reject(format!("unclosed quote: add a closing \" after {raw}"))?;
                }
                self.filter(&name, value, &raw)
            }
        }
    }

    /// A word with an optional fuzzy suffix: `word~`, `word~1`, `word~2`.
    fn word(&self, word: &str) -> Result<Option<Atom>, QueryError> {
        let (text, distance) = match word.rsplit_once('~') {
            Some((base, digits)) if digits.bytes().all(|b| b.is_ascii_digit()) => {
                let distance = match digits {
                    "" if letter_count(base) <= 4 => 1,
                    "" | "2" => 2,
                    "1" => 1,
                    _ => {
                        self.reject(format!(
                            "`{word}`: a fuzzy word allows 1 or 2 edits (`{base}~1`, `{base}~2`), \
                             or `{base}~` to choose by its length"
                        ))?;
                        if digits.bytes().all(|b| b == b'0') {
                            0
                        } else {
                            2
                        }
                    }
                };
                (base, distance)
            }
            _ => (word, 0),
        };
        Ok(has_alphanumeric(text).then(|| Atom::Word {
            text: text.to_string(),
            distance,
        }))
    }

    fn filter(&self, name: &str, value: String, raw: &str) -> Result<Option<Atom>, QueryError> {
        let filter = match name {
            "speaker" | "show" | "episode" => {
                if !has_alphanumeric(&value) {
                    let example = match name {
                        "speaker" => "speaker:trenton",
                        "show" => "show:\"dwarkesh podcast\"",
                        _ => "episode:how-language-models-think",
                    };
                    self.reject(format!("`{raw}` needs a value, as in {example}"))?;
                    return Ok(None);
                }
                match name {
                    "speaker" => Filter::Speaker(value),
                    "show" => Filter::Show(value),
                    _ => Filter::Episode(value.trim().to_ascii_lowercase()),
                }
            }
            "in" => match self.kind(&value) {
                Some(kind) => Filter::In(kind),
                None => {
                    self.reject(format!(
                        "`{raw}` is not a kind of document; use in:transcripts, in:notes or \
                         in:glossary"
                    ))?;
                    return Ok(None);
                }
            },
            "after" | "before" => match parse_time_spec(&value) {
                Some(ms) if name == "after" => Filter::After(ms),
                Some(ms) => Filter::Before(ms),
                None => {
                    let problem = if value.trim().is_empty() {
                        "needs a time"
                    } else {
                        "is not a time"
                    };
                    self.reject(format!(
                        "`{raw}` {problem}; write it like {name}:1:00:00, {name}:70m or \
                         {name}:4200s"
                    ))?;
                    return Ok(None);
                }
            },
            _ => {
                self.reject(format!(
                    "unknown filter `{name}:` in `{raw}`; the filters are {KNOWN_FILTERS}"
                ))?;
                // Lenient: the words of an unknown `name:value`, as the word `name:value`
                // itself would tokenize.
                let words = format!("{name} {value}");
                return Ok(has_alphanumeric(&words).then_some(Atom::Phrase(words)));
            }
        };
        Ok(Some(Atom::Filter(filter)))
    }

    /// The kind `in:` names; in lenient mode also a prefix of one (`in:no` while typing `notes`).
    fn kind(&self, value: &str) -> Option<Kind> {
        let value = value.trim().to_lowercase();
        match value.as_str() {
            "transcript" | "transcripts" => Some(Kind::Transcript),
            "note" | "notes" => Some(Kind::Note),
            "glossary" => Some(Kind::Glossary),
            _ if self.strict() || value.is_empty() => None,
            _ => [
                ("transcripts", Kind::Transcript),
                ("notes", Kind::Note),
                ("glossary", Kind::Glossary),
            ]
            .into_iter()
            .find_map(|(name, kind)| name.starts_with(value.as_str()).then_some(kind)),
        }
    }
}

/// Whether the tokenizers (which split on anything not alphanumeric) would find a token.
fn has_alphanumeric(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

fn letter_count(word: &str) -> usize {
    word.chars().filter(|c| c.is_alphanumeric()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Atom {
        fuzzy(text, 0)
    }

    fn fuzzy(text: &str, distance: u8) -> Atom {
        Atom::Word {
            text: text.to_string(),
            distance,
        }
    }

    fn phrase(text: &str) -> Atom {
        Atom::Phrase(text.to_string())
    }

    fn filter(filter: Filter) -> Atom {
        Atom::Filter(filter)
    }

    fn all(atoms: &[Atom]) -> Vec<Clause> {
        atoms
            .iter()
            .map(|a| Clause::AnyOf(vec![a.clone()]))
            .collect()
    }

    fn any(atoms: &[Atom]) -> Clause {
        Clause::AnyOf(atoms.to_vec())
    }

    fn not(atom: Atom) -> Clause {
        Clause::Exclude(atom)
    }

    fn speaker(name: &str) -> Atom {
        filter(Filter::Speaker(name.to_string()))
    }

    /// Queries both modes read the same way.
    #[test]
    fn parses_the_language() {
        let cases: Vec<(&str, Vec<Clause>)> = vec![
            ("residual stream", all(&[word("residual"), word("stream")])),
            (
                "  residual\tstream\n",
                all(&[word("residual"), word("stream")]),
            ),
            ("\"residual stream\"", all(&[phrase("residual stream")])),
            (
                "the \"residual stream\" is",
                all(&[word("the"), phrase("residual stream"), word("is")]),
            ),
            (
                "superposition -quantum",
                vec![any(&[word("superposition")]), not(word("quantum"))],
            ),
            ("a OR b", vec![any(&[word("a"), word("b")])]),
            ("a OR b OR c", vec![any(&[word("a"), word("b"), word("c")])]),
            (
                "x a OR b y",
                vec![
                    any(&[word("x")]),
                    any(&[word("a"), word("b")]),
                    any(&[word("y")]),
                ],
            ),
            // Only capital OR is the operator.
            ("a or b", all(&[word("a"), word("or"), word("b")])),
            (
                "-\"a phrase\" x",
                vec![not(phrase("a phrase")), any(&[word("x")])],
            ),
            ("-speaker:x", vec![not(speaker("x"))]),
            ("-OR", vec![not(word("OR"))]),
            ("speaker:trenton", all(&[speaker("trenton")])),
            ("Speaker:Tren", all(&[speaker("Tren")])),
            (
                "speaker:\"trenton bricken\"",
                all(&[speaker("trenton bricken")]),
            ),
            (
                "episode:How-Models-Think",
                all(&[filter(Filter::Episode("how-models-think".into()))]),
            ),
            (
                "show:\"latent space\"",
                all(&[filter(Filter::Show("latent space".into()))]),
            ),
            ("in:notes", all(&[filter(Filter::In(Kind::Note))])),
            ("in:note", all(&[filter(Filter::In(Kind::Note))])),
            ("in:glossary", all(&[filter(Filter::In(Kind::Glossary))])),
            (
                "in:transcripts",
                all(&[filter(Filter::In(Kind::Transcript))]),
            ),
            (
                "in:Transcript",
                all(&[filter(Filter::In(Kind::Transcript))]),
            ),
            (
                "after:1:00:00 before:1:30:00",
                all(&[
                    filter(Filter::After(3_600_000)),
                    filter(Filter::Before(5_400_000)),
                ]),
            ),
            ("after:70m", all(&[filter(Filter::After(4_200_000))])),
            ("before:4200s", all(&[filter(Filter::Before(4_200_000))])),
            ("after:\"1h 10m\"", all(&[filter(Filter::After(4_200_000))])),
            (
                "in:notes OR in:glossary",
                vec![any(&[
                    filter(Filter::In(Kind::Note)),
                    filter(Filter::In(Kind::Glossary)),
                ])],
            ),
            ("steganografy~", all(&[fuzzy("steganografy", 2)])),
            ("gpt~", all(&[fuzzy("gpt", 1)])),
            ("stream~1", all(&[fuzzy("stream", 1)])),
            ("gpt~2", all(&[fuzzy("gpt", 2)])),
            // Colons that are not filters, and words that tokenize apart, stay words.
            ("10:30", all(&[word("10:30")])),
            (
                "C++ don't GPT-4",
                all(&[word("C++"), word("don't"), word("GPT-4")]),
            ),
            ("http://example.com", all(&[word("http://example.com")])),
            ("Note: residual", all(&[word("Note:"), word("residual")])),
            // Punctuation-only words are dropped.
            (
                "residual ... stream",
                all(&[word("residual"), word("stream")]),
            ),
            ("a OR ?? b", vec![any(&[word("a"), word("b")])]),
            // A quote ends a word and starts a phrase.
            ("foo\"bar baz\"", all(&[word("foo"), phrase("bar baz")])),
            ("\"a b\"c", all(&[phrase("a b"), word("c")])),
            ("--foo", vec![not(word("-foo"))]),
        ];
        for (input, clauses) in cases {
            for mode in [Mode::Strict, Mode::Lenient] {
                assert_eq!(
                    parse(input, mode),
                    Ok(Ast {
                        clauses: clauses.clone()
                    }),
                    "{input:?} in {mode:?}"
                );
            }
        }
    }

    /// Each mistake: its strict message, and what lenient mode makes of the query instead.
    #[test]
    fn strict_errors_and_lenient_recovery() {
        let cases: Vec<(&str, &str, Vec<Clause>)> = vec![
            (
                "\"residual str",
                "unclosed quote: add a closing \" after \"residual str",
                all(&[phrase("residual str")]),
            ),
            (
                "show:\"latent",
                "unclosed quote: add a closing \" after show:\"latent",
                all(&[filter(Filter::Show("latent".into()))]),
            ),
            (
                "x after:soon",
                "`after:soon` is not a time; write it like after:1:00:00, after:70m or after:4200s",
                all(&[word("x")]),
            ),
            (
                "x before:",
                "`before:` needs a time; write it like before:1:00:00, before:70m or before:4200s",
                all(&[word("x")]),
            ),
            (
                "x after:1:",
                "`after:1:` is not a time; write it like after:1:00:00, after:70m or after:4200s",
                all(&[word("x")]),
            ),
            (
                "foo:bar x",
                "unknown filter `foo:` in `foo:bar`; the filters are speaker:, episode:, show:, \
                 in:, after: and before:",
                all(&[phrase("foo bar"), word("x")]),
            ),
            (
                "speak:\"maya o\"",
                "unknown filter `speak:` in `speak:\"maya o\"`; the filters are speaker:, \
                 episode:, show:, in:, after: and before:",
                all(&[phrase("speak maya o")]),
            ),
            (
                "in:podcasts",
                "`in:podcasts` is not a kind of document; use in:transcripts, in:notes or \
                 in:glossary",
                vec![],
            ),
            (
                "x speaker:",
                "`speaker:` needs a value, as in speaker:trenton",
                all(&[word("x")]),
            ),
            (
                "speaker:\"\" x",
                "`speaker:\"\"` needs a value, as in speaker:trenton",
                all(&[word("x")]),
            ),
            (
                "show:!",
                "`show:!` needs a value, as in show:\"dwarkesh podcast\"",
                vec![],
            ),
            (
                "episode:",
                "`episode:` needs a value, as in episode:how-language-models-think",
                vec![],
            ),
            ("a OR", DANGLING_OR, all(&[word("a")])),
            ("OR a", DANGLING_OR, all(&[word("a")])),
            ("a OR OR b", DANGLING_OR, vec![any(&[word("a"), word("b")])]),
            ("OR", DANGLING_OR, vec![]),
            (
                "-a OR b",
                EXCLUDED_OR,
                vec![not(word("a")), any(&[word("b")])],
            ),
            (
                "a OR -b",
                EXCLUDED_OR,
                vec![any(&[word("a")]), not(word("b"))],
            ),
            ("x -", DANGLING_MINUS, all(&[word("x")])),
            ("- x", DANGLING_MINUS, all(&[word("x")])),
            ("-", DANGLING_MINUS, vec![]),
            ("", EMPTY, vec![]),
            ("   ", EMPTY, vec![]),
            ("?! ...", NO_WORDS, vec![]),
            ("\"\"", NO_WORDS, vec![]),
            (
                "word~3",
                "`word~3`: a fuzzy word allows 1 or 2 edits (`word~1`, `word~2`), or `word~` \
                 to choose by its length",
                all(&[fuzzy("word", 2)]),
            ),
            (
                "word~0",
                "`word~0`: a fuzzy word allows 1 or 2 edits (`word~1`, `word~2`), or `word~` \
                 to choose by its length",
                all(&[word("word")]),
            ),
        ];
        for (input, message, lenient) in cases {
            assert_eq!(
                parse(input, Mode::Strict),
                Err(QueryError::new(message)),
                "{input:?}"
            );
            assert_eq!(
                parse(input, Mode::Lenient),
                Ok(Ast { clauses: lenient }),
                "{input:?}"
            );
        }
    }

    #[test]
    fn lenient_reads_half_typed_filters() {
        let cases: Vec<(&str, Vec<Clause>)> = vec![
            ("in:n", all(&[filter(Filter::In(Kind::Note))])),
            ("in:tr", all(&[filter(Filter::In(Kind::Transcript))])),
            ("in:g", all(&[filter(Filter::In(Kind::Glossary))])),
            ("in:", vec![]),
            ("after:1:0", all(&[filter(Filter::After(60_000))])),
            ("speaker:", vec![]),
            ("speaker:\"tren", all(&[speaker("tren")])),
        ];
        for (input, clauses) in cases {
            assert_eq!(
                parse(input, Mode::Lenient),
                Ok(Ast { clauses }),
                "{input:?}"
            );
        }
        assert!(parse("in:n", Mode::Strict).is_err());
    }

    #[test]
    fn knows_whether_there_are_words() {
        let cases = [
            ("residual", true),
            ("\"a b\" in:notes", true),
            ("speaker:theo in:transcripts", false),
            ("speaker:theo -quantum", false),
            ("in:notes OR stream", true),
        ];
        for (input, expected) in cases {
            let ast = parse(input, Mode::Strict).unwrap();
            assert_eq!(ast.has_text_terms(), expected, "{input:?}");
        }
    }

    /// Guards against slicing inside a character and against any input making `parse` panic.
    #[test]
    fn never_panics() {
        let odd = [
            "é:é",
            "日本語:テスト",
            "speaker:é",
            "-\u{301}",
            "\u{0}",
            "🎙️ OR",
            "\"🎙️",
            "İstanbul~",
            "ß~2",
            "a\u{200b}b",
            "مرحبا OR שלום",
            "~",
            "~~~",
            "a~~",
            "after:１:００",
            "in:ｎotes",
            "word~99999999999999999999",
        ];
        let pieces = ["a", "\"", "-", ":", "~", " ", "OR", "in:", "é", "1", "日"];
        let mut inputs: Vec<String> = odd.iter().map(|s| s.to_string()).collect();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    inputs.push(format!("{a}{b}{c}"));
                }
            }
        }
        for input in &inputs {
            let _ = parse(input, Mode::Strict);
            let lenient = parse(input, Mode::Lenient);
            assert!(lenient.is_ok(), "{input:?}");
        }
    }
}

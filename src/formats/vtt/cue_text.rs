//! Cue text markup (<https://w3c.github.io/webvtt/#cue-text-parsing-rules>): the spec's
//! tokenizer, state for state, and a reading of its tokens for a transcript.
//!
//! [`tokenize`] follows the spec exactly (it is checked against the WPT cue-text cases), so
//! odd input such as `<c.`, `</` or `<v\na>` means what a browser takes it to mean.
//! [`read_pieces`] then does the part of tree building a transcript needs: the text a reader
//! sees, in order, with `<v Name>` voice changes and `<00:00:01.500>` timestamps. Class, italic,
//! bold, underline, ruby and language spans only style text, so they vanish; the text of a ruby
//! annotation (`<rt>` inside `<ruby>`) is left out, as the spec's chapter-title rule does.

use super::timestamp::parse_whole_timestamp;
use crate::formats::entities::decode_html_reference;
use crate::model::Millis;

/// One token of cue text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// Text with character references decoded.
    Text(String),
    /// `<name.class1.class2 annotation>`; the annotation is trimmed with inner whitespace
    /// collapsed (for `<v>` it is the voice, for `<lang>` the language).
    StartTag {
        name: String,
        classes: Vec<String>,
        annotation: String,
    },
    EndTag(String),
    /// A valid `<hh:mm:ss.ttt>` tag. Invalid timestamp tags are dropped here, as tree building
    /// would ignore them.
    Timestamp(Millis),
}

/// Splits cue text into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        if let Some(token) = next_token(text, &mut pos) {
            tokens.push(token);
        }
    }
    tokens
}

#[derive(Clone, Copy)]
enum State {
    Data,
    Tag,
    StartTag,
    StartTagClass,
    StartTagAnnotation,
    EndTag,
    TimestampTag,
}

/// The spec's tokenizer: reads one token from byte `pos` on. Every call consumes at least one
/// char. `None` stands for a token that carries nothing (an empty string, an invalid timestamp).
///
/// Every character the states look for is ASCII, so text between them is copied a run at a
/// time and `pos` always stays on a char boundary.
fn next_token(text: &str, pos: &mut usize) -> Option<Token> {
    let mut state = State::Data;
    let mut result = String::new();
    let mut buffer = String::new();
    let mut classes = Vec::new();
    loop {
        let rest = text.get(*pos..).unwrap_or_default();
        if let State::Data = state {
            let run = rest.find(['&', '<']).unwrap_or(rest.len());
            result.push_str(rest.get(..run).unwrap_or_default());
            *pos += run;
            match rest.as_bytes().get(run) {
                Some(b'&') => {
                    *pos += 1;
                    push_reference(text, pos, &mut result);
                    continue;
                }
                Some(b'<') if result.is_empty() => {
                    state = State::Tag;
                    *pos += 1;
                    continue;
                }
                _ => return (!result.is_empty()).then_some(Token::Text(result)),
            }
        }
        let c = rest.chars().next();
        match state {
            // Handled above, a run at a time.
            State::Data => {}
            State::Tag => match c {
                Some('\t' | '\n' | '\u{C}' | ' ') => state = State::StartTagAnnotation,
                Some('.') => state = State::StartTagClass,
                Some('/') => state = State::EndTag,
                Some(digit) if digit.is_ascii_digit() => {
                    result.push(digit);
                    state = State::TimestampTag;
                }
                Some('>') => {
                    *pos += 1;
                    return Some(start_tag(result, classes, String::new()));
                }
                None => return Some(start_tag(result, classes, String::new())),
                Some(c) => {
                    result.push(c);
                    state = State::StartTag;
                }
            },
            State::StartTag => match c {
                Some('\t' | '\u{C}' | ' ') => state = State::StartTagAnnotation,
                Some('\n') => {
                    buffer.push('\n');
                    state = State::StartTagAnnotation;
                }
                Some('.') => state = State::StartTagClass,
                Some('>') => {
                    *pos += 1;
                    return Some(start_tag(result, classes, String::new()));
                }
                None => return Some(start_tag(result, classes, String::new())),
                Some(c) => result.push(c),
            },
            State::StartTagClass => match c {
                Some('\t' | '\u{C}' | ' ') => {
                    classes.push(std::mem::take(&mut buffer));
                    state = State::StartTagAnnotation;
                }
                Some('\n') => {
                    classes.push(std::mem::take(&mut buffer));
                    buffer.push('\n');
                    state = State::StartTagAnnotation;
                }
                Some('.') => classes.push(std::mem::take(&mut buffer)),
                Some('>') | None => {
                    if c.is_some() {
                        *pos += 1;
                    }
                    classes.push(buffer);
                    return Some(start_tag(result, classes, String::new()));
                }
                Some(c) => buffer.push(c),
            },
            State::StartTagAnnotation => match c {
                Some('&') => {
                    *pos += 1;
                    push_reference(text, pos, &mut buffer);
                    continue;
                }
                Some('>') | None => {
                    if c.is_some() {
                        *pos += 1;
                    }
                    let annotation = collapse_whitespace(&buffer);
                    return Some(start_tag(result, classes, annotation));
                }
                Some(c) => buffer.push(c),
            },
            State::EndTag => match c {
                Some('>') | None => {
                    if c.is_some() {
                        *pos += 1;
                    }
                    return Some(Token::EndTag(result));
                }
                Some(c) => result.push(c),
            },
            State::TimestampTag => match c {
                Some('>') | None => {
                    if c.is_some() {
                        *pos += 1;
                    }
                    return parse_whole_timestamp(&result).map(Token::Timestamp);
                }
                Some(c) => result.push(c),
            },
        }
        *pos += c.map_or(1, char::len_utf8);
    }
}

fn start_tag(name: String, classes: Vec<String>, annotation: String) -> Token {
    Token::StartTag {
        name,
        classes,
        annotation,
    }
}

/// After an `&` (already consumed): appends the decoded reference, or a literal `&`.
fn push_reference(text: &str, pos: &mut usize, out: &mut String) {
    match decode_html_reference(text.get(*pos..).unwrap_or_default()) {
        Some((decoded, used)) => {
            decoded.push_to(out);
            *pos += used;
        }
        None => out.push('&'),
    }
}

/// The spec's "split on ASCII whitespace", joined with single spaces.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for part in text.split(|c: char| c.is_ascii_whitespace()) {
        if part.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// Cue text as a transcript reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Visible text (may contain line breaks).
    Text(String),
    /// A `<v>` span starts; the voice annotation, never empty.
    Voice(String),
    Timestamp(Millis),
}

/// Reads cue text into visible text, voices and timestamps, in order (adjacent text merged).
pub fn read_pieces(text: &str) -> Vec<Piece> {
    // The open spans, as tree building keeps them, to know when text is a ruby annotation.
    let mut open: Vec<String> = Vec::new();
    let mut pieces: Vec<Piece> = Vec::new();
    for token in tokenize(text) {
        match token {
            Token::Text(text) => {
                if open.iter().any(|name| name == "rt") {
                    continue;
                }
                match pieces.last_mut() {
                    Some(Piece::Text(previous)) => previous.push_str(&text),
                    _ => pieces.push(Piece::Text(text)),
                }
            }
            Token::StartTag {
                name, annotation, ..
            } => match name.as_str() {
                "c" | "i" | "b" | "u" | "ruby" | "lang" => open.push(name),
                "v" => {
                    open.push(name);
                    if !annotation.is_empty() {
                        pieces.push(Piece::Voice(annotation));
                    }
                }
                "rt" if open.last().is_some_and(|top| top == "ruby") => open.push(name),
                _ => {}
            },
            Token::EndTag(name) => {
                let top = open.last().map(String::as_str);
                if top == Some(name.as_str()) {
                    open.pop();
                } else if name == "ruby" && top == Some("rt") {
                    open.pop();
                    open.pop();
                }
            }
            Token::Timestamp(time) => pieces.push(Piece::Timestamp(time)),
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Token {
        Token::Text(s.to_string())
    }

    fn tag(name: &str, classes: &[&str], annotation: &str) -> Token {
        Token::StartTag {
            name: name.to_string(),
            classes: classes.iter().map(|c| c.to_string()).collect(),
            annotation: annotation.to_string(),
        }
    }

    #[test]
    fn tokenizes_tags_classes_and_annotations() {
        assert_eq!(
            tokenize("a<v.loud.x  Mary  Ann >b</v>c"),
            vec![
                text("a"),
                tag("v", &["loud", "x"], "Mary Ann"),
                text("b"),
                Token::EndTag("v".into()),
                text("c"),
            ]
        );
        assert_eq!(tokenize("<c."), vec![tag("c", &[""], "")]);
        assert_eq!(tokenize("<"), vec![tag("", &[], "")]);
        assert_eq!(tokenize("</"), vec![Token::EndTag(String::new())]);
        assert_eq!(tokenize("<v\nA>x"), vec![tag("v", &[], "A"), text("x")]);
        assert_eq!(tokenize("<v a &amp; b>"), vec![tag("v", &[], "a & b")]);
    }

    #[test]
    fn timestamps_must_be_whole_and_valid() {
        assert_eq!(
            tokenize("a<00:00:01.500>b<0:01.000>c<00:01.250"),
            vec![
                text("a"),
                Token::Timestamp(1_500),
                text("b"),
                text("c"),
                Token::Timestamp(1_250),
            ]
        );
    }

    #[test]
    fn decodes_entities_in_text() {
        assert_eq!(
            tokenize("Q&amp;A &lt;b&gt; 5&nbsp;pm &bogus; & &#8212;"),
            vec![text("Q&A <b> 5\u{A0}pm &bogus; & \u{2014}")]
        );
    }

    #[test]
    fn reads_pieces_without_markup_or_ruby_text() {
        assert_eq!(
            read_pieces(
                "<v.loud Ann>Hi <i>there</i>,<00:00:02.000> <ruby>漢<rt>kan</rt></ruby>!<rt>x</rt>"
            ),
            vec![
                Piece::Voice("Ann".into()),
                Piece::Text("Hi there,".into()),
                Piece::Timestamp(2_000),
                Piece::Text(" 漢!x".into()),
            ]
        );
        assert_eq!(
            read_pieces("<v>anonymous"),
            vec![Piece::Text("anonymous".into())]
        );
    }
}

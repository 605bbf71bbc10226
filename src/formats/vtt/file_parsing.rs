//! The WebVTT file parsing algorithm (<https://w3c.github.io/webvtt/#file-parsing>), step by
//! step: the signature check, the header block, then blocks that are cues, STYLE or REGION
//! definitions (those two only before the first cue) or nothing (NOTE comments, garbage).
//!
//! The code mirrors the spec's "collect a WebVTT block" loop closely, including its quirks: a
//! block ends at a blank line *or* at a second line containing `-->`; an id is whatever single
//! line precedes the timing line; a block whose timing line cannot be read is dropped whole.

use std::borrow::Cow;

use super::cue_settings::CueSettings;
use super::timestamp::collect_timestamp;
use crate::formats::byte_scan::find_byte;
use crate::formats::{ParseError, ParseResult};
use crate::model::Millis;

/// The message for a file that does not start with the `WEBVTT` signature.
pub const SIGNATURE_ERROR: &str = "not a WebVTT file: first line must start with WEBVTT";

/// One cue as the file states it: markup in `text` is not interpreted.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    /// The line before the timing line, or "" (NUL already replaced by U+FFFD).
    pub id: String,
    pub start: Millis,
    /// May be before `start`: the spec keeps such cues.
    pub end: Millis,
    pub settings: CueSettings,
    /// The raw payload, lines joined with "\n".
    pub text: String,
    /// 1-based line of the timing line in the input.
    pub line: usize,
}

/// A timing line that could not be read, kept for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidTiming {
    pub line: usize,
    pub text: String,
}

/// Everything the parser keeps from a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub cues: Vec<Cue>,
    /// The text of each STYLE block that came before the first cue (CSS, not interpreted).
    pub stylesheets: Vec<String>,
    /// The settings text of each REGION block that came before the first cue.
    pub regions: Vec<String>,
    /// The first block dropped because its timing line could not be read.
    pub first_invalid_timing: Option<InvalidTiming>,
}

/// Parses a whole file as a browser would. The only error is a missing signature; blocks that
/// are not valid cues are dropped silently (see [`Document::first_invalid_timing`]).
pub fn parse_document(input: &str) -> ParseResult<Document> {
    let mut cues = Vec::new();
    let mut document = parse_document_each(input, &mut |cue| cues.push(cue))?;
    document.cues = cues;
    Ok(document)
}

/// [`parse_document`], handing each cue to `each` as soon as it is read instead of keeping it
/// (the returned document's `cues` stay empty): a large file's cues are never all in memory at
/// once, only what the caller makes of them.
pub fn parse_document_each(input: &str, each: &mut dyn FnMut(Cue)) -> ParseResult<Document> {
    // The UTF-8 decoder strips one byte-order mark; a second one is content and fails the check.
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    let text = normalize(input);
    if !has_signature(&text) {
        return Err(ParseError::new(1, SIGNATURE_ERROR));
    }
    let mut parser = Parser {
        text: &text,
        pos: 0,
        line: 1,
        seen_cue: false,
        document: Document::default(),
        each,
    };
    parser.run();
    Ok(parser.document)
}

/// The cues of a file, as [`parse_document`] finds them.
pub fn parse_cues(input: &str) -> ParseResult<Vec<Cue>> {
    parse_document(input).map(|document| document.cues)
}

/// The spec's preprocessing: NUL becomes U+FFFD, and CRLF or a lone CR becomes LF. Most files
/// have neither and are used as they are.
fn normalize(input: &str) -> Cow<'_, str> {
    let is_special = |b: u8| b == b'\0' || b == b'\r';
    if find_byte(input.as_bytes(), is_special).is_none() {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    // NUL and CR are one byte each, so every slice below starts and ends on a char boundary.
    let mut rest = input;
    while let Some(at) = find_byte(rest.as_bytes(), is_special) {
        out.push_str(rest.get(..at).unwrap_or_default());
        let after = rest.get(at + 1..).unwrap_or_default();
        rest = if rest.as_bytes().get(at) == Some(&b'\0') {
            out.push('\u{FFFD}');
            after
        } else {
            out.push('\n');
            after.strip_prefix('\n').unwrap_or(after)
        };
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `WEBVTT`, then the end of the file or a space, tab or line break.
fn has_signature(text: &str) -> bool {
    text.strip_prefix("WEBVTT")
        .is_some_and(|rest| matches!(rest.chars().next(), None | Some(' ' | '\t' | '\n')))
}

enum Block {
    Cue(Cue),
    Stylesheet(String),
    Region(String),
}

#[derive(Clone, Copy)]
enum BlockKind {
    Other,
    Stylesheet,
    Region,
}

struct Parser<'a, 'b> {
    text: &'a str,
    /// Byte offset of the next unread character.
    pos: usize,
    /// 1-based line number of the character at `pos`.
    line: usize,
    seen_cue: bool,
    document: Document,
    /// Takes each cue as it is read.
    each: &'b mut dyn FnMut(Cue),
}

impl<'a> Parser<'a, '_> {
    fn run(&mut self) {
        // The rest of the signature line is free text.
        self.read_line();
        if self.at_end() {
            return;
        }
        if self.next_char() == Some('\n') {
            self.skip_line_feeds();
        } else {
            // Header lines (`Kind: captions`, `Language: en`...) until a blank line.
            self.collect_block(true);
            self.skip_line_feeds();
        }
        while !self.at_end() {
            let before = self.pos;
            match self.collect_block(false) {
                Some(Block::Cue(cue)) => (self.each)(cue),
                Some(Block::Stylesheet(css)) => self.document.stylesheets.push(css),
                Some(Block::Region(settings)) => self.document.regions.push(settings),
                None => {}
            }
            if self.pos == before {
                // Cannot happen outside the header (a block reads at least one line), but a
                // parser must never spin.
                self.read_line();
            }
            self.skip_line_feeds();
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn next_char(&self) -> Option<char> {
        self.text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    /// Reads up to the next LF and steps over it; the flag is the spec's "seen EOF".
    fn read_line(&mut self) -> (&'a str, bool) {
        let rest = self.text.get(self.pos..).unwrap_or("");
        match find_byte(rest.as_bytes(), |b| b == b'\n') {
            Some(end) => {
                self.pos += end + 1;
                self.line += 1;
                (rest.get(..end).unwrap_or_default(), false)
            }
            None => {
                self.pos = self.text.len();
                (rest, true)
            }
        }
    }

    fn skip_line_feeds(&mut self) {
        while self.next_char() == Some('\n') {
            self.pos += 1;
            self.line += 1;
        }
    }

    /// "Collect a WebVTT block".
    fn collect_block(&mut self, in_header: bool) -> Option<Block> {
        let mut line_count = 0usize;
        let mut previous = (self.pos, self.line);
        let mut buffer = String::new();
        let mut seen_arrow = false;
        let mut cue: Option<Cue> = None;
        let mut kind = BlockKind::Other;
        loop {
            let line_number = self.line;
            let (line, seen_eof) = self.read_line();
            line_count += 1;
            if line.contains("-->") {
                let may_be_timing = line_count == 1 || (line_count == 2 && !seen_arrow);
                if in_header || !may_be_timing {
                    // The line starts the next block.
                    (self.pos, self.line) = previous;
                    break;
                }
                seen_arrow = true;
                previous = (self.pos, self.line);
                cue = match parse_timing_line(line) {
                    Some((start, end, settings)) => {
                        self.seen_cue = true;
                        Some(Cue {
                            id: std::mem::take(&mut buffer),
                            start,
                            end,
                            settings,
                            text: String::new(),
                            line: line_number,
                        })
                    }
                    None => {
                        self.note_invalid_timing(line_number, line);
                        None
                    }
                };
            } else if line.is_empty() {
                break;
            } else {
                if !in_header && line_count == 2 && !self.seen_cue {
                    if is_keyword_line(&buffer, "STYLE") {
                        kind = BlockKind::Stylesheet;
                        buffer.clear();
                    } else if is_keyword_line(&buffer, "REGION") {
                        kind = BlockKind::Region;
                        buffer.clear();
                    }
                }
                if !buffer.is_empty() {
                    buffer.push('\n');
                }
                buffer.push_str(line);
                previous = (self.pos, self.line);
            }
            if seen_eof {
                break;
            }
        }
        if let Some(mut cue) = cue {
            cue.text = buffer;
            return Some(Block::Cue(cue));
        }
        match kind {
            BlockKind::Stylesheet => Some(Block::Stylesheet(buffer)),
            BlockKind::Region => Some(Block::Region(buffer)),
            BlockKind::Other => None,
        }
    }

    fn note_invalid_timing(&mut self, line: usize, text: &str) {
        if self.document.first_invalid_timing.is_none() {
            self.document.first_invalid_timing = Some(InvalidTiming {
                line,
                text: text.to_string(),
            });
        }
    }
}

/// `STYLE` or `REGION` alone on its line (trailing whitespace allowed).
fn is_keyword_line(line: &str, keyword: &str) -> bool {
    line.strip_prefix(keyword)
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_whitespace()))
}

/// "Collect WebVTT cue timings and settings": `start --> end settings...`.
fn parse_timing_line(line: &str) -> Option<(Millis, Millis, CueSettings)> {
    let ascii_whitespace = |c: char| c.is_ascii_whitespace();
    let rest = line.trim_start_matches(ascii_whitespace);
    let (start, rest) = collect_timestamp(rest)?;
    let rest = rest.trim_start_matches(ascii_whitespace);
    let rest = rest.strip_prefix("-->")?;
    let rest = rest.trim_start_matches(ascii_whitespace);
    let (end, rest) = collect_timestamp(rest)?;
    Some((start, end, CueSettings::parse(rest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(input: &str) -> Vec<Cue> {
        parse_cues(input).expect("valid signature")
    }

    #[test]
    fn signature_rules() {
        let cases = [
            ("WEBVTT", true),
            ("WEBVTT\n", true),
            ("\u{FEFF}WEBVTT\n", true),
            ("WEBVTT - a description\n", true),
            ("WEBVTT\tx\n", true),
            ("WEBVTT\r\n", true),
            ("", false),
            ("WEBVT", false),
            ("webvtt\n", false),
            ("WEBVTTX\n", false),
            ("WEBVTT\u{c}\n", false),
            ("\u{FEFF}\u{FEFF}WEBVTT\n", false),
            ("1\n00:00:01,000 --> 00:00:02,000\nhi\n", false),
        ];
        for (input, ok) in cases {
            let result = parse_document(input);
            assert_eq!(result.is_ok(), ok, "{input:?}");
            if let Err(error) = result {
                assert_eq!(error, ParseError::new(1, SIGNATURE_ERROR));
            }
        }
    }

    #[test]
    fn reads_ids_text_and_lines() {
        let input = "WEBVTT\nKind: captions\n\nintro\n00:01.000 --> 00:00:02.500 align:start\nHello\nthere\n\n\n\n00:03.000 --> 00:04.000\n<v Ann>Bye\n";
        let got = cues(input);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].id, "intro");
        assert_eq!((got[0].start, got[0].end), (1_000, 2_500));
        assert_eq!(got[0].text, "Hello\nthere");
        assert_eq!(got[0].line, 5);
        assert_eq!(got[0].settings.align.as_str(), "start");
        assert_eq!(got[1].id, "");
        assert_eq!(got[1].text, "<v Ann>Bye");
        assert_eq!(got[1].line, 11);
    }

    #[test]
    fn line_ends_and_nul() {
        let input =
            "WEBVTT\r\rcr\r00:00.000 --> 00:01.000\ra\0b\r\n\r\nx\n00:01.000 --> 00:02.000\n";
        let got = cues(input);
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].id.as_str(), got[0].text.as_str()),
            ("cr", "a\u{FFFD}b")
        );
        assert_eq!(got[0].line, 4);
        assert_eq!((got[1].id.as_str(), got[1].text.as_str()), ("x", ""));
    }

    #[test]
    fn every_kind_of_line_end_separates_lines_and_blocks() {
        // CR, LF and CRLF are one line end each; LF followed by CR is two (a blank line).
        let input = "WEBVTT\r\ra\r00:00.000 --> 00:01.000\rone\r\r\
            b\n00:01.000 --> 00:02.000\ntwo\n\n\
            c\r\n00:02.000 --> 00:03.000\r\nthree\r\n\r\n\
            d\n00:03.000 --> 00:04.000\nfour\n\rnot an id\n00:04.000 --> 00:05.000\n";
        let got: Vec<(String, String)> = cues(input)
            .into_iter()
            .map(|cue| (cue.id, cue.text))
            .collect();
        let want = [
            ("a", "one"),
            ("b", "two"),
            ("c", "three"),
            ("d", "four"),
            ("not an id", ""),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(id, text)| (id.to_string(), text.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn drops_blocks_with_bad_timings_and_remembers_the_first() {
        let input =
            "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nsrt style\n\n00:02.000 --> 00:03.000\nkept\n";
        let document = parse_document(input).expect("signature");
        assert_eq!(document.cues.len(), 1);
        assert_eq!(document.cues[0].text, "kept");
        assert_eq!(
            document.first_invalid_timing,
            Some(InvalidTiming {
                line: 3,
                text: "00:00:01,000 --> 00:00:02,000".into()
            })
        );
    }

    #[test]
    fn a_second_arrow_line_starts_a_new_block() {
        let input = "WEBVTT\n\n00:00.000 --> 00:01.000\none\n00:01.000 --> 00:02.000\ntwo\n";
        let got = cues(input);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].text, "one");
        assert_eq!(got[1].text, "two");
    }

    #[test]
    fn notes_styles_and_regions() {
        let input = "WEBVTT\n\nNOTE a comment\nover two lines\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r1\n\n00:00.000 --> 00:01.000\ntext\n\nSTYLE\n::cue { color: blue }\n";
        let document = parse_document(input).expect("signature");
        assert_eq!(
            document.stylesheets,
            vec!["::cue { color: red }".to_string()]
        );
        assert_eq!(document.regions, vec!["id:r1".to_string()]);
        assert_eq!(document.cues.len(), 1);
        assert_eq!(document.first_invalid_timing, None);
    }

    #[test]
    fn timing_in_the_header_starts_a_cue() {
        let got = cues("WEBVTT\n00:00.000 --> 00:01.000\ntext\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].text, "text");
    }

    #[test]
    fn survives_hostile_input() {
        let inputs = [
            "WEBVTT\n-->",
            "WEBVTT\n\n-->\n-->\n-->",
            "WEBVTT\n\n\u{FFFD}-->\u{0}",
            "WEBVTT\n\n99999999999999999999999:00:00.000 --> 00:01.000\nx",
            "WEBVTT\n\n00:00.000 --> 00:01.000 line:1e999 position:%%% size:-1%",
            "WEBVTT\r",
            "WEBVTT \u{10FFFF}\n\n\u{10FFFF}",
        ];
        for input in inputs {
            let _ = parse_document(input);
        }
    }
}

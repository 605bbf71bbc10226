//! Bytes to text, and text to something safe to display.
//!
//! Decoding follows SPEC §3.1: a BOM wins (UTF-8, UTF-16 and UTF-32, either byte order); otherwise
//! valid UTF-8 is taken as is, and anything else is read as Windows-1252, the encoding legacy
//! subtitle tools write. `encoding_rs` has no UTF-32, so those two BOMs are decoded here.
//!
//! Sanitizing follows SPEC §9: text from transcripts is shown, never obeyed, so control
//! characters, terminal escape sequences and bidirectional overrides are removed, once, at import.

mod terminal;

use std::borrow::Cow;

use super::byte_scan::{ByteScan, any_lead_char};
use crate::model::Transcript;
pub use terminal::{TerminalSafe, json_safe, terminal_text};

/// Decodes a transcript file's bytes. Never fails: undecodable bytes become U+FFFD.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some(text) = decode_utf32_with_bom(bytes) {
        return Cow::Owned(text);
    }
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text
        }
    }
}

fn decode_utf32_with_bom(bytes: &[u8]) -> Option<String> {
    let little_endian = match bytes {
        [0xFF, 0xFE, 0x00, 0x00, ..] => true,
        [0x00, 0x00, 0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let text = bytes[4..]
        .chunks(4)
        .map(|chunk| {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            let value = if little_endian {
                u32::from_le_bytes(word)
            } else {
                u32::from_be_bytes(word)
            };
            char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER)
        })
        .collect();
    Some(text)
}

/// True when decoded text looks like binary data rather than a transcript: NUL bytes or a high
/// share of control characters near the start.
pub fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(4096).collect();
    if sample.is_empty() {
        return false;
    }
    let controls = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    sample.contains(&'\0') || controls * 100 > sample.len()
}

/// Display text for one line: escape sequences and control characters removed, runs of
/// whitespace collapsed to one space, trimmed.
pub fn sanitize_line(input: &str) -> String {
    if is_clean(input) {
        return input.to_string();
    }
    sanitize_slow(input)
}

/// Cleans `text` in place, without allocating when it is already clean (the common case:
/// parsers emit collapsed text, so this is a scan).
pub fn sanitize_in_place(text: &mut String) {
    if !is_clean(text) {
        *text = sanitize_slow(text);
    }
}

/// True when [`sanitize_line`] would return the input unchanged: no leading, trailing or
/// doubled whitespace, no whitespace other than a plain space, no control or bidi characters.
/// Only non-ASCII characters are decoded.
fn is_clean(input: &str) -> bool {
    let scan = ByteScan::of(input);
    scan.is_trimmed_single_spaced()
        && !scan.controls
        && !(scan.leads
            && any_lead_char(input, |c| {
                c.is_whitespace() || c.is_control() || is_bidi_control(c)
            }))
}

fn sanitize_slow(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            skip_escape_sequence(&mut chars);
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c.is_control() || is_bidi_control(c) {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Skips the rest of an ANSI escape sequence after ESC: CSI (`ESC [ ... final`), OSC/DCS/APC/PM
/// (`ESC ] ... BEL` or `ESC ] ... ESC \`), or a two-character escape. Public for the other places
/// that strip escapes from text they show.
pub fn skip_escape_sequence(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => {
            for c in chars.by_ref() {
                if ('\u{40}'..='\u{7e}').contains(&c) {
                    break;
                }
            }
        }
        Some(']' | 'P' | '_' | '^' | 'X') => {
            while let Some(c) = chars.next() {
                if c == '\u{7}' || c == '\u{9c}' {
                    break;
                }
                if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                    chars.next();
                    break;
                }
            }
        }
        _ => {}
    }
}

/// Bidirectional embedding/override/isolate controls can make displayed text lie about its order.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Cleans every string of a parsed transcript that will ever be displayed.
pub fn sanitize_transcript(transcript: &mut Transcript) {
    if let Some(title) = &mut transcript.title {
        sanitize_in_place(title);
    }
    if transcript.title.as_deref() == Some("") {
        transcript.title = None;
    }
    for segment in &mut transcript.segments {
        sanitize_in_place(&mut segment.text);
        if let Some(speaker) = &mut segment.speaker {
            sanitize_in_place(speaker);
        }
        if segment.speaker.as_deref() == Some("") {
            segment.speaker = None;
        }
        for word in &mut segment.words {
            sanitize_in_place(&mut word.text);
        }
        segment.words.retain(|w| !w.text.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_by_bom_then_utf8_then_windows_1252() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"plain".to_vec(), "plain"),
            (b"\xEF\xBB\xBFbom".to_vec(), "bom"),
            (vec![0xFF, 0xFE, b'h', 0, b'i', 0], "hi"),
            (vec![0xFE, 0xFF, 0, b'h', 0, b'i'], "hi"),
            (vec![0xFF, 0xFE, 0, 0, b'h', 0, 0, 0, 0xE9, 0, 0, 0], "hé"),
            (vec![0, 0, 0xFE, 0xFF, 0, 0, 0, b'h', 0, 0, 0, 0xE9], "hé"),
            (
                b"caf\xE9 \x93quoted\x94".to_vec(),
                "café \u{201c}quoted\u{201d}",
            ),
            ("déjà vu".as_bytes().to_vec(), "déjà vu"),
        ];
        for (bytes, want) in cases {
            assert_eq!(decode(&bytes), want, "{bytes:?}");
        }
    }

    #[test]
    fn truncated_utf32_does_not_panic() {
        assert_eq!(decode(&[0xFF, 0xFE, 0, 0, b'a', 0]), "a");
    }

    #[test]
    fn strips_escapes_and_controls() {
        let cases = [
            ("hello\u{1b}[31mred\u{1b}[0m", "hellored"),
            ("title\u{1b}]0;pwned\u{7}after", "titleafter"),
            ("osc\u{1b}]8;;http://x\u{1b}\\link", "osclink"),
            ("bell\u{7} and \u{8}backspace", "bell and backspace"),
            ("  two\n lines\t here  ", "two lines here"),
            ("c1\u{9b}31m", "c131m"),
            ("rtl\u{202e}evil", "rtlevil"),
            ("lone escape\u{1b}", "lone escape"),
        ];
        for (input, want) in cases {
            assert_eq!(sanitize_line(input), want, "{input:?}");
            let mut in_place = input.to_string();
            sanitize_in_place(&mut in_place);
            assert_eq!(in_place, want, "{input:?}");
        }
        for clean in [
            "",
            "a",
            "two words",
            "caf\u{e9} na\u{ef}ve",
            "\u{65e5}\u{672c}",
        ] {
            assert!(
                is_clean(clean) && sanitize_line(clean) == clean,
                "{clean:?}"
            );
        }
        for dirty in [
            " a",
            "a ",
            "a  b",
            "a\tb",
            "a\u{a0}b",
            "a\u{202e}b",
            "\u{85}",
        ] {
            assert!(!is_clean(dirty), "{dirty:?}");
        }
    }

    #[test]
    fn binary_is_recognised() {
        assert!(looks_binary("PK\u{3}\u{4}\0\0\0"));
        assert!(!looks_binary("WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n"));
    }
}

//! Display text from the text a file holds: runs of whitespace (line breaks included) become one
//! space, with none at either end. Every parser builds its segment text this way, so this is
//! written for speed: text that is display text already (most of it) is copied whole.

use super::byte_scan::{ByteScan, any_lead_char};
use crate::model::Word;

/// Builds display text a piece at a time: runs of whitespace (line breaks included) become one
/// space, with none at either end; pieces are joined as written, so a word split across two
/// pieces stays one word. The result is `split_whitespace` joined with single spaces, without a
/// vector of words or a second copy.
#[derive(Debug, Default)]
pub(crate) struct Collapsed {
    text: String,
    pending_space: bool,
}

impl Collapsed {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Collapsed {
            text: String::with_capacity(capacity),
            pending_space: false,
        }
    }

    pub(crate) fn push_str(&mut self, piece: &str) {
        let bytes = piece.as_bytes();
        if is_collapsed(piece) {
            if !piece.is_empty() {
                self.push_run(piece);
            }
            return;
        }
        // Words separated by single spaces are already display text: they are copied as one
        // run, which ends only at other whitespace.
        let mut run_start: Option<usize> = None;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let space = match BYTE_CLASS.get(usize::from(b)) {
                Some(&TEXT) => 0,
                Some(&ASCII_SPACE) => 1,
                _ => whitespace_len(piece, i, b),
            };
            if space == 0 {
                run_start.get_or_insert(i);
                i += 1;
                continue;
            }
            let next_is_text = bytes
                .get(i + 1)
                .is_some_and(|&next| BYTE_CLASS.get(usize::from(next)) == Some(&TEXT));
            if b == b' ' && run_start.is_some() && next_is_text {
                i += 2;
                continue;
            }
            // `i` is where a whitespace character starts, so a char boundary.
            if let Some(start) = run_start.take() {
                self.push_run(piece.get(start..i).unwrap_or_default());
            }
            self.pending_space = !self.text.is_empty();
            i += space;
        }
        if let Some(start) = run_start {
            self.push_run(piece.get(start..).unwrap_or_default());
        }
    }

    /// Ends the word being built: the next piece starts a new one, as if whitespace came between.
    pub(crate) fn separate(&mut self) {
        self.pending_space = !self.text.is_empty();
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn push_run(&mut self, run: &str) {
        if std::mem::take(&mut self.pending_space) {
            self.text.push(' ');
        }
        self.text.push_str(run);
    }

    pub(crate) fn into_string(self) -> String {
        self.text
    }
}

/// Words joined with single spaces: the display text of timed words.
pub(crate) fn join_words(words: &[Word]) -> String {
    let mut text = String::with_capacity(words.iter().map(|word| word.text.len() + 1).sum());
    for (index, word) in words.iter().enumerate() {
        if index > 0 {
            text.push(' ');
        }
        text.push_str(&word.text);
    }
    text
}

/// Whether `text` has no whitespace but single plain spaces between words: the common case,
/// found with a few passes that do not branch on every byte.
fn is_collapsed(text: &str) -> bool {
    let scan = ByteScan::of(text);
    scan.is_trimmed_single_spaced()
        && !scan.controls
        && !(scan.leads && any_lead_char(text, char::is_whitespace))
}

/// [`collapse_whitespace`] for a string that is usually collapsed already: then it is returned
/// as it is, without a copy.
pub(crate) fn collapse_owned(text: String) -> String {
    if is_collapsed(&text) {
        text
    } else {
        collapse_whitespace(&text)
    }
}

/// `text` with runs of whitespace made single spaces and the ends trimmed.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut collapsed = Collapsed::with_capacity(text.len());
    collapsed.push_str(text);
    collapsed.into_string()
}

/// What a byte can be in UTF-8 text, as far as `char::is_whitespace` goes: ASCII whitespace, the
/// first byte of a character that may be whitespace (U+0085, U+00A0, U+1680, U+2000 to U+205F,
/// U+3000), or anything else.
const TEXT: u8 = 0;
const ASCII_SPACE: u8 = 1;
const MAYBE_SPACE: u8 = 2;
const BYTE_CLASS: [u8; 256] = {
    let mut class = [TEXT; 256];
    let mut b = 0x09;
    while b <= 0x0D {
        class[b] = ASCII_SPACE;
        b += 1;
    }
    class[0x20] = ASCII_SPACE;
    class[0xC2] = MAYBE_SPACE;
    class[0xE1] = MAYBE_SPACE;
    class[0xE2] = MAYBE_SPACE;
    class[0xE3] = MAYBE_SPACE;
    class
};

/// The byte length of the whitespace character (`char::is_whitespace`) starting at byte `i` of
/// `text`, whose byte is `b`, or 0. Non-ASCII whitespace starts with one of four lead bytes, so
/// other bytes are never decoded.
fn whitespace_len(text: &str, i: usize, b: u8) -> usize {
    match b {
        b'\t'..=b'\r' | b' ' => 1,
        0xC2 | 0xE1 | 0xE2 | 0xE3 => text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_like_split_whitespace() {
        let cases = [
            "",
            "  ",
            " a  b\t\nc ",
            "one",
            "a\u{a0}b\u{2003}c\u{3000}d\u{85}e\u{b}f",
            "caf\u{e9} \u{2014} na\u{ef}ve\u{e1}\u{9a}",
            "\u{2028}x\u{2029}\u{202f}y\u{205f}",
        ];
        for input in cases {
            let want = input.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(input), want, "{input:?}");
        }
        let mut pieces = Collapsed::default();
        for piece in ["  un", "believ", "able \n", "", " next", " "] {
            pieces.push_str(piece);
        }
        assert_eq!(pieces.into_string(), "unbelievable next");
        let mut words = Collapsed::default();
        for piece in ["one", "two", " ", "three"] {
            words.push_str(piece);
            words.separate();
        }
        assert_eq!(words.into_string(), "one two three");
    }
}

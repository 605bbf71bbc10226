//! The last line of defence at the terminal: every byte the command line writes to standard
//! output and standard error passes through [`TerminalSafe`], which drops what a terminal would
//! obey rather than show (escape sequences, C0 and C1 controls other than newline and tab,
//! bidirectional overrides). Text read from files and the network is also cleaned where it is
//! loaded, so this only catches what a path forgot; it makes "nothing printed takes over the
//! terminal" a property of the output streams rather than of every `writeln!`.
//!
//! JSON output is different: its strings must keep their content, so [`json_safe`] escapes the
//! characters JSON leaves raw (`U+007F`, C1 controls, bidi controls, line separators) as `\uXXXX`.

use std::io::{self, Write};

use super::{is_bidi_control, skip_escape_sequence};
use crate::formats::byte_scan::{any_lead_char, find_byte};

/// SGR parameters podgloss's own styling uses (reset, bold, dim, cyan); with styling on, these
/// pass and every other escape sequence is dropped. None of them moves the cursor, hides text or
/// talks to the terminal.
const STYLE_CODES: &[&str] = &["0", "1", "2", "36"];

/// A writer that passes text and drops everything a terminal would execute.
pub struct TerminalSafe<W: Write> {
    inner: W,
    /// Pass podgloss's own SGR styles (see [`STYLE_CODES`]).
    styles: bool,
    /// Bytes received and not yet passed on: the start of a UTF-8 character cut by the end of
    /// the previous write, or, when [`TerminalSafe::blocks`], everything since the last block.
    pending: Vec<u8>,
    /// Pass text on in blocks of about this many bytes, cut after a newline (0: at every write).
    block: usize,
}

/// The block size of [`TerminalSafe::blocks`]: one `write` system call per block.
const BLOCK: usize = 1 << 16;

impl<W: Write> TerminalSafe<W> {
    /// Passes each write on at once (but a character cut in two): for a terminal, which must
    /// see each line as it is printed, and for standard error.
    pub fn new(inner: W, styles: bool) -> Self {
        TerminalSafe {
            inner,
            styles,
            pending: Vec::new(),
            block: 0,
        }
    }

    /// Collects writes and passes them on in blocks of whole lines, for a pipe or a file.
    /// `writeln!` makes a write per piece of its format string, and cleaning each piece on its
    /// own was a fifth of the CPU time of `podgloss list` on 1,384 episodes (profiled); a block
    /// is also one `write` system call instead of one per line.
    pub fn blocks(inner: W, styles: bool) -> Self {
        TerminalSafe {
            inner,
            styles,
            pending: Vec::with_capacity(BLOCK + BLOCK / 4),
            block: BLOCK,
        }
    }

    /// Cleans `bytes` and writes them on, all but a character cut at the end, which is
    /// returned.
    fn pass_on(&mut self, bytes: &[u8]) -> io::Result<Vec<u8>> {
        let (text, cut) = split_utf8(bytes);
        if has_controls(&text) {
            self.inner
                .write_all(terminal_text(&text, self.styles).as_bytes())?;
        } else {
            self.inner.write_all(text.as_bytes())?;
        }
        Ok(cut.to_vec())
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.block == 0 && self.pending.is_empty() {
            self.pending = self.pass_on(buf)?;
            return Ok(buf.len());
        }
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= self.block {
            // A block ends after its last newline, so an escape sequence of our own styling
            // (which never spans lines) is never cut in two; a block with no newline at all
            // goes on whole.
            let end = match self.pending.iter().rposition(|&b| b == b'\n') {
                Some(newline) if self.block > 0 => newline + 1,
                _ => self.pending.len(),
            };
            let rest = self.pending.split_off(end);
            let block = std::mem::take(&mut self.pending);
            self.pending = self.pass_on(&block)?;
            self.pending.extend_from_slice(&rest);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let pending = std::mem::take(&mut self.pending);
            if !self.pass_on(&pending)?.is_empty() {
                // A character that never completed: show that something was there.
                self.inner.write_all("\u{fffd}".as_bytes())?;
            }
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for TerminalSafe<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// The longest prefix of `bytes` that is whole characters (invalid bytes become U+FFFD) and the
/// cut character at the end, if any.
fn split_utf8(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, &[u8]) {
    let mut cut = bytes.len();
    // A character is at most 4 bytes: look for an unfinished one among the last three.
    for back in 1..=3.min(bytes.len()) {
        let b = bytes[bytes.len() - back];
        if b & 0xC0 == 0x80 {
            continue;
        }
        let width = match b {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => 1,
        };
        if width > back {
            cut = bytes.len() - back;
        }
        break;
    }
    let whole = &bytes[..cut];
    // `from_utf8` checks a word at a time; the lossy decoder goes byte by byte.
    let text = match std::str::from_utf8(whole) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(whole),
    };
    (text, &bytes[cut..])
}

/// Whether the text holds a character [`terminal_text`] removes: an ASCII control other than
/// newline and tab, found by a vectorised scan, or a C1 or bidi control, which only the
/// characters with the lead bytes [`any_lead_char`] looks at can be (`0xC2` and `0xE2` also lead
/// `·`, `’`, `—` and other common characters, so those are decoded and asked).
fn has_controls(text: &str) -> bool {
    let ascii_control = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F;
    find_byte(text.as_bytes(), ascii_control).is_some()
        || any_lead_char(text, |c| c.is_control() || is_bidi_control(c))
}

/// `text` as it may reach a terminal: escape sequences (except podgloss's own styles when
/// `styles`), controls other than newline and tab, and bidi controls removed.
pub fn terminal_text(text: &str, styles: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            match own_style(chars.clone()).filter(|_| styles) {
                Some(style) => {
                    out.push('\u{1b}');
                    out.push_str(&style);
                    for _ in 0..style.chars().count() {
                        chars.next();
                    }
                }
                None => skip_escape_sequence(&mut chars),
            }
            continue;
        }
        if matches!(c, '\n' | '\t') || !(c.is_control() || is_bidi_control(c)) {
            out.push(c);
        }
    }
    out
}

/// `[<code>m` after an ESC when `<code>` is one of [`STYLE_CODES`].
fn own_style(mut chars: impl Iterator<Item = char>) -> Option<String> {
    if chars.next() != Some('[') {
        return None;
    }
    let mut code = String::new();
    for c in chars.take(4) {
        if c == 'm' {
            return STYLE_CODES
                .contains(&code.as_str())
                .then(|| format!("[{code}m"));
        }
        code.push(c);
    }
    None
}

/// A line of JSON with every character a terminal might obey escaped as `\uXXXX`. JSON already
/// escapes C0 controls; DEL, C1 controls, bidi controls and the Unicode line separators are
/// legal raw in JSON strings, so serializers leave them. They can only occur inside strings.
pub fn json_safe(line: String) -> String {
    let risky = |c: char| {
        c == '\u{7f}'
            || c.is_control()
            || is_bidi_control(c)
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
            )
    };
    if !line.chars().any(risky) {
        return line;
    }
    let mut out = String::with_capacity(line.len() + 16);
    for c in line.chars() {
        if risky(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The strings the issue found reaching terminals raw.
    const HOSTILE: &[&str] = &[
        "\u{1b}]52;c;cHduZWQ=\u{7}",
        "\u{1b}[2J",
        "\u{7}",
        "\u{9b}2J",
        "\u{202e}evil",
        "\u{1b}[31m",
        "\u{1b}P1;2|x\u{1b}\\",
        "\r\u{8}",
    ];

    /// What reaches the inner writer, the same in both modes (checked here).
    fn through(chunks: &[&[u8]], styles: bool) -> String {
        let run = |blocks: bool| {
            let mut out = Vec::new();
            {
                let mut safe = if blocks {
                    TerminalSafe::blocks(&mut out, styles)
                } else {
                    TerminalSafe::new(&mut out, styles)
                };
                for chunk in chunks {
                    safe.write_all(chunk).unwrap();
                }
                safe.flush().unwrap();
            }
            String::from_utf8(out).unwrap()
        };
        let at_once = run(false);
        assert_eq!(run(true), at_once, "blocks and write-through differ");
        at_once
    }

    fn assert_inert(text: &str) {
        for c in text.chars() {
            assert!(
                matches!(c, '\n' | '\t') || !(c.is_control() || is_bidi_control(c)),
                "{c:?} leaked in {text:?}"
            );
        }
    }

    #[test]
    fn hostile_strings_are_dropped_styles_kept_only_when_asked() {
        for hostile in HOSTILE {
            let line = format!("a{hostile}b\n");
            let plain = through(&[line.as_bytes()], false);
            assert_inert(&plain);
            assert!(
                plain.starts_with('a') && plain.ends_with("b\n"),
                "{plain:?}"
            );
            let styled = through(&[line.as_bytes()], true);
            assert_inert(&styled);
        }
        let own = "\u{1b}[1mbold\u{1b}[0m \u{1b}[36mslug\u{1b}[0m\n";
        assert_eq!(through(&[own.as_bytes()], true), own);
        assert_eq!(through(&[own.as_bytes()], false), "bold slug\n");
        assert_eq!(through(&["\u{1b}[8mhidden".as_bytes()], true), "hidden");
    }

    #[test]
    fn characters_cut_between_writes_survive() {
        let text = "caf\u{e9} \u{202e}x \u{65e5}\u{9b}";
        let bytes = text.as_bytes();
        for cut in 0..bytes.len() {
            let got = through(&[&bytes[..cut], &bytes[cut..]], false);
            assert_eq!(got, "caf\u{e9} x \u{65e5}", "cut at {cut}");
        }
        assert_eq!(through(&[b"x\xff"], false), "x\u{fffd}");
        assert_eq!(through(&[b"x\xe6\x97"], false), "x\u{fffd}");
    }

    #[test]
    fn blocks_end_after_a_newline_so_styles_are_never_cut() {
        let line = "\u{1b}[36mslug\u{1b}[0m  caf\u{e9} \u{2014} \u{b7} text\n";
        let text = line.repeat(2 * BLOCK / line.len() + 3);
        let mut passed = Vec::new();
        let mut safe = TerminalSafe::blocks(Recorder(&mut passed), true);
        for piece in text.split_inclusive(' ') {
            safe.write_all(piece.as_bytes()).unwrap();
        }
        drop(safe);
        assert!(passed.len() > 2, "{} blocks", passed.len());
        for block in &passed[..passed.len() - 1] {
            assert!(block.ends_with(b"\n") && block.len() >= BLOCK - line.len());
        }
        assert_eq!(passed.concat(), text.as_bytes());
    }

    /// Keeps each write it is given apart.
    struct Recorder<'a>(&'a mut Vec<Vec<u8>>);

    impl Write for Recorder<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.push(buf.to_vec());
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    proptest::proptest! {
        /// The quick scan says "nothing to clean" exactly when cleaning would change nothing,
        /// on text dense with the characters that share its lead bytes.
        #[test]
        fn the_scan_flags_exactly_what_cleaning_removes(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', ' ', '\n', '\t', '\r', '\u{1b}', '\u{7}', '\u{7f}', '\u{80}', '\u{85}',
                '\u{9b}', '\u{9f}', '\u{a0}', '\u{b7}', '\u{e9}', '\u{2014}', '\u{2019}',
                '\u{2026}', '\u{2029}', '\u{202a}', '\u{202e}', '\u{202f}', '\u{2065}',
                '\u{2066}', '\u{2069}', '\u{206a}', '\u{200f}', '\u{65e5}', '\u{1f600}',
            ]), 0..10)
        ) {
            let text: String = chars.into_iter().collect();
            let unchanged = terminal_text(&text, false) == text;
            proptest::prop_assert_eq!(has_controls(&text), !unchanged, "{:?}", text);
        }
    }

    #[test]
    fn json_escapes_what_serializers_leave_raw() {
        let line = serde_json::to_string("a\u{9b}b\u{202e}c\u{7f}\u{1b}").unwrap();
        let safe = json_safe(line);
        assert_eq!(safe, r#""a\u009bb\u202ec\u007f\u001b""#);
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "a\u{9b}b\u{202e}c\u{7f}\u{1b}");
    }
}

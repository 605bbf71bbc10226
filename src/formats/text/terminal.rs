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

/// SGR parameters podgloss's own styling uses (reset, bold, dim, cyan); with styling on, these
/// pass and every other escape sequence is dropped. None of them moves the cursor, hides text or
/// talks to the terminal.
const STYLE_CODES: &[&str] = &["0", "1", "2", "36"];

/// A writer that passes text and drops everything a terminal would execute.
pub struct TerminalSafe<W: Write> {
    inner: W,
    /// Pass podgloss's own SGR styles (see [`STYLE_CODES`]).
    styles: bool,
    /// The start of a UTF-8 character cut by the end of the previous write.
    pending: Vec<u8>,
}

impl<W: Write> TerminalSafe<W> {
    pub fn new(inner: W, styles: bool) -> Self {
        TerminalSafe {
            inner,
            styles,
            pending: Vec::new(),
        }
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let joined;
        let bytes = if self.pending.is_empty() {
            buf
        } else {
            joined = [std::mem::take(&mut self.pending).as_slice(), buf].concat();
            &joined
        };
        let (text, rest) = split_utf8(bytes);
        self.pending.extend_from_slice(rest);
        if !needs_cleaning(text.as_bytes()) {
            self.inner.write_all(text.as_bytes())?;
        } else {
            self.inner
                .write_all(terminal_text(&text, self.styles).as_bytes())?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            // A character that never completed: show that something was there.
            self.pending.clear();
            self.inner.write_all("\u{fffd}".as_bytes())?;
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
    (String::from_utf8_lossy(&bytes[..cut]), &bytes[cut..])
}

/// Whether any byte may start something a terminal obeys: an ASCII control other than newline
/// and tab, DEL, or the lead byte of a C1 control (0xC2) or bidi control (0xE2). A scan without
/// branches, as whole transcripts go through it.
fn needs_cleaning(bytes: &[u8]) -> bool {
    bytes.chunks(64).any(|chunk| {
        chunk.iter().fold(false, |found, &b| {
            found
                | ((b < 0x20) & (b != b'\n') & (b != b'\t'))
                | (b == 0x7F)
                | (b == 0xC2)
                | (b == 0xE2)
        })
    })
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

    fn through(chunks: &[&[u8]], styles: bool) -> String {
        let mut out = Vec::new();
        {
            let mut safe = TerminalSafe::new(&mut out, styles);
            for chunk in chunks {
                safe.write_all(chunk).unwrap();
            }
            safe.flush().unwrap();
        }
        String::from_utf8(out).unwrap()
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
    fn json_escapes_what_serializers_leave_raw() {
        let line = serde_json::to_string("a\u{9b}b\u{202e}c\u{7f}\u{1b}").unwrap();
        let safe = json_safe(line);
        assert_eq!(safe, r#""a\u009bb\u202ec\u007f\u001b""#);
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "a\u{9b}b\u{202e}c\u{7f}\u{1b}");
    }
}

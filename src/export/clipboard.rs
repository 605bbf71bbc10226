//! Putting text on the clipboard from a terminal program, two ways at once:
//!
//! - **OSC 52**, the terminal's own clipboard escape, which works over SSH and in tmux (with
//!   `set -g set-clipboard on`, or `allow-passthrough on`, for which the sequence is also sent
//!   wrapped in tmux's passthrough). The payload is base64, so no byte of the copied text reaches
//!   the terminal as itself: a transcript line holding an escape sequence cannot act on it.
//! - **The system clipboard** through `arboard` when a display is present (`$DISPLAY` or
//!   `$WAYLAND_DISPLAY`). On X11 the copied text lives as long as the [`SystemClipboard`] that
//!   set it, so a long-running program (the TUI) keeps one for its lifetime.

use std::io::Write;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// The largest base64 payload sent: several terminals drop or truncate longer OSC 52 strings
/// (xterm's default limit is about 100 kB).
pub const OSC52_MAX_PAYLOAD: usize = 100_000;

/// The OSC 52 sequence that sets the clipboard (`c`) to `text`; `None` when it would be too
/// long for terminals to accept.
pub fn osc52(text: &str) -> Option<String> {
    let payload = STANDARD.encode(text.as_bytes());
    (payload.len() <= OSC52_MAX_PAYLOAD).then(|| format!("\u{1b}]52;c;{payload}\u{7}"))
}

/// The same sequence inside tmux's DCS passthrough (every ESC doubled), which reaches the
/// outer terminal when tmux has `allow-passthrough on`.
pub fn tmux_passthrough(sequence: &str) -> String {
    format!(
        "\u{1b}Ptmux;{}\u{1b}\\",
        sequence.replace('\u{1b}', "\u{1b}\u{1b}")
    )
}

/// What a copy reached, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    /// The OSC 52 sequence was written to the terminal.
    pub terminal: bool,
    /// The system clipboard took the text (`None`: no display, so not tried).
    pub system: Option<Result<(), String>>,
}

impl Copied {
    pub fn any(&self) -> bool {
        self.terminal || matches!(self.system, Some(Ok(())))
    }

    /// `copied (terminal + system clipboard)`, or why nothing was.
    pub fn describe(&self) -> String {
        let mut ways = Vec::new();
        if self.terminal {
            ways.push("terminal");
        }
        if let Some(Ok(())) = self.system {
            ways.push("system clipboard");
        }
        match (&self.system, ways.is_empty()) {
            (Some(Err(e)), true) => format!("not copied: {e}"),
            (_, true) => "not copied: too long for the terminal's clipboard".to_string(),
            _ => format!("copied ({})", ways.join(" + ")),
        }
    }
}

/// The system clipboard, opened on first use and kept open.
#[derive(Default)]
pub struct SystemClipboard {
    clipboard: Option<arboard::Clipboard>,
}

impl SystemClipboard {
    /// Whether a display server is there to hold a clipboard.
    pub fn display_present() -> bool {
        ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
    }

    pub fn set(&mut self, text: &str) -> Result<(), String> {
        if self.clipboard.is_none() {
            self.clipboard = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
        }
        match &mut self.clipboard {
            Some(clipboard) => clipboard.set_text(text).map_err(|e| e.to_string()),
            None => Err("no clipboard".to_string()),
        }
    }
}

/// Copies `text`: OSC 52 to `terminal` (plus tmux's passthrough form when `in_tmux`), and the
/// system clipboard when a display is present.
pub fn copy(
    text: &str,
    terminal: &mut dyn Write,
    in_tmux: bool,
    system: &mut SystemClipboard,
) -> Copied {
    let terminal_ok = match osc52(text) {
        Some(sequence) => {
            let mut bytes = sequence.clone();
            if in_tmux {
                bytes.push_str(&tmux_passthrough(&sequence));
            }
            terminal
                .write_all(bytes.as_bytes())
                .and_then(|()| terminal.flush())
                .is_ok()
        }
        None => false,
    };
    let system = SystemClipboard::display_present().then(|| system.set(text));
    Copied {
        terminal: terminal_ok,
        system,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_base64_and_nothing_raw() {
        let hostile = "> quote \u{1b}]0;pwned\u{7} \u{1b}[2J — Theo [1:12](https://x)\n";
        let sequence = osc52(hostile).unwrap();
        let payload = sequence
            .strip_prefix("\u{1b}]52;c;")
            .and_then(|s| s.strip_suffix('\u{7}'))
            .unwrap();
        assert!(
            payload
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)),
            "{payload}"
        );
        assert_eq!(STANDARD.decode(payload).unwrap(), hostile.as_bytes());
        assert_eq!(osc52(&"x".repeat(OSC52_MAX_PAYLOAD)), None);
    }

    #[test]
    fn tmux_passthrough_doubles_every_escape() {
        let wrapped = tmux_passthrough("\u{1b}]52;c;eA==\u{7}");
        assert_eq!(wrapped, "\u{1b}Ptmux;\u{1b}\u{1b}]52;c;eA==\u{7}\u{1b}\\");
    }

    #[test]
    fn copy_writes_the_sequence_and_reports_it() {
        let mut terminal: Vec<u8> = Vec::new();
        let mut system = SystemClipboard::default();
        let copied = copy("hello", &mut terminal, true, &mut system);
        assert!(copied.terminal);
        let written = String::from_utf8(terminal).unwrap();
        assert!(
            written.starts_with("\u{1b}]52;c;aGVsbG8=\u{7}\u{1b}Ptmux;"),
            "{written:?}"
        );
        assert!(
            copied.describe().starts_with("copied (terminal"),
            "{}",
            copied.describe()
        );
        let too_long = Copied {
            terminal: false,
            system: None,
        };
        assert!(!too_long.any());
        assert!(too_long.describe().contains("too long"));
    }
}

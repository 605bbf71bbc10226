//! Copying a quote: the Reader asks with [`Command::Copy`](crate::tui::command::Command::Copy);
//! the event loop calls [`App::copy`] between draws, with the terminal ratatui draws on, so the
//! OSC 52 sequence never lands in the middle of a frame.

use std::io::Write;

use super::App;
use crate::export::clipboard::copy;

impl App {
    /// Puts `text` on the clipboard (OSC 52 to `terminal`, and the system clipboard when there
    /// is a display) and says in the status line what was copied, and where to.
    pub fn copy(&mut self, text: &str, summary: &str, terminal: &mut dyn Write, in_tmux: bool) {
        let copied = copy(text, terminal, in_tmux, &mut self.clipboard);
        let message = format!("{summary} {}", copied.describe());
        if copied.any() {
            self.tell(message);
        } else {
            self.warn(message);
        }
    }
}

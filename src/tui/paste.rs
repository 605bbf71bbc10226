//! Pasted text. With bracketed paste on, the terminal hands a paste over as one event however
//! long it is, instead of thousands of keys that each run a search and make Esc and Ctrl-C wait
//! behind them. A paste is text the user did not type, perhaps copied from a web page: escape
//! sequences and control characters are dropped before it reaches a field, and a one-line field
//! gets one line.

use tui_input::Input;

use super::app::{App, IndexState, Overlay};
use super::screen::Screen;
use crate::formats::text::sanitize_line;

/// A paste for a one-line field: one line, whitespace collapsed, no control characters.
pub fn one_line(text: &str) -> String {
    sanitize_line(text)
}

/// A paste for a multi-line field: its lines, each cleaned of control characters and escape
/// sequences but keeping its indentation; line endings become `\n`.
pub fn lines(text: &str) -> String {
    text.lines()
        .map(|line| {
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            let columns: usize = line[..indent]
                .chars()
                .map(|c| if c == '\t' { 4 } else { 1 })
                .sum();
            let rest = sanitize_line(&line[indent..]);
            if rest.is_empty() {
                rest
            } else {
                format!("{}{rest}", " ".repeat(columns))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `input` with `text` inserted at its cursor, the cursor after it.
fn inserted(input: &Input, text: &str) -> Input {
    let value = input.value();
    let at = value
        .char_indices()
        .nth(input.cursor())
        .map_or(value.len(), |(i, _)| i);
    let mut new = String::with_capacity(value.len() + text.len());
    new.push_str(&value[..at]);
    new.push_str(text);
    new.push_str(&value[at..]);
    let cursor = input.cursor() + text.chars().count();
    Input::new(new).with_cursor(cursor)
}

impl App {
    /// Puts pasted text into the field that has the focus: the prompt or form on top, else the
    /// screen's text field. A screen without one ignores it.
    pub fn paste(&mut self, text: &str) {
        if let Some(overlay) = self.overlay.as_mut() {
            match overlay {
                Overlay::Prompt(prompt) => prompt.input = inserted(&prompt.input, &one_line(text)),
                Overlay::Define(form) => match form.focus {
                    0 => form.term = inserted(&form.term, &one_line(text)),
                    1 => form.aliases = inserted(&form.aliases, &one_line(text)),
                    _ => {
                        form.definition.insert_str(lines(text));
                    }
                },
                Overlay::Note(form) => {
                    form.text.insert_str(lines(text));
                }
            }
            self.form_changed();
            return;
        }
        let line = one_line(text);
        if line.is_empty() {
            return;
        }
        let index_ready = self.index == IndexState::Ready;
        let command = match self.screens.last_mut() {
            Some(Screen::Search(search)) => {
                search.input = inserted(&search.input, &line);
                search.query(index_ready)
            }
            Some(Screen::Library(library)) => {
                line.chars().for_each(|c| library.type_char(c));
                None
            }
            Some(Screen::Glossary(screen)) => {
                line.chars()
                    .for_each(|c| screen.type_char(c, &self.glossary));
                None
            }
            _ => None,
        };
        if let Some(command) = command {
            self.run(command);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paste_loses_its_controls_and_a_line_field_gets_one_line() {
        let hostile = "a\u{1b}[2Jb\u{7}c\u{9b}d\u{202e}e\u{1b}]52;c;aGk=\u{7}f\r\ng";
        assert_eq!(one_line(hostile), "abcdef g");
        assert_eq!(
            lines("  code\tx\r\n\tnext\u{1b}[31m\n\nend"),
            "  code x\n    next\n\nend"
        );
    }

    #[test]
    fn a_paste_goes_in_at_the_cursor() {
        let input = Input::new("héllo".into()).with_cursor(2);
        let pasted = inserted(&input, "XY");
        assert_eq!(pasted.value(), "héXYllo");
        assert_eq!(pasted.cursor(), 4);
    }
}

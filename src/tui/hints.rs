//! Key hints, built from the active keymap so a rebinding shows wherever a key is mentioned,
//! and the status line fitted to its width: what matters most (where you are) stays, the least
//! important hints go first.

use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use super::action::Action;
use super::keymap::{Keymap, Mode};

/// One hint of the status line.
#[derive(Debug, Clone, Copy)]
pub enum Hint {
    /// A key and what it does.
    Key(Action, &'static str),
    /// Two keys sharing a label (`]/[ notes`).
    Pair(Action, Action, &'static str),
    /// Words only (`type a query`).
    Text(&'static str),
}

impl Hint {
    /// The hint as shown, or `None` when an action it names has no key in this mode.
    pub fn text(&self, keymap: &Keymap, mode: Mode) -> Option<String> {
        let key = |action| Some(keymap.hint_in(mode, action)).filter(|k| !k.is_empty());
        match *self {
            Hint::Key(action, label) => Some(format!("{} {label}", key(action)?)),
            Hint::Pair(a, b, label) => Some(format!("{}/{} {label}", key(a)?, key(b)?)),
            Hint::Text(text) => Some(text.to_string()),
        }
    }
}

/// The hints as one line: `enter open · / search · …`.
pub fn hint_line(hints: &[Hint], keymap: &Keymap, mode: Mode) -> Vec<String> {
    hints.iter().filter_map(|h| h.text(keymap, mode)).collect()
}

/// A form's title: its name, then its keys from the `Form` map (`Define · tab next field ·
/// ctrl-s save · esc cancel`); the next-field hint only when the form has several fields.
pub fn form_title(name: &str, keymap: &Keymap, fields: bool) -> String {
    let mut hints = Vec::new();
    if fields {
        hints.push(Hint::Key(Action::NextField, "next field"));
    }
    hints.extend([
        Hint::Key(Action::Save, "save"),
        Hint::Key(Action::Back, "cancel"),
    ]);
    let mut parts = vec![name.to_string()];
    parts.extend(hint_line(&hints, keymap, Mode::Form));
    format!(" {} ", parts.join(" · "))
}

/// The priority of the first key hint of the status line; the next hint has the next one, and
/// so on. Parts above it (where you are, the time, messages) count for more than any hint.
pub const HINTS: usize = 10;

/// A part of the status line and how much it matters (0 most).
pub struct Segment {
    pub span: Span<'static>,
    pub priority: usize,
}

/// The segments that fit in `width` columns, in their order: taken by importance, each one
/// that still fits is kept (the first always is), except that key hints ([`HINTS`] on) go from
/// the end: once one does not fit, none after it shows, however short.
pub fn fit(segments: Vec<Segment>, width: usize) -> Vec<Span<'static>> {
    let widths: Vec<usize> = segments
        .iter()
        .map(|s| UnicodeWidthStr::width(s.span.content.as_ref()))
        .collect();
    let mut order: Vec<usize> = (0..segments.len()).collect();
    order.sort_by_key(|&i| (segments[i].priority, i));
    let mut keep = vec![false; segments.len()];
    let mut used = 0;
    let mut a_hint_dropped = false;
    for (rank, i) in order.into_iter().enumerate() {
        let is_hint = segments[i].priority >= HINTS;
        if rank == 0 || (used + widths[i] <= width && !(is_hint && a_hint_dropped)) {
            keep[i] = true;
            used += widths[i];
        } else {
            a_hint_dropped |= is_hint;
        }
    }
    segments
        .into_iter()
        .zip(keep)
        .filter_map(|(segment, kept)| kept.then_some(segment.span))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn hints_follow_the_keymap() {
        let hints = [
            Hint::Key(Action::Jump, "jump"),
            Hint::Pair(Action::NextNote, Action::PreviousNote, "notes"),
            Hint::Key(Action::Pin, "pin"),
        ];
        let keymap = Keymap::default();
        assert_eq!(
            hint_line(&hints, &keymap, Mode::Browse),
            ["t jump", "]/[ notes", "p pin"]
        );
        let (keymap, _) = Keymap::with_overrides(&HashMap::from([
            ("t".to_string(), "none".to_string()),
            (":".to_string(), "none".to_string()),
            ("x".to_string(), "jump".to_string()),
            ("p".to_string(), "none".to_string()),
        ]));
        // A rebound key shows; an action left without a key is not advertised.
        assert_eq!(
            hint_line(&hints, &keymap, Mode::Browse),
            ["x jump", "]/[ notes"]
        );
    }

    #[test]
    fn the_least_important_segments_go_first() {
        let segment = |text: &str, priority| Segment {
            span: Span::raw(text.to_string()),
            priority,
        };
        let spans = fit(
            vec![
                segment("title ", 2),
                segment("1:00 ", 0),
                segment("hint-a ", 5),
                segment("hint-b ", 6),
            ],
            14,
        );
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "title 1:00 ");
        let spans = fit(
            vec![
                segment("a long chapter title ", 4),
                segment("1:00 ", 0),
                segment("hint ", 5),
            ],
            12,
        );
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "1:00 hint ", "a hint fits where the chapter did not");
    }

    #[test]
    fn hints_are_dropped_from_the_end() {
        let segment = |text: &str, priority| Segment {
            span: Span::raw(text.to_string()),
            priority,
        };
        // The second hint does not fit: the shorter, less important ones after it go too,
        // so what shows is always the first hints in their order.
        let spans = fit(
            vec![
                segment("Reader ", 1),
                segment("a ", HINTS),
                segment("a much longer hint ", HINTS + 1),
                segment("b ", HINTS + 2),
                segment("c ", HINTS + 3),
            ],
            14,
        );
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "Reader a ");
    }
}

//! How a note's place and terms are written, for `podgloss notes` and the Reader's notes pane:
//! one formatter, so a note reads the same way (same times, same confidence, same wanted marks)
//! wherever it is shown. The two forms differ only in room: the CLI writes a fixed-width column,
//! the pane has a line of its own.

use super::view::{Placement, TermRef};
use crate::model::time::format_time;

/// Where the anchor label goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorForm {
    /// A narrow column beside the note's first line: `1:10:00-1:22:00`, `~23:18 72%`, `–`.
    Column,
    /// A line of its own: `1:10:00 – 1:22:00`, `~23:18  (72% sure, p pins it)`, `unplaced`.
    Pane,
}

/// The label of a note's place: its written time or range, or the auto-anchored time with how
/// sure the placement is.
pub fn anchor_label(placement: &Placement, form: AnchorForm) -> String {
    match (placement, form) {
        (Placement::Exact { start, end: None }, _) => format_time(*start),
        (
            Placement::Exact {
                start,
                end: Some(end),
            },
            form,
        ) => {
            let dash = if form == AnchorForm::Column {
                "-"
            } else {
                " – "
            };
            format!("{}{dash}{}", format_time(*start), format_time(*end))
        }
        (
            Placement::Auto {
                start, confidence, ..
            },
            form,
        ) => {
            let percent = confidence * 100.0;
            match form {
                AnchorForm::Column => format!("~{} {percent:.0}%", format_time(*start)),
                AnchorForm::Pane => {
                    format!("~{}  ({percent:.0}% sure, p pins it)", format_time(*start))
                }
            }
        }
        (Placement::None, AnchorForm::Column) => "–".to_string(),
        (Placement::None, AnchorForm::Pane) => "unplaced".to_string(),
    }
}

/// Terms as `softmax`, with wanted ones (no glossary entry) marked `systems?`.
pub fn term_names(terms: &[TermRef]) -> String {
    terms
        .iter()
        .map(|t| match &t.entry {
            Some(entry) => entry.clone(),
            None => format!("{}?", t.text),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `text` cut to `max` characters, with `…` when something was cut.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_write_the_same_times() {
        let range = Placement::Exact {
            start: 4_200_000,
            end: Some(4_920_000),
        };
        assert_eq!(anchor_label(&range, AnchorForm::Column), "1:10:00-1:22:00");
        assert_eq!(anchor_label(&range, AnchorForm::Pane), "1:10:00 – 1:22:00");
        let auto = Placement::Auto {
            start: 1_398_000,
            paragraph: 3,
            confidence: 0.72,
        };
        assert_eq!(anchor_label(&auto, AnchorForm::Column), "~23:18 72%");
        assert_eq!(
            anchor_label(&auto, AnchorForm::Pane),
            "~23:18  (72% sure, p pins it)"
        );
        assert_eq!(anchor_label(&Placement::None, AnchorForm::Column), "–");
        assert_eq!(anchor_label(&Placement::None, AnchorForm::Pane), "unplaced");
    }

    #[test]
    fn wanted_terms_are_marked_and_long_text_is_clipped() {
        let terms = [
            TermRef {
                text: "soft max".into(),
                entry: Some("softmax".into()),
            },
            TermRef {
                text: "systems".into(),
                entry: None,
            },
        ];
        assert_eq!(term_names(&terms), "softmax, systems?");
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(clip("abc", 3), "abc");
    }
}

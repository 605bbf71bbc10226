//! The Help screen: every key, from the keymap itself, so rebinding shows here too.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::action::Action;
use super::keymap::{Keymap, Mode};
use super::theme;

pub fn draw(keymap: &Keymap, scroll: u16, frame: &mut Frame, area: Rect) {
    let lines = help_lines(keymap);
    frame.render_widget(
        Paragraph::new(lines)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme::border())
                    .title(format!(" Help · {} back ", keymap.hint(Action::Back))),
            )
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        area,
    );
}

/// Every key of every mode, grouped the way a reader meets them.
fn help_lines(keymap: &Keymap) -> Vec<Line<'static>> {
    let mut lines = vec![
        heading("podgloss keys"),
        Line::styled(
            "(rebind them in the [keys], [field-keys] and [form-keys] tables of the config file; see README)",
            theme::dim(),
        ),
        Line::default(),
    ];
    for action in Action::ALL {
        lines.extend(key_line(&keymap.keys_for(*action), action.describe()));
    }
    lines.push(Line::default());
    lines.push(heading(
        "In the Library and Search, typing goes to the filter or the query; there:",
    ));
    for action in Action::ALL {
        let keys: Vec<String> = keymap
            .keys_in(Mode::Field, *action)
            .iter()
            .map(|k| k.name())
            .collect();
        lines.extend(key_line(&keys, action.describe()));
    }
    lines.push(Line::default());
    lines.push(heading(
        "In the define and note forms, typing goes to the field; there:",
    ));
    for action in [
        Action::NextField,
        Action::PreviousField,
        Action::Save,
        Action::Back,
    ] {
        let keys: Vec<String> = keymap
            .keys_in(Mode::Form, action)
            .iter()
            .map(|k| k.name())
            .collect();
        let what = if action == Action::Back {
            "cancel"
        } else {
            action.describe()
        };
        lines.extend(key_line(&keys, what));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "Mouse: wheel scrolls, a click selects a term.",
        theme::dim(),
    ));
    lines
}

fn heading(text: &'static str) -> Line<'static> {
    Line::styled(text, Style::default().add_modifier(Modifier::BOLD))
}

/// One row of keys and what they do; none when the action has no key in that mode.
fn key_line<S: AsRef<str>>(keys: &[S], what: &str) -> Option<Line<'static>> {
    if keys.is_empty() {
        return None;
    }
    let keys: Vec<&str> = keys.iter().map(AsRef::as_ref).collect();
    Some(Line::from(vec![
        Span::styled(format!("{:<22}", keys.join(" ")), theme::note_anchor()),
        Span::raw(what.to_string()),
    ]))
}

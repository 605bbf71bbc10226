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
    let mut lines = vec![
        Line::styled(
            "podgloss keys",
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Line::styled(
            "(rebind them in the [keys], [field-keys] and [form-keys] tables of the config file; see README)",
            theme::dim(),
        ),
        Line::default(),
    ];
    for action in Action::ALL {
        let keys = keymap.keys_for(*action);
        if keys.is_empty() {
            continue;
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{:<22}", keys.join(" ")), theme::note_anchor()),
            Span::raw(action.describe()),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "In the Library and Search, typing goes to the filter or the query; there:",
        Style::default().add_modifier(Modifier::BOLD),
    ));
    for action in Action::ALL {
        let keys: Vec<String> = keymap
            .keys_in(Mode::Field, *action)
            .iter()
            .map(|k| k.name())
            .collect();
        if keys.is_empty() {
            continue;
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{:<22}", keys.join(" ")), theme::note_anchor()),
            Span::raw(action.describe()),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "In the define and note forms, typing goes to the field; there:",
        Style::default().add_modifier(Modifier::BOLD),
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
        if keys.is_empty() {
            continue;
        }
        let what = if action == Action::Back {
            "cancel"
        } else {
            action.describe()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{:<22}", keys.join(" ")), theme::note_anchor()),
            Span::raw(what),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "Mouse: wheel scrolls, a click selects a term.",
        theme::dim(),
    ));
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

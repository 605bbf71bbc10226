//! Drawing the screen on top, the overlay, and the status line. Drawing reads state only.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{App, IndexState, Overlay};
use crate::tui::screen::Screen;
use crate::tui::{help, reader, theme};

impl App {
    pub fn draw(&self, frame: &mut Frame) {
        let [body, status] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(frame.area());
        let mut spans: Vec<Span> = Vec::new();
        let hints = self.draw_screen(frame, body, &mut spans);
        match &self.status {
            // A message goes first, where a narrow status line cannot cut it off.
            Some(status) if !status.text.is_empty() => spans.insert(
                0,
                Span::styled(
                    format!(" {} ", status.text),
                    if status.is_error() {
                        theme::error()
                    } else {
                        theme::message()
                    },
                ),
            ),
            _ => {
                if self.index == IndexState::Building {
                    spans.push(Span::styled(" indexing… ", theme::dim()));
                }
                spans.push(Span::styled(format!(" {hints}"), theme::dim()));
            }
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), status);
        match &self.overlay {
            Some(Overlay::Prompt(prompt)) => prompt.draw(frame, status),
            Some(Overlay::Define(form)) => form.draw(frame, body),
            Some(Overlay::Note(form)) => form.draw(frame, body),
            None => {}
        }
    }

    /// Draws the screen on top; returns its key hints and pushes its name to the status line.
    fn draw_screen(
        &self,
        frame: &mut Frame,
        body: ratatui::layout::Rect,
        spans: &mut Vec<Span<'static>>,
    ) -> &'static str {
        match self.screens.last() {
            Some(Screen::Library(library)) => {
                library.draw(frame, body);
                named(spans, "Library");
                "enter open · / search · ctrl-g glossary · i import · ? help · q quit"
            }
            Some(Screen::Reader(reader)) => {
                let count = self
                    .term_count
                    .as_ref()
                    .filter(|(term, _)| {
                        Some(term.as_str()) == reader.selected_entry_term().as_deref()
                    })
                    .map(|(_, n)| *n);
                reader::render::draw(reader, frame, body, count);
                let mode_name = if reader.range_start.is_some() {
                    "SELECT"
                } else {
                    "READ"
                };
                spans.extend(reader::render::status_spans(reader, mode_name));
                "t jump · / find · ]/[ notes · tab term · d define · a note · ? help"
            }
            Some(Screen::Search(search)) => {
                search.draw(frame, body);
                named(spans, "Search");
                "type a query · ↑/↓ choose · enter open · esc back"
            }
            Some(Screen::Glossary(glossary)) => {
                glossary.draw(&self.glossary, frame, body);
                named(spans, "Glossary");
                "enter mentions · d define · e edit · q back"
            }
            Some(Screen::Mentions(mentions)) => {
                mentions.draw(frame, body);
                named(spans, "Mentions");
                "enter open · q back"
            }
            Some(Screen::Help(screen)) => {
                help::draw(&self.keymap, screen.scroll, frame, body);
                named(spans, "Help");
                "q back"
            }
            None => "",
        }
    }
}

/// The screen's name at the start of the status line.
fn named(spans: &mut Vec<Span<'static>>, name: &str) {
    spans.push(Span::styled(format!(" {name} "), theme::current_time()));
}

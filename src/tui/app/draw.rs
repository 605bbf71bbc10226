//! Drawing the screen on top, the overlay, and the status line. Drawing reads state only.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{App, IndexState, Overlay};
use crate::tui::hints::{HINTS, Segment, fit, hint_line};
use crate::tui::screen::Screen;
use crate::tui::{help, reader, theme};

/// Priority of the status line's message: where you are first, hints ([`HINTS`]) last.
const MESSAGE: usize = 0;

impl App {
    pub fn draw(&self, frame: &mut Frame) {
        let [body, status] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(frame.area());
        let mut segments = self.draw_screen(frame, body);
        segments.extend(self.listen_segments());
        match &self.status {
            // A message goes first, where a narrow status line cannot cut it off.
            Some(status) if !status.text.is_empty() => segments.insert(
                0,
                Segment {
                    span: Span::styled(
                        format!(" {} ", status.text),
                        if status.is_error() {
                            theme::error()
                        } else {
                            theme::message()
                        },
                    ),
                    priority: MESSAGE,
                },
            ),
            _ => {
                if self.index == IndexState::Building {
                    segments.push(Segment {
                        span: Span::styled(" indexing… ", theme::dim()),
                        priority: HINTS - 1,
                    });
                }
                segments.extend(self.hint_segments());
            }
        }
        if let Some(progress) = &self.feeds {
            // A feeds update runs in the background: it stays in view while it does.
            segments.insert(
                segments.len().min(1),
                Segment {
                    span: Span::styled(format!(" {progress} "), theme::message()),
                    priority: MESSAGE + 2,
                },
            );
        }
        let spans = fit(segments, status.width as usize);
        frame.render_widget(Paragraph::new(Line::from(spans)), status);
        match &self.overlay {
            Some(Overlay::Prompt(prompt)) => prompt.draw(frame, status),
            Some(Overlay::Define(form)) => form.draw(frame, body, &self.keymap),
            Some(Overlay::Note(form)) => form.draw(frame, body, &self.keymap),
            None => {}
        }
    }

    /// The screen's hints, from the keymap of its mode, each droppable on its own.
    fn hint_segments(&self) -> Vec<Segment> {
        let Some(screen) = self.screens.last() else {
            return Vec::new();
        };
        hint_line(screen.hints(), &self.keymap, screen.mode())
            .into_iter()
            .enumerate()
            .map(|(i, hint)| Segment {
                span: Span::styled(
                    if i == 0 {
                        format!(" {hint}")
                    } else {
                        format!(" · {hint}")
                    },
                    theme::dim(),
                ),
                priority: HINTS + i,
            })
            .collect()
    }

    /// Draws the screen on top; returns the start of the status line (its name or position).
    fn draw_screen(&self, frame: &mut Frame, body: Rect) -> Vec<Segment> {
        let keymap = &self.keymap;
        let name = match self.screens.last() {
            Some(Screen::Library(library)) => {
                library.draw(frame, body);
                "Library"
            }
            Some(Screen::Reader(reader)) => {
                let count = self
                    .term_count
                    .as_ref()
                    .filter(|(term, _)| {
                        Some(term.as_str()) == reader.selected_entry_term().as_deref()
                    })
                    .map(|(_, n)| *n);
                let uses = self.uses_shown(reader);
                reader::render::draw(reader, frame, body, count, keymap, uses);
                let mode_name = if reader.range_start.is_some() {
                    "SELECT"
                } else {
                    "READ"
                };
                return reader::render::status_segments(reader, mode_name);
            }
            Some(Screen::Search(search)) => {
                search.draw(frame, body, keymap);
                "Search"
            }
            Some(Screen::Glossary(glossary)) => {
                glossary.draw(&self.glossary, keymap, frame, body);
                "Glossary"
            }
            Some(Screen::Mentions(mentions)) => {
                mentions.draw(frame, body, keymap);
                "Mentions"
            }
            Some(Screen::Help(screen)) => {
                help::draw(keymap, screen.scroll, frame, body);
                "Help"
            }
            Some(Screen::Unplaced(list)) => {
                list.draw(frame, body, keymap);
                "Unplaced notes"
            }
            None => return Vec::new(),
        };
        vec![Segment {
            span: Span::styled(format!(" {name} "), theme::current_time()),
            priority: 1,
        }]
    }
}

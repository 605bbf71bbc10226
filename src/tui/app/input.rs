//! Terminal events to actions: keys (a form or prompt on top takes them first, then a text
//! field), the mouse wheel, a click on a term; and what a submitted form or prompt asks for.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind,
};

use super::{App, IndexState, Overlay};
use crate::tui::action::Action;
use crate::tui::command::{Command, Definition};
use crate::tui::forms::{FormOutcome, PromptKind};
use crate::tui::keymap::Mode;
use crate::tui::reader::jump::resolve_jump;
use crate::tui::reader::render::reader_areas;
use crate::tui::reader::{self, SelectedTerm};
use crate::tui::screen::Screen;

impl App {
    /// Handles one terminal event.
    pub fn event(&mut self, event: &Event) {
        self.take_event(event);
        self.ask_for_uses();
    }

    fn take_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(event, key),
            Event::Resize(width, height) => self.resize(*width, *height),
            Event::Paste(text) => self.paste(text),
            Event::Mouse(mouse) => match mouse.kind {
                MouseEventKind::ScrollDown => self.mouse_scroll(3),
                MouseEventKind::ScrollUp => self.mouse_scroll(-3),
                MouseEventKind::Down(_) => self.click(mouse.column, mouse.row),
                _ => {}
            },
            _ => {}
        }
    }

    fn mouse_scroll(&mut self, delta: isize) {
        if let Some(Screen::Reader(reader)) = self.screens.last_mut() {
            reader.scroll_by(delta);
            reader.selected = None;
            return;
        }
        let action = if delta > 0 {
            Action::LineDown
        } else {
            Action::LineUp
        };
        for _ in 0..delta.unsigned_abs() {
            self.act(action);
        }
    }

    /// A click on a glossary term in the transcript selects it.
    fn click(&mut self, column: u16, row: u16) {
        let body = self.body();
        let Some(Screen::Reader(reader)) = self.screens.last_mut() else {
            return;
        };
        let Some(area) = reader_areas(body, reader.pane).transcript else {
            return;
        };
        let inner_top = area.y + 1;
        let text_left = area.x + 1 + reader::render::GUTTER as u16;
        if row < inner_top || row >= area.bottom().saturating_sub(1) || column < text_left {
            return;
        }
        let layout_row = reader.top_row() + (row - inner_top) as usize;
        let Some(reader::layout::Row::Text {
            paragraph, range, ..
        }) = reader.layout.rows.get(layout_row).cloned()
        else {
            return;
        };
        let text = &reader.episode.paragraphs[paragraph].text;
        // The byte under the column: walk the line's characters by display width.
        let mut x = text_left;
        let mut at = None;
        for (i, c) in text[range.clone()].char_indices() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) as u16;
            if column < x + w.max(1) {
                at = Some(range.start + i);
                break;
            }
            x += w;
        }
        let Some(at) = at else { return };
        let hit = reader.mentions[paragraph]
            .iter()
            .find(|m| m.range.contains(&at))
            .cloned();
        if let Some(mention) = hit {
            reader.selected = Some(SelectedTerm { paragraph, mention });
            if let Some(term) = reader.selected_entry_term() {
                self.count_mentions(term);
            }
        }
    }

    /// Asks for a term's mention count unless it is already known.
    pub(super) fn count_mentions(&mut self, term: String) {
        if self.term_count.as_ref().is_none_or(|(t, _)| *t != term) {
            self.queue(Command::CountMentions(term));
        }
    }

    fn key(&mut self, event: &Event, key: &KeyEvent) {
        // Ctrl-C is answered whatever has the keys (a form, a prompt, a text field).
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.interrupt();
            return;
        }
        if let Some(overlay) = self.overlay.as_mut() {
            let outcome = match overlay {
                Overlay::Prompt(prompt) => prompt.key(event, key),
                Overlay::Define(form) => form.key(event, key, &self.keymap),
                Overlay::Note(form) => form.key(key, &self.keymap),
            };
            match outcome {
                FormOutcome::Continue => self.form_changed(),
                FormOutcome::Cancel => self.overlay = None,
                FormOutcome::Discard => self.discard_form(),
                FormOutcome::Submit => {
                    if let Some(overlay) = self.overlay.take() {
                        self.submit(overlay);
                    }
                }
            }
            return;
        }
        self.status = None;
        let Some(mode) = self.screens.last().map(Screen::mode) else {
            return;
        };
        match self.keymap.action_in(mode, key) {
            Some(action) => self.act(action),
            None if mode == Mode::Field => self.type_into_field(event, key),
            None => {}
        }
    }

    /// Text for the Search screen's box or the Library's filter: every printable key, and the
    /// editing keys the keymap leaves alone.
    fn type_into_field(&mut self, event: &Event, key: &KeyEvent) {
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let index_ready = self.index == IndexState::Ready;
        match self.screens.last_mut() {
            Some(Screen::Search(search)) => {
                let changed = tui_input::backend::crossterm::EventHandler::handle_event(
                    &mut search.input,
                    event,
                )
                .is_some_and(|change| change.value);
                if let Some(command) = changed.then(|| search.query(index_ready)).flatten() {
                    self.run(command);
                }
            }
            Some(Screen::Library(library)) => match key.code {
                KeyCode::Char(c) if plain => library.type_char(c),
                KeyCode::Backspace => library.backspace(),
                _ => {}
            },
            Some(Screen::Glossary(glossary)) => match key.code {
                KeyCode::Char(c) if plain => glossary.type_char(c, &self.glossary),
                KeyCode::Backspace => glossary.backspace(&self.glossary),
                _ => {}
            },
            _ => {}
        }
    }

    fn submit(&mut self, overlay: Overlay) {
        let command = match overlay {
            Overlay::Prompt(prompt) => {
                let value = prompt.input.value().to_string();
                match prompt.kind {
                    PromptKind::Jump => self.jump(&value),
                    PromptKind::Find => self.find(&value),
                    PromptKind::Import => {
                        let source = value.trim().to_string();
                        if !source.is_empty() {
                            self.tell(format!("importing {source}…"));
                        }
                        (!source.is_empty()).then_some(Command::Import(source))
                    }
                }
            }
            Overlay::Define(form) => {
                let term = form.term.value().trim().to_string();
                if term.is_empty() {
                    Some(Command::error("a definition needs a term"))
                } else {
                    Some(Command::Define(Box::new(Definition {
                        term,
                        aliases: form.aliases(),
                        text: form.definition_text(),
                        expected: form.expected,
                        draft: form.typed.draft.clone(),
                    })))
                }
            }
            Overlay::Note(form) => self
                .screens
                .last_mut()
                .and_then(Screen::reader_mut)
                .and_then(|reader| reader.save_note(&form.value())),
        };
        if let Some(command) = command {
            self.run(command);
        }
    }

    fn jump(&mut self, input: &str) -> Option<Command> {
        let reader = self.screens.last_mut().and_then(Screen::reader_mut)?;
        match resolve_jump(
            input,
            reader.current_time(),
            reader.duration(),
            &reader.episode.chapters,
        ) {
            Ok(time) => {
                reader.jump_to_time(time);
                reader.selected = None;
                self.seek_with_jump(time);
                None
            }
            Err(e) => Some(Command::error(e)),
        }
    }

    fn find(&mut self, query: &str) -> Option<Command> {
        let reader = self.screens.last_mut().and_then(Screen::reader_mut)?;
        let count = reader.search(query);
        Some(if count == 0 {
            Command::error(format!("{query:?}: not in this episode"))
        } else {
            Command::info(format!(
                "{count} paragraphs match · {} next · {} previous",
                self.keymap.hint(Action::NextMatch),
                self.keymap.hint(Action::PreviousMatch)
            ))
        })
    }
}

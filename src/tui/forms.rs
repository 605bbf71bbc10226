//! The one-line prompts (jump, find, import) and the two forms (define a term, add a note),
//! drawn over the current screen.

use ratatui::Frame;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui_textarea::TextArea;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::action::Action;
use super::drafts::DraftKey;
use super::hints;
use super::keymap::{Keymap, Mode};
use super::theme;
use crate::glossary::Fingerprint;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Jump,
    Find,
    Import,
}

impl PromptKind {
    fn label(self) -> &'static str {
        match self {
            PromptKind::Jump => "jump to (1:10:00, 70m, +5m, -30s, 50%, chapter): ",
            PromptKind::Find => "find in episode: ",
            PromptKind::Import => "import (URL or file): ",
        }
    }
}

/// What a key does to an open prompt or form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    Continue,
    /// Closed with nothing typed.
    Cancel,
    /// Closed, its typed text thrown away on purpose (its draft goes too).
    Discard,
    Submit,
}

/// A form's text beyond its fields: what it opened with (so that it knows whether anything was
/// typed), the draft it is kept in, and whether it is asking before throwing typed text away.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    /// The fields as the form opened.
    pub initial: Vec<String>,
    pub draft: Option<DraftKey>,
    /// The fields as last sent to the draft.
    pub kept: Vec<String>,
    /// "discard typed text? y/n" is showing.
    pub confirming: bool,
}

impl Typed {
    fn new(initial: Vec<String>) -> Typed {
        Typed {
            kept: initial.clone(),
            initial,
            draft: None,
            confirming: false,
        }
    }

    /// The back key: closes a form with nothing typed; with typed text, asks first. While
    /// asking: `y` discards, `n` or the back key again keeps editing, other keys do nothing.
    fn back_or_confirm(
        &mut self,
        action: Option<Action>,
        key: &KeyEvent,
        typed: bool,
    ) -> Option<FormOutcome> {
        if self.confirming {
            match key.code {
                KeyCode::Char('y' | 'Y') => return Some(FormOutcome::Discard),
                KeyCode::Char('n' | 'N') => self.confirming = false,
                _ if action == Some(Action::Back) => self.confirming = false,
                _ => {}
            }
            return Some(FormOutcome::Continue);
        }
        if action != Some(Action::Back) {
            return None;
        }
        if typed {
            self.confirming = true;
            Some(FormOutcome::Continue)
        } else {
            Some(FormOutcome::Cancel)
        }
    }

    /// A form's title while it asks.
    fn title(&self, name: &str, keymap: &Keymap, fields: bool) -> String {
        if self.confirming {
            format!(
                " {name} · discard typed text? y discards · n or {} keeps editing ",
                keymap.hint_in(Mode::Form, Action::Back)
            )
        } else {
            hints::form_title(name, keymap, fields)
        }
    }
}

#[derive(Debug)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: Input,
}

impl Prompt {
    pub fn new(kind: PromptKind) -> Prompt {
        Prompt {
            kind,
            input: Input::default(),
        }
    }

    pub fn key(&mut self, event: &Event, key: &KeyEvent) -> FormOutcome {
        match key.code {
            KeyCode::Esc => FormOutcome::Cancel,
            KeyCode::Enter => FormOutcome::Submit,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                FormOutcome::Cancel
            }
            _ => {
                self.input.handle_event(event);
                FormOutcome::Continue
            }
        }
    }

    /// Drawn over the status line.
    pub fn draw(&self, frame: &mut Frame, area: Rect) {
        let label = self.kind.label();
        let width = area.width.saturating_sub(label.len() as u16 + 1) as usize;
        let scroll = self.input.visual_scroll(width);
        let value: String = self.input.value().chars().skip(scroll).collect();
        frame.render_widget(Clear, area);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                ratatui::text::Span::styled(label, theme::note_anchor()),
                ratatui::text::Span::raw(value),
            ])),
            area,
        );
        let x = area.x + label.len() as u16 + (self.input.visual_cursor() - scroll) as u16;
        frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
    }
}

/// The define form: term, aliases (comma-separated) and a multi-line definition.
pub struct DefineForm {
    pub term: Input,
    pub aliases: Input,
    pub definition: TextArea<'static>,
    /// 0 term, 1 aliases, 2 definition.
    pub focus: usize,
    /// The entry file as read, when editing an existing entry (the concurrent-edit check).
    pub expected: Option<Fingerprint>,
    pub typed: Typed,
}

impl DefineForm {
    pub fn new(
        term: &str,
        aliases: &[String],
        definition: &str,
        expected: Option<Fingerprint>,
    ) -> Self {
        let lines: Vec<String> = definition.lines().map(str::to_string).collect();
        let mut text = TextArea::new(if lines.is_empty() {
            vec![String::new()]
        } else {
            lines
        });
        text.set_cursor_line_style(ratatui::style::Style::default());
        let mut form = DefineForm {
            term: Input::new(term.to_string()),
            aliases: Input::new(aliases.join(", ")),
            definition: text,
            focus: if term.is_empty() { 0 } else { 2 },
            expected,
            typed: Typed::default(),
        };
        form.typed = Typed::new(form.fields());
        form
    }

    /// Term, aliases and definition, as a draft keeps them.
    pub fn fields(&self) -> Vec<String> {
        vec![
            self.term.value().to_string(),
            self.aliases.value().to_string(),
            self.definition_text(),
        ]
    }

    /// Puts a draft's fields back.
    pub fn restore(&mut self, fields: &[String]) {
        let field = |i: usize| fields.get(i).cloned().unwrap_or_default();
        self.term = Input::new(field(0));
        self.aliases = Input::new(field(1));
        self.definition = text_area(&field(2));
        self.typed.kept = self.fields();
    }

    pub fn is_typed(&self) -> bool {
        self.fields() != self.typed.initial
    }

    pub fn key(&mut self, event: &Event, key: &KeyEvent, keymap: &Keymap) -> FormOutcome {
        let action = keymap.action_in(Mode::Form, key);
        let typed = self.is_typed();
        if let Some(outcome) = self.typed.back_or_confirm(action, key, typed) {
            return outcome;
        }
        match action {
            Some(Action::Save) => return FormOutcome::Submit,
            Some(Action::NextField) => self.focus = (self.focus + 1) % 3,
            Some(Action::PreviousField) => self.focus = (self.focus + 2) % 3,
            // Enter in a one-line field goes on to the next one; in the definition it is a line.
            _ if key.code == KeyCode::Enter && self.focus < 2 => self.focus += 1,
            _ => match self.focus {
                0 => {
                    self.term.handle_event(event);
                }
                1 => {
                    self.aliases.handle_event(event);
                }
                _ => {
                    self.definition.input(*key);
                }
            },
        }
        FormOutcome::Continue
    }

    pub fn aliases(&self) -> Vec<String> {
        self.aliases
            .value()
            .split(',')
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect()
    }

    pub fn definition_text(&self) -> String {
        self.definition.lines().join("\n")
    }

    pub fn draw(&self, frame: &mut Frame, screen: Rect, keymap: &Keymap) {
        let area = centered(screen, 80, 20);
        frame.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::note_anchor())
            .title(self.typed.title("Define", keymap, true));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [term, aliases, definition] = Layout::vertical([
            Constraint::Length(3),
            Constraint::Length(3),
            Constraint::Min(3),
        ])
        .areas(inner);
        draw_input(frame, term, "Term", &self.term, self.focus == 0);
        draw_input(
            frame,
            aliases,
            "Aliases (comma-separated)",
            &self.aliases,
            self.focus == 1,
        );
        let mut text = self.definition.clone();
        text.set_block(field_block("Definition (Markdown)", self.focus == 2));
        frame.render_widget(&text, definition);
    }
}

/// The add-note form: the note's text, its time or range prefilled.
pub struct NoteForm {
    pub text: TextArea<'static>,
    pub typed: Typed,
}

impl NoteForm {
    pub fn new(prefill: &str) -> NoteForm {
        NoteForm {
            text: text_area(prefill),
            typed: Typed::new(vec![prefill.to_string()]),
        }
    }

    pub fn fields(&self) -> Vec<String> {
        vec![self.value()]
    }

    /// Puts a draft's text back.
    pub fn restore(&mut self, fields: &[String]) {
        self.text = text_area(fields.first().map(String::as_str).unwrap_or_default());
        self.typed.kept = self.fields();
    }

    pub fn is_typed(&self) -> bool {
        self.fields() != self.typed.initial
    }

    /// One field only: the next/previous-field keys are text (a Tab in the note).
    pub fn key(&mut self, key: &KeyEvent, keymap: &Keymap) -> FormOutcome {
        let action = keymap.action_in(Mode::Form, key);
        let typed = self.is_typed();
        if let Some(outcome) = self.typed.back_or_confirm(action, key, typed) {
            return outcome;
        }
        match action {
            Some(Action::Save) => FormOutcome::Submit,
            _ => {
                self.text.input(*key);
                FormOutcome::Continue
            }
        }
    }

    pub fn value(&self) -> String {
        self.text.lines().join("\n")
    }

    pub fn draw(&self, frame: &mut Frame, screen: Rect, keymap: &Keymap) {
        let area = centered(screen, 70, 10);
        frame.render_widget(Clear, area);
        let mut text = self.text.clone();
        text.set_block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::note_anchor())
                .title(self.typed.title("Add a note", keymap, false)),
        );
        frame.render_widget(&text, area);
    }
}

/// A multi-line field holding `text`, the cursor at its end.
fn text_area(text: &str) -> TextArea<'static> {
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut area = TextArea::new(if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    });
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area.set_cursor_line_style(ratatui::style::Style::default());
    area
}

fn field_block(title: &str, focused: bool) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme::note_anchor()
        } else {
            theme::border()
        })
        .title(format!(" {title} "))
}

fn draw_input(frame: &mut Frame, area: Rect, title: &str, input: &Input, focused: bool) {
    let width = area.width.saturating_sub(2) as usize;
    let scroll = input.visual_scroll(width);
    let value: String = input.value().chars().skip(scroll).collect();
    frame.render_widget(
        Paragraph::new(value).block(field_block(title, focused)),
        area,
    );
    if focused {
        let x = area.x + 1 + (input.visual_cursor() - scroll) as u16;
        frame.set_cursor_position((x, area.y + 1));
    }
}

/// A `width` x `height` box in the middle of `area` (shrunk to fit).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

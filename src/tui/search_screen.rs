//! The Search screen: a query box with live results over the whole library, and a preview of
//! the selected hit. Enter opens the Reader at the hit.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};
use tui_input::Input;

use super::action::Action;
use super::command::Command;
use super::keymap::{Keymap, Mode};
use super::screen::Ctx;
use super::selection::moved;
use super::theme;
use crate::model::time::format_time;
use crate::search::Hit;

#[derive(Debug, Default)]
pub struct SearchScreen {
    pub input: Input,
    pub hits: Vec<Hit>,
    pub selected: usize,
    /// Why there are no results (the index is still being built, say).
    pub note: Option<String>,
}

impl SearchScreen {
    /// A query typed or changed: the worker runs it (lenient: a half-typed query never errors).
    pub fn query(&mut self, index_ready: bool) -> Option<Command> {
        self.selected = 0;
        if !index_ready {
            self.hits.clear();
            self.note = Some("the search index is being built…".into());
            return None;
        }
        Some(Command::RunQuery(self.input.value().to_string()))
    }

    /// The worker's answer to a query; an answer to an older query than the one in the box is
    /// dropped (typing is faster than searching).
    pub fn show(&mut self, query: &str, result: Result<Vec<Hit>, String>) {
        if query != self.input.value() {
            return;
        }
        self.selected = 0;
        self.note = None;
        match result {
            Ok(hits) => self.hits = hits,
            Err(e) => {
                self.hits.clear();
                self.note = Some(e);
            }
        }
        if self.hits.is_empty() && self.note.is_none() && !query.trim().is_empty() {
            self.note = Some("no matches".into());
        }
    }

    pub fn act(&mut self, action: Action, ctx: &Ctx) -> Option<Command> {
        match action {
            Action::LineDown => self.move_by(1),
            Action::LineUp => self.move_by(-1),
            Action::PageDown => self.move_by(ctx.page / 2),
            Action::PageUp => self.move_by(-ctx.page / 2),
            Action::Open => {
                return self.selected_hit().map(|hit| Command::OpenHit {
                    glossary: hit.kind == "glossary",
                    episode: hit.episode.clone(),
                    title: hit.title.clone(),
                    time: hit.time_ms,
                });
            }
            Action::Back => return Some(Command::Back),
            _ => {}
        }
        None
    }

    pub fn selected_hit(&self) -> Option<&Hit> {
        self.hits.get(self.selected)
    }

    pub fn move_by(&mut self, delta: isize) {
        self.selected = moved(self.selected, delta, self.hits.len());
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, keymap: &Keymap) {
        let [query_area, body] =
            Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
        let width = query_area.width.saturating_sub(3) as usize;
        let scroll = self.input.visual_scroll(width);
        let query = Paragraph::new(self.input.value())
            .scroll((0, scroll as u16))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme::border())
                    .title(" Search · \"phrase\" -word a OR b speaker: episode: in:notes after: before: word~ "),
            );
        frame.render_widget(query, query_area);
        let cursor_x = self.input.visual_cursor().saturating_sub(scroll) as u16;
        frame.set_cursor_position((query_area.x + 1 + cursor_x, query_area.y + 1));

        let [list_area, preview_area] = if body.width >= 100 {
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body)
        } else {
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body)
        };
        let items: Vec<ListItem> = self.hits.iter().map(hit_item).collect();
        let title = match &self.note {
            Some(note) => format!(" {note} "),
            None => format!(
                " {} hits · {} opens · {} back ",
                self.hits.len(),
                keymap.hint_in(Mode::Field, Action::Open),
                keymap.hint_in(Mode::Field, Action::Back)
            ),
        };
        let list = List::new(items).highlight_style(theme::selected()).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::border())
                .title(title),
        );
        let mut state =
            ListState::default().with_selected((!self.hits.is_empty()).then_some(self.selected));
        frame.render_stateful_widget(list, list_area, &mut state);
        let preview = match self.selected_hit() {
            Some(hit) => preview(hit),
            None => Text::default(),
        };
        frame.render_widget(
            Paragraph::new(preview).wrap(Wrap { trim: false }).block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme::border())
                    .title(" Preview "),
            ),
            preview_area,
        );
    }
}

fn hit_item(hit: &Hit) -> ListItem<'static> {
    let time = hit.time_ms.map(format_time).unwrap_or_default();
    let who = match hit.kind.as_str() {
        "glossary" => "glossary".to_string(),
        "note" => "note".to_string(),
        _ => hit.speaker.clone().unwrap_or_default(),
    };
    ListItem::new(Line::from(vec![
        Span::styled(format!("{time:>8} "), theme::current_time()),
        Span::raw(format!("{} ", hit.title)),
        Span::styled(who, theme::dim()),
    ]))
}

fn preview(hit: &Hit) -> Text<'static> {
    let mut lines = vec![Line::styled(
        hit.title.clone(),
        Style::default().add_modifier(Modifier::BOLD),
    )];
    let mut meta = Vec::new();
    if let Some(time) = hit.time_ms {
        meta.push(format_time(time));
    }
    if let Some(speaker) = &hit.speaker {
        meta.push(speaker.clone());
    }
    if let Some(chapter) = &hit.chapter {
        meta.push(chapter.clone());
    }
    lines.push(Line::styled(meta.join(" · "), theme::dim()));
    lines.push(Line::default());
    let mut spans = Vec::new();
    let mut at = 0;
    for range in &hit.highlights {
        if let (Some(before), Some(word)) = (
            hit.snippet.get(at..range.start),
            hit.snippet.get(range.clone()),
        ) {
            spans.push(Span::raw(before.to_string()));
            spans.push(Span::styled(word.to_string(), theme::search_match()));
            at = range.end;
        }
    }
    spans.push(Span::raw(
        hit.snippet.get(at..).unwrap_or_default().to_string(),
    ));
    lines.push(Line::from(spans));
    Text::from(lines)
}

//! The Glossary screen: every term and every wanted term, with the definition (or the places a
//! wanted term is asked about) beside the list. Typing filters the list (it is a text field,
//! like the Library's filter); Enter lists a term's mentions (for a wanted term, the places the
//! library says it), Ctrl-D defines. Also the Mentions list itself, which opens the Reader at a
//! mention.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use super::action::Action;
use super::command::Command;
use super::definition::{definition_text, wanted_text};
use super::keymap::{Keymap, Mode};
use super::screen::{Ctx, list_move};
use super::selection::moved;
use super::theme;
use crate::glossary::{EntryId, Glossary};
use crate::model::time::format_time;
use crate::notes::{WantedPlace, WantedTerm};
use crate::search::mentions::MentionHit;

#[derive(Debug, Clone)]
pub enum GlossaryItem {
    /// An entry of the glossary the screen was listed from.
    Entry(EntryId),
    Wanted {
        term: String,
        asked: Vec<WantedPlace>,
    },
}

#[derive(Debug, Default)]
pub struct GlossaryScreen {
    /// The items the filter lets through, in list order.
    pub items: Vec<GlossaryItem>,
    pub selected: usize,
    /// Typed words; an item is listed when its term or an alias holds every one.
    pub filter: String,
    /// Every item, filtered or not.
    all: Vec<GlossaryItem>,
}

impl GlossaryScreen {
    pub fn new(glossary: &Glossary, wanted: Vec<WantedTerm>) -> GlossaryScreen {
        let mut items: Vec<GlossaryItem> = wanted
            .into_iter()
            .map(|w| GlossaryItem::Wanted {
                term: w.term,
                asked: w.asked,
            })
            .collect();
        let mut entries: Vec<EntryId> = glossary.ids().collect();
        entries.sort_by_key(|&id| glossary.get(id).map(|e| e.term.to_lowercase()));
        items.extend(entries.into_iter().map(GlossaryItem::Entry));
        GlossaryScreen {
            all: items.clone(),
            items,
            selected: 0,
            filter: String::new(),
        }
    }

    pub fn type_char(&mut self, c: char, glossary: &Glossary) {
        self.filter.push(c);
        self.apply_filter(glossary);
    }

    pub fn backspace(&mut self, glossary: &Glossary) {
        self.filter.pop();
        self.apply_filter(glossary);
    }

    /// Lists the items the filter lets through, keeping the selected term where it still is.
    fn apply_filter(&mut self, glossary: &Glossary) {
        let selected = self.selected_term(glossary);
        let words: Vec<String> = self
            .filter
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        self.items = self
            .all
            .iter()
            .filter(|item| {
                let Some(term) = item_term(item, glossary) else {
                    return false;
                };
                let mut names = vec![term.to_lowercase()];
                if matches!(item, GlossaryItem::Entry(_)) {
                    if let Some(entry) = glossary.find(term) {
                        names.extend(entry.aliases.iter().map(|a| a.to_lowercase()));
                    }
                }
                words
                    .iter()
                    .all(|w| names.iter().any(|n| n.contains(w.as_str())))
            })
            .cloned()
            .collect();
        self.selected = selected
            .and_then(|t| {
                self.items
                    .iter()
                    .position(|item| item_term(item, glossary) == Some(t.as_str()))
            })
            .unwrap_or(0);
    }

    /// The wanted terms the worker found, or a new glossary: the list again, with the same
    /// term selected where it is still listed.
    pub fn relist(&mut self, glossary: &Glossary, wanted: Vec<WantedTerm>, old: &Glossary) {
        // The top of the list stays the top (the wanted terms arrive after the screen opens).
        let selected = (self.selected > 0)
            .then(|| self.selected_term(old))
            .flatten();
        let filter = std::mem::take(&mut self.filter);
        *self = GlossaryScreen::new(glossary, wanted);
        self.filter = filter;
        self.apply_filter(glossary);
        if let Some(term) = selected {
            if let Some(at) = self
                .items
                .iter()
                .position(|item| item_term(item, glossary) == Some(term.as_str()))
            {
                self.selected = at;
            }
        }
    }

    /// The wanted terms listed now.
    pub fn wanted(&self) -> Vec<WantedTerm> {
        self.all
            .iter()
            .filter_map(|item| match item {
                GlossaryItem::Wanted { term, asked } => Some(WantedTerm {
                    term: term.clone(),
                    asked: asked.clone(),
                }),
                GlossaryItem::Entry(_) => None,
            })
            .collect()
    }

    /// Selects an entry's term.
    pub fn select_term(&mut self, glossary: &Glossary, term: &str) {
        if let Some(at) = self.items.iter().position(|item| {
            matches!(item, GlossaryItem::Entry(_)) && item_term(item, glossary) == Some(term)
        }) {
            self.selected = at;
        }
    }

    fn selected_term(&self, glossary: &Glossary) -> Option<String> {
        self.selected_item()
            .and_then(|item| item_term(item, glossary))
            .map(str::to_string)
    }

    pub fn act(&mut self, action: Action, ctx: &Ctx) -> Option<Command> {
        if let Some(delta) = list_move(action, ctx.page) {
            self.move_by(delta);
            return None;
        }
        let entry = match self.selected_item() {
            Some(GlossaryItem::Entry(id)) => ctx.glossary.get(*id),
            _ => None,
        };
        match action {
            // A wanted term's mentions are where the library says it (it has no entry to match).
            Action::Open => match self.selected_item() {
                Some(GlossaryItem::Wanted { term, .. }) => Some(Command::Mentions(term.clone())),
                _ => entry.map(|e| Command::Mentions(e.term.clone())),
            },
            Action::Define => Some(Command::DefineForm(self.selected_term(ctx.glossary))),
            Action::Edit => entry.map(|e| Command::Edit(e.path.clone())),
            Action::Search => Some(Command::OpenSearch),
            // Esc first clears the filter, then leaves.
            Action::Back if !self.filter.is_empty() => {
                self.filter.clear();
                self.apply_filter(ctx.glossary);
                None
            }
            Action::Back => Some(Command::Back),
            _ => None,
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        self.selected = moved(self.selected, delta, self.items.len());
    }

    pub fn selected_item(&self) -> Option<&GlossaryItem> {
        self.items.get(self.selected)
    }

    pub fn draw(&self, glossary: &Glossary, keymap: &Keymap, frame: &mut Frame, area: Rect) {
        let [list_area, detail] =
            Layout::horizontal([Constraint::Percentage(35), Constraint::Percentage(65)])
                .areas(area);
        let items: Vec<ListItem> = self
            .items
            .iter()
            .map(|item| match item {
                GlossaryItem::Entry(id) => ListItem::new(
                    glossary
                        .get(*id)
                        .map(|e| e.term.clone())
                        .unwrap_or_default(),
                ),
                GlossaryItem::Wanted { term, asked } => ListItem::new(Line::from(vec![
                    Span::styled(format!("{term}?"), theme::wanted()),
                    Span::styled(format!("  wanted ×{}", asked.len()), theme::dim()),
                ])),
            })
            .collect();
        let list = List::new(items).highlight_style(theme::selected()).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::border())
                .title(if self.filter.is_empty() {
                    format!(
                        " Glossary · {} terms · type to filter · {} define ",
                        glossary.len(),
                        keymap.hint_in(Mode::Field, Action::Define)
                    )
                } else {
                    format!(
                        " Glossary · filter: {}▏ · {} of {} ",
                        self.filter,
                        self.items.len(),
                        self.all.len()
                    )
                }),
        );
        let mut state = ListState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(list, list_area, &mut state);
        let text = match self.selected_item() {
            Some(GlossaryItem::Entry(id)) => match glossary.get(*id) {
                Some(entry) => definition_text(entry, None),
                None => Default::default(),
            },
            Some(GlossaryItem::Wanted { term, asked }) => {
                wanted_text(term, asked, &keymap.hint(Action::Define), None)
            }
            None => Text::from("The glossary is empty: d defines a term."),
        };
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: false }).block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme::border()),
            ),
            detail,
        );
    }
}

#[derive(Debug, Default)]
pub struct MentionsScreen {
    pub term: String,
    pub hits: Vec<MentionHit>,
    pub selected: usize,
}

/// The term an item names.
fn item_term<'a>(item: &'a GlossaryItem, glossary: &'a Glossary) -> Option<&'a str> {
    match item {
        GlossaryItem::Entry(id) => glossary.get(*id).map(|e| e.term.as_str()),
        GlossaryItem::Wanted { term, .. } => Some(term),
    }
}

impl MentionsScreen {
    pub fn act(&mut self, action: Action, ctx: &Ctx) -> Option<Command> {
        match action {
            Action::LineDown => self.move_by(1),
            Action::LineUp => self.move_by(-1),
            Action::PageDown => self.move_by(ctx.page / 2),
            Action::PageUp => self.move_by(-ctx.page / 2),
            Action::Open => {
                return self.hits.get(self.selected).map(|hit| Command::OpenHit {
                    glossary: false,
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

    pub fn move_by(&mut self, delta: isize) {
        self.selected = moved(self.selected, delta, self.hits.len());
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, keymap: &Keymap) {
        let items: Vec<ListItem> = self
            .hits
            .iter()
            .map(|hit| {
                let time = hit.time_ms.map(format_time).unwrap_or_default();
                let (before, word, after) = (
                    hit.snippet.get(..hit.highlight.start).unwrap_or_default(),
                    hit.snippet.get(hit.highlight.clone()).unwrap_or_default(),
                    hit.snippet.get(hit.highlight.end..).unwrap_or_default(),
                );
                ListItem::new(vec![
                    Line::from(vec![
                        Span::styled(format!("{time:>8}  "), theme::current_time()),
                        Span::raw(hit.title.clone()),
                        Span::styled(
                            format!(
                                "  {}",
                                if hit.kind == "note" {
                                    "note".to_string()
                                } else {
                                    hit.speaker.clone().unwrap_or_default()
                                }
                            ),
                            theme::dim(),
                        ),
                    ]),
                    Line::from(vec![
                        Span::raw("          "),
                        Span::raw(before.to_string()),
                        Span::styled(word.to_string(), theme::search_match()),
                        Span::raw(after.to_string()),
                    ]),
                ])
            })
            .collect();
        let list = List::new(items).highlight_style(theme::selected()).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme::border())
                .title(format!(
                    " {}: {} mentions · {} opens · {} back ",
                    self.term,
                    self.hits.len(),
                    keymap.hint(Action::Open),
                    keymap.hint(Action::Back)
                )),
        );
        let mut state =
            ListState::default().with_selected((!self.hits.is_empty()).then_some(self.selected));
        frame.render_stateful_widget(list, area, &mut state);
    }
}

//! The Glossary screen: every term and every wanted term, with the definition (or the places a
//! wanted term is asked about) beside the list; Enter lists a term's mentions. Also the
//! Mentions list itself, which opens the Reader at a mention.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use super::definition::{WantedPlace, definition_text, wanted_text};
use super::selection::moved;
use super::theme;
use crate::glossary::Glossary;
use crate::model::time::format_time;
use crate::search::mentions::MentionHit;

#[derive(Debug, Clone)]
pub enum GlossaryItem {
    /// An entry, by index into the glossary's entries.
    Entry(usize),
    Wanted {
        term: String,
        asked: Vec<WantedPlace>,
    },
}

#[derive(Debug, Default)]
pub struct GlossaryScreen {
    pub items: Vec<GlossaryItem>,
    pub selected: usize,
}

impl GlossaryScreen {
    pub fn new(glossary: &Glossary, wanted: Vec<(String, Vec<WantedPlace>)>) -> GlossaryScreen {
        let mut items: Vec<GlossaryItem> = wanted
            .into_iter()
            .map(|(term, asked)| GlossaryItem::Wanted { term, asked })
            .collect();
        let mut entries: Vec<usize> = (0..glossary.len()).collect();
        entries.sort_by_key(|&i| glossary.entries()[i].term.to_lowercase());
        items.extend(entries.into_iter().map(GlossaryItem::Entry));
        GlossaryScreen { items, selected: 0 }
    }

    pub fn move_by(&mut self, delta: isize) {
        self.selected = moved(self.selected, delta, self.items.len());
    }

    pub fn selected_item(&self) -> Option<&GlossaryItem> {
        self.items.get(self.selected)
    }

    pub fn draw(&self, glossary: &Glossary, frame: &mut Frame, area: Rect) {
        let [list_area, detail] =
            Layout::horizontal([Constraint::Percentage(35), Constraint::Percentage(65)])
                .areas(area);
        let items: Vec<ListItem> = self
            .items
            .iter()
            .map(|item| match item {
                GlossaryItem::Entry(i) => ListItem::new(glossary.entries()[*i].term.clone()),
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
                .title(format!(
                    " Glossary · {} terms · Enter mentions · d define ",
                    glossary.len()
                )),
        );
        let mut state = ListState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(list, list_area, &mut state);
        let text = match self.selected_item() {
            Some(GlossaryItem::Entry(i)) => definition_text(&glossary.entries()[*i], None),
            Some(GlossaryItem::Wanted { term, asked }) => wanted_text(term, asked),
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

impl MentionsScreen {
    pub fn move_by(&mut self, delta: isize) {
        self.selected = moved(self.selected, delta, self.hits.len());
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect) {
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
                    " {}: {} mentions · Enter opens · Esc back ",
                    self.term,
                    self.hits.len()
                )),
        );
        let mut state =
            ListState::default().with_selected((!self.hits.is_empty()).then_some(self.selected));
        frame.render_stateful_widget(list, area, &mut state);
    }
}

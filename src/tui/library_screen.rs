//! The Library screen: every episode with its show, duration, notes and wanted terms; typing
//! filters the list. Episodes that came in since the last look at the Library (a feeds update,
//! an import) are marked new.

use std::collections::HashSet;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Row, Table, TableState};

use super::action::Action;
use super::command::Command;
use super::forms::PromptKind;
use super::screen::{Ctx, list_move};
use super::selection::moved;
use super::theme;
use crate::glossary::Glossary;
use crate::library::{EpisodeEntry, Library};
use crate::notes::library::EpisodeNotes;

#[derive(Debug, Clone)]
pub struct LibraryRow {
    pub entry: EpisodeEntry,
    pub duration: String,
    pub notes: usize,
    pub wanted: usize,
}

#[derive(Debug, Default)]
pub struct LibraryScreen {
    pub rows: Vec<LibraryRow>,
    pub filter: String,
    /// Typing goes to the filter.
    pub filtering: bool,
    /// Index into [`LibraryScreen::visible`].
    pub selected: usize,
    pub problems: usize,
    /// False until the library has been listed.
    pub loaded: bool,
    /// The episodes listed at the last look, before this session; `None` until known. The
    /// others are new.
    pub seen: Option<HashSet<String>>,
    /// The Library was never looked at: its first listing is what has been seen.
    first_look: bool,
    /// The episodes last recorded as seen, so a look that changes nothing writes nothing.
    recorded: Option<Vec<String>>,
}

/// Every episode with its counts, and how many entries could not be read: the worker's half of
/// the Library screen. The wanted counts come from the one wanted-terms pass the CLI and the
/// Glossary screen use.
pub fn library_rows(library: &Library, glossary: &Glossary) -> (Vec<LibraryRow>, usize) {
    let scan = library.scan();
    let (wanted, _) = crate::notes::wanted(library, glossary);
    let rows = scan
        .episodes
        .into_iter()
        .map(|entry| {
            let notes = match EpisodeNotes::read(&entry) {
                Ok(Some(n)) if n.exists() => n.file.notes.len(),
                _ => 0,
            };
            let wanted = wanted
                .iter()
                .flat_map(|t| &t.asked)
                .filter(|place| place.episode == entry.slug)
                .count();
            LibraryRow {
                duration: duration_of(&entry),
                entry,
                notes,
                wanted,
            }
        })
        .collect();
    (rows, scan.problems.len())
}

/// A bare transcript file has no episode.toml to say how long it is; such files are few and
/// small, so reading one here is cheap.
fn duration_of(entry: &EpisodeEntry) -> String {
    match (&entry.meta.duration, &entry.folder) {
        (Some(duration), _) => duration.clone(),
        (None, None) => crate::library::Episode::load(entry)
            .ok()
            .filter(|e| e.transcript.timed)
            .map(|e| crate::model::time::format_time_long(e.duration()))
            .unwrap_or_default(),
        (None, Some(_)) => String::new(),
    }
}

impl LibraryScreen {
    /// The screen over rows the worker listed.
    pub fn listed(rows: Vec<LibraryRow>, problems: usize) -> LibraryScreen {
        LibraryScreen {
            rows,
            problems,
            loaded: true,
            ..Default::default()
        }
    }

    /// New rows (after a write or an import), keeping the filter and, where it still is, the
    /// selected episode.
    pub fn relist(&mut self, rows: Vec<LibraryRow>, problems: usize) {
        let selected = self.selected_entry().map(|e| e.slug.clone());
        self.rows = rows;
        self.problems = problems;
        self.loaded = true;
        self.selected = selected
            .and_then(|slug| self.visible().iter().position(|r| r.entry.slug == slug))
            .unwrap_or(0);
        self.first_listing();
    }

    /// The last look, as read: `None` when the Library was never looked at, and then nothing
    /// is new (an existing library does not turn all new on its first look).
    pub fn set_last_look(&mut self, slugs: Option<Vec<String>>) {
        match slugs {
            Some(slugs) => {
                self.recorded = Some(slugs.clone());
                self.seen = Some(slugs.into_iter().collect());
            }
            None => self.first_look = true,
        }
        self.first_listing();
    }

    fn first_listing(&mut self) {
        if self.first_look && self.loaded {
            self.first_look = false;
            self.seen = Some(self.rows.iter().map(|r| r.entry.slug.clone()).collect());
        }
    }

    /// The user is looking at the listing: the command that records it as seen, when that
    /// changes anything (and only once the last look is known, so it is never overwritten
    /// unread).
    pub fn look(&mut self) -> Option<Command> {
        if !self.loaded || self.seen.is_none() {
            return None;
        }
        let mut slugs: Vec<String> = self.rows.iter().map(|r| r.entry.slug.clone()).collect();
        slugs.sort();
        if self.recorded.as_ref() == Some(&slugs) {
            return None;
        }
        self.recorded = Some(slugs.clone());
        Some(Command::SaveLastLook(slugs))
    }

    /// Whether an episode came in since the last look.
    pub fn is_new(&self, row: &LibraryRow) -> bool {
        self.seen
            .as_ref()
            .is_some_and(|seen| !seen.contains(&row.entry.slug))
    }

    pub fn new_count(&self) -> usize {
        self.rows.iter().filter(|r| self.is_new(r)).count()
    }

    pub fn act(&mut self, action: Action, ctx: &Ctx) -> Option<Command> {
        if let Some(delta) = list_move(action, ctx.page) {
            self.move_by(delta);
            return None;
        }
        match action {
            Action::Open => self.selected_entry().map(|e| Command::LoadEpisode {
                slug: e.slug.clone(),
                at: None,
            }),
            Action::Search => Some(Command::OpenSearch),
            Action::Define => Some(Command::DefineForm(None)),
            Action::Import => Some(Command::Prompt(PromptKind::Import)),
            Action::UpdateFeeds => Some(Command::UpdateFeeds),
            // Esc first clears the filter, then leaves.
            Action::Back if !self.filter.is_empty() => {
                self.filter.clear();
                self.filtering = false;
                self.selected = 0;
                None
            }
            Action::Back => Some(Command::Back),
            _ => None,
        }
    }

    /// The rows the filter lets through: every word of it in the title, show or slug.
    pub fn visible(&self) -> Vec<&LibraryRow> {
        let words: Vec<String> = self
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        self.rows
            .iter()
            .filter(|row| {
                let haystack = format!(
                    "{} {} {}",
                    row.entry.title(),
                    row.entry.meta.show.as_deref().unwrap_or_default(),
                    row.entry.slug
                )
                .to_lowercase();
                words.iter().all(|w| haystack.contains(w))
            })
            .collect()
    }

    pub fn selected_entry(&self) -> Option<&EpisodeEntry> {
        self.visible().get(self.selected).map(|row| &row.entry)
    }

    pub fn move_by(&mut self, delta: isize) {
        self.selected = moved(self.selected, delta, self.visible().len());
    }

    pub fn type_char(&mut self, c: char) {
        self.filtering = true;
        self.filter.push(c);
        self.selected = 0;
    }

    pub fn backspace(&mut self) {
        self.filter.pop();
        self.selected = 0;
        if self.filter.is_empty() {
            self.filtering = false;
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect) {
        let visible = self.visible();
        let title = if self.filtering || !self.filter.is_empty() {
            format!(" Library · filter: {}▏ ", self.filter)
        } else {
            match self.new_count() {
                0 => format!(" Library · {} episodes · type to filter ", self.rows.len()),
                n => format!(
                    " Library · {} episodes · {n} new · type to filter ",
                    self.rows.len()
                ),
            }
        };
        // The New column shows only when it has something to say.
        let marks = visible.iter().any(|row| self.is_new(row));
        let rows: Vec<Row> = visible
            .iter()
            .map(|row| {
                let wanted = if row.wanted > 0 {
                    Span::styled(row.wanted.to_string(), theme::wanted())
                } else {
                    Span::raw("")
                };
                let mut cells = Vec::with_capacity(6);
                if marks {
                    cells.push(Cell::from(if self.is_new(row) {
                        Span::styled("new", theme::current_time())
                    } else {
                        Span::raw("")
                    }));
                }
                cells.extend([
                    Cell::from(row.entry.title()),
                    Cell::from(Span::styled(
                        row.entry.meta.show.clone().unwrap_or_default(),
                        theme::dim(),
                    )),
                    Cell::from(row.duration.clone()),
                    Cell::from(if row.notes > 0 {
                        row.notes.to_string()
                    } else {
                        String::new()
                    }),
                    Cell::from(Line::from(wanted)),
                ]);
                Row::new(cells)
            })
            .collect();
        let mut widths = vec![
            Constraint::Fill(3),
            Constraint::Fill(1),
            Constraint::Length(8),
            Constraint::Length(5),
            Constraint::Length(6),
        ];
        let mut header = vec!["Episode", "Show", "Length", "Notes", "Wanted"];
        if marks {
            widths.insert(0, Constraint::Length(3));
            header.insert(0, "New");
        }
        let table = Table::new(rows, widths)
            .header(
                Row::new(header)
                    .style(Style::default().add_modifier(ratatui::style::Modifier::BOLD)),
            )
            .row_highlight_style(theme::selected())
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme::border())
                    .title(title),
            );
        let mut state = TableState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(table, area, &mut state);
    }
}

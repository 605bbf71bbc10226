//! The list of an episode's notes that have no place, and of the auto-placed ones too unsure to
//! trust ([`Placement::is_guess`]), opened from the Reader. Each can be placed at the moment the
//! Reader shows (the same write as pinning: the time goes in front of the note's text and every
//! other byte of `notes.md` stays), or opened in `$EDITOR` at its line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState};

use super::action::Action;
use super::command::Command;
use super::keymap::Keymap;
use super::reader::Reader;
use super::screen::{Ctx, list_move};
use super::selection::moved;
use super::theme;
use crate::formats::text::sanitize_line;
use crate::model::Millis;
use crate::model::time::format_time;
use crate::notes::library::EpisodeNotes;
use crate::notes::line::{AnchorForm, anchor_label};
use crate::notes::view::{NoteView, Placement};

/// A note the list offers.
#[derive(Debug, Clone, PartialEq)]
pub struct UnplacedNote {
    /// Position among the file's notes, from 0.
    pub index: usize,
    /// The line of `notes.md` the note starts on, from 1.
    pub line: usize,
    pub text: String,
    pub placement: Placement,
}

pub struct UnplacedScreen {
    pub slug: String,
    /// The Reader's moment when the list was opened: where "place here" puts a note.
    pub time: Millis,
    pub notes: EpisodeNotes,
    pub items: Vec<UnplacedNote>,
    pub selected: usize,
}

/// The notes of `views` without a place or with an unsure one, in file order.
pub fn unplaced_notes(views: &[NoteView]) -> Vec<UnplacedNote> {
    views
        .iter()
        .filter(|v| v.placement == Placement::None || v.placement.is_guess())
        .map(|v| UnplacedNote {
            index: v.note.index,
            line: v.note.line,
            text: v.note.text.clone(),
            placement: v.placement.clone(),
        })
        .collect()
}

impl UnplacedScreen {
    /// The list for the Reader's episode at its current moment; `None` for a bare file, which
    /// has no notes file to write to.
    pub fn of(reader: &Reader) -> Option<UnplacedScreen> {
        let notes = reader.notes.clone()?;
        Some(UnplacedScreen {
            slug: reader.episode.entry.slug.clone(),
            time: reader.current_time(),
            notes,
            items: unplaced_notes(&reader.views),
            selected: 0,
        })
    }

    /// The notes as read again (after a placement or an edit), keeping the selected note
    /// selected when it is still listed, else the one now in its row.
    pub fn refresh(&mut self, reader: &Reader) {
        let Some(notes) = reader.notes.clone() else {
            return;
        };
        let was = self.items.get(self.selected).map(|n| n.text.clone());
        self.notes = notes;
        self.items = unplaced_notes(&reader.views);
        self.selected = was
            .and_then(|text| self.items.iter().position(|n| n.text == text))
            .unwrap_or(self.selected.min(self.items.len().saturating_sub(1)));
    }

    pub fn act(&mut self, action: Action, ctx: &Ctx) -> Option<Command> {
        if let Some(delta) = list_move(action, ctx.page) {
            self.selected = moved(self.selected, delta, self.items.len());
            return None;
        }
        match action {
            Action::Open | Action::Pin => Some(self.place_here()),
            Action::Edit => Some(match self.items.get(self.selected) {
                Some(note) => Command::EditAt {
                    path: self.notes.path.clone(),
                    line: note.line,
                },
                None => Command::Edit(self.notes.path.clone()),
            }),
            Action::Back => Some(Command::Back),
            _ => None,
        }
    }

    /// Writes the Reader's moment into the selected note: the pin write, with its
    /// changed-on-disk check.
    fn place_here(&self) -> Command {
        match self.items.get(self.selected) {
            Some(note) => Command::Pin {
                slug: self.slug.clone(),
                notes: Box::new(self.notes.clone()),
                index: note.index,
                time: self.time,
            },
            None => Command::info("every note of this episode has a place"),
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, keymap: &Keymap) {
        let title = format!(
            " Notes without a place · {} · {} places at {} · {} edits at its line · {} back ",
            self.items.len(),
            keymap.hint(Action::Open),
            format_time(self.time),
            keymap.hint(Action::Edit),
            keymap.hint(Action::Back)
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme::border())
            .title(title);
        if self.items.is_empty() {
            let empty = ListItem::new(Line::styled(
                "Every note of this episode has a place.",
                theme::dim(),
            ));
            frame.render_widget(List::new([empty]).block(block), area);
            return;
        }
        let items: Vec<ListItem> = self.items.iter().map(item_lines).collect();
        let list = List::new(items)
            .highlight_style(theme::selected())
            .block(block);
        let mut state = ListState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(list, area, &mut state);
    }
}

/// A note as two or more rows: where it is in the file and how sure its place is, then its text.
fn item_lines(note: &UnplacedNote) -> ListItem<'static> {
    let place = match note.placement {
        Placement::None => "no place".to_string(),
        _ => format!(
            "unsure: {}",
            anchor_label(&note.placement, AnchorForm::Column)
        ),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("line {:<5}", note.line), theme::note_anchor()),
        Span::styled(place, theme::dim()),
    ])];
    lines.extend(
        note.text
            .lines()
            .take(3)
            .map(|l| Line::raw(format!("  {}", sanitize_line(l)))),
    );
    lines.push(Line::default());
    ListItem::new(lines)
}

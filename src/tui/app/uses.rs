//! The App's side of a wanted term's uses ([`crate::tui::wanted_uses`]): when the Reader's
//! definition pane comes to show a wanted term, the worker is asked once for the sentences of
//! the episode that use it.

use super::App;
use crate::tui::command::Command;
use crate::tui::reader::Reader;
use crate::tui::screen::Screen;
use crate::tui::wanted_uses::TermUses;

/// The wanted term the Reader's definition pane shows, if it shows one: no glossary entry is
/// selected or linked, and the notes here ask about a term without an entry.
pub fn shown_wanted_term(reader: &Reader) -> Option<String> {
    if reader.definition_entry().is_some() {
        return None;
    }
    reader
        .note_term()
        .filter(|t| t.entry.is_none())
        .map(|t| t.text.clone())
}

impl App {
    /// Asks for the uses of the wanted term the Reader on top shows, unless already asked.
    pub(super) fn ask_for_uses(&mut self) {
        let Some(reader) = self.screens.last().and_then(Screen::reader) else {
            return;
        };
        let Some(term) = shown_wanted_term(reader) else {
            return;
        };
        let slug = reader.episode.entry.slug.clone();
        if self.uses.ask(&slug, &term) {
            self.queue(Command::FindUses { slug, term });
        }
    }

    /// The uses of the wanted term the Reader shows, as far as known.
    pub fn uses_shown(&self, reader: &Reader) -> Option<&TermUses> {
        let term = shown_wanted_term(reader)?;
        self.uses.get(&reader.episode.entry.slug, &term)
    }
}

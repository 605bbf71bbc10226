//! Opening screens and forms: Search, the Glossary, a hit, the define form.

use super::{App, IndexState, Overlay};
use crate::model::Millis;
use crate::tui::command::Command;
use crate::tui::forms::DefineForm;
use crate::tui::glossary_screen::GlossaryScreen;
use crate::tui::screen::Screen;
use crate::tui::search_screen::SearchScreen;
use crate::tui::unplaced::UnplacedScreen;

impl App {
    pub(super) fn open_search(&mut self) {
        let note = match self.index {
            IndexState::Building => "the search index is being built…",
            _ => "type a query",
        };
        self.screens.push(Screen::Search(SearchScreen {
            note: Some(note.into()),
            ..Default::default()
        }));
    }

    /// The Glossary screen at once; the wanted terms follow from the worker.
    pub(super) fn open_glossary(&mut self) {
        let wanted = match self.screens.last() {
            Some(Screen::Glossary(screen)) => screen.wanted(),
            _ => Vec::new(),
        };
        if let Some(Screen::Glossary(_)) = self.screens.last() {
            self.screens.pop();
        }
        let screen = GlossaryScreen::new(&self.glossary, wanted);
        self.screens.push(Screen::Glossary(screen));
        self.queue(Command::ScanWanted);
    }

    pub(super) fn open_hit(
        &mut self,
        glossary: bool,
        episode: &str,
        title: &str,
        time: Option<Millis>,
    ) {
        if glossary {
            self.open_glossary();
            if let Some(Screen::Glossary(screen)) = self.screens.last_mut() {
                screen.select_term(&self.glossary, title);
            }
            return;
        }
        // Reuse the open Reader of this episode, if any, rather than stacking another.
        let open = self
            .screens
            .iter()
            .position(|s| s.reader().is_some_and(|r| r.episode.entry.slug == episode));
        if let Some(position) = open {
            self.screens.truncate(position + 1);
            if let (Some(reader), Some(time)) =
                (self.screens.last_mut().and_then(Screen::reader_mut), time)
            {
                // Keep the first place left: following several mentions in a row, Back still
                // returns to where the reading was.
                reader.came_from.get_or_insert(reader.position);
                reader.jump_to_time(time);
                // The selection was on the place left; kept, it would swallow the first Back.
                reader.selected = None;
            }
            return;
        }
        self.queue(Command::LoadEpisode {
            slug: episode.to_string(),
            at: Some(time.unwrap_or(0)),
        });
    }

    pub(super) fn open_define(&mut self, term: Option<String>) {
        let existing = term.as_deref().and_then(|t| self.glossary.find(t));
        let form = match existing {
            Some(entry) => DefineForm::new(
                &entry.term,
                &entry.aliases,
                &entry.definition,
                Some(entry.fingerprint),
            ),
            None => DefineForm::new(term.as_deref().unwrap_or_default(), &[], "", None),
        };
        self.overlay = Some(Overlay::Define(Box::new(form)));
        let key = term.unwrap_or_default().to_lowercase();
        self.keep_drafts_of(crate::tui::drafts::DraftKey::Define(key));
    }

    /// The notes of the Reader on top that need a place.
    pub(super) fn open_unplaced(&mut self) {
        let list = self
            .screens
            .last()
            .and_then(Screen::reader)
            .and_then(UnplacedScreen::of);
        if let Some(list) = list {
            self.screens.push(Screen::Unplaced(list));
        }
    }
}

//! What the worker's results do to the UI. Every result of a write queues what follows from it
//! (a resync, a new listing), so the screens follow the files without a restart.

use std::sync::Arc;

use super::{App, IndexState};
use crate::glossary::Glossary;
use crate::tui::command::{Command, Message};
use crate::tui::glossary_screen::MentionsScreen;
use crate::tui::reader::Reader;
use crate::tui::screen::Screen;

impl App {
    /// Applies one message from background work.
    pub fn apply(&mut self, message: Message) {
        match message {
            Message::Library { rows, problems } => {
                if let Some(Screen::Library(library)) = self.screens.first_mut() {
                    library.relist(rows, problems);
                }
                self.library_looked();
            }
            Message::Episode { slug, at, result } => self.episode_loaded(&slug, at, result),
            Message::Wanted(wanted) => {
                let glossary = self.glossary.clone();
                for screen in &mut self.screens {
                    if let Screen::Glossary(screen) = screen {
                        screen.relist(&glossary, wanted.clone(), &glossary);
                    }
                }
            }
            Message::Glossary { glossary, problems } => self.glossary_loaded(glossary, &problems),
            Message::Notes { slug, notes } => {
                for reader in self.readers_of(&slug) {
                    reader.set_notes(notes.clone().map(|n| *n));
                }
                self.refresh_unplaced(&slug);
            }
            Message::NoteWritten {
                slug,
                status,
                written,
            } => {
                if written {
                    for reader in self.readers_of(&slug) {
                        reader.range_start = None;
                    }
                    self.written();
                }
                self.status = Some(status);
            }
            Message::Defined(result) => match result {
                Ok(path) => {
                    self.tell(format!("saved {}", self.relative(&path)));
                    self.written();
                }
                Err(e) => self.warn(e),
            },
            Message::Imported(result) => {
                match result {
                    Ok(message) => self.tell(message),
                    Err(message) => self.warn(message),
                }
                self.written();
            }
            Message::Hits { query, result } => {
                if let Some(Screen::Search(search)) = self.screens.last_mut() {
                    search.show(&query, result);
                }
            }
            Message::Mentions { term, result } => match result {
                Ok(hits) => self.screens.push(Screen::Mentions(MentionsScreen {
                    term,
                    hits,
                    selected: 0,
                })),
                Err(e) => self.tell(e),
            },
            Message::Count { term, count } => self.term_count = Some((term, count)),
            Message::Index(result) => self.index_synced(result),
            Message::Positions(positions) => self.positions = positions,
            Message::Status(status) => self.status = Some(status),
            Message::LastLook(slugs) => self.last_look_loaded(slugs),
            Message::FeedsProgress(text) => self.feeds = Some(text),
            Message::FeedsUpdated { status, imported } => self.feeds_updated(status, imported),
            Message::Player(report) => self.player_report(report),
            Message::Draft { key, draft } => self.draft_loaded(&key, draft),
            Message::Uses { slug, term, uses } => self.uses.found(slug, term, uses),
        }
        self.ask_for_uses();
    }

    /// An open list of unplaced notes follows its episode's notes as read again.
    fn refresh_unplaced(&mut self, slug: &str) {
        let Some(at) = self
            .screens
            .iter()
            .position(|s| s.reader().is_some_and(|r| r.episode.entry.slug == slug))
        else {
            return;
        };
        let (below, above) = self.screens.split_at_mut(at + 1);
        let Some(reader) = below[at].reader() else {
            return;
        };
        for screen in above {
            if let Screen::Unplaced(list) = screen {
                if list.slug == slug {
                    list.refresh(reader);
                }
            }
        }
    }

    pub(super) fn readers_of<'a>(
        &'a mut self,
        slug: &'a str,
    ) -> impl Iterator<Item = &'a mut Reader> {
        self.screens
            .iter_mut()
            .filter_map(Screen::reader_mut)
            .filter(move |r| r.episode.entry.slug == slug)
    }

    fn episode_loaded(
        &mut self,
        slug: &str,
        at: Option<crate::model::Millis>,
        result: Result<Box<Reader>, String>,
    ) {
        let starting = self.opening.as_deref() == Some(slug);
        if starting {
            self.opening = None;
        }
        let mut reader = match result {
            Ok(reader) => reader,
            Err(e) => {
                if starting {
                    self.fatal = Some(e.clone());
                }
                self.warn(e);
                return;
            }
        };
        if !Arc::ptr_eq(&reader.glossary, &self.glossary) {
            // The glossary changed while the episode loaded.
            reader.set_glossary(self.glossary.clone());
        }
        self.fit_reader(&mut reader);
        match at.or_else(|| self.positions.get(slug)) {
            Some(time) => reader.jump_to_time(time),
            None => reader.jump_to(0, 0),
        }
        self.screens.push(Screen::Reader(reader));
        if starting {
            self.play_opened(at);
        }
    }

    /// A new glossary: every open reader is linked again, so a new term is underlined at once.
    fn glossary_loaded(&mut self, glossary: Arc<Glossary>, problems: &[String]) {
        if let Some(problem) = problems.first() {
            let more = match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            self.warn(format!("{problem}{more}"));
        }
        let old = std::mem::replace(&mut self.glossary, glossary.clone());
        self.term_count = None;
        for screen in &mut self.screens {
            match screen {
                Screen::Reader(reader) => reader.set_glossary(glossary.clone()),
                Screen::Glossary(screen) => {
                    let wanted = screen.wanted();
                    screen.relist(&glossary, wanted, &old);
                }
                _ => {}
            }
        }
    }

    /// The index is in step with the files: what shows search results asks again.
    fn index_synced(&mut self, result: Result<(), String>) {
        match result {
            Ok(()) => self.index = IndexState::Ready,
            Err(e) => {
                self.warn(format!("search is unavailable: {e}"));
                self.index = IndexState::Failed(e);
                return;
            }
        }
        let command = match self.screens.last_mut() {
            Some(Screen::Search(search)) => search.query(true),
            Some(Screen::Reader(reader)) => {
                reader.selected_entry_term().map(Command::CountMentions)
            }
            _ => None,
        };
        if let Some(command) = command {
            self.run(command);
        }
    }

    /// After `$EDITOR` returns: whatever it changed is read again.
    pub fn after_edit(&mut self, path: &std::path::Path) {
        if path.starts_with(self.library.glossary_dir()) {
            self.queue(Command::ReloadGlossary);
        }
        let slugs: Vec<String> = self
            .screens
            .iter()
            .filter_map(Screen::reader)
            .map(|r| r.episode.entry.slug.clone())
            .collect();
        for slug in slugs {
            self.queue(Command::LoadNotes { slug });
        }
        self.written();
        self.tell(format!("back from editing {}", self.relative(path)));
    }

    /// A path as the library's user knows it: relative to the library folder.
    fn relative(&self, path: &std::path::Path) -> String {
        path.strip_prefix(&self.library.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

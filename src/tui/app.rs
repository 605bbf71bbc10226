//! The application as a router: a stack of screens, an optional prompt or form on top, the
//! status line, and the dispatch between them. Input becomes an [`Action`]; the screen on top
//! handles it in its own `act` and may return a [`Command`]. Commands that rearrange the UI are
//! carried out here; work (files, transcripts, the index, programs) is queued in
//! [`App::take_work`] for the event loop and the worker, whose results come back through
//! [`App::apply`]. Nothing here reads or writes a file.

mod apply;
mod clipboard;
mod drafts;
mod draw;
mod feeds;
mod input;
mod listen;
mod open;
mod uses;

pub use uses::shown_wanted_term;

use std::sync::Arc;

use ratatui::layout::{Constraint, Layout, Rect};

use super::action::Action;
use super::command::{Command, Status};
use super::config::PlayerConfig;
use super::forms::{DefineForm, NoteForm, Prompt};
use super::keymap::Keymap;
use super::library_screen::LibraryScreen;
use super::listen::Playback;
use super::positions::Positions;
use super::reader::Reader;
use super::reader::render::{reader_areas, transcript_text_size};
use super::screen::{Ctx, HelpScreen, Screen};
use crate::glossary::Glossary;
use crate::library::Library;
use crate::model::Millis;

pub enum Overlay {
    Prompt(Prompt),
    Define(Box<DefineForm>),
    Note(Box<NoteForm>),
}

/// Whether search works yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexState {
    Building,
    Ready,
    Failed(String),
}

pub struct App {
    pub library: Library,
    pub glossary: Arc<Glossary>,
    pub keymap: Keymap,
    pub screens: Vec<Screen>,
    pub overlay: Option<Overlay>,
    pub status: Option<Status>,
    pub index: IndexState,
    pub size: Rect,
    pub positions: Positions,
    pub quit: bool,
    /// Library-wide mentions of the selected term, when the index can tell.
    pub term_count: Option<(String, usize)>,
    /// Work for the event loop, in the order it was asked for.
    work: Vec<Command>,
    /// Set while the episode asked for on the command line is loading: failing to open it ends
    /// the program with the reason.
    pub opening: Option<String>,
    /// Why the program must end (the episode asked for could not be opened).
    pub fatal: Option<String>,
    /// The system clipboard, kept for the session: on X11 a copy lives as long as it does.
    pub clipboard: crate::export::clipboard::SystemClipboard,
    /// While a feeds update runs: how it is going.
    pub feeds: Option<String>,
    /// What the player plays, as it reported.
    pub playback: Playback,
    /// How far back the note-just-heard key reaches, in seconds (`[player] note-seconds`).
    pub note_seconds: u64,
    /// `podgloss open SLUG --play`: play the episode once it is open.
    pub play_on_open: bool,
    /// The transcript sentences that use the wanted terms shown in the definition pane.
    pub uses: super::wanted_uses::UsesCache,
}

impl App {
    /// The app over a library; the first work it queues reads the positions and the glossary,
    /// lists the library and brings the index up to date.
    pub fn new(library: Library, keymap: Keymap, size: Rect) -> App {
        App {
            library,
            glossary: Arc::new(Glossary::default()),
            keymap,
            screens: vec![Screen::Library(LibraryScreen::default())],
            overlay: None,
            status: None,
            index: IndexState::Building,
            size,
            positions: Positions::default(),
            quit: false,
            term_count: None,
            work: vec![
                Command::LoadPositions,
                Command::ReloadGlossary,
                Command::LoadLastLook,
                Command::ListLibrary,
                Command::Resync,
            ],
            opening: None,
            fatal: None,
            clipboard: Default::default(),
            feeds: None,
            playback: Playback::default(),
            note_seconds: PlayerConfig::default().note_seconds,
            play_on_open: false,
            uses: Default::default(),
        }
    }

    /// Opens an episode once it is loaded (the command line's `open SLUG`).
    pub fn start_with(&mut self, slug: &str, at: Option<Millis>) {
        self.opening = Some(slug.to_string());
        // Right after the glossary it links against, before the listing.
        let at_glossary = self
            .work
            .iter()
            .position(|c| matches!(c, Command::ReloadGlossary))
            .map_or(0, |i| i + 1);
        self.work.insert(
            at_glossary,
            Command::LoadEpisode {
                slug: slug.to_string(),
                at,
            },
        );
    }

    /// The work queued since the last call.
    pub fn take_work(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.work)
    }

    /// The work queued so far, for tests.
    pub fn pending(&self) -> &[Command] {
        &self.work
    }

    pub fn tell(&mut self, message: impl Into<String>) {
        self.status = Some(Status::info(message));
    }

    pub fn warn(&mut self, message: impl Into<String>) {
        self.status = Some(Status::error(message));
    }

    fn body(&self) -> Rect {
        let [body, _] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(self.size);
        body
    }

    fn fit_reader(&self, reader: &mut Reader) {
        let body = self.body();
        let areas = reader_areas(body, reader.pane);
        let (width, height) = transcript_text_size(areas.transcript.unwrap_or(body));
        reader.resize(width, height);
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        let mut screens = std::mem::take(&mut self.screens);
        for reader in screens.iter_mut().filter_map(Screen::reader_mut) {
            self.fit_reader(reader);
        }
        self.screens = screens;
    }

    /// What an action does: a few are the same on every screen, the rest the screen decides.
    pub fn act(&mut self, action: Action) {
        if let Some(command) = self.listen_act(action) {
            if let Some(command) = command {
                self.run(command);
            }
            return;
        }
        let command = match action {
            Action::Quit => Some(Command::Quit),
            Action::Help if !matches!(self.screens.last(), Some(Screen::Help(_))) => {
                Some(Command::OpenHelp)
            }
            Action::Glossary => Some(Command::OpenGlossary),
            _ => {
                let ctx = Ctx {
                    glossary: &self.glossary,
                    page: self.body().height.saturating_sub(3) as isize,
                    keymap: &self.keymap,
                };
                self.screens.last_mut().and_then(|s| s.act(action, &ctx))
            }
        };
        if let Some(command) = command {
            self.run(command);
        }
    }

    /// Carries out a UI command, or queues work.
    pub fn run(&mut self, command: Command) {
        if let Command::CountMentions(term) = command {
            self.count_mentions(term);
            return;
        }
        if let Command::UpdateFeeds = command {
            self.start_feeds_update();
            return;
        }
        if command.is_work() {
            self.queue(command);
            return;
        }
        match command {
            Command::Status(status) => self.status = Some(status),
            Command::Prompt(kind) => self.overlay = Some(Overlay::Prompt(Prompt::new(kind))),
            Command::DefineForm(term) => self.open_define(term),
            Command::NoteForm(prefill) => {
                self.overlay = Some(Overlay::Note(Box::new(NoteForm::new(&prefill))));
                let slug = self.screens.last().and_then(Screen::reader);
                if let Some(slug) = slug.map(|r| r.episode.entry.slug.clone()) {
                    self.keep_drafts_of(super::drafts::DraftKey::Note(slug));
                }
            }
            Command::OpenSearch => self.open_search(),
            Command::OpenGlossary => self.open_glossary(),
            Command::OpenHelp => self.screens.push(Screen::Help(HelpScreen::default())),
            Command::OpenHit {
                glossary,
                episode,
                title,
                time,
            } => self.open_hit(glossary, &episode, &title, time),
            Command::Back => self.back(),
            Command::Quit => self.leave_all(),
            Command::Relayout => self.resize(self.size.width, self.size.height),
            Command::OpenUnplaced => self.open_unplaced(),
            _ => {}
        }
    }

    /// Queues work, once: a resync or a listing already waiting covers a second one.
    pub(crate) fn queue(&mut self, command: Command) {
        let repeatable = !matches!(
            command,
            Command::Resync | Command::ListLibrary | Command::ScanWanted
        );
        let queued = self
            .work
            .iter()
            .any(|c| std::mem::discriminant(c) == std::mem::discriminant(&command));
        if repeatable || !queued {
            self.work.push(command);
        }
    }

    /// After anything was written: the index, the Library's counts and the wanted list follow.
    fn written(&mut self) {
        self.queue(Command::Resync);
        self.queue(Command::ListLibrary);
        if self
            .screens
            .iter()
            .any(|s| matches!(s, Screen::Glossary(_)))
        {
            self.queue(Command::ScanWanted);
        }
    }

    /// Remembers where the Reader on top was left; the worker saves it.
    fn remember_position(&mut self) {
        let Some(reader) = self.screens.last().and_then(Screen::reader) else {
            return;
        };
        let (slug, time) = (reader.episode.entry.slug.clone(), reader.current_time());
        if self.positions.remember(&slug, time) {
            self.work.push(Command::SavePosition { slug, time });
        }
    }

    fn back(&mut self) {
        self.remember_position();
        if self.screens.len() > 1 {
            self.screens.pop();
            self.library_looked();
        } else {
            self.quit = true;
        }
    }

    fn leave_all(&mut self) {
        while self.screens.len() > 1 {
            self.remember_position();
            self.screens.pop();
        }
        self.quit = true;
    }
}

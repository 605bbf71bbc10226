//! The Library's side of following shows: a feeds update started from a key and reported in
//! the status line, and the "last look" that decides which episodes the Library marks new.

use super::App;
use crate::tui::command::{Command, Status};
use crate::tui::screen::Screen;

impl App {
    /// Starts a feeds update in the background, unless one is running.
    pub(super) fn start_feeds_update(&mut self) {
        if self.feeds.is_some() {
            self.tell("the feeds are already being updated");
            return;
        }
        self.feeds = Some("updating feeds…".to_string());
        self.queue(Command::UpdateFeeds);
    }

    /// An update ended: its summary in the status line, and the Library listed again, where
    /// what it imported shows as new.
    pub(super) fn feeds_updated(&mut self, status: Status, imported: usize) {
        self.feeds = None;
        self.status = Some(status);
        if imported > 0 {
            self.written();
        } else {
            self.queue(Command::ListLibrary);
        }
    }

    pub(super) fn last_look_loaded(&mut self, slugs: Option<Vec<String>>) {
        if let Some(Screen::Library(library)) = self.screens.first_mut() {
            library.set_last_look(slugs);
        }
        self.library_looked();
    }

    /// The Library is on screen with its rows: they are what the user has now seen, which the
    /// next session compares against (this one keeps its marks).
    pub(super) fn library_looked(&mut self) {
        if self.screens.len() != 1 {
            return;
        }
        let command = match self.screens.first_mut() {
            Some(Screen::Library(library)) => library.look(),
            _ => None,
        };
        if let Some(command) = command {
            self.queue(command);
        }
    }
}

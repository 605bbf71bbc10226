//! The terminal UI (SPEC §7): `podgloss` opens the Library, `podgloss open SLUG [--at TIME]`
//! the Reader. This file owns the terminal and the event loop; the state lives in [`app`].
//!
//! The terminal is restored on quit, on error, and on panic (ratatui's init installs the
//! hook); raw mode turns Ctrl-C into a key, which quits cleanly. The search index is synced on a
//! background thread, so no frame waits on it.

pub mod action;
pub mod app;
pub mod config;
pub mod definition;
pub mod forms;
pub mod glossary_screen;
pub mod help;
pub mod keymap;
pub mod library_screen;
pub mod markdown;
pub mod positions;
pub mod reader;
pub mod search_screen;
pub mod selection;
pub mod theme;
pub mod wrap;

use std::sync::mpsc;
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use self::app::{App, Background, Effect};
use crate::error::{Error, Result};
use crate::library::Library;
use crate::model::Millis;
use crate::search::{SearchIndex, SyncOptions};

/// Where to start: the Library, or an episode (at a time).
#[derive(Debug, Clone, Default)]
pub struct Start {
    pub episode: Option<String>,
    pub at: Option<Millis>,
}

fn io(e: std::io::Error) -> Error {
    Error::user(format!("terminal: {e}"))
}

fn enter() -> Result<DefaultTerminal> {
    let terminal = ratatui::try_init().map_err(io)?;
    execute!(std::io::stdout(), EnableMouseCapture).map_err(io)?;
    Ok(terminal)
}

fn leave() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
}

/// Runs the UI until the user quits.
pub fn run(library: Library, start: Start) -> Result<()> {
    // The panic hook ratatui installs restores the screen; mouse capture must go too.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    let mut terminal = enter()?;
    let result = event_loop(&mut terminal, library, start);
    leave();
    result
}

fn event_loop(terminal: &mut DefaultTerminal, library: Library, start: Start) -> Result<()> {
    let size = terminal.size().map_err(io)?;
    let (keymap, problems) = config::load_keymap();
    let mut app = App::new(
        library.clone(),
        keymap,
        Rect::new(0, 0, size.width, size.height),
    );
    if let Some(problem) = problems.first() {
        app.warn(problem.clone());
    }
    if let Some(slug) = &start.episode {
        app.open_episode(slug, start.at);
        if app.screens.len() == 1 {
            // The episode could not be opened: say why on the way out.
            if let Some((message, _)) = &app.message {
                return Err(Error::user(message.clone()));
            }
        }
    }
    let (sender, receiver) = mpsc::channel();
    app.background = Some(sender.clone());
    std::thread::spawn(move || {
        let result = SearchIndex::open(&library, SyncOptions::default())
            .map(|(index, _)| index)
            .map_err(|e| e.to_string());
        let _ = sender.send(Background::Index(result));
    });
    loop {
        app.prepare();
        terminal.draw(|frame| app.draw(frame)).map_err(io)?;
        if app.quit {
            return Ok(());
        }
        if event::poll(Duration::from_millis(100)).map_err(io)? {
            let event = event::read().map_err(io)?;
            app.event(&event);
            // Drain what is already queued (a held key, a burst of wheel events) before drawing.
            while event::poll(Duration::ZERO).map_err(io)? {
                app.event(&event::read().map_err(io)?);
            }
        }
        while let Ok(message) = receiver.try_recv() {
            app.background(message);
        }
        for effect in std::mem::take(&mut app.effects) {
            match effect {
                Effect::Edit(path) => {
                    leave();
                    let edited = crate::commands::editor::edit_file(&path);
                    *terminal = enter()?;
                    terminal.clear().map_err(io)?;
                    match edited {
                        Ok(()) => app.after_edit(&path),
                        Err(e) => app.warn(e.to_string()),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;

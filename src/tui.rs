//! The terminal UI: `podgloss` opens the Library, `podgloss open SLUG [--at TIME]`
//! the Reader. This file owns the terminal and the event loop; the state lives in [`app`],
//! the work runs on the [`worker`].
//!
//! The terminal is restored on quit, on error, and on panic (ratatui's init installs the
//! hook); raw mode turns Ctrl-C into a key, which quits cleanly, and SIGTERM and SIGHUP quit the
//! same way before the process ends by that signal ([`signals`]). The loop sleeps until a key, a resize
//! or a worker's result arrives, and draws once after taking in everything that is waiting.

pub mod action;
pub mod app;
pub mod command;
pub mod config;
pub mod definition;
pub mod drafts;
pub mod feeds_work;
pub mod forms;
pub mod glossary_screen;
pub mod help;
pub mod hints;
pub mod keymap;
pub mod last_look;
pub mod library_screen;
pub mod listen;
pub mod markdown;
pub mod paste;
pub mod positions;
pub mod reader;
pub mod screen;
pub mod search_screen;
pub mod selection;
pub mod signals;
pub mod theme;
pub mod unplaced;
pub mod wanted_uses;
pub mod worker;
pub mod wrap;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use self::app::App;
use self::command::{Command, Message};
use self::listen::PlayerThread;
use self::worker::Worker;
use crate::error::{Error, Result};
use crate::library::Library;
use crate::model::Millis;

/// Where to start: the Library, or an episode (at a time).
#[derive(Debug, Clone, Default)]
pub struct Start {
    pub episode: Option<String>,
    pub at: Option<Millis>,
    /// Start the episode's audio once it is open (`--play`).
    pub play: bool,
}

fn io(e: std::io::Error) -> Error {
    Error::user(format!("terminal: {e}"))
}

/// Takes the terminal: raw mode and the alternate screen (ratatui), the mouse, and bracketed
/// paste, so that a paste arrives as one event rather than as thousands of keys.
fn enter() -> Result<DefaultTerminal> {
    let terminal = ratatui::try_init().map_err(io)?;
    execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste).map_err(io)?;
    Ok(terminal)
}

/// Gives the terminal back as it was: everything [`enter`] turned on is turned off.
fn leave() {
    let _ = execute!(
        std::io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        Show
    );
    ratatui::restore();
}

/// Runs the UI until the user quits.
pub fn run(library: Library, start: Start) -> Result<()> {
    // The panic hook ratatui installs restores raw mode and the screen; what `enter` added must
    // go too, before the message is printed on a usable terminal.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste,
            Show
        );
        previous(info);
    }));
    let mut terminal = enter()?;
    let result = event_loop(&mut terminal, library, start);
    leave();
    match result {
        Ok(Some(signal)) => signals::end_by(signal),
        Ok(None) => Ok(()),
        Err(e) => Err(e),
    }
}

/// What wakes the event loop: a terminal event, a worker's result, or a signal to end.
enum Incoming {
    Terminal(Event),
    Worker(Message),
    Signal(i32),
}

/// Reads terminal events on a thread of its own and forwards them, so the loop sleeps until
/// something happens (no redraw tick). It can be paused while `$EDITOR` owns the terminal.
struct Input {
    paused: Arc<AtomicBool>,
    idle: Receiver<()>,
}

impl Input {
    fn spawn(sender: Sender<Incoming>) -> Input {
        let paused = Arc::new(AtomicBool::new(false));
        let (idle_sender, idle) = mpsc::channel();
        let flag = paused.clone();
        std::thread::spawn(move || {
            let mut said_idle = false;
            loop {
                if flag.load(Ordering::SeqCst) {
                    if !said_idle {
                        said_idle = idle_sender.send(()).is_ok();
                    }
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
                said_idle = false;
                // A bounded wait only so that a pause is noticed; nothing is drawn on it.
                match event::poll(Duration::from_millis(50)) {
                    Ok(true) if !flag.load(Ordering::SeqCst) => match event::read() {
                        Ok(event) => {
                            if sender.send(Incoming::Terminal(event)).is_err() {
                                return;
                            }
                        }
                        Err(_) => return,
                    },
                    Ok(_) => {}
                    Err(_) => return,
                }
            }
        });
        Input { paused, idle }
    }

    /// Stops reading the terminal, and waits until the reader thread has stopped.
    fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        let _ = self.idle.recv_timeout(Duration::from_secs(1));
    }

    fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }
}

/// Runs until the user quits (`None`) or a signal asks podgloss to end (`Some(signal)`).
fn event_loop(
    terminal: &mut DefaultTerminal,
    library: Library,
    start: Start,
) -> Result<Option<i32>> {
    let size = terminal.size().map_err(io)?;
    let config = config::load();
    let mut app = App::new(
        library.clone(),
        config.keymap,
        Rect::new(0, 0, size.width, size.height),
    );
    app.note_seconds = config.player.note_seconds;
    if let Some(problem) = config.problems.first() {
        app.warn(problem.clone());
    }
    if let Some(slug) = &start.episode {
        app.start_with(slug, start.at);
        app.play_on_open = start.play;
    }
    let (sender, receiver) = mpsc::channel();
    let outbox_sender = std::sync::Mutex::new(sender.clone());
    let outbox: worker::Outbox = Arc::new(move |message| {
        if let Ok(sender) = outbox_sender.lock() {
            let _ = sender.send(Incoming::Worker(message));
        }
    });
    // Dropped on every way out of this function (quit, an error, a panic unwinding), which
    // stops mpv.
    let player = PlayerThread::spawn(library.clone(), config.player.mpv_options(), outbox.clone());
    let work = Worker::new(library, outbox).spawn();
    signals::forward(sender.clone(), Incoming::Signal);
    let mut ended_by = None;
    let input = Input::spawn(sender);
    loop {
        for command in app.take_work() {
            match command {
                Command::Edit(path) => edit(terminal, &input, &mut app, &path, None)?,
                Command::EditAt { path, line } => {
                    edit(terminal, &input, &mut app, &path, Some(line))?
                }
                // Outside `draw`: the OSC 52 sequence goes to the terminal ratatui draws on.
                Command::Copy { text, summary } => app.copy(
                    &text,
                    &summary,
                    &mut std::io::stdout(),
                    std::env::var_os("TMUX").is_some(),
                ),
                Command::Player(command) => player.send(command),
                command => work.send(command),
            }
        }
        if let Some(reason) = app.fatal.take() {
            // The episode asked for could not be opened: say why on the way out.
            return Err(Error::user(reason));
        }
        terminal.draw(|frame| app.draw(frame)).map_err(io)?;
        if app.quit {
            return Ok(ended_by);
        }
        let Ok(first) = receiver.recv() else {
            return Ok(ended_by);
        };
        // Take in what is already queued (a held key, a burst of wheel events) before drawing.
        for incoming in std::iter::once(first).chain(receiver.try_iter()) {
            match incoming {
                Incoming::Terminal(event) => {
                    panic_on_purpose(&event);
                    app.event(&event);
                }
                Incoming::Worker(message) => app.apply(message),
                // Quit as the user would (the reading position is saved, drafts are kept;
                // dropping the player stops mpv), then end by the signal.
                Incoming::Signal(signal) => {
                    ended_by = Some(signal);
                    app.run(Command::Quit);
                }
            }
        }
    }
}

/// Debug builds only: with `PODGLOSS_TEST_PANIC_KEY=f12` set, F12 panics, so that a test can
/// check what a real panic leaves behind (the terminal restored, a form's draft kept).
fn panic_on_purpose(event: &Event) {
    if cfg!(debug_assertions)
        && std::env::var_os("PODGLOSS_TEST_PANIC_KEY").is_some_and(|k| k == "f12")
        && matches!(event, Event::Key(key) if key.code == event::KeyCode::F(12))
    {
        panic!("F12 with PODGLOSS_TEST_PANIC_KEY set: a panic on purpose");
    }
}

/// Suspends the UI, runs `$EDITOR` on the file (at `line` when the editor can be told one),
/// resumes. Without an editor chosen, says so and keeps the UI.
fn edit(
    terminal: &mut DefaultTerminal,
    input: &Input,
    app: &mut App,
    path: &std::path::Path,
    line: Option<usize>,
) -> Result<()> {
    let (command, told_line) = match crate::commands::editor::prepare(path, line) {
        Ok(prepared) => prepared,
        Err(e) => {
            app.warn(e.to_string());
            return Ok(());
        }
    };
    let program = command.get_program().to_string_lossy().into_owned();
    input.pause();
    leave();
    let edited = crate::commands::editor::wait(command);
    *terminal = enter()?;
    terminal.clear().map_err(io)?;
    input.resume();
    match edited {
        Ok(()) => {
            app.after_edit(path);
            if let (Some(line), false) = (line, told_line) {
                app.tell(format!(
                    "back from editing; {program:?} cannot be told a line, the note is at line {line}"
                ));
            }
        }
        Err(e) => app.warn(e.to_string()),
    }
    Ok(())
}

#[cfg(test)]
mod tests;

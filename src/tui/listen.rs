//! Listening along, the UI's side of the player: what the keys ask of it ([`PlayerCommand`]),
//! what it reports back ([`PlayerReport`]), what the UI knows of it ([`Playback`]), and the
//! thread that owns mpv ([`PlayerThread`]).
//!
//! Everything that touches mpv runs on that thread: starting it (which waits for its socket),
//! every command over the socket, and reading its events. mpv's own reader thread wakes the
//! player thread on each event, which forwards it to the event loop as a [`Message::Player`],
//! so the UI thread never waits on mpv and nothing polls. Dropping the [`PlayerThread`] (quit,
//! an error, a panic unwinding the event loop) stops mpv and waits until it is gone, so no mpv
//! outlives podgloss.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use super::command::Message;
use super::worker::Outbox;
use crate::formats::text::sanitize_line;
use crate::library::Library;
use crate::library::scan::EpisodeEntry;
use crate::model::Millis;
use crate::player::{Listening, MpvOptions, Notify, PlayerError, PlayerEvent};

/// How far apart two forwarded playing times are at least: mpv reports `time-pos` many times a
/// second, the screen needs a word's resolution, not every audio buffer's.
const TIME_STEP_MS: u64 = 100;

/// What the UI asks of the player.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerCommand {
    /// Play the episode from `at` (loads its audio, or seeks when it is the one loaded).
    /// `link` is the source at that time for the user to open when nothing can play it.
    Play {
        entry: Box<EpisodeEntry>,
        at: Millis,
        link: Option<String>,
    },
    TogglePause,
    Pause,
    /// Seek within what is loaded (the jump prompt while playing).
    Seek(Millis),
    /// Skip by this many milliseconds (negative: back).
    Skip(i64),
    /// One speed step up or down.
    Speed {
        faster: bool,
    },
}

/// What the player thread reports.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerReport {
    /// An episode's audio is loaded and plays from `at`.
    Started { slug: String, at: Millis },
    /// Something mpv said.
    Event(PlayerEvent),
    /// A command could not be carried out: the sentence for the status line.
    Refused(String),
}

/// What the UI knows of the player, from its reports; drawing reads only this.
#[derive(Debug, Clone, PartialEq)]
pub struct Playback {
    /// The episode loaded, if any.
    pub slug: Option<String>,
    /// The playing time, in the episode's milliseconds.
    pub time: Option<Millis>,
    pub paused: bool,
    pub speed: f64,
}

impl Default for Playback {
    fn default() -> Self {
        Playback {
            slug: None,
            time: None,
            paused: true,
            speed: 1.0,
        }
    }
}

impl Playback {
    /// Whether `slug` is the episode loaded.
    pub fn has(&self, slug: &str) -> bool {
        self.slug.as_deref() == Some(slug)
    }

    /// Whether `slug` is loaded and its audio runs.
    pub fn plays(&self, slug: &str) -> bool {
        self.has(slug) && !self.paused
    }

    /// The status line's part: `▶ 1:02:03 1.5x`, or `⏸ 1:02:03 1x` while paused.
    pub fn status(&self) -> Option<String> {
        self.slug.as_ref()?;
        let icon = if self.paused { '⏸' } else { '▶' };
        let time = self
            .time
            .map(crate::model::time::format_time)
            .unwrap_or_else(|| "…".into());
        Some(format!("{icon} {time} {}x", speed_label(self.speed)))
    }
}

/// `1`, `1.25`, `0.5`: a speed without trailing zeros.
pub fn speed_label(speed: f64) -> String {
    let text = format!("{speed:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// What the player thread waits for.
enum Input {
    Command(PlayerCommand),
    /// mpv sent something (see [`Notify`]).
    Wake,
    Stop,
}

/// The thread that owns mpv. Dropping it stops mpv and waits for the thread to end.
pub struct PlayerThread {
    inbox: Sender<Input>,
    thread: Option<JoinHandle<()>>,
}

impl PlayerThread {
    /// The player for the event loop: mpv started on the first play, with the user's options.
    pub fn spawn(library: Library, options: MpvOptions, outbox: Outbox) -> PlayerThread {
        let state_dir = library.root.join(".podgloss");
        PlayerThread::spawn_with(library, outbox, move |notify| {
            // Where mpv's socket goes without `$XDG_RUNTIME_DIR`; the index makes it too, but
            // `--play` may come first.
            let _ = std::fs::create_dir_all(&state_dir);
            let options = MpvOptions {
                notify: Some(notify),
                ..options
            };
            Listening::new(options, &state_dir)
        })
    }

    /// The player over whatever `listening` makes of the wake-up hook (tests connect a fake mpv).
    pub fn spawn_with(
        library: Library,
        outbox: Outbox,
        listening: impl FnOnce(Notify) -> Listening + Send + 'static,
    ) -> PlayerThread {
        let (inbox, receiver) = channel();
        let waker = std::sync::Mutex::new(inbox.clone());
        let notify = Notify(std::sync::Arc::new(move || {
            if let Ok(waker) = waker.lock() {
                let _ = waker.send(Input::Wake);
            }
        }));
        let thread = std::thread::Builder::new()
            .name("player".into())
            .spawn(move || {
                let mut player = Player {
                    library,
                    listening: listening(notify),
                    outbox,
                    sent_time: None,
                    unsent_time: None,
                };
                player.run(&receiver);
            })
            .ok();
        PlayerThread { inbox, thread }
    }

    pub fn send(&self, command: PlayerCommand) {
        let _ = self.inbox.send(Input::Command(command));
    }
}

impl Drop for PlayerThread {
    fn drop(&mut self) {
        let _ = self.inbox.send(Input::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The player thread's state.
struct Player {
    library: Library,
    listening: Listening,
    outbox: Outbox,
    /// The last playing time forwarded.
    sent_time: Option<Millis>,
    /// A playing time held back (too close to the last one sent).
    unsent_time: Option<Millis>,
}

impl Player {
    fn run(&mut self, inbox: &Receiver<Input>) {
        while let Ok(input) = inbox.recv() {
            match input {
                Input::Command(command) => self.command(command),
                Input::Wake => self.forward_events(),
                Input::Stop => break,
            }
        }
        self.listening.quit();
    }

    fn report(&self, report: PlayerReport) {
        (self.outbox)(Message::Player(report));
    }

    fn command(&mut self, command: PlayerCommand) {
        let result = match command {
            PlayerCommand::Play { entry, at, link } => {
                match self.listening.play_episode(&self.library.root, &entry, at) {
                    Ok(_) => {
                        self.sent_time = None;
                        self.unsent_time = None;
                        self.report(PlayerReport::Started {
                            slug: entry.slug.clone(),
                            at,
                        });
                        Ok(())
                    }
                    Err(e) => Err(refusal(&e, link.as_deref())),
                }
            }
            PlayerCommand::TogglePause => self.listening.toggle_pause().map_err(|e| e.to_string()),
            PlayerCommand::Pause => self.listening.pause().map_err(|e| e.to_string()),
            PlayerCommand::Seek(at) => self.listening.seek(at).map_err(|e| e.to_string()),
            PlayerCommand::Skip(delta) => self.listening.skip(delta).map_err(|e| e.to_string()),
            PlayerCommand::Speed { faster } => self
                .listening
                .step_speed(faster)
                .map(|_| ())
                .map_err(|e| e.to_string()),
        };
        if let Err(reason) = result {
            self.report(PlayerReport::Refused(reason));
        }
    }

    /// Forwards what mpv said; of a run of playing times, only those [`TIME_STEP_MS`] apart,
    /// and the latest one before anything else, so a pause or an end shows the time it came at.
    fn forward_events(&mut self) {
        for event in self.listening.drain_events() {
            match event {
                PlayerEvent::Time(ms) => {
                    let far = self
                        .sent_time
                        .is_none_or(|sent| sent.abs_diff(ms) >= TIME_STEP_MS);
                    self.unsent_time = Some(ms);
                    if far {
                        self.flush_time();
                    }
                }
                other => {
                    self.flush_time();
                    if matches!(other, PlayerEvent::Failed(_)) {
                        // The player still counts the file as loaded and would only seek in
                        // it next time; a fresh mpv loads it again.
                        self.listening.quit();
                    }
                    self.report(PlayerReport::Event(other));
                }
            }
        }
    }

    fn flush_time(&mut self) {
        if let Some(ms) = self.unsent_time.take() {
            self.sent_time = Some(ms);
            self.report(PlayerReport::Event(PlayerEvent::Time(ms)));
        }
    }
}

/// Why nothing plays, with the source at that time when there is a link to give.
fn refusal(error: &PlayerError, link: Option<&str>) -> String {
    match link {
        Some(link) => format!("{error} · the source: {}", sanitize_line(link)),
        None => error.to_string(),
    }
}

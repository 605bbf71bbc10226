//! Listening along, the router's part: the listening keys in the Reader become
//! [`PlayerCommand`]s for the player thread, the player's reports update [`Playback`] and the
//! Readers' follow state, and the status line shows what plays.

use ratatui::text::Span;

use super::App;
use crate::model::Millis;
use crate::player::{PlayerEvent, SKIP_BACK_MS, SKIP_FORWARD_MS};
use crate::tui::action::Action;
use crate::tui::command::Command;
use crate::tui::hints::Segment;
use crate::tui::listen::{PlayerCommand, PlayerReport};
use crate::tui::reader::actions::note_prefill;
use crate::tui::screen::Screen;
use crate::tui::theme;

/// The status line's priority of the playing time (it stays on a narrow line) and of the
/// follow-off notice.
const PLAYING: usize = 0;
const FOLLOW_OFF: usize = 2;

/// The status line while the audio is being started.
const STARTING: &str = "starting the audio…";

impl App {
    /// The listening keys, and the keys that mean more while listening, in the Reader; `None`
    /// leaves the action to the screen.
    pub(super) fn listen_act(&mut self, action: Action) -> Option<Option<Command>> {
        let reader = self.screens.last().and_then(Screen::reader)?;
        let slug = reader.episode.entry.slug.clone();
        let here = self.playback.has(&slug);
        let loaded = self.playback.slug.is_some();
        let player = |command| Some(Some(Command::Player(command)));
        match action {
            Action::PlayPause if here => player(PlayerCommand::TogglePause),
            Action::PlayPause | Action::OpenSource => {
                let command = PlayerCommand::Play {
                    entry: Box::new(reader.episode.entry.clone()),
                    at: reader.current_time(),
                    link: reader.source_link(),
                };
                if !here {
                    // Starting mpv and loading a file can take seconds on a busy machine.
                    self.tell(STARTING);
                }
                player(command)
            }
            Action::SkipBack | Action::SkipForward | Action::Slower | Action::Faster if !loaded => {
                Some(Some(self.nothing_plays()))
            }
            Action::SkipBack => player(PlayerCommand::Skip(-(SKIP_BACK_MS as i64))),
            Action::SkipForward => player(PlayerCommand::Skip(SKIP_FORWARD_MS as i64)),
            Action::Slower => player(PlayerCommand::Speed { faster: false }),
            Action::Faster => player(PlayerCommand::Speed { faster: true }),
            Action::Follow => Some(self.follow_again(here)),
            Action::AddNote => self.note_at_playing_time(here),
            Action::NoteJustHeard => Some(self.note_just_heard(here)),
            _ => None,
        }
    }

    fn nothing_plays(&self) -> Command {
        Command::info(format!(
            "nothing is playing: {} plays from the line at the top",
            self.keymap.hint(Action::PlayPause)
        ))
    }

    fn follow_again(&mut self, here: bool) -> Option<Command> {
        if !here {
            return Some(self.nothing_plays());
        }
        let reader = self.screens.last_mut().and_then(Screen::reader_mut)?;
        reader.resume_follow();
        None
    }

    /// The playing time this Reader's notes should get: while its audio plays, or while the
    /// view follows it paused.
    fn playing_time_here(&self, here: bool) -> Option<Millis> {
        let reader = self.screens.last().and_then(Screen::reader)?;
        let listening = here && (!self.playback.paused || reader.is_following());
        listening.then_some(self.playback.time).flatten()
    }

    /// `a` while listening: a note at the playing time (a `v` selection keeps its range).
    fn note_at_playing_time(&self, here: bool) -> Option<Option<Command>> {
        let reader = self.screens.last().and_then(Screen::reader)?;
        if reader.range_start.is_some() || reader.notes.is_none() {
            return None;
        }
        let time = self.playing_time_here(here)?;
        Some(Some(Command::NoteForm(note_prefill(time, None))))
    }

    /// A note over the last seconds heard, with the audio paused while it is typed.
    fn note_just_heard(&mut self, here: bool) -> Option<Command> {
        let time = match self.playback.time {
            Some(time) if here => time,
            _ => return Some(self.nothing_plays()),
        };
        let reader = self.screens.last().and_then(Screen::reader)?;
        if reader.notes.is_none() {
            return Some(Command::error(
                "this episode is a bare file: import it to give it a notes.md",
            ));
        }
        let start = time.saturating_sub(self.note_seconds.saturating_mul(1000));
        if !self.playback.paused {
            self.run(Command::Player(PlayerCommand::Pause));
        }
        Some(Command::NoteForm(note_prefill(start, Some(time))))
    }

    /// The jump prompt moved the Reader to `time`: the audio goes there too when it plays this
    /// episode, and the view follows it from there.
    pub(super) fn seek_with_jump(&mut self, time: Millis) {
        let Some(reader) = self.screens.last_mut().and_then(Screen::reader_mut) else {
            return;
        };
        if self.playback.has(&reader.episode.entry.slug) {
            reader.seek_follow(time);
            self.queue(Command::Player(PlayerCommand::Seek(time)));
        }
    }

    /// `podgloss open SLUG --play`: once the episode is open, its audio starts.
    pub(super) fn play_opened(&mut self, at: Option<Millis>) {
        if !std::mem::take(&mut self.play_on_open) {
            return;
        }
        let Some(reader) = self.screens.last().and_then(Screen::reader) else {
            return;
        };
        let command = PlayerCommand::Play {
            entry: Box::new(reader.episode.entry.clone()),
            at: at.unwrap_or_else(|| reader.current_time()),
            link: reader.source_link(),
        };
        self.queue(Command::Player(command));
    }

    /// What the player reports.
    pub(super) fn player_report(&mut self, report: PlayerReport) {
        match report {
            PlayerReport::Started { slug, at } => {
                if self.status.as_ref().is_some_and(|s| s.text == STARTING) {
                    self.status = None;
                }
                self.playback.slug = Some(slug.clone());
                self.playback.time = Some(at);
                self.playback.paused = false;
                for screen in &mut self.screens {
                    if let Some(reader) = screen.reader_mut() {
                        if reader.episode.entry.slug == slug {
                            reader.seek_follow(at);
                        } else {
                            reader.stop_playing();
                        }
                    }
                }
            }
            PlayerReport::Event(event) => self.player_event(event),
            PlayerReport::Refused(reason) => self.warn(reason),
        }
    }

    fn player_event(&mut self, event: PlayerEvent) {
        match event {
            PlayerEvent::Time(time) => {
                self.playback.time = Some(time);
                let Some(slug) = self.playback.slug.clone() else {
                    return;
                };
                for reader in self.readers_of(&slug) {
                    reader.play_time(time);
                }
            }
            PlayerEvent::Paused(paused) => self.playback.paused = paused,
            PlayerEvent::Speed(speed) => self.playback.speed = speed,
            PlayerEvent::Loaded => {}
            PlayerEvent::Ended => {
                self.playback.paused = true;
                self.tell("the episode's audio ended");
            }
            PlayerEvent::Failed(reason) => {
                self.stopped_playing();
                self.warn(format!("mpv cannot play it: {reason}"));
            }
            PlayerEvent::CommandFailed { error, .. } => self.warn(format!("mpv: {error}")),
            PlayerEvent::Gone => {
                if self.playback.slug.is_some() {
                    self.warn("mpv stopped; space starts it again");
                }
                self.stopped_playing();
            }
        }
    }

    fn stopped_playing(&mut self) {
        self.playback = Default::default();
        for reader in self.screens.iter_mut().filter_map(Screen::reader_mut) {
            reader.stop_playing();
        }
    }

    /// The status line's listening part: the playing time and speed on every screen, and in a
    /// Reader of the playing episode whose view was moved away, that following is off.
    pub(super) fn listen_segments(&self) -> Vec<Segment> {
        let Some(status) = self.playback.status() else {
            return Vec::new();
        };
        let mut segments = vec![Segment {
            span: Span::styled(format!(" {status} "), theme::playing_status()),
            priority: PLAYING,
        }];
        let moved_away = self
            .screens
            .last()
            .and_then(Screen::reader)
            .is_some_and(|r| r.is_playing_here() && !r.is_following());
        if moved_away {
            segments.push(Segment {
                span: Span::styled(
                    format!(
                        " follow off · {} follows ",
                        self.keymap.hint(Action::Follow)
                    ),
                    theme::follow_off(),
                ),
                priority: FOLLOW_OFF,
            });
        }
        segments
    }
}

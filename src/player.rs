//! Listening along: one mpv driven over its JSON IPC ([`mpv`], [`ipc`]), and [`Listening`], the
//! API the Reader uses: play an episode from a time, pause, skip, change speed, and read where
//! the audio is. Times here are the episode's (the transcript's times with `[timing] offset`
//! already added when the episode was loaded), which are the audio's times: a seek sends the
//! reader's time unchanged and a `time-pos` maps straight back onto the reader's segments, so the
//! offset holds both ways.

pub mod ipc;
pub mod mpv;
pub mod position;

use std::path::{Path, PathBuf};

pub use ipc::PlayerEvent;
pub use mpv::{Mpv, MpvOptions, Notify, PlaybackState};
pub use position::{PlayingAt, playing_at};

use crate::audio::{AudioSource, resolve_audio};
use crate::library::scan::EpisodeEntry;

/// Why the player cannot do what was asked; each message is one sentence for the status bar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlayerError {
    #[error(
        "mpv is not installed: install it to listen along (apt install mpv, dnf install mpv, \
         pacman -S mpv, brew install mpv)"
    )]
    NotInstalled,
    #[error("{0}")]
    NoSource(String),
    #[error("{0}: playing YouTube needs yt-dlp (pipx install yt-dlp, or your package manager)")]
    NeedsYtDlp(String),
    #[error("cannot start mpv: {0}")]
    Start(String),
    #[error("mpv: {0}")]
    Io(String),
}

/// The default skips: back a little (to hear it again), forward more.
pub const SKIP_BACK_MS: u64 = 5_000;
pub const SKIP_FORWARD_MS: u64 = 15_000;

/// The player the Reader talks to: mpv is started on the first play and reused across episodes.
pub struct Listening {
    options: MpvOptions,
    runtime_dir: PathBuf,
    mpv: Option<Mpv>,
    /// The source loaded now, so playing another line of the same episode only seeks.
    loaded: Option<AudioSource>,
}

impl Listening {
    /// mpv's socket goes in `$XDG_RUNTIME_DIR` (private to the user), else `state_dir` (the
    /// library's `.podgloss/`).
    pub fn new(options: MpvOptions, state_dir: &Path) -> Listening {
        let runtime_dir = std::env::var_os("XDG_RUNTIME_DIR")
            .map(PathBuf::from)
            .filter(|dir| dir.is_dir())
            .unwrap_or_else(|| state_dir.to_path_buf());
        Listening {
            options,
            runtime_dir,
            mpv: None,
            loaded: None,
        }
    }

    /// Drives an mpv that is already running (tests connect a fake one).
    pub fn with_mpv(mpv: Mpv) -> Listening {
        Listening {
            options: MpvOptions::default(),
            runtime_dir: PathBuf::new(),
            mpv: Some(mpv),
            loaded: None,
        }
    }

    /// Plays the episode from `at_ms` (`podgloss open SLUG --at T --play`, and `o` on a line):
    /// loads its audio when another file (or none) is loaded, else seeks; then unpauses.
    pub fn play_episode(
        &mut self,
        library_root: &Path,
        entry: &EpisodeEntry,
        at_ms: u64,
    ) -> Result<AudioSource, PlayerError> {
        let source = resolve_audio(library_root, entry).map_err(PlayerError::NoSource)?;
        self.play_source(&source, at_ms)?;
        Ok(source)
    }

    /// [`Listening::play_episode`] for a source already checked.
    pub fn play_source(&mut self, source: &AudioSource, at_ms: u64) -> Result<(), PlayerError> {
        if let AudioSource::Url(url) = source {
            let host = url.host_str().unwrap_or_default();
            let youtube = ["youtube.com", "youtu.be"]
                .iter()
                .any(|h| host == *h || host.ends_with(&format!(".{h}")));
            if youtube && !program_on_path("yt-dlp") {
                return Err(PlayerError::NeedsYtDlp(source.to_string()));
            }
        }
        let same = self.loaded.as_ref() == Some(source);
        let mpv = self.mpv()?;
        let seconds = ipc::ms_to_seconds(at_ms);
        if same {
            mpv.send(ipc::seek_absolute(seconds))?;
        } else {
            mpv.send(ipc::set_start(seconds))?;
            mpv.send(ipc::loadfile(&source.as_player_arg()))?;
        }
        mpv.send(ipc::set_pause(false))?;
        self.loaded = Some(source.clone());
        Ok(())
    }

    /// Seeks without changing play/pause (`t` while playing).
    pub fn seek(&mut self, at_ms: u64) -> Result<(), PlayerError> {
        self.running()?
            .send(ipc::seek_absolute(ipc::ms_to_seconds(at_ms)))?;
        Ok(())
    }

    /// Skips by `delta_ms` (negative: back). Relative, so two quick presses both count.
    pub fn skip(&mut self, delta_ms: i64) -> Result<(), PlayerError> {
        self.running()?
            .send(ipc::seek_relative(delta_ms as f64 / 1000.0))?;
        Ok(())
    }

    pub fn toggle_pause(&mut self) -> Result<(), PlayerError> {
        self.running()?.send(ipc::toggle_pause())?;
        Ok(())
    }

    pub fn pause(&mut self) -> Result<(), PlayerError> {
        self.running()?.send(ipc::set_pause(true))?;
        Ok(())
    }

    /// One speed step up or down (0.5x-3x); returns the speed asked for.
    pub fn step_speed(&mut self, faster: bool) -> Result<f64, PlayerError> {
        let mpv = self.running()?;
        let speed = ipc::step_speed(mpv.state().speed, faster);
        mpv.send(ipc::set_speed(speed))?;
        Ok(speed)
    }

    /// What the player last reported; `None` when no mpv runs.
    pub fn state(&self) -> Option<PlaybackState> {
        self.mpv.as_ref().map(Mpv::state)
    }

    /// Whether audio is loaded (the Reader's `Space` plays/pauses it, else starts the episode).
    pub fn is_loaded(&self) -> bool {
        self.mpv.is_some() && self.loaded.is_some()
    }

    /// The events since the last call (the Reader drains this every tick). A `Gone` forgets the
    /// player, so the next play starts a new one.
    pub fn drain_events(&mut self) -> Vec<PlayerEvent> {
        let Some(mpv) = &self.mpv else {
            return Vec::new();
        };
        let events: Vec<PlayerEvent> = mpv.events().try_iter().collect();
        if events.contains(&PlayerEvent::Gone) {
            self.mpv = None;
            self.loaded = None;
        }
        events
    }

    /// Stops mpv (also done on drop).
    pub fn quit(&mut self) {
        self.mpv = None;
        self.loaded = None;
    }

    fn mpv(&mut self) -> Result<&mut Mpv, PlayerError> {
        if self.mpv.as_mut().is_some_and(|mpv| !mpv.is_running()) {
            self.mpv = None;
            self.loaded = None;
        }
        if self.mpv.is_none() {
            self.mpv = Some(Mpv::start(&self.options, &self.runtime_dir)?);
        }
        Ok(self.mpv.as_mut().expect("started above"))
    }

    fn running(&mut self) -> Result<&mut Mpv, PlayerError> {
        self.mpv
            .as_mut()
            .ok_or_else(|| PlayerError::Io("nothing is playing".into()))
    }
}

/// Whether `program` is an executable file in a `$PATH` folder.
pub fn program_on_path(program: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            std::fs::metadata(dir.join(program))
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

#[cfg(test)]
pub(crate) mod fake_mpv;
#[cfg(test)]
mod tests;

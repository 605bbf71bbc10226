//! mpv, the process half: podgloss starts one mpv (`--no-video --idle=yes --no-terminal`, its
//! IPC socket in `$XDG_RUNTIME_DIR` or the library's `.podgloss/`, no source on its command line),
//! talks to it over the socket, reads its messages on a background thread into a channel, and
//! stops it when the [`Mpv`] is dropped. One mpv serves every episode: `loadfile` replaces the
//! file, a seek never restarts the player.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::PlayerError;
use super::ipc::{self, OBSERVED, PlayerEvent};

/// How long mpv gets to create its socket after starting: ~0.1 s normally, but several seconds
/// on a loaded machine; only a broken mpv waits this long.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long mpv gets to quit before it is killed.
const QUIT_TIMEOUT: Duration = Duration::from_secs(2);
/// Unix socket paths are limited to about 108 bytes.
const MAX_SOCKET_PATH: usize = 100;

/// How to start mpv. The arguments are podgloss's own, never a source's.
#[derive(Debug, Clone)]
pub struct MpvOptions {
    /// The program (`mpv`, or `$PODGLOSS_MPV`).
    pub program: PathBuf,
    /// Added after podgloss's arguments (tests use `--ao=null`).
    pub extra_args: Vec<String>,
    /// Called after each event is queued, so a thread waiting on something else (the TUI's
    /// player thread) hears of it without polling.
    pub notify: Option<Notify>,
}

/// A wake-up call from mpv's reader thread: "an event is waiting".
#[derive(Clone)]
pub struct Notify(pub Arc<dyn Fn() + Send + Sync>);

impl std::fmt::Debug for Notify {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Notify")
    }
}

impl Default for MpvOptions {
    fn default() -> Self {
        MpvOptions {
            program: std::env::var_os("PODGLOSS_MPV")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("mpv")),
            extra_args: Vec::new(),
            notify: None,
        }
    }
}

/// What the player last reported, kept up to date by the reader thread.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaybackState {
    /// Milliseconds into the audio; `None` before a file plays.
    pub time_ms: Option<u64>,
    pub paused: bool,
    pub speed: f64,
}

impl Default for PlaybackState {
    fn default() -> Self {
        PlaybackState {
            time_ms: None,
            paused: true,
            speed: 1.0,
        }
    }
}

/// The command that starts `program`. On Linux it runs under `setpriv --pdeathsig TERM`
/// (util-linux, in every Debian base system), so the kernel stops mpv when podgloss is gone,
/// however it went: killed with SIGKILL, no `Drop` runs. The signal comes when the *thread* that
/// started mpv ends, so mpv is started only from the TUI's player thread, which lives until
/// playback stops (`tui::listen::PlayerThread`), or from a command that waits for it. Setting
/// the parent-death signal ourselves would need code between `fork` and `exec`, which Rust
/// allows only as `unsafe`; the crate has none. Without `setpriv`, mpv is stopped when the
/// [`Mpv`] is dropped, and only then.
fn player_command(program: &Path) -> Command {
    if cfg!(target_os = "linux") && is_on_path(Path::new("setpriv")) {
        let mut command = Command::new("setpriv");
        command.args(["--pdeathsig", "TERM", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

/// Whether `program` would be found by `exec`: a path that is a file, or a bare name found in
/// `PATH`. Asked before starting mpv through `setpriv`, which would otherwise turn a missing mpv
/// into "setpriv failed".
fn is_on_path(program: &Path) -> bool {
    if program.components().count() > 1 {
        return program.is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// A running mpv (or, in tests, anything speaking its IPC on a socket).
pub struct Mpv {
    child: Option<Child>,
    socket: UnixStream,
    /// Removed on drop when podgloss created it.
    socket_path: Option<PathBuf>,
    /// Kept alive so a socket in a private temporary folder lasts as long as mpv.
    _socket_dir: Option<tempfile::TempDir>,
    events: Receiver<PlayerEvent>,
    state: Arc<Mutex<PlaybackState>>,
    next_id: u64,
}

impl Mpv {
    /// Starts mpv with its IPC socket in `runtime_dir` and connects to it.
    pub fn start(options: &MpvOptions, runtime_dir: &Path) -> Result<Mpv, PlayerError> {
        let (socket_path, socket_dir) = socket_path(runtime_dir)?;
        let _ = std::fs::remove_file(&socket_path);
        if !is_on_path(&options.program) {
            return Err(PlayerError::NotInstalled);
        }
        let mut command = player_command(&options.program);
        command
            .arg("--no-video")
            .arg("--idle=yes")
            .arg("--no-terminal")
            .arg("--keep-open=yes")
            .arg(format!("--input-ipc-server={}", socket_path.display()))
            .args(&options.extra_args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = command.spawn().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => PlayerError::NotInstalled,
            _ => PlayerError::Start(format!("{}: {e}", options.program.display())),
        })?;
        let deadline = Instant::now() + START_TIMEOUT;
        let socket = loop {
            match UnixStream::connect(&socket_path) {
                Ok(socket) => break socket,
                Err(_) if Instant::now() < deadline => {
                    if let Ok(Some(status)) = child.try_wait() {
                        return Err(PlayerError::Start(format!(
                            "mpv exited at once ({status}); try running `mpv --idle` to see why"
                        )));
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(PlayerError::Start(format!(
                        "mpv did not open its control socket {}: {e}",
                        socket_path.display()
                    )));
                }
            }
        };
        let mut mpv = Mpv::connected(socket, Some(child), options.notify.clone())?;
        mpv.socket_path = Some(socket_path);
        mpv._socket_dir = socket_dir;
        Ok(mpv)
    }

    /// Speaks to a player already listening on `socket` (tests drive a fake mpv this way).
    pub fn connect(socket: &Path) -> Result<Mpv, PlayerError> {
        Mpv::connect_notifying(socket, None)
    }

    /// [`Mpv::connect`], calling `notify` after each event.
    pub fn connect_notifying(socket: &Path, notify: Option<Notify>) -> Result<Mpv, PlayerError> {
        let stream = UnixStream::connect(socket)
            .map_err(|e| PlayerError::Io(format!("{}: {e}", socket.display())))?;
        Mpv::connected(stream, None, notify)
    }

    fn connected(
        socket: UnixStream,
        child: Option<Child>,
        notify: Option<Notify>,
    ) -> Result<Mpv, PlayerError> {
        let reading = socket
            .try_clone()
            .map_err(|e| PlayerError::Io(e.to_string()))?;
        let (sender, events) = channel();
        let state = Arc::new(Mutex::new(PlaybackState::default()));
        let shared = Arc::clone(&state);
        std::thread::Builder::new()
            .name("mpv-events".into())
            .spawn(move || read_events(reading, &sender, &shared, notify))
            .map_err(|e| PlayerError::Io(e.to_string()))?;
        let mut mpv = Mpv {
            child,
            socket,
            socket_path: None,
            _socket_dir: None,
            events,
            state,
            next_id: 1,
        };
        for (id, name) in OBSERVED {
            mpv.send(ipc::observe(*id, name))?;
        }
        Ok(mpv)
    }

    /// Sends one command; returns its request id.
    pub fn send(&mut self, command: Value) -> Result<u64, PlayerError> {
        let id = self.next_id;
        self.next_id += 1;
        self.socket
            .write_all(ipc::encode(command, id).as_bytes())
            .map_err(|e| PlayerError::Io(format!("sending to mpv: {e}")))?;
        Ok(id)
    }

    /// The events mpv sent, in order, as they arrive.
    pub fn events(&self) -> &Receiver<PlayerEvent> {
        &self.events
    }

    /// The last reported position, pause state and speed.
    pub fn state(&self) -> PlaybackState {
        *self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether the mpv podgloss started is still running.
    pub fn is_running(&mut self) -> bool {
        match &mut self.child {
            Some(child) => matches!(child.try_wait(), Ok(None)),
            None => true,
        }
    }
}

impl Drop for Mpv {
    fn drop(&mut self) {
        let _ = self.send(ipc::quit());
        if let Some(mut child) = self.child.take() {
            let deadline = Instant::now() + QUIT_TIMEOUT;
            while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(10));
            }
            if matches!(child.try_wait(), Ok(None)) {
                let _ = child.kill();
            }
            let _ = child.wait();
        }
        let _ = self.socket.shutdown(std::net::Shutdown::Both);
        if let Some(path) = &self.socket_path {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The reader thread: each line from mpv becomes an event; the shared state follows them.
fn read_events(
    socket: UnixStream,
    sender: &Sender<PlayerEvent>,
    state: &Mutex<PlaybackState>,
    notify: Option<Notify>,
) {
    let wake = || {
        if let Some(Notify(notify)) = &notify {
            notify();
        }
    };
    let reader = BufReader::new(socket);
    for line in reader.lines() {
        let Ok(line) = line else { break };
        let Some(event) = ipc::parse_message(&line) else {
            continue;
        };
        {
            let mut state = state.lock().unwrap_or_else(|p| p.into_inner());
            match &event {
                PlayerEvent::Time(ms) => state.time_ms = Some(*ms),
                PlayerEvent::Paused(paused) => state.paused = *paused,
                PlayerEvent::Speed(speed) => state.speed = *speed,
                _ => {}
            }
        }
        if sender.send(event).is_err() {
            return;
        }
        wake();
    }
    let _ = sender.send(PlayerEvent::Gone);
    wake();
}

/// `<runtime_dir>/podgloss-mpv-XXXX/mpv.sock`, in a folder only the user can enter (whoever can
/// reach mpv's socket can make it run commands), or the same under the system's temporary folder
/// when that path is too long for a Unix socket. The folder goes when the [`Mpv`] is dropped.
fn socket_path(runtime_dir: &Path) -> Result<(PathBuf, Option<tempfile::TempDir>), PlayerError> {
    let private = |dir: &Path| {
        tempfile::Builder::new()
            .prefix("podgloss-mpv-")
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .tempdir_in(dir)
            .map_err(|e| {
                PlayerError::Io(format!("{}: a folder for mpv's socket: {e}", dir.display()))
            })
    };
    let dir = private(runtime_dir)?;
    let path = dir.path().join("mpv.sock");
    if path.as_os_str().len() <= MAX_SOCKET_PATH {
        return Ok((path, Some(dir)));
    }
    let dir = private(&std::env::temp_dir())?;
    Ok((dir.path().join("mpv.sock"), Some(dir)))
}

#[cfg(test)]
pub(super) fn socket_path_for_tests(
    runtime_dir: &Path,
) -> Result<(PathBuf, Option<tempfile::TempDir>), PlayerError> {
    socket_path(runtime_dir)
}

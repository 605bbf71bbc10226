//! Listening along end to end: the real binary in tmux with the real mpv (`--ao=null`, from the
//! config file's `[player] mpv-args`) on the sample episode's synthesised audio. It opens at
//! 1:00 playing, shows the playing paragraph, writes notes at the playing moment and checks
//! their times against mpv's own `time-pos` (asked over mpv's socket), then quits and checks
//! that no mpv is left running. Skips, saying why, without tmux or mpv, except under `CI`.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::TestLibrary;

const SLUG: &str = "tokens-and-embeddings";

fn installed(program: &str, arg: &str) -> bool {
    Command::new(program).arg(arg).output().is_ok()
}

/// A tmux server of its own, killed on drop with every mpv started under `runtime` (found by
/// the socket folder on its command line, stopped by its process id).
struct Listening {
    socket: String,
    runtime: PathBuf,
}

impl Listening {
    fn tmux(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "listen"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "listen"])
    }

    fn wait_for(&self, text: &str) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "waited for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The mpv processes started with a socket under this test's runtime folder.
    fn our_mpvs(&self) -> Vec<u32> {
        let needle = self.runtime.to_string_lossy().into_owned();
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| {
                std::fs::read(format!("/proc/{pid}/cmdline"))
                    .is_ok_and(|c| String::from_utf8_lossy(&c).contains(&needle))
            })
            .filter(|pid| {
                std::fs::read_to_string(format!("/proc/{pid}/comm"))
                    .is_ok_and(|c| c.trim() == "mpv")
            })
            .collect()
    }

    /// mpv's socket, once it is there.
    fn mpv_socket(&self) -> PathBuf {
        let started = Instant::now();
        loop {
            let found = std::fs::read_dir(&self.runtime).ok().and_then(|entries| {
                entries
                    .flatten()
                    .map(|e| e.path().join("mpv.sock"))
                    .find(|p| p.exists())
            });
            if let Some(path) = found {
                return path;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "mpv's socket never appeared under {}",
                self.runtime.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
        for pid in self.our_mpvs() {
            let _ = Command::new("kill").arg(pid.to_string()).output();
        }
    }
}

/// Asks mpv for its `time-pos`, in milliseconds, once it has one (while the file is still
/// loading the property is unavailable).
fn mpv_time(socket: &Path) -> u64 {
    let started = Instant::now();
    loop {
        if let Some(ms) = ask_time_pos(socket) {
            return ms;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "mpv never reported a time-pos"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn ask_time_pos(socket: &Path) -> Option<u64> {
    let mut stream = UnixStream::connect(socket).expect("mpv's socket");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(b"{\"command\":[\"get_property\",\"time-pos\"],\"request_id\":4242}\n")
        .unwrap();
    for line in BufReader::new(stream).lines() {
        let line = line.expect("mpv answers");
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        if value["request_id"] == 4242 {
            return value["data"]
                .as_f64()
                .map(|seconds| (seconds * 1000.0).round() as u64);
        }
    }
    panic!("mpv closed the connection without answering");
}

/// The notes file once it holds `text` (the save runs off the UI thread).
fn wait_for_note(path: &Path, text: &str) -> String {
    let started = Instant::now();
    loop {
        let notes = std::fs::read_to_string(path).unwrap_or_default();
        if notes.contains(text) || started.elapsed() > Duration::from_secs(15) {
            return notes;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// `[m:ss]` or `[m:ss-m:ss]` at the start of the note line holding `text`: the times in ms.
fn note_times(notes: &str, text: &str) -> Vec<u64> {
    let line = notes
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no note {text:?} in:\n{notes}"));
    let inside = &line[line.find('[').unwrap() + 1..line.find(']').unwrap()];
    inside
        .split('-')
        .map(|t| {
            t.split(':')
                .fold(0u64, |acc, part| acc * 60 + part.parse::<u64>().unwrap())
                * 1000
        })
        .collect()
}

/// The sample library and a tmux session running podgloss on it, playing from 1:00 with the
/// real mpv; `None` (the reason printed) without tmux or mpv, outside CI.
fn start_listening(tag: &str) -> Option<(TestLibrary, Listening)> {
    for (program, arg) in [("tmux", "-V"), ("mpv", "--version")] {
        if !installed(program, arg) {
            assert!(
                std::env::var_os("CI").is_none(),
                "{program} is not installed, and CI is set: .ci/run should have installed it"
            );
            eprintln!("skipping: {program} is not installed (.ci/run installs it)");
            return None;
        }
    }
    let lib = TestLibrary::with_sample();
    let runtime = lib.root().join("run");
    std::fs::create_dir_all(&runtime).unwrap();
    let config = lib.root().join("config.toml");
    std::fs::write(
        &config,
        "[player]\nmpv-args = [\"--ao=null\", \"--no-config\"]\n",
    )
    .unwrap();
    let session = Listening {
        socket: format!("podgloss-{tag}-{}", std::process::id()),
        runtime: runtime.clone(),
    };
    // After podgloss: whether it left the terminal in raw mode (no `icanon`).
    let command = format!(
        "env -u PODGLOSS_LIBRARY -u PODGLOSS_MPV -u XDG_CONFIG_HOME HOME='{home}' \
         PODGLOSS_CONFIG='{config}' XDG_RUNTIME_DIR='{runtime}' TERM=xterm-256color \
         '{bin}' --library '{lib}' open {SLUG} --at 1:00 --play; echo PODGLOSS-EXITED; \
         stty -a | grep -q -- -icanon && echo LEFT-IN-RAW-MODE; sleep 30",
        home = lib.root().join("home").display(),
        config = config.display(),
        runtime = runtime.display(),
        bin = assert_cmd::cargo::cargo_bin!("podgloss").display(),
        lib = lib.root().display(),
    );
    session.tmux(&[
        "new-session",
        "-d",
        "-s",
        "listen",
        "-x",
        "160",
        "-y",
        "48",
        &command,
    ]);
    Some((lib, session))
}

/// The podgloss process running on `lib` (found by its library path on its command line).
fn podgloss_pid(lib: &TestLibrary) -> u32 {
    let needle = lib.root().to_string_lossy().into_owned();
    let entries = std::fs::read_dir("/proc").expect("/proc");
    let found: Vec<u32> = entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.trim() == "podgloss")
                && std::fs::read(format!("/proc/{pid}/cmdline"))
                    .is_ok_and(|c| String::from_utf8_lossy(&c).contains(&needle))
        })
        .collect();
    assert_eq!(found.len(), 1, "one podgloss on {needle}: {found:?}");
    found[0]
}

/// Waits (up to a generous deadline, not a timing) until no mpv of the session is left.
fn assert_mpv_gone(session: &Listening, after: &str) {
    let started = Instant::now();
    while !session.our_mpvs().is_empty() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        session.our_mpvs(),
        Vec::<u32>::new(),
        "mpv outlived podgloss {after}"
    );
}

#[test]
fn mpv_does_not_outlive_a_killed_podgloss() {
    // Only the kernel can stop mpv after a SIGKILL: podgloss asks it to through setpriv.
    if !installed("setpriv", "--version") {
        assert!(
            std::env::var_os("CI").is_none(),
            "setpriv is not installed, and CI is set: .ci/run checks for it"
        );
        eprintln!("skipping: setpriv (util-linux) is not installed");
        return;
    }
    let Some((lib, session)) = start_listening("listen-kill") else {
        return;
    };
    session.wait_for("▶ 1:0");
    mpv_time(&session.mpv_socket());
    assert_eq!(session.our_mpvs().len(), 1);
    let pid = podgloss_pid(&lib);
    Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap();
    session.wait_for("PODGLOSS-EXITED");
    assert_mpv_gone(&session, "killed with SIGKILL");
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_and_stop_mpv() {
    for signal in ["TERM", "HUP"] {
        let Some((lib, session)) = start_listening(&format!("listen-{signal}")) else {
            return;
        };
        session.wait_for("▶ 1:0");
        mpv_time(&session.mpv_socket());
        let pid = podgloss_pid(&lib);
        Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .unwrap();
        let screen = session.wait_for("PODGLOSS-EXITED");
        std::thread::sleep(Duration::from_millis(300));
        let screen = session.screen() + &screen;
        assert!(
            !screen.contains("LEFT-IN-RAW-MODE"),
            "SIG{signal}: {screen}"
        );
        assert_eq!(
            session
                .tmux(&["display-message", "-p", "-t", "listen", "#{alternate_on}"])
                .trim(),
            "0",
            "SIG{signal}: the alternate screen was left"
        );
        assert_mpv_gone(&session, &format!("stopped with SIG{signal}"));
    }
}

#[test]
fn play_at_one_minute_follow_and_note_at_the_players_time() {
    let Some((lib, session)) = start_listening("listen") else {
        return;
    };
    // Playing from 1:00: the status line shows the time, the Reader the paragraph at 1:00.
    let screen = session.wait_for("▶ 1:0");
    assert!(screen.contains("A token is a chunk of text"), "{screen}");
    let socket = session.mpv_socket();
    let first = mpv_time(&socket);
    assert!(
        (60_000..75_000).contains(&first),
        "mpv plays from 1:00: {first}"
    );

    // `a` while playing: a note at the playing time.
    let before = mpv_time(&socket);
    session.keys(&["a"]);
    session.wait_for("Add a note");
    session.tmux(&["send-keys", "-t", "listen", "-l", "heard-it-here"]);
    session.keys(&["C-s"]);
    let notes_path = lib.transcripts().join(SLUG).join("notes.md");
    let notes = wait_for_note(&notes_path, "heard-it-here");
    let [at] = note_times(&notes, "heard-it-here")[..] else {
        panic!("one time: {notes}")
    };
    assert!(
        at.abs_diff(before) <= 2_000,
        "the note says {at} ms, mpv was at {before} ms"
    );

    // `A`: a range over the last 30 s, the audio paused at its end.
    session.keys(&["A"]);
    session.wait_for("Add a note");
    let paused_at = mpv_time(&socket);
    session.tmux(&["send-keys", "-t", "listen", "-l", "lost-me-there"]);
    session.keys(&["C-s"]);
    session.wait_for("⏸");
    let notes = wait_for_note(&notes_path, "lost-me-there");
    let [from, to] = note_times(&notes, "lost-me-there")[..] else {
        panic!("a range: {notes}")
    };
    assert!(to.abs_diff(paused_at) <= 2_000, "{to} vs mpv {paused_at}");
    assert!(
        (to - from).abs_diff(30_000) <= 1_000,
        "a range of 30 s: {from}-{to}"
    );

    // Quitting stops mpv.
    session.keys(&["C-c"]);
    session.wait_for("PODGLOSS-EXITED");
    let started = Instant::now();
    while !session.our_mpvs().is_empty() && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        session.our_mpvs(),
        Vec::<u32>::new(),
        "mpv outlived podgloss"
    );
}

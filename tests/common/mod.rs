//! Shared helpers for the binary's integration tests: a temporary library and a `podgloss`
//! command that cannot see the developer's environment (after bat's tests/utils/command.rs).

#![allow(dead_code)]

pub mod http;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub mod tmux;

pub struct TestLibrary {
    pub dir: tempfile::TempDir,
}

impl TestLibrary {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("transcripts")).unwrap();
        std::fs::create_dir_all(dir.path().join("glossary")).unwrap();
        TestLibrary { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn transcripts(&self) -> PathBuf {
        self.root().join("transcripts")
    }

    /// `podgloss --library <tmp>` with every variable that could change behaviour removed,
    /// including those that change how it reaches the network (tests set their own after).
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// [`TestLibrary::cmd`] as a plain `std::process::Command` (to spawn, or to measure).
    pub fn std_cmd(&self) -> std::process::Command {
        command_for(self.root())
    }

    /// Writes a file outside the library (an import source) and returns its path.
    pub fn source(&self, name: &str, content: &[u8]) -> PathBuf {
        let path = self.root().join("sources").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, content).unwrap();
        path
    }

    /// Every file below the library, relative, sorted: to assert what landed on disk.
    pub fn tree(&self) -> Vec<String> {
        let mut files = Vec::new();
        walk(self.root(), self.root(), &mut files);
        files.sort();
        files
            .into_iter()
            .filter(|f| !f.starts_with("sources/") && !f.starts_with(".podgloss/"))
            .collect()
    }
}

/// `podgloss --library ROOT`, run in ROOT with HOME inside it and every variable that could
/// change behaviour removed (see [`TestLibrary::cmd`]).
pub fn command_for(root: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("podgloss"));
    for var in [
        "PODGLOSS_LIBRARY",
        "PODGLOSS_CONFIG",
        "PODGLOSS_OFFLINE",
        "PODGLOSS_HTTP_TIMEOUT_MS",
        "PODGLOSS_HTTP_COMMAND_TIMEOUT_MS",
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
        "no_proxy",
        "NO_PROXY",
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "NO_COLOR",
        "EDITOR",
        "VISUAL",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", root.join("home"));
    cmd.current_dir(root);
    cmd.arg("--library").arg(root);
    cmd
}

fn walk(root: &Path, dir: &Path, files: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(root, &path, files);
        } else {
            files.push(
                path.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
}

impl TestLibrary {
    /// A library holding a copy of the repository's own sample library.
    pub fn with_sample() -> Self {
        let lib = TestLibrary::new();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in ["transcripts", "glossary"] {
            copy_dir(&repo.join(folder), &lib.root().join(folder));
        }
        lib
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `../shared`, when the checkout has it beside it.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    dir.is_dir().then_some(dir)
}

/// GNU time: it waits for its child with `wait4`, so the peak it reports is that one process's
/// own (`getrusage(RUSAGE_CHILDREN)` in a test binary would mix in other tests' children).
const TIME: &str = "/usr/bin/time";
const PEAK_PREFIX: &str = "podgloss-test-peak-kb=";

/// Runs `program args` (a `std::process::Command` that has not run yet, taken apart) under
/// GNU time and returns its output, with time's line taken out of stderr, and its peak resident
/// memory in bytes. `None` (after saying why) where GNU time is missing outside CI.
pub fn run_measured(cmd: std::process::Command) -> Option<(std::process::Output, u64)> {
    if !Path::new(TIME).is_file() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{TIME} (Debian package `time`) is needed under CI"
        );
        eprintln!("skipping: {TIME} is not installed (Debian package `time`)");
        return None;
    }
    let mut measured = std::process::Command::new(TIME);
    measured.arg("-f").arg(format!("{PEAK_PREFIX}%M"));
    measured.arg(cmd.get_program()).args(cmd.get_args());
    for (name, value) in cmd.get_envs() {
        match value {
            Some(value) => measured.env(name, value),
            None => measured.env_remove(name),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        measured.current_dir(dir);
    }
    let mut output = measured.output().expect("run under GNU time");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let (rest, peak) = stderr
        .rsplit_once(PEAK_PREFIX)
        .unwrap_or_else(|| panic!("GNU time printed no peak: {stderr}"));
    let kilobytes: u64 = peak.trim().parse().expect("a number of kilobytes");
    // time's own lines about how the child ended; the exit status says the same.
    let own: Vec<&str> = rest
        .lines()
        .filter(|l| !l.starts_with("Command exited with") && !l.starts_with("Command terminated"))
        .collect();
    output.stderr = own.join("\n").into_bytes();
    Some((output, kilobytes * 1024))
}

/// Asserts that a search that exited 1 found nothing rather than being refused: exit 1 is both
/// (SPEC §8), and only the "no matches" line tells them apart.
pub fn assert_no_hits_not_refused(query: &str, stdout: &[u8], stderr: &str) {
    assert!(
        stdout.is_empty() && stderr.contains(&format!("no matches for {query:?}")),
        "search {query:?} was refused, not merely without hits: {stderr}"
    );
}

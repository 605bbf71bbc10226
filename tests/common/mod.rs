//! Shared helpers for the binary's integration tests: a temporary library and a `podgloss`
//! command that cannot see the developer's environment (after bat's tests/utils/command.rs).

#![allow(dead_code)]

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
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("podgloss"));
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
        cmd.env("HOME", self.root().join("home"));
        cmd.current_dir(self.root());
        cmd.arg("--library").arg(self.root());
        cmd
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

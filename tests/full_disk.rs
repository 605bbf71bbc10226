//! A full disk (issue 13): a write that fails with ENOSPC leaves the old file as it was, leaves
//! no temporary file behind, and fails with a message that names the file. The library lives
//! on a small tmpfs mounted for the test (the tests run as root here); where `mount` is refused
//! the test says so and skips, except under CI, where it must run.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use common::TestLibrary;

const VTT: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nthe residual stream carries softmax\n";
const GLOSSARY: &str = "# softmax\n\nTurns scores into probabilities.\n";
const FEEDS: &str = "[[feed]]\nurl = \"https://example.com/a.xml\"\n";
const OPML: &str = "<?xml version=\"1.0\"?><opml version=\"2.0\"><body>\
    <outline type=\"rss\" text=\"B\" xmlUrl=\"https://example.com/b.xml\"/></body></opml>";

/// A tmpfs mounted on a fresh folder, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = Process::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output();
        match mounted {
            Ok(output) if output.status.success() => Some(SmallDisk { dir }),
            other => {
                let why = match other {
                    Ok(output) => String::from_utf8_lossy(&output.stderr).into_owned(),
                    Err(e) => e.to_string(),
                };
                assert!(
                    std::env::var_os("CI").is_none(),
                    "mounting a tmpfs is needed under CI: {why}"
                );
                eprintln!("skipping: cannot mount a tmpfs ({why})");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file until the disk refuses another byte.
    fn fill(&self) {
        let mut filler = std::fs::File::create(self.path().join("filler")).unwrap();
        let block = vec![0u8; 64 * 1024];
        while filler.write_all(&block).is_ok() {}
        while filler.write_all(&[0]).is_ok() {}
        let _ = filler.sync_all();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Process::new("umount").arg(self.dir.path()).status();
    }
}

/// Every file below `dir` with its bytes, leaving out the filler and the search index.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if name == "filler" || name == ".podgloss" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn writes_on_a_full_disk_fail_cleanly_and_keep_the_old_files() {
    let Some(disk) = SmallDisk::mount("2m") else {
        return;
    };
    let lib = TestLibrary::new();
    let root = disk.path();
    for folder in ["transcripts/ep", "glossary", "home"] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
    }
    std::fs::write(root.join("transcripts/ep/transcript.vtt"), VTT).unwrap();
    std::fs::write(root.join("transcripts/ep/notes.md"), "- residual stream\n").unwrap();
    std::fs::write(root.join("glossary/softmax.md"), GLOSSARY).unwrap();
    std::fs::write(root.join("feeds.toml"), FEEDS).unwrap();
    let opml = lib.source("feeds.opml", OPML.as_bytes());
    let new_episode = lib.source("new.vtt", VTT.as_bytes());
    let run = |args: &[&std::ffi::OsStr]| {
        let mut cmd = common::command_for(root);
        cmd.args(args);
        cmd.output().unwrap()
    };
    // The index is built while there is room, so that only the writes below meet the full disk.
    let first = run(&["search".as_ref(), "residual".as_ref()]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    disk.fill();
    let before = files(root);

    let attempts: [(&str, Vec<&std::ffi::OsStr>); 4] = [
        (
            "glossary/softmax.md",
            [
                "define",
                "softmax",
                "--replace",
                "--definition",
                "A new definition.",
            ]
            .map(std::ffi::OsStr::new)
            .to_vec(),
        ),
        (
            "transcripts/ep/notes.md",
            ["notes", "ep", "--pin", "1"]
                .map(std::ffi::OsStr::new)
                .to_vec(),
        ),
        (
            "feeds.toml",
            vec!["feeds".as_ref(), "import".as_ref(), opml.as_os_str()],
        ),
        (
            "transcripts",
            vec!["import".as_ref(), new_episode.as_os_str()],
        ),
    ];
    for (file, args) in attempts {
        let output = run(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("No space left on device") && stderr.contains(file),
            "{args:?}: the message names {file} and the reason: {stderr}"
        );
        assert_eq!(
            files(root),
            before,
            "{args:?} changed the library on a full disk"
        );
    }
    // Nothing half-written is left, and once there is room the same writes work.
    std::fs::remove_file(root.join("filler")).unwrap();
    let define = run(&[
        "define",
        "softmax",
        "--replace",
        "--definition",
        "A new definition.",
    ]
    .map(std::ffi::OsStr::new));
    assert!(
        define.status.success(),
        "{}",
        String::from_utf8_lossy(&define.stderr)
    );
    let glossary = std::fs::read_to_string(root.join("glossary/softmax.md")).unwrap();
    assert!(glossary.contains("A new definition."), "{glossary}");
}

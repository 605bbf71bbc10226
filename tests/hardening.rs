//! Regression tests for what a hostile tester found: FIFOs that hung commands, imports racing
//! for a slug, concurrent and damaged indexes, derived state that is not a folder, options
//! smuggled in as query words.

mod common;

use std::path::Path;
use std::process::Command as Process;
use std::time::Duration;

use common::TestLibrary;

const VTT: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nthe residual stream carries flurbo\n\n\
                   00:00:05.000 --> 00:00:08.000\ndjango and flask are web frameworks\n";

/// Makes a FIFO; false (after saying why) where `mkfifo` is missing outside CI.
fn mkfifo(path: &Path) -> bool {
    let made = Process::new("mkfifo").arg(path).status();
    if made.is_ok_and(|s| s.success()) {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "mkfifo is needed under CI"
    );
    eprintln!("skipping: mkfifo is not available");
    false
}

fn library_with_episode() -> TestLibrary {
    let lib = TestLibrary::new();
    let folder = lib.transcripts().join("ep");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("transcript.vtt"), VTT).unwrap();
    std::fs::write(folder.join("notes.md"), "- [0:02] flurbo here\n").unwrap();
    lib
}

/// Found: a FIFO anywhere in the library hung `search`, `list` and `notes` forever.
#[test]
fn fifos_in_the_library_are_skipped_with_a_warning() {
    let lib = library_with_episode();
    let second = lib.transcripts().join("second");
    std::fs::create_dir_all(&second).unwrap();
    std::fs::write(second.join("transcript.vtt"), VTT).unwrap();
    for fifo in [
        lib.transcripts().join("x.vtt"),
        second.join("notes.md"),
        second.join("episode.toml"),
        lib.root().join("glossary/x.md"),
    ] {
        if !mkfifo(&fifo) {
            return;
        }
    }
    for args in [
        vec!["search", "flurbo"],
        vec!["list"],
        vec!["notes"],
        vec!["glossary"],
    ] {
        let output = lib
            .cmd()
            .args(&args)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.code().is_some(),
            "{args:?} hung or was killed: {stderr}"
        );
        assert!(stderr.contains("not a regular file"), "{args:?}: {stderr}");
    }
    let output = lib.cmd().args(["search", "flurbo"]).output().unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("flurbo"));
}

/// Found: a FIFO inside an import folder blocked `import` forever.
#[test]
fn fifos_in_an_import_folder_are_skipped() {
    let lib = TestLibrary::new();
    let folder = lib.root().join("sources");
    lib.source("good.vtt", VTT.as_bytes());
    if !mkfifo(&folder.join("stuck.vtt")) {
        return;
    }
    let output = lib
        .cmd()
        .arg("import")
        .arg(&folder)
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("stuck.vtt") && stderr.contains("not a regular file"),
        "{stderr}"
    );
    assert!(lib.transcripts().join("good/transcript.vtt").is_file());
}

/// Found: two imports of files sharing a title lost episodes (`Directory not empty`).
#[test]
fn concurrent_imports_of_the_same_title_lose_nothing() {
    let lib = TestLibrary::new();
    let processes = 4;
    let rounds = 3;
    for round in 0..rounds {
        let children: Vec<_> = (0..processes)
            .map(|p| {
                let source = lib.source(
                    &format!("r{round}p{p}/Same Title.vtt"),
                    format!("{VTT}\n00:00:09.000 --> 00:00:10.000\nround {round} process {p}\n")
                        .as_bytes(),
                );
                let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("podgloss"));
                cmd.arg("--library")
                    .arg(lib.root())
                    .arg("import")
                    .arg(source)
                    .env_remove("PODGLOSS_LIBRARY")
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped());
                cmd.spawn().unwrap()
            })
            .collect();
        all_succeed(children);
    }
    let episodes = vtt_episodes(&lib);
    assert_eq!(
        episodes,
        processes * rounds,
        "every import landed in its own folder"
    );
}

fn hits(lib: &TestLibrary, query: &str) -> (Option<i32>, usize, String) {
    let output = lib
        .cmd()
        .args(["search", query, "--json"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let lines = String::from_utf8_lossy(&output.stdout).lines().count();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.code() == Some(1) {
        common::assert_no_hits_not_refused(query, &output.stdout, &stderr);
    }
    (output.status.code(), lines, stderr)
}

/// Found: commands rebuilding a missing index at the same time failed (13 of 16).
#[test]
fn concurrent_rebuilds_all_answer() {
    let lib = library_with_episode();
    for round in 0..2 {
        let _ = std::fs::remove_dir_all(lib.root().join(".podgloss"));
        let mut children: Vec<_> = (0..5)
            .map(|i| {
                let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("podgloss"));
                cmd.arg("--library").arg(lib.root());
                if i == 0 && round == 1 {
                    cmd.args(["index", "--rebuild"]);
                } else {
                    cmd.args(["search", "flurbo", "--json"]);
                }
                cmd.env_remove("PODGLOSS_LIBRARY")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped());
                cmd.spawn().unwrap()
            })
            .collect();
        for (i, child) in children.drain(..).enumerate() {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success(),
                "round {round} process {i}: {stderr}"
            );
            if !(i == 0 && round == 1) {
                let found = String::from_utf8_lossy(&output.stdout).lines().count();
                assert_eq!(found, 2, "round {round} process {i}: {stderr}");
            }
        }
    }
}

/// Found: random bytes in a `.store` file broke every search until a manual rebuild, and
/// another library's index under this library's manifest answered silently wrong.
#[test]
fn damaged_or_foreign_indexes_are_rebuilt() {
    let lib = library_with_episode();
    let (code, before, _) = hits(&lib, "flurbo");
    assert_eq!((code, before), (Some(0), 2));
    let index = lib.root().join(".podgloss/index");
    let mut damaged = 0;
    for entry in std::fs::read_dir(&index).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".store") || name.ends_with(".pos") || name.ends_with(".idx") {
            let mut bytes = std::fs::read(entry.path()).unwrap();
            let at = bytes.len() / 2;
            for b in bytes.iter_mut().skip(at.saturating_sub(32)).take(64) {
                *b ^= 0x5A;
            }
            std::fs::write(entry.path(), bytes).unwrap();
            damaged += 1;
        }
    }
    assert!(damaged > 0, "the index has segment files");
    let (code, after, stderr) = hits(&lib, "flurbo");
    assert_eq!((code, after), (Some(0), before), "{stderr}");
    assert!(
        stderr.contains("damaged"),
        "the rebuild is explained: {stderr}"
    );

    // Another library's index, with this library's manifest kept.
    let other = TestLibrary::new();
    std::fs::write(
        other.transcripts().join("other.vtt"),
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nflurbo elsewhere\n",
    )
    .unwrap();
    let (code, _, _) = hits(&other, "flurbo");
    assert_eq!(code, Some(0));
    std::fs::remove_dir_all(&index).unwrap();
    common::copy_dir(&other.root().join(".podgloss/index"), &index);
    let (code, found, stderr) = hits(&lib, "flurbo");
    assert_eq!((code, found), (Some(0), before), "{stderr}");
}

/// Found: `.podgloss` or `.podgloss/index` being a file was never recovered.
#[test]
fn derived_state_that_is_a_file_is_recovered() {
    let lib = library_with_episode();
    std::fs::write(lib.root().join(".podgloss"), "not a folder").unwrap();
    let (code, found, stderr) = hits(&lib, "flurbo");
    assert_eq!((code, found), (Some(0), 2), "{stderr}");
    let aside: Vec<_> = std::fs::read_dir(lib.root())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".podgloss.podgloss-conflict")
        })
        .collect();
    assert_eq!(aside.len(), 1, "the file was moved aside, not deleted");

    let index = lib.root().join(".podgloss/index");
    std::fs::remove_dir_all(&index).unwrap();
    std::fs::write(&index, "not a folder").unwrap();
    let (code, found, stderr) = hits(&lib, "flurbo");
    assert_eq!((code, found), (Some(0), 2), "{stderr}");
}

/// Found: `podgloss search django -flask` was refused by the argument parser.
#[test]
fn a_query_word_may_start_with_a_dash() {
    let lib = library_with_episode();
    let output = lib
        .cmd()
        .args(["search", "flurbo", "-flask", "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 1);
    let output = lib
        .cmd()
        .args(["search", "django", "-flask"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "the only django cue mentions flask: no hits, not a usage error"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("no matches"));
}

/// A process killed (SIGKILL) at a random moment of an import, a rebuild or a define leaves the
/// library old-or-new: every later command works and a re-import completes.
#[test]
fn killed_at_random_moments_the_library_stays_whole() {
    let lib = library_with_episode();
    for i in 0..30 {
        lib.source(
            &format!("batch/episode-{i}.vtt"),
            format!("{VTT}\n00:00:09.000 --> 00:00:10.000\nnumber {i}\n").as_bytes(),
        );
    }
    let batch = lib.root().join("sources/batch");
    let mut seed: u64 = 7;
    let mut next_delay = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        Duration::from_millis((seed >> 33) % 400)
    };
    let spawn = |args: &[&str]| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin!("podgloss"))
            .arg("--library")
            .arg(lib.root())
            .args(args)
            .env_remove("PODGLOSS_LIBRARY")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let batch_arg = batch.display().to_string();
    for round in 0..6 {
        let args: Vec<&str> = match round % 3 {
            0 => vec!["import", &batch_arg],
            1 => vec!["index", "--rebuild"],
            _ => vec![
                "define",
                "flurbo",
                "--definition",
                "Money.",
                "--alias",
                "flurbos",
            ],
        };
        let mut child = spawn(&args);
        std::thread::sleep(next_delay());
        let _ = child.kill();
        let _ = child.wait();
        for check in [vec!["list"], vec!["glossary"], vec!["notes"]] {
            let output = lib.cmd().args(&check).output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                matches!(output.status.code(), Some(0 | 1)) && !stderr.contains("podgloss: "),
                "round {round} ({args:?}), then {check:?}: {stderr}"
            );
        }
        let (code, found, stderr) = hits(&lib, "residual");
        assert_eq!(code, Some(0), "round {round} ({args:?}): {stderr}");
        assert!(found >= 1, "round {round}: {stderr}");
    }
    let output = lib.cmd().arg("import").arg(&batch).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let episodes = vtt_episodes(&lib);
    assert_eq!(episodes, 31, "the re-import completed without duplicates");
    let leftovers = hidden_in_transcripts(&lib);
    assert!(
        leftovers.is_empty(),
        "the next import removes the staging folders of killed ones: {leftovers:?}"
    );
}

/// `completions` describes the command line only: it works without any library.
#[test]
fn completions_need_no_library() {
    let empty = tempfile::tempdir().unwrap();
    let output = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("podgloss"))
        .args(["completions", "bash"])
        .current_dir(empty.path())
        .env_remove("PODGLOSS_LIBRARY")
        .env("XDG_DATA_HOME", empty.path().join("nowhere"))
        .env("HOME", empty.path().join("nohome"))
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("podgloss"));
    assert_eq!(
        std::fs::read_dir(empty.path()).unwrap().count(),
        0,
        "nothing created"
    );
}

/// Found: a read-only `.podgloss` failed with `manifest.json: Operation not permitted` even
/// when nothing changed. Root ignores permissions, so as root the search runs as `nobody`.
#[test]
fn a_read_only_library_is_still_searched() {
    let lib = library_with_episode();
    let (code, before, _) = hits(&lib, "flurbo");
    assert_eq!(code, Some(0));
    let root = Process::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut command = if root {
        let has_setpriv = Process::new("setpriv").arg("--version").output().is_ok();
        if !has_setpriv {
            assert!(
                std::env::var_os("CI").is_none(),
                "setpriv is needed under CI"
            );
            eprintln!("skipping: running as root without setpriv");
            return;
        }
        Process::new("chmod")
            .args(["-R", "a+rX"])
            .arg(lib.root())
            .status()
            .unwrap();
        let mut command = Process::new("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        command.arg(assert_cmd::cargo::cargo_bin!("podgloss"));
        command
    } else {
        Process::new("chmod")
            .args(["-R", "a-w"])
            .arg(lib.root().join(".podgloss"))
            .status()
            .unwrap();
        Process::new(assert_cmd::cargo::cargo_bin!("podgloss"))
    };
    let output = command
        .arg("--library")
        .arg(lib.root())
        .args(["search", "flurbo", "--json"])
        .env_remove("PODGLOSS_LIBRARY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).lines().count(),
        before
    );
    if !root {
        Process::new("chmod")
            .args(["-R", "u+w"])
            .arg(lib.root().join(".podgloss"))
            .status()
            .unwrap();
    }
}

/// An import that fails after its staging folder was made (here the final rename meets a file
/// where the episode folder should go) leaves neither the staging folder nor anything else.
#[test]
fn an_import_failing_after_staging_leaves_nothing_behind() {
    let lib = TestLibrary::new();
    std::fs::write(
        lib.transcripts().join("taken"),
        "a file where the folder would go",
    )
    .unwrap();
    let before = lib.tree();
    let source = lib.source("episode.vtt", VTT.as_bytes());
    let output = lib
        .cmd()
        .arg("import")
        .arg(&source)
        .args(["--slug", "taken"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("transcripts/taken"),
        "the message names the place: {stderr}"
    );
    assert_eq!(lib.tree(), before, "nothing was written");
    let hidden = hidden_in_transcripts(&lib);
    assert!(
        hidden.is_empty(),
        "the staging folder was removed: {hidden:?}"
    );
}

/// Found for files (slug allocation raced across processes); web imports choose their slug
/// the same way: processes importing different URLs under one title lose nothing.
#[test]
fn concurrent_web_imports_of_the_same_title_lose_nothing() {
    let server = common::http::Server::start(|request, _| {
        let n = request.path.trim_start_matches("/t/");
        common::http::Reply::ok(
            "text/vtt",
            format!("{VTT}\n00:00:09.000 --> 00:00:10.000\nfrom {n}\n"),
        )
    });
    let lib = TestLibrary::new();
    let (processes, rounds) = (4, 2);
    for round in 0..rounds {
        let children: Vec<_> = (0..processes)
            .map(|p| {
                let mut cmd = lib.std_cmd();
                cmd.arg("import")
                    .arg(server.url(&format!("/t/r{round}p{p}.vtt")))
                    .args(["--title", "Same Title"])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped());
                cmd.spawn().unwrap()
            })
            .collect();
        all_succeed(children);
    }
    let episodes = vtt_episodes(&lib);
    assert_eq!(
        episodes,
        processes * rounds,
        "every import landed in its own folder"
    );
}

/// Waits for every child; each must have succeeded (its stderr is the failure message).
fn all_succeed(children: Vec<std::process::Child>) {
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// How many episode folders of the library hold a WebVTT transcript.
/// Hidden names in `transcripts/`: staging folders an import left behind.
fn hidden_in_transcripts(lib: &TestLibrary) -> Vec<String> {
    std::fs::read_dir(lib.transcripts())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

fn vtt_episodes(lib: &TestLibrary) -> usize {
    std::fs::read_dir(lib.transcripts())
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("transcript.vtt").is_file())
        .count()
}

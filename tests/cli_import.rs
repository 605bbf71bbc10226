//! `podgloss import`, `list` and `show` on small fixtures we wrote: what lands on disk and what
//! the user is told.

mod common;

use common::TestLibrary;
use predicates::prelude::*;

const VTT: &str = "WEBVTT

00:00:01.000 --> 00:00:04.000
<v Ann>We start with the residual

00:00:04.000 --> 00:00:07.500
<v Ann>stream, which every layer reads.

00:00:08.000 --> 00:00:10.000
<v Bo>And writes back into.
";

#[test]
fn imports_a_file_and_shows_it_as_paragraphs() {
    let lib = TestLibrary::new();
    let source = lib.source("Residual_Streams.vtt", VTT.as_bytes());
    lib.cmd()
        .arg("import")
        .arg(&source)
        .assert()
        .success()
        .stdout(predicate::str::contains("imported residual-streams"));
    assert_eq!(
        lib.tree(),
        [
            "transcripts/residual-streams/episode.toml",
            "transcripts/residual-streams/transcript.vtt"
        ]
    );
    let kept = std::fs::read(lib.transcripts().join("residual-streams/transcript.vtt")).unwrap();
    assert_eq!(kept, VTT.as_bytes(), "the original bytes are kept");
    let meta =
        std::fs::read_to_string(lib.transcripts().join("residual-streams/episode.toml")).unwrap();
    assert!(meta.contains("title = \"Residual Streams\""), "{meta}");
    assert!(meta.contains("duration = \"0:00:10\""), "{meta}");

    lib.cmd()
        .args(["show", "residual-streams"])
        .assert()
        .success()
        .stdout(
            "Residual Streams\n\n\
             [0:00:01] Ann: We start with the residual stream, which every layer reads.\n\n\
             [0:00:08] Bo: And writes back into.\n",
        );
    lib.cmd()
        .args(["show", "residual-streams", "--from", "0:05"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[0:00:01] Ann"))
        .stdout(predicate::str::contains("Bo:"));
    lib.cmd()
        .args(["show", "residual-streams", "--from", "8s"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Ann").not());
}

#[test]
fn reimport_replaces_the_transcript_and_keeps_notes_and_hand_edits() {
    let lib = TestLibrary::new();
    let source = lib.source("talk.vtt", VTT.as_bytes());
    lib.cmd().arg("import").arg(&source).assert().success();
    let folder = lib.transcripts().join("talk");
    std::fs::write(folder.join("notes.md"), "- Softmax?\n").unwrap();
    let written = std::fs::read_to_string(folder.join("episode.toml")).unwrap();
    let edited = written.replace("title = \"Talk\"", "title = \"My own title\"")
        + "\n[speakers]\nAnn = \"Ann Example\"\n";
    assert_ne!(edited, written);
    std::fs::write(folder.join("episode.toml"), &edited).unwrap();

    let changed = VTT.replace("And writes back into.", "And adds its output back.");
    std::fs::write(&source, &changed).unwrap();
    lib.cmd()
        .arg("import")
        .arg(&source)
        .assert()
        .success()
        .stdout(predicate::str::contains("updated talk"));
    assert_eq!(
        std::fs::read_to_string(folder.join("notes.md")).unwrap(),
        "- Softmax?\n"
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("episode.toml")).unwrap(),
        edited
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("transcript.vtt")).unwrap(),
        changed
    );
    lib.cmd()
        .args(["show", "talk"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("My own title\n"))
        .stdout(predicate::str::contains("Ann Example: We start"));
}

#[test]
fn a_different_file_with_the_same_name_gets_its_own_slug() {
    let lib = TestLibrary::new();
    let first = lib.source("a/episode.vtt", VTT.as_bytes());
    let second = lib.source("b/episode.vtt", VTT.as_bytes());
    lib.cmd().arg("import").arg(&first).assert().success();
    lib.cmd()
        .arg("import")
        .arg(&second)
        .assert()
        .success()
        .stdout(predicate::str::contains("imported episode-2"));
}

#[test]
fn a_malformed_file_is_reported_with_path_and_line_and_changes_nothing() {
    let lib = TestLibrary::new();
    let good = lib.source("good.vtt", VTT.as_bytes());
    lib.cmd().arg("import").arg(&good).assert().success();
    let before = lib.tree();

    let bad_srt =
        "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:03,000 -> nonsense\nBroken.\n";
    let bad = lib.source("broken.srt", bad_srt.as_bytes());
    lib.cmd()
        .arg("import")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::is_match(r"^podgloss: sources/broken\.srt:6: .+\n$").unwrap());

    let bad_json = lib.source(
        "broken.json",
        b"{\n  \"segments\": [\n    {\"startTime\": 1,,}\n  ]\n}\n",
    );
    lib.cmd()
        .arg("import")
        .arg(&bad_json)
        .assert()
        .code(1)
        .stderr(predicate::str::is_match(r"^podgloss: sources/broken\.json:3: .+\n$").unwrap());

    let binary = lib.source("photo.vtt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    lib.cmd()
        .arg("import")
        .arg(&binary)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("sources/photo.vtt"));

    assert_eq!(
        lib.tree(),
        before,
        "a failed import leaves the library unchanged"
    );
    assert!(
        std::fs::read_dir(lib.transcripts())
            .unwrap()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().starts_with('.')),
        "no staging folder is left behind"
    );
}

#[test]
fn folder_import_takes_every_transcript_and_reports_failures_per_file() {
    let lib = TestLibrary::new();
    lib.source("show/one.vtt", VTT.as_bytes());
    lib.source(
        "show/two.srt",
        b"1\n00:00:01,000 --> 00:00:02,000\nHi there.\n",
    );
    lib.source("show/README.md", b"This folder holds transcripts.\n");
    lib.source("show/three.srt", b"1\n00:00:01,000 --> garbage\nHi.\n");
    lib.cmd()
        .arg("import")
        .arg(lib.root().join("sources/show"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("imported one"))
        .stdout(predicate::str::contains("imported two"))
        .stderr(predicate::str::contains("three.srt:2:"))
        .stderr(predicate::str::contains("2 imported, 0 skipped, 1 failed"));
    lib.cmd()
        .args(["list", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(r#""slug":"one""#))
        .stdout(predicate::str::contains(r#""slug":"two""#))
        .stdout(predicate::str::contains("three").not());
}

#[test]
fn bare_files_in_transcripts_are_episodes() {
    let lib = TestLibrary::new();
    std::fs::write(
        lib.transcripts().join("Quick_Take.srt"),
        "1\n00:00:01,000 --> 00:00:03,000\nNARRATOR: Weights can be rounded.\n",
    )
    .unwrap();
    lib.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("quick-take"))
        .stdout(predicate::str::contains("Quick Take"));
    lib.cmd()
        .args(["show", "quick-take"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "[0:00:01] NARRATOR: Weights can be rounded.",
        ));
}

#[test]
fn unknown_episodes_and_bad_times_are_one_line_user_errors() {
    let lib = TestLibrary::new();
    lib.cmd()
        .args(["show", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::is_match(r"^podgloss: no episode `nope`.*\n$").unwrap());
    let source = lib.source("x.vtt", VTT.as_bytes());
    lib.cmd().arg("import").arg(&source).assert().success();
    lib.cmd()
        .args(["show", "x", "--from", "soon"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--from \"soon\": not a time"));
    lib.cmd().args(["show"]).assert().code(2);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let lib = TestLibrary::new();
    let long: String = std::iter::once("WEBVTT\n".to_string())
        .chain((0..5000).map(|i| {
            format!(
                "\n00:{:02}:{:02}.000 --> 00:{:02}:{:02}.500\n<v Ann>Sentence number {i}.\n",
                i / 60 % 60,
                i % 60,
                i / 60 % 60,
                i % 60
            )
        }))
        .collect();
    let source = lib.source("long.vtt", long.as_bytes());
    lib.cmd().arg("import").arg(&source).assert().success();
    let bin = assert_cmd::cargo::cargo_bin!("podgloss");
    // Close the reading end before the writer is done: it must exit 0, silently.
    let mut child = std::process::Command::new(bin)
        .args(["--library"])
        .arg(lib.root())
        .args(["show", "long"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn completions_need_no_library() {
    let lib = TestLibrary::new();
    lib.cmd()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("_podgloss()"))
        .stdout(predicate::str::contains("search"));
    lib.cmd().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn a_file_without_transcript_content_is_refused_with_a_reason() {
    let lib = TestLibrary::new();
    let readme = lib.source(
        "README.md",
        b"# my transcripts\n\nThis folder holds transcripts of the show, one file per episode, \
          converted from the host's captions with a small script we keep elsewhere.\n",
    );
    let empty_list = lib.source("episodes.md", b"- \n- \n-\n");
    let document = lib.source(
        "about.md",
        b"# About\n\n## Install\n\n```sh\ncargo install thing\n```\n\n- fast\n- small\n- offline\n\n\
          | a | b |\n|---|---|\n| 1 | 2 |\n\nSee the docs for the rest of what it does and why.\n",
    );
    for (file, reason) in [
        (&readme, "project file"),
        (&empty_list, "no transcript text"),
        (&document, "reads as a document"),
    ] {
        lib.cmd()
            .arg("import")
            .arg(file)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(reason));
    }
    assert!(
        std::fs::read_dir(lib.transcripts())
            .unwrap()
            .next()
            .is_none()
    );
    // Plain text that is talk is still read.
    let talk = lib.source(
        "talk.txt",
        b"Welcome back to the show. Today we talk about residual streams and why they matter \
          so much.\n\nThanks for having me, it is great to be here and talk about this.\n",
    );
    lib.cmd().arg("import").arg(&talk).assert().success();
}

#[test]
fn front_matter_gives_the_episode_its_metadata_and_a_folder_keeps_the_richest_copy() {
    let lib = TestLibrary::new();
    lib.source(
        "show/399-monorepos.md",
        b"---\ntitle: One repo to rule them\nepisode: 399\nspeakers: [Ann Lee, Bo Chen]\n\
          date: 2024-03-28\nyoutube: dQw4w9WgXcQ\nsummary: We talk monorepos.\n---\n\n\
          **Ann:** \\[00:00\\] Welcome, today it is monorepos.\n\n\
          **Break:** \\[01:33\\] to \\[03:00\\]\n\n**Bo:** \\[03:00\\] Back again.\n",
    );
    lib.source(
        "show/399-monorepos.txt",
        b"00:00:00 Welcome, today it is monorepos.\n\n00:03:00 Back again.\n",
    );
    lib.source("show/400-later.vtt", VTT.as_bytes());
    lib.cmd()
        .arg("import")
        .arg(lib.root().join("sources/show"))
        .assert()
        .success()
        .stderr(
            predicate::str::contains("399-monorepos.txt").and(predicate::str::contains(
                "the same episode as 399-monorepos.md",
            )),
        );
    let toml = std::fs::read_to_string(
        lib.transcripts()
            .join("399-one-repo-to-rule-them/episode.toml"),
    )
    .unwrap();
    for wanted in [
        "title = \"399: One repo to rule them\"",
        "published = 2024-03-28",
        "video = \"https://www.youtube.com/watch?v=dQw4w9WgXcQ\"",
        "Ann = \"Ann Lee\"",
    ] {
        assert!(toml.contains(wanted), "{wanted} not in {toml}");
    }
    lib.cmd()
        .args(["show", "399-one-repo-to-rule-them"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(break)"))
        .stdout(predicate::str::contains("Break: to").not())
        .stdout(predicate::str::contains("title:").not())
        .stdout(predicate::str::contains("[0:03:00] Bo Chen: Back again."));
    lib.cmd()
        .args(["list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("400: Later"));
}

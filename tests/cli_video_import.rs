//! `podgloss import VIDEO-URL` through a fake `yt-dlp` on `PATH`: a shell script written by each
//! test that logs its arguments and writes what the real one writes (`video.info.json`, then
//! `video.<lang>.json3` or `.vtt`) from our own fixtures (`tests/fixtures/video/`): a
//! rolling auto-caption video with chapters. Then the seed notes find the episode by its URL.

#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::TestLibrary;
use predicates::prelude::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/video");
const VIDEO_ID: &str = "UTuuTTnjxMQ";

const FAKE_YT_DLP: &str = r#"#!/bin/sh
# A stand-in for yt-dlp: logs its arguments (one call per line, each followed by '|'), then
# writes the file the real program writes for the options given.
printf '%s|' "$@" >> "$FAKE_YT_DLP_DIR/calls.log"
printf '\n' >> "$FAKE_YT_DLP_DIR/calls.log"
dir=""; langs=""; mode=""; url=""; after=0
while [ $# -gt 0 ]; do
  if [ "$after" = 1 ]; then url="$1"; shift; continue; fi
  case "$1" in
    -P) dir="$2"; shift 2; continue ;;
    --sub-langs) langs="$2"; shift 2; continue ;;
    --write-info-json) mode=info ;;
    --write-auto-subs) mode=auto ;;
    --write-subs) mode=subs ;;
    --) after=1 ;;
  esac
  shift
done
case "$url" in
  *unavailable*) echo "ERROR: [youtube] unavailabl: Video unavailable" >&2; exit 1 ;;
  "") echo "ERROR: no URL given" >&2; exit 2 ;;
esac
echo "[youtube] Extracting URL: $url"
case "$mode" in
  info) cp "$FAKE_YT_DLP_DIR/info.json" "$dir/video.info.json" ;;
  auto) cp "$FAKE_YT_DLP_DIR/auto.json3" "$dir/video.$langs.json3" ;;
  subs) cp "$FAKE_YT_DLP_DIR/manual.vtt" "$dir/video.$langs.vtt" ;;
esac
"#;

const MANUAL_VTT: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWritten subtitles, first line.\n\n\
00:01:10.000 --> 00:01:14.000\nWritten subtitles, second line.\n";

/// A folder with the fake `yt-dlp` and what it serves; `info` is the fixture's info JSON,
/// changed by `edit`.
struct FakeYtDlp {
    dir: tempfile::TempDir,
}

impl FakeYtDlp {
    fn new(edit: impl FnOnce(&mut serde_json::Value)) -> FakeYtDlp {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        let script = bin.join("yt-dlp");
        std::fs::write(&script, FAKE_YT_DLP).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let fixtures = Path::new(FIXTURES);
        let mut info: serde_json::Value =
            serde_json::from_slice(&std::fs::read(fixtures.join("lecture.info.json")).unwrap())
                .unwrap();
        edit(&mut info);
        std::fs::write(dir.path().join("info.json"), info.to_string()).unwrap();
        std::fs::copy(
            fixtures.join("lecture.en-orig.json3"),
            dir.path().join("auto.json3"),
        )
        .unwrap();
        std::fs::write(dir.path().join("manual.vtt"), MANUAL_VTT).unwrap();
        FakeYtDlp { dir }
    }

    /// `podgloss` with the fake first on `PATH`.
    fn cmd(&self, lib: &TestLibrary) -> assert_cmd::Command {
        let mut cmd = lib.cmd();
        let path = std::env::var("PATH").unwrap_or_default();
        cmd.env(
            "PATH",
            format!("{}:{path}", self.dir.path().join("bin").display()),
        );
        cmd.env("FAKE_YT_DLP_DIR", self.dir.path());
        cmd.env_remove("PODGLOSS_YT_DLP");
        cmd
    }

    /// Each call's arguments.
    fn calls(&self) -> Vec<Vec<String>> {
        let log = std::fs::read_to_string(self.dir.path().join("calls.log")).unwrap_or_default();
        log.lines()
            .map(|line| {
                line.strip_suffix('|')
                    .unwrap_or(line)
                    .split('|')
                    .map(String::from)
                    .collect()
            })
            .collect()
    }
}

fn has_pair(args: &[String], flag: &str, value: &str) -> bool {
    args.windows(2).any(|w| w[0] == flag && w[1] == value)
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_video_with_auto_captions_and_chapters_then_the_seed_notes() {
    let lib = TestLibrary::new();
    let fake = FakeYtDlp::new(|_| {});
    let url = format!("https://www.youtube.com/watch?v={VIDEO_ID}&t=4200s");
    fake.cmd(&lib)
        .args(["import", &url])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "imported small-models-big-questions  Small models, big questions (YouTube json3",
        ));

    let calls = fake.calls();
    assert_eq!(calls.len(), 2, "{calls:?}");
    for args in &calls {
        // The URL comes last, after `--`, so it can never be read as an option.
        assert_eq!(args[args.len() - 2..], ["--".to_string(), url.clone()]);
        for flag in ["--ignore-config", "--skip-download", "--no-playlist"] {
            assert!(args.contains(&flag.to_string()), "{flag} in {args:?}");
        }
        assert!(has_pair(args, "-o", "video.%(ext)s"), "{args:?}");
    }
    assert!(calls[0].contains(&"--write-info-json".to_string()));
    assert!(calls[1].contains(&"--write-auto-subs".to_string()));
    assert!(
        has_pair(&calls[1], "--sub-langs", "en-orig"),
        "{:?}",
        calls[1]
    );
    assert!(has_pair(&calls[1], "--sub-format", "json3/vtt/srt"));

    let folder = lib.transcripts().join("small-models-big-questions");
    let meta = read(folder.join("episode.toml"));
    for line in [
        "title = \"Small models, big questions\"",
        "show = \"Lecture Hall\"",
        "published = 2024-03-28",
        "language = \"en\"",
        "duration = \"1:25:00\"",
        "video = \"https://www.youtube.com/watch?v=UTuuTTnjxMQ\"",
    ] {
        assert!(meta.contains(line), "{line} in\n{meta}");
    }
    assert!(
        meta.contains("A conversation about how models learn."),
        "{meta}"
    );
    let chapters = read(folder.join("chapters.json"));
    assert!(chapters.contains("\"Residual stream\""), "{chapters}");
    assert!(chapters.contains("\"startTime\": 4200.0"), "{chapters}");

    // The rolling auto-captions read as lines once each, with the chapter around them.
    let shown = fake
        .cmd(&lib)
        .args(["show", "small-models-big-questions", "--from", "1:10:00"])
        .args(["--to", "1:16:00"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let shown = String::from_utf8(shown).unwrap();
    assert!(shown.contains("superposition"), "{shown}");
    assert_eq!(shown.matches("the features pile up").count(), 1, "{shown}");

    notes_import_finds_it_by_url(&lib, &fake);
}

/// `notes import` of the real seed notes (which quote the video's `watch?v=` URL) lands in the
/// imported episode, with the 1:10:00-1:22:00 confession anchored to exactly that range.
fn notes_import_finds_it_by_url(lib: &TestLibrary, fake: &FakeYtDlp) {
    let Some(shared) = common::shared_dir() else {
        eprintln!("skipping the seed notes: ../shared is absent");
        return;
    };
    let seed = shared.join("seed/notes-sholto-trenton.txt");
    if !seed.is_file() {
        eprintln!("skipping the seed notes: {} is absent", seed.display());
        return;
    }
    fake.cmd(lib)
        .args(["notes", "import"])
        .arg(&seed)
        .assert()
        .success()
        .stdout(predicate::str::contains("small-models-big-questions"));
    let output = fake
        .cmd(lib)
        .args(["notes", "small-models-big-questions", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let confession = String::from_utf8(output)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .find(|note| {
            note["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("Did not understand a single thing"))
        })
        .expect("the confession note");
    assert_eq!(confession["anchor"]["kind"], "exact");
    assert_eq!(confession["anchor"]["start"], 4_200_000);
    assert_eq!(confession["anchor"]["end"], 4_920_000);
}

#[test]
fn written_subtitles_come_first_and_every_url_form_is_the_same_episode() {
    let lib = TestLibrary::new();
    let fake = FakeYtDlp::new(|info| {
        info["subtitles"] = serde_json::json!({"en": [{"ext": "vtt", "url": "https://x/"}]});
    });
    fake.cmd(&lib)
        .args(["import", &format!("https://youtu.be/{VIDEO_ID}?t=42")])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "imported small-models-big-questions",
        ));
    let calls = fake.calls();
    assert!(
        calls[1].contains(&"--write-subs".to_string()),
        "{:?}",
        calls[1]
    );
    assert!(has_pair(&calls[1], "--sub-langs", "en"), "{:?}", calls[1]);
    let folder = lib.transcripts().join("small-models-big-questions");
    assert!(read(folder.join("transcript.vtt")).contains("Written subtitles"));

    // The canonical URL is the source, so another form of it updates the same episode.
    fake.cmd(&lib)
        .args([
            "import",
            &format!("https://www.youtube.com/live/{VIDEO_ID}"),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "updated small-models-big-questions",
        ));
    assert!(
        !lib.transcripts()
            .join("small-models-big-questions-2")
            .exists()
    );
}

#[test]
fn lang_chooses_the_track_and_a_missing_one_is_named() {
    let lib = TestLibrary::new();
    let fake = FakeYtDlp::new(|_| {});
    fake.cmd(&lib)
        .args([
            "import",
            "--lang",
            "ja",
            &format!("https://youtu.be/{VIDEO_ID}"),
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "no subtitles or captions in \"ja\"",
        ))
        .stderr(predicate::str::contains("en-orig"));
    fake.cmd(&lib)
        .args([
            "import",
            "--lang",
            "de",
            &format!("https://youtu.be/{VIDEO_ID}"),
        ])
        .assert()
        .success();
    assert!(has_pair(&fake.calls()[2], "--sub-langs", "de"));
    fake.cmd(&lib)
        .args([
            "import",
            "--lang",
            ".*",
            &format!("https://youtu.be/{VIDEO_ID}"),
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--lang \".*\""));
}

#[test]
fn without_yt_dlp_one_message_says_how_to_get_it() {
    let lib = TestLibrary::new();
    let empty = tempfile::tempdir().unwrap();
    lib.cmd()
        .env("PATH", empty.path())
        .env_remove("PODGLOSS_YT_DLP")
        .args([
            "import",
            &format!("https://www.youtube.com/shorts/{VIDEO_ID}"),
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("yt-dlp is not installed"))
        .stderr(predicate::str::contains("pipx install yt-dlp"))
        .stderr(predicate::str::contains(format!(
            "-- 'https://www.youtube.com/shorts/{VIDEO_ID}'"
        )));
    assert!(
        std::fs::read_dir(lib.transcripts())
            .unwrap()
            .next()
            .is_none()
    );
}

#[test]
fn yt_dlp_errors_and_offline_are_reported() {
    let lib = TestLibrary::new();
    let fake = FakeYtDlp::new(|_| {});
    fake.cmd(&lib)
        .args(["import", "--yt-dlp", "https://video.example/unavailable"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("Video unavailable"));
    fake.cmd(&lib)
        .args([
            "import",
            "--offline",
            &format!("https://youtu.be/{VIDEO_ID}"),
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("offline"));
    assert_eq!(fake.calls().len(), 1, "offline never runs yt-dlp");
}

//! `podgloss audio fetch SLUG` and `import --audio` against a real HTTP server on 127.0.0.1 (an
//! ephemeral port, in this process): resuming with `Range` after the server cuts the connection,
//! the size cap, a non-audio `Content-Type` refused, `--offline` refused, and sources that are
//! not URLs or library files refused before anything runs.

mod common;

use common::TestLibrary;
use common::http::{Reply, Server};
use predicates::prelude::*;

/// The episode's "audio": 300 000 bytes of a pattern, so a misplaced resume shows.
fn audio_bytes() -> Vec<u8> {
    (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect()
}

/// How the server answers `GET /PATH`.
#[derive(Clone, Copy)]
enum Mode {
    /// Honours `Range`.
    Audio,
    /// The first request without `Range` is cut after 100 000 bytes; later ones are whole.
    CutOnce,
    /// `text/html`.
    Html,
}

/// The server answering every path in `mode`.
fn start(mode: Mode) -> Server {
    let answered = std::sync::atomic::AtomicUsize::new(0);
    Server::start(move |request, _| {
        let earlier = answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        reply(mode, request.header("range"), earlier)
    })
}

/// The answer to the request numbered `earlier` (from 0), which asked for `range`.
fn reply(mode: Mode, range: Option<String>, earlier: usize) -> Reply {
    let body = audio_bytes();
    let start: usize = range
        .as_deref()
        .and_then(|r| r.strip_prefix("bytes="))
        .and_then(|r| r.trim_end_matches('-').parse().ok())
        .unwrap_or(0);
    let (content_type, status) = match mode {
        Mode::Html => ("text/html; charset=utf-8", 200),
        _ if start > 0 => ("audio/mpeg", 206),
        _ => ("audio/mpeg", 200),
    };
    let mut headers = format!("Content-Type: {content_type}\r\n");
    if start > 0 {
        headers.push_str(&format!(
            "Content-Range: bytes {start}-{}/{}\r\n",
            body.len() - 1,
            body.len()
        ));
    }
    let body = body[start..].to_vec();
    if matches!(mode, Mode::CutOnce) && earlier == 0 {
        // Hangs up mid-body.
        return Reply::Cut {
            status,
            headers,
            body,
            cut: 100_000,
        };
    }
    Reply::Body {
        status,
        headers,
        body,
    }
}

/// The `Range` header of each request, in order.
fn ranges(server: &Server) -> Vec<Option<String>> {
    server
        .requests()
        .iter()
        .map(|r| r.header("range"))
        .collect()
}

/// A library with one episode whose `[sources] audio` is `audio`.
fn library_with(audio: &str) -> TestLibrary {
    let lib = TestLibrary::new();
    let folder = lib.transcripts().join("ep");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("transcript.vtt"),
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello there.\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("episode.toml"),
        format!("title = \"Ep\"\n[sources]\naudio = {audio:?}\n"),
    )
    .unwrap();
    lib
}

fn fetch(lib: &TestLibrary) -> assert_cmd::Command {
    let mut cmd = lib.cmd();
    cmd.env("PODGLOSS_HTTP_TIMEOUT_MS", "10000")
        .args(["audio", "fetch", "ep"]);
    cmd
}

#[test]
fn a_cut_download_resumes_with_range() {
    let server = start(Mode::CutOnce);
    let lib = library_with(&server.url("/ep.mp3"));
    let part = lib.transcripts().join("ep/audio.part");
    fetch(&lib)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "the connection broke after 100000 bytes",
        ))
        .stderr(predicate::str::contains("again to resume"));
    assert_eq!(std::fs::metadata(&part).unwrap().len(), 100_000);
    fetch(&lib)
        .assert()
        .success()
        .stdout(predicate::str::contains("resumed after 100000 bytes"));
    let audio = lib.transcripts().join("ep/audio.mp3");
    assert_eq!(std::fs::read(&audio).unwrap(), audio_bytes());
    assert!(!part.exists());
    assert_eq!(
        ranges(&server),
        [None, Some("bytes=100000-".to_string())],
        "the second request asked for the rest only"
    );
    // Fetched once; a third run does not touch the network.
    fetch(&lib)
        .env("PODGLOSS_OFFLINE", "1")
        .assert()
        .success()
        .stderr(predicate::str::contains("audio already there"));
}

#[test]
fn a_body_over_the_cap_is_refused_and_not_kept() {
    let server = start(Mode::Audio);
    let lib = library_with(&server.url("/ep.mp3"));
    fetch(&lib)
        .env("PODGLOSS_AUDIO_MAX_BYTES", "200000")
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "larger than the 200000-byte limit",
        ));
    let names: Vec<_> = std::fs::read_dir(lib.transcripts().join("ep"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.starts_with("audio")), "{names:?}");
}

#[test]
fn a_web_page_is_not_audio() {
    let server = start(Mode::Html);
    let lib = library_with(&server.url("/ep.mp3"));
    fetch(&lib)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "text/html, not audio; nothing saved",
        ));
    assert!(!lib.transcripts().join("ep/audio.part").exists());
    assert!(!lib.transcripts().join("ep/audio.mp3").exists());
}

#[test]
fn offline_refuses_before_connecting() {
    let server = start(Mode::Audio);
    let lib = library_with(&server.url("/ep.mp3"));
    fetch(&lib)
        .arg("--offline")
        .assert()
        .failure()
        .stderr(predicate::str::contains("podgloss is offline"));
    fetch(&lib)
        .env("PODGLOSS_OFFLINE", "1")
        .assert()
        .failure()
        .stderr(predicate::str::contains("podgloss is offline"));
    assert!(ranges(&server).is_empty(), "no request reached the server");
}

#[test]
fn sources_that_are_options_or_other_schemes_are_refused() {
    for (audio, why) in [
        (
            "--log-file=/tmp/podgloss-pwned",
            "looks like a command-line option",
        ),
        ("javascript:alert(1)", "only http and https URLs play"),
        ("/etc/passwd", "not a file inside the library"),
    ] {
        let lib = library_with(audio);
        fetch(&lib)
            .assert()
            .failure()
            .stderr(predicate::str::contains(why));
    }
}

#[test]
fn import_records_the_audio_beside_the_transcript() {
    let lib = TestLibrary::new();
    let transcript = lib.source(
        "Ep01.srt",
        b"1\n00:00:01,000 --> 00:00:03,000\nHello there.\n",
    );
    lib.source("Ep01.mp3", b"ID3 fake audio");
    lib.source("Ep02.mp3", b"another episode");
    lib.cmd().arg("import").arg(&transcript).assert().success();
    let folder = lib.transcripts().join("ep01");
    assert_eq!(
        std::fs::read(folder.join("audio.mp3")).unwrap(),
        b"ID3 fake audio"
    );
    let toml = std::fs::read_to_string(folder.join("episode.toml")).unwrap();
    assert!(toml.contains("audio = \"audio.mp3\""), "{toml}");
}

#[test]
fn import_audio_downloads_the_enclosure() {
    let server = start(Mode::Audio);
    let lib = TestLibrary::new();
    let transcript = lib.source(
        "One.vtt",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello.\n",
    );
    lib.cmd()
        .arg("import")
        .arg(&transcript)
        .args(["--audio"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no audio URL in episode.toml"));
    let folder = lib.transcripts().join("one");
    let toml = std::fs::read_to_string(folder.join("episode.toml")).unwrap();
    // What a feed import records: the enclosure URL.
    let with_audio = toml.replace(
        "[sources]\n",
        &format!("[sources]\naudio = {:?}\n", server.url("/one.mp3")),
    );
    assert_ne!(with_audio, toml);
    std::fs::write(folder.join("episode.toml"), with_audio).unwrap();
    lib.cmd()
        .arg("import")
        .arg(&transcript)
        .args(["--audio"])
        .env("PODGLOSS_HTTP_TIMEOUT_MS", "10000")
        .assert()
        .success()
        .stdout(predicate::str::contains("fetched"));
    assert_eq!(
        std::fs::read(folder.join("audio.mp3")).unwrap(),
        audio_bytes()
    );
}

//! More of what real feed servers do, against a server on 127.0.0.1 (an ephemeral port, in this
//! process) serving documents we wrote: an Atom feed, gzip-compressed responses (one that
//! decompresses past the 50 MB cap), and RSS items carrying episode and season numbers and
//! `<podcast:person>`s.

mod common;

use std::io::Write;

use common::TestLibrary;
use common::http::{Reply, Server};
use predicates::prelude::*;

/// The real cap: 50 MB.
const CAP: usize = 50 * 1000 * 1000;

/// The server with the routes below.
fn start() -> Server {
    Server::start(|request, base| match route(&request.path, base) {
        Some((headers, body)) => Reply::Body {
            status: 200,
            headers: headers.to_string(),
            body,
        },
        None => Reply::not_found(),
    })
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn vtt(text: &str) -> Vec<u8> {
    format!(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ada>{text}\n\n\
         00:00:04.000 --> 00:00:08.000\n<v Ben>And a reply to that.\n"
    )
    .into_bytes()
}

fn atom(base: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Atomic Talks</title>
  <id>urn:example:atomic</id>
  <updated>2024-04-02T10:00:00Z</updated>
  <entry>
    <title>Splitting the Atom</title>
    <id>urn:example:atomic:2</id>
    <updated>2024-04-02T10:00:00Z</updated>
    <link rel="alternate" href="{base}/episodes/2"/>
    <link rel="enclosure" type="audio/mpeg" length="1" href="{base}/audio/2.mp3"/>
    <link rel="transcript" type="text/vtt" href="{base}/t/atom.vtt"/>
  </entry>
  <entry>
    <title>Before Transcripts</title>
    <id>urn:example:atomic:1</id>
    <updated>2024-03-02T10:00:00Z</updated>
    <link rel="alternate" href="{base}/episodes/1"/>
  </entry>
</feed>
"#
    )
    .into_bytes()
}

fn rss_with_numbers(base: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel>
  <title>Numbered Show</title>
  <item>
    <title>Third Time Lucky</title>
    <guid>n-3</guid>
    <itunes:episode>3</itunes:episode>
    <itunes:season>2</itunes:season>
    <podcast:person role="host">Ada Example</podcast:person>
    <podcast:person role="guest">Ben Sample</podcast:person>
    <enclosure url="{base}/audio/3.mp3" length="1" type="audio/mpeg"/>
    <podcast:transcript url="{base}/t/numbers" type="text/plain"/>
  </item>
</channel></rss>
"#
    )
    .into_bytes()
}

fn page(title: &str, article: &str) -> Vec<u8> {
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body><nav>Home</nav>\
         <article><h1>{title}</h1>{article}</article><footer>(c) 2024</footer></body></html>"
    )
    .into_bytes()
}

/// (extra headers, body) for a path; `None` is a 404.
fn route(path: &str, base: &str) -> Option<(&'static str, Vec<u8>)> {
    let gz = "Content-Encoding: gzip\r\n";
    Some(match path {
        "/atom.xml" => ("", atom(base)),
        "/t/atom.vtt" => ("", vtt("Atoms are mostly empty space.")),
        "/gz/feed.xml" => (gz, gzip(&rss_with_numbers(base))),
        // Declared as text but a VTT file: the content decides.
        "/t/numbers" => (gz, gzip(&vtt("Numbers, people and seasons."))),
        "/notes.html" => (
            "",
            b"<html><body><h1>Episode 12 show notes</h1><p>We talk about learning.</p>\
              <ul><li>\xe2\x80\xa2 Intro (0:00)</li><li>Learning methods (4:10)</li>\
              <li>00:17:04 Questions from listeners</li></ul>\
              <p>We met at 10:30 and talked.</p></body></html>"
                .to_vec(),
        ),
        "/nl/speaker-time.html" => (
            "",
            page(
                "Talk one",
                "<p>Ada Lovelace (00:00:05)</p>\
            <p>First paragraph from Ada.</p><p>Ben Sample (00:01:10)</p><p>Reply from Ben.</p>",
            ),
        ),
        "/nl/bracket.html" => (
            "",
            page(
                "Talk two",
                "<p>[00:00:05] Ada: Hello there.</p>\
            <p>[00:01:10] Ben: Hi Ada.</p><p>[00:02:00] Ada: Shall we start?</p>",
            ),
        ),
        "/nl/name-alone.html" => (
            "",
            page(
                "Talk three",
                "<p>Ryan:</p><p>[0:53] Flashcards \
            first.</p><p>[1:20] Then spacing.</p><p>Mia:</p><p>[2:05] And then?</p>",
            ),
        ),
        "/nl/headings.html" => (
            "",
            page(
                "Talk four",
                "<ul><li>\u{2022} Intro (0:00)</li>\
            <li>\u{2022} Learning methods (4:10)</li></ul><h2>Intro (0:00)</h2>\
            <p>Welcome to the show.</p><h2>Learning methods (4:10)</h2>\
            <p>Ryan: Spaced repetition.</p><p>Mia: Teaching others.</p>",
            ),
        ),
        "/gz/bomb.vtt" => {
            let mut body = b"WEBVTT\n\n".to_vec();
            body.resize(CAP + 1_000_000, b'x');
            (gz, gzip(&body))
        }
        _ => return None,
    })
}

fn read(lib: &TestLibrary, path: &str) -> String {
    std::fs::read_to_string(lib.transcripts().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn an_atom_feed_is_listed_and_imported() {
    let server = start();
    let lib = TestLibrary::new();
    let feed = server.url("/atom.xml");
    lib.cmd()
        .args(["import", &feed])
        .assert()
        .stdout(predicate::str::contains("Atomic Talks: 2 episodes"))
        .stdout(predicate::str::contains(
            "2024-04-02  Splitting the Atom  [transcript: vtt]",
        ))
        .stdout(predicate::str::contains(
            "Before Transcripts  [no transcript]",
        ));
    lib.cmd()
        .args(["import", &feed, "--all"])
        .assert()
        .stdout(predicate::str::contains(
            "imported splitting-the-atom  Splitting the Atom (WebVTT, 2 segments",
        ))
        .stderr(predicate::str::contains("skipped Before Transcripts"));
    let meta = read(&lib, "splitting-the-atom/episode.toml");
    for line in [
        "show = \"Atomic Talks\"",
        "published = 2024-04-02",
        &format!("audio = \"{}\"", server.url("/audio/2.mp3")),
        &format!("web = \"{}\"", server.url("/episodes/2")),
    ] {
        assert!(meta.contains(line), "{line} in\n{meta}");
    }

    // Followed, an Atom feed updates like any other.
    lib.cmd()
        .args(["feeds", "add", &feed])
        .assert()
        .success()
        .stdout(predicate::str::contains("following Atomic Talks"));
}

#[test]
fn gzip_responses_are_decoded_and_numbers_and_people_kept() {
    let server = start();
    let lib = TestLibrary::new();
    lib.cmd()
        .args(["import", &server.url("/gz/feed.xml"), "--all"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "imported third-time-lucky  Third Time Lucky (WebVTT",
        ));
    let meta = read(&lib, "third-time-lucky/episode.toml");
    for line in [
        "episode = 3",
        "season = 2",
        "people = [\"Ada Example (host)\", \"Ben Sample (guest)\"]",
    ] {
        assert!(meta.contains(line), "{line} in\n{meta}");
    }
    assert!(read(&lib, "third-time-lucky/transcript.vtt").starts_with("WEBVTT"));
    let asked: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.header("accept-encoding"))
        .collect();
    assert!(
        asked.iter().all(|a| a
            .as_deref()
            .is_some_and(|a| a.contains("gzip") && a.contains("br"))),
        "{asked:?}"
    );
}

#[test]
fn the_cap_applies_to_the_decoded_bytes() {
    let server = start();
    let lib = TestLibrary::new();
    lib.cmd()
        .args(["import", &server.url("/gz/bomb.vtt")])
        .assert()
        .failure()
        .stderr(predicate::str::contains("larger than the 50 MB limit"));
    assert_eq!(std::fs::read_dir(lib.transcripts()).unwrap().count(), 0);
}

#[test]
fn chapters_from_show_notes_by_url_or_file() {
    let server = start();
    let lib = TestLibrary::new();
    let transcript = lib.source("talk.vtt", &vtt("Hello there."));
    lib.cmd()
        .args(["import", "--slug", "talk"])
        .arg(&transcript)
        .assert()
        .success();
    lib.cmd()
        .args(["chapters", "talk", "--from", &server.url("/notes.html")])
        .assert()
        .success()
        .stdout(predicate::str::contains("0:04:10  Learning methods"))
        .stdout(predicate::str::contains("wrote 3 chapters"));
    let chapters = read(&lib, "talk/chapters.json");
    assert!(chapters.contains("\"title\": \"Intro\""), "{chapters}");
    assert!(chapters.contains("\"startTime\": 1024.0"), "{chapters}");
    assert!(!chapters.contains("10:30"), "{chapters}");

    let notes = lib.source(
        "notes.txt",
        b"Timestamps\n00:00 Opening\n12:30 - The middle bit\n",
    );
    lib.cmd()
        .args(["chapters", "talk", "--from"])
        .arg(&notes)
        .assert()
        .failure()
        .stderr(predicate::str::contains("pass --replace"));
    lib.cmd()
        .args(["chapters", "talk", "--replace", "--from"])
        .arg(&notes)
        .assert()
        .success()
        .stdout(predicate::str::contains("0:12:30  The middle bit"));
    let prose = lib.source("prose.txt", b"Nothing timed here at all.\n");
    lib.cmd()
        .args(["chapters", "talk", "--replace", "--from"])
        .arg(&prose)
        .assert()
        .failure()
        .stderr(predicate::str::contains("no timestamp list found"));
}

#[test]
fn newsletter_pages_in_each_marker_style() {
    let server = start();
    let lib = TestLibrary::new();
    let cases: [(&str, &str, &[&str]); 4] = [
        (
            "/nl/speaker-time.html",
            "talk-one",
            &[
                "[0:00:05] Ada Lovelace: First paragraph",
                "[0:01:10] Ben Sample: Reply",
            ],
        ),
        (
            "/nl/bracket.html",
            "talk-two",
            &["[0:00:05] Ada: Hello there.", "[0:01:10] Ben: Hi Ada."],
        ),
        (
            "/nl/name-alone.html",
            "talk-three",
            &[
                "[0:00:53] Ryan: Flashcards first.",
                "[0:02:05] Mia: And then?",
            ],
        ),
        (
            "/nl/headings.html",
            "talk-four",
            &[
                "## Intro [0:00:00]",
                "[0:00:00] Welcome to the show.",
                "## Learning methods [0:04:10]",
                "[0:04:10] Ryan: Spaced repetition.",
                "Mia: Teaching others.",
            ],
        ),
    ];
    for (path, slug, shown) in cases {
        lib.cmd()
            .args(["import", &server.url(path)])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("imported {slug}")));
        let output = lib.cmd().args(["show", slug]).output().unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        for line in shown {
            assert!(text.contains(line), "{path}: {line:?} in\n{text}");
        }
        assert!(
            !text.contains("Home") && !text.contains("(c) 2024"),
            "{text}"
        );
    }
    let chapters = read(&lib, "talk-four/chapters.json");
    assert!(chapters.contains("\"Learning methods\""), "{chapters}");
    let text = String::from_utf8(
        lib.cmd()
            .args(["show", "talk-four"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        !text.contains("\u{2022}"),
        "the chapter list is not transcript text: {text}"
    );
}

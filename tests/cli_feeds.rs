//! `podgloss feeds ...` against a real HTTP server on 127.0.0.1 (an ephemeral port, in this
//! process) serving feeds we wrote, which answer `If-None-Match` / `If-Modified-Since` with 304
//! as real servers do. Covers following, the first look, conditional updates, new episodes with
//! and without a transcript, a failing feed among good ones, and OPML both ways.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use common::TestLibrary;
use common::http::{Reply, Request, Server};
use predicates::prelude::*;

/// The loopback server with the feeds below, `/show.xml` in the version set.
struct Feeds {
    server: Server,
    /// Which version of `/show.xml` is served (1 or 2).
    version: Arc<AtomicU32>,
}

impl Feeds {
    fn start() -> Feeds {
        let version = Arc::new(AtomicU32::new(1));
        let served = Arc::clone(&version);
        let server = Server::start(move |request, base| {
            let version = served.load(Ordering::SeqCst);
            let if_none_match = request.header("if-none-match");
            let (status, headers, body) =
                route(&request.path, base, version, if_none_match.as_deref());
            Reply::Body {
                status,
                headers,
                body,
            }
        });
        Feeds { server, version }
    }

    fn url(&self, path: &str) -> String {
        self.server.url(path)
    }

    fn requests(&self, path: &str) -> Vec<Request> {
        self.server.requests_for(path)
    }

    fn set_version(&self, version: u32) {
        self.version.store(version, Ordering::SeqCst);
    }
}

fn item(base: &str, id: &str, title: &str, date: &str, transcript: bool) -> String {
    let transcript = if transcript {
        format!(r#"<podcast:transcript url="{base}/t/{id}.vtt" type="text/vtt"/>"#)
    } else {
        String::new()
    };
    format!(
        "<item><title>{title}</title><guid isPermaLink=\"false\">{id}</guid>\
         <pubDate>{date}</pubDate>\
         <enclosure url=\"{base}/audio/{id}.mp3\" length=\"1\" type=\"audio/mpeg\"/>\
         {transcript}</item>\n"
    )
}

fn rss(title: &str, items: &[String]) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
         xmlns:podcast=\"https://podcastindex.org/namespace/1.0\"><channel>\
         <title>{title}</title><language>en</language>\n{}</channel></rss>\n",
        items.concat()
    )
    .into_bytes()
}

fn show_feed(base: &str, version: u32) -> Vec<u8> {
    let mut items = vec![
        item(
            base,
            "ep1",
            "Gradient Descent by Hand",
            "Mon, 01 Jan 2024 09:00:00 +0000",
            true,
        ),
        item(
            base,
            "ep2",
            "Listener Mailbag",
            "Mon, 08 Jan 2024 09:00:00 +0000",
            false,
        ),
    ];
    if version >= 2 {
        items.push(item(
            base,
            "ep3",
            "Momentum and Friends",
            "Mon, 15 Jan 2024 09:00:00 +0000",
            true,
        ));
        items.push(item(
            base,
            "ep4",
            "Live Q&amp;A",
            "Mon, 22 Jan 2024 09:00:00 +0000",
            false,
        ));
    }
    rss("Optimizer Hour", &items)
}

fn vtt(words: &str) -> Vec<u8> {
    format!(
        "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Host>{words}, part one.\n\n\
         00:00:05.000 --> 00:00:09.000\n<v Guest>{words}, part two.\n"
    )
    .into_bytes()
}

/// (status, extra headers, body) for a request.
fn route(
    path: &str,
    base: &str,
    version: u32,
    if_none_match: Option<&str>,
) -> (u16, String, Vec<u8>) {
    match path {
        "/show.xml" => {
            let etag = format!("\"show-v{version}\"");
            let headers = format!(
                "ETag: {etag}\r\nLast-Modified: Mon, 0{version} Jan 2024 10:00:00 GMT\r\n\
                 Content-Type: application/rss+xml\r\n"
            );
            if if_none_match == Some(etag.as_str()) {
                return (304, headers, Vec::new());
            }
            (200, headers, show_feed(base, version))
        }
        // No validators: always sent in full.
        "/other.xml" => (
            200,
            "Content-Type: application/rss+xml\r\n".into(),
            rss(
                "Second Opinion",
                &[item(
                    base,
                    "o1",
                    "Pilot",
                    "Tue, 02 Jan 2024 09:00:00 +0000",
                    true,
                )],
            ),
        ),
        "/t/ep1.vtt" | "/t/ep3.vtt" | "/t/o1.vtt" => {
            (200, "Content-Type: text/vtt\r\n".into(), vtt(&path[3..6]))
        }
        "/page.html" => (
            200,
            "Content-Type: text/html\r\n".into(),
            b"<html><body><p>Not a feed</p></body></html>".to_vec(),
        ),
        "/broken.xml" => (500, String::new(), b"oops".to_vec()),
        _ => (404, String::new(), b"not found".to_vec()),
    }
}

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

#[test]
fn follow_update_conditionally_and_list_what_is_new() {
    let server = Feeds::start();
    let lib = TestLibrary::new();
    let show = server.url("/show.xml");

    lib.cmd()
        .args(["feeds", "add", &show])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "following Optimizer Hour ({show})"
        )))
        .stdout(predicate::str::contains(
            "2 episodes so far (1 with a transcript)",
        ));
    // The back catalogue is recorded, not imported.
    assert!(server.requests("/t/ep1.vtt").is_empty());
    lib.cmd()
        .args(["feeds", "add", &format!("{show}/")])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already following Optimizer Hour"));
    for bad in ["/broken.xml", "/page.html"] {
        lib.cmd()
            .args(["feeds", "add", &server.url(bad)])
            .assert()
            .failure()
            .stderr(predicate::str::contains("not followed"));
    }
    let feeds_toml = std::fs::read_to_string(lib.root().join("feeds.toml")).unwrap();
    assert!(feeds_toml.contains("etag = '\"show-v1\"'"), "{feeds_toml}");
    assert!(!feeds_toml.contains("broken"), "{feeds_toml}");

    // Unchanged: the server answers 304 to the validators it handed out.
    lib.cmd()
        .args(["feeds", "update"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Optimizer Hour\n  unchanged"))
        .stderr(predicate::str::contains(
            "1 feed: 1 unchanged, 0 read, 0 failed; 0 episodes imported",
        ));
    let last = server.requests("/show.xml").pop().unwrap();
    assert_eq!(last.header("if-none-match").as_deref(), Some("\"show-v1\""));
    assert_eq!(
        last.header("if-modified-since").as_deref(),
        Some("Mon, 01 Jan 2024 10:00:00 GMT")
    );
    assert_eq!(last.status, 304);

    // Two new episodes: the one with a transcript is imported, the other listed.
    server.set_version(2);
    lib.cmd()
        .args(["feeds", "update"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "imported momentum-and-friends  Momentum and Friends (WebVTT",
        ))
        .stdout(predicate::str::contains("new, no transcript: Live Q&A"))
        .stderr(predicate::str::contains(
            "1 feed: 0 unchanged, 1 read, 0 failed; 1 episode imported, 1 without a transcript",
        ));
    let meta = std::fs::read_to_string(lib.transcripts().join("momentum-and-friends/episode.toml"))
        .unwrap();
    assert!(meta.contains("show = \"Optimizer Hour\""), "{meta}");
    assert!(
        server.requests("/t/ep1.vtt").is_empty(),
        "old episodes stay"
    );

    // Nothing changed since: 304 again, and nothing is fetched twice.
    lib.cmd()
        .args(["feeds", "update"])
        .assert()
        .success()
        .stdout(predicate::str::contains("unchanged"));
    assert_eq!(server.requests("/t/ep3.vtt").len(), 1);
    let statuses: Vec<u16> = server
        .requests("/show.xml")
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, [200, 304, 200, 304]);

    let listed = stdout_of(lib.cmd().args(["feeds", "list"]));
    assert!(listed.contains("Optimizer Hour"), "{listed}");
    assert!(listed.contains("checked 20"), "{listed}");
}

#[test]
fn one_failing_feed_does_not_stop_the_others() {
    let server = Feeds::start();
    let lib = TestLibrary::new();
    let opml = format!(
        "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><head><title>Mine</title></head><body>\
         <outline text=\"Shows\">\
         <outline type=\"rss\" text=\"Other\" xmlUrl=\"{}\"/>\
         <outline type=\"rss\" text=\"Gone\" xmlUrl=\"{}\"/>\
         </outline></body></opml>\n",
        server.url("/other.xml"),
        server.url("/gone.xml")
    );
    let file = lib.source("subs.opml", opml.as_bytes());
    lib.cmd()
        .args(["feeds", "import"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "2 feeds added, 0 already followed",
        ));
    lib.cmd()
        .args(["feeds", "update"])
        .assert()
        .failure()
        .stdout(predicate::str::contains(
            "1 episodes so far (1 with a transcript)",
        ))
        .stderr(predicate::str::contains("Gone: "))
        .stderr(predicate::str::contains("404 Not Found"))
        .stderr(predicate::str::contains(
            "2 feeds: 0 unchanged, 1 read, 1 failed",
        ));
    // The failed feed is tried again next time; the good one was saved.
    let feeds_toml = std::fs::read_to_string(lib.root().join("feeds.toml")).unwrap();
    assert!(
        feeds_toml.contains("title = \"Second Opinion\""),
        "{feeds_toml}"
    );
    assert_eq!(server.requests("/gone.xml").len(), 1);
}

#[test]
fn opml_round_trip_and_remove() {
    let server = Feeds::start();
    let lib = TestLibrary::new();
    for path in ["/show.xml", "/other.xml"] {
        lib.cmd()
            .args(["feeds", "add", &server.url(path)])
            .assert()
            .success();
    }
    let exported = stdout_of(lib.cmd().args(["feeds", "export"]));
    assert!(exported.starts_with("<?xml"), "{exported}");
    assert!(exported.contains("text=\"Optimizer Hour\""), "{exported}");

    let other = TestLibrary::new();
    let file = other.source("feeds.opml", exported.as_bytes());
    other
        .cmd()
        .args(["feeds", "import"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 feeds added"));
    let urls = |lib: &TestLibrary| -> Vec<String> {
        stdout_of(lib.cmd().args(["feeds", "list", "--json"]))
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["url"].to_string())
            .collect()
    };
    assert_eq!(urls(&lib), urls(&other));
    other
        .cmd()
        .args(["feeds", "import"])
        .arg(&file)
        .assert()
        .failure()
        .stdout(predicate::str::contains(
            "0 feeds added, 2 already followed",
        ));

    lib.cmd()
        .args(["feeds", "remove", "Optimizer Hour"])
        .assert()
        .success()
        .stdout(predicate::str::contains("stopped following Optimizer Hour"));
    assert_eq!(urls(&lib).len(), 1);
    lib.cmd()
        .args(["feeds", "remove", &server.url("/nope.xml")])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not following"));
}

#[test]
fn transcripts_only_passes_over_episodes_without_one() {
    let server = Feeds::start();
    let lib = TestLibrary::new();
    let show = server.url("/show.xml");
    lib.cmd()
        .args(["feeds", "add", "--transcripts-only", &show])
        .assert()
        .success();
    server.set_version(2);
    lib.cmd()
        .args(["feeds", "update"])
        .assert()
        .success()
        .stdout(predicate::str::contains("imported momentum-and-friends"))
        .stdout(predicate::str::contains("no transcript").not())
        .stderr(predicate::str::contains(
            "1 episode imported, 0 without a transcript",
        ));
    let listed = stdout_of(lib.cmd().args(["feeds", "list"]));
    assert!(listed.contains("transcripts only"), "{listed}");
}

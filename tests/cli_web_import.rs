//! `podgloss import URL` against a real HTTP server on 127.0.0.1 (an ephemeral port, in this
//! process) serving fixtures we wrote (`tests/fixtures/web/`): feeds, transcripts in several
//! formats, chapters, a newsletter-style page; and the ways servers misbehave: a wrong
//! `Content-Type`, redirect chains, a 404, a body over the cap, a stall, a redirect to `file://`.
//! Every case asserts what lands on disk and what the user is told.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::TestLibrary;
use common::http::{Reply, Server};
use predicates::prelude::*;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/web");

/// The real cap: 50 MB.
const CAP: u64 = 50 * 1000 * 1000;

/// The server with the fixture routes below.
fn start() -> Server {
    Server::start(|request, base| route(&request.path, base))
}

fn fixture(name: &str, base: &str) -> Vec<u8> {
    let bytes = std::fs::read(Path::new(FIXTURES).join(name)).expect(name);
    String::from_utf8(bytes)
        .unwrap()
        .replace("{base}", base)
        .into_bytes()
}

fn route(path: &str, base: &str) -> Reply {
    let ok = |content_type, name: &str| Reply::ok(content_type, fixture(name, base));
    if let Some(rest) = path.strip_prefix("/hop/") {
        // `/hop/N/<path>`: N redirects (absolute, relative, and of every status), then <path>.
        let (n, target) = rest.split_once('/').unwrap();
        let n: u32 = n.parse().unwrap();
        return if n == 0 {
            route(&format!("/{target}"), base)
        } else if n % 2 == 0 {
            Reply::Redirect(format!("{base}/hop/{}/{target}", n - 1))
        } else {
            Reply::Redirect(format!("/hop/{}/{target}", n - 1))
        };
    }
    match path {
        "/feed.xml" => ok("application/rss+xml", "feed.xml"),
        "/feed-gaps.xml" => ok("application/rss+xml", "feed-gaps.xml"),
        "/t/attention.json" => ok("application/json", "attention.json"),
        "/t/attention.vtt" => ok("text/vtt", "attention.vtt"),
        // A wrong Content-Type: the content decides.
        "/t/residual.srt" => ok("text/html; charset=utf-8", "residual.srt"),
        "/t/superposition.html" => ok("text/html", "superposition.html"),
        "/c/attention.json" => ok("application/json+chapters", "attention-chapters.json"),
        "/c/broken.json" => Reply::ok("application/json", b"{\"chapters\": [ oops".to_vec()),
        "/pages/distillation" => ok("text/html; charset=utf-8", "newsletter.html"),
        "/octet/Residual_Streams.srt" => ok("application/octet-stream", "residual.srt"),
        "/to-file" => Reply::Redirect("file:///etc/passwd".to_string()),
        "/stall.vtt" => Reply::Stall(Duration::from_secs(5)),
        "/huge-declared.vtt" => Reply::Stream {
            declared: Some(CAP + 1),
            total: CAP + 1,
        },
        "/huge-streamed.vtt" => Reply::Stream {
            declared: None,
            total: CAP + 1_000_000,
        },
        _ => Reply::not_found(),
    }
}

fn read(lib: &TestLibrary, path: &str) -> String {
    std::fs::read_to_string(lib.root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Nothing but the (empty) `transcripts/` folder: no episode, no staging leftovers.
fn assert_nothing_written(lib: &TestLibrary) {
    assert_eq!(lib.tree(), Vec::<String>::new());
    let entries = std::fs::read_dir(lib.transcripts()).unwrap().count();
    assert_eq!(entries, 0, "no folder, not even a hidden staging one");
}

#[test]
fn imports_a_feed_with_three_formats_and_chapters() {
    let server = start();
    let lib = TestLibrary::new();
    let feed = server.url("/feed.xml");
    lib.cmd()
        .args(["import", &feed, "--all"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "imported attention-slowly  Attention, Slowly (Podcasting 2.0 JSON, 5 segments",
        ))
        .stdout(predicate::str::contains(
            "imported residual-streams-explained  Residual Streams, Explained (SRT, 3 segments",
        ))
        .stdout(predicate::str::contains(
            "imported superposition-without-tears  Superposition Without Tears \
             (Podcasting 2.0 HTML, 3 segments",
        ))
        .stderr(predicate::str::contains("3 imported, 0 skipped, 0 failed"));

    let tree: Vec<String> = lib
        .tree()
        .into_iter()
        .filter(|f| f.starts_with("transcripts/"))
        .collect();
    assert_eq!(
        tree,
        [
            "transcripts/attention-slowly/chapters.json",
            "transcripts/attention-slowly/episode.toml",
            "transcripts/attention-slowly/transcript.json",
            "transcripts/residual-streams-explained/episode.toml",
            "transcripts/residual-streams-explained/transcript.srt",
            "transcripts/superposition-without-tears/episode.toml",
            "transcripts/superposition-without-tears/transcript.html",
        ]
    );
    let base = server.url("");
    // JSON was preferred over the VTT declared before it; the bytes are kept as served.
    assert_eq!(
        read(&lib, "transcripts/attention-slowly/transcript.json").as_bytes(),
        fixture("attention.json", &base)
    );
    assert_eq!(
        read(&lib, "transcripts/attention-slowly/chapters.json").as_bytes(),
        fixture("attention-chapters.json", &base)
    );
    // Served as text/html, kept as what it is.
    assert_eq!(
        read(
            &lib,
            "transcripts/residual-streams-explained/transcript.srt"
        )
        .as_bytes(),
        fixture("residual.srt", &base)
    );
    let meta = read(&lib, "transcripts/attention-slowly/episode.toml");
    for line in [
        "title = \"Attention, Slowly\"".to_string(),
        "show = \"Loss Landscape Radio\"".to_string(),
        "published = 2024-04-11".to_string(),
        "language = \"en\"".to_string(),
        "duration = \"0:42:10\"".to_string(),
        format!("web = \"{base}/episodes/attention\""),
        format!("audio = \"{base}/audio/attention.mp3\""),
        format!("transcript = \"{base}/t/attention.json\""),
    ] {
        assert!(meta.contains(&line), "{line} in\n{meta}");
    }
    let meta = read(&lib, "transcripts/residual-streams-explained/episode.toml");
    assert!(meta.contains("duration = \"0:48:02\""), "{meta}");
    assert!(meta.contains("published = 2024-03-28"), "{meta}");

    // The VTT alternative was never fetched; every request said who was asking.
    let paths = server.paths();
    assert!(
        !paths.contains(&"/t/attention.vtt".to_string()),
        "{paths:?}"
    );
    let agent = format!("podgloss/{}", env!("CARGO_PKG_VERSION"));
    for ua in server.requests().iter().map(|r| r.header("user-agent")) {
        assert_eq!(ua.as_deref(), Some(agent.as_str()));
    }

    lib.cmd()
        .args(["show", "attention-slowly", "--from", "17:00"])
        .env("PODGLOSS_OFFLINE", "1")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "[0:17:10] Mira: Induction heads copy what followed",
        ));
}

#[test]
fn a_feed_without_a_choice_is_listed_newest_first() {
    let server = start();
    let lib = TestLibrary::new();
    let feed = server.url("/feed.xml");
    lib.cmd()
        .args(["import", &feed])
        .assert()
        .code(1)
        .stdout(format!(
            "Loss Landscape Radio: 3 episodes ({feed})\n\
             \x20 2024-04-11  Attention, Slowly  [transcript: json, vtt; chapters]\n\
             \x20 2024-03-28  Residual Streams, Explained  [transcript: srt]\n\
             \x20 2024-03-14  Superposition Without Tears  [transcript: html]\n"
        ))
        .stderr(predicate::str::contains(
            "choose episodes with --episode TITLE, --latest N or --all",
        ));
    assert_nothing_written(&lib);
    assert_eq!(server.paths(), ["/feed.xml"], "only the feed was fetched");
}

#[test]
fn episode_and_latest_choose_items() {
    let server = start();
    let lib = TestLibrary::new();
    let feed = server.url("/feed.xml");
    lib.cmd()
        .args(["import", &feed, "--episode", "RESIDUAL"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "imported residual-streams-explained",
        ));
    lib.cmd()
        .args(["import", &feed, "--latest", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("imported attention-slowly"));
    let episodes: Vec<String> = std::fs::read_dir(lib.transcripts())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut episodes = episodes;
    episodes.sort();
    assert_eq!(episodes, ["attention-slowly", "residual-streams-explained"]);

    lib.cmd()
        .args(["import", &feed, "--episode", "no such thing"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no episode title contains \"no such thing\" (3 episodes in the feed",
        ));
    // The same episode again: updated in place, the reader's notes kept.
    std::fs::write(
        lib.transcripts().join("attention-slowly/notes.md"),
        "- Softmax?\n",
    )
    .unwrap();
    lib.cmd()
        .args(["import", &feed, "--latest", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("updated attention-slowly"));
    assert_eq!(
        read(&lib, "transcripts/attention-slowly/notes.md"),
        "- Softmax?\n"
    );
}

#[test]
fn a_missing_transcript_is_reported_and_the_others_land() {
    let server = start();
    let lib = TestLibrary::new();
    let feed = server.url("/feed-gaps.xml");
    let base = server.url("");
    lib.cmd()
        .args(["import", &feed, "--all"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("imported the-good-one"))
        .stdout(predicate::str::contains("imported the-fallback-one"))
        .stderr(predicate::str::contains(format!(
            "podgloss: The Lost One: no transcript could be imported: \
             {base}/t/missing.vtt: the server answered 404 Not Found"
        )))
        .stderr(predicate::str::contains(format!(
            "podgloss: warning: The Fallback One: {base}/t/gone.json: the server answered \
             404 Not Found; used {base}/t/residual.srt instead"
        )))
        .stderr(predicate::str::contains(format!(
            "podgloss: warning: The Good One: chapters not imported: {base}/c/broken.json:"
        )))
        .stderr(predicate::str::contains(
            "skipped Trailer: the feed declares no <podcast:transcript> for it",
        ))
        .stderr(predicate::str::contains("2 imported, 1 skipped, 1 failed"));
    let tree: Vec<String> = lib
        .tree()
        .into_iter()
        .filter(|f| f.starts_with("transcripts/"))
        .collect();
    assert_eq!(
        tree,
        [
            "transcripts/the-fallback-one/episode.toml",
            "transcripts/the-fallback-one/transcript.srt",
            "transcripts/the-good-one/episode.toml",
            "transcripts/the-good-one/transcript.vtt",
        ]
    );
    let meta = read(&lib, "transcripts/the-fallback-one/episode.toml");
    assert!(
        meta.contains(&format!("transcript = \"{base}/t/residual.srt\"")),
        "{meta}"
    );
}

#[test]
fn a_transcript_url_is_read_by_its_content() {
    let server = start();
    let lib = TestLibrary::new();
    let url = server.url("/octet/Residual_Streams.srt");
    lib.cmd()
        .args(["import", &url])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "imported residual-streams  Residual Streams (SRT, 3 segments, 0:00:18)",
        ));
    let meta = read(&lib, "transcripts/residual-streams/episode.toml");
    assert!(meta.contains(&format!("transcript = \"{url}\"")), "{meta}");
    assert!(!meta.contains("web ="), "{meta}");
}

#[test]
fn redirects_are_followed_up_to_five() {
    let server = start();
    let lib = TestLibrary::new();
    let url = server.url("/hop/5/t/attention.vtt");
    lib.cmd()
        .args(["import", &url, "--title", "Hopped"])
        .assert()
        .success()
        .stdout(predicate::str::contains("imported hopped  Hopped (WebVTT"));
    assert_eq!(server.paths().len(), 6, "{:?}", server.paths());
    let meta = read(&lib, "transcripts/hopped/episode.toml");
    assert!(meta.contains(&format!("transcript = \"{url}\"")), "{meta}");

    let lib = TestLibrary::new();
    let url = server.url("/hop/6/t/attention.vtt");
    lib.cmd()
        .args(["import", &url])
        .assert()
        .code(1)
        .stderr(format!(
            "podgloss: {url}: more than 5 redirects (the last one to {}); gave up\n",
            server.url("/hop/0/t/attention.vtt")
        ));
    assert_nothing_written(&lib);
    let paths = server.paths();
    assert_eq!(
        paths.len(),
        6 + 6,
        "six hops followed, the seventh not: {paths:?}"
    );
    assert_eq!(
        paths.last().map(String::as_str),
        Some("/hop/1/t/attention.vtt")
    );
}

#[test]
fn a_redirect_to_file_is_refused() {
    let server = start();
    let lib = TestLibrary::new();
    let url = server.url("/to-file");
    lib.cmd()
        .args(["import", &url])
        .assert()
        .code(1)
        .stderr(format!(
            "podgloss: {url}: redirected to file:///etc/passwd, which is not an http or https \
             URL; not followed\n"
        ));
    assert_nothing_written(&lib);
    assert_eq!(server.paths(), ["/to-file"]);

    lib.cmd()
        .args(["import", "file:///etc/passwd", "ftp://127.0.0.1/x.srt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "file:///etc/passwd: file:// URLs are not fetched; give the file's path to import it",
        ))
        .stderr(predicate::str::contains(
            "ftp://127.0.0.1/x.srt: only http and https URLs can be imported, not ftp:",
        ));
    assert_nothing_written(&lib);
}

#[test]
fn bodies_over_the_cap_are_refused() {
    let server = start();
    let lib = TestLibrary::new();
    for path in ["/huge-declared.vtt", "/huge-streamed.vtt"] {
        let url = server.url(path);
        let started = Instant::now();
        lib.cmd()
            .args(["import", &url])
            .assert()
            .code(1)
            .stderr(format!(
                "podgloss: {url}: larger than the 50 MB limit; download stopped\n"
            ));
        eprintln!("{path}: refused after {:?}", started.elapsed());
        assert_nothing_written(&lib);
    }
}

#[test]
fn a_stalled_server_times_out() {
    let server = start();
    let lib = TestLibrary::new();
    let url = server.url("/stall.vtt");
    let started = Instant::now();
    lib.cmd()
        .args(["import", &url])
        .env("PODGLOSS_HTTP_TIMEOUT_MS", "500")
        .assert()
        .code(1)
        .stderr(format!("podgloss: {url}: timed out after 0.5 s\n"));
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(4), "took {elapsed:?}");
    assert_nothing_written(&lib);
}

#[test]
fn a_newsletter_page_becomes_an_episode_with_chapters() {
    let server = start();
    let lib = TestLibrary::new();
    let url = server.url("/pages/distillation");
    lib.cmd()
        .args(["import", &url])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "imported ep-7-distillation-slowly  Ep. 7: Distillation, slowly (timestamped text, ",
        ));
    let dir = "transcripts/ep-7-distillation-slowly";
    let episode_files: Vec<String> = lib
        .tree()
        .into_iter()
        .filter(|f| f.starts_with("transcripts/"))
        .collect();
    assert_eq!(
        episode_files,
        [
            format!("{dir}/chapters.json"),
            format!("{dir}/episode.toml"),
            format!("{dir}/transcript.txt"),
        ]
    );
    let text = read(&lib, &format!("{dir}/transcript.txt"));
    assert!(
        text.starts_with("Dana Reyes 00:00:00\n\nToday we talk"),
        "{text}"
    );
    assert!(text.contains("teacher’s sense"), "entities decoded: {text}");
    for junk in [
        "Subscribe",
        "Archive",
        "Reader",
        "not a speaker",
        "Soft targets",
    ] {
        assert!(!text.contains(junk), "{junk} in {text}");
    }
    let chapters: serde_json::Value =
        serde_json::from_str(&read(&lib, &format!("{dir}/chapters.json"))).unwrap();
    let list: Vec<(f64, &str)> = chapters["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["startTime"].as_f64().unwrap(),
                c["title"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        list,
        [
            (0.0, "Intro"),
            (1024.0, "Soft targets"),
            (3730.0, "When distillation fails")
        ]
    );
    let meta = read(&lib, &format!("{dir}/episode.toml"));
    for line in [
        "show = \"Gradient Notes\"".to_string(),
        "published = 2024-05-06".to_string(),
        format!("web = \"{url}\""),
    ] {
        assert!(meta.contains(&line), "{line} in\n{meta}");
    }
    lib.cmd()
        .args(["show", "ep-7-distillation-slowly"])
        .env("PODGLOSS_OFFLINE", "1")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "[0:17:04] Eli Moreau: Those soft targets carry",
        ))
        .stdout(predicate::str::contains(
            "[1:02:10] Dana Reyes: And when the student",
        ));
}

#[test]
fn offline_refuses_the_network() {
    let server = start();
    let lib = TestLibrary::new();
    let feed = server.url("/feed.xml");
    let refused = format!(
        "podgloss: {feed}: not fetched: podgloss is offline (--offline or PODGLOSS_OFFLINE is set)\n"
    );
    lib.cmd()
        .args(["import", &feed, "--all", "--offline"])
        .assert()
        .code(1)
        .stderr(refused.clone());
    lib.cmd()
        .args(["import", &feed, "--all"])
        .env("PODGLOSS_OFFLINE", "1")
        .assert()
        .code(1)
        .stderr(refused);
    assert_nothing_written(&lib);
    assert!(server.paths().is_empty(), "{:?}", server.paths());
}

#[test]
fn after_import_everything_works_offline() {
    let server = start();
    let lib = TestLibrary::new();
    let feed = server.url("/feed.xml");
    lib.cmd()
        .args(["import", &feed, "--all"])
        .assert()
        .success();
    let fetched = server.paths().len();
    let offline = || {
        let mut cmd = lib.cmd();
        cmd.env("PODGLOSS_OFFLINE", "1");
        cmd
    };
    offline()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Attention, Slowly"))
        .stdout(predicate::str::contains("Residual Streams, Explained"))
        .stdout(predicate::str::contains("Superposition Without Tears"));
    offline()
        .args(["show", "superposition-without-tears"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "[1:05:20] Lena: Sparse autoencoders try",
        ));
    offline()
        .args(["search", "residual stream"])
        .assert()
        .success()
        .stdout(predicate::str::contains("residual-streams-explained"));
    offline()
        .args(["search", "softmax", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("attention-slowly"));
    assert_eq!(
        server.paths().len(),
        fetched,
        "nothing was fetched after import"
    );
}

#[test]
fn reimport_updates_chapters_podgloss_wrote_and_keeps_the_users() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    // The source's chapters change between imports: version N titles its first chapter "vN".
    let version = Arc::new(AtomicUsize::new(1));
    let served = Arc::clone(&version);
    let chapters = move || {
        let n = served.load(Ordering::SeqCst);
        format!(
            "{{\"version\": \"1.2.0\", \"chapters\": [{{\"startTime\": 0, \"title\": \"v{n}\"}}]}}"
        )
    };
    let server = Server::start(move |request, base| match request.path.as_str() {
        "/c/attention.json" => Reply::ok("application/json+chapters", chapters()),
        path => route(path, base),
    });
    let lib = TestLibrary::new();
    let feed = server.url("/feed.xml");
    let import = || {
        lib.cmd()
            .args(["import", &feed, "--episode", "Attention, Slowly"])
            .assert()
            .success()
    };
    let file = "transcripts/attention-slowly/chapters.json";
    import();
    assert!(read(&lib, file).contains("\"v1\""));

    // Untouched since podgloss wrote it: the source's new chapters replace it, silently.
    version.store(2, Ordering::SeqCst);
    import().stderr(predicate::str::contains("chapters.json").not());
    assert!(read(&lib, file).contains("\"v2\""));

    // Edited by the user: kept byte for byte, and the import says so.
    let mine = read(&lib, file).replace("\"v2\"", "\"My own title\"");
    std::fs::write(lib.root().join(file), &mine).unwrap();
    version.store(3, Ordering::SeqCst);
    import().stderr(predicate::str::contains(
        "attention-slowly/chapters.json as it is: it changed since podgloss wrote it",
    ));
    assert_eq!(read(&lib, file), mine);

    // Written by hand where podgloss never wrote one: kept too.
    std::fs::remove_file(lib.root().join(file)).unwrap();
    std::fs::remove_dir_all(lib.root().join(".podgloss/chapters-written")).unwrap();
    std::fs::write(lib.root().join(file), &mine).unwrap();
    import().stderr(predicate::str::contains(
        "it changed since podgloss wrote it",
    ));
    assert_eq!(read(&lib, file), mine);

    // Deleted: the source's chapters come back.
    std::fs::remove_file(lib.root().join(file)).unwrap();
    import().stderr(predicate::str::contains("chapters.json").not());
    assert!(read(&lib, file).contains("\"v3\""));
}

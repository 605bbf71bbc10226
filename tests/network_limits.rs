//! The network limits of issue 13 against the loopback server (`common::http`): a redirect
//! loop, a server that drips its answer, gzip and brotli bombs, XML entity expansion in a feed,
//! a feed of 10,000 items, and one deadline for everything a command fetches. Each ends with a
//! message that names the URL and what limit it hit; memory is measured where a body could
//! blow it up. No assertion is about how long something took: a limit that did not hold shows
//! as a different outcome (a success, a missing message, a request that should not be made).

mod common;

use std::io::Write;
use std::time::Duration;

use common::TestLibrary;
use common::http::{Reply, Server};

const VTT: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nthe residual stream\n";

/// The real cap on a body: 50 MB.
const CAP: usize = 50 * 1000 * 1000;

/// An RSS feed whose items have the given titles and transcript paths.
fn feed(base: &str, items: impl Iterator<Item = (String, String)>) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
         xmlns:podcast=\"https://podcastindex.org/namespace/1.0\"><channel>\
         <title>Limits Show</title>\n",
    );
    for (i, (title, path)) in items.enumerate() {
        xml.push_str(&format!(
            "<item><title>{title}</title><guid>g{i}</guid>\
             <podcast:transcript url=\"{base}{path}\" type=\"text/vtt\"/></item>\n"
        ));
    }
    xml.push_str("</channel></rss>\n");
    xml.into_bytes()
}

fn filler(size: usize) -> Vec<u8> {
    let mut body = b"WEBVTT\n\n".to_vec();
    body.resize(size, b'x');
    body
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = brotli::CompressorWriter::new(&mut out, 64 * 1024, 1, 22);
        encoder.write_all(bytes).unwrap();
    }
    out
}

/// A feed that defines an entity a billion `lol`s long (nine levels of ten) and uses it.
fn billion_laughs() -> Vec<u8> {
    let mut dtd = String::from("<!ENTITY lol0 \"lol\">\n");
    for level in 1..=9 {
        let previous = format!("&lol{};", level - 1);
        dtd.push_str(&format!(
            "<!ENTITY lol{level} \"{}\">\n",
            previous.repeat(10)
        ));
    }
    format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n{dtd}]>\n<rss version=\"2.0\"><channel>\
         <title>&lol9;</title><item><title>&lol9;</title><guid>x</guid></item>\
         </channel></rss>\n"
    )
    .into_bytes()
}

fn start() -> Server {
    Server::start(|request, base| match request.path.as_str() {
        "/loop.vtt" => Reply::Redirect("/loop.vtt".into()),
        "/ping.vtt" => Reply::Redirect(format!("{base}/pong.vtt")),
        "/pong.vtt" => Reply::Redirect(format!("{base}/ping.vtt")),
        // 2,000 bytes, 20 at a time, every 100 ms: 10 s in all.
        "/drip.vtt" => Reply::Trickle {
            headers: "Content-Type: text/vtt\r\n".into(),
            body: filler(2_000),
            chunk: 20,
            every: Duration::from_millis(100),
        },
        "/bomb/gzip.vtt" => Reply::Body {
            status: 200,
            headers: "Content-Type: text/vtt\r\nContent-Encoding: gzip\r\n".into(),
            body: gzip(&filler(CAP * 4)),
        },
        "/bomb/br.vtt" => Reply::Body {
            status: 200,
            headers: "Content-Type: text/vtt\r\nContent-Encoding: br\r\n".into(),
            body: brotli(&filler(CAP * 4)),
        },
        "/laughs.xml" => Reply::ok("application/rss+xml", billion_laughs()),
        "/ten-thousand.xml" => Reply::ok(
            "application/rss+xml",
            feed(
                base,
                (0..10_000).map(|i| (format!("Episode {i}"), format!("/t/{i}.vtt"))),
            ),
        ),
        "/slow-items.xml" => Reply::ok(
            "application/rss+xml",
            feed(
                base,
                (0..5).map(|i| (format!("Slow {i}"), format!("/slow/{i}.vtt"))),
            ),
        ),
        path if path.starts_with("/slow/") => Reply::Stall(Duration::from_secs(3)),
        path if path.starts_with("/t/") => Reply::ok("text/vtt", VTT),
        _ => Reply::not_found(),
    })
}

/// Runs `import ARGS` with short timeouts, measuring its peak memory; `None` where it cannot
/// be measured (see `common::run_measured`).
fn import(lib: &TestLibrary, args: &[&str], timeout_ms: u64) -> Option<(i32, String, String, u64)> {
    let mut cmd = lib.std_cmd();
    cmd.arg("import").args(args);
    cmd.env("PODGLOSS_HTTP_TIMEOUT_MS", timeout_ms.to_string());
    let (output, peak) = common::run_measured(cmd)?;
    Some((
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        peak,
    ))
}

fn nothing_imported(lib: &TestLibrary) {
    let entries: Vec<_> = std::fs::read_dir(lib.transcripts())
        .unwrap()
        .flatten()
        .collect();
    assert!(entries.is_empty(), "{entries:?}");
}

#[test]
fn redirect_loops_end_after_five_hops() {
    let server = start();
    let lib = TestLibrary::new();
    for path in ["/loop.vtt", "/ping.vtt"] {
        let url = server.url(path);
        let Some((code, _, stderr, _)) = import(&lib, &[&url], 10_000) else {
            return;
        };
        assert_eq!(code, 1, "{stderr}");
        assert!(
            stderr.contains(&format!("{url}: more than 5 redirects")),
            "{stderr}"
        );
    }
    let asked = server.paths();
    assert_eq!(
        asked.len(),
        12,
        "six requests per loop, then it gave up: {asked:?}"
    );
    nothing_imported(&lib);
}

#[test]
fn a_dripping_server_is_cut_at_the_timeout() {
    let server = start();
    let lib = TestLibrary::new();
    let url = server.url("/drip.vtt");
    // The whole answer takes 10 s; the limit is 1.5 s, so a success means the limit did not hold.
    let Some((code, _, stderr, _)) = import(&lib, &[&url], 1_500) else {
        return;
    };
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("{url}: timed out after 1.5 s")),
        "{stderr}"
    );
    nothing_imported(&lib);
}

#[test]
fn compressed_bombs_stop_at_the_cap_in_bounded_memory() {
    let server = start();
    for path in ["/bomb/gzip.vtt", "/bomb/br.vtt"] {
        let lib = TestLibrary::new();
        let url = server.url(path);
        let Some((code, _, stderr, peak)) = import(&lib, &[&url], 60_000) else {
            return;
        };
        assert_eq!(code, 1, "{path}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "{url}: larger than the 50 MB limit; download stopped"
            )),
            "{path}: {stderr}"
        );
        eprintln!(
            "{path}: {} MB decoded would be 200; peak {} MB",
            CAP / 1_000_000,
            peak >> 20
        );
        assert!(
            peak < 3 * CAP as u64,
            "{path}: peak {} MB for a body capped at 50 MB",
            peak >> 20
        );
        nothing_imported(&lib);
    }
}

#[test]
fn entity_expansion_in_a_feed_is_not_performed() {
    let server = start();
    let lib = TestLibrary::new();
    let url = server.url("/laughs.xml");
    let Some((code, stdout, stderr, peak)) = import(&lib, &[&url], 10_000) else {
        return;
    };
    assert!(matches!(code, 0 | 1), "exit {code}: {stderr}");
    assert!(
        !stdout.contains("lollollol") && !stderr.contains("lollollol"),
        "the entity was expanded: {stdout}{stderr}"
    );
    assert!(peak < 200 << 20, "peak {} MB", peak >> 20);
    eprintln!(
        "billion laughs: exit {code}, peak {} MB: {stderr}",
        peak >> 20
    );
    nothing_imported(&lib);
}

#[test]
fn a_feed_of_ten_thousand_items_is_listed_in_bounded_memory() {
    let server = start();
    let lib = TestLibrary::new();
    let url = server.url("/ten-thousand.xml");
    let Some((code, stdout, stderr, peak)) = import(&lib, &[&url], 30_000) else {
        return;
    };
    // A feed given without a choice of episodes is listed, and the user asked to choose.
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("choose episodes with --episode"),
        "{stderr}"
    );
    assert!(stdout.contains("Limits Show: 10000 episodes"), "{stdout}");
    assert!(stdout.contains("Episode 9999"), "every item is listed");
    assert!(peak < 200 << 20, "peak {} MB", peak >> 20);
    assert_eq!(
        server.paths(),
        ["/ten-thousand.xml"],
        "listing fetches nothing else"
    );
    nothing_imported(&lib);
}

/// Five items that each stall for 3 s, under a 2 s limit per fetch and a 3 s limit for the
/// command: without the command's limit the items would take 5 x 2 s; with it, the items after
/// the limit are not even asked for, and each says why.
#[test]
fn one_deadline_holds_for_all_of_a_commands_fetches() {
    let server = start();
    let lib = TestLibrary::new();
    let url = server.url("/slow-items.xml");
    let output = lib
        .cmd()
        .args(["import", &url, "--all"])
        .env("PODGLOSS_HTTP_TIMEOUT_MS", "2000")
        .env("PODGLOSS_HTTP_COMMAND_TIMEOUT_MS", "3000")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let slow_asked = server
        .paths()
        .iter()
        .filter(|p| p.starts_with("/slow/"))
        .count();
    assert!(
        slow_asked < 5,
        "items after the command's limit are not fetched ({slow_asked} were): {stderr}"
    );
    assert!(
        stderr.contains("this command's limit for fetching"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("Slow ").count(),
        5,
        "every item is reported: {stderr}"
    );
    nothing_imported(&lib);
}

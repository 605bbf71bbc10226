//! The HTML export in a real browser: headless Chromium loads the page from `file://`, the
//! rendered DOM holds the notes and a definition, no request leaves the page, and screenshots
//! (desktop and phone widths) are saved under `target/export-html/` for a person to look at.
//!
//! Chromium comes from the distribution's packages (`.ci/run` installs it). Where it is missing
//! the test skips with a reason, except in CI (`CI` set), where a missing browser is a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::TestLibrary;

const SLUG: &str = "how-language-models-think";

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|dir| dir.join(name))
                    .find(|p| p.is_file())
            })
        })
}

/// Runs headless Chromium on `page` with `extra` flags, a private profile and a time limit.
fn run_chromium(
    browser: &Path,
    profile: &Path,
    page: &Path,
    extra: &[String],
) -> std::process::Output {
    let url = format!("file://{}", page.display());
    Command::new("timeout")
        .arg("90")
        .arg(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("run chromium")
}

#[test]
fn the_html_export_renders_offline_in_chromium() {
    let Some(browser) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!("chromium is missing in CI: .ci/run should have installed it");
        }
        eprintln!("skipping: chromium is not installed (apt-get install chromium)");
        return;
    };
    let lib = TestLibrary::with_sample();
    if let Some(shared) = common::shared_dir() {
        lib.cmd()
            .args(["notes", "import"])
            .arg(shared.join("seed/notes-sholto-trenton.txt"))
            .args(["--episode", SLUG])
            .assert()
            .success();
    }
    let page = lib.root().join("page.html");
    lib.cmd()
        .args(["export", SLUG, "--format", "html", "-o"])
        .arg(&page)
        .assert()
        .success();
    let html = std::fs::read_to_string(&page).unwrap();
    for external in [
        "<script", "<link", "<img", "<iframe", "src=", "url(", "@import",
    ] {
        assert!(!html.contains(external), "the page holds {external:?}");
    }

    let profile = tempfile::tempdir().unwrap();
    let net_log = profile.path().join("net-log.json");
    let dom = run_chromium(
        &browser,
        &profile.path().join("profile"),
        &page,
        &[
            "--dump-dom".into(),
            format!("--log-net-log={}", net_log.display()),
        ],
    );
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.status.success() && dom_text.contains("</html>"),
        "chromium failed: {}",
        String::from_utf8_lossy(&dom.stderr)
    );

    // Notes are in the margin beside their paragraph, a definition is in the DOM.
    assert!(
        dom_text.contains("<aside><div class=\"note"),
        "no note in the margin"
    );
    assert!(
        dom_text.contains("The vector for each token position that runs through a transformer"),
        "the residual stream's definition is not in the page"
    );
    assert!(
        dom_text.contains("class=\"row in-range\""),
        "the range is not marked"
    );
    assert!(
        dom_text.contains("<nav aria-label=\"Chapters\">"),
        "no chapter navigation"
    );
    if common::shared_dir().is_some() {
        assert!(
            dom_text.contains("Did not understand a single thing"),
            "the seed confession is missing"
        );
    }

    // No request leaves the page. Chromium's own background traffic (updates, sign-in) is in
    // the net log too, so only the requests the page made (its network isolation key is
    // `file://`) count. The same check on a page with an external image proves it can fail.
    let outside = page_requests(&net_log);
    assert!(outside.is_empty(), "requests left the page: {outside:?}");
    let control = lib.root().join("control.html");
    std::fs::write(
        &control,
        "<p>x<img src=\"http://example.invalid/x.png\"></p>",
    )
    .unwrap();
    let control_log = profile.path().join("control-net-log.json");
    run_chromium(
        &browser,
        &profile.path().join("profile-control"),
        &control,
        &[
            "--dump-dom".into(),
            format!("--log-net-log={}", control_log.display()),
        ],
    );
    assert_eq!(
        page_requests(&control_log),
        ["http://example.invalid/x.png"],
        "the request check misses a page's request"
    );

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export-html");
    std::fs::create_dir_all(&shots).unwrap();
    // The top of the page on a desktop and a phone, and an excerpt around the confession's
    // range (1:10:00-1:22:00) on both.
    let excerpt = lib.root().join("excerpt.html");
    lib.cmd()
        .args([
            "export", SLUG, "--format", "html", "--from", "69:00", "--to", "75:00", "-o",
        ])
        .arg(&excerpt)
        .assert()
        .success();
    for (name, size, file) in [
        ("desktop.png", "1280,1600", &page),
        ("phone.png", "390,1400", &page),
        ("range.png", "1280,1400", &excerpt),
        ("range-phone.png", "390,1400", &excerpt),
    ] {
        let shot = shots.join(name);
        let _ = std::fs::remove_file(&shot);
        let out = run_chromium(
            &browser,
            &profile.path().join("profile"),
            file,
            &[
                format!("--screenshot={}", shot.display()),
                format!("--window-size={size}"),
            ],
        );
        assert!(
            shot.is_file(),
            "no screenshot: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!("screenshot: {}", shot.display());
    }
}

/// The URLs a `file://` page asked the network for, from a Chromium net log.
fn page_requests(net_log: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(net_log).expect("chromium wrote no net log");
    let log: serde_json::Value = serde_json::from_str(&text).expect("net log is JSON");
    let start_job = &log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"];
    let mut urls = Vec::new();
    for event in log["events"].as_array().into_iter().flatten() {
        if &event["type"] != start_job {
            continue;
        }
        let params = &event["params"];
        let from_page = params["network_isolation_key"]
            .as_str()
            .is_some_and(|key| key.starts_with("file://"));
        let url = params["url"].as_str().unwrap_or_default();
        let local =
            url.starts_with("file:") || url.starts_with("data:") || url.starts_with("about:");
        if from_page && !local && !urls.iter().any(|u| u == url) {
            urls.push(url.to_string());
        }
    }
    urls
}

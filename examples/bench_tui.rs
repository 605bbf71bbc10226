//! BENCH.md rows 6-8, in process: open an episode to the first frame, one scroll key to the next
//! frame at 200x60, and resident memory with a whole library open and its index loaded.
//!
//! `cargo run --release --example bench_tui -- LIBRARY [SLUG] [--json]` (the episode with the
//! largest transcript file when no slug is given; `bench/run` passes the longest episode by
//! duration). Frames are drawn to ratatui's TestBackend, so terminal I/O is not counted.
//! With `--json`, one JSON object on standard output (for `bench/run`); otherwise three lines.

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use podgloss::library::{Episode, Library};
use podgloss::tui::app::{App, IndexState};
use podgloss::tui::command::Command;
use podgloss::tui::keymap::Keymap;
use podgloss::tui::worker::Inline;

const USAGE: &str = "usage: bench_tui LIBRARY [SLUG] [--json]";
const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;
const OPEN_RUNS: usize = 15;
const SCROLL_KEYS: usize = 2_000;
/// Typed into the search screen before row 8 is read.
const SEARCH: &str = "\"machine learning\"";

fn rss_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(2);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let positional: Vec<&String> = args.iter().filter(|a| *a != "--json").collect();
    let (root, slug) = match positional.as_slice() {
        [root] => (root.as_str(), None),
        [root, slug] => (root.as_str(), Some(slug.to_string())),
        _ => fail(USAGE),
    };
    let library = Library::new(root);
    let slug = slug.unwrap_or_else(|| largest_episode(&library));
    let duration_ms = library
        .find(&slug)
        .ok()
        .and_then(|e| Episode::load(&e).ok())
        .map_or_else(
            || fail(&format!("{slug}: no such episode in {root}")),
            |e| e.duration(),
        );

    let first_frame = median(first_frames(&library, &slug));
    // Rows 7 and 8 share one app and one worker, as one session of the real UI would.
    let mut executor = Inline::new(library.clone());
    let (mut app, mut terminal, scroll) = scroll_frames(&library, &slug, &mut executor);
    let scroll = median(scroll);
    let (rss_mb, peak_mb) = memory_with_index(&mut executor, &mut app, &mut terminal);

    if json {
        println!(
            "{}",
            serde_json::json!({
                "slug": slug, "duration_ms": duration_ms, "width": WIDTH, "height": HEIGHT,
                "first_frame_ms": ms(first_frame), "first_frame_runs": OPEN_RUNS,
                "scroll_ms": ms(scroll), "scroll_keys": SCROLL_KEYS,
                "rss_mb": rss_mb, "peak_rss_mb": peak_mb,
            })
        );
    } else {
        println!(
            "row 6: open {slug} ({} min) to first frame: median {:.1} ms",
            duration_ms / 60_000,
            ms(first_frame)
        );
        println!(
            "row 7: scroll key to next frame at {WIDTH}x{HEIGHT}: median {:.3} ms",
            ms(scroll)
        );
        println!("row 8: resident memory {rss_mb:.0} MB (peak {peak_mb:.0} MB)");
    }
}

/// The episode whose transcript file is the largest (a cheap stand-in for the longest).
fn largest_episode(library: &Library) -> String {
    library
        .scan()
        .episodes
        .iter()
        .max_by_key(|e| {
            std::fs::metadata(&e.transcript)
                .map(|m| m.len())
                .unwrap_or(0)
        })
        .unwrap_or_else(|| fail("no episode in the library"))
        .slug
        .clone()
}

/// An app with SLUG open (glossary and episode loaded, as the worker does in the real UI) and
/// a terminal with its first frame drawn.
fn open(library: &Library, slug: &str, executor: &mut Inline) -> (App, Terminal<TestBackend>) {
    let mut app = App::new(
        library.clone(),
        Keymap::default(),
        Rect::new(0, 0, WIDTH, HEIGHT),
    );
    let _ = app.take_work();
    app.run(Command::ReloadGlossary);
    app.start_with(slug, None);
    executor.settle(&mut app);
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    (app, terminal)
}

/// Row 6: open to the first frame, OPEN_RUNS times. The index sync runs on the worker in the
/// real UI; it is left out here.
fn first_frames(library: &Library, slug: &str) -> Vec<Duration> {
    (0..OPEN_RUNS)
        .map(|_| {
            let started = Instant::now();
            let opened = open(library, slug, &mut Inline::new(library.clone()));
            let elapsed = started.elapsed();
            drop(opened);
            elapsed
        })
        .collect()
}

/// Row 7: one scroll key to the next frame, SCROLL_KEYS times; the app stays open for row 8.
fn scroll_frames(
    library: &Library,
    slug: &str,
    executor: &mut Inline,
) -> (App, Terminal<TestBackend>, Vec<Duration>) {
    let (mut app, mut terminal) = open(library, slug, executor);
    let down = Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    let frames = (0..SCROLL_KEYS)
        .map(|_| {
            let started = Instant::now();
            app.event(&down);
            terminal.draw(|frame| app.draw(frame)).unwrap();
            started.elapsed()
        })
        .collect();
    (app, terminal, frames)
}

/// Row 8: resident and peak memory in MB once the library's index is open in the worker, as
/// the UI has it after its sync, and one search (BENCH.md's first query) has been typed into
/// the library's search screen and answered, so the index has been read, not only opened.
fn memory_with_index(
    executor: &mut Inline,
    app: &mut App,
    terminal: &mut Terminal<TestBackend>,
) -> (f64, f64) {
    app.run(Command::Resync);
    executor.settle(app);
    if app.index != IndexState::Ready {
        fail(&format!("the index did not open: {:?}", app.index));
    }
    let key = |c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    app.run(Command::OpenSearch);
    for c in SEARCH.chars() {
        app.event(&key(c));
    }
    executor.settle(app);
    terminal.draw(|frame| app.draw(frame)).unwrap();
    (
        rss_kb("VmRSS:") as f64 / 1024.0,
        rss_kb("VmHWM:") as f64 / 1024.0,
    )
}

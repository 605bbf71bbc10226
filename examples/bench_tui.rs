//! BENCH.md rows 6-8, in process: open an episode to the first frame, one scroll key to the next
//! frame at 200x60, and resident memory with a whole library open and its index loaded.
//!
//! `cargo run --release --example bench_tui -- LIBRARY [SLUG]` (the longest episode when no
//! slug is given). Frames are drawn to ratatui's TestBackend, so terminal I/O is not counted.

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use podgloss::library::{Episode, Library};
use podgloss::tui::app::App;
use podgloss::tui::keymap::Keymap;
use podgloss::tui::worker::Inline;

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

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().expect("usage: bench_tui LIBRARY [SLUG]");
    let library = Library::new(&root);
    let slug = args.next().unwrap_or_else(|| {
        let scan = library.scan();
        scan.episodes
            .iter()
            .max_by_key(|e| {
                std::fs::metadata(&e.transcript)
                    .map(|m| m.len())
                    .unwrap_or(0)
            })
            .expect("an episode")
            .slug
            .clone()
    });
    let size = Rect::new(0, 0, 200, 60);

    // Row 6: open to first frame: the glossary, the episode (what the worker does in the real
    // UI) and the frame. The index sync runs on the worker in the real UI; it is left out here.
    let mut first_frames = Vec::new();
    let mut duration = 0;
    for _ in 0..15 {
        let started = Instant::now();
        let mut app = App::new(library.clone(), Keymap::default(), size);
        let _ = app.take_work();
        app.run(podgloss::tui::command::Command::ReloadGlossary);
        app.start_with(&slug, None);
        Inline::new(library.clone()).settle(&mut app);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
        terminal.draw(|frame| app.draw(frame)).unwrap();
        first_frames.push(started.elapsed());
        duration = library
            .find(&slug)
            .ok()
            .and_then(|e| Episode::load(&e).ok())
            .map_or(0, |e| e.duration());
    }
    println!(
        "row 6: open {slug} ({} min) to first frame: median {:.1} ms",
        duration / 60_000,
        median(first_frames).as_secs_f64() * 1e3
    );

    // Row 7: one scroll key to the next frame.
    let mut app = App::new(library.clone(), Keymap::default(), size);
    let mut executor = Inline::new(library.clone());
    let _ = app.take_work();
    app.run(podgloss::tui::command::Command::ReloadGlossary);
    app.start_with(&slug, None);
    executor.settle(&mut app);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    let down = Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE));
    let mut frames = Vec::new();
    for _ in 0..2_000 {
        let started = Instant::now();
        app.event(&down);
        terminal.draw(|frame| app.draw(frame)).unwrap();
        frames.push(started.elapsed());
    }
    println!(
        "row 7: scroll key to next frame at 200x60: median {:.3} ms",
        median(frames).as_secs_f64() * 1e3
    );

    // Row 8: memory with the library's index open, as the UI has it after its sync.
    app.run(podgloss::tui::command::Command::Resync);
    executor.settle(&mut app);
    let search = Event::Key(KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE));
    app.event(&search);
    terminal.draw(|frame| app.draw(frame)).unwrap();
    println!(
        "row 8: resident memory {} MB (peak {} MB)",
        rss_kb("VmRSS:") / 1024,
        rss_kb("VmHWM:") / 1024
    );
}

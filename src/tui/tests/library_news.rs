//! The Library's news and the Reader's quote: a feeds update started from a key runs as
//! background work and ends in the status line and a new listing; episodes that came in since
//! the last look are marked new; the copy key hands the event loop a quote, whose copy the
//! status line reports.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::{Harness, app, copy_dir, key, open_sample, press, reader, screen_text};
use crate::library::Library;
use crate::tui::command::Command;
use crate::tui::keymap::Keymap;
use crate::tui::screen::Screen;

/// Runs the app's work until the feeds update it started has ended (it runs on a thread of
/// its own, as in the real loop).
fn settle_update(app: &mut Harness) {
    let started = Instant::now();
    loop {
        app.settle();
        if app.feeds.is_none() {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the feeds update did not end"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn library_screen(app: &Harness) -> &crate::tui::library_screen::LibraryScreen {
    match app.screens.first() {
        Some(Screen::Library(library)) => library,
        _ => panic!("no Library"),
    }
}

#[test]
fn the_update_key_is_background_work_and_without_feeds_says_how_to_follow_one() {
    let (_dir, mut app) = app(160, 48);
    press(&mut app, KeyCode::F(5));
    assert!(
        matches!(app.pending(), [Command::UpdateFeeds]),
        "{:?}",
        app.pending()
    );
    assert!(
        app.feeds.is_some(),
        "the status line shows the update running"
    );
    // A second press while it runs starts nothing more.
    press(&mut app, KeyCode::F(5));
    assert_eq!(app.pending().len(), 1);
    assert!(app.status.as_ref().unwrap().text.contains("already"));
    settle_update(&mut app);
    let status = app.status.clone().unwrap();
    assert!(
        !status.is_error() && status.text.contains("podgloss feeds add URL"),
        "{status:?}"
    );
    // The hint names the key, and the help lists it.
    app.status = None;
    let screen = screen_text(&mut app);
    assert!(screen.contains("f5 update feeds"), "{screen}");
    key(&mut app, KeyCode::F(1));
    // The field keys are at the end of the help.
    for _ in 0..30 {
        press(&mut app, KeyCode::Char('j'));
    }
    let screen = screen_text(&mut app);
    assert!(
        screen.contains("f5 ctrl-r") && screen.contains("update the followed feeds"),
        "{screen}"
    );
}

#[test]
fn episodes_added_since_the_last_look_are_marked_new() {
    let (dir, first) = app(160, 48);
    // The first look at a library marks nothing new, and is remembered.
    assert_eq!(library_screen(&first).new_count(), 0);
    assert!(first.ran.iter().any(|c| c.starts_with("SaveLastLook")));
    let look = dir.path().join(".podgloss/library-look.json");
    assert!(
        std::fs::read_to_string(&look)
            .unwrap()
            .contains("how-language-models-think")
    );
    drop(first);
    // An episode comes in while the user is away.
    let transcripts = dir.path().join("transcripts");
    copy_dir(
        &transcripts.join("how-language-models-think"),
        &transcripts.join("zz-arrived-later"),
    );
    let toml = transcripts.join("zz-arrived-later/episode.toml");
    let meta = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        meta.replacen("title = \"", "title = \"Arrived Later: ", 1),
    )
    .unwrap();
    let mut app = Harness::new(Library::new(dir.path()), Keymap::default(), 160, 48);
    let library = library_screen(&app);
    assert_eq!(library.new_count(), 1);
    let new: Vec<&str> = library
        .rows
        .iter()
        .filter(|r| library.is_new(r))
        .map(|r| r.entry.slug.as_str())
        .collect();
    assert_eq!(new, ["zz-arrived-later"]);
    // Drawn: a New column, "new" on that row only, the count in the title.
    let screen = screen_text(&mut app);
    assert!(screen.contains("1 new"), "{screen}");
    let header = screen.lines().find(|l| l.contains("Episode")).unwrap();
    assert!(header.contains("New"), "{header}");
    let marked: Vec<&str> = screen
        .lines()
        .filter(|l| l.trim_start_matches('│').trim_start().starts_with("new "))
        .collect();
    assert_eq!(marked.len(), 1, "{screen}");
    assert!(marked[0].contains("Arrived Later"), "{}", marked[0]);
    // Looking at it recorded it as seen: the next session marks nothing.
    drop(app);
    let mut next = Harness::new(Library::new(dir.path()), Keymap::default(), 160, 48);
    assert_eq!(library_screen(&next).new_count(), 0);
    let screen = screen_text(&mut next);
    assert!(!screen.contains(" New "), "{screen}");
}

/// Serves one feed whose only item is new, with its WebVTT transcript.
fn serve_feed() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let feed_base = base.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            let _ = reader.read_line(&mut request);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (kind, body) = if path == "/feed.xml" {
                (
                    "application/rss+xml",
                    format!(
                        "<?xml version=\"1.0\"?><rss version=\"2.0\" \
                     xmlns:podcast=\"https://podcastindex.org/namespace/1.0\"><channel>\
                     <title>Loopback Show</title><item><title>Momentum by Hand</title>\
                     <guid>m1</guid><pubDate>Mon, 15 Jan 2024 09:00:00 +0000</pubDate>\
                     <podcast:transcript url=\"{feed_base}/m1.vtt\" type=\"text/vtt\"/>\
                     </item></channel></rss>"
                    ),
                )
            } else {
                (
                    "text/vtt",
                    "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Host>Momentum remembers.\n"
                        .to_string(),
                )
            };
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

#[test]
fn a_feeds_update_imports_and_the_library_shows_the_episode_as_new() {
    if ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some())
    {
        eprintln!("skipping: a proxy is set, and the loopback server is not behind it");
        return;
    }
    let (dir, mut app) = app(160, 48);
    let base = serve_feed();
    std::fs::write(
        dir.path().join("feeds.toml"),
        format!("[[feed]]\nurl = \"{base}/feed.xml\"\nseen = [\"old\"]\n"),
    )
    .unwrap();
    let before = library_screen(&app).rows.len();
    app.app.event(&Event::Key(KeyEvent::new(
        KeyCode::Char('r'),
        KeyModifiers::CONTROL,
    )));
    settle_update(&mut app);
    let status = app.status.clone().unwrap();
    assert!(
        !status.is_error() && status.text.contains("1 episode imported"),
        "{status:?}"
    );
    let library = library_screen(&app);
    assert_eq!(
        library.rows.len(),
        before + 1,
        "the Library was listed again"
    );
    let new: Vec<String> = library
        .rows
        .iter()
        .filter(|r| library.is_new(r))
        .map(|r| r.entry.title())
        .collect();
    assert_eq!(new, ["Momentum by Hand"]);
    // The index followed: the new episode is searchable.
    assert!(app.ran.iter().any(|c| c == "Resync"));
}

#[test]
fn the_copy_key_asks_for_a_quote_of_the_paragraph_or_the_selection() {
    let (_dir, mut app) = app(160, 48);
    open_sample(&mut app);
    key(&mut app, KeyCode::Char('t'));
    for c in "1:10:00".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('y'));
    let (text, summary) = match app.pending() {
        [Command::Copy { text, summary }] => (text.clone(), summary.clone()),
        other => panic!("{other:?}"),
    };
    assert!(text.starts_with("> ") && text.contains("\n— "), "{text}");
    assert!(text.contains("How Language Models Think"), "{text}");
    assert!(summary.starts_with("quote at 1:10:"), "{summary}");
    app.settle();

    // A selection over three paragraphs: one quote of all three, and the selection ends.
    key(&mut app, KeyCode::Char('v'));
    let from = reader(&app).current_paragraph();
    while reader(&app).current_paragraph() < from + 2 {
        key(&mut app, KeyCode::Char('j'));
    }
    press(&mut app, KeyCode::Char('y'));
    let (text, summary) = match app.pending() {
        [Command::Copy { text, summary }] => (text.clone(), summary.clone()),
        other => panic!("{other:?}"),
    };
    assert_eq!(text.matches("\n>\n").count(), 2, "{text}");
    assert!(reader(&app).range_start.is_none());

    // The event loop's half: OSC 52 to the terminal, and the status says what was copied.
    let mut terminal: Vec<u8> = Vec::new();
    app.app.copy(&text, &summary, &mut terminal, false);
    assert!(terminal.starts_with(b"\x1b]52;c;"), "{terminal:?}");
    let status = app.status.clone().unwrap();
    assert!(
        status.text.starts_with(&summary) && status.text.contains("copied (terminal"),
        "{status:?}"
    );
    let screen = screen_text(&mut app);
    assert!(screen.contains("copied (terminal"), "{screen}");
}

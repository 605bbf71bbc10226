//! Text from files is shown, never obeyed, on every screen of the UI: the hostile strings of the
//! CLI's output test (OSC 52 clipboard writes, CSI screen clears, BEL, the C1 CSI U+009B, a bidi
//! override) go into an episode's title, show, speaker names, transcript, chapters, notes, a
//! glossary entry, a status message and a form, and no cell of any screen drawn through
//! `TestBackend` holds one of those characters.

use ratatui::crossterm::event::{Event, KeyCode};

use super::{Harness, ctrl, key, render, typed};
use crate::library::Library;
use crate::tui::keymap::Keymap;
use crate::tui::screen::Screen;

const HOSTILE: &str = "\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{7}\u{9b}2J\u{202e}\u{1b}[31m";
/// Hostile too, with words the transcript does not hold, so the note holding it has no place.
const NOWHERE_HOSTILE: &str = "\u{1b}]0;eHl6\u{7}\u{1b}[5m\u{7}\u{9b}\u{202e}";
const HOSTILE_TOML: &str = r"\u001b]52;c;cHduZWQ=\u0007\u001b[2J\u0007\u009b2J\u202e\u001b[31m";
const HOSTILE_YAML: &str = r"\e]52;c;cHduZWQ=\a\e[2J\a\x9b2J\u202e\e[31m";

fn write(path: std::path::PathBuf, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn hostile_library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let cue = format!("<v Mallory{HOSTILE}>flurbo {HOSTILE} residual stream. Zorkmid talk.");
    let vtt = format!(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n{cue}\n\n00:00:05.000 --> 00:00:09.000\n\
         Why does a zorkmid matter{HOSTILE}? The zorkmid is odd.\n"
    );
    write(root.join(format!("transcripts/bare{HOSTILE}.vtt")), &vtt);
    let folder = root.join("transcripts/evil");
    write(folder.join("transcript.vtt"), &vtt);
    write(
        folder.join("episode.toml"),
        &format!(
            "title = \"Evil {HOSTILE_TOML} title\"\nshow = \"Show {HOSTILE_TOML}\"\n\n\
             [speakers]\nMallory = \"Mal {HOSTILE_TOML}\"\n"
        ),
    );
    write(
        folder.join("chapters.json"),
        &format!(
            "{{\"version\": \"1.2.0\", \"chapters\": [{{\"startTime\": 0, \"title\": \"Ch {}\"}}]}}",
            HOSTILE_TOML
        ),
    );
    write(
        folder.join("notes.md"),
        &format!(
            "- [0:01] flurbo note {HOSTILE} here\n- [0:05] What is a zorkmid{HOSTILE}?\n\
             - Why is [[flurbo]] so {HOSTILE} odd?\n- Qwxz {NOWHERE_HOSTILE} plugh nowhere.\n"
        ),
    );
    write(
        root.join("glossary/flurbo.md"),
        &format!(
            "---\naliases: [\"flurbos{HOSTILE_YAML}\"]\nrelated: [\"x{HOSTILE_YAML}\"]\n\
             sources: [\"https://example.com/{HOSTILE_YAML}\"]\n---\n\
             # Flurbo\n\nA flurbo {HOSTILE} is money.\n\n```\ncode {HOSTILE}\n```\n"
        ),
    );
    write(
        root.join("glossary/zorkmid-coin.md"),
        &format!("# Zorkmid coin{HOSTILE}\n\nA coin {HOSTILE}.\n"),
    );
    let library = Library::new(root);
    (dir, library)
}

fn in_reader(app: &Harness) -> &crate::tui::reader::Reader {
    match app.screens.last() {
        Some(Screen::Reader(reader)) => reader,
        _ => panic!("not in the reader: {:?}", app.status),
    }
}

fn dangerous(c: char) -> bool {
    c.is_control()
        || ('\u{80}'..='\u{9f}').contains(&c)
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Draws the app and returns what leaked, as `screen: cell text` lines.
fn leaks(app: &mut Harness, screen: &str, drawn: &mut Vec<String>) -> Vec<String> {
    let terminal = render(app);
    let buffer = terminal.backend().buffer();
    drawn.push(screen.to_string());
    let mut found: Vec<String> = buffer
        .content()
        .iter()
        .filter(|cell| cell.symbol().chars().any(dangerous))
        .map(|cell| format!("{screen}: {:?}", cell.symbol()))
        .collect();
    let width = buffer.area.width as usize;
    for row in buffer.content().chunks(width) {
        let line: String = row.iter().map(|c| c.symbol()).collect();
        if ["cHduZWQ", "[2J", "[31m", "eHl6", "[5m"]
            .iter()
            .any(|residue| line.contains(residue))
        {
            found.push(format!("{screen}: residue {:?}", line.trim()));
        }
    }
    found
}

#[test]
fn no_screen_draws_a_control_character_from_a_file() {
    for (width, height) in [(160, 48), (70, 24), (50, 20)] {
        let (_dir, library) = hostile_library();
        let mut app = Harness::new(library, Keymap::default(), width, height);
        let mut leaked = Vec::new();
        let mut drawn = Vec::new();
        leaked.extend(leaks(&mut app, "library", &mut drawn));

        typed(&mut app, "evil");
        key(&mut app, KeyCode::Enter);
        assert!(
            matches!(app.screens.last(), Some(Screen::Reader(_))),
            "{:?}",
            app.status
        );
        leaked.extend(leaks(&mut app, "reader", &mut drawn));
        for pane in ['2', '3', '1'] {
            key(&mut app, KeyCode::Char(pane));
            key(&mut app, KeyCode::Tab);
            assert!(in_reader(&app).selected.is_some(), "a term is selected");
            leaked.extend(leaks(&mut app, "reader with a term", &mut drawn));
        }
        key(&mut app, KeyCode::Esc);
        assert!(in_reader(&app).selected.is_none());
        // The question note at 0:05 asks about a wanted term.
        key(&mut app, KeyCode::Char(']'));
        key(&mut app, KeyCode::Char('3'));
        leaked.extend(leaks(&mut app, "reader at a wanted term", &mut drawn));
        key(&mut app, KeyCode::Char('1'));
        // A status message quoting input.
        key(&mut app, KeyCode::Char('t'));
        app.app.event(&Event::Paste(format!("nowhere{HOSTILE}")));
        key(&mut app, KeyCode::Enter);
        leaked.extend(leaks(&mut app, "status", &mut drawn));
        key(&mut app, KeyCode::Char('/'));
        app.app.event(&Event::Paste(format!("zork{HOSTILE}mid")));
        key(&mut app, KeyCode::Enter);
        leaked.extend(leaks(&mut app, "find", &mut drawn));
        in_reader(&app);
        key(&mut app, KeyCode::Char('u'));
        assert!(
            matches!(app.screens.last(), Some(Screen::Unplaced(list)) if !list.items.is_empty())
        );
        leaked.extend(leaks(&mut app, "unplaced", &mut drawn));
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Char('a'));
        app.app
            .event(&Event::Paste(format!("pasted {HOSTILE}\n{HOSTILE}line")));
        leaked.extend(leaks(&mut app, "note form", &mut drawn));
        key(&mut app, KeyCode::Esc);
        leaked.extend(leaks(&mut app, "note form asking", &mut drawn));
        key(&mut app, KeyCode::Char('y'));
        key(&mut app, KeyCode::Char('d'));
        leaked.extend(leaks(&mut app, "define form", &mut drawn));
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Esc);

        ctrl(&mut app, 'f');
        typed(&mut app, "flurbo");
        leaked.extend(leaks(&mut app, "search", &mut drawn));
        key(&mut app, KeyCode::Esc);
        ctrl(&mut app, 'g');
        leaked.extend(leaks(&mut app, "glossary (wanted first)", &mut drawn));
        typed(&mut app, "flurbo");
        leaked.extend(leaks(&mut app, "glossary entry", &mut drawn));
        key(&mut app, KeyCode::Enter);
        assert!(matches!(app.screens.last(), Some(Screen::Mentions(_))));
        leaked.extend(leaks(&mut app, "mentions", &mut drawn));
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::F(1));
        leaked.extend(leaks(&mut app, "help", &mut drawn));

        assert!(
            leaked.is_empty(),
            "{width}x{height}: {} cells leaked, first: {:?}",
            leaked.len(),
            &leaked[..leaked.len().min(10)]
        );
        assert_eq!(drawn.len(), 17, "{drawn:?}");
    }
}

//! The UI driven by key events over a copy of the bundled sample library: state transitions
//! (keys in, state out) and whole-screen snapshots at 160x48 and 80x24 (insta), with exact
//! buffer checks where a colour matters.

use std::ops::{Deref, DerefMut};
use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Color;

use super::app::App;
use super::keymap::Keymap;
use super::screen::Screen;
use super::worker::Inline;
use crate::library::Library;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The app with a test executor: the app's work runs on this thread, through the same worker
/// the event loop uses, only when [`Harness::settle`] says so.
pub struct Harness {
    pub app: App,
    executor: Inline,
    /// Every work command run so far, in order.
    pub ran: Vec<String>,
}

impl Harness {
    fn new(library: Library, keymap: Keymap, width: u16, height: u16) -> Harness {
        let mut harness = Harness {
            app: App::new(library.clone(), keymap, Rect::new(0, 0, width, height)),
            executor: Inline::new(library),
            ran: Vec::new(),
        };
        harness.settle();
        harness
    }

    /// Runs the queued work and applies its results until nothing is left.
    pub fn settle(&mut self) {
        let ran = self.executor.settle(&mut self.app);
        self.ran.extend(ran.iter().map(|c| format!("{c:?}")));
    }
}

impl Deref for Harness {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

impl DerefMut for Harness {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.app
    }
}

/// A private copy of the sample library.
fn sample_library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["transcripts", "glossary"] {
        copy_dir(&repo.join(folder), &dir.path().join(folder));
    }
    let library = Library::new(dir.path());
    (dir, library)
}

/// An app over a private copy of the sample library, with its index ready.
fn app(width: u16, height: u16) -> (tempfile::TempDir, Harness) {
    let (dir, library) = sample_library();
    (dir, Harness::new(library, Keymap::default(), width, height))
}

/// A key, without running the work it asks for.
fn press(app: &mut Harness, code: KeyCode) {
    app.app
        .event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn key(app: &mut Harness, code: KeyCode) {
    press(app, code);
    app.settle();
}

fn ctrl(app: &mut Harness, c: char) {
    let event = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    app.app.event(&event);
    app.settle();
}

fn typed(app: &mut Harness, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn render(app: &mut Harness) -> Terminal<TestBackend> {
    app.settle();
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    terminal
}

/// The rendered screen as text, a line per row.
fn screen_text(app: &mut Harness) -> String {
    let terminal = render(app);
    let buffer = terminal.backend().buffer();
    let width = buffer.area.width as usize;
    buffer
        .content()
        .chunks(width)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn reader(app: &App) -> &super::reader::Reader {
    match app.screens.last() {
        Some(Screen::Reader(reader)) => reader,
        _ => panic!("not in the reader"),
    }
}

fn open_sample(app: &mut Harness) {
    // The Library lists episodes by slug; the main sample is the first.
    key(app, KeyCode::Enter);
    assert!(matches!(app.screens.last(), Some(Screen::Reader(_))));
    assert_eq!(reader(app).episode.entry.slug, "how-language-models-think");
}

#[test]
fn jump_forms_move_the_reader_to_their_segment() {
    let (_dir, mut app) = app(160, 48);
    open_sample(&mut app);
    for (input, want) in [
        ("1:10:00", 4_201_115),
        ("70m", 4_201_115),
        ("+5m", 4_501_115),
        ("-30s", 4_471_115),
        ("50%", 3_779_500),
        ("deep end", 4_201_115),
    ] {
        key(&mut app, KeyCode::Char('t'));
        typed(&mut app, input);
        key(&mut app, KeyCode::Enter);
        let now = reader(&app).current_time();
        assert!(
            now.abs_diff(want) < 30_000,
            "{input}: at {now}, wanted about {want}"
        );
    }
    key(&mut app, KeyCode::Char('t'));
    typed(&mut app, "nowhere");
    key(&mut app, KeyCode::Enter);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.is_error() && s.text.contains("nowhere"))
    );
}

#[test]
fn the_range_note_shows_beside_its_whole_span() {
    let (_dir, mut app) = app(160, 48);
    open_sample(&mut app);
    key(&mut app, KeyCode::Char('t'));
    typed(&mut app, "1:15:00");
    key(&mut app, KeyCode::Enter);
    let here = reader(&app).notes_here();
    assert!(here.iter().any(|v| v.note.text.contains("1:10:00-1:22:00")));
    // The bar runs along the transcript in the range's rows.
    let terminal = render(&mut app);
    let buffer = terminal.backend().buffer();
    let bar_cells = (1..40)
        .filter(|&y| buffer[(11, y)].symbol() == "┃" && buffer[(11, y)].fg == Color::LightRed)
        .count();
    assert!(bar_cells > 20, "{bar_cells} bar cells");
}

#[test]
fn notes_chapters_and_terms_are_one_key_away() {
    let (_dir, mut app) = app(160, 48);
    open_sample(&mut app);
    let start = reader(&app).current_time();
    key(&mut app, KeyCode::Char(']'));
    let first_note = reader(&app).current_time();
    assert!(first_note > start);
    key(&mut app, KeyCode::Char(']'));
    assert!(reader(&app).current_time() > first_note);
    key(&mut app, KeyCode::Char('['));
    assert_eq!(reader(&app).current_time(), first_note);
    key(&mut app, KeyCode::Char('}'));
    assert_eq!(
        reader(&app).chapter_title(),
        Some("The residual stream, attention heads and MLPs")
    );
    key(&mut app, KeyCode::Tab);
    let first = reader(&app).selected_entry_term();
    assert!(first.is_some());
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::BackTab);
    assert_eq!(reader(&app).selected_entry_term(), first);
    // Esc clears the selection before it leaves the reader.
    key(&mut app, KeyCode::Esc);
    assert!(reader(&app).selected.is_none());
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screens.last(), Some(Screen::Library(_))));
}

#[test]
fn finding_in_the_episode_lands_on_hits_in_turn() {
    let (_dir, mut app) = app(160, 48);
    open_sample(&mut app);
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "\"residual stream\"");
    key(&mut app, KeyCode::Enter);
    let first = reader(&app).current_paragraph();
    let text = &reader(&app).episode.paragraphs[first].text;
    assert!(text.to_lowercase().contains("residual stream"), "{text}");
    key(&mut app, KeyCode::Char('n'));
    assert!(reader(&app).current_paragraph() > first);
    key(&mut app, KeyCode::Char('N'));
    assert_eq!(reader(&app).current_paragraph(), first);
}

#[test]
fn defining_a_term_saves_it_and_links_it_at_once() {
    let (dir, mut app) = app(160, 48);
    open_sample(&mut app);
    key(&mut app, KeyCode::Char('d'));
    typed(&mut app, "dimensions");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "dimension");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "How many numbers a vector holds.");
    ctrl(&mut app, 's');
    let written = std::fs::read_to_string(dir.path().join("glossary/dimensions.md")).unwrap();
    assert!(written.contains("# dimensions"), "{written}");
    assert!(app.glossary.find("dimension").is_some());
    let linked = reader(&app)
        .mentions
        .iter()
        .flatten()
        .any(|m| app.glossary.entries()[m.entry].term == "dimensions");
    assert!(linked, "the new term is underlined in the open episode");
}

#[test]
fn adding_a_note_appends_it_with_the_time() {
    let (dir, mut app) = app(160, 48);
    open_sample(&mut app);
    key(&mut app, KeyCode::Char('t'));
    typed(&mut app, "20m");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('a'));
    typed(&mut app, "check this");
    ctrl(&mut app, 's');
    let notes = std::fs::read_to_string(
        dir.path()
            .join("transcripts/how-language-models-think/notes.md"),
    )
    .unwrap();
    assert!(notes.trim_end().ends_with("check this"), "{notes}");
    assert!(notes.contains("- [19:"), "{notes}");
}

#[test]
fn search_screen_finds_and_opens_at_the_hit() {
    let (_dir, mut app) = app(160, 48);
    ctrl(&mut app, 'f'); // the Library's filter takes '/'
    typed(&mut app, "\"induction heads\"");
    match app.screens.last() {
        Some(Screen::Search(search)) => assert!(!search.hits.is_empty()),
        _ => panic!("not in search"),
    }
    key(&mut app, KeyCode::Enter);
    let reader = reader(&app);
    let text = &reader.episode.paragraphs[reader.current_paragraph()].text;
    assert!(text.to_lowercase().contains("induction head"), "{text}");
}

#[test]
fn resizing_keeps_the_position() {
    let (_dir, mut app) = app(160, 48);
    open_sample(&mut app);
    key(&mut app, KeyCode::Char('t'));
    typed(&mut app, "1:10:00");
    key(&mut app, KeyCode::Enter);
    let before = reader(&app).current_time();
    app.app.event(&Event::Resize(70, 20));
    app.app.event(&Event::Resize(50, 20));
    app.app.event(&Event::Resize(160, 48));
    assert_eq!(reader(&app).current_time(), before);
}

fn snapshot_screens(width: u16, height: u16) {
    let (_dir, mut app) = app(width, height);
    let name = |screen: &str| format!("{screen}_{width}x{height}");
    insta::assert_snapshot!(name("library"), render(&mut app).backend());
    open_sample(&mut app);
    key(&mut app, KeyCode::Char('t'));
    typed(&mut app, "1:10:00");
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(name("reader_at_1_10_00"), render(&mut app).backend());
    // The softmax chapter, with the softmax entry (and its Python code) in the definition pane.
    key(&mut app, KeyCode::Char('t'));
    typed(&mut app, "softmax");
    key(&mut app, KeyCode::Enter);
    for _ in 0..20 {
        if reader(&app).selected_entry_term().as_deref() == Some("softmax") {
            break;
        }
        key(&mut app, KeyCode::Tab);
    }
    assert_eq!(
        reader(&app).selected_entry_term().as_deref(),
        Some("softmax")
    );
    if width < 60 {
        key(&mut app, KeyCode::Char('3'));
    }
    insta::assert_snapshot!(
        name("reader_softmax_definition"),
        render(&mut app).backend()
    );
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    ctrl(&mut app, 'f'); // the Library's filter takes '/'
    typed(&mut app, "\"residual stream\" speaker:rin");
    insta::assert_snapshot!(name("search"), render(&mut app).backend());
    key(&mut app, KeyCode::Esc);
    ctrl(&mut app, 'g');
    insta::assert_snapshot!(name("glossary"), render(&mut app).backend());
    key(&mut app, KeyCode::F(1)); // the Glossary's filter takes '?'
    insta::assert_snapshot!(name("help"), render(&mut app).backend());
}

#[test]
fn screens_at_160x48() {
    snapshot_screens(160, 48);
}

#[test]
fn screens_at_80x24() {
    snapshot_screens(80, 24);
}

#[test]
fn the_definition_pane_highlights_code() {
    let (_dir, mut app) = app(160, 48);
    open_sample(&mut app);
    key(&mut app, KeyCode::Char('t'));
    typed(&mut app, "softmax");
    key(&mut app, KeyCode::Enter);
    while reader(&app).selected_entry_term().as_deref() != Some("softmax") {
        key(&mut app, KeyCode::Tab);
    }
    let terminal = render(&mut app);
    let buffer = terminal.backend().buffer();
    // Find "def" in the definition pane (the right quarter) and check it is coloured.
    let area = buffer.area;
    let found = (0..area.height).any(|y| {
        (120..area.width.saturating_sub(3)).any(|x| {
            buffer[(x, y)].symbol() == "d"
                && buffer[(x + 1, y)].symbol() == "e"
                && buffer[(x + 2, y)].symbol() == "f"
                && buffer[(x, y)].fg != Color::Reset
        })
    });
    assert!(found, "a highlighted `def` in the definition pane");
}

mod acts;
mod desk;
mod hostile;
mod library_news;
mod listen;
mod note_places;
mod small_things;
mod work;

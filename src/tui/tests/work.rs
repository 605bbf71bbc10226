//! The UI thread does no I/O: keys only queue work, which the test executor runs when the test
//! says so; and every write is followed by a resync, so search and counts follow the files.

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::{Harness, app, key, press, typed};
use crate::tui::app::Overlay;
use crate::tui::command::Command;
use crate::tui::glossary_screen::GlossaryItem;
use crate::tui::screen::Screen;

fn press_ctrl(app: &mut Harness, c: char) {
    let event = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    app.app.event(&event);
}

fn press_text(app: &mut Harness, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Ran-work names since `from`, without their arguments.
fn ran_since(app: &Harness, from: usize) -> Vec<String> {
    app.ran[from..]
        .iter()
        .map(|c| {
            c.split([' ', '(', '{'])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

#[test]
fn opening_an_episode_is_work_for_the_worker() {
    let (_dir, mut app) = app(160, 48);
    press(&mut app, KeyCode::Enter);
    // The key only asked: no Reader yet, and the episode is named in the queued command.
    assert!(matches!(app.screens.last(), Some(Screen::Library(_))));
    assert!(matches!(
        app.pending(),
        [Command::LoadEpisode { slug, at: None }] if slug == "how-language-models-think"
    ));
    app.settle();
    assert!(matches!(app.screens.last(), Some(Screen::Reader(_))));
}

#[test]
fn saving_a_note_writes_nothing_until_the_worker_runs_it() {
    let (dir, mut app) = app(160, 48);
    key(&mut app, KeyCode::Enter);
    let path = dir
        .path()
        .join("transcripts/how-language-models-think/notes.md");
    let before = std::fs::read_to_string(&path).unwrap();
    press(&mut app, KeyCode::Char('a'));
    press_text(&mut app, "a note from the test");
    press_ctrl(&mut app, 's');
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    // The note (and the form's draft, kept while typing) are work queued, not yet done.
    let writes: Vec<&Command> = app
        .pending()
        .iter()
        .filter(|c| !matches!(c, Command::SaveDraft { .. } | Command::LoadDraft(_)))
        .collect();
    assert!(
        matches!(writes[..], [Command::SaveNote { text, .. }] if text.ends_with("from the test"))
    );
    let from = app.ran.len();
    app.settle();
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.trim_end().ends_with("a note from the test"),
        "{after}"
    );
    let ran: Vec<String> = ran_since(&app, from)
        .into_iter()
        .filter(|c| !c.contains("Draft"))
        .collect();
    assert_eq!(ran[0], "SaveNote");
    assert!(ran.contains(&"Resync".to_string()), "{ran:?}");
    assert!(ran.contains(&"ListLibrary".to_string()), "{ran:?}");
    // The Library's note count followed the file.
    let Some(Screen::Library(library)) = app.screens.first() else {
        panic!("no Library");
    };
    let row = library
        .rows
        .iter()
        .find(|r| r.entry.slug == "how-language-models-think")
        .unwrap();
    assert_eq!(row.notes, crate::notes::parse_notes(&after).notes.len());
}

fn wanted_in_library(app: &Harness) -> usize {
    match app.screens.first() {
        Some(Screen::Library(library)) => library.rows.iter().map(|r| r.wanted).sum(),
        _ => panic!("no Library"),
    }
}

fn glossary_hits(app: &mut Harness, term: &str) -> usize {
    // ctrl-f opens search from a text field (the Library's filter, the Glossary's) too.
    press_ctrl(app, 'f');
    app.settle();
    typed(app, term);
    let count = match app.screens.last() {
        Some(Screen::Search(search)) => search
            .hits
            .iter()
            .filter(|h| h.kind == "glossary" && h.title == term)
            .count(),
        _ => panic!("not in search"),
    };
    key(app, KeyCode::Esc);
    count
}

#[test]
fn defining_a_wanted_term_updates_search_and_counts_without_a_restart() {
    let (dir, mut app) = app(160, 48);
    let library_wanted = wanted_in_library(&app);
    assert!(
        library_wanted > 0,
        "the sample notes ask about undefined terms"
    );
    press_ctrl(&mut app, 'g');
    app.settle();
    let (term, asked) = match app.screens.last() {
        Some(Screen::Glossary(screen)) => match screen.selected_item() {
            Some(GlossaryItem::Wanted { term, asked }) => (term.clone(), asked.len()),
            other => panic!("the first item is not wanted: {other:?}"),
        },
        _ => panic!("not in the glossary"),
    };
    let entries = app.glossary.len();
    assert_eq!(glossary_hits(&mut app, &term), 0);
    // The Glossary's list is a filter field: Ctrl-D on a wanted term opens the define form.
    press_ctrl(&mut app, 'd');
    app.settle();
    assert!(matches!(&app.overlay, Some(Overlay::Define(form)) if form.term.value() == term));
    press_text(&mut app, "Defined from the test.");
    press_ctrl(&mut app, 's');
    let written = || {
        std::fs::read_dir(dir.path().join("glossary"))
            .unwrap()
            .flatten()
            .any(|f| std::fs::read_to_string(f.path()).is_ok_and(|t| t.contains("from the test")))
    };
    assert!(!written(), "nothing is written before the worker runs");
    let writes: Vec<&Command> = app
        .pending()
        .iter()
        .filter(|c| !matches!(c, Command::SaveDraft { .. } | Command::LoadDraft(_)))
        .collect();
    assert!(matches!(writes[..], [Command::Define(d)] if d.term == term));
    app.settle();
    assert!(written());
    assert_eq!(app.glossary.len(), entries + 1);
    // Still in the TUI: the Glossary screen, the Library column and search all follow.
    match app.screens.last() {
        Some(Screen::Glossary(screen)) => assert!(
            !screen
                .items
                .iter()
                .any(|i| matches!(i, GlossaryItem::Wanted { term: t, .. } if *t == term))
        ),
        _ => panic!("not in the glossary"),
    }
    assert_eq!(wanted_in_library(&app), library_wanted - asked);
    assert_eq!(glossary_hits(&mut app, &term), 1);
}

#[test]
fn the_cli_the_library_column_and_the_glossary_screen_agree_on_wanted_terms() {
    let (_dir, mut app) = app(160, 48);
    let (wanted, _) = crate::notes::wanted(&app.library, &app.glossary);
    press_ctrl(&mut app, 'g');
    app.settle();
    let listed = match app.screens.last() {
        Some(Screen::Glossary(screen)) => screen.wanted(),
        _ => panic!("not in the glossary"),
    };
    assert_eq!(listed, wanted);
    let places: usize = wanted.iter().map(|w| w.asked.len()).sum();
    assert_eq!(wanted_in_library(&app), places);
}

#[test]
fn an_episode_asked_for_at_start_loads_before_the_index_is_built() {
    let (_dir, library) = super::sample_library();
    let mut app = crate::tui::app::App::new(
        library,
        crate::tui::keymap::Keymap::default(),
        ratatui::layout::Rect::new(0, 0, 80, 24),
    );
    app.start_with("how-language-models-think", None);
    let at = |wanted: fn(&Command) -> bool| app.pending().iter().position(wanted).unwrap();
    let glossary = at(|c| matches!(c, Command::ReloadGlossary));
    let episode = at(|c| matches!(c, Command::LoadEpisode { .. }));
    let resync = at(|c| matches!(c, Command::Resync));
    assert!(
        glossary < episode && episode < resync,
        "{:?}",
        app.pending()
    );
}

//! The study desk: placing the notes that have no place, keeping a form's text as a draft,
//! pasting, and what a wanted term shows.

use std::path::PathBuf;

use ratatui::crossterm::event::{Event, KeyCode};

use super::{Harness, ctrl, key, open_sample, press, reader, sample_library, screen_text, typed};
use crate::library::Library;
use crate::model::time::format_time_long;
use crate::tui::app::Overlay;
use crate::tui::command::Command;
use crate::tui::keymap::Keymap;
use crate::tui::screen::Screen;
use crate::tui::wanted_uses::TermUses;

/// A note no passage of the sample is about, so it has no place.
const NOWHERE: &str = "Frobnicate the quux plover zyxwv.";

fn notes_path(root: &std::path::Path) -> PathBuf {
    root.join("transcripts/how-language-models-think/notes.md")
}

/// The sample with one more note that cannot be placed; its notes file as written.
fn sample_with_a_note_nowhere() -> (tempfile::TempDir, Library, String) {
    let (dir, library) = sample_library();
    let path = notes_path(dir.path());
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!(
        "\n- {NOWHERE}\n\n- Last note, about hill climbing.\n"
    ));
    std::fs::write(&path, &text).unwrap();
    (dir, library, text)
}

fn unplaced_list(app: &Harness) -> &crate::tui::unplaced::UnplacedScreen {
    match app.screens.last() {
        Some(Screen::Unplaced(list)) => list,
        _ => panic!("not in the list of unplaced notes"),
    }
}

/// Selects the listed note holding `text`.
fn choose(app: &mut Harness, text: &str) {
    let at = unplaced_list(app)
        .items
        .iter()
        .position(|n| n.text.contains(text))
        .unwrap_or_else(|| panic!("{text:?} is not listed"));
    key(app, KeyCode::Char('g'));
    for _ in 0..at {
        key(app, KeyCode::Char('j'));
    }
    assert_eq!(unplaced_list(app).selected, at);
}

#[test]
fn place_here_writes_the_readers_time_and_nothing_else() {
    let (dir, library, before) = sample_with_a_note_nowhere();
    let mut app = Harness::new(library, Keymap::default(), 160, 48);
    open_sample(&mut app);
    key(&mut app, KeyCode::Char('t'));
    typed(&mut app, "20m");
    key(&mut app, KeyCode::Enter);
    let time = reader(&app).current_time();

    key(&mut app, KeyCode::Char('u'));
    let screen = screen_text(&mut app);
    assert!(screen.contains("Notes without a place"), "{screen}");
    assert!(screen.contains(NOWHERE), "{screen}");
    let line = before[..before.find(NOWHERE).unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert!(screen.contains(&format!("line {line}")), "{screen}");

    choose(&mut app, NOWHERE);
    key(&mut app, KeyCode::Enter);
    let after = std::fs::read_to_string(notes_path(dir.path())).unwrap();
    let at = before.find(NOWHERE).unwrap();
    let stamp = format!("[{}] ", format_time_long(time));
    assert_eq!(after, format!("{}{stamp}{}", &before[..at], &before[at..]));
    let status = app.status.clone().unwrap();
    assert!(status.text.contains("pinned"), "{status:?}");

    // The list follows the file: the note has its place now, and the Reader shows it there.
    assert!(
        unplaced_list(&app)
            .items
            .iter()
            .all(|n| !n.text.contains(NOWHERE))
    );
    key(&mut app, KeyCode::Esc);
    let here: Vec<String> = reader(&app)
        .notes_here()
        .iter()
        .map(|v| v.note.text.clone())
        .collect();
    assert!(here.iter().any(|t| t.contains(NOWHERE)), "{here:?}");
}

#[test]
fn the_list_edits_a_note_at_its_line_and_places_only_with_a_notes_file() {
    let (dir, library, before) = sample_with_a_note_nowhere();
    let mut app = Harness::new(library, Keymap::default(), 160, 48);
    open_sample(&mut app);
    key(&mut app, KeyCode::Char('u'));
    choose(&mut app, NOWHERE);
    press(&mut app, KeyCode::Char('e'));
    let line = before[..before.find(NOWHERE).unwrap()]
        .matches('\n')
        .count()
        + 1;
    let path = notes_path(dir.path());
    assert!(
        app.pending()
            .iter()
            .any(|c| matches!(c, Command::EditAt { path: p, line: l } if *p == path && *l == line)),
        "{:?}",
        app.pending()
    );
    app.settle();
    // A bare transcript has no notes file: nothing to list.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screens.last(), Some(Screen::Library(_))));
}

fn draft_path(root: &std::path::Path) -> PathBuf {
    root.join(".podgloss/drafts/note-how-language-models-think.json")
}

fn note_form(app: &Harness) -> &crate::tui::forms::NoteForm {
    match &app.overlay {
        Some(Overlay::Note(form)) => form,
        _ => panic!("the note form is not open"),
    }
}

#[test]
fn a_note_form_keeps_a_draft_and_asks_before_throwing_typed_text_away() {
    let (dir, library) = sample_library();
    let before = std::fs::read_to_string(notes_path(dir.path())).unwrap();
    let mut app = Harness::new(library, Keymap::default(), 160, 48);
    open_sample(&mut app);
    key(&mut app, KeyCode::Char('a'));
    typed(&mut app, "half a thought");
    let draft = std::fs::read_to_string(draft_path(dir.path())).unwrap();
    assert!(draft.contains("half a thought"), "{draft}");

    // Esc asks; n (or Esc again) keeps editing.
    key(&mut app, KeyCode::Esc);
    assert!(note_form(&app).typed.confirming);
    assert!(screen_text(&mut app).contains("discard typed text?"));
    key(&mut app, KeyCode::Char('n'));
    assert!(!note_form(&app).typed.confirming);
    typed(&mut app, "!");
    assert!(note_form(&app).value().ends_with("half a thought!"));
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_some(), "Esc twice keeps editing");

    // y discards: the form closes, the draft goes, notes.md is as it was.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('y'));
    assert!(app.overlay.is_none());
    assert!(!draft_path(dir.path()).exists());
    assert_eq!(
        std::fs::read_to_string(notes_path(dir.path())).unwrap(),
        before
    );

    // A form with nothing typed closes on the first Esc.
    key(&mut app, KeyCode::Char('a'));
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
}

#[test]
fn ctrl_c_keeps_the_form_text_and_the_next_form_offers_it_back() {
    let (dir, library) = sample_library();
    let mut app = Harness::new(library.clone(), Keymap::default(), 160, 48);
    open_sample(&mut app);
    key(&mut app, KeyCode::Char('a'));
    typed(&mut app, "keep me");
    ctrl(&mut app, 'c');
    assert!(app.quit, "Ctrl-C quits from a form");
    let draft = std::fs::read_to_string(draft_path(dir.path())).unwrap();
    assert!(draft.contains("keep me"), "{draft}");

    // The next session: the same form gets the text back, and saving it deletes the draft.
    let mut app = Harness::new(library, Keymap::default(), 160, 48);
    open_sample(&mut app);
    key(&mut app, KeyCode::Char('a'));
    assert!(note_form(&app).value().ends_with("keep me"));
    assert!(app.status.as_ref().unwrap().text.contains("is back"));
    ctrl(&mut app, 's');
    let notes = std::fs::read_to_string(notes_path(dir.path())).unwrap();
    assert!(notes.trim_end().ends_with("keep me"), "{notes}");
    assert!(!draft_path(dir.path()).exists());
}

#[test]
fn a_define_form_keeps_its_draft_per_term() {
    let (dir, library) = sample_library();
    let mut app = Harness::new(library.clone(), Keymap::default(), 160, 48);
    ctrl(&mut app, 'd');
    typed(&mut app, "zeitgeber");
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "A cue that sets a clock.");
    ctrl(&mut app, 'c');
    let drafts: Vec<String> = std::fs::read_dir(dir.path().join(".podgloss/drafts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(drafts, ["define-.json"], "a new term's form");
    let mut app = Harness::new(library, Keymap::default(), 160, 48);
    ctrl(&mut app, 'd');
    match &app.overlay {
        Some(Overlay::Define(form)) => {
            assert_eq!(form.term.value(), "zeitgeber");
            assert_eq!(form.definition_text(), "A cue that sets a clock.");
        }
        _ => panic!("the define form is not open"),
    }
    ctrl(&mut app, 's');
    assert!(dir.path().join("glossary/zeitgeber.md").exists());
    assert!(!dir.path().join(".podgloss/drafts/define-.json").exists());
}

#[test]
fn a_long_paste_is_one_query_and_loses_its_control_characters() {
    let (_dir, library) = sample_library();
    let mut app = Harness::new(library, Keymap::default(), 160, 48);
    ctrl(&mut app, 'f');
    let pasted = format!(
        "{}\u{1b}[2J\u{7}\u{9b}\u{202e}\u{1b}]52;c;aGk=\u{7}stream\r\nattention",
        "residual ".repeat(400)
    );
    app.app.event(&Event::Paste(pasted));
    let queries = app
        .pending()
        .iter()
        .filter(|c| matches!(c, Command::RunQuery(_)))
        .count();
    assert_eq!(queries, 1, "one paste, one query");
    app.settle();
    let Some(Screen::Search(search)) = app.screens.last() else {
        panic!("not in search");
    };
    let value = search.input.value();
    assert!(value.len() > 3_000, "{} characters", value.len());
    assert!(value.ends_with("residual stream attention"), "{value:?}");
    assert!(!value.chars().any(|c| c.is_control() || c == '\u{202e}'));

    // Into a note form: its lines, cleaned.
    key(&mut app, KeyCode::Esc);
    open_sample(&mut app);
    key(&mut app, KeyCode::Char('a'));
    app.app.event(&Event::Paste(
        "line one\r\n\u{1b}]52;c;aGk=\u{7}line two".into(),
    ));
    assert!(note_form(&app).value().ends_with("line one\nline two"));
}

#[test]
fn a_wanted_term_shows_where_the_episode_says_it() {
    let (_dir, library) = sample_library();
    let mut app = Harness::new(library, Keymap::default(), 160, 48);
    open_sample(&mut app);
    // "Entity tracking?" in the note at 1:35:00: the glossary has no entry for it.
    key(&mut app, KeyCode::Char('t'));
    typed(&mut app, "1:35:00");
    key(&mut app, KeyCode::Enter);
    let term = crate::tui::app::shown_wanted_term(reader(&app));
    assert_eq!(term.as_deref(), Some("entity tracking"));
    let uses = app.uses_shown(reader(&app)).cloned();
    let Some(TermUses::Found { first, total }) = uses else {
        panic!("the worker found no uses: {uses:?}");
    };
    assert!(total >= 1 && !first.is_empty());
    assert!(
        first
            .iter()
            .all(|u| u.sentence.to_lowercase().contains("entity tracking"))
    );
    let screen = screen_text(&mut app);
    assert!(screen.contains("in this episode:"), "{screen}");
    assert!(screen.contains("Asked about in"), "{screen}");
}

#[test]
fn enter_on_a_wanted_glossary_term_lists_where_the_library_says_it() {
    let (_dir, library) = sample_library();
    let mut app = Harness::new(library, Keymap::default(), 160, 48);
    ctrl(&mut app, 'g');
    typed(&mut app, "entity tracking");
    let selected = match app.screens.last() {
        Some(Screen::Glossary(screen)) => screen.selected_item().cloned(),
        _ => panic!("not in the glossary"),
    };
    assert!(
        matches!(
            selected,
            Some(crate::tui::glossary_screen::GlossaryItem::Wanted { .. })
        ),
        "{selected:?}"
    );
    key(&mut app, KeyCode::Enter);
    let said = match app.screens.last() {
        Some(Screen::Mentions(mentions)) => {
            assert_eq!(mentions.term, "entity tracking");
            let said = mentions
                .hits
                .iter()
                .position(|h| h.kind == "transcript")
                .expect("the transcript says it");
            assert!(
                mentions.hits[said]
                    .snippet
                    .to_lowercase()
                    .contains("entity tracking")
            );
            said
        }
        _ => panic!("Enter did not list the mentions: {:?}", app.status),
    };
    for _ in 0..said {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    let reader = reader(&app);
    let text = &reader.episode.paragraphs[reader.current_paragraph()].text;
    assert!(text.to_lowercase().contains("entity tracking"), "{text}");
}

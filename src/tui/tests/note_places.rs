//! Notes are drawn at their moment: the paragraph holding a note's time shows it, the gutter
//! marks it there, and `]` from the top stops once at every note.

use std::path::Path;

use ratatui::crossterm::event::KeyCode;

use super::{Harness, app, key, open_sample, reader};
use crate::commands::Context;
use crate::model::Paragraph;
use crate::notes::view::Placement;

/// The paragraph a listener means by a note at `time`, worked out here from first principles: a
/// time written to the second means that whole second, so it is the last paragraph that starts
/// before the second is over (a cue at 16:17.937 is "at 16:17").
fn paragraph_holding(paragraphs: &[Paragraph], time: u64) -> usize {
    let second_end = if time % 1000 == 0 {
        time + 1000
    } else {
        time + 1
    };
    paragraphs
        .iter()
        .rposition(|p| p.start < second_end)
        .unwrap_or(0)
}

/// Every note with a written time is listed in the notes pane at, and only at, the paragraph
/// holding that time (range notes also show on the paragraphs they span).
fn assert_timed_notes_drawn_at_their_time(app: &mut Harness) -> usize {
    let views = reader(app).views.clone();
    let paragraphs = reader(app).episode.paragraphs.clone();
    let mut timed = 0;
    for view in &views {
        let Placement::Exact { start, end } = view.placement else {
            continue;
        };
        timed += 1;
        let want = paragraph_holding(&paragraphs, start);
        if let Some(super::Screen::Reader(r)) = app.app.screens.last_mut() {
            r.jump_to(want, 0);
        }
        let here: Vec<String> = reader(app)
            .notes_here()
            .iter()
            .map(|v| v.note.text.clone())
            .collect();
        assert!(
            here.contains(&view.note.text),
            "note at {start} ms ({:?}) is not shown on paragraph {want} (starts {} ms); shown: {here:?}",
            view.note.text,
            paragraphs[want].start
        );
        assert!(reader(app).has_note_at(want), "no gutter mark at {want}");
        if end.is_none() && want > 0 {
            if let Some(super::Screen::Reader(r)) = app.app.screens.last_mut() {
                r.jump_to(want - 1, 0);
            }
            let before = reader(app).notes_here();
            assert!(
                !before.iter().any(|v| v.note.text == view.note.text),
                "note at {start} ms also shown on the paragraph before"
            );
        }
    }
    timed
}

/// `]` from the top stops at every placed note's paragraph once, in order, and every stop shows
/// a note.
fn assert_next_note_visits_each_once(app: &mut Harness) {
    let paragraphs = reader(app).episode.paragraphs.clone();
    let placed: Vec<(String, usize)> = reader(app)
        .views
        .iter()
        .filter_map(|v| Some((v.note.text.clone(), v.placement.paragraph(&paragraphs)?)))
        .collect();
    assert!(!placed.is_empty());
    if let Some(super::Screen::Reader(r)) = app.app.screens.last_mut() {
        r.jump_to(0, 0);
    }
    let mut stops = vec![0];
    loop {
        let before = reader(app).current_paragraph();
        key(app, KeyCode::Char(']'));
        let now = reader(app).current_paragraph();
        if now == before {
            break;
        }
        assert!(now > before, "] went back from {before} to {now}");
        assert!(
            !reader(app).notes_here().is_empty(),
            "] landed on paragraph {now}, which shows no note"
        );
        stops.push(now);
    }
    for (text, paragraph) in &placed {
        let visits = stops.iter().filter(|s| *s == paragraph).count();
        assert_eq!(
            visits, 1,
            "note {text:?} at paragraph {paragraph}: visited {visits} times"
        );
    }
    for stop in &stops[1..] {
        assert!(
            placed.iter().any(|(_, p)| p == stop),
            "] stopped at {stop}, where no note is placed"
        );
    }
}

#[test]
fn sample_notes_are_drawn_at_their_time_and_visited_once() {
    let (_dir, mut app) = app(160, 48);
    open_sample(&mut app);
    let timed = assert_timed_notes_drawn_at_their_time(&mut app);
    assert!(timed >= 19, "the sample has 19 timed notes, found {timed}");
    assert_next_note_visits_each_once(&mut app);
}

#[test]
fn seed_notes_are_drawn_at_their_place_and_visited_once() {
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/notes-sholto-trenton.txt");
    if !seed.is_file() {
        eprintln!("skipping: {} is absent", seed.display());
        return;
    }
    let (dir, library) = super::sample_library();
    let ctx = Context::new(library.clone(), crate::cli::ColorChoice::Never);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    crate::commands::notes::import(
        &ctx,
        &seed,
        Some("how-language-models-think"),
        &mut out,
        &mut err,
    )
    .unwrap();
    let mut app = Harness::new(library, super::Keymap::default(), 160, 48);
    open_sample(&mut app);
    let timed = assert_timed_notes_drawn_at_their_time(&mut app);
    assert!(timed >= 20, "sample and seed timed notes, found {timed}");
    assert_next_note_visits_each_once(&mut app);
    drop(dir);
}

#[test]
fn the_definition_pane_follows_the_note_and_tab_still_cycles() {
    let (_dir, mut app) = app(160, 48);
    open_sample(&mut app);
    if let Some(super::Screen::Reader(r)) = app.app.screens.last_mut() {
        r.jump_to_time(70 * 60_000);
    }
    // "QK this, OV that, K-composition…?": the first term asked links to the QK circuit entry,
    // and it shows with nothing selected.
    assert!(reader(&app).selected.is_none());
    let entry = reader(&app)
        .definition_entry()
        .expect("a term from the note");
    assert_eq!(reader(&app).glossary.get(entry).unwrap().term, "QK circuit");
    let screen = format!("{:?}", super::render(&mut app).backend().buffer());
    assert!(screen.contains("Definition: QK circuit"));
    // Tab still selects the terms on screen, and the pane follows the selection.
    key(&mut app, KeyCode::Tab);
    let first = reader(&app)
        .selected_entry_term()
        .expect("Tab selects a term");
    key(&mut app, KeyCode::Tab);
    let second = reader(&app).selected_entry_term().expect("Tab moves on");
    assert_ne!(first, second);
    let shown = reader(&app).definition_entry().unwrap();
    assert_eq!(reader(&app).glossary.get(shown).unwrap().term, second);
    // Esc clears the selection: the note's term is back.
    key(&mut app, KeyCode::Esc);
    assert_eq!(reader(&app).definition_entry(), Some(entry));
}

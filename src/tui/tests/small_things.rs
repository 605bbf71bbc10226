//! Small things a user trips on: find says where it is in its hits, chapter keys on an episode
//! without chapters say so, Back after following a mention returns to where you were, and the
//! Glossary filters as you type.

use ratatui::crossterm::event::KeyCode;

use super::{app, ctrl, key, open_sample, reader, typed};
use crate::tui::reader::render::match_status;

#[test]
fn find_shows_which_match_of_how_many() {
    let (_dir, mut app) = app(160, 48);
    open_sample(&mut app);
    assert_eq!(match_status(reader(&app)), None);
    key(&mut app, KeyCode::Char('/'));
    typed(&mut app, "\"residual stream\"");
    key(&mut app, KeyCode::Enter);
    let n = reader(&app).search.as_ref().unwrap().hits.len();
    assert!(n >= 2, "the sample says residual stream more than once");
    let k = |app: &super::Harness| match_status(reader(app)).unwrap();
    assert_eq!(k(&app), format!("· match 1 of {n} "));
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(k(&app), format!("· match 2 of {n} "));
    key(&mut app, KeyCode::Char('N'));
    key(&mut app, KeyCode::Char('N'));
    assert_eq!(
        k(&app),
        format!("· match {n} of {n} "),
        "N wraps to the last"
    );
    // Moving off a hit keeps the count but no position.
    let off = (0..reader(&app).episode.paragraphs.len())
        .find(|p| {
            reader(&app)
                .search
                .as_ref()
                .unwrap()
                .ranges_in(*p)
                .is_empty()
        })
        .unwrap();
    if let Some(super::Screen::Reader(r)) = app.app.screens.last_mut() {
        r.jump_to(off, 0);
    }
    assert_eq!(k(&app), format!("· {n} matches "));
    // Esc ends the find, and the status line drops it.
    key(&mut app, KeyCode::Esc);
    assert_eq!(match_status(reader(&app)), None);
}

#[test]
fn chapter_keys_without_chapters_say_there_are_none() {
    let (_dir, mut app) = app(160, 48);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        reader(&app).episode.entry.slug,
        "quantization-in-five-minutes"
    );
    assert!(reader(&app).episode.chapters.is_empty());
    for c in ['}', '{'] {
        app.app.status = None;
        key(&mut app, KeyCode::Char(c));
        let status = app.status.as_ref().map(|s| s.text.clone());
        assert_eq!(
            status.as_deref(),
            Some("this episode has no chapters"),
            "{c}"
        );
    }
}

#[test]
fn the_first_back_after_following_a_mention_returns_to_where_you_were() {
    let (_dir, mut app) = app(160, 48);
    open_sample(&mut app);
    for _ in 0..6 {
        key(&mut app, KeyCode::PageDown);
    }
    key(&mut app, KeyCode::Tab);
    let term = reader(&app)
        .selected_entry_term()
        .expect("a term on screen");
    let before = reader(&app).position;
    let here = reader(&app).current_time();
    key(&mut app, KeyCode::Enter);
    let Some(super::Screen::Mentions(mentions)) = app.app.screens.last_mut() else {
        panic!("Enter on {term} did not list its mentions");
    };
    // A mention in this episode, away from here.
    let far = mentions.hits.iter().position(|h| {
        h.episode == "how-language-models-think"
            && h.time_ms.is_some_and(|t| t.abs_diff(here) > 60_000)
    });
    mentions.selected = far.expect("a mention of the term elsewhere in the episode");
    key(&mut app, KeyCode::Enter);
    assert!(reader(&app).current_time().abs_diff(here) > 60_000);
    key(&mut app, KeyCode::Char('q'));
    assert_eq!(
        reader(&app).position,
        before,
        "q returns to where the reading was"
    );
    let status = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.starts_with("back where you were"), "{status}");
    key(&mut app, KeyCode::Char('q'));
    assert!(matches!(
        app.screens.last(),
        Some(super::Screen::Library(_))
    ));
}

#[test]
fn the_glossary_filters_as_you_type() {
    let (_dir, mut app) = app(160, 48);
    ctrl(&mut app, 'g');
    let listed = |app: &super::Harness| match app.screens.last() {
        Some(super::Screen::Glossary(screen)) => screen.items.len(),
        _ => panic!("not in the glossary"),
    };
    let all = listed(&app);
    // Letters that are commands elsewhere (q, d, e, g) are text here.
    typed(&mut app, "head");
    let heads = listed(&app);
    assert!(heads >= 1 && heads < all, "{heads} of {all}");
    typed(&mut app, " q");
    assert_eq!(listed(&app), 0, "no term holds both head and q");
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(listed(&app), heads);
    // Aliases count: "caching" is only in the KV cache's aliases.
    for _ in 0.."head".len() {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "caching");
    assert_eq!(listed(&app), 1);
    // Esc first clears the filter, then leaves.
    key(&mut app, KeyCode::Esc);
    assert_eq!(listed(&app), all);
    key(&mut app, KeyCode::Esc);
    assert!(matches!(
        app.screens.last(),
        Some(super::Screen::Library(_))
    ));
}

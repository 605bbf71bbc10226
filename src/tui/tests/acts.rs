//! Every screen's `act` on its own: actions in, state and the returned command out, with no
//! app, no terminal and no work run.

use std::sync::Arc;

use crate::glossary::{Glossary, load_glossary};
use crate::library::{Episode, Library};
use crate::notes::library::EpisodeNotes;
use crate::notes::{WantedPlace, WantedTerm};
use crate::search::Hit;
use crate::tui::action::Action;
use crate::tui::command::Command;
use crate::tui::forms::PromptKind;
use crate::tui::glossary_screen::{GlossaryItem, GlossaryScreen, MentionsScreen};
use crate::tui::keymap::Keymap;
use crate::tui::library_screen::{LibraryScreen, library_rows};
use crate::tui::reader::{NarrowPane, Reader};
use crate::tui::screen::Ctx;
use crate::tui::search_screen::SearchScreen;

fn repo() -> Library {
    Library::new(env!("CARGO_MANIFEST_DIR"))
}

fn ctx(glossary: &Glossary) -> Ctx<'_> {
    static KEYMAP: std::sync::LazyLock<Keymap> = std::sync::LazyLock::new(Keymap::default);
    Ctx {
        glossary,
        page: 10,
        keymap: &KEYMAP,
    }
}

fn hit(kind: &str, title: &str) -> Hit {
    Hit {
        kind: crate::search::hits::HitKind::from_stored(kind),
        episode: "ep".into(),
        title: title.into(),
        show: None,
        speaker: None,
        chapter: None,
        time_ms: Some(61_000),
        paragraph_start_ms: None,
        ordinal: 0,
        score: 1.0,
        snippet: String::new(),
        highlights: Vec::new(),
    }
}

#[test]
fn library_moves_opens_and_asks_for_other_screens() {
    let library = repo();
    let (glossary, _) = load_glossary(&library.glossary_dir());
    let (rows, problems) = library_rows(&library, &glossary);
    let mut screen = LibraryScreen::listed(rows, problems);
    let c = ctx(&glossary);
    assert!(screen.act(Action::Bottom, &c).is_none());
    assert_eq!(screen.selected, screen.rows.len() - 1);
    screen.act(Action::Top, &c);
    assert!(matches!(
        screen.act(Action::Open, &c),
        Some(Command::LoadEpisode { slug, at: None }) if slug == "how-language-models-think"
    ));
    assert!(matches!(
        screen.act(Action::Search, &c),
        Some(Command::OpenSearch)
    ));
    assert!(matches!(
        screen.act(Action::Define, &c),
        Some(Command::DefineForm(None))
    ));
    assert!(matches!(
        screen.act(Action::Import, &c),
        Some(Command::Prompt(PromptKind::Import))
    ));
    assert!(matches!(screen.act(Action::Back, &c), Some(Command::Back)));
    screen.filter = "no such episode".into();
    assert!(screen.act(Action::Open, &c).is_none());
}

#[test]
fn search_queries_through_the_worker_and_drops_stale_answers() {
    let glossary = Glossary::default();
    let mut screen = SearchScreen {
        input: "softmax".into(),
        ..Default::default()
    };
    assert!(screen.query(false).is_none());
    assert!(screen.note.as_deref().unwrap().contains("being built"));
    assert!(matches!(screen.query(true), Some(Command::RunQuery(q)) if q == "softmax"));
    screen.show("softm", Ok(vec![hit("transcript", "stale")]));
    assert!(
        screen.hits.is_empty(),
        "an answer to an older query is dropped"
    );
    screen.show(
        "softmax",
        Ok(vec![hit("transcript", "A"), hit("glossary", "softmax")]),
    );
    assert_eq!(screen.hits.len(), 2);
    let c = ctx(&glossary);
    screen.act(Action::LineDown, &c);
    assert!(matches!(
        screen.act(Action::Open, &c),
        Some(Command::OpenHit { glossary: true, title, .. }) if title == "softmax"
    ));
    screen.show("softmax", Ok(Vec::new()));
    assert_eq!(screen.note.as_deref(), Some("no matches"));
}

#[test]
fn glossary_lists_wanted_then_entries_and_acts_on_each() {
    let library = repo();
    let (glossary, _) = load_glossary(&library.glossary_dir());
    let wanted = vec![WantedTerm {
        term: "systems person".into(),
        asked: vec![WantedPlace {
            episode: "ep".into(),
            note: 3,
            time: None,
            question: "What's a systems person?".into(),
        }],
    }];
    let mut screen = GlossaryScreen::new(&glossary, wanted.clone());
    let c = ctx(&glossary);
    assert!(matches!(
        screen.act(Action::Define, &c),
        Some(Command::DefineForm(Some(t))) if t == "systems person"
    ));
    assert!(
        matches!(screen.act(Action::Open, &c), Some(Command::Mentions(t)) if t == "systems person"),
        "Enter on a wanted term does what the footer says: lists where it is said"
    );
    screen.act(Action::LineDown, &c);
    let Some(GlossaryItem::Entry(first)) = screen.selected_item().cloned() else {
        panic!("entries follow the wanted terms");
    };
    let term = glossary.get(first).unwrap().term.clone();
    assert!(matches!(screen.act(Action::Open, &c), Some(Command::Mentions(t)) if t == term));
    assert!(
        matches!(screen.act(Action::Edit, &c), Some(Command::Edit(p)) if p.extension().is_some_and(|e| e == "md"))
    );
    assert_eq!(screen.wanted(), wanted);
    // Relisting keeps the selected term selected.
    screen.relist(&glossary, Vec::new(), &glossary);
    assert!(matches!(screen.selected_item(), Some(GlossaryItem::Entry(i)) if *i == first));
}

#[test]
fn mentions_open_the_reader_at_the_mention() {
    let glossary = Glossary::default();
    let mut screen = MentionsScreen {
        term: "softmax".into(),
        hits: vec![crate::search::mentions::MentionHit {
            kind: "transcript".into(),
            episode: "ep".into(),
            title: "Ep".into(),
            speaker: None,
            time_ms: Some(5_000),
            snippet: String::new(),
            highlight: 0..0,
        }],
        selected: 0,
    };
    assert!(matches!(
        screen.act(Action::Open, &ctx(&glossary)),
        Some(Command::OpenHit { glossary: false, episode, time: Some(5_000), .. }) if episode == "ep"
    ));
    assert!(matches!(
        screen.act(Action::Back, &ctx(&glossary)),
        Some(Command::Back)
    ));
}

fn sample_reader() -> Reader {
    let library = repo();
    let (glossary, _) = load_glossary(&library.glossary_dir());
    let entry = library.find("how-language-models-think").unwrap();
    let notes = EpisodeNotes::read(&entry).unwrap();
    let mut reader = Reader::new(Episode::load(&entry).unwrap(), notes, Arc::new(glossary));
    reader.resize(100, 40);
    reader
}

#[test]
fn the_reader_moves_itself_and_asks_for_forms_and_work() {
    let mut reader = sample_reader();
    let glossary = reader.glossary.clone();
    let c = ctx(&glossary);
    assert!(reader.act(Action::PageDown, &c).is_none());
    assert!(reader.current_paragraph() > 0);
    assert!(matches!(
        reader.act(Action::Jump, &c),
        Some(Command::Prompt(PromptKind::Jump))
    ));
    assert!(matches!(
        reader.act(Action::Search, &c),
        Some(Command::Prompt(PromptKind::Find))
    ));
    assert!(
        matches!(reader.act(Action::AddNote, &c), Some(Command::NoteForm(p)) if p.starts_with('['))
    );
    assert!(
        matches!(reader.act(Action::Edit, &c), Some(Command::Edit(p)) if p.ends_with("notes.md"))
    );
    assert!(matches!(
        reader.act(Action::ShowNotes, &c),
        Some(Command::Relayout)
    ));
    assert_eq!(reader.pane, NarrowPane::Notes);
    match reader.act(Action::NextTerm, &c) {
        Some(Command::CountMentions(term)) => {
            assert_eq!(Some(term), reader.selected_entry_term());
            // With a term selected, Enter lists its mentions and Esc clears it first.
            assert!(matches!(
                reader.act(Action::Open, &c),
                Some(Command::Mentions(_))
            ));
            assert!(reader.act(Action::Back, &c).is_none());
            assert!(reader.selected.is_none());
        }
        other => panic!("no term on the page: {other:?}"),
    }
    assert!(matches!(reader.act(Action::Back, &c), Some(Command::Back)));
    let saved = reader.save_note("hello");
    assert!(matches!(saved, Some(Command::SaveNote { text, .. }) if text == "hello"));
    assert!(reader.save_note("  ").is_none());
}

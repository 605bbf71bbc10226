//! The real reader's notes in `../shared/seed` against the bundled sample episode (SPEC §4): the
//! range confession anchors exactly, questions yield the terms asked about, glossary terms are
//! linked and the rest wanted, and notes without times are auto-anchored on their topic.
//! Skips, saying why, when `../shared` is absent.

mod common;

use std::path::Path;

use podgloss::glossary::load_glossary;
use podgloss::library::{Episode, Library};
use podgloss::model::Millis;
use podgloss::notes::parse_notes;
use podgloss::notes::view::{NoteView, Placement, view_notes};

const MIN: Millis = 60_000;

fn seed_views() -> Option<Vec<NoteView>> {
    let shared = common::shared_dir()?;
    let seed = std::fs::read_to_string(shared.join("seed/notes-sholto-trenton.txt")).ok()?;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let library = Library::new(repo);
    let episode = Episode::load(&library.find("how-language-models-think").unwrap()).unwrap();
    let (glossary, problems) = load_glossary(&repo.join("glossary"));
    assert!(problems.is_empty(), "{problems:?}");
    Some(view_notes(
        &parse_notes(&seed),
        &episode.paragraphs,
        &glossary,
    ))
}

fn note<'a>(views: &'a [NoteView], starts_with: &str) -> &'a NoteView {
    views
        .iter()
        .find(|v| v.note.text.starts_with(starts_with))
        .unwrap_or_else(|| panic!("no note starting {starts_with:?}"))
}

#[test]
fn the_confession_anchors_to_exactly_its_range() {
    let Some(views) = seed_views() else {
        eprintln!("skipping: ../shared/seed is absent");
        return;
    };
    let confession = note(&views, "Did not understand a single thing");
    assert_eq!(
        confession.placement,
        Placement::Exact {
            start: 70 * MIN,
            end: Some(82 * MIN)
        }
    );
    let exact = views
        .iter()
        .filter(|v| matches!(v.placement, Placement::Exact { .. }))
        .count();
    assert_eq!(exact, 1, "the seed has no other times");
}

#[test]
fn questions_name_their_terms_linked_or_wanted() {
    let Some(views) = seed_views() else {
        eprintln!("skipping: ../shared/seed is absent");
        return;
    };
    let asked: Vec<(&str, Option<&str>)> = views
        .iter()
        .flat_map(|v| &v.asks)
        .map(|t| (t.text.as_str(), t.entry.as_deref()))
        .collect();
    for (term, entry) in [
        ("softmax", Some("softmax")),
        ("distillation", Some("distillation")),
        ("kv values", Some("KV cache")),
        ("steganography", Some("steganography")),
        ("induction heads", Some("induction head")),
        ("residual stream", Some("residual stream")),
        ("mlp", Some("MLP")),
        ("forward passes", Some("forward pass")),
        ("hill climbing", Some("hill climbing")),
        (
            "quadratic attention costs",
            Some("quadratic attention cost"),
        ),
        ("chain of thought", Some("chain of thought")),
        ("systems", None),
    ] {
        assert!(
            asked.contains(&(term, entry)),
            "{term:?} -> {entry:?} not among {asked:?}"
        );
    }
    let wanted: Vec<&str> = views.iter().flat_map(|v| v.wanted()).collect();
    assert_eq!(wanted, ["systems"], "every other asked term has an entry");

    // Terms that merely occur are linked too.
    let cerebellum = note(&views, "Residual stream in the cerebellum");
    let linked: Vec<&str> = cerebellum
        .links
        .iter()
        .filter_map(|t| t.entry.as_deref())
        .collect();
    assert!(
        linked.contains(&"residual stream") && linked.contains(&"cerebellum"),
        "{linked:?}"
    );
}

#[test]
fn notes_without_times_are_placed_on_their_topic() {
    let Some(views) = seed_views() else {
        eprintln!("skipping: ../shared/seed is absent");
        return;
    };
    // Where each note's topic is discussed in the sample episode (its chapters).
    let topics: &[(&str, Millis, Millis)] = &[
        ("in order to have better context", 0, 630),
        ("Residual stream in the cerebellum", 1170, 1530),
        ("Softmax?", 1530, 1860),
        ("Is most intelligence pattern matching", 1530, 1860),
        ("Zvi - What about the costs", 1860, 2250),
        ("Zvi - Understanding what goes wrong", 2250, 2640),
        ("Zvi - A lot of good research", 2250, 2640),
        ("Compute and taste", 2250, 2640),
        ("Human brain is 30 to 309", 2640, 2970),
        ("The human brain actually might not", 2640, 2970),
        ("Original scaling laws paper", 2640, 2970),
        ("Related to above: Zvi- Bigger models", 2970, 3450),
        ("Superposition: if your data", 2970, 3810),
        ("What’s distillation?", 3450, 3810),
        ("Adaptive Compute:", 3810, 4200),
        ("What’s steganography?", 4200, 5280),
        ("If adaptive compute is solved", 5280, 5700),
        ("Language evolved", 5700, 6300),
        ("There’s evidence to suggest", 5700, 6300),
        ("Induction heads?", 4200, 6720),
        ("Sholto and Trenton backstories", 6720, 7600),
    ];
    let mut placed = 0;
    for (start, from_s, to_s) in topics {
        let view = note(&views, start);
        if let Placement::Auto { start: at, .. } = view.placement {
            placed += 1;
            assert!(
                (from_s * 1000..to_s * 1000).contains(&at),
                "{start:?} placed at {}s, outside its topic {from_s}s-{to_s}s",
                at / 1000
            );
        }
    }
    let cerebellum = note(&views, "Residual stream in the cerebellum");
    assert!(
        matches!(cerebellum.placement, Placement::Auto { .. }),
        "{:?}",
        cerebellum.placement
    );
    assert!(
        placed * 2 >= topics.len(),
        "only {placed} of {} notes without times were placed",
        topics.len()
    );
    // A note with nothing to go on stays unanchored rather than being guessed.
    let preface = note(&views, "First pass, just taking notes");
    assert_eq!(preface.placement, Placement::None);
}

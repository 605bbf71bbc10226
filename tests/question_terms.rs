//! Question terms are terms: every term a note asks about is a phrase the episode says or a
//! glossary term or alias (or the start of one), never a clause or a pronoun phrase, and each is
//! listed once per note. Checked on the sample notes, the seed notes and our auto-anchoring
//! evaluation notes (the latter two need `../shared`, and are skipped, saying why, without it).

mod common;

use std::path::Path;

use podgloss::formats::parse_bytes;
use podgloss::glossary::{Glossary, load_glossary, phrase_key};
use podgloss::library::{Episode, Library};
use podgloss::model::{Paragraph, group_paragraphs};
use podgloss::notes::parse_notes;
use podgloss::notes::view::view_notes;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> (Vec<Paragraph>, Glossary) {
    let library = Library::new(repo());
    let episode = Episode::load(&library.find("how-language-models-think").unwrap()).unwrap();
    let (glossary, problems) = load_glossary(&repo().join("glossary"));
    assert!(problems.is_empty(), "{problems:?}");
    (episode.paragraphs, glossary)
}

/// Whether the transcript says `phrase` (folded the way the glossary folds).
fn said(paragraphs: &[Paragraph], phrase: &str) -> bool {
    let key = phrase_key(phrase).unwrap();
    paragraphs.iter().any(|p| {
        let words: Vec<String> = p
            .text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .filter_map(phrase_key)
            .collect();
        let wanted: Vec<&str> = key.split(' ').collect();
        words
            .windows(wanted.len())
            .any(|w| w.iter().zip(&wanted).all(|(a, b)| a == b))
    })
}

/// Checks every asked term of `notes` and returns them, as `(term, entry)`.
fn asked(
    notes: &str,
    paragraphs: &[Paragraph],
    glossary: &Glossary,
) -> Vec<(String, Option<String>)> {
    let views = view_notes(&parse_notes(notes), paragraphs, glossary);
    let mut all = Vec::new();
    for view in &views {
        let mut keys = Vec::new();
        for term in &view.asks {
            let key = term
                .entry
                .clone()
                .unwrap_or_else(|| phrase_key(&term.text).unwrap());
            assert!(
                !keys.contains(&key),
                "{:?} asked twice in one note",
                term.text
            );
            keys.push(key);
            let words: Vec<&str> = term.text.split_whitespace().collect();
            for pronoun in [
                "i", "you", "it", "we", "they", "he", "she", "me", "us", "them",
            ] {
                assert!(!words.contains(&pronoun), "{:?} is a clause", term.text);
            }
            assert!(
                term.entry.is_some() || said(paragraphs, &term.text),
                "{:?} is neither said in the episode nor in the glossary",
                term.text
            );
            all.push((term.text.clone(), term.entry.clone()));
        }
    }
    all
}

#[test]
fn sample_notes_ask_about_terms_the_episode_or_glossary_has() {
    let (paragraphs, glossary) = sample();
    let notes =
        std::fs::read_to_string(repo().join("transcripts/how-language-models-think/notes.md"))
            .unwrap();
    let asked = asked(&notes, &paragraphs, &glossary);
    let texts: Vec<&str> = asked.iter().map(|(t, _)| t.as_str()).collect();
    assert!(texts.contains(&"paged attention"), "{texts:?}");
    assert!(!texts.contains(&"attention") || texts.contains(&"paged attention"));
    for (text, entry) in &asked {
        if text == "qk" || text == "ov" {
            assert!(entry.is_some(), "{text} should link its circuit: {asked:?}");
        }
    }
}

#[test]
fn a_question_about_an_action_asks_about_no_term() {
    let (paragraphs, glossary) = sample();
    let asked = asked(
        "- Why doesn't the compiler make you check it?\n- Paged attention? Paged attention?\n",
        &paragraphs,
        &glossary,
    );
    assert_eq!(asked, [("paged attention".to_string(), None)]);
}

#[test]
fn seed_notes_ask_about_terms_the_episode_or_glossary_has() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("skipping: ../shared/seed is absent");
        return;
    };
    let (paragraphs, glossary) = sample();
    let seed = std::fs::read_to_string(shared.join("seed/notes-sholto-trenton.txt")).unwrap();
    assert!(!asked(&seed, &paragraphs, &glossary).is_empty());
}

#[test]
fn evaluation_notes_ask_about_terms_their_episode_has() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("skipping: ../shared/corpus is absent");
        return;
    };
    let dir = repo().join("tests/fixtures/auto_anchor_eval");
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let source = text
            .lines()
            .find_map(|l| l.strip_prefix("# source:"))
            .unwrap()
            .trim();
        let Ok(bytes) = std::fs::read(shared.join("corpus").join(source)) else {
            eprintln!("skipping {source}: absent");
            continue;
        };
        let paragraphs = group_paragraphs(&parse_bytes(&bytes).unwrap());
        let notes: String = text
            .lines()
            .filter_map(|l| l.split_once(" | "))
            .map(|(_, note)| format!("- {note}\n"))
            .collect();
        asked(&notes, &paragraphs, &Glossary::new(Vec::new()));
    }
}

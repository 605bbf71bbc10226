//! Notes show at their moment: every timed note of the sample notes (and of the seed notes in
//! `../shared`, when present) maps to the paragraph that holds its time, read to the second, and
//! no paragraph runs across a chapter start.

mod common;

use std::path::Path;

use podgloss::library::{Episode, Library};
use podgloss::model::{Millis, Paragraph, format_time, paragraph_at_anchor};
use podgloss::notes::parse_notes;

fn sample_episode() -> Episode {
    let library = Library::new(Path::new(env!("CARGO_MANIFEST_DIR")));
    Episode::load(&library.find("how-language-models-think").unwrap()).unwrap()
}

/// Whether paragraph `index` holds a moment of the second `time` names, and no earlier one does.
fn holds(paragraphs: &[Paragraph], index: usize, time: Millis) -> bool {
    let start = paragraphs[index].start;
    let next = paragraphs.get(index + 1).map_or(Millis::MAX, |p| p.start);
    let previous_holds = index
        .checked_sub(1)
        .is_some_and(|i| paragraphs[i].start >= time && paragraphs[i].start < time + 1000);
    start < time + 1000 && next > time && !previous_holds
}

fn check_notes(episode: &Episode, notes_text: &str) -> usize {
    let notes = parse_notes(notes_text);
    let mut checked = 0;
    for note in &notes.notes {
        let Some(anchor) = &note.anchor else {
            continue;
        };
        let time = anchor.time.start();
        let index = paragraph_at_anchor(&episode.paragraphs, time).unwrap();
        assert!(
            holds(&episode.paragraphs, index, time),
            "note at {} (line {}) mapped to paragraph {index} starting {}",
            format_time(time),
            note.line,
            format_time(episode.paragraphs[index].start)
        );
        checked += 1;
    }
    checked
}

#[test]
fn every_timed_sample_note_maps_to_the_paragraph_holding_its_time() {
    let episode = sample_episode();
    let notes = std::fs::read_to_string(episode.entry.notes_path().unwrap()).unwrap();
    let checked = check_notes(&episode, &notes);
    assert!(checked >= 19, "only {checked} timed notes");
    // The same through the notes' placements, which is what the reader draws.
    let (glossary, _) =
        podgloss::glossary::load_glossary(&Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary"));
    let views =
        podgloss::notes::view::view_notes(&parse_notes(&notes), &episode.paragraphs, &glossary);
    for view in &views {
        if let Some(anchor) = &view.note.anchor {
            let index = view.placement.paragraph(&episode.paragraphs).unwrap();
            assert!(holds(&episode.paragraphs, index, anchor.time.start()));
        }
    }
    // The case that went wrong: a note at 16:17 and a paragraph starting at 16:17.937.
    let forward = parse_notes("- Forward passes? 16:17 one trip");
    let time = forward.notes[0].anchor.as_ref().unwrap().time.start();
    let index = paragraph_at_anchor(&episode.paragraphs, time).unwrap();
    assert!(
        episode.paragraphs[index].start >= time,
        "drawn one paragraph early"
    );
}

#[test]
fn every_timed_seed_note_maps_to_the_paragraph_holding_its_time() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("skipping: ../shared/seed is absent");
        return;
    };
    let seed = std::fs::read_to_string(shared.join("seed/notes-sholto-trenton.txt")).unwrap();
    assert_eq!(check_notes(&sample_episode(), &seed), 1);
}

#[test]
fn no_paragraph_runs_across_a_chapter_start() {
    let episode = sample_episode();
    assert!(!episode.chapters.is_empty());
    for chapter in &episode.chapters {
        for paragraph in &episode.paragraphs {
            let segments = &episode.transcript.segments[paragraph.segments.clone()];
            let crosses = segments.first().unwrap().start < chapter.start
                && segments.last().unwrap().start >= chapter.start;
            assert!(
                !crosses,
                "paragraph at {} runs across chapter {:?} at {}",
                format_time(paragraph.start),
                chapter.title,
                format_time(chapter.start)
            );
        }
    }
}

//! Auto-anchoring measured on real episodes: notes we wrote ourselves in a listener's words, in
//! listening order and without times (`tests/fixtures/auto_anchor_eval/*.notes`), each with the
//! true window of the conversation it is about. The transcripts are third-party text and stay in
//! `../shared/corpus`; the test skips, saying why, when they are absent.
//!
//! `cargo test --test auto_anchor_eval -- --nocapture` prints the share of notes placed within
//! [`TOLERANCE_MS`] of their window, per episode and overall.

mod common;

use std::path::Path;

use podgloss::formats::parse_bytes;
use podgloss::glossary::Glossary;
use podgloss::model::{Millis, format_time, group_paragraphs, parse_time};
use podgloss::notes::parse_notes;
use podgloss::notes::view::{Placement, view_notes};

/// A note counts as well placed when it lands this close to its true window.
const TOLERANCE_MS: Millis = 90_000;
/// The share of notes that must be well placed, over all episodes.
const TARGET: f64 = 0.85;

struct EvalNote {
    from: Millis,
    to: Millis,
    text: String,
}

/// The fixture's transcript path (relative to the corpus) and its notes.
fn read_fixture(path: &Path) -> (String, Vec<EvalNote>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut source = String::new();
    let mut notes = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("# source:") {
            source = rest.trim().to_string();
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (window, note) = line
            .split_once(" | ")
            .unwrap_or_else(|| panic!("{}:{}: no ` | `", path.display(), number + 1));
        let (from, to) = window.split_once('-').unwrap();
        let time = |t: &str| {
            parse_time(t.trim())
                .unwrap_or_else(|| panic!("{}:{}: bad time {t:?}", path.display(), number + 1))
        };
        notes.push(EvalNote {
            from: time(from),
            to: time(to),
            text: note.trim().to_string(),
        });
    }
    (source, notes)
}

/// (well placed, total) for one fixture, printing each miss.
fn evaluate(fixture: &Path, corpus: &Path) -> Option<(usize, usize)> {
    let (source, notes) = read_fixture(fixture);
    let bytes = std::fs::read(corpus.join(&source)).ok()?;
    let transcript = parse_bytes(&bytes).unwrap();
    let paragraphs = group_paragraphs(&transcript);
    let markdown: String = notes.iter().map(|n| format!("- {}\n", n.text)).collect();
    let parsed = parse_notes(&markdown);
    assert_eq!(
        parsed.notes.len(),
        notes.len(),
        "{source}: one note per line"
    );
    let views = view_notes(&parsed, &paragraphs, &Glossary::new(Vec::new()));
    let mut good = 0;
    for (note, view) in notes.iter().zip(&views) {
        let placed = match view.placement {
            Placement::Auto {
                start, confidence, ..
            } => Some((start, confidence)),
            _ => None,
        };
        let ok = placed
            .is_some_and(|(at, _)| at + TOLERANCE_MS >= note.from && at <= note.to + TOLERANCE_MS);
        if ok {
            good += 1;
        }
        if !ok || std::env::var_os("EVAL_VERBOSE").is_some() {
            eprintln!(
                "  {} {}: want {}-{}, got {}",
                if ok { "hit " } else { "miss" },
                note.text,
                format_time(note.from),
                format_time(note.to),
                placed.map_or("unplaced".into(), |(at, c)| format!(
                    "{} ({c:.2})",
                    format_time(at)
                )),
            );
        }
    }
    let name = fixture.file_name().unwrap_or_default().to_string_lossy();
    eprintln!("{name} ({source}): {good}/{} within 90 s", notes.len());
    Some((good, notes.len()))
}

#[test]
fn notes_without_times_land_within_90_seconds_of_their_topic() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("skipping: ../shared (the corpus) is absent");
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/auto_anchor_eval");
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "notes"))
        .collect();
    fixtures.sort();
    let (mut good, mut total) = (0, 0);
    for fixture in &fixtures {
        match evaluate(fixture, &shared.join("corpus")) {
            Some((g, t)) => {
                good += g;
                total += t;
            }
            None => eprintln!("skipping {}: its transcript is absent", fixture.display()),
        }
    }
    if total == 0 {
        return;
    }
    let share = good as f64 / total as f64;
    eprintln!(
        "overall: {good}/{total} = {:.1}% within 90 s",
        share * 100.0
    );
    assert!(share >= TARGET, "{good}/{total} is below {TARGET}");
}

//! Whole-module tests: the real user's notes (SPEC §1), and a deterministic fuzz pass over the
//! parser and both edits.

use super::*;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/seed/notes-sholto-trenton.txt"
);

#[test]
fn seed_notes_anchor_ask_and_identify_the_episode() {
    let Ok(text) = std::fs::read_to_string(SEED) else {
        eprintln!("skipping: {SEED} not found");
        return;
    };
    let file = parse_notes(&text);

    // Guards against the seed's numbers that are not times: `30 to 309 trillion`, `1-1 mapping`,
    // `1 Trillion`, `3Blue1Brown`.
    let anchored: Vec<(&str, Anchor)> = file
        .notes
        .iter()
        .filter_map(|n| n.anchor.as_ref().map(|a| (n.text.as_str(), a.time)))
        .collect();
    assert_eq!(
        anchored,
        vec![(
            "Did not understand a single thing from 1:10:00-1:22:00",
            Anchor::Range(4_200_000, 4_920_000)
        )]
    );
    assert!(file.notes.iter().all(|n| n.times.is_empty()));
    let range_note = file.notes.iter().find(|n| n.anchor.is_some()).unwrap();
    let span = range_note.anchor.as_ref().unwrap().span.clone();
    assert_eq!(&range_note.text[span], "1:10:00-1:22:00");
    assert_eq!(range_note.line, 35);

    let asked: Vec<&str> = file.notes.iter().flat_map(|n| n.asked_terms()).collect();
    for term in [
        "softmax",
        "distillation",
        "distilled models",
        "kv values",
        "steganography",
        "induction heads",
        "residual stream",
        "mlp",
        "forward passes",
        "hill climbing",
        "quadratic attention costs",
        "chain of thought",
        "systems",
        "intelligence pattern matching",
        "recursive intelligence explosion",
    ] {
        assert!(asked.contains(&term), "{term:?} not in {asked:?}");
    }
    // Candidates are short phrases, never sentences.
    assert!(asked.iter().all(|t| t.split_whitespace().count() <= 5));

    for url in [
        "https://www.youtube.com/watch?v=UTuuTTnjxMQ",
        "https://www.dwarkeshpatel.com/p/sholto-douglas-trenton-bricken",
    ] {
        assert!(
            file.urls.iter().any(|u| u == url),
            "{url} not in {:?}",
            file.urls
        );
    }
    // The URL line gives the file's URLs but is not a note.
    assert!(file.notes.iter().all(|n| !n.text.starts_with("https://")));
    assert_eq!(file.notes.len(), 23);
    for note in &file.notes {
        assert_eq!(&text[note.text_range.clone()], note.text);
    }
}

#[test]
fn seed_edits_keep_every_byte() {
    let Ok(text) = std::fs::read_to_string(SEED) else {
        eprintln!("skipping: {SEED} not found");
        return;
    };
    let file = parse_notes(&text);
    let softmax = file.notes.iter().find(|n| n.text == "Softmax?").unwrap();
    let pinned = pin_anchor(&text, softmax.range.clone(), 1_234_000).unwrap();
    let at = softmax.range.start;
    assert_eq!(format!("{}[0:20:34] {}", &text[..at], &text[at..]), pinned);

    let appended = append_note(&text, "What's a KV cache?");
    assert!(appended.starts_with(&text));
    let again = parse_notes(&appended);
    assert_eq!(again.notes.len(), file.notes.len() + 1);
    assert_eq!(again.notes.last().unwrap().marker, None);
    assert_eq!(again.notes.last().unwrap().asked_terms(), vec!["kv cache"]);
}

/// A tiny deterministic generator, so the fuzz pass needs no crate and always runs the same way.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound
    }
}

const FRAGMENTS: &[&str] = &[
    "- ",
    "* ",
    "1. ",
    "2) ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "> ",
    "# ",
    "```",
    "`",
    "[[",
    "]]",
    "|",
    "[",
    "]",
    "(",
    ")",
    "?",
    "(?)",
    "?:",
    "1:10:00",
    "1:10",
    "-",
    "–",
    "—",
    " to ",
    "70:00",
    "104:15",
    "3:1",
    "10:30am",
    "https://",
    "youtu.be/x?t=4200",
    "é",
    "ü",
    "’",
    "🙂",
    "\u{feff}",
    "\t",
    "softmax",
    "What's ",
    "residual stream",
    " is ",
    "this ",
    "break ",
    "@",
    "\\",
    "<",
    ">",
    "---",
    "===",
    "[ ] ",
    ".",
    ",",
    " ",
    "0",
    "9",
    ":",
];

#[test]
fn fuzz_parse_and_edits_never_panic_and_keep_bytes() {
    let mut rng = Lcg(0x5eed);
    for _ in 0..3_000 {
        let mut text = String::new();
        for _ in 0..rng.next(40) {
            text.push_str(FRAGMENTS[rng.next(FRAGMENTS.len())]);
        }
        let file = parse_notes(&text);
        for note in &file.notes {
            assert_eq!(text.get(note.text_range.clone()), Some(note.text.as_str()));
            assert!(
                note.range.start <= note.text_range.start && note.range.end == note.text_range.end
            );
            let spans = note
                .anchor
                .iter()
                .chain(&note.times)
                .map(|t| t.span.clone())
                .chain(note.links.iter().map(|l| l.span.clone()))
                .chain(note.questions.iter().map(|q| q.span.clone()));
            for span in spans {
                assert!(
                    note.text.get(span.clone()).is_some(),
                    "{span:?} in {:?}",
                    note.text
                );
            }
            if let Some(TimeRef {
                time: Anchor::Range(start, end),
                ..
            }) = note.anchor
            {
                assert!(start < end);
            }
            let pinned = pin_anchor(&text, note.range.clone(), 61_000).unwrap();
            assert_eq!(pinned.len(), text.len() + "[0:01:01] ".len());
        }
        let appended = append_note(&text, "new note 1:02:03?");
        assert!(appended.starts_with(&text));
    }
}

//! The fast snippets are tantivy's snippets: same fragment, same highlighted words, on our own
//! tricky text and on real transcripts when the shared corpus is there.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;

use super::analyzer;
use crate::words::{analyzer as stock_analyzer, stems_with_ranges};

const OWN_TEXT: &str = "The skies were dying out as the happy, happier and happiest \
    engineers kept lying about generously sized caches. Caching, cached, caches: the cache \
    invalidation problem! Naïve École students ran 3 tests in 2024; the GIL (global \
    interpreter lock) locks, locked, locking. Yesterday's youth yelled \"Y2K\" at İstanbul's \
    ÉTUDIANTS. Residual streams, the residual stream, a stream of residuals.";

const QUERIES: &[&str] = &[
    "skies",
    "dying",
    "happy",
    "cache invalidation",
    "global interpreter lock",
    "naïve école",
    "youth yelled",
    "istanbul",
    "residual stream",
    "2024 tests",
    "y2k",
    "étudiants",
    "machine learning",
];

fn scored_terms(query: &str) -> BTreeMap<String, f32> {
    let mut stock = stock_analyzer();
    stems_with_ranges(&mut stock, query)
        .into_iter()
        .enumerate()
        .map(|(i, (stem, _))| (stem, 1.0 / (2.0 + i as f32)))
        .collect()
}

fn assert_same_snippets(text: &str, query: &str) {
    let terms = scored_terms(query);
    let letters: BTreeSet<char> = terms.keys().filter_map(|t| t.chars().next()).collect();
    let field = Field::from_field_id(0);
    let stock = SnippetGenerator::new(terms.clone(), stock_analyzer(), field, 180);
    let fast = SnippetGenerator::new(terms, analyzer(letters), field, 180);
    let (a, b) = (stock.snippet(text), fast.snippet(text));
    assert_eq!(
        (a.fragment(), a.highlighted(), a.fragment_range()),
        (b.fragment(), b.highlighted(), b.fragment_range()),
        "query {query:?} on {text:?}"
    );
}

#[test]
fn the_same_snippets_as_tantivy_on_tricky_words() {
    for query in QUERIES {
        assert_same_snippets(OWN_TEXT, query);
        // The query words themselves, in every case, are found where tantivy finds them.
        assert_same_snippets(&query.to_uppercase(), query);
    }
}

#[test]
fn the_same_snippets_as_tantivy_on_real_transcripts() {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut files = Vec::new();
    for folder in [
        "talk-python/transcripts",
        "changelog/friends",
        "changelog/gotime",
    ] {
        let Ok(entries) = std::fs::read_dir(shared.join(folder)) else {
            eprintln!("skipped: {} absent", shared.join(folder).display());
            continue;
        };
        files.extend(entries.flatten().map(|e| e.path()));
    }
    if files.is_empty() {
        return;
    }
    files.sort();
    let mut compared = 0;
    for path in files.iter().step_by(25) {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        // Paragraph-sized pieces, cut at character boundaries.
        let chars: Vec<char> = text.chars().collect();
        for piece in chars.chunks(1500).take(20) {
            let piece: String = piece.iter().collect();
            for query in QUERIES {
                assert_same_snippets(&piece, query);
                compared += 1;
            }
        }
    }
    assert!(compared > 1000, "only {compared} snippets compared");
}

//! Every real transcript in `../shared` (the talk-python and changelog corpora and the
//! Podcasting 2.0 samples) goes through the import path: it must parse, give paragraphs, and
//! never show a cue fragment as a paragraph of its own. Skips with a reason when `../shared` is
//! absent. Prints counts and the parse throughput (BENCH.md row 5 is measured in a release build:
//! `cargo test --release --test corpus -- --nocapture`).

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use podgloss::formats::parse_bytes;
use podgloss::model::paragraphs::ends_sentence;
use podgloss::model::{Paragraph, Transcript, group_paragraphs};

const LONG_SILENCE_MS: u64 = 12_000;

fn corpus_files(shared: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let talk_python = shared.join("corpus/talk-python");
    for sub in ["transcripts", "youtube_transcripts"] {
        collect(&talk_python.join(sub), &["vtt", "txt"], &mut files);
    }
    collect(&shared.join("corpus/changelog"), &["md"], &mut files);
    collect(
        &shared.join("formats/podcasting20/docs/examples/transcripts"),
        &["vtt", "srt", "json", "html"],
        &mut files,
    );
    files.retain(|f| f.file_name().is_some_and(|n| n != "SOURCE.txt"));
    files.sort();
    files
}

fn collect(dir: &Path, extensions: &[&str], files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, extensions, files);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e))
        {
            files.push(path);
        }
    }
}

/// A paragraph that is one cue cut off mid-sentence while the same speaker goes on in the next
/// paragraph: what SPEC §3.2 forbids ("cue-sized fragments are never shown one per line").
/// A silence of [`LONG_SILENCE_MS`] or more is a turn whatever the punctuation (unlabelled
/// transcripts change speakers that way), so a split there is not a fragment.
fn fragments<'a>(transcript: &Transcript, paragraphs: &'a [Paragraph]) -> Vec<&'a Paragraph> {
    if !transcript.timed {
        return Vec::new();
    }
    paragraphs
        .windows(2)
        .filter(|pair| {
            let (this, next) = (&pair[0], &pair[1]);
            this.segments.len() == 1
                && this.speaker == next.speaker
                && !ends_sentence(&this.text)
                && next.text.chars().next().is_some_and(char::is_lowercase)
                && next.start.saturating_sub(this.end) < LONG_SILENCE_MS
        })
        .map(|pair| &pair[0])
        .collect()
}

#[test]
fn every_corpus_transcript_imports_cleanly() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("skipping: ../shared is absent, so the real corpus cannot be checked");
        return;
    };
    let files = corpus_files(&shared);
    assert!(
        files.len() > 1_400,
        "expected the whole corpus, found {} files",
        files.len()
    );

    let (mut bytes_total, mut segments, mut paragraphs_total, mut words) = (0usize, 0, 0, 0);
    let mut parse_time = Duration::ZERO;
    let mut problems = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        bytes_total += bytes.len();
        let started = Instant::now();
        let parsed = parse_bytes(&bytes).map(|t| {
            let paragraphs = group_paragraphs(&t);
            (t, paragraphs)
        });
        parse_time += started.elapsed();
        let shown = file.strip_prefix(&shared).unwrap_or(file).display();
        match parsed {
            Ok((transcript, paragraphs)) => {
                if paragraphs.is_empty() {
                    problems.push(format!("{shown}: no paragraphs"));
                }
                for fragment in fragments(&transcript, &paragraphs) {
                    problems.push(format!(
                        "{shown}: fragment paragraph at {}ms: {:?}",
                        fragment.start, fragment.text
                    ));
                }
                segments += transcript.segments.len();
                paragraphs_total += paragraphs.len();
                words += transcript.word_count();
            }
            Err(e) => problems.push(format!("{shown}:{e}")),
        }
    }
    let megabytes = bytes_total as f64 / 1e6;
    eprintln!(
        "corpus: {} files, {megabytes:.1} MB, {segments} segments, {paragraphs_total} paragraphs, \
         {words} words; parsed in {:.2} s = {:.0} MB/s",
        files.len(),
        parse_time.as_secs_f64(),
        megabytes / parse_time.as_secs_f64()
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

//! Round trip: every sample episode and 50 real corpus transcripts exported as WebVTT and SubRip,
//! then imported again, give back the same segments (times, text) and speakers. Skips the corpus
//! part, saying why, when `../shared` is absent.
//!
//! A cue without a speaker keeps the previous one on import (both formats' convention), so a
//! segment with no speaker after a named one is expected back with that name; and a SubRip cue
//! starting `Name:` names its speaker, so unlabelled text starting that way comes back labelled.

mod common;

use std::path::{Path, PathBuf};

use podgloss::export::subtitles::cue_end;
use podgloss::export::{Document, ExportFormat, Window, render};
use podgloss::formats::parse_text;
use podgloss::glossary::Glossary;
use podgloss::library::{Episode, EpisodeEntry, Library};
use podgloss::model::Format;

fn check(episode: &Episode, name: &str) -> Vec<String> {
    let glossary = Glossary::default();
    let document = Document::new(episode, &glossary, &[], Window::default());
    let mut problems = Vec::new();
    for (format, want) in [
        (ExportFormat::Vtt, Format::WebVtt),
        (ExportFormat::Srt, Format::Srt),
    ] {
        let text = render(&document, format).unwrap();
        let back = match parse_text(&text) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{name} {format:?}: does not parse back: {e}"));
                continue;
            }
        };
        if back.format != want {
            problems.push(format!("{name} {format:?}: detected as {:?}", back.format));
        }
        let original: Vec<_> = episode
            .transcript
            .segments
            .iter()
            .filter(|s| !s.text.trim().is_empty())
            .collect();
        if original.len() != back.segments.len() {
            problems.push(format!(
                "{name} {format:?}: {} segments, {} back",
                original.len(),
                back.segments.len()
            ));
            continue;
        }
        let mut speaker: Option<String> = None;
        for (i, (a, b)) in original.iter().zip(&back.segments).enumerate() {
            if let Some(label) = &a.speaker {
                speaker = Some(episode.speaker_name(label).to_string());
            }
            let times = a.start == b.start && cue_end(a.start, a.end) == b.end;
            let mut same = times && a.text == b.text && speaker == b.speaker;
            if !same && format == ExportFormat::Srt && a.speaker.is_none() {
                // A `Name:` at the start of a cue *is* SubRip's speaker label, so a segment
                // whose text began with one (WebVTT keeps such labels as text) comes back with
                // the label as its speaker and nothing lost.
                if let Some(label) = &b.speaker {
                    same = times && a.text == format!("{label}: {}", b.text);
                    speaker = Some(label.clone());
                }
            }
            if !same {
                problems.push(format!(
                    "{name} {format:?} segment {i}: {:?} {}-{} {:?} came back as {:?} {}-{} {:?}",
                    speaker, a.start, a.end, a.text, b.speaker, b.start, b.end, b.text
                ));
                break;
            }
        }
    }
    problems
}

fn in_memory(path: &Path) -> Option<Episode> {
    let bytes = std::fs::read(path).ok()?;
    let entry = EpisodeEntry {
        slug: "corpus".into(),
        folder: None,
        transcript: path.to_path_buf(),
        meta: Default::default(),
    };
    let episode = Episode::from_bytes(&entry, bytes, None).ok()?;
    episode.transcript.timed.then_some(episode)
}

#[test]
fn sample_episodes_round_trip_through_vtt_and_srt() {
    let library = Library::new(Path::new(env!("CARGO_MANIFEST_DIR")));
    let episodes = library.scan().episodes;
    assert!(episodes.len() >= 3, "the sample library has three episodes");
    let mut problems = Vec::new();
    for entry in &episodes {
        let episode = Episode::load(entry).unwrap();
        problems.extend(check(&episode, &entry.slug));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn fifty_corpus_episodes_round_trip_through_vtt_and_srt() {
    let Some(shared) = common::shared_dir() else {
        eprintln!("skipping: ../shared is absent, so the corpus round trip cannot run");
        return;
    };
    let mut files: Vec<PathBuf> = Vec::new();
    for (dir, ext) in [
        ("corpus/talk-python/transcripts", "vtt"),
        ("corpus/talk-python/youtube_transcripts", "vtt"),
        ("corpus/changelog", "md"),
        ("corpus/talk-python/transcripts", "txt"),
    ] {
        let mut found = Vec::new();
        collect(&shared.join(dir), ext, &mut found);
        found.sort();
        // An even spread over each folder, not its first files.
        let step = (found.len() / 13).max(1);
        files.extend(found.into_iter().step_by(step).take(13));
    }
    let mut checked = 0;
    let mut problems = Vec::new();
    for file in &files {
        if checked == 50 {
            break;
        }
        let Some(episode) = in_memory(file) else {
            continue;
        };
        let name = file
            .strip_prefix(&shared)
            .unwrap_or(file)
            .display()
            .to_string();
        problems.extend(check(&episode, &name));
        checked += 1;
    }
    eprintln!("round-tripped {checked} corpus episodes through vtt and srt");
    assert!(checked >= 50, "only {checked} timed corpus episodes found");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn collect(dir: &Path, ext: &str, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, ext, files);
        } else if path.extension().is_some_and(|e| e == ext) {
            files.push(path);
        }
    }
}

//! The Podcasting 2.0 namespace's own example transcripts (`../shared/formats/podcasting20`,
//! CC0), read through the format parsers. The SRT and HTML samples are the same episode, so
//! they are also checked against each other. Skipped, with a reason, when the samples are absent.

use std::path::PathBuf;

use podgloss::formats::parse_as;
use podgloss::model::{Format, Transcript, Word};

fn sample(name: &str) -> Option<String> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared"))
        .join("formats/podcasting20/docs/examples/transcripts")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!("skipping: {} absent", path.display());
            None
        }
    }
}

fn parse_sample(format: Format, name: &str) -> Option<Transcript> {
    let text = sample(name)?;
    Some(parse_as(format, &text).unwrap_or_else(|e| panic!("{name}: {e}")))
}

/// (speaker, start of the turn, words in the turn) for each run of one speaker's segments.
fn turns(transcript: &Transcript) -> Vec<(String, u64, usize)> {
    let mut turns: Vec<(String, u64, usize)> = Vec::new();
    for segment in &transcript.segments {
        let speaker = segment.speaker.clone().unwrap_or_default();
        let words = segment.text.split_whitespace().count();
        match turns.last_mut() {
            Some(turn) if turn.0 == speaker => turn.2 += words,
            _ => turns.push((speaker, segment.start, words)),
        }
    }
    turns
}

fn assert_ordered(transcript: &Transcript) {
    for pair in transcript.segments.windows(2) {
        assert!(pair[0].start <= pair[1].start, "out of order: {pair:?}");
    }
    for segment in &transcript.segments {
        assert!(
            segment.end >= segment.start,
            "ends before it starts: {segment:?}"
        );
        assert!(!segment.text.is_empty(), "empty text: {segment:?}");
    }
}

#[test]
fn word_level_json_merges_words_and_keeps_their_times() {
    let Some(transcript) = parse_sample(Format::Podcasting20Json, "example.json") else {
        return;
    };
    assert_ordered(&transcript);
    let summary: Vec<(Option<&str>, u64, u64, &str)> = transcript
        .segments
        .iter()
        .map(|s| (s.speaker.as_deref(), s.start, s.end, s.text.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (Some("Darth Vader"), 500, 2_500, "I am your father."),
            (Some("Luke"), 2_750, 3_000, "Nooooo"),
        ]
    );
    let words = &transcript.segments[0].words;
    assert_eq!(words.len(), 4);
    assert_eq!(
        words[1],
        Word {
            start: 1_000,
            end: 1_250,
            text: "am".into()
        }
    );
}

#[test]
fn srt_sample_reads_every_cue_with_speakers() {
    let Some(transcript) = parse_sample(Format::Srt, "example.srt") else {
        return;
    };
    assert_ordered(&transcript);
    assert_eq!(transcript.segments.len(), 222, "one segment per cue");
    let first = &transcript.segments[0];
    assert_eq!((first.start, first.end), (179, 2_399));
    assert_eq!(first.speaker.as_deref(), Some("Travis"));
    assert_eq!(first.text, "When you first get started in podcasting, it's");
    assert_eq!(transcript.duration(), 754_769);
    // Every cue has a speaker: the prefix holds until the next one.
    assert!(transcript.segments.iter().all(|s| s.speaker.is_some()));
    assert!(
        transcript
            .segments
            .iter()
            .all(|s| !s.text.contains(':') || s.text.contains("http"))
    );
}

#[test]
fn html_sample_reads_every_monologue() {
    let Some(transcript) = parse_sample(Format::Podcasting20Html, "example.html") else {
        return;
    };
    assert_ordered(&transcript);
    assert!(transcript.timed);
    assert_eq!(
        transcript.title, None,
        "the sample is a fragment without <title>"
    );
    let starts: Vec<u64> = transcript.segments.iter().map(|s| s.start).collect();
    assert_eq!(
        starts,
        vec![
            0, 53_000, 102_000, 219_000, 263_000, 322_000, 376_000, 562_000, 617_000, 691_000
        ]
    );
    let first = &transcript.segments[0];
    assert_eq!(first.speaker.as_deref(), Some("Travis"));
    assert_eq!(first.end, 53_000, "a monologue ends where the next begins");
    assert!(
        first
            .text
            .starts_with("When you first get started in podcasting, it's almost")
    );
    assert!(!transcript.segments.iter().any(|s| s.text.contains("&#39;")));
}

#[test]
fn srt_and_html_samples_agree_on_turns() {
    let (Some(srt), Some(html)) = (
        parse_sample(Format::Srt, "example.srt"),
        parse_sample(Format::Podcasting20Html, "example.html"),
    ) else {
        return;
    };
    let srt_turns = turns(&srt);
    let html_turns = turns(&html);
    let names = |turns: &[(String, u64, usize)]| -> Vec<String> {
        turns.iter().map(|t| t.0.clone()).collect()
    };
    assert_eq!(names(&srt_turns), names(&html_turns));
    for (s, h) in srt_turns.iter().zip(&html_turns) {
        assert!(
            s.1.abs_diff(h.1) <= 2_000,
            "turn starts differ: {s:?} vs {h:?}"
        );
        assert!(
            s.2.abs_diff(h.2) * 20 <= h.2,
            "word counts differ by over 5%: {s:?} vs {h:?}"
        );
    }
}

//! Follow mode's question: at this audio time, which paragraph, segment and word are playing?
//! A binary search over the episode's (offset-shifted) times, so the Reader can ask on every
//! `time-pos` event.

use crate::library::Episode;

/// Where the audio is in the episode's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlayingAt {
    /// Index into `episode.paragraphs`.
    pub paragraph: usize,
    /// Index into `episode.transcript.segments`.
    pub segment: usize,
    /// Index into that segment's `words`, when the transcript has word times.
    pub word: Option<usize>,
}

/// The segment that started last at or before `time_ms` (in a pause between two segments, the
/// one just heard); `None` before the first segment or for an untimed transcript.
pub fn playing_at(episode: &Episode, time_ms: u64) -> Option<PlayingAt> {
    let segments = &episode.transcript.segments;
    if !episode.transcript.timed {
        return None;
    }
    let after = segments.partition_point(|s| s.start <= time_ms);
    let segment = after.checked_sub(1)?;
    let paragraph = episode
        .paragraphs
        .partition_point(|p| p.segments.end <= segment);
    if paragraph >= episode.paragraphs.len() {
        return None;
    }
    let words = &segments[segment].words;
    let word = words.partition_point(|w| w.start <= time_ms).checked_sub(1);
    Some(PlayingAt {
        paragraph,
        segment,
        word,
    })
}

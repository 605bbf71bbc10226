//! Follow mode: while the episode plays, the Reader keeps the playing paragraph at the top of
//! the view (so the notes and definition panes, which show the paragraph at the top, follow it
//! too) and marks the playing segment and word. Moving the view by hand, by any key or the
//! mouse, leaves follow mode without touching the audio; one key returns to it.
//!
//! Follow mode notices a move by hand by comparing the view with where it last put it, so no
//! movement key needs to know about it.

use std::ops::Range;

use super::{Position, Reader};
use crate::model::Millis;
use crate::player::{PlayingAt, playing_at};

/// The Reader's follow state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follow {
    /// Whether the view follows the audio; off once the view was moved by hand, until
    /// [`Reader::resume_follow`].
    on: bool,
    /// Where following last put the view.
    placed: Option<Position>,
    /// The playing time in this episode, when its audio is loaded, and what plays then.
    pub playing: Option<(Millis, Option<PlayingAt>)>,
}

impl Default for Follow {
    fn default() -> Self {
        Follow {
            on: true,
            placed: None,
            playing: None,
        }
    }
}

impl Reader {
    /// Whether the view follows the audio: on, and not moved by hand since it was placed.
    pub fn is_following(&self) -> bool {
        self.follow.on && self.follow.placed.is_none_or(|p| p == self.position)
    }

    /// Whether this episode's audio is loaded in the player.
    pub fn is_playing_here(&self) -> bool {
        self.follow.playing.is_some()
    }

    /// The player reports `time` in this episode: mark what plays, and bring it into view when
    /// following.
    pub fn play_time(&mut self, time: Millis) {
        let at = playing_at(&self.episode, time);
        self.follow.playing = Some((time, at));
        if !self.is_following() {
            self.follow.on = false;
            return;
        }
        if let Some(at) = at {
            self.bring_into_view(at);
        }
        self.follow.placed = Some(self.position);
    }

    /// This episode's audio is no longer loaded (another one is, or the player stopped).
    pub fn stop_playing(&mut self) {
        self.follow = Follow::default();
    }

    /// Follows the audio again, from where it plays now.
    pub fn resume_follow(&mut self) {
        self.follow.on = true;
        self.follow.placed = None;
        if let Some((time, _)) = self.follow.playing {
            self.play_time(time);
        }
    }

    /// The audio was sent to `time` (a play from a line, a jump while playing): follow it
    /// from there at once, before the player reports it.
    pub fn seek_follow(&mut self, time: Millis) {
        self.follow.on = true;
        self.follow.placed = None;
        self.play_time(time);
    }

    /// The playing paragraph's first line at the top (its speaker and heading above it); in a
    /// paragraph longer than the view, the playing segment's line once it would leave the view.
    fn bring_into_view(&mut self, at: PlayingAt) {
        let Some(paragraph) = self.episode.paragraphs.get(at.paragraph) else {
            return;
        };
        let offset = paragraph
            .offsets
            .get(at.segment.saturating_sub(paragraph.segments.start))
            .copied()
            .unwrap_or(0);
        if self.position.paragraph != at.paragraph {
            self.jump_to(at.paragraph, 0);
        }
        let row = self.layout.row_of(at.paragraph, offset);
        let top = self.top_row();
        if row < top || row >= top + self.height.max(1) {
            self.jump_to(at.paragraph, offset);
        }
    }

    /// The byte ranges of the playing segment and word in `paragraph`'s text, for the marks.
    pub fn playing_marks(&self, paragraph: usize) -> Option<(Range<usize>, Option<Range<usize>>)> {
        let (_, Some(at)) = self.follow.playing? else {
            return None;
        };
        if at.paragraph != paragraph {
            return None;
        }
        let p = self.episode.paragraphs.get(paragraph)?;
        let index = at.segment.checked_sub(p.segments.start)?;
        let start = *p.offsets.get(index)?;
        let end = p
            .offsets
            .get(index + 1)
            .map_or(p.text.len(), |next| next.saturating_sub(1))
            .max(start);
        let segment = &self.episode.transcript.segments[at.segment];
        let word = at
            .word
            .and_then(|w| word_range(&p.text[start..end], &segment.words, w))
            .map(|r| start + r.start..start + r.end);
        Some((start..end, word))
    }
}

/// Where word `index` of `words` is in `text` (the segment's text as shown): each word found
/// after the previous one, so a word that appears twice is marked at its own place.
fn word_range(text: &str, words: &[crate::model::Word], index: usize) -> Option<Range<usize>> {
    let mut from = 0;
    for (i, word) in words.iter().enumerate().take(index + 1) {
        let needle = word.text.trim();
        if needle.is_empty() {
            continue;
        }
        let at = from + text.get(from..)?.find(needle)?;
        from = at + needle.len();
        if i == index {
            return Some(at..from);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Word;

    /// A Reader over a whisper JSON transcript with word times: two segments of one speaker.
    fn reader_with_word_times() -> (tempfile::TempDir, Reader) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("talk.json");
        let json = r#"{"text": "", "segments": [
            {"start": 1.0, "end": 3.0, "text": " the cat saw the dog", "words": [
                {"word": " the", "start": 1.0, "end": 1.2}, {"word": " cat", "start": 1.2, "end": 1.6},
                {"word": " saw", "start": 1.6, "end": 2.0}, {"word": " the", "start": 2.0, "end": 2.3},
                {"word": " dog", "start": 2.3, "end": 3.0}]},
            {"start": 3.2, "end": 5.0, "text": " and ran", "words": [
                {"word": " and", "start": 3.2, "end": 3.8}, {"word": " ran", "start": 3.8, "end": 5.0}]}
        ]}"#;
        std::fs::write(&path, json).unwrap();
        let entry = crate::library::scan::EpisodeEntry {
            slug: "talk".into(),
            folder: None,
            transcript: path,
            meta: Default::default(),
        };
        let episode = crate::library::Episode::load(&entry).unwrap();
        let reader = Reader::new(episode, None, Default::default());
        (dir, reader)
    }

    #[test]
    fn the_playing_segment_and_word_are_marked() {
        let (_dir, mut reader) = reader_with_word_times();
        assert_eq!(reader.playing_marks(0), None, "nothing plays yet");
        reader.play_time(2_100);
        let text = reader.episode.paragraphs[0].text.clone();
        let (segment, word) = reader.playing_marks(0).unwrap();
        assert_eq!(&text[segment], "the cat saw the dog");
        assert_eq!(word.map(|w| (w.start, &text[w])), Some((12, "the")));
        reader.play_time(4_000);
        let (segment, word) = reader.playing_marks(0).unwrap();
        assert_eq!(&text[segment], "and ran");
        assert_eq!(&text[word.unwrap()], "ran");
    }

    #[test]
    fn words_are_found_in_order_even_when_repeated() {
        let word = |text: &str| Word {
            start: 0,
            end: 0,
            text: text.into(),
        };
        let words = [word("the"), word(" cat"), word("the")];
        assert_eq!(word_range("the cat saw the dog", &words, 0), Some(0..3));
        assert_eq!(word_range("the cat saw the dog", &words, 1), Some(4..7));
        assert_eq!(word_range("the cat saw the dog", &words, 2), Some(12..15));
        assert_eq!(word_range("the cat", &[word("dog")], 0), None);
    }
}

//! Property tests of the model's round trips (issue 13): every time podgloss prints reads back
//! as the same time, and grouping segments into paragraphs loses, adds and reorders no word.

use proptest::prelude::*;

use super::paragraphs::{group_paragraphs, group_paragraphs_at};
use super::time::{format_time, format_time_long, parse_time, parse_time_spec};
use super::transcript::{Format, Segment, Transcript};
use crate::export::subtitles::clock;
use crate::formats::vtt::timestamp::parse_whole_timestamp;

/// Hours up to what `parse_time` reads (six digits), in milliseconds.
const MAX_MS: u64 = 999_999 * 3_600_000;

proptest! {
    #[test]
    fn clock_times_read_back_to_the_second(ms in 0..MAX_MS) {
        let second = ms / 1000 * 1000;
        prop_assert_eq!(parse_time(&format_time(ms)), Some(second));
        prop_assert_eq!(parse_time(&format_time_long(ms)), Some(second));
        prop_assert_eq!(parse_time_spec(&format_time(ms)), Some(second));
    }

    #[test]
    fn subtitle_clocks_read_back_to_the_millisecond(ms in 0..MAX_MS) {
        prop_assert_eq!(parse_time(&clock(ms, '.')), Some(ms));
        prop_assert_eq!(parse_time(&clock(ms, ',')), Some(ms));
        prop_assert_eq!(parse_whole_timestamp(&clock(ms, '.')), Some(ms));
    }

    #[test]
    fn unit_times_read_back(h in 0u64..10_000, m in 0u64..600, s in 0u64..6_000) {
        let want = ((h * 60 + m) * 60 + s) * 1000;
        prop_assert_eq!(parse_time_spec(&format!("{h}h{m}m{s}s")), Some(want));
        prop_assert_eq!(parse_time_spec(&format!("{h}h {m}m {s}s")), Some(want));
    }

    #[test]
    fn paragraphs_keep_every_word_in_order(
        segments in proptest::collection::vec(segment(), 0..60),
        timed in any::<bool>(),
        breaks in proptest::collection::vec(0u64..400_000, 0..4),
    ) {
        let transcript = Transcript { timed, ..Transcript::new(Format::WebVtt, segments) };
        for paragraphs in [group_paragraphs(&transcript), group_paragraphs_at(&transcript, &breaks)] {
            let words_in = transcript.segments.iter().flat_map(|s| s.text.split_whitespace());
            let words_out = paragraphs.iter().flat_map(|p| p.text.split_whitespace());
            prop_assert!(words_in.eq(words_out), "{:?}", paragraphs);
            // The paragraphs cover the segments in order, each once, and know where each starts.
            let mut next = 0;
            for paragraph in &paragraphs {
                prop_assert_eq!(paragraph.segments.start, next);
                prop_assert!(paragraph.segments.end > next);
                next = paragraph.segments.end;
                let held = &transcript.segments[paragraph.segments.clone()];
                prop_assert_eq!(paragraph.offsets.len(), held.len());
                for (offset, segment) in paragraph.offsets.iter().zip(held) {
                    prop_assert!(paragraph.text[*offset..].starts_with(&segment.text));
                }
                prop_assert_eq!(paragraph.speaker.as_ref(), held[0].speaker.as_ref());
            }
            prop_assert_eq!(next, transcript.segments.len());
        }
    }
}

/// A segment as parsers make them: words separated by single spaces (possibly none), one of a
/// few speakers or none, a start in the first few minutes and an end near it (sometimes before).
fn segment() -> impl Strategy<Value = Segment> {
    let word = proptest::string::string_regex("[a-zé.?!,\"')]{1,8}").unwrap();
    let text = proptest::collection::vec(word, 0..30).prop_map(|words| words.join(" "));
    let speaker = proptest::option::of(proptest::sample::select(vec!["Ada", "Ben", "ada"]));
    (0u64..300_000, 0u64..20_000, text, speaker).prop_map(|(start, length, text, speaker)| {
        Segment {
            start,
            end: start + length,
            speaker: speaker.map(str::to_owned),
            text,
            words: Vec::new(),
        }
    })
}

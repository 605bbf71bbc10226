//! Times for pieces that were not stamped (SPEC §3.1: "times that never appear are interpolated,
//! never invented as 0").
//!
//! The rules, in order:
//!
//! 1. **Stamps that disagree are dropped.** The longest run of stamps that never goes backwards,
//!    in document order, is kept; a stamp outside it (a typo such as `48:03` after `48:08`, or
//!    `10:00:00` for `1:00:00`) is treated as missing. Document order is never changed.
//! 2. **Between two stamps** each piece gets a start in proportion to the words before it (a
//!    stamped piece with no words, such as a speaker header line, weighs nothing, so the text
//!    below it starts at its time).
//! 3. **Before the first stamp**, text is interpolated from 0 when that stamp is plausibly the
//!    first of the recording: when it is no later than twice the time its preceding words take
//!    at 150 words per minute plus two minutes (an intro or sponsor spot the transcript leaves
//!    out). Otherwise the file is an excerpt and the text is read backwards from the stamp at 150
//!    words per minute.
//! 4. **After the last stamp**, 150 words per minute.
//!
//! Ends: a piece ends where the next begins (stamped or not); the last one after its words at
//! 150 words per minute.

use crate::formats::speech_rate::MILLIS_PER_WORD;
use crate::model::Millis;
/// Slack for an intro the transcript does not cover, in rule 3.
const UNTRANSCRIBED_INTRO: Millis = 120_000;

/// Start and end of every piece, given the stamps (`None` where a piece has none) and the words
/// each piece holds. `None` when there is no stamp at all.
pub(super) fn resolve(stamps: &[Option<Millis>], words: &[u64]) -> Option<Vec<(Millis, Millis)>> {
    let anchors = consistent_stamps(stamps);
    let &(first_index, first_time) = anchors.first()?;
    let weight = |range: std::ops::Range<usize>| -> u64 {
        words
            .get(range)
            .unwrap_or_default()
            .iter()
            .fold(0u64, |sum, &w| sum.saturating_add(w))
    };
    let mut starts = vec![0; stamps.len()];

    let spoken_before = weight(0..first_index).saturating_mul(MILLIS_PER_WORD);
    let plausibly_first = first_time
        <= spoken_before
            .saturating_mul(2)
            .saturating_add(UNTRANSCRIBED_INTRO);
    let opening = if plausibly_first {
        0
    } else {
        first_time.saturating_sub(spoken_before)
    };
    fill(&mut starts, words, 0, first_index, opening, first_time);

    for pair in anchors.windows(2) {
        if let [(from_index, from_time), (to_index, to_time)] = *pair {
            fill(&mut starts, words, from_index, to_index, from_time, to_time);
        }
    }

    let &(last_index, last_time) = anchors.last()?;
    let mut time = last_time;
    for index in last_index..stamps.len() {
        if let Some(slot) = starts.get_mut(index) {
            *slot = time;
        }
        let piece_words = words.get(index).copied().unwrap_or(0);
        time = time.saturating_add(piece_words.saturating_mul(MILLIS_PER_WORD));
    }

    let spans = starts
        .iter()
        .enumerate()
        .map(|(index, &start)| {
            let end = match starts.get(index + 1) {
                Some(&next) => next,
                None => {
                    let piece_words = words.get(index).copied().unwrap_or(0);
                    start.saturating_add(piece_words.saturating_mul(MILLIS_PER_WORD))
                }
            };
            (start, end.max(start))
        })
        .collect();
    Some(spans)
}

/// Starts for pieces `from..to`: `from_time` at `from`, then in proportion to the words before
/// each, reaching `to_time` at `to` (which is not written).
fn fill(
    starts: &mut [Millis],
    words: &[u64],
    from: usize,
    to: usize,
    from_time: Millis,
    to_time: Millis,
) {
    let span = u128::from(to_time.saturating_sub(from_time));
    let total: u128 = words
        .get(from..to)
        .unwrap_or_default()
        .iter()
        .fold(0u128, |sum, &w| sum.saturating_add(u128::from(w)));
    let mut before: u128 = 0;
    for index in from..to {
        let offset = span.saturating_mul(before).checked_div(total).unwrap_or(0);
        if let Some(slot) = starts.get_mut(index) {
            *slot = from_time.saturating_add(Millis::try_from(offset).unwrap_or(Millis::MAX));
        }
        before = before.saturating_add(u128::from(words.get(index).copied().unwrap_or(0)));
    }
}

/// The stamps kept by rule 1, as (piece index, time): a longest non-decreasing subsequence, and
/// of those the one that keeps the earliest stamps, so that it is the stamp going backwards that
/// is dropped rather than the ones before it.
fn consistent_stamps(stamps: &[Option<Millis>]) -> Vec<(usize, Millis)> {
    let stamped: Vec<(usize, Millis)> = stamps
        .iter()
        .enumerate()
        .filter_map(|(index, stamp)| stamp.map(|time| (index, time)))
        .collect();
    let run_lengths = runs_starting_at(&stamped);
    let Some(&longest) = run_lengths.iter().max() else {
        return Vec::new();
    };
    // Greedy from the left: the first stamp that can still complete a longest run is taken.
    let mut kept = Vec::with_capacity(longest);
    let mut wanted = longest;
    let mut floor = 0;
    for (&(index, time), &length) in stamped.iter().zip(&run_lengths) {
        if wanted > 0 && length == wanted && time >= floor {
            kept.push((index, time));
            wanted -= 1;
            floor = time;
        }
    }
    kept
}

/// For each stamp, the length of the longest non-decreasing run of stamps that starts with it.
/// Patience sorting from the right: walking backwards, a run starting here continues with a
/// stamp at least as late, so `tails[k]` holds the latest time that starts a run of length k + 1.
fn runs_starting_at(stamped: &[(usize, Millis)]) -> Vec<usize> {
    let mut tails: Vec<Millis> = Vec::new();
    let mut lengths = vec![0; stamped.len()];
    for (position, &(_, time)) in stamped.iter().enumerate().rev() {
        let shorter = tails.partition_point(|&tail| tail >= time);
        match tails.get_mut(shorter) {
            Some(tail) => *tail = time,
            None => tails.push(time),
        }
        if let Some(slot) = lengths.get_mut(position) {
            *slot = shorter + 1;
        }
    }
    lengths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(stamps: &[Option<Millis>], words: &[u64]) -> Vec<Millis> {
        resolve(stamps, words)
            .expect("stamped")
            .into_iter()
            .map(|(start, _)| start)
            .collect()
    }

    #[test]
    fn keeps_the_longest_consistent_run_of_stamps() {
        let cases: &[(&[Option<Millis>], &[(usize, Millis)])] = &[
            (
                &[Some(10), Some(20), Some(5), Some(30)],
                &[(0, 10), (1, 20), (3, 30)],
            ),
            (
                &[Some(10), Some(9_000), Some(30), Some(40)],
                &[(0, 10), (2, 30), (3, 40)],
            ),
            (&[None, Some(10), None, Some(10)], &[(1, 10), (3, 10)]),
            (&[None, None], &[]),
        ];
        for &(stamps, want) in cases {
            assert_eq!(consistent_stamps(stamps), want, "{stamps:?}");
        }
    }

    #[test]
    fn interpolates_and_extrapolates() {
        let cases: &[(&[Option<Millis>], &[u64], &[Millis])] = &[
            // Between stamps, by words: 10 words then 30 words share 40 s.
            (
                &[Some(0), None, Some(40_000)],
                &[10, 30, 5],
                &[0, 10_000, 40_000],
            ),
            // A header (no words) gives its time to the text below it.
            (
                &[Some(60_000), None, None, Some(90_000)],
                &[0, 10, 20, 1],
                &[60_000, 60_000, 70_000, 90_000],
            ),
            // After the last stamp: 400 ms a word.
            (
                &[Some(1_000), None, None],
                &[5, 10, 1],
                &[1_000, 3_000, 7_000],
            ),
            // Text before a plausible first stamp spreads from 0: 100 then 50 words over 180 s.
            (
                &[None, None, Some(180_000)],
                &[100, 50, 1],
                &[0, 120_000, 180_000],
            ),
            // Before a stamp an hour in, the text is read backwards from it.
            (&[None, Some(3_600_000)], &[10, 1], &[3_596_000, 3_600_000]),
            // A backwards stamp is ignored and its piece interpolated.
            (
                &[Some(100_000), Some(50_000), Some(200_000)],
                &[10, 10, 1],
                &[100_000, 150_000, 200_000],
            ),
        ];
        for &(stamps, words, want) in cases {
            assert_eq!(starts(stamps, words), want, "{stamps:?} {words:?}");
        }
    }

    #[test]
    fn ends_are_the_next_start_and_never_before_the_start() {
        let spans = resolve(&[Some(0), Some(5_000), None], &[3, 0, 2]).expect("stamped");
        assert_eq!(spans, [(0, 5_000), (5_000, 5_000), (5_000, 5_800)]);
    }

    #[test]
    fn no_stamp_no_times() {
        assert_eq!(resolve(&[None], &[3]), None);
        assert_eq!(resolve(&[], &[]), None);
    }

    #[test]
    fn huge_values_do_not_overflow() {
        let spans =
            resolve(&[Some(Millis::MAX - 1), None], &[u64::MAX, u64::MAX]).expect("stamped");
        assert!(spans.iter().all(|&(start, end)| end >= start));
    }
}

//! The joint placement of a file's notes: a monotone alignment of notes to passages by dynamic
//! programming.
//!
//! Each note that can be placed is a step of a chain, in file order. Placing note `k` at passage
//! `j` earns its normalised score there, weighted by how telling the note is on its own; moving
//! from one note's passage to an earlier one (more than [`SLACK_MS`] back) costs
//! [`BACKWARD_COST`]. The chain maximising the total is found in `O(notes × passages)` with
//! running prefix and suffix maxima. Timed notes are fixed steps: they keep the chain in order
//! around them. A note with no evidence inside the stretch its neighbours leave it is put midway
//! between them.

use super::{Evidence, Passage};
use crate::model::Millis;

/// What going back against the listening order costs, in units of a perfect match.
const BACKWARD_COST: f32 = 0.8;
/// What each minute of a jump forward beyond the free gap costs, in units of a perfect match.
const FORWARD_COST_PER_MIN: f32 = 0.01;
/// A jump forward of up to this many average note spacings is free...
const FREE_GAP_SPACINGS: u64 = 3;
/// ...and of up to this long in any case.
const MIN_FREE_GAP_MS: Millis = 5 * 60 * 1000;
/// Notes a little out of order are the same stretch of listening, not a step back.
const SLACK_MS: Millis = 2 * 60 * 1000;
/// In paragraphs, for transcripts without times.
const SLACK_PARAGRAPHS: usize = 3;
/// Neighbours closer than this bracket the note between them: the order vouches for it.
const BRACKET_MS: Millis = 12 * 60 * 1000;

/// Where the alignment put a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Choice {
    pub passage: usize,
    /// Whether the note sits between two close neighbours of the chain.
    pub bracketed: bool,
}

/// One step of the chain: its value at every passage (or its one allowed passage).
enum Step<'a> {
    Fixed(usize),
    Scored { evidence: &'a Evidence, weight: f32 },
}

impl Step<'_> {
    fn value(&self, passage: usize) -> f32 {
        match self {
            Step::Fixed(at) if *at == passage => 0.0,
            Step::Fixed(_) => f32::NEG_INFINITY,
            Step::Scored { evidence, weight } => {
                weight * evidence.score[passage] / evidence.best.max(f32::EPSILON)
            }
        }
    }
}

/// The chosen passage of every note that has evidence; `None` for the others. `weights` says
/// how much each note's own evidence counts against the order (0..1).
pub(crate) fn align(
    passages: &[Passage],
    evidence: &[Option<Evidence>],
    fixed: &[Option<usize>],
    weights: &[f32],
    untimed: bool,
) -> Vec<Option<Choice>> {
    let mut chain: Vec<(usize, Step)> = Vec::new();
    for (note, (evidence, fixed)) in evidence.iter().zip(fixed).enumerate() {
        if let Some(at) = fixed {
            chain.push((note, Step::Fixed(*at)));
        } else if let Some(evidence) = evidence {
            let weight = weights.get(note).copied().unwrap_or(1.0);
            chain.push((note, Step::Scored { evidence, weight }));
        }
    }
    let mut out = vec![None; evidence.len()];
    if chain.is_empty() || passages.is_empty() {
        return out;
    }
    // For each passage, the last passage still "not before" it once slack is allowed.
    let reach = reach(passages, untimed);
    let positions = best_chain(&chain, passages, &reach, untimed);
    let positions = fill_gaps(&chain, positions, passages, untimed);
    for (k, (note, step)) in chain.iter().enumerate() {
        if matches!(step, Step::Fixed(_)) {
            continue;
        }
        let at = positions[k];
        let before = k.checked_sub(1).map(|p| positions[p]);
        let after = positions.get(k + 1).copied();
        let bracketed = match (before, after) {
            (Some(b), Some(a)) => {
                let (b, a, here) = (passages[b].start, passages[a].start, passages[at].start);
                !untimed && b <= here && here <= a && a - b <= BRACKET_MS
            }
            _ => false,
        };
        out[*note] = Some(Choice {
            passage: at,
            bracketed,
        });
    }
    out
}

fn reach(passages: &[Passage], untimed: bool) -> Vec<usize> {
    (0..passages.len())
        .map(|j| {
            if untimed {
                (j + SLACK_PARAGRAPHS).min(passages.len() - 1)
            } else {
                let limit = passages[j].start + SLACK_MS;
                passages.partition_point(|p| p.start <= limit).max(j + 1) - 1
            }
        })
        .collect()
}

/// The passage of every chain step maximising total value minus the costs of moving (Viterbi).
/// A move to `j` from `j'` is free when `j'` is at most [`SLACK_MS`] after `j` and at most
/// `free` before it; further before costs [`FORWARD_COST_PER_MIN`] a minute beyond `free`; after
/// it costs [`BACKWARD_COST`]. Each of the three is a running maximum, so a step is linear.
fn best_chain(
    chain: &[(usize, Step)],
    passages: &[Passage],
    reach: &[usize],
    untimed: bool,
) -> Vec<usize> {
    let count = passages.len();
    let rate = if untimed {
        0.0
    } else {
        FORWARD_COST_PER_MIN / 60_000.0
    };
    let free = free_gap(passages, chain.len());
    // Where the free window starts for each passage: the first passage at most `free` before it.
    let window_start: Vec<usize> = (0..count)
        .map(|j| {
            let from = passages[j].start.saturating_sub(free);
            passages.partition_point(|p| p.start < from).min(j)
        })
        .collect();
    let start_of = |j: usize| passages[j].start as f32;
    let mut back: Vec<Vec<usize>> = Vec::with_capacity(chain.len());
    let mut totals: Vec<f32> = (0..count).map(|j| chain[0].1.value(j)).collect();
    back.push(vec![0; count]);
    for (_, step) in &chain[1..] {
        // far[j]: best of total + rate × start among passages 0..=j (the costed forward moves).
        let mut far = vec![(f32::NEG_INFINITY, 0); count];
        let mut best = (f32::NEG_INFINITY, 0);
        for j in 0..count {
            let adjusted = totals[j] + rate * start_of(j);
            if adjusted > best.0 {
                best = (adjusted, j);
            }
            far[j] = best;
        }
        let mut suffix = vec![(f32::NEG_INFINITY, 0); count + 1];
        for j in (0..count).rev() {
            suffix[j] = if totals[j] >= suffix[j + 1].0 {
                (totals[j], j)
            } else {
                suffix[j + 1]
            };
        }
        let window = sliding_max(&totals, &window_start, reach);
        let mut next = vec![f32::NEG_INFINITY; count];
        let mut from = vec![0; count];
        for j in 0..count {
            let mut options = vec![window[j]];
            let backward = suffix[reach[j] + 1];
            options.push((backward.0 - BACKWARD_COST, backward.1));
            if let Some(before) = window_start[j].checked_sub(1) {
                let (adjusted, origin) = far[before];
                let cost_base = rate * (start_of(j) - free as f32);
                options.push((adjusted - cost_base, origin));
            }
            let (total, origin) = options
                .into_iter()
                .fold((f32::NEG_INFINITY, 0), |a, b| if b.0 > a.0 { b } else { a });
            next[j] = total + step.value(j);
            from[j] = origin;
        }
        totals = next;
        back.push(from);
    }
    let mut end = 0;
    for j in 0..count {
        if totals[j] > totals[end] {
            end = j;
        }
    }
    let mut positions = vec![0; chain.len()];
    positions[chain.len() - 1] = end;
    for k in (1..chain.len()).rev() {
        positions[k - 1] = back[k][positions[k]];
    }
    positions
}

/// How far ahead of the previous note a note may land for free: a few times the average spacing
/// of the notes over the episode, and never less than [`MIN_FREE_GAP_MS`].
fn free_gap(passages: &[Passage], notes: usize) -> Millis {
    let duration = passages.last().map_or(0, |p| p.start);
    let spacing = duration / notes.max(1) as Millis;
    (spacing * FREE_GAP_SPACINGS).max(MIN_FREE_GAP_MS)
}

/// For each `j`, the best `(value, index)` over `values[lo[j]..=hi[j]]`; both bounds must never
/// decrease with `j` (a monotonic queue).
fn sliding_max(values: &[f32], lo: &[usize], hi: &[usize]) -> Vec<(f32, usize)> {
    let mut out = Vec::with_capacity(values.len());
    let mut queue: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    let mut pushed = 0;
    for j in 0..values.len() {
        while pushed <= hi[j] {
            while queue.back().is_some_and(|&b| values[b] <= values[pushed]) {
                queue.pop_back();
            }
            queue.push_back(pushed);
            pushed += 1;
        }
        while queue.front().is_some_and(|&f| f < lo[j]) {
            queue.pop_front();
        }
        out.push(
            queue
                .front()
                .map_or((f32::NEG_INFINITY, j), |&f| (values[f], f)),
        );
    }
    out
}

/// A scored note the chain put where it has no evidence at all is placed midway between its
/// neighbours instead of on top of one of them.
fn fill_gaps(
    chain: &[(usize, Step)],
    mut positions: Vec<usize>,
    passages: &[Passage],
    untimed: bool,
) -> Vec<usize> {
    for k in 0..chain.len() {
        let Step::Scored { evidence, .. } = &chain[k].1 else {
            continue;
        };
        if evidence.score[positions[k]] > 0.0 {
            continue;
        }
        let before = k.checked_sub(1).map(|p| positions[p]);
        let after = positions.get(k + 1).copied();
        if let (Some(b), Some(a)) = (before, after) {
            if b <= a {
                positions[k] = if untimed {
                    (a + b) / 2
                } else {
                    let middle = (passages[b].start + passages[a].start) / 2;
                    passages.partition_point(|p| p.start <= middle).max(1) - 1
                };
            }
        }
    }
    positions
}

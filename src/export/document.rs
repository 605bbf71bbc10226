//! What every export format renders: an episode cut to a time window, with its notes placed at
//! their paragraphs and the glossary terms found in each paragraph.
//!
//! Nothing is re-derived here: placements, links and asked terms come from
//! [`crate::notes::view`], term matching from [`Glossary::mentions`], chapters from the episode.

use std::collections::{BTreeMap, HashSet};

use super::deep_link::deep_link;
use crate::glossary::{Entry, Glossary, Mention};
use crate::library::Episode;
use crate::model::chapters::chapter_at;
use crate::model::{Chapter, Millis, Paragraph};
use crate::notes::view::{NoteView, Placement};

/// A stretch of an exported paragraph's text: plain, or a glossary term to link.
pub enum Run<'t> {
    Text(&'t str),
    Term { entry: usize, shown: &'t str },
}

/// The part of the episode to export: `--from` / `--to`, both optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Window {
    pub from: Option<Millis>,
    pub to: Option<Millis>,
}

impl Window {
    /// Whether `[start, end)` overlaps the window. An instant (`start == end`) counts as its
    /// own millisecond.
    pub fn overlaps(&self, start: Millis, end: Millis) -> bool {
        let end = end.max(start + 1);
        self.from.is_none_or(|f| end > f) && self.to.is_none_or(|t| start < t)
    }

    pub fn is_whole(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// A term asked about in the notes with no glossary entry, and where it was asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Wanted<'a> {
    pub term: &'a str,
    /// (index into [`Document::views`], the question sentence).
    pub asked: Vec<(usize, &'a str)>,
}

pub struct Document<'a> {
    pub episode: &'a Episode,
    pub glossary: &'a Glossary,
    pub views: &'a [NoteView],
    pub window: Window,
    /// The exported paragraphs, as indices into the episode's paragraphs, in order.
    pub paragraphs: Vec<usize>,
    /// Glossary mentions in each exported paragraph (parallel to `paragraphs`).
    pub mentions: Vec<Vec<Mention>>,
    /// The notes to show after each exported paragraph (parallel to `paragraphs`; indices
    /// into `views`), in time order.
    pub notes_after: Vec<Vec<usize>>,
    /// Range notes covering each exported paragraph (parallel to `paragraphs`).
    pub ranges: Vec<Vec<usize>>,
    /// Notes with no place in the episode (no time, and no confident auto-anchor); none in an
    /// excerpt.
    pub unplaced: Vec<usize>,
    /// The chapter heading to show before each exported paragraph, if one starts there.
    pub headings: Vec<Option<&'a Chapter>>,
}

impl<'a> Document<'a> {
    pub fn new(
        episode: &'a Episode,
        glossary: &'a Glossary,
        views: &'a [NoteView],
        window: Window,
    ) -> Document<'a> {
        let timed = episode.transcript.timed;
        let paragraphs: Vec<usize> = episode
            .paragraphs
            .iter()
            .enumerate()
            .filter(|(_, p)| !timed || window.overlaps(p.start, p.end))
            .map(|(i, _)| i)
            .collect();
        let mut document = Document {
            episode,
            glossary,
            views,
            window,
            notes_after: vec![Vec::new(); paragraphs.len()],
            ranges: vec![Vec::new(); paragraphs.len()],
            unplaced: Vec::new(),
            headings: Vec::new(),
            mentions: Vec::new(),
            paragraphs,
        };
        document.place_notes();
        document.headings = document.chapter_headings();
        document.mentions = document.find_mentions();
        document
    }

    /// Glossary mentions in each exported paragraph. The terms the notes ask about that the
    /// glossary lacks are looked for too, so that the longest match wins as it does between
    /// terms: "attention" inside "paged attention" is not the glossary's "attention" when
    /// "paged attention" is a term of its own, only not defined yet. Their matches are dropped.
    fn find_mentions(&self) -> Vec<Vec<Mention>> {
        const WANTED: usize = usize::MAX;
        let mut matcher = self.glossary.matcher().clone();
        for wanted in self.wanted() {
            matcher.add(wanted.term, WANTED);
        }
        self.paragraphs
            .iter()
            .map(|&i| {
                let mut mentions = matcher.find_all(&self.episode.paragraphs[i].text);
                mentions.retain(|m| m.entry != WANTED);
                mentions
            })
            .collect()
    }

    fn place_notes(&mut self) {
        let views = self.views;
        let mut order: Vec<usize> = (0..views.len()).collect();
        order.sort_by_key(|&i| views[i].placement.start());
        for index in order {
            let placement = &views[index].placement;
            let Some(start) = placement.start() else {
                // A note with no time belongs to the whole episode, not to an excerpt of it.
                if self.window.is_whole() {
                    self.unplaced.push(index);
                }
                continue;
            };
            let end = match placement {
                Placement::Exact { end: Some(end), .. } => *end,
                _ => start,
            };
            if !self.window.overlaps(start, end) || self.paragraphs.is_empty() {
                continue;
            }
            // With the paragraph spoken at the note's time, or the next one when the time falls
            // in a pause (notes say `1:10:00` for a chapter whose first words come at 1:10:01),
            // or the first exported one when a range began before the window.
            let at = self
                .paragraphs
                .partition_point(|&p| self.episode.paragraphs[p].end <= start)
                .min(self.paragraphs.len() - 1);
            self.notes_after[at].push(index);
            if let Placement::Exact { end: Some(_), .. } = placement {
                for (slot, &p) in self.paragraphs.iter().enumerate() {
                    let paragraph = &self.episode.paragraphs[p];
                    if placement.covers(paragraph.start, paragraph.end) {
                        self.ranges[slot].push(index);
                    }
                }
            }
        }
    }

    fn chapter_headings(&self) -> Vec<Option<&'a Chapter>> {
        let chapters = &self.episode.chapters;
        let mut shown: Option<Millis> = None;
        self.paragraphs
            .iter()
            .map(|&p| {
                let chapter = chapter_at(chapters, self.episode.paragraphs[p].start)?;
                if shown == Some(chapter.start) {
                    return None;
                }
                shown = Some(chapter.start);
                Some(chapter)
            })
            .collect()
    }

    pub fn paragraph(&self, slot: usize) -> &'a Paragraph {
        &self.episode.paragraphs[self.paragraphs[slot]]
    }

    pub fn title(&self) -> String {
        self.episode.title()
    }

    /// The display name of a paragraph's speaker (`episode.toml [speakers]` applied).
    pub fn speaker(&self, paragraph: &'a Paragraph) -> Option<&'a str> {
        paragraph
            .speaker
            .as_deref()
            .map(|label| self.episode.speaker_name(label))
    }

    /// A deep link to `start` (through `end`) of the episode's source.
    pub fn link(&self, start: Millis, end: Option<Millis>) -> Option<String> {
        deep_link(&self.episode.entry.meta.sources, start, end)
    }

    pub fn entry(&self, index: usize) -> &'a Entry {
        &self.glossary.entries()[index]
    }

    /// Exported paragraph `slot`'s text cut at its glossary mentions. A term comes as
    /// [`Run::Term`] only at its first mention since `linked` was last cleared (each format
    /// links a term once per section); later mentions stay text.
    pub fn runs<'t>(
        &self,
        slot: usize,
        text: &'t str,
        linked: &mut HashSet<usize>,
    ) -> Vec<Run<'t>> {
        let mut runs = Vec::new();
        let mut at = 0;
        for mention in &self.mentions[slot] {
            let (Some(before), Some(shown)) = (
                text.get(at..mention.range.start),
                text.get(mention.range.clone()),
            ) else {
                continue;
            };
            runs.push(Run::Text(before));
            if linked.insert(mention.entry) {
                runs.push(Run::Term {
                    entry: mention.entry,
                    shown,
                });
            } else {
                runs.push(Run::Text(shown));
            }
            at = mention.range.end;
        }
        runs.push(Run::Text(text.get(at..).unwrap_or_default()));
        runs
    }

    /// The notes shown in this export: placed ones in the window, then the unplaced.
    pub fn exported_notes(&self) -> Vec<usize> {
        let mut notes: Vec<usize> = self.notes_after.iter().flatten().copied().collect();
        notes.extend(&self.unplaced);
        notes
    }

    /// The terms asked about in the exported notes that the glossary lacks, in order of first
    /// asking.
    pub fn wanted(&self) -> Vec<Wanted<'a>> {
        let mut wanted: Vec<Wanted<'a>> = Vec::new();
        for index in self.exported_notes() {
            let view: &'a NoteView = &self.views[index];
            let unknown: Vec<&str> = view.wanted().collect();
            for question in &view.note.questions {
                for term in question
                    .terms
                    .iter()
                    .filter(|t| unknown.contains(&t.as_str()))
                {
                    let asked = (index, question.sentence.as_str());
                    match wanted.iter_mut().find(|w| w.term == term) {
                        Some(w) => w.asked.push(asked),
                        None => wanted.push(Wanted {
                            term,
                            asked: vec![asked],
                        }),
                    }
                }
            }
        }
        wanted
    }

    /// Every glossary entry mentioned in the exported paragraphs or linked from the exported
    /// notes, with its number of transcript mentions, in glossary order.
    pub fn linked_entries(&self) -> Vec<(usize, usize)> {
        let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
        for mention in self.mentions.iter().flatten() {
            *counts.entry(mention.entry).or_default() += 1;
        }
        for index in self.exported_notes() {
            for link in &self.views[index].links {
                if let Some(entry) = link
                    .entry
                    .as_deref()
                    .and_then(|t| self.glossary.find_index(t))
                {
                    counts.entry(entry).or_default();
                }
            }
        }
        counts.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_overlap_half_open_spans() {
        let w = Window {
            from: Some(10),
            to: Some(20),
        };
        assert!(w.overlaps(5, 11));
        assert!(!w.overlaps(5, 10));
        assert!(w.overlaps(19, 30));
        assert!(!w.overlaps(20, 30));
        assert!(w.overlaps(10, 10));
        assert!(Window::default().overlaps(0, 0));
    }
}

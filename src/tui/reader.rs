//! The Reader: the transcript with its time gutter, the notes at the current
//! position, and the selected term's definition. This file holds the state and what the keys do
//! to it; drawing is in [`render`], the wrap cache in [`layout`].

pub mod actions;
pub mod find;
pub mod follow;
pub mod jump;
pub mod layout;
pub mod render;

use std::sync::Arc;

use self::find::EpisodeSearch;
use self::layout::{DocLayout, Row};
use super::definition::DefinitionCache;
use crate::glossary::{EntryId, Glossary, Mention};
use crate::library::Episode;
use crate::model::chapters::chapter_at;
use crate::model::{Millis, Paragraph};
use crate::notes::library::EpisodeNotes;
use crate::notes::view::{NoteView, Placement, TermRef};

/// Which pane a narrow screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NarrowPane {
    Transcript,
    Notes,
    Definition,
}

/// Where the reader is, in a form that survives a resize: a paragraph, a byte offset in it, and
/// how many rows above that line (a chapter heading, a speaker line) are also in view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub paragraph: usize,
    pub offset: usize,
    pub lead: usize,
}

/// The glossary term selected on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectedTerm {
    pub paragraph: usize,
    pub mention: Mention,
}

pub struct Reader {
    pub episode: Episode,
    pub notes: Option<EpisodeNotes>,
    pub views: Vec<NoteView>,
    pub glossary: Arc<Glossary>,
    /// Glossary mentions per paragraph, found once when the episode or glossary changes.
    pub mentions: Vec<Vec<Mention>>,
    pub position: Position,
    pub layout: DocLayout,
    /// Rows of the transcript pane, for page movements.
    pub height: usize,
    pub selected: Option<SelectedTerm>,
    /// The paragraph a range selection started at (`v`).
    pub range_start: Option<usize>,
    pub search: Option<EpisodeSearch>,
    pub pane: NarrowPane,
    /// The selected term's definition as last drawn.
    pub definition: DefinitionCache,
    /// Where the reader was before following a mention or a hit within this episode: the first
    /// Back returns here, since the jump replaced the view without a screen to pop.
    pub came_from: Option<Position>,
    /// Listening along: what plays in this episode, and whether the view follows it.
    pub follow: follow::Follow,
}

impl Reader {
    /// A Reader over an episode and its notes as read (the worker reads them).
    pub fn new(episode: Episode, notes: Option<EpisodeNotes>, glossary: Arc<Glossary>) -> Reader {
        let mut reader = Reader {
            layout: DocLayout::build(&episode, 80),
            episode,
            notes,
            views: Vec::new(),
            mentions: Vec::new(),
            glossary,
            position: Position::default(),
            height: 20,
            selected: None,
            range_start: None,
            search: None,
            pane: NarrowPane::Transcript,
            definition: DefinitionCache::default(),
            came_from: None,
            follow: follow::Follow::default(),
        };
        reader.refresh_annotations();
        reader
    }

    /// Recomputes note views and term mentions (after the notes or the glossary changed).
    pub fn refresh_annotations(&mut self) {
        self.views = match &self.notes {
            Some(notes) if notes.exists() => notes.views(&self.episode, &self.glossary),
            _ => Vec::new(),
        };
        self.mentions = self
            .episode
            .paragraphs
            .iter()
            .map(|p| self.glossary.mentions(&p.text))
            .collect();
        self.selected = None;
    }

    /// The notes as read again after a write or an edit.
    pub fn set_notes(&mut self, notes: Option<EpisodeNotes>) {
        self.notes = notes;
        self.refresh_annotations();
    }

    pub fn set_glossary(&mut self, glossary: Arc<Glossary>) {
        let selected = self.selected_entry_term();
        self.glossary = glossary;
        self.refresh_annotations();
        if let Some(term) = selected {
            self.selected = self.find_visible_term(&term);
        }
    }

    /// Rebuilds the wrap cache for a new text width, keeping the position.
    pub fn resize(&mut self, width: usize, height: usize) {
        self.height = height.max(1);
        if self.layout.width != width {
            self.layout = DocLayout::build(&self.episode, width.max(10));
        }
    }

    pub fn top_row(&self) -> usize {
        let row = self
            .layout
            .row_of(self.position.paragraph, self.position.offset);
        row.saturating_sub(self.position.lead)
    }

    fn max_top(&self) -> usize {
        self.layout.rows.len().saturating_sub(self.height.max(1))
    }

    /// Scrolls so that `row` is the top row.
    pub fn scroll_to_row(&mut self, row: usize) {
        let row = row.min(self.max_top());
        self.position = self.position_of_row(row);
    }

    pub fn scroll_by(&mut self, delta: isize) {
        let top = self.top_row() as isize + delta;
        self.scroll_to_row(top.max(0) as usize);
    }

    fn position_of_row(&self, row: usize) -> Position {
        match self.layout.rows.get(row) {
            Some(Row::Text {
                paragraph, range, ..
            }) => Position {
                paragraph: *paragraph,
                offset: range.start,
                lead: 0,
            },
            _ => {
                let next = self.layout.first_row.partition_point(|&first| first <= row);
                match self.layout.first_row.get(next) {
                    Some(&first) => Position {
                        paragraph: next,
                        offset: 0,
                        lead: first - row,
                    },
                    None => {
                        let last = self.episode.paragraphs.len().saturating_sub(1);
                        Position {
                            paragraph: last,
                            offset: 0,
                            lead: 0,
                        }
                    }
                }
            }
        }
    }

    /// The paragraph at the top of the view.
    pub fn current_paragraph(&self) -> usize {
        self.position.paragraph
    }

    /// The time at the top of the view: the start of the segment shown there.
    pub fn current_time(&self) -> Millis {
        let Some(paragraph) = self.episode.paragraphs.get(self.position.paragraph) else {
            return 0;
        };
        let segment = paragraph.segment_at_offset(self.position.offset);
        self.episode
            .transcript
            .segments
            .get(segment)
            .map_or(paragraph.start, |s| s.start)
    }

    pub fn duration(&self) -> Millis {
        self.episode.duration()
    }

    /// Moves to the segment playing at `time`, with its paragraph's heading in view when the
    /// segment starts the paragraph.
    pub fn jump_to_time(&mut self, time: Millis) {
        if let Some((paragraph, offset)) = self.place_of_time(time) {
            self.jump_to(paragraph, offset);
        }
    }

    /// The paragraph and byte offset of the segment playing at `time`.
    fn place_of_time(&self, time: Millis) -> Option<(usize, usize)> {
        let segments = &self.episode.transcript.segments;
        if segments.is_empty() {
            return None;
        }
        // The segment playing at `time`, unless one starts a moment later: a jump to 1:10:00
        // should land on the cue that begins at 1:10:01, not on the one still running.
        let playing = segments
            .partition_point(|s| s.start <= time)
            .saturating_sub(1);
        let segment = match segments.get(playing + 1) {
            Some(next)
                if next.start.saturating_sub(time) <= 3_000 && segments[playing].start < time =>
            {
                playing + 1
            }
            _ => playing,
        };
        let paragraphs = &self.episode.paragraphs;
        let paragraph = paragraphs
            .partition_point(|p| p.segments.end <= segment)
            .min(paragraphs.len().saturating_sub(1));
        let offset = paragraphs[paragraph]
            .offsets
            .get(segment.saturating_sub(paragraphs[paragraph].segments.start))
            .copied()
            .unwrap_or(0);
        Some((paragraph, offset))
    }

    /// Moves to byte `offset` of `paragraph`.
    pub fn jump_to(&mut self, paragraph: usize, offset: usize) {
        let lead = if offset == 0 {
            self.lead_rows(paragraph)
        } else {
            0
        };
        self.position = Position {
            paragraph,
            offset,
            lead,
        };
        // Near the end, keep the view full rather than showing empty rows.
        if self.top_row() > self.max_top() {
            self.scroll_to_row(self.max_top());
        }
    }

    /// The heading and speaker rows just above a paragraph's text (not the blank that ends the
    /// previous paragraph).
    fn lead_rows(&self, paragraph: usize) -> usize {
        let Some(&first) = self.layout.first_row.get(paragraph) else {
            return 0;
        };
        let mut row = first;
        while row > 0 && !matches!(self.layout.rows[row - 1], Row::Text { .. }) {
            row -= 1;
        }
        if row > 0 {
            (first - row).saturating_sub(1)
        } else {
            first - row
        }
    }

    pub fn chapter_title(&self) -> Option<&str> {
        chapter_at(&self.episode.chapters, self.current_time()).map(|c| c.title.as_str())
    }

    /// Notes placed in the current paragraph or covering it. A note belongs to the paragraph
    /// holding its moment (`Placement::paragraph`), so the pane agrees with `]` and the gutter.
    pub fn notes_here(&self) -> Vec<&NoteView> {
        let here = self.position.paragraph;
        let Some(paragraph) = self.episode.paragraphs.get(here) else {
            return Vec::new();
        };
        let paragraphs = &self.episode.paragraphs;
        self.views
            .iter()
            .filter(|v| {
                v.placement.paragraph(paragraphs) == Some(here)
                    || range_covers(&v.placement, paragraph)
            })
            .collect()
    }

    /// Whether a note is placed at (not merely covering) paragraph `index`.
    pub fn has_note_at(&self, index: usize) -> bool {
        let paragraphs = &self.episode.paragraphs;
        self.views
            .iter()
            .any(|v| v.placement.paragraph(paragraphs) == Some(index))
    }

    /// Whether a range note covers paragraph `index`.
    pub fn in_range_note(&self, index: usize) -> bool {
        let Some(paragraph) = self.episode.paragraphs.get(index) else {
            return false;
        };
        self.views
            .iter()
            .any(|v| range_covers(&v.placement, paragraph))
    }

    /// The paragraphs notes are placed at, in order, each once: what `]` and `[` visit.
    fn note_paragraphs(&self) -> Vec<usize> {
        let paragraphs = &self.episode.paragraphs;
        let mut found: Vec<usize> = self
            .views
            .iter()
            .filter_map(|v| v.placement.paragraph(paragraphs))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// `]`: the first note placed after the current paragraph. False when there is none.
    pub fn next_note(&mut self) -> bool {
        let here = self.position.paragraph;
        let target = self.note_paragraphs().into_iter().find(|p| *p > here);
        target.map(|p| self.jump_to(p, 0)).is_some()
    }

    /// `[`: the last note placed before the current paragraph.
    pub fn previous_note(&mut self) -> bool {
        let here = self.position.paragraph;
        let target = self.note_paragraphs().into_iter().rev().find(|p| *p < here);
        target.map(|p| self.jump_to(p, 0)).is_some()
    }

    fn paragraph_start(&self) -> Millis {
        self.episode
            .paragraphs
            .get(self.position.paragraph)
            .map_or(0, |p| p.start)
    }

    /// `}`: the next chapter.
    pub fn next_chapter(&mut self) -> bool {
        let here = self.current_time();
        let next = self
            .episode
            .chapters
            .iter()
            .find(|c| c.start > here)
            .map(|c| c.start);
        next.map(|t| self.jump_to_time(t)).is_some()
    }

    /// `{`: the start of this chapter, or the previous one when already at its start.
    pub fn previous_chapter(&mut self) -> bool {
        let here = self.paragraph_start();
        let previous = self
            .episode
            .chapters
            .iter()
            .rev()
            .find(|c| c.start < here)
            .map(|c| c.start);
        previous.map(|t| self.jump_to_time(t)).is_some()
    }

    /// The term mentions in view, in reading order, with their paragraphs.
    pub fn visible_terms(&self) -> Vec<SelectedTerm> {
        let top = self.top_row();
        let mut found = Vec::new();
        for row in self.layout.rows.iter().skip(top).take(self.height) {
            if let Row::Text {
                paragraph, range, ..
            } = row
            {
                for mention in self.mentions.get(*paragraph).into_iter().flatten() {
                    let starts_here = mention.range.start >= range.start
                        && mention.range.start < range.end.max(range.start + 1);
                    if starts_here {
                        found.push(SelectedTerm {
                            paragraph: *paragraph,
                            mention: mention.clone(),
                        });
                    }
                }
            }
        }
        found
    }

    /// `Tab` / `Shift-Tab`: the next or previous term on screen. False when none is in view.
    pub fn cycle_term(&mut self, forward: bool) -> bool {
        let terms = self.visible_terms();
        if terms.is_empty() {
            self.selected = None;
            return false;
        }
        let current = self
            .selected
            .as_ref()
            .and_then(|s| terms.iter().position(|t| t == s));
        let index = match (current, forward) {
            (Some(i), true) => (i + 1) % terms.len(),
            (Some(i), false) => (i + terms.len() - 1) % terms.len(),
            (None, true) => 0,
            (None, false) => terms.len() - 1,
        };
        self.selected = Some(terms[index].clone());
        true
    }

    /// The glossary term of the selection.
    pub fn selected_entry_term(&self) -> Option<String> {
        let selected = self.selected.as_ref()?;
        self.glossary
            .get(self.glossary.mention_id(&selected.mention))
            .map(|e| e.term.clone())
    }

    /// The first term the notes here ask about, else the first they link: what the definition
    /// pane shows when no term is selected, so reading a note brings up what it is about without
    /// Tab. A question comes first because it says what the listener wants explained.
    pub fn note_term(&self) -> Option<&TermRef> {
        self.notes_here()
            .into_iter()
            .find_map(|v| v.asks.first().or(v.links.first()))
    }

    /// The glossary entry the definition pane shows: the selected term's, else the note term's.
    pub fn definition_entry(&self) -> Option<EntryId> {
        match &self.selected {
            Some(selected) => Some(self.glossary.mention_id(&selected.mention)),
            None => {
                let term = self.note_term()?.entry.as_deref()?;
                self.glossary.find_id(term)
            }
        }
    }

    fn find_visible_term(&self, term: &str) -> Option<SelectedTerm> {
        self.visible_terms().into_iter().find(|t| {
            self.glossary
                .entries()
                .get(t.mention.entry)
                .is_some_and(|e| e.term == term)
        })
    }

    /// Runs an in-episode search and moves to the first hit at or after the current paragraph.
    pub fn search(&mut self, query: &str) -> usize {
        let search = EpisodeSearch::new(query, &self.episode.paragraphs);
        let count = search.hits.len();
        let here = self.position.paragraph;
        let target = search
            .hits
            .iter()
            .find(|(p, _)| *p >= here)
            .or(search.hits.first())
            .map(|(p, r)| (*p, r.first().map_or(0, |r| r.start)));
        self.search = Some(search);
        if let Some((paragraph, offset)) = target {
            self.jump_to(paragraph, offset);
        }
        count
    }

    /// Which hit of the in-episode search the reader is on, and how many there are: `(k, n)`
    /// with `k` counted from 1, or `None` for `k` when the current paragraph is not a hit.
    pub fn match_position(&self) -> Option<(Option<usize>, usize)> {
        let search = self.search.as_ref()?;
        let here = self.position.paragraph;
        let k = search.hits.iter().position(|(p, _)| *p == here);
        Some((k.map(|k| k + 1), search.hits.len()))
    }

    /// `n` / `N`. False without a search or hits.
    pub fn next_match(&mut self, forward: bool) -> bool {
        let here = self.position.paragraph;
        let target = self.search.as_ref().and_then(|s| {
            if forward {
                s.next_after(here)
            } else {
                s.previous_before(here)
            }
        });
        match target {
            Some((paragraph, offset)) => {
                self.jump_to(paragraph, offset);
                true
            }
            None => false,
        }
    }

    /// The time or range a new note gets: the selection's span, or the current time.
    pub fn note_span(&self) -> (Millis, Option<Millis>) {
        let here = self.current_time();
        match self.range_start {
            Some(start) => {
                let paragraphs = &self.episode.paragraphs;
                let (a, b) = (
                    start.min(self.position.paragraph),
                    start.max(self.position.paragraph),
                );
                let from = paragraphs.get(a).map_or(here, |p| p.start);
                let to = paragraphs.get(b).map_or(here, |p| p.end);
                (from, Some(to.max(from)))
            }
            None => (here, None),
        }
    }

    /// The first auto-anchored note at the current position, for `p`.
    pub fn auto_note_here(&self) -> Option<&NoteView> {
        self.notes_here()
            .into_iter()
            .find(|v| matches!(v.placement, Placement::Auto { .. }))
    }
}

/// Whether `placement` is a written range that overlaps `paragraph`.
fn range_covers(placement: &Placement, paragraph: &Paragraph) -> bool {
    match *placement {
        Placement::Exact {
            start,
            end: Some(end),
        } => paragraph.start < end && paragraph.end.max(paragraph.start + 1) > start,
        _ => false,
    }
}

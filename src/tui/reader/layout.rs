//! The transcript as rows at one pane width: chapter headings, speaker lines, wrapped text and
//! blank separators. Built once per width (the wrap cache), then only the visible rows are drawn.

use std::ops::Range;

use crate::library::Episode;
use crate::tui::wrap::wrap;

/// What one row of the transcript pane shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Blank,
    /// A chapter title (index into the episode's chapters).
    Chapter(usize),
    /// The speaker of the paragraph that follows.
    Speaker(usize),
    /// A line of paragraph `paragraph`'s text; `first` on its first line.
    Text {
        paragraph: usize,
        range: Range<usize>,
        first: bool,
    },
}

#[derive(Debug, Clone)]
pub struct DocLayout {
    pub width: usize,
    pub rows: Vec<Row>,
    /// For each paragraph, the index of its first text row.
    pub first_row: Vec<usize>,
}

impl DocLayout {
    pub fn build(episode: &Episode, width: usize) -> DocLayout {
        let mut rows = Vec::new();
        let mut first_row = Vec::with_capacity(episode.paragraphs.len());
        let mut chapter = 0;
        let mut previous_speaker: Option<&str> = None;
        for (i, paragraph) in episode.paragraphs.iter().enumerate() {
            let mut new_chapter = false;
            while chapter < episode.chapters.len()
                && episode.chapters[chapter].start <= paragraph.start
            {
                if !rows.is_empty() && !matches!(rows.last(), Some(Row::Blank)) {
                    rows.push(Row::Blank);
                }
                rows.push(Row::Chapter(chapter));
                rows.push(Row::Blank);
                chapter += 1;
                new_chapter = true;
            }
            let speaker = paragraph.speaker.as_deref();
            if speaker.is_some() && (speaker != previous_speaker || new_chapter) {
                rows.push(Row::Speaker(i));
            }
            previous_speaker = speaker;
            first_row.push(rows.len());
            for (n, range) in wrap(&paragraph.text, width).into_iter().enumerate() {
                rows.push(Row::Text {
                    paragraph: i,
                    range,
                    first: n == 0,
                });
            }
            rows.push(Row::Blank);
        }
        DocLayout {
            width,
            rows,
            first_row,
        }
    }

    /// The paragraph a row belongs to: its own, or for headings and blanks the next one.
    pub fn paragraph_at(&self, row: usize) -> Option<usize> {
        let after = self.first_row.partition_point(|&first| first <= row);
        match self.rows.get(row) {
            Some(Row::Text { paragraph, .. }) => Some(*paragraph),
            Some(Row::Speaker(p)) => Some(*p),
            _ => {
                // A blank or heading row: the paragraph below it, else the last one.
                if after < self.first_row.len() {
                    Some(after)
                } else {
                    self.first_row.len().checked_sub(1)
                }
            }
        }
    }

    /// The row showing byte `offset` of paragraph `paragraph`.
    pub fn row_of(&self, paragraph: usize, offset: usize) -> usize {
        let Some(&first) = self.first_row.get(paragraph) else {
            return self.rows.len().saturating_sub(1);
        };
        let mut row = first;
        while let Some(Row::Text {
            paragraph: p,
            range,
            ..
        }) = self.rows.get(row + 1)
        {
            if *p != paragraph || range.start > offset {
                break;
            }
            row += 1;
        }
        row
    }
}

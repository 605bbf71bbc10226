//! Drawing the Reader: a pure function of its state. Only the rows in view are
//! turned into spans.

use std::ops::Range;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Paragraph, Tabs, Wrap};

use super::layout::Row;
use super::{NarrowPane, Reader};
use crate::formats::text::sanitize_line;
use crate::model::time::format_time;
use crate::notes::line::{AnchorForm, anchor_label};
use crate::notes::view::NoteView;
use crate::tui::action::Action;
use crate::tui::definition::{WantedPlace, definition_text, wanted_text};
use crate::tui::hints::Segment;
use crate::tui::keymap::Keymap;
use crate::tui::theme;
use crate::tui::wanted_uses::TermUses;

/// Columns of the time gutter: time, note marker, range bar, space.
pub const GUTTER: usize = 12;

/// Where the Reader's panes go on a screen of this size (three columns from 100
/// columns, notes over definition from 60, one pane with tabs below that).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderAreas {
    pub transcript: Option<Rect>,
    pub notes: Option<Rect>,
    pub definition: Option<Rect>,
    pub tabs: Option<Rect>,
}

pub fn reader_areas(body: Rect, pane: NarrowPane) -> ReaderAreas {
    if body.width >= 100 {
        let [transcript, notes, definition] = Layout::horizontal([
            Constraint::Percentage(50),
            Constraint::Percentage(25),
            Constraint::Percentage(25),
        ])
        .areas(body);
        ReaderAreas {
            transcript: Some(transcript),
            notes: Some(notes),
            definition: Some(definition),
            tabs: None,
        }
    } else if body.width >= 60 {
        let [transcript, side] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                .areas(body);
        let [notes, definition] =
            Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(side);
        ReaderAreas {
            transcript: Some(transcript),
            notes: Some(notes),
            definition: Some(definition),
            tabs: None,
        }
    } else {
        let [tabs, _] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
        let mut areas = ReaderAreas {
            transcript: None,
            notes: None,
            definition: None,
            tabs: Some(tabs),
        };
        match pane {
            NarrowPane::Transcript => areas.transcript = Some(pane_area(pane, body, tabs)),
            NarrowPane::Notes => areas.notes = Some(pane_area(pane, body, tabs)),
            NarrowPane::Definition => areas.definition = Some(pane_area(pane, body, tabs)),
        }
        areas
    }
}

fn pane_area(_pane: NarrowPane, body: Rect, tabs: Rect) -> Rect {
    Rect {
        y: tabs.y + 1,
        height: body.height.saturating_sub(1),
        ..body
    }
}

/// The text width and height of the transcript pane inside its border and gutter.
pub fn transcript_text_size(area: Rect) -> (usize, usize) {
    let inner_width = area.width.saturating_sub(2) as usize;
    (
        inner_width.saturating_sub(GUTTER).max(10),
        area.height.saturating_sub(2) as usize,
    )
}

pub fn draw(
    reader: &Reader,
    frame: &mut Frame,
    body: Rect,
    library_count: Option<usize>,
    keymap: &Keymap,
    uses: Option<&TermUses>,
) {
    let areas = reader_areas(body, reader.pane);
    if let Some(tabs) = areas.tabs {
        let notes = reader.notes_here().len();
        let titles = vec![
            "1 Transcript".to_string(),
            format!("2 Notes ({notes})"),
            "3 Definition".to_string(),
        ];
        let selected = match reader.pane {
            NarrowPane::Transcript => 0,
            NarrowPane::Notes => 1,
            NarrowPane::Definition => 2,
        };
        frame.render_widget(
            Tabs::new(titles)
                .select(selected)
                .highlight_style(theme::selected()),
            tabs,
        );
    }
    if let Some(area) = areas.transcript {
        draw_transcript(reader, frame, area);
    }
    if let Some(area) = areas.notes {
        draw_notes(reader, frame, area, keymap);
    }
    if let Some(area) = areas.definition {
        draw_definition(reader, frame, area, library_count, keymap, uses);
    }
}

fn draw_transcript(reader: &Reader, frame: &mut Frame, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border())
        .title(" Transcript ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let top = reader.top_row();
    let lines: Vec<Line> = reader
        .layout
        .rows
        .iter()
        .skip(top)
        .take(inner.height as usize)
        .map(|row| row_line(reader, row))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn row_line<'a>(reader: &'a Reader, row: &'a Row) -> Line<'a> {
    let episode = &reader.episode;
    match row {
        Row::Blank => Line::default(),
        Row::Chapter(index) => {
            let chapter = &episode.chapters[*index];
            Line::from(vec![
                Span::styled(
                    format!("{:>8}   ", format_time(chapter.start)),
                    theme::dim(),
                ),
                Span::styled(format!("── {} ──", chapter.title), theme::chapter()),
            ])
        }
        Row::Speaker(paragraph) => {
            let label = episode.paragraphs[*paragraph]
                .speaker
                .as_deref()
                .unwrap_or_default();
            let name = episode.speaker_name(label);
            Line::from(vec![
                Span::raw(" ".repeat(GUTTER)),
                Span::styled(name.to_string(), theme::speaker(name)),
            ])
        }
        Row::Text {
            paragraph,
            range,
            first,
        } => {
            let p = &episode.paragraphs[*paragraph];
            let time = if *first && episode.transcript.timed {
                format!("{:>8}", format_time(p.start))
            } else {
                " ".repeat(8)
            };
            let time_style = if *paragraph == reader.position.paragraph {
                theme::current_time()
            } else {
                theme::dim()
            };
            let marker = if *first && reader.has_note_at(*paragraph) {
                Span::styled(" ●", theme::note_marker())
            } else {
                Span::raw("  ")
            };
            let bar = if reader.in_range_note(*paragraph) {
                Span::styled("┃ ", theme::range_bar())
            } else {
                Span::raw("  ")
            };
            let mut spans = vec![Span::styled(time, time_style), marker, bar];
            spans.extend(text_spans(reader, *paragraph, range.clone()));
            Line::from(spans)
        }
    }
}

/// The text of one row, with glossary terms underlined, the selected term reversed, search
/// matches highlighted and a range selection shaded.
fn text_spans(reader: &Reader, paragraph: usize, line: Range<usize>) -> Vec<Span<'_>> {
    let text = &reader.episode.paragraphs[paragraph].text;
    let base = match reader.range_start {
        Some(start)
            if (start.min(reader.position.paragraph)..=start.max(reader.position.paragraph))
                .contains(&paragraph) =>
        {
            theme::selection()
        }
        _ => Style::default(),
    };
    let mut marks: Vec<(Range<usize>, Style)> = Vec::new();
    for mention in reader.mentions.get(paragraph).into_iter().flatten() {
        let selected = reader
            .selected
            .as_ref()
            .is_some_and(|s| s.paragraph == paragraph && s.mention == *mention);
        let style = if selected {
            theme::selected_term()
        } else {
            theme::term()
        };
        marks.push((mention.range.clone(), style));
    }
    if let Some(search) = &reader.search {
        for range in search.ranges_in(paragraph) {
            marks.push((range.clone(), theme::search_match()));
        }
    }
    if let Some((segment, word)) = reader.playing_marks(paragraph) {
        // First, so a term or a match inside the playing segment keeps its own look on top.
        marks.insert(0, (segment, theme::playing()));
        if let Some(word) = word {
            marks.insert(1, (word, theme::playing_word()));
        }
    }
    // Cut the line at every mark boundary, then style each piece by the marks covering it.
    let mut cuts = vec![line.start, line.end];
    for (range, _) in &marks {
        for at in [range.start, range.end] {
            if at > line.start && at < line.end {
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter_map(|w| {
            let piece = text.get(w[0]..w[1])?;
            let style = marks
                .iter()
                .filter(|(r, _)| r.start <= w[0] && r.end >= w[1])
                .fold(base, |style, (_, mark)| style.patch(*mark));
            Some(Span::styled(piece, style))
        })
        .collect()
}

fn draw_notes(reader: &Reader, frame: &mut Frame, area: Rect, keymap: &Keymap) {
    let here = reader.notes_here();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border())
        .title(format!(" Notes ({}) ", here.len()));
    let mut lines: Vec<Line> = Vec::new();
    if reader.notes.is_none() {
        lines.push(Line::styled(
            "This episode is a bare file: import it to take notes.",
            theme::dim(),
        ));
    } else if here.is_empty() {
        lines.push(Line::styled("No note here.", theme::dim()));
        lines.push(Line::styled("a  add a note   ]  next note", theme::dim()));
    }
    for view in here {
        lines.extend(note_lines(view));
        lines.push(Line::default());
    }
    let unplaced = crate::tui::unplaced::unplaced_notes(&reader.views).len();
    if unplaced > 0 {
        lines.push(Line::styled(
            format!(
                "{unplaced} {} without a sure place ({} lists them)",
                if unplaced == 1 { "note" } else { "notes" },
                keymap.hint(Action::Unplaced)
            ),
            theme::dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(Text::from(lines))
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn note_lines(view: &NoteView) -> Vec<Line<'_>> {
    let anchor = anchor_label(&view.placement, AnchorForm::Pane);
    let mut lines = vec![Line::styled(anchor, theme::note_anchor())];
    // A note's text is the user's file, perhaps imported from the web: shown, never obeyed.
    lines.extend(view.note.text.lines().map(|l| Line::raw(sanitize_line(l))));
    let wanted: Vec<&str> = view.wanted().collect();
    if !wanted.is_empty() {
        lines.push(Line::styled(
            sanitize_line(&format!("asks: {}", wanted.join(", "))),
            theme::wanted(),
        ));
    }
    lines
}

fn draw_definition(
    reader: &Reader,
    frame: &mut Frame,
    area: Rect,
    library_count: Option<usize>,
    keymap: &Keymap,
    uses: Option<&TermUses>,
) {
    let entry = reader
        .definition_entry()
        .and_then(|id| Some((id, reader.glossary.get(id)?)));
    let title = match entry {
        Some((_, entry)) => format!(" Definition: {} ", entry.term),
        None => " Definition ".to_string(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::border())
        .title(title);
    let text = match entry {
        Some((id, entry)) => {
            // The count is for the selected term; a term shown for a note gets its count when
            // it is selected.
            let count = library_count.filter(|_| reader.selected.is_some());
            let key = (Arc::as_ptr(&reader.glossary) as usize, id, count);
            reader.definition.get(key, || definition_text(entry, count))
        }
        None => {
            // No term selected: the first term the notes here ask about without an entry.
            let here = reader.notes_here();
            let wanted = reader
                .note_term()
                .filter(|t| t.entry.is_none())
                .map(|t| t.text.clone());
            match wanted {
                Some(term) => {
                    let places: Vec<WantedPlace> = here
                        .iter()
                        .flat_map(|v| {
                            let term = term.clone();
                            v.note
                                .questions
                                .iter()
                                .filter(move |q| q.terms.contains(&term))
                                .map(move |q| WantedPlace {
                                    episode: reader.episode.entry.slug.clone(),
                                    note: v.note.index + 1,
                                    time: v.placement.start().map(format_time),
                                    question: q.sentence.clone(),
                                })
                        })
                        .collect();
                    let uses = Some(uses.unwrap_or(&TermUses::Pending));
                    wanted_text(&term, &places, &keymap.hint(Action::Define), uses)
                }
                None => Text::from(vec![
                    Line::styled(
                        format!(
                            "{} selects a glossary term on screen;",
                            keymap.hint(Action::NextTerm)
                        ),
                        theme::dim(),
                    ),
                    Line::styled("its definition shows here.", theme::dim()),
                ]),
            }
        }
    };
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
        area,
    );
}

/// A compact, always-visible style for the status line text.
/// The Reader's part of the status line: title, chapter, time and mode. On a narrow line the
/// chapter goes first, then the title; the time and the mode stay.
pub fn status_segments(reader: &Reader, mode: &str) -> Vec<Segment> {
    let mut segments = vec![Segment {
        span: Span::styled(
            format!(" {} ", reader.episode.title()),
            Style::default().bold(),
        ),
        priority: 3,
    }];
    if let Some(chapter) = reader.chapter_title() {
        segments.push(Segment {
            span: Span::styled(format!("· {chapter} "), theme::dim()),
            priority: 4,
        });
    }
    if let Some(found) = match_status(reader) {
        segments.push(Segment {
            span: Span::styled(found, theme::search_match()),
            priority: 2,
        });
    }
    segments.push(Segment {
        span: Span::styled(
            format!(
                "· {} / {} ",
                format_time(reader.current_time()),
                format_time(reader.duration())
            ),
            Style::default().fg(Color::Cyan),
        ),
        priority: 0,
    });
    segments.push(Segment {
        span: Span::styled(
            format!("· {mode} "),
            Style::default().add_modifier(Modifier::REVERSED),
        ),
        priority: 1,
    });
    segments
}

/// "match k of n" while a find is active, so `n` and `N` say where they are in the hits.
pub fn match_status(reader: &Reader) -> Option<String> {
    match reader.match_position()? {
        (_, 0) => None,
        (Some(k), n) => Some(format!("· match {k} of {n} ")),
        (None, n) => Some(format!("· {n} matches ")),
    }
}

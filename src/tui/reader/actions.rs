//! What the keys do in the Reader: movement changes the state here; notes, terms, pins, sources
//! and the editor come back as [`Command`]s for the router and the worker.

use super::{NarrowPane, Reader};
use crate::model::Millis;
use crate::model::time::format_time;
use crate::tui::action::Action;
use crate::tui::command::Command;
use crate::tui::forms::PromptKind;
use crate::tui::keymap::Keymap;
use crate::tui::screen::Ctx;

impl Reader {
    /// Handles an action; what it needs beyond the Reader's own state comes back as a command.
    pub fn act(&mut self, action: Action, ctx: &Ctx) -> Option<Command> {
        let half = (self.height as isize / 2).max(1);
        let full = (self.height as isize - 2).max(1);
        match action {
            Action::LineDown => self.scroll_by(1),
            Action::LineUp => self.scroll_by(-1),
            Action::HalfPageDown => self.scroll_by(half),
            Action::HalfPageUp => self.scroll_by(-half),
            Action::PageDown => self.scroll_by(full),
            Action::PageUp => self.scroll_by(-full),
            Action::Top => self.jump_to(0, 0),
            Action::Bottom => self.scroll_to_row(usize::MAX),
            Action::Jump => return Some(Command::Prompt(PromptKind::Jump)),
            Action::Search => return Some(Command::Prompt(PromptKind::Find)),
            Action::Back => return self.back(ctx.keymap),
            Action::ShowTranscript | Action::ShowNotes | Action::ShowDefinition => {
                self.pane = match action {
                    Action::ShowTranscript => NarrowPane::Transcript,
                    Action::ShowNotes => NarrowPane::Notes,
                    _ => NarrowPane::Definition,
                };
                return Some(Command::Relayout);
            }
            _ => return self.act_on_content(action, ctx.keymap),
        }
        None
    }

    /// Esc first clears what is selected, then returns to where a followed mention jumped
    /// from, then leaves.
    fn back(&mut self, keys: &Keymap) -> Option<Command> {
        if self.range_start.is_some() || self.selected.is_some() || self.search.is_some() {
            self.range_start = None;
            self.selected = None;
            self.search = None;
            return None;
        }
        if let Some(position) = self.came_from.take() {
            self.jump_to(position.paragraph, position.offset);
            return Some(Command::info(format!(
                "back where you were, at {} · {} leaves the episode",
                format_time(self.current_time()),
                keys.hint(Action::Back)
            )));
        }
        Some(Command::Back)
    }

    /// Actions on notes, chapters, matches and terms.
    fn act_on_content(&mut self, action: Action, keys: &Keymap) -> Option<Command> {
        let complain = |moved: bool, text: &str| (!moved).then(|| Command::info(text));
        match action {
            Action::NextNote => complain(self.next_note(), "no note after this point"),
            Action::PreviousNote => complain(self.previous_note(), "no note before this point"),
            Action::NextChapter | Action::PreviousChapter if self.episode.chapters.is_empty() => {
                Some(Command::info("this episode has no chapters"))
            }
            Action::NextChapter => complain(self.next_chapter(), "this is the last chapter"),
            Action::PreviousChapter => {
                complain(self.previous_chapter(), "this is the first chapter")
            }
            Action::NextMatch | Action::PreviousMatch => {
                if self.search.is_none() {
                    Some(Command::info(format!(
                        "no search yet: {} finds in the episode",
                        keys.hint(Action::Search)
                    )))
                } else {
                    let moved = self.next_match(action == Action::NextMatch);
                    complain(moved, "no matches in this episode")
                }
            }
            Action::NextTerm | Action::PreviousTerm => {
                if self.cycle_term(action == Action::NextTerm) {
                    self.selected_entry_term().map(Command::CountMentions)
                } else {
                    Some(Command::info("no glossary terms on screen"))
                }
            }
            Action::Open => Some(match self.selected_entry_term() {
                Some(term) => Command::Mentions(term),
                None => Command::info(format!(
                    "{} selects a term first; {} then lists its mentions",
                    keys.hint(Action::NextTerm),
                    keys.hint(Action::Open)
                )),
            }),
            Action::Define => {
                let term = self.selected_entry_term().or_else(|| {
                    self.notes_here()
                        .into_iter()
                        .find_map(|v| v.wanted().next().map(str::to_string))
                });
                Some(Command::DefineForm(term))
            }
            _ => self.act_on_notes(action, keys),
        }
    }

    /// Actions that write: a range, a note, a pin, an edit. (`o`, which plays the source, is the
    /// router's: see `app/listen.rs`.)
    fn act_on_notes(&mut self, action: Action, keys: &Keymap) -> Option<Command> {
        match action {
            Action::Select => {
                self.range_start = match self.range_start {
                    Some(_) => None,
                    None => Some(self.current_paragraph()),
                };
                self.range_start.map(|_| {
                    Command::info(format!(
                        "selecting a range: move, then {} adds a note over it ({} cancels)",
                        keys.hint(Action::AddNote),
                        keys.hint(Action::Select)
                    ))
                })
            }
            Action::AddNote => Some(self.add_note()),
            Action::Pin => Some(self.pin_here()),
            Action::Edit => {
                let path = match self.selected.as_ref() {
                    Some(s) => self
                        .glossary
                        .entries()
                        .get(s.mention.entry)
                        .map(|e| e.path.clone()),
                    None => self.notes.as_ref().map(|n| n.path.clone()),
                };
                Some(match path {
                    Some(path) => Command::Edit(path),
                    None => Command::error("nothing to edit here: this episode has no notes file"),
                })
            }
            Action::CopyQuote => Some(self.copy_quote()),
            Action::Unplaced => Some(match self.notes {
                Some(_) => Command::OpenUnplaced,
                None => Command::error("this episode is a bare file: it has no notes to place"),
            }),
            _ => None,
        }
    }

    fn add_note(&self) -> Command {
        if self.notes.is_none() {
            return Command::error("this episode is a bare file: import it to give it a notes.md");
        }
        let (start, end) = self.note_span();
        Command::NoteForm(note_prefill(start, end))
    }

    /// The command that saves a note typed in the add-note form.
    pub fn save_note(&mut self, text: &str) -> Option<Command> {
        if text.trim().is_empty() {
            return None;
        }
        let notes = self.notes.clone()?;
        self.range_start = None;
        Some(Command::SaveNote {
            slug: self.episode.entry.slug.clone(),
            notes: Box::new(notes),
            text: text.to_string(),
        })
    }

    fn pin_here(&self) -> Command {
        let Some(view) = self.auto_note_here() else {
            return Command::info("no auto-anchored note here to pin");
        };
        let (index, time) = (view.note.index, view.placement.start().unwrap_or(0));
        match &self.notes {
            Some(notes) => Command::Pin {
                slug: self.episode.entry.slug.clone(),
                notes: Box::new(notes.clone()),
                index,
                time,
            },
            None => Command::info("no auto-anchored note here to pin"),
        }
    }

    /// The paragraph at the top of the view, or the `v` selection up to it, as a quote with
    /// its moment; the event loop puts it on the clipboard.
    fn copy_quote(&mut self) -> Command {
        let to = self.current_paragraph();
        let from = self.range_start.unwrap_or(to);
        match crate::export::quote::quote_paragraphs(&self.episode, from, to) {
            Some(quote) => {
                self.range_start = None;
                Command::Copy {
                    text: quote.text,
                    summary: quote.summary,
                }
            }
            None => Command::info("nothing to copy here"),
        }
    }

    /// The source at the current time for a person to open: the video at its `t=`, else the
    /// page, else the audio's URL.
    pub fn source_link(&self) -> Option<String> {
        let sources = &self.episode.entry.meta.sources;
        let seconds = self.current_time() / 1000;
        match (&sources.video, &sources.web, &sources.audio) {
            (Some(video), _, _) => Some(with_time(video, seconds)),
            (None, Some(web), _) => Some(web.clone()),
            (None, None, Some(audio)) if audio.contains("://") => Some(audio.clone()),
            _ => None,
        }
    }
}

/// What the add-note form starts with: the note's moment, as the notes file writes it.
pub fn note_prefill(start: Millis, end: Option<Millis>) -> String {
    match end {
        Some(end) => format!("[{}-{}] ", format_time(start), format_time(end)),
        None => format!("[{}] ", format_time(start)),
    }
}

/// A video URL at a time: YouTube's `t=` parameter.
fn with_time(url: &str, seconds: u64) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}t={seconds}")
}

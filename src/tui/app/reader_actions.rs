//! What the keys do in the Reader, beyond moving: notes, terms, pins, sources. Split from
//! `app.rs` to keep one concern per file; the state is the [`App`]'s.

use std::path::PathBuf;

use super::{App, Effect, IndexState, Overlay, Screen};
use crate::model::time::format_time;
use crate::tui::action::Action;
use crate::tui::forms::{NoteForm, Prompt, PromptKind};
use crate::tui::reader::NarrowPane;

impl App {
    pub(super) fn reader_action(&mut self, action: Action, page: isize) {
        let Some(Screen::Reader(reader)) = self.screens.last_mut() else {
            return;
        };
        let half = (reader.height as isize / 2).max(1);
        let full = (reader.height as isize - 2).max(1);
        let _ = page;
        match action {
            Action::LineDown => reader.scroll_by(1),
            Action::LineUp => reader.scroll_by(-1),
            Action::HalfPageDown => reader.scroll_by(half),
            Action::HalfPageUp => reader.scroll_by(-half),
            Action::PageDown => reader.scroll_by(full),
            Action::PageUp => reader.scroll_by(-full),
            Action::Top => reader.jump_to(0, 0),
            Action::Bottom => reader.scroll_to_row(usize::MAX),
            Action::Jump => self.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::Jump))),
            Action::Search => self.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::Find))),
            Action::NextNote => complain(
                &mut self.message,
                reader.next_note(),
                "no note after this point",
            ),
            Action::PreviousNote => complain(
                &mut self.message,
                reader.previous_note(),
                "no note before this point",
            ),
            Action::NextChapter => complain(
                &mut self.message,
                reader.next_chapter(),
                "this is the last chapter",
            ),
            Action::PreviousChapter => complain(
                &mut self.message,
                reader.previous_chapter(),
                "this is the first chapter",
            ),
            Action::NextMatch | Action::PreviousMatch => {
                if reader.search.is_none() {
                    self.tell("no search yet: / finds in the episode");
                } else if !reader.next_match(action == Action::NextMatch) {
                    self.tell("no matches in this episode");
                }
            }
            Action::NextTerm | Action::PreviousTerm => {
                if reader.cycle_term(action == Action::NextTerm) {
                    if reader.pane == NarrowPane::Transcript && self.size.width < 60 {
                        // One pane at a time: the definition is what the user asked to see.
                    }
                    self.update_term_count();
                } else {
                    self.tell("no glossary terms on screen");
                }
            }
            Action::Open => {
                let entry = reader.selected.as_ref().map(|s| s.mention.entry);
                match entry {
                    Some(entry) => self.open_mentions(entry),
                    None => self.tell("Tab selects a term first; Enter then lists its mentions"),
                }
            }
            Action::Define => {
                let term = reader.selected_entry_term().or_else(|| {
                    reader
                        .notes_here()
                        .into_iter()
                        .find_map(|v| v.wanted().next().map(str::to_string))
                });
                self.open_define(term);
            }
            Action::Select => {
                reader.range_start = match reader.range_start {
                    Some(_) => None,
                    None => Some(reader.current_paragraph()),
                };
                if reader.range_start.is_some() {
                    self.tell("selecting a range: move, then a adds a note over it (v cancels)");
                }
            }
            Action::AddNote => {
                if reader.notes.is_none() {
                    self.warn("this episode is a bare file: import it to give it a notes.md");
                    return;
                }
                let prefill = match reader.note_span() {
                    (start, Some(end)) => format!("[{}-{}] ", format_time(start), format_time(end)),
                    (start, None) => format!("[{}] ", format_time(start)),
                };
                self.overlay = Some(Overlay::Note(Box::new(NoteForm::new(&prefill))));
            }
            Action::Pin => self.pin_here(),
            Action::Edit => {
                let path = match reader.selected.as_ref() {
                    Some(s) => self
                        .glossary
                        .entries()
                        .get(s.mention.entry)
                        .map(|e| e.path.clone()),
                    None => reader.notes.as_ref().map(|n| n.path.clone()),
                };
                match path {
                    Some(path) => self.effects.push(Effect::Edit(path)),
                    None => self.warn("nothing to edit here: this episode has no notes file"),
                }
            }
            Action::OpenSource => self.open_source(),
            Action::ShowTranscript => reader.pane = NarrowPane::Transcript,
            Action::ShowNotes => reader.pane = NarrowPane::Notes,
            Action::ShowDefinition => reader.pane = NarrowPane::Definition,
            _ => {}
        }
        if matches!(
            action,
            Action::ShowTranscript | Action::ShowNotes | Action::ShowDefinition
        ) {
            let size = self.size;
            self.resize(size.width, size.height);
        }
    }

    pub(super) fn update_term_count(&mut self) {
        let Some(Screen::Reader(reader)) = self.screens.last() else {
            return;
        };
        let Some(selected) = &reader.selected else {
            return;
        };
        let entry = selected.mention.entry;
        let Some(term) = self.glossary.entries().get(entry).map(|e| e.term.clone()) else {
            return;
        };
        if self.term_count.as_ref().is_some_and(|(t, _)| *t == term) {
            return;
        }
        if let IndexState::Ready(index) = &self.index {
            if let Ok(hits) = index.mentions(&self.glossary, entry) {
                self.term_count = Some((term, hits.len()));
            }
        }
    }

    fn pin_here(&mut self) {
        let Some(Screen::Reader(reader)) = self.screens.last_mut() else {
            return;
        };
        let Some(view) = reader.auto_note_here() else {
            self.tell("no auto-anchored note here to pin");
            return;
        };
        let (index, time) = (view.note.index, view.placement.start().unwrap_or(0));
        let result = reader.notes.as_ref().map(|notes| notes.pin(index, time));
        match result {
            Some(Ok(())) => {
                reader.reload_notes();
                self.tell(format!(
                    "pinned note {} at {}",
                    index + 1,
                    format_time(time)
                ));
            }
            Some(Err(e)) => {
                reader.reload_notes();
                self.warn(e.to_string());
            }
            None => {}
        }
    }

    fn open_source(&mut self) {
        let Some(Screen::Reader(reader)) = self.screens.last() else {
            return;
        };
        let seconds = reader.current_time() / 1000;
        let sources = &reader.episode.entry.meta.sources;
        let (target, how) = if let Some(video) = &sources.video {
            (with_time(video, seconds), "video")
        } else if let Some(audio) = &sources.audio {
            (audio.clone(), "audio")
        } else if let Some(web) = &sources.web {
            (web.clone(), "page")
        } else {
            self.tell("this episode has no source to open (add [sources] to episode.toml)");
            return;
        };
        let started = if how == "audio" && !target.contains("://") {
            let path = reader
                .episode
                .entry
                .folder
                .as_ref()
                .map(|f| f.join(&target))
                .unwrap_or_else(|| PathBuf::from(&target));
            spawn_quietly(
                "mpv",
                &[format!("--start={seconds}"), path.display().to_string()],
            )
        } else if how == "audio" {
            spawn_quietly("mpv", &[format!("--start={seconds}"), target.clone()])
        } else {
            spawn_quietly("xdg-open", std::slice::from_ref(&target))
        };
        if started {
            self.tell(format!("opened {target}"));
        } else {
            self.tell(format!("open this: {target}"));
        }
    }
}

/// Tells the user `text` when a movement found nowhere to go.
fn complain(message: &mut Option<(String, bool)>, moved: bool, text: &str) {
    if !moved {
        *message = Some((text.to_string(), false));
    }
}

/// A video URL at a time: YouTube's `t=` parameter.
fn with_time(url: &str, seconds: u64) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}t={seconds}")
}

/// Starts a program detached from the terminal; false when it is not installed.
fn spawn_quietly(program: &str, args: &[String]) -> bool {
    let Some(mut command) = crate::launch::checked_command(program, args) else {
        return false;
    };
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}

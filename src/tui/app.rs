//! The application: a stack of screens, an optional prompt or form on top, messages, and the
//! search index arriving from a background thread. Input becomes an [`Action`]; `update` changes
//! state; the only I/O here is what an action asks for (saving a note, a definition), never in
//! drawing. Work that needs the terminal (an editor) is handed to the event loop as an
//! [`Effect`].

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind,
};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::action::Action;
use super::definition::WantedPlace;
use super::forms::{DefineForm, FormOutcome, NoteForm, Prompt, PromptKind};
use super::glossary_screen::{GlossaryItem, GlossaryScreen, MentionsScreen};
use super::keymap::Keymap;
use super::library_screen::LibraryScreen;
use super::positions::Positions;
use super::reader::Reader;
use super::reader::jump::resolve_jump;
use super::reader::render::{reader_areas, transcript_text_size};
use super::search_screen::SearchScreen;
use super::{help, reader, theme};

mod reader_actions;
use crate::glossary::{Glossary, define, load_glossary};
use crate::library::{Episode, Library};
use crate::model::Millis;
use crate::model::time::format_time;
use crate::search::SearchIndex;

pub enum Screen {
    Library(LibraryScreen),
    Reader(Box<Reader>),
    Search(SearchScreen),
    Glossary(GlossaryScreen),
    Mentions(MentionsScreen),
    Help { scroll: u16 },
}

pub enum Overlay {
    Prompt(Prompt),
    Define(Box<DefineForm>),
    Note(Box<NoteForm>),
}

/// What the event loop must do for the app: things that need the terminal itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Suspend the UI, run `$EDITOR` on the file, resume.
    Edit(PathBuf),
}

/// Messages from background work.
pub enum Background {
    Index(Result<SearchIndex, String>),
    /// An import started from the Library finished: what to tell the user.
    Imported(Result<String, String>),
}

pub enum IndexState {
    Building,
    Ready(SearchIndex),
    Failed(String),
}

pub struct App {
    pub library: Library,
    pub glossary: Arc<Glossary>,
    pub keymap: Keymap,
    pub screens: Vec<Screen>,
    pub overlay: Option<Overlay>,
    pub message: Option<(String, bool)>,
    pub index: IndexState,
    pub size: Rect,
    pub positions: Positions,
    pub effects: Vec<Effect>,
    pub quit: bool,
    /// Library-wide mentions of the selected term, when the index can tell.
    pub term_count: Option<(String, usize)>,
    /// Where background work (an import) reports back to the event loop.
    pub background: Option<std::sync::mpsc::Sender<Background>>,
}

impl App {
    pub fn new(library: Library, keymap: Keymap, size: Rect) -> App {
        let (glossary, problems) = load_glossary(&library.glossary_dir());
        let glossary = Arc::new(glossary);
        // Listing a large library takes a while: it waits until the Library is shown.
        let screen = LibraryScreen::default();
        let positions = Positions::load(&library);
        let message = problems.first().map(|p| {
            let more = if problems.len() > 1 {
                format!(" (and {} more)", problems.len() - 1)
            } else {
                String::new()
            };
            (format!("{p}{more}"), true)
        });
        App {
            library,
            glossary,
            keymap,
            screens: vec![Screen::Library(screen)],
            overlay: None,
            message,
            index: IndexState::Building,
            size,
            positions,
            effects: Vec::new(),
            quit: false,
            term_count: None,
            background: None,
        }
    }

    pub fn tell(&mut self, message: impl Into<String>) {
        self.message = Some((message.into(), false));
    }

    pub fn warn(&mut self, message: impl Into<String>) {
        self.message = Some((message.into(), true));
    }

    fn index(&self) -> Option<&SearchIndex> {
        match &self.index {
            IndexState::Ready(index) => Some(index),
            _ => None,
        }
    }

    pub fn background(&mut self, message: Background) {
        match message {
            Background::Index(Ok(index)) => {
                self.index = IndexState::Ready(index);
                if let Some(Screen::Search(search)) = self.screens.last_mut() {
                    if let IndexState::Ready(index) = &self.index {
                        search.refresh(Some(index));
                    }
                }
            }
            Background::Index(Err(e)) => {
                self.warn(format!("search is unavailable: {e}"));
                self.index = IndexState::Failed(e);
            }
            Background::Imported(result) => {
                match result {
                    Ok(message) => self.tell(message),
                    Err(message) => self.warn(message),
                }
                let screen = LibraryScreen::load(&self.library, &self.glossary);
                if let Some(Screen::Library(library)) = self.screens.first_mut() {
                    *library = screen;
                }
            }
        }
    }

    /// Opens an episode in the Reader, at `at` or where the reader left it.
    pub fn open_episode(&mut self, slug: &str, at: Option<Millis>) {
        let episode = match self
            .library
            .find(slug)
            .and_then(|entry| Episode::load(&entry))
        {
            Ok(episode) => episode,
            Err(e) => {
                self.warn(e.to_string());
                return;
            }
        };
        let mut reader = Reader::new(episode, self.glossary.clone());
        self.resize_reader(&mut reader);
        match at.or_else(|| self.positions.get(slug)) {
            Some(time) => reader.jump_to_time(time),
            None => reader.jump_to(0, 0),
        }
        self.screens.push(Screen::Reader(Box::new(reader)));
    }

    fn body(&self) -> Rect {
        let [body, _] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(self.size);
        body
    }

    fn resize_reader(&self, reader: &mut Reader) {
        let areas = reader_areas(self.body(), reader.pane);
        let area = areas.transcript.unwrap_or(self.body());
        let (width, height) = transcript_text_size(area);
        reader.resize(width, height);
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        let body = self.body();
        for screen in &mut self.screens {
            if let Screen::Reader(reader) = screen {
                let areas = reader_areas(body, reader.pane);
                let (w, h) = transcript_text_size(areas.transcript.unwrap_or(body));
                reader.resize(w, h);
            }
        }
    }

    /// Handles one terminal event.
    pub fn event(&mut self, event: &Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(event, key),
            Event::Resize(width, height) => self.resize(*width, *height),
            Event::Mouse(mouse) => match mouse.kind {
                MouseEventKind::ScrollDown => self.mouse_scroll(3),
                MouseEventKind::ScrollUp => self.mouse_scroll(-3),
                MouseEventKind::Down(_) => self.click(mouse.column, mouse.row),
                _ => {}
            },
            _ => {}
        }
    }

    fn mouse_scroll(&mut self, delta: isize) {
        if let Some(Screen::Reader(reader)) = self.screens.last_mut() {
            reader.scroll_by(delta);
            reader.selected = None;
        } else {
            let action = if delta > 0 {
                Action::LineDown
            } else {
                Action::LineUp
            };
            for _ in 0..delta.unsigned_abs() {
                self.act(action);
            }
        }
    }

    /// A click on a glossary term in the transcript selects it.
    fn click(&mut self, column: u16, row: u16) {
        let body = self.body();
        let Some(Screen::Reader(reader)) = self.screens.last_mut() else {
            return;
        };
        let Some(area) = reader_areas(body, reader.pane).transcript else {
            return;
        };
        let inner_top = area.y + 1;
        let text_left = area.x + 1 + reader::render::GUTTER as u16;
        if row < inner_top || row >= area.bottom().saturating_sub(1) || column < text_left {
            return;
        }
        let layout_row = reader.top_row() + (row - inner_top) as usize;
        let Some(reader::layout::Row::Text {
            paragraph, range, ..
        }) = reader.layout.rows.get(layout_row).cloned()
        else {
            return;
        };
        let text = &reader.episode.paragraphs[paragraph].text;
        // The byte under the column: walk the line's characters by display width.
        let mut x = text_left;
        let mut at = None;
        for (i, c) in text[range.clone()].char_indices() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) as u16;
            if column < x + w.max(1) {
                at = Some(range.start + i);
                break;
            }
            x += w;
        }
        let Some(at) = at else { return };
        let hit = reader.mentions[paragraph]
            .iter()
            .find(|m| m.range.contains(&at))
            .cloned();
        if let Some(mention) = hit {
            reader.selected = Some(reader::SelectedTerm { paragraph, mention });
            self.update_term_count();
        }
    }

    fn key(&mut self, event: &Event, key: &KeyEvent) {
        if let Some(overlay) = self.overlay.as_mut() {
            let outcome = match overlay {
                Overlay::Prompt(prompt) => prompt.key(event, key),
                Overlay::Define(form) => form.key(event, key),
                Overlay::Note(form) => form.key(key),
            };
            match outcome {
                FormOutcome::Continue => {}
                FormOutcome::Cancel => self.overlay = None,
                FormOutcome::Submit => {
                    if let Some(overlay) = self.overlay.take() {
                        self.submit(overlay);
                    }
                }
            }
            return;
        }
        self.message = None;
        // Typing in the Search screen's box and the Library's filter.
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match self.screens.last_mut() {
            Some(Screen::Search(search)) => {
                let navigation = matches!(
                    key.code,
                    KeyCode::Up
                        | KeyCode::Down
                        | KeyCode::PageUp
                        | KeyCode::PageDown
                        | KeyCode::Enter
                        | KeyCode::Esc
                ) || (key.modifiers.contains(KeyModifiers::CONTROL)
                    && key.code == KeyCode::Char('c'));
                if !navigation {
                    if tui_input::backend::crossterm::EventHandler::handle_event(
                        &mut search.input,
                        event,
                    )
                    .is_some()
                    {
                        let index = match &self.index {
                            IndexState::Ready(index) => Some(index),
                            _ => None,
                        };
                        search.refresh(index);
                    }
                    return;
                }
            }
            Some(Screen::Library(library)) => {
                if library.filtering {
                    match key.code {
                        KeyCode::Char(c) if plain => return library.type_char(c),
                        KeyCode::Backspace => return library.backspace(),
                        KeyCode::Esc => {
                            library.filter.clear();
                            library.filtering = false;
                            return;
                        }
                        KeyCode::Enter => library.filtering = false,
                        _ => {}
                    }
                } else if let KeyCode::Char(c) = key.code {
                    if plain && self.keymap.action(key).is_none() && c != ' ' {
                        return library.type_char(c);
                    }
                }
            }
            _ => {}
        }
        if let Some(action) = self.keymap.action(key) {
            self.act(action);
        }
    }

    /// What an action does on the current screen.
    pub fn act(&mut self, action: Action) {
        if action == Action::Quit {
            self.leave_all();
            return;
        }
        if action == Action::Help {
            if !matches!(self.screens.last(), Some(Screen::Help { .. })) {
                self.screens.push(Screen::Help { scroll: 0 });
            }
            return;
        }
        if action == Action::Glossary {
            self.open_glossary();
            return;
        }
        if action == Action::Back {
            self.back();
            return;
        }
        let page = self.body().height.saturating_sub(3) as isize;
        let index_ready = self.index().is_some();
        match self.screens.last_mut() {
            Some(Screen::Library(library)) => match action {
                Action::LineDown => library.move_by(1),
                Action::LineUp => library.move_by(-1),
                Action::PageDown | Action::HalfPageDown => library.move_by(page),
                Action::PageUp | Action::HalfPageUp => library.move_by(-page),
                Action::Top => library.move_by(isize::MIN / 2),
                Action::Bottom => library.move_by(isize::MAX / 2),
                Action::Open => {
                    if let Some(slug) = library.selected_entry().map(|e| e.slug.clone()) {
                        self.open_episode(&slug, None);
                    }
                }
                Action::Search => self.open_search(),
                Action::Define => self.open_define(None),
                Action::Import => {
                    self.overlay = Some(Overlay::Prompt(Prompt::new(PromptKind::Import)))
                }
                _ => {}
            },
            Some(Screen::Reader(_)) => self.reader_action(action, page),
            Some(Screen::Search(search)) => match action {
                Action::LineDown => search.move_by(1),
                Action::LineUp => search.move_by(-1),
                Action::PageDown => search.move_by(page / 2),
                Action::PageUp => search.move_by(-page / 2),
                Action::Open => {
                    if let Some(hit) = search.selected_hit().cloned() {
                        self.open_hit(&hit.kind, &hit.episode, &hit.title, hit.time_ms);
                    }
                }
                _ => {}
            },
            Some(Screen::Glossary(glossary)) => match action {
                Action::LineDown => glossary.move_by(1),
                Action::LineUp => glossary.move_by(-1),
                Action::PageDown | Action::HalfPageDown => glossary.move_by(page),
                Action::PageUp | Action::HalfPageUp => glossary.move_by(-page),
                Action::Top => glossary.move_by(isize::MIN / 2),
                Action::Bottom => glossary.move_by(isize::MAX / 2),
                Action::Open => {
                    if let Some(GlossaryItem::Entry(i)) = glossary.selected_item().cloned() {
                        self.open_mentions(i);
                    }
                }
                Action::Define => {
                    let term = match glossary.selected_item() {
                        Some(GlossaryItem::Entry(i)) => {
                            self.glossary.entries().get(*i).map(|e| e.term.clone())
                        }
                        Some(GlossaryItem::Wanted { term, .. }) => Some(term.clone()),
                        None => None,
                    };
                    self.open_define(term);
                }
                Action::Edit => {
                    if let Some(GlossaryItem::Entry(i)) = glossary.selected_item() {
                        if let Some(entry) = self.glossary.entries().get(*i) {
                            self.effects.push(Effect::Edit(entry.path.clone()));
                        }
                    }
                }
                Action::Search => self.open_search(),
                _ => {}
            },
            Some(Screen::Mentions(mentions)) => match action {
                Action::LineDown => mentions.move_by(1),
                Action::LineUp => mentions.move_by(-1),
                Action::PageDown => mentions.move_by(page / 2),
                Action::PageUp => mentions.move_by(-page / 2),
                Action::Open => {
                    if let Some(hit) = mentions.hits.get(mentions.selected).cloned() {
                        self.open_hit(&hit.kind, &hit.episode, &hit.title, hit.time_ms);
                    }
                }
                _ => {}
            },
            Some(Screen::Help { scroll }) => match action {
                Action::LineDown => *scroll = scroll.saturating_add(1),
                Action::LineUp => *scroll = scroll.saturating_sub(1),
                Action::Top => *scroll = 0,
                _ => {}
            },
            None => {}
        }
        let _ = index_ready;
    }

    fn open_search(&mut self) {
        let mut search = SearchScreen::default();
        search.refresh(self.index());
        search.note = match self.index {
            IndexState::Building => Some("the search index is being built…".into()),
            _ => Some("type a query".into()),
        };
        self.screens.push(Screen::Search(search));
    }

    fn open_glossary(&mut self) {
        let wanted = self.wanted_terms();
        let screen = GlossaryScreen::new(&self.glossary, wanted);
        if let Some(Screen::Glossary(_)) = self.screens.last() {
            self.screens.pop();
        }
        self.screens.push(Screen::Glossary(screen));
    }

    /// Terms asked about in notes with no entry, and where.
    fn wanted_terms(&self) -> Vec<(String, Vec<WantedPlace>)> {
        let mut wanted: Vec<(String, Vec<WantedPlace>)> = Vec::new();
        for entry in self.library.scan().episodes {
            let Ok(Some(notes)) = crate::notes::library::EpisodeNotes::read(&entry) else {
                continue;
            };
            for note in &notes.file.notes {
                for question in &note.questions {
                    for term in &question.terms {
                        let known = self.glossary.find(term).is_some()
                            || !self.glossary.mentions(term).is_empty();
                        if known {
                            continue;
                        }
                        let place = WantedPlace {
                            episode: entry.slug.clone(),
                            note: note.index + 1,
                            time: note.anchor.as_ref().map(|a| format_time(a.time.start())),
                            question: question.sentence.clone(),
                        };
                        match wanted.iter_mut().find(|(t, _)| t == term) {
                            Some((_, places)) => places.push(place),
                            None => wanted.push((term.clone(), vec![place])),
                        }
                    }
                }
            }
        }
        wanted
    }

    fn open_mentions(&mut self, entry: usize) {
        let Some(term) = self.glossary.entries().get(entry).map(|e| e.term.clone()) else {
            return;
        };
        let hits = match &self.index {
            IndexState::Ready(index) => match index.mentions(&self.glossary, entry) {
                Ok(hits) => hits,
                Err(e) => {
                    self.warn(e.to_string());
                    return;
                }
            },
            _ => {
                self.tell("the search index is still being built; try again in a moment");
                return;
            }
        };
        self.screens.push(Screen::Mentions(MentionsScreen {
            term,
            hits,
            selected: 0,
        }));
    }

    fn open_hit(&mut self, kind: &str, episode: &str, title: &str, time: Option<Millis>) {
        if kind == "glossary" {
            let index = self.glossary.entries().iter().position(|e| e.term == title);
            self.open_glossary();
            if let (Some(i), Some(Screen::Glossary(screen))) = (index, self.screens.last_mut()) {
                if let Some(at) = screen
                    .items
                    .iter()
                    .position(|item| matches!(item, GlossaryItem::Entry(e) if *e == i))
                {
                    screen.selected = at;
                }
            }
            return;
        }
        // Reuse the open Reader of this episode, if any, rather than stacking another.
        if let Some(position) = self
            .screens
            .iter()
            .position(|s| matches!(s, Screen::Reader(r) if r.episode.entry.slug == episode))
        {
            self.screens.truncate(position + 1);
            if let (Some(Screen::Reader(reader)), Some(time)) = (self.screens.last_mut(), time) {
                reader.jump_to_time(time);
            }
            return;
        }
        self.open_episode(episode, Some(time.unwrap_or(0)));
    }

    fn open_define(&mut self, term: Option<String>) {
        let existing = term.as_deref().and_then(|t| self.glossary.find(t)).cloned();
        let form = match existing {
            Some(entry) => DefineForm::new(
                &entry.term,
                &entry.aliases,
                &entry.definition,
                Some(entry.fingerprint),
            ),
            None => DefineForm::new(term.as_deref().unwrap_or_default(), &[], "", None),
        };
        self.overlay = Some(Overlay::Define(Box::new(form)));
    }

    fn submit(&mut self, overlay: Overlay) {
        match overlay {
            Overlay::Prompt(prompt) => {
                let value = prompt.input.value().to_string();
                match prompt.kind {
                    PromptKind::Jump => self.jump(&value),
                    PromptKind::Find => self.find(&value),
                    PromptKind::Import => self.import(&value),
                }
            }
            Overlay::Define(form) => self.save_definition(&form),
            Overlay::Note(form) => self.save_note(&form.value()),
        }
    }

    fn jump(&mut self, input: &str) {
        let Some(Screen::Reader(reader)) = self.screens.last_mut() else {
            return;
        };
        match resolve_jump(
            input,
            reader.current_time(),
            reader.duration(),
            &reader.episode.chapters,
        ) {
            Ok(time) => {
                reader.jump_to_time(time);
                reader.selected = None;
            }
            Err(e) => self.warn(e),
        }
    }

    fn find(&mut self, query: &str) {
        let Some(Screen::Reader(reader)) = self.screens.last_mut() else {
            return;
        };
        let count = reader.search(query);
        if count == 0 {
            self.warn(format!("{query:?}: not in this episode"));
        } else {
            self.tell(format!("{count} paragraphs match · n next · N previous"));
        }
    }

    /// Imports on a worker thread (a feed may take a while); the result arrives as
    /// [`Background::Imported`].
    fn import(&mut self, source: &str) {
        let source = source.trim().to_string();
        if source.is_empty() {
            return;
        }
        let Some(sender) = self.background.clone() else {
            self.warn("import is not available here");
            return;
        };
        let library = self.library.clone();
        self.tell(format!("importing {source}…"));
        std::thread::spawn(move || {
            // From a feed, the newest episode; `podgloss import URL --all` takes the rest.
            let options = crate::import::ImportOptions {
                latest: Some(1),
                ..Default::default()
            };
            let result = match crate::import::import_sources(&library, &[source], &options) {
                Ok(report) => match report.failed.first() {
                    Some(failure) => Err(failure.to_string()),
                    None if report.imported.is_empty() => {
                        Err("nothing to import there".to_string())
                    }
                    None => Ok(format!(
                        "imported {} episode(s): {}",
                        report.imported.len(),
                        report
                            .imported
                            .iter()
                            .map(|i| i.slug.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                },
                Err(e) => Err(e.to_string()),
            };
            let _ = sender.send(Background::Imported(result));
        });
    }

    fn save_definition(&mut self, form: &DefineForm) {
        let term = form.term.value().trim().to_string();
        if term.is_empty() {
            self.warn("a definition needs a term");
            return;
        }
        let definition = form.definition_text();
        let result = define(
            &self.library.glossary_dir(),
            &term,
            &form.aliases(),
            &[],
            Some(definition.as_str()),
            form.expected,
        );
        match result {
            Ok(path) => {
                self.reload_glossary();
                self.tell(format!("saved {}", self.relative(&path)));
            }
            Err(e) => self.warn(e.to_string()),
        }
    }

    fn save_note(&mut self, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        let Some(Screen::Reader(reader)) = self.screens.last_mut() else {
            return;
        };
        let result = reader.notes.as_ref().map(|notes| notes.append(text));
        match result {
            Some(Ok(())) => {
                reader.range_start = None;
                reader.reload_notes();
                self.tell("note added");
            }
            Some(Err(e)) => {
                reader.reload_notes();
                self.warn(e.to_string());
            }
            None => {}
        }
    }

    /// Re-reads the glossary (after a definition is saved or edited) and re-links every open
    /// reader, so a new term is underlined at once.
    pub fn reload_glossary(&mut self) {
        let (glossary, problems) = load_glossary(&self.library.glossary_dir());
        if let Some(problem) = problems.first() {
            self.warn(problem.to_string());
        }
        self.glossary = Arc::new(glossary);
        self.term_count = None;
        let glossary = self.glossary.clone();
        for screen in &mut self.screens {
            match screen {
                Screen::Reader(reader) => reader.set_glossary(glossary.clone()),
                Screen::Glossary(_) => {}
                _ => {}
            }
        }
        if matches!(self.screens.last(), Some(Screen::Glossary(_))) {
            self.open_glossary();
        }
    }

    /// After `$EDITOR` returns: whatever it changed is read again.
    pub fn after_edit(&mut self, path: &std::path::Path) {
        if path.starts_with(self.library.glossary_dir()) {
            self.reload_glossary();
        }
        for screen in &mut self.screens {
            if let Screen::Reader(reader) = screen {
                reader.reload_notes();
            }
        }
        self.tell(format!("back from editing {}", self.relative(path)));
    }

    /// A path as the library's user knows it: relative to the library folder.
    fn relative(&self, path: &std::path::Path) -> String {
        path.strip_prefix(&self.library.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    fn remember_position(&mut self) {
        let Some(Screen::Reader(reader)) = self.screens.last() else {
            return;
        };
        let (slug, time) = (reader.episode.entry.slug.clone(), reader.current_time());
        self.positions.set(&slug, time);
    }

    fn back(&mut self) {
        if let Some(Screen::Reader(reader)) = self.screens.last_mut() {
            if reader.range_start.is_some() || reader.selected.is_some() || reader.search.is_some()
            {
                // Esc first clears what is selected, then leaves.
                reader.range_start = None;
                reader.selected = None;
                reader.search = None;
                return;
            }
        }
        self.remember_position();
        if self.screens.len() > 1 {
            self.screens.pop();
        } else {
            self.quit = true;
        }
    }

    fn leave_all(&mut self) {
        while self.screens.len() > 1 {
            self.remember_position();
            self.screens.pop();
        }
        self.quit = true;
    }

    /// Lists the library when the Library screen is about to show and has not been listed.
    pub fn prepare(&mut self) {
        if let Some(Screen::Library(library)) = self.screens.last_mut() {
            if !library.loaded {
                *library = LibraryScreen::load(&self.library, &self.glossary);
            }
        }
    }

    pub fn draw(&self, frame: &mut Frame) {
        let [body, status] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(frame.area());
        let mut spans: Vec<Span> = Vec::new();
        let mode = match self.screens.last() {
            Some(Screen::Library(library)) => {
                library.draw(frame, body);
                spans.push(Span::styled(" Library ", theme::current_time()));
                "enter open · / search · ctrl-g glossary · i import · ? help · q quit"
            }
            Some(Screen::Reader(reader)) => {
                let count = self
                    .term_count
                    .as_ref()
                    .filter(|(term, _)| {
                        Some(term.as_str()) == reader.selected_entry_term().as_deref()
                    })
                    .map(|(_, n)| *n);
                reader::render::draw(reader, frame, body, count);
                let mode_name = if reader.range_start.is_some() {
                    "SELECT"
                } else {
                    "READ"
                };
                spans.extend(reader::render::status_spans(reader, mode_name));
                "t jump · / find · ]/[ notes · tab term · d define · a note · ? help"
            }
            Some(Screen::Search(search)) => {
                search.draw(frame, body);
                spans.push(Span::styled(" Search ", theme::current_time()));
                "type a query · ↑/↓ choose · enter open · esc back"
            }
            Some(Screen::Glossary(glossary)) => {
                glossary.draw(&self.glossary, frame, body);
                spans.push(Span::styled(" Glossary ", theme::current_time()));
                "enter mentions · d define · e edit · q back"
            }
            Some(Screen::Mentions(mentions)) => {
                mentions.draw(frame, body);
                spans.push(Span::styled(" Mentions ", theme::current_time()));
                "enter open · q back"
            }
            Some(Screen::Help { scroll }) => {
                help::draw(&self.keymap, *scroll, frame, body);
                spans.push(Span::styled(" Help ", theme::current_time()));
                "q back"
            }
            None => "",
        };
        match &self.message {
            // A message goes first, where a narrow status line cannot cut it off.
            Some((message, error)) => spans.insert(
                0,
                Span::styled(
                    format!(" {message} "),
                    if *error {
                        theme::error()
                    } else {
                        theme::message()
                    },
                ),
            ),
            None => {
                let indexing = matches!(self.index, IndexState::Building);
                if indexing {
                    spans.push(Span::styled(" indexing… ", theme::dim()));
                }
                spans.push(Span::styled(format!(" {mode}"), theme::dim()));
            }
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), status);
        match &self.overlay {
            Some(Overlay::Prompt(prompt)) => prompt.draw(frame, status),
            Some(Overlay::Define(form)) => form.draw(frame, body),
            Some(Overlay::Note(form)) => form.draw(frame, body),
            None => {}
        }
    }
}

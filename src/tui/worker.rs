//! The background worker: runs the UI's work commands and reports each result as a
//! [`Message`]. It owns the search index and the glossary the work reads, so the UI thread never
//! reads a file, parses a transcript or queries tantivy.
//!
//! Two threads, each running its commands in the order they were asked for: one for the index
//! (syncing it, queries, mention counts), one for the files (listing, loading, writing). A first
//! index build can take minutes on a large library; opening an episode must not wait for it.
//! A write and the resync after it stay in order because the router asks for the resync only
//! once the write's result has arrived. An import, which may wait on the network for minutes,
//! runs on a thread of its own; a panic there is reported, not lost.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};

use super::command::{Command, Definition, Message, Status};
use super::drafts::{DraftJob, DraftKey};
use super::library_screen::library_rows;
use super::positions::Positions;
use super::reader::Reader;
use crate::glossary::{Glossary, define, load_glossary};
use crate::library::{Episode, Library};
use crate::notes::library::EpisodeNotes;
use crate::search::query::Mode;
use crate::search::{SearchIndex, SyncOptions};

/// Where the worker's messages go.
pub type Outbox = Arc<dyn Fn(Message) + Send + Sync>;

/// Most search hits the Search screen lists.
const HIT_LIMIT: usize = 100;

#[derive(Clone)]
pub struct Worker {
    library: Library,
    /// The glossary as last read, shared by both threads (the files thread reads it again).
    shared_glossary: Arc<Mutex<Arc<Glossary>>>,
    glossary: Arc<Glossary>,
    index: Arc<Mutex<Option<SearchIndex>>>,
    positions: Option<Positions>,
    outbox: Outbox,
    /// The drafts thread, when there is one; without it (tests) drafts are written at once.
    drafts: Option<Sender<DraftJob>>,
}

/// Where the event loop sends work: each command to the thread that runs its kind.
pub struct WorkerHandle {
    index: Sender<Command>,
    files: Sender<Command>,
    drafts: Sender<DraftJob>,
}

impl Drop for WorkerHandle {
    /// Drafts still waiting are written before the program ends, also while a panic unwinds.
    fn drop(&mut self) {
        super::drafts::finish(&self.drafts);
    }
}

impl WorkerHandle {
    pub fn send(&self, command: Command) {
        let job = match command {
            Command::SaveDraft { key, fields } => DraftJob::Save(key, fields),
            Command::DeleteDraft(key) => DraftJob::Delete(key),
            command => return self.send_work(command),
        };
        let _ = self.drafts.send(job);
    }

    fn send_work(&self, command: Command) {
        let thread = match command {
            Command::Resync
            | Command::RunQuery(_)
            | Command::Mentions(_)
            | Command::CountMentions(_) => &self.index,
            _ => &self.files,
        };
        let _ = thread.send(command);
    }
}

impl Worker {
    pub fn new(library: Library, outbox: Outbox) -> Worker {
        let glossary = Arc::new(Glossary::default());
        Worker {
            library,
            shared_glossary: Arc::new(Mutex::new(glossary.clone())),
            glossary,
            index: Arc::new(Mutex::new(None)),
            positions: None,
            outbox,
            drafts: None,
        }
    }

    /// Starts the two worker threads and the drafts thread.
    pub fn spawn(mut self) -> WorkerHandle {
        let outbox = self.outbox.clone();
        let drafts = super::drafts::spawn_writer(self.library.clone(), move |problem| {
            outbox(Message::Status(Status::error(problem)));
        });
        self.drafts = Some(drafts.clone());
        let start = |mut worker: Worker| {
            let (sender, receiver): (Sender<Command>, Receiver<Command>) = channel();
            std::thread::spawn(move || {
                while let Ok(command) = receiver.recv() {
                    worker.run(command);
                }
            });
            sender
        };
        WorkerHandle {
            index: start(self.clone()),
            files: start(self),
            drafts,
        }
    }

    fn send(&self, message: Message) {
        (self.outbox)(message);
    }

    /// Runs one command; its results go to the outbox.
    pub fn run(&mut self, command: Command) {
        self.glossary = self
            .shared_glossary
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        match command {
            Command::ListLibrary => {
                let (rows, problems) = library_rows(&self.library, &self.glossary);
                self.send(Message::Library { rows, problems });
            }
            Command::LoadEpisode { slug, at } => {
                let result = self.load_reader(&slug).map(Box::new);
                self.send(Message::Episode { slug, at, result });
            }
            Command::ScanWanted => {
                let (terms, _) = crate::notes::wanted(&self.library, &self.glossary);
                self.send(Message::Wanted(terms));
            }
            Command::ReloadGlossary => self.reload_glossary(),
            Command::LoadPositions => {
                let positions = Positions::load(&self.library);
                self.positions = Some(positions.clone());
                self.send(Message::Positions(positions));
            }
            Command::LoadNotes { slug } => {
                let notes = self
                    .library
                    .find(&slug)
                    .ok()
                    .and_then(|entry| EpisodeNotes::read(&entry).ok().flatten())
                    .map(Box::new);
                self.send(Message::Notes { slug, notes });
            }
            Command::Define(definition) => self.define(&definition),
            Command::Import(source) => self.import(source),
            Command::RunQuery(query) => {
                let index = self.index.lock().unwrap_or_else(PoisonError::into_inner);
                let result = match index.as_ref() {
                    Some(index) => index
                        .query(&query, Mode::Lenient, HIT_LIMIT)
                        .map_err(|e| e.to_string()),
                    None => Err("the search index is being built…".to_string()),
                };
                self.send(Message::Hits { query, result });
            }
            Command::Mentions(term) => {
                let result = self.mentions(&term);
                self.send(Message::Mentions { term, result });
            }
            Command::CountMentions(term) => {
                if let Ok(hits) = self.mentions(&term) {
                    let count = hits.len();
                    self.send(Message::Count { term, count });
                }
            }
            Command::Resync => self.resync(),
            Command::FindUses { slug, term } => {
                let uses = match self.library.find(&slug).and_then(|e| Episode::load(&e)) {
                    Ok(episode) => super::wanted_uses::sentences_using(
                        &episode,
                        &term,
                        super::wanted_uses::SHOWN,
                    ),
                    Err(_) => super::wanted_uses::TermUses::Found {
                        first: Vec::new(),
                        total: 0,
                    },
                };
                self.send(Message::Uses { slug, term, uses });
            }
            Command::LoadDraft(key) => {
                // Draft writes still settling on the drafts thread land first: the draft of a
                // note saved a moment ago is deleted there, and a form opened right after (`A`
                // just after Ctrl-S) must not be handed that note's text again.
                if let Some(drafts) = &self.drafts {
                    super::drafts::finish(drafts);
                }
                let draft = super::drafts::load(&self.library, &key);
                self.send(Message::Draft { key, draft });
            }
            other => self.run_write(other),
        }
    }

    /// The commands that write a file or start a program.
    fn run_write(&mut self, command: Command) {
        match command {
            Command::SaveNote { slug, notes, text } => {
                let status = match notes.append(&text) {
                    Ok(()) => {
                        self.draft_job(DraftJob::Delete(DraftKey::Note(slug.clone())));
                        Status::info("note added")
                    }
                    Err(e) => Status::error(e.to_string()),
                };
                self.note_written(slug, status);
            }
            Command::Pin {
                slug,
                notes,
                index,
                time,
            } => {
                let status = match notes.pin(index, time) {
                    Ok(()) => Status::info(format!(
                        "pinned note {} at {}",
                        index + 1,
                        crate::model::time::format_time(time)
                    )),
                    Err(e) => Status::error(e.to_string()),
                };
                self.note_written(slug, status);
            }
            Command::SavePosition { slug, time } => {
                let library = &self.library;
                self.positions
                    .get_or_insert_with(|| Positions::load(library))
                    .set(&slug, time);
            }
            Command::OpenSource {
                program,
                args,
                target,
            } => {
                // A player only ever gets a file inside the library (or a web URL): the audio
                // source's one gate, as `podgloss audio` uses it.
                let file = args.last().map(String::as_str).unwrap_or_default();
                if program == "mpv"
                    && let Err(why) =
                        crate::audio::source::check_source(&self.library.root, None, file)
                {
                    self.send(Message::Status(Status::error(why)));
                    return;
                }
                let status = if spawn_quietly(&program, &args) {
                    Status::info(format!("opened {target}"))
                } else {
                    Status::info(format!("open this: {target}"))
                };
                self.send(Message::Status(status));
            }
            Command::UpdateFeeds => {
                super::feeds_work::spawn_update(self.library.clone(), self.outbox.clone());
            }
            Command::LoadLastLook => {
                self.send(Message::LastLook(super::last_look::load(&self.library)));
            }
            Command::SaveLastLook(slugs) => {
                if let Err(e) = super::last_look::save(&self.library, slugs) {
                    self.send(Message::Status(Status::error(format!(
                        "could not remember which episodes were seen: {e}"
                    ))));
                }
            }
            Command::SaveDraft { key, fields } => self.draft_job(DraftJob::Save(key, fields)),
            Command::DeleteDraft(key) => self.draft_job(DraftJob::Delete(key)),
            // UI commands, the editor and the clipboard never reach the worker.
            _ => {}
        }
    }

    fn load_reader(&self, slug: &str) -> Result<Reader, String> {
        let entry = self.library.find(slug).map_err(|e| e.to_string())?;
        let episode = Episode::load(&entry).map_err(|e| e.to_string())?;
        let notes = EpisodeNotes::read(&entry).ok().flatten();
        Ok(Reader::new(episode, notes, self.glossary.clone()))
    }

    fn reload_glossary(&mut self) {
        let (glossary, problems) = load_glossary(&self.library.glossary_dir());
        self.glossary = Arc::new(glossary);
        *self
            .shared_glossary
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = self.glossary.clone();
        let problems = problems.iter().map(|p| p.to_string()).collect();
        self.send(Message::Glossary {
            glossary: self.glossary.clone(),
            problems,
        });
    }

    /// After a note was written (or not): the notes as they now are, then what happened.
    fn note_written(&mut self, slug: String, status: Status) {
        let written = !status.is_error();
        self.run(Command::LoadNotes { slug: slug.clone() });
        self.send(Message::NoteWritten {
            slug,
            status,
            written,
        });
    }

    fn define(&mut self, definition: &Definition) {
        let result = define(
            &self.library.glossary_dir(),
            &definition.term,
            &definition.aliases,
            &[],
            Some(definition.text.as_str()),
            definition.expected,
        );
        if result.is_ok() {
            if let Some(key) = definition.draft.clone() {
                self.draft_job(DraftJob::Delete(key));
            }
            self.reload_glossary();
        }
        self.send(Message::Defined(result.map_err(|e| e.to_string())));
    }

    /// A draft write: through the drafts thread (after the writes of the same draft already
    /// waiting there), or at once when there is none.
    fn draft_job(&self, job: DraftJob) {
        let result = match (&self.drafts, job) {
            (Some(thread), job) => {
                let _ = thread.send(job);
                Ok(())
            }
            (None, DraftJob::Save(key, fields)) => {
                super::drafts::save(&self.library, &key, &fields)
            }
            (None, DraftJob::Delete(key)) => super::drafts::delete(&self.library, &key),
            (None, DraftJob::Finish(ack)) => {
                let _ = ack.send(());
                Ok(())
            }
        };
        if let Err(e) = result {
            self.send(Message::Status(Status::error(format!(
                "could not keep the draft: {e}"
            ))));
        }
    }

    fn mentions(&self, term: &str) -> Result<Vec<crate::search::mentions::MentionHit>, String> {
        let index = self.index.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(index) = index.as_ref() else {
            return Err("the search index is still being built; try again in a moment".into());
        };
        let Some(entry) = self.glossary.find_id(term) else {
            return said_in_library(index, term);
        };
        index
            .mentions(&self.glossary, entry)
            .map_err(|e| e.to_string())
    }

    /// Opens the index the first time, brings it up to date with the files afterwards.
    fn resync(&mut self) {
        let result = SearchIndex::open(&self.library, SyncOptions::default())
            .map(|(index, _)| index)
            .map_err(|e| e.to_string());
        match result {
            Ok(index) => {
                *self.index.lock().unwrap_or_else(PoisonError::into_inner) = Some(index);
                self.send(Message::Index(Ok(())));
            }
            Err(e) => self.send(Message::Index(Err(e))),
        }
    }

    /// Imports on a thread of its own (a feed may take a while); a second thread waits for it,
    /// so a panic inside the import is reported rather than lost.
    fn import(&self, source: String) {
        let library = self.library.clone();
        let outbox = self.outbox.clone();
        let work = std::thread::spawn(move || import_one(&library, source));
        std::thread::spawn(move || {
            let result = work.join().unwrap_or_else(|_| {
                Err("the import stopped unexpectedly (a bug: please report it)".into())
            });
            outbox(Message::Imported(result));
        });
    }
}

/// Imports from `source`: from a feed, the newest episode; `podgloss import URL --all` takes the
/// rest.
fn import_one(library: &Library, source: String) -> Result<String, String> {
    let options = crate::import::ImportOptions {
        latest: Some(1),
        ..Default::default()
    };
    let report =
        crate::import::import_sources(library, &[source], &options).map_err(|e| e.to_string())?;
    if let Some(failure) = report.failed.first() {
        return Err(failure.to_string());
    }
    if report.imported.is_empty() {
        return Err("nothing to import there".to_string());
    }
    let slugs: Vec<&str> = report.imported.iter().map(|i| i.slug.as_str()).collect();
    let kept = report.imported.iter().filter(|i| i.chapters_kept).count();
    let kept = match kept {
        0 => String::new(),
        _ => " (kept your edited chapters.json; the source's chapters were not written)".to_owned(),
    };
    Ok(format!(
        "imported {} episode(s): {}{kept}",
        slugs.len(),
        slugs.join(", ")
    ))
}

/// Where the library says a term that has no glossary entry (a wanted term): the transcript
/// and note passages that hold it as a phrase, as search finds them.
fn said_in_library(
    index: &SearchIndex,
    term: &str,
) -> Result<Vec<crate::search::mentions::MentionHit>, String> {
    let phrase = format!("\"{}\"", term.replace('"', " "));
    let hits = index
        .query(&phrase, Mode::Lenient, HIT_LIMIT)
        .map_err(|e| e.to_string())?;
    Ok(hits
        .into_iter()
        .filter(|hit| hit.kind != crate::search::HitKind::Glossary)
        .map(|hit| crate::search::mentions::MentionHit {
            kind: hit.kind.to_string(),
            episode: hit.episode,
            title: hit.title,
            speaker: hit.speaker,
            time_ms: hit.time_ms,
            highlight: hit.highlights.first().cloned().unwrap_or(0..0),
            snippet: hit.snippet,
        })
        .collect())
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

/// Runs an app's work on the calling thread, through the same [`Worker`]: for tests and
/// benchmarks, which need the results at a known time. Until [`Inline::settle`] is called,
/// nothing the app asked for has touched a file.
pub struct Inline {
    worker: Worker,
    inbox: Receiver<Message>,
    /// The player the app's player commands go to; without one they are dropped.
    player: Option<super::listen::PlayerThread>,
}

impl Inline {
    pub fn new(library: Library) -> Inline {
        let (sender, inbox) = channel();
        let sender = std::sync::Mutex::new(sender);
        let outbox: Outbox = Arc::new(move |message| {
            if let Ok(sender) = sender.lock() {
                let _ = sender.send(message);
            }
        });
        Inline {
            worker: Worker::new(library, outbox),
            inbox,
            player: None,
        }
    }

    /// Sends the app's player commands to a player thread over `listening` (a fake mpv in
    /// tests); its reports arrive like the worker's, on the next [`Inline::settle`].
    pub fn with_player(
        &mut self,
        listening: impl FnOnce(crate::player::Notify) -> crate::player::Listening + Send + 'static,
    ) {
        let player = super::listen::PlayerThread::spawn_with(
            self.worker.library.clone(),
            self.worker.outbox.clone(),
            listening,
        );
        self.player = Some(player);
    }

    /// Runs the app's queued work and applies the results until nothing is left; returns the
    /// commands run, in order (`$EDITOR` is not started: it needs a terminal).
    pub fn settle(&mut self, app: &mut super::app::App) -> Vec<Command> {
        let mut ran = Vec::new();
        loop {
            let work = app.take_work();
            for command in &work {
                match command {
                    Command::Edit(_) | Command::EditAt { .. } => {}
                    Command::Player(command) => {
                        if let Some(player) = &self.player {
                            player.send(command.clone());
                        }
                    }
                    command => self.worker.run(command.clone()),
                }
            }
            let mut applied = false;
            while let Ok(message) = self.inbox.try_recv() {
                app.apply(message);
                applied = true;
            }
            if work.is_empty() && !applied {
                return ran;
            }
            ran.extend(work);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;
    use std::time::Duration;

    use super::*;
    use crate::tui::drafts::DraftKey;

    /// The draft a form is handed is the one left after every draft write already asked for,
    /// even those the drafts thread holds back while typing settles.
    #[test]
    fn a_form_opened_right_after_a_save_gets_no_stale_draft() {
        let dir = tempfile::tempdir().unwrap();
        let library = Library::new(dir.path());
        let key = DraftKey::Note("ep".into());
        super::super::drafts::save(&library, &key, &["the note just saved".into()]).unwrap();
        let (sender, messages) = channel();
        let sender = Mutex::new(sender);
        let outbox: Outbox = Arc::new(move |message| {
            let _ = sender
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .send(message);
        });
        let worker = Worker::new(library, outbox).spawn();
        worker.send(Command::DeleteDraft(key.clone()));
        worker.send(Command::LoadDraft(key.clone()));
        loop {
            match messages.recv_timeout(Duration::from_secs(10)).unwrap() {
                Message::Draft { key: got, draft } => {
                    assert_eq!(got, key);
                    assert!(draft.is_none(), "a deleted draft came back: {draft:?}");
                    break;
                }
                _ => continue,
            }
        }
    }
}

//! What a screen asks for when it handles an action, and what background work reports back.
//!
//! A screen's `act` changes its own state and returns at most one [`Command`]. Commands that
//! only rearrange the UI (a prompt, another screen, a status message) are carried out by the
//! router at once; every command that touches files, parses a transcript, queries the index or
//! starts a program is an [`Command::is_work`] command, run by the background worker, whose
//! results come back as [`Message`]s. Key handling therefore needs no filesystem, and tests can
//! assert on the commands a key produced before (or instead of) running them.

use std::path::PathBuf;
use std::sync::Arc;

use super::drafts::DraftKey;
use super::forms::PromptKind;
use super::library_screen::LibraryRow;
use super::reader::Reader;
use crate::glossary::{Fingerprint, Glossary};
use crate::model::Millis;
use crate::notes::WantedTerm;
use crate::notes::library::EpisodeNotes;
use crate::search::Hit;
use crate::search::mentions::MentionHit;

/// How a status message is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Error,
}

/// The status line's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub severity: Severity,
}

impl Status {
    pub fn info(text: impl Into<String>) -> Status {
        Status {
            text: text.into(),
            severity: Severity::Info,
        }
    }

    pub fn error(text: impl Into<String>) -> Status {
        Status {
            text: text.into(),
            severity: Severity::Error,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A definition as the define form submits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    pub term: String,
    pub aliases: Vec<String>,
    pub text: String,
    /// The entry file as read, when editing one (the concurrent-edit check).
    pub expected: Option<Fingerprint>,
    /// The form's draft, deleted once the definition is saved.
    pub draft: Option<DraftKey>,
}

/// A side effect or a UI change a screen asks for.
#[derive(Debug, Clone)]
pub enum Command {
    /// Say something in the status line.
    Status(Status),
    /// Open a one-line prompt over the status line.
    Prompt(PromptKind),
    /// Open the define form, for a term (filled in when it has an entry) or empty.
    DefineForm(Option<String>),
    /// Open the add-note form, prefilled.
    NoteForm(String),
    OpenSearch,
    OpenGlossary,
    OpenHelp,
    /// Open a search hit or a mention: a glossary entry, or an episode at a time.
    OpenHit {
        glossary: bool,
        episode: String,
        title: String,
        time: Option<Millis>,
    },
    Back,
    Quit,
    /// A Reader changed which pane it shows: lay it out again.
    Relayout,
    /// List the notes of the Reader on top that have no place (or an unsure one).
    OpenUnplaced,

    // Work for the background worker.
    /// List the library with its note and wanted-term counts.
    ListLibrary,
    /// Read, parse and annotate an episode for the Reader.
    LoadEpisode {
        slug: String,
        at: Option<Millis>,
    },
    /// Find the wanted terms across the library (the Glossary screen's list).
    ScanWanted,
    /// Read the glossary folder again.
    ReloadGlossary,
    /// Read the remembered reading positions.
    LoadPositions,
    /// Read an episode's notes again (after `$EDITOR`).
    LoadNotes {
        slug: String,
    },
    SaveNote {
        slug: String,
        notes: Box<EpisodeNotes>,
        text: String,
    },
    Pin {
        slug: String,
        notes: Box<EpisodeNotes>,
        index: usize,
        time: Millis,
    },
    Define(Box<Definition>),
    Import(String),
    RunQuery(String),
    /// Every mention of a glossary term, for the Mentions screen.
    Mentions(String),
    /// How often a glossary term is mentioned, for the definition pane.
    CountMentions(String),
    /// Bring the index up to date with the files.
    Resync,
    SavePosition {
        slug: String,
        time: Millis,
    },
    /// Start a program on a source (a player, a browser), detached from the terminal.
    OpenSource {
        program: String,
        args: Vec<String>,
        target: String,
    },
    /// Suspend the UI and run `$EDITOR` on a file (the event loop does it: it owns the terminal).
    Edit(PathBuf),
    /// [`Command::Edit`] at a line (from 1) of the file.
    EditAt {
        path: PathBuf,
        line: usize,
    },
    /// Put a quote on the clipboard (the event loop does it: OSC 52 goes to its terminal).
    Copy {
        text: String,
        /// What was copied, for the status line (`quote at 1:12:03 (Theo, 42 words)`).
        summary: String,
    },
    /// Check the followed feeds for new episodes, on a thread of its own.
    UpdateFeeds,
    /// Read which episodes the Library listed when it was last looked at.
    LoadLastLook,
    /// Remember the episodes the Library now lists as seen.
    SaveLastLook(Vec<String>),
    /// Something for the player (the event loop hands it to the player thread).
    Player(super::listen::PlayerCommand),
    /// Keep a form's fields as its draft (written once typing pauses).
    SaveDraft {
        key: DraftKey,
        fields: Vec<String>,
    },
    /// Forget a form's draft (its text was discarded on purpose).
    DeleteDraft(DraftKey),
    /// Read a form's draft, to offer it back.
    LoadDraft(DraftKey),
    /// Find the transcript sentences of an episode that use a wanted term.
    FindUses {
        slug: String,
        term: String,
    },
}

impl Command {
    pub fn info(text: impl Into<String>) -> Command {
        Command::Status(Status::info(text))
    }

    pub fn error(text: impl Into<String>) -> Command {
        Command::Status(Status::error(text))
    }

    /// Whether the command is work for the event loop and the worker rather than a UI change.
    pub fn is_work(&self) -> bool {
        !matches!(
            self,
            Command::Status(_)
                | Command::Prompt(_)
                | Command::DefineForm(_)
                | Command::NoteForm(_)
                | Command::OpenSearch
                | Command::OpenGlossary
                | Command::OpenHelp
                | Command::OpenHit { .. }
                | Command::Back
                | Command::Quit
                | Command::Relayout
                | Command::OpenUnplaced
        )
    }
}

/// What background work reports back.
pub enum Message {
    Library {
        rows: Vec<LibraryRow>,
        problems: usize,
    },
    Episode {
        slug: String,
        at: Option<Millis>,
        result: Result<Box<Reader>, String>,
    },
    Wanted(Vec<WantedTerm>),
    Glossary {
        glossary: Arc<Glossary>,
        problems: Vec<String>,
    },
    Notes {
        slug: String,
        notes: Option<Box<EpisodeNotes>>,
    },
    /// A note was saved or pinned (or not): what to say, and whether it was written.
    NoteWritten {
        slug: String,
        status: Status,
        written: bool,
    },
    Defined(Result<PathBuf, String>),
    Imported(Result<String, String>),
    Hits {
        query: String,
        result: Result<Vec<Hit>, String>,
    },
    Mentions {
        term: String,
        result: Result<Vec<MentionHit>, String>,
    },
    Count {
        term: String,
        count: usize,
    },
    /// The index is (again) in step with the files, or could not be.
    Index(Result<(), String>),
    Positions(super::positions::Positions),
    Status(Status),
    /// The episodes listed at the last look at the Library; `None` when it was never looked at.
    LastLook(Option<Vec<String>>),
    /// How a feeds update is going (`updating feeds: 2/5 Show…`).
    FeedsProgress(String),
    /// A feeds update ended: its summary, and how many episodes it imported.
    FeedsUpdated {
        status: Status,
        imported: usize,
    },
    /// What the player did or heard from mpv.
    Player(super::listen::PlayerReport),
    /// The sentences of an episode that use a wanted term.
    Uses {
        slug: String,
        term: String,
        uses: super::wanted_uses::TermUses,
    },
    /// A form's draft, with when it was saved, or `None`.
    Draft {
        key: DraftKey,
        draft: Option<(Vec<String>, String)>,
    },
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            Message::Library { .. } => "Library",
            Message::Episode { .. } => "Episode",
            Message::Wanted(_) => "Wanted",
            Message::Glossary { .. } => "Glossary",
            Message::Notes { .. } => "Notes",
            Message::NoteWritten { .. } => "NoteWritten",
            Message::Defined(_) => "Defined",
            Message::Imported(_) => "Imported",
            Message::Hits { .. } => "Hits",
            Message::Mentions { .. } => "Mentions",
            Message::Count { .. } => "Count",
            Message::Index(_) => "Index",
            Message::Positions(_) => "Positions",
            Message::Status(_) => "Status",
            Message::LastLook(_) => "LastLook",
            Message::FeedsProgress(_) => "FeedsProgress",
            Message::FeedsUpdated { .. } => "FeedsUpdated",
            Message::Player(_) => "Player",
            Message::Draft { .. } => "Draft",
            Message::Uses { .. } => "Uses",
        };
        f.write_str(name)
    }
}

//! The command line (SPEC §8), as clap definitions. Raw flags are turned into a [`Context`] before
//! any work is done.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "podgloss",
    version,
    about = "An offline terminal reader for annotated podcast transcripts",
    long_about = "An offline terminal reader for annotated podcast transcripts: import a transcript \
                  once, then read, search and annotate it offline."
)]
pub struct Cli {
    /// The library folder (default: $PODGLOSS_LIBRARY, else the current directory when it has
    /// a transcripts/ folder, else $XDG_DATA_HOME/podgloss).
    #[arg(long, global = true, value_name = "DIR")]
    pub library: Option<PathBuf>,

    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open an episode in the terminal UI.
    Open {
        /// The episode's slug (see `podgloss list`).
        slug: String,
        /// Start at this time (1:10:00, 70m, 4200s).
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// List the episodes of the library.
    List {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Print an episode's transcript as readable paragraphs.
    Show {
        /// The episode's slug (see `podgloss list`).
        slug: String,
        /// Start at this time (1:10:00, 70m, 4200s).
        #[arg(long, value_name = "TIME")]
        from: Option<String>,
        /// Stop at this time.
        #[arg(long, value_name = "TIME")]
        to: Option<String>,
    },
    /// Search transcripts, notes and the glossary.
    #[command(
        after_help = "QUERY: words (all must occur, stemmed), \"a phrase\", -exclude, a OR b, \
speaker:NAME, episode:SLUG, show:\"NAME\", in:notes|glossary|transcripts, after:1:00:00, \
before:1:30:00, fuzzy~"
    )]
    Search {
        /// The query (several words are joined with spaces).
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// How many hits to show.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// The notes of one episode or all: anchors (exact, ~auto, none), links, questions.
    #[command(args_conflicts_with_subcommands = true)]
    Notes {
        #[command(subcommand)]
        action: Option<NotesAction>,
        /// The episode (default: every episode with notes).
        slug: Option<String>,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
        /// Write note N's auto-anchor into the note, as a time.
        #[arg(long, value_name = "N")]
        pin: Option<usize>,
    },
    /// Create or update a glossary entry.
    Define(DefineArgs),
    /// The glossary: terms, one entry, wanted terms, or every mention of a term.
    Glossary {
        #[command(subcommand)]
        action: Option<GlossaryAction>,
        /// One JSON object per line.
        #[arg(long, global = true)]
        json: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions { shell: clap_complete::Shell },
    /// Show the search index's state, or rebuild it.
    Index {
        /// Throw the index away and build it again.
        #[arg(long)]
        rebuild: bool,
    },
    /// Import transcripts from files, folders, URLs, podcast feeds and transcript pages.
    #[command(
        after_help = "A URL may point at a transcript file (any format, whatever the \
server calls it), a podcast RSS feed (its items' <podcast:transcript>, best format first, and \
<podcast:chapters>; choose items with --episode, --latest or --all, or get a list without them), \
or a web page carrying a transcript. Nothing touches the network after the import."
    )]
    Import {
        /// Files, folders (every transcript file below it), or http(s) URLs.
        #[arg(required = true, value_name = "SOURCE")]
        sources: Vec<String>,
        /// The episode's slug (one episode only).
        #[arg(long)]
        slug: Option<String>,
        /// The episode's title (one episode only).
        #[arg(long)]
        title: Option<String>,
        /// The show's name.
        #[arg(long)]
        show: Option<String>,
        /// Feeds: the episodes whose title contains this (case-insensitive).
        #[arg(long, value_name = "TITLE")]
        episode: Option<String>,
        /// Feeds: the N newest episodes (of those matching --episode, if given).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        latest: Option<u32>,
        /// Feeds: every episode.
        #[arg(long, conflicts_with_all = ["episode", "latest"])]
        all: bool,
        /// Never touch the network: a URL source is an error.
        #[arg(long, env = "PODGLOSS_OFFLINE", value_parser = clap::builder::FalseyValueParser::new())]
        offline: bool,
        /// Also download each imported episode's audio into its folder, for offline listening.
        #[arg(long)]
        audio: bool,
    },
    /// An episode's audio.
    Audio {
        #[command(subcommand)]
        action: AudioAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum AudioAction {
    /// Download the episode's audio enclosure into its folder (resumes an interrupted download).
    Fetch {
        /// The episode's slug (see `podgloss list`).
        slug: String,
        /// Never touch the network.
        #[arg(long, env = "PODGLOSS_OFFLINE", value_parser = clap::builder::FalseyValueParser::new())]
        offline: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum NotesAction {
    /// Take a notes file into an episode (found by a URL in the file, or --episode).
    Import {
        file: PathBuf,
        /// The episode's slug.
        #[arg(long)]
        episode: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum GlossaryAction {
    /// Every term with the start of its definition.
    List,
    /// One entry in full.
    Show { term: String },
    /// Terms asked about in notes that have no entry yet.
    Wanted,
    /// Every mention of a term across transcripts and notes.
    Mentions { term: String },
}

#[derive(Debug, Args)]
pub struct DefineArgs {
    /// The term.
    pub term: String,
    /// Another name for the term (repeatable).
    #[arg(long = "alias", value_name = "ALIAS")]
    pub aliases: Vec<String>,
    /// A related term (repeatable).
    #[arg(long, value_name = "TERM")]
    pub related: Vec<String>,
    /// The definition (Markdown).
    #[arg(long, conflicts_with = "edit")]
    pub definition: Option<String>,
    /// Open the entry in $EDITOR.
    #[arg(long)]
    pub edit: bool,
}

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
        /// Play the episode's audio from there at once (mpv).
        #[arg(long)]
        play: bool,
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
        /// The query (several words are joined with spaces; `-word` excludes a word).
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
server calls it), a podcast RSS or Atom feed (its items' <podcast:transcript>, best format first, and \
<podcast:chapters>; choose items with --episode, --latest or --all, or get a list without them), \
or a web page carrying a transcript. A YouTube video URL (or any URL with --yt-dlp) is read \
through yt-dlp: written subtitles in --lang first, then the automatic captions, plus the video's \
title, channel, date and chapters. Nothing touches the network after the import."
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
        /// Videos: the caption language (en, pt-BR; default: the video's own, else en).
        #[arg(long, value_name = "CODE")]
        lang: Option<String>,
        /// Read the URLs through yt-dlp (any site it knows); YouTube video URLs always are.
        #[arg(long)]
        yt_dlp: bool,
        /// Also download each imported episode's audio into its folder, for offline listening.
        #[arg(long)]
        audio: bool,
    },
    /// Give an episode chapters from show notes with a timestamp list (`00:17:04 Title`).
    Chapters {
        /// The episode's slug.
        slug: String,
        /// The show notes: a URL, or a text or HTML file.
        #[arg(long, value_name = "URL|FILE")]
        from: String,
        /// Replace the chapters the episode already has.
        #[arg(long)]
        replace: bool,
    },
    /// Follow shows: feeds whose new episodes `feeds update` imports.
    Feeds {
        #[command(subcommand)]
        action: FeedsAction,
    },
    /// Export an episode with its notes and glossary links: Markdown (Obsidian), HTML, JSON,
    /// subtitles, or web annotations.
    Export(ExportArgs),
    /// An episode's audio.
    Audio {
        #[command(subcommand)]
        action: AudioAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum FeedsAction {
    /// Follow a podcast feed (its current episodes count as seen).
    Add {
        url: String,
        /// Pass over episodes without a transcript instead of listing them.
        #[arg(long)]
        transcripts_only: bool,
    },
    /// The feeds followed.
    List {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Stop following a feed (by URL or title).
    Remove { feed: String },
    /// Fetch every followed feed and import the new episodes that have a transcript.
    Update,
    /// Follow every feed of an OPML file (as podcast apps export).
    Import { file: PathBuf },
    /// Print the followed feeds as OPML (for podcast apps).
    Export {
        /// Write to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// The command line with `search`'s query words moved after a `--`, so that an excluded word
/// (`podgloss search django -flask`) is a query word rather than a cluster of unknown short
/// flags. clap's `allow_hyphen_values` would also swallow `--json` and `--limit` given after the
/// query, so the words are sorted out here: after `search`, a token starting with a single `-`
/// (other than `-h`) is a word; options keep their place.
pub fn with_query_words_last(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    const GLOBAL_WITH_VALUE: &[&str] = &["--library", "--color"];
    let text = |a: &std::ffi::OsString| a.to_string_lossy().into_owned();
    let mut i = 1;
    while i < args.len() {
        let token = text(&args[i]);
        if GLOBAL_WITH_VALUE.contains(&token.as_str()) {
            i += 2;
        } else if token.starts_with('-') {
            i += 1;
        } else {
            break;
        }
    }
    if args.get(i).map(text).as_deref() != Some("search") {
        return args;
    }
    let (mut options, mut words) = (args[..=i].to_vec(), Vec::new());
    let mut rest = args[i + 1..].iter();
    while let Some(arg) = rest.next() {
        let token = text(arg);
        if token == "--" {
            words.extend(rest.by_ref().cloned());
        } else if token == "--limit" || GLOBAL_WITH_VALUE.contains(&token.as_str()) {
            options.push(arg.clone());
            options.extend(rest.next().cloned());
        } else if token.starts_with("--") || token == "-h" {
            options.push(arg.clone());
        } else {
            words.push(arg.clone());
        }
    }
    if !words.is_empty() {
        options.push("--".into());
        options.extend(words);
    }
    options
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The episode's slug (see `podgloss list`); omit with --all.
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub slug: Option<String>,
    /// What to write.
    #[arg(long, value_enum, default_value_t = crate::export::ExportFormat::Md)]
    pub format: crate::export::ExportFormat,
    /// The file to write (a folder with --all); standard output when omitted.
    #[arg(short = 'o', long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Start at this time (1:10:00, 70m, 4200s).
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// Stop at this time.
    #[arg(long, value_name = "TIME")]
    pub to: Option<String>,
    /// Every episode, one file each in the -o folder.
    #[arg(long, requires = "output")]
    pub all: bool,
    /// Replace files that already exist.
    #[arg(long)]
    pub force: bool,
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
    /// Flashcards: one card per entry (Anki TSV, CSV or Markdown), or per wanted term.
    Export {
        /// What to write.
        #[arg(long, value_enum, default_value_t = crate::export::glossary_cards::CardFormat::Anki)]
        format: crate::export::glossary_cards::CardFormat,
        /// Only the terms asked about in notes that have no entry yet.
        #[arg(long)]
        wanted: bool,
        /// The file to write; standard output when omitted.
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace the file if it already exists.
        #[arg(long)]
        force: bool,
    },
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
    /// Replace an existing entry's definition with --definition.
    #[arg(long, requires = "definition", conflicts_with = "append")]
    pub replace: bool,
    /// Add --definition after an existing entry's definition.
    #[arg(long, requires = "definition")]
    pub append: bool,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<std::ffi::OsString> {
        line.split(' ').map(Into::into).collect()
    }

    #[test]
    fn excluded_words_reach_the_query() {
        for (given, want) in [
            ("pg search django -flask", "pg search -- django -flask"),
            (
                "pg --library x search a -b --json --limit 3",
                "pg --library x search --json --limit 3 -- a -b",
            ),
            ("pg search -h", "pg search -h"),
            ("pg search a -- --json", "pg search -- a --json"),
            ("pg list --json", "pg list --json"),
            ("pg notes -x", "pg notes -x"),
        ] {
            assert_eq!(with_query_words_last(args(given)), args(want), "{given}");
        }
        let parsed = Cli::try_parse_from(with_query_words_last(args(
            "pg search django -flask --json --limit 3",
        )))
        .unwrap();
        match parsed.command {
            Some(Command::Search { query, limit, json }) => {
                assert_eq!(query, ["django", "-flask"]);
                assert_eq!((limit, json), (3, true));
            }
            other => panic!("{other:?}"),
        }
    }
}

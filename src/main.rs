//! The `podgloss` binary: arguments in, exit code out (0 found, 1 nothing found or a user
//! error with a one-line reason, 2 bad usage; a closed pipe is not an error).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use podgloss::cli::{AudioAction, Cli, Command, GlossaryAction, NotesAction};
use podgloss::commands::{self, Context, Outcome};
use podgloss::formats::text::TerminalSafe;
use podgloss::import::ImportOptions;
use podgloss::library::locate::LibraryInputs;
use podgloss::library::{Library, locate_library};
use podgloss::model::time::parse_time_spec;
use podgloss::tui::Start;

fn main() -> ExitCode {
    let args = podgloss::cli::with_query_words_last(std::env::args_os().collect());
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    match run(cli) {
        Ok(Outcome::Found) => ExitCode::SUCCESS,
        Ok(Outcome::NothingFound) => ExitCode::from(1),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // Errors quote file names, titles and arguments: they go through the same filter.
            let _ = writeln!(TerminalSafe::new(std::io::stderr(), false), "podgloss: {e}");
            ExitCode::from(1)
        }
    }
}

/// clap's message for bad usage quotes the argument it refused, which may be anything pasted
/// from anywhere: it is printed without escapes. Help and version are ours and print as clap
/// renders them.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
        || e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    {
        let _ = e.print();
        return ExitCode::from(e.exit_code() as u8);
    }
    let _ = write!(
        TerminalSafe::new(std::io::stderr(), false),
        "{}",
        e.render()
    );
    ExitCode::from(e.exit_code() as u8)
}

fn run(cli: Cli) -> podgloss::Result<Outcome> {
    if let Some(Command::Completions { shell }) = &cli.command {
        // Needs no library: a completion script describes the command line only.
        let mut command = <Cli as clap::CommandFactory>::command();
        clap_complete::generate(*shell, &mut command, "podgloss", &mut std::io::stdout());
        return Ok(Outcome::Found);
    }
    let (root, _) = locate_library(&LibraryInputs::from_environment(cli.library))?;
    let ctx = Context::new(Library::new(root), cli.color);
    let stdout = std::io::stdout();
    // A terminal sees each line as it is printed; a pipe or a file gets whole blocks, one write
    // per 64 KiB instead of one per line (a `list` of 1,400 episodes was 1,400 system calls).
    let mut out = if std::io::IsTerminal::is_terminal(&stdout) {
        TerminalSafe::new(stdout.lock(), ctx.color)
    } else {
        TerminalSafe::blocks(stdout.lock(), ctx.color)
    };
    let mut err = TerminalSafe::new(std::io::stderr(), false);
    let outcome = dispatch(&ctx, cli.command, &mut out, &mut err)?;
    out.flush()
        .map_err(|e| podgloss::Error::io("<stdout>", e))?;
    Ok(outcome)
}

/// Runs one subcommand (`None`: the TUI).
fn dispatch(
    ctx: &Context,
    command: Option<Command>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> podgloss::Result<Outcome> {
    match command {
        None => open_ui(ctx, Start::default(), out, err),
        Some(Command::Open { slug, at, play }) => open_episode(ctx, slug, at, play, out, err),
        Some(Command::List { json }) => commands::list::run(ctx, json, out, err),
        Some(Command::Show { slug, from, to }) => {
            commands::show::run(ctx, &slug, from.as_deref(), to.as_deref(), out)
        }
        Some(Command::Search { query, limit, json }) => {
            commands::search::run(ctx, &query.join(" "), limit, json, out, err)
        }
        Some(Command::Notes {
            action: Some(NotesAction::Import { file, episode }),
            ..
        }) => commands::notes::import(ctx, &file, episode.as_deref(), out, err),
        Some(Command::Notes {
            action: None,
            slug,
            json,
            pin,
        }) => commands::notes::run(ctx, slug.as_deref(), json, pin, out, err),
        Some(Command::Define(args)) => commands::glossary::define_term(ctx, &args, out, err),
        Some(Command::Glossary { action, json }) => {
            glossary(ctx, action.unwrap_or(GlossaryAction::List), json, out, err)
        }
        Some(Command::Completions { .. }) => Ok(Outcome::Found),
        Some(Command::Index { rebuild }) => commands::index::run(ctx, rebuild, out, err),
        Some(Command::Import {
            sources,
            slug,
            title,
            show,
            episode,
            latest,
            all,
            offline,
            lang,
            yt_dlp,
            audio,
        }) => {
            let options = ImportOptions {
                slug,
                title,
                show,
                episode,
                latest: latest.map(|n| n as usize),
                all,
                offline,
                lang,
                yt_dlp,
                audio,
            };
            commands::import::run(ctx, &sources, &options, out, err)
        }
        Some(Command::Feeds { action }) => commands::feeds::run(ctx, action, out, err),
        Some(Command::Chapters {
            slug,
            from,
            replace,
        }) => commands::chapters::run(ctx, &slug, &from, replace, out),
        Some(Command::Export(args)) => commands::export::run(ctx, &args, out, err),
        Some(Command::Audio {
            action: AudioAction::Fetch { slug, offline },
        }) => commands::audio::fetch(ctx, &slug, offline, out, err),
    }
}

/// The terminal UI, or, when standard input or output is not a terminal, the library listing.
/// `podgloss open SLUG [--at TIME] [--play]`.
fn open_episode(
    ctx: &Context,
    slug: String,
    at: Option<String>,
    play: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> podgloss::Result<Outcome> {
    let at = match at {
        Some(text) => Some(parse_time_spec(&text).ok_or_else(|| {
            podgloss::Error::user(format!(
                "--at {text:?}: not a time (try 1:10:00, 70m or 4200s)"
            ))
        })?),
        None => None,
    };
    let start = Start {
        episode: Some(slug),
        at,
        play,
    };
    open_ui(ctx, start, out, err)
}

/// `podgloss glossary [ACTION]`.
fn glossary(
    ctx: &Context,
    action: GlossaryAction,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> podgloss::Result<Outcome> {
    match action {
        GlossaryAction::List => commands::glossary::list(ctx, json, out, err),
        GlossaryAction::Show { term } => commands::glossary::show(ctx, &term, json, out, err),
        GlossaryAction::Wanted => commands::glossary::wanted(ctx, json, out, err),
        GlossaryAction::Mentions { term } => {
            commands::glossary::mentions(ctx, &term, json, out, err)
        }
        GlossaryAction::Export {
            format,
            wanted,
            output,
            force,
        } => {
            commands::glossary_export::run(ctx, format, wanted, output.as_deref(), force, out, err)
        }
    }
}

fn open_ui(
    ctx: &Context,
    start: Start,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> podgloss::Result<Outcome> {
    use std::io::IsTerminal;
    if !(std::io::stdout().is_terminal() && std::io::stdin().is_terminal()) {
        let outcome = commands::list::run(ctx, false, out, err)?;
        let _ = writeln!(
            err,
            "\n(not a terminal: run podgloss in a terminal for the reader, or `podgloss show SLUG`)"
        );
        return Ok(outcome);
    }
    if let Some(slug) = &start.episode {
        ctx.library.find(slug)?;
    }
    podgloss::tui::run(ctx.library.clone(), start)?;
    Ok(Outcome::Found)
}

//! `podgloss export SLUG [--format F] [-o FILE] [--from T --to T]` and
//! `podgloss export --all -o DIR [--format F]`.

use std::io::Write;
use std::path::Path;

use super::notes::glossary;
use super::{Context, Outcome};
use crate::cli::ExportArgs;
use crate::error::{Error, Result, shown};
use crate::export::{Document, ExportFormat, Window, render};
use crate::fsutil::write_atomic;
use crate::glossary::Glossary;
use crate::library::{Episode, EpisodeEntry};
use crate::model::time::parse_time_spec;
use crate::notes::library::EpisodeNotes;

pub fn run(
    ctx: &Context,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let window = Window {
        from: args
            .from
            .as_deref()
            .map(|t| time_arg("--from", t))
            .transpose()?,
        to: args
            .to
            .as_deref()
            .map(|t| time_arg("--to", t))
            .transpose()?,
    };
    if let (Some(from), Some(to)) = (window.from, window.to) {
        if to <= from {
            return Err(Error::user("--to must be after --from"));
        }
    }
    let glossary = glossary(ctx, err)?;
    if args.all {
        let dir = args
            .output
            .as_deref()
            .ok_or_else(|| Error::user("--all needs -o DIR: the folder to write the files in"))?;
        return export_all(ctx, args, window, &glossary, dir, out, err);
    }
    let slug = args
        .slug
        .as_deref()
        .ok_or_else(|| Error::user("which episode? podgloss export SLUG (or --all -o DIR)"))?;
    let entry = ctx.library.find(slug)?;
    let text = export_one(&entry, &glossary, window, args.format)?;
    write_output(args.output.as_deref(), &text, args.force, out)?;
    Ok(Outcome::Found)
}

/// The export of one episode as text.
pub fn export_one(
    entry: &EpisodeEntry,
    glossary: &Glossary,
    window: Window,
    format: ExportFormat,
) -> Result<String> {
    let episode = Episode::load(entry)?;
    let views = match EpisodeNotes::read(entry)? {
        Some(notes) => notes.views(&episode, glossary),
        None => Vec::new(),
    };
    let document = Document::new(&episode, glossary, &views, window);
    render(&document, format)
}

fn export_all(
    ctx: &Context,
    args: &ExportArgs,
    window: Window,
    glossary: &Glossary,
    dir: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    if !dir.is_dir() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let report = |err: &mut dyn Write, e: &Error| {
        writeln!(err, "podgloss: {e}").map_err(|e| Error::io("<stderr>", e))
    };
    let scan = ctx.library.scan();
    for problem in &scan.problems {
        report(err, problem)?;
    }
    let mut written = 0;
    for entry in &scan.episodes {
        let path = dir.join(format!("{}.{}", entry.slug, args.format.extension()));
        let result = export_one(entry, glossary, window, args.format)
            .and_then(|text| write_file(&path, &text, args.force));
        match result {
            Ok(()) => written += 1,
            Err(e) => report(err, &e)?,
        }
    }
    writeln!(
        out,
        "wrote {written} of {} episodes to {}",
        scan.episodes.len(),
        shown(dir)
    )
    .map_err(|e| Error::io("<stdout>", e))?;
    Ok(Outcome::found_if(written > 0))
}

/// Writes `text` to `path` (atomically, never over an existing file without `force`), or to
/// `out` when there is no path.
pub fn write_output(
    path: Option<&Path>,
    text: &str,
    force: bool,
    out: &mut dyn Write,
) -> Result<()> {
    match path {
        None => out
            .write_all(text.as_bytes())
            .map_err(|e| Error::io("<stdout>", e)),
        Some(path) => {
            write_file(path, text, force)?;
            writeln!(out, "wrote {}", shown(path)).map_err(|e| Error::io("<stdout>", e))
        }
    }
}

fn write_file(path: &Path, text: &str, force: bool) -> Result<()> {
    if path.is_dir() {
        return Err(Error::user(format!(
            "{} is a folder; give a file name (or use --all for a folder)",
            shown(path)
        )));
    }
    if path.exists() && !force {
        return Err(Error::user(format!(
            "{} already exists; pass --force to replace it",
            shown(path)
        )));
    }
    write_atomic(path, text.as_bytes())
}

fn time_arg(flag: &str, text: &str) -> Result<u64> {
    parse_time_spec(text).ok_or_else(|| {
        Error::user(format!(
            "{flag} {text:?}: not a time (try 1:10:00, 70m or 4200s)"
        ))
    })
}

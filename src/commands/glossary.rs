//! `podgloss glossary [list | show TERM | wanted | mentions TERM] [--json]` and
//! `podgloss define TERM ...`.

use std::io::Write;

use serde::Serialize;

use super::notes::glossary;
use super::sync::synced_index;
use super::{Context, Outcome, Style};
use crate::cli::DefineArgs;
use crate::error::{Error, Result, shown};
use crate::formats::text::{json_safe, terminal_text};
use crate::glossary::{Entry, Glossary, define};
use crate::model::time::format_time;

fn io(e: std::io::Error) -> Error {
    Error::io("<stdout>", e)
}

fn entry_or_error<'a>(glossary: &'a Glossary, term: &str) -> Result<&'a Entry> {
    glossary.find(term).ok_or_else(|| {
        Error::user(format!(
            "no glossary entry for {term:?}: `podgloss define {term:?} --definition TEXT` adds one"
        ))
    })
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    term: &'a str,
    aliases: &'a [String],
    related: &'a [String],
    sources: &'a [String],
    definition: &'a str,
    file: String,
}

impl<'a> From<&'a Entry> for JsonEntry<'a> {
    fn from(entry: &'a Entry) -> Self {
        JsonEntry {
            term: &entry.term,
            aliases: &entry.aliases,
            related: &entry.related,
            sources: &entry.sources,
            definition: &entry.definition,
            file: shown(&entry.path).to_string(),
        }
    }
}

pub fn list(
    ctx: &Context,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let glossary = glossary(ctx, err)?;
    let style = Style::new(ctx.color);
    for entry in glossary.entries() {
        if json {
            let line =
                json_safe(serde_json::to_string(&JsonEntry::from(entry)).unwrap_or_default());
            writeln!(out, "{line}").map_err(io)?;
        } else {
            let first = entry.plain.lines().next().unwrap_or_default();
            let gist: String = first.chars().take(70).collect();
            let more = if first.chars().count() > 70 {
                "…"
            } else {
                ""
            };
            writeln!(out, "{:<28}  {gist}{more}", style.bold(&entry.term)).map_err(io)?;
        }
    }
    Ok(Outcome::found_if(!glossary.is_empty()))
}

pub fn show(
    ctx: &Context,
    term: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let glossary = glossary(ctx, err)?;
    let entry = entry_or_error(&glossary, term)?;
    if json {
        let line = json_safe(serde_json::to_string(&JsonEntry::from(entry)).unwrap_or_default());
        writeln!(out, "{line}").map_err(io)?;
        return Ok(Outcome::Found);
    }
    let style = Style::new(ctx.color);
    writeln!(out, "{}", style.bold(&entry.term)).map_err(io)?;
    for (label, values) in [
        ("aliases", &entry.aliases),
        ("related", &entry.related),
        ("sources", &entry.sources),
    ] {
        if !values.is_empty() {
            writeln!(
                out,
                "{}",
                style.dim(&format!("{label}: {}", values.join(", ")))
            )
            .map_err(io)?;
        }
    }
    writeln!(out).map_err(io)?;
    writeln!(out, "{}", terminal_text(&entry.definition, false)).map_err(io)?;
    writeln!(out, "{}", style.dim(&format!("\n{}", shown(&entry.path)))).map_err(io)?;
    Ok(Outcome::Found)
}

/// Terms asked about in notes that have no glossary entry, most asked first.
pub fn wanted(
    ctx: &Context,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let glossary = glossary(ctx, err)?;
    let (wanted, problems) = crate::notes::wanted(&ctx.library, &glossary);
    for problem in problems {
        writeln!(err, "podgloss: {problem}").map_err(|e| Error::io("<stderr>", e))?;
    }
    let style = Style::new(ctx.color);
    for item in &wanted {
        if json {
            writeln!(
                out,
                "{}",
                json_safe(serde_json::to_string(item).unwrap_or_default())
            )
            .map_err(io)?;
            continue;
        }
        writeln!(out, "{}", style.bold(&item.term)).map_err(io)?;
        for asked in &item.asked {
            let at = asked
                .time
                .as_deref()
                .map(|t| format!(" at {t}"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {}",
                style.dim(&format!(
                    "{} note {}{at}: {}",
                    asked.episode, asked.note, asked.question
                ))
            )
            .map_err(io)?;
        }
    }
    if wanted.is_empty() {
        if !json {
            writeln!(err, "no wanted terms: every term asked about has an entry")
                .map_err(|e| Error::io("<stderr>", e))?;
        }
        return Ok(Outcome::NothingFound);
    }
    Ok(Outcome::Found)
}

pub fn mentions(
    ctx: &Context,
    term: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let glossary = glossary(ctx, err)?;
    let entry = entry_or_error(&glossary, term)?;
    let id = glossary.find_id(&entry.term);
    let index = synced_index(ctx, false, err)?;
    let hits = match id {
        Some(id) => index.mentions(&glossary, id)?,
        None => Vec::new(),
    };
    let style = Style::new(ctx.color);
    if json {
        for hit in &hits {
            writeln!(
                out,
                "{}",
                json_safe(serde_json::to_string(hit).unwrap_or_default())
            )
            .map_err(io)?;
        }
    } else {
        let episodes = {
            let mut slugs: Vec<&str> = hits.iter().map(|h| h.episode.as_str()).collect();
            slugs.dedup();
            slugs.len()
        };
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        writeln!(
            out,
            "{}: {} in {}",
            style.bold(&entry.term),
            plural(hits.len(), "mention"),
            plural(episodes, "episode")
        )
        .map_err(io)?;
        let mut current = None;
        for hit in &hits {
            if current != Some(&hit.episode) {
                writeln!(
                    out,
                    "\n{}{}",
                    style.bold(&hit.title),
                    style.dim(&format!("  {}", hit.episode))
                )
                .map_err(io)?;
                current = Some(&hit.episode);
            }
            let time = hit.time_ms.map(format_time).unwrap_or_default();
            let who = match hit.kind.as_str() {
                "note" => "note".to_string(),
                _ => hit.speaker.clone().unwrap_or_default(),
            };
            let snippet = match (
                hit.snippet.get(..hit.highlight.start),
                hit.snippet.get(hit.highlight.clone()),
                hit.snippet.get(hit.highlight.end..),
            ) {
                (Some(a), Some(b), Some(c)) => format!("{a}{}{c}", style.bold(b)),
                _ => hit.snippet.clone(),
            };
            writeln!(
                out,
                "  {}  {}  {snippet}",
                style.cyan(&format!("{time:>8}")),
                style.dim(&who)
            )
            .map_err(io)?;
        }
    }
    Ok(Outcome::found_if(!hits.is_empty()))
}

/// `podgloss define TERM [--alias A]... [--related R]... [--definition TEXT | --edit]`.
pub fn define_term(
    ctx: &Context,
    args: &DefineArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let dir = ctx.library.glossary_dir();
    let (glossary, _) = crate::glossary::load_glossary(&dir);
    let existing = glossary.find(&args.term);
    let existed = existing.is_some();
    let (definition, expected) = new_definition(existing, args)?;
    let path = define(
        &dir,
        &args.term,
        &args.aliases,
        &args.related,
        definition.as_deref(),
        expected,
    )?;
    let verb = if existed { "updated" } else { "created" };
    writeln!(out, "{verb} {}", shown(&path)).map_err(io)?;
    if args.edit {
        super::editor::edit_file(&path)?;
    }
    synced_index(ctx, false, err)?;
    Ok(Outcome::Found)
}

/// The definition to write, and the fingerprint the entry must still have. A body is never
/// replaced silently: giving a different definition for an entry that has one needs `--replace`
/// or `--append`.
fn new_definition(
    existing: Option<&Entry>,
    args: &DefineArgs,
) -> Result<(Option<String>, Option<crate::glossary::Fingerprint>)> {
    let given = args.definition.as_deref().filter(|d| !d.trim().is_empty());
    let (Some(entry), Some(given)) = (existing, given) else {
        return Ok((args.definition.clone(), None));
    };
    let current = entry.definition.trim();
    if current.is_empty() || current == given.trim() || args.replace {
        return Ok((Some(given.to_string()), Some(entry.fingerprint)));
    }
    if args.append {
        let joined = format!("{current}\n\n{}", given.trim());
        return Ok((Some(joined), Some(entry.fingerprint)));
    }
    Err(Error::user(format!(
        "\"{}\" already has a definition ({}); nothing was written. Add --replace to replace it \
         with the new text, or --append to add the new text after it",
        entry.term,
        shown(&entry.path)
    )))
}

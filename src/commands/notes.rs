//! `podgloss notes [SLUG] [--json] [--pin N]` and `podgloss notes import FILE [--episode SLUG]`.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::sync::synced_index;
use super::{Context, Outcome, Style};
use crate::error::{Error, Result, shown};
use crate::formats::text::{json_safe, sanitize_line};
use crate::glossary::{Glossary, load_glossary};
use crate::library::{Episode, EpisodeEntry};
use crate::model::time::format_time;
use crate::notes::library::EpisodeNotes;
use crate::notes::line::{AnchorForm, anchor_label, clip, term_names};
use crate::notes::parse_notes;
use crate::notes::view::{NoteView, Placement, TermRef};

/// The glossary, with unreadable entries reported on standard error.
pub fn glossary(ctx: &Context, err: &mut dyn Write) -> Result<Glossary> {
    let (glossary, problems) = load_glossary(&ctx.library.glossary_dir());
    for problem in problems {
        writeln!(err, "podgloss: {problem}").map_err(|e| Error::io("<stderr>", e))?;
    }
    Ok(glossary)
}

/// Every episode with a notes file, with its notes viewed against the episode and glossary.
pub fn all_views(
    ctx: &Context,
    only: Option<&str>,
    glossary: &Glossary,
    err: &mut dyn Write,
) -> Result<Vec<(EpisodeEntry, EpisodeNotes, Vec<NoteView>)>> {
    let entries = match only {
        Some(slug) => vec![ctx.library.find(slug)?],
        None => ctx.library.scan().episodes,
    };
    let mut found = Vec::new();
    for entry in entries {
        let Some(notes) = EpisodeNotes::read(&entry)? else {
            continue;
        };
        if !notes.exists() {
            continue;
        }
        let episode = match Episode::load(&entry) {
            Ok(episode) => episode,
            Err(e) => {
                writeln!(err, "podgloss: {e}").map_err(|e| Error::io("<stderr>", e))?;
                continue;
            }
        };
        let views = notes.views(&episode, glossary);
        found.push((entry, notes, views));
    }
    Ok(found)
}

pub fn run(
    ctx: &Context,
    slug: Option<&str>,
    json: bool,
    pin: Option<usize>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let glossary = glossary(ctx, err)?;
    let episodes = all_views(ctx, slug, &glossary, err)?;
    if let Some(number) = pin {
        let Some(slug) = slug else {
            return Err(Error::user(
                "--pin needs the episode: podgloss notes SLUG --pin N",
            ));
        };
        let (_, notes, views) = episodes
            .iter()
            .find(|(entry, _, _)| entry.slug == slug)
            .ok_or_else(|| Error::user(format!("{slug} has no notes.md yet")))?;
        return pin_note(notes, views, number, out);
    }
    let io = |e| Error::io("<stdout>", e);
    let style = Style::new(ctx.color);
    let mut printed = 0;
    for (i, (entry, _, views)) in episodes.iter().enumerate() {
        if json {
            for view in views {
                let line = json_safe(
                    serde_json::to_string(&JsonNote::new(&entry.slug, view)).unwrap_or_default(),
                );
                writeln!(out, "{line}").map_err(io)?;
            }
        } else {
            if i > 0 {
                writeln!(out).map_err(io)?;
            }
            writeln!(
                out,
                "{}{}",
                style.bold(&entry.title()),
                style.dim(&format!("  {}", entry.slug))
            )
            .map_err(io)?;
            for view in views {
                print_note(view, &style, out).map_err(io)?;
            }
        }
        printed += views.len();
    }
    if printed == 0 {
        if !json {
            let place = slug.map_or("the library".to_string(), |s| format!("`{s}`"));
            writeln!(
                err,
                "no notes in {place}: write transcripts/<slug>/notes.md, or `podgloss notes import FILE`"
            )
            .map_err(|e| Error::io("<stderr>", e))?;
        }
        return Ok(Outcome::NothingFound);
    }
    Ok(Outcome::Found)
}

/// `  3  ~23:18 72%   Residual stream in the cerebellum...` then links and questions.
fn print_note(view: &NoteView, style: &Style, out: &mut dyn Write) -> std::io::Result<()> {
    let anchor = anchor_label(&view.placement, AnchorForm::Column);
    let first_line = sanitize_line(view.note.text.lines().next().unwrap_or_default());
    writeln!(
        out,
        "{:>4}  {}  {}",
        view.note.index + 1,
        style.cyan(&format!("{anchor:<15}")),
        clip(&first_line, 90)
    )?;
    let mut details = Vec::new();
    if !view.links.is_empty() {
        details.push(format!("links: {}", term_names(&view.links)));
    }
    if !view.asks.is_empty() {
        details.push(format!("asks: {}", term_names(&view.asks)));
    }
    if !details.is_empty() {
        writeln!(out, "{:>23}{}", "", style.dim(&details.join("  ·  ")))?;
    }
    Ok(())
}

fn pin_note(
    notes: &EpisodeNotes,
    views: &[NoteView],
    number: usize,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let view = number
        .checked_sub(1)
        .and_then(|i| views.get(i))
        .ok_or_else(|| {
            Error::user(format!(
                "there is no note {number} (there are {})",
                views.len()
            ))
        })?;
    let time = match view.placement {
        Placement::Auto { start, .. } => start,
        Placement::Exact { .. } => {
            return Err(Error::user(format!("note {number} already has a time")));
        }
        Placement::None => {
            return Err(Error::user(format!(
                "note {number} has no auto-anchor to pin; write a time into it instead"
            )));
        }
    };
    notes.pin(view.note.index, time)?;
    writeln!(
        out,
        "pinned note {number} at {} in {}",
        format_time(time),
        shown(&notes.path)
    )
    .map_err(|e| Error::io("<stdout>", e))?;
    Ok(Outcome::Found)
}

#[derive(Serialize)]
struct JsonNote<'a> {
    episode: &'a str,
    number: usize,
    line: usize,
    text: &'a str,
    anchor: &'a Placement,
    time: Option<String>,
    links: &'a [TermRef],
    asks: &'a [TermRef],
    wanted: Vec<&'a str>,
    urls: &'a [String],
}

impl<'a> JsonNote<'a> {
    fn new(episode: &'a str, view: &'a NoteView) -> Self {
        JsonNote {
            episode,
            number: view.note.index + 1,
            line: view.note.line,
            text: &view.note.text,
            anchor: &view.placement,
            time: view.placement.start().map(format_time),
            links: &view.links,
            asks: &view.asks,
            wanted: view.wanted().collect(),
            urls: &view.note.urls,
        }
    }
}

/// `podgloss notes import FILE [--episode SLUG]`: the file's notes become the episode's notes
/// (appended, skipping notes it already has). Without `--episode`, a URL in the file names it.
pub fn import(
    ctx: &Context,
    file: &Path,
    episode: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let bytes = crate::fsutil::read_regular(file).map_err(|e| Error::io(file, e))?;
    let text = crate::formats::text::decode(&bytes).into_owned();
    let incoming = parse_notes(&text);
    let entry = match episode {
        Some(slug) => ctx.library.find(slug)?,
        None => episode_by_url(ctx, &incoming.urls, file)?,
    };
    let notes = EpisodeNotes::read(&entry)?.ok_or_else(|| {
        Error::user(format!(
            "{} is a bare transcript file; import it (podgloss import) to give it a folder for notes",
            entry.slug
        ))
    })?;
    let io = |e| Error::io("<stdout>", e);
    if !notes.exists() {
        // `write_new`: a notes file that appeared since it was looked for is never replaced.
        crate::fsutil::write_new(&notes.path, text.as_bytes()).map_err(|e| match e {
            Error::Io { source, .. } if source.kind() == std::io::ErrorKind::AlreadyExists => {
                Error::user(format!(
                    "{} appeared while its notes were being imported; nothing was written \
                     (run the command again to add to it)",
                    shown(&notes.path)
                ))
            }
            other => other,
        })?;
        writeln!(
            out,
            "imported {} notes into {}",
            incoming.notes.len(),
            shown(&notes.path)
        )
        .map_err(io)?;
    } else {
        let known: Vec<String> = notes
            .file
            .notes
            .iter()
            .map(|n| same_note_key(&n.text))
            .collect();
        let mut current = notes;
        let mut added = 0;
        for note in &incoming.notes {
            if known.contains(&same_note_key(&note.text)) {
                continue;
            }
            current.append(&note.text)?;
            current = EpisodeNotes::read(&entry)?.ok_or_else(|| Error::user("notes vanished"))?;
            added += 1;
        }
        writeln!(
            out,
            "added {added} new notes to {} ({} already there)",
            shown(&current.path),
            incoming.notes.len() - added
        )
        .map_err(io)?;
    }
    synced_index(ctx, false, err)?;
    Ok(Outcome::Found)
}

/// Two notes are the same note only when their text, times included, is the same up to how
/// lines were wrapped: `Softmax?` is not a copy of `softmax?` nor of a note that mentions softmax.
fn same_note_key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The episode whose page, video, audio or transcript source is one of `urls`.
fn episode_by_url(ctx: &Context, urls: &[String], file: &Path) -> Result<EpisodeEntry> {
    let wanted: Vec<String> = urls.iter().map(|u| url_key(u)).collect();
    for entry in ctx.library.scan().episodes {
        let sources = &entry.meta.sources;
        let known = [
            &sources.web,
            &sources.video,
            &sources.audio,
            &sources.transcript,
        ];
        if known
            .iter()
            .filter_map(|s| s.as_deref())
            .any(|s| wanted.contains(&url_key(s)))
        {
            return Ok(entry);
        }
    }
    Err(Error::user(if urls.is_empty() {
        format!(
            "{}: no URL in the file names its episode; pass --episode SLUG",
            shown(file)
        )
    } else {
        format!(
            "{}: no episode has the source {}; pass --episode SLUG",
            shown(file),
            urls.join(" or ")
        )
    }))
}

/// A URL reduced to what identifies a page: no scheme, `www.`, trailing `/` or fragment; a
/// YouTube video by its id, whichever of its URL forms is used.
pub fn url_key(url: &str) -> String {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let rest = rest.split('#').next().unwrap_or_default();
    if let Some(id) = youtube_id(rest).or_else(|| crate::import::video::youtube_id(url)) {
        return format!("youtube:{id}");
    }
    rest.trim_end_matches('/').to_lowercase()
}

fn youtube_id(rest: &str) -> Option<&str> {
    let id = if let Some(tail) = rest.strip_prefix("youtu.be/") {
        tail.split(['?', '&', '/']).next()
    } else if rest.starts_with("youtube.com/") || rest.starts_with("m.youtube.com/") {
        let query = rest.split_once('?')?.1;
        query.split('&').find_map(|pair| pair.strip_prefix("v="))
    } else {
        None
    }?;
    (!id.is_empty()).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::url_key;

    #[test]
    fn urls_match_across_their_forms() {
        let same = [
            "https://www.youtube.com/watch?v=UTuuTTnjxMQ",
            "https://youtu.be/UTuuTTnjxMQ?t=42",
            "http://m.youtube.com/watch?feature=share&v=UTuuTTnjxMQ",
        ];
        for url in same {
            assert_eq!(url_key(url), "youtube:UTuuTTnjxMQ", "{url}");
        }
        assert_eq!(
            url_key("https://www.example.com/p/episode/"),
            url_key("http://example.com/p/episode#top")
        );
    }
}

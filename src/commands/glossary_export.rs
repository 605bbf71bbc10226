//! `podgloss glossary export [--format anki|csv|md] [--wanted] [-o FILE]`: flashcards.

use std::io::Write;
use std::path::Path;

use super::export::write_output;
use super::notes::{all_views, glossary};
use super::{Context, Outcome};
use crate::error::{Error, Result};
use crate::export::deep_link;
use crate::export::glossary_cards::{Card, CardFormat, Met, entry_cards, first_meetings, render};
use crate::glossary::Glossary;
use crate::library::Episode;

pub fn run(
    ctx: &Context,
    format: CardFormat,
    wanted: bool,
    output: Option<&Path>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    let glossary = glossary(ctx, err)?;
    let cards = if wanted {
        wanted_cards(ctx, &glossary, err)?
    } else {
        let episodes = episodes_in_listening_order(ctx, err)?;
        entry_cards(&glossary, first_meetings(&glossary, &episodes))
    };
    if cards.is_empty() {
        let what = if wanted {
            "no wanted terms: every term asked about has an entry"
        } else {
            "the glossary is empty: `podgloss define TERM` adds an entry"
        };
        writeln!(err, "{what}").map_err(|e| Error::io("<stderr>", e))?;
        return Ok(Outcome::NothingFound);
    }
    write_output(output, &render(&cards, format), force, out)?;
    Ok(Outcome::Found)
}

/// Every episode that loads, oldest first (by `published`, then slug; undated ones last).
fn episodes_in_listening_order(ctx: &Context, err: &mut dyn Write) -> Result<Vec<Episode>> {
    let mut entries = ctx.library.scan().episodes;
    entries.sort_by_key(|e| {
        (
            e.meta.published.is_none(),
            e.meta.published.map(|d| d.to_string()),
            e.slug.clone(),
        )
    });
    let mut episodes = Vec::with_capacity(entries.len());
    for entry in entries {
        match Episode::load(&entry) {
            Ok(episode) => episodes.push(episode),
            Err(e) => writeln!(err, "podgloss: {e}").map_err(|e| Error::io("<stderr>", e))?,
        }
    }
    Ok(episodes)
}

/// One card per wanted term, its back the questions that asked about it and where.
fn wanted_cards(ctx: &Context, glossary: &Glossary, err: &mut dyn Write) -> Result<Vec<Card>> {
    let mut cards: Vec<Card> = Vec::new();
    for (entry, _, views) in all_views(ctx, None, glossary, err)? {
        for view in &views {
            let wanted: Vec<&str> = view.wanted().collect();
            for question in &view.note.questions {
                for term in question
                    .terms
                    .iter()
                    .filter(|t| wanted.contains(&t.as_str()))
                {
                    let time = view.placement.start();
                    let met = Met {
                        sentence: crate::export::note_text::clean(&question.sentence),
                        episode: entry.title(),
                        time,
                        link: time.and_then(|t| deep_link(&entry.meta.sources, t, None)),
                    };
                    let key = term.to_lowercase();
                    match cards.iter_mut().find(|c| c.term.to_lowercase() == key) {
                        Some(card) => card.met.push(met),
                        None => cards.push(Card {
                            term: crate::export::note_text::clean(term),
                            aliases: Vec::new(),
                            definition: String::new(),
                            met: vec![met],
                        }),
                    }
                }
            }
        }
    }
    Ok(cards)
}

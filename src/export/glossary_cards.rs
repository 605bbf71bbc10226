//! `podgloss glossary export`: the glossary as flashcards, one card per entry, or, with
//! `--wanted`, one per term still to learn.
//!
//! - `anki`: tab-separated, with Anki's file headers (`#separator:tab`, `#html:true`,
//!   `#notetype:Basic`, `#columns:` Front, Back, Tags, `#tags column:3`) so Anki maps the fields
//!   without asking. Fields are HTML (Anki renders them), so every text is HTML-escaped, which
//!   also keeps tabs, newlines and quotes out of the fields; a field is quoted anyway if one
//!   ever holds them.
//! - `csv`: RFC 4180 comma-separated plain text, one column per fact, with Anki's headers too
//!   (`#separator:comma`, `#html:false`, `#columns:...`), for spreadsheets and custom note types.
//! - `md`: one Markdown section per card.
//!
//! The front is the term and its aliases; the back, the definition and where the learner first
//! met the term: the transcript sentence, the episode and a deep link to the time. "First" is
//! in order of episode date, then slug: the order a listener goes through a feed.

use std::fmt::Write as _;

use super::html::escape as html;
use super::note_text::clean;
use crate::glossary::Glossary;
use crate::library::Episode;
use crate::model::Millis;
use crate::model::time::format_time;

/// What `podgloss glossary export --format` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CardFormat {
    /// Anki's tab-separated import file (fields Front, Back, Tags).
    Anki,
    /// Comma-separated, one column per fact.
    Csv,
    /// Markdown, one section per term.
    Md,
}

/// A place a term was met (in a transcript) or asked about (in a note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Met {
    pub sentence: String,
    pub episode: String,
    pub time: Option<Millis>,
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub term: String,
    pub aliases: Vec<String>,
    /// Plain text, one block per line; empty for a wanted term.
    pub definition: String,
    pub met: Vec<Met>,
}

/// One card per glossary entry, with the first meeting of each (see [`first_meetings`]).
pub fn entry_cards(glossary: &Glossary, met: Vec<Option<Met>>) -> Vec<Card> {
    glossary
        .entries()
        .iter()
        .zip(met.into_iter().chain(std::iter::repeat(None)))
        .map(|(entry, met)| Card {
            term: clean(&entry.term),
            aliases: entry.aliases.iter().map(|a| clean(a)).collect(),
            definition: clean(&entry.plain),
            met: met.into_iter().collect(),
        })
        .collect()
}

/// For every glossary entry, the first sentence mentioning it in `episodes` (taken in the
/// order given). Stops reading as soon as every entry is met.
pub fn first_meetings<'a>(
    glossary: &Glossary,
    episodes: impl IntoIterator<Item = &'a Episode>,
) -> Vec<Option<Met>> {
    let mut met: Vec<Option<Met>> = vec![None; glossary.len()];
    let mut missing = glossary.len();
    for episode in episodes {
        if missing == 0 {
            break;
        }
        for paragraph in &episode.paragraphs {
            for mention in glossary.mentions(&paragraph.text) {
                let Some(slot) = met.get_mut(mention.entry).filter(|m| m.is_none()) else {
                    continue;
                };
                let segment = paragraph.segment_at_offset(mention.range.start);
                let time = episode
                    .transcript
                    .timed
                    .then(|| episode.transcript.segments.get(segment).map(|s| s.start))
                    .flatten();
                *slot = Some(Met {
                    sentence: sentence_around(&paragraph.text, mention.range.clone()),
                    episode: episode.title(),
                    time,
                    link: time.and_then(|t| super::deep_link(&episode.entry.meta.sources, t, None)),
                });
                missing -= 1;
            }
        }
    }
    met
}

/// The sentence of `text` holding `range`, at most about 300 characters.
pub fn sentence_around(text: &str, range: std::ops::Range<usize>) -> String {
    let is_end = |c: char| matches!(c, '.' | '?' | '!' | '…');
    let before = text.get(..range.start).unwrap_or_default();
    let start = before
        .char_indices()
        .rev()
        .find(|&(i, c)| is_end(c) && before[i + c.len_utf8()..].starts_with(' '))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let after = text.get(range.end..).unwrap_or_default();
    let end = after
        .char_indices()
        .find(|&(_, c)| is_end(c))
        .map_or(text.len(), |(i, c)| range.end + i + c.len_utf8());
    let sentence = text.get(start..end).unwrap_or(text).trim();
    if sentence.chars().count() <= 300 {
        return clean(sentence);
    }
    // Too long to be one sentence (an unpunctuated transcript): the words around the term.
    let from = text[..range.start]
        .char_indices()
        .rev()
        .nth(140)
        .map_or(0, |(i, _)| i);
    let to = text[range.end..]
        .char_indices()
        .nth(140)
        .map_or(text.len(), |(i, _)| range.end + i);
    clean(&format!("…{}…", text[from..to].trim()))
}

pub fn render(cards: &[Card], format: CardFormat) -> String {
    match format {
        CardFormat::Anki => anki(cards),
        CardFormat::Csv => csv(cards),
        CardFormat::Md => markdown(cards),
    }
}

fn place(met: &Met) -> String {
    match met.time {
        Some(t) => format!("{}, {}", met.episode, format_time(t)),
        None => met.episode.clone(),
    }
}

fn anki(cards: &[Card]) -> String {
    let mut out = String::from(
        "#separator:tab\n#html:true\n#notetype:Basic\n#deck:podgloss\n#columns:Front\tBack\tTags\n#tags column:3\n",
    );
    for card in cards {
        let mut front = html(&card.term);
        if !card.aliases.is_empty() {
            let _ = write!(
                front,
                "<br><small>{}</small>",
                html(&card.aliases.join(", "))
            );
        }
        let mut back: Vec<String> = card
            .definition
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(html)
            .collect();
        for met in &card.met {
            let mut seen = format!("<i>“{}”</i><br>— ", html(&met.sentence));
            match &met.link {
                Some(link) => {
                    // Single quotes, so the field holds no `"` (the link is escaped, `'` too).
                    let _ = write!(seen, "<a href='{}'>{}</a>", html(link), html(&place(met)));
                }
                None => seen.push_str(&html(&place(met))),
            }
            back.push(seen);
        }
        let tags = if card.definition.is_empty() {
            "podgloss podgloss::wanted"
        } else {
            "podgloss"
        };
        let fields = [front, back.join("<br><br>"), tags.to_string()];
        let row: Vec<String> = fields.iter().map(|f| quoted(f, '\t')).collect();
        let _ = writeln!(out, "{}", row.join("\t"));
    }
    out
}

fn csv(cards: &[Card]) -> String {
    let mut out = String::from(
        "#separator:comma\n#html:false\n#columns:Term,Aliases,Definition,Sentence,Episode,Time,Link\n",
    );
    for card in cards {
        let first = card.met.first();
        let fields = [
            card.term.clone(),
            card.aliases.join(", "),
            card.definition.clone(),
            first.map(|m| m.sentence.clone()).unwrap_or_default(),
            first.map(|m| m.episode.clone()).unwrap_or_default(),
            first
                .and_then(|m| m.time)
                .map(format_time)
                .unwrap_or_default(),
            first.and_then(|m| m.link.clone()).unwrap_or_default(),
        ];
        let row: Vec<String> = fields.iter().map(|f| quoted(f, ',')).collect();
        let _ = writeln!(out, "{}", row.join(","));
    }
    out
}

fn markdown(cards: &[Card]) -> String {
    let mut out = String::from("# Glossary\n\n");
    for card in cards {
        let _ = writeln!(out, "## {}\n", super::markdown::escape(&card.term));
        if !card.aliases.is_empty() {
            let _ = writeln!(
                out,
                "*also: {}*\n",
                super::markdown::escape(&card.aliases.join(", "))
            );
        }
        // One block per line in the plain definition; Markdown needs a blank line between.
        let blocks: Vec<&str> = card
            .definition
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        if !blocks.is_empty() {
            let _ = writeln!(out, "{}\n", blocks.join("\n\n"));
        }
        for met in &card.met {
            let _ = writeln!(out, "> {}", super::markdown::escape(&met.sentence));
            let at = match (&met.link, met.time) {
                (Some(link), Some(t)) => format!(", [{}]({link})", format_time(t)),
                (None, Some(t)) => format!(", {}", format_time(t)),
                _ => String::new(),
            };
            let _ = writeln!(out, "> — {}{at}\n", super::markdown::escape(&met.episode));
        }
    }
    out
}

/// A field as RFC 4180 writes it: in double quotes (inner ones doubled) when it holds the
/// separator, a quote or a line break, or starts with `#` (which Anki would read as a header).
fn quoted(field: &str, separator: char) -> String {
    let needs = field.contains([separator, '"', '\n', '\r']) || field.starts_with('#');
    if needs {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_around_a_mention() {
        let text = "First one. The residual stream is a sum! Last.";
        let at = text.find("residual").unwrap();
        assert_eq!(
            sentence_around(text, at..at + 15),
            "The residual stream is a sum!"
        );
        assert_eq!(sentence_around("no end residual", 7..15), "no end residual");
    }

    #[test]
    fn quoting_follows_rfc_4180() {
        assert_eq!(quoted("plain", ','), "plain");
        assert_eq!(quoted("a, \"b\"", ','), "\"a, \"\"b\"\"\"");
        assert_eq!(quoted("line\nbreak", '\t'), "\"line\nbreak\"");
        assert_eq!(quoted("#tag", '\t'), "\"#tag\"");
    }
}

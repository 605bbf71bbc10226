//! The Reader's right pane: the definition of the selected term, or, for a wanted term,
//! where it is asked about and how to define it. Pure functions of their arguments; the caller
//! wraps the lines (`Wrap { trim: false }`) and may cache them per term, since a definition with
//! code is highlighted on every call.

use std::cell::RefCell;

use pulldown_cmark::HeadingLevel;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};

use super::markdown::{heading_style, render_markdown};
use crate::formats::text::sanitize_line;
use crate::glossary::{Entry, EntryId};

const DIM: Style = Style::new().add_modifier(Modifier::DIM);
const LABEL: Style = Style::new().add_modifier(Modifier::BOLD);
const KEY: Style = Style::new()
    .fg(ratatui::style::Color::Yellow)
    .add_modifier(Modifier::BOLD);

use super::wanted_uses::TermUses;
use crate::model::time::format_time;
pub use crate::notes::WantedPlace;

/// What a rendered definition depends on: the glossary (its identity: a reload is a new one),
/// the entry in it, and the mention count shown.
pub type DefinitionKey = (usize, EntryId, Option<usize>);

/// The last definition rendered, kept until the entry or its count changes: rendering Markdown
/// and highlighting code on every frame would cost more than the rest of the frame.
#[derive(Debug, Default)]
pub struct DefinitionCache {
    slot: RefCell<Option<(DefinitionKey, Text<'static>)>>,
}

impl DefinitionCache {
    /// The text for `key`, rendered by `render` only when it is not the one kept.
    pub fn get(&self, key: DefinitionKey, render: impl FnOnce() -> Text<'static>) -> Text<'static> {
        let mut slot = self.slot.borrow_mut();
        match slot.as_ref() {
            Some((kept, text)) if *kept == key => text.clone(),
            _ => {
                let text = render();
                *slot = Some((key, text.clone()));
                text
            }
        }
    }
}

/// The term as a heading, its aliases, the rendered definition, related terms, the mention count
/// (when known) and the sources.
pub fn definition_text(entry: &Entry, mentions: Option<usize>) -> Text<'static> {
    let mut lines = vec![Line::from(Span::styled(
        sanitize_line(&entry.term),
        heading_style(HeadingLevel::H1),
    ))];
    if !entry.aliases.is_empty() {
        lines.push(Line::styled(
            format!("also: {}", joined(&entry.aliases, ", ")),
            DIM,
        ));
    }

    let mut sections: Vec<Vec<Line<'static>>> = Vec::new();
    let definition = render_markdown(&entry.definition).lines;
    if !definition.is_empty() {
        sections.push(definition);
    }

    let mut facts = Vec::new();
    if !entry.related.is_empty() {
        let mut spans = vec![Span::styled("Related: ", LABEL)];
        for (index, term) in entry.related.iter().enumerate() {
            if index > 0 {
                spans.push(Span::styled(" · ", DIM));
            }
            spans.push(Span::raw(sanitize_line(term)));
        }
        facts.push(Line::from(spans));
    }
    if let Some(count) = mentions {
        let times = if count == 1 { "time" } else { "times" };
        facts.push(Line::raw(format!(
            "Mentioned {count} {times} in the library"
        )));
    }
    if !facts.is_empty() {
        sections.push(facts);
    }

    if !entry.sources.is_empty() {
        let label = if entry.sources.len() == 1 {
            "Source:"
        } else {
            "Sources:"
        };
        let mut sources = vec![Line::styled(label, DIM)];
        sources.extend(
            entry
                .sources
                .iter()
                .map(|source| Line::styled(format!("  {}", sanitize_line(source)), DIM)),
        );
        sections.push(sources);
    }

    for section in sections {
        lines.push(Line::default());
        lines.extend(section);
    }
    Text::from(lines)
}

/// A wanted term: that it has no definition, where it is asked about, the sentences of the
/// episode that use it (when `uses` is given: the Reader shows one episode), and the key to
/// define it. `define_key` is the key that opens the define form, from the keymap.
pub fn wanted_text(
    term: &str,
    asked: &[WantedPlace],
    define_key: &str,
    uses: Option<&TermUses>,
) -> Text<'static> {
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!("«{}»", sanitize_line(term)),
                heading_style(HeadingLevel::H2),
            ),
            Span::raw(" has no definition yet"),
        ]),
        Line::default(),
    ];
    if !asked.is_empty() {
        let places = if asked.len() == 1 { "place" } else { "places" };
        lines.push(Line::styled(
            format!("Asked about in {} {places}:", asked.len()),
            LABEL,
        ));
        for place in asked {
            let mut whereabouts =
                format!("{} · note {}", sanitize_line(&place.episode), place.note);
            if let Some(time) = &place.time {
                whereabouts.push_str(" · ");
                whereabouts.push_str(&sanitize_line(time));
            }
            lines.push(Line::from(vec![
                Span::raw("• "),
                Span::styled(whereabouts, DIM),
            ]));
            lines.push(Line::styled(
                format!("  {}", sanitize_line(&place.question)),
                Style::new().add_modifier(Modifier::ITALIC),
            ));
        }
        lines.push(Line::default());
    }
    if let Some(uses) = uses {
        lines.extend(uses_lines(uses));
    }
    lines.push(Line::from(vec![
        Span::raw("press "),
        Span::styled(define_key.to_string(), KEY),
        Span::raw(" to define it"),
    ]));
    Text::from(lines)
}

/// "Said in this episode": the first sentences that use the term, with their times.
fn uses_lines(uses: &TermUses) -> Vec<Line<'static>> {
    let (first, total) = match uses {
        TermUses::Pending => {
            return vec![
                Line::styled("Looking for it in the transcript…", DIM),
                Line::default(),
            ];
        }
        TermUses::Found { first, total } => (first, *total),
    };
    let mut lines = Vec::new();
    if total == 0 {
        lines.push(Line::styled("The transcript never says it.", DIM));
    } else {
        let heading = if total == 1 {
            "Said once in this episode:".to_string()
        } else {
            format!("Said {total} times in this episode:")
        };
        lines.push(Line::styled(heading, LABEL));
        for found in first {
            lines.push(Line::from(vec![
                Span::styled(format!("{:>8}  ", format_time(found.time)), DIM),
                Span::raw(sanitize_line(&found.sentence)),
            ]));
        }
        if total > first.len() {
            lines.push(Line::styled(
                format!("  … and {} more", total - first.len()),
                DIM,
            ));
        }
    }
    lines.push(Line::default());
    lines
}

fn joined(items: &[String], separator: &str) -> String {
    items
        .iter()
        .map(|item| sanitize_line(item))
        .collect::<Vec<_>>()
        .join(separator)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::widgets::{Paragraph, Wrap};

    use super::*;
    use crate::glossary::Fingerprint;

    fn entry(text: &str) -> Entry {
        Entry::parse(
            Path::new("glossary/term.md"),
            text,
            Fingerprint::of(text.as_bytes(), None),
        )
        .expect("a valid entry")
    }

    fn plain(text: &Text<'_>) -> Vec<String> {
        text.lines.iter().map(|line| line.to_string()).collect()
    }

    const RESIDUAL: &str = "---\naliases: [residual, skip connection]\n\
        related: [attention head, MLP]\nsources: [\"https://transformer-circuits.pub/2021\"]\n---\n\
        # residual stream\n\nThe running vector each layer *reads* and adds back into.\n";

    #[test]
    fn a_definition_with_every_part() {
        let text = definition_text(&entry(RESIDUAL), Some(12));
        assert_eq!(
            plain(&text),
            [
                "residual stream",
                "also: residual, skip connection",
                "",
                "The running vector each layer reads and adds back into.",
                "",
                "Related: attention head · MLP",
                "Mentioned 12 times in the library",
                "",
                "Source:",
                "  https://transformer-circuits.pub/2021",
            ]
        );
        assert_eq!(
            text.lines[0].spans[0].style,
            heading_style(HeadingLevel::H1)
        );
        assert_eq!(text.lines[1].style, DIM);
        assert_eq!(text.lines[9].style, DIM);
    }

    #[test]
    fn a_bare_definition_has_only_the_term_and_text() {
        let text = definition_text(&entry("# KV cache\n\nStores keys.\n"), None);
        assert_eq!(plain(&text), ["KV cache", "", "Stores keys."]);
        let text = definition_text(&entry("# KV cache\n"), Some(1));
        assert_eq!(
            plain(&text),
            ["KV cache", "", "Mentioned 1 time in the library"]
        );
    }

    #[test]
    fn a_wanted_term_lists_where_it_is_asked() {
        let asked = [
            WantedPlace {
                episode: "dwarkesh-2024-03".to_string(),
                note: 3,
                time: Some("1:12:34".to_string()),
                question: "What is superposition here?".to_string(),
            },
            WantedPlace {
                episode: "lex-400".to_string(),
                note: 1,
                time: None,
                question: "superposition?".to_string(),
            },
        ];
        let text = wanted_text("superposition", &asked, "d", None);
        assert_eq!(
            plain(&text),
            [
                "«superposition» has no definition yet",
                "",
                "Asked about in 2 places:",
                "• dwarkesh-2024-03 · note 3 · 1:12:34",
                "  What is superposition here?",
                "• lex-400 · note 1",
                "  superposition?",
                "",
                "press d to define it",
            ]
        );
        assert_eq!(text.lines[8].spans[1].style, KEY);
        assert_eq!(
            plain(&wanted_text("x", &[], "d", None)),
            ["«x» has no definition yet", "", "press d to define it"]
        );
    }

    #[test]
    fn a_wanted_term_in_the_reader_shows_the_sentences_that_say_it() {
        let found = TermUses::Found {
            first: vec![super::super::wanted_uses::Use {
                time: 6_648_000,
                sentence: "A systems person\u{1b}[2J builds chips.".to_string(),
            }],
            total: 3,
        };
        let text = wanted_text("systems person", &[], "d", Some(&found));
        assert_eq!(
            plain(&text),
            [
                "«systems person» has no definition yet",
                "",
                "Said 3 times in this episode:",
                " 1:50:48  A systems person builds chips.",
                "  … and 2 more",
                "",
                "press d to define it",
            ]
        );
        let pending = wanted_text("x", &[], "d", Some(&TermUses::Pending));
        assert!(plain(&pending).contains(&"Looking for it in the transcript…".to_string()));
        let never = TermUses::Found {
            first: Vec::new(),
            total: 0,
        };
        let text = wanted_text("x", &[], "d", Some(&never));
        assert!(plain(&text).contains(&"The transcript never says it.".to_string()));
    }

    #[test]
    fn definition_pane_with_highlighted_code() {
        let entry = entry(
            "---\naliases: [KV cache]\nrelated: [attention, prefill]\n\
             sources: [\"https://arxiv.org/abs/2211.05102\"]\n---\n\
             # key-value cache\n\n\
             Keeps each layer's **keys** and **values** so that decoding the next token \
             attends to `past` tokens without recomputing them.\n\n\
             ```python\ndef step(cache, k, v):\n    cache.append((k, v))  # grows by one\n    \
             return cache\n```\n\n\
             - memory grows with context\n- see [the paper](https://arxiv.org/abs/2211.05102)\n",
        );
        let text = definition_text(&entry, Some(42));
        let keyword = text
            .lines
            .iter()
            .flat_map(|line| &line.spans)
            .find(|span| span.content == "def")
            .expect("a `def` span");
        assert!(keyword.style.fg.is_some(), "highlighted: {keyword:?}");

        let mut terminal = Terminal::new(TestBackend::new(60, 20)).expect("a test terminal");
        terminal
            .draw(|frame| {
                let pane = Paragraph::new(text).wrap(Wrap { trim: false });
                frame.render_widget(pane, frame.area());
            })
            .expect("drawn");
        insta::assert_snapshot!(terminal.backend());
    }

    #[test]
    fn the_cache_renders_once_per_entry_and_count() {
        let cache = DefinitionCache::default();
        let renders = std::cell::Cell::new(0);
        let render = || {
            renders.set(renders.get() + 1);
            Text::from("x")
        };
        cache.get((1, EntryId::at(2), None), render);
        cache.get((1, EntryId::at(2), None), render);
        assert_eq!(renders.get(), 1);
        cache.get((1, EntryId::at(2), Some(3)), render);
        cache.get((9, EntryId::at(2), Some(3)), render);
        assert_eq!(renders.get(), 3);
    }
}

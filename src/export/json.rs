//! `export --format json`: the whole model of an exported episode, for other programs. The
//! shape is versioned by `version` (bumped on any change that could break a reader) and
//! documented in the README ("Export" section). Times are integer milliseconds; text offsets
//! are byte offsets in the paragraph's UTF-8 `text`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::document::Document;
use crate::model::Millis;
use crate::notes::view::Placement;

/// The version of the JSON shape below.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Export<'a> {
    format: &'static str,
    version: u32,
    episode: Episode<'a>,
    window: Window,
    chapters: Vec<Chapter<'a>>,
    paragraphs: Vec<Paragraph<'a>>,
    notes: Vec<Note<'a>>,
    terms: Terms<'a>,
}

#[derive(Serialize)]
struct Episode<'a> {
    slug: &'a str,
    title: String,
    show: Option<&'a str>,
    published: Option<String>,
    language: Option<&'a str>,
    /// False for plain text: every time is then 0 and means nothing.
    timed: bool,
    duration_ms: Millis,
    source: Option<String>,
    sources: &'a crate::library::meta::Sources,
    speakers: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct Window {
    from_ms: Option<Millis>,
    to_ms: Option<Millis>,
}

#[derive(Serialize)]
struct Chapter<'a> {
    start_ms: Millis,
    title: &'a str,
}

#[derive(Serialize)]
struct Paragraph<'a> {
    /// Position among the episode's paragraphs (stable across windows).
    index: usize,
    start_ms: Millis,
    end_ms: Millis,
    /// The display name, and the label as written in the transcript file.
    speaker: Option<&'a str>,
    speaker_label: Option<&'a str>,
    text: &'a str,
    link: Option<String>,
    segments: Vec<Segment<'a>>,
    terms: Vec<TermMention<'a>>,
    /// Numbers of the notes shown after this paragraph.
    notes: Vec<usize>,
}

#[derive(Serialize)]
struct Segment<'a> {
    start_ms: Millis,
    end_ms: Millis,
    /// Byte offset of the segment's text in the paragraph's `text`.
    offset: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct TermMention<'a> {
    term: &'a str,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Note<'a> {
    /// 1-based, as `podgloss notes` numbers them.
    number: usize,
    line: usize,
    section: Option<&'a str>,
    text: &'a str,
    anchor: Anchor,
    link: Option<String>,
    links: Vec<TermRef<'a>>,
    asks: Vec<TermRef<'a>>,
    urls: &'a [String],
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Anchor {
    /// A time or range written in the note.
    Exact {
        start_ms: Millis,
        end_ms: Option<Millis>,
    },
    /// Placed by its words; `confidence` from 0 to 1.
    Auto {
        start_ms: Millis,
        paragraph: usize,
        confidence: f32,
    },
    None,
}

#[derive(Serialize)]
struct TermRef<'a> {
    text: &'a str,
    /// The glossary entry's term; null when the glossary has none (a wanted term).
    entry: Option<&'a str>,
}

#[derive(Serialize)]
struct Terms<'a> {
    linked: Vec<Linked<'a>>,
    wanted: Vec<Wanted<'a>>,
}

#[derive(Serialize)]
struct Linked<'a> {
    term: &'a str,
    aliases: &'a [String],
    /// The entry's file name in `glossary/`.
    file: String,
    definition: &'a str,
    /// Mentions in the exported paragraphs.
    mentions: usize,
}

#[derive(Serialize)]
struct Wanted<'a> {
    term: &'a str,
    asked: Vec<Asked<'a>>,
}

#[derive(Serialize)]
struct Asked<'a> {
    note: usize,
    question: &'a str,
}

pub fn render(doc: &Document) -> String {
    let export = Export {
        format: "podgloss-export",
        version: VERSION,
        episode: episode(doc),
        window: Window {
            from_ms: doc.window.from,
            to_ms: doc.window.to,
        },
        chapters: doc
            .episode
            .chapters
            .iter()
            .map(|c| Chapter {
                start_ms: c.start,
                title: &c.title,
            })
            .collect(),
        paragraphs: (0..doc.paragraphs.len())
            .map(|s| paragraph(doc, s))
            .collect(),
        notes: doc
            .exported_notes()
            .into_iter()
            .map(|i| note(doc, i))
            .collect(),
        terms: terms(doc),
    };
    let mut text = serde_json::to_string_pretty(&export).unwrap_or_default();
    text.push('\n');
    text
}

fn episode<'a>(doc: &Document<'a>) -> Episode<'a> {
    let entry = &doc.episode.entry;
    Episode {
        slug: &entry.slug,
        title: doc.title(),
        show: entry.meta.show.as_deref(),
        published: entry.meta.published.map(|d| d.to_string()),
        language: entry.meta.language.as_deref(),
        timed: doc.episode.transcript.timed,
        duration_ms: doc.episode.duration(),
        source: super::deep_link::source_link(&entry.meta.sources),
        sources: &entry.meta.sources,
        speakers: &entry.meta.speakers,
    }
}

fn paragraph<'a>(doc: &Document<'a>, slot: usize) -> Paragraph<'a> {
    let p = doc.paragraph(slot);
    let segments = &doc.episode.transcript.segments;
    Paragraph {
        index: doc.paragraphs[slot],
        start_ms: p.start,
        end_ms: p.end,
        speaker: doc.speaker(p),
        speaker_label: p.speaker.as_deref(),
        text: &p.text,
        link: doc.link(p.start, Some(p.end)),
        segments: segments
            .get(p.segments.clone())
            .unwrap_or_default()
            .iter()
            .zip(&p.offsets)
            .map(|(s, &offset)| Segment {
                start_ms: s.start,
                end_ms: s.end,
                offset,
                text: &s.text,
            })
            .collect(),
        terms: doc.mentions[slot]
            .iter()
            .map(|m| TermMention {
                term: &doc.entry(m.entry).term,
                start: m.range.start,
                end: m.range.end,
            })
            .collect(),
        notes: doc.notes_after[slot]
            .iter()
            .map(|&i| doc.views[i].note.index + 1)
            .collect(),
    }
}

fn note<'a>(doc: &Document<'a>, index: usize) -> Note<'a> {
    let view: &'a crate::notes::view::NoteView = &doc.views[index];
    let (anchor, link) = match &view.placement {
        Placement::Exact { start, end } => (
            Anchor::Exact {
                start_ms: *start,
                end_ms: *end,
            },
            doc.link(*start, *end),
        ),
        Placement::Auto {
            start,
            paragraph,
            confidence,
        } => (
            Anchor::Auto {
                start_ms: *start,
                paragraph: *paragraph,
                confidence: *confidence,
            },
            doc.link(*start, None),
        ),
        Placement::None => (Anchor::None, None),
    };
    let refs = |terms: &'a [crate::notes::view::TermRef]| -> Vec<TermRef<'a>> {
        terms
            .iter()
            .map(|t| TermRef {
                text: &t.text,
                entry: t.entry.as_deref(),
            })
            .collect()
    };
    Note {
        number: view.note.index + 1,
        line: view.note.line,
        section: view.note.section.as_deref(),
        text: &view.note.text,
        anchor,
        link,
        links: refs(&view.links),
        asks: refs(&view.asks),
        urls: &view.note.urls,
    }
}

fn terms<'a>(doc: &Document<'a>) -> Terms<'a> {
    let linked = doc
        .linked_entries()
        .into_iter()
        .map(|(index, mentions)| {
            let entry = doc.entry(index);
            Linked {
                term: &entry.term,
                aliases: &entry.aliases,
                file: entry
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                definition: &entry.definition,
                mentions,
            }
        })
        .collect();
    let wanted = doc
        .wanted()
        .into_iter()
        .map(|w| Wanted {
            term: w.term,
            asked: w
                .asked
                .iter()
                .map(|&(i, question)| Asked {
                    note: doc.views[i].note.index + 1,
                    question,
                })
                .collect(),
        })
        .collect();
    Terms { linked, wanted }
}

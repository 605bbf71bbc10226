//! `export --format annotations`: the notes as W3C Web Annotations (JSON-LD), so other tools can
//! anchor them: an `AnnotationCollection` whose items each target
//!
//! 1. the episode's media (or page) with a Media Fragments `t=start,end` `FragmentSelector`, and
//! 2. the transcript text with a `TextQuoteSelector` (`exact`, `prefix`, `suffix`).
//!
//! The transcript text a quote selector applies to is the export's text model: the display
//! paragraphs' texts joined by a blank line (`\n\n`), the same text as the JSON export's
//! `paragraphs[].text`. A moment quotes the segment spoken then; a range quotes every segment it
//! covers; an auto-anchored note quotes the paragraph it was placed at. Notes with no place
//! target the transcript as a whole.

use serde_json::{Value, json};

use super::deep_link::{media_fragment, source_link};
use super::document::Document;
use crate::model::Millis;
use crate::notes::view::Placement;

/// How many characters of context `prefix` and `suffix` carry.
const CONTEXT_CHARS: usize = 32;

pub fn render(doc: &Document) -> String {
    let text = TranscriptText::new(doc);
    let items: Vec<Value> = doc
        .exported_notes()
        .into_iter()
        .map(|index| annotation(doc, &text, index))
        .collect();
    let collection = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": format!("urn:podgloss:notes:{}", doc.episode.entry.slug),
        "type": "AnnotationCollection",
        "label": format!("Notes on {}", doc.title()),
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    let mut out = serde_json::to_string_pretty(&collection).unwrap_or_default();
    out.push('\n');
    out
}

fn annotation(doc: &Document, text: &TranscriptText, index: usize) -> Value {
    let view = &doc.views[index];
    let slug = &doc.episode.entry.slug;
    let mut bodies = vec![json!({
        "type": "TextualBody",
        "purpose": "commenting",
        "format": "text/markdown",
        "value": super::note_text::clean(&view.note.text),
    })];
    for term in view.links.iter().filter_map(|t| t.entry.as_deref()) {
        bodies.push(json!({"type": "TextualBody", "purpose": "tagging", "value": term}));
    }
    let transcript_source = doc
        .episode
        .entry
        .meta
        .sources
        .transcript
        .as_deref()
        .and_then(super::deep_link::safe_target)
        .filter(|s| s.starts_with("http"))
        .unwrap_or_else(|| format!("urn:podgloss:transcript:{slug}"));
    let span = match &view.placement {
        Placement::Exact { start, end } => {
            Some((*start, *end, text.segments_between(*start, *end)))
        }
        Placement::Auto {
            start, paragraph, ..
        } => Some((*start, None, text.paragraph(*paragraph))),
        Placement::None => None,
    };
    let mut targets = Vec::new();
    if let Some((start, end, quote)) = span {
        if let Some(media) = source_link(&doc.episode.entry.meta.sources) {
            targets.push(json!({
                "source": media.split('#').next().unwrap_or_default(),
                "selector": {
                    "type": "FragmentSelector",
                    "conformsTo": "http://www.w3.org/TR/media-frags/",
                    "value": media_fragment(start, end),
                },
            }));
        }
        if let Some((a, b)) = quote {
            targets.push(json!({
                "source": transcript_source,
                "selector": text.quote_selector(a, b),
            }));
        }
    }
    if targets.is_empty() {
        targets.push(json!(transcript_source));
    }
    let motivation = if view.note.questions.is_empty() {
        "commenting"
    } else {
        "questioning"
    };
    let target = if targets.len() == 1 {
        targets.remove(0)
    } else {
        Value::Array(targets)
    };
    json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": format!("urn:podgloss:note:{slug}:{}", view.note.index + 1),
        "type": "Annotation",
        "motivation": motivation,
        "body": bodies,
        "target": target,
    })
}

/// The transcript as one text, and where each paragraph and segment lies in it.
struct TranscriptText {
    text: String,
    /// Byte range of every paragraph, by paragraph index.
    paragraphs: Vec<(usize, usize)>,
    /// (start time, byte range, end time) of every segment, in time order.
    segments: Vec<(Millis, usize, usize, Millis)>,
}

impl TranscriptText {
    fn new(doc: &Document) -> TranscriptText {
        let episode = doc.episode;
        let mut text = String::new();
        let mut paragraphs = Vec::with_capacity(episode.paragraphs.len());
        let mut segments = Vec::new();
        for p in &episode.paragraphs {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let base = text.len();
            text.push_str(&p.text);
            paragraphs.push((base, text.len()));
            let held = episode.transcript.segments.get(p.segments.clone());
            for (segment, &offset) in held.unwrap_or_default().iter().zip(&p.offsets) {
                let start = base + offset;
                segments.push((
                    segment.start,
                    start,
                    start + segment.text.len(),
                    segment.end,
                ));
            }
        }
        segments.sort_by_key(|s| s.0);
        TranscriptText {
            text,
            paragraphs,
            segments,
        }
    }

    fn paragraph(&self, index: usize) -> Option<(usize, usize)> {
        self.paragraphs.get(index).copied()
    }

    /// From the segment spoken at `start` (or the next one, when `start` falls in a pause)
    /// through the last one starting before `end` (or just the first).
    fn segments_between(&self, start: Millis, end: Option<Millis>) -> Option<(usize, usize)> {
        let first = self
            .segments
            .iter()
            .position(|s| s.3 > start)
            .or(self.segments.len().checked_sub(1))?;
        let last = end
            .map(|e| self.segments.partition_point(|s| s.0 < e))
            .and_then(|n| n.checked_sub(1))
            .unwrap_or(first)
            .max(first);
        Some((self.segments[first].1, self.segments[last].2))
    }

    fn quote_selector(&self, a: usize, b: usize) -> Value {
        let exact = self.text.get(a..b).unwrap_or_default();
        let before = self.text.get(..a).unwrap_or_default();
        let prefix_start = before
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let after = self.text.get(b..).unwrap_or_default();
        let suffix_end = after
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(after.len(), |(i, _)| i);
        json!({
            "type": "TextQuoteSelector",
            "exact": exact,
            "prefix": &before[prefix_start..],
            "suffix": &after[..suffix_end],
        })
    }
}

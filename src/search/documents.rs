//! Turning episodes, notes and glossary entries into index documents (one per display
//! paragraph, note, entry).

use tantivy::TantivyDocument;

use super::schema::{Fields, KIND_GLOSSARY, KIND_NOTE, KIND_TRANSCRIPT, pack_marks};
use crate::glossary::Entry;
use crate::library::Episode;
use crate::library::meta::EpisodeMeta;
use crate::model::chapters::chapter_at;
use crate::notes::NotesFile;

/// One document per display paragraph of the episode.
/// The episode's title is not stored with its paragraphs: the manifest keeps it once.
pub fn episode_documents(fields: &Fields, key: &str, episode: &Episode) -> Vec<TantivyDocument> {
    let show = episode.entry.meta.show.clone().unwrap_or_default();
    let segments = &episode.transcript.segments;
    episode
        .paragraphs
        .iter()
        .enumerate()
        .map(|(ordinal, paragraph)| {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.kind, KIND_TRANSCRIPT);
            doc.add_text(fields.source, key);
            doc.add_text(fields.episode, &episode.entry.slug);
            if !show.is_empty() {
                doc.add_text(fields.show, &show);
            }
            if let Some(label) = &paragraph.speaker {
                doc.add_text(fields.speaker, episode.speaker_name(label));
            }
            if let Some(chapter) = chapter_at(&episode.chapters, paragraph.start) {
                doc.add_text(fields.chapter, &chapter.title);
            }
            if episode.transcript.timed {
                doc.add_u64(fields.start, paragraph.start);
                let marks: Vec<(u32, u64)> = paragraph
                    .offsets
                    .iter()
                    .zip(&segments[paragraph.segments.clone()])
                    .map(|(&offset, segment)| (offset as u32, segment.start))
                    .collect();
                doc.add_bytes(fields.marks, &pack_marks(&marks));
            }
            doc.add_text(fields.text, &paragraph.text);
            doc.add_u64(fields.ordinal, ordinal as u64);
            doc
        })
        .collect()
}

/// One document per note, at its anchor when it has one (auto-anchors are computed at reading
/// time, not indexed).
pub fn note_documents(
    fields: &Fields,
    key: &str,
    slug: &str,
    meta: &EpisodeMeta,
    notes: &NotesFile,
) -> Vec<TantivyDocument> {
    notes
        .notes
        .iter()
        .map(|note| {
            let mut doc = TantivyDocument::default();
            doc.add_text(fields.kind, KIND_NOTE);
            doc.add_text(fields.source, key);
            doc.add_text(fields.episode, slug);
            if let Some(show) = &meta.show {
                doc.add_text(fields.show, show);
            }
            if let Some(anchor) = &note.anchor {
                doc.add_u64(fields.start, anchor.time.start());
            }
            doc.add_text(fields.text, crate::formats::text::sanitize_line(&note.text));
            doc.add_u64(fields.ordinal, note.index as u64);
            doc
        })
        .collect()
}

/// One document per glossary entry: its names and its definition as plain text.
pub fn glossary_document(fields: &Fields, key: &str, entry: &Entry) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.kind, KIND_GLOSSARY);
    doc.add_text(fields.source, key);
    doc.add_text(fields.episode, "");
    doc.add_text(fields.title, &entry.term);
    let names: Vec<&str> = entry.names().collect();
    let text = format!("{}. {}", names.join(", "), entry.plain);
    doc.add_text(fields.text, crate::formats::text::sanitize_line(&text));
    doc.add_u64(fields.ordinal, 0);
    doc
}

//! Turning episodes, notes and glossary entries into index documents (one per display
//! paragraph, note, entry).

use tantivy::TantivyDocument;

use super::schema::{Fields, KIND_TRANSCRIPT, pack_marks};
use crate::library::Episode;
use crate::model::chapters::chapter_at;

/// One document per display paragraph of the episode.
pub fn episode_documents(fields: &Fields, key: &str, episode: &Episode) -> Vec<TantivyDocument> {
    let title = episode.title();
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
            doc.add_text(fields.title, &title);
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
                doc.add_u64(fields.end, paragraph.end);
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

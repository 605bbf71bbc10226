//! The search index's schema (SPEC §6): one document per display paragraph, note and glossary
//! entry. Bump [`SCHEMA_VERSION`] whenever a field or tokenizer changes: an index written by an
//! older schema is rebuilt, never read.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

pub const SCHEMA_VERSION: u32 = 1;

/// Stemmed English with positions: words, phrases and fuzzy terms all match on stems. The name
/// is tantivy's, and [`register_analyzers`] puts the crate's one analyzer behind it.
pub use crate::words::TEXT_TOKENIZER;
/// Lowercased words, no stemming: speaker names and show names.
pub const NAME_TOKENIZER: &str = "default";

/// The `kind` field's values, which `in:` filters on.
pub const KIND_TRANSCRIPT: &str = "transcript";
pub const KIND_NOTE: &str = "note";
pub const KIND_GLOSSARY: &str = "glossary";

/// Handles to every field, resolved once per process.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `transcript`, `note` or `glossary` (a raw, untokenized term).
    pub kind: Field,
    /// What the document was built from, for deleting it when that changes:
    /// `episode:<slug>`, `notes:<slug>` or `glossary:<file name>` (raw term).
    pub source: Field,
    /// The episode slug (raw term; empty for glossary entries).
    pub episode: Field,
    /// The episode title or the glossary term (stored only).
    pub title: Field,
    /// The show's name (lowercased words, stored).
    pub show: Field,
    /// The speaker's display name (lowercased words, stored).
    pub speaker: Field,
    /// The chapter the paragraph falls in (stored only).
    pub chapter: Field,
    /// Start and end in milliseconds (indexed for `after:`/`before:`, fast, stored). Glossary
    /// entries and unanchored notes have none.
    pub start: Field,
    pub end: Field,
    /// The searchable text (stemmed, with positions, stored for snippets).
    pub text: Field,
    /// Segment boundaries inside `text`: packed little-endian `(byte offset u32, start ms u64)`
    /// pairs, so a hit lands on its segment (stored only).
    pub marks: Field,
    /// The paragraph's or note's position in its episode (stored only).
    pub ordinal: Field,
}

pub fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let words = |tokenizer: &str, record: IndexRecordOption| {
        TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(record),
        )
    };
    let fields = Fields {
        kind: builder.add_text_field("kind", STRING | STORED),
        source: builder.add_text_field("source", STRING),
        episode: builder.add_text_field("episode", STRING | STORED),
        title: builder.add_text_field("title", STORED),
        show: builder.add_text_field(
            "show",
            words(NAME_TOKENIZER, IndexRecordOption::WithFreqsAndPositions),
        ),
        speaker: builder.add_text_field("speaker", words(NAME_TOKENIZER, IndexRecordOption::Basic)),
        chapter: builder.add_text_field("chapter", STORED),
        start: builder.add_u64_field("start", INDEXED | FAST | STORED),
        end: builder.add_u64_field("end", STORED),
        text: builder.add_text_field(
            "text",
            words(TEXT_TOKENIZER, IndexRecordOption::WithFreqsAndPositions),
        ),
        marks: builder.add_bytes_field("marks", STORED),
        ordinal: builder.add_u64_field("ordinal", STORED),
    };
    (builder.build(), fields)
}

/// Makes `index` cut text with [`crate::words::analyzer`], the analyzer in-episode find and
/// auto-anchoring use too. Called on every index opened or created.
pub fn register_analyzers(index: &tantivy::Index) {
    index
        .tokenizers()
        .register(TEXT_TOKENIZER, crate::words::analyzer());
}

/// The field handles of an index opened from disk (same names as [`build_schema`]).
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let field = |name: &str| schema.get_field(name);
    Ok(Fields {
        kind: field("kind")?,
        source: field("source")?,
        episode: field("episode")?,
        title: field("title")?,
        show: field("show")?,
        speaker: field("speaker")?,
        chapter: field("chapter")?,
        start: field("start")?,
        end: field("end")?,
        text: field("text")?,
        marks: field("marks")?,
        ordinal: field("ordinal")?,
    })
}

/// Packs segment marks for the `marks` field.
pub fn pack_marks(marks: &[(u32, u64)]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(marks.len() * 12);
    for (offset, start) in marks {
        bytes.extend_from_slice(&offset.to_le_bytes());
        bytes.extend_from_slice(&start.to_le_bytes());
    }
    bytes
}

/// Unpacks what [`pack_marks`] wrote; a truncated tail is ignored.
pub fn unpack_marks(bytes: &[u8]) -> Vec<(u32, u64)> {
    bytes
        .chunks_exact(12)
        .map(|chunk| {
            let mut offset = [0u8; 4];
            let mut start = [0u8; 8];
            offset.copy_from_slice(&chunk[..4]);
            start.copy_from_slice(&chunk[4..]);
            (u32::from_le_bytes(offset), u64::from_le_bytes(start))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_round_trip() {
        let marks = [(0, 1_000), (42, 5_500), (u32::MAX, u64::MAX)];
        assert_eq!(unpack_marks(&pack_marks(&marks)), marks);
        assert_eq!(unpack_marks(&[1, 2, 3]), []);
    }

    #[test]
    fn fields_resolve_by_name() {
        let (schema, _) = build_schema();
        assert!(fields_of(&schema).is_ok());
    }
}

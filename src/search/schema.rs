//! The search index's schema (SPEC §6): one document per display paragraph, note and glossary
//! entry. Bump [`SCHEMA_VERSION`] whenever a field or tokenizer changes: an index written by an
//! older schema is rebuilt, never read.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// 2: episode title and show no longer stored per paragraph (the manifest keeps them per
/// episode), no `end` field, segment marks packed as varint deltas.
pub const SCHEMA_VERSION: u32 = 2;

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
    /// The glossary term (stored only). Episode titles are kept once per episode in the
    /// manifest, not in every paragraph.
    pub title: Field,
    /// The show's name (lowercased words, for `show:`; not stored: the manifest has it).
    pub show: Field,
    /// The speaker's display name (lowercased words, stored).
    pub speaker: Field,
    /// The chapter the paragraph falls in (stored only).
    pub chapter: Field,
    /// Start in milliseconds (indexed for `after:`/`before:`, fast, stored). Glossary entries
    /// and unanchored notes have none.
    pub start: Field,
    /// The searchable text (stemmed, with positions, stored for snippets).
    pub text: Field,
    /// Segment boundaries inside `text`, so a hit lands on its segment (stored only): see
    /// [`pack_marks`].
    pub marks: Field,
    /// The paragraph's or note's position in its episode (stored only).
    pub ordinal: Field,
}

pub fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let words = |tokenizer: &str, record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
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
        speaker: builder.add_text_field(
            "speaker",
            words(NAME_TOKENIZER, IndexRecordOption::Basic).set_stored(),
        ),
        chapter: builder.add_text_field("chapter", STORED),
        start: builder.add_u64_field("start", INDEXED | FAST | STORED),
        text: builder.add_text_field(
            "text",
            words(TEXT_TOKENIZER, IndexRecordOption::WithFreqsAndPositions).set_stored(),
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
        text: field("text")?,
        marks: field("marks")?,
        ordinal: field("ordinal")?,
    })
}

/// Packs segment marks `(byte offset in the text, start ms)` for the `marks` field: each pair as
/// the LEB128 varints of its differences from the previous pair (offsets grow; a start earlier
/// than the previous one is stored as an absolute time after a zero offset step flagged by the
/// low bit). A cue is some 60 bytes and 3 seconds on from the last, so most pairs take 3 bytes
/// instead of the 12 of fixed-width integers: on a large library the marks were a tenth of the
/// index.
pub fn pack_marks(marks: &[(u32, u64)]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(marks.len() * 4);
    let (mut offset, mut start) = (0u32, 0u64);
    for &(at, time) in marks {
        let step = u64::from(at.wrapping_sub(offset));
        if time >= start {
            push_varint(&mut bytes, step << 1);
            push_varint(&mut bytes, time - start);
        } else {
            push_varint(&mut bytes, (step << 1) | 1);
            push_varint(&mut bytes, time);
        }
        (offset, start) = (at, time);
    }
    bytes
}

/// Unpacks what [`pack_marks`] wrote; a truncated or damaged tail is ignored.
pub fn unpack_marks(bytes: &[u8]) -> Vec<(u32, u64)> {
    let mut marks = Vec::new();
    let mut at = 0;
    let (mut offset, mut start) = (0u32, 0u64);
    while let (Some(step), Some(time)) = (read_varint(bytes, &mut at), read_varint(bytes, &mut at))
    {
        offset = offset.wrapping_add((step >> 1) as u32);
        start = if step & 1 == 1 {
            time
        } else {
            start.saturating_add(time)
        };
        marks.push((offset, start));
    }
    marks
}

fn push_varint(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        bytes.push((value as u8) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7F) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_round_trip() {
        let marks = [(0, 1_000), (42, 5_500), (90, 5_400), (u32::MAX, u64::MAX)];
        assert_eq!(unpack_marks(&pack_marks(&marks)), marks);
        assert_eq!(unpack_marks(&[]), []);
        // A damaged tail: the whole pairs before it survive.
        let packed = pack_marks(&marks[..2]);
        assert_eq!(unpack_marks(&packed[..packed.len() - 1]), marks[..1]);
        assert_eq!(unpack_marks(&[0xFF; 20]), []);
    }

    #[test]
    fn fields_resolve_by_name() {
        let (schema, _) = build_schema();
        assert!(fields_of(&schema).is_ok());
    }
}

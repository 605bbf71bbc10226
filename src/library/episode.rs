//! A loaded episode: its transcript parsed, times shifted by the episode's offset, grouped into
//! display paragraphs, with its chapters.

use super::scan::EpisodeEntry;
use crate::error::{Error, Result, in_file};
use crate::formats;
use crate::formats::chapters_json::parse_chapters_json;
use crate::model::{Chapter, Paragraph, Transcript, group_paragraphs_at};

#[derive(Debug, Clone)]
pub struct Episode {
    pub entry: EpisodeEntry,
    pub transcript: Transcript,
    pub paragraphs: Vec<Paragraph>,
    pub chapters: Vec<Chapter>,
}

impl Episode {
    /// Reads and parses the episode's files. A broken transcript or chapters file is an error
    /// naming the file and line.
    pub fn load(entry: &EpisodeEntry) -> Result<Episode> {
        let bytes = crate::fsutil::read_regular(&entry.transcript)
            .map_err(|e| Error::io(&entry.transcript, e))?;
        let chapters = match entry.chapters_path().filter(|p| p.is_file()) {
            Some(path) => {
                Some(crate::fsutil::read_regular(&path).map_err(|e| Error::io(&path, e))?)
            }
            None => None,
        };
        Self::from_bytes(entry, bytes, chapters.as_deref())
    }

    /// Parses an episode from file contents already read (the indexer reads each file once, to
    /// hash it and to parse it). The bytes are let go once parsed: for a large transcript they
    /// are the biggest thing held while the episode's paragraphs are built.
    pub fn from_bytes(
        entry: &EpisodeEntry,
        transcript_bytes: Vec<u8>,
        chapters_bytes: Option<&[u8]>,
    ) -> Result<Episode> {
        let transcript =
            formats::parse_bytes(&transcript_bytes).map_err(|e| in_file(&entry.transcript, e))?;
        drop(transcript_bytes);
        Self::from_parsed(entry, transcript, chapters_bytes)
    }

    /// [`Episode::from_bytes`] for a transcript already parsed from the file's bytes (import
    /// parses each file once, to write it and to index it).
    pub fn from_parsed(
        entry: &EpisodeEntry,
        mut transcript: Transcript,
        chapters_bytes: Option<&[u8]>,
    ) -> Result<Episode> {
        shift_times(&mut transcript, entry.meta.offset_ms());
        let chapters = match (chapters_bytes, entry.chapters_path()) {
            (Some(bytes), Some(path)) => {
                parse_chapters_json(&formats::text::decode(bytes)).map_err(|e| in_file(&path, e))?
            }
            _ => Vec::new(),
        };
        let chapter_starts: Vec<_> = chapters.iter().map(|c| c.start).collect();
        let paragraphs = group_paragraphs_at(&transcript, &chapter_starts);
        Ok(Episode {
            entry: entry.clone(),
            transcript,
            paragraphs,
            chapters,
        })
    }

    pub fn title(&self) -> String {
        self.entry
            .meta
            .title
            .clone()
            .or_else(|| self.transcript.title.clone())
            .unwrap_or_else(|| self.entry.title())
    }

    /// The display name of a paragraph's or segment's speaker.
    pub fn speaker_name<'a>(&'a self, label: &'a str) -> &'a str {
        self.entry.meta.speaker_name(label)
    }

    pub fn duration(&self) -> u64 {
        self.transcript.duration()
    }
}

/// Applies `[timing] offset`; times that would fall before zero are clamped to zero.
fn shift_times(transcript: &mut Transcript, offset: i64) {
    if offset == 0 {
        return;
    }
    let shift = |t: &mut u64| *t = t.saturating_add_signed(offset);
    for segment in &mut transcript.segments {
        shift(&mut segment.start);
        shift(&mut segment.end);
        for word in &mut segment.words {
            shift(&mut word.start);
            shift(&mut word.end);
        }
    }
}

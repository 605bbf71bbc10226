//! Reading units from disk and turning them into documents, on every core: parsing is the
//! slow part of indexing, so workers parse while the tantivy writer indexes.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;

use tantivy::TantivyDocument;

use super::documents::{episode_documents, glossary_document, note_documents};
use super::manifest::{EpisodeSummary, FileStamp, stamp};
use super::schema::Fields;
use super::units::{Unit, UnitKind};
use crate::error::{Error, Result};
use crate::glossary::{Entry, Fingerprint};
use crate::library::meta::EpisodeMeta;
use crate::library::{Episode, EpisodeEntry};
use crate::notes::parse_notes;

/// A unit read and turned into documents, with the stamps of the files it was read from.
pub struct BuiltUnit {
    pub key: String,
    pub stamps: Vec<FileStamp>,
    /// The documents, or why the unit could not be read (reported; the stamps are still
    /// recorded so a broken file is not re-read until it changes).
    pub documents: Result<Vec<TantivyDocument>>,
    /// An episode's listing summary.
    pub summary: Option<EpisodeSummary>,
}

/// Builds every unit on `workers` threads and hands each result to `sink` on the calling
/// thread, in completion order.
pub fn build_units(
    root: &Path,
    fields: &Fields,
    units: &[Unit],
    workers: usize,
    mut sink: impl FnMut(BuiltUnit),
) {
    if workers <= 1 {
        // On this thread: a thread that allocates gets its own malloc arena, which keeps what
        // it freed for itself, so a lone worker parsing a large file added its whole peak to
        // the one the import had just reached parsing the same file on this thread.
        for unit in units {
            sink(build_unit(root, fields, unit));
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let (sender, receiver) = sync_channel::<BuiltUnit>(64);
    std::thread::scope(|scope| {
        for _ in 0..workers.max(1) {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(unit) = units.get(i) else { break };
                    if sender.send(build_unit(root, fields, unit)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for built in receiver {
            sink(built);
        }
    });
}

/// Reads one unit's files (once each) and builds its documents.
pub fn build_unit(root: &Path, fields: &Fields, unit: &Unit) -> BuiltUnit {
    let mut stamps = Vec::new();
    let mut contents = Vec::new();
    for relative in &unit.files {
        let path = root.join(relative);
        let read = crate::fsutil::read_regular(&path).and_then(|bytes| {
            let metadata = std::fs::metadata(&path)?;
            Ok((bytes, metadata))
        });
        match read {
            Ok((bytes, metadata)) => {
                stamps.push(stamp(relative, &bytes, &metadata));
                contents.push(bytes);
            }
            Err(e) => {
                return BuiltUnit {
                    key: unit.key.clone(),
                    stamps,
                    documents: Err(Error::io(path, e)),
                    summary: None,
                };
            }
        }
    }
    let (documents, summary) = match documents_for(root, fields, unit, contents) {
        Ok((documents, summary)) => (Ok(documents), summary),
        Err(e) => (Err(e), None),
    };
    BuiltUnit {
        key: unit.key.clone(),
        stamps,
        documents,
        summary,
    }
}

fn documents_for(
    root: &Path,
    fields: &Fields,
    unit: &Unit,
    mut contents: Vec<Vec<u8>>,
) -> Result<(Vec<TantivyDocument>, Option<EpisodeSummary>)> {
    // (path relative to the library, content) of the unit's file with this name, if it has one.
    let file = |name: &str| {
        unit.files
            .iter()
            .zip(contents.iter())
            .find(|(path, _)| path.ends_with(name))
            .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
    };
    let meta = || match file("/episode.toml") {
        Some((path, bytes)) => parse_meta(root, path, bytes),
        None => Ok(EpisodeMeta::default()),
    };
    match &unit.kind {
        UnitKind::Episode { slug, folder } => {
            let entry = EpisodeEntry {
                slug: slug.clone(),
                folder: folder.as_ref().map(|f| root.join(f)),
                transcript: root.join(&unit.files[0]),
                meta: meta()?,
            };
            let chapters = file("/chapters.json").map(|(_, bytes)| bytes.to_vec());
            let transcript = std::mem::take(&mut contents[0]);
            let episode = Episode::from_bytes(&entry, transcript, chapters.as_deref())?;
            let summary = summarize(&episode);
            Ok((
                episode_documents(fields, &unit.key, &episode),
                Some(summary),
            ))
        }
        UnitKind::Notes { slug } => {
            let notes = parse_notes(&String::from_utf8_lossy(&contents[0]));
            Ok((
                note_documents(fields, &unit.key, slug, &meta()?, &notes),
                None,
            ))
        }
        UnitKind::Glossary => {
            let path = root.join(&unit.files[0]);
            let text = crate::formats::text::decode(&contents[0]);
            let entry = Entry::parse(&path, &text, Fingerprint::of(&contents[0], None))?;
            Ok((vec![glossary_document(fields, &unit.key, &entry)], None))
        }
    }
}

/// What the listing and search hits show of an episode. The duration comes from `episode.toml`
/// when import wrote it, and from the transcript otherwise.
pub fn summarize(episode: &Episode) -> EpisodeSummary {
    let meta = &episode.entry.meta;
    let title = episode.entry.title();
    let heading = episode.title();
    let duration_ms = meta
        .duration
        .as_deref()
        .and_then(crate::model::time::parse_time)
        .or_else(|| episode.transcript.timed.then(|| episode.duration()));
    EpisodeSummary {
        heading: (heading != title).then_some(heading),
        title,
        show: meta.show.clone(),
        published: meta.published.map(|d| d.to_string()),
        duration_ms,
    }
}

fn parse_meta(root: &Path, relative: &str, bytes: &[u8]) -> Result<EpisodeMeta> {
    let text = String::from_utf8_lossy(bytes);
    EpisodeMeta::parse(&text)
        .map_err(|(line, message)| Error::parse(root.join(relative), line, message))
}

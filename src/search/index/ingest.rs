//! Indexing what an import writes from the import's own parse (issue 15, point 2): each episode
//! folder an import creates is parsed once, on the import's worker threads, and its documents
//! and manifest record go straight to the index writer, instead of the sync after the import
//! reading, hashing and parsing every new file again.
//!
//! The sync that follows the import (`SearchIndex::open`) then finds those episodes in the
//! manifest with the stamps of exactly the bytes written, so it re-indexes nothing; and anything
//! this path could not handle (an episode replaced rather than created, a web import, an index
//! busy with another podgloss, a failure here) is simply left to that sync, which indexes it the
//! usual way. So ingesting only ever saves work; it never decides what the index holds.
//!
//! Crash safety is the writer's: documents are committed, then the manifest saved, as a sync
//! does. A killed import leaves the index as it was (uncommitted documents are dropped) or
//! committed with a manifest that lacks the new units, which the next sync indexes again after
//! deleting them by their `source` term.

use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use tantivy::directory::error::LockError;
use tantivy::{IndexWriter, TantivyError, Term};

use super::{LOCK_WAIT, SearchIndex, StatePaths, SyncOptions, SyncReport, is_writable};
use crate::error::{Error, Result};
use crate::library::layout;
use crate::library::meta::EpisodeMeta;
use crate::library::{Episode, EpisodeEntry, Library};
use crate::model::Transcript;
use crate::search::build::{BuiltUnit, summarize};
use crate::search::documents::episode_documents;
use crate::search::integrity::IndexCheck;
use crate::search::lock::{IndexLock, Mode, Taken};
use crate::search::manifest::{Manifest, UnitRecord, stamp};
use crate::search::schema::Fields;

/// Episodes waiting for the index writer. Each holds one episode's documents (a few hundred KB
/// for a three-hour episode): the import's workers wait rather than run ahead of the writer, so
/// a folder of any size is imported in bounded memory.
const QUEUED_EPISODES: usize = 8;
/// The writer's memory, split between its threads; a segment is written out when it is full.
/// Lower than a sync's because the import's own buffers live beside it (BENCH.md row 11: peak
/// memory of an import of corpus A below 158 MB).
const INGEST_HEAP_BYTES: usize = 256 * 1024 * 1024;

/// Where an import hands the episode folders it has just created.
pub struct IngestSink<'a> {
    root: &'a Path,
    fields: Fields,
    sender: SyncSender<BuiltUnit>,
}

/// A new episode folder, as the import wrote it.
pub struct WrittenEpisode<'a> {
    pub slug: &'a str,
    /// Every file written into the folder (name, bytes), the transcript first.
    pub files: Vec<(&'a str, &'a [u8])>,
    /// The transcript the import parsed from exactly those bytes.
    pub transcript: Transcript,
}

impl IngestSink<'_> {
    /// Builds the episode's documents (on the caller's thread) and queues them for the writer.
    /// An episode that cannot be built here is left for the next sync to index.
    pub fn written(&self, episode: WrittenEpisode<'_>) {
        if let Some(built) = self.build(episode) {
            let _ = self.sender.send(built);
        }
    }

    fn build(&self, episode: WrittenEpisode<'_>) -> Option<BuiltUnit> {
        let folder = format!("transcripts/{}", episode.slug);
        let (transcript_name, transcript_bytes) = *episode.files.first()?;
        // The unit's files in the order discovery lists them: the transcript, then side files.
        let mut files = vec![(transcript_name, transcript_bytes)];
        for side in layout::EPISODE_SIDE_FILES {
            files.extend(episode.files.iter().filter(|(name, _)| name == side));
        }
        let mut stamps = Vec::with_capacity(files.len());
        for (name, bytes) in &files {
            let relative = format!("{folder}/{name}");
            let metadata = std::fs::metadata(self.root.join(&relative)).ok()?;
            // Stamped from the bytes written; a file already changed again is left to the sync.
            // (Just written, its mtime is too recent to trust: the next check hashes it anyway.)
            if metadata.len() != bytes.len() as u64 {
                return None;
            }
            stamps.push(stamp(&relative, bytes, &metadata));
        }
        let side = |name: &str| files.iter().find(|(n, _)| *n == name).map(|(_, b)| *b);
        let meta = match side(layout::EPISODE_META_FILE) {
            Some(bytes) => EpisodeMeta::parse(&String::from_utf8_lossy(bytes)).ok()?,
            None => EpisodeMeta::default(),
        };
        let entry = EpisodeEntry {
            slug: layout::folder_slug(episode.slug),
            folder: Some(self.root.join(&folder)),
            transcript: self.root.join(&stamps[0].path),
            meta,
        };
        let parsed = Episode::from_parsed(&entry, episode.transcript, side(layout::CHAPTERS_FILE));
        let parsed = parsed.ok()?;
        let key = format!("episode:{}", entry.slug);
        Some(BuiltUnit {
            documents: Ok(episode_documents(&self.fields, &key, &parsed)),
            summary: Some(summarize(&parsed)),
            key,
            stamps,
        })
    }
}

/// What an ingest did, besides what the import itself reports.
#[derive(Debug, Default)]
pub struct IngestReport {
    /// The sync made before the import started (it may have indexed earlier changes).
    pub before: Option<SyncReport>,
    /// Episodes indexed from the import's parse.
    pub indexed: usize,
    /// Why the ingested episodes were not committed (the next sync indexes them instead).
    pub failed: Option<Error>,
}

impl SearchIndex {
    /// Runs `import` with a sink for the episodes it creates, indexing them as they come; the
    /// sink is `None` when the index cannot take them now (it is read-only, or another podgloss
    /// is writing it), and the sync after the import indexes everything as usual.
    pub fn ingesting<R>(
        library: &Library,
        import: impl FnOnce(Option<&IngestSink<'_>>) -> R,
    ) -> (R, IngestReport) {
        let mut report = IngestReport::default();
        let Some(session) = Session::start(library, &mut report) else {
            return (import(None), report);
        };
        let (result, outcome) = session.run(library, import);
        match outcome {
            Ok(indexed) => report.indexed = indexed,
            Err(e) => report.failed = Some(e),
        }
        (result, report)
    }
}

/// An index opened and its writer held for one import.
struct Session {
    index: SearchIndex,
    paths: StatePaths,
    writer: IndexWriter,
    manifest: Manifest,
    /// Held until the end, so no other podgloss rebuilds (deletes) the index meanwhile.
    _lock: Taken,
}

impl Session {
    fn start(library: &Library, report: &mut IngestReport) -> Option<Session> {
        let paths = StatePaths::of(library).ok()?;
        if !is_writable(&paths) {
            return None;
        }
        // Brings the index up to date first (or creates it): what it finds changed is indexed
        // as any command would, and the import's episodes come on top of a current manifest.
        let (index, before) = SearchIndex::open(library, SyncOptions::default()).ok()?;
        let usable = !before.stale && !before.read_only;
        report.before = Some(before);
        if !usable {
            return None;
        }
        let lock = IndexLock::take(&paths.lock, Mode::Shared, LOCK_WAIT, &mut || {});
        if matches!(lock, Taken::TimedOut) {
            return None;
        }
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        // Not waiting for a busy writer: the import goes on without the sink, and the sync after
        // it waits for the writer as every command does.
        let writer = match index
            .index
            .writer_with_num_threads(threads, INGEST_HEAP_BYTES)
        {
            Ok(writer) => writer,
            Err(TantivyError::LockFailure(LockError::LockBusy, _)) => return None,
            Err(_) => return None,
        };
        // Read again under the writer lock: another podgloss may have saved one meanwhile.
        // None yet: the library was empty, and the index was just created.
        let manifest = match Manifest::load(&paths.manifest) {
            Some(manifest) => manifest,
            None if !paths.manifest.exists() => Manifest::new(),
            None => return None,
        };
        Some(Session {
            index,
            paths,
            writer,
            manifest,
            _lock: lock,
        })
    }

    /// Runs the import on this thread while another adds what it sends to the writer; commits.
    fn run<R>(
        self,
        library: &Library,
        import: impl FnOnce(Option<&IngestSink<'_>>) -> R,
    ) -> (R, Result<usize>) {
        let Session {
            index,
            paths,
            writer,
            manifest,
            _lock,
        } = self;
        let (sender, receiver) = sync_channel(QUEUED_EPISODES);
        let fields = index.fields;
        let (result, added) = std::thread::scope(|scope| {
            let adding = scope.spawn(move || add_all(writer, fields, manifest, receiver));
            let sink = IngestSink {
                root: &library.root,
                fields,
                sender,
            };
            let result = import(Some(&sink));
            drop(sink);
            let added = adding
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (result, added)
        });
        let outcome = added.and_then(|(writer, manifest, indexed)| {
            commit(library, &paths, writer, &manifest, indexed)
        });
        (result, outcome)
    }
}

/// Adds every unit received to the writer and the manifest, in the order they come.
fn add_all(
    writer: IndexWriter,
    fields: Fields,
    mut manifest: Manifest,
    receiver: Receiver<BuiltUnit>,
) -> Result<(IndexWriter, Manifest, usize)> {
    let mut indexed = 0;
    let mut failure = None;
    for built in receiver {
        // A unit of this key left in the index by an import killed after its commit.
        writer.delete_term(Term::from_field_text(fields.source, &built.key));
        for document in built.documents.into_iter().flatten() {
            if let Err(e) = writer.add_document(document) {
                failure.get_or_insert(e);
            }
        }
        let record = UnitRecord {
            files: built.stamps,
            summary: built.summary,
        };
        manifest.units.insert(built.key, record);
        indexed += 1;
    }
    match failure {
        Some(e) => Err(Error::user(format!("search index: {e}"))),
        None => Ok((writer, manifest, indexed)),
    }
}

/// Commits the documents, then saves the manifest describing them and the index check, as a
/// sync does after indexing.
fn commit(
    library: &Library,
    paths: &StatePaths,
    mut writer: IndexWriter,
    manifest: &Manifest,
    indexed: usize,
) -> Result<usize> {
    if indexed == 0 {
        return Ok(0);
    }
    let index_error = |e| super::index_error(&paths.index, e);
    writer.commit().map_err(index_error)?;
    manifest.save(&paths.manifest)?;
    let previous = IndexCheck::load(&paths.check);
    IndexCheck::record(&library.root, &paths.index, previous.as_ref()).save(&paths.check);
    drop(writer);
    Ok(indexed)
}

#[cfg(test)]
mod tests;

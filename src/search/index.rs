//! Opening the index and keeping it in sync with the library (SPEC §6): every command and the
//! TUI call [`SearchIndex::open`], which compares the library with the manifest, re-indexes only
//! what changed, and rebuilds an index that is missing, from an older schema, or unreadable.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tantivy::directory::error::LockError;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyError, Term};

use super::build::build_units;
use super::integrity::IndexCheck;
use super::lock::{IndexLock, Mode, Taken};
use super::manifest::{
    FileCheck, FileStamp, Manifest, ManifestView, Summaries, UnitRecord, check, edited_in_place,
};
use super::quick_check::QuickCheck;
use super::schema::{Fields, build_schema, fields_of};
use super::units::{Unit, discover};
use crate::error::{Error, Result};
use crate::library::Library;

/// Memory for the tantivy writer, split between its threads.
const WRITER_HEAP_BYTES: usize = 256 * 1024 * 1024;
/// How long a second podgloss waits for the first to finish indexing before reading the
/// index as it is.
const LOCK_WAIT: Duration = Duration::from_secs(60);

pub struct SearchIndex {
    // tantivy stays inside `search`: callers ask by methods ([`SearchIndex::query`],
    // [`SearchIndex::count`], [`SearchIndex::stats`], `mentions`).
    pub(super) index: Index,
    pub(super) reader: IndexReader,
    pub(super) fields: Fields,
    /// Every episode's summary: hits take their episode's title and show from here rather than
    /// from every stored paragraph.
    pub(super) summaries: Summaries,
    /// Whether the index reflects the library as it is now (not stale, see [`SyncReport`]).
    pub(super) current: bool,
}

#[derive(Clone, Copy, Default)]
pub struct SyncOptions<'a> {
    /// Throw the index away and build it again.
    pub rebuild: bool,
    /// Told how the sync goes, for a caller that shows it (a bar on a terminal); the index
    /// itself never prints.
    pub progress: Option<&'a dyn Fn(SyncEvent)>,
}

impl std::fmt::Debug for SyncOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncOptions")
            .field("rebuild", &self.rebuild)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// What a sync tells [`SyncOptions::progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncEvent {
    /// Another podgloss holds the index, and this one waits for it (told once per wait).
    Waiting,
    /// `total` units (episodes, notes files, glossary files) are about to be indexed.
    Indexing { total: usize },
    /// One more of them is indexed.
    Indexed,
    /// The indexing is over.
    Done,
}

impl SyncOptions<'_> {
    fn tell(&self, event: SyncEvent) {
        if let Some(progress) = self.progress {
            progress(event);
        }
    }
}

/// What a sync did.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// Why the index was rebuilt from scratch, if it was.
    pub rebuilt: Option<String>,
    /// Units (episodes, notes files, glossary files) read and indexed.
    pub indexed: usize,
    pub removed: usize,
    pub documents: usize,
    /// Files that could not be read; the rest of the library is indexed.
    pub problems: Vec<Error>,
    /// The writer was held by another podgloss for too long: results may be stale.
    pub stale: bool,
    /// The rebuild replaced a damaged or foreign index (worth telling even in a pipe).
    pub repaired: bool,
    /// `.podgloss/` cannot be written: the index was searched as it is, and `stale` says
    /// whether the library changed since it was built.
    pub read_only: bool,
    /// The library was found unchanged by stat calls alone (the quick check), so nothing but
    /// the manifest's checks and the index were read.
    pub quick: bool,
}

/// Paths of the derived state.
struct StatePaths {
    index: PathBuf,
    manifest: PathBuf,
    /// See [`IndexCheck`].
    check: PathBuf,
    /// See [`IndexLock`].
    lock: PathBuf,
}

impl StatePaths {
    fn of(library: &Library) -> Result<Self> {
        let state = library.state_dir()?;
        Ok(StatePaths {
            index: state.join("index"),
            manifest: state.join("manifest.bin"),
            check: state.join("index-check.json"),
            lock: state.join("index.lock"),
        })
    }
}

impl SearchIndex {
    /// Opens the library's index, bringing it up to date first.
    pub fn open(library: &Library, options: SyncOptions) -> Result<(SearchIndex, SyncReport)> {
        let (index, report, ()) = SearchIndex::open_and_read(library, options, |_| Ok(()))?;
        Ok((index, report))
    }

    /// Opens the library's index and answers `read` from it, up to date. On an unchanged
    /// library, which is what almost every command meets, `read` runs while another thread
    /// checks the library against the manifest (and then helps it), and its answer is kept;
    /// when something changed, the index is brought up to date and `read` runs again.
    pub fn open_and_read<T>(
        library: &Library,
        options: SyncOptions,
        read: impl Fn(&SearchIndex) -> Result<T>,
    ) -> Result<(SearchIndex, SyncReport, T)> {
        let paths = StatePaths::of(library)?;
        if !options.rebuild
            && is_writable(&paths)
            && let Some(found) = SearchIndex::open_unchanged(library, &paths, options, &read)
        {
            return found;
        }
        let (index, report) = SearchIndex::open_synced(library, &paths, options)?;
        let answer = read(&index)?;
        Ok((index, report, answer))
    }

    /// The index and `read`'s answer when the library is as the manifest recorded it; `None`
    /// when anything differs or is missing or damaged, which the full sync then deals with.
    fn open_unchanged<T>(
        library: &Library,
        paths: &StatePaths,
        options: SyncOptions,
        read: &impl Fn(&SearchIndex) -> Result<T>,
    ) -> Option<Result<(SearchIndex, SyncReport, T)>> {
        let mut on_wait = || options.tell(SyncEvent::Waiting);
        let lock = IndexLock::take(&paths.lock, Mode::Shared, LOCK_WAIT, &mut on_wait);
        if matches!(lock, Taken::TimedOut) {
            return None;
        }
        let view = Arc::new(ManifestView::load(&paths.manifest)?);
        // The check starts first, as it takes longest: opening the index and answering run on
        // this thread meanwhile.
        let check = QuickCheck::new(&library.root, view.checks());
        let opened = std::thread::scope(|scope| {
            scope.spawn(|| check.work());
            let opened = open_recorded(library, paths).map(|(index, reader, fields)| {
                let search_index = SearchIndex {
                    index,
                    reader,
                    fields,
                    summaries: Summaries::View(Arc::clone(&view)),
                    current: true,
                };
                let answer = read(&search_index);
                (search_index, answer)
            });
            check.work();
            opened
        });
        if !check.unchanged() {
            return None;
        }
        let (search_index, answer) = opened?;
        drop(lock);
        let report = SyncReport {
            quick: true,
            ..SyncReport::default()
        };
        Some(answer.map(|answer| (search_index, report, answer)))
    }

    /// Opens the index after bringing it up to date (rebuilding it when it is missing, damaged
    /// or from another version).
    fn open_synced(
        library: &Library,
        paths: &StatePaths,
        options: SyncOptions,
    ) -> Result<(SearchIndex, SyncReport)> {
        let mut report = SyncReport::default();
        let mut on_wait = || options.tell(SyncEvent::Waiting);
        if !is_writable(paths) {
            return open_read_only(library, paths, options, report);
        }
        let mut lock = IndexLock::take(&paths.lock, Mode::Shared, LOCK_WAIT, &mut on_wait);
        let mut existing = if options.rebuild {
            report.rebuilt = Some("asked for".into());
            None
        } else {
            find_existing(&library.root, paths, &mut report)
        };
        if existing.is_none() {
            // A rebuild deletes the index folder: it waits until no other podgloss is using it,
            // then looks again, as the one it waited for may have just rebuilt it.
            drop(lock);
            lock = IndexLock::take(&paths.lock, Mode::Exclusive, LOCK_WAIT, &mut on_wait);
            if matches!(lock, Taken::TimedOut) {
                return Err(Error::user(format!(
                    "{}: another podgloss has been using the index for over a minute; try \
                     again when it is done",
                    crate::error::shown(&paths.lock)
                )));
            }
            if !options.rebuild {
                let mut again = SyncReport::default();
                existing = find_existing(&library.root, paths, &mut again);
                if existing.is_some() {
                    report.rebuilt = None;
                    report.repaired = false;
                }
            }
        }
        let (index, reader, manifest) = match existing {
            Some((index, reader, manifest)) => (index, reader, manifest),
            None => {
                // The old manifest and check describe the old index: they must not survive
                // the rebuild (nor the JSON manifest of versions before the binary one).
                let legacy = paths.manifest.with_file_name("manifest.json");
                for stale in [&paths.manifest, &paths.check, &legacy] {
                    match std::fs::remove_file(stale) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                            return Err(Error::io(stale, e));
                        }
                        _ => {}
                    }
                }
                let index = create_fresh(&paths.index)?;
                let reader = reader(&index, &paths.index)?;
                (index, reader, Manifest::new())
            }
        };
        let fields = fields_of(&index.schema()).map_err(|e| index_error(&paths.index, e))?;
        let mut search_index = SearchIndex {
            reader,
            index,
            fields,
            summaries: Summaries::Manifest(Manifest::new()),
            current: true,
        };
        let manifest = search_index.sync(library, paths, manifest, options, &mut report)?;
        search_index.summaries = Summaries::Manifest(manifest);
        search_index.current = !report.stale;
        if !paths.check.exists() {
            // An index from before the checks were kept: trusted once, checked from now on.
            IndexCheck::record(&library.root, &paths.index, None).save(&paths.check);
        }
        drop(lock);
        Ok((search_index, report))
    }

    /// Brings the index up to date with the library; returns the manifest describing it.
    fn sync(
        &mut self,
        library: &Library,
        paths: &StatePaths,
        manifest: Manifest,
        options: SyncOptions,
        report: &mut SyncReport,
    ) -> Result<Manifest> {
        let root = &library.root;
        let saved = saved_manifest_identity(&paths.manifest);
        let plan = Plan::make(root, &manifest);
        if plan.is_empty() {
            // Only timestamps moved, or a new index holds nothing yet: remember the library as
            // it is so the next check is stat-only (an empty library would otherwise be
            // rebuilt by every command, for want of a manifest).
            if plan.touched || !paths.manifest.exists() {
                let _ = plan.manifest.save(&paths.manifest);
            }
            return Ok(plan.manifest);
        }
        let Some(mut writer) = self.acquire_writer(&paths.index, options, plan.changed.len())?
        else {
            report.stale = true;
            return Ok(manifest);
        };
        // Another podgloss may have indexed while we waited for the writer: then its manifest
        // replaced ours, and the plan is made again from it. Otherwise the plan stands (making
        // one stats every file of the library: half of adding one episode to 14,000). Files
        // edited since it was made are seen by the next command's check, as an edit made just
        // after planning always was.
        let mut plan = if saved_manifest_identity(&paths.manifest) == saved {
            plan
        } else {
            let manifest = Manifest::load(&paths.manifest).unwrap_or(manifest);
            Plan::make(root, &manifest)
        };
        for key in plan
            .removed
            .iter()
            .chain(plan.changed.iter().map(|u| &u.key))
        {
            writer.delete_term(Term::from_field_text(self.fields.source, key));
        }
        report.removed = plan.removed.len();
        options.tell(SyncEvent::Indexing {
            total: plan.changed.len(),
        });
        // No more threads than units: each thread that allocates gets its own malloc arena, and
        // for one large episode a second idle one only adds its arena to the peak memory.
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(plan.changed.len().max(1));
        let mut failure = None;
        build_units(root, &self.fields, &plan.changed, workers, |built| {
            options.tell(SyncEvent::Indexed);
            match built.documents {
                Ok(documents) => {
                    report.documents += documents.len();
                    for document in documents {
                        if let Err(e) = writer.add_document(document) {
                            failure.get_or_insert(e);
                        }
                    }
                }
                Err(problem) => report.problems.push(problem),
            }
            let record = UnitRecord {
                files: built.stamps,
                summary: built.summary,
            };
            plan.manifest.units.insert(built.key, record);
            report.indexed += 1;
        });
        options.tell(SyncEvent::Done);
        if let Some(e) = failure {
            return Err(index_error(&paths.index, e));
        }
        writer.commit().map_err(|e| index_error(&paths.index, e))?;
        plan.manifest.save(&paths.manifest)?;
        // Recorded while the writer lock is held, so it describes the files just committed.
        let previous = IndexCheck::load(&paths.check);
        IndexCheck::record(&library.root, &paths.index, previous.as_ref()).save(&paths.check);
        drop(writer);
        self.reader
            .reload()
            .map_err(|e| index_error(&paths.index, e))?;
        Ok(plan.manifest)
    }

    /// The index writer, waiting while another podgloss holds it; `None` if it is still held
    /// after [`LOCK_WAIT`] (the caller then reads the index as it is).
    /// `units` is how many units are about to be indexed: the writer gets no more threads.
    fn acquire_writer(
        &self,
        path: &Path,
        options: SyncOptions,
        units: usize,
    ) -> Result<Option<IndexWriter>> {
        let started = Instant::now();
        let mut told = false;
        loop {
            let threads = std::thread::available_parallelism()
                .map_or(1, |n| n.get().min(4))
                .min(units.max(1));
            match self
                .index
                .writer_with_num_threads(threads, WRITER_HEAP_BYTES)
            {
                Ok(writer) => return Ok(Some(writer)),
                Err(TantivyError::LockFailure(LockError::LockBusy, _)) => {
                    if started.elapsed() > LOCK_WAIT {
                        return Ok(None);
                    }
                    if !told {
                        options.tell(SyncEvent::Waiting);
                        told = true;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(e) => return Err(index_error(path, e)),
            }
        }
    }
}

/// Which file `manifest.bin` is: every save writes a new file and renames it over the old one,
/// so a save by another podgloss changes this (`None`: there is none).
fn saved_manifest_identity(path: &Path) -> Option<(u64, u64, u64, i128)> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).ok()?;
    Some((
        metadata.dev(),
        metadata.ino(),
        metadata.len(),
        super::stamp::mtime_ns(&metadata),
    ))
}

/// What a sync has to do, from comparing the library with the manifest.
struct Plan {
    /// The manifest as it will be after the sync (folder listings and touched stamps updated;
    /// changed units are filled in as they are indexed).
    manifest: Manifest,
    changed: Vec<Unit>,
    removed: Vec<String>,
    touched: bool,
}

impl Plan {
    fn make(root: &Path, previous: &Manifest) -> Plan {
        let discovery = discover(root, &previous.folders);
        // Folders not listed again are copies of the previous stamps: only the listed ones
        // (and any that went away) can differ.
        let mut touched = discovery.folders.len() != previous.folders.len()
            || discovery
                .relisted
                .iter()
                .any(|f| discovery.folders.get(f) != previous.folders.get(f));
        let mut manifest = Manifest {
            folders: discovery.folders,
            ..Manifest::new()
        };
        let mut changed = Vec::new();
        for (key, unit) in discovery.units {
            let Some(record) = previous.units.get(&key) else {
                changed.push(unit);
                continue;
            };
            match refreshed_stamps(root, record, &unit, &discovery.relisted) {
                Some((files, moved)) => {
                    touched |= moved;
                    let summary = record.summary.clone();
                    manifest.units.insert(key, UnitRecord { files, summary });
                }
                None => changed.push(unit),
            }
        }
        let removed = previous
            .units
            .keys()
            .filter(|key| {
                !manifest.units.contains_key(*key) && !changed.iter().any(|u| &u.key == *key)
            })
            .cloned()
            .collect();
        Plan {
            manifest,
            changed,
            removed,
            touched,
        }
    }

    fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

/// A unit's stamps when none of its files changed (and whether a timestamp moved), `None` when
/// it must be indexed again. Only the files that may have changed unseen are looked at: see
/// [`may_change_unseen`].
fn refreshed_stamps(
    root: &Path,
    record: &UnitRecord,
    unit: &Unit,
    relisted: &BTreeSet<String>,
) -> Option<(Vec<FileStamp>, bool)> {
    let same_files = record.files.len() == unit.files.len()
        && record
            .files
            .iter()
            .zip(&unit.files)
            .all(|(s, f)| &s.path == f);
    if !same_files {
        return None;
    }
    let mut moved = false;
    let mut files = Vec::with_capacity(record.files.len());
    for stamp in &record.files {
        if !may_change_unseen(stamp, relisted) {
            files.push(stamp.clone());
            continue;
        }
        match check(root, stamp) {
            FileCheck::Same => files.push(stamp.clone()),
            FileCheck::Touched(newer) => {
                moved = true;
                files.push(newer);
            }
            FileCheck::Changed => return None,
        }
    }
    Some((files, moved))
}

/// Whether a file must be stat'ed to know it is unchanged: one edited in place (see
/// [`edited_in_place`]), one in a folder listed again (new, changed, or too recent to trust), or
/// one whose own stamp was too recent to trust (git's racy rule).
fn may_change_unseen(stamp: &FileStamp, relisted: &BTreeSet<String>) -> bool {
    let folder = stamp.path.rsplit_once('/').map_or("", |(folder, _)| folder);
    stamp.mtime_ns == 0 || relisted.contains(folder) || edited_in_place(&stamp.path)
}

/// Whether podgloss may write in `.podgloss/` (a read-only library, or one on a read-only disk,
/// is still read and searched).
fn is_writable(paths: &StatePaths) -> bool {
    let state = paths.manifest.parent().unwrap_or(Path::new("."));
    tempfile::tempfile_in(state).is_ok()
}

/// A read-only `.podgloss/`: the index is read into memory (tantivy's folder index wants to
/// create lock files even to read) and searched as it is; changes since it was built are not
/// indexed, which the report says as "stale".
fn open_read_only(
    library: &Library,
    paths: &StatePaths,
    options: SyncOptions,
    mut report: SyncReport,
) -> Result<(SearchIndex, SyncReport)> {
    let unusable = |why: String| {
        Error::user(format!(
            "{}: cannot be written, and the search index there cannot be used ({why}); make it \
             writable, or remove it so that it is rebuilt",
            crate::error::shown(paths.manifest.parent().unwrap_or(Path::new(".")))
        ))
    };
    if options.rebuild {
        return Err(unusable("a rebuild was asked for".into()));
    }
    let manifest = Manifest::load(&paths.manifest)
        .ok_or_else(|| unusable("no manifest of this version".into()))?;
    if let Some(check) = IndexCheck::load(&paths.check) {
        check
            .verify(&library.root, &paths.index)
            .map_err(unusable)?;
    }
    let index = in_memory_copy(&paths.index).map_err(unusable)?;
    let fields = fields_of(&index.schema()).map_err(|e| index_error(&paths.index, e))?;
    report.read_only = true;
    report.stale = !Plan::make(&library.root, &manifest).is_empty();
    let search_index = SearchIndex {
        reader: reader(&index, &paths.index)?,
        index,
        fields,
        current: !report.stale,
        summaries: Summaries::Manifest(manifest),
    };
    Ok((search_index, report))
}

fn in_memory_copy(path: &Path) -> std::result::Result<Index, String> {
    use tantivy::directory::{Directory, RamDirectory};
    let ram = RamDirectory::create();
    let entries = std::fs::read_dir(path).map_err(|e| format!("{e}"))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().ends_with(".lock") || !entry.path().is_file() {
            continue;
        }
        let bytes = crate::fsutil::read_regular(&entry.path()).map_err(|e| format!("{e}"))?;
        ram.atomic_write(Path::new(&name), &bytes)
            .map_err(|e| format!("{e}"))?;
    }
    let index = Index::open(ram).map_err(|e| format!("the index could not be opened ({e})"))?;
    super::schema::register_analyzers(&index);
    let (expected, _) = build_schema();
    if index.schema() != expected {
        return Err("the index has another schema".into());
    }
    Ok(index)
}

/// The index and manifest as they are, when both are there and the index is the one recorded
/// for this library; otherwise `None`, with the reason in `report.rebuilt`.
fn find_existing(
    root: &Path,
    paths: &StatePaths,
    report: &mut SyncReport,
) -> Option<(Index, IndexReader, Manifest)> {
    let Some(manifest) = Manifest::load(&paths.manifest) else {
        report.rebuilt = Some(if paths.index.exists() {
            "the index was written by another version".into()
        } else {
            "there was no index yet".into()
        });
        return None;
    };
    if let Some(check) = IndexCheck::load(&paths.check) {
        if let Err(why) = check.verify(root, &paths.index) {
            report.rebuilt = Some(why);
            report.repaired = true;
            return None;
        }
    }
    match open_existing(&paths.index) {
        Ok((index, reader)) => Some((index, reader, manifest)),
        Err(why) => {
            report.rebuilt = Some(why);
            report.repaired = true;
            None
        }
    }
}

/// The index as the last sync recorded it (its files checked against the record), a reader on
/// it and its fields; `None` when anything differs, which the full sync then deals with.
fn open_recorded(library: &Library, paths: &StatePaths) -> Option<(Index, IndexReader, Fields)> {
    IndexCheck::load(&paths.check)?
        .verify(&library.root, &paths.index)
        .ok()?;
    let (index, reader) = open_existing(&paths.index).ok()?;
    let fields = fields_of(&index.schema()).ok()?;
    Some((index, reader, fields))
}

/// The index and a reader on it: opening the reader opens every segment, which is where
/// truncated files show.
fn open_existing(path: &Path) -> std::result::Result<(Index, IndexReader), String> {
    let index =
        Index::open_in_dir(path).map_err(|e| format!("the index could not be opened ({e})"))?;
    super::schema::register_analyzers(&index);
    let (expected, _) = build_schema();
    if index.schema() != expected {
        return Err("the index has another schema".into());
    }
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e| format!("the index is damaged ({e})"))?;
    Ok((index, reader))
}

fn create_fresh(path: &Path) -> Result<Index> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_dir() => {
            std::fs::remove_dir_all(path).map_err(|e| Error::io(path, e))?
        }
        // A file (or link) where the index folder belongs is derived state gone wrong.
        Ok(_) => std::fs::remove_file(path).map_err(|e| Error::io(path, e))?,
        Err(_) => {}
    }
    std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
    let (schema, _) = build_schema();
    let index = Index::builder()
        .schema(schema)
        .settings(index_settings())
        .create_in_dir(path)
        .map_err(|e| index_error(path, e))?;
    super::schema::register_analyzers(&index);
    Ok(index)
}

/// The stored paragraph text is most of the index: zstd keeps it in about half the space of
/// tantivy's default LZ4, for some tens of microseconds more per hit fetched (a 16 KB block
/// is decompressed per document read; top-k reads only k of them).
fn index_settings() -> tantivy::IndexSettings {
    use tantivy::store::{Compressor, ZstdCompressor};
    tantivy::IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor::default()),
        ..Default::default()
    }
}

fn reader(index: &Index, path: &Path) -> Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e| index_error(path, e))
}

pub fn index_error(path: &Path, error: TantivyError) -> Error {
    Error::user(format!(
        "{}: search index: {error} (`podgloss index --rebuild` rebuilds it)",
        crate::error::shown(path)
    ))
}

mod ingest;
pub use ingest::{IngestReport, IngestSink, WrittenEpisode};

#[cfg(test)]
mod tests;

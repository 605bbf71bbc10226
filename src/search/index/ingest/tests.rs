//! An import indexes the episodes it creates from its own parse, and the sync after it finds the
//! library current: the manifest holds exactly what a sync would have recorded, and the index
//! the same documents.

use std::path::{Path, PathBuf};

use super::super::{SearchIndex, SyncOptions};
use crate::import::{ImportOptions, ImportReport, import_sources_indexing};
use crate::library::Library;
use crate::search::IngestReport;
use crate::search::manifest::Manifest;
use crate::search::query::Mode;

const EPISODES: usize = 4;

/// A folder of transcripts to import (VTT, SRT, timestamped text) and an empty library.
struct Fixture {
    _dir: tempfile::TempDir,
    source: PathBuf,
    library: Library,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("downloads");
        std::fs::create_dir_all(source.join("more")).unwrap();
        for n in 0..EPISODES - 1 {
            let vtt = format!(
                "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ann>Episode {n} is about flurbos.\n\n\
                 00:00:05.000 --> 00:00:09.000\n<v Bob>And schmeckles, running {n} times.\n"
            );
            std::fs::write(source.join(format!("episode-{n}.vtt")), vtt).unwrap();
        }
        let srt = "1\n00:00:01,000 --> 00:00:03,000\nA flurbo in subtitles.\n";
        std::fs::write(source.join("more/subtitled.srt"), srt).unwrap();
        let library = Library::new(dir.path().join("library"));
        std::fs::create_dir_all(&library.root).unwrap();
        Fixture {
            _dir: dir,
            source,
            library,
        }
    }

    fn import(&self) -> (ImportReport, IngestReport) {
        let sources = [self.source.to_string_lossy().into_owned()];
        let (report, ingest) = SearchIndex::ingesting(&self.library, |sink| {
            import_sources_indexing(
                &self.library,
                &sources,
                &ImportOptions::default(),
                &mut |_| {},
                sink,
            )
        });
        (report.unwrap(), ingest)
    }

    fn open(&self, rebuild: bool) -> (SearchIndex, super::super::SyncReport) {
        let options = SyncOptions {
            rebuild,
            ..SyncOptions::default()
        };
        SearchIndex::open(&self.library, options).unwrap()
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.library.root.join(relative)
    }
}

#[test]
fn an_imported_folder_is_indexed_once_and_the_next_sync_finds_it_current() {
    let fixture = Fixture::new();
    let (report, ingest) = fixture.import();
    assert_eq!(report.imported.len(), EPISODES, "{report:?}");
    assert_eq!(ingest.indexed, EPISODES, "{ingest:?}");
    assert!(ingest.failed.is_none(), "{ingest:?}");

    let (index, sync) = fixture.open(false);
    assert_eq!(sync.indexed, 0, "nothing is read again: {sync:?}");
    assert!(
        sync.rebuilt.is_none() && sync.problems.is_empty(),
        "{sync:?}"
    );
    assert_eq!(index.count("flurbo", Mode::Strict).unwrap(), EPISODES);
    assert_eq!(
        index.count("\"schmeckles running\"", Mode::Strict).unwrap(),
        3
    );
    let manifest_file = fixture.library.root.join(".podgloss/manifest.bin");
    let ingested = Manifest::load(&manifest_file).unwrap();
    let documents = index.stats().documents;
    drop(index);

    // What a sync builds from the same files: the same documents and the same records.
    let (rebuilt, sync) = fixture.open(true);
    assert_eq!(sync.indexed, EPISODES, "{sync:?}");
    assert_eq!(rebuilt.stats().documents, documents);
    let rebuilt_manifest = Manifest::load(&manifest_file).unwrap();
    assert_eq!(ingested.units.len(), rebuilt_manifest.units.len());
    for (key, record) in &rebuilt_manifest.units {
        let mine = &ingested.units[key];
        assert_eq!(mine.summary, record.summary, "{key}");
        let same = |s: &crate::search::manifest::FileStamp| (s.path.clone(), s.size, s.hash);
        assert_eq!(
            mine.files.iter().map(same).collect::<Vec<_>>(),
            record.files.iter().map(same).collect::<Vec<_>>(),
            "{key}"
        );
    }
}

#[test]
fn an_edit_of_the_same_size_right_after_the_import_is_seen() {
    let fixture = Fixture::new();
    fixture.import();
    let transcript = fixture.path("transcripts/episode-0/transcript.vtt");
    let before = std::fs::metadata(&transcript).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&transcript).unwrap();
    let edited = text.replace("flurbos", "glorbos");
    assert_eq!(edited.len(), text.len());
    std::fs::write(&transcript, edited).unwrap();
    // A coarse clock may leave the mtime where it was: only the content can tell.
    set_mtime(&transcript, before);
    let (index, sync) = fixture.open(false);
    assert_eq!(sync.indexed, 1, "{sync:?}");
    assert_eq!(index.count("glorbos", Mode::Strict).unwrap(), 1);
    assert_eq!(index.count("flurbo", Mode::Strict).unwrap(), EPISODES - 1);
}

#[test]
fn with_the_index_busy_the_import_is_left_to_the_sync_after_it() {
    let fixture = Fixture::new();
    // An index with a manifest (an empty library has none yet, and would be rebuilt).
    let existing = fixture.path("transcripts/existing");
    std::fs::create_dir_all(&existing).unwrap();
    std::fs::write(
        existing.join("transcript.txt"),
        "[00:01] Ann: Hello there.\n",
    )
    .unwrap();
    let (index, sync) = fixture.open(false);
    assert_eq!(sync.indexed, 1, "{sync:?}");
    let writer: tantivy::IndexWriter = index.index.writer(15_000_000).unwrap();
    let (report, ingest) = fixture.import();
    assert_eq!(report.imported.len(), EPISODES);
    assert_eq!(ingest.indexed, 0, "{ingest:?}");
    drop(writer);
    drop(index);
    let (index, sync) = fixture.open(false);
    assert_eq!(sync.indexed, EPISODES, "{sync:?}");
    assert_eq!(index.count("flurbo", Mode::Strict).unwrap(), EPISODES);
}

#[test]
fn a_reimported_episode_is_left_to_the_sync() {
    let fixture = Fixture::new();
    fixture.import();
    fixture.open(false);
    let source = fixture.source.join("episode-1.vtt");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text.replace("flurbos", "plumbuses")).unwrap();
    let (report, ingest) = fixture.import();
    assert!(report.imported.iter().all(|i| i.replaced), "{report:?}");
    assert_eq!(
        ingest.indexed, 0,
        "replacements keep the user's files: the sync reads them"
    );
    let (index, sync) = fixture.open(false);
    assert_eq!(sync.indexed, 1, "{sync:?}");
    assert_eq!(index.count("plumbuses", Mode::Strict).unwrap(), 1);
}

fn set_mtime(path: &Path, time: std::time::SystemTime) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(time).unwrap();
}

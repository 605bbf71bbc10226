//! The sync check sees every kind of edit a user makes, in any editor, and re-indexes nothing
//! when nothing changed. Files and folders are dated an hour back after each step, as on a
//! library edited earlier: recent stamps are never trusted (the racy rule), which would let a
//! check pass here without proving anything.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::{SearchIndex, SyncOptions, SyncReport};
use crate::library::Library;
use crate::search::query::Mode;

const VTT: &str = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nThe flurbo is a unit of money.\n";

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let folder = root.join("transcripts/ep-one");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::create_dir_all(root.join("glossary")).unwrap();
        std::fs::write(folder.join("transcript.vtt"), VTT).unwrap();
        std::fs::write(folder.join("episode.toml"), "title = \"Episode One\"\n").unwrap();
        std::fs::write(folder.join("notes.md"), "- A first note.\n").unwrap();
        std::fs::write(
            root.join("glossary/flurbo.md"),
            "# flurbo\n\nMoney on another planet.\n",
        )
        .unwrap();
        let fixture = Fixture { _dir: dir, root };
        fixture.age();
        let (_, report) = fixture.open();
        assert_eq!(report.indexed, 3, "episode, notes, glossary: {report:?}");
        fixture.age();
        // Every time moved: the contents are compared, and the new times remembered...
        let (_, report) = fixture.open();
        assert_eq!((report.indexed, report.quick), (0, false), "{report:?}");
        // ...so that from now on stat calls alone tell that nothing changed.
        assert!(
            fixture.open().1.quick,
            "an unchanged library is checked quickly"
        );
        fixture
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Dates every file and folder of the library (not `.podgloss`) an hour back.
    fn age(&self) {
        fn walk(path: &Path, when: SystemTime) {
            if path.file_name().is_some_and(|n| n == ".podgloss") {
                return;
            }
            if path.is_dir() {
                for entry in std::fs::read_dir(path).unwrap().flatten() {
                    walk(&entry.path(), when);
                }
            }
            set_mtime(path, when);
        }
        walk(&self.root, SystemTime::now() - Duration::from_secs(3600));
    }

    fn open(&self) -> (SearchIndex, SyncReport) {
        SearchIndex::open(&Library::new(&self.root), SyncOptions::default()).unwrap()
    }

    /// Opens (syncing) and returns how many units were indexed and the titles of the hits.
    /// A sync that indexed anything must not have been answered by the quick check.
    fn search(&self, query: &str) -> (usize, Vec<String>) {
        let (index, report) = self.open();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert!(report.indexed == 0 || !report.quick, "{report:?}");
        let hits = index.query(query, Mode::Strict, 20).unwrap();
        (report.indexed, hits.into_iter().map(|h| h.title).collect())
    }
}

fn set_mtime(path: &Path, when: SystemTime) {
    let file = std::fs::File::open(path).unwrap();
    file.set_modified(when).unwrap();
}

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

/// Appends in place, as `>>` or an editor that writes into the file does: the folder's mtime
/// does not move (it is put back explicitly, to be sure).
fn append_in_place(path: &Path, text: &str) {
    use std::io::Write;
    let folder = path.parent().unwrap();
    let before = mtime(folder);
    let mut file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
    drop(file);
    set_mtime(folder, before);
}

#[test]
fn an_unchanged_library_indexes_nothing() {
    let fixture = Fixture::new();
    let (indexed, titles) = fixture.search("flurbo");
    assert_eq!(indexed, 0);
    assert!(fixture.open().1.quick);
    assert_eq!(
        titles.len(),
        2,
        "the transcript and the glossary entry: {titles:?}"
    );
}

#[test]
fn an_append_in_place_to_notes_is_seen() {
    let fixture = Fixture::new();
    append_in_place(
        &fixture.path("transcripts/ep-one/notes.md"),
        "- Zorblax here.\n",
    );
    assert_eq!(
        fixture.search("zorblax"),
        (1, vec!["Episode One".to_string()])
    );
}

#[test]
fn an_in_place_edit_of_episode_toml_is_seen() {
    let fixture = Fixture::new();
    let meta = fixture.path("transcripts/ep-one/episode.toml");
    append_in_place(&meta, "show = \"Planet Money\"\n");
    let (indexed, _) = fixture.search("flurbo");
    assert!(indexed >= 1, "the episode is indexed again");
    let (index, _) = fixture.open();
    let hits = index.query("show:planet flurbo", Mode::Strict, 5).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].show.as_deref(), Some("Planet Money"));
}

#[test]
fn an_append_in_place_to_a_glossary_file_is_seen() {
    let fixture = Fixture::new();
    append_in_place(&fixture.path("glossary/flurbo.md"), "Also called a quux.\n");
    assert_eq!(fixture.search("quux"), (1, vec!["flurbo".to_string()]));
}

#[test]
fn a_rewrite_by_rename_is_seen() {
    let fixture = Fixture::new();
    let folder = fixture.path("transcripts/ep-one");
    let temporary = folder.join(".transcript.vtt.swp");
    std::fs::write(&temporary, VTT.replace("flurbo", "schmeckle")).unwrap();
    std::fs::rename(&temporary, folder.join("transcript.vtt")).unwrap();
    assert_eq!(
        fixture.search("schmeckle"),
        (1, vec!["Episode One".to_string()])
    );
    assert_eq!(
        fixture.search("flurbo").1,
        ["flurbo"],
        "the old text is gone"
    );
}

#[test]
fn a_touch_without_change_indexes_nothing() {
    let fixture = Fixture::new();
    let later = SystemTime::now() - Duration::from_secs(1800);
    for file in [
        "transcripts/ep-one/notes.md",
        "transcripts/ep-one/episode.toml",
        "glossary/flurbo.md",
    ] {
        set_mtime(&fixture.path(file), later);
    }
    let (_, report) = fixture.open();
    assert_eq!((report.indexed, report.quick), (0, false), "{report:?}");
    // The new times were remembered: the next check does not even read the files.
    assert!(fixture.open().1.quick);
}

/// The quick check gives way to the full sync for every kind of change, including the ones
/// only a recorded listing or an absent folder can show.
#[test]
fn the_quick_check_notices_every_kind_of_change() {
    type Edit = fn(&Fixture);
    let edits: [(&str, Edit); 7] = [
        ("notes appended in place", |f| {
            append_in_place(&f.path("transcripts/ep-one/notes.md"), "- more\n")
        }),
        ("episode.toml edited in place", |f| {
            append_in_place(&f.path("transcripts/ep-one/episode.toml"), "show = \"X\"\n")
        }),
        ("glossary appended in place", |f| {
            append_in_place(&f.path("glossary/flurbo.md"), "More.\n")
        }),
        ("a file added to an episode folder", |f| {
            std::fs::write(f.path("transcripts/ep-one/chapters.json"), "[]").unwrap()
        }),
        ("an episode folder added", |f| {
            std::fs::create_dir(f.path("transcripts/ep-two")).unwrap()
        }),
        ("the glossary folder removed", |f| {
            std::fs::remove_dir_all(f.path("glossary")).unwrap()
        }),
        ("a file replaced with one of the same size and time", |f| {
            let path = f.path("transcripts/ep-one/notes.md");
            let when = mtime(&path);
            std::fs::remove_file(&path).unwrap();
            std::fs::write(&path, "- A first NOTE.\n").unwrap();
            set_mtime(&path, when);
        }),
    ];
    for (what, edit) in edits {
        let fixture = Fixture::new();
        edit(&fixture);
        let (_, report) = fixture.open();
        assert!(!report.quick, "{what}: {report:?}");
    }
    // A glossary folder appearing where there was none is a change too.
    let fixture = Fixture::new();
    std::fs::remove_dir_all(fixture.path("glossary")).unwrap();
    fixture.open();
    fixture.age();
    fixture.open();
    assert!(fixture.open().1.quick);
    std::fs::create_dir(fixture.path("glossary")).unwrap();
    assert!(!fixture.open().1.quick, "a glossary folder created");
}

#[test]
fn a_deleted_episode_is_gone() {
    let fixture = Fixture::new();
    std::fs::remove_dir_all(fixture.path("transcripts/ep-one")).unwrap();
    let (index, report) = fixture.open();
    assert_eq!(report.removed, 2, "the episode and its notes: {report:?}");
    let hits = index.query("flurbo", Mode::Strict, 20).unwrap();
    assert_eq!(hits.len(), 1, "only the glossary entry");
    assert_eq!(index.listing().unwrap().len(), 0);
}

#[test]
fn an_added_episode_is_found_and_listed() {
    let fixture = Fixture::new();
    let folder = fixture.path("transcripts/ep-two");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("transcript.vtt"),
        VTT.replace("flurbo", "grumbo"),
    )
    .unwrap();
    assert_eq!(fixture.search("grumbo").0, 1);
    let (index, _) = fixture.open();
    assert_eq!(index.listing().unwrap().len(), 2);
}

#[test]
fn an_added_glossary_file_is_found() {
    let fixture = Fixture::new();
    std::fs::write(
        fixture.path("glossary/grumbo.md"),
        "# grumbo\n\nA currency.\n",
    )
    .unwrap();
    assert_eq!(fixture.search("grumbo"), (1, vec!["grumbo".to_string()]));
}

#[test]
fn an_index_of_the_previous_format_is_rebuilt() {
    let fixture = Fixture::new();
    let state = fixture.path(".podgloss");
    std::fs::remove_file(state.join("manifest.bin")).unwrap();
    std::fs::write(state.join("manifest.json"), "{\"schema_version\": 1}").unwrap();
    let (index, report) = fixture.open();
    assert!(report.rebuilt.is_some(), "{report:?}");
    assert_eq!(index.query("flurbo", Mode::Strict, 20).unwrap().len(), 2);
    assert!(
        !state.join("manifest.json").exists(),
        "the old manifest is gone"
    );
}

#[test]
fn an_empty_library_is_indexed_once() {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::new(dir.path());
    let open = || {
        SearchIndex::open(&library, SyncOptions::default())
            .unwrap()
            .1
    };
    let first = open();
    assert!(first.rebuilt.is_some(), "{first:?}");
    let second = open();
    assert!(second.rebuilt.is_none(), "not rebuilt again: {second:?}");
}

/// A sync keeps the plan it made before waiting for the writer only while `manifest.bin` is
/// the file it planned from: any save by another podgloss, even of the same contents, must
/// show as another file.
#[test]
fn every_save_of_the_manifest_shows_as_another_file() {
    let fixture = Fixture::new();
    let path = fixture.path(".podgloss/manifest.bin");
    let before = super::saved_manifest_identity(&path);
    assert!(before.is_some());
    assert_eq!(super::saved_manifest_identity(&path), before);
    let manifest = crate::search::manifest::Manifest::load(&path).unwrap();
    let mut seen = vec![before];
    for _ in 0..3 {
        manifest.save(&path).unwrap();
        let now = super::saved_manifest_identity(&path);
        assert!(!seen.contains(&now), "{now:?} was seen before");
        seen.push(now);
    }
    std::fs::remove_file(&path).unwrap();
    assert_eq!(super::saved_manifest_identity(&path), None);
}

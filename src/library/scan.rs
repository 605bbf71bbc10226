//! Finding the episodes of a library: `transcripts/<slug>/` folders holding `transcript.<ext>`
//! (and maybe `episode.toml`, `chapters.json`, `notes.md`), and bare transcript files dropped
//! straight into `transcripts/` (SPEC §2). A bad file is reported and the rest still loads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::layout;
use super::meta::EpisodeMeta;
use super::slug::is_valid_slug;
use crate::error::{Error, Result};

pub use super::layout::TRANSCRIPT_EXTENSIONS;

/// A library folder.
#[derive(Debug, Clone)]
pub struct Library {
    pub root: PathBuf,
}

/// One episode as found on disk, before its transcript is read.
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeEntry {
    pub slug: String,
    /// The episode folder; `None` for a bare transcript file in `transcripts/`.
    pub folder: Option<PathBuf>,
    pub transcript: PathBuf,
    pub meta: EpisodeMeta,
}

impl EpisodeEntry {
    /// The title from `episode.toml`, else one made from the folder or file name.
    pub fn title(&self) -> String {
        let named = self.folder.as_ref().unwrap_or(&self.transcript);
        let stem = match &self.folder {
            Some(folder) => folder.file_name(),
            None => named.file_stem(),
        };
        self.meta
            .title
            .clone()
            .unwrap_or_else(|| title_from_file_name(&stem.unwrap_or_default().to_string_lossy()))
    }

    pub fn notes_path(&self) -> Option<PathBuf> {
        self.folder.as_ref().map(|f| f.join(layout::NOTES_FILE))
    }

    pub fn chapters_path(&self) -> Option<PathBuf> {
        self.folder.as_ref().map(|f| f.join(layout::CHAPTERS_FILE))
    }
}

/// What a scan found: the episodes, sorted by slug, and the files that could not be read.
#[derive(Debug, Default)]
pub struct Scan {
    pub episodes: Vec<EpisodeEntry>,
    pub problems: Vec<Error>,
}

impl Library {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Library { root: root.into() }
    }

    pub fn transcripts_dir(&self) -> PathBuf {
        self.root.join("transcripts")
    }

    pub fn glossary_dir(&self) -> PathBuf {
        self.root.join("glossary")
    }

    /// `.podgloss/`: derived state, created on demand with a `.gitignore` that ignores itself.
    pub fn state_dir(&self) -> Result<PathBuf> {
        let dir = self.root.join(".podgloss");
        if std::fs::symlink_metadata(&dir).is_ok() && !dir.is_dir() {
            // Something else where the derived state belongs: moved aside, not deleted, as it
            // is not ours to delete.
            let aside = crate::fsutil::conflict_path(&dir);
            std::fs::rename(&dir, &aside).map_err(|e| Error::io(&dir, e))?;
        }
        if !dir.is_dir() {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
            let ignore = dir.join(".gitignore");
            std::fs::write(&ignore, "*\n").map_err(|e| Error::io(&ignore, e))?;
        }
        Ok(dir)
    }

    /// Every episode of the library. Folders win over bare files with the same slug.
    pub fn scan(&self) -> Scan {
        let mut scan = Scan::default();
        let dir = self.transcripts_dir();
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return scan,
            Err(e) => {
                scan.problems.push(Error::io(&dir, e));
                return scan;
            }
        };
        let mut by_slug: BTreeMap<String, EpisodeEntry> = BTreeMap::new();
        let mut bare = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if layout::is_hidden(&name) {
                continue;
            }
            if path.is_dir() {
                match read_episode_folder(&path, &name) {
                    Ok(Some(episode)) => {
                        by_slug.insert(episode.slug.clone(), episode);
                    }
                    Ok(None) => {}
                    Err(e) => scan.problems.push(e),
                }
            } else if is_transcript_file(&path) {
                if crate::fsutil::is_regular(&path) {
                    bare.push(path);
                } else {
                    let why = std::io::Error::other(crate::fsutil::NOT_REGULAR);
                    scan.problems.push(Error::io(&path, why));
                }
            }
        }
        for path in bare {
            let slug =
                layout::bare_file_slug(&path.file_name().unwrap_or_default().to_string_lossy());
            by_slug.entry(slug.clone()).or_insert_with(|| EpisodeEntry {
                slug,
                folder: None,
                transcript: path.clone(),
                meta: EpisodeMeta::default(),
            });
        }
        scan.episodes = by_slug.into_values().collect();
        scan
    }

    /// The episode whose main file is `relative` (a path in the library): the folder it is in,
    /// or the bare file itself, read as [`Library::scan`] reads it. Describes one episode
    /// without listing the library.
    pub fn entry_for_file(&self, relative: &str) -> Result<Option<EpisodeEntry>> {
        let path = self.root.join(relative);
        let Some(parent) = path.parent() else {
            return Ok(None);
        };
        if parent != self.transcripts_dir() {
            let name = parent.file_name().unwrap_or_default().to_string_lossy();
            return read_episode_folder(parent, &name);
        }
        if !crate::fsutil::is_regular(&path) {
            let why = std::io::Error::other(crate::fsutil::NOT_REGULAR);
            return Err(Error::io(&path, why));
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        Ok(Some(EpisodeEntry {
            slug: layout::bare_file_slug(&name),
            folder: None,
            transcript: path.clone(),
            meta: EpisodeMeta::default(),
        }))
    }

    /// The episode with this slug, or a user error that names the closest slugs.
    pub fn find(&self, slug: &str) -> Result<EpisodeEntry> {
        // The common case, an episode folder named by its slug, without listing the library.
        if is_valid_slug(slug) {
            let folder = self.transcripts_dir().join(slug);
            if folder.is_dir() {
                if let Some(entry) = read_episode_folder(&folder, slug)? {
                    return Ok(entry);
                }
            }
        }
        let scan = self.scan();
        if let Some(found) = scan.episodes.iter().find(|e| e.slug == slug) {
            return Ok(found.clone());
        }
        let similar: Vec<&str> = scan
            .episodes
            .iter()
            .filter(|e| {
                e.slug.contains(slug) || e.title().to_lowercase().contains(&slug.to_lowercase())
            })
            .map(|e| e.slug.as_str())
            .take(5)
            .collect();
        let hint = match similar.as_slice() {
            [] => "`podgloss list` shows the episodes".to_string(),
            [one] => format!("did you mean `{one}`?"),
            many => format!("did you mean one of: {}?", many.join(", ")),
        };
        Err(Error::user(format!("no episode `{slug}`: {hint}")))
    }
}

/// Whether a path has a transcript file's extension.
pub fn is_transcript_file(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| layout::has_transcript_extension(&name.to_string_lossy()))
}

/// Reads `transcripts/<name>/`. A folder without a `transcript.*` file is not an episode (it may
/// be the user's own); one whose `episode.toml` is broken is reported.
fn read_episode_folder(folder: &Path, name: &str) -> Result<Option<EpisodeEntry>> {
    let Some(transcript) = find_transcript_file(folder) else {
        return Ok(None);
    };
    let meta_path = folder.join(layout::EPISODE_META_FILE);
    let meta = if meta_path.is_file() {
        EpisodeMeta::load(&meta_path)?
    } else {
        EpisodeMeta::default()
    };
    let slug = layout::folder_slug(name);
    Ok(Some(EpisodeEntry {
        slug,
        folder: Some(folder.to_path_buf()),
        transcript,
        meta,
    }))
}

/// `transcript.<ext>` in an episode folder, in the order of [`TRANSCRIPT_EXTENSIONS`].
pub fn find_transcript_file(folder: &Path) -> Option<PathBuf> {
    layout::pick_transcript(|name| folder.join(name).is_file()).map(|name| folder.join(name))
}

/// A readable title from a file name (see [`super::title`]).
pub fn title_from_file_name(stem: &str) -> String {
    super::title::readable_title(&crate::formats::text::sanitize_line(stem))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn finds_folders_and_bare_files() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::new(dir.path());
        let t = lib.transcripts_dir();
        fs::create_dir_all(t.join("first-episode")).unwrap();
        fs::write(t.join("first-episode/transcript.vtt"), "WEBVTT\n").unwrap();
        fs::write(t.join("first-episode/episode.toml"), "title = \"First\"\n").unwrap();
        fs::write(t.join("Second_Episode.srt"), "1\n").unwrap();
        fs::write(t.join("first-episode.md"), "shadowed by the folder").unwrap();
        fs::write(t.join("cover.png"), "not a transcript").unwrap();
        fs::create_dir_all(t.join("user-folder")).unwrap();
        fs::create_dir_all(t.join(".tmp-import-x")).unwrap();
        fs::write(t.join(".tmp-import-x/transcript.vtt"), "WEBVTT\n").unwrap();

        let scan = lib.scan();
        assert!(scan.problems.is_empty(), "{:?}", scan.problems);
        let slugs: Vec<&str> = scan.episodes.iter().map(|e| e.slug.as_str()).collect();
        assert_eq!(slugs, ["first-episode", "second-episode"]);
        assert_eq!(scan.episodes[0].title(), "First");
        assert_eq!(scan.episodes[1].title(), "Second Episode");
        assert!(scan.episodes[1].folder.is_none());
    }

    #[test]
    fn a_broken_episode_toml_is_reported_and_the_rest_loads() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::new(dir.path());
        let t = lib.transcripts_dir();
        fs::create_dir_all(t.join("bad")).unwrap();
        fs::write(t.join("bad/transcript.vtt"), "WEBVTT\n").unwrap();
        fs::write(t.join("bad/episode.toml"), "title = \n").unwrap();
        fs::write(t.join("good.vtt"), "WEBVTT\n").unwrap();
        let scan = lib.scan();
        assert_eq!(scan.episodes.len(), 1);
        assert_eq!(scan.problems.len(), 1);
        let message = scan.problems[0].to_string();
        assert!(message.contains("episode.toml:1:"), "{message}");
    }

    #[test]
    fn unknown_slugs_get_suggestions() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::new(dir.path());
        fs::create_dir_all(lib.transcripts_dir()).unwrap();
        fs::write(
            lib.transcripts_dir().join("residual-streams.vtt"),
            "WEBVTT\n",
        )
        .unwrap();
        let err = lib.find("residual").unwrap_err().to_string();
        assert!(err.contains("did you mean `residual-streams`"), "{err}");
    }
}

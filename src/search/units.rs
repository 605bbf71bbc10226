//! What the index is built from, found on disk: one *unit* per episode transcript (with its
//! `episode.toml` and `chapters.json`), per `notes.md`, and per glossary file. A folder whose
//! mtime has not moved since the last sync is not listed again: creating, renaming or deleting
//! a file changes its folder's mtime, so only `stat` calls are needed on an unchanged library.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::stamp::FolderStamp;
use super::stamp::{mtime_ns, trusted_mtime};
use crate::library::layout;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitKind {
    /// A transcript; `folder` is `None` for a bare file in `transcripts/`.
    Episode {
        slug: String,
        folder: Option<String>,
    },
    Notes {
        slug: String,
    },
    Glossary,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub key: String,
    pub kind: UnitKind,
    /// Paths relative to the library root, the first being the main file.
    pub files: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub units: BTreeMap<String, Unit>,
    pub folders: BTreeMap<String, FolderStamp>,
    /// Folders listed from disk this time (new, changed, or last seen too recently to trust
    /// their mtime): files in them are checked, not assumed unchanged.
    pub relisted: BTreeSet<String>,
}

pub fn discover(root: &Path, previous: &BTreeMap<String, FolderStamp>) -> Discovery {
    let mut found = Discovery::default();
    let transcripts = found.listing(root, "transcripts", previous, |name, is_dir| {
        is_dir || layout::has_transcript_extension(name)
    });
    let mut bare = Vec::new();
    for name in transcripts.iter() {
        let relative = format!("transcripts/{name}");
        let names = found.listing(root, &relative, previous, |n, is_dir| {
            !is_dir && layout::is_episode_file(n)
        });
        // A name that listed as nothing and does not exist as a folder is a bare file.
        if names.is_empty() && !found.folders.contains_key(&relative) {
            bare.push(name.clone());
            continue;
        }
        found.add_episode_folder(name, &relative, &names);
    }
    for name in bare {
        let slug = layout::bare_file_slug(&name);
        let key = format!("episode:{slug}");
        if !found.units.contains_key(&key) {
            found.add(
                key,
                UnitKind::Episode { slug, folder: None },
                vec![format!("transcripts/{name}")],
            );
        }
    }
    let glossary = found.listing(root, "glossary", previous, |name, is_dir| {
        !is_dir && layout::is_glossary_file(name)
    });
    for name in glossary.iter() {
        found.add(
            format!("glossary:{name}"),
            UnitKind::Glossary,
            vec![format!("glossary/{name}")],
        );
    }
    found
}

impl Discovery {
    /// An episode folder's units: the episode (its transcript and side files) and its notes.
    fn add_episode_folder(&mut self, name: &str, relative: &str, names: &[String]) {
        let Some(transcript) = layout::pick_transcript(|t| names.iter().any(|n| n == t)) else {
            return;
        };
        let slug = layout::folder_slug(name);
        let mut files = vec![format!("{relative}/{transcript}")];
        for side in layout::EPISODE_SIDE_FILES {
            if names.iter().any(|n| n == side) {
                files.push(format!("{relative}/{side}"));
            }
        }
        self.add(
            format!("episode:{slug}"),
            UnitKind::Episode {
                slug: slug.clone(),
                folder: Some(relative.to_string()),
            },
            files,
        );
        if names.iter().any(|n| n == layout::NOTES_FILE) {
            // Note documents carry the episode's title and show, so they follow episode.toml.
            let mut files = vec![format!("{relative}/{}", layout::NOTES_FILE)];
            if names.iter().any(|n| n == layout::EPISODE_META_FILE) {
                files.push(format!("{relative}/{}", layout::EPISODE_META_FILE));
            }
            self.add(format!("notes:{slug}"), UnitKind::Notes { slug }, files);
        }
    }

    fn add(&mut self, key: String, kind: UnitKind, files: Vec<String>) {
        self.units.insert(key.clone(), Unit { key, kind, files });
    }
}

impl Discovery {
    /// The names in `root/relative` that `keep` accepts, from the previous listing when the
    /// folder's mtime has not moved. Records the folder in `folders` when it exists.
    fn listing<'p>(
        &mut self,
        root: &Path,
        relative: &str,
        previous: &'p BTreeMap<String, FolderStamp>,
        keep: impl Fn(&str, bool) -> bool,
    ) -> Cow<'p, [String]> {
        let path = root.join(relative);
        // One `stat` tells both whether it is a folder and its mtime: this runs for every episode.
        let Some(metadata) = std::fs::metadata(&path).ok().filter(|m| m.is_dir()) else {
            return Cow::Borrowed(&[]);
        };
        let mtime_ns = mtime_ns(&metadata);
        if let Some(known) = previous.get(relative).filter(|f| f.mtime_ns == mtime_ns) {
            self.folders.insert(relative.to_string(), known.clone());
            return Cow::Borrowed(&known.names);
        }
        let mut names: Vec<String> = std::fs::read_dir(&path)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                if layout::is_hidden(&name) {
                    return None;
                }
                let is_dir = entry.file_type().ok()?.is_dir()
                    || (entry.file_type().ok()?.is_symlink() && entry.path().is_dir());
                keep(&name, is_dir).then_some(name)
            })
            .collect();
        names.sort();
        self.relisted.insert(relative.to_string());
        self.folders.insert(
            relative.to_string(),
            FolderStamp {
                mtime_ns: trusted_mtime(mtime_ns),
                names: names.clone(),
            },
        );
        Cow::Owned(names)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn finds_every_kind_of_unit() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("transcripts/ep-one")).unwrap();
        fs::create_dir_all(root.join("transcripts/user-folder")).unwrap();
        fs::create_dir_all(root.join("glossary")).unwrap();
        fs::write(root.join("transcripts/ep-one/transcript.vtt"), "x").unwrap();
        fs::write(root.join("transcripts/ep-one/episode.toml"), "x").unwrap();
        fs::write(root.join("transcripts/ep-one/notes.md"), "x").unwrap();
        fs::write(root.join("transcripts/ep-one/cover.png"), "x").unwrap();
        fs::write(root.join("transcripts/Bare_File.srt"), "x").unwrap();
        fs::write(root.join("glossary/softmax.md"), "x").unwrap();
        fs::write(root.join("glossary/.softmax.md.swp"), "x").unwrap();

        let found = discover(root, &BTreeMap::new());
        let keys: Vec<&str> = found.units.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "episode:bare-file",
                "episode:ep-one",
                "glossary:softmax.md",
                "notes:ep-one"
            ]
        );
        assert_eq!(
            found.units["episode:ep-one"].files,
            [
                "transcripts/ep-one/transcript.vtt",
                "transcripts/ep-one/episode.toml"
            ]
        );

        // An unchanged library is recognised from the recorded listings.
        let again = discover(root, &found.folders);
        assert_eq!(again.units, found.units);
        // A new file changes the folder's mtime, so it is seen.
        fs::write(root.join("glossary/kv-cache.md"), "x").unwrap();
        let after = discover(root, &found.folders);
        assert!(after.units.contains_key("glossary:kv-cache.md"));
    }
}

//! The one description of what a library folder holds, by name: which names are hidden, which
//! files are transcripts, how an episode folder names its transcript and side files, how a slug
//! is made from a folder or a bare file, and which files are glossary entries.
//!
//! [`super::scan`] (the library listing) and `search::units` (what the index is built from) both
//! read the disk through these rules, so the list and the index cannot disagree on what an
//! episode is.

use std::path::Path;

use super::slug::{is_valid_slug, slugify};

/// File extensions a transcript may carry, in the order an episode folder's `transcript.<ext>`
/// is picked when there are several. The content decides the format; the extension only says
/// "this file is a transcript".
pub const TRANSCRIPT_EXTENSIONS: &[&str] =
    &["vtt", "srt", "json", "html", "htm", "tsv", "txt", "md"];

/// An episode folder's metadata file.
pub const EPISODE_META_FILE: &str = "episode.toml";
/// An episode folder's chapters file.
pub const CHAPTERS_FILE: &str = "chapters.json";
/// An episode folder's notes file.
pub const NOTES_FILE: &str = "notes.md";
/// The files beside a transcript that describe the episode itself (the notes are their own
/// document).
pub const EPISODE_SIDE_FILES: &[&str] = &[EPISODE_META_FILE, CHAPTERS_FILE];

/// Hidden names are ours (in-progress imports, temporary files) or the user's tools' (editor
/// swap files): never part of the library.
pub fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// Whether a file name has a transcript file's extension (any case).
pub fn has_transcript_extension(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TRANSCRIPT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The names an episode folder's transcript may have, in order of preference.
pub fn transcript_file_names() -> impl Iterator<Item = String> {
    TRANSCRIPT_EXTENSIONS
        .iter()
        .map(|ext| format!("transcript.{ext}"))
}

/// The transcript among an episode folder's names, the first in [`transcript_file_names`]
/// order for which `exists` holds.
pub fn pick_transcript(exists: impl Fn(&str) -> bool) -> Option<String> {
    transcript_file_names().find(|name| exists(name))
}

/// Whether a name inside an episode folder is one of the files an episode is made of.
pub fn is_episode_file(name: &str) -> bool {
    name == NOTES_FILE
        || EPISODE_SIDE_FILES.contains(&name)
        || name
            .strip_prefix("transcript.")
            .is_some_and(|ext| TRANSCRIPT_EXTENSIONS.contains(&ext))
}

/// The slug of the episode in folder `name`: the name itself when it is a valid slug, so that a
/// folder is always found by its own name.
pub fn folder_slug(name: &str) -> String {
    if is_valid_slug(name) {
        name.to_string()
    } else {
        slugify(name)
    }
}

/// The slug of a bare transcript file dropped into `transcripts/`: made from its stem.
pub fn bare_file_slug(file_name: &str) -> String {
    let stem = Path::new(file_name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    slugify(&stem)
}

/// Whether a name in `glossary/` is an entry file: `*.md` (any case), not hidden, and not a
/// conflict copy (see `fsutil::replace_if_unchanged`), which waits for the user to merge it and
/// would otherwise define its term twice.
pub fn is_glossary_file(name: &str) -> bool {
    let is_markdown = Path::new(name)
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md"));
    is_markdown && !is_hidden(name) && !name.contains(".podgloss-conflict-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_by_name() {
        assert!(is_hidden(".tmp-import-x"));
        assert!(has_transcript_extension("Episode.VTT"));
        assert!(!has_transcript_extension("cover.png"));
        assert_eq!(
            pick_transcript(|n| n == "transcript.md" || n == "transcript.srt").as_deref(),
            Some("transcript.srt")
        );
        assert!(is_episode_file("chapters.json") && is_episode_file("transcript.vtt"));
        assert!(!is_episode_file("cover.png"));
        assert_eq!(folder_slug("ep-one"), "ep-one");
        assert_eq!(folder_slug("Ep One"), "ep-one");
        assert_eq!(bare_file_slug("Second_Episode.srt"), "second-episode");
        assert!(is_glossary_file("Softmax.MD"));
        assert!(!is_glossary_file(".softmax.md.swp"));
        assert!(!is_glossary_file("softmax.podgloss-conflict-1.md"));
    }
}

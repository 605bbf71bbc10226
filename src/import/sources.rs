//! Which files an import source names: the file itself, or every transcript file below a folder
//! (sorted, hidden entries skipped, provenance files such as `SOURCE.txt` and `README.md` left out).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::library::scan::is_transcript_file;

/// Files that accompany transcripts in shared folders but are never transcripts themselves.
const NOT_TRANSCRIPTS: &[&str] = &[
    "source",
    "readme",
    "license",
    "licence",
    "changelog",
    "notes",
];

pub fn collect(source: &Path) -> Result<Vec<PathBuf>> {
    let metadata = std::fs::metadata(source).map_err(|e| Error::io(source, e))?;
    // A FIFO or device named directly is returned too: the caller skips it with a reason.
    if !metadata.is_dir() {
        return Ok(vec![source.to_path_buf()]);
    }
    let mut files = Vec::new();
    walk(source, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(Error::user(format!(
            "{}: no transcript files (.vtt, .srt, .json, .html, .tsv, .txt, .md) in this folder",
            source.display()
        )));
    }
    Ok(files)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_lowercase();
        if name.starts_with('.') {
            continue;
        }
        let file_type = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if file_type.is_dir() {
            walk(&path, files)?;
        } else if is_transcript_file(&path) && !is_accompanying_file(&name) {
            files.push(path);
        }
    }
    Ok(())
}

/// Whether a lowercase file stem names a project file (`readme`, `license`, ...), never a
/// transcript.
pub(crate) fn is_project_file_stem(stem: &str) -> bool {
    NOT_TRANSCRIPTS.contains(&stem)
}

fn is_accompanying_file(lowercase_name: &str) -> bool {
    let stem = lowercase_name.split('.').next().unwrap_or_default();
    NOT_TRANSCRIPTS.contains(&stem) || lowercase_name == "chapters.json"
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn walks_folders_and_skips_provenance_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("show/season1")).unwrap();
        fs::write(root.join("show/season1/ep1.md"), "").unwrap();
        fs::write(root.join("show/ep0.vtt"), "").unwrap();
        fs::write(root.join("SOURCE.txt"), "").unwrap();
        fs::write(root.join("chapters.json"), "").unwrap();
        fs::write(root.join("cover.jpg"), "").unwrap();
        fs::write(root.join(".hidden.vtt"), "").unwrap();
        let found = collect(root).unwrap();
        let names: Vec<_> = found
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["show/ep0.vtt", "show/season1/ep1.md"]);
    }
}

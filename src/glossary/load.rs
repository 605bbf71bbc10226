//! Loading the `glossary/` folder (SPEC §5, §9): every `*.md` file directly inside it is one entry;
//! a file that cannot be read or parsed is reported with its path and line, and the rest load.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use super::entry::Entry;
use super::{Glossary, phrase_key};
use crate::error::{Error, shown};

/// Loads every entry in `dir`, in file-name order. A missing folder is an empty glossary.
///
/// Besides unreadable and unparsable files, the errors include a term defined twice (the entry in
/// the later file stays listed, but its term finds and matches the earlier one).
pub fn load_glossary(dir: &Path) -> (Glossary, Vec<Error>) {
    let mut errors = Vec::new();
    let paths = match entry_paths(dir) {
        Ok(paths) => paths,
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return (Glossary::default(), vec![Error::io(dir, e)]),
    };
    let mut entries = Vec::with_capacity(paths.len());
    for path in paths {
        match Entry::read(&path) {
            Ok(entry) => entries.push(entry),
            Err(e) => errors.push(e),
        }
    }
    errors.extend(duplicate_terms(&entries));
    (Glossary::new(entries), errors)
}

/// The entry files of `dir`: `*.md` (any case), not hidden (editors' and our own temporary files
/// start with `.`), sorted by name.
fn entry_paths(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for item in std::fs::read_dir(dir)? {
        let item = item?;
        let name = item.file_name();
        let name = name.to_string_lossy();
        if !crate::library::layout::is_glossary_file(&name) {
            continue;
        }
        // Follows symbolic links: a linked entry is an entry. A FIFO or device stays in the
        // list so that reading it reports it (without blocking) instead of hiding it.
        if std::fs::metadata(item.path()).is_ok_and(|m| !m.is_dir()) {
            paths.push(item.path());
        }
    }
    paths.sort();
    Ok(paths)
}

fn duplicate_terms(entries: &[Entry]) -> Vec<Error> {
    let mut first: HashMap<String, &Path> = HashMap::new();
    let mut errors = Vec::new();
    for entry in entries {
        let Some(key) = phrase_key(&entry.term) else {
            continue;
        };
        match first.get(&key) {
            Some(earlier) => errors.push(Error::parse(
                &entry.path,
                entry.line,
                format!(
                    "the term \"{}\" is also defined in {}, which is the one used",
                    entry.term,
                    shown(earlier)
                ),
            )),
            None => {
                first.insert(key, &entry.path);
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_files_are_reported_and_the_rest_load() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            ("a.md", "---\naliases: [x]\n---\n# alpha\n\nFirst.\n"),
            ("b.md", "---\naliases: [x, y\n---\n# beta\n"),
            ("c.MD", "# gamma\n"),
            ("d.md", "# Alpha\n\nAgain.\n"),
            ("notes.txt", "# not an entry\n"),
            (".podgloss-write-abc.md", "# temporary\n"),
        ];
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        std::fs::create_dir(dir.path().join("sub.md")).unwrap();
        let (glossary, errors) = load_glossary(dir.path());
        let terms: Vec<&str> = glossary.entries().iter().map(|e| e.term.as_str()).collect();
        assert_eq!(terms, ["alpha", "gamma", "Alpha"]);
        let errors: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].contains("b.md:2: front matter: "),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].contains("d.md:1: the term \"Alpha\""),
            "{}",
            errors[1]
        );
        assert_eq!(glossary.find("alpha").unwrap().definition, "First.");
    }

    #[test]
    fn a_missing_folder_is_an_empty_glossary() {
        let dir = tempfile::tempdir().unwrap();
        let (glossary, errors) = load_glossary(&dir.path().join("glossary"));
        assert!(glossary.is_empty() && errors.is_empty());
    }

    #[test]
    fn the_sample_glossary_loads_cleanly() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary");
        if !dir.is_dir() {
            return;
        }
        let (glossary, errors) = load_glossary(&dir);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(!glossary.is_empty());
        for entry in glossary.entries() {
            assert_eq!(
                glossary.find(&entry.term).map(|e| &e.path),
                Some(&entry.path),
                "{}",
                entry.term
            );
        }
    }
}

//! Creating and updating glossary entries: `podgloss define` and the TUI's form (SPEC §5, §9).
//!
//! - A new term gets `glossary/<slug>.md` ([`render_entry_markdown`]); when that file holds
//!   another term, `<slug>-2.md`, `<slug>-3.md`, ...
//! - An existing entry (found by its term or an alias, across case and plurals) gains the aliases
//!   and related terms it does not have yet, and its definition is replaced only when a new one is
//!   given. Every other byte stays: unknown front-matter keys, comments, the layout of the lists
//!   not touched, text before the heading, the line endings and a byte-order mark. A list that
//!   grows is rewritten as one flow-list line (`aliases: [a, b]`); only YAML too unusual to edit
//!   line by line (flow mappings, anchors) is re-serialized whole, comments lost, data kept.
//! - A file that changed on disk since the caller read it is never overwritten: the caller passes
//!   the [`Fingerprint`] it read, and any difference in content is an error before anything is
//!   written. Writes go through [`crate::fsutil`] (atomic, and never over a concurrent edit).

use std::io;
use std::path::{Path, PathBuf};

use serde_norway::{Mapping, Value};

use super::entry::{self, Entry, Layout};
use super::fingerprint::Fingerprint;
use super::front_matter::{self, list_line, set_list};
use super::{load_glossary, phrase_key};
use crate::error::{Error, Result, shown};
use crate::formats::text::{decode, sanitize_line};
use crate::fsutil::{Replaced, replace_if_unchanged, write_new};
use crate::library::slugify;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// What a new entry file holds. Names are cleaned when rendered: sanitized, empty ones and
/// duplicates (once folded) dropped, the term itself dropped from aliases and related terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryFields {
    pub term: String,
    pub aliases: Vec<String>,
    pub related: Vec<String>,
    pub sources: Vec<String>,
    /// Markdown; empty for none.
    pub definition: String,
}

/// The Markdown file for a new entry: front matter only for the lists that are not empty,
/// `# term`, a blank line and the definition.
pub fn render_entry_markdown(fields: &EntryFields) -> String {
    let term = sanitize_line(&fields.term);
    let known = [term.as_str()];
    let lists = [
        ("aliases", new_names(&fields.aliases, &known)),
        ("related", new_names(&fields.related, &known)),
        ("sources", new_sources(&fields.sources)),
    ];
    let mut out = String::new();
    if lists.iter().any(|(_, items)| !items.is_empty()) {
        out.push_str("---\n");
        for (key, items) in &lists {
            if !items.is_empty() {
                out.push_str(&list_line(key, items));
                out.push('\n');
            }
        }
        out.push_str("---\n");
    }
    out.push_str("# ");
    out.push_str(&heading_text(&term));
    out.push('\n');
    if let Some(definition) = clean_definition(&fields.definition) {
        out.push('\n');
        out.push_str(&definition);
        out.push('\n');
    }
    out
}

/// Creates or updates the entry for `term` in `dir` and returns its file.
///
/// `definition` replaces the existing one when it is given and not blank. `expected` is the
/// fingerprint of the entry's file as the caller read it (`None` when the caller read nothing,
/// e.g. a one-shot `podgloss define`): if the file's content differs now, or it is gone, this
/// fails with a user error and writes nothing. When the term names no entry and the file read is
/// unchanged (a form whose term was retyped), a new entry is created and the old one left alone.
/// Aliases and related terms are only ever added, never removed. Nothing is written when nothing
/// would change.
pub fn define(
    dir: &Path,
    term: &str,
    aliases: &[String],
    related: &[String],
    definition: Option<&str>,
    expected: Option<Fingerprint>,
) -> Result<PathBuf> {
    let term = sanitize_line(term);
    if phrase_key(&term).is_none() {
        return Err(Error::user(format!(
            "a glossary term needs a letter or a digit, not {term:?}"
        )));
    }
    let definition = definition.and_then(clean_definition);
    let change = Change {
        aliases,
        related,
        definition: definition.as_deref(),
    };
    let (glossary, _) = load_glossary(dir);
    if let Some(entry) = glossary.find(&term) {
        return update(&entry.path, &change, expected);
    }
    // The caller read an entry but names a term no entry has: a new term typed over the one
    // read (that file stays as it is), unless the file read has changed or gone since.
    if let Some(expected) = expected {
        let unchanged = glossary
            .entries()
            .iter()
            .any(|e| e.fingerprint.same_content(&expected));
        if !unchanged {
            return Err(Error::user(format!(
                "the glossary entry being edited changed on disk since it was read (\"{term}\" is \
                 no longer in {}); nothing was written",
                shown(dir)
            )));
        }
    }
    create(dir, &term, &change)
}

struct Change<'a> {
    aliases: &'a [String],
    related: &'a [String],
    definition: Option<&'a str>,
}

fn create(dir: &Path, term: &str, change: &Change<'_>) -> Result<PathBuf> {
    let key = phrase_key(term);
    let slug = file_slug(term);
    for n in 1..=1000 {
        let name = if n == 1 {
            format!("{slug}.md")
        } else {
            format!("{slug}-{n}.md")
        };
        let path = dir.join(name);
        if std::fs::symlink_metadata(&path).is_err() {
            let text = render_entry_markdown(&EntryFields {
                term: term.to_string(),
                aliases: change.aliases.to_vec(),
                related: change.related.to_vec(),
                sources: Vec::new(),
                definition: change.definition.unwrap_or_default().to_string(),
            });
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            // Never over a file created since the check (another podgloss, an editor).
            match write_new(&path, text.as_bytes()) {
                Ok(()) => return Ok(path),
                Err(Error::Io { source, .. }) if source.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        match Entry::read(&path) {
            // Created since the folder was loaded: it is this term's entry after all.
            Ok(entry) if phrase_key(&entry.term) == key => return update(&path, change, None),
            Ok(_) => continue,
            Err(e) => {
                return Err(Error::user(format!(
                    "{e}; fix it before defining \"{term}\" (nothing was written)"
                )));
            }
        }
    }
    Err(Error::user(format!(
        "too many glossary files named {slug}-N.md in {}",
        shown(dir)
    )))
}

/// The file name for a term: its slug, or `term` when the term has no letter a slug can keep.
fn file_slug(term: &str) -> String {
    let slug = slugify(term);
    // `slugify` names a slug it cannot make from the input "episode".
    if slug == "episode" && !term.to_ascii_lowercase().contains("episode") {
        "term".to_string()
    } else {
        slug
    }
}

fn changed_on_disk(path: &Path) -> Error {
    Error::user(format!(
        "{} changed on disk since it was read; nothing was written",
        shown(path)
    ))
}

fn read_current(path: &Path) -> Result<(Vec<u8>, Fingerprint)> {
    Fingerprint::read(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => changed_on_disk(path),
        _ => Error::io(path, e),
    })
}

fn update(path: &Path, change: &Change<'_>, expected: Option<Fingerprint>) -> Result<PathBuf> {
    let (bytes, current) = read_current(path)?;
    if expected.is_some_and(|expected| !expected.same_content(&current)) {
        return Err(changed_on_disk(path));
    }
    let text = decode(&bytes);
    let (entry, layout) = entry::parse_with_layout(path, &text, current)?;
    let updated =
        updated_text(&text, &entry, &layout, change).map_err(|m| Error::parse(path, 0, m))?;
    if updated == text {
        return Ok(path.to_path_buf());
    }
    let mut out = Vec::with_capacity(updated.len() + UTF8_BOM.len());
    if bytes.starts_with(UTF8_BOM) {
        out.extend_from_slice(UTF8_BOM);
    }
    out.extend_from_slice(updated.as_bytes());
    // Once more before writing, and again between the flush and the rename (inside
    // `replace_if_unchanged`), where an editor's save would otherwise be lost.
    let (_, now) = read_current(path)?;
    if !now.same_content(&current) {
        return Err(changed_on_disk(path));
    }
    let unchanged = || read_current(path).is_ok_and(|(_, now)| now.same_content(&current));
    match replace_if_unchanged(path, &out, &unchanged)? {
        Replaced::Done => Ok(path.to_path_buf()),
        Replaced::Conflict(copy) => Err(conflict(path, &copy)),
    }
}

fn conflict(path: &Path, copy: &Path) -> Error {
    Error::user(format!(
        "{} changed on disk while it was being written: it was left as it is, and the new \
         version is in {}",
        shown(path),
        shown(copy)
    ))
}

/// The entry's file text with `change` applied; `Err` when the front matter cannot be edited.
fn updated_text(
    text: &str,
    entry: &Entry,
    layout: &Layout,
    change: &Change<'_>,
) -> std::result::Result<String, String> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let names: Vec<&str> = entry.names().collect();
    let aliases = new_names(change.aliases, &names);
    let mut known_related: Vec<&str> = vec![entry.term.as_str()];
    known_related.extend(entry.related.iter().map(String::as_str));
    let related = new_names(change.related, &known_related);

    let mut out = String::with_capacity(text.len() + 256);
    if aliases.is_empty() && related.is_empty() {
        out.push_str(&text[..layout.body_start]);
    } else if let Some(block) = &layout.front_matter {
        let yaml = &text[block.yaml.clone()];
        out.push_str(&text[..block.yaml.start]);
        out.push_str(&merged_yaml(yaml, &aliases, &related, newline)?);
        out.push_str(&text[block.yaml.end..block.end]);
    } else {
        out.push_str("---");
        out.push_str(newline);
        for (key, items) in [("aliases", &aliases), ("related", &related)] {
            if !items.is_empty() {
                out.push_str(&list_line(key, items));
                out.push_str(newline);
            }
        }
        out.push_str("---");
        out.push_str(newline);
        out.push_str(&text[..layout.body_start]);
    }

    let Some(definition) = change.definition else {
        push_on_new_line(&mut out, &text[layout.body_start..], newline);
        return Ok(out);
    };
    let mut body = text[layout.body_start..layout.definition_start].to_string();
    if layout.heading.is_some() {
        if !body.ends_with('\n') {
            body.push_str(newline);
        }
        body.push_str(newline);
    }
    body.push_str(&definition.replace('\n', newline));
    body.push_str(newline);
    push_on_new_line(&mut out, &body, newline);
    Ok(out)
}

/// Appends `part`, starting a new line first if `out` ends mid-line (a closing `---` without a
/// newline at the end of the file).
fn push_on_new_line(out: &mut String, part: &str, newline: &str) {
    if !part.is_empty() && !out.is_empty() && !out.ends_with('\n') {
        out.push_str(newline);
    }
    out.push_str(part);
}

/// `yaml` with `aliases` and `related` appended to their lists, every other line kept; checked by
/// parsing it back, with a whole re-serialization as the fallback.
fn merged_yaml(
    yaml: &str,
    aliases: &[String],
    related: &[String],
    newline: &str,
) -> std::result::Result<String, String> {
    let original = front_matter::parse_mapping(yaml).map_err(|p| p.message)?;
    let mut want = original.clone();
    let mut edited = yaml.to_string();
    for (key, added) in [("aliases", aliases), ("related", related)] {
        if added.is_empty() {
            continue;
        }
        // The items as written ("[[MLP]]" stays a link), then the new ones.
        let mut items = match original.get(key) {
            Some(value) => front_matter::raw_list(value)
                .map_err(|what| format!("front matter: `{key}` is {what}, not a list"))?,
            None => Vec::new(),
        };
        items.extend(added.iter().cloned());
        edited = set_list(&edited, key, &items, newline);
        want.insert(
            Value::from(key),
            Value::Sequence(items.into_iter().map(Value::String).collect()),
        );
    }
    if parses_to(&edited, &want) {
        return Ok(edited);
    }
    let whole = serde_norway::to_string(&Value::Mapping(want.clone()))
        .map_err(|e| format!("front matter: {e}"))?
        .replace('\n', newline);
    if parses_to(&whole, &want) {
        Ok(whole)
    } else {
        Err("front matter: could not add to it safely; edit the file by hand".to_string())
    }
}

fn parses_to(yaml: &str, want: &Mapping) -> bool {
    front_matter::parse_mapping(yaml).is_ok_and(|m| &m == want)
}

/// `names` sanitized, without empty ones and without those equal (once folded) to one of `known`
/// or to an earlier one.
fn new_names(names: &[String], known: &[&str]) -> Vec<String> {
    let key = |name: &str| phrase_key(name).unwrap_or_else(|| name.to_lowercase());
    let mut seen: Vec<String> = known.iter().map(|n| key(n)).collect();
    let mut out = Vec::new();
    for name in names {
        let name = sanitize_line(name);
        let k = key(&name);
        if !name.is_empty() && !seen.contains(&k) {
            seen.push(k);
            out.push(name);
        }
    }
    out
}

fn new_sources(sources: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for source in sources {
        let source = sanitize_line(source);
        if !source.is_empty() && !out.contains(&source) {
            out.push(source);
        }
    }
    out
}

/// A definition as typed: `\n` line endings, no control characters but tabs, no leading blank
/// lines or trailing whitespace; `None` when blank.
fn clean_definition(text: &str) -> Option<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text: String = text
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect();
    let text = entry::trim_definition(&text);
    (!text.is_empty()).then(|| text.to_string())
}

/// The term escaped so that the heading reads back as exactly the term: inline markup characters
/// and entity-like `&` get a backslash, and so does a trailing `#` run that would otherwise be
/// read as the heading's closing sequence.
fn heading_text(term: &str) -> String {
    let mut out = String::with_capacity(term.len() + 4);
    for (i, c) in term.char_indices() {
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' => true,
            '&' => looks_like_entity(&term[i + 1..]),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    let hashes = out.len() - out.trim_end_matches('#').len();
    if hashes > 0 {
        let before = &out[..out.len() - hashes];
        if before.is_empty() || before.ends_with(' ') {
            out.insert(before.len(), '\\');
        }
    }
    out
}

/// After a `&`: `name;` or `#123;`, which Markdown would turn into a character.
fn looks_like_entity(after: &str) -> bool {
    after.find(';').is_some_and(|end| {
        end > 0
            && after[..end]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '#')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn new_entries_render_and_read_back() {
        let fields = EntryFields {
            term: "KV cache".into(),
            aliases: strings(&["key-value cache", "KV caches", "", "kv cache", "yes"]),
            related: strings(&["attention", "Attention"]),
            sources: strings(&["https://arxiv.org/abs/2309.06180"]),
            definition: "\n\nStores keys and values.\r\n\r\n```python\nx = 1\n```\n\n".into(),
        };
        let text = render_entry_markdown(&fields);
        assert_eq!(
            text,
            "---\naliases: [key-value cache, \"yes\"]\nrelated: [attention]\n\
             sources: [\"https://arxiv.org/abs/2309.06180\"]\n---\n# KV cache\n\n\
             Stores keys and values.\n\n```python\nx = 1\n```\n"
        );
        let entry =
            Entry::parse(Path::new("kv-cache.md"), &text, Fingerprint::of(b"", None)).unwrap();
        assert_eq!(entry.aliases, ["key-value cache", "yes"]);
        assert_eq!(entry.sources, ["https://arxiv.org/abs/2309.06180"]);
        assert_eq!(
            entry.definition,
            "Stores keys and values.\n\n```python\nx = 1\n```"
        );

        let bare = render_entry_markdown(&EntryFields {
            term: "softmax".into(),
            ..EntryFields::default()
        });
        assert_eq!(bare, "# softmax\n");
    }

    #[test]
    fn odd_terms_survive_the_heading() {
        for term in [
            "C#",
            "F #",
            "##",
            "*emphasis* and _under_",
            "[[link]]",
            "a <b> tag",
            "AT&T and &amp;",
            "back\\slash `code`",
            "~~gone~~",
            "Newton's method: a \"test\"",
            "日本語",
        ] {
            let text = render_entry_markdown(&EntryFields {
                term: term.into(),
                ..EntryFields::default()
            });
            let entry = Entry::parse(Path::new("x.md"), &text, Fingerprint::of(b"", None)).unwrap();
            assert_eq!(entry.term, term, "{text}");
        }
    }

    #[test]
    fn define_creates_then_merges() {
        let dir = tempfile::tempdir().unwrap();
        let glossary = dir.path().join("glossary");
        let path = define(
            &glossary,
            "Residual stream",
            &strings(&["residual"]),
            &[],
            Some("The running vector."),
            None,
        )
        .unwrap();
        assert_eq!(path, glossary.join("residual-stream.md"));
        assert_eq!(
            read(&path),
            "---\naliases: [residual]\n---\n# Residual stream\n\nThe running vector.\n"
        );

        // Found by an alias across plurals; known names are not added twice.
        let again = define(
            &glossary,
            "residuals",
            &strings(&["Residual Streams", "skip connection", "residual"]),
            &strings(&["MLP", "attention head"]),
            None,
            None,
        )
        .unwrap();
        assert_eq!(again, path);
        assert_eq!(
            read(&path),
            "---\naliases: [residual, skip connection]\nrelated: [MLP, attention head]\n---\n\
             # Residual stream\n\nThe running vector.\n"
        );

        // Nothing new: nothing written (the file keeps its exact bytes).
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        define(
            &glossary,
            "residual stream",
            &strings(&["skip connections"]),
            &[],
            Some("  "),
            None,
        )
        .unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            before
        );

        // A new definition replaces the old one.
        define(
            &glossary,
            "residual stream",
            &[],
            &[],
            Some("New.\n\nTwo."),
            None,
        )
        .unwrap();
        assert!(read(&path).ends_with("# Residual stream\n\nNew.\n\nTwo.\n"));
    }

    #[test]
    fn updates_keep_every_other_byte() {
        // (file, aliases, related, definition, expected file)
        let cases: &[(&str, &[&str], &[&str], Option<&str>, &str)] = &[
            (
                "---\n# mine\naliases:\n  - one   # first\ntags: [x]\ncssclass: wide\n---\n\
                 Intro.\n\n# term\n\nOld.\n",
                &["two"],
                &[],
                None,
                "---\n# mine\naliases: [one, two]\ntags: [x]\ncssclass: wide\n---\n\
                 Intro.\n\n# term\n\nOld.\n",
            ),
            (
                "---\nrelated: [\"[[MLP]]\"]\n---\n# term\nOld.\n",
                &[],
                &["mlp", "attention"],
                Some("New."),
                "---\nrelated: [\"[[MLP]]\", attention]\n---\n# term\n\nNew.\n",
            ),
            (
                "# term\n\nOld.\n",
                &["alias"],
                &[],
                None,
                "---\naliases: [alias]\n---\n# term\n\nOld.\n",
            ),
            (
                "No heading here.\n",
                &[],
                &[],
                Some("Replaced."),
                "Replaced.\n",
            ),
            (
                "---\r\ntags: [x]\r\n---\r\n# term\r\n\r\nOld.\r\n",
                &["a"],
                &[],
                Some("New\nlines."),
                "---\r\ntags: [x]\r\naliases: [a]\r\n---\r\n# term\r\n\r\nNew\r\nlines.\r\n",
            ),
            (
                "---\naliases: [a]\n---",
                &[],
                &[],
                Some("Body."),
                "---\naliases: [a]\n---\nBody.\n",
            ),
            (
                "---\n{aliases: [a], tags: [x]}\n---\n# term\n",
                &["b"],
                &[],
                None,
                "---\naliases:\n- a\n- b\ntags:\n- x\n---\n# term\n",
            ),
        ];
        for (before, aliases, related, definition, after) in cases {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("term.md");
            std::fs::write(&path, before).unwrap();
            let written = define(
                dir.path(),
                "term",
                &strings(aliases),
                &strings(related),
                *definition,
                None,
            )
            .unwrap_or_else(|e| panic!("{before:?}: {e}"));
            assert_eq!(written, path);
            assert_eq!(read(&path), *after, "{before:?}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("term.md");
        std::fs::write(&path, "\u{feff}# term\n\nOld.\n").unwrap();
        define(dir.path(), "term", &[], &[], Some("New."), None).unwrap();
        assert_eq!(read(&path), "\u{feff}# term\n\nNew.\n");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("softmax.md");
        std::fs::write(&path, "# softmax\n\nOld.\n").unwrap();
        let (glossary, _) = load_glossary(dir.path());
        let read_then = glossary.find("softmax").unwrap().fingerprint;

        // Someone edits the file behind our back.
        std::fs::write(&path, "# softmax\n\nTheir edit.\n").unwrap();
        let error = define(
            dir.path(),
            "softmax",
            &strings(&["soft max"]),
            &[],
            Some("Ours."),
            Some(read_then),
        )
        .unwrap_err();
        assert!(matches!(error, Error::User(_)));
        assert!(
            error
                .to_string()
                .ends_with("softmax.md changed on disk since it was read; nothing was written"),
            "{error}"
        );
        assert_eq!(read(&path), "# softmax\n\nTheir edit.\n");

        // Removed behind our back: also refused, nothing recreated.
        std::fs::remove_file(&path).unwrap();
        let error = define(
            dir.path(),
            "softmax",
            &[],
            &[],
            Some("Ours."),
            Some(read_then),
        );
        assert!(matches!(error, Err(Error::User(_))));
        assert!(!path.exists());

        // Another term typed over an entry that is unchanged: a new entry, the old one kept.
        std::fs::write(&path, "# softmax\n\nOld.\n").unwrap();
        let renamed = define(dir.path(), "soft max", &[], &[], None, Some(read_then));
        assert_eq!(renamed.unwrap(), dir.path().join("soft-max.md"));
        assert_eq!(read(&path), "# softmax\n\nOld.\n");
        std::fs::remove_file(dir.path().join("soft-max.md")).unwrap();

        // With the fingerprint of what is on disk now, the write goes through.
        std::fs::write(&path, "# softmax\n\nTheirs.\n").unwrap();
        let (glossary, _) = load_glossary(dir.path());
        let fresh = glossary.find("softmax").unwrap().fingerprint;
        define(dir.path(), "softmax", &[], &[], Some("Ours."), Some(fresh)).unwrap();
        assert_eq!(read(&path), "# softmax\n\nOurs.\n");
    }

    #[test]
    fn a_slug_taken_by_another_term_gets_a_new_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("c.md"), "# C\n").unwrap();
        std::fs::write(dir.path().join("c-2.md"), "# C language\n").unwrap();
        let path = define(dir.path(), "C++", &[], &[], Some("A language."), None).unwrap();
        assert_eq!(path, dir.path().join("c-3.md"));
        assert_eq!(read(&path), "# C++\n\nA language.\n");
        assert_eq!(read(&dir.path().join("c.md")), "# C\n");

        let path = define(dir.path(), "日本語", &[], &[], None, None).unwrap();
        assert_eq!(path, dir.path().join("term.md"));
    }

    #[test]
    fn a_broken_file_in_the_way_is_reported_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("softmax.md");
        std::fs::write(&path, "---\naliases: [x\n---\n# softmax\n").unwrap();
        let error = define(dir.path(), "softmax", &[], &[], Some("New."), None).unwrap_err();
        assert!(
            error.to_string().contains("softmax.md:2: front matter: "),
            "{error}"
        );
        assert_eq!(read(&path), "---\naliases: [x\n---\n# softmax\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// Whatever the file holds, adding an alias either works and keeps the definition and the
    /// other keys, or fails and leaves the file alone; it never panics.
    #[test]
    fn merging_into_arbitrary_files_keeps_their_data() {
        let front = [
            "aliases: [a]\n",
            "aliases:\n  - a\n",
            "aliases: a\n",
            "alias: b\n",
            "tags: [t]\n",
            "# c\n",
            "related: [\"[[r]]\"]\n",
            "{aliases: [a]}\n",
            "x: &k v\ny: *k\n",
            "z: |\n  l\n",
            "aliases: [\n  a,\n  b]\n",
            "\n",
            "aliases: [a\n",
            "aliases: {a: 1}\n",
            "'q': 1\n",
        ];
        let body = [
            "",
            "Intro.\n\n",
            "# term\n",
            "term\n====\n",
            "\nText *x*.\n",
            "```\n# no\n```\n",
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("term.md");
        let mut seed: u64 = 5;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        for _ in 0..250 {
            let mut text = String::new();
            if next(4) > 0 {
                text.push_str("---\n");
                for _ in 0..next(3) + 1 {
                    text.push_str(front[next(front.len())]);
                }
                text.push_str("---\n");
            }
            for _ in 0..next(3) + 1 {
                text.push_str(body[next(body.len())]);
            }
            std::fs::write(&path, &text).unwrap();
            let fp = Fingerprint::of(text.as_bytes(), None);
            let before = Entry::parse(&path, &text, fp);
            let result = define(
                dir.path(),
                "term",
                &strings(&["new alias"]),
                &[],
                None,
                None,
            );
            let after_text = read(&path);
            match (&before, &result) {
                (Ok(before), Ok(_)) if before.term == "term" => {
                    let after = Entry::parse(&path, &after_text, fp)
                        .unwrap_or_else(|e| panic!("{text:?} became {after_text:?}: {e}"));
                    assert!(after.aliases.contains(&"new alias".to_string()), "{text:?}");
                    assert_eq!(after.definition, before.definition, "{text:?}");
                    assert_eq!(after.related, before.related, "{text:?}");
                    assert_eq!(after.other, before.other, "{text:?}");
                }
                (Err(_), _) | (_, Err(_)) => assert_eq!(after_text, text),
                _ => {}
            }
            // Clean up any file a different term made us create.
            for item in std::fs::read_dir(dir.path()).unwrap() {
                let item = item.unwrap().path();
                if item != path {
                    std::fs::remove_file(item).unwrap();
                }
            }
        }
    }

    #[test]
    fn blank_terms_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for term in ["", "  ", "?!"] {
            let error = define(dir.path(), term, &[], &[], None, None).unwrap_err();
            assert!(matches!(error, Error::User(_)), "{term:?}");
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

//! The glossary (SPEC §5): one Markdown file per term in `glossary/`, with YAML front matter in
//! Obsidian's conventions.
//!
//! - [`entry`]: one file to an [`Entry`] (term, aliases, related, sources, definition).
//! - [`load`]: the folder to a [`Glossary`], reporting bad files and keeping the rest.
//! - [`matcher`] and [`stem`]: finding terms and aliases in text, whole words, across case,
//!   plurals and hyphens, longest first.
//! - [`write`]: `podgloss define` and the TUI form: create or update an entry, atomically, never
//!   over a file changed on disk since it was read.

pub(crate) mod entry;
pub mod fingerprint;
mod front_matter;
pub mod load;
pub(crate) mod matcher;
pub(crate) mod stem;
pub(crate) mod write;

use std::collections::HashMap;

pub use entry::Entry;
pub use fingerprint::Fingerprint;
pub use load::load_glossary;
pub use matcher::{Matcher, Mention, phrase_key};
pub use write::{EntryFields, define, render_entry_markdown};

/// A glossary entry's identity within one [`Glossary`]. Only the glossary makes one (from a
/// lookup, its list of ids or one of its matcher's mentions), so it cannot be mixed up with a
/// position in some other list, such as a screen's rows or a matcher built over other phrases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(usize);

#[cfg(test)]
impl EntryId {
    /// The id of the entry at `index`, for tests that need an id without a glossary.
    pub(crate) fn at(index: usize) -> EntryId {
        EntryId(index)
    }
}

/// Every entry of a glossary, with a lookup by term or alias and a matcher for them, both built
/// once.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    entries: Vec<Entry>,
    by_key: HashMap<String, usize>,
    matcher: Matcher,
}

impl Glossary {
    /// Indexes `entries` (kept in the order given). Terms take precedence over aliases, and an
    /// earlier entry over a later one, when two names are the same once folded.
    pub fn new(entries: Vec<Entry>) -> Glossary {
        let mut by_key = HashMap::new();
        let mut matcher = Matcher::default();
        let terms = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (i, e.term.as_str()));
        let aliases = entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.aliases.iter().map(move |a| (i, a.as_str())));
        for (index, name) in terms.chain(aliases) {
            if let Some(key) = phrase_key(name) {
                by_key.entry(key).or_insert(index);
            }
            matcher.add(name, index);
        }
        Glossary {
            entries,
            by_key,
            matcher,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry whose term or alias is `name`, ignoring case, plurals and hyphens
    /// ("KV caches" finds "KV cache").
    pub fn find(&self, name: &str) -> Option<&Entry> {
        self.find_index(name).map(|i| &self.entries[i])
    }

    /// Like [`Glossary::find`], the entry's index in [`Glossary::entries`].
    pub fn find_index(&self, name: &str) -> Option<usize> {
        self.by_key.get(&phrase_key(name)?).copied()
    }

    /// Every entry's id, in the order of [`Glossary::entries`].
    pub fn ids(&self) -> impl Iterator<Item = EntryId> + use<> {
        (0..self.entries.len()).map(EntryId)
    }

    /// The entry with this id; `None` for an id from another glossary that this one is too
    /// short for.
    pub fn get(&self, id: EntryId) -> Option<&Entry> {
        self.entries.get(id.0)
    }

    /// Like [`Glossary::find`], the entry's id.
    pub fn find_id(&self, name: &str) -> Option<EntryId> {
        self.find_index(name).map(EntryId)
    }

    /// The entry a mention found by this glossary's [`Glossary::mentions`] names.
    pub fn mention_id(&self, mention: &Mention) -> EntryId {
        EntryId(mention.entry)
    }

    /// The matcher for every term and alias; a [`Mention`]'s `entry` indexes
    /// [`Glossary::entries`].
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Every mention of a term or alias in `text`.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        self.matcher.find_all(text)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn glossary(files: &[(&str, &str)]) -> Glossary {
        let entries = files
            .iter()
            .map(|(name, text)| {
                let fp = Fingerprint::of(text.as_bytes(), None);
                Entry::parse(Path::new(name), text, fp).unwrap()
            })
            .collect();
        Glossary::new(entries)
    }

    #[test]
    fn find_by_term_or_alias_across_variants() {
        let g = glossary(&[
            (
                "kv-cache.md",
                "---\naliases: [key-value cache, KV values]\n---\n# KV cache\n",
            ),
            (
                "residual-stream.md",
                "---\naliases: [residual]\n---\n# residual stream\n",
            ),
            (
                "attention.md",
                "---\naliases: [residual stream]\n---\n# attention\n",
            ),
        ]);
        let cases = [
            ("KV cache", Some("KV cache")),
            ("kv caches", Some("KV cache")),
            ("Key-Value Caches", Some("KV cache")),
            ("kv value", Some("KV cache")),
            ("Residual-Streams", Some("residual stream")),
            ("residual", Some("residual stream")),
            ("attention", Some("attention")),
            ("stream", None),
            ("", None),
        ];
        for (name, want) in cases {
            assert_eq!(g.find(name).map(|e| e.term.as_str()), want, "{name:?}");
        }
        assert_eq!(g.len(), 3);
    }

    #[test]
    fn entry_ids_name_the_same_entry_by_lookup_list_and_mention() {
        let g = glossary(&[
            (
                "mlp.md",
                "---\naliases: [multilayer perceptron]\n---\n# MLP\n",
            ),
            ("stream.md", "# stream\n"),
        ]);
        let ids: Vec<EntryId> = g.ids().collect();
        assert_eq!(ids.len(), 2);
        let stream = g.find_id("streams").unwrap();
        assert_eq!(g.get(stream).unwrap().term, "stream");
        assert_eq!(g.find_id("multilayer perceptron"), Some(ids[0]));
        let mentions = g.mentions("a multilayer perceptron and a stream");
        let named: Vec<EntryId> = mentions.iter().map(|m| g.mention_id(m)).collect();
        assert_eq!(named, [ids[0], stream]);
        assert_eq!(g.find_id("attention"), None);
        // An id from a longer glossary names nothing in a shorter one instead of panicking.
        let shorter = glossary(&[("mlp.md", "# MLP\n")]);
        assert!(shorter.get(stream).is_none());
    }

    #[test]
    fn mentions_point_at_entries() {
        let g = glossary(&[
            (
                "mlp.md",
                "---\naliases: [multilayer perceptron]\n---\n# MLP\n",
            ),
            ("stream.md", "# stream\n"),
            ("residual-stream.md", "# residual stream\n"),
        ]);
        let text = "MLPs write into the residual stream; a multilayer perceptron, a stream.";
        let got: Vec<(&str, &str)> = g
            .mentions(text)
            .into_iter()
            .map(|m| (&text[m.range], g.entries()[m.entry].term.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("MLPs", "MLP"),
                ("residual stream", "residual stream"),
                ("multilayer perceptron", "MLP"),
                ("stream", "stream"),
            ]
        );
    }
}

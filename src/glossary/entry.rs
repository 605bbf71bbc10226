//! One glossary entry, read from one Markdown file (SPEC §5):
//!
//! ```markdown
//! ---
//! aliases: [residual, skip connection]
//! related: [attention head, MLP]
//! sources: ["https://transformer-circuits.pub/2021/framework/index.html"]
//! ---
//! # residual stream
//!
//! The running vector each transformer layer reads from and adds its output back into, ...
//! ```
//!
//! The front matter is optional (see `front_matter.rs`). The term is the text of the first
//! level-one heading (ATX `# x` or setext), else the file name with `-` read as spaces. The
//! definition is all the Markdown after that heading (all of the body when there is none), kept
//! raw for the renderer, plus a plain-text copy for search and matching. Content between the front
//! matter and the heading is kept on disk but is not part of the definition.
//!
//! Term, aliases, related terms, sources and the plain text are sanitized for display
//! ([`sanitize_line`]); the raw Markdown definition is not, so whoever draws it must.

use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_norway::Mapping;

use super::fingerprint::Fingerprint;
use super::front_matter::{self, Block, Problem};
use crate::error::{Error, Result};
use crate::formats::text::{decode, sanitize_line};

/// One glossary entry as read from its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub term: String,
    pub aliases: Vec<String>,
    pub related: Vec<String>,
    pub sources: Vec<String>,
    /// Front-matter keys podgloss does not use (`tags`, `cssclass`, ...), as read.
    pub other: Mapping,
    /// The definition's Markdown, raw (not sanitized), without leading blank lines or trailing
    /// whitespace.
    pub definition: String,
    /// The definition as plain text: one line per block, markup removed, sanitized.
    pub plain: String,
    pub path: PathBuf,
    /// The 1-based line of the term's heading; 0 when the term comes from the file name.
    pub line: usize,
    /// The file as it was read, for [`super::define`]'s concurrent-edit check.
    pub fingerprint: Fingerprint,
}

/// Where the parts of an entry lie in its file's text, for writers that keep the other bytes.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub front_matter: Option<Block>,
    /// Just past the front matter (0 without one).
    pub body_start: usize,
    /// The heading's line(s), newline included, when there is a heading.
    pub heading: Option<Range<usize>>,
    /// Where the definition starts: just past the heading, else `body_start`.
    pub definition_start: usize,
}

impl Entry {
    /// Reads and parses the entry at `path`.
    pub fn read(path: &Path) -> Result<Entry> {
        let (bytes, fingerprint) = Fingerprint::read(path).map_err(|e| Error::io(path, e))?;
        let text = decode(&bytes);
        Entry::parse(path, &text, fingerprint)
    }

    /// Parses an entry from its file's decoded text (no I/O; `path` names the file and gives the
    /// term when there is no heading).
    pub fn parse(path: &Path, text: &str, fingerprint: Fingerprint) -> Result<Entry> {
        parse_with_layout(path, text, fingerprint).map(|(entry, _)| entry)
    }

    /// The term, then the aliases: every name the entry is known by.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

pub(crate) fn parse_with_layout(
    path: &Path,
    text: &str,
    fingerprint: Fingerprint,
) -> Result<(Entry, Layout)> {
    let located = |p: Problem| Error::parse(path, p.line, p.message);
    let block = front_matter::split(text).map_err(located)?;
    let fields = match &block {
        Some(block) => front_matter::parse_fields(&text[block.yaml.clone()]).map_err(located)?,
        None => front_matter::Fields::default(),
    };
    let body_start = block.as_ref().map_or(0, |b| b.end);
    let body = &text[body_start..];

    let heading = first_heading(body);
    let (term, line, heading_range, definition_start) = match heading {
        Some((title, range)) if !title.is_empty() => {
            let start = body_start + range.start;
            let end = body_start + range.end;
            let line = text[..start].matches('\n').count() + 1;
            (title, line, Some(start..end), end)
        }
        _ => (term_from_file_name(path), 0, None, body_start),
    };
    let definition = trim_definition(&text[definition_start..]).to_string();
    let plain = plain_text(&definition);
    let entry = Entry {
        term,
        aliases: fields.aliases,
        related: fields.related,
        sources: fields.sources,
        other: fields.other,
        definition,
        plain,
        path: path.to_path_buf(),
        line,
        fingerprint,
    };
    let layout = Layout {
        front_matter: block,
        body_start,
        heading: heading_range,
        definition_start,
    };
    Ok((entry, layout))
}

/// Markdown extensions the glossary reads: Obsidian's wiki links, tables and strikethrough.
pub(crate) fn markdown_options() -> Options {
    Options::ENABLE_WIKILINKS | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// The first level-one heading's text and its byte range, extended to the end of its last line.
fn first_heading(body: &str) -> Option<(String, Range<usize>)> {
    let mut events = Parser::new_ext(body, markdown_options()).into_offset_iter();
    let range = events.find_map(|(event, range)| match event {
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }) => Some(range),
        _ => None,
    })?;
    let mut title = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => title.push_str(&t),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            Event::End(TagEnd::Heading(_)) => break,
            _ => {}
        }
    }
    let mut end = range.end;
    if end > 0 && !body[..end].ends_with('\n') {
        end = body[end..].find('\n').map_or(body.len(), |i| end + i + 1);
    }
    Some((sanitize_line(&title), range.start..end))
}

fn term_from_file_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    sanitize_line(&stem.replace('-', " "))
}

/// Without leading blank lines and trailing whitespace (indentation of the first line is kept:
/// it can make an indented code block).
pub(crate) fn trim_definition(text: &str) -> &str {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            break;
        }
        start += line.len();
    }
    text[start..].trim_end()
}

/// The text of `markdown` without markup: one line per paragraph, heading, list item, code line
/// or table row; sanitized.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    let mut block = String::new();
    let flush = |block: &mut String, out: &mut String| {
        for line in block.split('\n') {
            let line = sanitize_line(line);
            if !line.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&line);
            }
        }
        block.clear();
    };
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => block.push_str(&t),
            Event::SoftBreak | Event::HardBreak => block.push(' '),
            Event::End(TagEnd::TableCell) => block.push(' '),
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::Start(Tag::Item) | Event::End(_) => flush(&mut block, &mut out),
            _ => {}
        }
    }
    flush(&mut block, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, text: &str) -> Result<Entry> {
        Entry::parse(
            Path::new(&format!("glossary/{name}")),
            text,
            Fingerprint::of(text.as_bytes(), None),
        )
    }

    #[test]
    fn entries_in_every_shape() {
        // (file name, text, term, aliases, related, definition)
        let cases: &[(&str, &str, &str, &[&str], &[&str], &str)] = &[
            (
                "residual-stream.md",
                "---\naliases: [residual, skip connection]\nrelated: [attention head, MLP]\n\
                 sources: [\"https://x.y/z\"]\n---\n# residual stream\n\nThe running vector.\n",
                "residual stream",
                &["residual", "skip connection"],
                &["attention head", "MLP"],
                "The running vector.",
            ),
            (
                "kv-cache.md",
                "# KV cache\nStores keys.\n\nAnd values.\n\n\n",
                "KV cache",
                &[],
                &[],
                "Stores keys.\n\nAnd values.",
            ),
            (
                "kv-cache.md",
                "Stores keys and values.\n",
                "kv cache",
                &[],
                &[],
                "Stores keys and values.",
            ),
            (
                "x.md",
                "---\naliases:\n  - one\n  - two\nrelated: single\ntags: [a]\n---\n\
                 Intro kept on disk.\n\n# The `x` term\n\n## Details\n\nMore.\n",
                "The x term",
                &["one", "two"],
                &["single"],
                "## Details\n\nMore.",
            ),
            (
                "setext.md",
                "Setext Term\n===========\n\nBody.",
                "Setext Term",
                &[],
                &[],
                "Body.",
            ),
            (
                "crlf.md",
                "---\r\naliases: [a]\r\n---\r\n# CRLF term\r\n\r\nBody.\r\n",
                "CRLF term",
                &["a"],
                &[],
                "Body.",
            ),
            (
                "code-first.md",
                "```python\n# not a heading\n```\n",
                "code first",
                &[],
                &[],
                "```python\n# not a heading\n```",
            ),
            (
                "empty-heading.md",
                "# \nBody\n",
                "empty heading",
                &[],
                &[],
                "# \nBody",
            ),
            ("empty.md", "", "empty", &[], &[], ""),
            (
                "only-fm.md",
                "---\naliases: []\n---\n",
                "only fm",
                &[],
                &[],
                "",
            ),
            (
                "escape.md",
                "# evil\u{1b}[31m term\n\nx",
                "evil term",
                &[],
                &[],
                "x",
            ),
        ];
        for (name, text, term, aliases, related, definition) in cases {
            let entry = parse(name, text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(entry.term, *term, "{name}");
            assert_eq!(entry.aliases, *aliases, "{name}");
            assert_eq!(entry.related, *related, "{name}");
            assert_eq!(entry.definition, *definition, "{name}");
        }
    }

    #[test]
    fn layout_points_at_the_parts() {
        let text = "---\naliases: [a]\n---\nintro\n\n# term\nbody\n";
        let (entry, layout) =
            parse_with_layout(Path::new("t.md"), text, Fingerprint::of(b"", None)).unwrap();
        assert_eq!(entry.line, 6);
        assert_eq!(&text[layout.body_start..], "intro\n\n# term\nbody\n");
        assert_eq!(&text[layout.heading.unwrap()], "# term\n");
        assert_eq!(&text[layout.definition_start..], "body\n");
    }

    #[test]
    fn broken_front_matter_is_an_error_with_file_and_line() {
        let cases: &[(&str, &str)] = &[
            (
                "---\naliases: [a, b\nrelated: [c]\n---\n# x\n",
                "glossary/x.md:3: front matter: ",
            ),
            (
                "---\naliases: [a]\n# x\n",
                "glossary/x.md:1: front matter: no closing",
            ),
            (
                "---\ntitle: t\nrelated: {a: 1}\n---\n# x\n",
                "glossary/x.md:3: front matter: `related` must be a list of text",
            ),
        ];
        for (text, want) in cases {
            let error = parse("x.md", text).unwrap_err().to_string();
            assert!(error.starts_with(want), "{text:?}: {error}");
        }
    }

    /// SPEC §9: no input panics. Pieces that mean something to the parsers, shuffled.
    #[test]
    fn arbitrary_input_never_panics() {
        let pieces = [
            "---",
            "...",
            "\n",
            "\r\n",
            "# ",
            "#",
            "=",
            "aliases:",
            " [",
            "]",
            "[[",
            "]]",
            "|",
            "\"",
            "'",
            "- ",
            "  ",
            "\t",
            ":",
            "{",
            "}",
            "&",
            "*",
            "`",
            "```",
            "é",
            "日本",
            "\u{1b}[",
            "x",
            "\u{feff}",
            "related: ",
            "!!binary ",
            "&a ",
            "*a",
            "<b>",
        ];
        let mut seed: u64 = 1;
        for _ in 0..3000 {
            let mut text = String::new();
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            for _ in 0..(seed >> 59) + 1 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let _ = parse("x.md", &text);
            let _ = parse("x.md", &format!("---\n{text}\n---\n# t\n{text}"));
        }
    }

    #[test]
    fn plain_text_drops_markup() {
        let markdown = "Query–key **dot products**, see [[softmax|the softmax]] and \
                        [this](https://x.y).\n\n- one\n- `two`\n\n```python\nx = 1\n```\n\n\
                        | a | b |\n|---|---|\n| 1 | 2 |\n";
        assert_eq!(
            plain_text(markdown),
            "Query–key dot products, see the softmax and this.\none\ntwo\nx = 1\na b\n1 2"
        );
    }
}

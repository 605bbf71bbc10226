//! YAML front matter in Obsidian's conventions (SPEC §5): reading the lists podgloss uses, and
//! writing them back as YAML that Obsidian (js-yaml) and serde_norway both read.
//!
//! The block is the text between a first line `---` and the next line `---` (or `...`). Each list
//! (`aliases`, `related`, `sources`) may be a flow list, a block list or a single value; numbers
//! and booleans are taken as text; Obsidian's legacy `alias` key adds to `aliases`; wiki links
//! (`"[[attention head|heads]]"`, or the unquoted `[[attention head]]` that YAML reads as a nested
//! list) are reduced to the linked term. Other keys are kept as read.

use std::borrow::Cow;
use std::ops::Range;

use serde_norway::{Mapping, Value};

use crate::formats::text::sanitize_line;

/// A problem at a line of the file (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// Where the front matter lies in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The YAML between the two `---` lines.
    pub yaml: Range<usize>,
    /// Just past the closing line.
    pub end: usize,
}

/// The line of the file on which the YAML starts (the line after the opening `---`).
pub const FIRST_YAML_LINE: usize = 2;

/// The front-matter fields podgloss reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    pub aliases: Vec<String>,
    pub related: Vec<String>,
    pub sources: Vec<String>,
    /// Every other key, as read.
    pub other: Mapping,
}

/// Finds the front matter at the very top of `text`, if the first line is `---`.
pub fn split(text: &str) -> Result<Option<Block>, Problem> {
    let first_end = line_end(text, 0);
    if text[..first_end].trim_end() != "---" {
        return Ok(None);
    }
    let mut pos = first_end;
    while pos < text.len() {
        let end = line_end(text, pos);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Some(Block {
                yaml: first_end..pos,
                end,
            }));
        }
        pos = end;
    }
    Err(Problem {
        line: 1,
        message: "front matter: no closing `---` line".to_string(),
    })
}

/// Just past the newline ending the line that starts at `pos` (or the end of `text`).
fn line_end(text: &str, pos: usize) -> usize {
    text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1)
}

/// Parses the YAML of a front matter block into its mapping.
pub fn parse_mapping(yaml: &str) -> Result<Mapping, Problem> {
    if yaml.trim().is_empty() {
        return Ok(Mapping::new());
    }
    check_nesting(yaml)?;
    let value: Value = serde_norway::from_str(yaml).map_err(|e| {
        // An error found at the end of the YAML (an unclosed list or quote) is reported on its
        // last line rather than on the closing `---`.
        let last = yaml.lines().count().saturating_sub(1);
        let line = e.location().map_or(0, |l| l.line().saturating_sub(1));
        Problem {
            line: FIRST_YAML_LINE + line.min(last),
            message: format!("front matter: {}", without_positions(&e.to_string())),
        }
    })?;
    match value {
        Value::Null => Ok(Mapping::new()),
        Value::Mapping(mapping) => Ok(mapping),
        _ => Err(Problem {
            line: FIRST_YAML_LINE,
            message: "front matter: expected `key: value` lines".to_string(),
        }),
    }
}

/// Flow collections nested deeper than any front matter needs are refused before the YAML
/// parser sees them: it takes time quadratic in the depth before its own recursion limit stops
/// it (100,000 `[` took half a minute on every command).
const MAX_FLOW_DEPTH: usize = 32;

/// A linear scan for `[`/`{` nested deeper than [`MAX_FLOW_DEPTH`], outside quotes and comments.
fn check_nesting(yaml: &str) -> Result<(), Problem> {
    let mut depth = 0usize;
    let mut quote = None;
    let mut line = FIRST_YAML_LINE;
    let mut previous = b'\n';
    let mut comment = false;
    for &b in yaml.as_bytes() {
        match (quote, b) {
            (_, b'\n') => {
                line += 1;
                comment = false;
            }
            _ if comment => {}
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'')
                if matches!(previous, b' ' | b'[' | b'{' | b',' | b':' | b'\n') =>
            {
                quote = Some(b)
            }
            (None, b'#') if matches!(previous, b' ' | b'\t' | b'\n') => comment = true,
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Err(Problem {
                        line,
                        message: format!(
                            "front matter: lists nested more than {MAX_FLOW_DEPTH} deep"
                        ),
                    });
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        previous = b;
    }
    Ok(())
}

/// Parses the YAML of a front matter block into the fields podgloss reads.
pub fn parse_fields(yaml: &str) -> Result<Fields, Problem> {
    let mapping = parse_mapping(yaml)?;
    let mut fields = Fields::default();
    for (key, value) in mapping {
        let target = match key.as_str() {
            Some("aliases" | "alias") => &mut fields.aliases,
            Some("related") => &mut fields.related,
            Some("sources") => &mut fields.sources,
            _ => {
                fields.other.insert(key, value);
                continue;
            }
        };
        let name = key.as_str().unwrap_or_default();
        let items = list(&value).map_err(|what| Problem {
            line: FIRST_YAML_LINE + key_line(yaml, name).unwrap_or(0),
            message: format!("front matter: `{name}` must be a list of text, not {what}"),
        })?;
        // `alias` and `aliases` both fill one list: no name twice, checked with a set (a list
        // search made 50,000 aliases cost seconds on every command).
        let mut seen: std::collections::HashSet<String> = target.iter().cloned().collect();
        for item in items {
            if seen.insert(item.clone()) {
                target.push(item);
            }
        }
    }
    Ok(fields)
}

/// The items of one list value, cleaned; `Err` names what was found instead.
pub fn list(value: &Value) -> Result<Vec<String>, &'static str> {
    let raw = raw_list(value)?;
    let mut items: Vec<String> = Vec::with_capacity(raw.len());
    let mut seen = std::collections::HashSet::with_capacity(raw.len());
    for item in raw {
        let item = sanitize_line(unlink(&item));
        if !item.is_empty() && seen.insert(item.clone()) {
            items.push(item);
        }
    }
    Ok(items)
}

/// The items of one list value as written (wiki links kept), for writing the list back.
pub fn raw_list(value: &Value) -> Result<Vec<String>, &'static str> {
    let mut raw = Vec::new();
    collect(value, 0, &mut raw)?;
    Ok(raw)
}

fn collect(value: &Value, depth: usize, out: &mut Vec<String>) -> Result<(), &'static str> {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push(b.to_string()),
        Value::Number(n) => out.push(n.to_string()),
        Value::String(s) => out.push(s.clone()),
        // One level of nesting is Obsidian's unquoted `[[wiki link]]`.
        Value::Sequence(items) if depth < 2 => {
            for item in items {
                collect(item, depth + 1, out)?;
            }
        }
        Value::Sequence(_) => return Err("nested lists"),
        Value::Mapping(_) => return Err("a mapping"),
        Value::Tagged(tagged) => collect(&tagged.value, depth, out)?,
    }
    Ok(())
}

/// `[[term]]`, `[[term|shown]]` and `[[term#heading]]` → `term`; anything else as is.
fn unlink(item: &str) -> &str {
    let trimmed = item.trim();
    match trimmed
        .strip_prefix("[[")
        .and_then(|rest| rest.strip_suffix("]]"))
    {
        Some(inner) => inner.split(['|', '#']).next().unwrap_or(inner).trim(),
        None => item,
    }
}

/// The 0-based line of `yaml` where the top-level `key:` is, if any.
pub fn key_line(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines().position(|line| is_key_line(line, key))
}

fn is_key_line(line: &str, key: &str) -> bool {
    line.strip_prefix(key)
        .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'))
}

/// serde_norway's message without its " at line N column M" parts, which count from the start
/// of the YAML rather than of the file; the file's line is reported separately.
fn without_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 4..];
        match skip_position(after) {
            Some(tail) => rest = tail,
            None => {
                out.push_str(" at ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// After " at ": `line N column M` or `position N`; returns what follows it.
fn skip_position(s: &str) -> Option<&str> {
    fn number(s: &str) -> Option<&str> {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        (digits > 0).then(|| &s[digits..])
    }
    if let Some(rest) = s.strip_prefix("line ") {
        let rest = number(rest)?;
        return number(rest.strip_prefix(" column ")?);
    }
    number(s.strip_prefix("position ")?)
}

/// `key: [a, "b: c"]`.
pub fn list_line(key: &str, items: &[String]) -> String {
    let items: Vec<Cow<'_, str>> = items.iter().map(|item| scalar(item)).collect();
    format!("{key}: [{}]", items.join(", "))
}

/// A YAML scalar for `text` inside a flow list: plain when that is unambiguous in YAML 1.1 and
/// 1.2 (letters, digits, spaces and `-_.'()/+&`, not starting with a digit or symbol, not a
/// boolean or null word), else double-quoted.
pub fn scalar(text: &str) -> Cow<'_, str> {
    if is_plain_safe(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    Cow::Owned(out)
}

fn is_plain_safe(text: &str) -> bool {
    const RESERVED: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "none",
    ];
    let Some(first) = text.chars().next() else {
        return false;
    };
    first.is_alphabetic()
        && !text.ends_with(' ')
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " -_.'()/+&".contains(c))
        && !RESERVED.contains(&text.to_lowercase().as_str())
}

/// `yaml` with the top-level `key` set to `items` as one flow-list line: an existing entry for the
/// key (its line and any indented or `-` lines below it) is replaced in place, otherwise the line
/// is appended. Every other line is kept byte for byte.
pub fn set_list(yaml: &str, key: &str, items: &[String], newline: &str) -> String {
    let new_line = list_line(key, items);
    let starts: Vec<usize> = std::iter::once(0)
        .chain(yaml.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&i| i < yaml.len())
        .collect();
    let line = |k: usize| {
        let end = starts.get(k + 1).copied().unwrap_or(yaml.len());
        &yaml[starts[k]..end]
    };
    let Some(found) = (0..starts.len()).find(|&k| is_key_line(line(k), key)) else {
        let mut out = yaml.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(newline);
        }
        out.push_str(&new_line);
        out.push_str(newline);
        return out;
    };
    let mut end = found + 1;
    let mut k = found + 1;
    while k < starts.len() {
        let text = line(k);
        if text.trim().is_empty() {
            k += 1;
        } else if text.starts_with([' ', '\t', '-']) {
            k += 1;
            end = k;
        } else {
            break;
        }
    }
    let tail = starts.get(end).map_or("", |&i| &yaml[i..]);
    let mut out = String::with_capacity(yaml.len() + new_line.len());
    out.push_str(&yaml[..starts[found]]);
    out.push_str(&new_line);
    out.push_str(newline);
    out.push_str(tail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn split_finds_the_block() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("---\na: 1\n---\n# x\n", Some(("a: 1\n", "# x\n"))),
            ("---\r\na: 1\r\n---\r\nbody", Some(("a: 1\r\n", "body"))),
            ("---  \na: 1\n...\nbody", Some(("a: 1\n", "body"))),
            ("---\n---\n", Some(("", ""))),
            ("---\na: 1\n---", Some(("a: 1\n", ""))),
            ("# x\n---\na: 1\n---\n", None),
            ("", None),
            ("----\n", None),
        ];
        for (text, want) in cases {
            let got = split(text)
                .unwrap()
                .map(|b| (&text[b.yaml.clone()], &text[b.end..]));
            assert_eq!(got, *want, "{text:?}");
        }
        assert_eq!(split("---\na: 1\n").unwrap_err().line, 1);
    }

    #[test]
    fn lists_in_every_shape() {
        let cases: &[(&str, &[&str], &[&str], &[&str])] = &[
            ("aliases: [a, b]", &["a", "b"], &[], &[]),
            ("aliases:\n  - a\n  - b\n", &["a", "b"], &[], &[]),
            ("aliases:\n- a\n- b\n", &["a", "b"], &[], &[]),
            ("aliases: a", &["a"], &[], &[]),
            ("aliases:", &[], &[], &[]),
            ("aliases: []", &[], &[], &[]),
            ("alias: x\naliases: [y, x]", &["x", "y"], &[], &[]),
            ("aliases: [2, true]", &["2", "true"], &[], &[]),
            ("related: [[attention head]]", &[], &["attention head"], &[]),
            (
                "related: [\"[[MLP|mlps]]\", \"[[attention#heads]]\"]",
                &[],
                &["MLP", "attention"],
                &[],
            ),
            (
                "sources: [\"https://a.b/c\"]\ntags: [x]",
                &[],
                &[],
                &["https://a.b/c"],
            ),
            ("aliases: ['  spaced\tout ', '']", &["spaced out"], &[], &[]),
            ("# only a comment\n", &[], &[], &[]),
        ];
        for (yaml, aliases, related, sources) in cases {
            let fields = parse_fields(yaml).unwrap_or_else(|e| panic!("{yaml:?}: {e:?}"));
            assert_eq!(fields.aliases, strings(aliases), "{yaml:?}");
            assert_eq!(fields.related, strings(related), "{yaml:?}");
            assert_eq!(fields.sources, strings(sources), "{yaml:?}");
        }
        let fields = parse_fields("tags: [x]\ncssclass: wide\n").unwrap();
        assert_eq!(fields.other.len(), 2);
    }

    #[test]
    fn broken_yaml_names_the_line() {
        let cases: &[(&str, usize, &str)] = &[
            ("aliases: [a, b\nrelated: [c]\n", 3, "front matter: "),
            ("aliases: [a]\n  bad: indent: here\n", 3, "front matter: "),
            (
                "title: x\naliases: {a: b}\n",
                3,
                "`aliases` must be a list of text",
            ),
            ("- just\n- a list\n", 2, "expected `key: value` lines"),
            ("a: \"unclosed\n", 2, "front matter: "),
            ("a: 1\nb: [x\n", 3, "front matter: "),
        ];
        for (yaml, line, message) in cases {
            let problem = parse_fields(yaml).unwrap_err();
            assert!(
                problem.line >= FIRST_YAML_LINE && problem.line <= *line,
                "{yaml:?}: {problem:?}"
            );
            assert!(problem.message.contains(message), "{yaml:?}: {problem:?}");
            assert!(!problem.message.contains(" at line "), "{problem:?}");
        }
    }

    #[test]
    fn scalars_round_trip_through_yaml() {
        let values = [
            "residual stream",
            "KV cache",
            "Newton's method",
            "key: value",
            "a, b",
            "[x]",
            "# not a comment",
            "https://example.com/a?b=c#d",
            "yes",
            "No",
            "null",
            "3Blue1Brown",
            "1.5",
            "-dash",
            "quote \" and \\ backslash",
            "Softmax?",
            "café",
            "*star",
            "&anchor",
            "!tag",
            "@at",
            "%percent",
            "`tick",
            "x #y",
            "a|b",
        ];
        let items = strings(&values);
        let line = list_line("aliases", &items);
        let fields = parse_fields(&line).unwrap_or_else(|e| panic!("{line}: {e:?}"));
        assert_eq!(fields.aliases, items, "{line}");
        assert_eq!(scalar("residual stream"), "residual stream");
        assert_eq!(scalar("yes"), "\"yes\"");
    }

    #[test]
    fn set_list_replaces_only_its_key() {
        let new = strings(&["a", "b"]);
        let cases: &[(&str, &str)] = &[
            ("aliases: [a]\ntags: [t]\n", "aliases: [a, b]\ntags: [t]\n"),
            (
                "tags: [t]\naliases:\n  - a\n\n  - c\n# note\nx: 1\n",
                "tags: [t]\naliases: [a, b]\n# note\nx: 1\n",
            ),
            ("aliases:\n- a\nx: 1\n", "aliases: [a, b]\nx: 1\n"),
            ("tags: [t]\n", "tags: [t]\naliases: [a, b]\n"),
            ("tags: [t]", "tags: [t]\naliases: [a, b]\n"),
            ("", "aliases: [a, b]\n"),
            ("aliases_old: 1\n", "aliases_old: 1\naliases: [a, b]\n"),
        ];
        for (yaml, want) in cases {
            assert_eq!(set_list(yaml, "aliases", &new, "\n"), *want, "{yaml:?}");
        }
        assert_eq!(
            set_list("x: 1\r\n", "aliases", &new, "\r\n"),
            "x: 1\r\naliases: [a, b]\r\n"
        );
    }
}

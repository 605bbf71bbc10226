//! Deeply nested HTML is cut down to a sane depth before html5ever sees it.
//!
//! Why: html5ever's tree builder searches the stack of open elements for many start and end
//! tags (the "in scope" checks), and code walking the tree visits each subtree once per
//! ancestor, so a page of n nested elements costs n²: 20,000 nested `<div>` took seconds,
//! 200,000 minutes. No browser-visible text is lost: beyond [`MAX_DEPTH`] open elements, start
//! tags that only wrap another start tag are dropped together with their end tags (so the
//! innermost markup, which holds the text, survives), and beyond twice that every start tag is;
//! everything between the dropped tags stays.
//!
//! This is a tokenizer in miniature, not a parser: it knows comments, raw-text elements
//! (`<script>`, `<style>`...), void elements and the end tags HTML lets authors leave out
//! (`<p>`, `<li>`, `<td>`...), which is enough to count depth the way a browser would for any
//! page that is not hostile. No crate offers the cut; html5ever has no depth limit.

use std::borrow::Cow;

/// Open elements kept; real pages nest a few dozen deep.
pub const MAX_DEPTH: usize = 256;

/// How far down the stack an end tag looks for its start tag; misnested markup further down is
/// left to html5ever. Keeps the scan linear.
const END_TAG_REACH: usize = 32;

/// `input` with start tags beyond [`MAX_DEPTH`] open elements (and their end tags) removed;
/// borrowed when nothing had to go.
pub fn limit_depth(input: &str) -> Cow<'_, str> {
    // Fewer tags than the limit cannot nest deeper than it.
    if input.bytes().filter(|&b| b == b'<').count() <= MAX_DEPTH {
        return Cow::Borrowed(input);
    }
    let mut cutter = Cutter {
        input,
        out: String::new(),
        copied_to: 0,
        stack: Vec::new(),
        kept: 0,
        dropped_any: false,
    };
    cutter.run();
    if !cutter.dropped_any {
        return Cow::Borrowed(input);
    }
    cutter.out.push_str(&input[cutter.copied_to..]);
    Cow::Owned(cutter.out)
}

struct Cutter<'a> {
    input: &'a str,
    out: String,
    /// Everything before this byte is in `out` or was dropped.
    copied_to: usize,
    /// Open elements: lower-case name and whether its start tag was kept.
    stack: Vec<(String, bool)>,
    /// How many of `stack` were kept.
    kept: usize,
    dropped_any: bool,
}

impl Cutter<'_> {
    fn run(&mut self) {
        let bytes = self.input.as_bytes();
        let mut i = 0;
        while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
            let start = i + offset;
            i = self.markup_at(start).unwrap_or(start + 1);
        }
    }

    /// Handles the markup starting at `start` (a `<`); returns where scanning goes on, or `None`
    /// when it is not markup.
    fn markup_at(&mut self, start: usize) -> Option<usize> {
        let bytes = self.input.as_bytes();
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            return Some(find(bytes, start + 4, b"-->").map_or(bytes.len(), |end| end + 3));
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            return Some(find(bytes, start, b">").map_or(bytes.len(), |end| end + 1));
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        if !bytes.get(name_start)?.is_ascii_alphabetic() {
            return None;
        }
        let name_end = bytes[name_start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b':'))
            .map_or(bytes.len(), |n| name_start + n);
        let name = self.input[name_start..name_end].to_ascii_lowercase();
        let tag_end = tag_end(bytes, name_end);
        if closing {
            self.end_tag(&name, start, tag_end);
            return Some(tag_end);
        }
        let self_closing = bytes.get(tag_end.wrapping_sub(2)) == Some(&b'/');
        if is_void(&name) || self_closing {
            return Some(tag_end);
        }
        let after = bytes[tag_end.min(bytes.len())..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map_or(bytes.len(), |n| tag_end + n);
        let wraps_a_tag = bytes.get(after) == Some(&b'<')
            && bytes.get(after + 1).is_some_and(u8::is_ascii_alphabetic);
        self.start_tag(name.clone(), start, tag_end, wraps_a_tag);
        if is_raw_text(&name) {
            // Their content is text, not markup: skip to their end tag.
            return Some(find_end_tag(bytes, tag_end, &name).unwrap_or(bytes.len()));
        }
        Some(tag_end)
    }

    fn start_tag(&mut self, name: String, start: usize, end: usize, wraps_a_tag: bool) {
        // Elements whose end tag may be left out are closed by the next of their kind (a `<p>`
        // also by any block), as a browser does, so they do not pile up.
        while self
            .stack
            .last()
            .is_some_and(|(top, _)| closes_implicitly(top, &name))
        {
            self.pop();
        }
        let keep = self.kept < MAX_DEPTH || (self.kept < 2 * MAX_DEPTH && !wraps_a_tag);
        if !keep {
            self.drop_range(start, end);
        }
        self.kept += usize::from(keep);
        self.stack.push((name, keep));
    }

    fn end_tag(&mut self, name: &str, start: usize, end: usize) {
        let reach = self.stack.len().saturating_sub(END_TAG_REACH);
        let Some(position) = self.stack[reach..]
            .iter()
            .rposition(|(open, _)| open == name)
            .map(|p| p + reach)
        else {
            return;
        };
        if !self.stack[position].1 {
            self.drop_range(start, end);
        }
        while self.stack.len() > position {
            self.pop();
        }
    }

    fn pop(&mut self) {
        if let Some((_, kept)) = self.stack.pop() {
            self.kept -= usize::from(kept);
        }
    }

    fn drop_range(&mut self, start: usize, end: usize) {
        self.out.push_str(&self.input[self.copied_to..start]);
        self.copied_to = end;
        self.dropped_any = true;
    }
}

/// The byte after the `>` ending a tag whose name ends at `from`; quoted attribute values may
/// hold `>`.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    bytes.len()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Where `</name` starts (any case), at or after `from`.
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    loop {
        let found = find(bytes, at, b"</")?;
        let candidate = bytes.get(found + 2..found + 2 + name.len())?;
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(found);
        }
        at = found + 2;
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
    )
}

/// Whether opening `next` closes an open `top` whose end tag was left out.
fn closes_implicitly(top: &str, next: &str) -> bool {
    match top {
        "p" => matches!(
            next,
            "p" | "li"
                | "dt"
                | "dd"
                | "div"
                | "ul"
                | "ol"
                | "dl"
                | "table"
                | "section"
                | "article"
                | "blockquote"
                | "pre"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "header"
                | "footer"
                | "nav"
                | "aside"
                | "figure"
                | "hr"
        ),
        "li" => next == "li",
        "dt" | "dd" => matches!(next, "dt" | "dd"),
        "td" | "th" => matches!(next, "td" | "th" | "tr"),
        "tr" => next == "tr",
        "option" => matches!(next, "option" | "optgroup"),
        "rb" | "rt" | "rtc" | "rp" => matches!(next, "rb" | "rt" | "rtc" | "rp"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn max_depth(html: &str) -> usize {
        let document = scraper::Html::parse_document(html);
        let mut deepest = 0;
        for node in document.tree.root().descendants() {
            deepest = deepest.max(node.ancestors().count());
        }
        deepest
    }

    #[test]
    fn ordinary_pages_pass_untouched() {
        let mut page = String::from("<html><body>");
        for i in 0..2000 {
            page.push_str(&format!(
                "<p>para {i}<li>item<br><img src=x><script>if (a<b) {{}}</script><!-- <div> -->"
            ));
        }
        assert!(matches!(limit_depth(&page), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_cut_and_keeps_the_text() {
        let depth = 5000;
        let html = format!(
            "{}deep text{}<p>after</p>",
            "<div class='a>b'>".repeat(depth),
            "</div>".repeat(depth)
        );
        let cut = limit_depth(&html);
        assert!(cut.contains("deep text") && cut.ends_with("<p>after</p>"));
        // The innermost `<div>` holds text, so it is kept as well.
        assert_eq!(cut.matches("<div").count(), MAX_DEPTH + 1);
        assert_eq!(cut.matches("</div>").count(), MAX_DEPTH + 1);
        assert!(max_depth(&cut) <= MAX_DEPTH + 4, "{}", max_depth(&cut));
    }

    #[test]
    fn unclosed_tags_of_the_optional_kind_do_not_count() {
        let html = format!("<ul>{}</ul>", "<li><p>x".repeat(MAX_DEPTH * 4));
        assert!(matches!(limit_depth(&html), Cow::Borrowed(_)));
    }
}

/// Found: nested inputs that took seconds to minutes. Each must finish within a generous bound
/// (run on a thread, failed if it has not answered in time), which a quadratic parse misses by
/// far on these sizes.
#[cfg(test)]
mod quadratic_inputs {
    use std::time::{Duration, Instant};

    const BOUND: Duration = Duration::from_secs(10);

    /// Runs `work` and returns how long it took; fails when it takes longer than [`BOUND`].
    fn within_bound(name: &str, work: impl FnOnce() + Send + 'static) -> Duration {
        let (done, finished) = std::sync::mpsc::channel();
        let started = Instant::now();
        std::thread::spawn(move || {
            work();
            let _ = done.send(());
        });
        match finished.recv_timeout(BOUND) {
            Ok(()) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                panic!("{name} did not finish within {BOUND:?}")
            }
            Err(_) => panic!("{name} panicked (see above)"),
        }
        started.elapsed()
    }

    fn nested(tag: &str, depth: usize, inner: &str) -> String {
        format!(
            "{}{inner}{}",
            format!("<{tag}>").repeat(depth),
            format!("</{tag}>").repeat(depth)
        )
    }

    #[test]
    fn deeply_nested_html_parses_in_linear_time() {
        let inner = "<cite>Ada:</cite><time>0:01</time><p>hello there</p>";
        for (tag, depth) in [("div", 20_000), ("div", 200_000), ("cite", 30_000)] {
            let html = nested(tag, depth, inner);
            let name = format!("{depth} nested <{tag}>");
            let took = within_bound(&name, move || {
                let transcript = crate::formats::podcasting20_html::parse(&html).unwrap();
                assert!(!transcript.segments.is_empty());
            });
            eprintln!("{name}: podcasting20_html::parse {took:?}");
            let html = nested(
                tag,
                depth,
                "<p>Ada 00:00:01</p><p>Hi.</p><p>Bo 00:00:02</p>",
            );
            let took = within_bound(&name, move || {
                let page = crate::import::web::page::read_page(&html);
                assert!(page.transcript.is_some());
            });
            eprintln!("{name}: read_page {took:?}");
        }
    }

    #[test]
    fn hostile_front_matter_parses_in_linear_time() {
        let brackets = format!("---\naliases: {}\n---\n# T\n", "[".repeat(100_000));
        let took = within_bound("100k [ in aliases", move || {
            let err = crate::glossary::Entry::parse(
                std::path::Path::new("x.md"),
                &brackets,
                crate::glossary::Fingerprint::of(b"", None),
            )
            .unwrap_err()
            .to_string();
            assert!(
                err.starts_with("x.md:2: front matter: lists nested"),
                "{err}"
            );
        });
        eprintln!("100k [: {took:?}");
        let aliases: Vec<String> = (0..50_000).map(|i| format!("alias{i}")).collect();
        let many = format!("---\naliases: [{}]\n---\n# T\n", aliases.join(", "));
        let took = within_bound("50k aliases", move || {
            let entry = crate::glossary::Entry::parse(
                std::path::Path::new("x.md"),
                &many,
                crate::glossary::Fingerprint::of(b"", None),
            )
            .unwrap();
            assert_eq!(entry.aliases.len(), 50_000);
        });
        eprintln!("50k aliases: {took:?}");
    }
}

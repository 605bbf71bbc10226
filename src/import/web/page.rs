//! Web pages that carry a transcript in the layout common to newsletter and podcast sites: a
//! paragraph naming the speaker and a time (`Speaker Name  00:12:34`), then what they said, one
//! or more paragraphs; often with a chapter list above it (`(00:17:04) - Title` or
//! `00:17:04 - Title` lines). Pure: HTML in, text and chapters out.
//!
//! The page is parsed with `scraper` (html5ever) and read as a browser shows it: one line per
//! block element or `<br>`, scripts, styles, navigation, forms and footers left out. The
//! transcript is the text from the first speaker line on, without the chapter lines; it is
//! handed back as timestamped text, the format `formats::timestamped` reads, so the episode
//! keeps a `transcript.txt` that reads the same way on every later load. The walk over the tree
//! is a loop with an explicit stack, so a deeply nested page cannot exhaust the call stack.

use scraper::{Html, Node, Selector};
use serde_json::json;

use crate::formats::text::sanitize_line;
use crate::model::Millis;
use crate::model::chapters::Chapter;
use crate::model::time::parse_time;

/// Longest speaker line: a name and a time, never a sentence.
const MAX_HEADER_CHARS: usize = 64;
/// A speaker name has at most this many words.
const MAX_NAME_WORDS: usize = 5;

/// What a page says about itself, and its visible text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub title: Option<String>,
    /// The site's name (`og:site_name`), used as the show.
    pub site: Option<String>,
    /// `YYYY-MM-DD`, from `article:published_time`.
    pub published: Option<String>,
    /// The transcript as timestamped text, when the page has one in the newsletter layout.
    pub transcript: Option<String>,
    pub chapters: Vec<Chapter>,
}

/// Reads a page: its metadata, chapter list and newsletter-layout transcript, if any.
pub fn read_page(html: &str) -> Page {
    let document = Html::parse_document(&crate::formats::html_depth::limit_depth(html));
    let mut page = Page {
        title: meta(&document, "og:title")
            .or_else(|| first_text(&document, "h1"))
            .or_else(|| first_text(&document, "title")),
        site: meta(&document, "og:site_name"),
        published: meta(&document, "article:published_time")
            .and_then(|t| t.get(..10).map(str::to_string))
            .filter(|d| d.parse::<toml::value::Datetime>().is_ok()),
        ..Page::default()
    };
    // The article is where the transcript usually is; if not, the main part, then the body.
    for container in ["article", "main", "body"] {
        let Ok(selector) = Selector::parse(container) else {
            continue;
        };
        for element in document.select(&selector) {
            let blocks = visible_blocks(*element);
            let chapters = chapter_list(&blocks);
            if let Some(transcript) = newsletter_transcript(&blocks) {
                page.transcript = Some(transcript);
                page.chapters = chapters;
                return page;
            }
            if page.chapters.is_empty() {
                page.chapters = chapters;
            }
        }
    }
    page
}

/// A page's visible text, one line per block element or `<br>` (for show notes read as text):
/// the article's, else the main part's, else the body's.
pub fn visible_lines(html: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let container = ["article", "main", "body"].iter().find_map(|name| {
        let selector = Selector::parse(name).ok()?;
        document.select(&selector).next()
    });
    let root = container.map_or(*document.root_element(), |element| *element);
    visible_blocks(root)
        .iter()
        .flat_map(|block| block.lines().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

/// The Podcasting 2.0 chapters JSON for `chapters`, as `chapters.json` keeps them.
pub fn chapters_json(chapters: &[Chapter]) -> Vec<u8> {
    let list: Vec<_> = chapters
        .iter()
        .map(|c| json!({ "startTime": c.start as f64 / 1000.0, "title": c.title }))
        .collect();
    let document = json!({ "version": "1.2.0", "chapters": list });
    let mut bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The page's visible text: one string per block element, lines inside it split at `<br>`.
fn visible_blocks(root: ego_tree_node::NodeRef<'_>) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut stack = vec![(root, false)];
    while let Some((node, closing)) = stack.pop() {
        match node.value() {
            Node::Text(text) if !closing => current.push_str(text),
            Node::Element(element) => {
                let name = element.name();
                if closing {
                    flush(&mut current, &mut blocks);
                    continue;
                }
                if is_skipped(name) {
                    continue;
                }
                if name == "br" {
                    current.push('\n');
                    continue;
                }
                if !is_inline(name) {
                    flush(&mut current, &mut blocks);
                    stack.push((node, true));
                }
                let children: Vec<_> = node.children().collect();
                stack.extend(children.into_iter().rev().map(|child| (child, false)));
            }
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

/// Names the node type without depending on `ego_tree` directly.
mod ego_tree_node {
    pub type NodeRef<'a> = <scraper::ElementRef<'a> as std::ops::Deref>::Target;
}

fn flush(current: &mut String, blocks: &mut Vec<String>) {
    let lines: Vec<String> = current
        .split('\n')
        .map(sanitize_line)
        .filter(|line| !line.is_empty())
        .collect();
    if !lines.is_empty() {
        blocks.push(lines.join("\n"));
    }
    current.clear();
}

fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "template"
            | "noscript"
            | "nav"
            | "footer"
            | "aside"
            | "form"
            | "button"
            | "svg"
            | "iframe"
            | "select"
            | "dialog"
    )
}

fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "label"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "wbr"
    )
}

/// The transcript from the first speaker line on, chapter lines left out, paragraphs separated
/// by blank lines; `None` unless at least two speaker lines were found.
fn newsletter_transcript(blocks: &[String]) -> Option<String> {
    let start = blocks.iter().position(|b| is_speaker_line(b))?;
    let headers = blocks[start..]
        .iter()
        .filter(|b| is_speaker_line(b))
        .count();
    if headers < 2 {
        return None;
    }
    let mut paragraphs = Vec::new();
    for block in &blocks[start..] {
        let lines: Vec<&str> = block
            .lines()
            .filter(|line| chapter_line(line).is_none())
            .collect();
        if !lines.is_empty() {
            paragraphs.push(lines.join("\n"));
        }
    }
    let mut text = paragraphs.join("\n\n");
    text.push('\n');
    Some(text)
}

/// `Speaker Name 00:12:34`, `Speaker Name (00:12:34)`, `Speaker Name [00:12:34]`.
fn is_speaker_line(block: &str) -> bool {
    if block.contains('\n') || block.chars().count() > MAX_HEADER_CHARS {
        return false;
    }
    let Some((name, time)) = block.trim().rsplit_once(' ') else {
        return false;
    };
    let time = time
        .trim_start_matches(['(', '['])
        .trim_end_matches([')', ']']);
    if !time.contains(':') || parse_time(time).is_none() {
        return false;
    }
    let name = name
        .trim()
        .trim_end_matches([':', '-', '–', '|'])
        .trim_end();
    let words: Vec<&str> = name.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= MAX_NAME_WORDS
        && words.iter().enumerate().all(|(i, word)| {
            word.starts_with(char::is_uppercase) || (i > 0 && NAME_PARTICLES.contains(word))
        })
        && name
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '’' | '-'))
}

/// Lowercase words that may stand inside a name (`Ada de la Cruz`); a sentence has others.
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "der", "di", "du", "la", "le", "van", "von",
];

/// Every chapter line of the page, in order of time.
fn chapter_list(blocks: &[String]) -> Vec<Chapter> {
    let mut chapters: Vec<Chapter> = blocks
        .iter()
        .flat_map(|b| b.lines())
        .filter_map(chapter_line)
        .collect();
    chapters.sort_by_key(|c| c.start);
    chapters.dedup_by(|a, b| a.start == b.start && a.title == b.title);
    chapters
}

/// `(00:17:04) - Title`, `00:17:04 - Title`, `[00:17:04] – Title` (hyphen, en or em dash).
fn chapter_line(line: &str) -> Option<Chapter> {
    let line = line.trim();
    let (stamp, rest) = match line.strip_prefix('(') {
        Some(after) => after.split_once(')')?,
        None => match line.strip_prefix('[') {
            Some(after) => after.split_once(']')?,
            None => line.split_once(char::is_whitespace)?,
        },
    };
    if !stamp.contains(':') {
        return None;
    }
    let start: Millis = parse_time(stamp.trim())?;
    let title = rest.trim_start().strip_prefix(['-', '–', '—'])?.trim();
    let title = sanitize_line(title);
    (!title.is_empty()).then_some(Chapter { start, title })
}

fn meta(document: &Html, property: &str) -> Option<String> {
    let selector = Selector::parse(&format!(
        "meta[property=\"{property}\"], meta[name=\"{property}\"]"
    ))
    .ok()?;
    document
        .select(&selector)
        .filter_map(|m| m.value().attr("content"))
        .map(sanitize_line)
        .find(|content| !content.is_empty())
}

fn first_text(document: &Html, tag: &str) -> Option<String> {
    let selector = Selector::parse(tag).ok()?;
    document
        .select(&selector)
        .map(|e| sanitize_line(&e.text().collect::<String>()))
        .find(|text| !text.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html>
<html><head>
<title>Ep. 12: Gradients - by Someone - A Newsletter</title>
<meta property="og:title" content="Ep. 12: Gradients, &amp; why they vanish">
<meta property="og:site_name" content="A Newsletter">
<meta property="article:published_time" content="2024-05-06T12:00:00.000Z">
<script>var transcript = "Not 00:00:01";</script>
</head><body>
<nav><p>Home 00:00:00</p><p>Archive 00:00:01</p></nav>
<article>
<h1>Ep. 12: Gradients</h1>
<p>We talk about gradients.</p>
<h3>Timestamps</h3>
<p>(00:00:00) - Intro<br>(00:17:04) - Why gradients vanish<br>(01:02:03) - Residual connections</p>
<h3>Transcript</h3>
<p><strong>Ada Lovelace</strong> <em>00:00:00</em></p>
<p>Welcome back. Today: <a href="#">gradients</a>.</p>
<p>They vanish, sometimes.</p>
<p><strong>Bo Tanaka</strong> (00:00:42)</p>
<p>Only sometimes?</p>
<footer><p>Subscribe 00:00:99</p></footer>
</article>
</body></html>"##;

    #[test]
    fn reads_a_newsletter_transcript_and_its_chapters() {
        let page = read_page(PAGE);
        assert_eq!(
            page.title.as_deref(),
            Some("Ep. 12: Gradients, & why they vanish")
        );
        assert_eq!(page.site.as_deref(), Some("A Newsletter"));
        assert_eq!(page.published.as_deref(), Some("2024-05-06"));
        assert_eq!(
            page.transcript.as_deref(),
            Some(
                "Ada Lovelace 00:00:00\n\nWelcome back. Today: gradients.\n\n\
                 They vanish, sometimes.\n\nBo Tanaka (00:00:42)\n\nOnly sometimes?\n"
            )
        );
        let chapters: Vec<(Millis, &str)> = page
            .chapters
            .iter()
            .map(|c| (c.start, c.title.as_str()))
            .collect();
        assert_eq!(
            chapters,
            [
                (0, "Intro"),
                (1_024_000, "Why gradients vanish"),
                (3_723_000, "Residual connections")
            ]
        );
        let json = chapters_json(&page.chapters);
        let back =
            crate::formats::chapters_json::parse_chapters_json(std::str::from_utf8(&json).unwrap())
                .unwrap();
        assert_eq!(back, page.chapters);
    }

    #[test]
    fn the_extracted_text_reads_as_a_timestamped_transcript() {
        let text = read_page(PAGE).transcript.unwrap();
        let transcript = crate::formats::parse_text(&text).unwrap();
        assert_eq!(transcript.format, crate::model::Format::TimestampedText);
        let turns: Vec<(Millis, Option<&str>)> = transcript
            .segments
            .iter()
            .map(|s| (s.start, s.speaker.as_deref()))
            .collect();
        assert_eq!(turns.first(), Some(&(0, Some("Ada Lovelace"))));
        assert_eq!(turns.last(), Some(&(42_000, Some("Bo Tanaka"))));
    }

    #[test]
    fn a_page_without_speaker_lines_has_no_transcript() {
        let page =
            read_page("<html><body><p>Just a blog post.</p><p>Ada 00:00:01</p></body></html>");
        assert_eq!(page.transcript, None);
        assert_eq!(page.title, None);
    }

    #[test]
    fn speaker_and_chapter_lines() {
        for yes in [
            "Ada Lovelace 00:12:34",
            "Ada Lovelace (1:02:03)",
            "Dr. Ada O'Neil [00:00]",
            "Ada: 00:00:05",
            "Ada de la Cruz 00:00:05",
        ] {
            assert!(is_speaker_line(yes), "{yes}");
        }
        for no in [
            "We met at 10:30",
            "Then Ada said 10:30",
            "the host 00:12:34",
            "Ada Lovelace",
            "Ada Lovelace 12",
            "(00:17:04) - Intro",
            "A Very Long Name Of Many Words 00:00:01",
        ] {
            assert!(!is_speaker_line(no), "{no}");
        }
        let cases = [
            ("(00:17:04) - Title", Some((1_024_000, "Title"))),
            ("00:17:04 - Title", Some((1_024_000, "Title"))),
            ("[1:00:00] – Long one", Some((3_600_000, "Long one"))),
            ("17:04 — Short", Some((1_024_000, "Short"))),
            ("(00:17:04) Title without dash", None),
            ("00:17:04 -", None),
            ("Intro - 00:17:04", None),
        ];
        for (line, want) in cases {
            let got = chapter_line(line).map(|c| (c.start, c.title));
            assert_eq!(got, want.map(|(t, s)| (t, s.to_string())), "{line}");
        }
    }

    #[test]
    fn deep_pages_do_not_exhaust_the_stack() {
        let depth = 20_000;
        let html = format!(
            "{}<p>Ada 00:00:01</p><p>Hi.</p><p>Bo 00:00:02</p><p>Yo.</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let page = read_page(&html);
        assert!(page.transcript.is_some());
    }
}

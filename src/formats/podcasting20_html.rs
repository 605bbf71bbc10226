//! Podcasting 2.0 HTML transcripts (`text/html`): a flat run of
//! `<cite>Speaker:</cite> <time>0:00</time> <p>monologue</p>` triples, the low-fidelity format of
//! the spec, with one start time per monologue at most.
//!
//! The page is parsed with `scraper` (html5ever), never pattern-matched: the text is whatever a
//! browser would show, entities decoded, and a hostile page cannot smuggle markup through. Then
//! the elements are read in document order: a `<cite>` sets the speaker (trailing `:` dropped)
//! for the following paragraphs, a `<time>` the start of the next `<p>`. A paragraph with no time
//! of its own is placed by interpolation between its timed neighbours, in proportion to word
//! counts; a segment ends where the next begins, and the last one after the time its words take
//! to say (`speech_rate`). A page with no `<time>` at all is untimed.
//! The detector also sends any other HTML page here; its paragraphs come out untimed.

use scraper::{ElementRef, Html, Node, Selector};

use super::ParseResult;
use super::speech_rate::estimated_duration;
use super::whitespace::collapse_whitespace as collapse;
use crate::model::{Format, Millis, Segment, Transcript, parse_time};

pub fn parse(input: &str) -> ParseResult<Transcript> {
    let document = Html::parse_document(&super::html_depth::limit_depth(input));
    let paragraphs = read_paragraphs(&document);
    let timed = paragraphs.iter().any(|p| p.start.is_some());
    let segments = if timed {
        place_in_time(paragraphs)
    } else {
        paragraphs
            .into_iter()
            .map(|p| Segment {
                speaker: p.speaker,
                text: p.text,
                ..Segment::default()
            })
            .collect()
    };
    let mut transcript = Transcript::new(Format::Podcasting20Html, segments);
    transcript.timed = timed;
    transcript.title = page_title(&document);
    Ok(transcript)
}

/// The cheap probe the detector uses: the page has `<cite>` and `<time>` tags.
pub fn looks_like_podcasting20_html(input: &str) -> bool {
    has_tag(input, "cite") && has_tag(input, "time")
}

/// A monologue as found in the page, before times are filled in.
struct Paragraph {
    speaker: Option<String>,
    start: Option<Millis>,
    text: String,
}

fn read_paragraphs(document: &Html) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    let mut speaker: Option<String> = None;
    let mut pending_time: Option<Millis> = None;
    for element in document.root_element().descendent_elements() {
        match element.value().name() {
            "cite" => {
                let name = collapse(&text_of(element));
                let name = name.trim_end_matches(':').trim_end();
                speaker = (!name.is_empty()).then(|| name.to_string());
            }
            "time" => {
                pending_time = read_time(element).or(pending_time);
            }
            "p" => {
                let text = collapse(&text_of(element));
                if !text.is_empty() {
                    paragraphs.push(Paragraph {
                        speaker: speaker.clone(),
                        start: pending_time.take(),
                        text,
                    });
                }
            }
            _ => {}
        }
    }
    paragraphs
}

/// `<time>1:02:03</time>`, or failing that its `datetime` attribute when that is a clock time.
fn read_time(element: ElementRef) -> Option<Millis> {
    let text = collapse(&text_of(element));
    let text = text.trim_start_matches('[').trim_end_matches(']');
    parse_time(text).or_else(|| element.value().attr("datetime").and_then(parse_time))
}

/// The visible text under `element`: `<br>` counts as a space, and the contents of `<script>`,
/// `<style>` and `<template>` are not text anyone sees. The walk is a loop, not recursion, so a
/// deeply nested page cannot exhaust the stack.
fn text_of(element: ElementRef) -> String {
    let root = *element;
    let mut text = String::new();
    let mut next = root.first_child();
    while let Some(node) = next {
        let mut descend = true;
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) if e.name() == "br" => text.push(' '),
            Node::Element(e) if is_hidden(e.name()) => descend = false,
            _ => {}
        }
        next = descend.then(|| node.first_child()).flatten().or_else(|| {
            // Climb to the nearest following sibling, stopping at `root`.
            let mut current = node;
            loop {
                if current.id() == root.id() {
                    return None;
                }
                if let Some(sibling) = current.next_sibling() {
                    return Some(sibling);
                }
                current = current.parent()?;
            }
        });
    }
    text
}

fn is_hidden(name: &str) -> bool {
    matches!(name, "script" | "style" | "template")
}

fn page_title(document: &Html) -> Option<String> {
    let selector = Selector::parse("title").ok()?;
    let title = collapse(&text_of(document.select(&selector).next()?));
    (!title.is_empty()).then_some(title)
}

/// Gives every paragraph a start (its own, or interpolated) and an end (the next start).
fn place_in_time(paragraphs: Vec<Paragraph>) -> Vec<Segment> {
    let words: Vec<Millis> = paragraphs
        .iter()
        .map(|p| p.text.split(' ').count() as Millis)
        .collect();
    let known: Vec<Option<Millis>> = paragraphs.iter().map(|p| p.start).collect();
    let starts = interpolate_starts(&known, &words);
    let mut segments: Vec<Segment> = paragraphs
        .into_iter()
        .zip(starts)
        .map(|(p, start)| Segment {
            start,
            end: start,
            speaker: p.speaker,
            text: p.text,
            words: Vec::new(),
        })
        .collect();
    segments.sort_by_key(|s| s.start);
    let next_starts: Vec<Option<Millis>> = segments
        .iter()
        .skip(1)
        .map(|s| Some(s.start))
        .chain([None])
        .collect();
    for (segment, next_start) in segments.iter_mut().zip(next_starts) {
        let spoken = estimated_duration(segment.text.split(' ').count());
        segment.end = next_start
            .unwrap_or_else(|| segment.start.saturating_add(spoken))
            .max(segment.start);
    }
    segments
}

/// Starts for paragraphs whose time is unknown: between two known starts, the span is shared
/// out by word count (the paragraph at the earlier start included); before the first known
/// start the span from 0 is shared the same way; after the last, each paragraph follows the one
/// before after its estimated duration.
fn interpolate_starts(known: &[Option<Millis>], words: &[Millis]) -> Vec<Millis> {
    let mut starts = vec![0; known.len()];
    let mut anchor: Option<usize> = None;
    let mut i = 0;
    while i < known.len() {
        if let Some(start) = known[i] {
            starts[i] = start;
            anchor = Some(i);
            i += 1;
            continue;
        }
        let run_end = (i..known.len())
            .find(|&j| known[j].is_some())
            .unwrap_or(known.len());
        let (from, weight_before) = match anchor {
            Some(a) => (starts[a], words[a]),
            None => (0, 0),
        };
        match known.get(run_end).copied().flatten() {
            Some(to) if to >= from => {
                let total: Millis = weight_before + words[i..run_end].iter().sum::<Millis>();
                let mut cumulative = weight_before;
                for j in i..run_end {
                    let share =
                        u128::from(to - from) * u128::from(cumulative) / u128::from(total.max(1));
                    starts[j] = from.saturating_add(Millis::try_from(share).unwrap_or(0));
                    cumulative += words[j];
                }
            }
            _ => {
                let mut previous = anchor.map(|a| (starts[a], words[a]));
                for j in i..run_end {
                    starts[j] = match previous {
                        Some((start, count)) => {
                            start.saturating_add(estimated_duration(count as usize))
                        }
                        None => 0,
                    };
                    previous = Some((starts[j], words[j]));
                }
            }
        }
        i = run_end;
    }
    starts
}

/// Whether `<name>` or `<name attr...>` occurs, in any letter case.
fn has_tag(input: &str, name: &str) -> bool {
    let bytes = input.as_bytes();
    let name = name.as_bytes();
    let mut from = 0;
    while let Some(offset) = input.get(from..).and_then(|rest| rest.find('<')) {
        let at = from + offset;
        let tag = bytes.get(at + 1..=at + name.len());
        let after = bytes.get(at + name.len() + 1);
        if tag.is_some_and(|tag| tag.eq_ignore_ascii_case(name))
            && after.is_some_and(|b| matches!(b, b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/'))
        {
            return true;
        }
        from = at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::test_rows::{Row, row as seg, rows};

    type Summary = Vec<Row>;

    fn summary(input: &str) -> Summary {
        rows(parse(input).unwrap_or_else(|e| panic!("{e}")))
    }

    #[test]
    fn reads_cite_time_paragraph_triples() {
        let cases: Vec<(&str, &str, Summary)> = vec![
            (
                "plain triples; the last ends after its estimated duration",
                "<cite>Ann:</cite>\n<time>0:00</time>\n<p>\n  Hello   there,\n  listeners.\n</p>\n<cite>Bo :</cite>\n<time>1:02:03</time>\n<p>It&#39;s me &amp; you.</p>",
                vec![
                    seg(0, 3_723_000, Some("Ann"), "Hello there, listeners."),
                    seg(3_723_000, 3_724_600, Some("Bo"), "It's me & you."),
                ],
            ),
            (
                "speaker holds; an untimed paragraph is interpolated by word count",
                "<cite>Ann:</cite><time>0:10</time><p>one two three</p><p>four</p><cite>Bo:</cite><time>0:18</time><p>five</p>",
                vec![
                    seg(10_000, 16_000, Some("Ann"), "one two three"),
                    seg(16_000, 18_000, Some("Ann"), "four"),
                    seg(18_000, 19_000, Some("Bo"), "five"),
                ],
            ),
            (
                "untimed paragraphs before the first time share the span from zero",
                "<p>intro words</p><p>more intro</p><cite>Ann:</cite><time>0:08</time><p>timed</p>",
                vec![
                    seg(0, 4_000, None, "intro words"),
                    seg(4_000, 8_000, None, "more intro"),
                    seg(8_000, 9_000, Some("Ann"), "timed"),
                ],
            ),
            (
                "untimed paragraphs after the last time follow by estimate",
                "<time>0:30</time><p>a b c d e</p><p>f g h</p>",
                vec![
                    seg(30_000, 32_000, None, "a b c d e"),
                    seg(32_000, 33_200, None, "f g h"),
                ],
            ),
            (
                "out-of-order times are sorted; inline markup and br become text",
                "<cite>Ann:</cite><time>[0:20]</time><p>second <b>bold</b><br>line</p><time>0:05</time><p>first</p><time>nonsense</time><p>after</p>",
                vec![
                    seg(5_000, 6_000, Some("Ann"), "first"),
                    seg(6_000, 20_000, Some("Ann"), "after"),
                    seg(20_000, 21_200, Some("Ann"), "second bold line"),
                ],
            ),
            (
                "datetime attribute when the text is not a time; empty cite clears the speaker",
                "<cite>Ann:</cite><time datetime=\"0:03\">three seconds in</time><p>x</p><cite> : </cite><time>0:04</time><p>y</p>",
                vec![
                    seg(3_000, 4_000, Some("Ann"), "x"),
                    seg(4_000, 5_000, None, "y"),
                ],
            ),
            (
                "script text is never shown",
                "<cite>Ann:</cite><time>0:00</time><p>safe<script>alert(1)</script></p><p></p>",
                vec![seg(0, 1_000, Some("Ann"), "safe")],
            ),
        ];
        for (name, input, want) in cases {
            assert_eq!(summary(input), want, "{name}");
        }
    }

    #[test]
    fn untimed_pages_and_titles() {
        let page = "<!DOCTYPE html><html><head><title> Episode  12 </title></head><body><cite>Ann:</cite><p>No times here.</p><p>None.</p></body></html>";
        let transcript = parse(page).unwrap();
        assert!(!transcript.timed);
        assert_eq!(transcript.title.as_deref(), Some("Episode 12"));
        let texts: Vec<(&str, Millis)> = transcript
            .segments
            .iter()
            .map(|s| (s.text.as_str(), s.start))
            .collect();
        assert_eq!(texts, vec![("No times here.", 0), ("None.", 0)]);

        let fragment = parse("<cite>Ann:</cite><time>0:00</time><p>hi</p>").unwrap();
        assert!(fragment.timed);
        assert_eq!(fragment.title, None);
        assert!(parse("").unwrap().segments.is_empty());
    }

    #[test]
    fn recognises_the_tag_triples() {
        let cases = [
            ("<cite>Ann:</cite><time>0:00</time><p>x</p>", true),
            (
                "<CITE class=\"s\">Ann</CITE>\n<TIME datetime=\"x\">0:00</TIME>",
                true,
            ),
            ("<cite>Ann</cite><p>no time</p>", false),
            ("<citation>x</citation><timeline>y</timeline>", false),
            ("plain text mentioning cite and time", false),
            ("<", false),
        ];
        for (input, want) in cases {
            assert_eq!(looks_like_podcasting20_html(input), want, "{input}");
        }
    }
}

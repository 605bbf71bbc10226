//! Newsletter and show-notes transcripts in the layouts that the timestamped-text reader alone
//! gets wrong: a chapter list at the top (`• Intro (0:00)`), which is chapters, not text;
//! section headings carrying a time (`Learning methods (4:10)`), which are chapters *and* the
//! time of the paragraphs under them; and a speaker name alone on a line (`Ryan:`) above
//! stamped lines (`[0:53] text`). The text is rewritten into the plain timestamped layout
//! (`[0:00:53] Ryan: text`) that `formats::timestamped` reads the same way on every load, and
//! the chapters come out separately. Pure: text in, [`Normalized`] out; `None` when the text has
//! none of these layouts, so the usual readers take it as it is.

use super::chapter_list::{chapter_line, leading_time};
use crate::model::Millis;
use crate::model::chapters::Chapter;
use crate::model::time::format_time_long;

/// Lines that announce a chapter list.
const LIST_HEADERS: &[&str] = &[
    "chapters",
    "timestamps",
    "timeline",
    "contents",
    "table of contents",
    "in this episode",
    "episode chapters",
    "show notes",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// Timestamped text.
    pub text: String,
    pub chapters: Vec<Chapter>,
}

/// Rewrites `input` when it has a chapter list, time headings or `Name:` lines above stamps.
pub fn normalize(input: &str) -> Option<Normalized> {
    let lines: Vec<&str> = input.lines().map(str::trim).collect();
    let (mut chapters, body_start) = top_list(&lines);
    let mut out: Vec<String> = Vec::new();
    let mut speaker: Option<&str> = None;
    let mut anchor: Option<Millis> = None;
    let mut rewrote = !chapters.is_empty();
    // A text that has one heading plainly titled uses the layout throughout, so a one-word
    // heading (`Intro (0:00)`) in it is a heading too, not a speaker.
    let lenient =
        (body_start..lines.len()).any(|i| time_heading(&lines, i, &chapters, false).is_some());
    for (i, line) in lines.iter().enumerate().skip(body_start) {
        if line.is_empty() {
            out.push(String::new());
            continue;
        }
        if let Some(name) = name_alone(line) {
            speaker = Some(name);
            continue;
        }
        if let Some(heading) = time_heading(&lines, i, &chapters, lenient) {
            anchor = Some(heading.start);
            chapters.push(heading);
            rewrote = true;
            continue;
        }
        match (leading_time(line), speaker) {
            (Some((time, rest)), Some(name)) if !has_speaker(rest) => {
                out.push(format!(
                    "[{}] {name}: {}",
                    format_time_long(time),
                    rest.trim()
                ));
                rewrote = true;
                anchor = None;
            }
            (Some(_), _) => {
                out.push(line.to_string());
                anchor = None;
            }
            (None, _) => match anchor.take() {
                Some(time) => out.push(format!("[{}] {line}", format_time_long(time))),
                None => out.push(line.to_string()),
            },
        }
    }
    if !rewrote {
        return None;
    }
    chapters.sort_by_key(|c| c.start);
    chapters.dedup_by(|a, b| a.start == b.start);
    let mut text = out.join("\n").trim().to_string();
    while text.contains("\n\n\n") {
        text = text.replace("\n\n\n", "\n\n");
    }
    text.push('\n');
    Some(Normalized { text, chapters })
}

/// The chapter list at the top (after an optional `Chapters:` line), and where the body starts.
fn top_list(lines: &[&str]) -> (Vec<Chapter>, usize) {
    let mut i = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let headed = lines.get(i).is_some_and(|l| {
        let l = l.trim_end_matches(':').trim().to_lowercase();
        LIST_HEADERS.contains(&l.as_str())
    });
    if headed {
        i += 1;
    }
    let mut list = Vec::new();
    let mut end = i;
    for (j, line) in lines.iter().enumerate().skip(i) {
        if line.is_empty() {
            continue;
        }
        // A title the list already has is the body's first heading repeating it.
        let entry = chapter_line(line)
            .filter(|_| headed || is_list_shaped(line))
            .filter(|c| !list.iter().any(|l: &Chapter| l.title == c.title));
        match entry {
            Some(chapter) => {
                list.push(chapter);
                end = j + 1;
            }
            None => break,
        }
    }
    if list.len() < 2 {
        return (Vec::new(), 0);
    }
    (list, end)
}

/// A bulleted line, or the time after the title: list entries, not stamped speech.
fn is_list_shaped(line: &str) -> bool {
    line.starts_with(['•', '*', '·', '▪', '-', '–']) || leading_time(line).is_none()
}

/// `Ryan:` or `Ada Lovelace:` alone on a line.
fn name_alone(line: &str) -> Option<&str> {
    let name = line.strip_suffix(':')?.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let ok = !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| w.starts_with(char::is_uppercase))
        && name
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '’' | '-'));
    ok.then_some(name)
}

/// True when the text after a stamp names its own speaker (`Mia: ...`).
fn has_speaker(rest: &str) -> bool {
    rest.split_once(':')
        .is_some_and(|(name, _)| name_alone(&format!("{}:", name.trim())).is_some())
}

/// A line standing alone that gives a section's title and time (`Learning methods (4:10)`):
/// a heading when it reads as a title rather than a speaker's name (a lowercase word, or more
/// than four words), repeats a chapter of the list, or stands above a named speaker's turn.
fn time_heading(lines: &[&str], i: usize, chapters: &[Chapter], lenient: bool) -> Option<Chapter> {
    let line = lines[i];
    if leading_time(line).is_some() || !line.ends_with([')', ']']) {
        return None;
    }
    let alone_before = i == 0 || lines[i - 1].is_empty();
    let alone_after = lines.get(i + 1).is_none_or(|l| l.is_empty());
    if !(alone_before && alone_after) {
        return None;
    }
    let chapter = chapter_line(line)?;
    let words: Vec<&str> = chapter.title.split_whitespace().collect();
    let title_like = words.len() > 4 || words.iter().any(|w| w.starts_with(char::is_lowercase));
    let listed = chapters.iter().any(|c| c.title == chapter.title);
    let next = lines[i + 1..].iter().find(|l| !l.is_empty());
    let above_a_turn = next.is_some_and(|l| {
        name_alone(l).is_some()
            || l.split_once(':')
                .is_some_and(|(n, _)| name_alone(&format!("{}:", n.trim())).is_some())
    });
    (lenient || title_like || listed || above_a_turn).then_some(chapter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_list_names_alone_and_time_headings() {
        let input = "Chapters\n• Intro (0:00)\n• Learning methods (4:10)\n\nRyan:\n[0:53] So the \
                     first thing I tried was flashcards.\n[1:20] They worked.\n\nMia:\n[2:05] And \
                     then?\n\nLearning methods (4:10)\n\nRyan:\n[4:12] Spaced repetition.\n";
        let out = normalize(input).unwrap();
        assert_eq!(
            out.text,
            "[0:00:53] Ryan: So the first thing I tried was flashcards.\n[0:01:20] Ryan: They \
             worked.\n\n[0:02:05] Mia: And then?\n\n[0:04:12] Ryan: Spaced repetition.\n"
        );
        let titles: Vec<_> = out.chapters.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["Intro", "Learning methods"]);
    }

    #[test]
    fn headings_anchor_the_paragraphs_under_them() {
        let input = "Intro (0:00)\n\nWelcome to the show.\n\nLearning methods (4:10)\n\nRyan: \
                     Spaced repetition works for me.\n\nMia: Teaching others.\n";
        let out = normalize(input).unwrap();
        assert_eq!(
            out.text,
            "[0:00:00] Welcome to the show.\n\n[0:04:10] Ryan: Spaced repetition works for \
             me.\n\nMia: Teaching others.\n"
        );
        assert_eq!(out.chapters.len(), 2);
    }

    #[test]
    fn other_text_is_left_to_the_usual_readers() {
        assert_eq!(
            normalize("[00:00:01] Ada: Hello.\n[00:00:04] Ben: Hi.\n"),
            None
        );
        assert_eq!(normalize("Ada Lovelace (00:12:34)\nShe said this.\n"), None);
        assert_eq!(normalize("Just prose (with a note).\n"), None);
        assert_eq!(normalize(""), None);
    }
}

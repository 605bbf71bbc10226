//! Chapter lists as show notes and video descriptions write them, one chapter a line, the time
//! before or after the title: `00:17:04 Chapter title`, `(00:17:04) - Title`, `[17:04] Title`,
//! `• Intro (0:00)`, `Learning methods - 4:10`. Pure: lines in, chapters out.
//!
//! A time alone in a sentence ("we met at 10:30 and talked") is not a chapter, so a time at the
//! end of a line counts only in brackets or after a dash, and a list needs two chapters at least.

use crate::formats::text::sanitize_line;
use crate::model::Millis;
use crate::model::chapters::Chapter;
use crate::model::time::parse_time;

/// The longest chapter title taken: longer lines are prose.
const MAX_TITLE_CHARS: usize = 120;

/// Every chapter line among `lines`, in order of time; empty unless there are two or more.
pub fn read_chapter_list<'a>(lines: impl IntoIterator<Item = &'a str>) -> Vec<Chapter> {
    let mut chapters: Vec<Chapter> = lines.into_iter().filter_map(chapter_line).collect();
    chapters.sort_by_key(|c| c.start);
    chapters.dedup_by(|a, b| a.start == b.start);
    if chapters.len() < 2 {
        return Vec::new();
    }
    chapters
}

/// One line as a chapter, if it is one.
pub fn chapter_line(line: &str) -> Option<Chapter> {
    let line = strip_bullet(line.trim());
    let (start, title) = time_first(line).or_else(|| time_last(line))?;
    let title = sanitize_line(
        title
            .trim()
            .trim_matches(['-', '–', '—', ':', '|', '·'])
            .trim(),
    );
    (!title.is_empty() && title.chars().count() <= MAX_TITLE_CHARS)
        .then_some(Chapter { start, title })
}

fn strip_bullet(line: &str) -> &str {
    line.trim_start_matches(['•', '*', '·', '▪', '‣', '◦', '-', '–', '—'])
        .trim_start()
}

/// The time a line starts with (`[0:53] text`, `00:17:04 Title`) and the rest of the line.
pub fn leading_time(line: &str) -> Option<(Millis, &str)> {
    time_first(line.trim())
}

/// `00:17:04 Title`, `(00:17:04) - Title`, `[17:04]: Title`.
fn time_first(line: &str) -> Option<(Millis, &str)> {
    let (stamp, rest) = match line.strip_prefix('(') {
        Some(after) => after.split_once(')')?,
        None => match line.strip_prefix('[') {
            Some(after) => after.split_once(']')?,
            None => line.split_once(char::is_whitespace)?,
        },
    };
    Some((stamp_time(stamp)?, rest))
}

/// `Title (00:17:04)`, `Title [17:04]`, `Title - 17:04`.
fn time_last(line: &str) -> Option<(Millis, &str)> {
    if let Some(inner) = line.strip_suffix(')') {
        let (title, stamp) = inner.rsplit_once('(')?;
        return Some((stamp_time(stamp)?, title));
    }
    if let Some(inner) = line.strip_suffix(']') {
        let (title, stamp) = inner.rsplit_once('[')?;
        return Some((stamp_time(stamp)?, title));
    }
    let (title, stamp) = line.rsplit_once(char::is_whitespace)?;
    let title = title.trim_end();
    let title = title
        .strip_suffix(['-', '–', '—'])
        .filter(|t| t.ends_with(char::is_whitespace))?;
    Some((stamp_time(stamp)?, title))
}

fn stamp_time(stamp: &str) -> Option<Millis> {
    let stamp = stamp.trim();
    if !stamp.contains(':')
        || !stamp
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
    {
        return None;
    }
    parse_time(stamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_of_a_chapter_line() {
        let cases = [
            ("00:17:04 Chapter title", 1_024_000, "Chapter title"),
            ("(00:17:04) - Chapter title", 1_024_000, "Chapter title"),
            ("[17:04] Chapter title", 1_024_000, "Chapter title"),
            ("0:00 - Intro", 0, "Intro"),
            ("• Intro (0:00)", 0, "Intro"),
            ("Learning methods (4:10)", 250_000, "Learning methods"),
            ("- Learning methods - 4:10", 250_000, "Learning methods"),
            ("1:02:03 | Wrap-up", 3_723_000, "Wrap-up"),
        ];
        for (line, start, title) in cases {
            let chapter = chapter_line(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(
                (chapter.start, chapter.title.as_str()),
                (start, title),
                "{line}"
            );
        }
    }

    #[test]
    fn prose_is_not_a_chapter() {
        for line in [
            "We met at 10:30 and talked for hours",
            "Ratio 3:2 was the answer",
            "(see above)",
            "12:00",
            "Chapter at 12:00",
            "",
        ] {
            assert_eq!(chapter_line(line), None, "{line}");
        }
    }

    #[test]
    fn a_list_needs_two_chapters() {
        assert!(read_chapter_list(["0:00 Intro", "no time here"]).is_empty());
        let list = read_chapter_list(["Timestamps:", "4:10 Second", "0:00 First", "0:00 First"]);
        let titles: Vec<_> = list.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["First", "Second"]);
    }
}

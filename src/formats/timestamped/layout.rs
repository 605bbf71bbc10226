//! From lines to paragraphs: which lines start a new turn (a leading stamp, a speaker prefix, a
//! `Speaker 00:12:34` header line), which continue the one before, and, in Markdown, which are
//! headings, rules, quotes or front matter.

use super::stamp::{
    bracketed_stamp_at_start, has_inline_stamp, leading_stamp, parse_clock, strip_separator,
};
use crate::formats::speaker::{
    MAX_LABEL_CHARS, is_bold_speaker_label, is_speaker_name, split_label, tidy_label,
};
use crate::model::Millis;

/// The two inputs share one reader; Markdown adds markup, headings and front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavour {
    Text,
    Markdown,
}

/// A run of lines that belong together, before inline stamps are split out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Paragraph {
    pub kind: Kind,
    /// The time written at the start of the paragraph (or on its header line).
    pub time: Option<Millis>,
    /// The speaker named by this paragraph, if it names one; otherwise the previous one goes on.
    pub speaker: Option<String>,
    /// The raw text, lines joined with a space; inline stamps and markup still in it.
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Speech,
    /// A Markdown heading of this level.
    Heading(usize),
}

/// The start of a new turn found on a line.
struct Turn<'a> {
    time: Option<Millis>,
    speaker: Option<String>,
    rest: &'a str,
}

/// Splits `input` into paragraphs, and returns the front matter's `title:` if there is one.
pub(super) fn paragraphs(input: &str, flavour: Flavour) -> (Vec<Paragraph>, Option<String>) {
    let lines = split_lines(input.trim_start_matches('\u{feff}'));
    // Front matter is metadata in any flavour (`super::front_matter`), never speech.
    let (skip, title) = front_matter(&lines);
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut current: Option<Paragraph> = None;
    // `(00:12:34) Ann Lee` alone on a line names the speaker of the text below it, but
    // `[00:00:04] Okay` followed by another stamped line is speech: the line is held as a
    // possible header until the next line decides. `current_may_be_header` is for the current
    // paragraph (text on the next line), `held_header` for one just closed by a blank line.
    let mut current_may_be_header = false;
    let mut held_header: Option<usize> = None;
    for raw in lines.iter().skip(skip) {
        let line = match flavour {
            Flavour::Markdown => strip_markdown_line(raw),
            Flavour::Text => raw.trim(),
        };
        if line.is_empty() || (flavour == Flavour::Markdown && is_thematic_break(line)) {
            if let Some(paragraph) = current.take() {
                held_header = current_may_be_header.then_some(paragraphs.len());
                paragraphs.push(paragraph);
            }
            current_may_be_header = false;
            continue;
        }
        if flavour == Flavour::Markdown
            && let Some((level, text)) = heading(line)
        {
            paragraphs.extend(current.take());
            (current_may_be_header, held_header) = (false, None);
            paragraphs.push(Paragraph {
                kind: Kind::Heading(level),
                time: None,
                speaker: None,
                body: text.to_string(),
            });
            continue;
        }
        // A plain `Name:` inside a paragraph is prose unless the paragraph itself opened with a
        // speaker (`Ann: hi` / `Bo: hello` on consecutive lines).
        let plain_speaker_allowed = current.as_ref().is_none_or(|p| p.speaker.is_some());
        if let Some(turn) = turn_start(line, flavour, plain_speaker_allowed) {
            paragraphs.extend(current.take());
            held_header = None;
            current_may_be_header = turn.time.is_some()
                && turn.speaker.is_none()
                && header_name(turn.rest, flavour).is_some();
            current = Some(Paragraph {
                kind: Kind::Speech,
                time: turn.time,
                speaker: turn.speaker,
                body: turn.rest.trim().to_string(),
            });
            continue;
        }
        if let Some(paragraph) = held_header.take().and_then(|i| paragraphs.get_mut(i)) {
            make_header(paragraph, flavour);
        }
        add_line(&mut current, &mut current_may_be_header, line, flavour);
    }
    paragraphs.extend(current);
    (paragraphs, title)
}

/// A line that starts no turn: it continues the current paragraph (which turns out to be a
/// header when it was held as a possible one), or opens an unstamped one.
fn add_line(
    current: &mut Option<Paragraph>,
    may_be_header: &mut bool,
    line: &str,
    flavour: Flavour,
) {
    match current {
        Some(paragraph) => {
            if std::mem::take(may_be_header) {
                make_header(paragraph, flavour);
            }
            if !paragraph.body.is_empty() {
                paragraph.body.push(' ');
            }
            paragraph.body.push_str(line);
        }
        None => {
            *current = Some(Paragraph {
                kind: Kind::Speech,
                time: None,
                speaker: None,
                body: line.to_string(),
            })
        }
    }
}

/// The text after a stamp, when it is nothing but a speaker's name.
fn header_name(rest: &str, flavour: Flavour) -> Option<String> {
    let name = match flavour {
        Flavour::Markdown => unescape(strip_emphasis_wrapper(rest.trim())),
        Flavour::Text => rest.trim().to_string(),
    };
    is_speaker_name(&name).then_some(name)
}

/// Turns a `(00:12:34) Ann Lee` paragraph into the header it turned out to be.
fn make_header(paragraph: &mut Paragraph, flavour: Flavour) {
    if let Some(name) = header_name(&paragraph.body, flavour) {
        paragraph.speaker = Some(name);
        paragraph.body.clear();
    }
}

/// Lines split on `\n` (a trailing `\r` trimmed later), or on `\r` alone for classic Mac files.
pub(super) fn split_lines(input: &str) -> Vec<&str> {
    if !input.contains('\n') && input.contains('\r') {
        input.split('\r').collect()
    } else {
        input.lines().collect()
    }
}

/// For the detector: the line starts with a stamp, is a `Speaker 00:12:34` header, or holds a
/// bracketed stamp.
pub(super) fn carries_stamp(line: &str) -> bool {
    leading_stamp(line).is_some()
        || speaker_header(line, Flavour::Text).is_some()
        || has_inline_stamp(line)
}

/// For the detector: the line opens a `**Speaker:**` turn, perhaps after a stamp.
pub(super) fn opens_bold_turn(line: &str) -> bool {
    let after_stamp = leading_stamp(line).map_or(line, |(_, rest)| strip_separator(rest));
    bold_speaker(after_stamp).is_some()
}

/// How a line opens a turn, if it does. Tried in order: a leading stamp (then maybe a speaker),
/// a bold speaker (then maybe a stamp), a `Speaker 00:12:34` header, a plain `Speaker:` prefix.
fn turn_start(line: &str, flavour: Flavour, plain_speaker_allowed: bool) -> Option<Turn<'_>> {
    if let Some((time, rest)) = leading_stamp(line) {
        let rest = strip_separator(rest);
        let (speaker, rest) = match speaker_prefix(rest, flavour) {
            Some((speaker, rest)) => (Some(speaker), rest),
            None => (None, rest),
        };
        return Some(Turn {
            time: Some(time),
            speaker,
            rest,
        });
    }
    if let Some((speaker, rest)) = bold_speaker(line) {
        return Some(turn_after_speaker(speaker, rest));
    }
    if let Some((speaker, time, rest)) = speaker_header(line, flavour) {
        return Some(Turn {
            time: Some(time),
            speaker: Some(speaker),
            rest,
        });
    }
    if plain_speaker_allowed && let Some((speaker, rest)) = plain_speaker(line, flavour) {
        return Some(turn_after_speaker(speaker, rest));
    }
    None
}

/// After `Speaker:` a bracketed stamp may follow (`**Ann:** \[00:12\] text`); a bare one is not
/// taken, since `Ann: 3:16 is my favourite verse` is speech.
fn turn_after_speaker(speaker: String, rest: &str) -> Turn<'_> {
    let rest = rest.trim_start();
    match bracketed_stamp_at_start(rest, true) {
        Some((time, after)) => Turn {
            time: Some(time),
            speaker: Some(speaker),
            rest: strip_separator(after),
        },
        None => Turn {
            time: None,
            speaker: Some(speaker),
            rest,
        },
    }
}

fn speaker_prefix(text: &str, flavour: Flavour) -> Option<(String, &str)> {
    bold_speaker(text).or_else(|| plain_speaker(text, flavour))
}

/// `**Name:** text` or `**Name**: text` (also with `__`).
fn bold_speaker(line: &str) -> Option<(String, &str)> {
    let marker = ["**", "__"].into_iter().find(|m| line.starts_with(m))?;
    let inner = line.get(marker.len()..)?;
    let close = inner.find(marker)?;
    let label = inner.get(..close)?;
    let after = inner.get(close + marker.len()..)?;
    let (label, rest) = match label.trim_end().strip_suffix(':') {
        Some(label) => (label, after),
        None => (label, after.strip_prefix(':')?),
    };
    let label = unescape(label);
    is_bold_speaker_label(&label).then(|| (tidy_label(&label), rest))
}

/// `Name: text` where the name passes [`is_speaker_name`] (see [`split_label`]).
fn plain_speaker(line: &str, flavour: Flavour) -> Option<(String, &str)> {
    let (label, rest) = split_label(line)?;
    let label = match flavour {
        Flavour::Markdown => unescape(label),
        Flavour::Text => label.to_string(),
    };
    is_speaker_name(&label).then(|| (label.trim().to_string(), rest))
}

/// A header line naming the speaker and the time of the paragraphs below it, as podcast sites
/// lay transcripts out: `Ann Smith  00:12:34`, `Ann Smith (00:12:34)`, `Ann Smith [00:12:34]:`.
/// A bracketed time may be followed by `:` and the first words of the turn; a bare time must end
/// the line, or `We met at 10:30 today` would name a speaker.
fn speaker_header(line: &str, flavour: Flavour) -> Option<(String, Millis, &str)> {
    // Only the first few characters can hold a name, so only they are searched for a bracket.
    let open = line
        .char_indices()
        .take(MAX_LABEL_CHARS)
        .find(|&(_, c)| matches!(c, '[' | '('))
        .map(|(i, _)| i);
    let (name, time, rest) = match open {
        Some(open) if open > 0 => {
            let before = line.get(..open)?;
            let before = before.strip_suffix('\\').unwrap_or(before);
            let (time, rest) = bracketed_stamp_at_start(line.get(open..)?, true)?;
            // `Yeah. [12:34] So...` is speech with an inline stamp, not a header.
            let rest = rest.trim_start();
            if !(rest.is_empty() || rest.starts_with(':')) {
                return None;
            }
            (before, time, rest)
        }
        _ => {
            let trimmed = line.trim_end().trim_end_matches(':');
            let (before, token) = trimmed.rsplit_once(char::is_whitespace)?;
            (before, parse_clock(token)?, "")
        }
    };
    let name = name
        .trim()
        .trim_end_matches([':', '-', '–', '—', '|', '·'])
        .trim();
    let name = match flavour {
        Flavour::Markdown => unescape(strip_emphasis_wrapper(name)),
        Flavour::Text => name.to_string(),
    };
    is_speaker_name(&name).then(|| (name, time, strip_separator(rest)))
}

fn strip_emphasis_wrapper(name: &str) -> &str {
    for marker in ["**", "__", "*", "_"] {
        if let Some(inner) = name
            .strip_prefix(marker)
            .and_then(|n| n.strip_suffix(marker))
        {
            return inner.trim();
        }
    }
    name
}

/// Removes Markdown backslash escapes from a label (`Jerod\_Santo`).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// Trims a Markdown line and drops block-quote markers and a trailing hard-break backslash.
fn strip_markdown_line(raw: &str) -> &str {
    let mut line = raw.trim();
    while let Some(rest) = line.strip_prefix('>') {
        line = rest.trim_start();
    }
    line.strip_suffix('\\')
        .filter(|rest| !rest.ends_with('\\'))
        .map_or(line, str::trim_end)
}

/// `---`, `***`, `* * *`, `\*\*\*`: a thematic break separates paragraphs and says nothing.
fn is_thematic_break(line: &str) -> bool {
    let mut marks = line.chars().filter(|c| !c.is_whitespace() && *c != '\\');
    let Some(first) = marks.next().filter(|c| matches!(c, '-' | '*' | '_')) else {
        return false;
    };
    let mut count = 1;
    for mark in marks {
        if mark != first {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// `# Title` (ATX heading): its level and text, closing `#`s removed.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = line.get(level..)?;
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((level, rest.trim().trim_end_matches('#').trim_end()))
}

/// YAML front matter (`---` ... `---`) at the very top: how many lines it takes, and its title.
fn front_matter(lines: &[&str]) -> (usize, Option<String>) {
    if lines.first().map(|l| l.trim()) != Some("---") {
        return (0, None);
    }
    let Some(end) = lines
        .iter()
        .skip(1)
        .take(200)
        .position(|l| matches!(l.trim(), "---" | "..."))
    else {
        return (0, None);
    };
    let body = lines.get(1..=end).unwrap_or_default();
    let title = body.iter().find_map(|line| {
        let value = line.trim().strip_prefix("title:")?.trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'').trim();
        (!value.is_empty()).then(|| value.to_string())
    });
    (end + 2, title)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(input: &str, flavour: Flavour) -> (Option<Millis>, Option<String>, String) {
        let (paragraphs, _) = paragraphs(input, flavour);
        let p = paragraphs.into_iter().next().expect("one paragraph");
        (p.time, p.speaker, p.body)
    }

    #[test]
    fn recognises_turn_openings() {
        use Flavour::{Markdown, Text};
        let cases: &[(&str, Flavour, Option<Millis>, Option<&str>, &str)] = &[
            ("00:00:04 text", Text, Some(4_000), None, "text"),
            ("0:04 text", Text, Some(4_000), None, "text"),
            (
                "[00:12:34] Ann Lee: text",
                Text,
                Some(754_000),
                Some("Ann Lee"),
                "text",
            ),
            ("[12:34] text", Text, Some(754_000), None, "text"),
            (
                "(00:12:34) Ann: text",
                Text,
                Some(754_000),
                Some("Ann"),
                "text",
            ),
            (
                "00:12:34 Ann: text",
                Text,
                Some(754_000),
                Some("Ann"),
                "text",
            ),
            (
                "00:12:34 - Note: text",
                Text,
                Some(754_000),
                None,
                "Note: text",
            ),
            ("Ann Lee 00:12:34", Text, Some(754_000), Some("Ann Lee"), ""),
            (
                "Ann Lee  (00:12:34)",
                Text,
                Some(754_000),
                Some("Ann Lee"),
                "",
            ),
            (
                "Ann Lee [00:12:34]:",
                Text,
                Some(754_000),
                Some("Ann Lee"),
                "",
            ),
            (
                "Ann Lee [00:12:34]: text",
                Text,
                Some(754_000),
                Some("Ann Lee"),
                "text",
            ),
            ("SPEAKER_01: text", Text, None, Some("SPEAKER_01"), "text"),
            ("We met at 10:30", Text, None, None, "We met at 10:30"),
            ("Note: text", Text, None, None, "Note: text"),
            (
                "(00:12:34) Ann Lee\ntext",
                Text,
                Some(754_000),
                Some("Ann Lee"),
                "text",
            ),
            (
                "(00:12:34) Ann Lee\n\ntext",
                Text,
                Some(754_000),
                Some("Ann Lee"),
                "",
            ),
            (
                "[00:00:04] Okay\n[00:00:05] Yes",
                Text,
                Some(4_000),
                None,
                "Okay",
            ),
            (
                "[00:00:04] Okay\n\n[00:00:05] Yes",
                Text,
                Some(4_000),
                None,
                "Okay",
            ),
            (
                "\\[00:12\\] **Ann Lee**\ntext",
                Markdown,
                Some(12_000),
                Some("Ann Lee"),
                "text",
            ),
            (
                "**Ann Lee:** \\[00:00\\] text",
                Markdown,
                Some(0),
                Some("Ann Lee"),
                "text",
            ),
            (
                "**Ann**: \\[104:15\\] text",
                Markdown,
                Some(6_255_000),
                Some("Ann"),
                "text",
            ),
            (
                "**Ann:** text \\[01:00\\] more",
                Markdown,
                None,
                Some("Ann"),
                "text \\[01:00\\] more",
            ),
            ("\\[00:05\\] text", Markdown, Some(5_000), None, "text"),
            ("> **Ann:** quoted", Markdown, None, Some("Ann"), "quoted"),
            ("**Ann** 00:12:34", Markdown, Some(754_000), Some("Ann"), ""),
            (
                "**Important:** text",
                Markdown,
                None,
                None,
                "**Important:** text",
            ),
        ];
        for &(input, flavour, time, speaker, body) in cases {
            let got = first(input, flavour);
            assert_eq!(
                got,
                (time, speaker.map(String::from), body.to_string()),
                "{input:?}"
            );
        }
    }

    #[test]
    fn joins_continuation_lines_and_splits_on_blank_lines() {
        let input =
            "Ann Lee 00:01:00\nFirst line\nsecond line.\n\nNext paragraph.\nNote: still prose.\n";
        let (paragraphs, _) = paragraphs(input, Flavour::Text);
        let bodies: Vec<&str> = paragraphs.iter().map(|p| p.body.as_str()).collect();
        assert_eq!(
            bodies,
            [
                "First line second line.",
                "Next paragraph. Note: still prose."
            ]
        );
    }

    #[test]
    fn consecutive_speaker_lines_are_separate_turns() {
        let (paragraphs, _) = paragraphs("Ann: hi\nBo: hello\n", Flavour::Text);
        let speakers: Vec<_> = paragraphs.iter().map(|p| p.speaker.as_deref()).collect();
        assert_eq!(speakers, [Some("Ann"), Some("Bo")]);
    }

    #[test]
    fn markdown_blocks() {
        let input = "---\ntitle: \"Front\"\n---\n# Heading One #\n\n* * *\n\\*\\*\\*\ntext\\\n";
        let (paragraphs, title) = paragraphs(input, Flavour::Markdown);
        assert_eq!(title.as_deref(), Some("Front"));
        let kinds: Vec<_> = paragraphs
            .iter()
            .map(|p| (p.kind, p.body.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [(Kind::Heading(1), "Heading One"), (Kind::Speech, "text")]
        );
    }
}

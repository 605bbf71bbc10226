//! Telling a speaker label from prose, for every format that writes speakers as text: `Name:` in
//! SubRip cues (the Podcasting 2.0 SRT guidance: "Include the speaker's name, followed by a
//! colon"), and `Name:`, `Name 00:12:34` and `**Name:**` in timestamped text and Markdown.
//!
//! Two rules, because the two kinds of prefix carry different evidence:
//!
//! - A plain `Name:` prefix (or a `Name 00:12:34` header line) is a speaker only when the name
//!   is short and reads like a name: one to four words (lower-case particles such as `da` or
//!   `van` are free), each starting with a capital or carrying no lower-case letter at all
//!   (`SPEAKER_00`, `$STDOUT`, `Speaker 2`, `Q`), with at least one letter, no sentence
//!   punctuation (a last word ending in `.` must be an abbreviation such as `Jr.`), and not one of
//!   the labels prose uses (`Note:`, `Update:`, `Example:`, `Part 2:`, ...). A parenthesised
//!   qualifier is part of the name (`Host (Kim)`), and a diarization label (`speaker_07`, as
//!   pyannote and whisperX write it) counts in any case. `He said: yes`, `4: the fourth point`
//!   and `Note: the audio cut out` stay text.
//! - A bold `**Name:**` prefix is the Markdown transcript convention itself, so any short label
//!   counts (up to eight words and sixty characters, still no `?`/`!` and not a prose label).
//!
//! What follows the colon is the caller's business: a subtitle cue reading `Meeting: 10:30
//! sharp` names no one ([`starts_with_clock`]), while a transcript line `Ann: 3:16 is my
//! favourite verse` is Ann speaking.

/// Labels that end in a colon in ordinary prose and notes, never names (compared lower-case).
const PROSE_LABELS: &[&str] = &[
    "also",
    "answer",
    "caution",
    "chapter",
    "chapters",
    "date",
    "disclaimer",
    "edit",
    "edited",
    "episode",
    "example",
    "examples",
    "fyi",
    "however",
    "http",
    "https",
    "important",
    "link",
    "links",
    "listen",
    "look",
    "n.b.",
    "nb",
    "note",
    "notes",
    "p.s.",
    "part",
    "ps",
    "re",
    "remember",
    "show notes",
    "source",
    "sources",
    "step",
    "subject",
    "summary",
    "tags",
    "time",
    "tip",
    "title",
    "transcript",
    "update",
    "warning",
];

/// The longest of [`PROSE_LABELS`].
const MAX_PROSE_LABEL_LEN: usize = 10;

/// Words that, followed by a number, head a section rather than name a speaker.
const SECTION_WORDS: &[&str] = &["part", "section", "step", "chapter", "round", "question"];

/// Lower-case words allowed inside a name (`Lucas Fernandes da Costa`, `Ludwig van Beethoven`).
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "la", "le",
    "ten", "ter", "van", "von", "y",
];

/// Characters no name contains: sentence punctuation, quotes, markup and stamp brackets.
const NOT_IN_NAMES: [char; 12] = ['?', '!', ';', ':', '"', '[', ']', '{', '}', '<', '>', '*'];

const MAX_NAME_WORDS: usize = 4;
const MAX_NAME_CHARS: usize = 40;
const MAX_BOLD_WORDS: usize = 8;
const MAX_BOLD_CHARS: usize = 60;
/// How far into a line a speaker label's `:` may be (names are shorter).
pub(crate) const MAX_LABEL_CHARS: usize = 64;

/// Splits `Label: rest` at the first colon, when it is near the start of the line and followed
/// by a space or the end of the line (so `http://` and `10:30` are not prefixes). The label is
/// returned as written; whether it names a speaker is [`is_speaker_name`]'s question.
pub(crate) fn split_label(line: &str) -> Option<(&str, &str)> {
    let colon = line
        .char_indices()
        .take(MAX_LABEL_CHARS)
        .find(|&(_, c)| c == ':')
        .map(|(i, _)| i)?;
    let label = line.get(..colon)?;
    let rest = line.get(colon + 1..)?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some((label, rest))
}

/// Whether a plain label (the text before `:` or before a header line's time) is a speaker name.
pub(crate) fn is_speaker_name(label: &str) -> bool {
    let label = label.trim();
    if label.is_empty() || label.chars().count() > MAX_NAME_CHARS || is_prose_label(label) {
        return false;
    }
    if is_diarization_label(label) {
        return true;
    }
    if label.contains(NOT_IN_NAMES) {
        return false;
    }
    let mut words = label.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    if is_particle(first) || !label.chars().any(char::is_alphabetic) {
        return false;
    }
    let second = words.next();
    // `Part 1:` and `Step 2:` number sections; `4:` numbers a list.
    if let Some(number) = second
        && words.clone().next().is_none()
        && number.bytes().all(|b| b.is_ascii_digit())
        && is_section_word(first)
    {
        return false;
    }
    let mut counted = 0;
    let mut last = first;
    for word in std::iter::once(first).chain(second).chain(words) {
        if !is_particle(word) {
            if !reads_as_name_word(word) {
                return false;
            }
            counted += 1;
        }
        last = word;
    }
    // `Yeah.` or `Well,` before a stamp ends a sentence; `Jr.` and `Ph.D.` are part of a name.
    if last.ends_with(',') || (last.ends_with('.') && !is_abbreviation(last)) {
        return false;
    }
    counted <= MAX_NAME_WORDS
}

/// Whether the label of a bold `**Label:**` prefix is a speaker.
pub(crate) fn is_bold_speaker_label(label: &str) -> bool {
    let label = label.trim();
    !label.is_empty()
        && label.chars().count() <= MAX_BOLD_CHARS
        && label.split_whitespace().count() <= MAX_BOLD_WORDS
        && !label.contains(['?', '!'])
        && !label.contains("://")
        && !is_prose_label(label)
}

/// A label written twice by a transcription slip (`Jerod Santo: Jerod Santo`) is read once.
pub(crate) fn tidy_label(label: &str) -> String {
    let label = label.trim().trim_end_matches(':').trim();
    let mut parts = label.split(':').map(str::trim);
    match parts.next() {
        Some(first) if !first.is_empty() && parts.all(|part| part == first) => first.to_string(),
        _ => label.to_string(),
    }
}

/// `10:30`, `1:02:03` at the start of `text`: after a colon, a time rather than speech.
pub(crate) fn starts_with_clock(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let bytes = text.as_bytes();
    digits > 0
        && bytes.get(digits) == Some(&b':')
        && bytes.get(digits + 1).is_some_and(u8::is_ascii_digit)
}

/// `SPEAKER_00`, as pyannote/whisperX diarization writes it (in any case).
fn is_diarization_label(name: &str) -> bool {
    let (Some(prefix), Some(digits)) = (name.get(..8), name.get(8..)) else {
        return false;
    };
    prefix.eq_ignore_ascii_case("speaker_")
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
}

fn reads_as_name_word(word: &str) -> bool {
    let starts_upper = word
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_numeric());
    starts_upper || !word.chars().any(char::is_lowercase)
}

/// `B.`, `Jr.`, `Ph.D.`: short, or dotted inside.
fn is_abbreviation(word: &str) -> bool {
    let stem = word.trim_end_matches('.');
    stem.chars().count() <= 2 || stem.contains('.')
}

fn is_particle(word: &str) -> bool {
    NAME_PARTICLES.contains(&word)
}

fn is_section_word(word: &str) -> bool {
    SECTION_WORDS.iter().any(|w| lower_case_equals(word, w))
}

fn is_prose_label(label: &str) -> bool {
    // Every prose label is short: most labels are names, and longer than any of them.
    if label.is_ascii() && label.len() > MAX_PROSE_LABEL_LEN {
        return false;
    }
    PROSE_LABELS.iter().any(|w| lower_case_equals(label, w))
}

/// Whether `text` lower-cased is `lower` (which is ASCII and lower-case already). Only ASCII
/// text is compared byte by byte: a few non-ASCII letters lower-case to ASCII (the Kelvin sign
/// to `k`).
fn lower_case_equals(text: &str, lower: &str) -> bool {
    if text.is_ascii() {
        text.eq_ignore_ascii_case(lower)
    } else {
        text.to_lowercase() == lower
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_labels() {
        let cases = [
            ("Ann", true),
            ("Adam Stacoviak", true),
            ("Lucas Fernandes da Costa", true),
            ("Ludwig van Beethoven", true),
            ("Dr. Ana María Ruiz", true),
            ("Mireille B. Reece, Psy.D", true),
            ("SPEAKER_00", true),
            ("speaker_07", true),
            ("Speaker 2", true),
            ("Host (Kim)", true),
            ("Part 2", false),
            ("4", false),
            ("$STDOUT", true),
            ("Q", true),
            ("José Álvarez", true),
            ("Note", false),
            ("UPDATE", false),
            ("However", false),
            ("He said", false),
            ("And then the Host", false),
            ("One Two Three Four Five", false),
            ("Why?", false),
            ("Yeah.", false),
            ("Well,", false),
            ("Sammy Davis Jr.", true),
            ("Jane Roe, Ph.D.", true),
            ("da Costa", false),
            ("https", false),
            ("(laughs)", false),
            ("", false),
        ];
        for (label, want) in cases {
            assert_eq!(is_speaker_name(label), want, "{label:?}");
        }
    }

    #[test]
    fn prose_labels_fit_the_length_shortcut() {
        assert!(PROSE_LABELS.iter().all(|w| w.len() <= MAX_PROSE_LABEL_LEN));
        assert!(
            PROSE_LABELS
                .iter()
                .all(|w| w.is_ascii() && w.to_lowercase() == *w)
        );
    }

    #[test]
    fn bold_labels() {
        let cases = [
            ("Recording begins", true),
            ("mkennedy", true),
            ("Jerod Santo: Jerod Santo", true),
            ("What is this?", false),
            ("Note", false),
            ("one two three four five six seven eight nine", false),
        ];
        for (label, want) in cases {
            assert_eq!(is_bold_speaker_label(label), want, "{label:?}");
        }
    }

    #[test]
    fn labels_end_at_a_colon_before_a_space() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("Ada: welcome", Some(("Ada", " welcome"))),
            ("Ada :  spaced", Some(("Ada ", "  spaced"))),
            ("Ada:", Some(("Ada", ""))),
            ("https://example.org", None),
            ("Ratio:2", None),
            ("no colon here", None),
        ];
        for &(line, want) in cases {
            assert_eq!(split_label(line), want, "{line:?}");
        }
        let far = format!("{}: x", "a".repeat(MAX_LABEL_CHARS));
        assert_eq!(split_label(&far), None);
    }

    #[test]
    fn doubled_labels_are_read_once() {
        assert_eq!(tidy_label("Jerod Santo: Jerod Santo:"), "Jerod Santo");
        assert_eq!(tidy_label(" Ann: "), "Ann");
        assert_eq!(tidy_label("Ann: Bo"), "Ann: Bo");
    }

    #[test]
    fn clocks_after_a_colon() {
        for (text, want) in [("10:30 sharp", true), ("1:02:03", true), ("10 am", false)] {
            assert_eq!(starts_with_clock(text), want, "{text:?}");
        }
    }
}

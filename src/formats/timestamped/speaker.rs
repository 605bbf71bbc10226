//! Telling a speaker label from prose.
//!
//! Two rules, because the two kinds of prefix carry different evidence:
//!
//! - A plain `Name:` prefix (or a `Name 00:12:34` header line) is a speaker only when the name
//!   is short and reads like a name: one to four words (lower-case particles such as `da` or
//!   `van` are free), each starting with a capital or carrying no lower-case letter at all
//!   (`SPEAKER_00`, `$STDOUT`, `Speaker 2`, `Q`), with at least one letter, no sentence
//!   punctuation (a last word ending in `.` must be an abbreviation such as `Jr.`), and not one of
//!   the labels prose uses (`Note:`, `Update:`, `Example:`, `Part 2:`, ...). `He said: yes`,
//!   `4: the fourth point` and `Note: the audio cut out` stay text.
//! - A bold `**Name:**` prefix is the Markdown transcript convention itself, so any short label
//!   counts (up to eight words and sixty characters, still no `?`/`!` and not a prose label).

/// Labels that end in a colon in ordinary prose and notes, never names (compared lower-case).
const PROSE_LABELS: &[&str] = &[
    "note",
    "notes",
    "nb",
    "n.b.",
    "ps",
    "p.s.",
    "update",
    "edit",
    "edited",
    "warning",
    "caution",
    "tip",
    "important",
    "disclaimer",
    "source",
    "sources",
    "link",
    "links",
    "example",
    "examples",
    "summary",
    "transcript",
    "chapter",
    "chapters",
    "show notes",
    "fyi",
    "re",
    "subject",
    "date",
    "time",
    "title",
    "tags",
    "http",
    "https",
];

/// Words that, followed by a number, head a section rather than name a speaker.
const SECTION_WORDS: &[&str] = &["part", "section", "step", "chapter", "round", "question"];

/// Lower-case words allowed inside a name (`Lucas Fernandes da Costa`, `Ludwig van Beethoven`).
const NAME_PARTICLES: &[&str] = &[
    "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "la", "le", "van", "von",
    "bin", "al", "y",
];

const MAX_NAME_WORDS: usize = 4;
const MAX_NAME_CHARS: usize = 40;
const MAX_BOLD_WORDS: usize = 8;
const MAX_BOLD_CHARS: usize = 60;

/// Whether a plain label (the text before `:` or before a header line's time) is a speaker name.
pub(super) fn is_speaker_name(label: &str) -> bool {
    let label = label.trim();
    if label.is_empty() || label.chars().count() > MAX_NAME_CHARS || is_prose_label(label) {
        return false;
    }
    if label.contains([
        '?', '!', ';', ':', '"', '(', ')', '[', ']', '{', '}', '<', '>', '*',
    ]) {
        return false;
    }
    let words: Vec<&str> = label.split_whitespace().collect();
    let Some(first) = words.first() else {
        return false;
    };
    if is_particle(first) || !label.chars().any(char::is_alphabetic) {
        return false;
    }
    // `Part 1:` and `Step 2:` number sections; `4:` numbers a list.
    if words.len() == 2
        && SECTION_WORDS.contains(&first.to_lowercase().as_str())
        && words
            .get(1)
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
    {
        return false;
    }
    // `Yeah.` or `Well,` before a stamp ends a sentence; `Jr.` and `Ph.D.` are part of a name.
    let last = words.last().copied().unwrap_or_default();
    if last.ends_with(',') || (last.ends_with('.') && !is_abbreviation(last)) {
        return false;
    }
    let counted = words.iter().filter(|word| !is_particle(word)).count();
    counted <= MAX_NAME_WORDS
        && words
            .iter()
            .all(|word| is_particle(word) || reads_as_name_word(word))
}

/// Whether the label of a bold `**Label:**` prefix is a speaker.
pub(super) fn is_bold_speaker_label(label: &str) -> bool {
    let label = label.trim();
    !label.is_empty()
        && label.chars().count() <= MAX_BOLD_CHARS
        && label.split_whitespace().count() <= MAX_BOLD_WORDS
        && !label.contains(['?', '!'])
        && !label.contains("://")
        && !is_prose_label(label)
}

/// A label written twice by a transcription slip (`Jerod Santo: Jerod Santo`) is read once.
pub(super) fn tidy_label(label: &str) -> String {
    let label = label.trim().trim_end_matches(':').trim();
    let mut parts = label.split(':').map(str::trim);
    match parts.next() {
        Some(first) if !first.is_empty() && parts.all(|part| part == first) => first.to_string(),
        _ => label.to_string(),
    }
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

fn is_prose_label(label: &str) -> bool {
    let lower = label.to_lowercase();
    PROSE_LABELS.contains(&lower.as_str())
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
            ("Mireille B. Reece, Psy.D", true),
            ("SPEAKER_00", true),
            ("Speaker 2", true),
            ("Part 2", false),
            ("4", false),
            ("$STDOUT", true),
            ("Q", true),
            ("José Álvarez", true),
            ("Note", false),
            ("UPDATE", false),
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
            ("", false),
        ];
        for (label, want) in cases {
            assert_eq!(is_speaker_name(label), want, "{label:?}");
        }
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
    fn doubled_labels_are_read_once() {
        assert_eq!(tidy_label("Jerod Santo: Jerod Santo:"), "Jerod Santo");
        assert_eq!(tidy_label(" Ann: "), "Ann");
        assert_eq!(tidy_label("Ann: Bo"), "Ann: Bo");
    }
}

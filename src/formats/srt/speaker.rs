//! The `Name: text` convention for speakers in subtitle cues (the Podcasting 2.0 SRT guidance:
//! "Include the speaker's name, followed by a colon"). A colon is common in ordinary speech too,
//! so a prefix only counts when it looks like a name: short, capitalised, not a label such as
//! `Note:`, not a URL scheme, and not followed by a clock time.

/// Splits `Name: rest` into the speaker and the rest of the line, or `None` when the line does
/// not start with a speaker name.
pub(crate) fn split_speaker(line: &str) -> Option<(&str, &str)> {
    let (name, rest) = line.split_once(':')?;
    let name = name.trim();
    // `Name:` ends the line or is followed by a space: rules out `https://` and `12:30`.
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    if !is_speaker_name(name) || starts_with_clock(rest.trim_start()) {
        return None;
    }
    Some((name, rest.trim()))
}

const MAX_NAME_WORDS: usize = 4;
const MAX_NAME_CHARS: usize = 40;

/// Lowercase words that belong inside names ("Ludwig van Beethoven", "Maria de la Cruz").
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "della", "der", "di", "du", "la", "le", "ten", "ter", "van",
    "von", "y",
];

/// Capitalised words that start a sentence with a colon far more often than they name someone.
const LABEL_WORDS: &[&str] = &[
    "also", "answer", "caution", "chapter", "edit", "episode", "example", "however", "link",
    "listen", "look", "nb", "note", "notes", "part", "ps", "remember", "source", "step", "tip",
    "update", "warning",
];

fn is_speaker_name(name: &str) -> bool {
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return false;
    }
    if is_diarization_label(name) {
        return true;
    }
    if !name.starts_with(char::is_uppercase) {
        return false;
    }
    let allowed = |c: char| c.is_alphanumeric() || c.is_whitespace() || ".'’-_&()".contains(c);
    if !name.chars().all(allowed) {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() > MAX_NAME_WORDS {
        return false;
    }
    if words.len() == 1 && LABEL_WORDS.contains(&name.to_lowercase().as_str()) {
        return false;
    }
    words.iter().all(|word| {
        NAME_PARTICLES.contains(word)
            || word
                .chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    })
}

/// `SPEAKER_00`, as pyannote/whisperX diarization writes it (in any case).
fn is_diarization_label(name: &str) -> bool {
    let Some(prefix) = name.get(..8) else {
        return false;
    };
    let digits = &name[8..];
    prefix.eq_ignore_ascii_case("speaker_")
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `10:30`, `1:02:03`: the colon before it introduced a time, not a speech.
fn starts_with_clock(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let bytes = text.as_bytes();
    digits > 0
        && bytes.get(digits) == Some(&b':')
        && bytes.get(digits + 1).is_some_and(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_speaker_prefixes() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("Ada: welcome back", Some(("Ada", "welcome back"))),
            ("Grace Hopper: hi", Some(("Grace Hopper", "hi"))),
            (
                "Dr. Ana María Ruiz: yes",
                Some(("Dr. Ana María Ruiz", "yes")),
            ),
            (
                "Ludwig van Beethoven: ja",
                Some(("Ludwig van Beethoven", "ja")),
            ),
            ("Speaker 2: okay", Some(("Speaker 2", "okay"))),
            ("SPEAKER_01: right", Some(("SPEAKER_01", "right"))),
            ("speaker_07: lower", Some(("speaker_07", "lower"))),
            ("Host (Kim): so", Some(("Host (Kim)", "so"))),
            ("Ada :  spaced", Some(("Ada", "spaced"))),
            ("Ada:", Some(("Ada", ""))),
            ("Q: what now", Some(("Q", "what now"))),
            ("Note: 10:30 tomorrow", None),
            ("Note: bring snacks", None),
            ("Meeting: 10:30 sharp", None),
            ("https://example.org/path", None),
            ("HTTPS://EXAMPLE.ORG", None),
            ("12:30 is lunch", None),
            ("and then: nothing", None),
            ("So the thing is: we", None),
            ("One two three four five: no", None),
            ("Well, here's the deal: go", None),
            ("Ratio:2", None),
            ("no colon here", None),
            (": empty name", None),
            (
                "A very long name that goes well past forty characters: x",
                None,
            ),
        ];
        for (line, want) in cases {
            assert_eq!(split_speaker(line), *want, "{line}");
        }
    }
}

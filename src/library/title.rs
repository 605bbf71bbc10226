//! Readable titles from file and folder names, for episodes whose files carry no title of their
//! own: `399-monorepos.vtt` reads "399: Monorepos", `030_PyCommunity_with_Jessica_McKellar.vtt`
//! "030: PyCommunity with Jessica McKellar", `the-changelog-550.md` "The changelog 550".
//!
//! Rules: `_`, `-` and spaces separate words, and so does a `.` except between digits (`1.0`);
//! export leftovers at the end (`transcript`, `final`, `subtitles`, `captions`) go; a leading
//! episode number becomes `N: ` before the rest, whose first letter is raised.

/// Trailing words that name the file, not the episode.
const LEFTOVERS: &[&str] = &["transcript", "final", "subtitles", "captions", "subs", "en"];

/// A readable title from a file name without its extension.
pub fn readable_title(stem: &str) -> String {
    let mut words = split_words(stem);
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| LEFTOVERS.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    let number = match words.first() {
        Some(first) if words.len() > 1 && first.chars().all(|c| c.is_ascii_digit()) => {
            Some(words.remove(0))
        }
        _ => None,
    };
    let rest: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, word)| capitalised(word, i == 0))
        .collect();
    let rest = rest.join(" ");
    match (number, rest.is_empty()) {
        (Some(number), false) => format!("{number}: {rest}"),
        (Some(number), true) => number,
        (None, false) => rest,
        (None, true) => "Untitled".into(),
    }
}

fn split_words(stem: &str) -> Vec<String> {
    let chars: Vec<char> = stem.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let between_digits = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        let separates =
            matches!(c, '_' | '-' | ' ') || c.is_whitespace() || (c == '.' && !between_digits);
        if separates {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The first word gets a capital first letter; the others stay as written, since a file name's
/// lowercase says nothing about a word's real case (`uv`, `iOS`, `McKellar`).
fn capitalised(word: &str, first: bool) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if first => c.to_uppercase().chain(chars).collect(),
        _ => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_titles_people_read() {
        let cases = [
            ("399-monorepos", "399: Monorepos"),
            (
                "030_PyCommunity_with_Jessica_McKellar",
                "030: PyCommunity with Jessica McKellar",
            ),
            ("the-changelog-550", "The changelog 550"),
            ("177-flask-goes-1.0", "177: Flask goes 1.0"),
            (
                "540-modern-python-monorepo-with-uv-and-prek-transcript",
                "540: Modern python monorepo with uv and prek",
            ),
            (
                "541-monty-python-in-rust-for-ai-transcript-final",
                "541: Monty python in rust for ai",
            ),
            ("543", "543"),
            ("how language models think", "How language models think"),
            ("the.big.interview", "The big interview"),
            ("", "Untitled"),
            ("---", "Untitled"),
        ];
        for (stem, want) in cases {
            assert_eq!(readable_title(stem), want, "{stem:?}");
        }
    }
}

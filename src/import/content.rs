//! Whether an untimed file holds a transcript at all. A folder import already skips untimed
//! files; a file imported by name is read as plain text, which is right for a transcript without
//! times but wrong for a project README, a licence or an empty list: those are refused with the
//! reason, instead of becoming an "episode" of headings and badges.

use crate::model::Transcript;

/// Fewer words than this is no conversation.
const MIN_WORDS: usize = 20;

/// Why `transcript` (parsed from `text`, the file named `name`) is not a transcript, if it is
/// not. Timed transcripts always are.
pub(crate) fn not_a_transcript(name: &str, text: &str, transcript: &Transcript) -> Option<String> {
    if transcript.timed {
        return None;
    }
    let stem = name.to_lowercase();
    let stem = stem.split('.').next().unwrap_or_default();
    if super::sources::is_project_file_stem(stem) {
        return Some(format!(
            "{name} is a project file ({stem}), not a transcript; nothing was imported"
        ));
    }
    let words = transcript.word_count();
    if words < MIN_WORDS {
        return Some(format!(
            "{name} has no transcript text (only {words} words and no times); nothing was imported"
        ));
    }
    let speakers = transcript.segments.iter().any(|s| s.speaker.is_some());
    let (structure, lines) = structure_lines(text);
    if !speakers && structure * 2 >= lines {
        return Some(format!(
            "{name} reads as a document ({structure} of its {lines} lines are headings, lists, \
             tables or code), not a transcript; nothing was imported"
        ));
    }
    None
}

/// How many non-empty lines are Markdown structure rather than prose, and how many there are.
fn structure_lines(text: &str) -> (usize, usize) {
    let mut in_code = false;
    let (mut structure, mut lines) = (0, 0);
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        lines += 1;
        let fence = line.starts_with("```") || line.starts_with("~~~");
        if fence {
            in_code = !in_code;
        }
        let list_item = line.starts_with(['-', '*', '+'])
            || line
                .split_once(['.', ')'])
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        let markup =
            line.starts_with(['#', '|', '>', '!', '[']) || line.starts_with("<") || list_item;
        if fence || in_code || markup {
            structure += 1;
        }
    }
    (structure, lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::timestamped::parse_plain;

    fn why(name: &str, text: &str) -> Option<String> {
        not_a_transcript(name, text, &parse_plain(text))
    }

    #[test]
    fn refuses_readmes_and_empty_lists_but_not_plain_transcripts() {
        let readme = "# podgloss\n\n![build](https://ci/badge.svg)\n\n## Install\n\n```sh\ncargo \
                      install podgloss\n```\n\n- fast\n- offline\n- notes\n\nSee the docs for more \
                      about how the reader works and what it needs.\n";
        assert!(why("README.md", readme).unwrap().contains("project file"));
        assert!(
            why("about.md", readme)
                .unwrap()
                .contains("reads as a document")
        );
        assert!(
            why("list.md", "- \n- \n* item\n")
                .unwrap()
                .contains("no transcript text")
        );
        let talk = "Welcome back to the show. Today we talk about residual streams and why \
                    they matter so much for interpretability.\n\nThanks for having me, it is \
                    great to be here and to talk about this.\n";
        assert_eq!(why("episode.txt", talk), None);
    }
}

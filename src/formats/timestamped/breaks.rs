//! Break lines in Markdown transcripts: `**Break:** [01:33] to [03:00]` (or `\[01:33\]`, one
//! stamp, a dash instead of `to`) marks where the recording paused for an ad or an intermission.
//! Read as a turn, it would show "Break: to" and a speaker called Break; it is a marked break
//! instead, whose times anchor the speech around it.

use crate::model::Millis;

/// What a break line becomes in the transcript's text.
pub(super) const BREAK_TEXT: &str = "(break)";

/// Labels that name a pause, not a person.
const LABELS: &[&str] = &[
    "break",
    "ad break",
    "intermission",
    "pause",
    "sponsor break",
];
/// Words that may join a break's two times.
const JOINERS: &[&str] = &["", "to", "-", "–", "—", "until", "till", "through"];

/// The start and end of a break, when a turn is one: its speaker label names a break and its
/// text is nothing but times and a joiner. `leading` is the time written right after the label,
/// `rest` the text before the next stamp, `stamps` the times written after that.
pub(super) fn break_times(
    speaker: Option<&str>,
    leading: Option<Millis>,
    rest: &str,
    stamps: &[(Millis, &str)],
) -> Option<(Millis, Option<Millis>)> {
    let label = speaker?.trim().to_lowercase();
    if !LABELS.contains(&label.as_str()) {
        return None;
    }
    let only_joiner = |text: &str| JOINERS.contains(&text.trim().to_lowercase().as_str());
    if !only_joiner(rest) || !stamps.iter().all(|(_, text)| only_joiner(text)) {
        return None;
    }
    let mut times = leading.into_iter().chain(stamps.iter().map(|(t, _)| *t));
    let start = times.next()?;
    let end = times.next().filter(|&end| end > start);
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_break_lines_and_leaves_speech_alone() {
        let at = |t: Millis, s: &'static str| (t, s);
        assert_eq!(
            break_times(Some("Break"), Some(93_000), "to ", &[at(180_000, "")]),
            Some((93_000, Some(180_000)))
        );
        assert_eq!(
            break_times(
                Some("Break"),
                None,
                "",
                &[at(93_000, " - "), at(180_000, "")]
            ),
            Some((93_000, Some(180_000)))
        );
        assert_eq!(
            break_times(Some("Break"), Some(93_000), "", &[]),
            Some((93_000, None))
        );
        assert_eq!(
            break_times(Some("Break"), Some(93_000), "we took one", &[]),
            None
        );
        assert_eq!(
            break_times(Some("Ann"), Some(93_000), "to", &[at(180_000, "")]),
            None
        );
        assert_eq!(break_times(Some("Break"), None, "to", &[]), None);
    }

    #[test]
    fn a_break_line_is_a_marked_break_and_later_times_hold() {
        for (open, close) in [("\\[", "\\]"), ("[", "]")] {
            let input = format!(
                "---\ntitle: Monorepos\nspeakers: [Ann Lee, Bo Chen]\ntags: [git]\n---\n\n\
                 **Ann:** {open}00:00{close} Welcome, today it is monorepos.\n\n\
                 **Break:** {open}01:33{close} to {open}03:00{close}\n\n\
                 **Bo:** Back again. One repository for everything.\n\n\
                 **Ann:** {open}04:00{close} Right.\n"
            );
            let transcript = crate::formats::timestamped::parse_markdown(&input).unwrap();
            let got: Vec<(Millis, Option<&str>, &str)> = transcript
                .segments
                .iter()
                .map(|s| (s.start, s.speaker.as_deref(), s.text.as_str()))
                .collect();
            assert_eq!(
                got,
                [
                    (0, Some("Ann"), "Welcome, today it is monorepos."),
                    (93_000, None, BREAK_TEXT),
                    (
                        180_000,
                        Some("Bo"),
                        "Back again. One repository for everything."
                    ),
                    (240_000, Some("Ann"), "Right."),
                ],
                "{input}"
            );
            assert_eq!(transcript.title.as_deref(), Some("Monorepos"));
        }
    }
}

//! The WebVTT timestamp grammar ("collect a WebVTT timestamp",
//! <https://w3c.github.io/webvtt/#collect-a-webvtt-timestamp>), shared by cue timing lines and
//! `<00:00:01.500>` timestamp tags inside cue text.
//!
//! Stricter than [`crate::model::time::parse_time`] on purpose: exactly two digits for minutes
//! and seconds (both 00-59), exactly three fraction digits after a `.`, and an hours field only
//! when there are three parts or the first part cannot be minutes.

use crate::model::Millis;

/// Reads a timestamp at the start of `input` and returns it with the unread rest, or `None`
/// where the spec returns an error. Hours too large for [`Millis`] are an error too.
pub(crate) fn collect_timestamp(input: &str) -> Option<(Millis, &str)> {
    let (first, rest) = split_digits(input);
    if first.is_empty() {
        return None;
    }
    let first_value = parse_digits(first)?;
    let first_is_hours = first.len() != 2 || first_value > 59;

    let rest = rest.strip_prefix(':')?;
    let (second, rest) = split_digits(rest);
    if second.len() != 2 {
        return None;
    }
    let second_value = parse_digits(second)?;

    let (hours, minutes, seconds, rest) = if first_is_hours || rest.starts_with(':') {
        let rest = rest.strip_prefix(':')?;
        let (third, rest) = split_digits(rest);
        if third.len() != 2 {
            return None;
        }
        (first_value, second_value, parse_digits(third)?, rest)
    } else {
        (0, first_value, second_value, rest)
    };

    let rest = rest.strip_prefix('.')?;
    let (fraction, rest) = split_digits(rest);
    if fraction.len() != 3 || minutes > 59 || seconds > 59 {
        return None;
    }
    let millis = hours
        .checked_mul(3_600_000)?
        .checked_add(minutes * 60_000 + seconds * 1_000 + parse_digits(fraction)?)?;
    Some((millis, rest))
}

/// A timestamp that must fill the whole string, as in a timestamp tag.
pub(crate) fn parse_whole_timestamp(input: &str) -> Option<Millis> {
    match collect_timestamp(input)? {
        (millis, "") => Some(millis),
        _ => None,
    }
}

/// Splits off the leading ASCII digits (one byte each, so the split is on a char boundary).
fn split_digits(input: &str) -> (&str, &str) {
    let end = input
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(input.len());
    input.split_at(end)
}

fn parse_digits(digits: &str) -> Option<Millis> {
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_spec_forms_and_rejects_the_rest() {
        let cases = [
            ("00:01.500", Some(1_500)),
            ("01:02:03.004", Some(3_723_004)),
            ("0:00:01.000", Some(1_000)),
            ("100:00:00.000", Some(360_000_000)),
            // 60 cannot be minutes, so it is hours, and hours need a third part.
            ("60:00.000", None),
            ("00:60.000", None),
            ("00:00:60.000", None),
            ("00:00.00", None),
            ("00:00.0000", None),
            ("0:00.000", None),
            ("00:00,000", None),
            ("", None),
            ("99999999999999999999:00:00.000", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_whole_timestamp(input), want, "{input}");
        }
    }

    #[test]
    fn returns_the_unread_rest() {
        assert_eq!(collect_timestamp("00:01.000 -->"), Some((1_000, " -->")));
        assert_eq!(collect_timestamp("00:00:01.000x"), Some((1_000, "x")));
    }
}

//! The jump prompt's language: `1:10:00`, `70m`, `4200s`, `+5m`, `-30s`, `50%`, or a
//! chapter title.

use crate::model::time::parse_time_spec;
use crate::model::{Chapter, Millis};

/// The time `input` names, from the current time, the episode's duration and its chapters.
pub fn resolve_jump(
    input: &str,
    current: Millis,
    duration: Millis,
    chapters: &[Chapter],
) -> Result<Millis, String> {
    let input = input.trim();
    if input.is_empty() {
        return Err("type a time: 1:10:00, 70m, +5m, 50% or a chapter title".into());
    }
    if let Some(percent) = input.strip_suffix('%') {
        let value: f64 = percent
            .trim()
            .parse()
            .map_err(|_| format!("{input:?}: not a percentage"))?;
        if !(0.0..=100.0).contains(&value) {
            return Err(format!("{input:?}: a percentage is 0 to 100"));
        }
        return Ok((duration as f64 * value / 100.0).round() as Millis);
    }
    if let Some(rest) = input.strip_prefix('+') {
        let delta = parse_time_spec(rest).ok_or_else(|| format!("{input:?}: not a time"))?;
        return Ok(current.saturating_add(delta).min(duration));
    }
    if let Some(rest) = input.strip_prefix('-') {
        let delta = parse_time_spec(rest).ok_or_else(|| format!("{input:?}: not a time"))?;
        return Ok(current.saturating_sub(delta));
    }
    if let Some(time) = parse_time_spec(input) {
        return Ok(time);
    }
    let wanted = input.to_lowercase();
    chapters
        .iter()
        .find(|c| c.title.to_lowercase().starts_with(&wanted))
        .or_else(|| {
            chapters
                .iter()
                .find(|c| c.title.to_lowercase().contains(&wanted))
        })
        .map(|c| c.start)
        .ok_or_else(|| format!("{input:?}: not a time, and no chapter is called that"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_jump() {
        let chapters = [
            Chapter {
                start: 0,
                title: "Welcome".into(),
            },
            Chapter {
                start: 4_200_000,
                title: "Deep end: circuits".into(),
            },
        ];
        let at = |input: &str| resolve_jump(input, 600_000, 7_200_000, &chapters);
        assert_eq!(at("1:10:00"), Ok(4_200_000));
        assert_eq!(at("70m"), Ok(4_200_000));
        assert_eq!(at("4200s"), Ok(4_200_000));
        assert_eq!(at("+5m"), Ok(900_000));
        assert_eq!(at("-30s"), Ok(570_000));
        assert_eq!(at("-30m"), Ok(0));
        assert_eq!(at("+9h"), Ok(7_200_000));
        assert_eq!(at("50%"), Ok(3_600_000));
        assert_eq!(at("deep"), Ok(4_200_000));
        assert_eq!(at("circuits"), Ok(4_200_000));
        assert!(at("150%").is_err());
        assert!(at("nowhere").is_err());
        assert!(at("").is_err());
    }
}

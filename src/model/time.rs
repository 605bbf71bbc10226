//! Times are integer milliseconds everywhere (SPEC §3.2); this module reads and writes the
//! human forms.

pub type Millis = u64;

/// `H:MM:SS` from an hour on, `M:SS` below it: the form readers see in the gutter and in `show`.
pub fn format_time(ms: Millis) -> String {
    let total = ms / 1000;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// `H:MM:SS` always, as in `[1:12:03]` and `[0:04:10]` lines of `podgloss show`.
pub fn format_time_long(ms: Millis) -> String {
    let total = ms / 1000;
    format!(
        "{}:{:02}:{:02}",
        total / 3600,
        (total / 60) % 60,
        total % 60
    )
}

/// Parses a clock time: `SS`, `M:SS`, `MM:SS`, `H:MM:SS`, `HH:MM:SS.mmm` (`.` or `,`),
/// `MM:SS` with minutes over 59 (`104:15`). Returns `None` for anything else.
pub fn parse_time(text: &str) -> Option<Millis> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let (clock, fraction) = match text.find(['.', ',']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty() || p.len() > 6) {
        return None;
    }
    let mut numbers = [0u64; 3];
    for (slot, part) in numbers.iter_mut().rev().zip(parts.iter().rev()) {
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    let [h, m, s] = numbers;
    // Later fields are sexagesimal; only the leading one may run over.
    if parts.len() >= 2 && s > 59 {
        return None;
    }
    if parts.len() == 3 && m > 59 {
        return None;
    }
    let mut ms = ((h * 60 + m) * 60 + s).checked_mul(1000)?;
    if let Some(f) = fraction {
        if f.is_empty() || f.len() > 3 || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let value: u64 = f.parse().ok()?;
        ms += value * 10u64.pow(3 - f.len() as u32);
    }
    Some(ms)
}

/// Seconds as a JSON number (`12.5`) to milliseconds, rounding to the nearest; `None` for
/// negative, NaN or absurd values.
pub fn seconds_to_millis(seconds: f64) -> Option<Millis> {
    if !seconds.is_finite() || !(0.0..=1e9).contains(&seconds) {
        return None;
    }
    Some((seconds * 1000.0).round() as Millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_clock_forms() {
        let cases = [
            ("0:00", Some(0)),
            ("4", Some(4_000)),
            ("1:05", Some(65_000)),
            ("70:00", Some(4_200_000)),
            ("104:15", Some(6_255_000)),
            ("1:10:00", Some(4_200_000)),
            ("01:10:00", Some(4_200_000)),
            ("00:00:01.5", Some(1_500)),
            ("00:00:01,250", Some(1_250)),
            ("1:60", None),
            ("1:60:00", None),
            ("a:00", None),
            ("", None),
            ("1::00", None),
            ("1:2:3:4", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_time(input), want, "{input}");
        }
    }

    #[test]
    fn formats_short_and_long() {
        assert_eq!(format_time(65_000), "1:05");
        assert_eq!(format_time(4_323_999), "1:12:03");
        assert_eq!(format_time_long(250_000), "0:04:10");
    }

    #[test]
    fn seconds_round_to_millis() {
        assert_eq!(seconds_to_millis(1.2345), Some(1_235));
        assert_eq!(seconds_to_millis(-1.0), None);
        assert_eq!(seconds_to_millis(f64::NAN), None);
    }
}

/// A time as a user types it on the command line or in the jump prompt: a clock (`1:10:00`,
/// `70:00`) or units (`70m`, `4200s`, `1h10m`, `1h 10m 5s`). Relative and percentage forms are
/// the reader's business.
pub fn parse_time_spec(text: &str) -> Option<Millis> {
    let text = text.trim();
    if let Some(ms) = parse_time(text) {
        return Some(ms);
    }
    let mut total: Millis = 0;
    let mut number = String::new();
    let mut seen_unit = false;
    for c in text.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'h' | 'm' | 's' => {
                let value: f64 = number.parse().ok()?;
                let unit = match c {
                    'h' => 3_600_000.0,
                    'm' => 60_000.0,
                    _ => 1_000.0,
                };
                let ms = value * unit;
                if !ms.is_finite() || ms > 1e12 {
                    return None;
                }
                total = total.checked_add(ms.round() as Millis)?;
                number.clear();
                seen_unit = true;
            }
            ' ' => {}
            _ => return None,
        }
    }
    (seen_unit && number.is_empty()).then_some(total)
}

#[cfg(test)]
mod spec_tests {
    use super::parse_time_spec;

    #[test]
    fn parses_units_and_clocks() {
        let cases = [
            ("1:10:00", Some(4_200_000)),
            ("70m", Some(4_200_000)),
            ("4200s", Some(4_200_000)),
            ("1h10m", Some(4_200_000)),
            ("1h 10m 30s", Some(4_230_000)),
            ("1.5m", Some(90_000)),
            ("m", None),
            ("10x", None),
            ("10m5", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_time_spec(input), want, "{input}");
        }
    }
}

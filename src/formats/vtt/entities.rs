//! HTML character references inside cue text (`&amp;`, `&#233;`, `&#x2014;`), which the WebVTT
//! tokenizer decodes with HTML's "consume a character reference".
//!
//! HTML knows over two thousand named references; a transcript uses a handful. This module
//! carries the ones WebVTT always had (`amp lt gt nbsp lrm rlm`) plus common punctuation and
//! Latin letters, and decodes every numeric reference. An unknown name is left as written,
//! which is also what HTML does with a name it does not know.

/// Named references with their characters. Sorted by name for the binary search.
const NAMED: &[(&str, &str)] = &[
    ("AElig", "\u{C6}"),
    ("AMP", "&"),
    ("GT", ">"),
    ("LT", "<"),
    ("QUOT", "\""),
    ("aacute", "\u{E1}"),
    ("acirc", "\u{E2}"),
    ("aelig", "\u{E6}"),
    ("agrave", "\u{E0}"),
    ("amp", "&"),
    ("apos", "'"),
    ("aring", "\u{E5}"),
    ("auml", "\u{E4}"),
    ("bull", "\u{2022}"),
    ("ccedil", "\u{E7}"),
    ("cent", "\u{A2}"),
    ("copy", "\u{A9}"),
    ("deg", "\u{B0}"),
    ("eacute", "\u{E9}"),
    ("ecirc", "\u{EA}"),
    ("egrave", "\u{E8}"),
    ("euml", "\u{EB}"),
    ("euro", "\u{20AC}"),
    ("frac12", "\u{BD}"),
    ("gt", ">"),
    ("hellip", "\u{2026}"),
    ("iacute", "\u{ED}"),
    ("iexcl", "\u{A1}"),
    ("iquest", "\u{BF}"),
    ("iuml", "\u{EF}"),
    ("laquo", "\u{AB}"),
    ("ldquo", "\u{201C}"),
    ("lrm", "\u{200E}"),
    ("lsquo", "\u{2018}"),
    ("lt", "<"),
    ("mdash", "\u{2014}"),
    ("middot", "\u{B7}"),
    ("nbsp", "\u{A0}"),
    ("ndash", "\u{2013}"),
    ("ntilde", "\u{F1}"),
    ("oacute", "\u{F3}"),
    ("ocirc", "\u{F4}"),
    ("ouml", "\u{F6}"),
    ("pound", "\u{A3}"),
    ("quot", "\""),
    ("raquo", "\u{BB}"),
    ("rdquo", "\u{201D}"),
    ("reg", "\u{AE}"),
    ("rlm", "\u{200F}"),
    ("rsquo", "\u{2019}"),
    ("sect", "\u{A7}"),
    ("shy", "\u{AD}"),
    ("szlig", "\u{DF}"),
    ("times", "\u{D7}"),
    ("trade", "\u{2122}"),
    ("uacute", "\u{FA}"),
    ("uuml", "\u{FC}"),
    ("yen", "\u{A5}"),
    ("zwj", "\u{200D}"),
    ("zwnj", "\u{200C}"),
];

/// Names HTML also accepts without the closing `;` (the legacy subset of [`NAMED`]), longest first
/// so that `&ampx` reads as `&amp` + `x`.
const WITHOUT_SEMICOLON: &[&str] = &[
    "nbsp", "quot", "QUOT", "copy", "amp", "AMP", "reg", "deg", "lt", "LT", "gt", "GT",
];

/// Decodes the character reference that starts right after an `&` at the beginning of `chars`.
/// Returns the decoded text and how many chars it used, or `None` when this is no reference
/// (the `&` is then literal).
pub(crate) fn decode_reference(chars: &[char]) -> Option<(String, usize)> {
    match chars.first()? {
        '#' => decode_numeric(chars),
        c if c.is_ascii_alphanumeric() => decode_named(chars),
        _ => None,
    }
}

fn decode_numeric(chars: &[char]) -> Option<(String, usize)> {
    let (radix, digits_from) = match chars.get(1) {
        Some('x' | 'X') => (16, 2),
        _ => (10, 1),
    };
    let mut used = digits_from;
    let mut value: u32 = 0;
    while let Some(digit) = chars.get(used).and_then(|c| c.to_digit(radix)) {
        // Past U+10FFFF the value no longer matters: it becomes U+FFFD either way.
        value = value
            .saturating_mul(radix)
            .saturating_add(digit)
            .min(0x11_0000);
        used += 1;
    }
    if used == digits_from {
        return None;
    }
    if chars.get(used) == Some(&';') {
        used += 1;
    }
    // HTML's replacements for NUL, surrogates and out-of-range values.
    let decoded = match value {
        0 => '\u{FFFD}',
        v => char::from_u32(v).unwrap_or('\u{FFFD}'),
    };
    Some((decoded.to_string(), used))
}

fn decode_named(chars: &[char]) -> Option<(String, usize)> {
    let name_len = chars
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let name: String = chars.iter().take(name_len).collect();
    if chars.get(name_len) == Some(&';')
        && let Ok(index) = NAMED.binary_search_by(|(n, _)| n.cmp(&name.as_str()))
    {
        let (_, value) = NAMED.get(index)?;
        return Some((value.to_string(), name_len + 1));
    }
    let legacy = WITHOUT_SEMICOLON
        .iter()
        .find(|legacy| name.starts_with(*legacy))?;
    let (_, value) = NAMED.iter().find(|(n, _)| n == legacy)?;
    Some((value.to_string(), legacy.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> Option<(String, usize)> {
        let chars: Vec<char> = text.chars().collect();
        decode_reference(&chars)
    }

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0));
        for legacy in WITHOUT_SEMICOLON {
            assert!(NAMED.iter().any(|(n, _)| n == legacy), "{legacy}");
        }
    }

    #[test]
    fn decodes_references() {
        let cases = [
            ("amp;", Some(("&", 4))),
            ("nbsp;x", Some(("\u{A0}", 5))),
            ("lrm;", Some(("\u{200E}", 4))),
            ("rlm;", Some(("\u{200F}", 4))),
            ("hellip;", Some(("\u{2026}", 7))),
            ("amp", Some(("&", 3))),
            ("ampx", Some(("&", 3))),
            ("#233;", Some(("\u{E9}", 5))),
            ("#x2014;", Some(("\u{2014}", 7))),
            ("#X41", Some(("A", 4))),
            ("#0;", Some(("\u{FFFD}", 3))),
            ("#xD800;", Some(("\u{FFFD}", 7))),
            ("#99999999999999999999;", Some(("\u{FFFD}", 22))),
            ("#;", None),
            ("#x;", None),
            ("unknown;", None),
            ("hellip", None),
            (" amp;", None),
            ("", None),
        ];
        for (input, want) in cases {
            let want = want.map(|(s, n)| (s.to_string(), n));
            assert_eq!(decode(input), want, "{input}");
        }
    }
}

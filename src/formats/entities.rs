//! HTML character references in transcript text (`&amp;`, `&#233;`, `&#x2014;`), decoded with one
//! table and two readings of what counts as a reference:
//!
//! - [`decode_html_reference`] is HTML's "consume a character reference", which the WebVTT cue
//!   text tokenizer uses (checked by the WPT cue-text cases): numeric references of any length,
//!   with or without the closing `;`, and the legacy names (`&amp`, `&nbsp`) without it;
//! - [`push_decoded`] is for SubRip and Markdown, which are not HTML: only a complete reference
//!   (`&name;`, `&#39;`, `&#x2019;`) is decoded, so `AT&T` and a stray `&` in speech stay text.
//!
//! HTML knows over two thousand named references; a transcript uses a handful. The table carries
//! the ones WebVTT always had (`amp lt gt nbsp lrm rlm`) plus common punctuation and Latin
//! letters. An unknown name is left as written, which is also what HTML does with a name it does
//! not know. Hand-written rather than taken from an HTML crate: the two readings differ, and the
//! table is sixty lines.

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

/// The longest name HTML's tokenizer looks at; no name in [`NAMED`] comes close.
const MAX_NAME_LEN: usize = 32;
/// In a complete reference, the most digits read: beyond U+10FFFF either way, and a longer run
/// is taken for text rather than a reference.
const MAX_DECIMAL_DIGITS: usize = 7;
const MAX_HEX_DIGITS: usize = 6;

/// A decoded reference: one character, or a table entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decoded {
    Char(char),
    Str(&'static str),
}

impl Decoded {
    pub(crate) fn push_to(self, out: &mut String) {
        match self {
            Decoded::Char(c) => out.push(c),
            Decoded::Str(s) => out.push_str(s),
        }
    }
}

/// The character of a named reference, if the table knows the name.
fn named(name: &[u8]) -> Option<&'static str> {
    NAMED
        .binary_search_by(|(n, _)| n.as_bytes().cmp(name))
        .ok()
        .and_then(|index| NAMED.get(index))
        .map(|&(_, value)| value)
}

/// HTML's replacements for NUL, surrogates and out-of-range values.
fn code_point(value: u32) -> char {
    match value {
        0 => char::REPLACEMENT_CHARACTER,
        v => char::from_u32(v).unwrap_or(char::REPLACEMENT_CHARACTER),
    }
}

/// HTML's "consume a character reference" for the text right after an `&`: the decoded text and
/// how many bytes of `after_amp` it used, or `None` when this is no reference (the `&` is then
/// literal).
pub(crate) fn decode_html_reference(after_amp: &str) -> Option<(Decoded, usize)> {
    let bytes = after_amp.as_bytes();
    match bytes.first()? {
        b'#' => decode_html_numeric(bytes),
        b if b.is_ascii_alphanumeric() => decode_html_named(bytes),
        _ => None,
    }
}

fn decode_html_numeric(bytes: &[u8]) -> Option<(Decoded, usize)> {
    let (radix, digits_from) = match bytes.get(1) {
        Some(b'x' | b'X') => (16, 2),
        _ => (10, 1),
    };
    let mut used = digits_from;
    let mut value: u32 = 0;
    while let Some(digit) = bytes.get(used).and_then(|&b| char::from(b).to_digit(radix)) {
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
    if bytes.get(used) == Some(&b';') {
        used += 1;
    }
    Some((Decoded::Char(code_point(value)), used))
}

fn decode_html_named(bytes: &[u8]) -> Option<(Decoded, usize)> {
    let name_len = bytes
        .iter()
        .take(MAX_NAME_LEN)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = bytes.get(..name_len)?;
    if bytes.get(name_len) == Some(&b';')
        && let Some(value) = named(name)
    {
        return Some((Decoded::Str(value), name_len + 1));
    }
    let legacy = WITHOUT_SEMICOLON
        .iter()
        .find(|legacy| name.starts_with(legacy.as_bytes()))?;
    Some((Decoded::Str(named(legacy.as_bytes())?), legacy.len()))
}

/// A complete reference right after an `&`: `name;`, `#digits;` or `#xhex;`. Returns the decoded
/// text and how many bytes of `after_amp` it used, the `;` included.
pub(crate) fn decode_complete_reference(after_amp: &str) -> Option<(Decoded, usize)> {
    let bytes = after_amp.as_bytes();
    if bytes.first() == Some(&b'#') {
        let (radix, digits_from, max_digits) = match bytes.get(1) {
            Some(b'x' | b'X') => (16, 2, MAX_HEX_DIGITS),
            _ => (10, 1, MAX_DECIMAL_DIGITS),
        };
        let digits = bytes
            .get(digits_from..)
            .unwrap_or_default()
            .iter()
            .take(max_digits + 1)
            .take_while(|&&b| char::from(b).is_digit(radix))
            .count();
        if digits == 0 || digits > max_digits {
            return None;
        }
        let end = digits_from + digits;
        if bytes.get(end) != Some(&b';') {
            return None;
        }
        // At most seven decimal or six hex digits: no overflow.
        let value = bytes
            .get(digits_from..end)?
            .iter()
            .filter_map(|&b| char::from(b).to_digit(radix))
            .fold(0u32, |value, digit| value * radix + digit);
        return Some((Decoded::Char(code_point(value)), end + 1));
    }
    let name_len = bytes
        .iter()
        .take(MAX_NAME_LEN)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || bytes.get(name_len) != Some(&b';') {
        return None;
    }
    let value = named(bytes.get(..name_len)?)?;
    Some((Decoded::Str(value), name_len + 1))
}

/// Appends `text` to `out` with its complete references decoded (see
/// [`decode_complete_reference`]); anything else, a lone `&` included, is copied as written.
pub(crate) fn push_decoded(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        // `&` is one byte, so the slices around it stay on char boundaries.
        let after = rest.get(amp + 1..).unwrap_or_default();
        match decode_complete_reference(after) {
            Some((decoded, used)) => {
                decoded.push_to(out);
                rest = after.get(used..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// `text` with its complete references decoded.
pub(crate) fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_decoded(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(decoded: Option<(Decoded, usize)>) -> Option<(String, usize)> {
        decoded.map(|(d, used)| {
            let mut s = String::new();
            d.push_to(&mut s);
            (s, used)
        })
    }

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0));
        for legacy in WITHOUT_SEMICOLON {
            assert!(NAMED.iter().any(|(n, _)| n == legacy), "{legacy}");
        }
    }

    #[test]
    fn html_references() {
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
            assert_eq!(text(decode_html_reference(input)), want, "{input}");
        }
    }

    #[test]
    fn complete_references_only() {
        let cases = [
            (
                "it&#39;s &quot;fine&quot; &amp; &lt;b&gt; &#x41;",
                "it's \"fine\" & <b> A",
            ),
            ("AT&T &unknown; &#0; &", "AT&T &unknown; \u{FFFD} &"),
            (
                "a&nbsp;b&hellip; &eacute;&bull;",
                "a\u{A0}b\u{2026} \u{E9}\u{2022}",
            ),
            ("&amp &lt", "&amp &lt"),
            (
                "&#; &#x; &#xZZ; &#+65; &#x+41;",
                "&#; &#x; &#xZZ; &#+65; &#x+41;",
            ),
            ("&#9999999; &#99999999;", "\u{FFFD} &#99999999;"),
            (
                "&#x110000; &#xFFFFFF; &#x1000000;",
                "\u{FFFD} \u{FFFD} &#x1000000;",
            ),
            ("&#xD800; surrogate", "\u{FFFD} surrogate"),
            ("&#0000065;", "A"),
            ("é &eacute; &&amp;", "é é &&"),
            ("&", "&"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(decode_entities(input), want, "{input:?}");
        }
    }
}

//! Display text of a subtitle line: the handful of tags subtitle editors write (`<i>`, `<b>`,
//! `<u>`, `<font color=..>`), ASS override blocks such as `{\an8}`, and HTML character references.
//!
//! Hand-written rather than run through an HTML parser: SRT is not HTML, a cue is a line or two,
//! and a real parser would reinterpret a stray `<` or `&` in ordinary speech ("x < y", "AT&T").
//! Here only something shaped like a tag is removed and only a known reference is decoded.

use crate::formats::entities::decode_entities;

/// Removes tags and `{\...}` override blocks, then decodes complete character references.
pub(crate) fn clean_line(line: &str) -> String {
    decode_entities(&strip_tags(line))
}

/// The longest tag we are prepared to remove; anything longer is more likely text that happens
/// to contain `<` and `>`.
const MAX_TAG_LEN: usize = 200;

fn strip_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(pos) = rest.find(['<', '{']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        match markup_len(tail) {
            Some(len) => rest = &tail[len..],
            None => {
                // `<` and `{` are one byte, so slicing after them stays on a char boundary.
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The byte length of the tag or override block at the start of `text`, if there is one.
fn markup_len(text: &str) -> Option<usize> {
    let (opener_ok, closer) = if let Some(after) = text.strip_prefix('<') {
        let name = after.strip_prefix('/').unwrap_or(after);
        (name.starts_with(|c: char| c.is_ascii_alphabetic()), '>')
    } else if let Some(after) = text.strip_prefix('{') {
        (after.starts_with('\\'), '}')
    } else {
        (false, '>')
    };
    if !opener_ok {
        return None;
    }
    let end = text.find(closer)?;
    (end < MAX_TAG_LEN).then_some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_subtitle_markup() {
        let cases = [
            ("plain words", "plain words"),
            ("<i>leaning</i> in", "leaning in"),
            ("<b><u>both</u></b>", "both"),
            (r#"<font color="\#ffcc00">gold</font> text"#, "gold text"),
            (r"{\an8}top of the screen", "top of the screen"),
            (r"{\i1}tilted{\i0}", "tilted"),
            ("x < y and y > z", "x < y and y > z"),
            ("I <3 radio", "I <3 radio"),
            ("{braces} stay", "{braces} stay"),
            ("unclosed <i tag", "unclosed <i tag"),
            ("AT&T &amp; friends", "AT&T & friends"),
            ("it&#39;s &#x2019;quoted&#x2019;", "it's ’quoted’"),
            ("&lt;i&gt; is literal", "<i> is literal"),
            ("&unknown; &#; &#xZZ; &#0;", "&unknown; &#; &#xZZ; \u{FFFD}"),
            ("&#99999999999;", "&#99999999999;"),
            ("&#xD800; surrogate", "\u{FFFD} surrogate"),
            ("tail &", "tail &"),
            ("é <i>ü</i> &eacute;", "é ü é"),
        ];
        for (input, want) in cases {
            assert_eq!(clean_line(input), want, "{input}");
        }
    }
}

//! Word wrapping by display width, for the transcript pane's wrap cache: each paragraph becomes
//! the byte ranges of its lines, computed once per pane width (only visible lines
//! are drawn, and nothing re-wraps the whole transcript every frame).

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

/// The lines of `text` at `width` columns: greedy, breaking at spaces, splitting words longer
/// than a line. Each range excludes the space it broke at. Never empty (an empty text is one
/// empty line).
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line_start = 0;
    let mut line_width = 0;
    let mut line_end = 0;
    for (word_start, word) in words(text) {
        let word_width = word.width();
        let word_end = word_start + word.len();
        if line_width == 0 {
            line_start = word_start;
        } else if line_width + 1 + word_width <= width {
            line_width += 1;
        } else {
            lines.push(line_start..line_end);
            line_start = word_start;
            line_width = 0;
        }
        if word_width > width {
            // A word longer than the line: cut it by characters.
            let mut piece_start = word_start;
            let mut piece_width = line_width;
            for (i, c) in word.char_indices() {
                let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if piece_width + w > width && piece_start < word_start + i {
                    lines.push(line_start..word_start + i);
                    line_start = word_start + i;
                    piece_start = line_start;
                    piece_width = 0;
                }
                piece_width += w;
            }
            line_width = piece_width;
        } else {
            line_width += word_width;
        }
        line_end = word_end;
    }
    if line_width > 0 || lines.is_empty() {
        lines.push(line_start..line_end.max(line_start));
    }
    lines
}

fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(' ')
        .scan(0, |offset, word| {
            let start = *offset;
            *offset += word.len() + 1;
            Some((start, word))
        })
        .filter(|(_, w)| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(
            lines("the residual stream is wide", 12),
            ["the residual", "stream is", "wide"]
        );
        assert_eq!(lines("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(lines("", 10), [""]);
        assert_eq!(lines("a  b", 10), ["a  b"]);
        assert_eq!(lines("日本語のテキスト", 6), ["日本語", "のテキ", "スト"]);
    }

    #[test]
    fn every_byte_of_text_is_on_some_line() {
        let text = "one two three four five six seven eight nine ten";
        for width in 5..20 {
            let wrapped = wrap(text, width);
            let joined: Vec<&str> = wrapped.iter().map(|r| &text[r.clone()]).collect();
            assert_eq!(joined.join(" "), text, "width {width}");
        }
    }
}

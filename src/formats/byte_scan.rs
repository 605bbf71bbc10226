//! Fast checks over the bytes of transcript text, for the hot paths of parsing: the text of a
//! whole corpus goes through them several times, so they test whole chunks with loops that do
//! not branch on every byte (which the compiler vectorises) and decode only the few non-ASCII
//! characters that matter.

/// What the display-text checks need to know about the bytes of a text, found in one pass
/// without branches (which the compiler vectorises) rather than a branch on every byte.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct ByteScan {
    /// An ASCII control: tab and line breaks included, and DEL.
    pub(crate) controls: bool,
    /// The first byte of a character that may be non-ASCII whitespace, a C1 control or a bidi
    /// control: all of those start with 0xC2, 0xE1, 0xE2 or 0xE3.
    pub(crate) leads: bool,
    /// Two spaces in a row.
    double_space: bool,
    /// A space first or last.
    space_at_an_end: bool,
}

impl ByteScan {
    pub(crate) fn of(text: &str) -> ByteScan {
        let bytes = text.as_bytes();
        let Some((&last, _)) = bytes.split_last() else {
            return ByteScan::default();
        };
        let mut scan = ByteScan {
            space_at_an_end: bytes.first() == Some(&b' ') || last == b' ',
            ..ByteScan::default()
        };
        // Each byte with the one after it, in chunks of a size the vectoriser can unroll; then
        // the last byte, with a NUL after it that stands for the end of the text.
        let pairs = bytes.len() - 1;
        let here = bytes.get(..pairs).unwrap_or_default();
        let next = bytes.get(1..).unwrap_or_default();
        let mut here_chunks = here.chunks_exact(16);
        let mut next_chunks = next.chunks_exact(16);
        for (here, next) in (&mut here_chunks).zip(&mut next_chunks) {
            scan.add(here, next);
        }
        scan.add(here_chunks.remainder(), next_chunks.remainder());
        scan.add(&[last], &[0]);
        scan
    }

    fn add(&mut self, here: &[u8], next: &[u8]) {
        let (mut controls, mut leads, mut double_space) = (0u8, 0u8, 0u8);
        for (&b, &after) in here.iter().zip(next) {
            controls |= u8::from(b < 0x20) | u8::from(b == 0x7F);
            leads |= u8::from(b == 0xC2) | u8::from(b == 0xE1) | u8::from(b & 0xFE == 0xE2);
            double_space |= u8::from(b == b' ') & u8::from(after == b' ');
        }
        self.controls |= controls != 0;
        self.leads |= leads != 0;
        self.double_space |= double_space != 0;
    }

    pub(crate) fn is_trimmed_single_spaced(&self) -> bool {
        !self.space_at_an_end && !self.double_space
    }
}

/// The index of the first byte of `bytes` that is `wanted`. Whole chunks are tested first with
/// a loop that does not branch on every byte (and so is vectorised); only a chunk that holds a
/// wanted byte is searched byte by byte.
pub(crate) fn find_byte(bytes: &[u8], wanted: impl Fn(u8) -> bool) -> Option<usize> {
    let mut offset = 0;
    for chunk in bytes.chunks(16) {
        if chunk.iter().fold(false, |found, &b| found | wanted(b)) {
            return chunk.iter().position(|&b| wanted(b)).map(|i| offset + i);
        }
        offset += chunk.len();
    }
    None
}

/// Whether a character of `text` that starts with one of [`ByteScan::leads`]'s bytes is `bad`.
/// The lead bytes are found with [`find_byte`], so the text between them is skipped in chunks.
pub(crate) fn any_lead_char(text: &str, bad: impl Fn(char) -> bool) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = bytes
        .get(from..)
        .and_then(|rest| find_byte(rest, |b| matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3)))
    {
        let at = from + found;
        if text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(&bad)
        {
            return true;
        }
        from = at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_bytes_in_and_across_chunks() {
        let text: Vec<u8> = (0..100u8).collect();
        for wanted in [0u8, 15, 16, 17, 31, 32, 99] {
            assert_eq!(find_byte(&text, |b| b == wanted), Some(usize::from(wanted)));
        }
        assert_eq!(find_byte(&text, |b| b == 200), None);
        assert_eq!(find_byte(b"", |_| true), None);
    }

    #[test]
    fn scans_across_chunk_edges() {
        for len in [0, 1, 2, 15, 16, 17, 31, 32, 33, 40] {
            let plain = "a".repeat(len);
            let scan = ByteScan::of(&plain);
            assert!(
                !scan.controls && !scan.leads && scan.is_trimmed_single_spaced(),
                "{len}"
            );
            for at in 0..len.saturating_sub(1) {
                let mut doubled = plain.clone().into_bytes();
                doubled[at] = b' ';
                doubled[at + 1] = b' ';
                let doubled = String::from_utf8(doubled).unwrap();
                assert!(
                    !ByteScan::of(&doubled).is_trimmed_single_spaced(),
                    "{doubled:?}"
                );
            }
            for (at, special) in [(len / 2, "\t"), (len / 2, "\u{2003}"), (len, "\u{7f}")] {
                let text = format!("{}{special}{}", &plain[..at], &plain[at..]);
                let scan = ByteScan::of(&text);
                assert!(scan.controls || scan.leads, "{text:?}");
            }
        }
    }
}

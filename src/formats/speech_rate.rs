//! How long speech takes, for times a file does not give (an untimed paragraph between two timed
//! ones, the end of a last segment): 150 words a minute, the usual figure for conversation.

use crate::model::Millis;

/// 150 words per minute: 400 ms a word.
pub(crate) const MILLIS_PER_WORD: Millis = 400;
/// No segment is estimated shorter than this, however few its words.
const MIN_DURATION: Millis = 1_000;

/// How long `words` words take to say, for segments whose end the file does not give.
pub(crate) fn estimated_duration(words: usize) -> Millis {
    (words as Millis)
        .saturating_mul(MILLIS_PER_WORD)
        .max(MIN_DURATION)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_speaking_time() {
        assert_eq!(estimated_duration(0), 1_000);
        assert_eq!(estimated_duration(150), 60_000);
        assert_eq!(estimated_duration(usize::MAX), Millis::MAX);
    }
}

//! Chapters: titled start times (read from `chapters.json` by
//! `formats::chapters_json`).

use serde::{Deserialize, Serialize};

use super::time::Millis;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    pub start: Millis,
    pub title: String,
}

/// The chapter playing at `time`, if any.
pub fn chapter_at(chapters: &[Chapter], time: Millis) -> Option<&Chapter> {
    let index = chapters.partition_point(|c| c.start <= time);
    index.checked_sub(1).map(|i| &chapters[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chapter_at_a_time_is_the_last_started() {
        let chapters = [
            Chapter {
                start: 0,
                title: "First".into(),
            },
            Chapter {
                start: 65_500,
                title: "Second".into(),
            },
        ];
        assert_eq!(chapter_at(&chapters, 70_000).unwrap().title, "Second");
        assert_eq!(chapter_at(&chapters, 10).unwrap().title, "First");
        assert!(chapter_at(&chapters[1..], 10).is_none());
    }
}

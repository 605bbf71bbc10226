//! The library listing kept with the index: every episode's title, show, date and duration are
//! recorded in the manifest when the episode is indexed, so `podgloss list` costs one sync check
//! instead of reading every `episode.toml` (and every transcript without a duration).

use super::index::SearchIndex;
use super::manifest::EpisodeSummary;

/// One episode as the index knows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Listed<'a> {
    Summary {
        slug: &'a str,
        summary: &'a EpisodeSummary,
        has_notes: bool,
    },
    /// An episode whose files could not be read when it was indexed: the caller reads it (or
    /// reports why it cannot) itself. `file` is its transcript, relative to the library.
    Unread { slug: &'a str, file: &'a str },
}

impl SearchIndex {
    /// Every episode in slug order; `None` when the index may be behind the library (another
    /// podgloss is indexing, or `.podgloss` is read-only) or does not know where an episode's
    /// transcript is (it could not be read at all), so the caller lists the files.
    pub fn listing(&self) -> Option<Vec<Listed<'_>>> {
        if !self.current {
            return None;
        }
        let listed = self.manifest.units.iter().filter_map(|(key, unit)| {
            let slug = key.strip_prefix("episode:")?;
            Some(match &unit.summary {
                Some(summary) => Some(Listed::Summary {
                    slug,
                    summary,
                    has_notes: self.manifest.has_notes(slug),
                }),
                None => unit.files.first().map(|file| Listed::Unread {
                    slug,
                    file: &file.path,
                }),
            })
        });
        listed.collect()
    }
}

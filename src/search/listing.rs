//! The library listing kept with the index: every episode's title, show, date and duration are
//! recorded in the manifest when the episode is indexed, so `podgloss list` costs one sync check
//! instead of reading every `episode.toml` (and every transcript without a duration).

use super::index::SearchIndex;
use super::manifest::EpisodeSummary;

/// One episode as the index knows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Listed {
    Summary {
        slug: String,
        summary: EpisodeSummary,
        has_notes: bool,
    },
    /// An episode whose files could not be read when it was indexed: the caller reads it (or
    /// reports why it cannot) itself. `file` is its transcript, relative to the library.
    Unread { slug: String, file: String },
}

impl SearchIndex {
    /// Every episode in slug order; `None` when the index may be behind the library (another
    /// podgloss is indexing, or `.podgloss` is read-only) or does not know where an episode's
    /// transcript is (it could not be read at all), so the caller lists the files.
    pub fn listing(&self) -> Option<Vec<Listed>> {
        if !self.current {
            return None;
        }
        let records = self.summaries.all()?;
        records
            .into_iter()
            .map(|record| match record.summary {
                Some(summary) => Some(Listed::Summary {
                    slug: record.slug,
                    summary,
                    has_notes: record.has_notes,
                }),
                None => (!record.main_file.is_empty()).then_some(Listed::Unread {
                    slug: record.slug,
                    file: record.main_file,
                }),
            })
            .collect()
    }
}

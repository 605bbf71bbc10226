//! Which items of a feed to import: `--episode TITLE-SUBSTRING` (case-insensitive), `--latest N`
//! (newest by date) or `--all`; with none of them, the feed is listed instead. The filters
//! combine: `--episode interview --latest 2` is the two newest whose title says "interview".

use std::cmp::Reverse;

use super::feed::FeedItem;

/// The selection flags of `podgloss import`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Selection<'a> {
    pub episode: Option<&'a str>,
    pub latest: Option<usize>,
    pub all: bool,
}

impl Selection<'_> {
    fn is_empty(&self) -> bool {
        self.episode.is_none() && self.latest.is_none() && !self.all
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Chosen<'a> {
    /// Nothing was asked for: list the feed.
    List,
    /// The items to import, newest first.
    Items(Vec<&'a FeedItem>),
    /// `--episode` matched no title.
    NoMatch,
}

pub fn choose<'a>(items: &'a [FeedItem], selection: Selection<'_>) -> Chosen<'a> {
    if selection.is_empty() {
        return Chosen::List;
    }
    let mut chosen = newest_first(items);
    if let Some(wanted) = selection.episode {
        let wanted = wanted.to_lowercase();
        chosen.retain(|item| item.title.to_lowercase().contains(&wanted));
        if chosen.is_empty() {
            return Chosen::NoMatch;
        }
    }
    if let Some(n) = selection.latest {
        chosen.truncate(n);
    }
    Chosen::Items(chosen)
}

/// Items by date, newest first; undated items keep the feed's order, after the dated ones.
pub fn newest_first(items: &[FeedItem]) -> Vec<&FeedItem> {
    let mut sorted: Vec<&FeedItem> = items.iter().collect();
    sorted.sort_by_key(|item| (item.published.is_none(), Reverse(item.published)));
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::web::feed::parse_pub_date;

    fn item(title: &str, date: Option<&str>) -> FeedItem {
        FeedItem {
            guid: None,
            episode: None,
            season: None,
            people: Vec::new(),
            title: title.to_string(),
            link: None,
            published: date.and_then(parse_pub_date),
            duration: None,
            enclosure: None,
            transcripts: Vec::new(),
            chapters: None,
        }
    }

    fn titles(chosen: Chosen<'_>) -> Vec<&str> {
        match chosen {
            Chosen::Items(items) => items.iter().map(|i| i.title.as_str()).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn selections() {
        let items = [
            item("Old interview", Some("2023-01-01")),
            item("Undated", None),
            item("New interview", Some("2024-06-01")),
            item("Middle talk", Some("2024-01-01")),
        ];
        let pick = |episode, latest, all| {
            choose(
                &items,
                Selection {
                    episode,
                    latest,
                    all,
                },
            )
        };
        assert_eq!(pick(None, None, false), Chosen::List);
        assert_eq!(
            titles(pick(None, None, true)),
            ["New interview", "Middle talk", "Old interview", "Undated"]
        );
        assert_eq!(
            titles(pick(None, Some(2), false)),
            ["New interview", "Middle talk"]
        );
        assert_eq!(
            titles(pick(Some("INTERVIEW"), None, false)),
            ["New interview", "Old interview"]
        );
        assert_eq!(
            titles(pick(Some("interview"), Some(1), false)),
            ["New interview"]
        );
        assert_eq!(pick(Some("nothing"), None, false), Chosen::NoMatch);
        assert_eq!(titles(pick(None, Some(10), false)).len(), 4);
    }
}

//! OPML, the subscription list every podcast app imports and exports: `<outline>` elements
//! with an `xmlUrl`, nested under category outlines or not. Read with quick-xml (already in the
//! build through the `rss` crate), attribute names compared case-insensitively since apps write
//! `xmlUrl`, `xmlurl` and `XMLURL`; written by hand, it being five lines of escaped attributes.

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::store::{FollowedFeed, is_http_url};
use crate::formats::text::sanitize_line;

/// One subscription read from an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub url: String,
    pub title: Option<String>,
}

/// Every `http(s)` feed URL in an OPML document, in document order, once each.
pub fn read_opml(bytes: &[u8]) -> Result<Vec<Subscription>, String> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().check_end_names = false;
    let mut buffer = Vec::new();
    let mut found: Vec<Subscription> = Vec::new();
    let mut saw_opml = false;
    loop {
        let event = reader.read_event_into(&mut buffer).map_err(|e| {
            format!(
                "not readable OPML (at byte {}): {e}",
                reader.buffer_position()
            )
        })?;
        match event {
            Event::Start(element) | Event::Empty(element) => {
                let name = element.local_name();
                let name = name.as_ref();
                if name.eq_ignore_ascii_case(b"opml") {
                    saw_opml = true;
                } else if name.eq_ignore_ascii_case(b"outline") {
                    if let Some(subscription) = subscription(&element, &reader) {
                        if !found.iter().any(|s| s.url == subscription.url) {
                            found.push(subscription);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    if !saw_opml {
        return Err("not an OPML file (no <opml> element)".to_string());
    }
    Ok(found)
}

fn subscription(element: &BytesStart<'_>, reader: &Reader<&[u8]>) -> Option<Subscription> {
    let mut url = None;
    let mut text = None;
    let mut title = None;
    for attribute in element.attributes().with_checks(false).flatten() {
        let key = attribute.key.local_name();
        let Ok(value) = attribute
            .decoded_and_normalized_value(quick_xml::XmlVersion::default(), reader.decoder())
        else {
            continue;
        };
        let value = sanitize_line(&value);
        match key.as_ref().to_ascii_lowercase().as_slice() {
            b"xmlurl" => url = Some(value),
            b"text" => text = Some(value),
            b"title" => title = Some(value),
            _ => {}
        }
    }
    let url = url.filter(|u| is_http_url(u))?;
    Some(Subscription {
        url,
        title: title.or(text).filter(|t| !t.is_empty()),
    })
}

/// An OPML 2.0 document listing `feeds`.
pub fn write_opml(feeds: &[FollowedFeed]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    \
         <title>podgloss feeds</title>\n  </head>\n  <body>\n",
    );
    for feed in feeds {
        let name = escape(&feed.name());
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{name}\" title=\"{name}\" xmlUrl=\"{}\"/>\n",
            escape(&feed.url)
        ));
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_apps_export() {
        let opml = br#"<?xml version="1.0" encoding="utf-8"?>
<opml version="1.0"><head><title>Subscriptions</title></head><body>
  <outline text="Science">
    <outline type="rss" text="Lab &amp; Field" xmlUrl="https://example.com/lab.xml"/>
    <outline TEXT="Loud" XMLURL="http://example.org/loud.rss"></outline>
  </outline>
  <outline text="No feed" htmlUrl="https://example.com/"/>
  <outline text="Local" xmlUrl="file:///etc/passwd"/>
  <outline text="Again" xmlUrl="https://example.com/lab.xml"/>
</body></opml>"#;
        let found = read_opml(opml).unwrap();
        assert_eq!(
            found,
            [
                Subscription {
                    url: "https://example.com/lab.xml".into(),
                    title: Some("Lab & Field".into())
                },
                Subscription {
                    url: "http://example.org/loud.rss".into(),
                    title: Some("Loud".into())
                },
            ]
        );
    }

    #[test]
    fn round_trip() {
        let feeds = vec![FollowedFeed {
            title: Some("Q&A <\"live\">".into()),
            ..FollowedFeed::new("https://example.com/feed?a=1&b=2")
        }];
        let written = write_opml(&feeds);
        let read = read_opml(written.as_bytes()).unwrap();
        assert_eq!(read[0].url, "https://example.com/feed?a=1&b=2");
        assert_eq!(read[0].title.as_deref(), Some("Q&A <\"live\">"));
    }

    #[test]
    fn refuses_other_documents() {
        assert!(read_opml(b"<rss><channel/></rss>").is_err());
        assert!(read_opml(b"\xff\xfe garbage <<<").is_err());
    }
}

//! What a fetched body is, decided by its content alone (SPEC §3.1: servers declare
//! `application/srt`, `text/html` or nothing useful): a transcript in any format podgloss
//! reads, a web page carrying one, or a chapters file. Pure: bytes in, [`Document`] out.

use serde_json::Value;

use super::newsletter;
use super::page::{Page, read_page};
use crate::formats::{self, detect::detect, podcasting20_html::looks_like_podcasting20_html};
use crate::model::{Format, Transcript};

#[derive(Debug)]
pub enum Document {
    Transcript(Found),
    /// A Podcasting 2.0 chapters file: not an episode by itself.
    Chapters,
}

/// A transcript found in a body, and what to keep of it.
#[derive(Debug)]
pub struct Found {
    /// The bytes `transcript.<ext>` keeps: the body itself, or for a newsletter-layout page the
    /// transcript text read out of it (the page as a whole would not read back as one).
    pub original: Vec<u8>,
    pub transcript: Transcript,
    /// The page's title, site and chapter list, when the body was HTML.
    pub page: Option<Page>,
}

/// Reads a fetched body. `declared` is true when a feed named the body a transcript: an HTML
/// transcript with paragraphs but no times is then accepted, where a page found by URL alone
/// must show times to count as a transcript (any page has paragraphs).
pub fn read_document(bytes: &[u8], declared: bool) -> Result<Document, String> {
    let text = formats::text::decode(bytes);
    if is_chapters_json(&text) {
        return Ok(Document::Chapters);
    }
    if detect(&text) != Format::Podcasting20Html {
        if let Some(found) = newsletter_text(&text, Page::default()) {
            return Ok(found);
        }
        let transcript =
            formats::parse_text(&text).map_err(|e| format!("not a transcript: {e}"))?;
        return Ok(Document::Transcript(Found {
            original: bytes.to_vec(),
            transcript,
            page: None,
        }));
    }
    let page = read_page(&text);
    let untimed = match formats::parse_text(&text) {
        Ok(transcript) if transcript.timed && looks_like_podcasting20_html(&text) => {
            return Ok(found_in_page(bytes.to_vec(), transcript, page));
        }
        Ok(transcript) => Some(transcript),
        Err(_) => None,
    };
    if let Some(newsletter) = &page.transcript {
        let transcript = formats::parse_text(newsletter)
            .map_err(|e| format!("the transcript on this page could not be read: {e}"))?;
        if transcript.timed {
            let original = newsletter.as_bytes().to_vec();
            return Ok(found_in_page(original, transcript, page));
        }
    }
    // Each block of the page a paragraph: a heading or a `Name:` line stands alone, as typed.
    let mut lines = super::page::visible_lines(&text);
    // The article's heading repeats the page's title, which is kept as the title, not text.
    let title = page.title.as_deref().unwrap_or_default();
    let heading = lines.iter().take_while(|l| l.trim() == title).count();
    lines.drain(..heading);
    let lines = lines.join("\n\n");
    if let Some(found) = newsletter_text(&lines, page.clone()) {
        return Ok(found);
    }
    // `[00:12:34] Speaker: text` paragraphs are timestamped text once the markup is gone.
    if detect(&lines) == Format::TimestampedText {
        if let Ok(transcript) = formats::parse_text(&lines) {
            if transcript.timed {
                return Ok(found_in_page(lines.into_bytes(), transcript, page));
            }
        }
    }
    match untimed {
        Some(transcript) if declared => Ok(found_in_page(bytes.to_vec(), transcript, page)),
        _ => Err(
            "no transcript found on this page (looked for Podcasting 2.0 \
                  <cite>/<time>/<p> paragraphs and for 'Speaker Name 00:12:34' paragraphs)"
                .to_string(),
        ),
    }
}

/// Text in one of the newsletter layouts [`newsletter`] rewrites, read as a timed transcript
/// with its chapters; `None` for any other text.
fn newsletter_text(text: &str, mut page: Page) -> Option<Document> {
    let normalized = newsletter::normalize(text)?;
    let transcript = formats::parse_text(&normalized.text).ok()?;
    if !transcript.timed {
        return None;
    }
    if !normalized.chapters.is_empty() {
        page.chapters = normalized.chapters;
    }
    Some(found_in_page(
        normalized.text.into_bytes(),
        transcript,
        page,
    ))
}

fn found_in_page(original: Vec<u8>, mut transcript: Transcript, page: Page) -> Document {
    if page.title.is_some() {
        transcript.title.clone_from(&page.title);
    }
    Document::Transcript(Found {
        original,
        transcript,
        page: Some(page),
    })
}

/// `{"version": ..., "chapters": [...]}` without transcript segments.
fn is_chapters_json(text: &str) -> bool {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if !head.starts_with('{') {
        return false;
    }
    serde_json::from_str::<Value>(head).is_ok_and(|value| {
        value.get("chapters").is_some_and(Value::is_array) && value.get("segments").is_none()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transcript(bytes: &str, declared: bool) -> Result<Found, String> {
        match read_document(bytes.as_bytes(), declared)? {
            Document::Transcript(found) => Ok(found),
            Document::Chapters => Err("chapters".into()),
        }
    }

    #[test]
    fn any_format_by_content() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\nHello.\n";
        let found = transcript(srt, false).unwrap();
        assert_eq!(found.transcript.format, Format::Srt);
        assert_eq!(found.original, srt.as_bytes());
        assert!(found.page.is_none());
    }

    #[test]
    fn chapters_are_told_apart() {
        let json = r#"{"version":"1.2.0","chapters":[{"startTime":0,"title":"Intro"}]}"#;
        assert!(matches!(
            read_document(json.as_bytes(), false),
            Ok(Document::Chapters)
        ));
    }

    #[test]
    fn podcasting20_html_is_kept_as_is() {
        let html = "<html><head><title>Ep</title></head><body>\
                    <cite>Ann:</cite><time>0:00</time><p>Hi.</p>\
                    <cite>Bo:</cite><time>0:05</time><p>Yo.</p></body></html>";
        let found = transcript(html, false).unwrap();
        assert_eq!(found.transcript.format, Format::Podcasting20Html);
        assert_eq!(found.original, html.as_bytes());
        assert_eq!(found.transcript.title.as_deref(), Some("Ep"));
    }

    #[test]
    fn a_newsletter_page_keeps_its_transcript_text() {
        let html = "<!DOCTYPE html><html><body><article><h1>Talk</h1>\
                    <p>Ann Lee 00:00:00</p><p>Hello there.</p>\
                    <p>Bo Chen 00:00:07</p><p>Hi.</p></article></body></html>";
        let found = transcript(html, false).unwrap();
        assert_eq!(found.transcript.format, Format::TimestampedText);
        assert_eq!(
            String::from_utf8(found.original).unwrap(),
            "Ann Lee 00:00:00\n\nHello there.\n\nBo Chen 00:00:07\n\nHi.\n"
        );
        assert_eq!(found.transcript.title.as_deref(), Some("Talk"));
    }

    #[test]
    fn an_ordinary_page_is_not_a_transcript_unless_a_feed_says_so() {
        let html = "<!DOCTYPE html><html><body><p>Just words.</p></body></html>";
        let err = transcript(html, false).unwrap_err();
        assert!(err.contains("no transcript found on this page"), "{err}");
        let found = transcript(html, true).unwrap();
        assert!(!found.transcript.timed);
    }

    #[test]
    fn binary_bodies_are_refused() {
        let err =
            transcript("ID3\u{3}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}", false).unwrap_err();
        assert!(err.starts_with("not a transcript"), "{err}");
    }
}

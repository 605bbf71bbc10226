//! Chapters from Podcasting 2.0 chapters JSON (`chapters.json`): `{"version", "chapters":
//! [{"startTime", "title", "url"?, "toc"?}]}`, seconds as numbers or numeric strings.

use serde_json::Value;

use super::ParseError;
use super::text::sanitize_line;
use crate::model::Chapter;
use crate::model::time::seconds_to_millis;

/// Reads a chapters JSON document. Chapters come out sorted by start; untitled ones and those
/// marked `"toc": false` (the spec's "not a table-of-contents entry") are dropped.
pub fn parse_chapters_json(input: &str) -> Result<Vec<Chapter>, ParseError> {
    let input = input.trim_start_matches('\u{feff}');
    let document: Value = serde_json::from_str(input)
        .map_err(|e| ParseError::new(e.line(), format!("chapters JSON: {e}")))?;
    let list = document
        .get("chapters")
        .and_then(Value::as_array)
        .ok_or_else(|| ParseError::new(0, "chapters JSON: no \"chapters\" list"))?;
    let mut chapters = Vec::new();
    for entry in list {
        if entry.get("toc").and_then(Value::as_bool) == Some(false) {
            continue;
        }
        let start = match entry.get("startTime") {
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
        .and_then(seconds_to_millis);
        let title = entry
            .get("title")
            .and_then(Value::as_str)
            .map(sanitize_line)
            .unwrap_or_default();
        if let (Some(start), false) = (start, title.is_empty()) {
            chapters.push(Chapter { start, title });
        }
    }
    chapters.sort_by_key(|c| c.start);
    Ok(chapters)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::chapters::chapter_at;

    #[test]
    fn reads_chapters_sorted_and_skips_non_toc() {
        let json = r#"{"version":"1.2.0","chapters":[
            {"startTime":"65.5","title":"Second"},
            {"startTime":0,"title":"First"},
            {"startTime":30,"title":"Hidden","toc":false},
            {"startTime":90}
        ]}"#;
        let chapters = parse_chapters_json(json).unwrap();
        assert_eq!(
            chapters,
            [
                Chapter {
                    start: 0,
                    title: "First".into()
                },
                Chapter {
                    start: 65_500,
                    title: "Second".into()
                },
            ]
        );
        assert_eq!(chapter_at(&chapters, 70_000).unwrap().title, "Second");
        assert_eq!(chapter_at(&chapters, 10).unwrap().title, "First");
    }

    #[test]
    fn bad_chapters_report_the_line() {
        let err = parse_chapters_json("{\n\"chapters\": [\n oops ]}").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(parse_chapters_json("{}").is_err());
    }
}

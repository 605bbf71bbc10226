//! What the JSON formats (Podcasting 2.0, whisper, whisper.cpp, YouTube json3) share: reading the
//! text with serde_json, and the loosely typed fields every one of them has in the wild.

use serde_json::{Map, Value};

use super::{ParseError, ParseResult, excerpt};
use crate::model::time::seconds_to_millis;
use crate::model::{Millis, parse_time};

/// Parses JSON text (after an optional byte-order mark), reporting a syntax error at its line.
pub(crate) fn read_json(input: &str) -> ParseResult<Value> {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    serde_json::from_str(input).map_err(|error| syntax_error(&error))
}

/// A serde_json error as the user sees it: the reason, with the line in the error's own field.
pub(crate) fn syntax_error(error: &serde_json::Error) -> ParseError {
    // serde's message ends in " at line L column C"; the line goes in the error's own field.
    let full = error.to_string();
    let reason = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i]);
    ParseError::new(
        error.line(),
        format!("invalid JSON: {reason} (column {})", error.column()),
    )
}

/// The array under `key` of the top-level object.
pub(crate) fn json_array<'a>(root: &'a Value, key: &str) -> ParseResult<&'a Vec<Value>> {
    root.get(key)
        .ok_or_else(|| ParseError::new(0, format!("missing `{key}` array")))?
        .as_array()
        .ok_or_else(|| ParseError::new(0, format!("`{key}` is not an array")))
}

/// Element `index` of the array `array`, which must be an object.
pub(crate) fn json_object<'a>(
    value: &'a Value,
    array: &str,
    index: usize,
) -> ParseResult<&'a Map<String, Value>> {
    value.as_object().ok_or_else(|| {
        ParseError::new(
            0,
            format!(
                "{array}[{index}]: expected an object, found `{}`",
                json_excerpt(value)
            ),
        )
    })
}

/// Seconds as a JSON number or a string holding one (or a clock time).
pub(crate) fn json_seconds(value: &Value) -> Option<Millis> {
    match value {
        Value::Number(n) => seconds_to_millis(n.as_f64()?),
        Value::String(s) => {
            let s = s.trim();
            match s.parse::<f64>() {
                Ok(seconds) => seconds_to_millis(seconds),
                Err(_) => parse_time(s),
            }
        }
        _ => None,
    }
}

/// A trimmed, non-empty string field.
pub(crate) fn json_label(value: Option<&Value>) -> Option<String> {
    let text = value?.as_str()?.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// The JSON text of `value`, cut short, for quoting in an error.
pub(crate) fn json_excerpt(value: &Value) -> String {
    excerpt(&value.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn loosely_typed_fields() {
        let cases = [
            (json!(1.5), Some(1_500)),
            (json!("2.25"), Some(2_250)),
            (json!(" 00:01:02.500 "), Some(62_500)),
            (json!("soon"), None),
            (json!(-1), None),
            (json!(null), None),
        ];
        for (value, want) in cases {
            assert_eq!(json_seconds(&value), want, "{value}");
        }
        assert_eq!(json_label(Some(&json!(" Ann "))).as_deref(), Some("Ann"));
        assert_eq!(json_label(Some(&json!(" "))), None);
        assert_eq!(json_label(Some(&json!(7))), None);
        let long = json!("x".repeat(100));
        assert!(json_excerpt(&long).ends_with("xx…"));
        assert_eq!(json_excerpt(&json!([1, 2])), "[1,2]");
    }
}

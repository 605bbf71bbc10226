//! Reading one array of a large JSON object an element at a time (issue 13: a 16 MB
//! Podcasting 2.0 file took 463 MB as a `serde_json::Value` tree of the whole document). Only
//! one element is ever held as a `Value`; everything else in the document is skipped unread.
//! Syntax errors are reported exactly as [`super::json::read_json`] reports them.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::json::syntax_error;
use super::{ParseError, ParseResult};

/// Hands each element of the top-level object's array `key` to `each`, with its index, in
/// order. Fails as `json_array` does when the array is missing or not an array, with the first
/// error `each` returns, or with the document's first syntax error.
pub(crate) fn for_each_element(
    input: &str,
    key: &str,
    mut each: impl FnMut(usize, Value) -> ParseResult<()>,
) -> ParseResult<()> {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    let failure = RefCell::new(None);
    let mut found = false;
    let root = Root {
        key,
        each: &mut each,
        failure: &failure,
        found: &mut found,
    };
    let mut deserializer = serde_json::Deserializer::from_str(input);
    let read = root
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    if let Some(error) = failure.into_inner() {
        return Err(error);
    }
    read.map_err(|error| syntax_error(&error))?;
    if found {
        Ok(())
    } else {
        Err(ParseError::new(0, format!("missing `{key}` array")))
    }
}

/// Visitor methods that accept any scalar and answer `$value`: a value of another type than
/// the one looked for is not an error here, only not what was looked for.
macro_rules! accept_scalars {
    ($value:expr) => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}

/// What format detection needs of a JSON document, read without building it as a tree: its
/// top-level keys (when it is an object) and the first element of its array `key`.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Outline {
    pub keys: Vec<String>,
    pub first: Option<Value>,
}

/// The [`Outline`] of `input`: `Err` when it is not JSON, `Ok(None)` when it is JSON but not an
/// object.
pub(crate) fn outline(input: &str, key: &str) -> Result<Option<Outline>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(input);
    let outline = OutlineSeed { key }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(outline)
}

struct OutlineSeed<'a> {
    key: &'a str,
}

impl<'de> DeserializeSeed<'de> for OutlineSeed<'_> {
    type Value = Option<Outline>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for OutlineSeed<'_> {
    type Value = Option<Outline>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut outline = Outline::default();
        while let Some(name) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if name == self.key && outline.first.is_none() {
                outline.first = map.next_value_seed(FirstElement)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
            outline.keys.push(name.into_owned());
        }
        Ok(Some(outline))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    accept_scalars!(None);
}

/// The first element of an array (the rest skipped); `None` for an empty array or another value.
struct FirstElement;

impl<'de> DeserializeSeed<'de> for FirstElement {
    type Value = Option<Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FirstElement {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let first = seq.next_element::<Value>()?;
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(first)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    accept_scalars!(None);
}

type Each<'f> = dyn FnMut(usize, Value) -> ParseResult<()> + 'f;

/// The whole document: an object is searched for `key`; anything else has no such array.
struct Root<'a, 'f> {
    key: &'a str,
    each: &'a mut Each<'f>,
    failure: &'a RefCell<Option<ParseError>>,
    found: &'a mut bool,
}

impl<'de> DeserializeSeed<'de> for Root<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Root<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if name == self.key && !*self.found {
                *self.found = true;
                map.next_value_seed(Elements {
                    key: self.key,
                    each: &mut *self.each,
                    failure: self.failure,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    accept_scalars!(());
}

/// The array's value: elements go to `each` one by one; any other value is the caller's error.
struct Elements<'a, 'f> {
    key: &'a str,
    each: &'a mut Each<'f>,
    failure: &'a RefCell<Option<ParseError>>,
}

impl<'de> DeserializeSeed<'de> for Elements<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let failure = self.failure;
        let key = self.key.to_owned();
        deserializer.deserialize_any(self).inspect_err(|error| {
            let mut failure = failure.borrow_mut();
            if failure.is_none() && error.to_string().starts_with(NOT_AN_ARRAY) {
                *failure = Some(ParseError::new(0, format!("`{key}` is not an array")));
            }
        })
    }
}

/// The start of serde's message when the array's value has another type; `expecting` below.
const NOT_AN_ARRAY: &str = "invalid type";

impl<'de> Visitor<'de> for Elements<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(element) = seq.next_element::<Value>()? {
            if let Err(error) = (self.each)(index, element) {
                *self.failure.borrow_mut() = Some(error);
                return Err(serde::de::Error::custom("stopped"));
            }
            index += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elements(input: &str) -> Result<Vec<Value>, String> {
        let mut seen = Vec::new();
        for_each_element(input, "segments", |index, value| {
            assert_eq!(index, seen.len());
            seen.push(value);
            Ok(())
        })
        .map(|()| seen)
        .map_err(|e| e.to_string())
    }

    #[test]
    fn hands_over_the_elements_of_one_array_only() {
        let got = elements(r#"{"a":[1,{"x":[2]}],"segments":[{"b":1},"c",3],"d":{"segments":4}}"#);
        assert_eq!(
            got.unwrap(),
            vec![serde_json::json!({"b": 1}), "c".into(), 3.into()]
        );
        assert!(elements("\u{feff}{\"segments\": []}").unwrap().is_empty());
    }

    #[test]
    fn reports_what_read_json_and_json_array_report() {
        assert!(
            elements("[1, 2]")
                .unwrap_err()
                .contains("missing `segments` array")
        );
        assert!(
            elements("{}")
                .unwrap_err()
                .contains("missing `segments` array")
        );
        assert!(
            elements("7")
                .unwrap_err()
                .contains("missing `segments` array")
        );
        let not_array = elements(r#"{"segments": {"a": 1}}"#).unwrap_err();
        assert!(
            not_array.contains("`segments` is not an array"),
            "{not_array}"
        );
        let syntax = elements("{\n\"segments\": [1,\n oops]}").unwrap_err();
        assert!(syntax.contains("invalid JSON"), "{syntax}");
        assert!(elements(r#"{"segments": []} trailing"#).is_err());
    }

    #[test]
    fn stops_at_the_first_error_of_the_caller() {
        let mut calls = 0;
        let error = for_each_element(r#"{"segments": [1, 2, 3]}"#, "segments", |index, _| {
            calls += 1;
            if index == 1 {
                Err(ParseError::new(0, "segments[1]: no"))
            } else {
                Ok(())
            }
        })
        .unwrap_err();
        assert_eq!(calls, 2);
        assert!(error.to_string().contains("segments[1]: no"), "{error}");
    }

    #[test]
    fn outlines_name_the_keys_and_the_first_element_only() {
        let got = outline(
            r#"{"events": 1, "segments": [{"start": 1}, {"x": 2}]}"#,
            "segments",
        );
        let got = got.unwrap().unwrap();
        assert_eq!(got.keys, vec!["events", "segments"]);
        assert_eq!(got.first, Some(serde_json::json!({"start": 1})));
        let got = outline(r#"{"segments": {"a": [1]}, "b": "c"}"#, "segments");
        assert_eq!(got.unwrap().unwrap().first, None);
        assert_eq!(outline("[1, {\"a\": 2}]", "segments").unwrap(), None);
        assert_eq!(outline("\"text\"", "segments").unwrap(), None);
        assert!(outline("{\"segments\": [", "segments").is_err());
    }
}

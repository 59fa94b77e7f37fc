//! The reference reader of the JSON form: serde_json visitors, the path the fast reader
//! (`scan.rs`) is tested against and falls back to.
//!
//! Objects are read key by key, never through `serde_json::Value` or a map, so that repeated
//! keys, case variants and unknown keys all reach the rules (R5). Values are kept as raw JSON
//! text ([`RawValue`]) and judged by the rules, so a bad number or string in one field is a
//! finding for that field, not a failure of the whole document. Every `visit_*` serde_json can
//! call is implemented, so no default method ever builds an error message holding input text.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::model::{FieldValue, Item, Items, ItemsError, Kind, Param, Raw};
use crate::finding::{Code, Finding, Path};

/// Reads a JSON document that should be an object of API parameters: its parameters in order.
pub(crate) fn request(text: &str) -> Result<Vec<Param<'_>>, Finding> {
    let mut de = serde_json::Deserializer::from_str(text);
    let read = de
        .deserialize_any(Collect::<ObjectOf>::new())
        .and_then(|r| de.end().map(|()| r));
    match read {
        Ok(Shape::Object(fields)) => Ok(fields
            .into_iter()
            .map(|(key, value)| Param {
                key,
                value: Raw::Json(value.get()),
            })
            .collect()),
        Ok(Shape::Other(kind)) => Err(Finding::new(
            Code::MalformedRequest,
            Path::Root,
            format!(
                "the request is {}; expected a JSON object of API parameters or a query string",
                kind.with_article()
            ),
        )),
        Err(e) => Err(Finding::new(
            Code::MalformedRequest,
            Path::Root,
            format!("the request is not valid JSON: {}", syntax(&e)),
        )),
    }
}

/// Reads the `BackendServers` JSON array, keeping at most `cap` items. Past the cap it only
/// counts, skipping each further item without building it.
pub(crate) fn items(text: &str, cap: usize) -> Result<Items<'_>, ItemsError> {
    items_described(text, cap, serde_json::Error::to_string)
}

/// [`items`], with a syntax error described by `describe` (escaped afterwards).
pub(crate) fn items_described(
    text: &str,
    cap: usize,
    describe: impl FnOnce(&serde_json::Error) -> String,
) -> Result<Items<'_>, ItemsError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let read = de
        .deserialize_any(ItemsVisitor { cap })
        .and_then(|r| de.end().map(|()| r));
    match read {
        Ok(ItemsShape::Array(items)) => Ok(items),
        Ok(ItemsShape::Other(Kind::String)) => Err(ItemsError::DoubleEncoded),
        Ok(ItemsShape::Other(kind)) => Err(ItemsError::NotArray(kind)),
        Err(e) => Err(ItemsError::Syntax(crate::text::escaped_message(&describe(
            &e,
        )))),
    }
}

/// serde_json's syntax errors come from a fixed list of messages with a line and column; none
/// quotes the input (our visitors accept every kind of value, so no "invalid type" message with
/// input text in it can arise).
fn syntax(e: &serde_json::Error) -> String {
    crate::text::escaped_message(&e.to_string())
}

// ---------------------------------------------------------------------------------------------
// Visitors

/// A key, borrowed from the input when it holds no escape.
struct KeyText<'a>(Cow<'a, str>);

impl<'de> de::Deserialize<'de> for KeyText<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = KeyText<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<KeyText<'de>, E> {
                Ok(KeyText(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText<'de>, E> {
                Ok(KeyText(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<KeyText<'de>, E> {
                Ok(KeyText(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// What a value was: an object (its fields in order) or another kind.
enum Shape<'a> {
    Object(Vec<(Cow<'a, str>, &'a RawValue)>),
    Other(Kind),
}

/// A visitor for any JSON value that keeps an object's fields and only the kind of anything
/// else; nested values are skipped without being built.
struct Collect<T>(std::marker::PhantomData<T>);
/// Marker: collect an object's fields.
struct ObjectOf;

impl<T> Collect<T> {
    fn new() -> Self {
        Collect(std::marker::PhantomData)
    }
}

/// Implements every `visit_*` serde_json can call as "a value of this kind", so that no default
/// method ever builds an error message holding input text.
macro_rules! other_kinds {
    ($ret:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($ret(Kind::Boolean))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($ret(Kind::Number))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($ret(Kind::Number))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($ret(Kind::Number))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($ret(Kind::String))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($ret(Kind::Null))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($ret(Kind::Null))
        }
    };
}

impl<'de> Visitor<'de> for Collect<ObjectOf> {
    type Value = Shape<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    other_kinds!(Shape::Other);

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Shape::Other(Kind::Array))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape<'de>, A::Error> {
        let mut fields = Vec::new();
        while let Some(KeyText(key)) = map.next_key::<KeyText<'de>>()? {
            let value: &'de RawValue = map.next_value()?;
            fields.push((key, value));
        }
        Ok(Shape::Object(fields))
    }
}

impl<'de> DeserializeSeed<'de> for Collect<ObjectOf> {
    type Value = Shape<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Shape<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

enum ItemsShape<'a> {
    Array(Items<'a>),
    Other(Kind),
}

struct ItemsVisitor {
    cap: usize,
}

impl<'de> Visitor<'de> for ItemsVisitor {
    type Value = ItemsShape<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array")
    }

    other_kinds!(ItemsShape::Other);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ItemsShape<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(ItemsShape::Other(Kind::Object))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ItemsShape<'de>, A::Error> {
        let mut read = Items::default();
        loop {
            if read.count < self.cap {
                match seq.next_element_seed(Collect::<ObjectOf>::new())? {
                    Some(Shape::Object(fields)) => {
                        let start = read.fields.len();
                        for (k, v) in fields {
                            read.push(k, FieldValue::Json(v.get()));
                        }
                        read.items.push(Item::Object(start..read.fields.len()));
                    }
                    Some(Shape::Other(kind)) => read.items.push(Item::Other(kind)),
                    None => break,
                }
            } else {
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    break;
                }
                if read.count == self.cap {
                    // Past the cap: the items are not checked one by one (R4), so free them.
                    read.items = Vec::new();
                    read.fields = Vec::new();
                    read.owned_keys = Vec::new();
                }
            }
            read.count = read.count.saturating_add(1);
        }
        Ok(ItemsShape::Array(read))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_repeated_and_unknown_keys_in_order() {
        let items = items(r#"[{"Weight":"1","weight":2,"X":null,"\u0059":1}, 5]"#, 20);
        let Ok(read) = items else { panic!("{items:?}") };
        assert_eq!(read.count, 2);
        let Some(Item::Object(range)) = read.items.first() else {
            panic!("{read:?}")
        };
        let keys: Vec<&str> = read.fields[range.clone()]
            .iter()
            .map(|f| read.key(f.key))
            .collect();
        assert_eq!(keys, ["Weight", "weight", "X", "Y"]);
        assert!(matches!(read.items.get(1), Some(Item::Other(Kind::Number))));
    }

    #[test]
    fn counts_past_the_cap_without_keeping_items() {
        let text = format!("[{}{{}}]", "{},".repeat(999));
        let read = items(&text, 20);
        assert!(matches!(read, Ok(Items { count: 1000, ref items, .. }) if items.is_empty()));
        let read = items("[{},{},{}]", 2);
        assert!(matches!(read, Ok(Items { count: 3, ref items, .. }) if items.is_empty()));
        let read = items("[{},{}]", 2);
        assert!(matches!(read, Ok(Items { count: 2, ref items, .. }) if items.len() == 2));
    }

    #[test]
    fn tells_double_encoding_and_other_kinds() {
        assert_eq!(items(r#""[]""#, 20), Err(ItemsError::DoubleEncoded));
        assert_eq!(items("{}", 20), Err(ItemsError::NotArray(Kind::Object)));
        assert!(matches!(items("[", 20), Err(ItemsError::Syntax(_))));
        assert!(matches!(items("[] x", 20), Err(ItemsError::Syntax(_))));
    }
}

//! The JSON form: a JSON object of API parameters, and the `BackendServers` JSON array.
//!
//! Objects are read key by key with serde visitors, never through `serde_json::Value` or a map,
//! so that repeated keys, case variants and unknown keys all reach the rules (R5). Values are
//! kept as raw JSON text ([`RawValue`]) and judged by the rules, so a bad number or string in
//! one field is a finding for that field, not a failure of the whole document.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::value::RawValue;

use super::{Kind, Param, Raw, RawRequest, Value};
use crate::finding::{Code, Finding, Path};
use crate::request::{AddBackendServersRequest, BackendServer};

/// Whether `text` is meant as JSON rather than a query string.
pub(crate) fn looks_like_json(text: &str) -> bool {
    let trimmed = text.trim_start_matches([' ', '\t', '\n', '\r']);
    match trimmed.as_bytes().first() {
        Some(b'{' | b'[' | b'"' | b'-' | b'0'..=b'9') => true,
        Some(_) => {
            let t = trimmed.trim_end_matches([' ', '\t', '\n', '\r']);
            matches!(t, "true" | "false" | "null")
        }
        None => false,
    }
}

/// Reads a JSON document that should be an object of API parameters.
pub(crate) fn read_request(text: &str) -> Result<RawRequest<'_>, Finding> {
    if let Some(params) = super::scan::request(text) {
        return Ok(RawRequest { params });
    }
    read_request_reference(text)
}

/// [`read_request`] through serde_json alone: the reference the fast path must agree with.
pub(crate) fn read_request_reference(text: &str) -> Result<RawRequest<'_>, Finding> {
    let mut de = serde_json::Deserializer::from_str(text);
    let read = de
        .deserialize_any(Collect::<ObjectOf>::new())
        .and_then(|r| de.end().map(|()| r));
    match read {
        Ok(Shape::Object(fields)) => Ok(RawRequest {
            params: fields
                .into_iter()
                .map(|(key, value)| Param {
                    key,
                    value: Raw::Json(value.get()),
                })
                .collect(),
        }),
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

/// The items of `BackendServers`, as read: all of them, or only their number when there are
/// more than the cap.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Items<'a> {
    /// How many items were sent.
    pub(crate) count: usize,
    /// The items, in order; empty when `count` is above the cap.
    pub(crate) items: Vec<Item>,
    /// Every object's fields, in order; an [`Item::Object`] names its range.
    pub(crate) fields: Vec<Field<'a>>,
    /// The keys that had to be decoded (they held an escape), for [`Key::Owned`].
    pub(crate) owned_keys: Vec<String>,
}

impl<'a> Items<'a> {
    /// A field's key as written.
    pub(crate) fn key(&self, key: Key<'a>) -> &str {
        match key {
            Key::Borrowed(k) => k,
            Key::Owned(n) => self.owned_keys.get(n).map_or("", String::as_str),
            Key::Known(n) => super::ITEM_FIELDS
                .get(usize::from(n))
                .copied()
                .unwrap_or(""),
        }
    }

    /// Adds a field, keeping a decoded key aside.
    pub(crate) fn push(&mut self, key: Cow<'a, str>, value: FieldValue<'a>) {
        let key = match key {
            Cow::Borrowed(k) => Key::Borrowed(k),
            Cow::Owned(k) => {
                self.owned_keys.push(k);
                Key::Owned(self.owned_keys.len() - 1)
            }
        };
        self.fields.push(Field { key, value });
    }
}

/// One field of an item: all borrowed (`Copy`), so a list of them costs nothing to drop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Field<'a> {
    pub(crate) key: Key<'a>,
    pub(crate) value: FieldValue<'a>,
}

/// A key: borrowed from the input, decoded into [`Items::owned_keys`], or known to spell
/// exactly the field [`super::ITEM_FIELDS`]`[n]` (the fast path recognises those as it reads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key<'a> {
    Borrowed(&'a str),
    Owned(usize),
    Known(u8),
}

impl Key<'_> {
    /// The field of [`super::ITEM_FIELDS`] this key is known to spell exactly.
    pub(crate) fn known(self) -> Option<usize> {
        match self {
            Key::Known(n) => Some(usize::from(n)),
            _ => None,
        }
    }
}

/// A field's value: raw JSON text, or (read inside a string) a string's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldValue<'a> {
    Json(&'a str),
    Text(&'a str),
}

impl<'a> FieldValue<'a> {
    /// Whether the value is JSON `null` (what [`classify`] calls [`Kind::Null`]).
    pub(crate) fn is_null(self) -> bool {
        matches!(self, FieldValue::Json(raw) if kind_of(raw) == Kind::Null)
    }
}

/// One item of `BackendServers`: an object (its range in [`Items::fields`]), or another kind of
/// value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Object(std::ops::Range<usize>),
    Other(Kind),
}

/// Why `BackendServers` is not a JSON array.
#[derive(Debug)]
pub(crate) enum ItemsError {
    /// Not JSON: serde_json's description of the syntax error.
    Syntax(String),
    /// A JSON value of another kind.
    NotArray(Kind),
    /// A JSON string holding JSON text: encoded twice.
    DoubleEncoded,
}

/// Reads the `BackendServers` JSON array, keeping at most `cap` items. Past the cap it only
/// counts, skipping each further item without building it.
pub(crate) fn read_items(text: &str, cap: usize) -> Result<Items<'_>, ItemsError> {
    match super::scan::items(text, cap) {
        Some(items) => Ok(items),
        None => read_items_reference(text, cap),
    }
}

/// [`read_items`] through serde_json alone: the reference the fast path must agree with.
pub(crate) fn read_items_reference(text: &str, cap: usize) -> Result<Items<'_>, ItemsError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let read = de
        .deserialize_any(ItemsVisitor { cap })
        .and_then(|r| de.end().map(|()| r));
    match read {
        Ok(ItemsShape::Array(items)) => Ok(items),
        Ok(ItemsShape::Other(Kind::String)) => Err(ItemsError::DoubleEncoded),
        Ok(ItemsShape::Other(kind)) => Err(ItemsError::NotArray(kind)),
        Err(e) => Err(ItemsError::Syntax(syntax(&e))),
    }
}

/// serde_json's syntax errors come from a fixed list of messages with a line and column; none
/// quotes the input (our visitors accept every kind of value, so no "invalid type" message with
/// input text in it can arise).
fn syntax(e: &serde_json::Error) -> String {
    crate::text::escaped_message(&e.to_string())
}

/// Classifies a raw JSON value by its first byte; strings are unescaped (borrowed when they hold
/// no escape).
pub(crate) fn classify(raw: &str) -> Value<'_> {
    match kind_of(raw) {
        Kind::String => {
            if super::scan::find_backslash(raw.as_bytes()).is_none() {
                match raw.get(1..raw.len().saturating_sub(1)) {
                    Some(inner) => Value::Str(Cow::Borrowed(inner)),
                    None => Value::BadString,
                }
            } else if let Some(s) = super::scan::unescape(raw) {
                Value::Str(Cow::Owned(s))
            } else {
                match serde_json::from_str::<String>(raw) {
                    Ok(s) => Value::Str(Cow::Owned(s)),
                    Err(_) => Value::BadString,
                }
            }
        }
        Kind::Number => Value::Number(raw),
        Kind::Array => Value::Array(raw),
        other => Value::Other(other),
    }
}

/// The kind of a flat JSON value's raw text, told by its first byte (anything else: null).
fn kind_of(raw: &str) -> Kind {
    match raw.as_bytes().first() {
        Some(b'"') => Kind::String,
        Some(b'-' | b'0'..=b'9') => Kind::Number,
        Some(b't' | b'f') => Kind::Boolean,
        Some(b'[') => Kind::Array,
        Some(b'{') => Kind::Object,
        _ => Kind::Null,
    }
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

// ---------------------------------------------------------------------------------------------
// Writing

/// Writes the items with every value a string, in the field order of the API's examples:
/// `ServerId`, `Type`, `Weight`, then `ServerIp`, `Port`, `Description` when present.
impl Serialize for BackendServer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        write_server(s, ServerFields::of(self))
    }
}

/// The fields of one server as written: a request item, or a member of a load balancer.
pub(crate) struct ServerFields<'a> {
    pub(crate) server_id: &'a str,
    pub(crate) server_type: crate::ServerType,
    pub(crate) weight: crate::Weight,
    pub(crate) server_ip: Option<crate::ServerIp>,
    pub(crate) port: Option<crate::Port>,
    pub(crate) description: Option<&'a str>,
}

impl<'a> ServerFields<'a> {
    /// The fields of `server`.
    pub(crate) fn of(server: &'a BackendServer) -> ServerFields<'a> {
        ServerFields {
            server_id: server.server_id().as_str(),
            server_type: server.server_type(),
            weight: server.weight(),
            server_ip: server.server_ip(),
            port: server.port(),
            description: server.description().map(|d| d.as_str()),
        }
    }
}

/// Writes one server's fields, every value a string.
pub(crate) fn write_server<S: Serializer>(s: S, f: ServerFields<'_>) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    map.serialize_entry("ServerId", f.server_id)?;
    map.serialize_entry("Type", &f.server_type)?;
    map.serialize_entry("Weight", &f.weight)?;
    if let Some(ip) = f.server_ip {
        map.serialize_entry("ServerIp", &ip)?;
    }
    if let Some(port) = f.port {
        map.serialize_entry("Port", &port)?;
    }
    if let Some(description) = f.description {
        map.serialize_entry("Description", description)?;
    }
    map.end()
}

/// The `BackendServers` parameter: a JSON array, as one compact string.
pub fn write_backend_servers(servers: &[BackendServer]) -> String {
    // Serializing types whose Serialize cannot fail, into a String, cannot fail.
    serde_json::to_string(servers).unwrap_or_default()
}

/// The request as a JSON object of API parameters, `BackendServers` as a JSON string.
pub fn write_request(request: &AddBackendServersRequest) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Params<'r> {
        #[serde(skip_serializing_if = "Option::is_none")]
        region_id: Option<&'r crate::RegionId>,
        load_balancer_id: &'r crate::LoadBalancerId,
        backend_servers: String,
    }
    serde_json::to_string(&Params {
        region_id: request.region_id(),
        load_balancer_id: request.load_balancer_id(),
        backend_servers: write_backend_servers(request.backend_servers()),
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_repeated_and_unknown_keys_in_order() {
        let items = read_items(r#"[{"Weight":"1","weight":2,"X":null,"\u0059":1}, 5]"#, 20);
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
        let items = read_items(&text, 20);
        assert!(matches!(items, Ok(Items { count: 1000, ref items, .. }) if items.is_empty()));
    }

    #[test]
    fn tells_double_encoding_and_other_kinds() {
        assert!(matches!(
            read_items(r#""[]""#, 20),
            Err(ItemsError::DoubleEncoded)
        ));
        assert!(matches!(
            read_items("{}", 20),
            Err(ItemsError::NotArray(Kind::Object))
        ));
        assert!(matches!(read_items("[", 20), Err(ItemsError::Syntax(_))));
        assert!(matches!(read_items("[] x", 20), Err(ItemsError::Syntax(_))));
    }

    #[test]
    fn classifies_values() {
        assert_eq!(classify(r#""abc""#), Value::Str(Cow::Borrowed("abc")));
        assert_eq!(
            classify(r#""a\u0062c""#),
            Value::Str(Cow::Owned("abc".into()))
        );
        assert_eq!(classify("1e400"), Value::Number("1e400"));
        assert_eq!(classify("null"), Value::Other(Kind::Null));
        assert_eq!(classify("[1]"), Value::Array("[1]"));
    }
}

//! The read model: a request as read from either wire form, before any rule. Both JSON readers
//! (the fast one in `scan.rs`, the reference one in `reference.rs`) and the query reader produce
//! exactly these types, and the rules read nothing else, so they cannot tell which reader ran.

use std::borrow::Cow;

use crate::limits::MAX_BACKEND_SERVERS;
use crate::swar::find_backslash;
use crate::types::field::ItemField;

/// How JSON is written in a request's text: as it is, inside a JSON string (every quote then
/// written `\"`: the encoded `BackendServers`), or percent-encoded in a query value. The fast
/// reader reads the first two in place; the walker (`walk.rs`) finds places in all three.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Plain,
    InString,
    Percent,
}

/// Which JSON reader reads a request: the fast one (falling back to the reference one on what it
/// does not take), or the reference one alone (the path the fast one is tested against).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Reader {
    #[default]
    Fast,
    Reference,
}

/// A request as read from the wire, before any rule: every parameter in the order sent, with its
/// key as written and its value untouched.
#[derive(Debug, Clone)]
pub(crate) struct RawRequest<'a> {
    pub(crate) params: Vec<Param<'a>>,
    /// The reader that read it, which also reads a `BackendServers` text when asked.
    pub(crate) reader: Reader,
    /// Whether the text began with a byte-order mark, set aside before reading (R0).
    pub(crate) byte_order_mark: bool,
}

/// One parameter as sent.
#[derive(Debug, Clone)]
pub(crate) struct Param<'a> {
    pub(crate) key: Cow<'a, str>,
    pub(crate) value: Raw<'a>,
}

/// A value as sent: raw JSON text (from the JSON form, or inside `BackendServers`) or decoded
/// text (from the query string).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Raw<'a> {
    Json(&'a str),
    Text(Cow<'a, str>),
    /// `BackendServers` as a string holding a JSON array (or the array itself), read in the same
    /// pass as the document: its items, and the length of the text they were read from.
    Items(Box<PreRead<'a>>),
}

/// Items read while reading the document, and the byte length of the text they were read from
/// once decoded (for the size limit).
#[derive(Debug, Clone)]
pub(crate) struct PreRead<'a> {
    pub(crate) items: Items<'a>,
    pub(crate) decoded_len: usize,
    /// Where each kept item starts (its first byte) in the text that was read, for the locator
    /// (`locate.rs`); the first `items.items.len()` are set.
    pub(crate) starts: ItemStarts,
    /// The value's raw JSON text (the string, quotes included, or the array), for comparing two
    /// copies of the parameter ([`Raw::same_value`]).
    pub(crate) raw: &'a str,
}

/// Two reads are equal when they read the same: where in the text they lay is no part of the
/// value (two equal copies of `BackendServers` are one parameter, R2's rule for repeated
/// parameters, though they lie at different places).
impl PartialEq for PreRead<'_> {
    fn eq(&self, other: &PreRead<'_>) -> bool {
        self.items == other.items && self.decoded_len == other.decoded_len
    }
}

impl Eq for PreRead<'_> {}

/// Byte offsets of the items of `BackendServers`, one for each item kept.
pub(crate) type ItemStarts = [usize; MAX_BACKEND_SERVERS];

/// What a value turned out to be, for the rules to judge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value<'a> {
    /// A string, unescaped.
    Str(Cow<'a, str>),
    /// A JSON number, as its raw text.
    Number(&'a str),
    /// A JSON array, as its raw text.
    Array(&'a str),
    /// A string holding a JSON array, already read into items.
    Items(&'a PreRead<'a>),
    /// Another JSON value (of this kind).
    Other(Kind),
    /// A JSON string that cannot be unescaped into text (an escaped lone surrogate).
    BadString,
}

/// The kind of a JSON value, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Number,
    Boolean,
    Null,
    Array,
    Object,
}

impl Kind {
    /// `a string`, `an array`, `null` …
    pub(crate) const fn with_article(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Boolean => "a boolean",
            Kind::Null => "null",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

impl Raw<'_> {
    /// Classifies the value.
    pub(crate) fn value(&self) -> Value<'_> {
        match self {
            Raw::Text(text) => Value::Str(Cow::Borrowed(text)),
            Raw::Json(raw) => classify(raw),
            Raw::Items(pre) => Value::Items(pre),
        }
    }
}

impl Raw<'_> {
    /// Whether two copies of a parameter hold the same value: what they mean, however they are
    /// written — a string's escapes, JSON's blanks, a query's percent-encoding, which reader read
    /// them — and, for `BackendServers` (`items`), the servers a string holds, whether it is a
    /// string or the array itself, in double or single quotes (R30). Symmetric: it does not
    /// depend on which copy came first. Asked only of a parameter given twice (rare), so it may
    /// build values.
    pub(crate) fn same_value(&self, other: &Raw<'_>, items: bool) -> bool {
        match (self.meaning(items), other.meaning(items)) {
            (Some(a), Some(b)) => a == b,
            // A value serde_json cannot read (an escaped lone surrogate): the same only as
            // written.
            _ => self.written() == other.written(),
        }
    }

    /// The value as JSON, `BackendServers`' text (`items`) read as the array it holds.
    fn meaning(&self, items: bool) -> Option<serde_json::Value> {
        let value = match self {
            Raw::Text(text) => serde_json::Value::String(text.to_string()),
            Raw::Json(raw) => serde_json::from_str(raw).ok()?,
            Raw::Items(pre) => serde_json::from_str(pre.raw).ok()?,
        };
        Some(match value {
            serde_json::Value::String(text) if items => {
                array_in(&text).unwrap_or(serde_json::Value::String(text))
            }
            other => other,
        })
    }

    /// The value's text as written.
    fn written(&self) -> &str {
        match self {
            Raw::Text(text) => text,
            Raw::Json(raw) => raw,
            Raw::Items(pre) => pre.raw,
        }
    }
}

/// The array a `BackendServers` text holds, read as the API reads it (single quotes too, R30).
fn array_in(text: &str) -> Option<serde_json::Value> {
    let read = match super::quotes::normalize(text) {
        Some(normalized) => serde_json::from_str(&normalized.text),
        None => serde_json::from_str(text),
    };
    read.ok().filter(serde_json::Value::is_array)
}

impl Value<'_> {
    /// The kind of value.
    pub(crate) fn kind(&self) -> Kind {
        match self {
            Value::Str(_) | Value::BadString | Value::Items(_) => Kind::String,
            Value::Number(_) => Kind::Number,
            Value::Array(_) => Kind::Array,
            Value::Other(kind) => *kind,
        }
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
    /// Whether the text held strings in single quotes, read as the API reads them (R30).
    pub(crate) single_quoted: bool,
}

impl<'a> Items<'a> {
    /// A field's key as written.
    pub(crate) fn key(&self, key: Key<'a>) -> &str {
        match key {
            Key::Borrowed(k) => k,
            Key::Owned(n) => self.owned_keys.get(n).map_or("", String::as_str),
            Key::Known(field) => field.name(),
        }
    }

    /// Adds a field, keeping a decoded key aside; a key that spells a field exactly is known.
    pub(crate) fn push(&mut self, key: Cow<'a, str>, value: FieldValue<'a>) {
        let key = match key {
            Cow::Borrowed(k) => Key::of(k),
            Cow::Owned(k) => match ItemField::ALL.into_iter().find(|f| f.name() == k) {
                Some(field) => Key::Known(field),
                None => {
                    self.owned_keys.push(k);
                    Key::Owned(self.owned_keys.len() - 1)
                }
            },
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

/// A key: one that spells a field exactly, or another one borrowed from the input or decoded
/// into [`Items::owned_keys`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key<'a> {
    Known(ItemField),
    Borrowed(&'a str),
    Owned(usize),
}

impl<'a> Key<'a> {
    /// The key for `text` as written.
    pub(crate) fn of(text: &'a str) -> Key<'a> {
        match ItemField::ALL.into_iter().find(|f| f.name() == text) {
            Some(field) => Key::Known(field),
            None => Key::Borrowed(text),
        }
    }

    /// The field this key spells exactly.
    pub(crate) fn known(self) -> Option<ItemField> {
        match self {
            Key::Known(field) => Some(field),
            Key::Borrowed(_) | Key::Owned(_) => None,
        }
    }
}

/// A field's value: raw JSON text, or the text of a string that was read in place (inside the
/// encoded `BackendServers` string, holding no escape).
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

    /// What the value is. A string read in place is its text as it stands.
    #[inline]
    pub(crate) fn value(self) -> Value<'a> {
        match self {
            FieldValue::Text(s) => Value::Str(Cow::Borrowed(s)),
            FieldValue::Json(raw) => classify(raw),
        }
    }
}

/// One item of `BackendServers`: an object (its range in [`Items::fields`]), or another kind of
/// value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Object(std::ops::Range<usize>),
    Other(Kind),
}

/// Why `BackendServers` could not be read into items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ItemsError {
    /// The text is longer than the limit, in bytes once decoded.
    TooLarge(usize),
    /// A value of another kind than a string or an array.
    NotText(Kind),
    /// A string holding an escaped lone surrogate.
    BadString,
    /// Not JSON: serde_json's description of the syntax error.
    Syntax(String),
    /// A JSON value of another kind than an array.
    NotArray(Kind),
    /// A JSON string holding JSON text: encoded twice.
    DoubleEncoded,
}

/// Classifies a raw JSON value by its first byte; strings are unescaped (borrowed when they hold
/// no escape).
pub(crate) fn classify(raw: &str) -> Value<'_> {
    match kind_of(raw) {
        Kind::String => {
            if find_backslash(raw.as_bytes()).is_none() {
                match raw.get(1..raw.len().saturating_sub(1)) {
                    Some(inner) => Value::Str(Cow::Borrowed(inner)),
                    None => Value::BadString,
                }
            } else if let Some(s) = unescape(raw) {
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
pub(crate) fn kind_of(raw: &str) -> Kind {
    match raw.as_bytes().first() {
        Some(b'"') => Kind::String,
        Some(b'-' | b'0'..=b'9') => Kind::Number,
        Some(b't' | b'f') => Kind::Boolean,
        Some(b'[') => Kind::Array,
        Some(b'{') => Kind::Object,
        _ => Kind::Null,
    }
}

/// The character a short escape (`\\n`, `\\"` …) stands for, given the byte after the backslash.
fn short_escape(b: u8) -> Option<char> {
    Some(match b {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}

/// Unescapes a JSON string's raw text (with quotes) when it holds only the short escapes;
/// `None` for a `\u` escape or anything unexpected (the caller then asks serde_json).
pub(crate) fn unescape(raw: &str) -> Option<String> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    while let Some(at) = find_backslash(rest.as_bytes()) {
        out.push_str(rest.get(..at)?);
        out.push(short_escape(*rest.as_bytes().get(at + 1)?)?);
        rest = rest.get(at + 2..)?;
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_values() {
        assert_eq!(classify(r#""abc""#), Value::Str(Cow::Borrowed("abc")));
        assert_eq!(
            classify(r#""a\u0062c""#),
            Value::Str(Cow::Owned("abc".into()))
        );
        assert_eq!(classify(r#""a\nb""#), Value::Str(Cow::Owned("a\nb".into())));
        assert_eq!(classify(r#""\ud800""#), Value::BadString);
        assert_eq!(classify("1e400"), Value::Number("1e400"));
        assert_eq!(classify("null"), Value::Other(Kind::Null));
        assert_eq!(classify("true"), Value::Other(Kind::Boolean));
        assert_eq!(classify("{}"), Value::Other(Kind::Object));
        assert_eq!(classify("[1]"), Value::Array("[1]"));
    }

    #[test]
    fn known_keys_are_the_exact_names() {
        for field in ItemField::ALL {
            assert_eq!(Key::of(field.name()), Key::Known(field));
        }
        assert_eq!(Key::of("weight"), Key::Borrowed("weight"));
        let mut items = Items::default();
        items.push(Cow::Owned("Port".into()), FieldValue::Json("1"));
        items.push(Cow::Owned("Prt".into()), FieldValue::Json("1"));
        let keys: Vec<&str> = items.fields.iter().map(|f| items.key(f.key)).collect();
        assert_eq!(keys, ["Port", "Prt"]);
        assert!(items.owned_keys.len() == 1);
    }

    #[test]
    fn unescapes_short_escapes_only() {
        assert_eq!(
            unescape(r#""a\"b\\c\/d\n""#).as_deref(),
            Some("a\"b\\c/d\n")
        );
        // Every short escape, each kept by itself (a `None` would send it to serde_json).
        assert_eq!(unescape(r#""\b\f\r\t""#).as_deref(), Some("\u{8}\u{c}\r\t"));
        assert_eq!(unescape(r#""\u0041""#), None);
    }
}

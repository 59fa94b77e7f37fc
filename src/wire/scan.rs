//! The fast reader of the JSON form: a strict scanner for exactly the shapes real requests have,
//! borrowing every key and value from the input.
//!
//! # The grammar it accepts
//!
//! ```text
//! request  = blank "{" blank [ param *( "," param ) ] "}" blank
//! param    = blank key blank ":" blank value blank
//! value    = string / number / "true" / "false" / "null"        ; flat: no array, no object
//!          / items                                                ; only for "BackendServers"
//!          / DQUOTE items-in-string DQUOTE                        ; only for "BackendServers"
//! key      = DQUOTE *( any char but DQUOTE, "\", control ) DQUOTE ; no escape in a key
//! items    = "[" blank [ item *( "," item ) ] blank "]"           ; past 20, counted only
//! item     = object / "null" / "true" / "false" / plain-string     ; R3 for a non-object
//! plain-string = a string holding no backslash (`\"…\"` inside the encoded string)
//! object   = "{" blank [ field *( "," field ) ] "}"              ; flat values only
//! field    = blank ( key / sq-string ) blank ":" blank ( value / sq-string ) blank
//! sq-string = "'" *( any char but "'", DQUOTE, "\", control ) "'" ; R30, read in place
//! ```
//!
//! Inside the encoded `BackendServers` string (`items-in-string`) the same array is read in
//! place: every quote is written `\"`, blanks are the space and the escapes `\n`, `\t`, `\r`,
//! and each key and string value must hold no other backslash. `string` and `number` are JSON's
//! own (a string may hold the escapes JSON allows; it is decoded later, when a rule asks).
//!
//! `sq-string`, a single-quoted key or value (R30), is read only inside a `BackendServers`
//! text (the encoded string, or a text handed to [`items`]), never in the document around it
//! (`"BackendServers": [{'a':1}]` gives up, for the reference reader to refuse). Its text is
//! borrowed as it stands; one holding a backslash, a double quote or a control character gives
//! up, and the reference path reads it through `quotes.rs`.
//!
//! # Invariants
//!
//! - It accepts a subset of what serde_json accepts — once the single-quoted strings are
//!   rewritten double-quoted by `quotes.rs` — and reads it the same way: every key, in order,
//!   with the raw text of its value (or, in place, the string's text). Its output is the read
//!   model of `model.rs`, the same types the reference reader produces.
//! - Past [`MAX_BACKEND_SERVERS`] items, the items are read and counted but not kept (R4:
//!   none is checked), so a long array costs no memory. An item that is no object is kept
//!   only as its kind, and only when serde_json reads it the same (no number, no escape).
//! - Anything else — a nested value, an escape in a key, a number or an escaped string as an
//!   item, any syntax error — makes it give up (`None`) without a finding; the reference reader (`reference.rs`) then reads the input, with its own messages.
//!   So both give the same report for every input: `tests/differential.rs` and the `raw_bytes`
//!   fuzz target check that, byte for byte.
//! - `pos` only moves forward, past bytes it has examined, and every index is checked
//!   (`get`), so no input can make it panic; each byte is examined a bounded number of times,
//!   so its cost is linear in the input.
//! - Keys inside the encoded string that spell a field exactly are recognised from their first
//!   eight bytes ([`Scanner::known_key`]); the table is built from [`ItemField`]'s names.
//! - Where each kept item of `BackendServers` starts (its first byte, after the blanks) is
//!   recorded beside the items (`PreRead::starts`): the locator (`locate.rs`) points findings
//!   at the items from it, and at their fields from the borrowed values' places, instead of
//!   walking the text again; it relies on both being places in the text read.

use std::borrow::Cow;

use super::model::{
    unescape, Encoding, Field, FieldValue, Item, ItemStarts, Items, Key, Kind, Param, PreRead, Raw,
};
use crate::limits::MAX_BACKEND_SERVERS;
use crate::swar::find_special;
use crate::types::field::ItemField;

/// Fields of objects, borrowed from the input: each key with its value.
pub(crate) type Fields<'a> = Vec<Field<'a>>;

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Whether single-quoted strings are read (R30): only in a `BackendServers` text, never in
    /// the document around it.
    single_quotes: bool,
    /// Whether a single-quoted string has been read.
    single_quoted: bool,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            single_quotes: false,
            single_quoted: false,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_blank(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.pos += 1)
    }

    fn span(&self, start: usize) -> Option<&'a str> {
        // As `inner_string`: `split_at_checked` inlines where `str::get` with a range is a call.
        let (before, _) = self.text.split_at_checked(self.pos)?;
        Some(before.split_at_checked(start)?.1)
    }

    /// A string at the cursor: its raw text with the quotes, and whether it holds an escape.
    /// Gives up on a control character or a malformed escape (serde_json refuses both).
    fn string(&mut self) -> Option<(&'a str, bool)> {
        let start = self.pos;
        self.eat(b'"')?;
        let mut escaped = false;
        loop {
            // Skip the plain run in one tight loop, then look at what stopped it.
            self.pos += find_special(self.bytes.get(self.pos..)?)?;
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some((self.span(start)?, escaped));
                }
                b'\\' => {
                    escaped = true;
                    self.pos += 1;
                    match self.peek()? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.pos += 1,
                        b'u' => {
                            self.pos += 1;
                            let hex = self.bytes.get(self.pos..self.pos + 4)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return None;
                            }
                            self.pos += 4;
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    /// A string at the cursor, decoded when it holds escapes: its raw text, and the decoded
    /// text when every escape is a short one (`None` then means it holds none, or a `\u` that
    /// serde_json decodes when a rule asks).
    fn string_decoded(&mut self) -> Option<(&'a str, Option<String>)> {
        let (raw, escaped) = self.string()?;
        Some((raw, if escaped { unescape(raw) } else { None }))
    }

    /// A number at the cursor, by JSON's grammar.
    fn number(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let _ = self.eat(b'-');
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.eat(b'.').is_some() {
            self.peek().filter(u8::is_ascii_digit)?;
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.peek().filter(u8::is_ascii_digit)?;
            self.digits();
        }
        self.span(start)
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &str) -> Option<&'a str> {
        let start = self.pos;
        let end = start + word.len();
        (self.bytes.get(start..end)? == word.as_bytes()).then_some(())?;
        self.pos = end;
        self.span(start)
    }

    /// A flat value (string, number, literal) at the cursor, as raw text; nested values make
    /// the scanner give up.
    fn flat_value(&mut self) -> Option<(&'a str, Kind)> {
        match self.peek()? {
            b'"' => self.string().map(|(s, _)| (s, Kind::String)),
            b'-' | b'0'..=b'9' => self.number().map(|n| (n, Kind::Number)),
            b't' => self.literal("true").map(|l| (l, Kind::Boolean)),
            b'f' => self.literal("false").map(|l| (l, Kind::Boolean)),
            b'n' => self.literal("null").map(|l| (l, Kind::Null)),
            _ => None,
        }
    }

    /// A key: a string without escapes, borrowed without its quotes.
    fn key(&mut self) -> Option<&'a str> {
        let (raw, escaped) = self.string()?;
        if escaped {
            return None;
        }
        unquoted(raw)
    }

    fn at_end(&mut self) -> Option<()> {
        self.skip_blank();
        (self.pos == self.bytes.len()).then_some(())
    }
}

/// The request's parameters, when the document is an object of flat values. `BackendServers`,
/// as a string holding an array or as the array itself, is read into items in the same pass.
pub(crate) fn request(text: &str) -> Option<Vec<Param<'_>>> {
    let mut s = Scanner::new(text);
    s.skip_blank();
    s.eat(b'{')?;
    let mut params = Vec::with_capacity(4);
    s.skip_blank();
    if s.eat(b'}').is_none() {
        loop {
            s.skip_blank();
            let key = s.key()?;
            s.skip_blank();
            s.eat(b':')?;
            s.skip_blank();
            let value = if key == "BackendServers" {
                s.backend_servers()?
            } else if s.peek()? == b'"' {
                match s.string_decoded()? {
                    (_, Some(decoded)) => Raw::Text(Cow::Owned(decoded)),
                    (raw, None) => Raw::Json(raw),
                }
            } else {
                Raw::Json(s.flat_value()?.0)
            };
            params.push(Param {
                key: Cow::Borrowed(key),
                value,
            });
            s.skip_blank();
            match s.peek()? {
                b',' => s.pos += 1,
                b'}' => {
                    s.pos += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    s.at_end()?;
    Some(params)
}

/// The items of `BackendServers`, when it is an array of at most `cap` objects of flat values
/// (or flat non-objects).
pub(crate) fn items(text: &str, cap: usize) -> Option<Items<'_>> {
    let mut s = Scanner::new(text);
    s.single_quotes = true;
    s.skip_blank();
    let items = s.items_with(
        cap,
        Encoding::Plain,
        &mut Escapes(0),
        &mut [0; MAX_BACKEND_SERVERS],
    )?;
    s.at_end()?;
    Some(items)
}

/// How the JSON being read is written ([`Encoding`]): as it is, or inside a JSON string (every
/// quote then written `\"`, and blanks other than the space as escapes). This reader never reads
/// a percent-encoded text (the query reader decodes a query value first): it gives up on one.
type Mode = Encoding;

impl<'a> Scanner<'a> {
    /// The value of `BackendServers`: a string holding an array (read in place, without
    /// decoding the string first), or the array itself; anything else is read as a value.
    fn backend_servers(&mut self) -> Option<Raw<'a>> {
        let start = self.pos;
        let cap = MAX_BACKEND_SERVERS;
        match self.peek()? {
            b'[' => {
                let mut starts = [0; MAX_BACKEND_SERVERS];
                let items = self.items_with(cap, Encoding::Plain, &mut Escapes(0), &mut starts)?;
                let decoded_len = self.pos - start;
                Some(Raw::Items(Box::new(PreRead {
                    items,
                    decoded_len,
                    starts,
                    raw: self.text.get(start..self.pos).unwrap_or_default(),
                })))
            }
            b'"' => {
                self.pos += 1;
                let mut esc = Escapes(0);
                self.blank(Encoding::InString, &mut esc);
                let mut starts = [0; MAX_BACKEND_SERVERS];
                let read = if self.peek() == Some(b'[') {
                    self.single_quotes = true;
                    let read = self.items_in_string(cap, &mut esc, &mut starts);
                    self.single_quotes = false;
                    read
                } else {
                    None
                };
                match read {
                    Some(items) => {
                        // The string's text, less one byte for each two-byte escape.
                        let decoded_len = (self.pos - 1 - (start + 1)) - esc.0;
                        Some(Raw::Items(Box::new(PreRead {
                            items,
                            decoded_len,
                            starts,
                            raw: self.text.get(start..self.pos).unwrap_or_default(),
                        })))
                    }
                    None => {
                        self.pos = start;
                        match self.string_decoded()? {
                            (_, Some(decoded)) => Some(Raw::Text(Cow::Owned(decoded))),
                            (raw, None) => Some(Raw::Json(raw)),
                        }
                    }
                }
            }
            _ => Some(Raw::Json(self.flat_value()?.0)),
        }
    }

    /// Items inside a JSON string, then the string's closing quote.
    fn items_in_string(
        &mut self,
        cap: usize,
        esc: &mut Escapes,
        starts: &mut ItemStarts,
    ) -> Option<Items<'a>> {
        let items = self.items_with(cap, Encoding::InString, esc, starts)?;
        self.blank(Encoding::InString, esc);
        self.eat(b'"')?;
        Some(items)
    }

    /// An array of at most `cap` items at the cursor, and where each item kept starts (in
    /// `starts`).
    fn items_with(
        &mut self,
        cap: usize,
        mode: Mode,
        esc: &mut Escapes,
        starts: &mut ItemStarts,
    ) -> Option<Items<'a>> {
        self.eat(b'[')?;
        // Room for every item kept from the start (twenty of them take less than half a
        // kilobyte, and one allocation costs the same whatever its size at this scale; sized
        // from the input instead, items shorter than guessed, such as R3's strings, made it
        // grow three times). The fields are sized from what is left of the input (a field
        // takes twenty-odd bytes), so that a one-item request does not pay for twenty.
        let left = self.bytes.len().saturating_sub(self.pos);
        let mut read = Items {
            count: 0,
            items: Vec::with_capacity(cap.min(MAX_BACKEND_SERVERS)),
            fields: Vec::with_capacity((left / 20).clamp(6, cap.min(20) * 6)),
            owned_keys: Vec::new(),
            single_quoted: false,
        };
        self.blank(mode, esc);
        if self.eat(b']').is_none() {
            loop {
                self.blank(mode, esc);
                if let Some(at) = starts.get_mut(read.count) {
                    *at = self.pos;
                }
                let item = if self.peek()? == b'{' {
                    let start = read.fields.len();
                    self.object_in(mode, &mut read.fields, esc)?;
                    Item::Object(start..read.fields.len())
                } else {
                    Item::Other(self.other_item(mode, esc)?)
                };
                if read.count < cap {
                    read.items.push(item);
                } else {
                    // Past the cap (R4) the items are counted, not kept: nothing of them is
                    // checked, as the reference reader does.
                    if read.count == cap {
                        read.items = Vec::new();
                    }
                    read.fields.clear();
                }
                read.count = read.count.saturating_add(1);
                self.blank(mode, esc);
                match self.peek()? {
                    b',' => self.pos += 1,
                    b']' => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        if read.count > cap {
            read.fields = Vec::new();
        }
        read.single_quoted = self.single_quoted;
        Some(read)
    }

    /// An item that is no object, when serde_json would read it the same: `null`, `true`,
    /// `false`, or a string holding no backslash. Anything else gives up: a number (serde_json
    /// checks its range), a string with an escape (it may hold a lone surrogate), a nested or
    /// single-quoted value.
    fn other_item(&mut self, mode: Mode, esc: &mut Escapes) -> Option<Kind> {
        match (mode, self.peek()?) {
            (_, b'n' | b't' | b'f') => self.flat_value().map(|(_, kind)| kind),
            (Encoding::InString, b'\\') => self.inner_string(esc).map(|_| Kind::String),
            (Encoding::Plain, b'"') => match self.string()? {
                (_, false) => Some(Kind::String),
                (_, true) => None,
            },
            _ => None,
        }
    }

    /// Blanks: in a string, the space and the escapes `\n`, `\t`, `\r` (counted in `esc`).
    fn blank(&mut self, mode: Mode, esc: &mut Escapes) {
        match mode {
            Encoding::Plain => self.skip_blank(),
            Encoding::Percent => {}
            // The byte after a backslash is read only after a backslash: most calls see
            // neither, and look at one byte.
            Encoding::InString => loop {
                match self.peek() {
                    Some(b' ') => self.pos += 1,
                    Some(b'\\') => match self.bytes.get(self.pos + 1) {
                        Some(b'n' | b't' | b'r') => {
                            self.pos += 2;
                            esc.0 += 1;
                        }
                        _ => break,
                    },
                    _ => break,
                }
            },
        }
    }

    /// A string inside a string (`\"…\"`) whose text holds no backslash at all: its text,
    /// borrowed. Anything else gives up.
    #[inline(always)]
    fn inner_string(&mut self, esc: &mut Escapes) -> Option<&'a str> {
        let [b'\\', b'"', body @ ..] = self.bytes.get(self.pos..)? else {
            return None;
        };
        let n = find_special(body)?;
        let Some([b'\\', b'"']) = body.get(n..n + 2) else {
            return None;
        };
        let start = self.pos + 2;
        // `split_at_checked` twice: its boundary checks inline where `str::get` with a range
        // is a call (measured: 4% fewer instructions a check).
        let text = self.text.split_at_checked(start)?.1.split_at_checked(n)?.0;
        self.pos = start + n + 2;
        esc.0 += 2;
        Some(text)
    }

    /// A key inside a string (`\"…\"`) that spells one of the [`ItemField`]s exactly,
    /// recognised from its first eight bytes (and the few after): the field. Anything else is
    /// left for [`Scanner::inner_string`].
    #[inline]
    fn known_key(&mut self, esc: &mut Escapes) -> Option<ItemField> {
        let [b'\\', b'"', rest @ ..] = self.bytes.get(self.pos..)? else {
            return None;
        };
        let field = match_key(&KEYS, rest)?;
        self.pos += 2 + field.name().len() + 2;
        esc.0 += 2;
        Some(field)
    }

    /// A single-quoted key (R30) that spells one of the [`ItemField`]s exactly, recognised as
    /// [`Scanner::known_key`] recognises one in `\\"`: the field. Anything else is left for
    /// [`Scanner::single_quoted_string`].
    #[inline]
    fn known_single_quoted_key(&mut self) -> Option<ItemField> {
        if !self.single_quotes {
            return None;
        }
        let [b'\'', rest @ ..] = self.bytes.get(self.pos..)? else {
            return None;
        };
        let field = match_key(&SINGLE_QUOTED_KEYS, rest)?;
        self.pos += 1 + field.name().len() + 1;
        self.single_quoted = true;
        Some(field)
    }

    /// A single-quoted string (R30) whose text holds no backslash, no double quote and no
    /// control character: its text, borrowed. Anything else gives up (the reference path reads
    /// it through `quotes.rs`). The same in both modes: a `'` needs no escape inside a JSON
    /// string.
    #[inline]
    fn single_quoted_string(&mut self) -> Option<&'a str> {
        if !self.single_quotes {
            return None;
        }
        let [b'\'', body @ ..] = self.bytes.get(self.pos..)? else {
            return None;
        };
        let n = body
            .iter()
            .position(|&b| matches!(b, b'\'' | b'"' | b'\\' | 0..=0x1f))?;
        if body.get(n) != Some(&b'\'') {
            return None;
        }
        let start = self.pos + 1;
        let text = self.text.split_at_checked(start)?.1.split_at_checked(n)?.0;
        self.pos = start + n + 1;
        self.single_quoted = true;
        Some(text)
    }

    /// A flat value as the rules read it: raw JSON text, or a string's text when inside a
    /// string or single-quoted.
    fn value_in(&mut self, mode: Mode, esc: &mut Escapes) -> Option<FieldValue<'a>> {
        match (mode, self.peek()?) {
            (_, b'\'') => Some(FieldValue::Text(self.single_quoted_string()?)),
            (Encoding::InString, b'\\') => Some(FieldValue::Text(self.inner_string(esc)?)),
            (Encoding::InString, b'"') => None,
            _ => self.flat_value().map(|(raw, _)| FieldValue::Json(raw)),
        }
    }

    /// An object of flat values at the cursor, its fields in order.
    fn object_in(&mut self, mode: Mode, fields: &mut Fields<'a>, esc: &mut Escapes) -> Option<()> {
        self.eat(b'{')?;
        self.blank(mode, esc);
        if self.eat(b'}').is_some() {
            return Some(());
        }
        loop {
            self.blank(mode, esc);
            let key = match (mode, self.peek()?) {
                (_, b'\'') => match self.known_single_quoted_key() {
                    Some(field) => Key::Known(field),
                    None => Key::of(self.single_quoted_string()?),
                },
                (Encoding::Plain, _) => Key::of(self.key()?),
                (Encoding::Percent, _) => return None,
                (Encoding::InString, _) => match self.known_key(esc) {
                    Some(field) => Key::Known(field),
                    None => Key::Borrowed(self.inner_string(esc)?),
                },
            };
            self.blank(mode, esc);
            self.eat(b':')?;
            self.blank(mode, esc);
            let value = self.value_in(mode, esc)?;
            fields.push(Field { key, value });
            self.blank(mode, esc);
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }
}

/// `raw` without its first and last byte (a string's quotes); `None` when it is shorter than two
/// bytes. `split_at_checked` rather than `str::get` with a range, as in `inner_string`.
fn unquoted(raw: &str) -> Option<&str> {
    let (_, rest) = raw.split_at_checked(1)?;
    Some(rest.split_at_checked(rest.len().checked_sub(1)?)?.0)
}

/// The field whose name and closing quote `bytes` starts with, by `table`: the first eight
/// bytes as one word, then the few after them.
#[inline]
fn match_key(table: &[KeyStart], bytes: &[u8]) -> Option<ItemField> {
    let [a, b, c, d, e, f, g, h, after @ ..] = bytes else {
        return None;
    };
    let word = u64::from_le_bytes([*a, *b, *c, *d, *e, *f, *g, *h]);
    let key = table.iter().find(|k| word & k.mask == k.word)?;
    // The rest of the name and of the closing quote follow the word.
    let rest = after.get(..key.rest_len)?;
    if rest.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b)) != key.rest {
        return None;
    }
    Some(key.field)
}

/// How a field's key reads: its name, then its closing quote (`\\"` inside the encoded string,
/// `'` single-quoted), as two words: the first eight bytes, and the (at most eight) bytes after
/// them.
struct KeyStart {
    field: ItemField,
    /// The key's first eight bytes (name and closing quote, zero-padded) …
    word: u64,
    /// … of which these count (a short name and its quote take fewer than eight) …
    mask: u64,
    /// … then the rest of the name and of the closing quote, read little-endian …
    rest: u64,
    /// … which is this many bytes long.
    rest_len: usize,
}

/// Each field's [`KeyStart`], in [`ItemField`] order.
const KEYS: [KeyStart; 7] = [
    key_start(ItemField::ServerId, b"\\\""),
    key_start(ItemField::Weight, b"\\\""),
    key_start(ItemField::Description, b"\\\""),
    key_start(ItemField::Type, b"\\\""),
    key_start(ItemField::ServerIp, b"\\\""),
    key_start(ItemField::Port, b"\\\""),
    key_start(ItemField::ServerType, b"\\\""),
];

/// Each field's [`KeyStart`] as a single-quoted key (R30): its name, then `'`.
const SINGLE_QUOTED_KEYS: [KeyStart; 7] = [
    key_start(ItemField::ServerId, b"'"),
    key_start(ItemField::Weight, b"'"),
    key_start(ItemField::Description, b"'"),
    key_start(ItemField::Type, b"'"),
    key_start(ItemField::ServerIp, b"'"),
    key_start(ItemField::Port, b"'"),
    key_start(ItemField::ServerType, b"'"),
];

/// The [`KeyStart`] of `field` (a name of at most 14 bytes: the two words hold it and `\\"`).
const fn key_start(field: ItemField, closing: &'static [u8]) -> KeyStart {
    let (mut word, mut rest) = (0u64, 0u64);
    let (mut len, mut rest_len) = (0, 0);
    let mut bytes = field.name().as_bytes();
    let mut closing = closing;
    loop {
        let b = match (bytes, closing) {
            ([b, tail @ ..], _) => {
                bytes = tail;
                *b
            }
            ([], [b, tail @ ..]) => {
                closing = tail;
                *b
            }
            ([], []) => break,
        };
        if len < 8 {
            word |= (b as u64) << (8 * len);
            len += 1;
        } else {
            rest |= (b as u64) << (8 * rest_len);
            rest_len += 1;
        }
    }
    KeyStart {
        field,
        word,
        mask: if len == 8 {
            u64::MAX
        } else {
            (1 << (8 * len)) - 1
        },
        rest,
        rest_len,
    }
}

/// How many two-byte escapes a string read in place held (each decodes to one byte).
struct Escapes(usize);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_flat_objects_and_gives_up_on_the_rest() {
        let params = request(r#" {"A":"x","B":1.5e3,"C":null,"D":"a\"b","E":"\u0041"} "#)
            .unwrap_or_default();
        let got: Vec<(&str, String)> = params
            .iter()
            .map(|p| (p.key.as_ref(), format!("{:?}", p.value)))
            .collect();
        assert_eq!(
            got,
            [
                ("A", r#"Json("\"x\"")"#.to_owned()),
                ("B", r#"Json("1.5e3")"#.to_owned()),
                ("C", r#"Json("null")"#.to_owned()),
                ("D", r#"Text("a\"b")"#.to_owned()),
                ("E", r#"Json("\"\\u0041\"")"#.to_owned()),
            ]
        );
        for other in [
            r#"{"A":[1]}"#,
            r#"{"A":{}}"#,
            r#"{"A\u0041":1}"#,
            r#"{"A":01}"#,
            r#"{"A":1.}"#,
            r#"{"A":"\x"}"#,
            "{\"A\":\"\u{1}\"}",
            r#"{"A":1,}"#,
            r#"{"A":1} x"#,
            "[]",
            r#"{"A":tru}"#,
        ] {
            assert!(request(other).is_none(), "{other}");
        }
    }

    #[test]
    fn items_up_to_the_cap() {
        let items = items(r#"[{"ServerId":"i-1"}, {}]"#, 20);
        assert!(matches!(items, Some(Items { count: 2, .. })));
        assert!(super::items(r#"[{}, 7]"#, 20).is_none());
        // Past the cap: counted, not kept.
        let past = super::items("[{},{},{}]", 2);
        assert!(
            matches!(&past, Some(Items { count: 3, items, fields, .. }) if items.is_empty() && fields.is_empty())
        );
        // Items that are no object, read as serde_json reads them; not so a number or an
        // escaped string.
        let others = super::items(r#"[null, "a", true, {}]"#, 20);
        assert!(matches!(&others, Some(Items { count: 4, items, .. })
            if items[..3] == [Item::Other(Kind::Null), Item::Other(Kind::String), Item::Other(Kind::Boolean)]));
        assert!(super::items(
            r#"["a
"]"#,
            20
        )
        .is_none());
        assert!(super::items("[[1]]", 20).is_none());
        assert!(super::items(r#""[]""#, 20).is_none());
    }

    #[test]
    fn reads_single_quoted_strings_in_place_only_in_backend_servers() {
        let read = items("[{'ServerId':'i-1', \"Weight\":'5', 'X':1}]", 20);
        let Some(read) = read else {
            panic!("read in place")
        };
        assert!(read.single_quoted);
        let got: Vec<(&str, FieldValue<'_>)> = read
            .fields
            .iter()
            .map(|f| (read.key(f.key), f.value))
            .collect();
        assert_eq!(
            got,
            [
                ("ServerId", FieldValue::Text("i-1")),
                ("Weight", FieldValue::Text("5")),
                ("X", FieldValue::Json("1")),
            ]
        );
        assert!(items(r#"[{"ServerId":"i-1"}]"#, 20).is_some_and(|r| !r.single_quoted));
        // Inside the encoded string of the JSON form, too.
        let params = request(r#"{"BackendServers":"[{'ServerId':'i-1'}]"}"#).unwrap_or_default();
        assert!(matches!(
            params.first().map(|p| &p.value),
            Some(Raw::Items(pre)) if pre.items.single_quoted && pre.decoded_len == 20
        ));
        // What the reference path reads through `quotes.rs`: escapes, a raw `"`, a control
        // character, an unterminated string; and never in the document around it.
        for other in [
            r"[{'ServerId':'it\'s'}]",
            r#"[{'ServerId':'a"b'}]"#,
            "[{'ServerId':'a\\tb'}]",
            "[{'ServerId':'a\u{1}b'}]",
            "[{'ServerId':'i-1}]",
        ] {
            assert!(items(other, 20).is_none(), "{other}");
        }
        for other in [
            r#"{"BackendServers":[{'ServerId':'i-1'}]}"#,
            r#"{'LoadBalancerId':"lb-1"}"#,
            r#"{"LoadBalancerId":'lb-1'}"#,
            r#"{"BackendServers":"[{'ServerId':'a\"b'}]"}"#,
        ] {
            let read_quoted = request(other).is_some_and(|params| {
                params
                    .iter()
                    .any(|p| matches!(&p.value, Raw::Items(pre) if pre.items.single_quoted))
            });
            assert!(!read_quoted, "{other}");
        }
    }

    #[test]
    fn recognises_exactly_the_item_keys() {
        let known = |key: &str| {
            let text = format!(r#"\"{key}\":\"1\""#);
            let mut s = Scanner::new(&text);
            let mut esc = Escapes(0);
            let field = s.known_key(&mut esc);
            (field, s.pos, esc.0)
        };
        for field in ItemField::ALL {
            let name = field.name();
            assert!(
                name.len() <= 14,
                "{name}: the key table holds names of 14 bytes at most"
            );
            assert_eq!(known(name), (Some(field), name.len() + 4, 2), "{name}");
        }
        let single = |key: &str| {
            let text = format!("'{key}':'1'");
            let mut s = Scanner::new(&text);
            s.single_quotes = true;
            let field = s.known_single_quoted_key();
            (field, s.pos, s.single_quoted)
        };
        for field in ItemField::ALL {
            let name = field.name();
            assert_eq!(single(name), (Some(field), name.len() + 2, true), "{name}");
        }
        for other in ["ServerIdx", "Weigh", "type", "", "ServerIpv6", "Port\\"] {
            assert_eq!(single(other), (None, 0, false), "{other}");
        }
        for other in [
            "ServerID",
            "ServerIdx",
            "Weigh",
            "Weights",
            "type",
            "Typ",
            "Ports",
            "Descriptio",
            "Descriptions",
            "ServerI",
            "",
            "ServerIpv6",
        ] {
            assert_eq!(known(other), (None, 0, 0), "{other}");
        }
    }
}

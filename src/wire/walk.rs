//! Where a value lies in a request's text: the one reader of positions. [`Places`] walks the
//! text again, tolerantly, to the value a finding's path names, and gives its bytes (its span);
//! when the fast reader read the items in place, it takes their places from that reading
//! instead (`ReadItems`).
//!
//! The walk reads the text on its own: a JSON object of parameters (whose `BackendServers` may
//! be a string holding the array, or the array itself), a JSON array of items (the planner's
//! desired members), or a query string (whose `BackendServers` is percent-encoded). A value
//! inside the encoded `BackendServers` text is mapped back to where it lies in the outer text:
//! from the `\"` that opens an escaped string to the `\"` that closes it, from the `%22` of a
//! percent-encoded one to its closing `%22`. Whatever it cannot find, it leaves without a place;
//! it never fails and never panics.
//!
//! Which key, when a key appears more than once in one object: a finding about the key itself
//! points at the n-th occurrence of the key for the n-th such finding at that path
//! ([`Occurrence::Nth`]); a duplicate points at the occurrences after the first one of its field
//! ([`Occurrence::NthRepeat`]); every other finding is about the value that was read, which is the
//! first occurrence.

use std::borrow::Cow;
use std::ops::Range;

use super::model::{Encoding, FieldValue, Item, PreRead, Raw, RawRequest};
use super::query::query_start;
use crate::finding::Path;
use crate::swar::find_special;
use crate::types::List;

/// Which occurrence of a key a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Occurrence {
    /// The first (the value that was read).
    First,
    /// The n-th occurrence of the key (R5's findings about a key).
    Nth(usize),
    /// The n-th occurrence that is not the first of its field (a duplicate).
    NthRepeat(usize),
}

/// Where the values at paths lie in one text: from the check's own reading of the items when at
/// hand, else walked (the walk made once, as far as asked).
pub(crate) struct Places<'a> {
    text: &'a str,
    items: Option<ReadItems<'a>>,
    doc: Option<Doc<'a>>,
    /// Whether a field named in a path is matched in any ASCII letter case (the planner names
    /// its fields canonically); else as written.
    any_case: bool,
}

impl<'a> Places<'a> {
    /// The places of `text`, with what the check read of it (`read`) when at hand.
    pub(crate) fn new(text: &'a str, read: Option<&'a RawRequest<'a>>, any_case: bool) -> Self {
        Places {
            text,
            items: read.and_then(|raw| ReadItems::new(text, raw)),
            doc: None,
            any_case,
        }
    }

    /// The bytes of the value at `path` (the occurrence `which` of its key), when the text
    /// holds one.
    pub(crate) fn span(&mut self, path: &Path, which: Occurrence) -> Option<Range<usize>> {
        let in_servers = matches!(path.in_item(), Some((List::BackendServers, _)));
        if let (Some(items), true) = (&self.items, in_servers) {
            if !self.any_case {
                return items.span(path, which);
            }
        }
        let text = self.text;
        self.doc
            .get_or_insert_with(|| Doc::new(text))
            .span(path, which, self.any_case)
    }
}

/// What the check read of the items of `BackendServers` (the first parameter spelt so in any
/// ASCII letter case, as [`Doc`] takes it), when the fast reader read them in place: where each
/// item starts, and each field's key and value, so that an item's finding is located without
/// walking the text.
///
/// Only where the walker would read the same: the fast reader takes a subset of JSON (no
/// escape in a key, inner strings without a backslash) in which it finds the same items, the
/// same members in the same order, and values starting at the same bytes, as [`Walker`] does.
/// Not so single-quoted text (R30), which the walker reads as JSON and cuts elsewhere, nor
/// items past the cap (not kept): those are walked.
struct ReadItems<'r> {
    text: &'r str,
    pre: &'r PreRead<'r>,
    /// Where the text starts in memory: a borrowed value's offset is its address less this.
    base: usize,
    /// Added to an item's start: the byte-order mark that the reader set aside before reading.
    shift: usize,
}

impl<'r> ReadItems<'r> {
    fn new(text: &'r str, raw: &'r RawRequest<'r>) -> Option<ReadItems<'r>> {
        let param = raw
            .params
            .iter()
            .find(|p| p.key.eq_ignore_ascii_case("BackendServers"))?;
        let Raw::Items(pre) = &param.value else {
            return None;
        };
        let items = &pre.items;
        if items.single_quoted || items.items.len() != items.count {
            return None;
        }
        Some(ReadItems {
            text,
            pre,
            base: text.as_ptr() as usize,
            shift: if raw.byte_order_mark {
                '\u{feff}'.len_utf8()
            } else {
                0
            },
        })
    }

    /// The bytes of the value at `path` (an item, or a field of one), as [`Doc::span`] finds
    /// them.
    fn span(&self, path: &Path, which: Occurrence) -> Option<Range<usize>> {
        let items = &self.pre.items;
        match path {
            Path::Item(_, i) => {
                items.items.get(*i)?;
                let start = self.pre.starts.get(*i)? + self.shift;
                // The items were read as written: as they are, or inside the encoded string.
                let encoding = match self.pre.raw.as_bytes().first() {
                    Some(b'"') => Encoding::InString,
                    _ => Encoding::Plain,
                };
                let walker = Walker {
                    b: self.text.as_bytes(),
                    enc: encoding,
                };
                Some(start..walker.value_end(start)?)
            }
            Path::Field(_, i, name) => {
                let Some(Item::Object(range)) = items.items.get(*i) else {
                    return None;
                };
                let fields = items.fields.get(range.clone())?;
                let key = |n: usize| fields.get(n).map(|f| items.key(f.key));
                let n = pick(fields.len(), which, |n, any_case| {
                    same_name(key(n), name, any_case)
                })?;
                self.value_span(fields.get(n)?.value)
            }
            Path::Root | Path::Param(_) => None,
        }
    }

    /// The bytes of a value read in place: its raw JSON text, or (inside the encoded string) its
    /// text with the `\"` on either side.
    fn value_span(&self, value: FieldValue<'_>) -> Option<Range<usize>> {
        let (text, quotes) = match value {
            FieldValue::Json(raw) => (raw, 0),
            FieldValue::Text(text) => (text, 2),
        };
        let start = (text.as_ptr() as usize)
            .checked_sub(self.base)?
            .checked_sub(quotes)?;
        Some(start..start + text.len() + 2 * quotes)
    }
}

/// The text being walked, read as far as needed: its parameters, and (when asked) where the
/// items of its `BackendServers` start.
struct Doc<'t> {
    text: &'t str,
    /// The parameters in order: key (decoded), where the value starts in the text, and (in a
    /// query string) where it ends.
    params: Vec<Param<'t>>,
    /// Whether `params` holds them all, or only those up to `BackendServers`.
    complete: bool,
    form: Form,
    /// The items of each list (by [`List`] position), read as far as an item has been asked
    /// for.
    items: [Option<Option<ItemStarts>>; 4],
}

/// How the `BackendServers` JSON is written in the text, where its items start as far as read,
/// and where the next one starts (`None` past the last).
struct ItemStarts {
    enc: Encoding,
    starts: Vec<usize>,
    next: Option<usize>,
}

/// A parameter: its key (decoded), where its value starts in the text, and (a query value,
/// which ends at the next `&`) where it ends.
type Param<'t> = (Cow<'t, str>, usize, Option<usize>);

#[derive(Clone, Copy)]
enum Form {
    /// A JSON object, starting at this offset.
    Json(usize),
    Query,
}

const BLANKS: [char; 4] = [' ', '\t', '\n', '\r'];

impl<'t> Doc<'t> {
    fn new(text: &'t str) -> Doc<'t> {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let body = text.get(bom..).unwrap_or_default();
        let start = bom + (body.len() - body.trim_start_matches(BLANKS).len());
        let json = matches!(text.as_bytes().get(start), Some(b'{' | b'[' | b'"'));
        // The parameters up to `BackendServers` (usually the last): its value, the longest, is
        // not skipped unless a parameter after it is asked for.
        let (form, params, complete) = if json {
            let (params, complete) = json_params(text, start, true).unwrap_or_default();
            (Form::Json(start), params, complete)
        } else {
            (Form::Query, query_params(text, start), true)
        };
        Doc {
            text,
            params,
            complete,
            form,
            items: Default::default(),
        }
    }

    /// Every parameter, read to the end of the object.
    fn all_params(&mut self) -> &[Param<'t>] {
        if let (false, Form::Json(start)) = (self.complete, self.form) {
            self.params = json_params(self.text, start, false)
                .map(|(params, _)| params)
                .unwrap_or_default();
            self.complete = true;
        }
        &self.params
    }

    /// The bytes of the value at `path` in the text; a field named `any_case` is matched in
    /// any ASCII letter case.
    fn span(&mut self, path: &Path, which: Occurrence, any_case: bool) -> Option<Range<usize>> {
        let plain = Walker {
            b: self.text.as_bytes(),
            enc: Encoding::Plain,
        };
        match path {
            Path::Root => None,
            Path::Param(name) => {
                let params = self.all_params();
                let (_, start, end) = pick(params.len(), which, |i, any_case| {
                    let key = params.get(i).map(|(k, ..)| k.as_ref());
                    same_name(key, name, any_case)
                })
                .and_then(|i| params.get(i))?;
                let end = match end {
                    Some(end) => *end,
                    None => plain.value_end(*start)?,
                };
                Some(*start..end)
            }
            Path::Item(list, i) => {
                let (enc, start) = self.item(*list, *i)?;
                let walker = Walker { enc, ..plain };
                Some(start..walker.value_end(start)?)
            }
            Path::Field(list, i, name) => {
                let (enc, at) = self.item(*list, *i)?;
                let walker = Walker { enc, ..plain };
                let start = if which == Occurrence::First {
                    // The usual case: the first member with the key, read no further.
                    walker.first_member(at, name, any_case)?
                } else {
                    let fields = walker.members(at)?;
                    pick(fields.len(), which, |n, any_case| {
                        fields
                            .get(n)
                            .is_some_and(|f| walker.key_is(f.key, name, any_case))
                    })
                    .and_then(|n| fields.get(n))
                    .map(|f| f.value)?
                };
                Some(start..walker.value_end(start)?)
            }
        }
    }

    /// How the items of `list` are written, and where item `i` starts: the items are read up
    /// to it.
    fn item(&mut self, list: List, i: usize) -> Option<(Encoding, usize)> {
        let slot = list as usize;
        if self.items.get(slot)?.is_none() {
            let opened = self.open_items(list);
            *self.items.get_mut(slot)? = Some(opened);
        }
        let b = self.text.as_bytes();
        let items = self.items.get_mut(slot)?.as_mut()?.as_mut()?;
        let walker = Walker { b, enc: items.enc };
        while items.starts.len() <= i {
            let at = items.next.take()?;
            let end = walker.value_end(at)?;
            items.starts.push(at);
            let after = walker.blanks(end);
            if let Some((b',', next)) = walker.token(after) {
                items.next = Some(walker.blanks(next));
            }
        }
        Some((items.enc, *items.starts.get(i)?))
    }

    /// The array of `list` that was read (the first parameter spelt so in any ASCII letter
    /// case), before its first item.
    fn open_items(&mut self, list: List) -> Option<ItemStarts> {
        let b = self.text.as_bytes();
        let named = |params: &[Param<'_>]| {
            params
                .iter()
                .find(|(key, ..)| key.eq_ignore_ascii_case(list.name()))
                .map(|p| p.1)
        };
        let at = match self.form {
            // A document that is an array is the items themselves (the planner's desired
            // members).
            Form::Json(start) if b.get(start) == Some(&b'[') => {
                (list == List::BackendServers).then_some(start)?
            }
            // The parameters are read up to `BackendServers`; another list may lie after it.
            _ => match named(&self.params) {
                Some(at) => at,
                None => named(self.all_params())?,
            },
        };
        let (enc, start) = match self.form {
            Form::Json(_) => match b.get(at)? {
                b'"' => (Encoding::InString, at + 1),
                b'[' => (Encoding::Plain, at),
                _ => return None,
            },
            Form::Query => (Encoding::Percent, at),
        };
        let walker = Walker { b, enc };
        let open = walker.blanks(start);
        if walker.byte(open)? != b'[' {
            return None;
        }
        let first = walker.blanks(walker.token(open)?.1);
        let next = (walker.byte(first) != Some(b']')).then_some(first);
        Some(ItemStarts {
            enc,
            starts: Vec::new(),
            next,
        })
    }
}

/// Whether `key` is `name`, exactly or (`any_case`) in any ASCII letter case.
fn same_name(key: Option<&str>, name: &str, any_case: bool) -> bool {
    key.is_some_and(|k| {
        if any_case {
            k.eq_ignore_ascii_case(name)
        } else {
            k == name
        }
    })
}

/// The index of the occurrence of a key that `which` names, among `len` keys; `is(i, any_case)`
/// tells whether key `i` is the finding's key (exactly, or in any ASCII letter case).
fn pick(len: usize, which: Occurrence, is: impl Fn(usize, bool) -> bool) -> Option<usize> {
    let mut same = (0..len).filter(|&i| is(i, false));
    match which {
        Occurrence::First => same.next(),
        Occurrence::Nth(n) => same.nth(n),
        Occurrence::NthRepeat(n) => {
            // The first key of the field, in any ASCII letter case, is the one that was read.
            let first_of_field = (0..len).find(|&i| is(i, true));
            same.filter(|&i| Some(i) != first_of_field).nth(n)
        }
    }
}

/// A key's place: from its opening quote to just after its closing one.
#[derive(Clone, Copy)]
struct Member {
    key: (usize, usize),
    value: usize,
}

/// A tolerant JSON walker over text written in an [`Encoding`]: it reads the JSON's bytes one token
/// of the text at a time, so every position it gives is a position in the text itself.
struct Walker<'b> {
    b: &'b [u8],
    enc: Encoding,
}

impl Walker<'_> {
    /// The JSON byte the text spells at `j`, and where the next one starts; `None` at the end
    /// (of the text, of the enclosing string, of the query value). A character escaped as
    /// `\uXXXX` beyond ASCII reads as one byte 0x80 (never structural).
    fn token(&self, j: usize) -> Option<(u8, usize)> {
        let c = *self.b.get(j)?;
        match self.enc {
            Encoding::Plain => Some((c, j + 1)),
            Encoding::InString => match c {
                b'"' => None,
                b'\\' => {
                    let byte = match *self.b.get(j + 1)? {
                        b'u' => {
                            let digits = std::str::from_utf8(self.b.get(j + 2..j + 6)?).ok()?;
                            let code = u32::from_str_radix(digits, 16).ok()?;
                            return Some((
                                u8::try_from(code).ok().filter(u8::is_ascii).unwrap_or(0x80),
                                j + 6,
                            ));
                        }
                        b'n' => b'\n',
                        b't' => b'\t',
                        b'r' => b'\r',
                        b'b' => 8,
                        b'f' => 12,
                        other => other,
                    };
                    Some((byte, j + 2))
                }
                _ => Some((c, j + 1)),
            },
            Encoding::Percent => match c {
                b'&' => None,
                b'+' => Some((b' ', j + 1)),
                b'%' => {
                    let digits = std::str::from_utf8(self.b.get(j + 1..j + 3)?).ok()?;
                    Some((u8::from_str_radix(digits, 16).ok()?, j + 3))
                }
                _ => Some((c, j + 1)),
            },
        }
    }

    fn byte(&self, j: usize) -> Option<u8> {
        self.token(j).map(|(c, _)| c)
    }

    fn blanks(&self, mut j: usize) -> usize {
        while let Some((b' ' | b'\t' | b'\n' | b'\r', next)) = self.token(j) {
            j = next;
        }
        j
    }

    /// The end of the JSON string whose quote is at `j` (just after its closing quote).
    fn string_end(&self, j: usize) -> Option<usize> {
        let b = self.b;
        match self.enc {
            Encoding::Plain => {
                let mut k = j + 1;
                // A word at a time to the next quote, backslash or control character.
                loop {
                    k += find_special(b.get(k..)?)?;
                    match b.get(k)? {
                        b'"' => return Some(k + 1),
                        b'\\' => k += 2,
                        _ => k += 1,
                    }
                }
            }
            // An inner string opens with `\"` and closes at the next `\"` that is not escaped in
            // the inner text (an inner `\` is written `\\`, so `\\\"` is an inner `\"`).
            Encoding::InString => {
                // A word at a time to the next quote, backslash or control character (a control
                // character is stepped over: only the other two matter here).
                let mut k = j + 2;
                loop {
                    k += find_special(b.get(k..)?)?;
                    match *b.get(k)? {
                        b'"' => return None,
                        b'\\' => match *b.get(k + 1)? {
                            b'"' => return Some(k + 2),
                            // An inner escape: the character it escapes follows.
                            b'\\' => k = self.token(k + 2)?.1,
                            // Any other escape of the outer text (`\n`, `\/`, `\u0041`): its
                            // other characters are letters and digits, read on as they come.
                            _ => k += 2,
                        },
                        _ => k += 1,
                    }
                }
            }
            Encoding::Percent => {
                let (_, mut k) = self.token(j)?;
                loop {
                    let (c, next) = self.token(k)?;
                    match c {
                        b'"' => return Some(next),
                        b'\\' => k = self.token(next)?.1,
                        _ => k = next,
                    }
                }
            }
        }
    }

    /// The end of the JSON value starting at `j`, without recursion.
    fn value_end(&self, j: usize) -> Option<usize> {
        let (first, mut k) = self.token(j)?;
        match first {
            b'"' => self.string_end(j),
            // Token by token, so that a bracket written as an escape (`\u005d`) counts as the
            // bracket it spells, as the reader reads it.
            b'{' | b'[' => {
                let mut depth = 1usize;
                loop {
                    let (c, next) = self.token(k)?;
                    match c {
                        b'"' => {
                            k = self.string_end(k)?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(next);
                            }
                        }
                        _ => {}
                    }
                    k = next;
                }
            }
            b',' | b'}' | b']' | b':' | b' ' | b'\t' | b'\n' | b'\r' => None,
            _ => {
                while let Some((c, next)) = self.token(k) {
                    if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    k = next;
                }
                Some(k)
            }
        }
    }

    /// The members of the object at `j`; what follows a syntax error is left out.
    fn members(&self, j: usize) -> Option<Vec<Member>> {
        self.members_until(j, |_| false).map(|(members, _)| members)
    }

    /// As [`Walker::members`], stopping (without reading its value) after the first member
    /// `stop` holds for; also whether the object was read to its end.
    fn members_until(
        &self,
        j: usize,
        stop: impl Fn(&Member) -> bool,
    ) -> Option<(Vec<Member>, bool)> {
        if self.byte(j)? != b'{' {
            return None;
        }
        let mut out = Vec::new();
        let mut k = self.token(j)?.1;
        loop {
            k = self.blanks(k);
            if self.byte(k) != Some(b'"') {
                return Some((out, true));
            }
            let key_end = self.string_end(k)?;
            let colon = self.blanks(key_end);
            if self.byte(colon) != Some(b':') {
                return Some((out, true));
            }
            let value = self.blanks(self.token(colon)?.1);
            let member = Member {
                key: (k, key_end),
                value,
            };
            if stop(&member) {
                out.push(member);
                return Some((out, false));
            }
            let Some(end) = self.value_end(value) else {
                return Some((out, true));
            };
            out.push(member);
            k = self.blanks(end);
            match self.token(k) {
                Some((b',', next)) => k = next,
                _ => return Some((out, true)),
            }
        }
    }

    /// Where the value of the first member of the object at `j` whose key is `name` starts.
    fn first_member(&self, j: usize, name: &str, any_case: bool) -> Option<usize> {
        let (members, complete) = self.members_until(j, |m| self.key_is(m.key, name, any_case))?;
        // Stopped early: at the member sought.
        members.last().filter(|_| !complete).map(|m| m.value)
    }

    /// Whether the key written at `(from, to)` (quotes included) is `name`, exactly or in any
    /// ASCII letter case.
    fn key_is(&self, (from, to): (usize, usize), name: &str, any_case: bool) -> bool {
        let Some((_, start)) = self.token(from) else {
            return false;
        };
        // Byte for byte while the key spells itself plainly (the usual case), without decoding.
        let mut expected = name.bytes();
        let mut k = start;
        loop {
            let Some((c, next)) = self.token(k) else {
                return false;
            };
            if next >= to {
                return expected.next().is_none();
            }
            // A backslash starts an escape of the key's own: decoded below. Every other byte
            // is the key's own byte (a character beyond ASCII written as an outer `\u` escape
            // reads as 0x80, which never starts a character in UTF-8: it matches no name).
            if c == b'\\' {
                break;
            }
            match expected.next() {
                Some(n) if c == n || (any_case && c.eq_ignore_ascii_case(&n)) => {}
                _ => return false,
            }
            k = next;
        }
        let mut bytes = Vec::new();
        let mut k = start;
        while let Some((c, next)) = self.token(k) {
            if next >= to {
                break;
            }
            bytes.push(c);
            k = next;
        }
        let decoded = if bytes.contains(&b'\\') {
            // The key holds an escape of its own: decoded as JSON.
            let mut quoted = Vec::with_capacity(bytes.len() + 2);
            quoted.push(b'"');
            quoted.extend_from_slice(&bytes);
            quoted.push(b'"');
            serde_json::from_slice::<String>(&quoted).ok()
        } else {
            String::from_utf8(bytes).ok()
        };
        same_name(decoded.as_deref(), name, any_case)
    }
}

/// The parameters of the JSON object at `start`; with `until_servers`, only up to
/// `BackendServers` (in any letter case). Also whether they are all there.
fn json_params(text: &str, start: usize, until_servers: bool) -> Option<(Vec<Param<'_>>, bool)> {
    let key = |m: &Member| -> Option<Cow<'_, str>> {
        let written = text.get(m.key.0..m.key.1)?;
        Some(if written.contains('\\') {
            Cow::Owned(serde_json::from_str::<String>(written).ok()?)
        } else {
            Cow::Borrowed(written.get(1..written.len() - 1)?)
        })
    };
    let walker = Walker {
        b: text.as_bytes(),
        enc: Encoding::Plain,
    };
    let (members, complete) = walker.members_until(start, |m| {
        until_servers && key(m).is_some_and(|k| k.eq_ignore_ascii_case("BackendServers"))
    })?;
    let params = members
        .iter()
        .filter_map(|m| Some((key(m)?, m.value, None)))
        .collect();
    Some((params, complete))
}

/// The parameters of a query string starting at `start`: each key (decoded), where its value
/// starts (after `=`) and ends (at the next `&`), as the query reader splits them (what comes
/// before the query, a `?` or a URL, skipped as it skips it).
fn query_params(text: &str, start: usize) -> Vec<Param<'_>> {
    let end = text.trim_end_matches(BLANKS).len().max(start);
    let Some(query) = text.get(start..end) else {
        return Vec::new();
    };
    let Some(skip) = query_start(query) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut at = start + skip;
    for pair in query.get(skip..).unwrap_or_default().split('&') {
        if let Some((key, _)) = pair.split_once('=') {
            let value = at + key.len() + 1..at + pair.len();
            if !key.contains(['%', '+']) {
                out.push((Cow::Borrowed(key), value.start, Some(value.end)));
            } else if let Some(decoded) = percent_decoded(key) {
                out.push((Cow::Owned(decoded), value.start, Some(value.end)));
            }
        }
        at += pair.len() + 1;
    }
    out
}

/// A percent-encoded key, decoded (`+` is a space).
fn percent_decoded(key: &str) -> Option<String> {
    let walker = Walker {
        b: key.as_bytes(),
        enc: Encoding::Percent,
    };
    let mut bytes = Vec::new();
    let mut k = 0;
    while let Some((c, next)) = walker.token(k) {
        bytes.push(c);
        k = next;
    }
    (k == key.len()).then_some(())?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::location_at;

    fn at(text: &str, path: &Path, which: Occurrence) -> Option<(usize, usize)> {
        let span = Doc::new(text).span(path, which, false)?;
        let l = location_at(text, span.start)?;
        Some((l.line(), l.column()))
    }

    fn value<'t>(text: &'t str, path: &Path, which: Occurrence) -> Option<&'t str> {
        text.get(Doc::new(text).span(path, which, false)?)
    }

    #[test]
    fn finds_values_in_every_form() {
        let json = "{\"LoadBalancerId\": \"lb-1\",\n \"BackendServers\": \"[{\\\"ServerId\\\":\\\"i-1\\\",\\\"Weight\\\":\\\"101\\\"}]\"}";
        assert_eq!(
            at(json, &Path::param("LoadBalancerId"), Occurrence::First),
            Some((1, 20))
        );
        assert_eq!(
            value(json, &Path::param("LoadBalancerId"), Occurrence::First),
            Some("\"lb-1\"")
        );
        // From the `\"` that opens the inner string to the one that closes it.
        let weight = at(json, &Path::field(0, "Weight"), Occurrence::First);
        assert_eq!(weight, Some((2, 55)));
        assert_eq!(
            value(json, &Path::field(0, "Weight"), Occurrence::First),
            Some("\\\"101\\\"")
        );
        assert_eq!(at(json, &Path::item(0), Occurrence::First), Some((2, 22)));
        assert_eq!(
            value(json, &Path::item(0), Occurrence::First),
            Some("{\\\"ServerId\\\":\\\"i-1\\\",\\\"Weight\\\":\\\"101\\\"}")
        );
        assert_eq!(at(json, &Path::field(0, "Port"), Occurrence::First), None);
        assert_eq!(at(json, &Path::item(1), Occurrence::First), None);
        assert_eq!(at(json, &Path::Root, Occurrence::First), None);

        let query = "?LoadBalancerId=lb-1&BackendServers=%5B%7B%22Weight%22%3A%22101%22%7D%5D";
        assert_eq!(
            at(query, &Path::param("LoadBalancerId"), Occurrence::First),
            Some((1, 17))
        );
        assert_eq!(
            value(query, &Path::param("LoadBalancerId"), Occurrence::First),
            Some("lb-1")
        );
        assert_eq!(
            value(query, &Path::field(0, "Weight"), Occurrence::First),
            Some("%22101%22")
        );
        // A document that is an array is the items themselves.
        let array = r#"[{"ServerId": "i-1"}, {"Weight": 7}]"#;
        assert_eq!(
            value(array, &Path::field(1, "Weight"), Occurrence::First),
            Some("7")
        );
    }

    #[test]
    fn repeated_keys_pick_the_occurrence_the_finding_is_about() {
        let text = r#"{"BackendServers": [{"Weight": "1", "weight": "2", "Weight": "3"}]}"#;
        let path = Path::field(0, "Weight");
        assert_eq!(value(text, &path, Occurrence::First), Some("\"1\""));
        assert_eq!(value(text, &path, Occurrence::NthRepeat(0)), Some("\"3\""));
        assert_eq!(
            value(text, &Path::field(0, "weight"), Occurrence::NthRepeat(0)),
            Some("\"2\"")
        );
        // In any letter case, the first key of the field.
        let mut places = Places::new(text, None, true);
        let any = places.span(&Path::field(0, "WEIGHT"), Occurrence::First);
        assert_eq!(any.and_then(|s| text.get(s)), Some("\"1\""));
    }
}

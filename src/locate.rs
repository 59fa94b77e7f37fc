//! Locating findings in the text that was checked: [`Report::located`] walks the text to each
//! finding's [`Path`] and gives the finding the [`Location`] (line and column) where its value
//! starts. It runs only when a caller asks (the command line does, to point at the place); the
//! check itself never locates, so it costs the check nothing.
//!
//! The walk reads the text again on its own, tolerantly: a JSON object of parameters (whose
//! `BackendServers` may be a string holding the array, or the array itself) or a query string
//! (whose `BackendServers` is percent-encoded). A value inside the encoded `BackendServers` text
//! is mapped back to where it starts in the outer text: at the `\"` that opens an escaped string,
//! at the `%22` of a percent-encoded one. Whatever it cannot find, it leaves without a location;
//! it never fails and never panics.
//!
//! Which key, when a key appears more than once in one object: a finding about the key itself
//! (R5: `UnknownField`, `NonCanonicalFieldName`) points at the n-th occurrence of the key for
//! the n-th such finding at that path; `InvalidParameter.DuplicateField` points at the
//! occurrences after the first one of its field (the second for the first such finding, and so
//! on); every other finding is about the value that was read, which is the first occurrence.

use crate::finding::{Code, Location, Path};
use crate::report::Report;

impl Report {
    /// The same report, each finding about a value that is present in `text` given the
    /// [`Location`] where that value starts (see [`crate::Finding::location`]). `text` is the text that
    /// was checked; a finding with no such place (the whole document, a field that is absent)
    /// keeps none. Never fails: text it cannot walk leaves findings without a location.
    ///
    /// ```
    /// let text = "{\n  \"LoadBalancerId\": \"lb-1\",\n  \"BackendServers\": [{\"ServerId\": \"i-1\", \"Weight\": 101}]\n}";
    /// let report = clb_preflight::check(text).located(text);
    /// let location = report.errors()[0].location().expect("the weight is in the text");
    /// assert_eq!((location.line(), location.column()), (3, 52));
    /// ```
    pub fn located(mut self, text: &str) -> Report {
        let mut doc: Option<Doc<'_>> = None;
        // How many findings of each (code, path) came before, for repeated keys.
        let mut seen: Vec<(Code, Path, usize)> = Vec::new();
        for finding in self.findings_mut() {
            if *finding.path() == Path::Root {
                continue;
            }
            let code = finding.code();
            let nth = match seen
                .iter_mut()
                .find(|(c, p, _)| *c == code && p == finding.path())
            {
                Some((_, _, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    seen.push((code, finding.path().clone(), 0));
                    0
                }
            };
            let doc = doc.get_or_insert_with(|| Doc::new(text));
            let location = doc
                .offset(finding.path(), Occurrence::of(code, nth))
                .and_then(|offset| location_at(text, offset));
            let located = finding.clone().with_location(location);
            *finding = located;
        }
        self
    }
}

impl Path {
    /// Where the value at this path starts in `text` (its first occurrence), as
    /// [`Report::located`] finds it; `None` when `text` holds no such value.
    ///
    /// ```
    /// use clb_preflight::Path;
    /// let text = r#"{"BackendServers": [{"ServerId": "i-1"}]}"#;
    /// let item = Path::Item(0).locate_in(text).expect("the item is there");
    /// assert_eq!((item.line(), item.column()), (1, 21));
    /// ```
    pub fn locate_in(&self, text: &str) -> Option<Location> {
        Doc::new(text)
            .offset(self, Occurrence::First)
            .and_then(|offset| location_at(text, offset))
    }
}

/// Which occurrence of a key a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Occurrence {
    /// The first (the value that was read).
    First,
    /// The n-th occurrence of the key (R5's findings about a key).
    Nth(usize),
    /// The n-th occurrence that is not the first of its field (a duplicate).
    NthRepeat(usize),
}

impl Occurrence {
    fn of(code: Code, nth: usize) -> Occurrence {
        match code {
            Code::UnknownField | Code::NonCanonicalFieldName => Occurrence::Nth(nth),
            Code::InvalidParameterDuplicateField => Occurrence::NthRepeat(nth),
            _ => Occurrence::First,
        }
    }
}

/// The line (from 1) and column (from 1, in characters of the line) of byte `offset` of
/// `text`; a byte-order mark that starts the text is not counted. `None` at the end of the text
/// (a location points at a character).
pub(crate) fn location_at(text: &str, offset: usize) -> Option<Location> {
    if offset >= text.len() {
        return None;
    }
    let before = text.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let in_line = before.get(line_start..)?;
    let in_line = if line_start == 0 {
        in_line.strip_prefix('\u{feff}').unwrap_or(in_line)
    } else {
        in_line
    };
    Location::new(line, in_line.chars().count() + 1)
}

/// The text being walked, read as far as needed: its parameters, and (when asked) the items of
/// its `BackendServers`.
struct Doc<'t> {
    /// The parameters in order: key (decoded) and where the value starts in the text.
    params: Vec<(String, usize)>,
    /// Reads `BackendServers` text into a [`Layer`].
    form: Form,
    text: &'t str,
    /// The `BackendServers` items, read the first time an item is asked for.
    items: Option<Option<Items>>,
}

#[derive(Clone, Copy)]
enum Form {
    Json,
    Query,
}

/// The items of `BackendServers`: the decoded JSON text and where each of its bytes lies in the
/// outer text, and where each item starts in the decoded text.
struct Items {
    layer: Layer,
    starts: Vec<usize>,
}

/// Decoded text, and for each of its bytes (and its end) the offset in the outer text.
struct Layer {
    text: String,
    map: Vec<usize>,
}

const BLANKS: [char; 4] = [' ', '\t', '\n', '\r'];

impl<'t> Doc<'t> {
    fn new(text: &'t str) -> Doc<'t> {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let body = text.get(bom..).unwrap_or_default();
        let start = bom + (body.len() - body.trim_start_matches(BLANKS).len());
        let json = matches!(text.as_bytes().get(start), Some(b'{' | b'[' | b'"'));
        let (form, params) = if json {
            (Form::Json, members(text, start).unwrap_or_default())
        } else {
            (Form::Query, query_params(text, start))
        };
        Doc {
            params,
            form,
            text,
            items: None,
        }
    }

    /// Where the value at `path` starts in the text.
    fn offset(&mut self, path: &Path, which: Occurrence) -> Option<usize> {
        match path {
            Path::Root => None,
            Path::Param(name) => pick(&self.params, name, which),
            Path::Item(i) => {
                let items = self.items()?;
                let start = *items.starts.get(*i)?;
                items.layer.map.get(start).copied()
            }
            Path::Field(i, name) => {
                let items = self.items()?;
                let start = *items.starts.get(*i)?;
                let fields = members(&items.layer.text, start)?;
                let inner = pick(&fields, name, which)?;
                items.layer.map.get(inner).copied()
            }
        }
    }

    fn items(&mut self) -> Option<&Items> {
        if self.items.is_none() {
            self.items = Some(self.read_items());
        }
        self.items.as_ref().and_then(Option::as_ref)
    }

    /// The items of the `BackendServers` that was read: the first parameter spelt so in any
    /// ASCII letter case.
    fn read_items(&self) -> Option<Items> {
        let (_, at) = self
            .params
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case("BackendServers"))?;
        let text = self.text;
        let layer = match self.form {
            Form::Json => match text.as_bytes().get(*at)? {
                b'"' => unescape(text, *at)?,
                b'[' => {
                    let end = value_end(text.as_bytes(), *at)?;
                    Layer {
                        text: text.get(*at..end)?.to_owned(),
                        map: (*at..=end).collect(),
                    }
                }
                _ => return None,
            },
            Form::Query => {
                let end = text
                    .get(*at..)?
                    .find('&')
                    .map_or(text.trim_end_matches(BLANKS).len(), |n| at + n);
                percent_decode(text, *at, end.max(*at))?
            }
        };
        let first = skip_blanks(layer.text.as_bytes(), 0);
        let starts = elements(&layer.text, first)?;
        Some(Items { layer, starts })
    }
}

/// The value offset of the occurrence of key `name` in `members` that `which` names.
fn pick(members: &[(String, usize)], name: &str, which: Occurrence) -> Option<usize> {
    let mut same = members.iter().filter(|(key, _)| key == name);
    match which {
        Occurrence::First => same.next().map(|(_, at)| *at),
        Occurrence::Nth(n) => same.nth(n).map(|(_, at)| *at),
        Occurrence::NthRepeat(n) => {
            // The first key of the field, in any ASCII letter case, is the one that was read.
            let first_of_field = members
                .iter()
                .position(|(key, _)| key.eq_ignore_ascii_case(name));
            members
                .iter()
                .enumerate()
                .filter(|(i, (key, _))| key == name && Some(*i) != first_of_field)
                .nth(n)
                .map(|(_, (_, at))| *at)
        }
    }
}

fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The end of the JSON string starting at `i` (just after its closing quote).
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match b.get(j)? {
            b'"' => return Some(j + 1),
            b'\\' => j += 2,
            _ => j += 1,
        }
    }
}

/// The end of the JSON value starting at `i`, read tolerantly and without recursion.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match b.get(j)? {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while let Some(c) = b.get(j) {
                if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// The members of the JSON object at `i` of `text`: each key (decoded) and where its value
/// starts. What follows a syntax error is left out.
fn members(text: &str, i: usize) -> Option<Vec<(String, usize)>> {
    let b = text.as_bytes();
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let mut out = Vec::new();
    let mut j = i + 1;
    loop {
        j = skip_blanks(b, j);
        if b.get(j) != Some(&b'"') {
            return Some(out);
        }
        let key_end = string_end(b, j)?;
        let written = text.get(j..key_end);
        let key: Option<String> = match written {
            Some(k) if k.contains('\\') => serde_json::from_str(k).ok(),
            Some(k) => k.get(1..k.len() - 1).map(str::to_owned),
            None => None,
        };
        j = skip_blanks(b, key_end);
        if b.get(j) != Some(&b':') {
            return Some(out);
        }
        let at = skip_blanks(b, j + 1);
        let Some(end) = value_end(b, at) else {
            return Some(out);
        };
        if let Some(key) = key {
            out.push((key, at));
        }
        j = skip_blanks(b, end);
        if b.get(j) != Some(&b',') {
            return Some(out);
        }
        j += 1;
    }
}

/// Where each element of the JSON array at `i` of `text` starts.
fn elements(text: &str, i: usize) -> Option<Vec<usize>> {
    let b = text.as_bytes();
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let mut out = Vec::new();
    let mut j = skip_blanks(b, i + 1);
    if b.get(j) == Some(&b']') {
        return Some(out);
    }
    loop {
        j = skip_blanks(b, j);
        let Some(end) = value_end(b, j) else {
            return Some(out);
        };
        out.push(j);
        j = skip_blanks(b, end);
        if b.get(j) != Some(&b',') {
            return Some(out);
        }
        j += 1;
    }
}

/// The JSON string starting at `at` of `text`, unescaped, each byte mapped to where its
/// character (or its escape) starts in `text`.
fn unescape(text: &str, at: usize) -> Option<Layer> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut map = Vec::new();
    let mut j = at + 1;
    loop {
        match *b.get(j)? {
            b'"' => break,
            b'\\' => {
                let (c, len) = match *b.get(j + 1)? {
                    b'u' => unicode_escape(b, j)?,
                    e => {
                        let c = match e {
                            b'"' => '"',
                            b'\\' => '\\',
                            b'/' => '/',
                            b'b' => '\u{8}',
                            b'f' => '\u{c}',
                            b'n' => '\n',
                            b'r' => '\r',
                            b't' => '\t',
                            _ => return None,
                        };
                        (c, 2)
                    }
                };
                let mut buf = [0; 4];
                for byte in c.encode_utf8(&mut buf).bytes() {
                    out.push(byte);
                    map.push(j);
                }
                j += len;
            }
            byte => {
                out.push(byte);
                map.push(j);
                j += 1;
            }
        }
    }
    map.push(j);
    Some(Layer {
        text: String::from_utf8(out).ok()?,
        map,
    })
}

/// The character of the `\uXXXX` escape at `j` (a surrogate pair is one character; a lone
/// surrogate is U+FFFD), and the escape's length.
fn unicode_escape(b: &[u8], j: usize) -> Option<(char, usize)> {
    let hex = |at: usize| -> Option<u32> {
        let digits = std::str::from_utf8(b.get(at..at + 4)?).ok()?;
        u32::from_str_radix(digits, 16).ok()
    };
    let first = hex(j + 2)?;
    if (0xD800..0xDC00).contains(&first) && b.get(j + 6..j + 8) == Some(b"\\u") {
        if let Some(second) = hex(j + 8).filter(|s| (0xDC00..0xE000).contains(s)) {
            let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
            return Some((char::from_u32(c).unwrap_or('\u{fffd}'), 12));
        }
    }
    Some((char::from_u32(first).unwrap_or('\u{fffd}'), 6))
}

/// Percent-decodes `text[from..to]` (`+` is a space), each byte mapped to where it starts.
fn percent_decode(text: &str, from: usize, to: usize) -> Option<Layer> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut map = Vec::new();
    let mut j = from;
    while j < to {
        match *b.get(j)? {
            b'+' => {
                out.push(b' ');
                map.push(j);
                j += 1;
            }
            b'%' => {
                let digits = std::str::from_utf8(b.get(j + 1..j + 3)?).ok()?;
                out.push(u8::from_str_radix(digits, 16).ok()?);
                map.push(j);
                j += 3;
            }
            byte => {
                out.push(byte);
                map.push(j);
                j += 1;
            }
        }
    }
    map.push(j);
    Some(Layer {
        text: String::from_utf8(out).ok()?,
        map,
    })
}

/// The parameters of a query string starting at `start`: each key (decoded) and where its value
/// starts (after `=`), as the query reader splits them (a leading `?` or a URL up to `?` is
/// skipped).
fn query_params(text: &str, start: usize) -> Vec<(String, usize)> {
    let end = text.trim_end_matches(BLANKS).len().max(start);
    let Some(query) = text.get(start..end) else {
        return Vec::new();
    };
    let skip = if query.starts_with('?') {
        1
    } else if query.starts_with("https://") || query.starts_with("http://") {
        match query.find('?') {
            Some(at) => at + 1,
            None => return Vec::new(),
        }
    } else {
        0
    };
    let mut out = Vec::new();
    let mut at = start + skip;
    for pair in query.get(skip..).unwrap_or_default().split('&') {
        if let Some((key, _)) = pair.split_once('=') {
            if let Some(decoded) = percent_decode(key, 0, key.len()) {
                out.push((decoded.text, at + key.len() + 1));
            }
        }
        at += pair.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, path: &Path, which: Occurrence) -> Option<(usize, usize)> {
        let offset = Doc::new(text).offset(path, which)?;
        let l = location_at(text, offset)?;
        Some((l.line(), l.column()))
    }

    #[test]
    fn finds_values_in_every_form() {
        let json = "{\"LoadBalancerId\": \"lb-1\",\n \"BackendServers\": \"[{\\\"ServerId\\\":\\\"i-1\\\",\\\"Weight\\\":\\\"101\\\"}]\"}";
        assert_eq!(
            at(json, &Path::param("LoadBalancerId"), Occurrence::First),
            Some((1, 20))
        );
        // At the `\"` that opens the inner string.
        let weight = at(json, &Path::field(0, "Weight"), Occurrence::First);
        assert_eq!(weight, Some((2, 55)));
        assert_eq!(
            json.lines().nth(1).unwrap().get(54..),
            Some("\\\"101\\\"}]\"}")
        );
        assert_eq!(at(json, &Path::Item(0), Occurrence::First), Some((2, 22)));
        assert_eq!(at(json, &Path::field(0, "Port"), Occurrence::First), None);
        assert_eq!(at(json, &Path::Item(1), Occurrence::First), None);
        assert_eq!(at(json, &Path::Root, Occurrence::First), None);

        let query = "?LoadBalancerId=lb-1&BackendServers=%5B%7B%22Weight%22%3A%22101%22%7D%5D";
        assert_eq!(
            at(query, &Path::param("LoadBalancerId"), Occurrence::First),
            Some((1, 17))
        );
        let (_, column) = at(query, &Path::field(0, "Weight"), Occurrence::First).unwrap();
        assert_eq!(query.get(column - 1..), Some("%22101%22%7D%5D"));
    }

    #[test]
    fn repeated_keys_pick_the_occurrence_the_finding_is_about() {
        let text = r#"{"BackendServers": [{"Weight": "1", "weight": "2", "Weight": "3"}]}"#;
        let value = |which| {
            let (_, column) = at(text, &Path::field(0, "Weight"), which).unwrap();
            text.get(column - 1..column + 2).unwrap().to_owned()
        };
        assert_eq!(value(Occurrence::First), "\"1\"");
        assert_eq!(value(Occurrence::NthRepeat(0)), "\"3\"");
        let (_, column) = at(text, &Path::field(0, "weight"), Occurrence::NthRepeat(0)).unwrap();
        assert_eq!(text.get(column - 1..column + 2), Some("\"2\""));
    }

    #[test]
    fn columns_count_characters_and_skip_a_byte_order_mark() {
        assert_eq!(location_at("\u{feff}ab", 4).map(|l| l.column()), Some(2));
        assert_eq!(
            location_at("é\n测x", 6).map(|l| (l.line(), l.column())),
            Some((2, 2))
        );
        assert_eq!(location_at("é", 1), None);
    }
}

//! [`Location`] and [`Place`]: where in the checked text a finding's value lies.

use std::ops::Range;

/// A character of the text that was checked: its line (1-based) and its column (1-based, in
/// characters of that line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    line: usize,
    column: usize,
}

impl Location {
    /// The location at `line` and `column`, both counted from 1; `None` for a 0.
    pub fn new(line: usize, column: usize) -> Option<Location> {
        (line > 0 && column > 0).then_some(Location { line, column })
    }

    /// The line, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column, from 1, in characters of the line.
    pub fn column(&self) -> usize {
        self.column
    }
}

/// Where a finding's value lies in the text that was checked: its bytes (`span`, `start..end`),
/// and the locations of its first and last characters, which derive from them. Only a value
/// that is present has one; it is found when a report is located against its text, never
/// during the check.
///
/// ```
/// let text = r#"{"LoadBalancerId": "lb-1", "BackendServers": [{"ServerId": "i-1", "Weight": 101}]}"#;
/// let report = clb_preflight::check(text).located(text);
/// let place = report.errors()[0].place().expect("the weight is in the text");
/// assert_eq!(&text[place.span()], "101");
/// assert_eq!((place.start().column(), place.end().column()), (77, 79));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Place {
    span: Range<usize>,
    start: Location,
    end: Location,
}

impl Place {
    /// The place of `span` in `text` (its first and last characters located there); `None`
    /// when it is empty or not within `text`.
    pub(crate) fn of(text: &str, span: Range<usize>) -> Option<Place> {
        let value = text.get(span.clone()).filter(|v| !v.is_empty())?;
        let last = span.end - value.chars().next_back()?.len_utf8();
        Some(Place {
            start: location_at(text, span.start)?,
            end: location_at(text, last)?,
            span,
        })
    }

    /// A place as a report's JSON gives it.
    pub(crate) fn from_parts(span: Range<usize>, start: Location, end: Location) -> Place {
        Place { span, start, end }
    }

    /// The value's bytes in the text: `start..end`.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// Where the value starts: its first character.
    pub fn start(&self) -> Location {
        self.start
    }

    /// Where the value ends: its last character.
    pub fn end(&self) -> Location {
        self.end
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
    let (line, in_line) = match before.rfind('\n') {
        Some(at) => (
            before.bytes().filter(|&b| b == b'\n').count() + 1,
            before.get(at + 1..)?,
        ),
        None => (1, before.strip_prefix('\u{feff}').unwrap_or(before)),
    };
    let column = if in_line.is_ascii() {
        in_line.len()
    } else {
        in_line.chars().count()
    };
    Location::new(line, column + 1)
}

//! [`Report::located`]: each finding given the [`Place`] of its value in the text that was
//! checked — its bytes, and the lines and columns of its first and last characters. It runs
//! only when a caller asks (the command line does, to point at the place); the check itself
//! never locates, so it costs the check nothing. Where a value lies is the wire's to say
//! (`wire/walk.rs`, beside the readers); this file asks, finding by finding.

use crate::finding::{location_at, Code, Finding, Location, Path, Place};
use crate::wire::{Occurrence, Places};

use super::Report;

impl Report {
    /// The same report, each finding about a value that is present in `text` given the
    /// [`Place`] where that value lies (see [`Finding::place`]). `text` is the text that was
    /// checked; a finding with no such place (the whole document, a field that is absent) keeps
    /// none. Never fails: text it cannot walk leaves findings without a place.
    ///
    /// Which key, when a key appears more than once in one object: a finding about the key
    /// itself (R5: `UnknownField`, `NonCanonicalFieldName`) is at the n-th occurrence of the key
    /// for the n-th such finding at that path; `InvalidParameter.DuplicateField` at the
    /// occurrences after the first one of its field; every other finding is about the value
    /// that was read, the first occurrence.
    ///
    /// ```
    /// let text = "{\n  \"LoadBalancerId\": \"lb-1\",\n  \"BackendServers\": [{\"ServerId\": \"i-1\", \"Weight\": 101}]\n}";
    /// let report = clb_preflight::check(text).located(text);
    /// let location = report.errors()[0].location().expect("the weight is in the text");
    /// assert_eq!((location.line(), location.column()), (3, 52));
    /// ```
    pub fn located(mut self, text: &str) -> Report {
        place_findings(self.findings_mut(), Places::new(text, None, false), text);
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
    /// let item = Path::item(0).locate_in(text).expect("the item is there");
    /// assert_eq!((item.line(), item.column()), (1, 21));
    /// ```
    pub fn locate_in(&self, text: &str) -> Option<Location> {
        locate_path(text, self)
    }
}

/// Where the value at `path` starts in `text` (its first occurrence).
pub(crate) fn locate_path(text: &str, path: &Path) -> Option<Location> {
    let span = Places::new(text, None, false).span(path, Occurrence::First)?;
    location_at(text, span.start)
}

/// Gives each finding the place of its value in `text` (see [`Report::located`]); also the
/// planner's, in the text of the desired members (an array of items, or a request object).
pub(crate) fn locate_findings<'f>(findings: impl Iterator<Item = &'f mut Finding>, text: &str) {
    place_findings(findings, Places::new(text, None, false), text);
}

/// As [`locate_findings`], for findings whose fields are named canonically rather than as
/// written (the planner's findings of its calls, traced to the desired items): a field is the
/// first key of its name in any ASCII letter case, as R5 reads it.
pub(crate) fn locate_canonical<'f>(findings: impl Iterator<Item = &'f mut Finding>, text: &str) {
    place_findings(findings, Places::new(text, None, true), text);
}

pub(crate) fn place_findings<'f>(
    findings: impl Iterator<Item = &'f mut Finding>,
    mut places: Places<'_>,
    text: &str,
) {
    // How many findings of each (code, path) came before, for repeated keys.
    let mut seen: Vec<(Code, Path, usize)> = Vec::new();
    for finding in findings {
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
        let place = places
            .span(finding.path(), occurrence(code, nth))
            .and_then(|span| Place::of(text, span));
        // Moved out and back (an empty message does not allocate), not cloned.
        let placeholder = Finding::new(Code::MalformedRequest, Path::Root, String::new());
        *finding = std::mem::replace(finding, placeholder).with_place(place);
    }
}

/// Which occurrence of its key the `nth` finding of `code` at one path is about.
fn occurrence(code: Code, nth: usize) -> Occurrence {
    match code {
        Code::UnknownField | Code::NonCanonicalFieldName => Occurrence::Nth(nth),
        Code::InvalidParameterDuplicateField => Occurrence::NthRepeat(nth),
        _ => Occurrence::First,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! R5: matching the keys of an object to the fields it may have. Keys are read in order as
//! written: an exact name is used; a name in another ASCII letter case is used with a warning; a
//! second key for a field already seen is an error (the first one is read); anything else is an
//! unknown key, ignored with a warning that names the closest known field.

use std::fmt::Write as _;

use crate::finding::{Code, Finding, Hint, Path};
use crate::text::{message_with, write_shown, Shown};

use super::Findings;

/// The fields an object may have, and the keys it may carry that are silently ignored.
pub(crate) struct Schema {
    pub(crate) fields: &'static [&'static str],
    pub(crate) ignored: &'static [&'static str],
}

/// The key (as written) and value found for each field of a [`Schema`], by field position.
pub(crate) struct Slots<'k, V, const N: usize>(pub(crate) [Option<(&'k str, V)>; N]);

impl<'k, V, const N: usize> Slots<'k, V, N> {
    /// The key and value for field `n`.
    pub(crate) fn get(&self, n: usize) -> Option<&(&'k str, V)> {
        self.0.get(n).and_then(Option::as_ref)
    }
}

impl Schema {
    /// The field spelt exactly `key`. Length, first and last byte tell the fields of both
    /// schemas apart, so at most one full comparison is made.
    #[inline]
    fn exact(&self, key: &str) -> Option<usize> {
        let k = key.as_bytes();
        let (first, last) = (k.first()?, k.last()?);
        self.fields.iter().position(|f| {
            let f = f.as_bytes();
            f.len() == k.len() && f.first() == Some(first) && f.last() == Some(last) && same(f, k)
        })
    }

    /// Sorts `entries` into slots, reporting R5 findings at `path(key)`. Each entry is a key, the
    /// field it spells exactly when the reader already knows that, and a value.
    ///
    /// With `copies`, a field sent again with the same key and the same value (as `copies(field,
    /// first, again)` tells: by what they mean, whichever came first) is one field, without a
    /// finding — a request's parameters: SDKs send a parameter set on the request in the query
    /// and again in the body. Without it, every second key of a field is a duplicate.
    #[inline]
    pub(crate) fn sort<'k, V, const N: usize>(
        &self,
        entries: impl IntoIterator<Item = (&'k str, Option<usize>, V)>,
        path: impl Fn(&str) -> Path,
        copies: Option<impl Fn(usize, &V, &V) -> bool>,
        out: &mut Findings,
    ) -> Slots<'k, V, N> {
        let mut slots: [Option<(&'k str, V)>; N] = std::array::from_fn(|_| None);
        for (key, known, value) in entries {
            // Byte-for-byte first (the usual case), then ASCII case-insensitively.
            // A field the reader knows that this schema does not take is looked up as any key.
            let exact = known
                .filter(|&n| n < self.fields.len())
                .or_else(|| self.exact(key));
            let found =
                exact.or_else(|| self.fields.iter().position(|f| f.eq_ignore_ascii_case(key)));
            let Some(n) = found else {
                if !self.ignored.iter().any(|i| i.eq_ignore_ascii_case(key)) {
                    out.push(unknown(key, path(key), close_to(key, self.fields)));
                }
                continue;
            };
            let name = self.fields.get(n).copied().unwrap_or_default();
            // A copy of a field already read, with the same key and the same value, is that
            // field again: no finding (not even the spelling's, given once for the first).
            let equal_copy = match (&copies, slots.get(n)) {
                (Some(same), Some(Some((first, v)))) => *first == key && same(n, v, &value),
                _ => false,
            };
            if equal_copy {
                continue;
            }
            if exact.is_none() {
                out.push(Finding::new(
                    Code::NonCanonicalFieldName,
                    path(key),
                    message_with(|m| {
                        m.push_str("field ");
                        write_shown(m, key)?;
                        m.push_str(" is read as ");
                        write_shown(m, name)?;
                        m.write_str("; expected that exact spelling")
                    }),
                ));
            }
            match slots.get_mut(n) {
                Some(Some((first, _))) => {
                    let spellings = if *first == key {
                        String::new()
                    } else {
                        format!(" (as {} and {})", Shown(first), Shown(key))
                    };
                    out.push(Finding::new(
                        Code::InvalidParameterDuplicateField,
                        path(key),
                        format!(
                            "field {} is given twice{spellings}; expected it once",
                            Shown(name)
                        ),
                    ));
                }
                Some(slot) => *slot = Some((key, value)),
                None => {}
            }
        }
        Slots(slots)
    }
}

/// R5's warning for an unknown `key`: ignored; with the field it is close to, if any, named and
/// given as the hint.
fn unknown(key: &str, path: Path, close: Option<&'static str>) -> Finding {
    let message = message_with(|m| {
        m.push_str("unknown field ");
        write_shown(m, key)?;
        m.push_str(" is ignored");
        if let Some(field) = close {
            m.push_str("; did you mean ");
            write_shown(m, field)?;
            m.push('?');
        }
        Ok(())
    });
    let finding = Finding::new(Code::UnknownField, path, message);
    match close {
        Some(field) => finding.with_hint(Hint::DidYouMean { field }),
        None => finding,
    }
}

/// Byte-for-byte equality of two short names, without a call into `memcmp`.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// The field `key` is close to, if one is: equal to it but for letter case and the separators
/// `_`, `-`, `.` and the space (`server_id`, `Server-Ip`); a field it begins (three characters
/// or more: `Desc`); or the field nearest by edit distance (adjacent characters swapped count
/// as one edit: `Wieght`, `Prot`) when that distance is small — at most a third of the field's
/// length, at least one. The first of equals, in schema order. A key nowhere near a field
/// (`IsUserManaged`, `Address`) is close to none: a guess would be noise. Only the first 64
/// characters of `key` count, so a huge key costs little.
fn close_to(key: &str, fields: &[&'static str]) -> Option<&'static str> {
    let folded: Vec<char> = key
        .chars()
        .take(64)
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let lower = |f: &str| -> Vec<char> { f.chars().map(|c| c.to_ascii_lowercase()).collect() };
    if let Some(field) = fields.iter().find(|f| lower(f) == folded) {
        return Some(field);
    }
    if key.len() >= 3 {
        let prefix_of = |f: &&&str| {
            f.get(..key.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(key))
        };
        if let Some(field) = fields.iter().find(prefix_of) {
            return Some(field);
        }
    }
    let mut best: Option<(&'static str, usize)> = None;
    for field in fields {
        let d = distance(&folded, &lower(field));
        let near = d <= (field.len() / 3).max(1);
        if near && best.is_none_or(|(_, b)| d < b) {
            best = Some((field, d));
        }
    }
    best.map(|(field, _)| field)
}

/// The optimal-string-alignment distance between `a` and `b`: insertions, deletions,
/// substitutions, and swaps of two adjacent characters, each one edit.
fn distance(a: &[char], b: &[char]) -> usize {
    // Three rows: two back (for a swap), one back, and the one being filled.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(cell) = row.first_mut() {
            *cell = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let at = |r: &[usize], k: usize| r.get(k).copied().unwrap_or(usize::MAX);
            let mut value = (at(&previous, j) + usize::from(ca != cb))
                .min(at(&row, j).saturating_add(1))
                .min(at(&previous, j + 1).saturating_add(1));
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca);
            if swapped {
                value = value.min(at(&before, j - 1).saturating_add(1));
            }
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut row);
    }
    previous.last().copied().unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[&str] = &crate::types::field::ItemField::NAMES;
    const PARAMS: &[&str] = &crate::types::field::Param::NAMES;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn suggests_only_a_close_field() {
        assert_eq!(close_to("Wieght", FIELDS), Some("Weight"));
        assert_eq!(close_to("serverip", FIELDS), Some("ServerIp"));
        assert_eq!(close_to("server_id", FIELDS), Some("ServerId"));
        assert_eq!(close_to("Server-Ip", FIELDS), Some("ServerIp"));
        assert_eq!(close_to("ServerID", FIELDS), Some("ServerId"));
        assert_eq!(close_to("Prot", FIELDS), Some("Port"));
        assert_eq!(close_to("Desc", FIELDS), Some("Description"));
        assert_eq!(close_to("Descripton", FIELDS), Some("Description"));
        assert_eq!(close_to("Typ", FIELDS), Some("Type"));
        // Up to a third of the field's length: two edits from `Weight` (six letters), three
        // from `Description` (eleven).
        assert_eq!(close_to("Weigxx", FIELDS), Some("Weight"));
        assert_eq!(close_to("Descxxxtion", FIELDS), Some("Description"));
        assert_eq!(close_to("Weixxx", FIELDS), None);
        // Of two fields equally close, the first in schema order.
        assert_eq!(close_to("ServerIx", FIELDS), Some("ServerId"));
        // Of two near fields, the closer, wherever it stands.
        assert_eq!(close_to("SexverIp", FIELDS), Some("ServerIp"));
        // Nowhere near a field: no guess.
        for far in [
            "xyz",
            "IsUserManaged",
            "NodeName",
            "TargetRef",
            "Invalid",
            "X",
            "",
        ] {
            assert_eq!(close_to(far, FIELDS), None, "{far}");
        }
        assert_eq!(close_to("Address", PARAMS), None);
        assert_eq!(close_to("RegionID", PARAMS), Some("RegionId"));
        assert_eq!(close_to("load_balancer_id", PARAMS), Some("LoadBalancerId"));
    }

    #[test]
    fn distance_counts_edits_and_swaps() {
        assert_eq!(distance(&chars("abc"), &chars("abd")), 1);
        assert_eq!(distance(&chars(""), &chars("abc")), 3);
        assert_eq!(distance(&chars("abc"), &chars("")), 3);
        assert_eq!(distance(&chars("wieght"), &chars("weight")), 1);
        assert_eq!(distance(&chars("ab"), &chars("ba")), 1);
        assert_eq!(distance(&chars("kitten"), &chars("sitting")), 3);
        assert_eq!(distance(&chars("ca"), &chars("abc")), 3);
    }
}

//! R5: matching the keys of an object to the fields it may have. Keys are read in order as
//! written: an exact name is used; a name in another ASCII letter case is used with a warning; a
//! second key for a field already seen is an error (the first one is read); anything else is an
//! unknown key, ignored with a warning that names the closest known field.

use std::fmt::Write as _;

use crate::finding::{Code, Finding, Path};
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
            let exact = known.or_else(|| self.exact(key));
            let found =
                exact.or_else(|| self.fields.iter().position(|f| f.eq_ignore_ascii_case(key)));
            let Some(n) = found else {
                if !self.ignored.iter().any(|i| i.eq_ignore_ascii_case(key)) {
                    out.push(Finding::new(
                        Code::UnknownField,
                        path(key),
                        message_with(|m| {
                            m.push_str("unknown field ");
                            write_shown(m, key)?;
                            m.push_str(" is ignored; did you mean ");
                            write_shown(m, closest(key, self.fields))?;
                            m.write_str("?")
                        }),
                    ));
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

/// Byte-for-byte equality of two short names, without a call into `memcmp`.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// The field closest to `key`: the first field that starts with it (three characters or more),
/// else the one nearest by edit distance over ASCII-lower-cased characters (the first of equals,
/// in schema order). Only the first 64 characters of `key` count, so a huge key costs little.
fn closest(key: &str, fields: &[&'static str]) -> &'static str {
    if key.len() >= 3 {
        let prefix_of = |f: &&&str| {
            f.get(..key.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(key))
        };
        if let Some(field) = fields.iter().find(prefix_of) {
            return field;
        }
    }
    let key: Vec<char> = key
        .chars()
        .take(64)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut best = ("", usize::MAX);
    for field in fields {
        let d = distance(&key, field);
        if d < best.1 {
            best = (field, d);
        }
    }
    best.0
}

/// Levenshtein distance between `a` and the ASCII-lower-cased `b`.
fn distance(a: &[char], b: &str) -> usize {
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        // This row's first cell: `a[..=i]` against nothing.
        let first = i + 1;
        let mut diagonal = i;
        let mut left = first;
        for (j, cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let value = (diagonal + usize::from(ca != cb))
                .min(left + 1)
                .min(up.saturating_add(1));
            diagonal = up;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
            left = value;
        }
        if let Some(cell) = row.first_mut() {
            *cell = first;
        }
    }
    row.last().copied().unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[&str] = &crate::types::field::ItemField::NAMES;

    #[test]
    fn suggests_the_closest_field() {
        assert_eq!(closest("Wieght", FIELDS), "Weight");
        assert_eq!(closest("serverip", FIELDS), "ServerIp");
        assert_eq!(closest("ServerID", FIELDS), "ServerId");
        assert_eq!(closest("Prot", FIELDS), "Port");
        assert_eq!(closest("Desc", FIELDS), "Description");
        assert_eq!(closest("xyz", FIELDS), "Type");
        assert_eq!(distance(&['a', 'b', 'c'], "abd"), 1);
        assert_eq!(distance(&[], "abc"), 3);
        // Against an empty name only the first column is left: every character is deleted.
        assert_eq!(distance(&['a', 'b', 'c'], ""), 3);
    }
}

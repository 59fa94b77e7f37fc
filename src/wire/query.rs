//! Reading the RPC query-string form: `Action=AddBackendServers&LoadBalancerId=lb-…&BackendServers=%5B…%5D`.
//!
//! Each key and value is percent-decoded (`+` is a space, as form encoding has it); a leading
//! `?` or a whole URL is accepted. (Writing is in `write.rs`.)

use std::borrow::Cow;

use super::model::{Param, Raw};
use crate::finding::{Code, Finding, Path};
use crate::text::Shown;

/// Reads a query string into its parameters: keys and values percent-decoded, borrowed from
/// `text` where there was nothing to decode.
pub(crate) fn request(text: &str) -> Result<Vec<Param<'_>>, Finding> {
    let query = strip_to_query(text.trim_matches([' ', '\t', '\n', '\r']));
    if query.is_empty() {
        return Err(Finding::new(
            Code::MalformedRequest,
            Path::Root,
            "the request is empty; expected a JSON object of API parameters or a query string",
        ));
    }
    let mut params = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let Some((key, value)) = pair.split_once('=') else {
            return Err(Finding::new(
                Code::MalformedRequest,
                Path::Root,
                format!(
                    "{} is not a key=value pair; expected a JSON object of API parameters or a query string",
                    Shown(pair)
                ),
            ));
        };
        let key = decode(key).ok_or_else(|| {
            Finding::new(
                Code::MalformedRequest,
                Path::Root,
                format!(
                    "query key {} is not valid percent-encoded UTF-8",
                    Shown(key)
                ),
            )
        })?;
        let decoded = decode(value).ok_or_else(|| {
            Finding::new(
                Code::MalformedRequest,
                Path::param(key.as_ref()),
                format!(
                    "the value of {} is not valid percent-encoded UTF-8",
                    Shown(&key)
                ),
            )
        })?;
        params.push((key, decoded));
    }
    Ok(params
        .into_iter()
        .map(|(key, value)| Param {
            key,
            value: Raw::Text(value),
        })
        .collect())
}

/// The part after `?` when the text is a URL or starts with `?`.
fn strip_to_query(text: &str) -> &str {
    query_start(text)
        .and_then(|at| text.get(at..))
        .unwrap_or_default()
}

/// Where the query begins in `text`: after a leading `?`, or after the `?` of a whole URL
/// (`https://…?`); at 0 for a bare query; `None` for a URL without a query. The one place that
/// knows what may come before a query (the reader and the walker both ask it).
pub(crate) fn query_start(text: &str) -> Option<usize> {
    if text.starts_with('?') {
        return Some(1);
    }
    let is_url = text.starts_with("https://") || text.starts_with("http://");
    match text.find('?') {
        Some(at) if is_url => Some(at + 1),
        _ if is_url => None,
        _ => Some(0),
    }
}

/// Percent-decodes `text` (`+` is a space); `None` when an escape is malformed or the bytes are
/// not UTF-8. Borrows when there is nothing to decode.
pub(crate) fn decode(text: &str) -> Option<Cow<'_, str>> {
    if !text.contains(['%', '+']) {
        return Some(Cow::Borrowed(text));
    }
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        match b {
            b'+' => {
                bytes.push(b' ');
                rest = tail;
            }
            b'%' => {
                let (hex, tail) = tail.split_at_checked(2)?;
                let text = std::str::from_utf8(hex).ok()?;
                if !text.bytes().all(|h| h.is_ascii_hexdigit()) {
                    return None;
                }
                bytes.push(u8::from_str_radix(text, 16).ok()?);
                rest = tail;
            }
            _ => {
                bytes.push(b);
                rest = tail;
            }
        }
    }
    String::from_utf8(bytes).ok().map(Cow::Owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_and_plus() {
        assert_eq!(decode("a%20b+c").as_deref(), Some("a b c"));
        assert_eq!(decode("%E6%B5%8B").as_deref(), Some("测"));
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%4"), None);
        assert_eq!(decode("%FF"), None);
        assert!(matches!(decode("plain"), Some(Cow::Borrowed("plain"))));
    }

    #[test]
    fn finds_the_query_in_a_url() {
        assert_eq!(strip_to_query("?a=1"), "a=1");
        assert_eq!(strip_to_query("https://slb.example/?a=1"), "a=1");
        assert_eq!(strip_to_query("a=1"), "a=1");
    }
}

//! The RPC query-string form: `Action=AddBackendServers&LoadBalancerId=lb-…&BackendServers=%5B…%5D`.
//!
//! Reading percent-decodes each key and value (`+` is a space, as form encoding has it) and
//! accepts a leading `?` or a whole URL. Writing percent-encodes per RFC 3986 (everything but
//! `A-Z a-z 0-9 - _ . ~`), as the API's signature rules require.

use std::borrow::Cow;

use super::{Param, Raw, RawRequest};
use crate::finding::{Code, Finding, Path};
use crate::request::AddBackendServersRequest;
use crate::text::Shown;

/// Reads a query string into a [`RawRequest`]: keys and values percent-decoded, borrowed from
/// `text` where there was nothing to decode.
pub(crate) fn read_request(text: &str) -> Result<RawRequest<'_>, Finding> {
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
    Ok(RawRequest::from_decoded(params))
}

impl<'a> RawRequest<'a> {
    /// A request from decoded key-value pairs.
    fn from_decoded(pairs: Vec<(Cow<'a, str>, Cow<'a, str>)>) -> RawRequest<'a> {
        RawRequest {
            params: pairs
                .into_iter()
                .map(|(key, value)| Param {
                    key,
                    value: Raw::Text(value),
                })
                .collect(),
        }
    }
}

/// The part after `?` when the text is a URL or starts with `?`.
fn strip_to_query(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix('?') {
        return rest;
    }
    let is_url = text.starts_with("https://") || text.starts_with("http://");
    match text.split_once('?') {
        Some((_, query)) if is_url => query,
        _ if is_url => "",
        _ => text,
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

/// Percent-encodes `text` per RFC 3986.
pub(crate) fn encode(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            for nibble in [b >> 4, b & 0x0f] {
                if let Some(&h) = HEX.get(usize::from(nibble)) {
                    out.push(char::from(h));
                }
            }
        }
    }
}

/// The request as a query string: `Action=AddBackendServers`, then `RegionId` when present,
/// `LoadBalancerId` and `BackendServers`.
pub fn write_request(request: &AddBackendServersRequest) -> String {
    let mut out = String::from("Action=AddBackendServers");
    if let Some(region) = request.region_id() {
        out.push_str("&RegionId=");
        encode(region.as_str(), &mut out);
    }
    out.push_str("&LoadBalancerId=");
    encode(request.load_balancer_id().as_str(), &mut out);
    out.push_str("&BackendServers=");
    encode(
        &super::json::write_backend_servers(request.backend_servers()),
        &mut out,
    );
    out
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
    fn encodes_rfc3986() {
        let mut out = String::new();
        encode("[{\"a\":\"b c~\"}]", &mut out);
        assert_eq!(out, "%5B%7B%22a%22%3A%22b%20c~%22%7D%5D");
        assert_eq!(decode(&out).as_deref(), Some("[{\"a\":\"b c~\"}]"));
    }

    #[test]
    fn finds_the_query_in_a_url() {
        assert_eq!(strip_to_query("?a=1"), "a=1");
        assert_eq!(strip_to_query("https://slb.example/?a=1"), "a=1");
        assert_eq!(strip_to_query("a=1"), "a=1");
    }
}

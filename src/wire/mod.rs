//! Reading and writing the API's request forms. Reading gives the read model (`model.rs`): a
//! JSON object of parameters is read by the fast reader (`scan.rs`), which hands what it does
//! not take to the reference reader (`reference.rs`); a query string by `query.rs`. Where a
//! value lies in the text is `walk.rs`'s to say. Writing is in `write.rs`. The rules see only
//! the read model, never which reader produced it; nothing outside this folder decodes request
//! text.

mod model;
mod query;
mod quotes;
mod reference;
mod scan;
mod walk;
mod write;

pub(crate) use model::{
    Field, FieldValue, Item, Items, ItemsError, Kind, Raw, RawRequest, Reader, Value,
};
pub(crate) use walk::{Occurrence, Places};
pub(crate) use write::{write_backend_servers, write_server, ServerFields};

use crate::finding::Finding;
use crate::limits::MAX_BACKEND_SERVERS;

/// Whether `text` is meant as JSON rather than a query string: its first non-blank character
/// is `{`, `[` or `"`, or it is a JSON scalar.
fn looks_like_json(text: &str) -> bool {
    let trimmed = text.trim_start_matches([' ', '\t', '\n', '\r']);
    match trimmed.as_bytes().first() {
        Some(b'{' | b'[' | b'"' | b'-' | b'0'..=b'9') => true,
        Some(_) => {
            let t = trimmed.trim_end_matches([' ', '\t', '\n', '\r']);
            matches!(t, "true" | "false" | "null")
        }
        None => false,
    }
}

/// Reads a request in either form, told apart by content.
///
/// # Errors
/// A `MalformedRequest` finding when the text is neither form.
pub(crate) fn read(text: &str, reader: Reader) -> Result<RawRequest<'_>, Finding> {
    let params = if !looks_like_json(text) {
        query::request(text)?
    } else {
        match reader {
            Reader::Fast => match scan::request(text) {
                Some(params) => params,
                None => reference::request(text)?,
            },
            Reader::Reference => reference::request(text)?,
        }
    };
    Ok(RawRequest {
        params,
        reader,
        byte_order_mark: false,
    })
}

impl RawRequest<'_> {
    /// Reads a `BackendServers` value into its items (at most [`MAX_BACKEND_SERVERS`] kept,
    /// the rest counted), within `max_bytes` once decoded, and hands them, or why they could not
    /// be read, to `with`.
    pub(crate) fn with_items<R>(
        &self,
        value: &Value<'_>,
        max_bytes: usize,
        with: impl FnOnce(Result<&Items<'_>, ItemsError>) -> R,
    ) -> R {
        let text: &str = match value {
            // Read in the same pass as the document.
            Value::Items(pre) if pre.decoded_len > max_bytes => {
                return with(Err(ItemsError::TooLarge(pre.decoded_len)))
            }
            Value::Items(pre) => return with(Ok(&pre.items)),
            Value::Str(text) => text,
            Value::Array(text) => text,
            Value::BadString => return with(Err(ItemsError::BadString)),
            other => return with(Err(ItemsError::NotText(other.kind()))),
        };
        if text.len() > max_bytes {
            return with(Err(ItemsError::TooLarge(text.len())));
        }
        let cap = MAX_BACKEND_SERVERS;
        // The fast reader takes the usual shapes, single-quoted strings without escapes among
        // them (R30), in place.
        if self.reader == Reader::Fast {
            if let Some(items) = scan::items(text, cap) {
                return with(Ok(&items));
            }
        }
        // Single-quoted strings it did not take: both readers read the same rewritten text, so
        // they agree on it as on any other; its syntax errors are described at the place in
        // `text`.
        if let Some(normalized) = quotes::normalize(text) {
            let source = normalized.text.as_str();
            let describe = |e: &serde_json::Error| normalized.describe(e, text);
            let read = match self.reader {
                Reader::Fast => match scan::items(source, cap) {
                    Some(items) => Ok(items),
                    None => reference::items_described(source, cap, describe),
                },
                Reader::Reference => reference::items_described(source, cap, describe),
            };
            return match read {
                Ok(mut items) => {
                    items.single_quoted = true;
                    with(Ok(&items))
                }
                Err(e) => with(Err(e)),
            };
        }
        match reference::items(text, cap) {
            Ok(items) => with(Ok(&items)),
            Err(e) => with(Err(e)),
        }
    }
}

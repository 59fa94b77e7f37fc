//! The lists of backend servers a request carries (`BackendServers`, a Modify's
//! `OldBackendServers` and `NewBackendServers`, `MasterSlaveBackendServers`): R3, R4 and R30
//! for the list, R40's count of a master-slave group's, then each item (R5 to R16, R38, R40)
//! and the items together (R17 to R19, R39, R40's roles).

use super::{across, server, Findings};
use crate::call::BackendServer;
use crate::finding::{Code, Finding, Hint, Path};
use crate::limits::{Limits, MAX_BACKEND_SERVERS};
use crate::text::Shown;
use crate::types::{Action, List};
use crate::wire::{Item, Items, ItemsError, Kind, RawRequest, Value};

/// The servers that passed every rule of their own, and beside them their item indices.
pub(super) type Servers = (Vec<BackendServer>, Vec<usize>);

/// R3, R4, then each item (R5 to R16) and the items together (R17 to R19), of the list `list`
/// (found under its key, or absent).
pub(super) fn backend_servers(
    raw: &RawRequest<'_>,
    found: Option<(&str, Value<'_>)>,
    list: List,
    action: Action,
    limits: &Limits,
    out: &mut Findings,
) -> Option<Servers> {
    let noun = noun(list);
    let Some((key, value)) = found else {
        out.push(Finding::new(
            Code::InvalidParameterBackendServers,
            Path::param(list.name()),
            format!(
                "{noun} is missing; expected a JSON array of {}",
                counts(list, action)
            ),
        ));
        return None;
    };
    let max = limits.max_backend_servers_bytes();
    raw.with_items(&value, max, |read| match read {
        Ok(items) => each_item(items, key, list, action, out),
        Err(e) => {
            out.push(Finding::new(
                Code::InvalidParameterBackendServers,
                Path::param(key),
                unreadable(noun, &e, max),
            ));
            None
        }
    })
}

/// How messages name a list: `backend servers`, `old backend servers` …
pub(super) const fn noun(list: List) -> &'static str {
    match list {
        List::BackendServers => "backend servers",
        List::OldBackendServers => "old backend servers",
        List::NewBackendServers => "new backend servers",
        List::MasterSlaveBackendServers => "master-slave backend servers",
    }
}

/// How many servers a list of a call of `action` takes, as messages say it.
const fn counts(list: List, action: Action) -> &'static str {
    match (list, action) {
        (List::MasterSlaveBackendServers, _) => "2 servers, one Master and one Slave",
        (List::OldBackendServers | List::NewBackendServers, _)
        | (_, Action::CreateVServerGroup) => "0 to 20 servers",
        _ => "1 to 20 servers",
    }
}

/// Why a list could not be read into items (R3).
fn unreadable(noun: &str, e: &ItemsError, max: usize) -> String {
    match e {
        ItemsError::TooLarge(len) => format!("{noun} is {len} bytes; expected at most {max}"),
        ItemsError::BadString => {
            format!("{noun} holds an escaped lone surrogate, which is not text")
        }
        ItemsError::NotText(kind) => format!(
            "{noun} is {}; expected a JSON array, or a string holding one",
            kind.with_article()
        ),
        ItemsError::Syntax(e) => format!("{noun} is not valid JSON: {e}"),
        ItemsError::NotArray(kind) => format!(
            "{noun} is {}; expected a JSON array of backend servers",
            kind.with_article()
        ),
        ItemsError::DoubleEncoded => format!(
            "{noun} is a JSON string inside a JSON string (encoded twice); expected a JSON array"
        ),
    }
}

/// R30 (single quotes), R3 (empty), R4 (R40 for a master-slave group: two), then each item (R5
/// to R16, R38, R40) and the items together (R17 to R19, R39).
fn each_item(
    items: &Items<'_>,
    key: &str,
    list: List,
    action: Action,
    out: &mut Findings,
) -> Option<Servers> {
    let path = || Path::param(key);
    let noun = noun(list);
    if items.single_quoted {
        // R30: read as the API reads it, but not JSON.
        out.push(Finding::new(
            Code::NonStandardJson,
            path(),
            format!("{noun} writes strings in single quotes, which the API reads but JSON does not; expected double quotes, as strict tools (and this crate's writers) write them"),
        ));
    }
    if list == List::MasterSlaveBackendServers && items.count != 2 {
        // R40: exactly two.
        out.push(Finding::new(
            Code::BackendServersNumMustBeTwo,
            path(),
            format!(
                "{noun} holds {}; expected exactly 2, one Master and one Slave",
                crate::text::plural(items.count, "server")
            ),
        ));
        return None;
    }
    let empty_allowed = counts(list, action).starts_with('0');
    if items.count == 0 && !empty_allowed {
        out.push(Finding::new(
            Code::InvalidParameterBackendServers,
            path(),
            format!("{noun} is an empty array; expected 1 to 20 servers"),
        ));
        return None;
    }
    if items.count > MAX_BACKEND_SERVERS {
        let max = MAX_BACKEND_SERVERS;
        out.push(
            Finding::new(
                Code::TooManyBackendServers,
                path(),
                format!(
                    "{} {noun} is above the maximum {max} per request; split them into calls of at most {max}, or let clb-preflight plan make the calls",
                    items.count
                ),
            )
            .with_hint(Hint::Split { max }),
        );
        return None;
    }
    let mut servers = Vec::with_capacity(items.items.len());
    let mut owners = Vec::with_capacity(items.items.len());
    for (index, item) in items.items.iter().enumerate() {
        match item {
            Item::Object(range) => {
                let fields = items.fields.get(range.clone()).unwrap_or_default();
                let at = server::At {
                    list,
                    index,
                    action,
                };
                if let Some((server, owner)) = server::check(at, fields, items, out) {
                    servers.push(server);
                    owners.push(owner);
                }
            }
            Item::Other(kind) => {
                out.push(Finding::fixed(
                    Code::InvalidParameterBackendServers,
                    Path::Item(list, index),
                    not_an_object(*kind),
                ));
            }
        }
    }
    let kept = across::check(servers, &owners, list, action, out);
    if list == List::MasterSlaveBackendServers {
        roles(&kept, out);
    }
    Some(kept)
}

/// R40: a master-slave group's two servers are one `Master` and one `Slave` (an item without
/// `ServerType` is a `Master`), told at the second when both items could be read.
fn roles((servers, indices): &Servers, out: &mut Findings) {
    let (Some(first), Some(second), Some(&at)) = (servers.first(), servers.get(1), indices.get(1))
    else {
        return;
    };
    if first.role() == second.role() {
        let role = second.role().map_or("", |r| r.as_str());
        out.push(Finding::new(
            Code::BackendServersCanOnlyContainOneMasterAndOneSlave,
            Path::field_in(List::MasterSlaveBackendServers, at, "ServerType"),
            format!(
                "both servers are {} (an item without ServerType is a Master); expected one Master and one Slave",
                Shown(role)
            ),
        ));
    }
}

/// R3's message for an item of another kind than an object: fixed text for each kind.
fn not_an_object(kind: Kind) -> &'static str {
    match kind {
        Kind::String => "backend server is a string; expected a JSON object",
        Kind::Number => "backend server is a number; expected a JSON object",
        Kind::Boolean => "backend server is a boolean; expected a JSON object",
        Kind::Null => "backend server is null; expected a JSON object",
        Kind::Array => "backend server is an array; expected a JSON object",
        Kind::Object => "backend server is an object; expected a JSON object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_messages_name_each_kind_as_values_are_named() {
        for kind in [
            Kind::String,
            Kind::Number,
            Kind::Boolean,
            Kind::Null,
            Kind::Array,
            Kind::Object,
        ] {
            assert_eq!(
                not_an_object(kind),
                format!(
                    "backend server is {}; expected a JSON object",
                    kind.with_article()
                )
            );
        }
    }
}

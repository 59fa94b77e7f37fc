//! The request's own parameters: R0 (the envelope's `Action`), R1 (`LoadBalancerId`), R2
//! (`RegionId`), R3, R4 and R30 (`BackendServers`), and R5 for the parameter names.

use super::fields::Schema;
use super::{across, not_a_string, server, Checked, Findings};
use crate::call::BackendServer;
use crate::finding::{Code, Finding, Hint, Path};
use crate::limits::{Limits, MAX_BACKEND_SERVERS};
use crate::text::Shown;
use crate::types::field::Param;
use crate::types::{Action, LoadBalancerId, LoadBalancerIdError, RegionId};
use crate::wire::{Item, Items, ItemsError, Kind, Raw, RawRequest, Value};

const PARAMS: Schema = Schema {
    fields: &Param::NAMES,
    // The API's common parameters, and the account parameters every SLB call takes.
    ignored: &[
        "Format",
        "Version",
        "AccessKeyId",
        "Signature",
        "SignatureMethod",
        "SignatureVersion",
        "SignatureNonce",
        "SignatureType",
        "Timestamp",
        "SecurityToken",
        "BearerToken",
        "OwnerId",
        "OwnerAccount",
        "ResourceOwnerId",
        "ResourceOwnerAccount",
    ],
};

/// Checks the whole request.
pub(super) fn check(raw: &RawRequest<'_>, limits: &Limits, out: &mut Findings) -> Checked {
    let slots = PARAMS.sort::<_, 4>(
        raw.params.iter().map(|p| (p.key.as_ref(), None, &p.value)),
        |key: &str| Path::param(key),
        Some(|field: usize, first: &&Raw<'_>, again: &&Raw<'_>| {
            let items = field == Param::BackendServers as usize;
            first.same_value(again, items)
        }),
        out,
    );
    let value = |param: Param| {
        slots
            .get(param as usize)
            .map(|(key, raw)| (*key, raw.value()))
            .filter(|(_, v)| v.kind() != Kind::Null)
    };

    // R0: the action, when named.
    let mut action = Action::default();
    if let Some((key, named)) = value(Param::Action) {
        match &named {
            Value::Str(a) if Action::parse(a).is_some() => {
                action = Action::parse(a).unwrap_or_default();
            }
            _ => {
                let found = match &named {
                    Value::Str(a) => Shown(a).to_string(),
                    other => other.kind().with_article().to_owned(),
                };
                out.push(Finding::new(
                    Code::InvalidParameterAction,
                    Path::param(key),
                    format!("action {found} is not \"AddBackendServers\", \"SetBackendServers\" or \"RemoveBackendServers\""),
                ));
            }
        }
    }

    // In this order: the findings follow the parameters' order (R1, R2, R3 …).
    let load_balancer_id = load_balancer_id(value(Param::LoadBalancerId), out);
    let region_id = value(Param::RegionId).and_then(|(key, v)| region_id(key, v, out));
    let (servers, indices) =
        backend_servers(raw, value(Param::BackendServers), action, limits, out).unwrap_or_default();
    Checked {
        action,
        load_balancer_id,
        region_id,
        servers,
        indices,
    }
}

/// The servers that passed every rule of their own, and beside them their item indices.
type Servers = (Vec<BackendServer>, Vec<usize>);

/// R1.
fn load_balancer_id(
    found: Option<(&str, Value<'_>)>,
    out: &mut Findings,
) -> Option<LoadBalancerId> {
    let Some((key, value)) = found else {
        out.push(Finding::new(
            Code::MissingParameterLoadBalancerId,
            Path::param("LoadBalancerId"),
            "load balancer id is missing",
        ));
        return None;
    };
    let text = match value {
        Value::Str(text) => text,
        other => {
            out.push(not_a_string(
                Code::InvalidParameterLoadBalancerId,
                Path::param(key),
                "load balancer id",
                &other,
            ));
            return None;
        }
    };
    match LoadBalancerId::parse(&text) {
        Ok(id) => {
            if !id.has_standard_prefix() {
                out.push(Finding::new(
                    Code::UnrecognizedLoadBalancerId,
                    Path::param(key),
                    format!(
                        "load balancer id {} does not start with \"lb-\"; expected an id such as \"lb-2ze7o5h52g02kkzze7lru\" (legacy ids exist)",
                        Shown(id.as_str())
                    ),
                ));
            }
            Some(id)
        }
        Err(e) => {
            let code = match e {
                LoadBalancerIdError::Empty => Code::MissingParameterLoadBalancerId,
                _ => Code::InvalidParameterLoadBalancerId,
            };
            out.push(Finding::new(
                code,
                Path::param(key),
                crate::text::message(&e),
            ));
            None
        }
    }
}

/// R2.
fn region_id(key: &str, value: Value<'_>, out: &mut Findings) -> Option<RegionId> {
    let text = match value {
        Value::Str(text) => text,
        other => {
            out.push(not_a_string(
                Code::InvalidParameterRegionId,
                Path::param(key),
                "region id",
                &other,
            ));
            return None;
        }
    };
    RegionId::parse(&text)
        .map_err(|e| {
            out.push(Finding::new(
                Code::InvalidParameterRegionId,
                Path::param(key),
                crate::text::message(&e),
            ))
        })
        .ok()
}

/// R3, R4, then each item (R5 to R16) and the items together (R17 to R19).
fn backend_servers(
    raw: &RawRequest<'_>,
    found: Option<(&str, Value<'_>)>,
    action: Action,
    limits: &Limits,
    out: &mut Findings,
) -> Option<Servers> {
    let Some((key, value)) = found else {
        out.push(Finding::new(
            Code::InvalidParameterBackendServers,
            Path::param("BackendServers"),
            "backend servers is missing; expected a JSON array of 1 to 20 servers",
        ));
        return None;
    };
    let max = limits.max_backend_servers_bytes();
    raw.with_items(&value, max, |read| match read {
        Ok(items) => each_item(items, key, action, out),
        Err(e) => {
            out.push(Finding::new(
                Code::InvalidParameterBackendServers,
                Path::param(key),
                unreadable(&e, max),
            ));
            None
        }
    })
}

/// Why `BackendServers` could not be read into items (R3).
fn unreadable(e: &ItemsError, max: usize) -> String {
    match e {
        ItemsError::TooLarge(len) => format!("backend servers is {len} bytes; expected at most {max}"),
        ItemsError::BadString => {
            "backend servers holds an escaped lone surrogate, which is not text".into()
        }
        ItemsError::NotText(kind) => format!(
            "backend servers is {}; expected a JSON array, or a string holding one",
            kind.with_article()
        ),
        ItemsError::Syntax(e) => format!("backend servers is not valid JSON: {e}"),
        ItemsError::NotArray(kind) => format!(
            "backend servers is {}; expected a JSON array of backend servers",
            kind.with_article()
        ),
        ItemsError::DoubleEncoded => "backend servers is a JSON string inside a JSON string (encoded twice); expected a JSON array".into(),
    }
}

/// R30 (single quotes), R3 (empty), R4, then each item (R5 to R16) and the items together
/// (R17 to R19).
fn each_item(items: &Items<'_>, key: &str, action: Action, out: &mut Findings) -> Option<Servers> {
    let path = || Path::param(key);
    if items.single_quoted {
        // R30: read as the API reads it, but not JSON.
        out.push(Finding::new(
            Code::NonStandardJson,
            path(),
            "backend servers writes strings in single quotes, which the API reads but JSON does not; expected double quotes, as strict tools (and this crate's writers) write them",
        ));
    }
    if items.count == 0 {
        out.push(Finding::new(
            Code::InvalidParameterBackendServers,
            path(),
            "backend servers is an empty array; expected 1 to 20 servers",
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
                    "{} backend servers is above the maximum {max} per request; split them into calls of at most {max}, or let clb-preflight plan make the calls",
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
                if let Some((server, owner)) = server::check(index, fields, items, action, out) {
                    servers.push(server);
                    owners.push(owner);
                }
            }
            Item::Other(kind) => {
                out.push(Finding::fixed(
                    Code::InvalidParameterBackendServers,
                    Path::Item(index),
                    not_an_object(*kind),
                ));
            }
        }
    }
    Some(across::check(servers, &owners, action, out))
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

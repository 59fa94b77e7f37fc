//! The request's own parameters: R0 (the envelope's `Action`), R1 (`LoadBalancerId`), R2
//! (`RegionId`), R3, R4 and R30 (`BackendServers`), and R5 for the parameter names.

use super::fields::Schema;
use super::group::takes;
use super::lists::backend_servers;
use super::{group, not_a_string, Checked, Findings};
use crate::finding::{Code, Finding, Path};
use crate::limits::Limits;
use crate::text::Shown;
use crate::types::field::Param;
use crate::types::{Action, List, LoadBalancerId, LoadBalancerIdError, RegionId};
use crate::wire::{Kind, Raw, RawRequest, Value};

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
    let slots = PARAMS.sort::<_, { Param::ALL.len() }>(
        raw.params.iter().map(|p| (p.key.as_ref(), None, &p.value)),
        |key: &str| Path::param(key),
        Some(|field: usize, first: &&Raw<'_>, again: &&Raw<'_>| {
            let items = Param::ALL.get(field).is_some_and(|p| p.list().is_some());
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
    let named = value(Param::Action);
    if let Some((key, named)) = &named {
        match named {
            Value::Str(a) if Action::parse(a).is_some() => {
                action = Action::parse(a).unwrap_or_default();
            }
            _ => {
                let found = match named {
                    Value::Str(a) => Shown(a).to_string(),
                    other => other.kind().with_article().to_owned(),
                };
                out.push(Finding::new(
                    Code::InvalidParameterAction,
                    Path::param(key),
                    format!(
                        "action {found} is not a call this crate checks; expected one such as \"AddBackendServers\" or \"AddVServerGroupBackendServers\" (the rule book's R0 lists the nine)"
                    ),
                ));
            }
        }
    }
    // R5: a parameter of another call is ignored by this one.
    for param in Param::ALL {
        if let Some((key, _)) = slots.get(param as usize).filter(|_| !takes(action, param)) {
            out.push(not_of_the_call(key, action, named.is_none()));
        }
    }

    // In this order: the findings follow the parameters' order (R1, R2, R3 …).
    let load_balancer_id = if action.takes_load_balancer_id() {
        load_balancer_id(value(Param::LoadBalancerId), out)
    } else {
        None
    };
    let region_id = match value(Param::RegionId) {
        Some((key, v)) => region_id(key, v, out),
        None => {
            if action.is_group_call() {
                // R35: every group call names its region.
                out.push(Finding::fixed(
                    Code::MissingParameterRegionId,
                    Path::param("RegionId"),
                    "region id is missing; expected the load balancer's region, which every server group call needs",
                ));
            }
            None
        }
    };
    let mut checked = Checked {
        action,
        load_balancer_id,
        region_id,
        ..Checked::default()
    };
    if !action.is_group_call() {
        let (servers, indices) = backend_servers(
            raw,
            value(Param::BackendServers),
            List::BackendServers,
            action,
            limits,
            out,
        )
        .unwrap_or_default();
        checked.servers = servers;
        checked.indices = indices;
        return checked;
    }
    group::check(raw, &value, &mut checked, limits, out);
    checked
}

/// R5's warning for a parameter that `action` does not take: it is ignored. When `Action` was
/// not given, the call is `AddBackendServers` by default, which is seldom what a group's
/// parameter meant.
fn not_of_the_call(key: &str, action: Action, defaulted: bool) -> Finding {
    let message = if defaulted {
        format!(
            "parameter {} is not one of AddBackendServers's (the call when Action is absent) and is ignored; expected \"Action\" naming the call it belongs to, such as \"AddVServerGroupBackendServers\"",
            Shown(key)
        )
    } else {
        format!(
            "parameter {} is not one of {action}'s and is ignored; expected it left out",
            Shown(key)
        )
    };
    Finding::new(Code::UnknownField, Path::param(key), message)
}

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

//! The parameters of a call on a server group (R35 to R37, R40's count): the vServer group it
//! acts on, the group's name, and which of its lists it needs.
//!
//! ```text
//! {"Action":"SetVServerGroupAttribute","VServerGroupId":"rsp-1"}
//!   R35  RegionId        region id is missing; …
//!   R37  ""              neither VServerGroupName nor BackendServers is given; …
//! ```

use super::lists::{backend_servers, Servers};
use super::{not_a_string, Checked, Findings};
use crate::finding::{Code, Finding, Path};
use crate::limits::Limits;
use crate::text::Shown;
use crate::types::field::Param;
use crate::types::{Action, GroupName, List, VServerGroupId, VServerGroupIdError};
use crate::wire::{RawRequest, Value};

/// Checks a group call's own parameters and its lists into `checked`; `value` gives a
/// parameter's key and value, unless it is absent or `null`.
pub(super) fn check<'k, 'v>(
    raw: &RawRequest<'_>,
    value: &impl Fn(Param) -> Option<(&'k str, Value<'v>)>,
    checked: &mut Checked,
    limits: &Limits,
    out: &mut Findings,
) {
    let action = checked.action;
    if action.takes_vserver_group_id() {
        checked.vserver_group_id = vserver_group_id(value(Param::VServerGroupId), out);
    }
    let name_param = match action {
        Action::CreateMasterSlaveServerGroup => Param::MasterSlaveServerGroupName,
        _ => Param::VServerGroupName,
    };
    let name = value(name_param).filter(|_| takes(action, name_param));
    let named = name.is_some();
    if let Some((key, v)) = name {
        checked.group_name = group_name(key, v, out);
    }
    let list = |list: List, required: bool, out: &mut Findings| -> Option<Servers> {
        let found = value(list.param());
        if found.is_none() && !required {
            return None;
        }
        backend_servers(raw, found, list, action, limits, out)
    };
    match action {
        Action::ModifyVServerGroupBackendServers => {
            let given = [List::OldBackendServers, List::NewBackendServers]
                .map(|l| value(l.param()).is_some());
            if given == [false, false] {
                out.push(Finding::fixed(
                    Code::MissingParameter,
                    Path::Root,
                    "neither OldBackendServers nor NewBackendServers is given; expected the members to replace and those to put in their place",
                ));
            }
            if let Some((servers, indices)) = list(List::OldBackendServers, false, out) {
                checked.old_servers = servers;
                checked.old_indices = indices;
            }
            if let Some((servers, indices)) = list(List::NewBackendServers, false, out) {
                checked.servers = servers;
                checked.indices = indices;
            }
        }
        _ => {
            let (list_of, required) = match action {
                Action::CreateMasterSlaveServerGroup => (List::MasterSlaveBackendServers, true),
                Action::CreateVServerGroup | Action::SetVServerGroupAttribute => {
                    (List::BackendServers, false)
                }
                _ => (List::BackendServers, true),
            };
            let listed = value(list_of.param()).is_some();
            if action == Action::SetVServerGroupAttribute && !listed && !named {
                out.push(Finding::fixed(
                    Code::MissingParameter,
                    Path::Root,
                    "neither VServerGroupName nor BackendServers is given; expected the group's new name, or the members whose weights change",
                ));
            }
            if let Some((servers, indices)) = list(list_of, required, out) {
                checked.servers = servers;
                checked.indices = indices;
            }
        }
    }
}

/// Whether a call of `action` takes `param`.
pub(super) const fn takes(action: Action, param: Param) -> bool {
    match param {
        Param::Action | Param::RegionId => true,
        Param::LoadBalancerId => action.takes_load_balancer_id(),
        Param::VServerGroupId => action.takes_vserver_group_id(),
        Param::BackendServers => !matches!(
            action,
            Action::ModifyVServerGroupBackendServers | Action::CreateMasterSlaveServerGroup
        ),
        Param::VServerGroupName => matches!(
            action,
            Action::CreateVServerGroup | Action::SetVServerGroupAttribute
        ),
        Param::OldBackendServers | Param::NewBackendServers => {
            matches!(action, Action::ModifyVServerGroupBackendServers)
        }
        Param::MasterSlaveServerGroupName | Param::MasterSlaveBackendServers => {
            matches!(action, Action::CreateMasterSlaveServerGroup)
        }
    }
}

/// R35: the vServer group's id, judged as a load balancer's is (R1).
fn vserver_group_id(
    found: Option<(&str, Value<'_>)>,
    out: &mut Findings,
) -> Option<VServerGroupId> {
    let Some((key, value)) = found else {
        out.push(Finding::fixed(
            Code::MissingParameterVServerGroupId,
            Path::param("VServerGroupId"),
            "vserver group id is missing",
        ));
        return None;
    };
    let text = match value {
        Value::Str(text) => text,
        other => {
            out.push(not_a_string(
                Code::InvalidParameterVServerGroupId,
                Path::param(key),
                "vserver group id",
                &other,
            ));
            return None;
        }
    };
    match VServerGroupId::parse(&text) {
        Ok(id) => {
            if !id.has_standard_prefix() {
                out.push(Finding::new(
                    Code::UnrecognizedVServerGroupId,
                    Path::param(key),
                    format!(
                        "vserver group id {} does not start with \"rsp-\"; expected an id such as \"rsp-2ze1abcd5v3kxq\"",
                        Shown(id.as_str())
                    ),
                ));
            }
            Some(id)
        }
        Err(e) => {
            let code = match e {
                VServerGroupIdError::Empty => Code::MissingParameterVServerGroupId,
                _ => Code::InvalidParameterVServerGroupId,
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

/// R36: the group's name (`VServerGroupName` or `MasterSlaveServerGroupName`, by `key`).
fn group_name(key: &str, value: Value<'_>, out: &mut Findings) -> Option<GroupName> {
    let code = if key.eq_ignore_ascii_case("MasterSlaveServerGroupName") {
        Code::InvalidParameterMasterSlaveServerGroupName
    } else {
        Code::InvalidParameterVServerGroupName
    };
    let text = match value {
        Value::Str(text) => text,
        other => {
            out.push(not_a_string(code, Path::param(key), "group name", &other));
            return None;
        }
    };
    match GroupName::parse(&text) {
        Ok(name) => Some(name),
        Err(e) => {
            out.push(Finding::new(
                code,
                Path::param(key),
                crate::text::message(&e),
            ));
            None
        }
    }
}

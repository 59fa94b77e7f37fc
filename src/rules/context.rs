//! The rules that need facts about the load balancer, a vServer group and the servers: R19
//! against attached members, R20 to R29, R32. A rule whose facts are missing is reported
//! unchecked. Each item's findings come in rule order, after its context-free findings.
//!
//! A call on a server group is judged against the group's members (R21, R32: `--vserver-group`,
//! with the port in each member's identity) and against the load balancer's facts as an
//! `AddBackendServers` is (R20, R23, R24, R26, R27), and its servers against their own facts
//! (R22 to R24, R28). The members quota (R25) is the load balancer's: a group call does not
//! check it (how a group's members count toward it is not documented).

use super::{Checked, Findings};
use crate::call::{list_of, BackendServer};
use crate::context::{
    AddressType, Context, Established, LoadBalancerFacts, LoadBalancerStatus, Network, NetworkType,
    Scope, ServerFacts,
};
use crate::finding::{Code, Finding, Path, Rule, RuleSet, NEEDS_LOAD_BALANCER, NEEDS_SERVERS};
use crate::text::Shown;
use crate::types::{Action, List, ServerType};

/// The rules of `SetBackendServers` and `RemoveBackendServers` that need the load balancer's
/// facts.
pub(super) const SET_AND_REMOVE_RULES: [Rule; 2] = [Rule::R26, Rule::R32];

/// The rules a call on a server group leaves unchecked without any facts.
pub(super) fn group_rules_unchecked(action: Action) -> RuleSet {
    let mut rules = RuleSet::default();
    rules.insert(Rule::R26);
    if adds(action) {
        rules.extend([
            Rule::R20,
            Rule::R22,
            Rule::R23,
            Rule::R24,
            Rule::R27,
            Rule::R28,
        ]);
    }
    if membership(action) {
        rules.insert(if action.is_set() || action.is_remove() {
            Rule::R32
        } else {
            Rule::R21
        });
    }
    if action == Action::ModifyVServerGroupBackendServers {
        rules.insert(Rule::R32);
    }
    rules
}

/// Whether a group call adds servers (a Modify's new ones too): their own rules apply.
const fn adds(action: Action) -> bool {
    action.adds() || matches!(action, Action::ModifyVServerGroupBackendServers)
}

/// Whether a group call's servers are judged against the group's members: every call on an
/// existing group (a Create makes a new one).
const fn membership(action: Action) -> bool {
    action.takes_vserver_group_id()
}

/// Applies the rules whose facts `context` holds to the servers the request names; gives the
/// rules left unchecked.
pub(super) fn check(checked: &Checked, context: &Context, out: &mut Findings) -> RuleSet {
    match checked.action {
        Action::AddBackendServers => add_rules(checked, context, out),
        action if action.is_group_call() => group_rules(checked, context, out),
        _ => set_and_remove_rules(checked, context, out),
    }
}

/// The rules of a call on a server group: against the load balancer (R26; for the servers it
/// adds R20, R27), the group's members (R19, R21, R32) and the servers' facts (R22 to R24,
/// R28).
fn group_rules(checked: &Checked, context: &Context, out: &mut Findings) -> RuleSet {
    let action = checked.action;
    let mut unchecked = group_rules_unchecked(action);
    let lb = context.load_balancer();
    if let Some(lb) = lb {
        locked(lb, out);
        unchecked.remove_all([Rule::R20, Rule::R26, Rule::R27]);
    }
    let group = context.vserver_group().filter(|_| membership(action));
    if let Some(group) = group {
        unchecked.remove_all([Rule::R21, Rule::R32]);
        let id = Shown(group.id());
        // A Modify's old servers: members it replaces.
        for (&index, server) in checked.old_indices.iter().zip(&checked.old_servers) {
            if context
                .member(Scope::Group, server.group_identity())
                .is_none()
            {
                out.push(Finding::new(
                    Code::BackendServerNotAttached,
                    Path::Item(List::OldBackendServers, index),
                    format!(
                        "backend server {} on port {} is not a member of {id}; expected a member: {action} replaces only members",
                        Shown(server.server_id().as_str()),
                        port_of(server)
                    ),
                ));
            }
        }
        let list = list_of(action);
        for (&index, server) in checked.indices.iter().zip(&checked.servers) {
            let identity = server.group_identity();
            let member = context.member(Scope::Group, identity);
            let (server_text, port) = (Shown(server.server_id().as_str()), port_of(server));
            let replaced = checked
                .old_servers
                .iter()
                .any(|old| old.group_identity() == identity);
            match member {
                Some(member) if adds(action) && !replaced => out.push(Finding::new(
                    Code::BackendServerAlreadyAttached,
                    Path::Item(list, index),
                    format!(
                        "backend server {server_text} on port {port} is already a member of {id} (weight {}); expected a server not yet a member (SetVServerGroupAttribute changes a member)",
                        member.server().weight()
                    ),
                )),
                None if action.is_set() => out.push(Finding::new(
                    Code::BackendServerNotAttached,
                    Path::Item(list, index),
                    format!("backend server {server_text} on port {port} is not a member of {id}; expected a member: {action} changes only members"),
                )),
                None if action.is_remove() => out.push(Finding::new(
                    Code::BackendServerNotAttachedIgnored,
                    Path::Item(list, index),
                    format!("backend server {server_text} on port {port} is not a member of {id}; expected a member: {action} ignores it without an error"),
                )),
                _ => {}
            }
        }
    }
    if !adds(action) {
        return unchecked;
    }
    // R25: the group's members count toward the load balancer's quota with its own and its
    // other groups'; those of a group whose facts are not given are not known.
    if let (Some(_), true) = (lb, group.is_some() || !membership(action)) {
        // A Create's group is new: no member yet.
        let (here, added) = match group {
            Some(_) => (
                context.member_count(Scope::Group),
                checked
                    .servers
                    .iter()
                    .filter(|s| context.member(Scope::Group, s.group_identity()).is_none())
                    .count(),
            ),
            None => (0, checked.servers.len()),
        };
        let attached = Attached {
            here,
            elsewhere: context.members_elsewhere(Scope::Group),
            scope: Scope::Group,
        };
        quota_rule(attached, added, context.quota(), out);
    }
    // The servers the call adds: R19 against the group's other servers, R20, R27, and their
    // own facts.
    if context.has_server_facts() {
        unchecked.remove_all([Rule::R22, Rule::R23, Rule::R24, Rule::R28]);
    }
    let list = list_of(action);
    let mut networks: Option<Established> = None;
    for (&index, server) in checked.indices.iter().zip(&checked.servers) {
        let at = (list, index);
        if group.is_some() {
            ip_conflict(at, server, Scope::Group, context, out);
        }
        if let Some(lb) = lb {
            kind_rules(at, server, lb, None, out);
        }
        server_facts_rules(at, server, lb, context, &mut networks, &mut unchecked, out);
    }
    if lb.is_none() {
        unchecked.extend([Rule::R23, Rule::R24]);
    }
    unchecked
}

/// The port of a checked group server, as messages name it.
fn port_of(server: &BackendServer) -> String {
    server.port().map_or("none".to_owned(), |p| p.to_string())
}

/// R29: the facts do not mention the server.
fn unknown_server(at: (List, usize), server: &BackendServer) -> Finding {
    Finding::new(
        Code::UnknownServer,
        Path::field_in(at.0, at.1, "ServerId"),
        format!(
            "server {} is not in the supplied facts; R22, R23, R24 and R28 are unchecked for it",
            Shown(server.server_id().as_str())
        ),
    )
}

/// R26 and R32 for a `SetBackendServers` or `RemoveBackendServers` request: the load balancer is
/// not locked, and each server it names is attached (a Set of another is an error; a Remove of
/// another is ignored by the API, a warning).
fn set_and_remove_rules(checked: &Checked, context: &Context, out: &mut Findings) -> RuleSet {
    let Some(lb) = context.load_balancer() else {
        return SET_AND_REMOVE_RULES.into_iter().collect();
    };
    locked(lb, out);
    for (&index, server) in checked.indices.iter().zip(&checked.servers) {
        // An `eni` or `eci` server without its IP names no one member: R31 said so.
        let unknown_ip = server.server_type().keyed_by_ip() && server.server_ip().is_none();
        if unknown_ip
            || context
                .member(Scope::LoadBalancer, server.identity())
                .is_some()
        {
            continue;
        }
        let (code, consequence) = match checked.action {
            Action::SetBackendServers => (
                Code::BackendServerNotAttached,
                "SetBackendServers changes only members (AddBackendServers attaches one)",
            ),
            _ => (
                Code::BackendServerNotAttachedIgnored,
                "RemoveBackendServers ignores it without an error",
            ),
        };
        out.push(Finding::new(
            code,
            Path::item(index),
            format!(
                "backend server {} is not attached to {}; expected a member: {consequence}",
                Shown(server.server_id().as_str()),
                Shown(&lb.id)
            ),
        ));
    }
    RuleSet::default()
}

/// R19 against members and R20 to R29 for an `AddBackendServers` request.
fn add_rules(checked: &Checked, context: &Context, out: &mut Findings) -> RuleSet {
    let mut unchecked = RuleSet::default();
    let lb = context.load_balancer();
    if lb.is_none() {
        unchecked.extend(NEEDS_LOAD_BALANCER);
    }
    if !context.has_server_facts() {
        unchecked.extend(NEEDS_SERVERS);
    }
    let servers: Vec<(usize, &BackendServer)> = checked
        .indices
        .iter()
        .copied()
        .zip(&checked.servers)
        .collect();

    if let Some(lb) = lb {
        let added = servers
            .iter()
            .filter(|(_, s)| context.member(Scope::LoadBalancer, s.identity()).is_none())
            .count();
        let attached = Attached {
            here: context.member_count(Scope::LoadBalancer),
            elsewhere: context.members_elsewhere(Scope::LoadBalancer),
            scope: Scope::LoadBalancer,
        };
        load_balancer_rules(lb, attached, added, context.quota(), out);
    }

    // R24: the members' network, worked out at the first server whose facts are known.
    let mut networks: Option<Established> = None;
    for &(index, server) in &servers {
        if let Some(lb) = lb {
            member_rules(index, server, lb, context, out);
        }
        let at = (List::BackendServers, index);
        server_facts_rules(at, server, lb, context, &mut networks, &mut unchecked, out);
    }

    unchecked
}

/// The members the quota counts before a call: those of the call's target, and those the
/// facts show elsewhere on the load balancer (its other groups; for a group's call, its own).
#[derive(Debug, Clone, Copy)]
struct Attached {
    here: usize,
    elsewhere: usize,
    /// Whose call it is: the load balancer's (elsewhere: its groups) or a group's (elsewhere:
    /// outside the group).
    scope: Scope,
}

/// R25 and R26: the load balancer as a whole, with `attached` members, to which the call adds
/// `added` servers.
fn load_balancer_rules(
    lb: &LoadBalancerFacts,
    attached: Attached,
    added: usize,
    quota: usize,
    out: &mut Findings,
) {
    locked(lb, out);
    quota_rule(attached, added, quota, out);
}

/// R25: the members after the call, over every group the facts show, within the quota.
fn quota_rule(attached: Attached, added: usize, quota: usize, out: &mut Findings) {
    let Attached {
        here,
        elsewhere,
        scope,
    } = attached;
    let after = here + elsewhere + added;
    if after > quota {
        let where_ = scope.elsewhere();
        let attached = match elsewhere {
            0 => format!("{here} attached"),
            e => format!("{} attached, {e} of them {where_}", here + e),
        };
        out.push(Finding::new(
            Code::InstanceBackendServerNumberOverLimit,
            Path::param("BackendServers"),
            format!(
                "the load balancer would have {after} members ({attached}, {added} added); expected at most the quota {quota}",
            ),
        ));
    }
}

/// R26: a locked load balancer takes no change to its members.
fn locked(lb: &LoadBalancerFacts, out: &mut Findings) {
    if lb.status == Some(LoadBalancerStatus::Locked) {
        out.push(Finding::new(
            Code::ActionNotAllowed,
            Path::param("LoadBalancerId"),
            format!(
                "load balancer {} is locked (LoadBalancerStatus \"locked\"); expected an active or inactive one",
                Shown(&lb.id)
            ),
        ));
    }
}

/// R19 (against members), R20, R21 and R27 for one server.
fn member_rules(
    index: usize,
    server: &BackendServer,
    lb: &LoadBalancerFacts,
    context: &Context,
    out: &mut Findings,
) {
    let id = Shown(server.server_id().as_str());
    let identity = server.identity();
    let at = (List::BackendServers, index);
    ip_conflict(at, server, Scope::LoadBalancer, context, out);
    let attached = context.member(Scope::LoadBalancer, identity).map(|member| {
        Finding::new(
            Code::BackendServerAlreadyAttached,
            Path::item(index),
            format!(
                "backend server {id} is already attached to {} (weight {}); expected a server not yet attached (SetBackendServers changes a member)",
                Shown(&lb.id),
                member.server().weight()
            ),
        )
    });
    kind_rules(at, server, lb, attached, out);
}

/// R19 against the members of `scope`: another server holds the IP.
fn ip_conflict(
    at: (List, usize),
    server: &BackendServer,
    scope: Scope,
    context: &Context,
    out: &mut Findings,
) {
    let Some(ip) = server.server_ip() else {
        return;
    };
    // Another server: the port plays no part (one server on two ports keeps its IP).
    if let Some(holder) = context.other_member_with_ip(scope, ip, server.identity()) {
        out.push(Finding::new(
            Code::InvalidBackendServersServerIpConflict,
            Path::field_in(at.0, at.1, "ServerIp"),
            format!(
                "server ip {ip} is already claimed by attached member {}; expected each server its own IP",
                Shown(holder.server().server_id().as_str())
            ),
        ));
    }
}

/// R20, then `attached` (R21's finding, if any: the findings stay in rule order), then R27,
/// for one server.
fn kind_rules(
    at: (List, usize),
    server: &BackendServer,
    lb: &LoadBalancerFacts,
    attached: Option<Finding>,
    out: &mut Findings,
) {
    let kind = server.server_type();
    if kind.keyed_by_ip() && !high_performance(lb) {
        out.push(Finding::new(
            Code::OperationDeniedServerTypeNotSupported,
            Path::field_in(at.0, at.1, "Type"),
            format!(
                "type {} needs a high-performance load balancer; {} is shared-performance ({})",
                Shown(kind.as_str()),
                Shown(&lb.id),
                match &lb.spec {
                    Some(spec) => format!("LoadBalancerSpec {}", Shown(spec)),
                    None => "no LoadBalancerSpec, not PayByCLCU".to_owned(),
                }
            ),
        ));
    }
    if let Some(finding) = attached {
        out.push(finding);
    }
    if let Some(tunnel) = lb.tunnel_type {
        if kind != ServerType::Ecs {
            out.push(Finding::new(
                Code::OperationUnsupportedAddBackendServers,
                Path::field_in(at.0, at.1, "Type"),
                format!(
                    "type {} is not taken by a {} load balancer; expected \"ecs\"",
                    Shown(kind.as_str()),
                    Shown(tunnel.as_str())
                ),
            ));
        }
    }
}

/// R20: `LoadBalancerSpec` set and not `slb.s0.share`, or pay-by-CLCU.
fn high_performance(lb: &LoadBalancerFacts) -> bool {
    lb.spec.as_deref().is_some_and(|s| s != "slb.s0.share") || lb.pay_by_clcu
}

/// The rules on a server's own facts, when the context holds servers' facts: R29 when it holds
/// none for this one (the rules that need them unchecked), else R22–R24 and R28; `networks` is
/// the members' network, worked out at the first server that needs it.
fn server_facts_rules(
    at: (List, usize),
    server: &BackendServer,
    lb: Option<&LoadBalancerFacts>,
    context: &Context,
    networks: &mut Option<Established>,
    unchecked: &mut RuleSet,
    out: &mut Findings,
) {
    if !context.has_server_facts() {
        return;
    }
    let Some(facts) = context.server(server.server_id().as_str()) else {
        unchecked.extend(NEEDS_SERVERS);
        out.push(unknown_server(at, server));
        return;
    };
    let established = lb.map(|_| networks.get_or_insert_with(|| context.members_network()));
    server_rules(at, server, facts, lb, established, unchecked, out);
}

/// R22, R23, R24 and R28 for one server whose facts are known.
fn server_rules(
    at: (List, usize),
    server: &BackendServer,
    facts: &ServerFacts,
    lb: Option<&LoadBalancerFacts>,
    networks: Option<&mut Established>,
    unchecked: &mut RuleSet,
    out: &mut Findings,
) {
    let id = Shown(server.server_id().as_str());
    // R22
    match &facts.status {
        Some(status) if status != facts.ready_status() => out.push(Finding::new(
            Code::ObtainIpFail,
            Path::field_in(at.0, at.1, "ServerId"),
            format!(
                "server {id} is {}; expected {}",
                Shown(status),
                Shown(facts.ready_status())
            ),
        )),
        Some(_) => {}
        None => {
            unchecked.insert(Rule::R22);
        }
    }
    // R23, R24
    match (&facts.network, lb) {
        (Some(network), Some(lb)) => {
            let conflict = network_rule(at, server, network, lb, unchecked, out);
            if let Some(established) = networks {
                match established {
                    Established::One(e) if e != network && !conflict => out.push(Finding::new(
                        Code::InvalidBackendServersInconsistent,
                        Path::field_in(at.0, at.1, "ServerId"),
                        format!(
                            "server {id} is in {network}, but the members are in {e}; expected every member in one VPC, or all in the classic network"
                        ),
                    )),
                    Established::Unknown => *established = Established::One(network.clone()),
                    _ => {}
                }
            }
        }
        (None, Some(_)) => {
            unchecked.extend([Rule::R23, Rule::R24]);
        }
        _ => {}
    }
    // R28
    if let Some(ip) = server.server_ip() {
        if facts.ips.is_empty() {
            unchecked.insert(Rule::R28);
        } else if !facts.ips.contains(&ip.get()) {
            let owned: Vec<String> = facts.ips.iter().map(ToString::to_string).collect();
            out.push(Finding::new(
                Code::InvalidParameterServerIpNotOwned,
                Path::field_in(at.0, at.1, "ServerIp"),
                format!(
                    "server ip {ip} is not an IP of {id}; expected one of {}",
                    owned.join(", ")
                ),
            ));
        }
    }
}

/// R23; whether it found a conflict.
fn network_rule(
    at: (List, usize),
    server: &BackendServer,
    network: &Network,
    lb: &LoadBalancerFacts,
    unchecked: &mut RuleSet,
    out: &mut Findings,
) -> bool {
    let id = Shown(server.server_id().as_str());
    let path = || Path::field_in(at.0, at.1, "ServerId");
    match (lb.network_type, network) {
        (Some(NetworkType::Vpc), Network::Vpc(vpc)) => match &lb.vpc_id {
            Some(lb_vpc) if lb_vpc != vpc => {
                out.push(Finding::new(
                    Code::NetworkConflict,
                    path(),
                    format!("server {id} is in {network}, but the load balancer is in VPC {}; expected a server in its VPC", Shown(lb_vpc)),
                ));
                true
            }
            Some(_) => false,
            None => {
                unchecked.insert(Rule::R23);
                false
            }
        },
        (Some(NetworkType::Vpc), Network::Classic) => {
            out.push(Finding::new(
                Code::InvalidParameter,
                path(),
                format!("server {id} is in the classic network; expected a server in the VPC of this VPC load balancer"),
            ));
            true
        }
        (Some(NetworkType::Classic), Network::Vpc(_))
            if lb.address_type == Some(AddressType::Intranet) =>
        {
            out.push(Finding::new(
                Code::InvalidParameter,
                path(),
                format!("server {id} is in {network}; expected a classic-network server for this classic intranet load balancer"),
            ));
            true
        }
        (Some(NetworkType::Classic), _) if lb.address_type.is_some() => false,
        _ => {
            unchecked.insert(Rule::R23);
            false
        }
    }
}

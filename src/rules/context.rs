//! The rules that need facts about the load balancer and the servers: R19 against attached
//! members, R20 to R29. A rule whose facts are missing is reported unchecked. Each item's
//! findings come in rule order, after its context-free findings.

use super::{Checked, Findings};
use crate::call::BackendServer;
use crate::context::{
    AddressType, Context, Established, LoadBalancerFacts, LoadBalancerStatus, Network, NetworkType,
    ServerFacts,
};
use crate::finding::{Code, Finding, Path, Rule, RuleSet, NEEDS_LOAD_BALANCER, NEEDS_SERVERS};
use crate::text::Shown;
use crate::types::{Action, ServerType};

/// The rules of `SetBackendServers` and `RemoveBackendServers` that need the load balancer's
/// facts.
pub(super) const SET_AND_REMOVE_RULES: [Rule; 2] = [Rule::R26, Rule::R32];

/// Applies the rules whose facts `context` holds to the servers the request names; gives the
/// rules left unchecked.
pub(super) fn check(checked: &Checked, context: &Context, out: &mut Findings) -> RuleSet {
    match checked.action {
        Action::AddBackendServers => add_rules(checked, context, out),
        _ => set_and_remove_rules(checked, context, out),
    }
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
        if unknown_ip || context.member(server.identity()).is_some() {
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
            Path::Item(index),
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
            .filter(|(_, s)| context.member(s.identity()).is_none())
            .count();
        load_balancer_rules(lb, context.member_count(), added, context.quota(), out);
    }

    // R24: the members' network, worked out at the first server whose facts are known.
    let mut networks: Option<Established> = None;
    for &(index, server) in &servers {
        if let Some(lb) = lb {
            member_rules(index, server, lb, context, out);
        }
        if !context.has_server_facts() {
            continue;
        }
        let Some(facts) = context.server(server.server_id().as_str()) else {
            unchecked.extend(NEEDS_SERVERS);
            out.push(Finding::new(
                Code::UnknownServer,
                Path::field(index, "ServerId"),
                format!(
                    "server {} is not in the supplied facts; R22, R23, R24 and R28 are unchecked for it",
                    Shown(server.server_id().as_str())
                ),
            ));
            continue;
        };
        let established = lb.map(|_| networks.get_or_insert_with(|| context.members_network()));
        server_rules(index, server, facts, lb, established, &mut unchecked, out);
    }

    unchecked
}

/// R25 and R26: the load balancer as a whole, with `attached` members, to which the call adds
/// `added` servers.
fn load_balancer_rules(
    lb: &LoadBalancerFacts,
    attached: usize,
    added: usize,
    quota: usize,
    out: &mut Findings,
) {
    locked(lb, out);
    let after = attached + added;
    if after > quota {
        out.push(Finding::new(
            Code::InstanceBackendServerNumberOverLimit,
            Path::param("BackendServers"),
            format!(
                "the load balancer would have {after} members ({attached} attached, {added} added); expected at most the quota {quota}",
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
    if let Some(ip) = server.server_ip() {
        if let Some(holder) = context.other_member_with_ip(ip, identity) {
            out.push(Finding::new(
                Code::InvalidBackendServersServerIpConflict,
                Path::field(index, "ServerIp"),
                format!(
                    "server ip {ip} is already claimed by attached member {}; expected each server its own IP",
                    Shown(holder.server().server_id().as_str())
                ),
            ));
        }
    }
    let kind = server.server_type();
    if kind.keyed_by_ip() && !high_performance(lb) {
        out.push(Finding::new(
            Code::OperationDeniedServerTypeNotSupported,
            Path::field(index, "Type"),
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
    if let Some(member) = context.member(identity) {
        out.push(Finding::new(
            Code::BackendServerAlreadyAttached,
            Path::Item(index),
            format!(
                "backend server {id} is already attached to {} (weight {}); expected a server not yet attached (SetBackendServers changes a member)",
                Shown(&lb.id),
                member.server().weight()
            ),
        ));
    }
    if let Some(tunnel) = lb.tunnel_type {
        if kind != ServerType::Ecs {
            out.push(Finding::new(
                Code::OperationUnsupportedAddBackendServers,
                Path::field(index, "Type"),
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

/// R22, R23, R24 and R28 for one server whose facts are known.
fn server_rules(
    index: usize,
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
            Path::field(index, "ServerId"),
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
            let conflict = network_rule(index, server, network, lb, unchecked, out);
            if let Some(established) = networks {
                match established {
                    Established::One(e) if e != network && !conflict => out.push(Finding::new(
                        Code::InvalidBackendServersInconsistent,
                        Path::field(index, "ServerId"),
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
                Path::field(index, "ServerIp"),
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
    index: usize,
    server: &BackendServer,
    network: &Network,
    lb: &LoadBalancerFacts,
    unchecked: &mut RuleSet,
    out: &mut Findings,
) -> bool {
    let id = Shown(server.server_id().as_str());
    let path = || Path::field(index, "ServerId");
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

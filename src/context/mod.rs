//! Facts about the load balancer and the servers, read from the API's own Describe responses,
//! for the rules that need them (R19 against attached members, R20 to R29) and for the diff.
//!
//! ```
//! use clb_preflight::{check_with, Context};
//! let mut context = Context::new();
//! context.add_load_balancer(r#"{"LoadBalancerId":"lb-1","LoadBalancerStatus":"active",
//!     "NetworkType":"classic","AddressType":"internet",
//!     "BackendServers":{"BackendServer":[{"ServerId":"i-1","Weight":100,"Type":"ecs"}]}}"#)?;
//! let report = check_with(
//!     r#"{"LoadBalancerId":"lb-1","BackendServers":"[{\"ServerId\":\"i-1\"},{\"ServerId\":\"i-2\"}]"}"#,
//!     &context,
//! )?;
//! assert_eq!(report.errors()[0].code().as_str(), "BackendServer.AlreadyAttached");
//! let diff = report.diff().ok_or("no diff")?;
//! assert_eq!(diff.add().len(), 1);
//! assert_eq!(diff.members_after().len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod describe;
pub mod diff;

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use crate::request::{BackendServer, Identity};
use crate::text::Shown;
use crate::types::{LoadBalancerId, ServerId, ServerIp, ServerType, Weight};

pub use diff::{Diff, Entry, MembersAfter};

/// The members quota when the caller names none (R25).
pub const DEFAULT_MEMBERS_QUOTA: usize = 200;

/// What the caller knows of the load balancer and the servers. Every part is optional: a rule
/// whose facts are missing is reported unchecked.
#[derive(Debug, Clone, Default)]
pub struct Context {
    load_balancer: Option<LoadBalancerFacts>,
    servers: HashMap<String, ServerFacts>,
    has_server_facts: bool,
    quota: Option<usize>,
    /// The one network the members whose facts are known share (R24), worked out at the first
    /// check and kept until facts are added.
    members_network: OnceLock<Established>,
}

/// R24: the one network all members whose facts are known share, when they share one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Established {
    /// No member's network is known.
    Unknown,
    /// Every member whose network is known is in this one.
    One(Network),
    /// The members are in more than one network already.
    Mixed,
}

/// Why facts cannot be used: not a Describe response, malformed, or contradicting each other
/// (or the request).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ContextError {
    /// The text is not JSON.
    #[error("facts are not valid JSON: {0}")]
    NotJson(String),
    /// The JSON is none of the Describe responses this crate reads.
    #[error("facts are not a response of {expected}")]
    UnrecognizedShape {
        /// The responses that were expected.
        expected: &'static str,
    },
    /// A Describe response with a field that cannot be read.
    #[error("facts are malformed: {0}")]
    Malformed(String),
    /// Two facts that contradict each other.
    #[error("facts contradict each other: {0}")]
    Conflict(String),
    /// The load balancer's facts are not about the request's load balancer.
    #[error("facts are about load balancer {}, but the request is for {}", Shown(.facts), Shown(.request))]
    LoadBalancerMismatch {
        /// The id in the request.
        request: String,
        /// The id in the facts.
        facts: String,
    },
}

/// A member already attached to the load balancer, as `DescribeLoadBalancerAttribute` lists it:
/// a backend server (id, type, weight, IP; no port), and its description as listed (members'
/// descriptions are not the request's to check).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Member {
    server: BackendServer,
    description: Option<String>,
}

impl Member {
    /// The server: id, type (`ecs` when the listing names none), weight (100 when it names
    /// none), IP when listed.
    pub fn server(&self) -> &BackendServer {
        &self.server
    }

    /// The description, when listed.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// Which servers count as this one (R18).
    pub fn identity(&self) -> Identity<'_> {
        self.server.identity()
    }
}

/// The load balancer, from `DescribeLoadBalancerAttribute`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LoadBalancerFacts {
    pub(crate) id: String,
    pub(crate) status: Option<String>,
    pub(crate) address_type: Option<String>,
    pub(crate) network_type: Option<String>,
    pub(crate) vpc_id: Option<String>,
    pub(crate) spec: Option<String>,
    pub(crate) charge_type: Option<String>,
    pub(crate) tunnel_type: Option<String>,
    /// Sorted by server id, then IP, without repeats: found by binary search, and shared
    /// with the diffs.
    pub(crate) members: Arc<[Member]>,
    /// The members' IPs, sorted, for R19.
    pub(crate) member_ips: Vec<(ServerIp, usize)>,
}

impl LoadBalancerFacts {
    /// The attached member that holds `ip`, if any.
    pub(crate) fn member_with_ip(&self, ip: ServerIp) -> Option<&Member> {
        let i = self
            .member_ips
            .binary_search_by(|(held, _)| held.cmp(&ip))
            .ok()?;
        self.member_ips
            .get(i)
            .and_then(|&(_, m)| self.members.get(m))
    }
}

/// Where a server is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Network {
    Classic,
    Vpc(String),
}

impl std::fmt::Display for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Network::Classic => f.write_str("the classic network"),
            Network::Vpc(id) => write!(f, "VPC {}", Shown(id)),
        }
    }
}

/// One server, from `DescribeInstances`, `DescribeNetworkInterfaces` or `DescribeContainerGroups`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServerFacts {
    pub(crate) kind: ServerType,
    pub(crate) status: Option<String>,
    pub(crate) network: Option<Network>,
    /// Its private IPv4 addresses, sorted, without repeats.
    pub(crate) ips: Vec<Ipv4Addr>,
}

impl ServerFacts {
    /// The status a server of this kind must be in to be added (R22).
    pub(crate) fn ready_status(&self) -> &'static str {
        match self.kind {
            ServerType::Eni => "InUse",
            _ => "Running",
        }
    }
}

const LOAD_BALANCER_SHAPE: &str = "DescribeLoadBalancerAttribute";
const SERVER_SHAPES: &str =
    "DescribeInstances, DescribeNetworkInterfaces or DescribeContainerGroups";
const ANY_SHAPE: &str =
    "DescribeLoadBalancerAttribute, DescribeInstances, DescribeNetworkInterfaces or DescribeContainerGroups";

impl Context {
    /// A context that holds no facts: checking with it gives the context-free report.
    pub fn new() -> Context {
        Context::default()
    }

    /// Whether the context holds no facts at all.
    pub fn is_empty(&self) -> bool {
        self.load_balancer.is_none() && !self.has_server_facts && self.quota.is_none()
    }

    /// Sets the members quota (R25); the default is 200.
    pub fn set_quota(&mut self, quota: usize) {
        self.quota = Some(quota);
    }

    /// The members quota in force.
    pub fn quota(&self) -> usize {
        self.quota.unwrap_or(DEFAULT_MEMBERS_QUOTA)
    }

    /// The attached members, sorted by server id, then IP; `None` without the load balancer's
    /// facts.
    pub fn members(&self) -> Option<&[Member]> {
        self.load_balancer.as_ref().map(|lb| &*lb.members)
    }

    pub(crate) fn load_balancer(&self) -> Option<&LoadBalancerFacts> {
        self.load_balancer.as_ref()
    }

    pub(crate) fn server(&self, id: &str) -> Option<&ServerFacts> {
        self.servers.get(id)
    }

    pub(crate) fn has_server_facts(&self) -> bool {
        self.has_server_facts
    }

    /// The network the attached members share (R24).
    pub(crate) fn members_network(&self) -> &Established {
        self.members_network.get_or_init(|| {
            let members = self.members().unwrap_or_default();
            let mut found: Option<&Network> = None;
            for network in members
                .iter()
                .filter_map(|m| self.servers.get(m.server().server_id().as_str()))
                .filter_map(|f| f.network.as_ref())
            {
                match found {
                    None => found = Some(network),
                    Some(n) if n != network => return Established::Mixed,
                    Some(_) => {}
                }
            }
            found.map_or(Established::Unknown, |n| Established::One(n.clone()))
        })
    }

    /// Reads any of the four Describe responses, told apart by shape.
    ///
    /// # Errors
    /// [`ContextError`] when the text is not JSON, is none of the four shapes, holds a value
    /// that cannot be read, or contradicts facts already held.
    pub fn add_document(&mut self, text: &str) -> Result<(), ContextError> {
        let value = parse(text)?;
        if is_server_shape(&value) {
            self.add_servers_value(value)
        } else if value.get("LoadBalancerId").is_some() {
            self.add_load_balancer_value(value)
        } else {
            Err(ContextError::UnrecognizedShape {
                expected: ANY_SHAPE,
            })
        }
    }

    /// Reads a `DescribeLoadBalancerAttribute` response.
    ///
    /// # Errors
    /// As [`Context::add_document`]; also when the text is another Describe response.
    pub fn add_load_balancer(&mut self, text: &str) -> Result<(), ContextError> {
        let value = parse(text)?;
        if is_server_shape(&value) || value.get("LoadBalancerId").is_none() {
            return Err(ContextError::UnrecognizedShape {
                expected: LOAD_BALANCER_SHAPE,
            });
        }
        self.add_load_balancer_value(value)
    }

    /// Reads a `DescribeInstances`, `DescribeNetworkInterfaces` or `DescribeContainerGroups`
    /// response.
    ///
    /// # Errors
    /// As [`Context::add_document`]; also when the text is a load balancer's response.
    pub fn add_servers(&mut self, text: &str) -> Result<(), ContextError> {
        let value = parse(text)?;
        if !is_server_shape(&value) {
            return Err(ContextError::UnrecognizedShape {
                expected: SERVER_SHAPES,
            });
        }
        self.add_servers_value(value)
    }

    fn add_load_balancer_value(&mut self, value: Value) -> Result<(), ContextError> {
        let lb: describe::LoadBalancerAttribute = from_value(value, LOAD_BALANCER_SHAPE)?;
        let mut members = Vec::new();
        for (n, m) in lb
            .backend_servers
            .unwrap_or_default()
            .backend_server
            .into_iter()
            .enumerate()
        {
            members.push(member(n, m)?);
        }
        members.sort_by(|a, b| order(a.identity(), b.identity()));
        // The same member listed twice: identical is one member, different is a contradiction.
        members.dedup();
        for pair in members.windows(2) {
            if let [a, b] = pair {
                if a.identity() == b.identity() {
                    return Err(ContextError::Conflict(format!(
                        "member {} is listed twice with different values",
                        Shown(a.server().server_id().as_str())
                    )));
                }
            }
        }
        let mut member_ips: Vec<(ServerIp, usize)> = members
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.server().server_ip().map(|ip| (ip, i)))
            .collect();
        member_ips.sort_unstable();
        let facts = LoadBalancerFacts {
            id: lb.load_balancer_id,
            status: lb.load_balancer_status,
            address_type: lb.address_type,
            network_type: lb.network_type,
            vpc_id: lb.vpc_id.filter(|v| !v.is_empty()),
            spec: lb.load_balancer_spec.filter(|s| !s.is_empty()),
            charge_type: lb.instance_charge_type,
            tunnel_type: lb.tunnel_type.filter(|t| !t.is_empty()),
            members: members.into(),
            member_ips,
        };
        match &self.load_balancer {
            Some(held) if *held != facts => Err(ContextError::Conflict(format!(
                "two different descriptions of load balancers {} and {}",
                Shown(&held.id),
                Shown(&facts.id)
            ))),
            _ => {
                self.load_balancer = Some(facts);
                self.members_network = OnceLock::new();
                Ok(())
            }
        }
    }

    fn add_servers_value(&mut self, value: Value) -> Result<(), ContextError> {
        let mut found: Vec<(String, ServerFacts)> = Vec::new();
        if value.get("Instances").is_some() {
            let list: describe::Instances = from_value(value, "DescribeInstances")?;
            for i in list.instances.instance {
                let id = required(i.instance_id, "Instances.Instance[].InstanceId")?;
                let mut ips = i.vpc_attributes.private_ip_address.ip_address;
                ips.extend(i.inner_ip_address.ip_address);
                for nic in i.network_interfaces.network_interface {
                    ips.extend(nic.primary_ip_address);
                    ips.extend(
                        nic.private_ip_sets
                            .private_ip_set
                            .into_iter()
                            .filter_map(|s| s.private_ip_address),
                    );
                }
                let network = match i.instance_network_type.as_deref() {
                    Some("classic") => Some(Network::Classic),
                    Some("vpc") => Some(Network::Vpc(required(
                        i.vpc_attributes.vpc_id.filter(|v| !v.is_empty()),
                        "VpcAttributes.VpcId of a VPC instance",
                    )?)),
                    _ => None,
                };
                let facts = server(&id, ServerType::Ecs, i.status, network, ips)?;
                found.push((id, facts));
            }
        } else if value.get("NetworkInterfaceSets").is_some() {
            let list: describe::NetworkInterfaces = from_value(value, "DescribeNetworkInterfaces")?;
            for e in list.network_interface_sets.network_interface_set {
                let id = required(
                    e.network_interface_id,
                    "NetworkInterfaceSet[].NetworkInterfaceId",
                )?;
                let mut ips: Vec<String> = e.private_ip_address.into_iter().collect();
                ips.extend(
                    e.private_ip_sets
                        .private_ip_set
                        .into_iter()
                        .filter_map(|s| s.private_ip_address),
                );
                let network = e.vpc_id.filter(|v| !v.is_empty()).map(Network::Vpc);
                let facts = server(&id, ServerType::Eni, e.status, network, ips)?;
                found.push((id, facts));
            }
        } else {
            let list: describe::ContainerGroups = from_value(value, "DescribeContainerGroups")?;
            for g in list.container_groups {
                let id = required(g.container_group_id, "ContainerGroups[].ContainerGroupId")?;
                let network = g.vpc_id.filter(|v| !v.is_empty()).map(Network::Vpc);
                let ips = g.intranet_ip.into_iter().collect();
                let facts = server(&id, ServerType::Eci, g.status, network, ips)?;
                found.push((id, facts));
            }
        }
        for (id, facts) in found {
            match self.servers.get(&id) {
                Some(held) if *held != facts => {
                    return Err(ContextError::Conflict(format!(
                        "server {} is described twice with different facts",
                        Shown(&id)
                    )))
                }
                Some(_) => {}
                None => {
                    self.servers.insert(id, facts);
                }
            }
        }
        self.has_server_facts = true;
        self.members_network = OnceLock::new();
        Ok(())
    }

    /// The load balancer's facts must be about `request`'s load balancer.
    pub(crate) fn check_load_balancer(
        &self,
        request: Option<&LoadBalancerId>,
    ) -> Result<(), ContextError> {
        match (&self.load_balancer, request) {
            (Some(lb), Some(id)) if lb.id != id.as_str() => {
                Err(ContextError::LoadBalancerMismatch {
                    request: id.as_str().to_owned(),
                    facts: lb.id.clone(),
                })
            }
            _ => Ok(()),
        }
    }
}

/// The order of members and of `members_after`: by server id, then IP.
pub(crate) fn order(a: Identity<'_>, b: Identity<'_>) -> std::cmp::Ordering {
    (a.server_id(), a.server_ip()).cmp(&(b.server_id(), b.server_ip()))
}

fn parse(text: &str) -> Result<Value, ContextError> {
    serde_json::from_str(text)
        .map_err(|e| ContextError::NotJson(crate::text::escaped_message(&e.to_string())))
}

fn is_server_shape(value: &Value) -> bool {
    ["Instances", "NetworkInterfaceSets", "ContainerGroups"]
        .iter()
        .any(|k| value.get(k).is_some())
}

fn from_value<T: serde::de::DeserializeOwned>(
    value: Value,
    shape: &str,
) -> Result<T, ContextError> {
    serde_json::from_value(value).map_err(|e| {
        ContextError::Malformed(format!("{shape}: {}", crate::text::escaped(&e.to_string())))
    })
}

fn required(value: Option<String>, what: &str) -> Result<String, ContextError> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ContextError::Malformed(format!("{what} is missing")))
}

fn member(n: usize, m: describe::Member) -> Result<Member, ContextError> {
    let bad = |what: &str, e: &dyn std::fmt::Display| {
        ContextError::Malformed(format!("BackendServers.BackendServer[{n}].{what}: {e}"))
    };
    let server_id = ServerId::parse(&required(
        m.server_id,
        &format!("BackendServers.BackendServer[{n}].ServerId"),
    )?)
    .map_err(|e| bad("ServerId", &e))?;
    let server_type = match m.server_type.as_deref() {
        None | Some("") => ServerType::default(),
        Some(t) => ServerType::parse(t).map_err(|e| bad("Type", &e))?,
    };
    let weight = match m.weight {
        None | Some(Value::Null) => Weight::DEFAULT,
        Some(Value::Number(n)) => Weight::parse(&n.to_string()).map_err(|e| bad("Weight", &e))?,
        Some(Value::String(s)) => Weight::parse(&s).map_err(|e| bad("Weight", &e))?,
        Some(_) => return Err(bad("Weight", &"expected an integer")),
    };
    let server_ip = match m.server_ip.as_deref() {
        None | Some("") => None,
        Some(ip) => Some(ServerIp::parse(ip).map_err(|e| bad("ServerIp", &e))?),
    };
    if server_type.keyed_by_ip() && server_ip.is_none() {
        return Err(bad(
            "ServerIp",
            &format!(
                "is missing; a member of type {} is known by its id and IP",
                Shown(server_type.as_str())
            ),
        ));
    }
    Ok(Member {
        server: BackendServer::from_checked(server_id, server_type, weight, server_ip, None, None),
        description: m.description.filter(|d| !d.is_empty()),
    })
}

fn server(
    id: &str,
    kind: ServerType,
    status: Option<String>,
    network: Option<Network>,
    ips: Vec<String>,
) -> Result<ServerFacts, ContextError> {
    let mut parsed = Vec::with_capacity(ips.len());
    for ip in ips.iter().filter(|ip| !ip.is_empty()) {
        match ServerIp::parse(ip) {
            Ok(ip) => parsed.push(ip.get()),
            Err(e) => {
                return Err(ContextError::Malformed(format!(
                    "server {}: {e}",
                    Shown(id)
                )))
            }
        }
    }
    parsed.sort_unstable();
    parsed.dedup();
    Ok(ServerFacts {
        kind,
        status,
        network,
        ips: parsed,
    })
}

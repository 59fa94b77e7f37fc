//! Facts about the load balancer and the servers, for the rules that need them (R19 against
//! attached members, R20 to R29) and for the diff: the model. Reading them from the API's own
//! Describe responses is in `read.rs` (their shapes in `describe.rs`).
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

mod build;
mod describe;
mod planned;
mod read;

pub use build::{AddressType, LoadBalancerStatus, NetworkType, TunnelType, UnknownFact};

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::sync::{Arc, OnceLock};

use crate::call::BackendServer;
use crate::identity::Identity;
use crate::text::Shown;
use crate::types::{Action, LoadBalancerId, ServerIp, ServerType, VServerGroupId};
use planned::Planned;

/// The members quota when the caller names none (R25).
pub const DEFAULT_MEMBERS_QUOTA: usize = 200;

/// What the caller knows of the load balancer and the servers. Every part is optional: a rule
/// whose facts are missing is reported unchecked.
#[derive(Debug, Clone, Default)]
pub struct Context {
    load_balancer: Option<LoadBalancerFacts>,
    /// A vServer group's facts: its members, for the calls on it.
    vserver_group: Option<VServerGroupFacts>,
    /// The load balancer's other vServer groups: their members count toward its quota (R25).
    other_groups: Vec<VServerGroupFacts>,
    /// Shared: the states a plan simulates all hold the same server facts.
    servers: Arc<HashMap<String, ServerFacts>>,
    has_server_facts: bool,
    quota: Option<usize>,
    /// The one network the members whose facts are known share (R24), worked out at the first
    /// check and kept until facts are added.
    members_network: OnceLock<Established>,
    /// In a plan's view only: what its calls so far changed of the members (of the load
    /// balancer, or of the vServer group: its scope).
    planned: Option<(Scope, Planned)>,
}

/// Whose members a call changes: the load balancer's (its default group) or a server group's,
/// where a member is known by its port too (R39).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    LoadBalancer,
    Group,
}

impl Scope {
    /// The scope of a call of `action`.
    pub(crate) const fn of(action: Action) -> Scope {
        if action.is_group_call() {
            Scope::Group
        } else {
            Scope::LoadBalancer
        }
    }

    /// Where the members are that the quota counts beside this scope's (R25), as messages say
    /// it: a load balancer's call counts its vServer groups', a group's call all but its own.
    pub(crate) const fn elsewhere(self) -> &'static str {
        match self {
            Scope::LoadBalancer => "in its vserver groups",
            Scope::Group => "outside this group",
        }
    }
}

/// A list of members, sorted by identity without repeats, and their IPs indexed: the load
/// balancer's, or a vServer group's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Roster<'a> {
    pub(crate) members: &'a [Member],
    /// The members' IPs, sorted, each beside its member's position (R19).
    ips: &'a [(ServerIp, usize)],
}

impl<'a> Roster<'a> {
    /// The member with `identity`, found by binary search (R21).
    pub(crate) fn member(self, identity: Identity<'_>) -> Option<&'a Member> {
        self.members
            .binary_search_by(|m| order(m.identity(), identity))
            .ok()
            .and_then(|i| self.members.get(i))
    }

    /// The members that hold `ip`.
    pub(crate) fn with_ip(self, ip: ServerIp) -> impl Iterator<Item = &'a Member> {
        let start = self.ips.partition_point(|(held, _)| *held < ip);
        self.ips
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(move |(held, _)| *held == ip)
            .filter_map(|&(_, m)| self.members.get(m))
    }
}

/// The IPs of `members`, sorted, each beside its member's position.
pub(crate) fn index_ips(members: &[Member]) -> Vec<(ServerIp, usize)> {
    let mut ips: Vec<(ServerIp, usize)> = members
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.server().server_ip().map(|ip| (ip, i)))
        .collect();
    ips.sort_unstable();
    ips
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
    /// The vServer group's facts are not about the request's vServer group.
    #[error("facts are about vserver group {}, but the request is for {}", Shown(.facts), Shown(.request))]
    VServerGroupMismatch {
        /// The id in the request.
        request: String,
        /// The id in the facts.
        facts: String,
    },
}

/// A member already attached to the load balancer, as `DescribeLoadBalancerAttribute` lists it:
/// a backend server (id, type, weight, IP; no port), and its description as listed (members'
/// descriptions are not the request's to check).
///
/// A handle: cloning one (as each state a plan simulates does) copies a pointer, not the member.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Member(Arc<Listed>);

/// What a member is made of.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Listed {
    server: BackendServer,
    description: Option<String>,
    /// A server group's member: known by its port too (R39).
    grouped: bool,
}

impl Member {
    /// A member: the server as listed (its port and the server's own description are not
    /// listed), and its description as listed.
    ///
    /// ```
    /// use clb_preflight::context::Member;
    /// use clb_preflight::BackendServer;
    /// let server = BackendServer::builder("i-2zej4lxhjoq1icuo9x1z".parse()?)
    ///     .port("80".parse()?)
    ///     .description("web-1".parse()?)
    ///     .build();
    /// let member = Member::new(server, Some("web server 1".to_owned()));
    /// assert_eq!(member.description(), Some("web server 1"));
    /// // The listing names neither a port nor the server's own description.
    /// assert_eq!((member.server().port(), member.server().description()), (None, None));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(server: BackendServer, description: Option<String>) -> Member {
        Member(Arc::new(Listed {
            server: server.without_port_and_description(),
            description: description.filter(|d| !d.is_empty()),
            grouped: false,
        }))
    }

    /// A member of a server group, as `DescribeVServerGroupAttribute` lists it: the server
    /// with its port, which is part of its identity (R39), and its description as listed.
    ///
    /// ```
    /// use clb_preflight::context::Member;
    /// use clb_preflight::BackendServer;
    /// let server = BackendServer::builder("i-1".parse()?).port("8080".parse()?).build();
    /// let member = Member::in_group(server, None);
    /// assert_eq!(member.identity().port().map(|p| p.get()), Some(8080));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn in_group(server: BackendServer, description: Option<String>) -> Member {
        Member(Arc::new(Listed {
            server: server.with_description(None),
            description: description.filter(|d| !d.is_empty()),
            grouped: true,
        }))
    }

    /// Whether it is a server group's member.
    pub(crate) fn is_grouped(&self) -> bool {
        self.0.grouped
    }

    /// The server: id, type (`ecs` when the listing names none), weight (100 when it names
    /// none), IP when listed.
    pub fn server(&self) -> &BackendServer {
        &self.0.server
    }

    /// The member after a `SetBackendServers` item `set` for it: its weight (when the item names
    /// one; without, it is shown kept, R31), and its description when the item has one.
    pub(crate) fn with_weight_and_description(&self, set: &BackendServer) -> Member {
        let description = set
            .description()
            .map(|d| d.as_str().to_owned())
            .or_else(|| self.0.description.clone());
        let weight = set.weight_sent().unwrap_or(self.0.server.weight());
        let server = self.0.server.clone().with_weight(weight);
        if self.0.grouped {
            Member::in_group(server, description)
        } else {
            Member::new(server, description)
        }
    }

    /// The description, when listed.
    pub fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    /// Which servers count as this one (R18; a group's member by its port too, R39).
    pub fn identity(&self) -> Identity<'_> {
        if self.0.grouped {
            self.0.server.group_identity()
        } else {
            self.0.server.identity()
        }
    }
}

/// What is known of the load balancer: what `DescribeLoadBalancerAttribute` says, read from it
/// ([`Context::add_load_balancer`]) or built in code ([`LoadBalancerFacts::new`], then
/// [`Context::set_load_balancer`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadBalancerFacts {
    pub(crate) id: String,
    /// Its `RegionId`, as listed (the planner's calls name it).
    pub(crate) region_id: Option<String>,
    pub(crate) status: Option<LoadBalancerStatus>,
    pub(crate) address_type: Option<AddressType>,
    pub(crate) network_type: Option<NetworkType>,
    pub(crate) vpc_id: Option<String>,
    pub(crate) spec: Option<String>,
    /// `InstanceChargeType` `PayByCLCU` (R20).
    pub(crate) pay_by_clcu: bool,
    pub(crate) tunnel_type: Option<TunnelType>,
    /// Sorted by server id, then IP, without repeats: found by binary search, and shared
    /// with the diffs.
    pub(crate) members: Arc<[Member]>,
    /// The members' IPs, sorted, for R19.
    pub(crate) member_ips: Vec<(ServerIp, usize)>,
}

impl LoadBalancerFacts {
    /// Its members.
    pub(crate) fn roster(&self) -> Roster<'_> {
        Roster {
            members: &self.members,
            ips: &self.member_ips,
        }
    }
}

/// What is known of a vServer group: what `DescribeVServerGroupAttribute` says, read from it
/// ([`Context::add_vserver_group`]) or built in code ([`VServerGroupFacts::new`], then
/// [`Context::set_vserver_group`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VServerGroupFacts {
    pub(crate) id: String,
    /// The load balancer it belongs to, as listed.
    pub(crate) load_balancer_id: Option<String>,
    /// Sorted by identity (with the port), without repeats.
    pub(crate) members: Arc<[Member]>,
    pub(crate) member_ips: Vec<(ServerIp, usize)>,
}

impl VServerGroupFacts {
    /// Its members.
    pub(crate) fn roster(&self) -> Roster<'_> {
        Roster {
            members: &self.members,
            ips: &self.member_ips,
        }
    }

    /// The group's id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// Where a server or a load balancer is: the classic network, or a VPC.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Network {
    /// The classic network.
    Classic,
    /// The VPC with this id.
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

/// What is known of one server: what `DescribeInstances`, `DescribeNetworkInterfaces` or
/// `DescribeContainerGroups` says, read from it ([`Context::add_servers`]) or built in code
/// ([`ServerFacts::new`], then [`Context::add_server`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerFacts {
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

impl Context {
    /// A context that holds no facts: checking with it gives the context-free report.
    pub fn new() -> Context {
        Context::default()
    }

    /// Whether the context holds no facts at all.
    pub fn is_empty(&self) -> bool {
        self.load_balancer.is_none()
            && self.vserver_group.is_none()
            && self.other_groups.is_empty()
            && !self.has_server_facts
            && self.quota.is_none()
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

    /// The vServer group's facts, when given.
    pub fn vserver_group(&self) -> Option<&VServerGroupFacts> {
        self.vserver_group.as_ref()
    }

    /// The members of the load balancer outside `scope`'s that the facts show, counted toward
    /// its quota (R25): every other vServer group's, and for a group's scope the load balancer's
    /// own (its default group's). Each member entry counts: a server on two ports, or in two
    /// groups, counts each time.
    pub(crate) fn members_elsewhere(&self, scope: Scope) -> usize {
        let groups: usize = self.other_groups.iter().map(|g| g.members.len()).sum();
        let own = match (scope, &self.load_balancer) {
            (Scope::Group, Some(lb)) => lb.members.len(),
            _ => 0,
        };
        groups + own
    }

    /// The vServer group's members, sorted by identity (with the port); `None` without its
    /// facts.
    ///
    /// ```
    /// use clb_preflight::Context;
    /// let mut context = Context::new();
    /// assert!(context.group_members().is_none());
    /// context.add_vserver_group(r#"{"VServerGroupId":"rsp-1","BackendServers":{"BackendServer":[
    ///     {"ServerId":"i-1","Port":8080},{"ServerId":"i-1","Port":80}]}}"#)?;
    /// let ports: Vec<u16> = context.group_members().unwrap_or_default().iter()
    ///     .filter_map(|m| m.server().port()).map(|p| p.get()).collect();
    /// assert_eq!(ports, [80, 8080]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn group_members(&self) -> Option<&[Member]> {
        self.vserver_group.as_ref().map(|g| &*g.members)
    }

    /// The members of `scope`, as listed: the load balancer's or the vServer group's.
    pub(crate) fn roster(&self, scope: Scope) -> Option<Roster<'_>> {
        match scope {
            Scope::LoadBalancer => self.load_balancer.as_ref().map(LoadBalancerFacts::roster),
            Scope::Group => self.vserver_group.as_ref().map(VServerGroupFacts::roster),
        }
    }

    /// The members of `scope` as listed, shared (for the diff).
    pub(crate) fn listed(&self, scope: Scope) -> Option<&Arc<[Member]>> {
        match scope {
            Scope::LoadBalancer => self.load_balancer.as_ref().map(|lb| &lb.members),
            Scope::Group => self.vserver_group.as_ref().map(|g| &g.members),
        }
    }

    /// The view a plan checks its calls against: these facts, with the changes of its calls
    /// so far kept beside the listed members ([`Context::apply_call`]). Its public
    /// [`Context::members`] stay the listed ones; the rules ask [`Context::member`] and the
    /// other methods below, which see the changes.
    pub(crate) fn planning(&self, scope: Scope) -> Context {
        let servers = self.has_server_facts.then_some(&*self.servers);
        Context {
            planned: self
                .roster(scope)
                .map(|roster| (scope, Planned::new(roster, servers))),
            ..self.clone()
        }
    }

    /// The plan's overlay over the members of `scope`, when this is a plan's view of them.
    fn planned_in(&self, scope: Scope) -> Option<&Planned> {
        self.planned
            .as_ref()
            .filter(|(s, _)| *s == scope)
            .map(|(_, p)| p)
    }

    /// In a plan's view: the members as a call of `action` with `servers` leaves them.
    pub(crate) fn apply_call(&mut self, action: Action, servers: &[BackendServer]) {
        let scope = Scope::of(action);
        let roster = match scope {
            Scope::LoadBalancer => self.load_balancer.as_ref().map(LoadBalancerFacts::roster),
            Scope::Group => self.vserver_group.as_ref().map(VServerGroupFacts::roster),
        };
        if let (Some((s, planned)), Some(roster)) = (&mut self.planned, roster) {
            if *s == scope {
                planned.apply(roster, &self.servers, action, servers);
            }
        }
    }

    /// In a plan's view: the members now, sorted by identity (the listed ones, changed by the
    /// plan's calls); `None` in any other context.
    pub(crate) fn planned_members(&self) -> Option<Vec<Member>> {
        let (scope, planned) = self.planned.as_ref()?;
        Some(planned.members_now(self.roster(*scope)?))
    }

    /// The member of `scope` with `identity` (R21, R32).
    pub(crate) fn member(&self, scope: Scope, identity: Identity<'_>) -> Option<&Member> {
        let roster = self.roster(scope)?;
        match self.planned_in(scope) {
            Some(planned) => planned.member(roster, identity),
            None => roster.member(identity),
        }
    }

    /// A member of `scope` other than the one with `identity` that holds `ip` (R19). In a
    /// server group one server may be a member on several ports: only another server counts.
    pub(crate) fn other_member_with_ip(
        &self,
        scope: Scope,
        ip: ServerIp,
        identity: Identity<'_>,
    ) -> Option<&Member> {
        let roster = self.roster(scope)?;
        let other = |m: &&Member| !same_server(m.identity(), identity);
        match self.planned_in(scope) {
            Some(planned) => planned.other_holder(roster, ip, other),
            None => roster.with_ip(ip).find(other),
        }
    }

    /// How many members of `scope` there are (R25).
    pub(crate) fn member_count(&self, scope: Scope) -> usize {
        match (self.planned_in(scope), self.roster(scope)) {
            (Some(planned), _) => planned.count(),
            (None, Some(roster)) => roster.members.len(),
            (None, None) => 0,
        }
    }

    pub(crate) fn server(&self, id: &str) -> Option<&ServerFacts> {
        self.servers.get(id)
    }

    pub(crate) fn has_server_facts(&self) -> bool {
        self.has_server_facts
    }

    /// The network the attached members share (R24).
    pub(crate) fn members_network(&self) -> Established {
        if let Some(planned) = self.planned_in(Scope::LoadBalancer) {
            return planned.established();
        }
        self.members_network
            .get_or_init(|| {
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
            .clone()
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

    /// The vServer group's facts must be about `request`'s group.
    pub(crate) fn check_vserver_group(
        &self,
        request: Option<&VServerGroupId>,
    ) -> Result<(), ContextError> {
        match (&self.vserver_group, request) {
            (Some(group), Some(id)) if group.id != id.as_str() => {
                Err(ContextError::VServerGroupMismatch {
                    request: id.as_str().to_owned(),
                    facts: group.id.clone(),
                })
            }
            _ => Ok(()),
        }
    }
}

/// Whether two identities name one server (on any port): the same id, kind and IP.
pub(crate) fn same_server(a: Identity<'_>, b: Identity<'_>) -> bool {
    a.in_group(None) == b.in_group(None)
}

/// The order of members and of `members_after`: by server id, then IP, then kind (R18's
/// identity).
pub(crate) fn order(a: Identity<'_>, b: Identity<'_>) -> std::cmp::Ordering {
    a.cmp(&b)
}

//! Facts built in code, for a tool that holds the Describe responses as its own SDK's structs:
//! [`LoadBalancerFacts::new`] and [`ServerFacts::new`] with typed values, handed to the
//! [`Context`] as the responses' facts are.
//!
//! ```
//! use clb_preflight::context::{
//!     AddressType, LoadBalancerFacts, LoadBalancerStatus, Member, Network, ServerFacts,
//! };
//! use clb_preflight::{check_with, BackendServer, Context, ServerType};
//! let mut context = Context::new();
//! let attached = BackendServer::builder("i-2ze8cbvhs9lb2xqk0g5w".parse()?).build();
//! context.set_load_balancer(
//!     LoadBalancerFacts::new("lb-2ze7o5h52g02kkzze7lru".parse()?)
//!         .status(LoadBalancerStatus::Active)
//!         .network(Network::Vpc("vpc-2zeuphj08tt7q3brdbnm1".into()))
//!         .address_type(AddressType::Intranet)
//!         .spec("slb.s2.small")
//!         .members([Member::new(attached, None)]),
//! )?;
//! context.add_server(
//!     &"i-2zej4lxhjoq1icuo9x1z".parse()?,
//!     ServerFacts::new(ServerType::Ecs)
//!         .status("Running")
//!         .network(Network::Vpc("vpc-2zeuphj08tt7q3brdbnm1".into()))
//!         .ips(["192.168.10.5".parse()?]),
//! )?;
//! let report = check_with(
//!     r#"{"LoadBalancerId":"lb-2ze7o5h52g02kkzze7lru","BackendServers":"[{\"ServerId\":\"i-2zej4lxhjoq1icuo9x1z\"}]"}"#,
//!     &context,
//! )?;
//! assert!(report.is_valid(), "{}", report.to_human());
//! assert_eq!(report.diff().map(|d| d.members_after().len()), Some(2));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::sync::{Arc, OnceLock};

use super::{
    index_ips, order, Context, ContextError, LoadBalancerFacts, Member, Network, ServerFacts,
    VServerGroupFacts,
};
use crate::text::Shown;
use crate::types::{LoadBalancerId, RegionId, ServerId, ServerIp, ServerType, VServerGroupId};

/// Declares a fact's enum from one table: each variant and its spelling in the Describe
/// response, with `as_str`, `Display` and a strict `FromStr` (the spelling exactly, or in any
/// ASCII case with `any_case`).
macro_rules! spelled {
    ($(#[$doc:meta])* $name:ident, $any_case:literal, $what:literal { $($(#[$vdoc:meta])* $variant:ident => $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every value, in the order above.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The value as the API spells it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownFact;

            fn from_str(text: &str) -> Result<$name, UnknownFact> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| if $any_case { v.as_str().eq_ignore_ascii_case(text) } else { v.as_str() == text })
                    .ok_or_else(|| UnknownFact { what: $what, text: text.to_owned() })
            }
        }
    };
}

spelled! {
    /// A load balancer's `LoadBalancerStatus`.
    ///
    /// ```
    /// use clb_preflight::context::LoadBalancerStatus;
    /// assert_eq!("locked".parse(), Ok(LoadBalancerStatus::Locked));
    /// assert!("Locked".parse::<LoadBalancerStatus>().is_err());
    /// ```
    LoadBalancerStatus, false, "LoadBalancerStatus" {
        /// `active`.
        Active => "active",
        /// `inactive`.
        Inactive => "inactive",
        /// `locked`: the API refuses changes to its members (R26).
        Locked => "locked",
    }
}

spelled! {
    /// A load balancer's `AddressType`.
    AddressType, false, "AddressType" {
        /// `internet`: a public address.
        Internet => "internet",
        /// `intranet`: a private address.
        Intranet => "intranet",
    }
}

spelled! {
    /// A load balancer's `NetworkType`: where it is (its VPC's id is `VpcId`).
    NetworkType, false, "NetworkType" {
        /// `classic`: the classic network.
        Classic => "classic",
        /// `vpc`: a VPC.
        Vpc => "vpc",
    }
}

spelled! {
    /// A load balancer's `TunnelType`, for the tunnel load balancers that take only `ecs`
    /// backends (R27); read in any ASCII case.
    TunnelType, true, "TunnelType" {
        /// `singleTunnel`.
        SingleTunnel => "singleTunnel",
        /// `anyTunnel`.
        AnyTunnel => "anyTunnel",
    }
}

/// A fact's text that is none of its values (the facts enums' `FromStr` error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} {} is not one this crate knows", Shown(.text))]
pub struct UnknownFact {
    what: &'static str,
    text: String,
}

impl LoadBalancerFacts {
    /// The facts of load balancer `id`: nothing else known yet (its rules are unchecked where
    /// they need what is not set).
    pub fn new(id: LoadBalancerId) -> LoadBalancerFacts {
        LoadBalancerFacts {
            id: id.as_str().to_owned(),
            region_id: None,
            status: None,
            address_type: None,
            network_type: None,
            vpc_id: None,
            spec: None,
            pay_by_clcu: false,
            tunnel_type: None,
            members: Vec::new().into(),
            member_ips: Vec::new(),
        }
    }

    /// Its `RegionId` (the planner's calls name it).
    #[must_use]
    pub fn region_id(self, region_id: RegionId) -> Self {
        LoadBalancerFacts {
            region_id: Some(region_id.as_str().to_owned()),
            ..self
        }
    }

    /// Its `LoadBalancerStatus` (R26).
    #[must_use]
    pub fn status(self, status: LoadBalancerStatus) -> Self {
        LoadBalancerFacts {
            status: Some(status),
            ..self
        }
    }

    /// Its network: `NetworkType` and, in a VPC, `VpcId` (R23, R24).
    #[must_use]
    pub fn network(self, network: Network) -> Self {
        let (network_type, vpc_id) = match network {
            Network::Classic => (NetworkType::Classic, None),
            Network::Vpc(id) => (NetworkType::Vpc, Some(id).filter(|v| !v.is_empty())),
        };
        LoadBalancerFacts {
            network_type: Some(network_type),
            vpc_id,
            ..self
        }
    }

    /// Its `AddressType` (R23).
    #[must_use]
    pub fn address_type(self, address_type: AddressType) -> Self {
        LoadBalancerFacts {
            address_type: Some(address_type),
            ..self
        }
    }

    /// Its `LoadBalancerSpec`, such as `slb.s2.small` (R20).
    #[must_use]
    pub fn spec(self, spec: impl Into<String>) -> Self {
        LoadBalancerFacts {
            spec: Some(spec.into()).filter(|s| !s.is_empty()),
            ..self
        }
    }

    /// Whether it is paid by capacity units (`InstanceChargeType` `PayByCLCU`, R20).
    #[must_use]
    pub fn pay_by_clcu(self, pay_by_clcu: bool) -> Self {
        LoadBalancerFacts {
            pay_by_clcu,
            ..self
        }
    }

    /// Its `TunnelType` (R27).
    #[must_use]
    pub fn tunnel_type(self, tunnel_type: TunnelType) -> Self {
        LoadBalancerFacts {
            tunnel_type: Some(tunnel_type),
            ..self
        }
    }

    /// Its members, as `BackendServers.BackendServer[]` lists them (added to those set before).
    #[must_use]
    pub fn members(self, members: impl IntoIterator<Item = Member>) -> Self {
        let mut all = self.members.to_vec();
        all.extend(members);
        LoadBalancerFacts {
            members: all.into(),
            ..self
        }
    }

    /// The facts ready for the rules: members sorted by identity, the same member listed twice
    /// alike kept once (listed twice unlike: a contradiction), their IPs indexed (R19). The one
    /// validation of members, whether read from a response or built in code: an `eni` or `eci`
    /// member is known by its id and IP, so one without an IP cannot be used.
    pub(super) fn finish(self) -> Result<LoadBalancerFacts, ContextError> {
        let members = sorted_members(self.members.to_vec(), false)?;
        Ok(self.with_sorted_members(members))
    }

    /// The facts with `members`, sorted by identity and no two alike already.
    pub(super) fn with_sorted_members(self, members: Vec<Member>) -> LoadBalancerFacts {
        LoadBalancerFacts {
            member_ips: index_ips(&members),
            members: members.into(),
            ..self
        }
    }
}

/// Members ready for the rules: sorted by identity, one listed twice alike kept once, one listed
/// twice unlike refused; an `eni` or `eci` member without its IP refused (it is known by it),
/// and in a group one without its port (R39).
fn sorted_members(mut members: Vec<Member>, grouped: bool) -> Result<Vec<Member>, ContextError> {
    for (n, member) in members.iter().enumerate() {
        let server = member.server();
        if server.server_type().keyed_by_ip() && server.server_ip().is_none() {
            return Err(ContextError::Malformed(format!(
                "BackendServers.BackendServer[{n}].ServerIp: is missing; a member of type {} is known by its id and IP",
                Shown(server.server_type().as_str())
            )));
        }
        if grouped && server.port().is_none() {
            return Err(ContextError::Malformed(format!(
                "BackendServers.BackendServer[{n}].Port: is missing; a vserver group's member is known by its port"
            )));
        }
    }
    members.sort_by(|a, b| order(a.identity(), b.identity()));
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
    Ok(members)
}

impl VServerGroupFacts {
    /// The facts of vServer group `id`: nothing else known yet.
    ///
    /// ```
    /// use clb_preflight::context::{Member, VServerGroupFacts};
    /// use clb_preflight::{check_with, BackendServer, Code, Context};
    /// let member = BackendServer::builder("i-1".parse()?).port("80".parse()?).build();
    /// let mut context = Context::new();
    /// context.set_vserver_group(
    ///     VServerGroupFacts::new("rsp-1".parse()?)
    ///         .load_balancer_id("lb-1".parse()?)
    ///         .members([Member::in_group(member, None)]),
    /// )?;
    /// let report = check_with(
    ///     r#"{"Action":"AddVServerGroupBackendServers","RegionId":"cn-hangzhou","VServerGroupId":"rsp-1",
    ///         "BackendServers":"[{\"ServerId\":\"i-1\",\"Port\":\"80\"},{\"ServerId\":\"i-1\",\"Port\":\"8080\"}]"}"#,
    ///     &context,
    /// )?;
    /// assert_eq!(report.errors()[0].code(), Code::BackendServerAlreadyAttached);
    /// assert_eq!(report.errors().len(), 1, "the same server on another port is another member");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(id: VServerGroupId) -> VServerGroupFacts {
        VServerGroupFacts {
            id: id.as_str().to_owned(),
            load_balancer_id: None,
            members: Vec::new().into(),
            member_ips: Vec::new(),
        }
    }

    /// The load balancer it belongs to (`LoadBalancerId`).
    #[must_use]
    pub fn load_balancer_id(self, id: LoadBalancerId) -> Self {
        VServerGroupFacts {
            load_balancer_id: Some(id.as_str().to_owned()),
            ..self
        }
    }

    /// Its members, as `BackendServers.BackendServer[]` lists them (added to those set
    /// before); each a group's member, with its port ([`Member::in_group`]: a load balancer's
    /// member, [`Member::new`], has none, and [`Context::set_vserver_group`] refuses it).
    #[must_use]
    pub fn members(self, members: impl IntoIterator<Item = Member>) -> Self {
        let mut all = self.members.to_vec();
        all.extend(members);
        VServerGroupFacts {
            members: all.into(),
            ..self
        }
    }

    /// The facts ready for the rules: members sorted and checked as a load balancer's are,
    /// each with its port.
    pub(super) fn finish(self) -> Result<VServerGroupFacts, ContextError> {
        let members = sorted_members(self.members.to_vec(), true)?;
        Ok(VServerGroupFacts {
            member_ips: index_ips(&members),
            members: members.into(),
            ..self
        })
    }
}

impl ServerFacts {
    /// The facts of a server of this kind (`ecs` for an instance, `eni`, `eci`): nothing else
    /// known yet.
    pub fn new(kind: ServerType) -> ServerFacts {
        ServerFacts {
            kind,
            status: None,
            network: None,
            ips: Vec::new(),
        }
    }

    /// Its `Status`, as the API spells it (`Running` for instances and container groups,
    /// `InUse` for an attached network interface; R22).
    #[must_use]
    pub fn status(self, status: impl Into<String>) -> Self {
        ServerFacts {
            status: Some(status.into()),
            ..self
        }
    }

    /// Its network (R23, R24).
    #[must_use]
    pub fn network(self, network: Network) -> Self {
        ServerFacts {
            network: Some(network),
            ..self
        }
    }

    /// Its private IPv4 addresses (added to those set before; R28).
    #[must_use]
    pub fn ips(mut self, ips: impl IntoIterator<Item = ServerIp>) -> Self {
        self.ips.extend(ips.into_iter().map(|ip| ip.get()));
        self.ips.sort_unstable();
        self.ips.dedup();
        self
    }
}

impl Context {
    /// Sets the load balancer's facts, built in code.
    ///
    /// # Errors
    /// [`ContextError::Conflict`] when the context holds other facts of a load balancer, or a
    /// member is listed twice with different values.
    pub fn set_load_balancer(&mut self, facts: LoadBalancerFacts) -> Result<(), ContextError> {
        let facts = facts.finish()?;
        if let Some(group) = &self.vserver_group {
            other_load_balancer(group, &facts.id)?;
        }
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

    /// Sets a vServer group's facts, built in code.
    ///
    /// # Errors
    /// [`ContextError::Conflict`] when the context holds other facts of a group, or the
    /// load balancer's facts are about another load balancer than the group's; as
    /// [`Context::set_load_balancer`] for its members, and when one has no port.
    pub fn set_vserver_group(&mut self, facts: VServerGroupFacts) -> Result<(), ContextError> {
        let facts = facts.finish()?;
        if let Some(lb) = &self.load_balancer {
            other_load_balancer(&facts, &lb.id)?;
        }
        match &self.vserver_group {
            Some(held) if *held != facts => Err(ContextError::Conflict(format!(
                "two different descriptions of vserver groups {} and {}",
                Shown(&held.id),
                Shown(&facts.id)
            ))),
            _ => {
                self.vserver_group = Some(facts);
                Ok(())
            }
        }
    }

    /// Adds the facts of another vServer group of the load balancer: its members count toward
    /// the members quota (R25) with those of the load balancer and of the group a call is on.
    ///
    /// # Errors
    /// [`ContextError::Conflict`] when it is the group whose facts the context holds as the
    /// calls' target, another description of a group given before, or a group of another load
    /// balancer than the facts'; as [`Context::set_vserver_group`] for its members.
    pub fn add_other_group_facts(&mut self, facts: VServerGroupFacts) -> Result<(), ContextError> {
        let facts = facts.finish()?;
        if let Some(lb) = &self.load_balancer {
            other_load_balancer(&facts, &lb.id)?;
        }
        let target = self.vserver_group.iter();
        for held in target.chain(&self.other_groups) {
            if let (Some(a), Some(b)) = (&held.load_balancer_id, &facts.load_balancer_id) {
                if a != b {
                    return Err(ContextError::Conflict(format!(
                        "vserver groups {} and {} belong to different load balancers, {} and {}",
                        Shown(&held.id),
                        Shown(&facts.id),
                        Shown(a),
                        Shown(b)
                    )));
                }
            }
        }
        if self
            .vserver_group
            .as_ref()
            .is_some_and(|g| g.id == facts.id)
        {
            return Err(ContextError::Conflict(format!(
                "vserver group {} is the group the calls are on, and given again as another group",
                Shown(&facts.id)
            )));
        }
        match self.other_groups.iter().find(|g| g.id == facts.id) {
            Some(held) if *held != facts => Err(ContextError::Conflict(format!(
                "two different descriptions of vserver group {}",
                Shown(&facts.id)
            ))),
            Some(_) => Ok(()),
            None => {
                self.other_groups.push(facts);
                self.other_groups.sort_by(|a, b| a.id.cmp(&b.id));
                Ok(())
            }
        }
    }

    /// Adds one server's facts, built in code.
    ///
    /// # Errors
    /// [`ContextError::Conflict`] when the context holds other facts for this server.
    pub fn add_server(&mut self, id: &ServerId, facts: ServerFacts) -> Result<(), ContextError> {
        self.add_server_facts([(id.as_str().to_owned(), facts)])
    }

    /// Adds servers' facts: each new one kept, each known one the same or a contradiction.
    pub(super) fn add_server_facts(
        &mut self,
        found: impl IntoIterator<Item = (String, ServerFacts)>,
    ) -> Result<(), ContextError> {
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
                    Arc::make_mut(&mut self.servers).insert(id, facts);
                }
            }
        }
        self.has_server_facts = true;
        self.members_network = OnceLock::new();
        Ok(())
    }
}

/// A group that belongs to another load balancer than `lb`: a contradiction.
fn other_load_balancer(group: &VServerGroupFacts, lb: &str) -> Result<(), ContextError> {
    match &group.load_balancer_id {
        Some(id) if id != lb => Err(ContextError::Conflict(format!(
            "vserver group {} belongs to load balancer {}, but the load balancer's facts are about {}",
            Shown(&group.id),
            Shown(id),
            Shown(lb)
        ))),
        _ => Ok(()),
    }
}

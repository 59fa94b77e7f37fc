//! The checked call: [`MemberCall`] and its [`BackendServer`]s. Data only: a checked call comes
//! out of validation ([`crate::check`]), so every value in it has passed every rule; one built
//! from typed values ([`MemberCall::builder`]) is checked before it is handed out.

use crate::identity::{Firsts, Identified, Identity};

use crate::types::{
    Action, Description, GroupName, List, LoadBalancerId, Port, RegionId, ServerId, ServerIp,
    ServerRole, ServerType, VServerGroupId, Weight,
};

/// One backend server as the API will act on it: defaults applied (`Type` from the default
/// `ecs`, `Weight` 100 — but for a `SetBackendServers` item, whose weight is left out unless
/// given), every value valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BackendServer {
    server_id: ServerId,
    server_type: ServerType,
    /// `None` only for a `SetBackendServers` item without `Weight` (no default applied, R31).
    weight: Option<Weight>,
    server_ip: Option<ServerIp>,
    port: Option<Port>,
    description: Option<Description>,
    /// A master-slave group's `ServerType` (R40); `None` in every other list.
    role: Option<ServerRole>,
}

impl BackendServer {
    /// A server from checked parts. The caller (the validator) has applied R11 to R13.
    pub(crate) fn from_checked(
        server_id: ServerId,
        server_type: ServerType,
        weight: Option<Weight>,
        server_ip: Option<ServerIp>,
        port: Option<Port>,
        description: Option<Description>,
    ) -> BackendServer {
        BackendServer {
            server_id,
            server_type,
            weight,
            server_ip,
            port,
            description,
            role: None,
        }
    }

    /// The server id.
    pub fn server_id(&self) -> &ServerId {
        &self.server_id
    }

    /// The type, `ecs` when the request named none.
    pub fn server_type(&self) -> ServerType {
        self.server_type
    }

    /// The weight, 100 when the request named none (the default an Add applies).
    pub fn weight(&self) -> Weight {
        self.weight.unwrap_or_default()
    }

    /// The weight as sent: `None` only for a `SetBackendServers` item that named none, whose
    /// weight the call may keep or reset (R31: unverified), so no default is written for it.
    pub fn weight_sent(&self) -> Option<Weight> {
        self.weight
    }

    /// The IP, when given.
    pub fn server_ip(&self) -> Option<ServerIp> {
        self.server_ip
    }

    /// The port, when given.
    pub fn port(&self) -> Option<Port> {
        self.port
    }

    /// The description, when given.
    pub fn description(&self) -> Option<&Description> {
        self.description.as_ref()
    }

    /// A master-slave group's role for the server (`ServerType`: `Master` or `Slave`), when
    /// given.
    pub fn role(&self) -> Option<ServerRole> {
        self.role
    }

    /// Which servers count as this one (R18): at the load balancer's default group, where the
    /// port is not part of it.
    pub fn identity(&self) -> Identity<'_> {
        Identity::new(&self.server_id, self.server_type, self.server_ip)
    }

    /// Which servers count as this one in a server group (R39): with the port.
    pub fn group_identity(&self) -> Identity<'_> {
        self.identity().in_group(self.port)
    }

    /// Which servers count as this one in a call of `action`: the group's identity in a group
    /// call.
    pub(crate) fn identity_for(&self, action: Action) -> Identity<'_> {
        if action.is_group_call() {
            self.group_identity()
        } else {
            self.identity()
        }
    }

    /// The same server with this role.
    pub(crate) fn with_role(self, role: Option<ServerRole>) -> BackendServer {
        BackendServer { role, ..self }
    }

    /// A server built from typed values: `ServerId` given; `Type` the kind its id's prefix names
    /// (`eni-…` is `eni`, `eci-…` `eci`), else `ecs`; `Weight` 100 unless set (the API's
    /// default). The values are valid by their types; whether they fit together (R11 to R13: an
    /// ENI needs a `ServerIp`) is for the check of the call that carries the server to say.
    ///
    /// ```
    /// use clb_preflight::{BackendServer, Port, ServerType, Weight};
    /// let eni = BackendServer::builder("eni-2ze3ykcbqm8kdaqv0l3q".parse()?)
    ///     .server_type(ServerType::Eni)
    ///     .server_ip("192.168.10.11".parse()?)
    ///     .weight(Weight::new(50)?)
    ///     .port(Port::new(8080)?)
    ///     .description("pod-a".parse()?)
    ///     .build();
    /// assert_eq!(eni.weight().get(), 50);
    /// assert_eq!(BackendServer::builder("i-1".parse()?).build().server_type(), ServerType::Ecs);
    /// // The kind the id names, unless set.
    /// let eni = BackendServer::builder("eni-2ze3ykcbqm8kdaqv0l3q".parse()?).build();
    /// assert_eq!(eni.server_type(), ServerType::Eni);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(server_id: ServerId) -> BackendServerBuilder {
        let kind = server_id.kind().unwrap_or_default();
        BackendServerBuilder {
            server: BackendServer::from_checked(
                server_id,
                kind,
                Some(Weight::default()),
                None,
                None,
                None,
            ),
        }
    }

    /// The same server as a Set or Remove item names a member: its IP only where it is part of
    /// its identity (an `ecs` member's listed IP is not sent back).
    pub(crate) fn into_member_item(self) -> BackendServer {
        let server_ip = self.server_ip.filter(|_| self.server_type.keyed_by_ip());
        BackendServer { server_ip, ..self }
    }

    /// The same server with this weight.
    pub(crate) fn with_weight(self, weight: Weight) -> BackendServer {
        BackendServer {
            weight: Some(weight),
            ..self
        }
    }

    /// The same server with this description.
    pub(crate) fn with_description(self, description: Option<Description>) -> BackendServer {
        BackendServer {
            description,
            ..self
        }
    }

    /// The same server as a load balancer lists its members: without port and description.
    pub(crate) fn without_port_and_description(self) -> BackendServer {
        BackendServer {
            port: None,
            description: None,
            ..self
        }
    }
}

impl Identified for BackendServer {
    fn identity(&self) -> Identity<'_> {
        BackendServer::identity(self)
    }
}

/// `i-2zej4lxhjoq1icuo9x1z (ecs, weight 100, 10.0.0.1, port 80, "web-1")`: the server as the
/// human report and plan list it (text escaped, so it is safe to print).
///
/// ```
/// use clb_preflight::BackendServer;
/// let server = BackendServer::builder("i-2zej4lxhjoq1icuo9x1z".parse()?).port("80".parse()?).build();
/// assert_eq!(server.to_string(), "i-2zej4lxhjoq1icuo9x1z (ecs, weight 100, port 80)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl std::fmt::Display for BackendServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::text::escaped(self.server_id.as_str()))?;
        write!(f, " ({}", self.server_type)?;
        if let Some(weight) = self.weight {
            write!(f, ", weight {weight}")?;
        }
        if let Some(ip) = self.server_ip {
            write!(f, ", {ip}")?;
        }
        if let Some(port) = self.port {
            write!(f, ", port {port}")?;
        }
        if let Some(description) = &self.description {
            write!(f, ", {}", crate::text::Shown(description.as_str()))?;
        }
        if let Some(role) = self.role {
            write!(f, ", {role}")?;
        }
        f.write_str(")")
    }
}

/// Builds a [`BackendServer`] from typed values: see [`BackendServer::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct BackendServerBuilder {
    server: BackendServer,
}

impl BackendServerBuilder {
    /// The type (`ecs` unless set).
    pub fn server_type(mut self, server_type: ServerType) -> Self {
        self.server.server_type = server_type;
        self
    }

    /// The weight (100 unless set).
    pub fn weight(mut self, weight: Weight) -> Self {
        self.server.weight = Some(weight);
        self
    }

    /// The IP (none unless set; an `eni` or `eci` server needs one).
    pub fn server_ip(mut self, server_ip: ServerIp) -> Self {
        self.server.server_ip = Some(server_ip);
        self
    }

    /// The port (none unless set).
    pub fn port(mut self, port: Port) -> Self {
        self.server.port = Some(port);
        self
    }

    /// The description (none unless set).
    pub fn description(mut self, description: Description) -> Self {
        self.server.description = Some(description);
        self
    }

    /// The role in a master-slave group (none unless set; only a `MasterSlaveBackendServers`
    /// item takes one).
    pub fn role(mut self, role: ServerRole) -> Self {
        self.server.role = Some(role);
        self
    }

    /// The server.
    pub fn build(self) -> BackendServer {
        self.server
    }
}

/// Keeps the first of each set of identical servers (R17, R18), in order.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let report = clb_preflight::check(
///     r#"{"LoadBalancerId":"lb-1","BackendServers":"[{\"ServerId\":\"i-1\"},{\"ServerId\":\"i-1\",\"Weight\":\"5\"}]"}"#,
/// );
/// let call = report.call().ok_or("invalid")?;
/// assert_eq!(call.backend_servers().len(), 1);
/// assert_eq!(call.backend_servers()[0].weight().get(), 100);
/// # Ok(()) }
/// ```
pub fn drop_duplicates(mut servers: Vec<BackendServer>) -> Vec<BackendServer> {
    let mut firsts = Firsts::<{ crate::limits::MAX_BACKEND_SERVERS }>::new();
    let keep: Vec<bool> = (0..servers.len())
        .map(|n| firsts.first_of(&servers, n).is_none())
        .collect();
    let mut keep = keep.into_iter();
    servers.retain(|_| keep.next().unwrap_or(false));
    servers
}

/// A member call: which call (its [`Action`]), on what (a load balancer, or a vServer group),
/// with which servers. Checked, it is what the API will act on, duplicates dropped;
/// [`MemberCall::builder`] builds one from typed values, to be checked.
///
/// Its servers are one list ([`MemberCall::list`] names it: `BackendServers`,
/// `NewBackendServers` or `MasterSlaveBackendServers`), and for a
/// `ModifyVServerGroupBackendServers` also the `OldBackendServers` it replaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MemberCall {
    action: Action,
    region_id: Option<RegionId>,
    load_balancer_id: Option<LoadBalancerId>,
    backend_servers: Vec<BackendServer>,
    /// A group call's own parts, apart: the default group's calls (the many) stay small.
    group: Option<Box<GroupParts>>,
}

/// What a call on a server group has beyond the default group's calls.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
struct GroupParts {
    vserver_group_id: Option<VServerGroupId>,
    group_name: Option<GroupName>,
    old_backend_servers: Vec<BackendServer>,
}

/// A member call built from typed values, not yet checked: see [`MemberCall::builder`]. Its
/// `check` gives the report that the same call sent as text gets.
#[derive(Debug, Clone)]
#[must_use]
pub struct MemberCallBuilder {
    call: MemberCall,
}

impl MemberCallBuilder {
    /// The region.
    pub fn region_id(mut self, region_id: RegionId) -> Self {
        self.call.region_id = Some(region_id);
        self
    }

    /// The load balancer whose members the call changes (or on which it creates a group).
    pub fn load_balancer_id(mut self, load_balancer_id: LoadBalancerId) -> Self {
        self.call.load_balancer_id = Some(load_balancer_id);
        self
    }

    /// The vServer group whose members the call changes.
    pub fn vserver_group_id(mut self, vserver_group_id: VServerGroupId) -> Self {
        self.group().vserver_group_id = Some(vserver_group_id);
        self
    }

    /// The group's name: `VServerGroupName` (Create, Set) or `MasterSlaveServerGroupName`.
    pub fn group_name(mut self, name: GroupName) -> Self {
        self.group().group_name = Some(name);
        self
    }

    /// Adds these servers to `OldBackendServers` (a Modify's), in order.
    pub fn old_backend_servers(mut self, servers: impl IntoIterator<Item = BackendServer>) -> Self {
        self.group().old_backend_servers.extend(servers);
        self
    }

    fn group(&mut self) -> &mut GroupParts {
        self.call.group.get_or_insert_with(Box::default)
    }

    /// Adds these servers, in order (repeats are kept: the check reports them, R17).
    pub fn backend_servers(mut self, servers: impl IntoIterator<Item = BackendServer>) -> Self {
        self.call.backend_servers.extend(servers);
        self
    }

    /// Adds one server.
    pub fn backend_server(mut self, server: BackendServer) -> Self {
        self.call.backend_servers.push(server);
        self
    }

    /// The call as the text the check reads: a JSON object of API parameters.
    pub fn to_json(&self) -> String {
        self.call.to_json()
    }
}

impl MemberCall {
    /// A call of `action` built from typed values, to be checked: only a check hands out a
    /// checked call (in its report, when valid).
    ///
    /// ```
    /// use clb_preflight::{Action, BackendServer, Code, MemberCall};
    /// let server = BackendServer::builder("i-2zej4lxhjoq1icuo9x1z".parse()?).build();
    /// let report = MemberCall::builder(Action::AddBackendServers)
    ///     .load_balancer_id("lb-2ze7o5h52g02kkzze7lru".parse()?)
    ///     .region_id("cn-beijing".parse()?)
    ///     .backend_servers([server.clone(), server])
    ///     .check();
    /// assert!(report.is_valid());
    /// assert_eq!(report.warnings()[0].code(), Code::DuplicateBackendServerIgnored);
    /// assert_eq!(report.call().map(|c| c.backend_servers().len()), Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(action: Action) -> MemberCallBuilder {
        MemberCallBuilder {
            call: MemberCall {
                action,
                region_id: None,
                load_balancer_id: None,
                backend_servers: Vec::new(),
                group: None,
            },
        }
    }

    /// A call from checked parts (the validator's).
    pub(crate) fn from_checked(parts: CheckedParts) -> Self {
        let group = GroupParts {
            vserver_group_id: parts.vserver_group_id,
            group_name: parts.group_name,
            old_backend_servers: parts.old_backend_servers,
        };
        MemberCall {
            action: parts.action,
            region_id: parts.region_id,
            load_balancer_id: parts.load_balancer_id,
            backend_servers: parts.backend_servers,
            group: (group != GroupParts::default()).then(|| Box::new(group)),
        }
    }

    /// The call: `AddBackendServers`, `AddVServerGroupBackendServers` …
    pub fn action(&self) -> Action {
        self.action
    }

    /// The region, when given (every group call has one once checked).
    pub fn region_id(&self) -> Option<&RegionId> {
        self.region_id.as_ref()
    }

    /// The load balancer: a checked call of the default group's members, or one that creates a
    /// group, always has one.
    pub fn load_balancer_id(&self) -> Option<&LoadBalancerId> {
        self.load_balancer_id.as_ref()
    }

    /// The vServer group: a checked call on a vServer group's members always has one.
    pub fn vserver_group_id(&self) -> Option<&VServerGroupId> {
        self.group.as_ref()?.vserver_group_id.as_ref()
    }

    /// The group's name (`VServerGroupName` or `MasterSlaveServerGroupName`), when given.
    pub fn group_name(&self) -> Option<&GroupName> {
        self.group.as_ref()?.group_name.as_ref()
    }

    /// The list [`backend_servers`](MemberCall::backend_servers) is sent as: `NewBackendServers`
    /// for a Modify, `MasterSlaveBackendServers` for a master-slave group, else
    /// `BackendServers`.
    pub fn list(&self) -> List {
        list_of(self.action)
    }

    /// The servers the call names (for a Modify, the new ones), in request order, duplicates
    /// dropped.
    pub fn backend_servers(&self) -> &[BackendServer] {
        &self.backend_servers
    }

    /// A Modify's `OldBackendServers`: the members it replaces (empty for every other call).
    pub fn old_backend_servers(&self) -> &[BackendServer] {
        self.group
            .as_ref()
            .map_or(&[], |g| g.old_backend_servers.as_slice())
    }
}

/// The list a call's servers are sent as (a Modify's new ones).
pub(crate) const fn list_of(action: Action) -> List {
    match action {
        Action::ModifyVServerGroupBackendServers => List::NewBackendServers,
        Action::CreateMasterSlaveServerGroup => List::MasterSlaveBackendServers,
        _ => List::BackendServers,
    }
}

/// The parts of a checked call, as the validator hands them over.
#[derive(Debug, Default)]
pub(crate) struct CheckedParts {
    pub(crate) action: Action,
    pub(crate) region_id: Option<RegionId>,
    pub(crate) load_balancer_id: Option<LoadBalancerId>,
    pub(crate) vserver_group_id: Option<VServerGroupId>,
    pub(crate) group_name: Option<GroupName>,
    pub(crate) backend_servers: Vec<BackendServer>,
    pub(crate) old_backend_servers: Vec<BackendServer>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A group call built from typed values keeps its group's parts, and names each list as
    /// the call sends it.
    #[test]
    fn a_group_call_keeps_its_parts_and_names_its_lists() {
        let server = |port: u64| {
            BackendServer::builder(ServerId::parse("i-1").unwrap_or_else(|e| panic!("{e}")))
                .port(Port::new(port).unwrap_or_else(|e| panic!("{e}")))
                .build()
        };
        let group = VServerGroupId::parse("rsp-1").unwrap_or_else(|e| panic!("{e}"));
        let name = GroupName::parse("web").unwrap_or_else(|e| panic!("{e}"));
        let built = MemberCall::builder(Action::ModifyVServerGroupBackendServers)
            .vserver_group_id(group.clone())
            .group_name(name.clone())
            .old_backend_servers([server(80)])
            .backend_server(server(81));
        let call = &built.call;
        assert_eq!(call.vserver_group_id(), Some(&group));
        assert_eq!(call.group_name(), Some(&name));
        assert_eq!(call.old_backend_servers(), [server(80)]);
        assert_eq!(call.list(), List::NewBackendServers);
        assert_eq!(
            list_of(Action::CreateMasterSlaveServerGroup),
            List::MasterSlaveBackendServers
        );
        assert_eq!(
            list_of(Action::AddVServerGroupBackendServers),
            List::BackendServers
        );
        // A call of the default group has none of a group's parts.
        let plain = MemberCall::builder(Action::AddBackendServers).backend_server(server(80));
        assert_eq!(plain.call.vserver_group_id(), None);
        assert!(plain.call.old_backend_servers().is_empty());
    }

    #[test]
    fn dropping_duplicates_keeps_the_first_of_each_identity() {
        let server = |id: &str, weight: u64| {
            BackendServer::builder(ServerId::parse(id).unwrap_or_else(|e| panic!("{e}")))
                .weight(Weight::new(weight).unwrap_or_else(|e| panic!("{e}")))
                .build()
        };
        let servers = vec![
            server("i-1", 1),
            server("i-2", 2),
            server("i-1", 3),
            server("i-2", 4),
        ];
        let kept = drop_duplicates(servers);
        let weights: Vec<u8> = kept.iter().map(|s| s.weight().get()).collect();
        assert_eq!(weights, [1, 2]);
    }
}

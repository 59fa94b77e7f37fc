//! The checked request: [`AddBackendServersRequest`] and its [`BackendServer`]s, and which
//! servers count as the same ([`Identity`], R18; [`Firsts`], R17). Data only: the checked
//! request comes out of validation ([`crate::check`]), so every value in it has passed every
//! rule.

use std::collections::HashMap;

use crate::types::{
    Action, Description, LoadBalancerId, Port, RegionId, ServerId, ServerIp, ServerType, Weight,
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
}

/// Which backend servers count as the same (R18): the same kind (`Type`) and `ServerId`, and
/// for `eni` and `eci` the same `ServerIp`. Ordered by server id, then IP, then kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identity<'a> {
    server_id: &'a ServerId,
    server_ip: Option<ServerIp>,
    server_type: ServerType,
}

impl<'a> Identity<'a> {
    /// The identity of a server with this id, type and IP.
    pub fn new(
        server_id: &'a ServerId,
        server_type: ServerType,
        server_ip: Option<ServerIp>,
    ) -> Self {
        Identity {
            server_id,
            server_ip: server_ip.filter(|_| server_type.keyed_by_ip()),
            server_type,
        }
    }

    /// The server id.
    pub fn server_id(&self) -> &'a ServerId {
        self.server_id
    }

    /// The IP, for the types keyed by IP.
    pub fn server_ip(&self) -> Option<ServerIp> {
        self.server_ip
    }

    /// The kind: an `ecs` server and an `eni` one with the same id are two servers.
    pub fn server_type(&self) -> ServerType {
        self.server_type
    }

    /// A cheap summary: equal identities give equal fingerprints (unequal ones usually differ),
    /// so identities are compared only where fingerprints agree.
    fn fingerprint(&self) -> u64 {
        self.server_id.fingerprint()
            ^ self
                .server_ip
                .map_or(0, |ip| u64::from(u32::from(ip.get())))
    }
}

/// R17 and R18: which servers repeat an earlier one. Fed the servers in order, it tells for
/// each the position of the first identical server before it, or records it as a first. The
/// one implementation that the validator and [`drop_duplicates`] share.
///
/// The first `N` firsts are kept on the stack and found by a linear scan of fingerprints (a
/// request has at most 20 items: cheaper than hashing at that size); more go to a map.
pub(crate) struct Firsts<const N: usize> {
    small: [(u64, usize); N],
    len: usize,
    /// Made only once the stack is full.
    more: Option<HashMap<u64, Vec<usize>>>,
}

impl<const N: usize> Firsts<N> {
    pub(crate) fn new() -> Self {
        Firsts {
            small: [(0, 0); N],
            len: 0,
            more: None,
        }
    }

    /// The position of the first server before `servers[n]` that is identical to it; `None`
    /// when there is none, and `servers[n]` is then recorded as a first.
    #[inline]
    pub(crate) fn first_of(&mut self, servers: &[BackendServer], n: usize) -> Option<usize> {
        let identity = servers.get(n)?.identity();
        let print = identity.fingerprint();
        let same = |&k: &usize| servers.get(k).is_some_and(|s| s.identity() == identity);
        let small = self.small.get(..self.len).unwrap_or_default();
        let mut found = small
            .iter()
            .filter(|&&(p, _)| p == print)
            .map(|&(_, k)| k)
            .find(same);
        // The map holds firsts only once the stack is full: most calls never hash.
        if let (None, Some(more)) = (found, &self.more) {
            found = more.get(&print).and_then(|f| f.iter().copied().find(same));
        }
        if found.is_none() {
            match self.small.get_mut(self.len) {
                Some(slot) => {
                    *slot = (print, n);
                    self.len += 1;
                }
                None => self
                    .more
                    .get_or_insert_with(HashMap::new)
                    .entry(print)
                    .or_default()
                    .push(n),
            }
        }
        found
    }
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

    /// Which servers count as this one (R18).
    pub fn identity(&self) -> Identity<'_> {
        Identity::new(&self.server_id, self.server_type, self.server_ip)
    }

    /// A server built from typed values: `ServerId` given, `Type` `ecs` and `Weight` 100 unless
    /// set (the API's defaults). The values are valid by their types; whether they fit together
    /// (R11 to R13: an ENI needs `Type` `eni` and a `ServerIp`) is for the check of the request
    /// that carries the server to say.
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
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(server_id: ServerId) -> BackendServerBuilder {
        BackendServerBuilder {
            server: BackendServer::from_checked(
                server_id,
                ServerType::default(),
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
/// let request = report.request().ok_or("invalid")?;
/// assert_eq!(request.backend_servers().len(), 1);
/// assert_eq!(request.backend_servers()[0].weight().get(), 100);
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

/// A checked member request: what the API will act on, duplicates dropped. It is an
/// `AddBackendServers` request unless its [`action`](Self::action) says `SetBackendServers` or
/// `RemoveBackendServers` (the name is kept from when only Add was checked).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AddBackendServersRequest {
    action: Action,
    region_id: Option<RegionId>,
    load_balancer_id: LoadBalancerId,
    backend_servers: Vec<BackendServer>,
}

/// An `AddBackendServers` request built from typed values, not yet checked: see
/// [`AddBackendServersRequest::builder`]. Its `check` gives the report that the same request
/// sent as text gets.
#[derive(Debug, Clone)]
#[must_use]
pub struct AddBackendServersRequestBuilder {
    pub(crate) action: Action,
    pub(crate) region_id: Option<RegionId>,
    pub(crate) load_balancer_id: LoadBalancerId,
    pub(crate) backend_servers: Vec<BackendServer>,
}

impl AddBackendServersRequestBuilder {
    /// The call: `AddBackendServers` unless set (a `SetBackendServers` or `RemoveBackendServers`
    /// request is checked by its own rules).
    pub fn action(mut self, action: Action) -> Self {
        self.action = action;
        self
    }

    /// The region.
    pub fn region_id(mut self, region_id: RegionId) -> Self {
        self.region_id = Some(region_id);
        self
    }

    /// Adds these servers, in order (repeats are kept: the check reports them, R17).
    pub fn backend_servers(mut self, servers: impl IntoIterator<Item = BackendServer>) -> Self {
        self.backend_servers.extend(servers);
        self
    }

    /// Adds one server.
    pub fn backend_server(mut self, server: BackendServer) -> Self {
        self.backend_servers.push(server);
        self
    }

    /// The request as the text the check reads: a JSON object of API parameters.
    pub fn to_json(&self) -> String {
        AddBackendServersRequest {
            action: self.action,
            region_id: self.region_id.clone(),
            load_balancer_id: self.load_balancer_id.clone(),
            backend_servers: self.backend_servers.clone(),
        }
        .to_json()
    }
}

impl AddBackendServersRequest {
    /// A request built from typed values, to be checked: only a check hands out a checked
    /// request (in its report, when valid).
    ///
    /// ```
    /// use clb_preflight::{AddBackendServersRequest, BackendServer, Code};
    /// let server = BackendServer::builder("i-2zej4lxhjoq1icuo9x1z".parse()?).build();
    /// let report = AddBackendServersRequest::builder("lb-2ze7o5h52g02kkzze7lru".parse()?)
    ///     .region_id("cn-beijing".parse()?)
    ///     .backend_servers([server.clone(), server])
    ///     .check();
    /// assert!(report.is_valid());
    /// assert_eq!(report.warnings()[0].code(), Code::DuplicateBackendServerIgnored);
    /// assert_eq!(report.request().map(|r| r.backend_servers().len()), Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(load_balancer_id: LoadBalancerId) -> AddBackendServersRequestBuilder {
        AddBackendServersRequestBuilder {
            action: Action::AddBackendServers,
            region_id: None,
            load_balancer_id,
            backend_servers: Vec::new(),
        }
    }

    /// A request from checked parts (the validator's).
    pub(crate) fn from_checked(
        region_id: Option<RegionId>,
        load_balancer_id: LoadBalancerId,
        backend_servers: Vec<BackendServer>,
    ) -> Self {
        AddBackendServersRequest {
            action: Action::AddBackendServers,
            region_id,
            load_balancer_id,
            backend_servers,
        }
    }

    /// The same request, as the call `action` (a Set or Remove request is checked by its own
    /// rules, and written with its `Action`).
    pub(crate) fn with_action(self, action: Action) -> Self {
        AddBackendServersRequest { action, ..self }
    }

    /// The call: `AddBackendServers`, or the `SetBackendServers` or `RemoveBackendServers` the
    /// request's `Action` named.
    pub fn action(&self) -> Action {
        self.action
    }

    /// The region, when given.
    pub fn region_id(&self) -> Option<&RegionId> {
        self.region_id.as_ref()
    }

    /// The load balancer.
    pub fn load_balancer_id(&self) -> &LoadBalancerId {
        &self.load_balancer_id
    }

    /// The servers to add, in request order, duplicates dropped.
    pub fn backend_servers(&self) -> &[BackendServer] {
        &self.backend_servers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(id: &str, ip: Option<&str>) -> BackendServer {
        let server_type = if ip.is_some() {
            ServerType::Eni
        } else {
            ServerType::Ecs
        };
        BackendServer::from_checked(
            ServerId::parse(id).unwrap_or_else(|e| panic!("{e}")),
            server_type,
            Some(Weight::DEFAULT),
            ip.map(|ip| ServerIp::parse(ip).unwrap_or_else(|e| panic!("{e}"))),
            None,
            None,
        )
    }

    /// Past the stack's capacity the map takes over, with the same answers.
    #[test]
    fn firsts_beyond_the_stack_agree_with_a_plain_search() {
        let ids: Vec<BackendServer> = (0..60)
            .map(|n| match n % 3 {
                0 => server(&format!("i-{}", n % 25), None),
                1 => server("eni-1", Some(&format!("10.0.0.{}", n % 17))),
                _ => server(&format!("i-{n}"), None),
            })
            .collect();
        let mut firsts = Firsts::<4>::new();
        for n in 0..ids.len() {
            let want = (0..n).find(|&k| ids[k].identity() == ids[n].identity());
            assert_eq!(firsts.first_of(&ids, n), want, "{n}");
        }
        let kept = drop_duplicates(ids.clone());
        let mut seen = std::collections::HashSet::new();
        let want: Vec<&BackendServer> = ids.iter().filter(|s| seen.insert(s.identity())).collect();
        assert_eq!(kept.iter().collect::<Vec<_>>(), want);
    }
}

//! The checked request: [`AddBackendServersRequest`] and its [`BackendServer`]s. Both come only
//! out of validation ([`crate::check`]), so every value in them has passed every rule.

use std::collections::HashSet;

use crate::types::{
    Description, LoadBalancerId, Port, RegionId, ServerId, ServerIp, ServerType, Weight,
};

/// One backend server as the API will act on it: defaults applied (`Type` from the default
/// `ecs`, `Weight` 100), every value valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BackendServer {
    server_id: ServerId,
    server_type: ServerType,
    weight: Weight,
    server_ip: Option<ServerIp>,
    port: Option<Port>,
    description: Option<Description>,
}

/// Which backend servers count as the same (R18): for `ecs`, the same `ServerId`; for `eni` and
/// `eci`, the same `ServerId` and `ServerIp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identity<'a> {
    server_id: &'a ServerId,
    server_ip: Option<ServerIp>,
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
}

impl BackendServer {
    /// A server from checked parts. The caller (the validator) has applied R11 to R13.
    pub(crate) fn from_checked(
        server_id: ServerId,
        server_type: ServerType,
        weight: Weight,
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

    /// The weight, 100 when the request named none.
    pub fn weight(&self) -> Weight {
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
pub fn drop_duplicates(servers: Vec<BackendServer>) -> Vec<BackendServer> {
    let mut seen = HashSet::with_capacity(servers.len());
    let keep: Vec<bool> = servers.iter().map(|s| seen.insert(s.identity())).collect();
    drop(seen);
    servers
        .into_iter()
        .zip(keep)
        .filter_map(|(s, k)| k.then_some(s))
        .collect()
}

/// A checked `AddBackendServers` request: what the API will act on, duplicates dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AddBackendServersRequest {
    region_id: Option<RegionId>,
    load_balancer_id: LoadBalancerId,
    backend_servers: Vec<BackendServer>,
}

impl AddBackendServersRequest {
    /// A request from checked parts (the validator's).
    pub(crate) fn from_checked(
        region_id: Option<RegionId>,
        load_balancer_id: LoadBalancerId,
        backend_servers: Vec<BackendServer>,
    ) -> Self {
        AddBackendServersRequest {
            region_id,
            load_balancer_id,
            backend_servers,
        }
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

    /// The request as a JSON object of API parameters, `BackendServers` as a JSON string whose
    /// values are all strings.
    pub fn to_json(&self) -> String {
        crate::wire::json::write_request(self)
    }

    /// The request as an RPC query string, starting `Action=AddBackendServers`.
    pub fn to_query(&self) -> String {
        crate::wire::query::write_request(self)
    }
}

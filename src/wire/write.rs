//! Writing the API's forms: a backend server as a `BackendServers` item, the `BackendServers`
//! parameter, and a checked request as a JSON object of parameters or as an RPC query string.
//! Every value is written as a string, in the field order of the API's examples.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::call::{BackendServer, MemberCall};
use crate::types::{Action, List, Port, ServerIp, ServerRole, ServerType, Weight};

/// Writes the items with every value a string, in the field order of the API's examples:
/// `ServerId`, `Type`, `Weight`, then `ServerIp`, `Port`, `Description` when present.
impl Serialize for BackendServer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        write_server(s, ServerFields::of(self))
    }
}

/// The fields of one server as written: a request item, or a member of a load balancer.
pub(crate) struct ServerFields<'a> {
    pub(crate) server_id: &'a str,
    pub(crate) server_type: ServerType,
    /// Written when given (a Set item without one has none).
    pub(crate) weight: Option<Weight>,
    pub(crate) server_ip: Option<ServerIp>,
    pub(crate) port: Option<Port>,
    pub(crate) description: Option<&'a str>,
    /// A master-slave group's `ServerType`.
    pub(crate) role: Option<ServerRole>,
}

impl<'a> ServerFields<'a> {
    /// The fields of `server`.
    pub(crate) fn of(server: &'a BackendServer) -> ServerFields<'a> {
        ServerFields {
            server_id: server.server_id().as_str(),
            server_type: server.server_type(),
            weight: server.weight_sent(),
            server_ip: server.server_ip(),
            port: server.port(),
            description: server.description().map(|d| d.as_str()),
            role: server.role(),
        }
    }
}

/// Writes one server's fields, every value a string.
pub(crate) fn write_server<S: Serializer>(s: S, f: ServerFields<'_>) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    map.serialize_entry("ServerId", f.server_id)?;
    map.serialize_entry("Type", &f.server_type)?;
    if let Some(weight) = f.weight {
        map.serialize_entry("Weight", &weight)?;
    }
    if let Some(ip) = f.server_ip {
        map.serialize_entry("ServerIp", &ip)?;
    }
    if let Some(port) = f.port {
        map.serialize_entry("Port", &port)?;
    }
    if let Some(description) = f.description {
        map.serialize_entry("Description", description)?;
    }
    if let Some(role) = f.role {
        map.serialize_entry("ServerType", &role)?;
    }
    map.end()
}

/// The `BackendServers` parameter: a JSON array, as one compact string.
pub(crate) fn write_backend_servers(servers: &[BackendServer]) -> String {
    // Serializing types whose Serialize cannot fail, into a String, cannot fail.
    serde_json::to_string(servers).unwrap_or_default()
}

impl MemberCall {
    /// The call's parameters but `Action`, in the order they are written: `RegionId`,
    /// `LoadBalancerId`, `VServerGroupId`, the group's name, then its lists (`OldBackendServers`
    /// before `NewBackendServers`), each a JSON array as one compact string. A list is left out
    /// when it is empty and the call may go without it (Create, a Set of the group's name, one
    /// side of a Modify).
    pub(crate) fn parameters(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::with_capacity(4);
        if let Some(region) = self.region_id() {
            params.push(("RegionId", region.as_str().to_owned()));
        }
        if let Some(id) = self.load_balancer_id() {
            params.push(("LoadBalancerId", id.as_str().to_owned()));
        }
        if let Some(id) = self.vserver_group_id() {
            params.push(("VServerGroupId", id.as_str().to_owned()));
        }
        if let Some(name) = self.group_name() {
            let key = match self.action() {
                Action::CreateMasterSlaveServerGroup => "MasterSlaveServerGroupName",
                _ => "VServerGroupName",
            };
            params.push((key, name.as_str().to_owned()));
        }
        let optional = matches!(
            self.action(),
            Action::CreateVServerGroup
                | Action::SetVServerGroupAttribute
                | Action::ModifyVServerGroupBackendServers
        );
        let lists = [
            (List::OldBackendServers, self.old_backend_servers()),
            (self.list(), self.backend_servers()),
        ];
        for (list, servers) in lists {
            let absent = servers.is_empty() && (optional || list == List::OldBackendServers);
            if !absent {
                params.push((list.name(), write_backend_servers(servers)));
            }
        }
        params
    }
}

impl Serialize for MemberCall {
    /// The API's parameters: `{"Action"?, "RegionId"?, "LoadBalancerId", "BackendServers":
    /// "<JSON>"}` (and a group call's own: `VServerGroupId`, the name, its lists), `Action` only when
    /// it is not `AddBackendServers` (the default).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if self.action() != Action::AddBackendServers {
            map.serialize_entry("Action", self.action().as_str())?;
        }
        for (key, value) in self.parameters() {
            map.serialize_entry(key, &value)?;
        }
        map.end()
    }
}

/// The request as a JSON object of API parameters, `BackendServers` as a JSON string.
fn json_request(request: &MemberCall) -> String {
    // Serializing types whose Serialize cannot fail, into a String, cannot fail.
    serde_json::to_string(request).unwrap_or_default()
}

/// Percent-encodes `text` per RFC 3986.
pub(crate) fn encode(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            for nibble in [b >> 4, b & 0x0f] {
                if let Some(&h) = HEX.get(usize::from(nibble)) {
                    out.push(char::from(h));
                }
            }
        }
    }
}

/// The request as a query string: `Action=AddBackendServers`, then the parameters in the
/// order [`MemberCall::parameters`] gives them.
fn query_request(request: &MemberCall) -> String {
    let mut out = String::from("Action=");
    out.push_str(request.action().as_str());
    for (key, value) in request.parameters() {
        out.push('&');
        out.push_str(key);
        out.push('=');
        encode(&value, &mut out);
    }
    out
}

impl MemberCall {
    /// The request as a JSON object of API parameters, `BackendServers` as a JSON string whose
    /// values are all strings.
    pub fn to_json(&self) -> String {
        json_request(self)
    }

    /// The request as an RPC query string, starting `Action=` and its action.
    pub fn to_query(&self) -> String {
        query_request(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_rfc3986() {
        let mut out = String::new();
        encode("[{\"a\":\"b c~\"}]", &mut out);
        assert_eq!(out, "%5B%7B%22a%22%3A%22b%20c~%22%7D%5D");
        assert_eq!(
            super::super::query::decode(&out).as_deref(),
            Some("[{\"a\":\"b c~\"}]")
        );
    }
}

//! The plan's JSON (`plan --format json`), a contract other programs rely on:
//!
//! ```text
//! {"valid", "errors", "warnings", "unchecked", "load_balancer_id",
//!  "calls": [{"action", "parameters": {"RegionId"?, "LoadBalancerId", "BackendServers"},
//!             "backend_servers": [...], "members_after": N}
//!            | {"action": "Wait", "reason": "drain", "seconds": N}],
//!  "summary": {"add", "set", "remove", "unchanged", "calls"},
//!  "members_after": [...]}
//! ```
//!
//! `BackendServers` is the JSON string as sent; `backend_servers` and `members_after` entries
//! are shaped as a report's (every value a string).

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::{Call, Plan, Summary};
use crate::context::Member;
use crate::finding::Rule;
use crate::request::AddBackendServersRequest;
use crate::wire::{write_backend_servers, write_server, ServerFields};

impl Plan {
    /// The plan as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl Serialize for Plan {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(8))?;
        map.serialize_entry("valid", &self.is_valid())?;
        map.serialize_entry("errors", &self.errors)?;
        map.serialize_entry("warnings", &self.warnings)?;
        let unchecked: Vec<&str> = self.unchecked().map(Rule::as_str).collect();
        map.serialize_entry("unchecked", &unchecked)?;
        map.serialize_entry("load_balancer_id", &self.load_balancer_id)?;
        map.serialize_entry("calls", &self.calls)?;
        map.serialize_entry("summary", &self.summary)?;
        let members: Vec<MemberJson<'_>> = self.members_after.iter().map(MemberJson).collect();
        map.serialize_entry("members_after", &members)?;
        map.end()
    }
}

impl Serialize for Call {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Call::Wait { seconds } => {
                let mut map = s.serialize_map(Some(3))?;
                map.serialize_entry("action", "Wait")?;
                map.serialize_entry("reason", "drain")?;
                map.serialize_entry("seconds", seconds)?;
                map.end()
            }
            Call::Request {
                request,
                members_after,
            } => {
                let mut map = s.serialize_map(Some(4))?;
                map.serialize_entry("action", request.action().as_str())?;
                map.serialize_entry("parameters", &Parameters(request))?;
                map.serialize_entry("backend_servers", request.backend_servers())?;
                map.serialize_entry("members_after", members_after)?;
                map.end()
            }
        }
    }
}

/// `{"RegionId"?, "LoadBalancerId", "BackendServers"}`: the call's parameters as sent.
struct Parameters<'a>(&'a AddBackendServersRequest);

impl Serialize for Parameters<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(region) = self.0.region_id() {
            map.serialize_entry("RegionId", region)?;
        }
        map.serialize_entry("LoadBalancerId", self.0.load_balancer_id())?;
        map.serialize_entry(
            "BackendServers",
            &write_backend_servers(self.0.backend_servers()),
        )?;
        map.end()
    }
}

impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("add", &self.add)?;
        map.serialize_entry("set", &self.set)?;
        map.serialize_entry("remove", &self.remove)?;
        map.serialize_entry("unchanged", &self.unchanged)?;
        map.serialize_entry("calls", &self.calls)?;
        map.end()
    }
}

/// A member, shaped as a `BackendServers` item, its description as listed.
struct MemberJson<'a>(&'a Member);

impl Serialize for MemberJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        write_server(
            s,
            ServerFields {
                description: self.0.description(),
                ..ServerFields::of(self.0.server())
            },
        )
    }
}

//! [`Report`]: what a check found, and the whole JSON contract other programs rely on (the
//! report, its findings and its diff). This is the only place that knows their field names.

use std::fmt::Write as _;

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

use crate::diff::{Diff, Entry, MembersAfter};
use crate::finding::{Finding, Location, Rule, RuleSet};
use crate::request::{AddBackendServersRequest, BackendServer};
use crate::wire::{write_server, ServerFields};

/// The outcome of a check: errors and warnings apart, the rules left unchecked, and the checked
/// request when there was no error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    errors: Vec<Finding>,
    warnings: Vec<Finding>,
    /// The unchecked rules.
    unchecked: RuleSet,
    request: Option<AddBackendServersRequest>,
    diff: Option<Diff>,
}

impl Report {
    pub(crate) fn new(
        errors: Vec<Finding>,
        warnings: Vec<Finding>,
        unchecked: RuleSet,
        request: Option<AddBackendServersRequest>,
        diff: Option<Diff>,
    ) -> Report {
        Report {
            warnings,
            unchecked,
            // Only an error-free request is handed out.
            request: request.filter(|_| errors.is_empty()),
            errors,
            diff,
        }
    }

    /// Whether the API would accept the request, as far as the checked rules tell.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The errors, in input order.
    pub fn errors(&self) -> &[Finding] {
        &self.errors
    }

    /// The warnings, in input order.
    pub fn warnings(&self) -> &[Finding] {
        &self.warnings
    }

    /// Every finding: the errors, then the warnings.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.errors.iter().chain(&self.warnings)
    }

    /// Every finding, errors first, to be amended in place (given its location).
    pub(crate) fn findings_mut(&mut self) -> impl Iterator<Item = &mut Finding> {
        self.errors.iter_mut().chain(&mut self.warnings)
    }

    /// The rules that could not be checked for want of facts, by number.
    pub fn unchecked(&self) -> Vec<Rule> {
        self.unchecked_rules().collect()
    }

    fn unchecked_rules(&self) -> impl Iterator<Item = Rule> {
        self.unchecked.iter()
    }

    /// The checked request, when there was no error.
    pub fn request(&self) -> Option<&AddBackendServersRequest> {
        self.request.as_ref()
    }

    /// The checked request, when there was no error.
    pub fn into_request(self) -> Option<AddBackendServersRequest> {
        self.request
    }

    /// What the call will change on the load balancer; present when its facts were given.
    pub fn diff(&self) -> Option<&Diff> {
        self.diff.as_ref()
    }

    /// The report as pretty-printed JSON (the contract in the README).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The report as one line of JSON.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The report for people: one line per finding, rustc-style, then a one-line summary.
    pub fn to_human(&self) -> String {
        let mut out = String::new();
        for finding in self.findings() {
            let _ = writeln!(out, "{finding}");
        }
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let counts = format!(
            "{}, {}",
            plural(self.errors.len(), "error"),
            plural(self.warnings.len(), "warning")
        );
        if let Some(diff) = &self.diff {
            for server in diff.add() {
                let _ = writeln!(out, "+ {}", describe(server));
            }
            for server in diff.already_attached() {
                let _ = writeln!(out, "= {}", describe(server));
            }
            let _ = writeln!(
                out,
                "members after the call: {}",
                diff.members_after().len()
            );
        }
        let _ = match &self.request {
            Some(request) => writeln!(
                out,
                "valid: {} to add to {}; {counts}",
                plural(request.backend_servers().len(), "backend server"),
                request.load_balancer_id()
            ),
            None => writeln!(out, "invalid: {counts}"),
        };
        if !self.unchecked.is_empty() {
            let rules: Vec<String> = self.unchecked_rules().map(|r| r.to_string()).collect();
            let _ = writeln!(
                out,
                "unchecked: {} (their facts about the load balancer or the servers were not given)",
                rules.join(", ")
            );
        }
        out
    }
}

/// One diff line: `i-… (ecs, weight 100, 10.0.0.1:80)`.
fn describe(server: &BackendServer) -> String {
    let mut text = crate::text::escaped(server.server_id().as_str());
    let _ = write!(
        text,
        " ({}, weight {}",
        server.server_type(),
        server.weight()
    );
    if let Some(ip) = server.server_ip() {
        let _ = write!(text, ", {ip}");
    }
    if let Some(port) = server.port() {
        let _ = write!(text, ", port {port}");
    }
    text.push(')');
    text
}

/// The unchecked rules as a JSON array of `"R20"`…, written without collecting them.
struct Unchecked<'r>(&'r Report);

impl Serialize for Unchecked<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.unchecked_rules().map(Rule::as_str))
    }
}

/// Findings as a JSON array, written without collecting them.
struct Findings<'a>(&'a [Finding]);

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(FindingJson))
    }
}

struct FindingJson<'a>(&'a Finding);

impl Serialize for FindingJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let location = self.0.location();
        let mut map = s.serialize_map(Some(4 + usize::from(location.is_some())))?;
        map.serialize_entry("code", self.0.code().as_str())?;
        map.serialize_entry("rule", self.0.rule().as_str())?;
        self.0
            .path()
            .with_text(|path| map.serialize_entry("path", path))?;
        map.serialize_entry("message", self.0.message())?;
        if let Some(location) = location {
            map.serialize_entry("location", &LocationJson(location))?;
        }
        map.end()
    }
}

/// `{"line": L, "column": C}`.
struct LocationJson(Location);

impl Serialize for LocationJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("line", &self.0.line())?;
        map.serialize_entry("column", &self.0.column())?;
        map.end()
    }
}

impl Serialize for Report {
    /// `{"valid", "errors", "warnings", "unchecked", "backend_servers"?}`; `backend_servers`
    /// only when valid.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("valid", &self.is_valid())?;
        map.serialize_entry("errors", &Findings(&self.errors))?;
        map.serialize_entry("warnings", &Findings(&self.warnings))?;
        map.serialize_entry("unchecked", &Unchecked(self))?;
        if let Some(request) = &self.request {
            map.serialize_entry("backend_servers", request.backend_servers())?;
        }
        if let Some(diff) = &self.diff {
            map.serialize_entry("diff", diff)?;
        }
        map.end()
    }
}

impl Serialize for Diff {
    /// `{"add", "already_attached", "members_after"}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("add", self.add())?;
        map.serialize_entry("already_attached", self.already_attached())?;
        map.serialize_entry("members_after", &self.members_after())?;
        map.end()
    }
}

impl Serialize for MembersAfter<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for entry in self.clone() {
            seq.serialize_element(&entry)?;
        }
        seq.end()
    }
}

impl Serialize for Entry<'_> {
    /// Shaped as a `BackendServers` item.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Entry::Added(server) => server.serialize(s),
            // A member's description is written as listed (it is not a `Description`).
            Entry::Attached(m) => write_server(
                s,
                ServerFields {
                    description: m.description(),
                    ..ServerFields::of(m.server())
                },
            ),
        }
    }
}

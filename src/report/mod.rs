//! [`Report`]: what a check found, and how it reads for people. Its JSON, the contract other
//! programs rely on, is in `json.rs`: the only place that knows the field names.

use std::fmt::Write as _;

mod json;

use crate::context::Member;
use crate::diff::{Changed, Diff};
use crate::finding::{Finding, Rule, RuleSet};
use crate::request::{AddBackendServersRequest, BackendServer};
use crate::types::Action;

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

    /// The rules that could not be checked for want of facts, by number (no allocation).
    pub fn unchecked(&self) -> impl Iterator<Item = Rule> {
        self.unchecked.iter()
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
            for change in diff.changed() {
                let _ = writeln!(out, "~ {}", describe_change(change));
            }
            for member in diff.removed() {
                let _ = writeln!(out, "- {}", describe_member(member));
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
                "valid: {} to {} {}; {counts}",
                plural(request.backend_servers().len(), "backend server"),
                match request.action() {
                    Action::AddBackendServers => "add to",
                    Action::SetBackendServers => "set on",
                    Action::RemoveBackendServers => "remove from",
                },
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

/// One server for people: `i-… (ecs, weight 100, 10.0.0.1, port 80)` (the diff's lines, and the
/// plan's with [`describe_with_description`]).
fn describe(server: &BackendServer) -> String {
    let mut text = describe_open(server);
    text.push(')');
    text
}

/// As [`describe`], with the server's description when it has one: a Set changes it.
pub(crate) fn describe_with_description(server: &BackendServer) -> String {
    let mut text = describe_open(server);
    if let Some(description) = server.description() {
        let _ = write!(text, ", {}", crate::text::Shown(description.as_str()));
    }
    text.push(')');
    text
}

/// A member as listed: `i-… (ecs, weight 100, 10.0.0.1, "web-1")`.
fn describe_member(member: &Member) -> String {
    let mut text = describe_open(member.server());
    if let Some(description) = member.description() {
        let _ = write!(text, ", {}", crate::text::Shown(description));
    }
    text.push(')');
    text
}

/// A member a Set changes: `i-… (ecs, weight 100 → 50, description "a" → "b")`, only what
/// changes; `unchanged` when nothing does.
fn describe_change(change: &Changed) -> String {
    let (before, after) = (change.before(), change.after());
    let server = before.server();
    let mut text = crate::text::escaped(server.server_id().as_str());
    let _ = write!(text, " ({}", server.server_type());
    if let Some(ip) = server.server_ip() {
        let _ = write!(text, ", {ip}");
    }
    let mut same = true;
    let (old, new) = (server.weight(), after.server().weight());
    if old != new {
        same = false;
        let _ = write!(text, ", weight {old} → {new}");
    }
    if before.description() != after.description() {
        same = false;
        let shown =
            |d: Option<&str>| d.map_or("none".to_owned(), |d| crate::text::Shown(d).to_string());
        let _ = write!(
            text,
            ", description {} → {}",
            shown(before.description()),
            shown(after.description())
        );
    }
    if same {
        let _ = write!(text, ", weight {old}, unchanged");
    }
    text.push(')');
    text
}

/// `i-… (ecs, weight 100, 10.0.0.1, port 80`, not closed.
fn describe_open(server: &BackendServer) -> String {
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
    text
}

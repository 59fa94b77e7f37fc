//! [`Report`]: what a check found, and how it reads for people. Its JSON, the contract other
//! programs rely on, is in `json.rs`: the only place that knows the field names.

use std::fmt::Write as _;

mod json;

use crate::call::{BackendServer, MemberCall};
use crate::context::Member;
use crate::diff::{Changed, Diff};
use crate::finding::{Finding, Rule, RuleSet};
use crate::types::Action;

/// The outcome of a check: errors and warnings apart, the rules left unchecked, and the checked
/// request when there was no error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    errors: Vec<Finding>,
    warnings: Vec<Finding>,
    /// The unchecked rules.
    unchecked: RuleSet,
    request: Option<MemberCall>,
    diff: Option<Diff>,
}

impl Report {
    pub(crate) fn new(
        errors: Vec<Finding>,
        warnings: Vec<Finding>,
        unchecked: RuleSet,
        request: Option<MemberCall>,
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

    /// The checked call, when there was no error.
    pub fn call(&self) -> Option<&MemberCall> {
        self.request.as_ref()
    }

    /// The checked call, when there was no error.
    pub fn into_call(self) -> Option<MemberCall> {
        self.request
    }

    /// The checked call when the report is valid, else the report as an error: for `?`.
    ///
    /// ```
    /// fn servers_to_add(text: &str) -> Result<usize, Box<dyn std::error::Error>> {
    ///     let call = clb_preflight::check(text).into_result()?;
    ///     Ok(call.backend_servers().len())
    /// }
    /// let valid = r#"{"LoadBalancerId":"lb-1","BackendServers":"[{\"ServerId\":\"i-1\"}]"}"#;
    /// assert_eq!(servers_to_add(valid).ok(), Some(1));
    /// let invalid = servers_to_add(r#"{"LoadBalancerId":"lb-1"}"#).unwrap_err();
    /// assert_eq!(
    ///     invalid.to_string(),
    ///     "the call is invalid: 1 error; first: error[InvalidParameter.BackendServers] BackendServers: backend servers is missing; expected a JSON array of 1 to 20 servers (R3)"
    /// );
    /// ```
    ///
    /// # Errors
    /// [`Invalid`] (holding the whole report) when the report has an error.
    pub fn into_result(self) -> Result<MemberCall, Invalid> {
        match self.request {
            Some(call) if self.errors.is_empty() => Ok(call),
            _ => Err(Invalid(Box::new(self))),
        }
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
            Some(request) => {
                let _ = write!(
                    out,
                    "valid: {} to {}",
                    plural(request.backend_servers().len(), "backend server"),
                    match request.action() {
                        Action::AddBackendServers => "add to",
                        Action::SetBackendServers => "set on",
                        Action::RemoveBackendServers => "remove from",
                    },
                );
                if let Some(id) = request.load_balancer_id() {
                    let _ = write!(out, " {id}");
                }
                writeln!(out, "; {counts}")
            }
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

/// The report for people: [`Report::to_human`].
impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_human())
    }
}

/// A report with an error, as an error value ([`Report::into_result`]): it says how many errors
/// and the first, and holds the whole report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(Box<Report>);

impl Invalid {
    /// The report.
    pub fn report(&self) -> &Report {
        &self.0
    }

    /// The report, taken out.
    pub fn into_report(self) -> Report {
        *self.0
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let errors = self.0.errors();
        let s = if errors.len() == 1 { "" } else { "s" };
        write!(f, "the call is invalid: {} error{s}", errors.len())?;
        if let Some(first) = errors.first() {
            write!(f, "; first: {first}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

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

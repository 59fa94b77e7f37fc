//! The report: what a check found, and the JSON contract other programs rely on. This is the
//! only place that knows the report's field names.

use std::fmt::Write as _;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::finding::{Finding, Rule};
use crate::request::AddBackendServersRequest;

/// The outcome of a check: errors and warnings apart, the rules left unchecked, and the checked
/// request when there was no error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    errors: Vec<Finding>,
    warnings: Vec<Finding>,
    unchecked: Vec<Rule>,
    request: Option<AddBackendServersRequest>,
}

impl Report {
    pub(crate) fn new(
        errors: Vec<Finding>,
        warnings: Vec<Finding>,
        mut unchecked: Vec<Rule>,
        request: Option<AddBackendServersRequest>,
    ) -> Report {
        unchecked.sort_unstable();
        unchecked.dedup();
        Report {
            warnings,
            unchecked,
            // Only an error-free request is handed out.
            request: request.filter(|_| errors.is_empty()),
            errors,
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

    /// The rules that could not be checked for want of facts, by number.
    pub fn unchecked(&self) -> &[Rule] {
        &self.unchecked
    }

    /// The checked request, when there was no error.
    pub fn request(&self) -> Option<&AddBackendServersRequest> {
        self.request.as_ref()
    }

    /// The checked request, when there was no error.
    pub fn into_request(self) -> Option<AddBackendServersRequest> {
        self.request
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
        let _ = match &self.request {
            Some(request) => writeln!(
                out,
                "valid: {} to add to {}; {counts}",
                plural(request.backend_servers().len(), "backend server"),
                request.load_balancer_id()
            ),
            None => writeln!(out, "invalid: {counts}"),
        };
        if let (Some(first), Some(last)) = (self.unchecked.first(), self.unchecked.last()) {
            let _ = writeln!(
                out,
                "unchecked: {first} to {last} need facts about the load balancer"
            );
        }
        out
    }
}

struct FindingJson<'a>(&'a Finding);

impl Serialize for FindingJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("code", self.0.code().as_str())?;
        map.serialize_entry("rule", &self.0.rule().to_string())?;
        map.serialize_entry("path", &self.0.path().to_string())?;
        map.serialize_entry("message", self.0.message())?;
        map.end()
    }
}

impl Serialize for Report {
    /// `{"valid", "errors", "warnings", "unchecked", "backend_servers"?}`; `backend_servers`
    /// only when valid.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        fn findings(list: &[Finding]) -> Vec<FindingJson<'_>> {
            list.iter().map(FindingJson).collect()
        }
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("valid", &self.is_valid())?;
        map.serialize_entry("errors", &findings(&self.errors))?;
        map.serialize_entry("warnings", &findings(&self.warnings))?;
        let unchecked: Vec<String> = self.unchecked.iter().map(Rule::to_string).collect();
        map.serialize_entry("unchecked", &unchecked)?;
        if let Some(request) = &self.request {
            map.serialize_entry("backend_servers", request.backend_servers())?;
        }
        map.end()
    }
}

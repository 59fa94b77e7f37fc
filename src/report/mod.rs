//! [`Report`]: what a check found, and how it reads for people. Its JSON, the contract other
//! programs rely on, is in `json.rs`: the only place that knows the field names.

mod json;
mod located;

pub(crate) use located::{locate_canonical, locate_findings, locate_path, place_findings};

use crate::call::MemberCall;
use crate::diff::Diff;
use crate::finding::{Finding, Rule, RuleSet};

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

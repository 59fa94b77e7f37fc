//! The validator: every rule that needs nothing but the request (R0 to R19), one module per
//! group. Findings are collected, never fail-fast, in the order of the input: request-level
//! first (R5 keys, R0, R1, R2, R3/R4), then item by item, field by field in a fixed order
//! (`ServerId`, `Weight`, `Description`, `Type`, `ServerIp`, `Port`), then the item's cross-field
//! rules (R11 to R13) and its place among the others (R17, R19).

mod across;
mod context;
mod fields;
mod request;
mod server;

use crate::context::{Context, ContextError, Diff};
use crate::finding::{Code, Finding, Path, Rule, Severity};
use crate::limits::Limits;
use crate::report::Report;
use crate::wire::RawRequest;

/// The most backend servers one request may carry (R4).
pub const MAX_BACKEND_SERVERS: usize = 20;

/// The rules that need facts about the load balancer, unchecked by a context-free check.
pub const CONTEXT_RULES: std::ops::RangeInclusive<u8> = 20..=28;

/// How a request is read: the limits, and whether to read with serde_json alone (the reference
/// path, which the fast path is tested against).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Reading {
    pub(crate) limits: Limits,
    pub(crate) reference: bool,
}

/// Findings as they are collected, errors and warnings apart.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub(crate) errors: Vec<Finding>,
    pub(crate) warnings: Vec<Finding>,
}

impl Findings {
    pub(crate) fn push(&mut self, finding: Finding) {
        match finding.severity() {
            Severity::Error => self.errors.push(finding),
            Severity::Warning => self.warnings.push(finding),
        }
    }

    /// How many errors so far: an item compares this before and after its checks.
    pub(crate) fn error_count(&self) -> usize {
        self.errors.len()
    }

    /// Keeps the first `max` findings, errors first, and says how many were left out.
    fn cap(&mut self, max: usize) {
        let total = self.errors.len() + self.warnings.len();
        if total <= max {
            return;
        }
        self.errors.truncate(max);
        self.warnings.truncate(max - self.errors.len());
        self.warnings.push(Finding::new(
            Code::TooManyFindings,
            Path::Root,
            format!(
                "{} more findings were left out; expected at most {max} in one report",
                total - max
            ),
        ));
    }

    /// Puts item findings in item order, keeping the order within each item (the cross-item
    /// rules run after all items were read).
    fn order_by_item(&mut self) {
        let key = |f: &Finding| match f.path() {
            Path::Root | Path::Param(_) => None,
            Path::Item(i) | Path::Field(i, _) => Some(*i),
        };
        self.errors.sort_by_key(key);
        self.warnings.sort_by_key(key);
    }
}

/// Applies R0 to R19 to a request as read.
pub(crate) fn validate(raw: &RawRequest<'_>, reading: &Reading) -> Report {
    let mut out = Findings::default();
    let checked = request::check(raw, reading, &mut out);
    finish(
        out,
        checked,
        context_free_unchecked(),
        None,
        &reading.limits,
    )
}

/// Applies every rule: R0 to R19, then those whose facts `context` holds.
///
/// # Errors
/// [`ContextError::LoadBalancerMismatch`] when the facts are about another load balancer.
pub(crate) fn validate_in(
    raw: &RawRequest<'_>,
    context: &Context,
    reading: &Reading,
) -> Result<Report, ContextError> {
    let limits = &reading.limits;
    let mut out = Findings::default();
    let checked = request::check(raw, reading, &mut out);
    context.check_load_balancer(checked.load_balancer_id.as_ref())?;
    let outcome = context::check(&checked, context, &mut out);
    Ok(finish(
        out,
        checked,
        outcome.unchecked,
        outcome.diff,
        limits,
    ))
}

fn finish(
    mut out: Findings,
    checked: request::Checked,
    unchecked: impl IntoIterator<Item = Rule>,
    diff: Option<Diff>,
    limits: &Limits,
) -> Report {
    out.order_by_item();
    out.cap(limits.max_findings);
    let request = if out.errors.is_empty() {
        checked.into_request()
    } else {
        None
    };
    Report::new(out.errors, out.warnings, unchecked, request, diff)
}

/// A report for a document that is not a request at all.
pub(crate) fn malformed(finding: Finding) -> Report {
    Report::new(
        vec![finding],
        Vec::new(),
        context_free_unchecked(),
        None,
        None,
    )
}

/// A report for a document that is not a request at all, with the facts of `context` (the diff
/// then adds nothing).
pub(crate) fn malformed_in(finding: Finding, context: &Context) -> Report {
    let mut out = Findings::default();
    out.push(finding);
    let outcome = context::check(&request::Checked::default(), context, &mut out);
    Report::new(
        out.errors,
        out.warnings,
        outcome.unchecked,
        None,
        outcome.diff,
    )
}

fn context_free_unchecked() -> impl Iterator<Item = Rule> {
    CONTEXT_RULES.filter_map(Rule::new)
}

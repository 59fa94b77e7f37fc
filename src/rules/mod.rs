//! The validator: every rule that needs nothing but the request (R0 to R19), one module per
//! group. Findings are collected, never fail-fast, in the order of the input: request-level
//! first (R5 keys, R0, R1, R2, R3/R4), then item by item, field by field in a fixed order
//! (`ServerId`, `Weight`, `Description`, `Type`, `ServerIp`, `Port`), then the item's cross-field
//! rules (R11 to R13) and its place among the others (R17, R19).

mod across;
mod context;
mod fields;
mod group;
mod lists;
mod request;
mod server;

use crate::call::{BackendServer, CheckedParts, MemberCall};
use crate::context::{Context, ContextError};
use crate::finding::{Code, Finding, Path, Rule, RuleSet, Severity, CONTEXT_RULES};
use crate::limits::Limits;
use crate::types::{Action, GroupName, LoadBalancerId, RegionId, VServerGroupId};
use crate::wire::RawRequest;
use crate::wire::Value;

/// What the rules made of a request: the findings, errors and warnings apart, in input order
/// and within the limit; the rules left unchecked for want of facts; and what could be read of
/// the request (its servers, for the diff; the checked request, when there is no error).
#[derive(Debug)]
pub(crate) struct Outcome {
    pub(crate) errors: Vec<Finding>,
    pub(crate) warnings: Vec<Finding>,
    pub(crate) unchecked: RuleSet,
    pub(crate) checked: Checked,
}

/// What the context-free rules made of the request: its parts that could be read, and the
/// servers that passed every rule of their own (duplicates dropped), with their item index.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    /// The call (R0): `AddBackendServers` unless `Action` names another.
    pub(crate) action: Action,
    pub(crate) load_balancer_id: Option<LoadBalancerId>,
    pub(crate) region_id: Option<RegionId>,
    pub(crate) vserver_group_id: Option<VServerGroupId>,
    pub(crate) group_name: Option<GroupName>,
    /// The servers of the call's list (a Modify's new ones).
    pub(crate) servers: Vec<BackendServer>,
    /// Each server's item index, beside `servers`.
    pub(crate) indices: Vec<usize>,
    /// A Modify's old servers, and their item indices beside them.
    pub(crate) old_servers: Vec<BackendServer>,
    pub(crate) old_indices: Vec<usize>,
}

impl Checked {
    /// The checked request; the caller hands it out only when there was no error.
    pub(crate) fn into_call(self) -> Option<MemberCall> {
        // The call's target is there: an error would have said it is not.
        let target = match self.action.takes_vserver_group_id() {
            true => self.vserver_group_id.is_some(),
            false => self.load_balancer_id.is_some(),
        };
        // (A Remove's servers hold only what the call reads, R31: the item rules left the rest
        // out.)
        target.then(|| {
            MemberCall::from_checked(CheckedParts {
                action: self.action,
                region_id: self.region_id,
                load_balancer_id: self.load_balancer_id,
                vserver_group_id: self.vserver_group_id,
                group_name: self.group_name,
                backend_servers: self.servers,
                old_backend_servers: self.old_servers,
            })
        })
    }
}

/// How many findings a list makes room for at its first one.
const FINDINGS_AT_ONCE: usize = 32;

/// Findings as they are collected, errors and warnings apart.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub(crate) errors: Vec<Finding>,
    pub(crate) warnings: Vec<Finding>,
}

impl Findings {
    pub(crate) fn push(&mut self, finding: Finding) {
        let list = match finding.severity() {
            Severity::Error => &mut self.errors,
            Severity::Warning => &mut self.warnings,
        };
        // Room for a finding or two per item at once, rather than growing 4, 8, 16, 32 (a
        // valid request, which has none, allocates nothing here).
        if list.capacity() == 0 {
            list.reserve(FINDINGS_AT_ONCE);
        }
        list.push(finding);
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
        let key = |f: &Finding| f.path().in_item();
        // Usually they are in order already (findings across items are rare), and checking
        // costs a comparison a finding where sorting moves each.
        if !self.errors.is_sorted_by_key(key) {
            self.errors.sort_by_key(key);
        }
        if !self.warnings.is_sorted_by_key(key) {
            self.warnings.sort_by_key(key);
        }
    }
}

/// Applies R0 to R19 to a request as read; the facts' rules are unchecked.
pub(crate) fn validate(raw: &RawRequest<'_>, limits: &Limits) -> Outcome {
    let mut out = Findings::default();
    byte_order_mark(raw.byte_order_mark, &mut out);
    let checked = request::check(raw, limits, &mut out);
    let unchecked = context_free_unchecked(checked.action);
    finish(out, checked, unchecked, limits)
}

/// Applies every rule to a request as read: R0 to R19, then those whose facts `context` holds.
///
/// # Errors
/// [`ContextError::LoadBalancerMismatch`] when the facts are about another load balancer.
pub(crate) fn validate_in(
    raw: &RawRequest<'_>,
    context: &Context,
    limits: &Limits,
) -> Result<Outcome, ContextError> {
    let mut out = Findings::default();
    byte_order_mark(raw.byte_order_mark, &mut out);
    let checked = request::check(raw, limits, &mut out);
    context.check_load_balancer(checked.load_balancer_id.as_ref())?;
    if checked.action.takes_vserver_group_id() {
        context.check_vserver_group(checked.vserver_group_id.as_ref())?;
    }
    let unchecked = context::check(&checked, context, &mut out);
    Ok(finish(out, checked, unchecked, limits))
}

/// The findings in input order and within the limit.
fn finish(mut out: Findings, checked: Checked, unchecked: RuleSet, limits: &Limits) -> Outcome {
    out.order_by_item();
    out.cap(limits.max_findings());
    Outcome {
        errors: out.errors,
        warnings: out.warnings,
        unchecked,
        checked,
    }
}

/// The outcome for a document that is not a request at all: its one finding, and the facts'
/// rules unchecked (those of `context` are applied to no server).
pub(crate) fn malformed(finding: Finding, bom: bool, context: Option<&Context>) -> Outcome {
    let mut out = Findings::default();
    byte_order_mark(bom, &mut out);
    out.push(finding);
    let checked = Checked::default();
    let unchecked = match context {
        None => context_free_unchecked(checked.action),
        Some(context) => context::check(&checked, context, &mut out),
    };
    Outcome {
        errors: out.errors,
        warnings: out.warnings,
        unchecked,
        checked,
    }
}

/// R0: a byte-order mark before the request is set aside, with a warning (Windows tools write
/// one; the API's parsers may not skip it).
fn byte_order_mark(found: bool, out: &mut Findings) {
    if found {
        out.push(Finding::new(
            Code::ByteOrderMark,
            Path::Root,
            "the request starts with a byte-order mark (U+FEFF), which is ignored here; expected the request without one, as the API may not skip it",
        ));
    }
}

/// Without facts, every context rule of the call is unchecked.
fn context_free_unchecked(action: Action) -> RuleSet {
    match action {
        Action::AddBackendServers => CONTEXT_RULES.filter_map(Rule::new).collect(),
        _ if action.is_group_call() => context::group_rules_unchecked(action),
        _ => context::SET_AND_REMOVE_RULES.into_iter().collect(),
    }
}

/// "… must be a string, found a number" (or the escaped-surrogate message).
pub(crate) fn not_a_string(code: Code, path: Path, what: &str, value: &Value<'_>) -> Finding {
    let message = match value {
        Value::BadString => format!("{what} holds an escaped lone surrogate, which is not text"),
        other => format!(
            "{what} must be a string, found {}",
            other.kind().with_article()
        ),
    };
    Finding::new(code, path, message)
}

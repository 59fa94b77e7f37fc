//! The planner: from the members wanted and the members attached, the fewest valid
//! `AddBackendServers`, `SetBackendServers` and `RemoveBackendServers` calls, in a safe order.
//!
//! - Identity is R18's. A wanted server not attached is added; one attached with another
//!   weight, or another description (when the wanted one names one), is set (with its `Type`, its
//!   `ServerIp` for `eni`/`eci`, and always its `Weight`); one attached but not wanted is
//!   removed. Nothing else is sent. A member's port is not in `DescribeLoadBalancerAttribute`,
//!   so ports are not compared: a wanted port is sent with an Add only.
//! - The calls are as few as the changes allow and in the order of [`Order`]; servers are sorted
//!   by identity, so the same inputs in any order give the same plan.
//! - Every call is checked with this crate's own checker against the state the calls before it
//!   leave (the facts included): a plan that cannot be valid is refused with the findings.
//!
//! ```
//! use clb_preflight::{plan, Context, PlanOptions};
//! let mut context = Context::new();
//! context.add_load_balancer(r#"{"LoadBalancerId":"lb-1","LoadBalancerStatus":"active",
//!     "BackendServers":{"BackendServer":[{"ServerId":"i-old","Weight":100,"Type":"ecs"},
//!                                        {"ServerId":"i-kept","Weight":100,"Type":"ecs"}]}}"#)?;
//! let desired = r#"[{"ServerId":"i-kept","Weight":"50"},{"ServerId":"i-new"}]"#;
//! let plan = plan(desired, &context, PlanOptions::default())?;
//! assert!(plan.is_valid());
//! let actions: Vec<&str> = plan.calls().iter().map(|c| c.action()).collect();
//! assert_eq!(actions, ["AddBackendServers", "SetBackendServers", "RemoveBackendServers"]);
//! assert_eq!(plan.summary().calls(), 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod desired;
mod json;
mod order;
mod render;

pub use order::Order;

use std::cmp::Ordering;

use crate::checker::check_call;
use crate::context::{order as identity_order, Context, ContextError, Member};
use crate::finding::{Code, Finding, Path};
use crate::request::{AddBackendServersRequest, BackendServer};
use crate::types::{LoadBalancerId, RegionId, Weight};
use order::{Changes, Step};

/// How to plan: the [`Order`] and whether to drain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct PlanOptions {
    order: Order,
    drain: bool,
}

impl PlanOptions {
    /// The same options with this order.
    #[must_use]
    pub fn order(self, order: Order) -> PlanOptions {
        PlanOptions { order, ..self }
    }

    /// The same options, draining or not: servers to be removed are first set to weight 0
    /// (those not at 0 already), then a wait, then the removals.
    #[must_use]
    pub fn drain(self, drain: bool) -> PlanOptions {
        PlanOptions { drain, ..self }
    }
}

/// One planned step: a checked call, or a wait for connections to drain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    /// A member call, checked, with the member count it leaves.
    Request {
        /// The call (its action, parameters and servers).
        request: AddBackendServersRequest,
        /// How many members the load balancer has after it.
        members_after: usize,
    },
    /// Wait for the servers set to weight 0 to drain their connections.
    Wait,
}

impl Call {
    /// `AddBackendServers`, `SetBackendServers`, `RemoveBackendServers` or `Wait`.
    pub fn action(&self) -> &'static str {
        match self {
            Call::Request { request, .. } => request.action().as_str(),
            Call::Wait => "Wait",
        }
    }
}

/// How many servers a plan adds, sets, removes and leaves as they are, and its API calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    add: usize,
    set: usize,
    remove: usize,
    unchanged: usize,
    calls: usize,
}

impl Summary {
    /// Servers added.
    pub fn add(&self) -> usize {
        self.add
    }
    /// Members set (not counting the drain to weight 0).
    pub fn set(&self) -> usize {
        self.set
    }
    /// Members removed.
    pub fn remove(&self) -> usize {
        self.remove
    }
    /// Members left as they are.
    pub fn unchanged(&self) -> usize {
        self.unchanged
    }
    /// API calls (a wait is not one).
    pub fn calls(&self) -> usize {
        self.calls
    }
}

/// The plan: its findings (errors and warnings apart; with an error there are no calls), the
/// calls in order, a summary, and the members after them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    errors: Vec<Finding>,
    warnings: Vec<Finding>,
    load_balancer_id: String,
    calls: Vec<Call>,
    summary: Summary,
    members_after: Vec<Member>,
}

impl Plan {
    /// Whether the plan can be carried out: no error.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
    /// The errors: in the desired members, or of a call that cannot be valid.
    pub fn errors(&self) -> &[Finding] {
        &self.errors
    }
    /// The warnings about the desired members.
    pub fn warnings(&self) -> &[Finding] {
        &self.warnings
    }
    /// The load balancer the calls are for.
    pub fn load_balancer_id(&self) -> &str {
        &self.load_balancer_id
    }
    /// The calls, in the order to send them (none when the plan is not valid).
    pub fn calls(&self) -> &[Call] {
        &self.calls
    }
    /// What the calls change.
    pub fn summary(&self) -> Summary {
        self.summary
    }
    /// The members after every call, sorted by server id, then IP (the desired ones, when valid).
    pub fn members_after(&self) -> &[Member] {
        &self.members_after
    }
}

/// Why no plan can be made: not a finding about the desired members, but about the inputs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The context holds no facts about the load balancer: there is nothing to plan from.
    #[error("the load balancer's facts are missing; expected its DescribeLoadBalancerAttribute response")]
    NoLoadBalancer,
    /// The facts cannot be used, or the desired request names another load balancer.
    #[error(transparent)]
    Context(#[from] ContextError),
}

/// Plans the calls that take the load balancer of `context` from its members to `desired`: a
/// JSON array of backend-server objects, or a request object with `BackendServers`.
///
/// # Errors
/// [`PlanError::NoLoadBalancer`] without the load balancer's facts;
/// [`PlanError::Context`] when the desired request names another load balancer.
pub fn plan(desired: &str, context: &Context, options: PlanOptions) -> Result<Plan, PlanError> {
    let lb = context.load_balancer().ok_or(PlanError::NoLoadBalancer)?;
    let wanted =
        desired::read(desired, &lb.id).map_err(|other| ContextError::LoadBalancerMismatch {
            request: other.0,
            facts: lb.id.clone(),
        })?;
    let refused = |errors: Vec<Finding>, warnings: Vec<Finding>| Plan {
        errors,
        warnings,
        load_balancer_id: lb.id.clone(),
        calls: Vec::new(),
        summary: Summary::default(),
        members_after: lb.members.to_vec(),
    };
    if !wanted.errors.is_empty() {
        return Ok(refused(wanted.errors, wanted.warnings));
    }
    let quota = context.quota();
    if wanted.servers.len() > quota {
        let error = Finding::new(
            Code::InstanceBackendServerNumberOverLimit,
            Path::param("BackendServers"),
            format!(
                "{} members are wanted; expected at most the quota {quota}",
                wanted.servers.len()
            ),
        );
        return Ok(refused(vec![error], wanted.warnings));
    }
    let (changes, summary) = changes(wanted.servers, &lb.members, options.drain);
    let steps = order::steps(changes, lb.members.len(), quota, options.order);
    let region = wanted.region_id.or_else(|| {
        lb.region_id
            .as_deref()
            .and_then(|r| RegionId::parse(r).ok())
    });
    let id = LoadBalancerId::parse(&lb.id).map_err(|_| PlanError::NoLoadBalancer)?;
    // The facts, with what the calls so far changed of the members beside them: a call costs
    // its servers, not the members.
    let mut state = context.planning();
    let mut calls = Vec::with_capacity(steps.len());
    let mut errors = Vec::new();
    for (number, step) in (1..).zip(steps) {
        let Step::Call(action, servers) = step else {
            calls.push(Call::Wait);
            continue;
        };
        let mut builder = AddBackendServersRequest::builder(id.clone())
            .action(action)
            .backend_servers(servers.iter().cloned());
        if let Some(region) = &region {
            builder = builder.region_id(region.clone());
        }
        let (call_errors, request) = check_call(&builder.to_json(), &state)?;
        errors.extend(call_errors.iter().map(|e| {
            let message = format!("call {number} ({action}): {}", e.message());
            Finding::new(e.code(), e.path().clone(), message)
        }));
        state.apply_call(action, &servers);
        if let Some(request) = request {
            calls.push(Call::Request {
                request,
                members_after: state.member_count(),
            });
        }
    }
    if !errors.is_empty() {
        return Ok(refused(errors, wanted.warnings));
    }
    let api_calls = calls
        .iter()
        .filter(|c| matches!(c, Call::Request { .. }))
        .count();
    Ok(Plan {
        errors,
        warnings: wanted.warnings,
        load_balancer_id: lb.id.clone(),
        calls,
        summary: Summary {
            calls: api_calls,
            ..summary
        },
        members_after: state.planned_members().unwrap_or_default(),
    })
}

/// What takes `members` to `wanted`, each list sorted by identity.
fn changes(mut wanted: Vec<BackendServer>, members: &[Member], drain: bool) -> (Changes, Summary) {
    wanted.sort_by(by_identity);
    let mut adds = Vec::new();
    let mut sets = Vec::new();
    let mut unchanged = 0;
    for server in wanted.iter() {
        let attached = members
            .binary_search_by(|m| identity_order(m.identity(), server.identity()))
            .ok()
            .and_then(|i| members.get(i));
        match attached {
            None => adds.push(server.clone()),
            Some(member) if differs(member, server) => sets.push(set_item(member, server)),
            Some(_) => unchanged += 1,
        }
    }
    let removes: Vec<BackendServer> = members
        .iter()
        .filter(|m| {
            wanted
                .binary_search_by(|w| identity_order(w.identity(), m.identity()))
                .is_err()
        })
        .map(|m| m.server().clone().into_member_item())
        .collect();
    let drains: Vec<BackendServer> = if drain {
        removes
            .iter()
            .filter(|s| !s.weight().is_zero())
            .map(|s| s.clone().with_weight(Weight::MIN))
            .collect()
    } else {
        Vec::new()
    };
    // Drained, the removed servers are at weight 0 when they go.
    let removes = if drain {
        removes
            .into_iter()
            .map(|s| s.with_weight(Weight::MIN))
            .collect()
    } else {
        removes
    };
    let summary = Summary {
        add: adds.len(),
        set: sets.len(),
        remove: removes.len(),
        unchanged,
        calls: 0,
    };
    (
        Changes {
            adds,
            sets,
            removes,
            drains,
        },
        summary,
    )
}

fn by_identity(a: &BackendServer, b: &BackendServer) -> Ordering {
    identity_order(a.identity(), b.identity())
}

/// Whether `member` is not as `wanted` says: another weight, or another description where the
/// wanted server names one.
fn differs(member: &Member, wanted: &BackendServer) -> bool {
    member.server().weight() != wanted.weight()
        || wanted
            .description()
            .is_some_and(|d| member.description() != Some(d.as_str()))
}

/// The Set item for `member`: its id, type and IP, the wanted weight, and the wanted description
/// when there is one.
fn set_item(member: &Member, wanted: &BackendServer) -> BackendServer {
    member
        .server()
        .clone()
        .into_member_item()
        .with_weight(wanted.weight())
        .with_description(wanted.description().cloned())
}

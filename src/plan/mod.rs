//! The planner: from the members wanted and the members attached, the fewest valid
//! `AddBackendServers`, `SetBackendServers` and `RemoveBackendServers` calls, in a safe order —
//! or, for a vServer group (when the context holds its facts), the fewest
//! `AddVServerGroupBackendServers`, `SetVServerGroupAttribute` and
//! `RemoveVServerGroupBackendServers` calls, a member known by its port too (R39).
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
//! use clb_preflight::plan::PlanOptions;
//! use clb_preflight::{plan, Context};
//! let mut context = Context::new();
//! context.add_load_balancer(r#"{"LoadBalancerId":"lb-1","LoadBalancerStatus":"active",
//!     "BackendServers":{"BackendServer":[{"ServerId":"i-old","Weight":100,"Type":"ecs"},
//!                                        {"ServerId":"i-kept","Weight":100,"Type":"ecs"}]}}"#)?;
//! let desired = r#"[{"ServerId":"i-kept","Weight":"50"},{"ServerId":"i-new"}]"#;
//! let plan = plan(desired, &context, PlanOptions::default())?;
//! assert!(plan.is_valid());
//! let actions: Vec<&str> = plan.calls().map(|c| c.action().as_str()).collect();
//! assert_eq!(actions, ["AddBackendServers", "SetBackendServers", "RemoveBackendServers"]);
//! assert_eq!(plan.summary().calls(), 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod desired;
mod json;
mod order;
mod owner;
mod script;
mod serving;

pub use order::Order;
pub use serving::{BadMinServing, MinServing};

use std::cmp::Ordering;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::call::{BackendServer, MemberCall, MemberCallBuilder};
use crate::checker::check_call;
use crate::context::{order as identity_order, Context, ContextError, Member, Scope};
use crate::finding::{Code, Finding, Path, Rule, RuleSet};
use crate::report::{locate_canonical, locate_findings};
use crate::text::Shown;
use crate::types::{Action, List, LoadBalancerId, RegionId, VServerGroupId};
use order::{Changes, Planned};
use owner::Owner;

/// How to plan: the [`Order`], whether to drain and for how long, and whether the plan may
/// leave the load balancer without members.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlanOptions {
    order: Order,
    drain: bool,
    drain_seconds: u32,
    allow_empty: bool,
    region_id: Option<RegionId>,
    own: Option<String>,
    min_serving: Option<MinServing>,
}

impl Default for PlanOptions {
    fn default() -> PlanOptions {
        PlanOptions {
            order: Order::default(),
            drain: false,
            drain_seconds: PlanOptions::DEFAULT_DRAIN_SECONDS,
            allow_empty: false,
            region_id: None,
            own: None,
            min_serving: None,
        }
    }
}

impl PlanOptions {
    /// How long a drain waits when the caller names no time: 30 seconds, Kubernetes' default
    /// grace period for a terminating pod (`terminationGracePeriodSeconds`). A listener with
    /// connection draining on (`ConnectionDrainTimeout`, 10 to 900 seconds) needs at least its
    /// own timeout.
    pub const DEFAULT_DRAIN_SECONDS: u32 = 30;

    /// The same options with this order.
    #[must_use]
    pub fn order(self, order: Order) -> PlanOptions {
        PlanOptions { order, ..self }
    }

    /// The same options, draining or not: servers to be removed are first set to weight 0
    /// (those not at 0 already), then a wait of [`PlanOptions::drain_seconds`], then the
    /// removals.
    #[must_use]
    pub fn drain(self, drain: bool) -> PlanOptions {
        PlanOptions { drain, ..self }
    }

    /// The same options with a drain's wait of `seconds` (the default is
    /// [`PlanOptions::DEFAULT_DRAIN_SECONDS`]).
    #[must_use]
    pub fn drain_seconds(self, seconds: u32) -> PlanOptions {
        PlanOptions {
            drain_seconds: seconds,
            ..self
        }
    }

    /// The same options, allowing a plan to leave the load balancer without members (after its
    /// last call, or any call before it), or not (the default: such a plan is refused with a
    /// `Plan.EmptiesLoadBalancer` error, R34).
    ///
    /// ```
    /// use clb_preflight::plan::PlanOptions;
    /// use clb_preflight::{plan, Code, Context};
    /// let mut context = Context::new();
    /// context.add_load_balancer(r#"{"LoadBalancerId":"lb-1",
    ///     "BackendServers":{"BackendServer":[{"ServerId":"i-1","Weight":100}]}}"#)?;
    /// let refused = plan("[]", &context, PlanOptions::default())?;
    /// assert_eq!(refused.errors()[0].code(), Code::PlanEmptiesLoadBalancer);
    /// assert!(refused.steps().is_empty());
    /// let emptied = plan("[]", &context, PlanOptions::default().allow_empty(true))?;
    /// assert_eq!(emptied.summary().remove(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn allow_empty(self, allow: bool) -> PlanOptions {
        PlanOptions {
            allow_empty: allow,
            ..self
        }
    }

    /// The same options with the region every call names (`RegionId`): before the desired
    /// request object's. A vServer group's calls need one (the load balancer's facts give it
    /// too); a region other than the one the load balancer's facts name is refused
    /// ([`PlanError::RegionMismatch`]).
    #[must_use]
    pub fn region_id(self, region_id: RegionId) -> PlanOptions {
        PlanOptions {
            region_id: Some(region_id),
            ..self
        }
    }

    /// The same options, managing only the members whose `Description` starts with `prefix`
    /// (R41): others are never in a Set or a Remove, a desired item must carry such a
    /// description, and one that is a member not owned is an error. The Kubernetes controller's
    /// scheme is `k8s/<port>/<service>/<namespace>/<cluster>`.
    ///
    /// ```
    /// use clb_preflight::plan::PlanOptions;
    /// use clb_preflight::{plan, Context};
    /// let mut context = Context::new();
    /// context.add_load_balancer(r#"{"LoadBalancerId":"lb-1","BackendServers":{"BackendServer":[
    ///     {"ServerId":"i-mine","Weight":100,"Description":"k8s/80/web/"},
    ///     {"ServerId":"i-theirs","Weight":100,"Description":"canary"}]}}"#)?;
    /// let desired = r#"[{"ServerId":"i-new","Description":"k8s/80/web/"}]"#;
    /// let plan = plan(desired, &context, PlanOptions::default().own("k8s/80/web/"))?;
    /// let named: Vec<String> = plan.calls()
    ///     .flat_map(|c| c.member_call().backend_servers().iter().map(|s| s.server_id().to_string()))
    ///     .collect();
    /// assert_eq!(named, ["i-new", "i-mine"]);            // i-theirs is left alone
    /// assert_eq!(plan.summary().foreign(), Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn own(self, prefix: impl Into<String>) -> PlanOptions {
        PlanOptions {
            own: Some(prefix.into()),
            ..self
        }
    }

    /// The same options with a serving floor (R42): after every call, at least this many of
    /// the target's members (owned or not) have a weight above 0. The planner orders the calls
    /// so that it holds, in waves where needed, or refuses the plan.
    #[must_use]
    pub fn min_serving(self, floor: MinServing) -> PlanOptions {
        PlanOptions {
            min_serving: Some(floor),
            ..self
        }
    }
}

/// One planned step: a checked call, or a wait for connections to drain.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// A member call, checked, with the member count it leaves.
    Call(Call),
    /// Wait this long for the servers set to weight 0 to drain their connections.
    Wait {
        /// How long, in seconds.
        seconds: u32,
    },
}

impl Step {
    /// `AddBackendServers`, `SetBackendServers`, `RemoveBackendServers` or `Wait`: what the
    /// plan's JSON calls its `action`.
    pub fn name(&self) -> &'static str {
        match self {
            Step::Call(call) => call.action().as_str(),
            Step::Wait { .. } => "Wait",
        }
    }

    /// The call, when the step is one.
    pub fn call(&self) -> Option<&Call> {
        match self {
            Step::Call(call) => Some(call),
            Step::Wait { .. } => None,
        }
    }
}

/// One call of a plan: a checked member call, and how many members it leaves (and, with a
/// serving floor, how many of them serve).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    call: MemberCall,
    members_after: usize,
    serving_after: Option<usize>,
}

impl Call {
    /// The call's action.
    pub fn action(&self) -> Action {
        self.call.action()
    }

    /// The checked member call: its parameters and servers.
    pub fn member_call(&self) -> &MemberCall {
        &self.call
    }

    /// How many members the load balancer has after it.
    pub fn members_after(&self) -> usize {
        self.members_after
    }

    /// With a serving floor: how many of the target's members have a weight above 0 after it.
    pub fn serving_after(&self) -> Option<usize> {
        self.serving_after
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
    /// With an owner's prefix: the members not owned, left alone.
    foreign: Option<usize>,
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
    /// With an owner's prefix ([`PlanOptions::own`]): the members not owned, left alone.
    pub fn foreign(&self) -> Option<usize> {
        self.foreign
    }
}

/// The plan: its findings (errors and warnings apart; with an error there are no calls), the
/// rules its calls could not be checked against for want of facts, the calls in order, a
/// summary, and the members after them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    errors: Vec<Finding>,
    warnings: Vec<Finding>,
    unchecked: RuleSet,
    /// The load balancer the calls are for (a group's, when its facts name it).
    load_balancer_id: Option<String>,
    /// The vServer group the calls are for, in a group's plan.
    vserver_group_id: Option<String>,
    /// The owner's prefix, when the plan manages only the members it owns (R41).
    owner: Option<String>,
    steps: Vec<Step>,
    summary: Summary,
    members_after: Vec<Member>,
}

impl Plan {
    /// Whether the plan can be carried out: no error.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
    /// The errors: in the desired members, or of a call that cannot be valid. Each points at
    /// the desired item it is about (path and, located in the desired text, its place); one
    /// about a call names the call and the server.
    pub fn errors(&self) -> &[Finding] {
        &self.errors
    }
    /// The warnings: about the desired members, and those of the calls (a server the facts do
    /// not mention, R29).
    pub fn warnings(&self) -> &[Finding] {
        &self.warnings
    }
    /// The rules that the calls could not be checked against for want of facts (without the
    /// servers' facts: R22, R23, R24 and R28), by number.
    pub fn unchecked(&self) -> impl Iterator<Item = Rule> {
        self.unchecked.iter()
    }
    /// The load balancer the calls are for (in a vServer group's plan, the group's when its
    /// facts or the load balancer's name it).
    pub fn load_balancer_id(&self) -> Option<&str> {
        self.load_balancer_id.as_deref()
    }
    /// The vServer group the calls are for, in a group's plan.
    pub fn vserver_group_id(&self) -> Option<&str> {
        self.vserver_group_id.as_deref()
    }
    /// The owner's prefix, when the plan manages only the members it owns (R41).
    pub fn owner(&self) -> Option<&str> {
        self.owner.as_deref()
    }
    /// The steps, in order: the calls and the waits between them (none when the plan is not
    /// valid).
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The calls, in the order to send them (the steps without the waits).
    pub fn calls(&self) -> impl Iterator<Item = &Call> {
        self.steps.iter().filter_map(Step::call)
    }
    /// What the calls change.
    pub fn summary(&self) -> Summary {
        self.summary
    }
    /// The members after every call, sorted by identity (the desired ones, when valid).
    pub fn members_after(&self) -> &[Member] {
        &self.members_after
    }
}

/// Why no plan can be made: not a finding about the desired members, but about the inputs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The context holds no facts about the load balancer nor about a vServer group: there is
    /// nothing to plan from.
    #[error("the load balancer's facts are missing; expected its DescribeLoadBalancerAttribute response (or a vserver group's DescribeVServerGroupAttribute response)")]
    NoLoadBalancer,
    /// A vServer group's calls need `RegionId`, and nothing names it.
    #[error("a vserver group's calls need the region; expected it given (plan --region-id, PlanOptions::region_id), or the load balancer's facts, which name it")]
    NoRegion,
    /// The owner's prefix ([`PlanOptions::own`]) is empty: it would own every member with a
    /// description, those of other owners too.
    #[error("the owner's prefix is empty, which would own every member with a description; expected a prefix such as k8s/80/web/")]
    EmptyOwner,
    /// The calls' region ([`PlanOptions::region_id`], or the desired request's `RegionId`)
    /// is not the one the load balancer's facts name.
    #[error("the calls' region {} is not the load balancer's, {}; expected the region its facts name", Shown(.given), Shown(.facts))]
    RegionMismatch {
        /// The region given for the calls.
        given: String,
        /// The region the load balancer's facts name.
        facts: String,
    },
    /// The facts cannot be used, or the desired request names another load balancer.
    #[error(transparent)]
    Context(#[from] ContextError),
}

/// Plans the calls that take the load balancer of `context` from its members to `desired`: a
/// JSON array of backend-server objects, or a request object with `BackendServers` (a leading
/// byte-order mark is set aside). When `context` holds a vServer group's facts, the plan is for
/// that group: its calls are the group's, each item needs `Port`, a member is known by its port
/// too, and every call names the region (`PlanOptions::region_id`, else the desired request
/// object's, else the load balancer's facts').
///
/// Every finding points into `desired`: its path names the desired item (counted over the whole
/// list) and its location is the place of that item's value in `desired`.
///
/// ```
/// use clb_preflight::plan::PlanOptions;
/// use clb_preflight::{plan, Context};
/// let mut context = Context::new();
/// context.add_vserver_group(r#"{"VServerGroupId":"rsp-1","LoadBalancerId":"lb-1",
///     "BackendServers":{"BackendServer":[{"ServerId":"i-1","Port":80,"Weight":100}]}}"#)?;
/// // The server moves to port 8080: a new member, and the old one removed.
/// let desired = r#"[{"ServerId":"i-1","Port":"8080"}]"#;
/// let options = PlanOptions::default().region_id("cn-hangzhou".parse()?);
/// let plan = plan(desired, &context, options)?;
/// let actions: Vec<&str> = plan.calls().map(|c| c.action().as_str()).collect();
/// assert_eq!(actions, ["AddVServerGroupBackendServers", "RemoveVServerGroupBackendServers"]);
/// assert_eq!(plan.vserver_group_id(), Some("rsp-1"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`PlanError::NoLoadBalancer`] without the load balancer's facts (nor a group's);
/// [`PlanError::NoRegion`] for a group whose region nothing names; [`PlanError::RegionMismatch`]
/// when the region given (or the desired request's) is not the load balancer's;
/// [`PlanError::EmptyOwner`] for an empty owner's prefix; [`PlanError::Context`] when
/// the desired request names another load balancer or group, or a call's facts cannot be used.
pub fn plan(desired: &str, context: &Context, options: PlanOptions) -> Result<Plan, PlanError> {
    if options.own.as_deref() == Some("") {
        return Err(PlanError::EmptyOwner);
    }
    let target = Target::of(context)?;
    let wanted = desired::read(desired, target.desired()).map_err(|other| {
        let (request, facts) = (other.0, target.id.to_owned());
        match target.scope {
            Scope::Group => ContextError::VServerGroupMismatch { request, facts },
            Scope::LoadBalancer => ContextError::LoadBalancerMismatch { request, facts },
        }
    })?;
    // The calls' region, given or the desired request's, is the load balancer's when its facts
    // name it: checked before any finding, as the facts are.
    if let Some(facts) = &target.region {
        let given = [options.region_id.as_ref(), wanted.region_id.as_ref()];
        if let Some(other) = given.into_iter().flatten().find(|r| *r != facts) {
            return Err(PlanError::RegionMismatch {
                given: other.to_string(),
                facts: facts.to_string(),
            });
        }
    }
    // R41: with an owner's prefix, only the members it owns are managed.
    let owner = Owner::new(options.own.as_deref(), target.members);
    let foreign = options.own.as_ref().map(|_| owner.foreign.len());
    let refused = |errors: Vec<Finding>, warnings: Vec<Finding>, unchecked| Plan {
        errors,
        warnings,
        unchecked,
        load_balancer_id: target.load_balancer_id.map(str::to_owned),
        vserver_group_id: target.group_id(),
        owner: options.own.clone(),
        steps: Vec::new(),
        summary: Summary {
            foreign,
            ..Summary::default()
        },
        members_after: target.members.to_vec(),
    };
    // The desired members' own findings, at their places in the desired text.
    let (mut errors, mut warnings) = (wanted.errors, wanted.warnings);
    locate_findings(errors.iter_mut().chain(warnings.iter_mut()), desired);
    if !errors.is_empty() {
        return Ok(refused(errors, warnings, RuleSet::default()));
    }
    let grouped = target.scope == Scope::Group;
    let mut not_owned = owner.desired_findings(&wanted.servers, grouped);
    if !not_owned.is_empty() {
        locate_canonical(not_owned.iter_mut(), desired);
        return Ok(refused(not_owned, warnings, RuleSet::default()));
    }
    // The members quota is the load balancer's, over every group the facts show (R25).
    let elsewhere = context.members_elsewhere(target.scope);
    let quota = context.quota().saturating_sub(elsewhere);
    let staying = wanted.servers.len() + owner.foreign.len();
    if staying > quota {
        let (wanted, quota) = (wanted.servers.len(), context.quota());
        let message = match (owner.foreign.len(), elsewhere) {
            (0, 0) => format!("{wanted} members are wanted; expected at most the quota {quota}"),
            (foreign, elsewhere) => {
                let where_ = target.scope.elsewhere();
                let mut parts = vec![format!("{wanted} wanted")];
                if foreign > 0 {
                    parts.push(format!("{foreign} not owned"));
                }
                if elsewhere > 0 {
                    parts.push(format!("{elsewhere} {where_}"));
                }
                format!(
                    "{} members would count toward the quota ({}); expected at most the quota {quota}",
                    wanted + foreign + elsewhere,
                    parts.join(", ")
                )
            }
        };
        let error = Finding::new(
            Code::InstanceBackendServerNumberOverLimit,
            Path::param("BackendServers"),
            message,
        );
        return Ok(refused(vec![error], warnings, RuleSet::default()));
    }
    let region = options
        .region_id
        .clone()
        .or(wanted.region_id)
        .or_else(|| target.region.clone());
    if grouped && region.is_none() {
        return Err(PlanError::NoRegion);
    }
    let index = DesiredIndex::new(&wanted.servers, grouped);
    let (changes, mut summary) = changes(&wanted.servers, &owner.owned, options.drain, grouped);
    summary.foreign = foreign;
    let steps = order::steps(changes.clone(), target.members.len(), quota, options.order);
    // R42: the serving floor holds after every call, in a rolling order if it must.
    let (steps, serving_after) = match options.min_serving {
        None => (steps, Vec::new()),
        Some(floor) => match serving::keep(target.members, floor, changes, steps, quota, grouped) {
            Ok(ordered) => ordered,
            Err(error) => return Ok(refused(vec![*error], warnings, RuleSet::default())),
        },
    };
    // The facts, with what the calls so far changed of the members beside them: a call costs
    // its servers, not the members.
    let mut state = context.planning(target.scope);
    let mut calls = Vec::with_capacity(steps.len());
    // The calls' findings, traced to the desired items (their fields named canonically).
    let mut call_errors = Vec::new();
    let mut call_warnings = Vec::new();
    let mut unchecked = RuleSet::default();
    // The first call after which no member is left, when there were members.
    let mut emptied: Option<(usize, Action)> = None;
    // Calls are numbered as the API sees them: a wait is no call.
    let mut number = 0;
    for step in steps {
        let Planned::Call(action, servers) = step else {
            calls.push(Step::Wait {
                seconds: options.drain_seconds,
            });
            continue;
        };
        number += 1;
        let action = target.action(action);
        let mut builder = target
            .builder(action)?
            .backend_servers(servers.iter().cloned());
        if let Some(region) = &region {
            builder = builder.region_id(region.clone());
        }
        let checked = check_call(&builder.to_json(), &state)?;
        let call = CallPlace {
            number,
            action,
            servers: &servers,
            desired: &index,
        };
        call_errors.extend(checked.errors.iter().map(|e| call.trace(e)));
        // R8 is the desired members' own warning, already given for a desired weight 0; a
        // drain's weight 0 is the plan's choice.
        call_warnings.extend(
            checked
                .warnings
                .iter()
                .filter(|w| w.code() != Code::ZeroWeight)
                .map(|w| call.trace(w)),
        );
        unchecked.extend(checked.unchecked.iter());
        state.apply_call(action, &servers);
        let members_after = state.member_count(target.scope);
        if members_after == 0 && !target.members.is_empty() && emptied.is_none() {
            emptied = Some((number, action));
        }
        if let Some(call) = checked.request {
            calls.push(Step::Call(Call {
                call,
                members_after,
                serving_after: serving_after.get(number - 1).copied(),
            }));
        }
    }
    locate_canonical(
        call_errors.iter_mut().chain(call_warnings.iter_mut()),
        desired,
    );
    errors.extend(call_errors);
    warnings.extend(call_warnings);
    if let (Some((number, action)), false) = (emptied, options.allow_empty) {
        let what = match target.scope {
            Scope::LoadBalancer => "load balancer",
            Scope::Group => "vserver group",
        };
        errors.push(Finding::new(
            Code::PlanEmptiesLoadBalancer,
            Path::Root,
            format!(
                "the plan leaves {what} {} without members after call {number} ({action}), removing all {} of them; expected at least one member after every call: allow it explicitly (plan --allow-empty, PlanOptions::allow_empty) if that is meant",
                Shown(target.id),
                target.members.len()
            ),
        ));
    }
    if !errors.is_empty() {
        return Ok(refused(errors, warnings, unchecked));
    }
    let api_calls = calls.iter().filter_map(Step::call).count();
    Ok(Plan {
        errors,
        warnings,
        unchecked,
        load_balancer_id: target.load_balancer_id.map(str::to_owned),
        vserver_group_id: target.group_id(),
        owner: options.own.clone(),
        steps: calls,
        summary: Summary {
            calls: api_calls,
            ..summary
        },
        members_after: state.planned_members().unwrap_or_default(),
    })
}

/// What a plan is for: the load balancer's members, or a vServer group's.
struct Target<'c> {
    scope: Scope,
    /// The load balancer's id, or the group's.
    id: &'c str,
    /// The load balancer's id, when known.
    load_balancer_id: Option<&'c str>,
    members: &'c Arc<[Member]>,
    /// The region the facts name.
    region: Option<RegionId>,
}

impl<'c> Target<'c> {
    /// A vServer group's when the context holds its facts, else the load balancer's.
    fn of(context: &'c Context) -> Result<Target<'c>, PlanError> {
        let lb = context.load_balancer();
        let region = lb
            .and_then(|lb| lb.region_id.as_deref())
            .and_then(|r| RegionId::parse(r).ok());
        if let Some(group) = context.vserver_group() {
            return Ok(Target {
                scope: Scope::Group,
                id: &group.id,
                load_balancer_id: group
                    .load_balancer_id
                    .as_deref()
                    .or(lb.map(|lb| lb.id.as_str())),
                members: &group.members,
                region,
            });
        }
        let lb = lb.ok_or(PlanError::NoLoadBalancer)?;
        Ok(Target {
            scope: Scope::LoadBalancer,
            id: &lb.id,
            load_balancer_id: Some(&lb.id),
            members: &lb.members,
            region,
        })
    }

    /// What the desired members are read for.
    fn desired(&self) -> desired::For<'c> {
        desired::For {
            id: self.id,
            group: self.scope == Scope::Group,
        }
    }

    /// The group's id, in a group's plan.
    fn group_id(&self) -> Option<String> {
        (self.scope == Scope::Group).then(|| self.id.to_owned())
    }

    /// The call of this target that does what `action` does to the load balancer's members.
    fn action(&self, action: Action) -> Action {
        match (self.scope, action) {
            (Scope::LoadBalancer, _) => action,
            (Scope::Group, Action::SetBackendServers) => Action::SetVServerGroupAttribute,
            (Scope::Group, Action::RemoveBackendServers) => {
                Action::RemoveVServerGroupBackendServers
            }
            (Scope::Group, _) => Action::AddVServerGroupBackendServers,
        }
    }

    /// A call of `action` on this target.
    fn builder(&self, action: Action) -> Result<MemberCallBuilder, PlanError> {
        let call = MemberCall::builder(action);
        Ok(match self.scope {
            Scope::LoadBalancer => call.load_balancer_id(
                LoadBalancerId::parse(self.id).map_err(|_| PlanError::NoLoadBalancer)?,
            ),
            Scope::Group => call.vserver_group_id(
                VServerGroupId::parse(self.id).map_err(|_| PlanError::NoLoadBalancer)?,
            ),
        })
    }
}

/// Plans the calls that take the load balancer of `context` from its members to the servers
/// `desired`, built in code: as [`plan`] with those servers as the desired members (every item
/// rule applies: an ENI without its IP is refused as in a request). A finding's path indexes
/// `desired`; none has a location, as there is no text to point into.
///
/// ```
/// use clb_preflight::plan::{plan_servers, PlanOptions};
/// use clb_preflight::{BackendServer, Context, Weight};
/// let mut context = Context::new();
/// context.add_load_balancer(r#"{"LoadBalancerId":"lb-1",
///     "BackendServers":{"BackendServer":[{"ServerId":"i-1","Weight":100}]}}"#)?;
/// let wanted = [BackendServer::builder("i-1".parse()?).weight(Weight::new(40)?).build()];
/// let plan = plan_servers(&wanted, &context, PlanOptions::default())?;
/// assert_eq!(plan.summary().set(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// As [`plan`].
pub fn plan_servers(
    desired: &[BackendServer],
    context: &Context,
    options: PlanOptions,
) -> Result<Plan, PlanError> {
    let text = crate::wire::write_backend_servers(desired);
    let mut planned = plan(&text, context, options)?;
    for finding in planned.errors.iter_mut().chain(planned.warnings.iter_mut()) {
        *finding = std::mem::replace(
            finding,
            Finding::new(Code::MalformedRequest, Path::Root, ""),
        )
        .with_place(None);
    }
    Ok(planned)
}

/// The desired servers' positions in the desired list, sorted by identity: a call's server is
/// found there by binary search.
struct DesiredIndex<'d> {
    servers: &'d [BackendServer],
    sorted: Vec<usize>,
    /// A group's: identities with the port.
    grouped: bool,
}

impl<'d> DesiredIndex<'d> {
    fn new(servers: &'d [BackendServer], grouped: bool) -> DesiredIndex<'d> {
        let mut sorted: Vec<usize> = (0..servers.len()).collect();
        sorted.sort_by(|&a, &b| match (servers.get(a), servers.get(b)) {
            (Some(a), Some(b)) => by_identity(a, b, grouped),
            _ => Ordering::Equal,
        });
        DesiredIndex {
            servers,
            sorted,
            grouped,
        }
    }

    /// The position of the desired server that is `server` (R18, R39), if one is.
    fn position(&self, server: &BackendServer) -> Option<usize> {
        let at = self
            .sorted
            .binary_search_by(|&k| match self.servers.get(k) {
                Some(s) => by_identity(s, server, self.grouped),
                None => Ordering::Less,
            })
            .ok()?;
        self.sorted.get(at).copied()
    }
}

/// One call of a plan, for tracing its findings back to the desired members.
struct CallPlace<'c> {
    number: usize,
    action: Action,
    servers: &'c [BackendServer],
    desired: &'c DesiredIndex<'c>,
}

impl CallPlace<'_> {
    /// `finding`, found in this call, as a finding about the desired members: an item's finding
    /// at the desired item it came from (or, for a member that is not wanted, at `""`), its
    /// message naming the call and the server.
    fn trace(&self, finding: &Finding) -> Finding {
        let (index, field) = match finding.path() {
            Path::Item(_, i) => (*i, None),
            Path::Field(_, i, name) => (*i, Some(name)),
            other => {
                let message = format!(
                    "call {} ({}): {}",
                    self.number,
                    self.action,
                    finding.message()
                );
                return Finding::new(finding.code(), other.clone(), message);
            }
        };
        let server = self.servers.get(index);
        let path = match (server.and_then(|s| self.desired.position(s)), field) {
            (Some(j), Some(name)) => Path::Field(List::BackendServers, j, name.clone()),
            (Some(j), None) => Path::item(j),
            (None, _) => Path::Root,
        };
        let named = server.map_or(String::new(), |s| {
            let mut named = format!(", backend server {}", Shown(s.server_id().as_str()));
            if let Some(ip) = s.server_ip().filter(|_| s.server_type().keyed_by_ip()) {
                let _ = write!(named, " ({ip})");
            }
            named
        });
        let message = format!(
            "call {} ({}){named}: {}",
            self.number,
            self.action,
            finding.message()
        );
        Finding::new(finding.code(), path, message)
    }
}

/// What takes `members` to `wanted`, each list sorted by identity (a group's, `grouped`, with
/// the port).
fn changes(
    wanted: &[BackendServer],
    members: &[&Member],
    drain: bool,
    grouped: bool,
) -> (Changes, Summary) {
    let mut wanted: Vec<&BackendServer> = wanted.iter().collect();
    wanted.sort_by(|a, b| by_identity(a, b, grouped));
    let mut adds = Vec::new();
    let mut sets = Vec::new();
    let mut unchanged = 0;
    for server in wanted.iter() {
        let attached = members
            .binary_search_by(|m| identity_order(m.identity(), key(server, grouped)))
            .ok()
            .and_then(|i| members.get(i));
        match attached {
            None => adds.push((*server).clone()),
            Some(member) if differs(member, server) => sets.push(set_item(member, server)),
            Some(_) => unchanged += 1,
        }
    }
    let removes: Vec<BackendServer> = members
        .iter()
        .filter(|m| {
            wanted
                .binary_search_by(|w| identity_order(key(w, grouped), m.identity()))
                .is_err()
        })
        .map(|m| m.server().clone().into_member_item())
        .collect();
    let summary = Summary {
        add: adds.len(),
        set: sets.len(),
        remove: removes.len(),
        unchanged,
        calls: 0,
        foreign: None,
    };
    (
        Changes {
            adds,
            sets,
            removes,
            drain,
        },
        summary,
    )
}

fn by_identity(a: &BackendServer, b: &BackendServer, grouped: bool) -> Ordering {
    identity_order(key(a, grouped), key(b, grouped))
}

/// A server's identity: a group's (`grouped`) with the port.
fn key(server: &BackendServer, grouped: bool) -> crate::identity::Identity<'_> {
    if grouped {
        server.group_identity()
    } else {
        server.identity()
    }
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

//! The order of the planned calls, and how servers are cut into calls of at most 20.
//!
//! The fewest calls for what each step carries: ⌈adds/20⌉ + ⌈sets/20⌉ + ⌈removes/20⌉, and with
//! draining ⌈drains/20⌉ more; never an empty call. `add-first` sends Adds, then Sets, then
//! Removes, so serving capacity never drops — except where the members quota would be exceeded:
//! then just as many Removes as make room go before the Adds (one Remove call more when those
//! and the rest do not share calls evenly: a call costs little next to capacity), and the rest
//! after them. `remove-first` sends the Removes first. Draining sets each server to be removed
//! to weight 0 first (those not at 0), then waits, then removes them: in two waves when some
//! Removes go before the Adds, so that the servers leaving after them serve until then.

use crate::call::BackendServer;
use crate::limits::MAX_BACKEND_SERVERS;
use crate::types::{Action, Weight};

/// Which calls go first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Order {
    /// Adds, then Sets, then Removes (Removes move forward only as far as the quota needs).
    #[default]
    AddFirst,
    /// Removes, then Adds, then Sets.
    RemoveFirst,
}

/// One step of a plan as ordered: a call with its servers, or a wait for connections to drain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Planned {
    Call(Action, Vec<BackendServer>),
    Wait,
}

/// What the plan changes, each list sorted by identity.
#[derive(Debug, Clone)]
pub(super) struct Changes {
    pub(super) adds: Vec<BackendServer>,
    pub(super) sets: Vec<BackendServer>,
    /// The members to remove, as Remove items with the weight they have.
    pub(super) removes: Vec<BackendServer>,
    /// Whether the removes are drained first.
    pub(super) drain: bool,
}

/// The steps, in order, for `members` attached now and a members `quota`.
pub(super) fn steps(changes: Changes, members: usize, quota: usize, order: Order) -> Vec<Planned> {
    let Changes {
        adds,
        sets,
        mut removes,
        drain,
    } = changes;
    let mut steps = Vec::new();
    match order {
        Order::RemoveFirst => {
            removal(&mut steps, removes, drain);
            calls(&mut steps, Action::AddBackendServers, adds);
            calls(&mut steps, Action::SetBackendServers, sets);
        }
        Order::AddFirst => {
            // The members the Adds would take past the quota: that many Removes go first.
            let need = (members + adds.len()).saturating_sub(quota);
            let early = if adds.is_empty() { 0 } else { need };
            let late = removes.split_off(early.min(removes.len()));
            removal(&mut steps, removes, drain);
            calls(&mut steps, Action::AddBackendServers, adds);
            calls(&mut steps, Action::SetBackendServers, sets);
            removal(&mut steps, late, drain);
        }
    }
    steps
}

/// The removal of `removes`: drained first when `drain` (those not at weight 0 set to it, then a
/// wait), then removed, at weight 0 once drained.
fn removal(steps: &mut Vec<Planned>, removes: Vec<BackendServer>, drain: bool) {
    if !drain {
        calls(steps, Action::RemoveBackendServers, removes);
        return;
    }
    let drains: Vec<BackendServer> = removes
        .iter()
        .filter(|s| !s.weight().is_zero())
        .map(|s| s.clone().with_weight(Weight::MIN))
        .collect();
    if !drains.is_empty() {
        calls(steps, Action::SetBackendServers, drains);
        steps.push(Planned::Wait);
    }
    let removes = removes
        .into_iter()
        .map(|s| s.with_weight(Weight::MIN))
        .collect();
    calls(steps, Action::RemoveBackendServers, removes);
}

/// Servers in calls of at most 20: as few calls as they need.
fn calls(steps: &mut Vec<Planned>, action: Action, servers: Vec<BackendServer>) {
    let count = servers.len().div_ceil(MAX_BACKEND_SERVERS);
    push_sized(steps, action, servers, count);
}

/// Servers in exactly `count` calls (each of 1 to 20, as even as the count allows).
fn push_sized(steps: &mut Vec<Planned>, action: Action, servers: Vec<BackendServer>, count: usize) {
    // No servers: no chunk below is pushed (an empty chunk never is).
    if count == 0 {
        return;
    }
    let mut rest = servers.into_iter();
    let total = rest.len();
    for call in 0..count {
        // Sizes differ by at most one, the larger first.
        let size = total / count + usize::from(call < total % count);
        let chunk: Vec<BackendServer> = rest.by_ref().take(size).collect();
        if !chunk.is_empty() {
            steps.push(Planned::Call(action, chunk));
        }
    }
}

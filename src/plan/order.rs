//! The order of the planned calls, and how servers are cut into calls of at most 20.
//!
//! The fewest calls: ⌈adds/20⌉ + ⌈sets/20⌉ + ⌈removes/20⌉, and with draining ⌈drains/20⌉ more;
//! never an empty call. `add-first` sends Adds, then Sets, then Removes, so serving capacity
//! never drops — except where the members quota would be exceeded: then just enough Removes go
//! before the Adds (in whole calls, so that the count of calls stays the fewest) that the member
//! count never exceeds the quota after any call. `remove-first` sends the Removes first.
//! Draining sets each server to be removed to weight 0 first (those not at 0), then waits.

use crate::limits::MAX_BACKEND_SERVERS;
use crate::request::BackendServer;
use crate::types::Action;

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

/// One step of a plan: a call with its servers, or a wait for connections to drain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    Call(Action, Vec<BackendServer>),
    Wait,
}

/// What the plan changes, each list sorted by identity.
pub(super) struct Changes {
    pub(super) adds: Vec<BackendServer>,
    pub(super) sets: Vec<BackendServer>,
    pub(super) removes: Vec<BackendServer>,
    /// The removes not at weight 0 yet, as Set items of weight 0 (empty unless draining).
    pub(super) drains: Vec<BackendServer>,
}

/// The steps, in order, for `members` attached now and a members `quota`.
pub(super) fn steps(changes: Changes, members: usize, quota: usize, order: Order) -> Vec<Step> {
    let Changes {
        adds,
        sets,
        removes,
        drains,
    } = changes;
    let mut steps = Vec::new();
    let drain = |steps: &mut Vec<Step>, drains: Vec<BackendServer>| {
        if !drains.is_empty() {
            calls(steps, Action::SetBackendServers, drains);
            steps.push(Step::Wait);
        }
    };
    match order {
        Order::RemoveFirst => {
            drain(&mut steps, drains);
            calls(&mut steps, Action::RemoveBackendServers, removes);
            calls(&mut steps, Action::AddBackendServers, adds);
            calls(&mut steps, Action::SetBackendServers, sets);
        }
        Order::AddFirst => {
            let early = if adds.is_empty() {
                0
            } else {
                early_removes(removes.len(), (members + adds.len()).saturating_sub(quota))
            };
            let mut removes = removes;
            let late = removes.split_off(early.min(removes.len()));
            let (early_calls, late_calls) = split_calls(early, late.len());
            if early > 0 {
                drain(&mut steps, drains);
                push_sized(
                    &mut steps,
                    Action::RemoveBackendServers,
                    removes,
                    early_calls,
                );
                calls(&mut steps, Action::AddBackendServers, adds);
                calls(&mut steps, Action::SetBackendServers, sets);
                push_sized(&mut steps, Action::RemoveBackendServers, late, late_calls);
            } else {
                calls(&mut steps, Action::AddBackendServers, adds);
                calls(&mut steps, Action::SetBackendServers, sets);
                drain(&mut steps, drains);
                calls(&mut steps, Action::RemoveBackendServers, late);
            }
        }
    }
    steps
}

/// How many of `removes` must go before the Adds so that `need` fewer members make room, in
/// whole calls that keep the fewest calls: the first `k` Remove calls (k as small as it can be)
/// take `early` servers, the other calls the rest.
fn early_removes(removes: usize, need: usize) -> usize {
    if need == 0 || removes == 0 {
        return 0;
    }
    let n = removes.div_ceil(MAX_BACKEND_SERVERS);
    for k in 1..=n {
        let rest = n - k;
        let low = need.max(removes.saturating_sub(MAX_BACKEND_SERVERS * rest));
        let high = (MAX_BACKEND_SERVERS * k).min(removes.saturating_sub(rest));
        if low <= high {
            return low;
        }
    }
    removes
}

/// The number of calls for `early` and for `late` removes, together the fewest for both.
fn split_calls(early: usize, late: usize) -> (usize, usize) {
    let total = (early + late).div_ceil(MAX_BACKEND_SERVERS);
    let early_calls = early.div_ceil(MAX_BACKEND_SERVERS);
    (early_calls, total.saturating_sub(early_calls))
}

/// Servers in calls of at most 20: as few calls as they need.
fn calls(steps: &mut Vec<Step>, action: Action, servers: Vec<BackendServer>) {
    let count = servers.len().div_ceil(MAX_BACKEND_SERVERS);
    push_sized(steps, action, servers, count);
}

/// Servers in exactly `count` calls (each of 1 to 20, as even as the count allows).
fn push_sized(steps: &mut Vec<Step>, action: Action, servers: Vec<BackendServer>, count: usize) {
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
            steps.push(Step::Call(action, chunk));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn early_removes_are_just_enough_in_whole_calls() {
        assert_eq!(early_removes(0, 5), 0);
        assert_eq!(early_removes(10, 0), 0);
        // 10 removes fit one call: splitting 3 off would take a second one, so the call moves
        // whole.
        assert_eq!(early_removes(10, 3), 10);
        // 25 removes take 2 calls; 3 early would need 3 calls, so the early call takes 5.
        assert_eq!(early_removes(25, 3), 5);
        assert_eq!(early_removes(25, 6), 6);
        assert_eq!(early_removes(40, 1), 20);
        assert_eq!(early_removes(41, 25), 25);
        for removes in 1..90 {
            for need in 1..=removes {
                let early = early_removes(removes, need);
                assert!(early >= need && early <= removes);
                let (a, b) = split_calls(early, removes - early);
                assert_eq!(a + b, removes.div_ceil(20), "{removes} {need}");
                assert!(
                    early <= 20 * a && removes - early <= 20 * b,
                    "{removes} {need}"
                );
            }
        }
    }
}

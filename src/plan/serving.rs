//! The serving floor (R42): how many members of the target have a weight above 0 after each
//! call, and, when the plain order would take that below the floor, a rolling order that keeps
//! it.
//!
//! Invariants of [`rolling`]:
//! - Sets that do not lower serving go first when the floor holds after them (a call's count
//!   must reach the floor by itself); else right after the first Add, which must raise it.
//! - The Adds, those that serve first, come in calls of at most 20 and at most the room the quota leaves; when there is
//!   none, members that serve nothing (weight 0) are removed first, up to 20 at a time: they
//!   free the quota and lower nothing. When none is left, a wave of serving members is removed —
//!   at most 20, and at most as many as serve above the floor (drained to weight 0, then a wait,
//!   then removed, with `drain`). The members that serve nothing and are still there go after
//!   the Adds: when fewer than the floor serve now, the Adds come first and raise it.
//! - Sets that lower serving, then the remaining serving members, go in waves of at most as many
//!   as serve above the floor.
//! - Every wave is of 1 to 20 servers; when none can go without taking serving below the floor
//!   while work remains, there is no rolling order (`None`): the caller refuses the plan.

use std::collections::VecDeque;

use super::key;
use super::order::{Changes, Planned};
use crate::call::BackendServer;
use crate::context::{order as identity_order, Member};
use crate::finding::{Code, Finding, Path};
use crate::limits::MAX_BACKEND_SERVERS;
use crate::text::Shown;
use crate::types::{Action, Weight};

/// The serving floor (R42): how many of the target's members must have a weight above 0 after
/// every call — a number, or a percentage of those serving now (rounded up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MinServing {
    /// At least this many.
    Members(usize),
    /// At least this percentage (0 to 100) of the members serving now, rounded up.
    Percent(u8),
}

impl MinServing {
    /// The floor, for `serving` members serving now.
    pub(super) fn floor(self, serving: usize) -> usize {
        match self {
            MinServing::Members(n) => n,
            MinServing::Percent(p) => (serving * usize::from(p.min(100))).div_ceil(100),
        }
    }
}

/// A text that is no serving floor (`MinServing`'s `FromStr` error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct BadMinServing {
    text: String,
    /// A percentage, but above 100.
    over: bool,
}

impl BadMinServing {
    fn message(&self) -> String {
        let text = Shown(&self.text);
        if self.over {
            format!("serving floor {text} is a percentage above 100%; expected one from \"0%\" to \"100%\", or a number of members such as \"3\"")
        } else {
            format!("serving floor {text} is not a number of members or a percentage; expected one such as \"3\" or \"50%\"")
        }
    }
}

/// `3` (members) or `50%` (of those serving now, 0 to 100).
///
/// ```
/// use clb_preflight::plan::MinServing;
/// assert_eq!("3".parse(), Ok(MinServing::Members(3)));
/// assert_eq!("50%".parse(), Ok(MinServing::Percent(50)));
/// let over = "101%".parse::<MinServing>().unwrap_err();
/// assert!(over.to_string().contains("above 100%"));
/// ```
impl std::str::FromStr for MinServing {
    type Err = BadMinServing;

    fn from_str(text: &str) -> Result<MinServing, BadMinServing> {
        let bad = || BadMinServing {
            text: text.to_owned(),
            over: false,
        };
        let plain = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        match text.strip_suffix('%') {
            // Digits only: a number too large for a `u8` is above 100 too.
            Some(p) if plain(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= 100)
                .map(MinServing::Percent)
                .ok_or_else(|| BadMinServing {
                    text: text.to_owned(),
                    over: true,
                }),
            Some(_) => Err(bad()),
            None if plain(text) => text.parse().map(MinServing::Members).map_err(|_| bad()),
            None => Err(bad()),
        }
    }
}

/// R42: the steps in an order that keeps `floor` of the target's `members` serving after every
/// call — the plain one when it does, else a rolling one — with the serving count after each
/// call; or the finding why none does.
pub(super) fn keep(
    members: &[Member],
    floor: MinServing,
    changes: Changes,
    steps: Vec<Planned>,
    quota: usize,
    grouped: bool,
) -> Result<(Vec<Planned>, Vec<usize>), Box<Finding>> {
    let now = members.iter().filter(|m| serves(m.server())).count();
    let floor = floor.floor(now);
    let before = |server: &BackendServer| {
        members
            .binary_search_by(|m| identity_order(m.identity(), key(server, grouped)))
            .ok()
            .and_then(|i| members.get(i))
            .is_some_and(|m| serves(m.server()))
    };
    let plain = after_each(&steps, now, &before);
    let end = plain.last().copied().unwrap_or(now);
    let refuse = |message: String| {
        Box::new(Finding::new(
            Code::PlanBelowServingFloor,
            Path::Root,
            message,
        ))
    };
    if end < floor {
        return Err(refuse(format!(
            "the desired members leave {end} serving (a weight above 0), below the floor of {floor}; expected a desired set that keeps the floor"
        )));
    }
    if plain.iter().all(|&n| n >= floor) {
        return Ok((steps, plain));
    }
    let rolling = rolling(changes, (members.len(), now), quota, floor, &before)
        .ok_or_else(|| {
            let serving = match now.checked_sub(floor) {
                Some(above) => format!("only {above} serve above the floor"),
                None => format!("only {now} serve now"),
            };
            refuse(format!(
                "no order of the calls keeps {floor} members serving: the members quota leaves no room to add before removing, and {serving}; expected a lower floor, or room under the quota"
            ))
        })?;
    let after = after_each(&rolling, now, &before);
    match after.iter().position(|&n| n < floor) {
        None => Ok((rolling, after)),
        Some(call) => Err(refuse(format!(
            "call {} would leave {} members serving ({now} serve now), below the floor of {floor}; expected every call to keep it",
            call + 1,
            after.get(call).copied().unwrap_or(0)
        ))),
    }
}

/// Whether `server` serves: a weight above 0.
pub(super) fn serves(server: &BackendServer) -> bool {
    !server.weight().is_zero()
}

/// How the serving count moves with each call of `steps`, from `now`: the count after each call
/// (a wait changes nothing). `before` tells whether a Set's server serves before it.
pub(super) fn after_each(
    steps: &[Planned],
    now: usize,
    before: &impl Fn(&BackendServer) -> bool,
) -> Vec<usize> {
    let mut serving = now;
    let mut after = Vec::with_capacity(steps.len());
    for step in steps {
        let Planned::Call(action, servers) = step else {
            continue;
        };
        for server in servers {
            let (was, is) = match action {
                Action::AddBackendServers => (false, serves(server)),
                Action::SetBackendServers => (before(server), serves(server)),
                // A Remove item carries the weight the member has when it goes.
                _ => (serves(server), false),
            };
            serving = (serving + usize::from(is)).saturating_sub(usize::from(was));
        }
        after.push(serving);
    }
    after
}

/// A rolling order of `changes` that keeps at least `floor` members serving after every call,
/// from `members` attached (`serving` of them serving) under a members `quota`; `None` when none
/// does. `before` tells whether a Set's server serves before it.
pub(super) fn rolling(
    changes: Changes,
    (members, serving): (usize, usize),
    quota: usize,
    floor: usize,
    before: &impl Fn(&BackendServer) -> bool,
) -> Option<Vec<Planned>> {
    let Changes {
        adds,
        sets,
        removes,
        drain,
    } = changes;
    let (idle, busy): (Vec<_>, Vec<_>) = removes.into_iter().partition(|s| !serves(s));
    let (lowering, other_sets): (Vec<_>, Vec<_>) =
        sets.into_iter().partition(|s| before(s) && !serves(s));
    let mut roll = Roll {
        steps: Vec::new(),
        members,
        serving,
        floor,
        drain,
    };
    // The Sets that do not lower serving go first when, with those that raise it, the floor
    // holds after them; else the first Add must raise it (a call's count must reach the floor by
    // itself), and they go right after it.
    let raise = other_sets
        .iter()
        .filter(|s| serves(s) && !before(s))
        .count();
    let mut pending = Some((other_sets, raise));
    if roll.serving + raise >= floor {
        roll.sets(&mut pending);
    }
    // The Adds that serve before those at weight 0: they raise the count soonest.
    let (serving_adds, idle_adds): (Vec<_>, Vec<_>) = adds.into_iter().partition(serves);
    let mut adds: VecDeque<BackendServer> = serving_adds.into_iter().chain(idle_adds).collect();
    let mut busy: VecDeque<BackendServer> = busy.into();
    let mut idle: VecDeque<BackendServer> = idle.into();
    while !adds.is_empty() {
        let room = quota.saturating_sub(roll.members);
        if room > 0 {
            let chunk: Vec<BackendServer> = adds
                .drain(..room.min(MAX_BACKEND_SERVERS).min(adds.len()))
                .collect();
            roll.members += chunk.len();
            roll.serving += chunk.iter().filter(|s| serves(s)).count();
            roll.steps
                .push(Planned::Call(Action::AddBackendServers, chunk));
            roll.sets(&mut pending);
            continue;
        }
        let wave = match idle.len() {
            0 => roll.wave(&mut busy, adds.len())?,
            n => idle.drain(..n.min(MAX_BACKEND_SERVERS)).collect(),
        };
        roll.remove(wave);
    }
    roll.sets(&mut pending);
    roll.remove(idle.into());
    let mut lowering: VecDeque<BackendServer> = lowering.into();
    while !lowering.is_empty() {
        let wave = roll.wave(&mut lowering, usize::MAX)?;
        roll.serving = roll.serving.saturating_sub(wave.len());
        roll.steps
            .push(Planned::Call(Action::SetBackendServers, wave));
    }
    while !busy.is_empty() {
        let wave = roll.wave(&mut busy, usize::MAX)?;
        roll.remove(wave);
    }
    Some(roll.steps)
}

/// The rolling order as it is built: its steps, and the members and the serving after them.
struct Roll {
    steps: Vec<Planned>,
    members: usize,
    serving: usize,
    floor: usize,
    drain: bool,
}

impl Roll {
    /// The Sets that do not lower serving, `raise` of them raising it, when not sent yet.
    fn sets(&mut self, pending: &mut Option<(Vec<BackendServer>, usize)>) {
        if let Some((sets, raise)) = pending.take() {
            self.serving += raise;
            calls(&mut self.steps, Action::SetBackendServers, sets);
        }
    }

    /// The next wave of serving members to take from `from`: at most 20, at most `want`, at most
    /// as many as serve above the floor; `None` when not one can go.
    fn wave(&self, from: &mut VecDeque<BackendServer>, want: usize) -> Option<Vec<BackendServer>> {
        let k = MAX_BACKEND_SERVERS
            .min(want)
            .min(self.serving.saturating_sub(self.floor))
            .min(from.len());
        (k > 0).then(|| from.drain(..k).collect())
    }

    /// Removes `servers` (drained first, with `drain`, those serving set to weight 0 and a wait).
    fn remove(&mut self, servers: Vec<BackendServer>) {
        for chunk in servers.chunks(MAX_BACKEND_SERVERS) {
            let serving = chunk.iter().filter(|s| serves(s)).count();
            let mut removes: Vec<BackendServer> = chunk.to_vec();
            if self.drain && serving > 0 {
                let drains = chunk
                    .iter()
                    .filter(|s| serves(s))
                    .map(|s| s.clone().with_weight(Weight::MIN))
                    .collect();
                self.steps
                    .push(Planned::Call(Action::SetBackendServers, drains));
                self.steps.push(Planned::Wait);
                removes = removes
                    .into_iter()
                    .map(|s| s.with_weight(Weight::MIN))
                    .collect();
            }
            self.members = self.members.saturating_sub(chunk.len());
            self.serving = self.serving.saturating_sub(serving);
            self.steps
                .push(Planned::Call(Action::RemoveBackendServers, removes));
        }
    }
}

/// Servers in calls of at most 20.
fn calls(steps: &mut Vec<Planned>, action: Action, servers: Vec<BackendServer>) {
    for chunk in servers.chunks(MAX_BACKEND_SERVERS) {
        steps.push(Planned::Call(action, chunk.to_vec()));
    }
}

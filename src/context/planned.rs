//! The members as a plan's earlier calls leave them, for checking its next call: the listed
//! members, unchanged, with the changes kept beside them by identity (an overlay).
//!
//! Invariants, which make a call cost its servers' lookups (O(log n) each, and a pass over the
//! few IPs of one server id or the holders of one IP), not the members:
//! - `members` holds an entry for each identity a call changed: the member now, or `None` when
//!   it was removed. An identity without an entry is as listed.
//! - `holders` holds an entry for each IP a change touched: the members holding it now. An IP
//!   without an entry is held as listed (only a change can alter who holds it, and every change
//!   writes the entry of the IP it touches).
//! - `count` is the number of members now; `networks`, when the servers' facts are known, how
//!   many of them are in each network (R24), members of unknown network not counted.

use std::collections::{BTreeMap, HashMap};

use super::{order, Established, Member, Network, Roster, Scope, ServerFacts};
use crate::call::BackendServer;
use crate::identity::Identity;
use crate::types::{Action, Port, ServerId, ServerIp, ServerType};

/// The servers' facts, by id.
type Servers = HashMap<String, ServerFacts>;

/// The network of `member`'s server, when its facts name one.
fn network_of<'s>(servers: &'s Servers, member: &Member) -> Option<&'s Network> {
    servers
        .get(member.server().server_id().as_str())
        .and_then(|f| f.network.as_ref())
}

/// What tells apart the members of one server id (R18): the IP, for the types keyed by IP, the
/// kind, and in a server group the port (R39).
type WithinId = (Option<ServerIp>, ServerType, Option<Port>);

/// A member a call changed, by what tells it apart within its id: the member now, or `None`
/// once removed.
type Changed = (WithinId, Option<Member>);

/// What tells apart the members of one server id.
fn within_id(identity: Identity<'_>) -> WithinId {
    (
        identity.server_ip(),
        identity.server_type(),
        identity.port(),
    )
}

/// The changes of a plan's calls so far, over the listed members.
#[derive(Debug, Clone, Default)]
pub(crate) struct Planned {
    /// By server id, then IP and kind: the member now, or `None` once removed.
    members: BTreeMap<ServerId, Vec<Changed>>,
    /// By IP: the members holding it now.
    holders: BTreeMap<ServerIp, Vec<Member>>,
    count: usize,
    /// Members now in each network; `None` without the servers' facts.
    networks: Option<BTreeMap<Network, usize>>,
}

impl Planned {
    /// No change yet to `roster`'s members; with the servers' facts (`servers`, when known),
    /// their networks counted once.
    pub(super) fn new(roster: Roster<'_>, servers: Option<&Servers>) -> Planned {
        let networks = servers.map(|servers| {
            let mut networks = BTreeMap::new();
            for member in roster.members {
                if let Some(network) = network_of(servers, member) {
                    *networks.entry(network.clone()).or_insert(0) += 1;
                }
            }
            networks
        });
        Planned {
            members: BTreeMap::new(),
            holders: BTreeMap::new(),
            count: roster.members.len(),
            networks,
        }
    }

    /// The member with `identity` now.
    pub(super) fn member<'s>(
        &'s self,
        roster: Roster<'s>,
        identity: Identity<'_>,
    ) -> Option<&'s Member> {
        let changed = self.members.get(identity.server_id()).and_then(|entries| {
            entries
                .iter()
                .find(|(key, _)| *key == within_id(identity))
                .map(|(_, member)| member.as_ref())
        });
        match changed {
            Some(now) => now,
            None => roster.member(identity),
        }
    }

    /// A member holding `ip` now that `other` accepts (the first by identity).
    pub(super) fn other_holder<'s>(
        &'s self,
        roster: Roster<'s>,
        ip: ServerIp,
        other: impl Fn(&&Member) -> bool,
    ) -> Option<&'s Member> {
        match self.holders.get(&ip) {
            // The first by identity, as a search of the listed members finds it.
            Some(holders) => holders
                .iter()
                .filter(&other)
                .min_by(|a, b| order(a.identity(), b.identity())),
            None => roster.with_ip(ip).find(other),
        }
    }

    /// How many members there are now.
    pub(super) fn count(&self) -> usize {
        self.count
    }

    /// R24: the network the members share now (counted only with the servers' facts).
    pub(super) fn established(&self) -> Established {
        let Some(networks) = &self.networks else {
            return Established::Unknown;
        };
        let mut shared = networks.keys();
        match (shared.next(), shared.next()) {
            (None, _) => Established::Unknown,
            (Some(network), None) => Established::One(network.clone()),
            (Some(_), Some(_)) => Established::Mixed,
        }
    }

    /// The changes of a call of `action` with `servers`, as the API makes them: an Add of a
    /// server not attached attaches it; a Set of a member changes its weight (and description,
    /// when the item has one); a Remove of a member detaches it. Anything else changes nothing
    /// (the call's own check finds it).
    pub(super) fn apply(
        &mut self,
        roster: Roster<'_>,
        servers_facts: &Servers,
        action: Action,
        servers: &[BackendServer],
    ) {
        let grouped = Scope::of(action) == Scope::Group;
        for server in servers {
            let identity = server.identity_for(action);
            let now = self.member(roster, identity).cloned();
            let next = match now {
                None if action.adds() => {
                    let description = server.description().map(|d| d.as_str().to_owned());
                    if grouped {
                        Member::in_group(server.clone(), description)
                    } else {
                        Member::new(server.clone(), description)
                    }
                }
                Some(member) if action.is_set() => {
                    let changed = member.with_weight_and_description(server);
                    self.forget(roster, &member);
                    changed
                }
                Some(member) if action.is_remove() => {
                    self.forget(roster, &member);
                    self.count = self.count.saturating_sub(1);
                    self.network_count(servers_facts, &member, false);
                    self.set(&member, None);
                    continue;
                }
                _ => continue,
            };
            if action.adds() {
                self.count += 1;
                self.network_count(servers_facts, &next, true);
            }
            if let Some(ip) = next.server().server_ip() {
                self.holders_of(roster, ip).push(next.clone());
            }
            self.set(&next, Some(next.clone()));
        }
    }

    /// The member with `member`'s identity is now `now`.
    fn set(&mut self, member: &Member, now: Option<Member>) {
        let identity = member.identity();
        let entries = self
            .members
            .entry(identity.server_id().clone())
            .or_default();
        match entries
            .iter_mut()
            .find(|(key, _)| *key == within_id(identity))
        {
            Some((_, slot)) => *slot = now,
            None => entries.push((within_id(identity), now)),
        }
    }

    /// `member` no longer holds its IP.
    fn forget(&mut self, roster: Roster<'_>, member: &Member) {
        if let Some(ip) = member.server().server_ip() {
            let identity = member.identity();
            self.holders_of(roster, ip)
                .retain(|held| held.identity() != identity);
        }
    }

    /// The holders of `ip` now, as an entry to change.
    fn holders_of(&mut self, roster: Roster<'_>, ip: ServerIp) -> &mut Vec<Member> {
        self.holders
            .entry(ip)
            .or_insert_with(|| roster.with_ip(ip).cloned().collect())
    }

    /// Counts `member`'s network in (`added`) or out.
    fn network_count(&mut self, servers: &Servers, member: &Member, added: bool) {
        let (Some(networks), Some(network)) = (&mut self.networks, network_of(servers, member))
        else {
            return;
        };
        if added {
            *networks.entry(network.clone()).or_insert(0) += 1;
        } else if let Some(n) = networks.get_mut(network) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                networks.remove(network);
            }
        }
    }

    /// The members now, sorted by identity as the listed ones are.
    pub(super) fn members_now(&self, roster: Roster<'_>) -> Vec<Member> {
        let mut now: Vec<Member> = roster
            .members
            .iter()
            .filter(|m| {
                self.members
                    .get(m.identity().server_id())
                    .is_none_or(|e| e.iter().all(|(key, _)| *key != within_id(m.identity())))
            })
            .cloned()
            .chain(
                self.members
                    .values()
                    .flatten()
                    .filter_map(|(_, m)| m.clone()),
            )
            .collect();
        now.sort_by(|a, b| order(a.identity(), b.identity()));
        now
    }
}

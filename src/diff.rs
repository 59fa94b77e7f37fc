//! [`Diff`]: what the call will change on the load balancer, made after the rules from the
//! servers they kept and the attached members. Identity is R18's. (Its JSON is in `report.rs`.)
//!
//! Its cost does not grow with the members beyond a binary search per item: the members are
//! sorted once, when the facts are read, and shared with the diff; the items to add (at most
//! 20) are sorted; `members_after` merges the two lazily, as it is read.

use std::sync::Arc;

use crate::call::BackendServer;
use crate::context::{order, Member};
use crate::identity::Identity;
use crate::types::Action;

/// What the call will change: the servers an Add attaches (and those of its servers attached
/// already), the members a Set changes, the members a Remove detaches, and the members after
/// the call.
///
/// ```
/// use clb_preflight::context::{LoadBalancerFacts, Member};
/// use clb_preflight::{check_with, BackendServer, Context, Weight};
/// let member = |id: &str| -> Result<Member, Box<dyn std::error::Error>> {
///     Ok(Member::new(BackendServer::builder(id.parse()?).build(), None))
/// };
/// let mut context = Context::new();
/// context.set_load_balancer(
///     LoadBalancerFacts::new("lb-1".parse()?).members([member("i-1")?, member("i-2")?]),
/// )?;
/// let report = check_with(
///     r#"{"Action":"SetBackendServers","LoadBalancerId":"lb-1","BackendServers":"[{\"ServerId\":\"i-2\",\"Weight\":\"50\"}]"}"#,
///     &context,
/// )?;
/// let diff = report.diff().ok_or("the load balancer's facts were given")?;
/// assert!(diff.add().is_empty() && diff.removed().is_empty());
/// let changed = &diff.changed()[0];
/// assert_eq!(changed.before().server().weight(), Weight::new(100)?);
/// assert_eq!(changed.after().server().weight(), Weight::new(50)?);
/// assert_eq!(diff.members_after().len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    members: Arc<[Member]>,
    add: Vec<BackendServer>,
    /// `add`'s indices, sorted by server id, then IP.
    add_sorted: Vec<usize>,
    already_attached: Vec<BackendServer>,
    changed: Vec<Changed>,
    removed: Vec<Member>,
}

/// A member a `SetBackendServers` call names: as it is, and as the call leaves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    before: Member,
    after: Member,
}

impl Changed {
    /// The member before the call, as listed.
    pub fn before(&self) -> &Member {
        &self.before
    }

    /// The member after the call: its weight, and its description when the call sets one.
    pub fn after(&self) -> &Member {
        &self.after
    }
}

/// A member after the call: one attached before, or one the call adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry<'a> {
    /// Attached before the call.
    Attached(&'a Member),
    /// Added by the call.
    Added(&'a BackendServer),
}

impl<'a> Entry<'a> {
    /// The server (a member's has no port).
    pub fn server(&self) -> &'a BackendServer {
        match *self {
            Entry::Attached(m) => m.server(),
            Entry::Added(s) => s,
        }
    }

    /// Which servers count as this one (R18): a group's member by its port too (R39); an
    /// added server as at the load balancer (see [`BackendServer::group_identity`] for a
    /// group's).
    pub fn identity(&self) -> Identity<'a> {
        match *self {
            Entry::Attached(m) => m.identity(),
            Entry::Added(s) => s.identity(),
        }
    }
}

impl Diff {
    /// The diff of adding `servers` (the request's, duplicates dropped, in request order) to
    /// `members` (sorted by server id, then IP, without repeats).
    /// In a server group (`grouped`) identities have the port.
    fn adding<'s>(
        members: &Arc<[Member]>,
        servers: impl IntoIterator<Item = &'s BackendServer>,
        grouped: bool,
    ) -> Diff {
        let (already_attached, add): (Vec<BackendServer>, Vec<BackendServer>) = servers
            .into_iter()
            .cloned()
            .partition(|s| attached(members, key(s, grouped)));
        let add_sorted = sorted(&add, grouped);
        Diff {
            members: Arc::clone(members),
            add,
            add_sorted,
            already_attached,
            changed: Vec::new(),
            removed: Vec::new(),
        }
    }

    /// The diff of the call `action` with `servers` (the request's, duplicates dropped, in
    /// request order) on `members` (sorted by identity, without repeats). An Add attaches the
    /// servers that are no members; a Set's or a Remove's `changed` lists the members it names
    /// (before and after), `removed` those it removes (as listed), and `members_after` shows
    /// them changed or gone; a Modify removes the members among `old` and adds `servers`. A
    /// server that is no member changes nothing (R32 reports it). On a server group (a group
    /// call) identities have the port.
    pub(crate) fn of_call(
        action: Action,
        members: &Arc<[Member]>,
        old: &[BackendServer],
        servers: &[BackendServer],
    ) -> Diff {
        let grouped = action.is_group_call();
        if action.adds() {
            return Diff::adding(members, servers, grouped);
        }
        let modify = action == Action::ModifyVServerGroupBackendServers;
        let mut after: Vec<Option<Member>> = members.iter().cloned().map(Some).collect();
        let mut changed = Vec::new();
        let mut removed = Vec::new();
        let named = if modify { old } else { servers };
        for server in named {
            let at = members.binary_search_by(|m| order(m.identity(), key(server, grouped)));
            let Some((member, slot)) = at.ok().and_then(|i| members.get(i).zip(after.get_mut(i)))
            else {
                continue;
            };
            if action.is_remove() || modify {
                removed.push(member.clone());
                *slot = None;
            } else {
                let now = member.with_weight_and_description(server);
                changed.push(Changed {
                    before: member.clone(),
                    after: now.clone(),
                });
                *slot = Some(now);
            }
        }
        let after: Vec<Member> = after.into_iter().flatten().collect();
        let after: Arc<[Member]> = after.into();
        let mut diff = if modify {
            Diff::adding(&after, servers, true)
        } else {
            Diff::adding(&after, [], grouped)
        };
        diff.changed = changed;
        diff.removed = removed;
        diff
    }

    /// A diff from its parts as a report lists them: `members` in any order (no two alike).
    pub(crate) fn from_parts(
        mut members: Vec<Member>,
        add: Vec<BackendServer>,
        already_attached: Vec<BackendServer>,
        changed: Vec<(Member, Member)>,
        removed: Vec<Member>,
        grouped: bool,
    ) -> Result<Diff, &'static str> {
        members.sort_by(|a, b| order(a.identity(), b.identity()));
        let repeated = members
            .windows(2)
            .any(|w| matches!(w, [a, b] if a.identity() == b.identity()));
        if repeated {
            return Err("a member is listed twice in \"members_after\"");
        }
        let add_sorted = sorted(&add, grouped);
        Ok(Diff {
            members: members.into(),
            add,
            add_sorted,
            already_attached,
            changed: changed
                .into_iter()
                .map(|(before, after)| Changed { before, after })
                .collect(),
            removed,
        })
    }

    /// The servers the call will attach, in request order.
    pub fn add(&self) -> &[BackendServer] {
        &self.add
    }

    /// An Add's servers that are attached already (each also an R21 error), in request order.
    pub fn already_attached(&self) -> &[BackendServer] {
        &self.already_attached
    }

    /// The members a `SetBackendServers` call names, before and after it, in request order.
    pub fn changed(&self) -> &[Changed] {
        &self.changed
    }

    /// The members a `RemoveBackendServers` call detaches, as listed, in request order.
    pub fn removed(&self) -> &[Member] {
        &self.removed
    }

    /// The members after the call, sorted by server id, then IP.
    pub fn members_after(&self) -> MembersAfter<'_> {
        MembersAfter {
            diff: self,
            old: 0,
            new: 0,
        }
    }
}

/// A server's identity in a diff: with the port in a server group.
fn key(server: &BackendServer, grouped: bool) -> Identity<'_> {
    if grouped {
        server.group_identity()
    } else {
        server.identity()
    }
}

/// The positions of `add`, sorted by identity.
fn sorted(add: &[BackendServer], grouped: bool) -> Vec<usize> {
    let mut sorted: Vec<usize> = (0..add.len()).collect();
    sorted.sort_by(|&a, &b| match (add.get(a), add.get(b)) {
        (Some(a), Some(b)) => order(key(a, grouped), key(b, grouped)),
        _ => std::cmp::Ordering::Equal,
    });
    sorted
}

/// Whether `members` (sorted) holds a member with `identity`.
fn attached(members: &[Member], identity: Identity<'_>) -> bool {
    members
        .binary_search_by(|m| order(m.identity(), identity))
        .is_ok()
}

/// The members after the call, in order: the attached members and the added servers merged.
#[derive(Debug, Clone)]
pub struct MembersAfter<'a> {
    diff: &'a Diff,
    old: usize,
    new: usize,
}

impl<'a> Iterator for MembersAfter<'a> {
    type Item = Entry<'a>;

    fn next(&mut self) -> Option<Entry<'a>> {
        let old = self.diff.members.get(self.old);
        let new = self
            .diff
            .add_sorted
            .get(self.new)
            .and_then(|&i| self.diff.add.get(i));
        let take_old = match (old, new) {
            // A group's members are known by their ports, and so are the servers added.
            (Some(m), Some(s)) => order(m.identity(), key(s, m.is_grouped())).is_le(),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        if take_old {
            self.old += 1;
            old.map(Entry::Attached)
        } else {
            self.new += 1;
            new.map(Entry::Added)
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.diff.members.len() + self.diff.add_sorted.len())
            .saturating_sub(self.old + self.new);
        (left, Some(left))
    }
}

impl ExactSizeIterator for MembersAfter<'_> {}

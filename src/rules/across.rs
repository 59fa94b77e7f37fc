//! Across the items of one request: R17 and R18 (identical servers: the first is used, later
//! ones are ignored with a warning) and R19 (two different servers may not claim one IP).

use std::fmt::Write as _;

use super::server::Owner;
use super::{Findings, MAX_BACKEND_SERVERS};
use crate::finding::{Code, Finding, Path};
use crate::request::BackendServer;
use crate::text::Shown;

/// Applies R17 to R19 to the servers the items named (each beside its [`Owner`]) and keeps the
/// ones the API would act on: the first of identical servers, from items without an error of
/// their own. Returns them with their item index.
///
/// At most [`MAX_BACKEND_SERVERS`] items reach here (R4), so earlier servers are found by a
/// linear scan (cheaper than hashing at this size) and what is known about each lives in arrays
/// of that size on the stack. A server past them (none can be) would be dropped, never indexed.
pub(super) fn check(
    mut servers: Vec<BackendServer>,
    owners: &[Owner<'_>],
    out: &mut Findings,
) -> (Vec<BackendServer>, Vec<usize>) {
    let mut roles = [Role::Repeat; MAX_BACKEND_SERVERS];
    let mut keep = [false; MAX_BACKEND_SERVERS];
    for (n, (server, owner)) in servers.iter().zip(owners).enumerate() {
        let earlier = || servers.iter().zip(&roles).zip(owners).take(n);
        let id = server.identity();
        let first = earlier().find(|((s, &r), _)| r != Role::Repeat && s.identity() == id);
        if let Some(((kept, _), kept_owner)) = first {
            out.push(duplicate(server, owner, kept, kept_owner));
            continue;
        }
        let mut role = Role::First;
        let mut ok = owner.ok;
        if let Some(ip) = server.server_ip() {
            let holder =
                earlier().find(|((s, &r), _)| r == Role::Claims && s.server_ip() == Some(ip));
            match holder {
                Some(((holder, _), holder_owner)) => {
                    ok = false;
                    out.push(Finding::new(
                        Code::ServerIpConflict,
                        Path::field(owner.index, owner.server_ip_key),
                        format!(
                            "server ip {ip} is already claimed by BackendServers[{}] ({}); expected each server its own IP",
                            holder_owner.index,
                            Shown(holder.server_id().as_str())
                        ),
                    ));
                }
                None => role = Role::Claims,
            }
        }
        if let (Some(r), Some(k)) = (roles.get_mut(n), keep.get_mut(n)) {
            *r = role;
            *k = ok;
        }
    }
    let indices = owners
        .iter()
        .zip(keep)
        .filter_map(|(owner, k)| k.then_some(owner.index))
        .collect();
    let mut kept = keep.iter();
    servers.retain(|_| kept.next().copied().unwrap_or(false));
    (servers, indices)
}

/// What a server is among those before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// It repeats an earlier server (R17), or was not looked at yet.
    Repeat,
    /// The first of its identity.
    First,
    /// The first of its identity, and the first to claim its IP (R19).
    Claims,
}

/// R17: the warning for `item`, which repeats `kept`, naming the values that are dropped.
fn duplicate(
    item: &BackendServer,
    owner: &Owner<'_>,
    kept: &BackendServer,
    kept_owner: &Owner<'_>,
) -> Finding {
    let mut message = format!(
        "backend server repeats BackendServers[{}] ({}) and is ignored",
        kept_owner.index,
        Shown(kept.server_id().as_str())
    );
    let mut dropped = Vec::new();
    if item.weight() != kept.weight() {
        dropped.push(format!("weight {} (kept {})", item.weight(), kept.weight()));
    }
    if item.server_ip() != kept.server_ip() {
        dropped.push(format!(
            "server ip {} (kept {})",
            shown(&item.server_ip()),
            shown(&kept.server_ip())
        ));
    }
    if item.port() != kept.port() {
        dropped.push(format!(
            "port {} (kept {})",
            shown(&item.port()),
            shown(&kept.port())
        ));
    }
    if item.description() != kept.description() {
        let d = |d: Option<&crate::Description>| {
            d.map_or("none".to_owned(), |d| Shown(d.as_str()).to_string())
        };
        dropped.push(format!(
            "description {} (kept {})",
            d(item.description()),
            d(kept.description())
        ));
    }
    if !dropped.is_empty() {
        let _ = write!(message, "; dropped: {}", dropped.join(", "));
    }
    Finding::new(
        Code::DuplicateBackendServer,
        Path::Item(owner.index),
        message,
    )
}

fn shown<T: std::fmt::Display>(value: &Option<T>) -> String {
    value.as_ref().map_or("none".to_owned(), T::to_string)
}

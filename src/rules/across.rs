//! Across the items of one request: R17 and R18 (identical servers: the first is used, later
//! ones are ignored with a warning) and R19 (two different servers may not claim one IP).

use std::fmt::Write as _;

use super::server::Owner;
use super::Findings;
use crate::finding::{Code, Finding, Path};
use crate::request::{BackendServer, Identity};
use crate::text::Shown;
use crate::types::ServerIp;

/// Applies R17 to R19 to the servers the items named (each beside its [`Owner`]) and keeps the
/// ones the API would act on: the first of identical servers, from items without an error of
/// their own. Returns them with their item index.
///
/// At most 20 items reach here (R4), so earlier items are found by a linear scan: cheaper than
/// hashing at this size, and no input can make it large.
pub(super) fn check(
    mut servers: Vec<BackendServer>,
    owners: &[Owner<'_>],
    out: &mut Findings,
) -> (Vec<BackendServer>, Vec<usize>) {
    // The first server of each identity, and the first claim of each IP, as positions.
    let mut firsts: Vec<(Identity<'_>, usize)> = Vec::with_capacity(servers.len());
    let mut claims: Vec<(ServerIp, usize)> = Vec::with_capacity(servers.len());
    let mut keep = Vec::with_capacity(servers.len());
    for (n, (server, owner)) in servers.iter().zip(owners).enumerate() {
        let id = server.identity();
        let kept = firsts
            .iter()
            .find(|(first, _)| *first == id)
            .map(|&(_, k)| k);
        if let Some(k) = kept {
            if let (Some(kept), Some(kept_owner)) = (servers.get(k), owners.get(k)) {
                out.push(duplicate(server, owner, kept, kept_owner));
            }
            keep.push(false);
            continue;
        }
        firsts.push((id, n));
        let mut ok = owner.ok;
        if let Some(ip) = server.server_ip() {
            match claims.iter().find(|(held, _)| *held == ip) {
                Some(&(_, holder)) => {
                    if let (Some(holder), Some(holder_owner)) =
                        (servers.get(holder), owners.get(holder))
                    {
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
                }
                None => claims.push((ip, n)),
            }
        }
        keep.push(ok);
    }
    drop(firsts);
    let indices = owners
        .iter()
        .zip(&keep)
        .filter_map(|(owner, &k)| k.then_some(owner.index))
        .collect();
    let mut kept = keep.iter();
    servers.retain(|_| kept.next().copied().unwrap_or(false));
    (servers, indices)
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

//! Across the items of one request: R17 and R18 (identical servers: the first is used, later
//! ones are ignored with a warning) and R19 (two different servers may not claim one IP).

use std::fmt::Write as _;

use super::server::ItemFacts;
use super::Findings;
use crate::finding::{Code, Finding, Path};
use crate::request::{BackendServer, Identity};
use crate::text::Shown;
use crate::types::ServerIp;

/// Applies R17 to R19 and returns the servers the API would act on (duplicates dropped), taken
/// from the items that had no error of their own, with their item index.
///
/// At most 20 items reach here (R4), so earlier items are found by a linear scan: cheaper than
/// hashing at this size, and no input can make it large.
pub(super) fn check(
    facts: Vec<ItemFacts<'_>>,
    out: &mut Findings,
) -> (Vec<BackendServer>, Vec<usize>) {
    fn identity<'f>(item: &'f ItemFacts<'_>) -> Option<Identity<'f>> {
        item.server_id
            .as_ref()
            .map(|id| Identity::new(id, item.server_type, item.server_ip))
    }
    // The first item of each identity (with the identity), and the first claim of each IP, as
    // positions in `facts`.
    let mut firsts: Vec<(Identity<'_>, usize)> = Vec::with_capacity(facts.len());
    let mut claims: Vec<(ServerIp, usize)> = Vec::with_capacity(facts.len());
    let mut keep = vec![false; facts.len()];
    for (n, item) in facts.iter().enumerate() {
        let Some(id) = identity(item) else { continue };
        let kept = firsts
            .iter()
            .find(|(first, _)| *first == id)
            .and_then(|&(_, k)| facts.get(k));
        if let Some(kept) = kept {
            out.push(duplicate(item, kept));
            continue;
        }
        firsts.push((id, n));
        let mut ok = item.ok;
        if let Some(ip) = item.server_ip {
            match claims.iter().find(|(held, _)| *held == ip) {
                Some(&(_, holder)) => {
                    if let Some(holder) = facts.get(holder) {
                        ok = false;
                        out.push(Finding::new(
                            Code::ServerIpConflict,
                            Path::field(item.index, item.server_ip_key),
                            format!(
                                "server ip {ip} is already claimed by BackendServers[{}] ({}); expected each server its own IP",
                                holder.index,
                                Shown(holder.server_id.as_ref().map(|i| i.as_str()).unwrap_or_default())
                            ),
                        ));
                    }
                }
                None => claims.push((ip, n)),
            }
        }
        if let Some(slot) = keep.get_mut(n) {
            *slot = ok;
        }
    }
    let mut servers = Vec::with_capacity(facts.len());
    let mut indices = Vec::with_capacity(facts.len());
    for (item, keep) in facts.into_iter().zip(keep) {
        if let Some(server_id) = item.server_id.filter(|_| keep) {
            indices.push(item.index);
            servers.push(BackendServer::from_checked(
                server_id,
                item.server_type,
                item.weight,
                item.server_ip,
                item.port,
                item.description,
            ));
        }
    }
    (servers, indices)
}

/// R17: the warning for `item`, which repeats `kept`, naming the values that are dropped.
fn duplicate(item: &ItemFacts<'_>, kept: &ItemFacts<'_>) -> Finding {
    let id = kept
        .server_id
        .as_ref()
        .map(|i| i.as_str())
        .unwrap_or_default();
    let mut message = format!(
        "backend server repeats BackendServers[{}] ({}) and is ignored",
        kept.index,
        Shown(id)
    );
    let mut dropped = Vec::new();
    if item.weight != kept.weight {
        dropped.push(format!("weight {} (kept {})", item.weight, kept.weight));
    }
    if item.server_ip != kept.server_ip {
        dropped.push(format!(
            "server ip {} (kept {})",
            shown(&item.server_ip),
            shown(&kept.server_ip)
        ));
    }
    if item.port != kept.port {
        dropped.push(format!(
            "port {} (kept {})",
            shown(&item.port),
            shown(&kept.port)
        ));
    }
    if item.description != kept.description {
        let d = |d: &Option<crate::Description>| {
            d.as_ref()
                .map_or("none".to_owned(), |d| Shown(d.as_str()).to_string())
        };
        dropped.push(format!(
            "description {} (kept {})",
            d(&item.description),
            d(&kept.description)
        ));
    }
    if !dropped.is_empty() {
        let _ = write!(message, "; dropped: {}", dropped.join(", "));
    }
    Finding::new(
        Code::DuplicateBackendServer,
        Path::Item(item.index),
        message,
    )
}

fn shown<T: std::fmt::Display>(value: &Option<T>) -> String {
    value.as_ref().map_or("none".to_owned(), T::to_string)
}

//! Across the items of one request: R17 and R18 (identical servers: the first is used, later
//! ones are ignored with a warning) and R19 (two different servers may not claim one IP).

use std::collections::HashMap;
use std::fmt::Write as _;

use super::server::ItemFacts;
use super::Findings;
use crate::finding::{Code, Finding, Path};
use crate::request::{BackendServer, Identity};
use crate::text::Shown;
use crate::types::ServerIp;

/// Applies R17 to R19 and returns the servers the API would act on (duplicates dropped), taken
/// from the items that had no error of their own, with their item index.
pub(super) fn check(facts: &[ItemFacts<'_>], out: &mut Findings) -> Vec<(usize, BackendServer)> {
    let mut first: HashMap<Identity<'_>, &ItemFacts<'_>> = HashMap::with_capacity(facts.len());
    let mut claims: HashMap<ServerIp, (&ItemFacts<'_>, Identity<'_>)> = HashMap::new();
    let mut servers = Vec::with_capacity(facts.len());
    for item in facts {
        let Some(id) = &item.server_id else { continue };
        let identity = Identity::new(id, item.server_type, item.server_ip);
        if let Some(kept) = first.get(&identity) {
            out.push(duplicate(item, kept));
            continue;
        }
        first.insert(identity, item);
        let mut ok = item.ok;
        if let Some(ip) = item.server_ip {
            match claims.get(&ip) {
                Some((holder, holder_identity)) if *holder_identity != identity => {
                    ok = false;
                    out.push(Finding::new(
                        Code::ServerIpConflict,
                        Path::field(item.index, item.server_ip_key),
                        format!(
                            "server ip {ip} is already claimed by BackendServers[{}] ({}); expected each server its own IP",
                            holder.index,
                            Shown(holder_identity.server_id().as_str())
                        ),
                    ));
                }
                Some(_) => {}
                None => {
                    claims.insert(ip, (item, identity));
                }
            }
        }
        if ok {
            servers.push((
                item.index,
                BackendServer::from_checked(
                    id.clone(),
                    item.server_type,
                    item.weight,
                    item.server_ip,
                    item.port,
                    item.description.clone(),
                ),
            ));
        }
    }
    servers
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

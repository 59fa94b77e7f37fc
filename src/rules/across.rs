//! Across the items of one request: R17 and R18 (identical servers: the first is used, later
//! ones are ignored with a warning) and R19 (two different servers may not claim one IP).

use std::fmt::Write as _;

use super::server::Owner;
use super::Findings;
use crate::call::BackendServer;
use crate::finding::{Code, Finding, Hint, Path};
use crate::identity::Firsts;
use crate::limits::MAX_BACKEND_SERVERS;
use crate::text::{message_with, write_number, write_shown, Shown};
use crate::types::{Action, AsText, Description, List};

/// Applies R17 to R19 to the servers the items named (each beside its [`Owner`]) and keeps the
/// ones the API would act on: the first of identical servers, from items without an error of
/// their own. Returns them with their item index.
///
/// At most [`MAX_BACKEND_SERVERS`] items reach here (R4), so earlier servers are found by a
/// linear scan (cheaper than hashing at this size) and what is known about them lives in arrays
/// of that size on the stack. A server past them (none can be) would be dropped, never indexed.
///
/// A Remove claims no IP (R19 is not its rule): members' IPs are distinct, so of two of its
/// servers with one IP at most one is a member, and the API ignores the other (R32).
pub(super) fn check(
    mut servers: Vec<BackendServer>,
    owners: &[Owner<'_>],
    list: List,
    action: Action,
    out: &mut Findings,
) -> (Vec<BackendServer>, Vec<usize>) {
    let claims_ips = !action.is_remove();
    // The first of each identity (R17, R18); the first claim of each IP, with its position
    // (R19).
    let mut firsts = Firsts::<MAX_BACKEND_SERVERS>::new();
    let mut claims = [(0u32, 0usize); MAX_BACKEND_SERVERS];
    let mut claim_count = 0;
    let mut keep = [false; MAX_BACKEND_SERVERS];
    for (n, (server, owner)) in servers.iter().zip(owners).enumerate() {
        // An item without a readable identity is neither a duplicate nor duplicated; its own
        // error already keeps it out.
        if !owner.identified {
            continue;
        }
        let first = firsts
            .first_by(&servers, n, |s| s.identity_for(action))
            .and_then(|k| servers.get(k).zip(owners.get(k)));
        if let Some((kept, kept_owner)) = first {
            out.push(duplicate(server, owner, kept, kept_owner, list, action));
            continue;
        }
        let mut ok = owner.ok;
        if let Some(ip) = server.server_ip().filter(|_| claims_ips) {
            let bits = u32::from(ip.get());
            // In a server group one server may be a member on several ports: only another
            // server claims its IP.
            let holder = claims
                .iter()
                .take(claim_count)
                .find(|&&(held, _)| held == bits)
                .and_then(|&(_, k)| servers.get(k).zip(owners.get(k)))
                .filter(|(holder, _)| holder.identity() != server.identity());
            match holder {
                Some((holder, holder_owner)) => {
                    ok = false;
                    out.push(Finding::new(
                        Code::InvalidBackendServersServerIpConflict,
                        Path::field_in(list, owner.index, owner.server_ip_key),
                        message_with(|m| {
                            m.push_str("server ip ");
                            ip.with_text(|ip| m.push_str(ip));
                            m.push_str(" is already claimed by ");
                            m.push_str(list.name());
                            m.push('[');
                            write_number(m, holder_owner.index as u64)?;
                            m.push_str("] (");
                            write_shown(m, holder.server_id().as_str())?;
                            m.write_str("); expected each server its own IP")
                        }),
                    ));
                }
                None => {
                    if let Some(slot) = claims.get_mut(claim_count) {
                        *slot = (bits, n);
                        claim_count += 1;
                    }
                }
            }
        }
        if let Some(k) = keep.get_mut(n) {
            *k = ok;
        }
    }
    let mut indices = Vec::with_capacity(servers.len());
    indices.extend(
        owners
            .iter()
            .zip(keep)
            .filter_map(|(owner, k)| k.then_some(owner.index)),
    );
    let mut kept = keep.iter();
    servers.retain(|_| kept.next().copied().unwrap_or(false));
    (servers, indices)
}

/// R17: the warning for `item`, which repeats `kept`, naming the values that are dropped; in a
/// server group's call but a Remove, R39's error.
fn duplicate(
    item: &BackendServer,
    owner: &Owner<'_>,
    kept: &BackendServer,
    kept_owner: &Owner<'_>,
    list: List,
    action: Action,
) -> Finding {
    let refused = action.is_group_call() && !action.is_remove();
    let message = message_with(|m| {
        m.push_str("backend server repeats ");
        m.push_str(list.name());
        m.push('[');
        write_number(m, kept_owner.index as u64)?;
        m.push_str("] (");
        write_shown(m, kept.server_id().as_str())?;
        // An `eni` or `eci` server is known by its IP too: the repeat is the pair.
        if let Some(ip) = kept
            .server_ip()
            .filter(|_| kept.server_type().keyed_by_ip())
        {
            m.push_str(", ");
            ip.with_text(|ip| m.push_str(ip));
        }
        // In a server group, by its port too.
        if let Some(port) = kept.port().filter(|_| action.is_group_call()) {
            m.push_str(", port ");
            port.with_text(|p| m.push_str(p));
        }
        if refused {
            m.push_str("); expected each server on each port once: ");
            m.push_str(action.as_str());
            return m.write_str(" refuses a repeat");
        }
        m.push_str(") and is ignored");
        // "; dropped: " before the first value dropped, ", " before the others.
        let mut separator = "; dropped: ";
        let mut next = |m: &mut String| {
            m.push_str(separator);
            separator = ", ";
        };
        if item.weight() != kept.weight() {
            next(m);
            m.push_str("weight ");
            item.weight().with_text(|w| m.push_str(w));
            m.push_str(" (kept ");
            kept.weight().with_text(|w| m.push_str(w));
            m.push(')');
        }
        if item.server_ip() != kept.server_ip() {
            next(m);
            write!(
                m,
                "server ip {} (kept {})",
                shown(&item.server_ip()),
                shown(&kept.server_ip())
            )?;
        }
        if item.port() != kept.port() {
            next(m);
            write!(
                m,
                "port {} (kept {})",
                shown(&item.port()),
                shown(&kept.port())
            )?;
        }
        if item.description() != kept.description() {
            let d = |d: Option<&Description>| {
                d.map_or("none".to_owned(), |d| Shown(d.as_str()).to_string())
            };
            next(m);
            write!(
                m,
                "description {} (kept {})",
                d(item.description()),
                d(kept.description())
            )?;
        }
        Ok(())
    });
    let code = match (refused, list) {
        (false, _) => Code::DuplicateBackendServerIgnored,
        (true, List::MasterSlaveBackendServers) => Code::BackendServersHaveSamePortAndServerid,
        (true, _) => Code::DuplicateBackendServer,
    };
    Finding::new(code, Path::Item(list, owner.index), message).with_hint(Hint::Repeats {
        index: kept_owner.index,
    })
}

fn shown<T: std::fmt::Display>(value: &Option<T>) -> String {
    value.as_ref().map_or("none".to_owned(), T::to_string)
}

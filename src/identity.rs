//! [`Identity`]: which backend servers count as the same (R18), and `Firsts`: which of a list
//! of servers repeat an earlier one (R17, the planner's R33).

use std::collections::HashMap;

use crate::types::{Port, ServerId, ServerIp, ServerType};

/// Something that names a backend server: it has an identity (R18).
pub(crate) trait Identified {
    /// Which servers count as this one.
    fn identity(&self) -> Identity<'_>;
}

/// Which backend servers count as the same (R18): the same kind (`Type`) and `ServerId`, and
/// for `eni` and `eci` the same `ServerIp`; in a server group (R39) also the same `Port` — one
/// server on two ports is two members. Ordered by server id, then IP, then kind, then port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identity<'a> {
    server_id: &'a ServerId,
    server_ip: Option<ServerIp>,
    server_type: ServerType,
    port: Option<Port>,
}

impl<'a> Identity<'a> {
    /// The identity of a server with this id, type and IP.
    pub fn new(
        server_id: &'a ServerId,
        server_type: ServerType,
        server_ip: Option<ServerIp>,
    ) -> Self {
        Identity {
            server_id,
            server_ip: server_ip.filter(|_| server_type.keyed_by_ip()),
            server_type,
            port: None,
        }
    }

    /// The same identity in a server group, where the port is part of it (R39).
    ///
    /// ```
    /// use clb_preflight::BackendServer;
    /// let on = |port: &str| -> Result<BackendServer, Box<dyn std::error::Error>> {
    ///     Ok(BackendServer::builder("i-1".parse()?).port(port.parse()?).build())
    /// };
    /// let (a, b) = (on("80")?, on("8080")?);
    /// assert_eq!(a.identity(), b.identity());
    /// assert_ne!(a.identity().in_group(a.port()), b.identity().in_group(b.port()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn in_group(self, port: Option<Port>) -> Self {
        Identity { port, ..self }
    }

    /// The port, in a server group.
    pub fn port(&self) -> Option<Port> {
        self.port
    }

    /// The server id.
    pub fn server_id(&self) -> &'a ServerId {
        self.server_id
    }

    /// The IP, for the types keyed by IP.
    pub fn server_ip(&self) -> Option<ServerIp> {
        self.server_ip
    }

    /// The kind: an `ecs` server and an `eni` one with the same id are two servers.
    ///
    /// ```
    /// use clb_preflight::{BackendServer, ServerType};
    /// let ecs = BackendServer::builder("x-1".parse()?).build();
    /// let eni = BackendServer::builder("x-1".parse()?).server_type(ServerType::Eni).build();
    /// assert_eq!(ecs.identity().server_type(), ServerType::Ecs);
    /// assert_eq!(eni.identity().server_type(), ServerType::Eni);
    /// assert_ne!(ecs.identity(), eni.identity());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn server_type(&self) -> ServerType {
        self.server_type
    }

    /// A cheap summary: equal identities give equal fingerprints (unequal ones usually differ),
    /// so identities are compared only where fingerprints agree.
    fn fingerprint(&self) -> u64 {
        self.server_id.fingerprint()
            ^ self
                .server_ip
                .map_or(0, |ip| u64::from(u32::from(ip.get())))
            ^ self.port.map_or(0, |p| u64::from(p.get()) << 32)
    }
}

/// R17 and R18: which servers repeat an earlier one. Fed the servers in order, it tells for
/// each the position of the first identical server before it, or records it as a first. The
/// one implementation that the validator, the planner and `drop_duplicates` share.
///
/// The first `N` firsts are kept on the stack and found by a linear scan of fingerprints (a
/// request has at most 20 items: cheaper than hashing at that size); more go to a map.
pub(crate) struct Firsts<const N: usize> {
    small: [(u64, usize); N],
    len: usize,
    /// Made only once the stack is full.
    more: Option<HashMap<u64, Vec<usize>>>,
}

impl<const N: usize> Firsts<N> {
    pub(crate) fn new() -> Self {
        Firsts {
            small: [(0, 0); N],
            len: 0,
            more: None,
        }
    }

    /// The position of the first server before `servers[n]` that is identical to it; `None`
    /// when there is none, and `servers[n]` is then recorded as a first.
    #[inline]
    pub(crate) fn first_of<T: Identified>(&mut self, servers: &[T], n: usize) -> Option<usize> {
        self.first_by(servers, n, T::identity)
    }

    /// [`Firsts::first_of`], with the identity `key` gives (a server group's, with the port).
    #[inline]
    pub(crate) fn first_by<T>(
        &mut self,
        servers: &[T],
        n: usize,
        key: impl for<'x> Fn(&'x T) -> Identity<'x>,
    ) -> Option<usize> {
        let identity = key(servers.get(n)?);
        let print = identity.fingerprint();
        let same = |&k: &usize| servers.get(k).is_some_and(|s| key(s) == identity);
        let small = self.small.get(..self.len).unwrap_or_default();
        let mut found = small
            .iter()
            .filter(|&&(p, _)| p == print)
            .map(|&(_, k)| k)
            .find(same);
        // The map holds firsts only once the stack is full: most calls never hash.
        if let (None, Some(more)) = (found, &self.more) {
            found = more.get(&print).and_then(|f| f.iter().copied().find(same));
        }
        if found.is_none() {
            match self.small.get_mut(self.len) {
                Some(slot) => {
                    *slot = (print, n);
                    self.len += 1;
                }
                None => self
                    .more
                    .get_or_insert_with(HashMap::new)
                    .entry(print)
                    .or_default()
                    .push(n),
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server of the test: an id, and an IP for an ENI.
    struct Named(ServerId, Option<ServerIp>);

    impl Identified for Named {
        fn identity(&self) -> Identity<'_> {
            let kind = if self.1.is_some() {
                ServerType::Eni
            } else {
                ServerType::Ecs
            };
            Identity::new(&self.0, kind, self.1)
        }
    }

    fn server(id: &str, ip: Option<&str>) -> Named {
        Named(
            ServerId::parse(id).unwrap_or_else(|e| panic!("{e}")),
            ip.map(|ip| ServerIp::parse(ip).unwrap_or_else(|e| panic!("{e}"))),
        )
    }

    /// Past the stack's capacity the map takes over, with the same answers.
    #[test]
    fn firsts_beyond_the_stack_agree_with_a_plain_search() {
        let ids: Vec<Named> = (0..60)
            .map(|n| match n % 3 {
                0 => server(&format!("i-{}", n % 25), None),
                1 => server("eni-1", Some(&format!("10.0.0.{}", n % 17))),
                _ => server(&format!("i-{n}"), None),
            })
            .collect();
        let mut firsts = Firsts::<4>::new();
        for n in 0..ids.len() {
            let want = (0..n).find(|&k| ids[k].identity() == ids[n].identity());
            assert_eq!(firsts.first_of(&ids, n), want, "{n}");
        }
    }
}

//! [`ServerIp`]: a backend server's IPv4 address (R14, R15).

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::text::{write_shown, WriteAbout, WriteMessage};

/// A backend server's IP address: IPv4 in strict dotted decimal (`192.168.0.1`).
///
/// ```
/// use clb_preflight::ServerIp;
/// assert!("192.168.1.20".parse::<ServerIp>().is_ok());
/// assert!("127.1".parse::<ServerIp>().is_err());
/// assert!("010.0.0.1".parse::<ServerIp>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServerIp(Ipv4Addr);

/// Why a text is not a [`ServerIp`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerIpError {
    /// An IPv6 address: CLB forwards only to IPv4 backends (R15).
    Ipv6 {
        /// The text as given.
        text: String,
    },
    /// Anything else that is not four decimal parts 0 to 255 without leading zeros (R14).
    NotIpv4 {
        /// The text as given.
        text: String,
    },
}

impl WriteMessage for ServerIpError {
    fn write_message<W: fmt::Write + ?Sized>(&self, w: &mut W) -> fmt::Result {
        let (ServerIpError::Ipv6 { text } | ServerIpError::NotIpv4 { text }) = self;
        self.write_about(text, w)
    }
}

impl WriteAbout for ServerIpError {
    fn with_text(self, text: &str) -> ServerIpError {
        let text = text.to_owned();
        match self {
            ServerIpError::Ipv6 { .. } => ServerIpError::Ipv6 { text },
            ServerIpError::NotIpv4 { .. } => ServerIpError::NotIpv4 { text },
        }
    }

    fn write_about<W: fmt::Write + ?Sized>(&self, text: &str, w: &mut W) -> fmt::Result {
        let what = match self {
            ServerIpError::Ipv6 { .. } => " is an IPv6 address; CLB forwards only to IPv4 backends",
            ServerIpError::NotIpv4 { .. } => {
                " is not an IPv4 address in dotted decimal (four parts 0 to 255, no leading zeros)"
            }
        };
        w.write_str("server ip ")?;
        write_shown(w, text)?;
        w.write_str(what)
    }
}

impl fmt::Display for ServerIpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_message(f)
    }
}

impl std::error::Error for ServerIpError {}

impl ServerIp {
    /// Parses an IPv4 address in dotted decimal, through `std::net::Ipv4Addr` (which refuses
    /// `127.1`, `0x7f.0.0.1` and octets with leading zeros).
    ///
    /// # Errors
    /// [`ServerIpError::Ipv6`] for `::1` or `fe80::1`; [`ServerIpError::NotIpv4`] for
    /// `256.0.0.1`, `1.2.3`, `01.2.3.4`, ` 1.2.3.4`.
    pub fn parse(text: &str) -> Result<ServerIp, ServerIpError> {
        ServerIp::judge(text).map_err(|e| e.with_text(text))
    }

    /// [`ServerIp::parse`] judged in place: the error keeps no copy of the text.
    pub(crate) fn judge(text: &str) -> Result<ServerIp, ServerIpError> {
        if let Ok(ip) = text.parse::<Ipv4Addr>() {
            return Ok(ServerIp(ip));
        }
        if text.contains(':') && text.parse::<Ipv6Addr>().is_ok() {
            return Err(ServerIpError::Ipv6 {
                text: String::new(),
            });
        }
        Err(ServerIpError::NotIpv4 {
            text: String::new(),
        })
    }

    /// The address.
    pub const fn get(self) -> Ipv4Addr {
        self.0
    }
}

impl From<Ipv4Addr> for ServerIp {
    fn from(ip: Ipv4Addr) -> ServerIp {
        ServerIp(ip)
    }
}

impl From<ServerIp> for Ipv4Addr {
    fn from(ip: ServerIp) -> Ipv4Addr {
        ip.0
    }
}

impl fmt::Display for ServerIp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl super::AsText for ServerIp {
    fn with_text<R>(&self, with: impl FnOnce(&str) -> R) -> R {
        let [a, b, c, d] = self.get().octets();
        let mut text = crate::text::Short::<15>::new();
        text.number(a.into()).byte(b'.').number(b.into()).byte(b'.');
        text.number(c.into()).byte(b'.').number(d.into());
        with(text.as_str())
    }
}

super::text_traits!(ServerIp, ServerIpError, "an IPv4 address");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_dotted_decimal() {
        for ok in ["0.0.0.0", "10.0.0.1", "192.168.1.20", "255.255.255.255"] {
            let ip = ServerIp::parse(ok);
            assert_eq!(ip.map(|i| i.to_string()).ok().as_deref(), Some(ok));
        }
        for bad in [
            "",
            "1.2.3",
            "1.2.3.4.5",
            "256.1.1.1",
            "01.2.3.4",
            "1.2.3.04",
            "0x7f.0.0.1",
            "127.1",
            " 1.2.3.4",
            "1.2.3.4 ",
            "1.2.3.4/24",
            "１.2.3.4",
            "1.2.3.-4",
            "+1.2.3.4",
        ] {
            assert!(
                matches!(ServerIp::parse(bad), Err(ServerIpError::NotIpv4 { .. })),
                "{bad:?}"
            );
        }
        for v6 in [
            "::1",
            "fe80::1",
            "2001:db8::8a2e:370:7334",
            "::ffff:10.0.0.1",
        ] {
            assert!(
                matches!(ServerIp::parse(v6), Err(ServerIpError::Ipv6 { .. })),
                "{v6:?}"
            );
        }
    }
}

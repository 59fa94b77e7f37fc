//! [`ServerRole`]: `Master` or `Slave`, a master-slave server group's `ServerType` (R40).

use std::fmt;

use crate::text::{write_shown, WriteAbout, WriteMessage};

/// The role of a server in a master-slave server group, as its item's `ServerType` names it
/// (exactly `Master` or `Slave`; only in `MasterSlaveBackendServers`).
///
/// ```
/// use clb_preflight::types::ServerRole;
/// assert_eq!("Master".parse(), Ok(ServerRole::Master));
/// assert!("master".parse::<ServerRole>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ServerRole {
    /// `Master`: the server that takes the traffic.
    Master,
    /// `Slave`: the server that takes over when the master fails.
    Slave,
}

/// Why a text is not a [`ServerRole`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerRoleError {
    text: String,
}

impl WriteMessage for ServerRoleError {
    fn write_message<W: fmt::Write + ?Sized>(&self, w: &mut W) -> fmt::Result {
        self.write_about(&self.text, w)
    }
}

impl WriteAbout for ServerRoleError {
    fn with_text(self, text: &str) -> ServerRoleError {
        ServerRoleError {
            text: text.to_owned(),
        }
    }

    fn write_about<W: fmt::Write + ?Sized>(&self, text: &str, w: &mut W) -> fmt::Result {
        w.write_str("server type ")?;
        write_shown(w, text)?;
        w.write_str(" is not a role in a master-slave group; expected \"Master\" or \"Slave\"")
    }
}

impl fmt::Display for ServerRoleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_message(f)
    }
}

impl std::error::Error for ServerRoleError {}

impl ServerRole {
    /// Both roles.
    pub const ALL: [ServerRole; 2] = [ServerRole::Master, ServerRole::Slave];

    /// Parses exactly `Master` or `Slave`.
    ///
    /// # Errors
    /// [`ServerRoleError`] for anything else (`master`, `Backup`, `""`).
    pub fn parse(text: &str) -> Result<ServerRole, ServerRoleError> {
        ServerRole::judge(text).map_err(|e| e.with_text(text))
    }

    /// [`ServerRole::parse`] judged in place: the error keeps no copy of the text.
    pub(crate) fn judge(text: &str) -> Result<ServerRole, ServerRoleError> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == text)
            .ok_or(ServerRoleError {
                text: String::new(),
            })
    }

    /// The word the API takes: `Master` or `Slave`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ServerRole::Master => "Master",
            ServerRole::Slave => "Slave",
        }
    }
}

impl fmt::Display for ServerRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl super::AsText for ServerRole {
    fn with_text<R>(&self, with: impl FnOnce(&str) -> R) -> R {
        with(self.as_str())
    }
}

super::text_traits!(ServerRole, ServerRoleError, "a server role");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_master_or_slave() {
        for role in ServerRole::ALL {
            assert_eq!(ServerRole::parse(role.as_str()), Ok(role));
            assert_eq!(role.to_string(), role.as_str());
        }
        assert_eq!(
            ServerRole::parse("master").map_err(|e| e.to_string()),
            Err("server type \"master\" is not a role in a master-slave group; expected \"Master\" or \"Slave\"".into())
        );
        assert!(ServerRole::parse("").is_err());
    }
}

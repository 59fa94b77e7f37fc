//! [`Action`]: which of the member calls a request is — `AddBackendServers` (the default),
//! `SetBackendServers` or `RemoveBackendServers` (R0).

use std::fmt;

/// The call a request makes on the load balancer's members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[non_exhaustive]
pub enum Action {
    /// `AddBackendServers`: attaches servers (the default when `Action` is absent).
    #[default]
    AddBackendServers,
    /// `SetBackendServers`: changes attached members' weights (and descriptions).
    SetBackendServers,
    /// `RemoveBackendServers`: detaches members.
    RemoveBackendServers,
}

impl Action {
    /// Every action, in the order above.
    pub const ALL: [Action; 3] = [
        Action::AddBackendServers,
        Action::SetBackendServers,
        Action::RemoveBackendServers,
    ];

    /// The action as the API spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::AddBackendServers => "AddBackendServers",
            Action::SetBackendServers => "SetBackendServers",
            Action::RemoveBackendServers => "RemoveBackendServers",
        }
    }

    /// The action spelt exactly `text`.
    pub fn parse(text: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// A text that names no call this crate checks (`Action`'s `FromStr` error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("action {} is none of the calls this crate checks; expected one such as \"AddBackendServers\"", crate::text::Shown(.0))]
pub struct UnknownAction(String);

/// The action spelt exactly `text`.
///
/// ```
/// use clb_preflight::Action;
/// assert_eq!("SetBackendServers".parse(), Ok(Action::SetBackendServers));
/// assert!("setbackendservers".parse::<Action>().is_err());
/// ```
impl std::str::FromStr for Action {
    type Err = UnknownAction;

    fn from_str(text: &str) -> Result<Action, UnknownAction> {
        Action::parse(text).ok_or_else(|| UnknownAction(text.to_owned()))
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_its_own_spelling_only() {
        for action in Action::ALL {
            assert_eq!(Action::parse(action.as_str()), Some(action));
            assert_eq!(Action::parse(&action.as_str().to_lowercase()), None);
        }
        assert_eq!(Action::parse(""), None);
        assert_eq!(
            "Nope".parse::<Action>().map_err(|e| e.to_string()),
            Err("action \"Nope\" is none of the calls this crate checks; expected one such as \"AddBackendServers\"".to_owned())
        );
        assert_eq!(Action::default(), Action::AddBackendServers);
    }
}

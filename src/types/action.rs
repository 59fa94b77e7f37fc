//! [`Action`]: which of the member calls a request is — `AddBackendServers` (the default),
//! `SetBackendServers` or `RemoveBackendServers` on the load balancer's default server group
//! (R0), or one of the calls on a vServer group or a master-slave server group (R35), which a
//! request must name.

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
    /// `CreateVServerGroup`: creates a vServer group on a load balancer, with 0 to 20 members.
    CreateVServerGroup,
    /// `AddVServerGroupBackendServers`: adds members to a vServer group.
    AddVServerGroupBackendServers,
    /// `RemoveVServerGroupBackendServers`: removes members from a vServer group.
    RemoveVServerGroupBackendServers,
    /// `SetVServerGroupAttribute`: changes a vServer group's name, or its members' weights
    /// (and descriptions).
    SetVServerGroupAttribute,
    /// `ModifyVServerGroupBackendServers`: replaces members of a vServer group
    /// (`OldBackendServers` by `NewBackendServers`).
    ModifyVServerGroupBackendServers,
    /// `CreateMasterSlaveServerGroup`: creates a master-slave server group of exactly two
    /// servers, one `Master` and one `Slave`.
    CreateMasterSlaveServerGroup,
}

impl Action {
    /// Every action, in the order above.
    pub const ALL: [Action; 9] = [
        Action::AddBackendServers,
        Action::SetBackendServers,
        Action::RemoveBackendServers,
        Action::CreateVServerGroup,
        Action::AddVServerGroupBackendServers,
        Action::RemoveVServerGroupBackendServers,
        Action::SetVServerGroupAttribute,
        Action::ModifyVServerGroupBackendServers,
        Action::CreateMasterSlaveServerGroup,
    ];

    /// The action as the API spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::AddBackendServers => "AddBackendServers",
            Action::SetBackendServers => "SetBackendServers",
            Action::RemoveBackendServers => "RemoveBackendServers",
            Action::CreateVServerGroup => "CreateVServerGroup",
            Action::AddVServerGroupBackendServers => "AddVServerGroupBackendServers",
            Action::RemoveVServerGroupBackendServers => "RemoveVServerGroupBackendServers",
            Action::SetVServerGroupAttribute => "SetVServerGroupAttribute",
            Action::ModifyVServerGroupBackendServers => "ModifyVServerGroupBackendServers",
            Action::CreateMasterSlaveServerGroup => "CreateMasterSlaveServerGroup",
        }
    }

    /// Whether the call is on a server group (a vServer group or a master-slave one) rather
    /// than on the load balancer's default group: its items need `Port`, and a server on two
    /// ports is two members (R38, R39).
    ///
    /// ```
    /// use clb_preflight::Action;
    /// assert!(Action::AddVServerGroupBackendServers.is_group_call());
    /// assert!(!Action::AddBackendServers.is_group_call());
    /// ```
    pub const fn is_group_call(self) -> bool {
        !matches!(
            self,
            Action::AddBackendServers | Action::SetBackendServers | Action::RemoveBackendServers
        )
    }

    /// Whether the call acts on an existing vServer group, named by `VServerGroupId`.
    pub const fn takes_vserver_group_id(self) -> bool {
        matches!(
            self,
            Action::AddVServerGroupBackendServers
                | Action::RemoveVServerGroupBackendServers
                | Action::SetVServerGroupAttribute
                | Action::ModifyVServerGroupBackendServers
        )
    }

    /// Whether the call names the load balancer (`LoadBalancerId`): the default group's calls
    /// and the two that create a group.
    pub const fn takes_load_balancer_id(self) -> bool {
        !self.takes_vserver_group_id()
    }

    /// Whether the call removes the members it names (`RemoveBackendServers`,
    /// `RemoveVServerGroupBackendServers`): the API ignores a server that is no member.
    pub const fn is_remove(self) -> bool {
        matches!(
            self,
            Action::RemoveBackendServers | Action::RemoveVServerGroupBackendServers
        )
    }

    /// Whether the call changes members' weights and descriptions (`SetBackendServers`,
    /// `SetVServerGroupAttribute`): each server it names must be a member.
    pub const fn is_set(self) -> bool {
        matches!(
            self,
            Action::SetBackendServers | Action::SetVServerGroupAttribute
        )
    }

    /// Whether the call adds the servers it names as members (`AddBackendServers`,
    /// `AddVServerGroupBackendServers`, and the two calls that create a group with members).
    pub const fn adds(self) -> bool {
        matches!(
            self,
            Action::AddBackendServers
                | Action::AddVServerGroupBackendServers
                | Action::CreateVServerGroup
                | Action::CreateMasterSlaveServerGroup
        )
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
            // Each call is of one kind.
            let kinds = [action.is_remove(), action.is_set(), action.adds()];
            let modify = action == Action::ModifyVServerGroupBackendServers;
            assert_eq!(kinds.iter().filter(|k| **k).count(), usize::from(!modify));
            assert_ne!(
                action.takes_load_balancer_id(),
                action.takes_vserver_group_id()
            );
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

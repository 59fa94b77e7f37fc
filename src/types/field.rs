//! The names a request may carry, in the order the rules read them: a backend server's fields
//! ([`ItemField`]) and the request's own parameters ([`Param`]). Every table that depends on a
//! field's name or position is built from these, so a new field is one new variant.

/// A field of one backend server, in the order the rules read them (R5 to R16).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum ItemField {
    ServerId,
    Weight,
    Description,
    Type,
    ServerIp,
    Port,
    /// `Master` or `Slave`: only in `MasterSlaveBackendServers` (R40).
    ServerType,
}

impl ItemField {
    /// Every field, in reading order (`field as usize` is its position here).
    pub(crate) const ALL: [ItemField; 7] = [
        ItemField::ServerId,
        ItemField::Weight,
        ItemField::Description,
        ItemField::Type,
        ItemField::ServerIp,
        ItemField::Port,
        ItemField::ServerType,
    ];

    /// Every field's name, in reading order.
    pub(crate) const NAMES: [&'static str; 7] = [
        ItemField::ServerId.name(),
        ItemField::Weight.name(),
        ItemField::Description.name(),
        ItemField::Type.name(),
        ItemField::ServerIp.name(),
        ItemField::Port.name(),
        ItemField::ServerType.name(),
    ];

    /// The fields of an item of every list but a master-slave group's: all but `ServerType`.
    pub(crate) const MEMBER_NAMES: [&'static str; 6] = [
        ItemField::ServerId.name(),
        ItemField::Weight.name(),
        ItemField::Description.name(),
        ItemField::Type.name(),
        ItemField::ServerIp.name(),
        ItemField::Port.name(),
    ];

    /// The field's name as the API spells it.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            ItemField::ServerId => "ServerId",
            ItemField::Weight => "Weight",
            ItemField::Description => "Description",
            ItemField::Type => "Type",
            ItemField::ServerIp => "ServerIp",
            ItemField::Port => "Port",
            ItemField::ServerType => "ServerType",
        }
    }
}

/// A parameter of the request itself (R0 to R5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Param {
    LoadBalancerId,
    RegionId,
    BackendServers,
    Action,
    VServerGroupId,
    VServerGroupName,
    MasterSlaveServerGroupName,
    OldBackendServers,
    NewBackendServers,
    MasterSlaveBackendServers,
}

impl Param {
    /// Every parameter, in reading order.
    pub(crate) const ALL: [Param; 10] = [
        Param::LoadBalancerId,
        Param::RegionId,
        Param::BackendServers,
        Param::Action,
        Param::VServerGroupId,
        Param::VServerGroupName,
        Param::MasterSlaveServerGroupName,
        Param::OldBackendServers,
        Param::NewBackendServers,
        Param::MasterSlaveBackendServers,
    ];

    /// Every parameter's name, in reading order.
    pub(crate) const NAMES: [&'static str; 10] = [
        Param::LoadBalancerId.name(),
        Param::RegionId.name(),
        Param::BackendServers.name(),
        Param::Action.name(),
        Param::VServerGroupId.name(),
        Param::VServerGroupName.name(),
        Param::MasterSlaveServerGroupName.name(),
        Param::OldBackendServers.name(),
        Param::NewBackendServers.name(),
        Param::MasterSlaveBackendServers.name(),
    ];

    /// The parameter's name as the API spells it.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Param::LoadBalancerId => "LoadBalancerId",
            Param::RegionId => "RegionId",
            Param::BackendServers => "BackendServers",
            Param::Action => "Action",
            Param::VServerGroupId => "VServerGroupId",
            Param::VServerGroupName => "VServerGroupName",
            Param::MasterSlaveServerGroupName => "MasterSlaveServerGroupName",
            Param::OldBackendServers => "OldBackendServers",
            Param::NewBackendServers => "NewBackendServers",
            Param::MasterSlaveBackendServers => "MasterSlaveBackendServers",
        }
    }

    /// The list of servers this parameter is, if it is one.
    pub(crate) const fn list(self) -> Option<List> {
        match self {
            Param::BackendServers => Some(List::BackendServers),
            Param::OldBackendServers => Some(List::OldBackendServers),
            Param::NewBackendServers => Some(List::NewBackendServers),
            Param::MasterSlaveBackendServers => Some(List::MasterSlaveBackendServers),
            _ => None,
        }
    }
}

/// A list of backend servers a request carries, as the parameter that holds it is named:
/// `BackendServers` in every call but two, `OldBackendServers` and `NewBackendServers` in
/// `ModifyVServerGroupBackendServers`, `MasterSlaveBackendServers` in
/// `CreateMasterSlaveServerGroup`. A finding's [`Path`](crate::Path) names its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[non_exhaustive]
pub enum List {
    /// `BackendServers`.
    #[default]
    BackendServers,
    /// `OldBackendServers`: the members a Modify replaces.
    OldBackendServers,
    /// `NewBackendServers`: the members a Modify puts in their place.
    NewBackendServers,
    /// `MasterSlaveBackendServers`: a master-slave group's two servers.
    MasterSlaveBackendServers,
}

impl List {
    /// Every list, in reading order.
    pub const ALL: [List; 4] = [
        List::BackendServers,
        List::OldBackendServers,
        List::NewBackendServers,
        List::MasterSlaveBackendServers,
    ];

    /// The parameter's name: `BackendServers`, `OldBackendServers` …
    pub const fn name(self) -> &'static str {
        self.param().name()
    }

    /// The parameter that holds the list.
    pub(crate) const fn param(self) -> Param {
        match self {
            List::BackendServers => Param::BackendServers,
            List::OldBackendServers => Param::OldBackendServers,
            List::NewBackendServers => Param::NewBackendServers,
            List::MasterSlaveBackendServers => Param::MasterSlaveBackendServers,
        }
    }
}

impl std::fmt::Display for List {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_names_agree() {
        for (n, field) in ItemField::ALL.into_iter().enumerate() {
            assert_eq!(field as usize, n);
            assert_eq!(ItemField::NAMES.get(n), Some(&field.name()));
        }
        for (n, param) in Param::ALL.into_iter().enumerate() {
            assert_eq!(param as usize, n);
            assert_eq!(Param::NAMES.get(n), Some(&param.name()));
            if let Some(list) = param.list() {
                assert_eq!(list.param(), param);
            }
        }
        assert_eq!(ItemField::MEMBER_NAMES, ItemField::NAMES[..6]);
    }
}

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
}

impl ItemField {
    /// Every field, in reading order (`field as usize` is its position here).
    pub(crate) const ALL: [ItemField; 6] = [
        ItemField::ServerId,
        ItemField::Weight,
        ItemField::Description,
        ItemField::Type,
        ItemField::ServerIp,
        ItemField::Port,
    ];

    /// Every field's name, in reading order.
    pub(crate) const NAMES: [&'static str; 6] = [
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
}

impl Param {
    /// Every parameter, in reading order.
    #[cfg(test)]
    pub(crate) const ALL: [Param; 4] = [
        Param::LoadBalancerId,
        Param::RegionId,
        Param::BackendServers,
        Param::Action,
    ];

    /// Every parameter's name, in reading order.
    pub(crate) const NAMES: [&'static str; 4] = [
        Param::LoadBalancerId.name(),
        Param::RegionId.name(),
        Param::BackendServers.name(),
        Param::Action.name(),
    ];

    /// The parameter's name as the API spells it.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Param::LoadBalancerId => "LoadBalancerId",
            Param::RegionId => "RegionId",
            Param::BackendServers => "BackendServers",
            Param::Action => "Action",
        }
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
        }
    }
}

//! [`Code`]: a finding's stable code, one table with each code's text, rule and severity.

use std::fmt;

use super::{Rule, Severity};

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident => $text:literal, $rule:literal, $severity:ident;)*) => {
        /// A finding's stable code, as the report prints it.
        ///
        /// Codes in the API's own dotted style; those the API itself returns are named so in
        /// the [rule book](crate::rule_book). Each code belongs to exactly one rule and has one severity.
        ///
        /// Each variant is named after its wire code without the dots
        /// (`DuplicateBackendServer.Ignored` is [`Code::DuplicateBackendServerIgnored`]); its
        /// text is [`Code::as_str`] and `Display`, and [`str::parse`] reads it back.
        ///
        /// ```
        /// use clb_preflight::{Code, Rule, Severity};
        /// let code: Code = "DuplicateBackendServer.Ignored".parse()?;
        /// assert_eq!(code, Code::DuplicateBackendServerIgnored);
        /// assert_eq!(code.to_string(), "DuplicateBackendServer.Ignored");
        /// assert_eq!((code.rule(), code.severity()), (Rule::R17, Severity::Warning));
        /// # Ok::<(), clb_preflight::finding::UnknownCode>(())
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $(
                $(#[$doc])*
                ///
                #[doc = concat!("Wire code `", $text, "`; rule R", stringify!($rule), "; ", stringify!($severity), ".")]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as the report prints it: `InvalidWeight.Malformed`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            /// The rule this code belongs to.
            pub const fn rule(self) -> Rule {
                match self {
                    $(Code::$variant => Rule::r($rule),)*
                }
            }

            /// Whether a finding with this code is an error or a warning.
            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    /// The document is not a request at all (R0).
    MalformedRequest => "MalformedRequest", 0, Error;
    /// The document is larger than the limit (R0).
    RequestTooLarge => "RequestTooLarge", 0, Error;
    /// The request starts with a byte-order mark (U+FEFF), which is set aside (R0).
    ByteOrderMark => "ByteOrderMark", 0, Warning;
    /// The report lists at most the limit of findings; this one says how many were left out (R0).
    TooManyFindings => "TooManyFindings", 0, Warning;
    /// `Action` is present and is not `AddBackendServers` (R0).
    InvalidParameterAction => "InvalidParameter.Action", 0, Error;
    /// `LoadBalancerId` is absent or empty (R1).
    MissingParameterLoadBalancerId => "MissingParameter.LoadBalancerId", 1, Error;
    /// `LoadBalancerId` holds whitespace or control characters, or is not a string (R1).
    InvalidParameterLoadBalancerId => "InvalidParameter.LoadBalancerId", 1, Error;
    /// `LoadBalancerId` is well formed but lacks the `lb-` prefix (R1).
    UnrecognizedLoadBalancerId => "UnrecognizedLoadBalancerId", 1, Warning;
    /// `RegionId` is not a region id (R2).
    InvalidParameterRegionId => "InvalidParameter.RegionId", 2, Error;
    /// `BackendServers` is absent, empty, not JSON, not an array, or holds a non-object (R3).
    InvalidParameterBackendServers => "InvalidParameter.BackendServers", 3, Error;
    /// More than 20 backend servers in one request (R4).
    TooManyBackendServers => "TooManyBackendServers", 4, Error;
    /// A key that is not a field of the API; it is ignored (R5).
    UnknownField => "UnknownField", 5, Warning;
    /// A known field spelt in another letter case; it is used (R5).
    NonCanonicalFieldName => "NonCanonicalFieldName", 5, Warning;
    /// The same field twice in one object, in any spelling (R5).
    InvalidParameterDuplicateField => "InvalidParameter.DuplicateField", 5, Error;
    /// `ServerId` is absent or empty (R6).
    MissingParameterServerId => "MissingParameter.ServerId", 6, Error;
    /// `ServerId` is not a string, is too long, or holds whitespace or control characters (R6).
    InvalidParameterServerId => "InvalidParameter.ServerId", 6, Error;
    /// `ServerId` has none of the prefixes `i-`, `eni-`, `eci-` (R6).
    UnrecognizedServerId => "UnrecognizedServerId", 6, Warning;
    /// `Weight` is not a plain decimal integer from 0 to 100 (R7).
    InvalidWeightMalformed => "InvalidWeight.Malformed", 7, Error;
    /// `Weight` is 0: the server receives no requests (R8).
    ZeroWeight => "ZeroWeight", 8, Warning;
    /// `Description` is empty, too long, or holds a character outside the allowed set (R9).
    InvalidParameterDescription => "InvalidParameter.Description", 9, Error;
    /// `Type` is not exactly `ecs`, `eni` or `eci` (R10).
    BackendServerInvalidType => "BackendServer.InvalidType", 10, Error;
    /// `Type` is absent for an ENI or elastic container instance (R11).
    MissingParameterType => "MissingParameter.Type", 11, Error;
    /// `Type` disagrees with the `ServerId` prefix (R12).
    InvalidParameterTypeMismatch => "InvalidParameter.TypeMismatch", 12, Error;
    /// `ServerIp` is absent for an `eni` or `eci` server (R13).
    MissingParameterServerIp => "MissingParameter.ServerIp", 13, Error;
    /// `ServerIp` is not an IPv4 address in dotted decimal (R14).
    InvalidParameterServerIp => "InvalidParameter.ServerIp", 14, Error;
    /// An `ecs` item's `ServerIp` is the empty string: taken as absent (R14).
    ServerIpEmptyIgnored => "ServerIp.EmptyIgnored", 14, Warning;
    /// `ServerIp` is an IPv6 address (R15).
    LbNotSupportIpv6Backend => "LBNotSupportIpv6Backend", 15, Error;
    /// `Port` is not a plain decimal integer from 1 to 65535 (R16).
    InvalidParameterPort => "InvalidParameter.Port", 16, Error;
    /// The backend server repeats an earlier one and is ignored (R17).
    DuplicateBackendServerIgnored => "DuplicateBackendServer.Ignored", 17, Warning;
    /// Two different backend servers claim one `ServerIp`, in the request or against an
    /// attached member (R19).
    InvalidBackendServersServerIpConflict => "InvalidBackendServers.ServerIpConflict", 19, Error;
    /// An ENI or ECI backend on a load balancer that is not high-performance (R20).
    OperationDeniedServerTypeNotSupported => "OperationDenied.ServerTypeNotSupported", 20, Error;
    /// The backend server is attached already (R21).
    BackendServerAlreadyAttached => "BackendServer.AlreadyAttached", 21, Error;
    /// The backend server is not running (R22).
    ObtainIpFail => "ObtainIpFail", 22, Error;
    /// The load balancer does not take a server of this network type (R23).
    InvalidParameter => "InvalidParameter", 23, Error;
    /// The server is in another VPC than the load balancer (R23).
    NetworkConflict => "NetworkConflict", 23, Error;
    /// The members would span more than one VPC, or a VPC and the classic network (R24).
    InvalidBackendServersInconsistent => "InvalidBackendServers.Inconsistent", 24, Error;
    /// The members would exceed the quota (R25).
    InstanceBackendServerNumberOverLimit => "InstanceBackendServerNumberOverLimit", 25, Error;
    /// The load balancer is locked (R26).
    ActionNotAllowed => "ActionNotAllowed", 26, Error;
    /// A single-tunnel or any-tunnel load balancer takes only `ecs` backends (R27).
    OperationUnsupportedAddBackendServers => "OperationUnsupported.AddBackendServers", 27, Error;
    /// `ServerIp` is not one of the server's own private IPs (R28).
    InvalidParameterServerIpNotOwned => "InvalidParameter.ServerIpNotOwned", 28, Error;
    /// The supplied facts do not mention the server: its context rules stay unchecked (R29).
    UnknownServer => "UnknownServer", 29, Warning;
    /// `BackendServers` writes strings in single quotes: the API reads them, but it is not
    /// JSON (R30).
    NonStandardJson => "NonStandardJson", 30, Warning;
    /// A `SetBackendServers` item without `Weight` (R31).
    SetBackendServersWeightMissing => "SetBackendServers.WeightMissing", 31, Warning;
    /// A `RemoveBackendServers` item with a field that call does not read (R31).
    RemoveBackendServersFieldIgnored => "RemoveBackendServers.FieldIgnored", 31, Warning;
    /// A `RemoveBackendServers` item of an `eni` or `eci` server without `ServerIp`: which of
    /// its IPs is meant cannot be told (R31).
    RemoveBackendServersServerIpMissing => "RemoveBackendServers.ServerIpMissing", 31, Warning;
    /// `SetBackendServers` names a server that is not attached (R32).
    BackendServerNotAttached => "BackendServer.NotAttached", 32, Error;
    /// `RemoveBackendServers` names a server that is not attached: the API ignores it (R32).
    BackendServerNotAttachedIgnored => "BackendServer.NotAttachedIgnored", 32, Warning;
    /// The planner's desired members name one server twice (R33).
    DesiredBackendServerRepeated => "DesiredBackendServer.Repeated", 33, Error;
    /// A plan would leave the load balancer without members, and the caller did not allow it
    /// (R34).
    PlanEmptiesLoadBalancer => "Plan.EmptiesLoadBalancer", 34, Error;
    /// A server group call without `RegionId` (R35).
    MissingParameterRegionId => "MissingParameter.RegionId", 35, Error;
    /// A call on a vServer group without `VServerGroupId`, or with an empty one (R35).
    MissingParameterVServerGroupId => "MissingParameter.VServerGroupId", 35, Error;
    /// `VServerGroupId` holds whitespace, control or format characters, is the bare prefix
    /// `rsp-`, or is not a string (R35).
    InvalidParameterVServerGroupId => "InvalidParameter.VServerGroupId", 35, Error;
    /// `VServerGroupId` is well formed but lacks the `rsp-` prefix (R35).
    UnrecognizedVServerGroupId => "UnrecognizedVServerGroupId", 35, Warning;
    /// `VServerGroupName` is empty, too long, or holds a character outside the allowed set
    /// (R36).
    InvalidParameterVServerGroupName => "InvalidParameter.VServerGroupName", 36, Error;
    /// `MasterSlaveServerGroupName` is empty, too long, or holds a character outside the
    /// allowed set (R36).
    InvalidParameterMasterSlaveServerGroupName => "InvalidParameter.MasterSlaveServerGroupName", 36, Error;
    /// A `SetVServerGroupAttribute` with neither a name nor servers, or a
    /// `ModifyVServerGroupBackendServers` with neither list (R37).
    MissingParameter => "MissingParameter", 37, Error;
    /// A server group list's item without `Port` (R38).
    MissingParameterPort => "MissingParameter.Port", 38, Error;
    /// A master-slave group's item without `Port` (R38).
    BackendServerPortCanNotEmpty => "BACKEND_SERVER_PORT_CAN_NOT_EMPTY", 38, Error;
    /// A server group list names one server on one port twice (R39).
    DuplicateBackendServer => "DuplicateBackendServer", 39, Error;
    /// A master-slave group's two items name one server on one port (R39).
    BackendServersHaveSamePortAndServerid => "BACKEND_SERVERS_HAVE_SAME_PORT_AND_SERVERID", 39, Error;
    /// `MasterSlaveBackendServers` does not hold exactly two servers (R40).
    BackendServersNumMustBeTwo => "BACKEND_SERVERS_NUM_MUST_BE_TWO", 40, Error;
    /// A master-slave group's `ServerType` is not exactly `Master` or `Slave` (R40).
    InvalidServerType => "INVALID_SERVER_TYPE", 40, Error;
    /// A master-slave group's two servers are not one `Master` and one `Slave` (R40).
    BackendServersCanOnlyContainOneMasterAndOneSlave => "BACKEND_SERVERS_CAN_ONLY_CONTAIN_ONE_MASTER_AND_ONE_SLAVE", 40, Error;
    /// A master-slave group's item without `ServerId`, or with an empty one (R6).
    BackendServerIdCanNotEmpty => "BACKEND_SERVER_ID_CAN_NOT_EMPTY", 6, Error;
    /// With an owner's prefix, a desired item whose `Description` does not start with it (R41).
    PlanDescriptionNotOwned => "Plan.DescriptionNotOwned", 41, Error;
    /// With an owner's prefix, a desired item that is a member not owned (R41).
    PlanMemberNotOwned => "Plan.MemberNotOwned", 41, Error;
    /// A plan that cannot keep the serving floor after every call (R42).
    PlanBelowServingFloor => "Plan.BelowServingFloor", 42, Error;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is no code of [`Code`] (its `FromStr` error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a code of this crate; expected one such as \"InvalidWeight.Malformed\"", crate::text::Shown(.0))]
pub struct UnknownCode(String);

impl std::str::FromStr for Code {
    type Err = UnknownCode;

    /// The code whose wire text is `text`, exactly.
    fn from_str(text: &str) -> Result<Code, UnknownCode> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == text)
            .ok_or_else(|| UnknownCode(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_from_their_text() {
        for code in Code::ALL {
            assert_eq!(code.as_str().parse::<Code>(), Ok(*code));
            // The variant's name is the wire code without its dots.
            assert_eq!(
                format!("{code:?}").to_lowercase(),
                code.as_str().replace(['.', '_'], "").to_lowercase()
            );
        }
        for bad in [
            "",
            "invalidweight.malformed",
            "InvalidWeight",
            " ZeroWeight",
        ] {
            assert!(bad.parse::<Code>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn codes_are_unique_and_rules_exist() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{code} twice");
            assert!(code.rule().number() <= Rule::LAST);
        }
    }
}

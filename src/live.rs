//! The live API's error codes, by what a caller should do about them: [`classify`] and
//! [`explain`]. Sources: the CLB developer guide's "Common error codes" page, each member call's
//! doc page and the API metadata's error lists, and which codes peers retry (the rule book's
//! "Only the live API can tell" section cites them).
//!
//! ```
//! use clb_preflight::live::{classify, explain, ErrorClass};
//! use clb_preflight::Rule;
//! assert_eq!(classify("Throttling.User", Some(400)), ErrorClass::Throttled);
//! assert_eq!(classify("ServiceIsConfiguring", None), ErrorClass::Busy);
//! assert_eq!(classify("SomethingNew", Some(503)), ErrorClass::Busy);
//! let e = explain("TooManyBackendServers", Some(400));
//! assert_eq!((e.class(), e.retry(), e.rule()), (ErrorClass::Permanent, false, Some(Rule::R4)));
//! ```

use std::fmt;

use crate::finding::{Code, Rule};

/// What a caller should do about a live error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorClass {
    /// Too many requests: retry after a backoff.
    Throttled,
    /// The load balancer or the service is busy: retry the same request after a backoff.
    Busy,
    /// The request is wrong, or the state does not allow it: retrying the same request fails
    /// again.
    Permanent,
    /// Not a code this crate knows: do not retry blindly.
    Unknown,
}

impl ErrorClass {
    /// `throttled`, `busy`, `permanent` or `unknown`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorClass::Throttled => "throttled",
            ErrorClass::Busy => "busy",
            ErrorClass::Permanent => "permanent",
            ErrorClass::Unknown => "unknown",
        }
    }

    /// Whether sending the same request again, after a backoff, can succeed.
    pub const fn retry(self) -> bool {
        matches!(self, ErrorClass::Throttled | ErrorClass::Busy)
    }
}

impl fmt::Display for ErrorClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Codes that say the service or the load balancer is busy: retry with backoff.
const BUSY: [(&str, &str); 15] = [
    (
        "ServiceIsConfiguring",
        "the load balancer is applying an earlier change; retry after a backoff",
    ),
    (
        "VServerGroupProcessing",
        "a vServer group of the load balancer is being changed; retry after a backoff",
    ),
    (
        "OperationBusy",
        "the load balancer is busy with another operation; retry after a backoff",
    ),
    (
        "BackendServerProcessing",
        "backend servers of the load balancer are being changed; retry after a backoff",
    ),
    (
        "OperationFailed.ServiceGroupProcessing",
        "a server group is being changed; retry after a backoff",
    ),
    (
        "BackendServer.configuring",
        "the backend server is being configured; retry after a backoff",
    ),
    (
        "ServiceIsStopping",
        "the load balancer is stopping; retry after a backoff",
    ),
    ("SystemBusy", "the service is busy; retry after a backoff"),
    (
        "VpcSystemBusy",
        "the VPC service is busy; retry after a backoff",
    ),
    (
        "ProcessingSameRequest",
        "the same request is being processed; retry after a backoff, or check its result first",
    ),
    (
        "LocationServiceTimeout",
        "a service the API depends on timed out; retry after a backoff",
    ),
    (
        "ServiceUnavailable",
        "the service is unavailable; retry after a backoff",
    ),
    ("InternalError", "the service failed; retry after a backoff"),
    (
        "InternalInvokeError",
        "the service failed; retry after a backoff",
    ),
    (
        "SignatureNonceUsed",
        "the signature nonce was used before; resend with a new SignatureNonce",
    ),
];

/// Codes that retrying the same request does not mend, with the rule that catches them before
/// sending (where one does).
const PERMANENT: [(&str, Option<Rule>, &str); 27] = [
    (
        "TooManyBackendServers",
        Some(Rule::R4),
        "send at most 20 backend servers per call",
    ),
    (
        "InvalidWeight.Malformed",
        Some(Rule::R7),
        "send a weight from 0 to 100, as a plain decimal",
    ),
    (
        "BackendServersMalformed",
        Some(Rule::R3),
        "send BackendServers as a JSON array of objects",
    ),
    (
        "InvalidParameter",
        None,
        "a parameter is invalid; check the request (clb-preflight check) and the message",
    ),
    (
        "InvalidBackendServers.ServerIpConflict",
        Some(Rule::R19),
        "give each server its own IP",
    ),
    (
        "InvalidBackendServers.Inconsistent",
        Some(Rule::R24),
        "keep every member in one VPC, or all in the classic network",
    ),
    (
        "NetworkConflict",
        Some(Rule::R23),
        "add servers of the load balancer's VPC",
    ),
    (
        "ObtainIpFail",
        Some(Rule::R22),
        "start the server first (Running; an ENI InUse)",
    ),
    (
        "OperationUnsupported.AddBackendServers",
        Some(Rule::R27),
        "a single-tunnel or any-tunnel load balancer takes only ecs backends",
    ),
    (
        "BackendServer.InvalidType",
        Some(Rule::R10),
        "send Type ecs, eni or eci, in lower case",
    ),
    (
        "LBNotSupportIpv6Backend",
        Some(Rule::R15),
        "send an IPv4 ServerIp",
    ),
    (
        "OperationDeny.LbNotSupportIPv6Server",
        Some(Rule::R15),
        "send an IPv4 ServerIp",
    ),
    (
        "ActionNotAllowed",
        Some(Rule::R26),
        "the load balancer is locked; unlock it first",
    ),
    (
        "InstanceBackendServerNumberOverLimit",
        Some(Rule::R25),
        "the members quota is reached: remove members first, then add",
    ),
    (
        "OperationDenied.ServerTypeNotSupported",
        Some(Rule::R20),
        "eni and eci backends need a high-performance load balancer",
    ),
    (
        "Mismatched.ZoneId",
        None,
        "the server is in a zone the load balancer cannot reach",
    ),
    (
        "IncorrectStatus.RSByPassToas",
        None,
        "the backend server's status does not allow it",
    ),
    (
        "OperationFailed.ActionNotSupport",
        None,
        "the load balancer does not support this action",
    ),
    (
        "LbStatusNotSupport",
        None,
        "the load balancer's status does not allow it",
    ),
    (
        "MasterSlaveServerConflict",
        None,
        "the server is in a primary/secondary server group of the load balancer",
    ),
    (
        "InvalidServerId.NotFound",
        None,
        "no such server: check the ServerId and the region",
    ),
    (
        "InvalidServerId.NotExist",
        None,
        "no such server: check the ServerId and the region",
    ),
    ("ResourceNotFound.vServers", None, "no such vServer group"),
    (
        "Forbidden",
        None,
        "the account may not do this: check its permissions",
    ),
    (
        "UnauthorizedRegion",
        None,
        "the account may not use this region",
    ),
    (
        "BackendServer.ServerRegionIdNotEqual",
        None,
        "add servers of the load balancer's region",
    ),
    (
        "RspoolVipExist",
        None,
        "the server is still in use by a listener or a group: remove that first, then retry",
    ),
];

/// What to do about one live error code: its class, whether to retry, the rule that catches it
/// before sending (if one does), and advice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    code: String,
    class: ErrorClass,
    rule: Option<Rule>,
    advice: String,
}

impl Explanation {
    /// The code, as given.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Its class.
    pub fn class(&self) -> ErrorClass {
        self.class
    }

    /// Whether sending the same request again can succeed.
    pub fn retry(&self) -> bool {
        self.class.retry()
    }

    /// The rule of the rule book that catches it before sending, if one does.
    pub fn rule(&self) -> Option<Rule> {
        self.rule
    }

    /// What to do, lower-case.
    pub fn advice(&self) -> &str {
        &self.advice
    }
}

/// `{"code", "class", "retry", "rule", "advice"}`, in that order (`rule` `null` when no rule
/// catches it): the JSON of `clb-preflight explain --format json`.
///
/// ```
/// let e = clb_preflight::live::explain("ObtainIpFail", None);
/// assert_eq!(
///     serde_json::to_string(&e)?,
///     r#"{"code":"ObtainIpFail","class":"permanent","retry":false,"rule":"R22","advice":"start the server first (Running; an ENI InUse)"}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
impl serde::Serialize for Explanation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("code", &self.code)?;
        map.serialize_entry("class", self.class.as_str())?;
        map.serialize_entry("retry", &self.retry())?;
        map.serialize_entry("rule", &self.rule.map(crate::finding::Rule::as_str))?;
        map.serialize_entry("advice", &self.advice)?;
        map.end()
    }
}

/// Two lines for people: `ObtainIpFail: permanent, do not retry as it is (rule R22: …)`, then
/// the advice.
impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let retry = if self.retry() {
            "retry with backoff"
        } else {
            "do not retry as it is"
        };
        write!(f, "{}: {}, {retry}", self.code, self.class)?;
        if let Some(rule) = self.rule {
            write!(
                f,
                " (rule {rule}: clb-preflight check catches it before sending)"
            )?;
        }
        write!(f, "\n{}", self.advice)
    }
}

/// The class of a live error `code` (with its HTTP status, when known).
pub fn classify(code: &str, http_status: Option<u16>) -> ErrorClass {
    explain(code, http_status).class
}

/// What to do about a live error `code` (with its HTTP status, when known): the throttling
/// family and the busy codes are retried with backoff, as is any HTTP 429 (throttled) or 5xx
/// (busy) with a code not known otherwise; the permanent codes
/// name the rule that catches them before sending; this crate's own codes are permanent, with
/// their rule; anything else is unknown.
pub fn explain(code: &str, http_status: Option<u16>) -> Explanation {
    let explanation = |class, rule, advice: &str| Explanation {
        code: code.to_owned(),
        class,
        rule,
        advice: advice.to_owned(),
    };
    if code.contains("Throttling") {
        return explanation(
            ErrorClass::Throttled,
            None,
            "too many requests; retry after a backoff that grows with each attempt",
        );
    }
    if let Some((_, advice)) = BUSY.iter().find(|(c, _)| *c == code) {
        return explanation(ErrorClass::Busy, None, advice);
    }
    if let Some((_, rule, advice)) = PERMANENT.iter().find(|(c, ..)| *c == code) {
        return explanation(ErrorClass::Permanent, *rule, advice);
    }
    if code.starts_with("OperationUnsupported.") {
        return explanation(
            ErrorClass::Permanent,
            None,
            "the load balancer does not support this operation",
        );
    }
    if http_status == Some(429) {
        return explanation(
            ErrorClass::Throttled,
            None,
            "too many requests (HTTP 429); retry after a backoff that grows with each attempt",
        );
    }
    if http_status.is_some_and(|s| (500..600).contains(&s)) {
        return explanation(
            ErrorClass::Busy,
            None,
            "the service failed (HTTP 5xx); retry after a backoff",
        );
    }
    if let Ok(own) = code.parse::<Code>() {
        return explanation(
            ErrorClass::Permanent,
            Some(own.rule()),
            "clb-preflight check reports this before sending: fix the request as its message says",
        );
    }
    explanation(
        ErrorClass::Unknown,
        None,
        "not a code this tool knows; do not retry blindly: read the message and the request id",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_s_codes_fall_in_their_classes() {
        for code in [
            "Throttling",
            "Throttling.User",
            "Throttling.Api",
            "Rejected.Throttling",
        ] {
            assert_eq!(classify(code, Some(400)), ErrorClass::Throttled, "{code}");
        }
        for code in [
            "ServiceIsConfiguring",
            "VServerGroupProcessing",
            "OperationBusy",
            "BackendServerProcessing",
            "BackendServer.configuring",
            "ServiceIsStopping",
            "SystemBusy",
            "VpcSystemBusy",
            "ProcessingSameRequest",
            "LocationServiceTimeout",
        ] {
            assert_eq!(classify(code, None), ErrorClass::Busy, "{code}");
            assert!(explain(code, None).retry());
        }
        assert_eq!(classify("Whatever", Some(502)), ErrorClass::Busy);
        assert_eq!(classify("Whatever", Some(429)), ErrorClass::Throttled);
        assert!(explain("Whatever", Some(429)).retry());
        assert_eq!(classify("Whatever", Some(428)), ErrorClass::Unknown);
        assert_eq!(classify("Whatever", Some(430)), ErrorClass::Unknown);
        assert_eq!(classify("Whatever", Some(400)), ErrorClass::Unknown);
        assert!(!explain("Whatever", None).retry());
        assert_eq!(
            explain("TooManyBackendServers", None).rule(),
            Some(Rule::R4)
        );
        assert_eq!(explain("ObtainIpFail", None).rule(), Some(Rule::R22));
        assert_eq!(
            explain("OperationUnsupported.Anything", None).class(),
            ErrorClass::Permanent
        );
        // This crate's own codes name their rule.
        let own = explain("BackendServer.AlreadyAttached", None);
        assert_eq!(
            (own.class(), own.rule()),
            (ErrorClass::Permanent, Some(Rule::R21))
        );
        // A permanent code stays permanent whatever the status says.
        assert_eq!(
            classify("ActionNotAllowed", Some(500)),
            ErrorClass::Permanent
        );
    }

    #[test]
    fn permanent_codes_that_are_ours_name_the_same_rule() {
        for (code, rule, _) in PERMANENT {
            if let (Ok(own), Some(rule)) = (code.parse::<Code>(), rule) {
                assert_eq!(own.rule(), rule, "{code}");
            }
        }
    }
}

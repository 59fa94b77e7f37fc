//! The report's vocabulary: [`Finding`], [`Code`], [`Rule`], [`Severity`] and [`Path`].

use std::borrow::Cow;
use std::fmt;

use crate::text::{write_safe, WriteAbout, WriteMessage};
use crate::types::field::{ItemField, Param};

/// Whether a finding stops the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The API would reject the request.
    Error,
    /// The API accepts the request, but the caller most likely did not mean it.
    Warning,
}

/// A rule of the [rule book](crate::rule_book): `R1` … `R30`, and `R0` for the request envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rule(u8);

impl Rule {
    /// The request envelope: the document is a request at all (a JSON object of API parameters
    /// or a query string) and its `Action`, when present, is `AddBackendServers`.
    pub const ENVELOPE: Rule = Rule(0);
    /// The highest rule number of the rule book.
    pub const LAST: u8 = 34;

    /// The rule with this number, if the rule book has it.
    pub const fn new(number: u8) -> Option<Rule> {
        if number <= Self::LAST {
            Some(Rule(number))
        } else {
            None
        }
    }

    /// The rule's number: 7 for `R7`.
    pub const fn number(self) -> u8 {
        self.0
    }

    /// Rule `n`, for the crate's own fixed rule numbers (all at most [`Rule::LAST`]).
    pub(crate) const fn r(n: u8) -> Rule {
        Rule(n)
    }
}

/// The rules by name, as the rule book numbers them: `Rule::R7` is weight's range.
impl Rule {
    /// Rule R0 of the rule book.
    pub const R0: Rule = Rule(0);
    /// Rule R1 of the rule book.
    pub const R1: Rule = Rule(1);
    /// Rule R2 of the rule book.
    pub const R2: Rule = Rule(2);
    /// Rule R3 of the rule book.
    pub const R3: Rule = Rule(3);
    /// Rule R4 of the rule book.
    pub const R4: Rule = Rule(4);
    /// Rule R5 of the rule book.
    pub const R5: Rule = Rule(5);
    /// Rule R6 of the rule book.
    pub const R6: Rule = Rule(6);
    /// Rule R7 of the rule book.
    pub const R7: Rule = Rule(7);
    /// Rule R8 of the rule book.
    pub const R8: Rule = Rule(8);
    /// Rule R9 of the rule book.
    pub const R9: Rule = Rule(9);
    /// Rule R10 of the rule book.
    pub const R10: Rule = Rule(10);
    /// Rule R11 of the rule book.
    pub const R11: Rule = Rule(11);
    /// Rule R12 of the rule book.
    pub const R12: Rule = Rule(12);
    /// Rule R13 of the rule book.
    pub const R13: Rule = Rule(13);
    /// Rule R14 of the rule book.
    pub const R14: Rule = Rule(14);
    /// Rule R15 of the rule book.
    pub const R15: Rule = Rule(15);
    /// Rule R16 of the rule book.
    pub const R16: Rule = Rule(16);
    /// Rule R17 of the rule book.
    pub const R17: Rule = Rule(17);
    /// Rule R18 of the rule book.
    pub const R18: Rule = Rule(18);
    /// Rule R19 of the rule book.
    pub const R19: Rule = Rule(19);
    /// Rule R20 of the rule book.
    pub const R20: Rule = Rule(20);
    /// Rule R21 of the rule book.
    pub const R21: Rule = Rule(21);
    /// Rule R22 of the rule book.
    pub const R22: Rule = Rule(22);
    /// Rule R23 of the rule book.
    pub const R23: Rule = Rule(23);
    /// Rule R24 of the rule book.
    pub const R24: Rule = Rule(24);
    /// Rule R25 of the rule book.
    pub const R25: Rule = Rule(25);
    /// Rule R26 of the rule book.
    pub const R26: Rule = Rule(26);
    /// Rule R27 of the rule book.
    pub const R27: Rule = Rule(27);
    /// Rule R28 of the rule book.
    pub const R28: Rule = Rule(28);
    /// Rule R29 of the rule book.
    pub const R29: Rule = Rule(29);
    /// Rule R30 of the rule book.
    pub const R30: Rule = Rule(30);
    /// Rule R31 of the rule book.
    pub const R31: Rule = Rule(31);
    /// Rule R32 of the rule book.
    pub const R32: Rule = Rule(32);
    /// Rule R33 of the rule book.
    pub const R33: Rule = Rule(33);
    /// Rule R34 of the rule book.
    pub const R34: Rule = Rule(34);
}

/// A set of rules, one bit each (rule `n` is bit `n`, up to 63): no allocation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct RuleSet(u64);

impl RuleSet {
    /// Adds `rule`.
    pub(crate) fn insert(&mut self, rule: Rule) {
        self.0 |= 1u64.checked_shl(u32::from(rule.0)).unwrap_or(0);
    }

    /// Adds every rule of `rules`.
    pub(crate) fn extend(&mut self, rules: impl IntoIterator<Item = Rule>) {
        for rule in rules {
            self.insert(rule);
        }
    }

    /// Whether the set holds no rule.
    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The rules, by number.
    pub(crate) fn iter(self) -> impl Iterator<Item = Rule> {
        (0..=Rule::LAST)
            .filter(move |n| self.0 & (1u64 << n) != 0)
            .map(Rule)
    }
}

impl FromIterator<Rule> for RuleSet {
    fn from_iter<I: IntoIterator<Item = Rule>>(rules: I) -> RuleSet {
        let mut set = RuleSet::default();
        set.extend(rules);
        set
    }
}

/// The rules that need facts about the load balancer or the servers (R20 to R28): a check
/// without facts lists them as unchecked.
pub const CONTEXT_RULES: std::ops::RangeInclusive<u8> = 20..=28;

/// The rules of an `AddBackendServers` request that need the load balancer's facts (its
/// `DescribeLoadBalancerAttribute`). (R32, a Set's or Remove's, needs them too.)
pub(crate) const NEEDS_LOAD_BALANCER: [Rule; 7] = [
    Rule::R20,
    Rule::R21,
    Rule::R23,
    Rule::R24,
    Rule::R25,
    Rule::R26,
    Rule::R27,
];

/// The rules that need the servers' facts (their `DescribeInstances`,
/// `DescribeNetworkInterfaces` or `DescribeContainerGroups`).
pub(crate) const NEEDS_SERVERS: [Rule; 4] = [Rule::R22, Rule::R23, Rule::R24, Rule::R28];

impl Rule {
    /// Whether the rule needs the load balancer's facts (a `DescribeLoadBalancerAttribute`
    /// response): without them it is unchecked.
    ///
    /// ```
    /// use clb_preflight::Rule;
    /// assert!(Rule::R26.needs_load_balancer() && !Rule::R26.needs_servers());
    /// assert!(Rule::R22.needs_servers() && !Rule::R22.needs_load_balancer());
    /// assert!(Rule::R23.needs_load_balancer() && Rule::R23.needs_servers());
    /// ```
    pub fn needs_load_balancer(self) -> bool {
        NEEDS_LOAD_BALANCER.contains(&self) || self == Rule::R32
    }

    /// Whether the rule needs the servers' facts (their Describe responses): without them it
    /// is unchecked.
    pub fn needs_servers(self) -> bool {
        NEEDS_SERVERS.contains(&self)
    }
}

impl Rule {
    /// `"R0"` … `"R30"`.
    pub fn as_str(self) -> &'static str {
        const NAMES: [&str; Rule::LAST as usize + 1] = [
            "R0", "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12", "R13",
            "R14", "R15", "R16", "R17", "R18", "R19", "R20", "R21", "R22", "R23", "R24", "R25",
            "R26", "R27", "R28", "R29", "R30", "R31", "R32", "R33", "R34",
        ];
        NAMES.get(usize::from(self.0)).copied().unwrap_or("R?")
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

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
        /// # Ok::<(), clb_preflight::UnknownCode>(())
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

/// A text that is no rule of the rule book (`Rule`'s `FromStr` error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a rule of the rule book; expected R0 to R{}", crate::text::Shown(.0), Rule::LAST)]
pub struct UnknownRule(String);

impl std::str::FromStr for Rule {
    type Err = UnknownRule;

    /// `"R7"` is rule 7; the number is plain decimal (no sign, no leading zero).
    fn from_str(text: &str) -> Result<Rule, UnknownRule> {
        let unknown = || UnknownRule(text.to_owned());
        let digits = text.strip_prefix('R').ok_or_else(unknown)?;
        let plain = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'));
        if !plain {
            return Err(unknown());
        }
        digits.parse().ok().and_then(Rule::new).ok_or_else(unknown)
    }
}

/// Where in the request a finding points.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Path {
    /// The whole document: printed as `""`.
    Root,
    /// A request parameter, as written: `LoadBalancerId`, `BackendServers`.
    Param(Cow<'static, str>),
    /// One backend server, by its 0-based index as sent: `BackendServers[3]`.
    Item(usize),
    /// A field of one backend server, with the key as written: `BackendServers[3].Weight`.
    Field(usize, Cow<'static, str>),
}

impl Path {
    /// The path's text (its `Display`), handed to `with`: built on the stack when its names are
    /// the known ones (the usual case), else written out.
    pub(crate) fn with_text<R>(&self, with: impl FnOnce(&str) -> R) -> R {
        let mut text = crate::text::Short::<64>::new();
        match self {
            Path::Root => {}
            Path::Param(Cow::Borrowed(name)) => {
                text.push(name);
            }
            Path::Item(i) => {
                text.push("BackendServers[").number(*i as u64).byte(b']');
            }
            Path::Field(i, Cow::Borrowed(name)) => {
                text.push("BackendServers[")
                    .number(*i as u64)
                    .push("].")
                    .push(name);
            }
            // A name as shown, which may hold other than ASCII.
            Path::Param(Cow::Owned(_)) | Path::Field(_, Cow::Owned(_)) => {
                return with(&self.to_string())
            }
        }
        if text.overflowed() {
            return with(&self.to_string());
        }
        with(text.as_str())
    }
}

/// A name as written, as it is shown: one of the known field names without an allocation, any
/// other escaped and cut as request text in messages is (so that a path's text is safe to print
/// and reads back to the same path).
fn name(text: &str) -> Cow<'static, str> {
    let known = ItemField::NAMES.iter().chain(&Param::NAMES);
    match known.copied().find(|known| *known == text) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(crate::text::escaped(text)),
    }
}

impl Path {
    /// The path of a request parameter. The name is kept as it is shown: escaped and cut after
    /// 40 characters as request text in messages is.
    pub fn param(name_as_written: &str) -> Path {
        Path::Param(name(name_as_written))
    }

    /// The path of a field of backend server `index`.
    pub fn field(index: usize, name_as_written: &str) -> Path {
        Path::Field(index, name(name_as_written))
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            // Names are kept as shown; one built by hand is made safe here.
            Path::Param(name) => write_safe(f, name),
            Path::Item(i) => write!(f, "BackendServers[{i}]"),
            Path::Field(i, name) => {
                write!(f, "BackendServers[{i}].")?;
                write_safe(f, name)
            }
        }
    }
}

/// One thing the checker found: a code, the rule it enforces, where, and a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    code: Code,
    path: Path,
    /// A fixed message is kept without an allocation.
    message: Cow<'static, str>,
    location: Option<Location>,
}

/// Where a finding's value starts in the text that was checked: its line (1-based) and its
/// column (1-based, in characters of that line). Only a value that is present has one; it is
/// found when a report is located against its text, never during the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    line: usize,
    column: usize,
}

impl Location {
    /// The location at `line` and `column`, both counted from 1; `None` for a 0.
    pub fn new(line: usize, column: usize) -> Option<Location> {
        (line > 0 && column > 0).then_some(Location { line, column })
    }

    /// The line, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column, from 1, in characters of the line.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl Finding {
    /// A finding with this code at this path.
    pub fn new(code: Code, path: Path, message: impl Into<String>) -> Finding {
        Finding {
            code,
            path,
            message: Cow::Owned(message.into()),
            location: None,
        }
    }

    /// A finding whose message is fixed text: kept without an allocation.
    pub(crate) fn fixed(code: Code, path: Path, message: &'static str) -> Finding {
        Finding {
            code,
            path,
            message: Cow::Borrowed(message),
            location: None,
        }
    }

    /// A finding whose message is that of `error`, judged in place, about `text`: fixed text
    /// without an allocation, any other written straight into its `String`.
    pub(crate) fn of_error_about<E: WriteMessage + WriteAbout>(
        code: Code,
        path: Path,
        error: &E,
        text: &str,
    ) -> Finding {
        match error.fixed_message() {
            Some(message) => Finding::fixed(code, path, message),
            None => Finding::new(code, path, error.message_about(text)),
        }
    }

    /// A finding whose message is `error`'s: fixed text without an allocation, any other
    /// written straight into its `String`.
    pub(crate) fn of_error(code: Code, path: Path, error: &impl WriteMessage) -> Finding {
        match error.fixed_message() {
            Some(message) => Finding::fixed(code, path, message),
            None => Finding::new(code, path, error.message()),
        }
    }

    /// The same finding, at `location` in the text that was checked.
    pub fn with_location(self, location: Option<Location>) -> Finding {
        Finding { location, ..self }
    }

    /// Where its value starts in the text that was checked, when it has been located.
    pub fn location(&self) -> Option<Location> {
        self.location
    }

    /// The stable code.
    pub fn code(&self) -> Code {
        self.code
    }

    /// The rule the finding enforces.
    pub fn rule(&self) -> Rule {
        self.code.rule()
    }

    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// Where in the request.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What was found and what was expected, lower-case, without a trailing period.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// A finding is an error value too, so that `?` can carry it into `Box<dyn Error>`.
impl std::error::Error for Finding {}

impl fmt::Display for Finding {
    /// One line, rustc-style: `error[InvalidWeight.Malformed] BackendServers[1].Weight: weight
    /// 101 is above the maximum 100 (R7)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}[{}]", self.code)?;
        if self.path != Path::Root {
            write!(f, " {}", self.path)?;
        }
        write!(f, ": {} ({})", self.message, self.rule())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_rules_read_back_from_their_text() {
        for code in Code::ALL {
            assert_eq!(code.as_str().parse::<Code>(), Ok(*code));
            // The variant's name is the wire code without its dots.
            assert_eq!(
                format!("{code:?}").to_lowercase(),
                code.as_str().replace('.', "").to_lowercase()
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
        for n in 0..=Rule::LAST {
            let rule = Rule::new(n).unwrap_or(Rule::R0);
            assert_eq!(rule.as_str().parse::<Rule>(), Ok(rule));
        }
        for bad in ["", "R", "r7", "R07", "R99", "R-1", "R+1", "7", "R1 "] {
            assert!(bad.parse::<Rule>().is_err(), "{bad:?}");
        }
        assert_eq!(
            "R99".parse::<Rule>().map_err(|e| e.to_string()),
            Err(format!(
                "\"R99\" is not a rule of the rule book; expected R0 to R{}",
                Rule::LAST
            ))
        );
    }

    #[test]
    fn codes_are_unique_and_rules_exist() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{code} twice");
            assert!(code.rule().number() <= Rule::LAST);
        }
    }

    #[test]
    fn paths_print_as_documented() {
        assert_eq!(Path::Root.to_string(), "");
        assert_eq!(Path::param("LoadBalancerId").to_string(), "LoadBalancerId");
        assert_eq!(Path::Item(3).to_string(), "BackendServers[3]");
        assert_eq!(
            Path::field(3, "Wieght").to_string(),
            "BackendServers[3].Wieght"
        );
        assert_eq!(
            Path::field(0, "a\nb").to_string(),
            "BackendServers[0].a\\nb"
        );
    }

    #[test]
    fn path_text_is_its_display() {
        let long = "x".repeat(70);
        let mut paths = vec![
            Path::Root,
            Path::Item(0),
            Path::Item(usize::MAX),
            Path::param("Weight"),
            Path::param("a\u{202e}b"),
            Path::field(usize::MAX, "Description"),
            Path::field(7, &long),
        ];
        for name in ItemField::NAMES.iter().chain(&Param::NAMES) {
            paths.push(Path::param(name));
            paths.push(Path::field(19, name));
        }
        for path in paths {
            assert_eq!(path.with_text(str::to_owned), path.to_string(), "{path:?}");
        }
    }

    #[test]
    fn finding_prints_rustc_style() {
        let f = Finding::new(
            Code::InvalidWeightMalformed,
            Path::field(1, "Weight"),
            "weight 101 is above the maximum 100",
        );
        assert_eq!(
            f.to_string(),
            "error[InvalidWeight.Malformed] BackendServers[1].Weight: weight 101 is above the maximum 100 (R7)"
        );
    }
}

//! The JSON contract of the report, both ways: [`Report`], [`Finding`], [`Code`], [`Rule`],
//! [`Path`], [`Location`], [`BackendServer`], [`MemberCall`] and [`Diff`] as the
//! README describes them, and read back from that JSON into equal values. Every value is
//! written as a string; keys come in a fixed order. Reading checks what writing guarantees (a
//! finding's rule is its code's, errors are errors, `valid` is "no error"), so a report read back
//! is one this crate could have made.

use serde::de::{self, Deserializer};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

use super::Report;
use crate::call::{BackendServer, CheckedParts, MemberCall};
use crate::context::Member;
use crate::diff::{Changed, Diff, Entry, MembersAfter};
use crate::finding::{Code, Finding, Hint, Location, Path, Place, Rule, RuleSet, Severity};
use crate::types::field::{ItemField, Param};
use crate::types::{
    Action, Description, GroupName, List, LoadBalancerId, Port, RegionId, ServerId, ServerIp,
    ServerRole, ServerType, VServerGroupId, Weight,
};
use crate::wire::{write_server, ServerFields};

/// The unchecked rules as a JSON array of `"R20"`…, written without collecting them.
struct Unchecked<'r>(&'r Report);

impl Serialize for Unchecked<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.unchecked_rules().map(Rule::as_str))
    }
}

/// Findings as a JSON array, written without collecting them.
struct Findings<'a>(&'a [Finding]);

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0)
    }
}

impl Serialize for Finding {
    /// `{"code", "rule", "path", "message", "location"?, "suggestion"?, "repeats"?, "help"?}`:
    /// the place when located; the hint as the member of its kind (R5's close field, the item
    /// R17 repeats, how to go on after R4).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let place = self.place();
        let hint = self.hint();
        let len = 4 + usize::from(place.is_some()) + usize::from(hint.is_some());
        let mut map = s.serialize_map(Some(len))?;
        map.serialize_entry("code", self.code().as_str())?;
        map.serialize_entry("rule", self.rule().as_str())?;
        self.path()
            .with_text(|path| map.serialize_entry("path", path))?;
        map.serialize_entry("message", self.message())?;
        if let Some(place) = place {
            map.serialize_entry("location", place)?;
        }
        match hint {
            Some(Hint::DidYouMean { field }) => map.serialize_entry("suggestion", field)?,
            Some(Hint::Repeats { index }) => map.serialize_entry("repeats", index)?,
            Some(hint @ Hint::Split { .. }) => map.serialize_entry("help", &hint.help())?,
            None => {}
        }
        map.end()
    }
}

impl Serialize for Place {
    /// `{"line", "column", "end": {"line", "column"}, "span": {"start", "end"}}`: where the
    /// value starts, its last character, and its bytes.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let start = self.start();
        let span = self.span();
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("line", &start.line())?;
        map.serialize_entry("column", &start.column())?;
        map.serialize_entry("end", &self.end())?;
        map.serialize_entry("span", &Span(span.start, span.end))?;
        map.end()
    }
}

/// `{"start", "end"}`: a place's bytes.
struct Span(usize, usize);

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("start", &self.0)?;
        map.serialize_entry("end", &self.1)?;
        map.end()
    }
}

impl Serialize for Location {
    /// `{"line": L, "column": C}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("line", &self.line())?;
        map.serialize_entry("column", &self.column())?;
        map.end()
    }
}

impl Serialize for Report {
    /// `{"valid", "errors", "warnings", "unchecked", "load_balancer_id"?, "region_id"?,
    /// "backend_servers"?, "diff"?}`; the request's parts only when valid, the diff only with
    /// the load balancer's facts.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("valid", &self.is_valid())?;
        map.serialize_entry("errors", &Findings(&self.errors))?;
        map.serialize_entry("warnings", &Findings(&self.warnings))?;
        map.serialize_entry("unchecked", &Unchecked(self))?;
        if let Some(request) = &self.request {
            let action = request.action();
            if action != Action::AddBackendServers {
                map.serialize_entry("action", action.as_str())?;
            }
            if let Some(id) = request.load_balancer_id() {
                map.serialize_entry("load_balancer_id", id)?;
            }
            if let Some(id) = request.vserver_group_id() {
                map.serialize_entry("vserver_group_id", id)?;
            }
            if let Some(region) = request.region_id() {
                map.serialize_entry("region_id", region)?;
            }
            if let Some(name) = request.group_name() {
                map.serialize_entry("group_name", name)?;
            }
            if action == Action::ModifyVServerGroupBackendServers {
                map.serialize_entry("old_backend_servers", request.old_backend_servers())?;
            }
            map.serialize_entry("backend_servers", request.backend_servers())?;
        }
        if let Some(diff) = &self.diff {
            map.serialize_entry("diff", diff)?;
        }
        map.end()
    }
}

impl Serialize for Diff {
    /// `{"add", "already_attached", "changed", "removed", "members_after"}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("add", self.add())?;
        map.serialize_entry("already_attached", self.already_attached())?;
        map.serialize_entry("changed", self.changed())?;
        let removed: Vec<Listed<'_>> = self.removed().iter().map(Listed).collect();
        map.serialize_entry("removed", &removed)?;
        map.serialize_entry("members_after", &self.members_after())?;
        map.end()
    }
}

impl Serialize for Changed {
    /// `{"before", "after"}`, each a member as listed.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("before", &Listed(self.before()))?;
        map.serialize_entry("after", &Listed(self.after()))?;
        map.end()
    }
}

/// A member, shaped as a `BackendServers` item, its description as listed.
struct Listed<'a>(&'a Member);

impl Serialize for Listed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        write_server(
            s,
            ServerFields {
                description: self.0.description(),
                ..ServerFields::of(self.0.server())
            },
        )
    }
}

impl Serialize for MembersAfter<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for entry in self.clone() {
            seq.serialize_element(&entry)?;
        }
        seq.end()
    }
}

impl Serialize for Entry<'_> {
    /// Shaped as a `BackendServers` item.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Entry::Added(server) => server.serialize(s),
            // A member's description is written as listed (it is not a `Description`).
            Entry::Attached(m) => Listed(m).serialize(s),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The values inside a report

impl Serialize for Code {
    /// The wire code: `"InvalidWeight.Malformed"`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(de::Error::custom)
    }
}

impl Serialize for Rule {
    /// `"R7"`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rule, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(de::Error::custom)
    }
}

impl Serialize for Path {
    /// Its text: `""`, `"LoadBalancerId"`, `"BackendServers[3]"`, `"BackendServers[3].Weight"`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.with_text(|text| s.serialize_str(text))
    }
}

impl<'de> Deserialize<'de> for Path {
    /// Reads a path's text back. A name is kept as it is written there (as shown).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Path, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(path_of(&text))
    }
}

/// The path whose text is `text`.
fn path_of(text: &str) -> Path {
    if text.is_empty() {
        return Path::Root;
    }
    let item = List::ALL.into_iter().find_map(|list| {
        let rest = text.strip_prefix(list.name())?.strip_prefix('[')?;
        let (index, rest) = rest.split_once(']')?;
        let plain = !index.is_empty()
            && index.bytes().all(|b| b.is_ascii_digit())
            && (index == "0" || !index.starts_with('0'));
        let index: usize = index.parse().ok().filter(|_| plain)?;
        match rest {
            "" => Some(Path::Item(list, index)),
            _ => rest
                .strip_prefix('.')
                .map(|name| Path::Field(list, index, shown_name(name))),
        }
    });
    item.unwrap_or_else(|| Path::Param(shown_name(text)))
}

/// A name read from a path's text: it is already as shown, so kept as it is (a known name
/// without an allocation).
fn shown_name(text: &str) -> std::borrow::Cow<'static, str> {
    match Path::param(text) {
        Path::Param(std::borrow::Cow::Borrowed(known)) => std::borrow::Cow::Borrowed(known),
        _ => std::borrow::Cow::Owned(text.to_owned()),
    }
}

impl<'de> Deserialize<'de> for Location {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Location, D::Error> {
        #[derive(Deserialize)]
        struct Json {
            line: usize,
            column: usize,
        }
        let json = Json::deserialize(d)?;
        Location::new(json.line, json.column)
            .ok_or_else(|| de::Error::custom("a location's line and column count from 1"))
    }
}

impl<'de> Deserialize<'de> for Place {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Place, D::Error> {
        #[derive(Deserialize)]
        struct Json {
            line: usize,
            column: usize,
            end: Location,
            span: SpanJson,
        }
        #[derive(Deserialize)]
        struct SpanJson {
            start: usize,
            end: usize,
        }
        let json = Json::deserialize(d)?;
        let start = Location::new(json.line, json.column)
            .ok_or_else(|| de::Error::custom("a location's line and column count from 1"))?;
        if json.span.start >= json.span.end || json.end < start {
            return Err(de::Error::custom(
                "a place's span and end come after its start",
            ));
        }
        Ok(Place::from_parts(
            json.span.start..json.span.end,
            start,
            json.end,
        ))
    }
}

impl<'de> Deserialize<'de> for Finding {
    /// `{"code", "rule", "path", "message", "location"?, "suggestion"?, "repeats"?, "help"?}`;
    /// the rule must be the code's, a hint one of its code's.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Finding, D::Error> {
        #[derive(Deserialize)]
        struct Json {
            code: Code,
            rule: Rule,
            path: Path,
            message: String,
            #[serde(default)]
            location: Option<Place>,
            #[serde(default)]
            suggestion: Option<String>,
            #[serde(default)]
            repeats: Option<usize>,
            #[serde(default)]
            help: Option<String>,
        }
        let json = Json::deserialize(d)?;
        if json.rule != json.code.rule() {
            return Err(de::Error::custom(format!(
                "code {} belongs to rule {}, not {}",
                json.code,
                json.code.rule(),
                json.rule
            )));
        }
        let hint = match (json.code, json.suggestion, json.repeats, json.help) {
            (_, None, None, None) => None,
            (Code::UnknownField, Some(field), None, None) => {
                let known = ItemField::NAMES.iter().chain(&Param::NAMES);
                let field = known.copied().find(|f| *f == field).ok_or_else(|| {
                    de::Error::custom(format!("{} is no field", crate::text::Shown(&field)))
                })?;
                Some(Hint::DidYouMean { field })
            }
            (
                Code::DuplicateBackendServerIgnored
                | Code::DesiredBackendServerRepeated
                | Code::DuplicateBackendServer
                | Code::BackendServersHaveSamePortAndServerid,
                None,
                Some(index),
                None,
            ) => Some(Hint::Repeats { index }),
            (Code::TooManyBackendServers, None, None, Some(_)) => Some(Hint::Split {
                max: crate::limits::MAX_BACKEND_SERVERS,
            }),
            (code, ..) => {
                return Err(de::Error::custom(format!(
                    "a hint that is not one of {code}'s"
                )))
            }
        };
        let finding = Finding::new(json.code, json.path, json.message).with_place(json.location);
        Ok(match hint {
            Some(hint) => finding.with_hint(hint),
            None => finding,
        })
    }
}

/// A backend server's fields as written: every value a string (numbers are read too).
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
struct ServerJson<D> {
    server_id: ServerId,
    #[serde(rename = "Type", default)]
    server_type: Option<ServerType>,
    #[serde(default)]
    weight: Option<Weight>,
    #[serde(default)]
    server_ip: Option<ServerIp>,
    #[serde(default)]
    port: Option<Port>,
    #[serde(default = "Option::default")]
    description: Option<D>,
    #[serde(rename = "ServerType", default)]
    role: Option<ServerRole>,
}

impl<D> ServerJson<D> {
    /// The server, with the API's defaults, and the description apart.
    fn split(self) -> (BackendServer, Option<D>) {
        let server = BackendServer::from_checked(
            self.server_id,
            self.server_type.unwrap_or_default(),
            self.weight,
            self.server_ip,
            self.port,
            None,
        )
        .with_role(self.role);
        (server, self.description)
    }
}

impl<'de> Deserialize<'de> for BackendServer {
    /// A `BackendServers` item as this crate writes it: `ServerId`, then `Type` (default `ecs`),
    /// `Weight` (default 100), `ServerIp`, `Port`, `Description`, each through its type's
    /// constructor. A field this crate does not write is refused.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<BackendServer, D::Error> {
        let (server, description) = ServerJson::<Description>::deserialize(d)?.split();
        Ok(server.with_description(description))
    }
}

impl<'de> Deserialize<'de> for Member {
    /// A member as a report or a plan lists it: a `BackendServers` item whose description is
    /// written as listed.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Member, D::Error> {
        let (server, description) = ServerJson::<String>::deserialize(d)?.split();
        // A load balancer lists no member's port: a member with one is a vServer group's.
        Ok(if server.port().is_some() {
            Member::in_group(server, description)
        } else {
            Member::new(server, description)
        })
    }
}

/// A diff's JSON, read: `{"add", "already_attached", "changed"?, "removed"?,
/// "members_after"}`.
#[derive(Deserialize)]
struct DiffJson {
    add: Vec<BackendServer>,
    already_attached: Vec<BackendServer>,
    #[serde(default)]
    changed: Vec<ChangedJson>,
    #[serde(default)]
    removed: Vec<ServerJson<String>>,
    members_after: Vec<ServerJson<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangedJson {
    before: ServerJson<String>,
    after: ServerJson<String>,
}

impl DiffJson {
    /// The diff: its members are `members_after` less the servers added. A server group's
    /// (`grouped`) members are known by their ports; without word of it, a diff is a group's
    /// when every member it lists has a port (a load balancer's listing has none).
    fn into_diff(self, grouped: Option<bool>) -> Result<Diff, &'static str> {
        let listed = || {
            self.members_after
                .iter()
                .chain(&self.removed)
                .chain(self.changed.iter().flat_map(|c| [&c.before, &c.after]))
        };
        // (Without word of it, a load balancer's diff whose every entry has a port lists no
        // member and adds servers of distinct identities: sorted alike either way.)
        let grouped = grouped
            .unwrap_or_else(|| listed().next().is_some() && listed().all(|m| m.port.is_some()));
        fn key(s: &BackendServer, grouped: bool) -> crate::identity::Identity<'_> {
            if grouped {
                s.group_identity()
            } else {
                s.identity()
            }
        }
        let member = |json: ServerJson<String>| {
            let (server, description) = json.split();
            if grouped {
                Member::in_group(server, description)
            } else {
                Member::new(server, description)
            }
        };
        let mut members = Vec::with_capacity(self.members_after.len());
        for entry in self.members_after {
            let (server, description) = entry.split();
            if !self
                .add
                .iter()
                .any(|a| key(a, grouped) == key(&server, grouped))
            {
                members.push(if grouped {
                    Member::in_group(server, description)
                } else {
                    Member::new(server, description)
                });
            }
        }
        let changed = self
            .changed
            .into_iter()
            .map(|c| (member(c.before), member(c.after)))
            .collect();
        let removed = self.removed.into_iter().map(member).collect();
        Diff::from_parts(
            members,
            self.add,
            self.already_attached,
            changed,
            removed,
            grouped,
        )
    }
}

impl<'de> Deserialize<'de> for Diff {
    /// `{"add", "already_attached", "changed"?, "removed"?, "members_after"}`: the members are
    /// `members_after` less the servers added; a server group's when every member listed has a
    /// port (a report read back knows from its call).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Diff, D::Error> {
        DiffJson::deserialize(d)?
            .into_diff(None)
            .map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Report {
    /// The report's JSON, as [`Report::to_json`] writes it; fields this crate adds around it
    /// (such as a batch line's `line`) are passed over. What the writer guarantees is checked:
    /// `valid` is "no error", each finding is in the list of its severity, the request is
    /// there exactly when valid.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Report, D::Error> {
        #[derive(Deserialize)]
        struct Json {
            valid: bool,
            errors: Vec<Finding>,
            warnings: Vec<Finding>,
            unchecked: Vec<Rule>,
            #[serde(default)]
            action: Option<String>,
            #[serde(default)]
            load_balancer_id: Option<LoadBalancerId>,
            #[serde(default)]
            vserver_group_id: Option<VServerGroupId>,
            #[serde(default)]
            region_id: Option<RegionId>,
            #[serde(default)]
            group_name: Option<GroupName>,
            #[serde(default)]
            old_backend_servers: Vec<BackendServer>,
            #[serde(default)]
            backend_servers: Option<Vec<BackendServer>>,
            #[serde(default)]
            diff: Option<DiffJson>,
        }
        let json = Json::deserialize(d)?;
        if json.valid != json.errors.is_empty() {
            return Err(de::Error::custom(
                "\"valid\" must be true exactly when \"errors\" is empty",
            ));
        }
        let misplaced = |list: &[Finding], severity: Severity| {
            list.iter()
                .find(|f| f.severity() != severity)
                .map(|f| de::Error::custom(format!("{} is not a {severity:?} finding", f.code())))
        };
        if let Some(e) = misplaced(&json.errors, Severity::Error)
            .or_else(|| misplaced(&json.warnings, Severity::Warning))
        {
            return Err(e);
        }
        let action = match json.action.as_deref() {
            None => Action::AddBackendServers,
            Some(text) => Action::parse(text).ok_or_else(|| {
                de::Error::custom(format!("{} is not an action", crate::text::Shown(text)))
            })?,
        };
        let target = json.load_balancer_id.is_some() || json.vserver_group_id.is_some();
        let request = match (json.valid, target, json.backend_servers) {
            (true, true, Some(servers)) => Some(MemberCall::from_checked(CheckedParts {
                action,
                region_id: json.region_id,
                load_balancer_id: json.load_balancer_id,
                vserver_group_id: json.vserver_group_id,
                group_name: json.group_name,
                backend_servers: servers,
                old_backend_servers: json.old_backend_servers,
            })),
            (false, false, None) => None,
            _ => return Err(de::Error::custom(
                "the call's target (\"load_balancer_id\" or \"vserver_group_id\") and \"backend_servers\" must be there exactly when valid",
            )),
        };
        let diff = json
            .diff
            // A valid report names its call; an invalid one does not, and the diff tells.
            .map(|diff| diff.into_diff(json.valid.then_some(action.is_group_call())))
            .transpose()
            .map_err(de::Error::custom)?;
        let unchecked: RuleSet = json.unchecked.into_iter().collect();
        Ok(Report::new(
            json.errors,
            json.warnings,
            unchecked,
            request,
            diff,
        ))
    }
}

//! The desired members, read and checked: a JSON array of backend-server objects (the fields and
//! spellings of `BackendServers` items), or a whole request object. Every item rule applies
//! (R5 to R16, in chunks of 20 as a request carries them, paths counted over the whole list);
//! a server wanted twice is an error (R33): a planner must not guess which one is meant.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::call::BackendServer;
use crate::checker::Checker;
use crate::finding::{Code, Finding, Hint, Path};
use crate::identity::Firsts;
use crate::limits::{Limits, MAX_BACKEND_SERVERS};
use crate::text::Shown;
use crate::types::RegionId;

/// What the desired members are, once read: the servers (when every item is valid), the
/// region a request object named, and the findings.
#[derive(Debug, Default)]
pub(super) struct Desired {
    pub(super) servers: Vec<BackendServer>,
    pub(super) region_id: Option<RegionId>,
    pub(super) errors: Vec<Finding>,
    pub(super) warnings: Vec<Finding>,
}

/// Why the desired members do not belong with the facts: a request object names another load
/// balancer (or group) than theirs.
#[derive(Debug)]
pub(super) struct OtherLoadBalancer(pub(super) String);

/// What the desired members are for: a load balancer's members, or a vServer group's (`group`),
/// whose items need `Port` and whose members are known by it too (R38, R39).
#[derive(Debug, Clone, Copy)]
pub(super) struct For<'a> {
    pub(super) id: &'a str,
    pub(super) group: bool,
}

impl For<'_> {
    /// The parameter that names the target in a request.
    fn key(self) -> &'static str {
        if self.group {
            "VServerGroupId"
        } else {
            "LoadBalancerId"
        }
    }
}

/// Reads `text` as the desired members of `target`.
pub(super) fn read(text: &str, target: For<'_>) -> Result<Desired, OtherLoadBalancer> {
    // A byte-order mark (PowerShell 5 writes one) is not part of the JSON; the desired members
    // are not sent, so it is set aside without a finding, as for the facts.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut desired = Desired::default();
    // The items' text when a request object holds them in a string (decoded), else `text`.
    let decoded;
    let items: Vec<&RawValue> = match find_items(text, target, &mut desired)? {
        Found::Items(items) => items,
        Found::InString(text) => {
            decoded = text;
            match serde_json::from_str(&decoded) {
                Ok(items) => items,
                Err(_) => {
                    return Ok(malformed(
                        desired,
                        "the desired members' BackendServers is not a JSON array; expected the servers wanted, as a JSON array",
                    ))
                }
            }
        }
        Found::Nothing(message) => return Ok(malformed(desired, message)),
    };
    let mut servers = Vec::with_capacity(items.len());
    // Each chunk of 20 is checked as the request that carries it would be, its items copied
    // as they are written (no value is built), so the item rules see what `check` would see:
    // repeated keys, escapes, numbers as written. The size limits are lifted: the calls are
    // written anew (compact) and checked again with the default limits.
    // A group's items are checked as an Add to the group carries them (a region is named so
    // that the call's own parameters are in order; it is not the desired members' to judge).
    let prefix = if target.group {
        format!(
            r#"{{"Action":"AddVServerGroupBackendServers","RegionId":"cn-hangzhou","VServerGroupId":{},"BackendServers":["#,
            Value::from(target.id)
        )
    } else {
        format!(
            r#"{{"LoadBalancerId":{},"BackendServers":["#,
            Value::from(target.id)
        )
    };
    let mut request = String::new();
    for (k, chunk) in items.chunks(MAX_BACKEND_SERVERS).enumerate() {
        let offset = k * MAX_BACKEND_SERVERS;
        request.clear();
        request.push_str(&prefix);
        for (n, item) in chunk.iter().enumerate() {
            if n > 0 {
                request.push(',');
            }
            request.push_str(item.get());
        }
        request.push_str("]}");
        let report = Checker::new().with_limits(UNLIMITED).check(&request);
        for finding in report.findings() {
            let shifted = shift(finding, offset);
            match (finding.code(), finding.hint()) {
                // A repeat inside one chunk: the planner's own error (R33).
                (
                    Code::DuplicateBackendServerIgnored | Code::DuplicateBackendServer,
                    Some(Hint::Repeats { index }),
                ) => {
                    let (later, earlier) = (shifted.path().clone(), index + offset);
                    let name = match later {
                        Path::Item(_, n) => item_name(&items, n, target.group),
                        _ => None,
                    };
                    desired
                        .errors
                        .push(repeated(later, earlier, name.as_deref()));
                }
                _ if finding.severity() == crate::finding::Severity::Error => {
                    desired.errors.push(shifted)
                }
                _ => desired.warnings.push(shifted),
            }
        }
        if let Some(request) = report.call() {
            servers.extend(request.backend_servers().iter().cloned());
        }
    }
    if !desired.errors.is_empty() {
        return Ok(desired);
    }
    // Repeats across chunks (R33).
    let mut firsts = Firsts::<MAX_BACKEND_SERVERS>::new();
    for n in 0..servers.len() {
        let first = if target.group {
            firsts.first_by(&servers, n, BackendServer::group_identity)
        } else {
            firsts.first_of(&servers, n)
        };
        if let Some(first) = first {
            desired.errors.push(repeated(
                Path::item(n),
                first,
                item_name(&items, n, target.group).as_deref(),
            ));
        }
    }
    if desired.errors.is_empty() {
        desired.servers = servers;
    }
    Ok(desired)
}

/// The size limits of a desired chunk: none (the text was read whole already).
const UNLIMITED: Limits = Limits::DEFAULT
    .with_max_document_bytes(usize::MAX)
    .with_max_backend_servers_bytes(usize::MAX);

/// Where the desired members' items are.
enum Found<'a> {
    /// An array of them, in `text`: the text itself, or a request object's `BackendServers`.
    Items(Vec<&'a RawValue>),
    /// A request object's `BackendServers` string, decoded: the array's text, if it is one.
    InString(String),
    /// None: why.
    Nothing(String),
}

/// The desired members' items: `text` as an array, or a request object's `BackendServers`
/// (an array, or a string holding one); the object's `RegionId` is kept for the calls.
fn find_items<'a>(
    text: &'a str,
    target: For<'_>,
    desired: &mut Desired,
) -> Result<Found<'a>, OtherLoadBalancer> {
    if let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(text) {
        return Ok(Found::Items(items));
    }
    // Repeated keys: the last one counts, as serde_json's `Value` has it.
    let Ok(request) = serde_json::from_str::<BTreeMap<String, &RawValue>>(text) else {
        let why = match serde_json::from_str::<IgnoredAny>(text) {
            Err(e) => format!(
                "the desired members are not valid JSON: {}",
                crate::text::escaped_message(&e.to_string())
            ),
            Ok(_) => NOT_AN_ARRAY.to_owned(),
        };
        return Ok(Found::Nothing(why));
    };
    let string = |key: &str| {
        request
            .get(key)
            .and_then(|raw| serde_json::from_str::<String>(raw.get()).ok())
    };
    if let Some(id) = string(target.key()) {
        if id != target.id {
            return Err(OtherLoadBalancer(id));
        }
    }
    if let Some(region) = string("RegionId") {
        match RegionId::parse(&region) {
            Ok(region) => desired.region_id = Some(region),
            Err(e) => desired.errors.push(Finding::new(
                Code::InvalidParameterRegionId,
                Path::param("RegionId"),
                crate::text::message(&e),
            )),
        }
    }
    let Some(servers) = request.get("BackendServers") else {
        return Ok(Found::Nothing(NOT_AN_ARRAY.to_owned()));
    };
    if let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(servers.get()) {
        return Ok(Found::Items(items));
    }
    Ok(match serde_json::from_str::<String>(servers.get()) {
        Ok(encoded) => Found::InString(encoded),
        Err(_) => Found::Nothing(NOT_AN_ARRAY.to_owned()),
    })
}

/// Why desired members that are neither an array nor a request object with `BackendServers`
/// cannot be read.
const NOT_AN_ARRAY: &str = "the desired members are not a JSON array of backend servers; expected an array, or a request object with BackendServers";

/// `desired` with the finding that its text cannot be read, and why.
fn malformed(mut desired: Desired, message: impl Into<String>) -> Desired {
    desired
        .errors
        .push(Finding::new(Code::MalformedRequest, Path::Root, message));
    desired
}

/// `finding` with its item index counted over the whole list.
fn shift(finding: &Finding, offset: usize) -> Finding {
    let path = match finding.path() {
        Path::Item(list, i) => Path::Item(*list, i + offset),
        Path::Field(list, i, name) => Path::Field(*list, i + offset, name.clone()),
        other => other.clone(),
    };
    Finding::new(finding.code(), path, finding.message()).with_place(finding.place().cloned())
}

/// R33: the desired item at `later` repeats item `earlier` (both counted over the whole list),
/// named `name` (its server id, and an ENI's IP).
fn repeated(later: Path, earlier: usize, name: Option<&str>) -> Finding {
    let name = name.map_or(String::new(), |name| format!(" ({name})"));
    Finding::new(
        Code::DesiredBackendServerRepeated,
        later,
        format!(
            "backend server repeats BackendServers[{earlier}]{name}; expected each desired server once"
        ),
    )
    .with_hint(Hint::Repeats { index: earlier })
}

/// How desired item `n` names its server: its `ServerId` (shown), and its `ServerIp` when it has
/// one and is no ECS instance (R18's identity), read from the item as written (keys in any
/// ASCII letter case).
fn item_name(items: &[&RawValue], n: usize, group: bool) -> Option<String> {
    let item: serde_json::Map<String, Value> = serde_json::from_str(items.get(n)?.get()).ok()?;
    let field = |name: &str| {
        item.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.as_str())
    };
    let id = field("ServerId")?;
    let keyed_by_ip = crate::types::ServerId::kind_of(id).is_some_and(|k| k.keyed_by_ip())
        || field("Type").is_some_and(|t| t == "eni" || t == "eci");
    let mut name = match field("ServerIp").filter(|_| keyed_by_ip) {
        Some(ip) => format!("{}, {ip}", Shown(id)),
        None => Shown(id).to_string(),
    };
    // In a group, the port is part of the identity (R39).
    let port = item.iter().find(|(k, _)| k.eq_ignore_ascii_case("Port"));
    if let Some((_, port)) = port.filter(|_| group) {
        let port = port
            .as_str()
            .map_or_else(|| port.to_string(), str::to_owned);
        name.push_str(&format!(", port {}", Shown(&port)));
    }
    Some(name)
}

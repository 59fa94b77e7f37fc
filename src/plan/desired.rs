//! The desired members, read and checked: a JSON array of backend-server objects (the fields and
//! spellings of `BackendServers` items), or a whole request object. Every item rule applies
//! (R5 to R16, in chunks of 20 as a request carries them, paths counted over the whole list);
//! a server wanted twice is an error (R33): a planner must not guess which one is meant.

use serde_json::value::RawValue;
use serde_json::Value;

use crate::checker::Checker;
use crate::finding::{Code, Finding, Path};
use crate::limits::MAX_BACKEND_SERVERS;
use crate::request::{BackendServer, Firsts};
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

/// Why the desired members do not belong with the facts.
#[derive(Debug)]
pub(super) struct OtherLoadBalancer(pub(super) String);

/// Reads `text` as the desired members of load balancer `lb`.
pub(super) fn read(text: &str, lb: &str) -> Result<Desired, OtherLoadBalancer> {
    let mut desired = Desired::default();
    // The items' text, when it is not `text` itself (a request object's `BackendServers`).
    let owned;
    let items: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(items) => items,
        Err(_) => match items_of(text, lb, &mut desired)? {
            Some(array) => {
                owned = array;
                match serde_json::from_str(&owned) {
                    Ok(items) => items,
                    Err(_) => {
                        desired.errors.push(Finding::new(
                            Code::MalformedRequest,
                            Path::Root,
                            "the desired members' BackendServers is not a JSON array; expected the servers wanted, as a JSON array",
                        ));
                        return Ok(desired);
                    }
                }
            }
            None => return Ok(desired),
        },
    };
    let mut servers = Vec::with_capacity(items.len());
    // Each chunk of 20 is checked as the request that carries it would be, its items copied
    // as they are written (no value is built).
    let mut request = String::new();
    for (k, chunk) in items.chunks(MAX_BACKEND_SERVERS).enumerate() {
        let offset = k * MAX_BACKEND_SERVERS;
        request.clear();
        request.push_str("{\"LoadBalancerId\":");
        request.push_str(&Value::from(lb).to_string());
        request.push_str(",\"BackendServers\":[");
        for (n, item) in chunk.iter().enumerate() {
            if n > 0 {
                request.push(',');
            }
            request.push_str(item.get());
        }
        request.push_str("]}");
        let report = Checker::new().check(&request);
        for finding in report.findings() {
            let shifted = shift(finding, offset);
            match finding.code() {
                // A repeat inside one chunk: the planner's own error (R33).
                Code::DuplicateBackendServerIgnored => desired.errors.push(Finding::new(
                    Code::DesiredBackendServerRepeated,
                    shifted.path().clone(),
                    repeated_message(finding.message(), offset),
                )),
                _ if finding.severity() == crate::finding::Severity::Error => {
                    desired.errors.push(shifted)
                }
                _ => desired.warnings.push(shifted),
            }
        }
        if let Some(request) = report.request() {
            servers.extend(request.backend_servers().iter().cloned());
        }
    }
    if !desired.errors.is_empty() {
        return Ok(desired);
    }
    // Repeats across chunks (R33).
    let mut firsts = Firsts::<MAX_BACKEND_SERVERS>::new();
    for n in 0..servers.len() {
        if let Some(first) = firsts.first_of(&servers, n) {
            let id = servers.get(n).map_or("", |s| s.server_id().as_str());
            desired.errors.push(Finding::new(
                Code::DesiredBackendServerRepeated,
                Path::Item(n),
                format!(
                    "backend server repeats BackendServers[{first}] ({}); expected each desired server once",
                    Shown(id)
                ),
            ));
        }
    }
    if desired.errors.is_empty() {
        desired.servers = servers;
    }
    Ok(desired)
}

/// The text of the desired members' array, when `text` is not that array itself: a request
/// object's `BackendServers` (an array, or a string holding one); `None` (with its finding) when
/// there is none to read.
fn items_of(
    text: &str,
    lb: &str,
    desired: &mut Desired,
) -> Result<Option<String>, OtherLoadBalancer> {
    let malformed = |desired: &mut Desired, message: String| {
        desired
            .errors
            .push(Finding::new(Code::MalformedRequest, Path::Root, message));
        Ok(None)
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            let why = crate::text::escaped_message(&e.to_string());
            return malformed(
                desired,
                format!("the desired members are not valid JSON: {why}"),
            );
        }
    };
    // An array is read before this: here, a request object or nothing to read.
    let servers = match value {
        Value::Object(mut request) => {
            if let Some(id) = request.get("LoadBalancerId").and_then(Value::as_str) {
                if id != lb {
                    return Err(OtherLoadBalancer(id.to_owned()));
                }
            }
            if let Some(region) = request.get("RegionId").and_then(Value::as_str) {
                match RegionId::parse(region) {
                    Ok(region) => desired.region_id = Some(region),
                    Err(e) => desired.errors.push(Finding::new(
                        Code::InvalidParameterRegionId,
                        Path::param("RegionId"),
                        crate::text::message(&e),
                    )),
                }
            }
            request.remove("BackendServers")
        }
        _ => None,
    };
    match servers {
        Some(Value::Array(items)) => Ok(Some(Value::Array(items).to_string())),
        Some(Value::String(text)) => Ok(Some(text)),
        _ => malformed(
            desired,
            "the desired members are not a JSON array of backend servers; expected an array, or a request object with BackendServers".to_owned(),
        ),
    }
}

/// `finding` with its item index counted over the whole list.
fn shift(finding: &Finding, offset: usize) -> Finding {
    let path = match finding.path() {
        Path::Item(i) => Path::Item(i + offset),
        Path::Field(i, name) => Path::Field(i + offset, name.clone()),
        other => other.clone(),
    };
    Finding::new(finding.code(), path, finding.message()).with_location(finding.location())
}

/// R17's message, made R33's: the repeat is an error here, and the earlier item is counted over
/// the whole list.
fn repeated_message(message: &str, offset: usize) -> String {
    let earlier = message
        .split_once("BackendServers[")
        .and_then(|(_, rest)| rest.split_once(']'))
        .and_then(|(n, _)| n.parse::<usize>().ok())
        .map_or(offset, |n| n + offset);
    let name = message
        .split_once(" (")
        .and_then(|(_, rest)| rest.split_once(')'))
        .map_or("", |(id, _)| id);
    format!(
        "backend server repeats BackendServers[{earlier}] ({name}); expected each desired server once"
    )
}

//! The facts named on the command line, read into a [`Context`]; when a file is not the response
//! its flag takes, the message names the file, the response expected and what the file is.

use std::path::Path;

use clb_preflight::{Context, ContextError};
use serde_json::Value;

/// The five Describe responses, by the key that tells each apart (a vServer group's response
/// names its load balancer too: it is looked for first).
const SHAPES: [(&str, &str); 5] = [
    ("Instances", "DescribeInstances"),
    ("NetworkInterfaceSets", "DescribeNetworkInterfaces"),
    ("ContainerGroups", "DescribeContainerGroups"),
    ("VServerGroupId", "DescribeVServerGroupAttribute"),
    ("LoadBalancerId", "DescribeLoadBalancerAttribute"),
];

/// The responses of the load balancer and of a vServer group.
const NOT_SERVERS: [&str; 2] = [
    "DescribeLoadBalancerAttribute",
    "DescribeVServerGroupAttribute",
];

/// Which flag a file was given to.
#[derive(Clone, Copy)]
enum Flag {
    LoadBalancer,
    VServerGroup,
    OtherGroup,
    Servers,
}

impl Flag {
    fn expected(self) -> &'static str {
        match self {
            Flag::LoadBalancer => "a DescribeLoadBalancerAttribute response",
            Flag::VServerGroup | Flag::OtherGroup => "a DescribeVServerGroupAttribute response",
            Flag::Servers => {
                "a DescribeInstances, DescribeNetworkInterfaces or DescribeContainerGroups response"
            }
        }
    }

    fn takes(self, response: &str) -> bool {
        match self {
            Flag::LoadBalancer => response == "DescribeLoadBalancerAttribute",
            Flag::VServerGroup | Flag::OtherGroup => response == "DescribeVServerGroupAttribute",
            Flag::Servers => !NOT_SERVERS.contains(&response),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Flag::LoadBalancer => "--load-balancer",
            Flag::VServerGroup => "--vserver-group",
            Flag::OtherGroup => "--other-group",
            Flag::Servers => "--servers",
        }
    }
}

/// Reads the facts; the error is the message to print.
pub(crate) fn read(
    load_balancer: Option<&Path>,
    vserver_group: Option<&Path>,
    servers: &[std::path::PathBuf],
    quota: Option<u64>,
) -> Result<Context, String> {
    let mut context = Context::new();
    if let Some(path) = load_balancer {
        let text = text(path)?;
        context
            .add_load_balancer(&text)
            .map_err(|e| explain(path, &text, Flag::LoadBalancer, &e))?;
    }
    if let Some(path) = vserver_group {
        let text = text(path)?;
        context
            .add_vserver_group(&text)
            .map_err(|e| explain(path, &text, Flag::VServerGroup, &e))?;
    }
    for path in servers {
        let text = text(path)?;
        context
            .add_servers(&text)
            .map_err(|e| explain(path, &text, Flag::Servers, &e))?;
    }
    if let Some(quota) = quota {
        context.set_quota(usize::try_from(quota).unwrap_or(usize::MAX));
    }
    Ok(context)
}

/// Reads the load balancer's other vServer groups into `context` (`--other-group`).
pub(crate) fn read_other_groups(
    context: &mut Context,
    paths: &[std::path::PathBuf],
) -> Result<(), String> {
    for path in paths {
        let text = text(path)?;
        context
            .add_other_group(&text)
            .map_err(|e| explain(path, &text, Flag::OtherGroup, &e))?;
    }
    Ok(())
}

fn text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("{}: the facts are not UTF-8 text", path.display()))?;
    // A byte-order mark (PowerShell 5 writes one) is not part of the JSON.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// The message for facts that could not be used: when the file is not the response its flag
/// takes, what it is instead; else the library's own words.
fn explain(path: &Path, text: &str, flag: Flag, e: &ContextError) -> String {
    let found = what_is(text);
    let wrong_kind = match &found {
        Found::Response(name) => !flag.takes(name),
        Found::Other(_) => true,
    };
    if wrong_kind {
        let found = match found {
            Found::Response(name) => format!("a {name} response"),
            Found::Other(what) => what,
        };
        let hint = flag.name();
        return format!(
            "{}: {hint} takes {}; this file is {found}",
            path.display(),
            flag.expected()
        );
    }
    format!("{}: {e}", path.display())
}

enum Found {
    Response(&'static str),
    Other(String),
}

/// What a facts file is, in a few words, without quoting it.
fn what_is(text: &str) -> Found {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            let query = text.contains("BackendServers=") || text.contains("Action=");
            return Found::Other(if query {
                "an AddBackendServers request (a query string); the request goes last, as REQUEST"
                    .to_owned()
            } else {
                format!("not JSON (at line {}, column {})", e.line(), e.column())
            });
        }
    };
    let Value::Object(map) = &value else {
        let kind = match value {
            Value::Array(_) => "a JSON array",
            Value::String(_) => "a JSON string",
            Value::Number(_) => "a JSON number",
            Value::Bool(_) => "a JSON boolean",
            _ => "JSON null",
        };
        return Found::Other(format!("{kind}, not an object"));
    };
    // A request: `BackendServers` as a string or an array (a response has an object there).
    if matches!(
        map.get("BackendServers"),
        Some(Value::String(_) | Value::Array(_))
    ) {
        return Found::Other(
            "an AddBackendServers request; the request goes last, as REQUEST".to_owned(),
        );
    }
    for (key, response) in SHAPES {
        if map.contains_key(key) {
            return Found::Response(response);
        }
    }
    Found::Other(format!(
        "a JSON object with {} keys, none of {}",
        map.len(),
        SHAPES
            .iter()
            .map(|(k, _)| format!("\"{k}\""))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// Whether `text` is one of the Describe responses the facts flags take (not a request, nor a
/// list of members): its name, and the flag that takes it. A request object is never one: its
/// `BackendServers` is a string or an array, a response's an object, and a response carries
/// keys no request parameter has.
pub(crate) fn describe_response(text: &str) -> Option<(&'static str, &'static str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
        return None;
    };
    for (key, response) in SHAPES {
        let servers = !NOT_SERVERS.contains(&response);
        let group = response == "DescribeVServerGroupAttribute";
        let shaped = match map.get(key) {
            Some(Value::Object(_) | Value::Array(_)) if servers => true,
            // A group's request names it too, but has no member objects nor a request id.
            Some(_) if group => {
                matches!(map.get("BackendServers"), Some(Value::Object(_)))
                    || map.contains_key("RequestId")
            }
            Some(_) if !servers => {
                matches!(map.get("BackendServers"), Some(Value::Object(_)))
                    || [
                        "LoadBalancerStatus",
                        "Address",
                        "NetworkType",
                        "LoadBalancerSpec",
                    ]
                    .iter()
                    .any(|k| map.contains_key(*k))
            }
            _ => false,
        };
        if shaped {
            let flag = if servers {
                Flag::Servers
            } else if group {
                Flag::VServerGroup
            } else {
                Flag::LoadBalancer
            };
            return Some((response, flag.name()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_are_told_from_requests() {
        let lb = r#"{"LoadBalancerId":"lb-1","BackendServers":{"BackendServer":[]}}"#;
        assert_eq!(
            describe_response(lb),
            Some(("DescribeLoadBalancerAttribute", "--load-balancer"))
        );
        let lb = r#"{"LoadBalancerId":"lb-1","LoadBalancerStatus":"active"}"#;
        assert_eq!(
            describe_response(lb),
            Some(("DescribeLoadBalancerAttribute", "--load-balancer"))
        );
        let group = r#"{"VServerGroupId":"rsp-1","LoadBalancerId":"lb-1","BackendServers":{"BackendServer":[]}}"#;
        assert_eq!(
            describe_response(group),
            Some(("DescribeVServerGroupAttribute", "--vserver-group"))
        );
        // A group's response without its members' object is told by its request id.
        let group = r#"{"VServerGroupId":"rsp-1","RequestId":"9DEC9C28"}"#;
        assert_eq!(
            describe_response(group),
            Some(("DescribeVServerGroupAttribute", "--vserver-group"))
        );
        let eni = "\u{feff}{\"NetworkInterfaceSets\":{\"NetworkInterfaceSet\":[]}}";
        assert_eq!(
            describe_response(eni),
            Some(("DescribeNetworkInterfaces", "--servers"))
        );
        for request in [
            r#"{"LoadBalancerId":"lb-1","BackendServers":"[]"}"#,
            r#"{"LoadBalancerId":"lb-1","BackendServers":[]}"#,
            r#"{"LoadBalancerId":"lb-1"}"#,
            r#"{"Instances":"i-1"}"#,
            // A key of a response with a value of another kind is no sign of it.
            r#"{"Instances":"i-1","Address":"x"}"#,
            r#"{"LoadBalancerId":{},"BackendServers":"[]"}"#,
            r#"{"Action":"SetVServerGroupAttribute","VServerGroupId":"rsp-1","VServerGroupName":"a"}"#,
            "[]",
            "Action=AddBackendServers",
        ] {
            assert_eq!(describe_response(request), None, "{request}");
        }
    }
}

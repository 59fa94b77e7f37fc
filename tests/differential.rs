//! The fast path (a strict scanner that reads the usual shapes in one pass) against the
//! reference path (serde_json visitors): the same report, byte for byte, for every input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use std::path::Path;

use clb_preflight::{Checker, Context};
use proptest::prelude::*;
use serde_json::json;

fn same(bytes: &[u8], context: &Context) -> Result<(), TestCaseError> {
    let fast = Checker::new().with_context(context).check_bytes(bytes);
    let reference = Checker::new()
        .with_context(context)
        .reference_path()
        .check_bytes(bytes);
    match (fast, reference) {
        (Ok(f), Ok(r)) => {
            prop_assert_eq!(
                f.to_json(),
                r.to_json(),
                "{}",
                String::from_utf8_lossy(bytes)
            );
            prop_assert_eq!(f.to_human(), r.to_human());
        }
        (Err(f), Err(r)) => prop_assert_eq!(f, r),
        (f, r) => prop_assert!(false, "fast {:?}, reference {:?}", f.is_ok(), r.is_ok()),
    }
    Ok(())
}

#[test]
fn every_shipped_case_reads_the_same_both_ways() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["tests/cases", "examples"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    for entry in std::fs::read_dir(root.join("tests/context-cases")).unwrap() {
        files.push(entry.unwrap().path().join("request.json"));
    }
    assert!(files.len() > 100);
    for file in files {
        same(&std::fs::read(&file).unwrap(), &Context::new()).unwrap();
    }
}

/// Blanks between tokens, as JSON allows them.
fn blank() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(""),
        Just(""),
        Just(" "),
        Just("\n"),
        Just("\t "),
        Just("\r\n  ")
    ]
}

/// A value as raw JSON: the usual ones, and the awkward ones; with `single`, single-quoted
/// ones too (R30).
fn value(single: bool) -> BoxedStrategy<String> {
    let json = prop_oneof![
        3 => prop_oneof![
            Just("\"i-2zej4lxhjoq1icuo9x1z\""), Just("\"eni-2ze3ykcbqm8kdaqv0l3q\""), Just("\"100\""),
            Just("\"0\""), Just("\"eni\""), Just("\"ecs\""), Just("\"192.168.1.10\""), Just("\"80\""),
            Just("\"web-1\""), Just("80"), Just("100"), Just("\"\""),
        ].prop_map(str::to_owned),
        1 => prop_oneof![
            Just("\"a\\\"b\""), Just("\"\\u0041\""), Just("\"\\ud800\""), Just("\"a\\\\b\""), Just("\"a\\/b\""),
            Just("\"tab\\there\""), Just("1e400"), Just("-0"), Just("1.5"), Just("true"), Just("null"),
            Just("[]"), Just("{}"), Just("[1,{\"a\":2}]"), Just("\"测试\""), Just("\"\u{202e}\""),
        ].prop_map(str::to_owned),
        1 => "\\PC{0,12}".prop_map(|s| json!(s).to_string()),
    ];
    if !single {
        return json.boxed();
    }
    prop_oneof![
        4 => json,
        // Single-quoted (R30): plain, with the escapes a single-quoted string may hold, and
        // with what it may not.
        2 => prop_oneof![
            Just("'i-2zej4lxhjoq1icuo9x1z'"), Just("'100'"), Just("'eni'"), Just("'192.168.1.10'"),
            Just("''"), Just("'it\\'s'"), Just("'say \"hi\"'"), Just("'a\\\"b'"), Just("'\\u0041'"),
            Just("'tab\\there'"), Just("'a\\xb'"), Just("'\u{1}'"), Just("'\t'"), Just("'测试'"),
            Just("'a\\'"), Just("'\u{202e}'"), Just("'unterminated"),
        ].prop_map(str::to_owned),
        1 => "\\PC{0,12}".prop_map(|s| format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))),
    ]
    .boxed()
}

/// A key with its quotes: double (as JSON writes it), or with `single` also single (R30).
fn key(single: bool) -> BoxedStrategy<String> {
    let json = bare_key().prop_map(|k| format!("\"{k}\""));
    if !single {
        return json.boxed();
    }
    prop_oneof![
        4 => json,
        1 => bare_key().prop_map(|k| format!("'{k}'")),
        1 => prop_oneof![Just("'Server\\'Id'"), Just("ServerId"), Just("'Wei\"ght'")].prop_map(str::to_owned),
    ]
    .boxed()
}

fn bare_key() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop_oneof![
            Just("ServerId"), Just("Weight"), Just("Type"), Just("ServerIp"), Just("Port"), Just("Description"),
            Just("ServerType"),
        ],
        1 => prop_oneof![Just("serverId"), Just("Wieght"), Just("X"), Just(""), Just("Server\\u0049d")],
        // Each field's name with something after it, or cut short: the fast path recognises
        // the item keys from their first eight bytes.
        1 => prop_oneof![
            Just("ServerIdx"), Just("ServerIp6"), Just("Weights"), Just("Types"), Just("Port2"),
            Just("Descriptions"), Just("Descriptio"), Just("ServerI"), Just("Weigh"),
        ],
    ]
    .prop_map(str::to_owned)
}

fn object(max: usize, single: bool) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (blank(), key(single), blank(), value(single), blank()),
        0..max,
    )
    .prop_map(|fields| {
        let parts: Vec<String> = fields
            .into_iter()
            .map(|(a, k, b, v, c)| format!("{a}{k}{b}:{v}{c}"))
            .collect();
        format!("{{{}}}", parts.join(","))
    })
}

/// An array of items: half of them without a single quote anywhere, half with single-quoted
/// keys and values mixed in (R30).
fn items() -> impl Strategy<Value = String> {
    any::<bool>().prop_flat_map(items_with)
}

fn items_with(single: bool) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (
            blank(),
            prop_oneof![8 => object(8, single), 1 => value(single)],
            blank(),
        ),
        0..24,
    )
    .prop_map(|items| {
        let parts: Vec<String> = items
            .into_iter()
            .map(|(a, o, b)| format!("{a}{o}{b}"))
            .collect();
        format!("[{}]", parts.join(","))
    })
}

fn document() -> impl Strategy<Value = String> {
    (
        items(),
        0..5u8,
        blank(),
        proptest::option::of(prop_oneof![Just("cn-beijing"), Just("Beijing")]),
        any::<bool>(),
        proptest::option::of(prop_oneof![Just("junk"), Just(",}"), Just(" x")]),
        0..4u8,
    )
        .prop_map(|(items, form, gap, region, lb_twice, damage, servers_twice)| {
            let servers = match form {
                0 | 1 => json!(items).to_string(), // a JSON string holding the array
                2 => items.clone(),                // the array itself
                3 => json!(json!(items).to_string()).to_string(), // encoded twice
                _ => {
                    // The query form, its value percent-encoded.
                    let encoded: String = items
                        .bytes()
                        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
                        .collect();
                    return format!("Action=AddBackendServers&LoadBalancerId=lb-2ze7o5h52g02kkzze7lru&BackendServers={encoded}");
                }
            };
            let mut doc =
                format!("{{{gap}\"LoadBalancerId\"{gap}:{gap}\"lb-2ze7o5h52g02kkzze7lru\"");
            if lb_twice {
                doc.push_str(",\"LoadBalancerId\":\"lb-other\"");
            }
            if let Some(r) = region {
                doc.push_str(&format!(",\"RegionId\":\"{r}\""));
            }
            // Another `BackendServers` before the one the document ends with: an equal copy
            // (one parameter), another value, or the same items written with another blank
            // (both repeated parameters: the values differ as written).
            match servers_twice {
                1 => doc.push_str(&format!(",\"BackendServers\":{servers}")),
                2 => doc.push_str(&format!(",\"BackendServers\":{}", servers.replacen('[', "[{},", 1))),
                3 => doc.push_str(&format!(",\"BackendServers\":{}", servers.replacen('[', "[ ", 1))),
                _ => {}
            }
            doc.push_str(&format!(
                ",{gap}\"BackendServers\"{gap}:{gap}{servers}{gap}}}"
            ));
            if let Some(d) = damage {
                let at = doc.len() / 2;
                let mut cut = at;
                while !doc.is_char_boundary(cut) {
                    cut -= 1;
                }
                doc.insert_str(cut, d);
            }
            doc
        })
}

/// A call on a server group (R35 to R40): its action, its target and name, and one or two of
/// its lists (`BackendServers`, a Modify's `OldBackendServers` and `NewBackendServers`,
/// `MasterSlaveBackendServers`), each a generated array written as a JSON string, the array
/// itself, or (the query form) percent-encoded.
fn group_document() -> impl Strategy<Value = String> {
    (
        0..6usize,
        items(),
        items(),
        0..3u8,
        any::<bool>(),
        proptest::option::of(prop_oneof![Just("web"), Just(""), Just("a b")]),
    )
        .prop_map(|(call, first, second, form, region, name)| {
            let (action, target, lists): (&str, &str, &[&str]) = match call {
                0 => ("CreateVServerGroup", "LoadBalancerId", &["BackendServers"]),
                1 => (
                    "AddVServerGroupBackendServers",
                    "VServerGroupId",
                    &["BackendServers"],
                ),
                2 => (
                    "RemoveVServerGroupBackendServers",
                    "VServerGroupId",
                    &["BackendServers"],
                ),
                3 => (
                    "SetVServerGroupAttribute",
                    "VServerGroupId",
                    &["BackendServers"],
                ),
                4 => (
                    "ModifyVServerGroupBackendServers",
                    "VServerGroupId",
                    &["OldBackendServers", "NewBackendServers"],
                ),
                _ => (
                    "CreateMasterSlaveServerGroup",
                    "LoadBalancerId",
                    &["MasterSlaveBackendServers"],
                ),
            };
            let id = if target == "LoadBalancerId" {
                "lb-2ze7o5h52g02kkzze7lru"
            } else {
                "rsp-2ze1abc"
            };
            let mut params: Vec<(String, String)> = vec![("Action".into(), action.into())];
            if region {
                params.push(("RegionId".into(), "cn-beijing".into()));
            }
            params.push((target.into(), id.into()));
            if let Some(name) = name {
                let key = if call == 5 {
                    "MasterSlaveServerGroupName"
                } else {
                    "VServerGroupName"
                };
                params.push((key.into(), name.into()));
            }
            for (list, items) in lists.iter().zip([first, second]) {
                params.push(((*list).into(), items));
            }
            if form == 2 {
                let encode = |v: &str| -> String {
                    v.bytes()
                        .map(|b| {
                            if b.is_ascii_alphanumeric() {
                                (b as char).to_string()
                            } else {
                                format!("%{b:02X}")
                            }
                        })
                        .collect()
                };
                let parts: Vec<String> = params
                    .iter()
                    .map(|(k, v)| format!("{k}={}", encode(v)))
                    .collect();
                return parts.join("&");
            }
            let parts: Vec<String> = params
                .iter()
                .map(|(k, v)| {
                    let value = if k.ends_with("BackendServers") && form == 1 {
                        v.clone()
                    } else {
                        json!(v).to_string()
                    };
                    format!("{}:{value}", json!(k))
                })
                .collect();
            format!("{{{}}}", parts.join(","))
        })
}

/// One `BackendServers` list written in one of the ways the API reads it: a JSON string in
/// double quotes (compact, or with blanks), a JSON string in single quotes (R30), or the array
/// itself.
fn servers_written(list: usize, way: usize) -> String {
    let id = ["i-2zej4lxhjoq1icuo9x1z", "i-2ze8cbvhs9lb2xqk0g5w"][list];
    match way {
        0 => json!(format!(r#"[{{"ServerId":"{id}","Weight":"50"}}]"#)).to_string(),
        1 => json!(format!(r#"[ {{ "ServerId" : "{id}", "Weight" : "50" }} ]"#)).to_string(),
        2 => json!(format!("[{{'ServerId':'{id}','Weight':'50'}}]")).to_string(),
        _ => format!(r#"[{{"ServerId":"{id}","Weight":"50"}}]"#),
    }
}

/// A request whose parameters are given twice (issue 24, items 2 to 4): `LoadBalancerId` under
/// one spelling (exact, or another letter case), its copies written alike or with an escape, or
/// of another value; two copies of `BackendServers` of one list or two, each written its own way.
fn repeated_parameters() -> impl Strategy<Value = (String, String)> {
    (
        prop_oneof![Just("LoadBalancerId"), Just("loadbalancerid")],
        prop_oneof![Just("lb-a"), Just("lb-\\u0061")],
        prop_oneof![Just("lb-a"), Just("lb-\\u0061"), Just("lb-b")],
        (0..2usize, 0..4usize),
        (0..2usize, 0..4usize),
    )
        .prop_map(|(key, lb1, lb2, (l1, w1), (l2, w2))| {
            let head = format!(r#"{{"{key}":"{lb1}","{key}":"{lb2}""#);
            let (a, b) = (servers_written(l1, w1), servers_written(l2, w2));
            (
                format!(r#"{head},"BackendServers":{a},"BackendServers":{b}}}"#),
                format!(r#"{head},"BackendServers":{b},"BackendServers":{a}}}"#),
            )
        })
}

proptest! {
    #![proptest_config(common::config(512, "proptest-regressions/differential.txt"))]

    /// Copies of a parameter are one parameter when they hold the same value, however written,
    /// and which copy comes first changes no verdict: both readers, both orders.
    #[test]
    fn repeated_parameters_are_compared_by_value_alike_both_ways((one, other) in repeated_parameters()) {
        same(one.as_bytes(), &Context::new())?;
        same(other.as_bytes(), &Context::new())?;
        let errors = |text: &str| {
            let report = clb_preflight::check(text);
            report.errors().iter().map(|e| (e.code(), e.path().clone())).collect::<Vec<_>>()
        };
        prop_assert_eq!(errors(&one), errors(&other), "{} / {}", one, other);
        // A copy written another way is the same value; a case variant is warned once.
        let report = clb_preflight::check(&one);
        let duplicates = report
            .errors()
            .iter()
            .filter(|e| e.code() == clb_preflight::Code::InvalidParameterDuplicateField)
            .count();
        let lb_differs = one.contains("lb-b");
        let servers_differ = one.matches("i-2ze8cbvhs9lb2xqk0g5w").count() == 1;
        prop_assert_eq!(duplicates, usize::from(lb_differs) + usize::from(servers_differ), "{}", one);
        let spellings = report
            .warnings()
            .iter()
            .filter(|w| w.code() == clb_preflight::Code::NonCanonicalFieldName)
            .count();
        let lowercase = one.contains("loadbalancerid");
        prop_assert_eq!(spellings, usize::from(lowercase) * (1 + usize::from(lb_differs)), "{}", one);
    }

    #[test]
    fn generated_documents_read_the_same_both_ways(doc in document()) {
        same(doc.as_bytes(), &Context::new())?;
    }

    /// The calls on a server group and their lists, both readers alike.
    #[test]
    fn generated_group_calls_read_the_same_both_ways(doc in group_document()) {
        same(doc.as_bytes(), &Context::new())?;
    }

    #[test]
    fn arbitrary_text_reads_the_same_both_ways(text in "\\PC{0,64}") {
        same(text.as_bytes(), &Context::new())?;
    }

    #[test]
    fn with_facts_too(doc in document()) {
        let mut context = Context::new();
        context
            .add_load_balancer(&std::fs::read_to_string(
                concat!(env!("CARGO_MANIFEST_DIR"), "/examples/describe-load-balancer.json"),
            ).unwrap())
            .unwrap();
        same(doc.as_bytes(), &context)?;
    }
}

/// Copies that serde_json cannot read as a value (an escaped lone surrogate) are the same only
/// as written; a string that holds an array is that array only for `BackendServers`.
#[test]
fn copies_are_compared_as_written_when_they_cannot_be_read() {
    let duplicates = |text: &str| {
        same(text.as_bytes(), &Context::new()).unwrap();
        clb_preflight::check(text)
            .errors()
            .iter()
            .filter(|e| e.code() == clb_preflight::Code::InvalidParameterDuplicateField)
            .count()
    };
    let servers = r#""BackendServers":"[{\"ServerId\":\"i-1\"}]""#;
    assert_eq!(
        duplicates(&format!(
            r#"{{"LoadBalancerId":"\ud800","LoadBalancerId":"\ud800",{servers}}}"#
        )),
        0
    );
    assert_eq!(
        duplicates(&format!(
            r#"{{"LoadBalancerId":"\ud800","LoadBalancerId":"\udbff",{servers}}}"#
        )),
        1
    );
    // A string holding an array is not that array, but for BackendServers.
    assert_eq!(
        duplicates(&format!(
            r#"{{"LoadBalancerId":"[1]","LoadBalancerId":[1],{servers}}}"#
        )),
        1
    );
    assert_eq!(
        duplicates(
            r#"{"LoadBalancerId":"lb-1","BackendServers":"[{\"ServerId\":\"i-1\"}]","BackendServers":[{"ServerId":"i-1"}]}"#
        ),
        0
    );
}

/// A group's list given twice, once as a JSON string and once as the array itself, holding the
/// same servers, is one parameter (R5's rule for repeated parameters holds for every list); with
/// other servers, a duplicate.
#[test]
fn a_group_list_given_twice_alike_is_one_parameter() {
    let items = r#"[{"ServerId":"i-1","Port":"80"}]"#;
    let other = r#"[{"ServerId":"i-2","Port":"80"}]"#;
    for (action, list) in [
        ("ModifyVServerGroupBackendServers", "OldBackendServers"),
        ("ModifyVServerGroupBackendServers", "NewBackendServers"),
        ("CreateMasterSlaveServerGroup", "MasterSlaveBackendServers"),
    ] {
        let target = if action.starts_with("Create") {
            r#""LoadBalancerId":"lb-1""#
        } else {
            r#""VServerGroupId":"rsp-1""#
        };
        let request = |second: &str| {
            format!(
                r#"{{"Action":"{action}","RegionId":"cn-beijing",{target},"{list}":{},"{list}":{second}}}"#,
                json!(items)
            )
        };
        let duplicates = |text: &str| {
            clb_preflight::check(text)
                .errors()
                .iter()
                .filter(|e| e.code() == clb_preflight::Code::InvalidParameterDuplicateField)
                .count()
        };
        assert_eq!(duplicates(&request(items)), 0, "{action} {list}");
        assert_eq!(duplicates(&request(other)), 1, "{action} {list}");
        same(request(items).as_bytes(), &Context::new()).unwrap();
    }
}

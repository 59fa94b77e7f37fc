//! Properties of the checker, each a law over generated requests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use std::collections::HashSet;

use clb_preflight::call::drop_duplicates;
use clb_preflight::{check, check_bytes, BackendServer, Code};
use proptest::prelude::*;
use serde_json::{json, Value};

/// One generated backend server, valid on its own.
#[derive(Debug, Clone)]
struct Server {
    /// `ecs`, `eni` or `eci`.
    kind: &'static str,
    id: String,
    /// Whether `Type` is written (always for eni and eci).
    typed: bool,
    weight: Option<u8>,
    ip: Option<String>,
    port: Option<u16>,
    description: Option<String>,
    /// Write Weight and Port as JSON integers rather than strings.
    integers: bool,
}

impl Server {
    /// The object's fields in a fixed order, values as JSON.
    fn fields(&self) -> Vec<(String, Value)> {
        let num = |n: u64| {
            if self.integers {
                json!(n)
            } else {
                json!(n.to_string())
            }
        };
        let mut f = vec![("ServerId".to_owned(), json!(self.id))];
        if let Some(w) = self.weight {
            f.push(("Weight".into(), num(u64::from(w))));
        }
        if self.typed {
            f.push(("Type".into(), json!(self.kind)));
        }
        if let Some(ip) = &self.ip {
            f.push(("ServerIp".into(), json!(ip)));
        }
        if let Some(p) = self.port {
            f.push(("Port".into(), num(u64::from(p))));
        }
        if let Some(d) = &self.description {
            f.push(("Description".into(), json!(d)));
        }
        f
    }
}

fn object(fields: &[(String, Value)]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}:{}", json!(k), v))
        .collect();
    format!("{{{}}}", parts.join(","))
}

fn array(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

/// How the request is written.
#[derive(Debug, Clone, Copy)]
enum Form {
    JsonString,
    JsonArray,
    Query,
}

fn render(lb: &str, region: Option<&str>, items: &str, form: Form) -> String {
    match form {
        Form::JsonString | Form::JsonArray => {
            let servers = match form {
                Form::JsonString => json!(items).to_string(),
                _ => items.to_owned(),
            };
            let region = region.map_or(String::new(), |r| format!("\"RegionId\":{},", json!(r)));
            format!(
                "{{{region}\"LoadBalancerId\":{},\"BackendServers\":{servers}}}",
                json!(lb)
            )
        }
        Form::Query => {
            let enc = |s: &str| {
                s.bytes()
                    .map(|b| {
                        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                            (b as char).to_string()
                        } else {
                            format!("%{b:02X}")
                        }
                    })
                    .collect::<String>()
            };
            let region = region.map_or(String::new(), |r| format!("RegionId={}&", enc(r)));
            format!(
                "Action=AddBackendServers&{region}LoadBalancerId={}&BackendServers={}",
                enc(lb),
                enc(items)
            )
        }
    }
}

fn form() -> impl Strategy<Value = Form> {
    prop_oneof![
        Just(Form::JsonString),
        Just(Form::JsonArray),
        Just(Form::Query)
    ]
}

fn description() -> impl Strategy<Value = String> {
    prop_oneof!["[A-Za-z0-9./_-]{1,80}", "[a-z0-9\u{4e00}-\u{9fff}-]{1,80}",]
}

/// A valid server whose id and IP are unique by `index`; `min_weight` 1 avoids R8's warning.
fn server(index: usize, min_weight: u8) -> impl Strategy<Value = Server> {
    (
        prop_oneof![Just("ecs"), Just("eni"), Just("eci")],
        "[a-z0-9]{4,20}",
        any::<bool>(),
        proptest::option::of(min_weight..=100u8),
        (0u8..=255, any::<bool>()),
        proptest::option::of(1u16..=65535),
        proptest::option::of(description()),
        any::<bool>(),
    )
        .prop_map(
            move |(kind, suffix, typed, weight, (host, ecs_ip), port, description, integers)| {
                let prefix = match kind {
                    "ecs" => "i-",
                    "eni" => "eni-",
                    _ => "eci-",
                };
                let keyed = kind != "ecs";
                Server {
                    kind,
                    id: format!("{prefix}{index:02}{suffix}"),
                    typed: typed || keyed,
                    weight,
                    ip: (keyed || ecs_ip).then(|| format!("10.0.{index}.{host}")),
                    port,
                    description,
                    integers,
                }
            },
        )
}

fn servers(
    n: std::ops::RangeInclusive<usize>,
    min_weight: u8,
) -> impl Strategy<Value = Vec<Server>> {
    n.prop_flat_map(move |n| (0..n).map(|i| server(i, min_weight)).collect::<Vec<_>>())
}

fn lb_id() -> impl Strategy<Value = String> {
    "[a-z0-9]{21}".prop_map(|s| format!("lb-{s}"))
}

fn region() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        Just("cn-beijing".to_owned()),
        Just("ap-southeast-1".to_owned()),
        "[a-z]{2,5}(-[a-z0-9]{1,8}){1,3}",
    ])
}

/// A valid request with `servers`, plus `repeats` copies of earlier items appended (each copy
/// is identical to the item it repeats but for its Weight).
fn request_text(
    lb: &str,
    region: Option<&str>,
    servers: &[Server],
    repeats: &[(usize, Option<u8>)],
    form: Form,
) -> String {
    render(lb, region, &items_text(servers, repeats), form)
}

/// The `BackendServers` text of [`request_text`].
fn items_text(servers: &[Server], repeats: &[(usize, Option<u8>)]) -> String {
    let mut items: Vec<String> = servers.iter().map(|s| object(&s.fields())).collect();
    for (i, weight) in repeats {
        if let Some(s) = servers.get(i % servers.len()) {
            let mut copy = s.clone();
            copy.weight = *weight;
            items.push(object(&copy.fields()));
        }
    }
    array(&items)
}

/// `json` with its strings single-quoted (R30) where `which` says so (cycled; the first string
/// always): `'` inside becomes `\'`, and an escaped `"` is written raw or kept escaped.
fn requote(json: &str, which: &[bool]) -> String {
    let mut out = String::with_capacity(json.len());
    let mut chars = json.chars();
    let mut n = 0;
    while let Some(c) = chars.next() {
        if c != '"' {
            out.push(c);
            continue;
        }
        let single = n == 0 || which.get(n % which.len().max(1)).copied().unwrap_or(false);
        n += 1;
        let quote = if single { '\'' } else { '"' };
        out.push(quote);
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => {
                    let next = chars.next().unwrap();
                    match next {
                        '"' if single && n % 2 == 0 => out.push('"'),
                        _ => {
                            out.push('\\');
                            out.push(next);
                        }
                    }
                }
                '\'' if single => out.push_str("\\'"),
                c => out.push(c),
            }
        }
        out.push(quote);
    }
    out
}

/// Each item as a one-item request, checked on its own: the servers, duplicates kept.
fn each_alone(lb: &str, items: &[String]) -> Vec<BackendServer> {
    items
        .iter()
        .map(|item| {
            let report = check(&render(
                lb,
                None,
                &array(std::slice::from_ref(item)),
                Form::JsonString,
            ));
            assert!(report.is_valid(), "{}", report.to_human());
            report.into_call().unwrap().backend_servers()[0].clone()
        })
        .collect()
}

proptest! {
    #![proptest_config(common::config(256, "proptest-regressions/properties.txt"))]

    #[test]
    fn generated_valid_request_has_no_errors(
        lb in lb_id(), region in region(), servers in servers(1..=20, 0), form in form()
    ) {
        let text = request_text(&lb, region.as_deref(), &servers, &[], form);
        let report = check(&text);
        prop_assert!(report.is_valid(), "{}\n{}", text, report.to_human());
        let request = report.call().unwrap();
        prop_assert_eq!(request.backend_servers().len(), servers.len());
        prop_assert_eq!(request.load_balancer_id().map(|id| id.as_str()), Some(lb.as_str()));
        // Weight 0 is the only warning such a request can draw.
        let zero = servers.iter().filter(|s| s.weight == Some(0)).count();
        prop_assert_eq!(report.warnings().len(), zero);
    }

    #[test]
    fn single_quoted_is_the_same_request_with_one_warning(
        lb in lb_id(), region in region(), servers in servers(1..=17, 0),
        repeats in proptest::collection::vec((0usize..17, proptest::option::of(0u8..=100)), 0..=3),
        query in any::<bool>(), which in proptest::collection::vec(any::<bool>(), 1..8),
    ) {
        let form = if query { Form::Query } else { Form::JsonString };
        let items = items_text(&servers, &repeats);
        let quoted_items = requote(&items, &which);
        let text = render(&lb, region.as_deref(), &items, form);
        let quoted = render(&lb, region.as_deref(), &quoted_items, form);
        let (report, quoted_report) = (check(&text), check(&quoted));
        prop_assert!(report.is_valid(), "{}\n{}", text, report.to_human());
        // The same request, servers normalized alike.
        prop_assert_eq!(quoted_report.call(), report.call(), "{}", quoted);
        // The same report, plus one NonStandardJson warning at BackendServers.
        let r30: Vec<_> = quoted_report.warnings().iter().filter(|w| w.code() == Code::NonStandardJson).collect();
        prop_assert_eq!(r30.len(), 1, "{}", quoted_report.to_human());
        prop_assert_eq!(r30[0].path().to_string(), "BackendServers");
        let mut quoted_json: Value = serde_json::from_str(&quoted_report.to_json()).unwrap();
        quoted_json["warnings"]
            .as_array_mut()
            .unwrap()
            .retain(|w| w["code"] != "NonStandardJson");
        let plain_json: Value = serde_json::from_str(&report.to_json()).unwrap();
        prop_assert_eq!(quoted_json, plain_json, "{}", quoted);
    }

    #[test]
    fn serialize_then_parse_is_identity(
        lb in lb_id(), region in region(), servers in servers(1..=16, 0), form in form(),
        repeats in proptest::collection::vec((0usize..16, proptest::option::of(0u8..=100)), 0..=4),
    ) {
        let text = request_text(&lb, region.as_deref(), &servers, &repeats, form);
        let report = check(&text);
        prop_assert!(report.is_valid(), "{}\n{}", text, report.to_human());
        let request = report.into_call().unwrap();
        for written in [request.to_json(), request.to_query()] {
            let again = check(&written);
            prop_assert!(again.warnings().iter().all(|w| w.code() == Code::ZeroWeight), "{}", again.to_human());
            prop_assert_eq!(again.call(), Some(&request), "{}", written);
        }
        // Every value of the written BackendServers is a string.
        let params: Value = serde_json::from_str(&request.to_json()).unwrap();
        let items: Value = serde_json::from_str(params["BackendServers"].as_str().unwrap()).unwrap();
        for item in items.as_array().unwrap() {
            prop_assert!(item.as_object().unwrap().values().all(Value::is_string));
        }
    }

    #[test]
    fn dropping_duplicates_is_idempotent_and_keeps_first_occurrences(
        lb in lb_id(), servers in servers(1..=12, 0),
        repeats in proptest::collection::vec((0usize..12, proptest::option::of(0u8..=100)), 0..8),
    ) {
        let text = request_text(&lb, None, &servers, &repeats, Form::JsonArray);
        let params: Value = serde_json::from_str(&text).unwrap();
        let items: Vec<String> = params["BackendServers"].as_array().unwrap().iter().map(Value::to_string).collect();
        let all = each_alone(&lb, &items);

        let once = drop_duplicates(all.clone());
        prop_assert_eq!(drop_duplicates(once.clone()), once.clone());
        // Exactly the first occurrence of each identity, in order.
        let mut seen = HashSet::new();
        let firsts: Vec<BackendServer> = all.iter().filter(|s| seen.insert(s.identity())).cloned().collect();
        prop_assert_eq!(&once, &firsts);
        // The validator drops the same ones.
        let report = check(&text);
        prop_assert_eq!(report.call().unwrap().backend_servers(), &once[..]);
        prop_assert_eq!(
            report.warnings().iter().filter(|w| w.code() == Code::DuplicateBackendServerIgnored).count(),
            all.len() - once.len()
        );
    }

    #[test]
    fn more_than_twenty_items_is_always_too_many(
        lb in lb_id(), n in 21usize..200, junk in "[a-z0-9{}\",:]{0,12}", form in form()
    ) {
        // Items of any shape, valid or not: the count alone decides.
        let items: Vec<String> = (0..n)
            .map(|i| if i % 3 == 0 { json!(junk).to_string() } else { format!("{{\"ServerId\":\"i-{i}\"}}") })
            .collect();
        let report = check(&render(&lb, None, &array(&items), form));
        let too_many: Vec<_> = report.errors().iter().filter(|e| e.code() == Code::TooManyBackendServers).collect();
        prop_assert_eq!(too_many.len(), 1);
        prop_assert_eq!(too_many[0].path().to_string(), "BackendServers");
        let expected = format!("{n} backend servers");
        prop_assert!(too_many[0].message().starts_with(&expected));
    }

    #[test]
    fn corrupting_one_field_gives_that_fields_code_there_and_nothing_else(
        lb in lb_id(), servers in servers(1..=20, 1), form in form(),
        pick in any::<prop::sample::Index>(), corruption in any::<prop::sample::Index>(),
    ) {
        // (field, bad value, expected code)
        let corruptions: &[(&str, Value, Code)] = &[
            ("Weight", json!("101"), Code::InvalidWeightMalformed),
            ("Weight", json!("+5"), Code::InvalidWeightMalformed),
            ("Weight", json!("05"), Code::InvalidWeightMalformed),
            ("Weight", json!(1.5), Code::InvalidWeightMalformed),
            ("Weight", json!(-1), Code::InvalidWeightMalformed),
            ("Weight", json!(true), Code::InvalidWeightMalformed),
            ("Port", json!("0"), Code::InvalidParameterPort),
            ("Port", json!(65536), Code::InvalidParameterPort),
            ("Port", json!(" 80"), Code::InvalidParameterPort),
            ("Description", json!(""), Code::InvalidParameterDescription),
            ("Description", json!("a b"), Code::InvalidParameterDescription),
            ("Description", json!("x".repeat(81)), Code::InvalidParameterDescription),
            ("Type", json!("ECS"), Code::BackendServerInvalidType),
            ("Type", json!("vm"), Code::BackendServerInvalidType),
            ("ServerIp", json!("10.0.0"), Code::InvalidParameterServerIp),
            ("ServerIp", json!("010.0.0.1"), Code::InvalidParameterServerIp),
            ("ServerIp", json!("::1"), Code::LbNotSupportIpv6Backend),
            ("ServerId", json!(""), Code::MissingParameterServerId),
            ("ServerId", json!("i-a b"), Code::InvalidParameterServerId),
            ("ServerId", json!(7), Code::InvalidParameterServerId),
        ];
        let k = pick.index(servers.len());
        let (field, bad, code) = corruption.get(corruptions);
        // An invalid id keeps the item's own prefix: the prefix names the kind even in an
        // invalid id (R12 would rightly flag another kind's prefix against the item's Type).
        let bad = match bad.as_str() {
            Some(text) if *field == "ServerId" && text.starts_with("i-") => {
                let prefix = match servers[k].kind {
                    "eni" => "eni-",
                    "eci" => "eci-",
                    _ => "i-",
                };
                json!(text.replacen("i-", prefix, 1))
            }
            _ => bad.clone(),
        };
        let mut items: Vec<String> = servers.iter().map(|s| object(&s.fields())).collect();
        let mut fields = servers[k].fields();
        match fields.iter_mut().find(|(name, _)| name == field) {
            Some(slot) => slot.1 = bad.clone(),
            None => fields.push(((*field).to_owned(), bad.clone())),
        }
        items[k] = object(&fields);
        let report = check(&render(&lb, None, &array(&items), form));
        let found: Vec<(Code, String)> = report.findings().map(|f| (f.code(), f.path().to_string())).collect();
        prop_assert_eq!(found, vec![(*code, format!("BackendServers[{k}].{field}"))], "{}", report.to_human());
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}", bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        for report in [check(&text), check_bytes(&bytes)] {
            assert_report_is_well_formed(&report);
        }
    }

    #[test]
    fn arbitrary_json_never_panics(value in arbitrary_json(), lb in lb_id()) {
        let text = value.to_string();
        assert_report_is_well_formed(&check(&text));
        // As the items themselves, both as a string and as an array.
        for form in [Form::JsonString, Form::JsonArray, Form::Query] {
            assert_report_is_well_formed(&check(&render(&lb, None, &text, form)));
        }
        // As the value of every field of one item.
        for field in ["ServerId", "Weight", "Description", "Type", "ServerIp", "Port"] {
            let item = object(&[("ServerId".into(), json!("i-1")), (field.into(), value.clone())]);
            assert_report_is_well_formed(&check(&render(&lb, None, &array(&[item]), Form::JsonString)));
        }
    }
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,20}".prop_map(Value::from),
        prop_oneof![
            Just("ServerId"),
            Just("Weight"),
            Just("Type"),
            Just("eni"),
            Just("100"),
            Just("1.2.3.4")
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::btree_map("[A-Za-z]{0,10}", inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A report's own laws: valid exactly when no error; the request only when valid; the JSON
/// report parses and agrees; every path is one of the documented shapes.
fn assert_report_is_well_formed(report: &clb_preflight::Report) {
    assert_eq!(report.is_valid(), report.errors().is_empty());
    assert_eq!(report.call().is_some(), report.is_valid());
    let json: Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["valid"], Value::Bool(report.is_valid()));
    assert_eq!(
        json["errors"].as_array().unwrap().len(),
        report.errors().len()
    );
    assert_eq!(json.get("backend_servers").is_some(), report.is_valid());
    for finding in report.findings() {
        let path = finding.path().to_string();
        assert!(
            path.is_empty()
                || ["LoadBalancerId", "RegionId", "BackendServers", "Action"]
                    .contains(&path.as_str())
                || path.starts_with("BackendServers[")
                || finding.code() == Code::UnknownField
                || finding.code() == Code::NonCanonicalFieldName
                || finding.code() == Code::InvalidParameterDuplicateField
                || finding.code() == Code::MalformedRequest,
            "unexpected path {path:?} for {finding}"
        );
        assert!(!finding.message().is_empty());
        assert!(
            !finding.message().chars().any(char::is_control),
            "{finding}"
        );
    }
}

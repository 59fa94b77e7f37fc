//! A structured request, rendered to JSON: good values with one mutation each. Asserts the
//! verdict: exactly the errors the oracle (`tests/oracle`) predicts, at the paths it predicts.
#![no_main]

#[path = "../../tests/oracle/mod.rs"]
mod oracle;

use clb_preflight::{check, Code};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use oracle::Mutation;
use serde_json::{json, Value};

#[derive(Arbitrary, Debug)]
enum Change {
    None,
    Prefix(u8),
    Suffix(u8),
    Insert(u8, u8),
    Fullwidth(u8),
    Upper(u8),
    Empty,
    Longer,
}

impl Change {
    fn mutation(&self) -> Mutation {
        let pick = |n: u8, len: usize| usize::from(n) % len;
        match *self {
            Change::None => Mutation::None,
            Change::Prefix(n) => {
                Mutation::Prefix(oracle::PREFIXES[pick(n, oracle::PREFIXES.len())])
            }
            Change::Suffix(n) => {
                Mutation::Suffix(oracle::SUFFIXES[pick(n, oracle::SUFFIXES.len())])
            }
            Change::Insert(at, c) => Mutation::Insert(
                usize::from(at),
                oracle::INSERTS[pick(c, oracle::INSERTS.len())],
            ),
            Change::Fullwidth(n) => Mutation::Fullwidth(usize::from(n)),
            Change::Upper(n) => Mutation::Upper(usize::from(n)),
            Change::Empty => Mutation::Empty,
            Change::Longer => Mutation::Longer(80),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Kind {
    Ecs,
    Eni,
    Eci,
}

#[derive(Arbitrary, Debug)]
struct Item {
    kind: Kind,
    weight: Option<(u8, Change, bool)>,
    port: Option<(u16, Change, bool)>,
    description: Option<(u8, Change)>,
    type_change: Change,
    ip: (u8, Change),
}

#[derive(Arbitrary, Debug)]
struct Request {
    items: Vec<Item>,
    as_array: bool,
}

/// A number field: as a JSON string, or as a raw JSON number when asked and it is one.
fn number(text: &str, as_number: bool) -> String {
    if as_number && text.trim() == text && serde_json::from_str::<serde_json::Number>(text).is_ok()
    {
        text.to_owned()
    } else {
        json!(text).to_string()
    }
}

fuzz_target!(|request: Request| {
    let mut expected: Vec<(Code, String)> = Vec::new();
    let mut rendered = Vec::new();
    for (i, item) in request.items.iter().enumerate() {
        let (prefix, word) = match item.kind {
            Kind::Ecs => ("i-", "ecs"),
            Kind::Eni => ("eni-", "eni"),
            Kind::Eci => ("eci-", "eci"),
        };
        let mut fields = vec![format!(
            "\"ServerId\":{}",
            json!(format!("{prefix}2ze{i:05}"))
        )];
        let mut expect = |ok: bool, code: Code, field: &str| {
            if !ok {
                expected.push((code, format!("BackendServers[{i}].{field}")));
            }
        };
        if let Some((w, change, as_number)) = &item.weight {
            let text = oracle::apply(&(w % 101).to_string(), &change.mutation());
            expect(
                oracle::weight_ok(&text),
                Code::InvalidWeightMalformed,
                "Weight",
            );
            fields.push(format!("\"Weight\":{}", number(&text, *as_number)));
        }
        if let Some((n, change)) = &item.description {
            let text = oracle::apply(&format!("d{n}-x"), &change.mutation());
            expect(
                oracle::description_ok(&text),
                Code::InvalidParameterDescription,
                "Description",
            );
            fields.push(format!("\"Description\":{}", json!(text)));
        }
        let type_text = oracle::apply(word, &item.type_change.mutation());
        // Only another spelling of the same word can come out valid.
        expect(type_text == word, Code::BackendServerInvalidType, "Type");
        fields.push(format!("\"Type\":{}", json!(type_text)));
        let ip = oracle::apply(
            &format!("10.{}.{i}.{}", item.ip.0 % 2, item.ip.0),
            &item.ip.1.mutation(),
        );
        // IPs are unique by index, so no two servers share one (R19 stays quiet). An ECS
        // server's empty IP is ignored with a warning (R14), not an error.
        let ecs_without_ip = ip.is_empty() && matches!(item.kind, Kind::Ecs);
        expect(
            oracle::ip_ok(&ip) || ecs_without_ip,
            Code::InvalidParameterServerIp,
            "ServerIp",
        );
        fields.push(format!("\"ServerIp\":{}", json!(ip)));
        if let Some((p, change, as_number)) = &item.port {
            let text = oracle::apply(&p.max(&1).to_string(), &change.mutation());
            expect(oracle::port_ok(&text), Code::InvalidParameterPort, "Port");
            fields.push(format!("\"Port\":{}", number(&text, *as_number)));
        }
        rendered.push(format!("{{{}}}", fields.join(",")));
    }
    let items = format!("[{}]", rendered.join(","));
    let servers = if request.as_array {
        items.clone()
    } else {
        json!(items).to_string()
    };
    let text =
        format!("{{\"LoadBalancerId\":\"lb-2ze7o5h52g02kkzze7lru\",\"BackendServers\":{servers}}}");
    let expected = match request.items.len() {
        0 => vec![(
            Code::InvalidParameterBackendServers,
            "BackendServers".to_owned(),
        )],
        n if n > 20 => vec![(Code::TooManyBackendServers, "BackendServers".to_owned())],
        _ => expected,
    };
    let report = check(&text);
    if report.findings().count() > clb_preflight::limits::Limits::DEFAULT.max_findings() {
        return;
    }
    let mut found: Vec<(Code, String)> = report
        .errors()
        .iter()
        .map(|e| (e.code(), e.path().to_string()))
        .collect();
    let mut expected = expected;
    found.sort();
    expected.sort();
    assert_eq!(
        found,
        expected,
        "request: {text}\nreport:\n{}",
        report.to_human()
    );
    assert_eq!(report.is_valid(), expected.is_empty());
    let _: Value = serde_json::from_str(&report.to_json()).unwrap_or(Value::Null);
});

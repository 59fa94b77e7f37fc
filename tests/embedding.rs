//! The embedding API: requests built from typed values get the report the same request sent as
//! text gets; reports, findings, requests and diffs read back from their JSON as equal values.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use std::error::Error;
use std::path::Path;

use clb_preflight::limits::Limits;
use clb_preflight::{
    check, check_bytes, check_with, Action, BackendServer, Checker, Code, Context, Finding,
    MemberCall, Port, Report, Rule, ServerId, ServerType, Weight,
};
use proptest::prelude::*;
use serde_json::json;

/// Every report the shipped cases give (request cases, and context cases with their facts).
fn shipped_reports() -> Vec<(String, Report)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut reports = Vec::new();
    for entry in std::fs::read_dir(root.join("cases")).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        reports.push((path.display().to_string(), check_bytes(&bytes)));
    }
    for entry in std::fs::read_dir(root.join("context-cases")).unwrap() {
        let dir = entry.unwrap().path();
        let mut context = Context::new();
        let mut request = None;
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            let text = std::fs::read_to_string(&file).unwrap();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("request") {
                request = Some(text);
            } else if name.ends_with(".json") && context.add_document(&text).is_err() {
                // A case about facts that cannot be used has no report.
                request = None;
                break;
            }
        }
        if let Some(Ok(report)) = request.map(|r| check_with(&r, &context)) {
            reports.push((dir.display().to_string(), report));
        }
    }
    // No case file is over the size limit.
    let too_large = Checker::new().oversized(Limits::DEFAULT.max_document_bytes() + 1);
    reports.push(("over the size limit".to_owned(), too_large));
    reports
}

#[test]
fn every_shipped_report_reads_back_as_itself() {
    let reports = shipped_reports();
    assert!(reports.len() > 100, "{} reports", reports.len());
    let mut codes = std::collections::BTreeSet::new();
    let mut with_diff = 0;
    for (name, report) in &reports {
        for json in [report.to_json(), report.to_json_line()] {
            let back: Report =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}\n{json}"));
            assert_eq!(&back, report, "{name}");
            assert_eq!(back.to_json(), report.to_json(), "{name}");
        }
        codes.extend(report.findings().map(Finding::code));
        with_diff += usize::from(report.diff().is_some());
    }
    // Reports with every code, and diffs, were among them.
    // R33's, R34's, R41's and R42's codes are the planner's: no check of a request gives them
    // (tests/plan.rs and tests/plan_owned.rs have them).
    let missing: Vec<&Code> = Code::ALL
        .iter()
        .filter(|c| {
            !codes.contains(c)
                && !matches!(
                    c,
                    Code::DesiredBackendServerRepeated
                        | Code::PlanEmptiesLoadBalancer
                        | Code::PlanDescriptionNotOwned
                        | Code::PlanMemberNotOwned
                        | Code::PlanBelowServingFloor
                )
        })
        .collect();
    assert!(missing.is_empty(), "no shipped report has {missing:?}");
    assert!(with_diff > 5, "{with_diff} reports with a diff");
}

#[test]
fn a_report_that_contradicts_itself_is_refused() {
    let good = check(
        r#"{"LoadBalancerId":"lb-1","BackendServers":"[{\"ServerId\":\"i-1\",\"Weight\":\"101\"}]"}"#,
    );
    let json: serde_json::Value = serde_json::from_str(&good.to_json()).unwrap();
    let refused = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v = json.clone();
        edit(&mut v);
        serde_json::from_value::<Report>(v).unwrap_err().to_string()
    };
    assert!(refused(&|v| v["valid"] = json!(true)).contains("\"valid\""));
    assert!(refused(&|v| v["errors"][0]["rule"] = json!("R8")).contains("belongs to rule R7"));
    assert!(refused(&|v| v["errors"][0]["code"] = json!("Nope")).contains("is not a code"));
    assert!(refused(&|v| {
        let e = v["errors"][0].take();
        v["warnings"] = json!([e]);
        v["errors"] = json!([]);
        v["valid"] = json!(true);
    })
    .contains("is not a Warning finding"));
    // Fields added around a report (a batch line's number) are passed over.
    let mut with_line = json.clone();
    with_line["line"] = json!(3);
    assert_eq!(serde_json::from_value::<Report>(with_line).unwrap(), good);
}

#[test]
fn a_checked_request_reads_back_only_through_the_check() {
    let report = check(
        r#"{"RegionId":"cn-beijing","LoadBalancerId":"lb-1","BackendServers":"[{\"ServerId\":\"eni-1\",\"Type\":\"eni\",\"ServerIp\":\"10.0.0.1\",\"Port\":\"80\"}]"}"#,
    );
    let request = report.call().unwrap();
    let json = serde_json::to_string(request).unwrap();
    assert_eq!(json, request.to_json());
    let back: MemberCall = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, request);
    let bad = r#"{"LoadBalancerId":"lb-1","BackendServers":"[{\"ServerId\":\"eni-1\"}]"}"#;
    let err = serde_json::from_str::<MemberCall>(bad).unwrap_err();
    assert!(err.to_string().contains("MissingParameter.Type"), "{err}");
}

#[test]
fn findings_are_errors_that_travel() {
    fn first_error(text: &str) -> Result<(), Box<dyn Error>> {
        match check(text).errors().first() {
            Some(finding) => Err(finding.clone().into()),
            None => Ok(()),
        }
    }
    let err = first_error("{}").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("error[MissingParameter.LoadBalancerId]"),
        "{err}"
    );
    let rule: Rule = "R7".parse().unwrap();
    assert_eq!(serde_json::to_string(&rule).unwrap(), "\"R7\"");
    assert_eq!(serde_json::from_str::<Rule>("\"R29\"").unwrap(), Rule::R29);
    assert!(serde_json::from_str::<Rule>("\"R99\"").is_err());
}

/// One server as typed values, and the same server written as a request item by hand.
#[derive(Debug, Clone)]
struct Typed {
    id: String,
    server_type: Option<&'static str>,
    weight: Option<u64>,
    ip: Option<String>,
    port: Option<u64>,
    description: Option<String>,
}

fn typed() -> impl Strategy<Value = Typed> {
    (
        prop_oneof![Just("i-"), Just("eni-"), Just("eci-"), Just("x-")],
        0u8..6,
        proptest::option::of(prop_oneof![Just("ecs"), Just("eni"), Just("eci")]),
        proptest::option::of(0u64..=100),
        proptest::option::of((0u8..3, 0u8..=255)),
        proptest::option::of(1u64..=65535),
        proptest::option::of("[a-z0-9/._-]{1,12}"),
    )
        .prop_map(
            |(prefix, n, server_type, weight, ip, port, description)| Typed {
                id: format!("{prefix}2ze{n}"),
                server_type,
                weight,
                ip: ip.map(|(a, b)| format!("10.0.{a}.{b}")),
                port,
                description,
            },
        )
}

impl Typed {
    fn build(&self) -> BackendServer {
        let mut b = BackendServer::builder(self.id.parse().unwrap());
        if let Some(t) = self.server_type {
            b = b.server_type(t.parse().unwrap());
        }
        if let Some(w) = self.weight {
            b = b.weight(Weight::new(w).unwrap());
        }
        if let Some(ip) = &self.ip {
            b = b.server_ip(ip.parse().unwrap());
        }
        if let Some(p) = self.port {
            b = b.port(Port::new(p).unwrap());
        }
        if let Some(d) = &self.description {
            b = b.description(d.parse().unwrap());
        }
        b.build()
    }

    /// The item as a person writes it: the defaults spelt out (a built server always has a
    /// type, the one its id names unless set, and a weight), numbers as JSON numbers, keys in
    /// another order.
    fn text(&self) -> serde_json::Value {
        let mut item = serde_json::Map::new();
        if let Some(d) = &self.description {
            item.insert("Description".into(), json!(d));
        }
        if let Some(p) = self.port {
            item.insert("Port".into(), json!(p));
        }
        item.insert("Weight".into(), json!(self.weight.unwrap_or(100)));
        if let Some(ip) = &self.ip {
            item.insert("ServerIp".into(), json!(ip));
        }
        let named = ServerId::kind_of(&self.id).map_or("ecs", |k| k.as_str());
        item.insert("Type".into(), json!(self.server_type.unwrap_or(named)));
        item.insert("ServerId".into(), json!(self.id));
        serde_json::Value::Object(item)
    }
}

proptest! {
    #![proptest_config(common::config(128, "proptest-regressions/embedding.txt"))]

    #[test]
    fn a_built_request_gets_the_report_of_the_same_request_as_text(
        servers in proptest::collection::vec(typed(), 0..24),
        region in proptest::option::of(Just("cn-beijing")),
    ) {
        let mut builder = MemberCall::builder(Action::AddBackendServers)
            .load_balancer_id("lb-2ze7o5h52g02kkzze7lru".parse().unwrap());
        if let Some(r) = region {
            builder = builder.region_id(r.parse().unwrap());
        }
        let built = builder
            .backend_servers(servers.iter().map(Typed::build))
            .check();
        let items: Vec<serde_json::Value> = servers.iter().map(Typed::text).collect();
        let mut params = serde_json::Map::new();
        params.insert("BackendServers".into(), json!(serde_json::Value::Array(items).to_string()));
        params.insert("LoadBalancerId".into(), json!("lb-2ze7o5h52g02kkzze7lru"));
        if let Some(r) = region {
            params.insert("RegionId".into(), json!(r));
        }
        let text = check(&serde_json::Value::Object(params).to_string());
        prop_assert_eq!(built.to_json(), text.to_json());
        // And whatever it says reads back as itself.
        let back: Report = serde_json::from_str(&built.to_json_line()).unwrap();
        prop_assert_eq!(back, built);
    }
}

#[test]
fn a_server_built_without_type_takes_the_kind_its_id_names_and_weight_100() {
    let server = BackendServer::builder("eni-1".parse().unwrap()).build();
    assert_eq!(server.server_type(), ServerType::Eni);
    assert_eq!(server.weight().get(), 100);
    let other = BackendServer::builder("vm-1".parse().unwrap()).build();
    assert_eq!(other.server_type(), ServerType::Ecs);
    // Checked, an ENI without its IP is what R13 refuses (no mismatch the caller never wrote).
    let report = MemberCall::builder(Action::AddBackendServers)
        .load_balancer_id("lb-1".parse().unwrap())
        .backend_server(server)
        .check();
    let codes: Vec<Code> = report.errors().iter().map(Finding::code).collect();
    assert_eq!(codes, [Code::MissingParameterServerIp]);
    // Typed ecs by hand, it is R12's mismatch.
    let typed = BackendServer::builder("eni-1".parse().unwrap())
        .server_type(ServerType::Ecs)
        .build();
    let report = MemberCall::builder(Action::AddBackendServers)
        .load_balancer_id("lb-1".parse().unwrap())
        .backend_server(typed)
        .check();
    let codes: Vec<Code> = report.errors().iter().map(Finding::code).collect();
    assert_eq!(codes, [Code::InvalidParameterTypeMismatch]);
}

fn example(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn facts_built_in_code_or_held_as_values_check_as_the_responses_do() {
    use clb_preflight::context::{
        AddressType, LoadBalancerFacts, LoadBalancerStatus, Member, Network, ServerFacts,
    };

    let mut from_text = Context::new();
    from_text
        .add_load_balancer(&example("describe-load-balancer.json"))
        .unwrap();
    from_text
        .add_servers(&example("describe-network-interfaces.json"))
        .unwrap();

    let mut from_values = Context::new();
    let value = |name: &str| serde_json::from_str::<serde_json::Value>(&example(name)).unwrap();
    from_values
        .add_load_balancer_value(value("describe-load-balancer.json"))
        .unwrap();
    from_values
        .add_document_value(value("describe-network-interfaces.json"))
        .unwrap();

    // The same facts, typed by hand from those two responses.
    let vpc = || Network::Vpc("vpc-2zeo0bu8mwbbfzu1s0rdq".to_owned());
    let web0 = BackendServer::builder("i-2ze8cbvhs9lb2xqk0g5w".parse().unwrap())
        .server_ip("192.168.1.11".parse().unwrap())
        .build();
    let eni = BackendServer::builder("eni-2zeqx1a8n0kd7p3vwl2c".parse().unwrap())
        .server_type(ServerType::Eni)
        .weight(Weight::new(50).unwrap())
        .server_ip("192.168.10.21".parse().unwrap())
        .build();
    let mut typed = Context::new();
    typed
        .set_load_balancer(
            LoadBalancerFacts::new("lb-2ze7o5h52g02kkzze7lru".parse().unwrap())
                .status(LoadBalancerStatus::Active)
                .address_type(AddressType::Intranet)
                .network(vpc())
                .spec("slb.s2.small")
                .pay_by_clcu(false)
                .members([
                    Member::new(eni, None),
                    Member::new(web0, Some("web-0".into())),
                ]),
        )
        .unwrap();
    typed
        .add_server(
            &"eni-2ze3ykcbqm8kdaqv0l3q".parse().unwrap(),
            ServerFacts::new(ServerType::Eni)
                .status("InUse")
                .network(vpc())
                .ips([
                    "192.168.10.12".parse().unwrap(),
                    "192.168.10.11".parse().unwrap(),
                ]),
        )
        .unwrap();

    for request in [
        "request.json",
        "request-attached.json",
        "invalid.json",
        "request.query",
    ] {
        let text = example(request);
        let want = check_with(&text, &from_text).unwrap().to_json();
        assert_eq!(
            check_with(&text, &from_values).unwrap().to_json(),
            want,
            "{request}"
        );
        assert_eq!(
            check_with(&text, &typed).unwrap().to_json(),
            want,
            "{request}"
        );
    }

    // Built facts contradict read ones as read ones contradict each other.
    let mut other = from_text.clone();
    let err = other
        .set_load_balancer(LoadBalancerFacts::new(
            "lb-2ze7o5h52g02kkzze7lru".parse().unwrap(),
        ))
        .unwrap_err();
    assert!(
        err.to_string().contains("two different descriptions"),
        "{err}"
    );
    let err = other
        .add_server(
            &"eni-2ze3ykcbqm8kdaqv0l3q".parse().unwrap(),
            ServerFacts::new(ServerType::Eni).status("Available"),
        )
        .unwrap_err();
    assert!(err.to_string().contains("described twice"), "{err}");
    // A value of the wrong shape is refused as its text is.
    assert!(Context::new()
        .add_servers_value(value("describe-load-balancer.json"))
        .is_err());
}

/// Facts built in code are the facts the Describe responses give, field by field: setting the
/// built ones on a context read from the responses is no contradiction, and leaving out or
/// changing any one field is. Empty texts count as absent in both (`VpcId`, `TunnelType`).
#[test]
fn facts_built_in_code_equal_the_facts_read_field_by_field() {
    use clb_preflight::context::{
        AddressType, LoadBalancerFacts, LoadBalancerStatus, Network, ServerFacts, TunnelType,
    };
    use clb_preflight::RegionId;

    let response = |vpc_id: &str, tunnel_type: &str| {
        json!({
            "LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru",
            "LoadBalancerStatus": "active",
            "RegionId": "cn-beijing",
            "AddressType": "intranet",
            "NetworkType": "vpc",
            "VpcId": vpc_id,
            "LoadBalancerSpec": "slb.s2.small",
            "InstanceChargeType": "PayByCLCU",
            "TunnelType": tunnel_type,
            "BackendServers": {"BackendServer": []}
        })
    };
    let built = |vpc_id: &str, tunnel_type: &str| {
        let facts = LoadBalancerFacts::new("lb-2ze7o5h52g02kkzze7lru".parse().unwrap())
            .status(LoadBalancerStatus::Active)
            .region_id("cn-beijing".parse::<RegionId>().unwrap())
            .address_type(AddressType::Intranet)
            .network(Network::Vpc(vpc_id.to_owned()))
            .spec("slb.s2.small")
            .pay_by_clcu(true);
        // A `TunnelType` this crate does not know (or an empty one) is not known.
        match tunnel_type.parse::<TunnelType>() {
            Ok(tunnel) => facts.tunnel_type(tunnel),
            Err(_) => facts,
        }
    };
    let read = |value: serde_json::Value| {
        let mut context = Context::new();
        context.add_load_balancer_value(value).unwrap();
        context
    };
    for (vpc_id, tunnel_type) in [("vpc-2zeo0bu8mwbbfzu1s0rdq", "singleTunnel"), ("", "")] {
        let mut context = read(response(vpc_id, tunnel_type));
        assert_eq!(
            context.set_load_balancer(built(vpc_id, tunnel_type)),
            Ok(()),
            "VpcId {vpc_id:?}, TunnelType {tunnel_type:?}"
        );
    }
    let whole = || built("vpc-2zeo0bu8mwbbfzu1s0rdq", "singleTunnel");
    let id = || "lb-2ze7o5h52g02kkzze7lru".parse().unwrap();
    let others = [
        (
            "no RegionId",
            LoadBalancerFacts::new(id())
                .status(LoadBalancerStatus::Active)
                .address_type(AddressType::Intranet)
                .network(Network::Vpc("vpc-2zeo0bu8mwbbfzu1s0rdq".into()))
                .spec("slb.s2.small")
                .pay_by_clcu(true)
                .tunnel_type(TunnelType::SingleTunnel),
        ),
        (
            "another region",
            whole().region_id("cn-hangzhou".parse().unwrap()),
        ),
        ("internet", whole().address_type(AddressType::Internet)),
        ("classic", whole().network(Network::Classic)),
        (
            "another VPC",
            whole().network(Network::Vpc("vpc-other".into())),
        ),
        ("paid by spec", whole().pay_by_clcu(false)),
        ("another tunnel", whole().tunnel_type(TunnelType::AnyTunnel)),
        ("another spec", whole().spec("slb.s1.small")),
    ];
    for (what, facts) in others {
        let mut context = read(response("vpc-2zeo0bu8mwbbfzu1s0rdq", "singleTunnel"));
        assert!(context.set_load_balancer(facts).is_err(), "{what}");
    }

    // A server's facts: its status and network count as read.
    let mut servers = Context::new();
    servers
        .add_servers(&example("describe-network-interfaces.json"))
        .unwrap();
    let eni = "eni-2ze3ykcbqm8kdaqv0l3q".parse().unwrap();
    let facts = || {
        ServerFacts::new(ServerType::Eni)
            .network(Network::Vpc("vpc-2zeo0bu8mwbbfzu1s0rdq".into()))
            .ips([
                "192.168.10.11".parse().unwrap(),
                "192.168.10.12".parse().unwrap(),
            ])
    };
    assert_eq!(servers.add_server(&eni, facts().status("InUse")), Ok(()));
    assert!(servers.add_server(&eni, facts()).is_err(), "no status");
    assert!(servers
        .add_server(&eni, facts().status("Available"))
        .is_err());
}

/// Parameters whose names only look like item paths (`BackendServers[+1].Weight`, a leading zero,
/// no index) stay parameters when their report is read back from JSON.
#[test]
fn parameters_named_like_item_paths_read_back_as_parameters() {
    let text = "LoadBalancerId=lb-1&BackendServers=%5B%7B%22ServerId%22%3A%22i-1%22%7D%5D\
                &BackendServers[%2B1].Weight=1&BackendServers[01]=2&BackendServers[]=3&BackendServers[-0]=4";
    let report = check(text);
    assert_eq!(report.warnings().len(), 4, "{}", report.to_human());
    let back: Report = serde_json::from_str(&report.to_json_line()).unwrap();
    assert_eq!(back, report);
}

/// Every valid shipped call, the server groups' among them, written in either wire form reads
/// back to the same call (the writers name each list and the group's parameters as sent).
#[test]
fn every_valid_shipped_call_writes_back_to_itself() {
    let mut groups = 0;
    for (name, report) in shipped_reports() {
        let Some(call) = report.call() else {
            continue;
        };
        groups += usize::from(call.action().is_group_call());
        for written in [call.to_json(), call.to_query()] {
            let again = check(&written);
            assert_eq!(again.call(), Some(call), "{name}: {written}");
        }
    }
    assert!(groups >= 20, "{groups} valid group calls");
}

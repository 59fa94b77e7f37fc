//! Properties of checking against the load balancer and of the diff.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use std::collections::BTreeSet;

use clb_preflight::{check, check_with, Code, Context};
use proptest::prelude::*;
use serde_json::{json, Value};

const LB: &str = "lb-2ze7o5h52g02kkzze7lru";
const VPC: &str = "vpc-2zeo0bu8mwbbfzu1s0rdq";

/// A server: ECS or ENI, with a unique IP.
#[derive(Debug, Clone, PartialEq)]
struct Server {
    id: String,
    eni: bool,
    ip: String,
    weight: u8,
}

impl Server {
    fn item(&self) -> Value {
        if self.eni {
            json!({"ServerId": self.id, "Type": "eni", "ServerIp": self.ip, "Weight": self.weight.to_string()})
        } else {
            json!({"ServerId": self.id, "Weight": self.weight.to_string()})
        }
    }

    fn member(&self) -> Value {
        let mut m = json!({"ServerId": self.id, "Weight": self.weight, "Type": if self.eni { "eni" } else { "ecs" }});
        if self.eni {
            m["ServerIp"] = json!(self.ip);
        }
        m
    }

    fn facts(&self) -> Value {
        if self.eni {
            json!({"NetworkInterfaceSets": {"NetworkInterfaceSet": [{
                "NetworkInterfaceId": self.id, "Status": "InUse", "VpcId": VPC, "PrivateIpAddress": self.ip,
            }]}})
        } else {
            json!({"Instances": {"Instance": [{
                "InstanceId": self.id, "Status": "Running", "InstanceNetworkType": "vpc",
                "VpcAttributes": {"VpcId": VPC, "PrivateIpAddress": {"IpAddress": [self.ip]}},
            }]}})
        }
    }
}

fn server(prefix: &'static str, n: usize) -> impl Strategy<Value = Server> {
    (any::<bool>(), 0u8..=100).prop_map(move |(eni, weight)| Server {
        id: format!("{}-{prefix}{n:05}", if eni { "eni" } else { "i" }),
        eni,
        ip: format!(
            "10.{}.{}.{}",
            if prefix == "m" { 1 } else { 2 },
            n / 250,
            n % 250
        ),
        weight,
    })
}

/// Attached members, new servers, and a request that mixes members and new servers.
fn scenario() -> impl Strategy<Value = (Vec<Server>, Vec<Server>, Vec<usize>)> {
    (0usize..40, 1usize..12)
        .prop_flat_map(|(m, n)| {
            let members: Vec<_> = (0..m).map(|i| server("m", i)).collect();
            let fresh: Vec<_> = (0..n).map(|i| server("n", i)).collect();
            (members, fresh)
        })
        .prop_flat_map(|(members, fresh)| {
            let pool = members.len() + fresh.len();
            let picks = proptest::collection::vec(0..pool, 1..=20);
            (Just(members), Just(fresh), picks)
        })
}

fn request(members: &[Server], fresh: &[Server], picks: &[usize]) -> String {
    let items: Vec<Value> = picks
        .iter()
        .map(|&p| {
            members
                .get(p)
                .unwrap_or_else(|| &fresh[p - members.len()])
                .item()
        })
        .collect();
    json!({"LoadBalancerId": LB, "BackendServers": Value::Array(items).to_string()}).to_string()
}

fn load_balancer(members: &[Value]) -> String {
    json!({
        "LoadBalancerId": LB, "LoadBalancerStatus": "active", "NetworkType": "vpc", "VpcId": VPC,
        "AddressType": "intranet", "LoadBalancerSpec": "slb.s2.small",
        "BackendServers": {"BackendServer": members},
    })
    .to_string()
}

fn context(members: &[Server], facts: &[Value]) -> Context {
    let mut context = Context::new();
    let listed: Vec<Value> = members.iter().map(Server::member).collect();
    context.add_load_balancer(&load_balancer(&listed)).unwrap();
    for f in facts {
        context.add_servers(&f.to_string()).unwrap();
    }
    context
}

fn all_facts(members: &[Server], fresh: &[Server]) -> Vec<Value> {
    members.iter().chain(fresh).map(Server::facts).collect()
}

fn report_json(text: &str, context: &Context) -> Value {
    serde_json::from_str(&check_with(text, context).unwrap().to_json()).unwrap()
}

fn identity(entry: &Value) -> (String, Option<String>) {
    let id = entry["ServerId"].as_str().unwrap().to_owned();
    let ip = (entry["Type"] != "ecs").then(|| entry["ServerIp"].as_str().unwrap().to_owned());
    (id, ip)
}

proptest! {
    #![proptest_config(common::config(128, "proptest-regressions/context_properties.txt"))]

    #[test]
    fn shuffling_members_or_facts_changes_no_byte(
        ((members, fresh, picks), member_order, fact_order) in scenario().prop_flat_map(|(m, f, p)| {
            let member_order = Just((0..m.len()).collect::<Vec<_>>()).prop_shuffle();
            let fact_order = Just((0..m.len() + f.len()).collect::<Vec<_>>()).prop_shuffle();
            (Just((m, f, p)), member_order, fact_order)
        }),
    ) {
        let text = request(&members, &fresh, &picks);
        let facts = all_facts(&members, &fresh);
        let expected = check_with(&text, &context(&members, &facts)).unwrap();
        let shuffled_members: Vec<Server> = member_order.iter().map(|&i| members[i].clone()).collect();
        let shuffled_facts: Vec<Value> = fact_order.iter().map(|&i| facts[i].clone()).collect();
        let again = check_with(&text, &context(&shuffled_members, &shuffled_facts)).unwrap();
        prop_assert_eq!(again.to_json(), expected.to_json());
        prop_assert_eq!(again.to_human(), expected.to_human());
    }

    #[test]
    fn the_diff_adds_exactly_the_new_servers(
        (members, fresh, picks) in scenario(),
    ) {
        let text = request(&members, &fresh, &picks);
        let report = report_json(&text, &context(&members, &all_facts(&members, &fresh)));
        let diff = &report["diff"];
        let add: Vec<_> = diff["add"].as_array().unwrap().iter().map(identity).collect();
        let attached: Vec<_> = diff["already_attached"].as_array().unwrap().iter().map(identity).collect();
        let after: Vec<_> = diff["members_after"].as_array().unwrap().iter().map(identity).collect();
        let before: BTreeSet<_> = members.iter().map(|m| identity(&m.member())).collect();

        // No server is both added and already attached; together they are the request's
        // servers, duplicates dropped.
        let add_set: BTreeSet<_> = add.iter().cloned().collect();
        let attached_set: BTreeSet<_> = attached.iter().cloned().collect();
        prop_assert!(add_set.is_disjoint(&attached_set));
        prop_assert!(attached_set.is_subset(&before));
        prop_assert!(add_set.is_disjoint(&before));
        let mut requested = BTreeSet::new();
        for &p in &picks {
            let s = members.get(p).unwrap_or_else(|| &fresh[p - members.len()]);
            requested.insert(identity(&s.member()));
        }
        prop_assert_eq!(&add_set.union(&attached_set).cloned().collect::<BTreeSet<_>>(), &requested);

        // members_after is exactly the members plus add, sorted by server id then IP.
        let mut expected: Vec<_> = before.iter().cloned().chain(add.iter().cloned()).collect();
        expected.sort_by(|a, b| (&a.0, a.1.as_ref().map(|ip| ip.parse::<std::net::Ipv4Addr>().unwrap()))
            .cmp(&(&b.0, b.1.as_ref().map(|ip| ip.parse::<std::net::Ipv4Addr>().unwrap()))));
        prop_assert_eq!(&after, &expected);

        // Every already attached server is an R21 error at its item.
        let r21 = report["errors"].as_array().unwrap().iter().filter(|e| e["code"] == "BackendServer.AlreadyAttached").count();
        prop_assert_eq!(r21, attached.len());
    }

    #[test]
    fn after_applying_the_diff_every_server_is_attached(
        (members, fresh, picks) in scenario(),
    ) {
        let text = request(&members, &fresh, &picks);
        let facts = all_facts(&members, &fresh);
        let report = report_json(&text, &context(&members, &facts));
        let after = report["diff"]["members_after"].as_array().unwrap().clone();

        let mut applied = Context::new();
        applied.add_load_balancer(&load_balancer(&after)).unwrap();
        for f in &facts {
            applied.add_servers(&f.to_string()).unwrap();
        }
        let again = check_with(&text, &applied).unwrap();
        let diff = again.diff().unwrap();
        prop_assert!(diff.add().is_empty());
        let requested: BTreeSet<usize> = picks.iter().copied().collect();
        prop_assert_eq!(diff.already_attached().len(), requested.len());
        let r21 = again.errors().iter().filter(|e| e.code() == Code::BackendServerAlreadyAttached).count();
        prop_assert_eq!(r21, requested.len());
        prop_assert_eq!(diff.members_after().len(), after.len());
    }

    #[test]
    fn a_context_without_facts_gives_the_context_free_report(
        (members, fresh, picks) in scenario(), text in "\\PC{0,80}",
    ) {
        for input in [request(&members, &fresh, &picks), text] {
            prop_assert_eq!(check_with(&input, &Context::new()).unwrap().to_json(), check(&input).to_json());
            prop_assert_eq!(check_with(&input, &Context::new()).unwrap().to_human(), check(&input).to_human());
        }
    }
}

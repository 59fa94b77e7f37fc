//! The planner for a vServer group (issue 26): its calls take the group's members — each a
//! server *and a port*, an ENI by its IP too — to the desired set, as few as the changes allow,
//! each valid against the group as the calls before it leave it; replanning from the result
//! gives no call; the same inputs in any order give the same plan, byte for byte.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use std::collections::BTreeMap;

use clb_preflight::context::{Member, VServerGroupFacts};
use clb_preflight::plan::{plan_servers, Call, Order, PlanOptions, Step};
use clb_preflight::{
    check_with, plan as make_plan, BackendServer, Code, Context, Plan, Port, ServerType, Weight,
};
use proptest::prelude::*;
use serde_json::json;

const GROUP: &str = "rsp-2ze1abcd5v3kxq";
const PORTS: [u16; 3] = [80, 8080, 9090];

/// A member of the pool: `i-n` (ECS) for even n, `eni-n` with one of two IPs for odd n, on one
/// of three ports.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Server {
    n: u8,
    ip: u8,
    port: u16,
    weight: u64,
    description: Option<String>,
}

/// A member's identity in a group: id, IP for an ENI, port.
type Key = (String, Option<String>, u16);

impl Server {
    fn eni(&self) -> bool {
        self.n % 2 == 1
    }
    fn id(&self) -> String {
        if self.eni() {
            format!("eni-2ze{:03}", self.n)
        } else {
            format!("i-2ze{:03}", self.n)
        }
    }
    fn ip(&self) -> Option<String> {
        self.eni().then(|| format!("10.0.{}.{}", self.n, self.ip))
    }
    fn key(&self) -> Key {
        (self.id(), self.ip(), self.port)
    }
    fn backend_server(&self) -> BackendServer {
        let mut b = BackendServer::builder(self.id().parse().unwrap())
            .weight(Weight::new(self.weight).unwrap())
            .port(Port::new(u64::from(self.port)).unwrap());
        if self.eni() {
            b = b
                .server_type(ServerType::Eni)
                .server_ip(self.ip().unwrap().parse().unwrap());
        }
        if let Some(d) = &self.description {
            b = b.description(d.parse().unwrap());
        }
        b.build()
    }
    fn item(&self) -> serde_json::Value {
        let mut item = json!({
            "ServerId": self.id(),
            "Weight": self.weight.to_string(),
            "Port": self.port.to_string(),
        });
        if self.eni() {
            item["Type"] = json!("eni");
            item["ServerIp"] = json!(self.ip());
        }
        if let Some(d) = &self.description {
            item["Description"] = json!(d);
        }
        item
    }
}

fn server() -> impl Strategy<Value = Server> {
    (
        0u8..24,
        0u8..2,
        0usize..3,
        prop_oneof![Just(0u64), Just(50), Just(100), 0u64..=100],
        proptest::option::of(prop_oneof![Just("a".to_owned()), Just("b".to_owned())]),
    )
        .prop_map(|(n, ip, port, weight, description)| Server {
            n,
            ip,
            port: PORTS[port],
            weight,
            description,
        })
}

/// Servers without two of one identity (the port included).
fn distinct(servers: Vec<Server>) -> Vec<Server> {
    let mut seen = BTreeMap::new();
    for s in servers {
        seen.entry(s.key()).or_insert(s);
    }
    seen.into_values().collect()
}

fn context(members: &[Server]) -> Context {
    let mut context = Context::new();
    context
        .set_vserver_group(
            VServerGroupFacts::new(GROUP.parse().unwrap())
                .load_balancer_id("lb-2ze7o5h52g02kkzze7lru".parse().unwrap())
                .members(members.iter().map(|m| {
                    let server = BackendServer::builder(m.id().parse().unwrap())
                        .weight(Weight::new(m.weight).unwrap())
                        .port(Port::new(u64::from(m.port)).unwrap());
                    let server = if m.eni() {
                        server
                            .server_type(ServerType::Eni)
                            .server_ip(m.ip().unwrap().parse().unwrap())
                    } else {
                        server
                    };
                    Member::in_group(server.build(), m.description.clone())
                })),
        )
        .unwrap();
    context
}

fn options() -> PlanOptions {
    PlanOptions::default().region_id("cn-hangzhou".parse().unwrap())
}

fn planned(members: &[Server], desired: &[Server], options: PlanOptions) -> Plan {
    let text = serde_json::Value::Array(desired.iter().map(Server::item).collect()).to_string();
    make_plan(&text, &context(members), options).unwrap()
}

/// The members after the calls, by identity: weight and description.
type State = BTreeMap<Key, (u64, Option<String>)>;

fn state_of(members: &[Server]) -> State {
    members
        .iter()
        .map(|m| (m.key(), (m.weight, m.description.clone())))
        .collect()
}

fn members_of(state: &State) -> Vec<Server> {
    state
        .iter()
        .map(|((id, ip, port), (weight, description))| Server {
            n: id.rsplit("2ze").next().unwrap().parse().unwrap(),
            ip: ip
                .as_ref()
                .map_or(0, |ip| ip.rsplit('.').next().unwrap().parse().unwrap()),
            port: *port,
            weight: *weight,
            description: description.clone(),
        })
        .collect()
}

fn key_of(s: &BackendServer) -> Key {
    (
        s.server_id().to_string(),
        s.server_ip()
            .filter(|_| s.server_type() == ServerType::Eni)
            .map(|ip| ip.to_string()),
        s.port().unwrap().get(),
    )
}

fn apply(state: &mut State, call: &Call) {
    let request = call.member_call();
    for s in request.backend_servers() {
        let key = key_of(s);
        let description = s.description().map(|d| d.to_string());
        match request.action().as_str() {
            "AddVServerGroupBackendServers" => {
                assert!(state
                    .insert(key, (u64::from(s.weight().get()), description))
                    .is_none());
            }
            "SetVServerGroupAttribute" => {
                let entry = state.get_mut(&key).expect("a Set names a member");
                entry.0 = u64::from(s.weight().get());
                if description.is_some() {
                    entry.1 = description;
                }
            }
            "RemoveVServerGroupBackendServers" => {
                assert!(state.remove(&key).is_some(), "a Remove names a member")
            }
            other => panic!("a call of another kind: {other}"),
        }
    }
}

proptest! {
    #![proptest_config(common::config(64, "proptest-regressions/plan_group.txt"))]

    #[test]
    fn a_group_plan_takes_the_members_to_the_desired_set_in_the_fewest_valid_calls(
        members in proptest::collection::vec(server(), 0..60),
        desired in proptest::collection::vec(server(), 0..60),
        remove_first in any::<bool>(),
        drain in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let (members, desired) = (distinct(members), distinct(desired));
        let order = if remove_first { Order::RemoveFirst } else { Order::AddFirst };
        let options = options().order(order).drain(drain).allow_empty(true);
        let plan = planned(&members, &desired, options.clone());
        prop_assert!(plan.is_valid(), "{}", plan.to_human());
        prop_assert_eq!(plan.vserver_group_id(), Some(GROUP));

        let mut state = state_of(&members);
        let (mut adds, mut sets, mut removes, mut drains) = (0, 0, 0, 0);
        for step in plan.steps() {
            let Step::Call(call) = step else {
                prop_assert!(drain);
                continue;
            };
            let request = call.member_call();
            let n = request.backend_servers().len();
            prop_assert!((1..=20).contains(&n), "a call of {n} servers");
            prop_assert_eq!(request.region_id().map(|r| r.as_str()), Some("cn-hangzhou"));
            prop_assert_eq!(request.vserver_group_id().map(|g| g.as_str()), Some(GROUP));
            // Valid against the group as the calls before it leave it, checked here anew.
            let report = check_with(&request.to_json(), &context(&members_of(&state))).unwrap();
            prop_assert!(report.is_valid(), "{}", report.to_human());
            let drained = request.action().as_str() == "SetVServerGroupAttribute"
                && request.backend_servers().iter().all(|s| {
                    !desired.iter().any(|d| d.key() == key_of(s))
                });
            match request.action().as_str() {
                "AddVServerGroupBackendServers" => adds += 1,
                "SetVServerGroupAttribute" if drained => drains += 1,
                "SetVServerGroupAttribute" => sets += 1,
                _ => removes += 1,
            }
            apply(&mut state, call);
            prop_assert_eq!(call.members_after(), state.len());
        }
        // The desired members, exactly: identity with the port, weight, description where one
        // is named.
        let want = state_of(&desired);
        prop_assert_eq!(state.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>());
        for (key, (weight, description)) in &want {
            prop_assert_eq!(state[key].0, *weight);
            if description.is_some() {
                prop_assert_eq!(&state[key].1, description);
            }
        }
        // The fewest calls: no quota in a group, so each kind in as few calls as it needs.
        let s = plan.summary();
        prop_assert_eq!(adds, s.add().div_ceil(20));
        prop_assert_eq!(sets, s.set().div_ceil(20));
        prop_assert_eq!(removes, s.remove().div_ceil(20));
        prop_assert!(drain || drains == 0);
        prop_assert_eq!(s.add() + s.set() + s.unchanged(), desired.len());

        // Planning again from there changes nothing.
        let again = planned(&members_of(&state), &desired, options.clone());
        prop_assert!(again.steps().is_empty(), "{}", again.to_human());

        // The same inputs in another order: the same plan, byte for byte.
        let mut rng = seed;
        let mut shuffled = |v: &[Server]| {
            let mut v = v.to_vec();
            for i in (1..v.len()).rev() {
                rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                v.swap(i, (rng >> 33) as usize % (i + 1));
            }
            v
        };
        let m2 = shuffled(&members);
        prop_assert_eq!(planned(&m2, &desired, options.clone()).to_json(), plan.to_json());
        // Findings about the desired members point into that list (their paths follow its
        // order, their places its text); the rest of the plan does not depend on it.
        let without_findings = |p: &Plan| {
            let mut v: serde_json::Value = serde_json::from_str(&p.to_json()).unwrap();
            let mut codes: Vec<String> = v["warnings"].as_array().unwrap().iter()
                .map(|w| w["code"].to_string()).collect();
            codes.sort();
            v["warnings"] = json!(codes);
            v.to_string()
        };
        let d2 = shuffled(&desired);
        prop_assert_eq!(without_findings(&planned(&m2, &d2, options.clone())), without_findings(&plan));
        // Typed desired servers give the same plan.
        let typed: Vec<BackendServer> = desired.iter().map(Server::backend_server).collect();
        let from_typed = plan_servers(&typed, &context(&members), options).unwrap();
        prop_assert_eq!(without_findings(&from_typed), without_findings(&plan));
    }
}

/// A server that moves to another port is a new member: added, and the old one removed (the
/// Kubernetes controller turns it into an add, a delete and a Set carrying the new port).
#[test]
fn a_port_move_is_an_add_and_a_remove() {
    let old = Server {
        n: 2,
        ip: 0,
        port: 80,
        weight: 100,
        description: None,
    };
    let new = Server {
        port: 8080,
        ..old.clone()
    };
    let plan = planned(&[old], &[new], options());
    let calls: Vec<(String, u16)> = plan
        .calls()
        .map(|c| {
            let server = &c.member_call().backend_servers()[0];
            (c.action().as_str().to_owned(), server.port().unwrap().get())
        })
        .collect();
    assert_eq!(
        calls,
        [
            ("AddVServerGroupBackendServers".to_owned(), 8080),
            ("RemoveVServerGroupBackendServers".to_owned(), 80),
        ]
    );
}

/// One ENI on one port with two IPs is two members: keeping one IP removes only the other.
#[test]
fn an_eni_with_two_ips_on_one_port_keeps_one() {
    let eni = |ip| Server {
        n: 3,
        ip,
        port: 8080,
        weight: 100,
        description: None,
    };
    let plan = planned(&[eni(0), eni(1)], &[eni(0)], options());
    let removed: Vec<String> = plan
        .calls()
        .flat_map(|c| c.member_call().backend_servers().to_vec())
        .map(|s| s.server_ip().unwrap().to_string())
        .collect();
    assert_eq!(removed, ["10.0.3.1"]);
    assert_eq!(plan.summary().unchanged(), 1);
}

/// Forty servers on new ports: two Adds of twenty, never an empty call (terraform chunks with
/// `len/20 + 1` and sends an empty one at every multiple of 20).
#[test]
fn forty_adds_are_two_calls() {
    let desired: Vec<Server> = (0..40u8)
        .map(|n| Server {
            n: n / 2 * 2,
            ip: 0,
            port: PORTS[usize::from(n % 2)],
            weight: 100,
            description: None,
        })
        .collect();
    let plan = planned(&[], &distinct(desired), options());
    let sizes: Vec<usize> = plan
        .calls()
        .map(|c| c.member_call().backend_servers().len())
        .collect();
    assert_eq!(sizes, [20, 20]);
}

/// A desired item without `Port` is refused at its place, with no calls (R38); a group without
/// its region is an error of the inputs; a plan that would empty the group is refused (R34).
#[test]
fn what_a_group_plan_refuses() {
    let context = context(&[Server {
        n: 2,
        ip: 0,
        port: 80,
        weight: 100,
        description: None,
    }]);
    let plan = make_plan(r#"[{"ServerId":"i-2ze002"}]"#, &context, options()).unwrap();
    let errors: Vec<(Code, String)> = plan
        .errors()
        .iter()
        .map(|e| (e.code(), e.path().to_string()))
        .collect();
    assert_eq!(
        errors,
        [(
            Code::MissingParameterPort,
            "BackendServers[0].Port".to_owned()
        )]
    );
    assert!(plan.steps().is_empty());
    assert_eq!(
        make_plan("[]", &context, PlanOptions::default()),
        Err(clb_preflight::plan::PlanError::NoRegion)
    );
    let emptied = make_plan("[]", &context, options()).unwrap();
    assert_eq!(emptied.errors()[0].code(), Code::PlanEmptiesLoadBalancer);
    // A desired request object for another group.
    let other = r#"{"VServerGroupId":"rsp-other","BackendServers":[]}"#;
    assert!(matches!(
        make_plan(other, &context, options()),
        Err(clb_preflight::plan::PlanError::Context(
            clb_preflight::ContextError::VServerGroupMismatch { .. }
        ))
    ));
    // Read back from its JSON, a group's plan is the same plan.
    let plan = make_plan(
        r#"[{"ServerId":"i-2ze004","Port":"80"}]"#,
        &context,
        options(),
    )
    .unwrap();
    let back: Plan = serde_json::from_str(&plan.to_json()).unwrap();
    assert_eq!(back, plan);
}

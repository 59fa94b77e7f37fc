//! The planner: its calls take the members to the desired set, as few as the changes allow, in
//! a safe order, each valid against the state before it; the same inputs in any order give the
//! same plan, byte for byte.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use std::collections::BTreeMap;

use clb_preflight::context::{
    AddressType, LoadBalancerFacts, LoadBalancerStatus, Member, Network, ServerFacts,
};
use clb_preflight::plan::{Call, Order, PlanOptions, Step};
use clb_preflight::{
    check, check_with, plan as make_plan, BackendServer, Code, Context, Finding, Plan, ServerType,
    Weight,
};
use proptest::prelude::*;
use serde_json::json;

const LB: &str = "lb-2ze7o5h52g02kkzze7lru";

/// A server of the pool: `i-n` (ECS) for even n, `eni-n` with one of two IPs for odd n.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Server {
    n: u8,
    ip: u8,
    weight: u64,
    description: Option<String>,
}

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
    /// Identity as R18 says: an ENI by id and IP.
    fn key(&self) -> (String, Option<String>) {
        (self.id(), self.ip())
    }
    fn backend_server(&self) -> BackendServer {
        let mut b = BackendServer::builder(self.id().parse().unwrap())
            .weight(Weight::new(self.weight).unwrap());
        if self.eni() {
            b = b
                .server_type(ServerType::Eni)
                .server_ip(self.ip().unwrap().parse().unwrap());
        }
        b.build()
    }
    fn item(&self) -> serde_json::Value {
        let mut item = json!({"ServerId": self.id(), "Weight": self.weight.to_string()});
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
        0u8..60,
        0u8..2,
        prop_oneof![Just(0u64), Just(50), Just(100), 0u64..=100],
        proptest::option::of(prop_oneof![Just("a".to_owned()), Just("b".to_owned())]),
    )
        .prop_map(|(n, ip, weight, description)| Server {
            n,
            ip,
            weight,
            description,
        })
}

/// Servers without two of one identity.
fn distinct(servers: Vec<Server>, quota: usize) -> Vec<Server> {
    let mut seen = BTreeMap::new();
    for s in servers {
        seen.entry(s.key()).or_insert(s);
    }
    seen.into_values().take(quota).collect()
}

fn context(members: &[Server], quota: usize, locked: bool) -> Context {
    let status = if locked {
        LoadBalancerStatus::Locked
    } else {
        LoadBalancerStatus::Active
    };
    let mut context = Context::new();
    context
        .set_load_balancer(
            LoadBalancerFacts::new(LB.parse().unwrap())
                .status(status)
                .network(Network::Vpc("vpc-1".into()))
                .spec("slb.s2.small")
                .members(members.iter().map(|m| {
                    // A member keeps the description listed; Set changes it.
                    Member::new(m.backend_server(), m.description.clone())
                })),
        )
        .unwrap();
    context.set_quota(quota);
    context
}

fn desired_text(desired: &[Server]) -> String {
    serde_json::Value::Array(desired.iter().map(Server::item).collect()).to_string()
}

/// A server's identity: its id, and its IP for an ENI.
type Key = (String, Option<String>);

/// The members after the calls, by identity: weight and description.
type State = BTreeMap<Key, (u64, Option<String>)>;

fn state_of(members: &[Server]) -> State {
    members
        .iter()
        .map(|m| (m.key(), (m.weight, m.description.clone())))
        .collect()
}

fn apply(state: &mut State, call: &Call) {
    let request = call.member_call();
    for s in request.backend_servers() {
        let key = (
            s.server_id().to_string(),
            s.server_ip().map(|ip| ip.to_string()),
        );
        let description = s.description().map(|d| d.to_string());
        match request.action().as_str() {
            "AddBackendServers" => {
                assert!(state
                    .insert(key, (u64::from(s.weight().get()), description))
                    .is_none());
            }
            "SetBackendServers" => {
                let entry = state.get_mut(&key).expect("a Set names a member");
                entry.0 = u64::from(s.weight().get());
                if description.is_some() {
                    entry.1 = description;
                }
            }
            _ => assert!(state.remove(&key).is_some(), "a Remove names a member"),
        }
    }
}

fn members_of(state: &State) -> Vec<Server> {
    state
        .iter()
        .map(|((id, ip), (weight, description))| {
            let n: u8 = id.rsplit("2ze").next().unwrap().parse().unwrap();
            let ip = ip
                .as_ref()
                .map_or(0, |ip| ip.rsplit('.').next().unwrap().parse().unwrap());
            Server {
                n,
                ip,
                weight: *weight,
                description: description.clone(),
            }
        })
        .collect()
}

fn planned(members: &[Server], desired: &[Server], quota: usize, options: PlanOptions) -> Plan {
    make_plan(
        &desired_text(desired),
        &context(members, quota, false),
        options,
    )
    .unwrap()
}

proptest! {
    #![proptest_config(common::config(96, "proptest-regressions/plan.txt"))]

    #[test]
    fn a_plan_takes_the_members_to_the_desired_set_in_the_fewest_valid_calls(
        members in proptest::collection::vec(server(), 0..70),
        desired in proptest::collection::vec(server(), 0..70),
        quota in 8usize..60,
        remove_first in any::<bool>(),
        drain in any::<bool>(),
        allow_empty in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let members = distinct(members, quota);
        let desired = distinct(desired, quota);
        let order = if remove_first { Order::RemoveFirst } else { Order::AddFirst };
        let options = PlanOptions::default().order(order).drain(drain).allow_empty(allow_empty);
        let plan = planned(&members, &desired, quota, options.clone());
        let empties = |p: &Plan| {
            p.calls().any(|c| c.members_after() == 0)
        };
        if !plan.is_valid() && !allow_empty {
            // Refused only because it would leave the load balancer without members: allowed,
            // the same plan is valid and does.
            let codes: Vec<Code> = plan.errors().iter().map(Finding::code).collect();
            prop_assert_eq!(codes, vec![Code::PlanEmptiesLoadBalancer], "{}", plan.to_human());
            prop_assert!(plan.steps().is_empty());
            let allowed = planned(&members, &desired, quota, options.clone().allow_empty(true));
            prop_assert!(allowed.is_valid(), "{}", allowed.to_human());
            prop_assert!(!members.is_empty() && empties(&allowed), "{}", allowed.to_human());
            return Ok(());
        }
        prop_assert!(plan.is_valid(), "{}", plan.to_human());
        prop_assert!(allow_empty || members.is_empty() || !empties(&plan), "{}", plan.to_human());

        // Applying the calls gives exactly the desired set (identity, weight, and description
        // where the desired server names one).
        let mut state = state_of(&members);
        let before = state.clone();
        let mut count_calls = 0;
        let mut actions = Vec::new();
        // Each call: its action and its servers' identities.
        let mut steps: Vec<(&str, Vec<Key>)> = Vec::new();
        for step in plan.steps() {
            match step {
                Step::Call(call) => {
                    let (request, members_after) = (call.member_call(), &call.members_after());
                    count_calls += 1;
                    let n = request.backend_servers().len();
                    prop_assert!((1..=20).contains(&n), "a call of {n} servers");
                    // Valid against the state before it, checked independently here.
                    let context_before = context(&members_of(&state), quota, false);
                    let report = check_with(&request.to_json(), &context_before).unwrap();
                    prop_assert!(report.is_valid(), "{}", report.to_human());
                    apply(&mut state, call);
                    prop_assert_eq!(*members_after, state.len());
                    prop_assert!(state.len() <= quota, "{} members over quota {quota}", state.len());
                    actions.push(request.action().as_str());
                    let keys = request
                        .backend_servers()
                        .iter()
                        .map(|s| (s.server_id().to_string(), s.server_ip().map(|ip| ip.to_string())))
                        .collect();
                    steps.push((request.action().as_str(), keys));
                }
                Step::Wait { seconds } => {
                    prop_assert!(drain);
                    prop_assert_eq!(*seconds, PlanOptions::DEFAULT_DRAIN_SECONDS);
                }
                other => prop_assert!(false, "a step of another kind: {:?}", other),
            }
        }
        let want = state_of(&desired);
        prop_assert_eq!(state.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>());
        for (key, (weight, description)) in &want {
            let got = &state[key];
            prop_assert_eq!(got.0, *weight);
            if description.is_some() {
                prop_assert_eq!(&got.1, description);
            }
        }

        // The fewest calls for what each step carries: the Adds and the Sets in as few calls as
        // they need; the Removes in at most two waves (some before the Adds, just enough for the
        // quota, the rest after), each in as few calls as it needs and, drained, after as few
        // Sets to weight 0 as its servers not at 0 need, and a wait.
        let s = plan.summary();
        let calls_of = |action: &str| steps.iter().filter(|(a, ..)| *a == action).count();
        prop_assert_eq!(calls_of("AddBackendServers"), s.add().div_ceil(20));
        // A Set of members that are not wanted is a drain's, to weight 0.
        struct Wave {
            removed: Vec<Key>,
            calls: usize,
            drained: Vec<Key>,
            drain_calls: usize,
        }
        let mut waves: Vec<Wave> = Vec::new();
        let mut drained = Vec::new();
        let mut drain_calls = 0;
        let mut previous = "";
        for (action, keys) in &steps {
            if *action == "SetBackendServers" && keys.iter().all(|k| !want.contains_key(k)) {
                prop_assert!(drain, "{}", plan.to_human());
                drained.extend(keys.iter().cloned());
                drain_calls += 1;
            }
            if *action == "RemoveBackendServers" {
                if previous != "RemoveBackendServers" {
                    waves.push(Wave {
                        removed: Vec::new(),
                        calls: 0,
                        drained: std::mem::take(&mut drained),
                        drain_calls: std::mem::take(&mut drain_calls),
                    });
                }
                let wave = waves.last_mut().unwrap();
                wave.removed.extend(keys.iter().cloned());
                wave.calls += 1;
            }
            previous = action;
        }
        prop_assert!(drained.is_empty(), "a drain without its removal: {}", plan.to_human());
        prop_assert!(waves.len() <= 2, "{}", plan.to_human());
        let mut waits = 0;
        for wave in &waves {
            prop_assert_eq!(wave.calls, wave.removed.len().div_ceil(20), "{}", plan.to_human());
            let mut not_at_zero: Vec<_> = wave
                .removed
                .iter()
                .filter(|k| drain && before[*k].0 != 0)
                .cloned()
                .collect();
            not_at_zero.sort();
            let mut got = wave.drained.clone();
            got.sort();
            prop_assert_eq!(&got, &not_at_zero, "{}", plan.to_human());
            prop_assert_eq!(wave.drain_calls, not_at_zero.len().div_ceil(20));
            waits += usize::from(!not_at_zero.is_empty());
        }
        let wait_steps = plan.steps().iter().filter(|c| matches!(c, Step::Wait { .. })).count();
        prop_assert_eq!(wait_steps, waits);
        prop_assert_eq!(waves.iter().map(|w| w.removed.len()).sum::<usize>(), s.remove());
        if waves.len() == 2 {
            prop_assert!(!remove_first);
            let need = members.len() + s.add() - quota;
            prop_assert_eq!(waves[0].removed.len(), need, "{}", plan.to_human());
        }
        let drain_sets: usize = waves.iter().map(|w| w.drain_calls).sum();
        prop_assert_eq!(calls_of("SetBackendServers") - drain_sets, s.set().div_ceil(20));
        prop_assert_eq!(s.calls(), count_calls);
        prop_assert_eq!(s.add() + s.unchanged() + s.set(), desired.len());

        // add-first: a Remove goes before an Add only when the quota needs it.
        let first_remove = actions.iter().position(|a| *a == "RemoveBackendServers");
        let last_add = actions.iter().rposition(|a| *a == "AddBackendServers");
        let remove_before_add = matches!((first_remove, last_add), (Some(r), Some(a)) if r < a);
        if !remove_first && remove_before_add {
            prop_assert!(members.len() + s.add() > quota, "{}", plan.to_human());
        }

        // Planning again from there changes nothing.
        let again = planned(&members_of(&state), &desired, quota, options.clone());
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
        // Findings about the desired members point into that list, so their paths follow its
        // order; the rest of the plan does not depend on it.
        let without_findings = |p: &Plan| {
            let mut v: serde_json::Value = serde_json::from_str(&p.to_json()).unwrap();
            let mut codes: Vec<String> = v["warnings"].as_array().unwrap().iter()
                .map(|w| w["code"].to_string()).collect();
            codes.sort();
            v["warnings"] = json!(codes);
            v.to_string()
        };
        let m2 = shuffled(&members);
        prop_assert_eq!(planned(&m2, &desired, quota, options.clone()).to_json(), plan.to_json());
        let d2 = shuffled(&desired);
        prop_assert_eq!(without_findings(&planned(&m2, &d2, quota, options)), without_findings(&plan));
    }
}

#[test]
fn a_multiple_of_twenty_gives_no_empty_call() {
    let desired: Vec<Server> = (0..40)
        .map(|n| Server {
            n: n * 2,
            ip: 0,
            weight: 100,
            description: None,
        })
        .collect();
    let plan = planned(&[], &desired, 200, PlanOptions::default());
    let sizes: Vec<usize> = plan
        .steps()
        .iter()
        .map(|c| match c {
            Step::Call(call) => call.member_call().backend_servers().len(),
            _ => 0,
        })
        .collect();
    assert_eq!(sizes, [20, 20]);
}

#[test]
fn an_eni_with_two_ips_keeps_one_and_loses_the_other() {
    let keep = Server {
        n: 1,
        ip: 0,
        weight: 100,
        description: None,
    };
    let lose = Server {
        n: 1,
        ip: 1,
        weight: 100,
        description: None,
    };
    let plan = planned(
        &[keep.clone(), lose.clone()],
        &[keep],
        200,
        PlanOptions::default(),
    );
    let calls: Vec<(String, Vec<String>)> = plan
        .calls()
        .map(|c| {
            (
                c.action().to_string(),
                c.member_call()
                    .backend_servers()
                    .iter()
                    .map(|s| format!("{} {}", s.server_id(), s.server_ip().unwrap()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        calls,
        [(
            "RemoveBackendServers".to_owned(),
            vec![format!("eni-2ze001 {}", lose.ip().unwrap())]
        )]
    );
}

#[test]
fn a_locked_load_balancer_gets_no_plan() {
    let members = [Server {
        n: 2,
        ip: 0,
        weight: 100,
        description: None,
    }];
    let desired = [Server {
        n: 4,
        ip: 0,
        weight: 100,
        description: None,
    }];
    let plan = make_plan(
        &desired_text(&desired),
        &context(&members, 200, true),
        PlanOptions::default(),
    )
    .unwrap();
    assert!(!plan.is_valid());
    assert!(plan.steps().is_empty());
    let codes: Vec<&str> = plan.errors().iter().map(|e| e.code().as_str()).collect();
    assert!(codes.iter().all(|c| *c == "ActionNotAllowed"), "{codes:?}");
    assert!(plan.errors()[0]
        .message()
        .starts_with("call 1 (AddBackendServers): "));
}

/// 25 distinct valid desired items (two chunks of the planner's check).
fn twenty_five_items() -> Vec<serde_json::Value> {
    (0..25u8)
        .map(|n| {
            Server {
                n: n * 2,
                ip: 0,
                weight: 100,
                description: None,
            }
            .item()
        })
        .collect()
}

/// A plan's errors: code, path and message.
fn errors_of(plan: &clb_preflight::Plan) -> Vec<(String, String, String)> {
    plan.errors()
        .iter()
        .map(|e| {
            (
                e.code().to_string(),
                e.path().to_string(),
                e.message().to_owned(),
            )
        })
        .collect()
}

#[test]
fn desired_servers_twice_or_invalid_are_refused_with_their_paths() {
    let mut items = twenty_five_items();
    items.push(items[3].clone());
    items[22]["Weight"] = json!("101");
    let text = serde_json::Value::Array(items).to_string();
    let plan = make_plan(&text, &context(&[], 200, false), PlanOptions::default()).unwrap();
    let found: Vec<(String, String)> = plan
        .errors()
        .iter()
        .map(|e| (e.code().to_string(), e.path().to_string()))
        .collect();
    assert_eq!(
        found,
        [(
            "InvalidWeight.Malformed".to_owned(),
            "BackendServers[22].Weight".to_owned()
        )]
    );
    // With the weight mended, the repeat across chunks is the error.
    let mut items = twenty_five_items();
    items.push(items[3].clone());
    let text = serde_json::Value::Array(items).to_string();
    let plan = make_plan(&text, &context(&[], 200, false), PlanOptions::default()).unwrap();
    let found = errors_of(&plan);
    assert_eq!(
        found,
        [(
            "DesiredBackendServer.Repeated".to_owned(),
            "BackendServers[25]".to_owned(),
            "backend server repeats BackendServers[3] (\"i-2ze006\"); expected each desired server once".to_owned()
        )]
    );
    // A repeat inside the second chunk, and an item that is no object there: both counted over
    // the whole list.
    let mut items = twenty_five_items();
    items[23] = items[21].clone();
    items[24] = json!(null);
    let text = serde_json::Value::Array(items).to_string();
    let plan = make_plan(&text, &context(&[], 200, false), PlanOptions::default()).unwrap();
    let found = errors_of(&plan);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str()),
        ("InvalidParameter.BackendServers", "BackendServers[24]"),
        "{found:?}"
    );
    assert_eq!(
        found[1],
        (
            "DesiredBackendServer.Repeated".to_owned(),
            "BackendServers[23]".to_owned(),
            "backend server repeats BackendServers[21] (\"i-2ze042\"); expected each desired server once".to_owned()
        ),
        "{found:?}"
    );
}

#[test]
fn a_quota_squeeze_moves_just_enough_removes_first() {
    // 30 members, quota 30; 25 of them go, 10 new ones come: 10 removes must go before the adds.
    let members: Vec<Server> = (0..30)
        .map(|n| Server {
            n: n * 2,
            ip: 0,
            weight: 100,
            description: None,
        })
        .collect();
    let mut desired: Vec<Server> = members[..5].to_vec();
    desired.extend((30..40).map(|n| Server {
        n: n * 2,
        ip: 0,
        weight: 100,
        description: None,
    }));
    let plan = planned(&members, &desired, 30, PlanOptions::default());
    let steps: Vec<(String, usize, usize)> = plan
        .calls()
        .map(|c| {
            (
                c.action().to_string(),
                c.member_call().backend_servers().len(),
                c.members_after(),
            )
        })
        .collect();
    // 25 removes take 2 calls, 10 adds 1: the first Remove call goes first and frees just the
    // 10 places the adds need; the other 15 leave after them.
    assert_eq!(
        steps,
        [
            ("RemoveBackendServers".to_owned(), 10, 20),
            ("AddBackendServers".to_owned(), 10, 30),
            ("RemoveBackendServers".to_owned(), 15, 15),
        ],
        "{}",
        plan.to_human()
    );
}

/// A classic internet load balancer (servers of any network may join it) with these members, and
/// the servers' facts: each server's network.
fn networked(members: &[(&str, &str)], servers: &[(&str, &str)]) -> Context {
    let member = |id: &str| Member::new(BackendServer::builder(id.parse().unwrap()).build(), None);
    let mut context = Context::new();
    context
        .set_load_balancer(
            LoadBalancerFacts::new(LB.parse().unwrap())
                .status(LoadBalancerStatus::Active)
                .network(Network::Classic)
                .address_type(AddressType::Internet)
                .spec("slb.s2.small")
                .members(members.iter().map(|(id, _)| member(id))),
        )
        .unwrap();
    for (id, vpc) in members.iter().chain(servers) {
        let facts = ServerFacts::new(ServerType::Ecs)
            .status("Running")
            .network(Network::Vpc((*vpc).to_owned()));
        context.add_server(&id.parse().unwrap(), facts).unwrap();
    }
    context
}

fn codes_and_messages(plan: &Plan) -> Vec<(String, String)> {
    plan.errors()
        .iter()
        .map(|e| (e.code().to_string(), e.message().to_owned()))
        .collect()
}

/// R24 in a plan: each call is checked against the networks of the members the calls before it
/// leave. Moving the members to another VPC cannot add first (the new servers would join
/// members in another VPC); removing first, it can, and members of both VPCs narrowed to one by
/// the removals take servers of that one.
#[test]
fn moving_members_to_another_vpc_takes_the_removes_first() {
    let context = networked(
        &[("i-2zeold1", "vpc-a"), ("i-2zeold2", "vpc-a")],
        &[("i-2zenew1", "vpc-b"), ("i-2zenew2", "vpc-b")],
    );
    let desired = r#"[{"ServerId":"i-2zenew1"},{"ServerId":"i-2zenew2"}]"#;
    let add_first = make_plan(desired, &context, PlanOptions::default()).unwrap();
    let found = codes_and_messages(&add_first);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().all(
            |(code, message)| code == "InvalidBackendServers.Inconsistent"
                && message.starts_with("call 1 (AddBackendServers), backend server \"i-2zenew")
                && message.contains("the members are in VPC \"vpc-a\"")
        ),
        "{found:?}"
    );
    // Each at the desired item it is about, with its place in the desired text.
    let places: Vec<(String, usize)> = add_first
        .errors()
        .iter()
        .map(|e| (e.path().to_string(), e.location().unwrap().column()))
        .collect();
    assert_eq!(
        places,
        [
            ("BackendServers[0].ServerId".to_owned(), 14),
            ("BackendServers[1].ServerId".to_owned(), 39)
        ]
    );

    // Removing first replaces every member: allowed, as it leaves none for a moment.
    let remove_first = PlanOptions::default()
        .order(Order::RemoveFirst)
        .allow_empty(true);
    let plan = make_plan(desired, &context, remove_first.clone()).unwrap();
    assert!(plan.is_valid(), "{}", plan.to_human());
    let actions: Vec<&str> = plan.calls().map(|c| c.action().as_str()).collect();
    assert_eq!(actions, ["RemoveBackendServers", "AddBackendServers"]);

    // Members in two VPCs: once those of vpc-a are gone, vpc-b's servers join; one of vpc-a
    // does not.
    let context = networked(
        &[("i-2zeold1", "vpc-a"), ("i-2zekept", "vpc-b")],
        &[("i-2zenew1", "vpc-b"), ("i-2zenew2", "vpc-a")],
    );
    let desired = r#"[{"ServerId":"i-2zekept"},{"ServerId":"i-2zenew1"}]"#;
    let plan = make_plan(desired, &context, remove_first.clone()).unwrap();
    assert!(plan.is_valid(), "{}", plan.to_human());
    let desired = r#"[{"ServerId":"i-2zekept"},{"ServerId":"i-2zenew1"},{"ServerId":"i-2zenew2"}]"#;
    let plan = make_plan(desired, &context, remove_first.clone()).unwrap();
    let found = codes_and_messages(&plan);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.starts_with(
            "call 2 (AddBackendServers), backend server \"i-2zenew2\": server \"i-2zenew2\" is in VPC \"vpc-a\""
        ),
        "{found:?}"
    );
    assert_eq!(
        plan.errors()[0].path().to_string(),
        "BackendServers[2].ServerId"
    );
}

/// R19 in a plan: an IP goes to a new network interface only once the member holding it is
/// removed.
#[test]
fn an_ip_moves_to_another_eni_only_after_its_holder_goes() {
    let eni = |id: &str| {
        BackendServer::builder(id.parse().unwrap())
            .server_type(ServerType::Eni)
            .server_ip("10.0.0.5".parse().unwrap())
            .build()
    };
    let mut context = Context::new();
    context
        .set_load_balancer(
            LoadBalancerFacts::new(LB.parse().unwrap())
                .status(LoadBalancerStatus::Active)
                .spec("slb.s2.small")
                .members([Member::new(eni("eni-2zeold"), None)]),
        )
        .unwrap();
    let desired = r#"[{"ServerId":"eni-2zenew","Type":"eni","ServerIp":"10.0.0.5"}]"#;
    let add_first = make_plan(desired, &context, PlanOptions::default()).unwrap();
    let found = codes_and_messages(&add_first);
    assert_eq!(
        found,
        [(
            "InvalidBackendServers.ServerIpConflict".to_owned(),
            "call 1 (AddBackendServers), backend server \"eni-2zenew\" (10.0.0.5): server ip 10.0.0.5 is already claimed by attached member \"eni-2zeold\"; expected each server its own IP".to_owned()
        )]
    );
    let error = &add_first.errors()[0];
    assert_eq!(error.path().to_string(), "BackendServers[0].ServerIp");
    let at = error.location().unwrap();
    assert_eq!((at.line(), at.column()), (1, 51));
    // Removing first leaves the load balancer without members for a moment: refused unless
    // allowed.
    let remove_first = PlanOptions::default().order(Order::RemoveFirst);
    let refused = make_plan(desired, &context, remove_first.clone()).unwrap();
    assert_eq!(
        codes_and_messages(&refused),
        [(
            "Plan.EmptiesLoadBalancer".to_owned(),
            "the plan leaves load balancer \"lb-2ze7o5h52g02kkzze7lru\" without members after call 1 (RemoveBackendServers), removing all 1 of them; expected at least one member after every call: allow it explicitly (plan --allow-empty, PlanOptions::allow_empty) if that is meant".to_owned()
        )]
    );
    let remove_first = remove_first.allow_empty(true);
    let plan = make_plan(desired, &context, remove_first.clone()).unwrap();
    assert!(plan.is_valid(), "{}", plan.to_human());
    let ids: Vec<String> = plan
        .members_after()
        .iter()
        .map(|m| m.server().server_id().to_string())
        .collect();
    assert_eq!(ids, ["eni-2zenew"]);
}

/// The desired members as an array, or as a request object whose `BackendServers` is an array
/// or a string holding one: the same plan; the object's `RegionId` goes into the calls; what
/// cannot be read is refused with a reason.
#[test]
fn the_desired_members_are_an_array_or_a_request_object() {
    let members = [Server {
        n: 2,
        ip: 0,
        weight: 100,
        description: None,
    }];
    let context = context(&members, 200, false);
    let wanted = r#"[{"ServerId":"i-2ze004","Weight":"30"},{"ServerId":"i-2ze002","Weight":"40"}]"#;
    let from_array = make_plan(wanted, &context, PlanOptions::default()).unwrap();
    assert!(from_array.is_valid(), "{}", from_array.to_human());
    assert_eq!(from_array.summary().calls(), 2);
    assert_eq!(from_array.load_balancer_id(), Some(LB));
    assert_eq!(from_array.vserver_group_id(), None);
    let as_string = json!({"LoadBalancerId": LB, "BackendServers": wanted}).to_string();
    let as_array = format!(r#"{{"BackendServers":{wanted}}}"#);
    for text in [&as_string, &as_array] {
        let plan = make_plan(text, &context, PlanOptions::default()).unwrap();
        assert_eq!(plan.to_json(), from_array.to_json(), "{text}");
    }

    let with_region = json!({"RegionId": "cn-beijing", "BackendServers": wanted}).to_string();
    let plan = make_plan(&with_region, &context, PlanOptions::default()).unwrap();
    let json: serde_json::Value = serde_json::from_str(&plan.to_json()).unwrap();
    for call in json["calls"].as_array().unwrap() {
        assert_eq!(call["parameters"]["RegionId"], "cn-beijing", "{call}");
    }
    assert!(!from_array.to_json().contains("RegionId"));

    let other = json!({"LoadBalancerId": "lb-other", "BackendServers": wanted}).to_string();
    let refused = make_plan(&other, &context, PlanOptions::default()).unwrap_err();
    assert!(refused.to_string().contains("\"lb-other\""), "{refused}");

    let refusals = [
        ("[{", "MalformedRequest", "the desired members are not valid JSON: "),
        ("7", "MalformedRequest", "the desired members are not a JSON array of backend servers; expected an array, or a request object with BackendServers"),
        (r#"{"RegionId":"cn-beijing"}"#, "MalformedRequest", "the desired members are not a JSON array of backend servers; "),
        (r#"{"BackendServers":5}"#, "MalformedRequest", "the desired members are not a JSON array of backend servers; "),
        (r#"{"BackendServers":"{}"}"#, "MalformedRequest", "the desired members' BackendServers is not a JSON array; expected the servers wanted, as a JSON array"),
        (r#"{"RegionId":"Beijing","BackendServers":[{"ServerId":"i-2ze002"}]}"#, "InvalidParameter.RegionId", ""),
    ];
    for (text, code, start) in refusals {
        let plan = make_plan(text, &context, PlanOptions::default()).unwrap();
        assert!(!plan.is_valid(), "{text}");
        assert!(plan.steps().is_empty(), "{text}");
        let first = &plan.errors()[0];
        assert_eq!(first.code().as_str(), code, "{text}");
        assert!(
            first.message().starts_with(start),
            "{text}: {}",
            first.message()
        );
    }
}

/// R19 between the calls of one plan: two network interfaces wanted with one IP, in different
/// calls (21 adds take two), are refused at the second call, which the first one's member
/// blocks.
#[test]
fn an_ip_wanted_twice_across_calls_is_refused_at_the_second() {
    let mut items: Vec<serde_json::Value> = (0..21)
        .map(|n| json!({"ServerId": format!("eni-2ze{n:03}"), "Type": "eni", "ServerIp": format!("10.1.0.{n}")}))
        .collect();
    items[20]["ServerIp"] = json!("10.1.0.0");
    let desired = serde_json::Value::Array(items).to_string();
    let plan = make_plan(&desired, &context(&[], 200, false), PlanOptions::default()).unwrap();
    let found = codes_and_messages(&plan);
    assert_eq!(
        found,
        [(
            "InvalidBackendServers.ServerIpConflict".to_owned(),
            "call 2 (AddBackendServers), backend server \"eni-2ze020\" (10.1.0.0): server ip 10.1.0.0 is already claimed by attached member \"eni-2ze000\"; expected each server its own IP".to_owned()
        )]
    );
    // At the desired item, the 21st, whichever call carried it.
    assert_eq!(
        plan.errors()[0].path().to_string(),
        "BackendServers[20].ServerIp"
    );
}

/// The desired items are judged as `check` judges the same items in a request, whichever form
/// carries them: repeated keys, numbers and escapes as written, keys in their order. Only the
/// size limits are lifted (the calls are written anew and checked with them).
#[test]
fn desired_items_are_judged_as_check_judges_them() {
    let context = context(&[], 200, false);
    let findings = |errors: &[clb_preflight::Finding], warnings: &[clb_preflight::Finding]| {
        errors
            .iter()
            .chain(warnings)
            .map(|f| format!("{} {} {}", f.code(), f.path(), f.message()))
            .collect::<Vec<_>>()
    };
    let cases = [
        r#"[{"ServerId":"i-2ze004","ServerId":"i-2ze004"}]"#,
        r#"[{"ServerId":"i-2ze004","Weight":5e1}]"#,
        r#"[{"ServerId":"i-2ze004","Weight":-0}]"#,
        r#"[{"ServerId":"i-2ze004","Note":"\ud800"}]"#,
        r#"[{"zeta":1,"Alpha":2,"ServerId":"i-2ze004"},{"ServerId":"i-2ze\u0030\u00306"}]"#,
    ];
    for items in cases {
        let report = check(&format!(
            r#"{{"LoadBalancerId":"{LB}","BackendServers":{items}}}"#
        ));
        let expected = findings(report.errors(), report.warnings());
        assert!(!expected.is_empty(), "{items}");
        let forms = [
            items.to_owned(),
            format!(r#"{{"BackendServers":{items}}}"#),
            json!({ "BackendServers": items }).to_string(),
        ];
        for text in forms {
            let plan = make_plan(&text, &context, PlanOptions::default()).unwrap();
            assert_eq!(findings(plan.errors(), plan.warnings()), expected, "{text}");
            assert_eq!(plan.is_valid(), report.is_valid(), "{text}");
        }
    }
    // Spaces do not count toward the size limits of the desired members.
    let spaced = format!(
        r#"[{{"ServerId":"i-2ze004",{}"Weight":50}}]"#,
        " ".repeat(70_000)
    );
    let plan = make_plan(&spaced, &context, PlanOptions::default()).unwrap();
    assert!(plan.is_valid(), "{}", plan.to_human());
}

/// The plan for people, from the library: its findings one per line, then the steps (what the
/// command line prints after showing the findings its own way).
#[test]
fn a_plan_reads_for_people_with_its_findings_first() {
    let context = context(&[], 200, true);
    let plan = make_plan(
        r#"[{"ServerId":"i-2ze004","Weight":"0"}]"#,
        &context,
        PlanOptions::default(),
    )
    .unwrap();
    let human = plan.to_human();
    // `Display` is the compact form.
    assert_eq!(plan.to_string(), human);
    let lines: Vec<&str> = human.lines().collect();
    assert_eq!(
        lines,
        [
            "error[ActionNotAllowed] LoadBalancerId: call 1 (AddBackendServers): load balancer \"lb-2ze7o5h52g02kkzze7lru\" is locked (LoadBalancerStatus \"locked\"); expected an active or inactive one (R26)",
            "warning[ZeroWeight] BackendServers[0].Weight: weight 0 means the server receives no requests (R8)",
            "no plan: 1 error",
        ]
    );
    // The rich form, without a source to point into, ends as the compact one does.
    let rich = plan.render(
        &clb_preflight::render::Source::new("desired.json", ""),
        &clb_preflight::render::Styles::plain(),
    );
    assert!(rich.ends_with("no plan: 1 error\n"), "{rich}");
    assert!(
        rich.starts_with("error[ActionNotAllowed]: call 1 (AddBackendServers): load balancer"),
        "{rich}"
    );
    let valid = make_plan(
        r#"[{"ServerId":"i-2ze004"}]"#,
        &self::context(&[], 200, false),
        PlanOptions::default(),
    )
    .unwrap();
    assert_eq!(
        valid.to_human(),
        valid.render(
            &clb_preflight::render::Source::new("desired.json", ""),
            &clb_preflight::render::Styles::plain()
        )
    );
    assert!(valid
        .to_human()
        .starts_with("call 1: AddBackendServers (1 server; 1 member after it)\n"));
}

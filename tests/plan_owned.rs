//! Planning on a shared load balancer (issue 29): with an owner's prefix no call names a member
//! not owned and those members end as they began (R41); the quota counts the load balancer's
//! other groups (R25); with a serving floor, every state between calls keeps it, or the plan is
//! refused (R42).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use std::collections::BTreeMap;

use clb_preflight::context::{LoadBalancerFacts, LoadBalancerStatus, Member, Network};
use clb_preflight::plan::{MinServing, Order, PlanOptions, Step};
use clb_preflight::{plan as make_plan, BackendServer, Code, Context, Plan, Weight};
use proptest::prelude::*;
use serde_json::json;

const LB: &str = "lb-2ze7o5h52g02kkzze7lru";
const OWNER: &str = "k8s/80/web/default/c1";

/// A member: `i-n`, its weight, and whether this plan owns it (its description starts with the
/// owner's prefix; a foreign one has another description, or none).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Server {
    n: u8,
    weight: u64,
    owned: bool,
}

impl Server {
    fn id(&self) -> String {
        format!("i-2ze{:03}", self.n)
    }
    fn description(&self) -> Option<String> {
        if self.owned {
            Some(OWNER.to_owned())
        } else if self.n % 3 == 0 {
            None
        } else {
            Some(format!("canary-{}", self.n))
        }
    }
}

fn server() -> impl Strategy<Value = Server> {
    (
        0u8..50,
        prop_oneof![Just(0u64), Just(100), 0u64..=100],
        any::<bool>(),
    )
        .prop_map(|(n, weight, owned)| Server { n, weight, owned })
}

fn distinct(servers: Vec<Server>) -> Vec<Server> {
    let mut seen = BTreeMap::new();
    for s in servers {
        seen.entry(s.n).or_insert(s);
    }
    seen.into_values().collect()
}

/// The load balancer with `members`, a quota, and another group of `elsewhere` members.
fn context(members: &[Server], quota: usize, elsewhere: usize) -> Context {
    let mut context = Context::new();
    context
        .set_load_balancer(
            LoadBalancerFacts::new(LB.parse().unwrap())
                .status(LoadBalancerStatus::Active)
                .network(Network::Vpc("vpc-1".into()))
                .spec("slb.s2.small")
                .members(members.iter().map(|m| {
                    let server = BackendServer::builder(m.id().parse().unwrap())
                        .weight(Weight::new(m.weight).unwrap())
                        .build();
                    Member::new(server, m.description())
                })),
        )
        .unwrap();
    if elsewhere > 0 {
        let other: Vec<serde_json::Value> = (0..elsewhere)
            .map(|n| json!({"ServerId": format!("i-2zegroup{n:03}"), "Port": 80, "Weight": 100}))
            .collect();
        context
            .add_other_group(
                &json!({"VServerGroupId": "rsp-2zeother", "LoadBalancerId": LB,
                        "BackendServers": {"BackendServer": other}})
                .to_string(),
            )
            .unwrap();
    }
    context.set_quota(quota);
    context
}

fn desired_text(desired: &[Server]) -> String {
    let items: Vec<serde_json::Value> = desired
        .iter()
        .map(|d| json!({"ServerId": d.id(), "Weight": d.weight.to_string(), "Description": OWNER}))
        .collect();
    serde_json::Value::Array(items).to_string()
}

/// The members by id: weight, and whether serving.
type State = BTreeMap<String, u64>;

fn apply(state: &mut State, step: &Step) {
    let Step::Call(call) = step else { return };
    let request = call.member_call();
    for s in request.backend_servers() {
        let id = s.server_id().to_string();
        match request.action().as_str() {
            "AddBackendServers" => assert!(state.insert(id, u64::from(s.weight().get())).is_none()),
            "SetBackendServers" => *state.get_mut(&id).unwrap() = u64::from(s.weight().get()),
            _ => assert!(state.remove(&id).is_some()),
        }
    }
}

proptest! {
    #![proptest_config(common::config(96, "proptest-regressions/plan_owned.txt"))]

    #[test]
    fn a_plan_leaves_what_it_does_not_own_and_keeps_the_floor(
        members in proptest::collection::vec(server(), 0..40),
        desired in proptest::collection::vec(server(), 0..40),
        elsewhere in 0usize..20,
        slack in 0usize..10,
        floor in proptest::option::of(0usize..30),
        remove_first in any::<bool>(),
        drain in any::<bool>(),
    ) {
        let members = distinct(members);
        let foreign: Vec<&Server> = members.iter().filter(|m| !m.owned).collect();
        // The desired members: owned ones, none the id of a foreign member.
        let desired: Vec<Server> = distinct(desired)
            .into_iter()
            .filter(|d| !foreign.iter().any(|f| f.n == d.n))
            .map(|d| Server { owned: true, ..d })
            .collect();
        let quota = (desired.len() + foreign.len() + elsewhere).max(members.len() + elsewhere) + slack;
        let order = if remove_first { Order::RemoveFirst } else { Order::AddFirst };
        let mut options = PlanOptions::default().own(OWNER).order(order).drain(drain).allow_empty(true);
        if let Some(floor) = floor {
            options = options.min_serving(MinServing::Members(floor));
        }
        let plan = make_plan(&desired_text(&desired), &context(&members, quota, elsewhere), options)
            .unwrap();
        let mut state: State = members.iter().map(|m| (m.id(), m.weight)).collect();
        let serving = |s: &State| s.values().filter(|w| **w > 0).count();
        let end_serving = desired.iter().filter(|d| d.weight > 0).count()
            + foreign.iter().filter(|f| f.weight > 0).count();
        if !plan.is_valid() {
            // Refused only for the floor: the desired set below it, or no order keeps it.
            let codes: Vec<Code> = plan.errors().iter().map(|e| e.code()).collect();
            prop_assert_eq!(codes, vec![Code::PlanBelowServingFloor], "{}", plan.to_human());
            let floor = floor.unwrap();
            prop_assert!(floor > 0);
            if end_serving >= floor {
                // No order: the quota leaves no room and the serving do not exceed the floor.
                prop_assert!(serving(&state) <= floor || members.len() + elsewhere >= quota,
                    "{}", plan.to_human());
            }
            return Ok(());
        }
        prop_assert_eq!(plan.summary().foreign(), Some(foreign.len()));
        for step in plan.steps() {
            if let Step::Call(call) = step {
                for s in call.member_call().backend_servers() {
                    prop_assert!(!foreign.iter().any(|f| f.id() == s.server_id().as_str()),
                        "a call names a member not owned: {}", plan.to_human());
                }
            }
            apply(&mut state, step);
            if let Step::Call(call) = step {
                prop_assert!(state.len() + elsewhere <= quota, "{}", plan.to_human());
                if let Some(floor) = floor {
                    prop_assert!(serving(&state) >= floor, "{}", plan.to_human());
                    prop_assert_eq!(call.serving_after(), Some(serving(&state)));
                } else {
                    prop_assert_eq!(call.serving_after(), None);
                }
            }
        }
        // The foreign members as they were; the owned ones as desired.
        let mut want: State = foreign.iter().map(|f| (f.id(), f.weight)).collect();
        want.extend(desired.iter().map(|d| (d.id(), d.weight)));
        prop_assert_eq!(state, want);
    }
}

/// A desired item that is a member not owned, or one without the owner's description, is refused
/// at its place; the human plan says what it left alone.
#[test]
fn what_a_plan_that_owns_refuses_and_says() {
    let members = [
        Server {
            n: 1,
            weight: 100,
            owned: true,
        },
        Server {
            n: 2,
            weight: 100,
            owned: false,
        },
        Server {
            n: 3,
            weight: 100,
            owned: false,
        },
    ];
    let context = context(&members, 200, 0);
    let options = || PlanOptions::default().own(OWNER);
    let desired =
        format!(r#"[{{"ServerId":"i-2ze002","Description":"{OWNER}"}},{{"ServerId":"i-2ze009"}}]"#);
    let plan = make_plan(&desired, &context, options()).unwrap();
    let errors: Vec<(Code, String)> = plan
        .errors()
        .iter()
        .map(|e| (e.code(), e.path().to_string()))
        .collect();
    assert_eq!(
        errors,
        [
            (Code::PlanMemberNotOwned, "BackendServers[0]".to_owned()),
            (
                Code::PlanDescriptionNotOwned,
                "BackendServers[1].Description".to_owned()
            ),
        ]
    );
    assert!(
        plan.errors()[0].message().contains("\"canary-2\""),
        "{}",
        plan.errors()[0]
    );
    assert_eq!(
        plan.summary().foreign(),
        Some(2),
        "a refused plan counts them too"
    );
    assert!(
        plan.errors()[0].location().is_some(),
        "the item is in the desired text"
    );
    assert!(
        plan.errors()[1].location().is_none(),
        "the description is absent"
    );
    let kept = make_plan(
        &format!(r#"[{{"ServerId":"i-2ze001","Description":"{OWNER}"}}]"#),
        &context,
        options(),
    )
    .unwrap();
    assert!(kept.steps().is_empty(), "{}", kept.to_human());
    assert!(
        kept.to_human()
            .contains(&format!("2 members not owned by \"{OWNER}\" left alone")),
        "{}",
        kept.to_human()
    );
    // Read back from its JSON, an owner's plan is the same plan.
    let back: Plan = serde_json::from_str(&kept.to_json()).unwrap();
    assert_eq!(back, kept);
}

/// The quota counts the load balancer's other groups: a plan that fits the members alone but
/// not with them is refused, and a check of an Add says why.
#[test]
fn the_quota_counts_the_other_groups() {
    let members = [Server {
        n: 1,
        weight: 100,
        owned: true,
    }];
    let desired = [
        Server {
            n: 1,
            weight: 100,
            owned: true,
        },
        Server {
            n: 2,
            weight: 100,
            owned: true,
        },
    ];
    let fits = make_plan(
        &desired_text(&desired),
        &context(&members, 2, 0),
        PlanOptions::default(),
    )
    .unwrap();
    assert!(fits.is_valid(), "{}", fits.to_human());
    let full = make_plan(
        &desired_text(&desired),
        &context(&members, 2, 1),
        PlanOptions::default(),
    )
    .unwrap();
    assert_eq!(
        full.errors()[0].code(),
        Code::InstanceBackendServerNumberOverLimit
    );
    let report = clb_preflight::check_with(
        &json!({"LoadBalancerId": LB, "BackendServers": r#"[{"ServerId":"i-2ze002"}]"#})
            .to_string(),
        &context(&members, 2, 1),
    )
    .unwrap();
    assert_eq!(
        report.errors()[0].message(),
        "the load balancer would have 3 members (2 attached, 1 of them in its vserver groups, 1 added); expected at most the quota 2"
    );
}

/// `50%`: half of those serving now, rounded up.
#[test]
fn a_floor_in_percent_rounds_up() {
    let members: Vec<Server> = (0..5)
        .map(|n| Server {
            n,
            weight: 100,
            owned: true,
        })
        .collect();
    // Keeping 2 of 5 leaves 2 serving, below 50% of 5 (3).
    let plan = make_plan(
        &desired_text(&members[..2]),
        &context(&members, 200, 0),
        PlanOptions::default().min_serving("50%".parse().unwrap()),
    )
    .unwrap();
    assert_eq!(plan.errors()[0].code(), Code::PlanBelowServingFloor);
    assert!(
        plan.errors()[0].message().contains("leave 2 serving"),
        "{}",
        plan.errors()[0]
    );
    let plan = make_plan(
        &desired_text(&members[..3]),
        &context(&members, 200, 0),
        PlanOptions::default().min_serving("50%".parse().unwrap()),
    )
    .unwrap();
    assert!(plan.is_valid(), "{}", plan.to_human());
}

/// A group's call counts the load balancer's own members toward the quota too: with one
/// member of its own and one in the group, an Add of a second server to the group goes over a
/// quota of 2.
#[test]
fn a_group_call_counts_the_load_balancers_own_members() {
    let members = [Server {
        n: 1,
        weight: 100,
        owned: true,
    }];
    let mut context = context(&members, 2, 0);
    context
        .add_vserver_group(
            &json!({"VServerGroupId": "rsp-1", "LoadBalancerId": LB,
                    "BackendServers": {"BackendServer": [{"ServerId": "i-2ze001", "Port": 80}]}})
            .to_string(),
        )
        .unwrap();
    let add = json!({
        "Action": "AddVServerGroupBackendServers", "RegionId": "cn-beijing", "VServerGroupId": "rsp-1",
        "BackendServers": r#"[{"ServerId":"i-2ze002","Port":"80"}]"#,
    })
    .to_string();
    let report = clb_preflight::check_with(&add, &context).unwrap();
    assert_eq!(
        report.errors()[0].message(),
        "the load balancer would have 3 members (2 attached, 1 of them outside this group, 1 added); expected at most the quota 2"
    );
    let plan = make_plan(
        r#"[{"ServerId":"i-2ze001","Port":"80"},{"ServerId":"i-2ze002","Port":"80"}]"#,
        &context,
        PlanOptions::default(),
    )
    .unwrap();
    assert_eq!(
        plan.errors()[0].code(),
        Code::InstanceBackendServerNumberOverLimit
    );
}

/// Another group's facts as `DescribeVServerGroupAttribute` returns them: `members` of its own.
fn other_group(id: &str, load_balancer: &str, members: &[&str]) -> String {
    let members: Vec<serde_json::Value> = members
        .iter()
        .map(|id| json!({"ServerId": id, "Port": 80, "Weight": 100}))
        .collect();
    json!({"VServerGroupId": id, "LoadBalancerId": load_balancer,
           "BackendServers": {"BackendServer": members}})
    .to_string()
}

/// Other groups are refused when they contradict what the context holds: groups of two load
/// balancers, the target group given again, two descriptions of one group. The same
/// description given twice is kept once, and counted once.
#[test]
fn other_groups_that_contradict_are_refused_and_a_repeat_counts_once() {
    use clb_preflight::context::ContextError;
    let mut held = Context::new();
    held.add_other_group(&other_group("rsp-a", LB, &["i-2zea"]))
        .unwrap();
    held.add_other_group(&other_group("rsp-c", LB, &["i-2zec"]))
        .unwrap();
    let elsewhere = other_group("rsp-b", "lb-2zeelsewhere", &["i-2zeb"]);
    assert!(matches!(
        held.add_other_group(&elsewhere),
        Err(ContextError::Conflict(_))
    ));

    let mut held = Context::new();
    held.add_vserver_group(&other_group("rsp-a", LB, &["i-2zea"]))
        .unwrap();
    assert!(matches!(
        held.add_other_group(&other_group("rsp-a", LB, &["i-2zea"])),
        Err(ContextError::Conflict(_))
    ));
    held.add_other_group(&other_group("rsp-b", LB, &["i-2zeb"]))
        .unwrap();
    assert!(matches!(
        held.add_other_group(&other_group("rsp-b", LB, &["i-2zeb", "i-2zec"])),
        Err(ContextError::Conflict(_))
    ));

    let members = [Server {
        n: 1,
        weight: 100,
        owned: true,
    }];
    let mut context = context(&members, 3, 0);
    let group = other_group("rsp-b", LB, &["i-2zeb", "i-2zec"]);
    context.add_other_group(&group).unwrap();
    context.add_other_group(&group).unwrap();
    let report = clb_preflight::check_with(
        &json!({"LoadBalancerId": LB, "BackendServers": r#"[{"ServerId":"i-2ze002"}]"#})
            .to_string(),
        &context,
    )
    .unwrap();
    assert_eq!(
        report.errors()[0].message(),
        "the load balancer would have 4 members (3 attached, 2 of them in its vserver groups, 1 added); expected at most the quota 3"
    );
}

/// Fewer serve now than the floor asks: the Adds go first and raise it, and the members that
/// serve nothing are removed only when the Adds need their room — not first, which would leave
/// the first call below the floor.
#[test]
fn a_floor_above_those_serving_now_is_reached_by_adding_first() {
    let members = [mine(1, 100), mine(2, 100), mine(3, 100), mine(4, 0)];
    let desired = [mine(1, 100), mine(2, 100), mine(5, 100), mine(6, 100)];
    let plan = make_plan(
        &desired_text(&desired),
        &context(&members, 5, 0),
        PlanOptions::default()
            .own(OWNER)
            .min_serving(MinServing::Members(4)),
    )
    .unwrap();
    assert!(plan.is_valid(), "{}", plan.to_human());
    let serving: Vec<Option<usize>> = plan.calls().map(|c| c.serving_after()).collect();
    assert_eq!(
        serving,
        [Some(4), Some(4), Some(5), Some(4)],
        "{}",
        plan.to_human()
    );
    let first = plan.calls().next().unwrap().member_call();
    assert_eq!(first.action().as_str(), "AddBackendServers");

    // With no room at all, no order reaches it: refused.
    let refused = make_plan(
        &desired_text(&desired),
        &context(&members, 4, 0),
        PlanOptions::default()
            .own(OWNER)
            .min_serving(MinServing::Members(4)),
    )
    .unwrap();
    assert_eq!(
        refused.errors()[0].message(),
        "no order of the calls keeps 4 members serving: the members quota leaves no room to add before removing, and only 3 serve now; expected a lower floor, or room under the quota"
    );
}

/// An empty owner's prefix would own every member with a description: refused before anything
/// is read.
#[test]
fn an_empty_owner_is_refused() {
    let members = [Server {
        n: 1,
        weight: 100,
        owned: true,
    }];
    let error = make_plan(
        "[]",
        &context(&members, 5, 0),
        PlanOptions::default().own(""),
    )
    .unwrap_err();
    assert_eq!(error, clb_preflight::plan::PlanError::EmptyOwner);
    assert!(error.to_string().starts_with("the owner's prefix is empty"));
}

/// The calls' region, given or the desired request's, must be the load balancer's when its
/// facts name it.
#[test]
fn a_region_other_than_the_load_balancer_s_is_refused() {
    use clb_preflight::plan::PlanError;
    let members = [Server {
        n: 1,
        weight: 100,
        owned: true,
    }];
    let mut context = Context::new();
    context
        .add_load_balancer(
            &json!({"LoadBalancerId": LB, "RegionId": "cn-beijing", "LoadBalancerStatus": "active",
                    "BackendServers": {"BackendServer": []}})
            .to_string(),
        )
        .unwrap();
    let desired = desired_text(&members);
    let given = |region: &str| PlanOptions::default().region_id(region.parse().unwrap());
    let same = make_plan(&desired, &context, given("cn-beijing")).unwrap();
    assert!(same.is_valid(), "{}", same.to_human());
    let error = make_plan(&desired, &context, given("cn-hangzhou")).unwrap_err();
    assert_eq!(
        error,
        PlanError::RegionMismatch {
            given: "cn-hangzhou".to_owned(),
            facts: "cn-beijing".to_owned()
        }
    );
    assert_eq!(
        error.to_string(),
        "the calls' region \"cn-hangzhou\" is not the load balancer's, \"cn-beijing\"; expected the region its facts name"
    );
    let request = json!({"RegionId": "cn-shanghai", "BackendServers": [{"ServerId": "i-2ze001"}]});
    assert!(matches!(
        make_plan(&request.to_string(), &context, PlanOptions::default()),
        Err(PlanError::RegionMismatch { .. })
    ));
    // The desired request's is checked too when the one given is the load balancer's.
    assert_eq!(
        make_plan(&request.to_string(), &context, given("cn-beijing")).unwrap_err(),
        PlanError::RegionMismatch {
            given: "cn-shanghai".to_owned(),
            facts: "cn-beijing".to_owned()
        }
    );
    // Before any finding: over the quota, with another region, the region is what is said.
    context.set_quota(1);
    let two = desired_text(&[1u8, 2].map(|n| Server {
        n,
        weight: 100,
        owned: true,
    }));
    assert!(make_plan(&two, &context, PlanOptions::default())
        .unwrap()
        .errors()
        .iter()
        .any(|e| e.code() == Code::InstanceBackendServerNumberOverLimit));
    assert!(matches!(
        make_plan(&two, &context, given("cn-hangzhou")),
        Err(PlanError::RegionMismatch { .. })
    ));
    // Without the facts' region, the one given comes before the desired request's.
    let mut bare = Context::new();
    bare.add_load_balancer(
        &json!({"LoadBalancerId": LB, "LoadBalancerStatus": "active",
                "BackendServers": {"BackendServer": []}})
        .to_string(),
    )
    .unwrap();
    let planned = make_plan(&request.to_string(), &bare, given("cn-hangzhou")).unwrap();
    assert!(planned.calls().count() > 0);
    assert!(planned
        .calls()
        .all(|c| c.member_call().region_id().map(|r| r.as_str()) == Some("cn-hangzhou")));
}

/// R41's words: a member with no description says so; a group's member names its port; the
/// quota's refusal adds up what counts.
#[test]
fn what_the_owner_s_findings_say() {
    let members = [
        Server {
            n: 3,
            weight: 100,
            owned: false,
        },
        Server {
            n: 4,
            weight: 100,
            owned: true,
        },
    ];
    let desired = json!([{"ServerId": "i-2ze003", "Description": OWNER}, {"ServerId": "i-2ze005"}]);
    let plan = make_plan(
        &desired.to_string(),
        &context(&members, 10, 0),
        PlanOptions::default().own(OWNER),
    )
    .unwrap();
    let messages: Vec<&str> = plan.errors().iter().map(|e| e.message()).collect();
    assert_eq!(
        messages,
        [
            "backend server \"i-2ze003\" is a member not owned by \"k8s/80/web/default/c1\" (it has no description); expected a server this plan owns: that member is someone else's",
            "the item has no description; expected one that starts with the owner's prefix \"k8s/80/web/default/c1\", or the next plan could not tell the member is this plan's",
        ]
    );

    let mut group = Context::new();
    group
        .add_vserver_group(
            &json!({"VServerGroupId": "rsp-1", "LoadBalancerId": LB, "BackendServers": {"BackendServer": [
                {"ServerId": "i-2ze001", "Port": 80, "Weight": 100, "Description": "canary"}]}})
            .to_string(),
        )
        .unwrap();
    let desired = json!([{"ServerId": "i-2ze001", "Port": "80", "Description": OWNER}]);
    let plan = make_plan(
        &desired.to_string(),
        &group,
        PlanOptions::default()
            .own(OWNER)
            .region_id("cn-beijing".parse().unwrap()),
    )
    .unwrap();
    assert_eq!(
        plan.errors()[0].message(),
        "backend server \"i-2ze001\" on port 80 is a member not owned by \"k8s/80/web/default/c1\" (its description is \"canary\"); expected a server this plan owns: that member is someone else's"
    );

    let wanted = [4u8, 5, 6].map(|n| mine(n, 100));
    let refusal = |quota, elsewhere, options| {
        let plan = make_plan(
            &desired_text(&wanted),
            &context(&members, quota, elsewhere),
            options,
        )
        .unwrap();
        plan.errors()[0].message().to_owned()
    };
    let own = || PlanOptions::default().own(OWNER);
    assert_eq!(
        refusal(5, 2, own()),
        "6 members would count toward the quota (3 wanted, 1 not owned, 2 in its vserver groups); expected at most the quota 5"
    );
    assert_eq!(
        refusal(2, 0, PlanOptions::default()),
        "3 members are wanted; expected at most the quota 2"
    );
    // Only what counts is added up.
    assert_eq!(
        refusal(4, 2, PlanOptions::default()),
        "5 members would count toward the quota (3 wanted, 2 in its vserver groups); expected at most the quota 4"
    );
    assert_eq!(
        refusal(3, 0, own()),
        "4 members would count toward the quota (3 wanted, 1 not owned); expected at most the quota 3"
    );
}

/// A floor above 100% is a percentage, and said to be too high.
#[test]
fn a_floor_above_a_hundred_percent_says_so() {
    for text in ["101%", "1000%", "99999999999999999999%"] {
        let error = text.parse::<MinServing>().unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("serving floor \"{text}\" is a percentage above 100%; expected one from \"0%\" to \"100%\", or a number of members such as \"3\"")
        );
    }
    // Digits only: Rust's own parse would take a leading `+`.
    for text in ["abc", "5.5", "%", "-1%", "+3", "+3%", "", " 3"] {
        let error = text.parse::<MinServing>().unwrap_err();
        assert!(error
            .to_string()
            .contains("is not a number of members or a percentage"));
    }
}

/// Another group's facts must be a group's response: a load balancer's, a server's, or one that
/// looks like both is refused by its shape.
#[test]
fn another_group_is_told_by_its_shape() {
    use clb_preflight::context::ContextError;
    let group = json!({"VServerGroupId": "rsp-2", "LoadBalancerId": LB,
                       "BackendServers": {"BackendServer": []}});
    let mut both = group.clone();
    both["Instances"] = json!({"Instance": []});
    let load_balancer = json!({"LoadBalancerId": LB, "BackendServers": {"BackendServer": []}});
    for text in [both, load_balancer] {
        assert!(
            matches!(
                Context::new().add_other_group(&text.to_string()),
                Err(ContextError::UnrecognizedShape { .. })
            ),
            "{text}"
        );
    }
    assert!(Context::new().add_other_group(&group.to_string()).is_ok());
}

/// R25 for a group's calls with the load balancer's facts: a Create's new group counts its
/// servers; a group's Add without the group's facts cannot be counted (its members are not known).
#[test]
fn a_group_s_create_counts_toward_the_quota() {
    let members = [1u8, 2].map(|n| Server {
        n,
        weight: 100,
        owned: true,
    });
    let context = context(&members, 3, 0);
    let servers = r#"[{"ServerId":"i-2ze010","Port":"80"},{"ServerId":"i-2ze011","Port":"80"}]"#;
    let create = json!({"Action": "CreateVServerGroup", "RegionId": "cn-beijing",
                        "LoadBalancerId": LB, "BackendServers": servers});
    let report = clb_preflight::check_with(&create.to_string(), &context).unwrap();
    assert_eq!(
        report.errors().iter().map(|e| e.code()).collect::<Vec<_>>(),
        [Code::InstanceBackendServerNumberOverLimit]
    );
    let add = json!({"Action": "AddVServerGroupBackendServers", "RegionId": "cn-beijing",
                     "VServerGroupId": "rsp-2zeunknown", "BackendServers": servers});
    let report = clb_preflight::check_with(&add.to_string(), &context).unwrap();
    assert!(
        report
            .errors()
            .iter()
            .all(|e| e.code() != Code::InstanceBackendServerNumberOverLimit),
        "{}",
        report.to_human()
    );
}

/// R33 names a repeated desired item by its identity: an ENI's or an ECI's IP with its id, read
/// from the item's Type when the id's prefix does not tell; an ECS instance's IP is not part of it.
#[test]
fn a_repeated_desired_item_is_named_by_its_identity() {
    let item =
        |id: &str, kind: &str, ip: &str| json!({"ServerId": id, "Type": kind, "ServerIp": ip});
    let desired = json!([
        item("srv-1", "eni", "10.0.0.1"),
        item("srv-1", "eni", "10.0.0.1"),
        item("srv-2", "eci", "10.0.0.2"),
        item("srv-2", "eci", "10.0.0.2"),
        item("srv-3", "ecs", "10.0.0.3"),
        item("srv-3", "ecs", "10.0.0.3"),
    ]);
    let members = [Server {
        n: 1,
        weight: 100,
        owned: true,
    }];
    let plan = make_plan(
        &desired.to_string(),
        &context(&members, 10, 0),
        PlanOptions::default(),
    )
    .unwrap();
    let repeats: Vec<&str> = plan
        .errors()
        .iter()
        .filter(|e| e.code() == Code::DesiredBackendServerRepeated)
        .map(|e| e.message())
        .collect();
    assert_eq!(
        repeats,
        [
            "backend server repeats BackendServers[0] (\"srv-1\", 10.0.0.1); expected each desired server once",
            "backend server repeats BackendServers[2] (\"srv-2\", 10.0.0.2); expected each desired server once",
            "backend server repeats BackendServers[4] (\"srv-3\"); expected each desired server once",
        ]
    );
}

/// The human plan says what it left alone, and when it left nothing alone, that every member
/// is the owner's.
#[test]
fn the_human_plan_says_what_was_left_alone() {
    let s = |n, owned| Server {
        n,
        weight: 100,
        owned,
    };
    let desired = desired_text(&[s(1, true), s(2, true)]);
    let options = || PlanOptions::default().own(OWNER);
    let all_owned = make_plan(&desired, &context(&[s(1, true)], 10, 0), options()).unwrap();
    assert!(all_owned
        .to_human()
        .contains("\nevery member is owned by \"k8s/80/web/default/c1\": none left alone\n"));
    let shared = make_plan(
        &desired,
        &context(&[s(1, true), s(4, false), s(5, false)], 10, 0),
        options(),
    )
    .unwrap();
    assert!(shared
        .to_human()
        .contains("\n2 members not owned by \"k8s/80/web/default/c1\" left alone\n"));
    let unowned = make_plan(
        &desired,
        &context(&[s(1, true)], 10, 0),
        PlanOptions::default(),
    )
    .unwrap()
    .to_human();
    assert!(!unowned.contains("left alone"), "{unowned}");
    // Members there were, all removed: not "no members".
    let replaced = make_plan(
        &desired_text(&[s(2, true)]),
        &context(&[s(1, true)], 10, 0),
        options().allow_empty(true),
    )
    .unwrap();
    assert!(replaced
        .to_human()
        .contains("\nevery member is owned by \"k8s/80/web/default/c1\": none left alone\n"));
    let empty = make_plan(&desired, &context(&[], 10, 0), options()).unwrap();
    assert!(empty
        .to_human()
        .contains("\nthere were no members: none left alone\n"));
}

/// When the plain order keeps the floor, it is the plan: `--order remove-first` is followed.
#[test]
fn a_floor_that_holds_keeps_the_order_asked_for() {
    let members = [
        mine(1, 100),
        mine(2, 100),
        mine(3, 100),
        mine(4, 100),
        mine(5, 100),
    ];
    let desired = [
        mine(1, 100),
        mine(2, 100),
        mine(3, 100),
        mine(4, 100),
        mine(6, 100),
    ];
    let plan = make_plan(
        &desired_text(&desired),
        &context(&members, 10, 0),
        PlanOptions::default()
            .own(OWNER)
            .order(Order::RemoveFirst)
            .min_serving(MinServing::Members(2)),
    )
    .unwrap();
    let actions: Vec<&str> = plan.calls().map(|c| c.action().as_str()).collect();
    assert_eq!(actions, ["RemoveBackendServers", "AddBackendServers"]);
    let serving: Vec<Option<usize>> = plan.calls().map(|c| c.serving_after()).collect();
    assert_eq!(serving, [Some(4), Some(5)]);
}

/// The rolling order with Sets: those that do not lower serving go first (one raising it from
/// weight 0), room for the Add is made by a wave of one serving member, and the Set that lowers
/// serving goes last, in a wave no larger than the count above the floor.
#[test]
fn a_rolling_order_puts_the_sets_where_they_keep_the_floor() {
    let members = [
        mine(1, 100),
        mine(2, 100),
        mine(3, 0),
        mine(4, 100),
        mine(5, 100),
    ];
    let desired = [
        mine(1, 100),
        mine(2, 50),
        mine(3, 100),
        mine(4, 0),
        mine(6, 100),
    ];
    assert_eq!(
        calls_of(&floor_plan(&members, &desired, 5, 4)),
        [
            call("SetBackendServers", &["i-2ze002", "i-2ze003"], 5),
            call("RemoveBackendServers", &["i-2ze005"], 4),
            call("AddBackendServers", &["i-2ze006"], 5),
            call("SetBackendServers", &["i-2ze004"], 4),
        ]
    );
}

/// A Set that changes a serving member's weight leaves the serving count as it is: the waves
/// that make room stay one server wide, as many as serve above the floor.
#[test]
fn a_set_that_keeps_serving_does_not_widen_the_waves() {
    let members = [1, 2, 3, 4, 5, 6, 7].map(|n| mine(n, 100));
    let desired = [
        mine(1, 100),
        mine(2, 100),
        mine(3, 100),
        mine(4, 100),
        mine(5, 50),
        mine(8, 100),
        mine(9, 100),
    ];
    let shape: Vec<(String, usize, Option<usize>)> =
        calls_of(&floor_plan(&members, &desired, 7, 6))
            .into_iter()
            .map(|(action, ids, serving)| (action, ids.len(), serving))
            .collect();
    let one = |action: &str, serving| (action.to_owned(), 1, Some(serving));
    assert_eq!(
        shape,
        [
            one("SetBackendServers", 7),
            one("RemoveBackendServers", 6),
            one("AddBackendServers", 7),
            one("RemoveBackendServers", 6),
            one("AddBackendServers", 7),
        ]
    );
}

/// Fewer serve now than the floor: a Set that leaves serving as it is waits until the first Add
/// has raised it, and an Add that serves goes before one at weight 0.
#[test]
fn below_the_floor_the_adds_that_serve_go_first() {
    let members = [mine(1, 100), mine(2, 100), mine(3, 100), mine(4, 0)];
    let shape = |desired: &[Server]| calls_of(&floor_plan(&members, desired, 5, 4));
    assert_eq!(
        shape(&[mine(1, 100), mine(2, 50), mine(5, 100), mine(6, 100)]),
        [
            call("AddBackendServers", &["i-2ze005"], 4),
            call("SetBackendServers", &["i-2ze002"], 4),
            call("RemoveBackendServers", &["i-2ze004"], 4),
            call("AddBackendServers", &["i-2ze006"], 5),
            call("RemoveBackendServers", &["i-2ze003"], 4),
        ]
    );
    assert_eq!(
        shape(&[
            mine(1, 100),
            mine(2, 100),
            mine(3, 100),
            mine(5, 0),
            mine(6, 100)
        ]),
        [
            call("AddBackendServers", &["i-2ze006"], 4),
            call("RemoveBackendServers", &["i-2ze004"], 4),
            call("AddBackendServers", &["i-2ze005"], 4),
        ]
    );
}

/// An owned server `i-2ze<n>` at `weight`.
fn mine(n: u8, weight: u64) -> Server {
    Server {
        n,
        weight,
        owned: true,
    }
}

/// The plan from `members` to `desired` under `quota`, keeping `floor` serving: valid.
fn floor_plan(members: &[Server], desired: &[Server], quota: usize, floor: usize) -> Plan {
    let plan = make_plan(
        &desired_text(desired),
        &context(members, quota, 0),
        PlanOptions::default().min_serving(MinServing::Members(floor)),
    )
    .unwrap();
    assert!(plan.is_valid(), "{}", plan.to_human());
    plan
}

/// A plan's calls: each its action, its servers' ids and the serving count after it.
fn calls_of(plan: &Plan) -> Vec<(String, Vec<String>, Option<usize>)> {
    plan.calls()
        .map(|c| {
            let servers = c.member_call().backend_servers();
            (
                c.action().as_str().to_owned(),
                servers.iter().map(|s| s.server_id().to_string()).collect(),
                c.serving_after(),
            )
        })
        .collect()
}

/// A call as [`calls_of`] gives it.
fn call(action: &str, ids: &[&str], serving: usize) -> (String, Vec<String>, Option<usize>) {
    (
        action.to_owned(),
        ids.iter().map(|id| (*id).to_owned()).collect(),
        Some(serving),
    )
}

/// The changes from `members` to `desired` as single operations: (kind: 0 an Add, 1 a Remove, 2
/// a Set; whether the server serves before it; whether it serves after).
fn operations(members: &[Server], desired: &[Server]) -> Vec<(u8, bool, bool)> {
    let mut ops = Vec::new();
    for d in desired {
        match members.iter().find(|m| m.n == d.n) {
            None => ops.push((0, false, d.weight > 0)),
            Some(m) if m.weight != d.weight => ops.push((2, m.weight > 0, d.weight > 0)),
            Some(_) => {}
        }
    }
    for m in members {
        if !desired.iter().any(|d| d.n == m.n) {
            ops.push((1, m.weight > 0, false));
        }
    }
    ops
}

/// Whether some order of calls (each a non-empty set of operations of one kind) takes the
/// members to the desired ones keeping, after every call, the members within `quota` and at
/// least `floor` serving, and the desired set keeping it: a search over every set of operations
/// done.
fn some_order_keeps(
    ops: &[(u8, bool, bool)],
    (members, serving): (usize, usize),
    quota: usize,
    floor: usize,
) -> bool {
    let n = ops.len();
    let full = (1usize << n) - 1;
    let state = |done: usize| {
        let (mut m, mut s) = (members as isize, serving as isize);
        for (i, (kind, was, is)) in ops.iter().enumerate() {
            if done >> i & 1 == 1 {
                m += match kind {
                    0 => 1,
                    1 => -1,
                    _ => 0,
                };
                s += isize::from(*is) - isize::from(*was);
            }
        }
        (m, s)
    };
    let mut seen = vec![false; full + 1];
    let mut stack = vec![0usize];
    seen[0] = true;
    while let Some(done) = stack.pop() {
        if done == full {
            // The desired set itself keeps the floor (with no call to make too, R42).
            return state(done).1 >= floor as isize;
        }
        for kind in 0..3u8 {
            let open: usize = (0..n)
                .filter(|&i| done >> i & 1 == 0 && ops[i].0 == kind)
                .map(|i| 1 << i)
                .sum();
            // Every non-empty subset of the open operations of this kind.
            let mut subset = open;
            while subset > 0 {
                let next = done | subset;
                let (m, s) = state(next);
                if !seen[next] && m <= quota as isize && s >= floor as isize {
                    seen[next] = true;
                    stack.push(next);
                }
                subset = (subset - 1) & open;
            }
        }
    }
    false
}

proptest! {
    #![proptest_config(common::config(1024, "proptest-regressions/plan_owned.txt"))]

    /// The serving floor is refused only when no order of calls keeps it: small inputs, every
    /// order searched.
    #[test]
    fn a_floor_is_refused_only_when_no_order_keeps_it(
        members in proptest::collection::vec((0u8..10, prop_oneof![Just(0u64), Just(100), Just(50)]), 0..8),
        desired in proptest::collection::vec((0u8..10, prop_oneof![Just(0u64), Just(100), Just(50)]), 1..8),
        slack in 0usize..3,
        floor in 0usize..8,
        drain in any::<bool>(),
        remove_first in any::<bool>(),
    ) {
        let to_servers = |v: Vec<(u8, u64)>| {
            distinct(v.into_iter().map(|(n, weight)| Server { n, weight, owned: true }).collect())
        };
        let (members, desired) = (to_servers(members), to_servers(desired));
        let quota = members.len().max(desired.len()) + slack;
        let ops = operations(&members, &desired);
        prop_assume!(ops.len() <= 10);
        let now = members.iter().filter(|m| m.weight > 0).count();
        let plan = make_plan(
            &desired_text(&desired),
            &context(&members, quota, 0),
            PlanOptions::default()
                .allow_empty(true)
                .drain(drain)
                .order(if remove_first { Order::RemoveFirst } else { Order::AddFirst })
                .min_serving(MinServing::Members(floor)),
        )
        .unwrap();
        let possible = some_order_keeps(&ops, (members.len(), now), quota, floor);
        prop_assert_eq!(plan.is_valid(), possible, "{}", plan.to_human());
    }
}

//! The facts, at their edges: the quota reached and exceeded, contradicting facts, each
//! Describe shape read by its method, the networks of servers, the diff of an oversized or
//! partly invalid request, the members after a call.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use clb_preflight::limits::Limits;
use clb_preflight::{check_with, Checker, Context, ContextError, Report};
use serde_json::{json, Value};

const LB: &str = "lb-2ze7o5h52g02kkzze7lru";

/// A JSON request whose `BackendServers` string is `items`.
fn request(items: &str) -> String {
    json!({"LoadBalancerId": LB, "BackendServers": items}).to_string()
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.findings().map(|f| f.code().as_str()).collect()
}

fn load_balancer(members: &[&str]) -> Value {
    json!({
        "LoadBalancerId": LB,
        "LoadBalancerStatus": "active",
        "AddressType": "intranet",
        "NetworkType": "vpc",
        "VpcId": "vpc-a",
        "LoadBalancerSpec": "slb.s2.small",
        "BackendServers": {"BackendServer": members.iter()
            .map(|m| json!({"ServerId": m, "Weight": 100, "Type": "ecs"}))
            .collect::<Vec<_>>()},
    })
}

/// A `DescribeInstances` response: (id, network type, VPC, status).
fn instances(list: &[(&str, &str, &str, &str)]) -> Value {
    let instance = |&(id, network, vpc, status): &(&str, &str, &str, &str)| {
        json!({
            "InstanceId": id,
            "Status": status,
            "InstanceNetworkType": network,
            "VpcAttributes": {"VpcId": vpc, "PrivateIpAddress": {"IpAddress": ["192.168.0.1"]}},
            "InnerIpAddress": {"IpAddress": []},
        })
    };
    json!({"Instances": {"Instance": list.iter().map(instance).collect::<Vec<_>>()}})
}

fn context(lb: Option<&Value>, servers: &[&Value]) -> Context {
    let mut context = Context::new();
    if let Some(lb) = lb {
        context.add_load_balancer(&lb.to_string()).unwrap();
    }
    for s in servers {
        context.add_servers(&s.to_string()).unwrap();
    }
    context
}

#[test]
fn the_members_quota_is_reached_at_exactly_the_quota_and_exceeded_one_over() {
    let lb = load_balancer(&["i-m1", "i-m2"]);
    let text = request(r#"[{"ServerId":"i-new"}]"#);
    for (quota, over) in [(2, true), (3, false), (4, false)] {
        let mut context = context(Some(&lb), &[]);
        context.set_quota(quota);
        assert_eq!(context.quota(), quota);
        let report = check_with(&text, &context).unwrap();
        assert_eq!(
            codes(&report).contains(&"InstanceBackendServerNumberOverLimit"),
            over,
            "quota {quota}: {}",
            report.to_human()
        );
        assert_eq!(report.diff().unwrap().members_after().len(), 3);
    }
}

#[test]
fn two_different_descriptions_of_the_load_balancer_end_the_run() {
    let lb = load_balancer(&["i-m1"]);
    let mut context = Context::new();
    context.add_load_balancer(&lb.to_string()).unwrap();
    // The same description again is the same fact.
    context.add_load_balancer(&lb.to_string()).unwrap();
    assert_eq!(context.members().unwrap().len(), 1);
    let mut locked = lb.clone();
    locked["LoadBalancerStatus"] = json!("locked");
    let err = context.add_load_balancer(&locked.to_string()).unwrap_err();
    assert!(matches!(err, ContextError::Conflict(_)), "{err:?}");
    // The facts held before stay: the load balancer is not locked.
    let report = check_with(&request(r#"[{"ServerId":"i-new"}]"#), &context).unwrap();
    assert!(report.is_valid(), "{}", report.to_human());
}

#[test]
fn two_different_facts_for_one_server_end_the_run() {
    let running = instances(&[("i-new", "vpc", "vpc-a", "Running")]);
    let stopped = instances(&[("i-new", "vpc", "vpc-a", "Stopped")]);
    let other = instances(&[("i-other", "vpc", "vpc-b", "Stopped")]);
    let mut context = Context::new();
    context.add_servers(&running.to_string()).unwrap();
    context.add_servers(&running.to_string()).unwrap();
    context.add_servers(&other.to_string()).unwrap();
    let err = context.add_servers(&stopped.to_string()).unwrap_err();
    assert!(matches!(err, ContextError::Conflict(_)), "{err:?}");
    let err = context.add_document(&stopped.to_string()).unwrap_err();
    assert!(matches!(err, ContextError::Conflict(_)), "{err:?}");
}

#[test]
fn add_document_reads_each_shape_as_its_own_method_does() {
    let lb = load_balancer(&["i-m1"]);
    let servers = instances(&[("i-new", "classic", "", "Stopped")]);
    let by_shape = {
        let mut c = Context::new();
        c.add_document(&servers.to_string()).unwrap();
        c.add_document(&lb.to_string()).unwrap();
        c
    };
    let by_method = context(Some(&lb), &[&servers]);
    let text = request(r#"[{"ServerId":"i-new"},{"ServerId":"i-m1"}]"#);
    let report = check_with(&text, &by_shape).unwrap();
    assert_eq!(
        report.to_json(),
        check_with(&text, &by_method).unwrap().to_json()
    );
    // Each fact was read: R21 from the load balancer's, R22 and R23 from the server's.
    assert_eq!(
        codes(&report),
        [
            "ObtainIpFail",
            "InvalidParameter",
            "BackendServer.AlreadyAttached",
            "UnknownServer"
        ]
    );
    let mut c = Context::new();
    assert!(matches!(
        c.add_document("{}"),
        Err(ContextError::UnrecognizedShape { .. })
    ));
    assert!(matches!(c.add_document("{"), Err(ContextError::NotJson(_))));
    assert!(c.is_empty());
}

#[test]
fn add_load_balancer_takes_only_a_load_balancer() {
    let mut c = Context::new();
    let servers = instances(&[("i-new", "vpc", "vpc-a", "Running")]);
    let both = json!({"LoadBalancerId": LB, "Instances": {"Instance": []}});
    for text in ["{}".to_owned(), servers.to_string(), both.to_string()] {
        assert!(
            matches!(
                c.add_load_balancer(&text),
                Err(ContextError::UnrecognizedShape { .. })
            ),
            "{text}"
        );
    }
    let lb = load_balancer(&[]).to_string();
    assert!(matches!(
        c.add_servers(&lb),
        Err(ContextError::UnrecognizedShape { .. })
    ));
    assert!(c.is_empty());
}

#[test]
fn a_context_is_empty_until_it_holds_any_fact() {
    assert!(Context::new().is_empty());
    let mut quota = Context::new();
    quota.set_quota(5);
    assert!(!quota.is_empty());
    assert!(!context(Some(&load_balancer(&[])), &[]).is_empty());
    assert!(!context(None, &[&instances(&[])]).is_empty());
}

#[test]
fn a_server_s_network_type_is_read_from_its_facts() {
    // A VPC load balancer in vpc-a.
    let lb = load_balancer(&[]);
    let text = request(r#"[{"ServerId":"i-new"}]"#);
    let report = |network: &str, vpc: &str| {
        let servers = instances(&[("i-new", network, vpc, "Running")]);
        check_with(&text, &context(Some(&lb), &[&servers])).unwrap()
    };
    // A classic server: R23 for this VPC load balancer.
    let classic = report("classic", "");
    assert_eq!(codes(&classic), ["InvalidParameter"]);
    assert!(classic.unchecked().next().is_none());
    // A server in another VPC: R23's conflict.
    assert_eq!(codes(&report("vpc", "vpc-b")), ["NetworkConflict"]);
    // In the load balancer's VPC: valid, every rule checked.
    let same = report("vpc", "vpc-a");
    assert!(same.is_valid() && same.unchecked().next().is_none());
    // A network type the crate does not know: R23 and R24 unchecked, not guessed.
    let unknown = report("other", "vpc-a");
    assert!(unknown.is_valid());
    assert_eq!(
        unknown
            .unchecked()
            .map(|r| r.to_string())
            .collect::<Vec<_>>(),
        ["R23", "R24"]
    );
}

#[test]
fn an_item_with_an_error_of_its_own_is_left_out_of_the_diff() {
    let context = context(Some(&load_balancer(&["i-m1"])), &[]);
    // Item 1 has its own error (weight above 100), item 2 is attached already: item 1 is
    // neither added nor judged by the context rules.
    let text = request(
        r#"[{"ServerId":"i-a"},{"ServerId":"i-m1","Weight":"101"},{"ServerId":"i-b","Weight":"7"}]"#,
    );
    let report = check_with(&text, &context).unwrap();
    assert_eq!(codes(&report), ["InvalidWeight.Malformed"]);
    let diff = report.diff().unwrap();
    let added: Vec<&str> = diff.add().iter().map(|s| s.server_id().as_str()).collect();
    assert_eq!(added, ["i-a", "i-b"]);
    assert!(diff.already_attached().is_empty());
    assert_eq!(diff.members_after().len(), 3);
}

#[test]
fn an_oversized_document_with_facts_has_their_diff() {
    let context = context(Some(&load_balancer(&["i-m1"])), &[]);
    let checker = Checker::new()
        .with_context(&context)
        .with_limits(Limits::DEFAULT.with_max_document_bytes(10));
    let counted = checker.oversized(11);
    assert_eq!(
        counted,
        checker.check_bytes(&[b' '; 11]).unwrap(),
        "a streaming reader's report is the one for the bytes"
    );
    assert_eq!(codes(&counted), ["RequestTooLarge"]);
    assert!(counted.diff().unwrap().add().is_empty());
    assert_eq!(counted.diff().unwrap().members_after().len(), 1);
    // Without facts: no diff.
    assert!(Checker::new().oversized(usize::MAX).diff().is_none());
}

#[test]
fn members_after_counts_down_as_it_is_read() {
    // Members i-b and i-d, added i-a, i-c and i-e: the merge takes from both sides in turn.
    let context = context(Some(&load_balancer(&["i-b", "i-d"])), &[]);
    let text = request(r#"[{"ServerId":"i-e"},{"ServerId":"i-a"},{"ServerId":"i-c"}]"#);
    let report = check_with(&text, &context).unwrap();
    let diff = report.diff().unwrap();
    let mut after = diff.members_after();
    let mut seen = Vec::new();
    for left in (0..=5).rev() {
        assert_eq!(after.len(), left, "after {seen:?}");
        assert_eq!(after.size_hint(), (left, Some(left)));
        match after.next() {
            Some(entry) => seen.push(entry.server().server_id().as_str().to_owned()),
            None => assert_eq!(left, 0),
        }
    }
    assert_eq!(seen, ["i-a", "i-b", "i-c", "i-d", "i-e"]);
}

/// A vServer group's members are known by their ports: one made as a load balancer's member
/// (`Member::new`, which lists no port) is refused, as a response's member without `Port` is.
#[test]
fn a_group_member_without_its_port_is_refused() {
    use clb_preflight::context::{Member, VServerGroupFacts};
    use clb_preflight::{BackendServer, Context, ContextError};
    let server = BackendServer::builder("i-1".parse().unwrap())
        .port("80".parse().unwrap())
        .build();
    let mut context = Context::new();
    let refused = context.set_vserver_group(
        VServerGroupFacts::new("rsp-1".parse().unwrap())
            .members([Member::new(server.clone(), None)]),
    );
    assert!(
        matches!(&refused, Err(ContextError::Malformed(m)) if m.contains("Port: is missing")),
        "{refused:?}"
    );
    context
        .set_vserver_group(
            VServerGroupFacts::new("rsp-1".parse().unwrap())
                .members([Member::in_group(server, None)]),
        )
        .unwrap();
    assert_eq!(context.group_members().map(<[Member]>::len), Some(1));
}

/// A vServer group's facts built in code are held as read ones are: one group at a time (the
/// same again is fine, another is a contradiction), and one of another load balancer than the
/// load balancer's facts is refused, whichever comes first.
#[test]
fn group_facts_built_in_code_contradict_as_read_ones_do() {
    use clb_preflight::context::{LoadBalancerFacts, VServerGroupFacts};
    use clb_preflight::{Context, ContextError};
    let group = |id: &str, lb: &str| {
        VServerGroupFacts::new(id.parse().unwrap()).load_balancer_id(lb.parse().unwrap())
    };
    let mut context = Context::new();
    context.set_vserver_group(group("rsp-1", "lb-1")).unwrap();
    context.set_vserver_group(group("rsp-1", "lb-1")).unwrap();
    assert!(matches!(
        context.set_vserver_group(group("rsp-2", "lb-1")),
        Err(ContextError::Conflict(_))
    ));
    assert!(matches!(
        context.set_load_balancer(LoadBalancerFacts::new("lb-2".parse().unwrap())),
        Err(ContextError::Conflict(m)) if m.contains("belongs to load balancer \"lb-1\"")
    ));
    context
        .set_load_balancer(LoadBalancerFacts::new("lb-1".parse().unwrap()))
        .unwrap();
    let mut other = Context::new();
    other
        .set_load_balancer(LoadBalancerFacts::new("lb-2".parse().unwrap()))
        .unwrap();
    assert!(matches!(
        other.set_vserver_group(group("rsp-1", "lb-1")),
        Err(ContextError::Conflict(_))
    ));
}

/// A group's facts flag takes only a group's response: a servers' response (which names no
/// group) is refused for its shape, not read as a group without an id.
#[test]
fn a_group_flag_refuses_another_response_by_its_shape() {
    use clb_preflight::{Context, ContextError};
    let mut context = Context::new();
    for other in [
        r#"{"Instances":{"Instance":[]}}"#,
        r#"{"Instances":{"Instance":[]},"VServerGroupId":"rsp-1"}"#,
        r#"{"LoadBalancerId":"lb-1"}"#,
    ] {
        assert_eq!(
            context.add_vserver_group(other),
            Err(ContextError::UnrecognizedShape {
                expected: "DescribeVServerGroupAttribute"
            }),
            "{other}"
        );
    }
}

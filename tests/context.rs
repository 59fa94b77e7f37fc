//! Checking against the load balancer: one folder per case in `tests/context-cases/`, each with
//! its request and its own small Describe responses, and one reviewed snapshot of the report.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::collections::BTreeSet;
use std::path::Path;

use clb_preflight::{check_bytes, check_bytes_with, Code, Context, ContextError, Report};

/// The case's facts: `load-balancer.json`, `vserver-group.json`, `servers-*.json` in name
/// order, `quota`.
fn context_for(dir: &Path) -> Result<Context, ContextError> {
    let mut context = Context::new();
    let lb = dir.join("load-balancer.json");
    if lb.exists() {
        context.add_load_balancer(&std::fs::read_to_string(lb).unwrap())?;
    }
    let group = dir.join("vserver-group.json");
    if group.exists() {
        context.add_vserver_group(&std::fs::read_to_string(group).unwrap())?;
    }
    let mut servers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("servers-")
        })
        .collect();
    servers.sort();
    for path in servers {
        context.add_servers(&std::fs::read_to_string(path).unwrap())?;
    }
    let quota = dir.join("quota");
    if quota.exists() {
        context.set_quota(
            std::fs::read_to_string(quota)
                .unwrap()
                .trim()
                .parse()
                .unwrap(),
        );
    }
    Ok(context)
}

fn run(request: &Path) -> Result<Report, ContextError> {
    let bytes = std::fs::read(request).unwrap();
    context_for(request.parent().unwrap()).and_then(|c| check_bytes_with(&bytes, &c))
}

#[test]
fn every_context_case_matches_its_snapshot() {
    insta::glob!("context-cases/*/request.json", |path| {
        let dir = path.parent().unwrap();
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let request = std::fs::read_to_string(path).unwrap();
        let outcome = match run(path) {
            Ok(report) => report.to_json(),
            Err(e) => format!("context error: {e}"),
        };
        insta::with_settings!({ omit_expression => true, snapshot_path => "snapshots/context" }, {
            insta::assert_snapshot!(format!(
                "files: {}\n{}\n---- report ----\n{outcome}",
                files.join(", "),
                request.trim_end()
            ));
        });
    });
}

#[test]
fn each_context_case_shows_the_rule_it_is_named_for() {
    let mut codes = BTreeSet::new();
    insta::glob!("context-cases/*/request.json", |path| {
        let name = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let outcome = run(path);
        if name.starts_with("error-") {
            assert!(outcome.is_err(), "{name} should be a context error");
            return;
        }
        let report = outcome.unwrap();
        codes.extend(report.findings().map(|f| f.code()));
        if let Some(rule) = name.strip_prefix('r').and_then(|n| n.get(..2)) {
            let rule: u8 = rule.parse().unwrap();
            let accepted = ["pay-by-clcu", "other-ip-is-new", "takes-both"]
                .iter()
                .any(|w| name.contains(w));
            let has = report.findings().any(|f| f.rule().number() == rule);
            assert_eq!(has, !accepted, "{name}: {}", report.to_human());
        }
    });
    let context_codes = [
        Code::OperationDeniedServerTypeNotSupported,
        Code::BackendServerAlreadyAttached,
        Code::ObtainIpFail,
        Code::InvalidParameter,
        Code::NetworkConflict,
        Code::InvalidBackendServersInconsistent,
        Code::InstanceBackendServerNumberOverLimit,
        Code::ActionNotAllowed,
        Code::OperationUnsupportedAddBackendServers,
        Code::InvalidParameterServerIpNotOwned,
        Code::UnknownServer,
        Code::InvalidBackendServersServerIpConflict,
    ];
    for code in context_codes {
        assert!(codes.contains(&code), "no context case shows {code}");
    }
}

#[test]
fn unchecked_names_only_the_rules_whose_facts_are_missing() {
    let unchecked = |case: &str| -> Vec<String> {
        let report = run(&Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/context-cases")
            .join(case)
            .join("request.json"))
        .unwrap();
        report.unchecked().map(|r| r.to_string()).collect()
    };
    assert!(unchecked("all-facts-valid").is_empty());
    assert_eq!(
        unchecked("no-facts"),
        ["R20", "R21", "R22", "R23", "R24", "R25", "R26", "R27", "R28"]
    );
    assert_eq!(
        unchecked("only-load-balancer"),
        ["R22", "R23", "R24", "R28"]
    );
    assert_eq!(
        unchecked("only-servers"),
        ["R20", "R21", "R23", "R24", "R25", "R26", "R27"]
    );
    // A classic load balancer whose AddressType is not known: whether it takes a VPC server
    // depends on it (R23), the rest is known.
    assert_eq!(
        unchecked("unchecked-r23-classic-without-address-type"),
        ["R23"]
    );
    assert_eq!(
        unchecked("r29-unknown-server"),
        ["R20", "R21", "R22", "R23", "R24", "R25", "R26", "R27", "R28"]
    );
}

#[test]
fn the_shipped_examples_check_clean_with_their_facts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut context = Context::new();
    context
        .add_load_balancer(
            &std::fs::read_to_string(root.join("describe-load-balancer.json")).unwrap(),
        )
        .unwrap();
    for f in [
        "describe-instances.json",
        "describe-network-interfaces.json",
    ] {
        context
            .add_servers(&std::fs::read_to_string(root.join(f)).unwrap())
            .unwrap();
    }
    let report =
        check_bytes_with(&std::fs::read(root.join("request.json")).unwrap(), &context).unwrap();
    assert!(report.is_valid(), "{}", report.to_human());
    assert!(report.unchecked().next().is_none(), "{}", report.to_human());
    // With every fact given, the report for people names no unchecked rule; without them, it
    // names them all.
    assert!(
        !report.to_human().contains("unchecked"),
        "{}",
        report.to_human()
    );
    let bare = check_bytes(&std::fs::read(root.join("request.json")).unwrap());
    assert!(
        bare.to_human().contains("\nunchecked: R20, R21, R22, R23, R24, R25, R26, R27, R28 (their facts about the load balancer or the servers were not given)\n"),
        "{}",
        bare.to_human()
    );
    let diff = report.diff().unwrap();
    assert_eq!(diff.add().len(), 2);
    assert_eq!(
        diff.members_after().len(),
        context.members().unwrap().len() + 2
    );
    // Without facts, the same request gives the context-free report.
    let alone = check_bytes(&std::fs::read(root.join("request.json")).unwrap());
    assert_eq!(
        alone.to_json(),
        check_bytes_with(
            &std::fs::read(root.join("request.json")).unwrap(),
            &Context::new()
        )
        .unwrap()
        .to_json()
    );
}

/// R19 against members that hold one IP between two of them (a listing the API should not give,
/// but facts are the caller's): adding one of them again still finds the other as the IP's
/// holder, whichever of the two a search meets first.
#[test]
fn an_ip_listed_for_two_members_is_claimed_by_the_other() {
    use clb_preflight::context::{LoadBalancerFacts, LoadBalancerStatus, Member};
    use clb_preflight::{check_with, BackendServer, ServerType};
    let eni = |id: &str| {
        BackendServer::builder(id.parse().unwrap())
            .server_type(ServerType::Eni)
            .server_ip("10.0.0.5".parse().unwrap())
            .build()
    };
    let mut context = Context::new();
    context
        .set_load_balancer(
            LoadBalancerFacts::new("lb-1".parse().unwrap())
                .status(LoadBalancerStatus::Active)
                .spec("slb.s2.small")
                .members([
                    Member::new(eni("eni-a"), None),
                    Member::new(eni("eni-b"), None),
                ]),
        )
        .unwrap();
    for (id, other) in [("eni-a", "eni-b"), ("eni-b", "eni-a")] {
        let request = format!(
            r#"{{"LoadBalancerId":"lb-1","BackendServers":[{{"ServerId":"{id}","Type":"eni","ServerIp":"10.0.0.5"}}]}}"#
        );
        let report = check_with(&request, &context).unwrap();
        let conflict: Vec<&str> = report
            .errors()
            .iter()
            .filter(|e| e.code() == Code::InvalidBackendServersServerIpConflict)
            .map(|e| e.message())
            .collect();
        assert_eq!(
            conflict,
            [format!("server ip 10.0.0.5 is already claimed by attached member \"{other}\"; expected each server its own IP")],
            "{id}"
        );
    }
}

/// Issue 22, item 6: facts built in code are validated as the same facts read from JSON: an ENI
/// member without its IP is refused either way, with the same message.
#[test]
fn typed_facts_are_refused_where_json_facts_are() {
    use clb_preflight::context::{LoadBalancerFacts, Member};
    use clb_preflight::{BackendServer, ServerType};
    let from_json =
        std::fs::read_to_string("tests/context-cases/error-member-without-ip/load-balancer.json")
            .unwrap();
    let json_error = Context::new().add_load_balancer(&from_json).unwrap_err();
    let eni = BackendServer::builder("eni-2ze3ykcbqm8kdaqv0l3q".parse().unwrap())
        .server_type(ServerType::Eni)
        .build();
    let facts = LoadBalancerFacts::new("lb-2ze7o5h52g02kkzze7lru".parse().unwrap())
        .members([Member::new(eni, None)]);
    let mut context = Context::new();
    let typed_error = context.set_load_balancer(facts).unwrap_err();
    assert_eq!(typed_error, json_error);
    assert_eq!(
        typed_error.to_string(),
        "facts are malformed: BackendServers.BackendServer[0].ServerIp: is missing; a member of type \"eni\" is known by its id and IP"
    );
    // Nothing was kept: a plan from this context has no load balancer to start from.
    assert!(context.members().is_none());
}

//! The `plan` and `explain` commands: one folder per case in `tests/plan-cases/` (the load
//! balancer's facts, the desired members, the flags in `args`), one reviewed snapshot of what the
//! command prints and its exit status.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_clb-preflight"))
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A directory of this test process's own under the system's temporary directory, created.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clb-plan-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `text` to `name` in `dir`; its path as a string.
fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// A DescribeLoadBalancerAttribute response with `members` ECS members (`i-2zem000`…), each of
/// weight 100.
fn load_balancer_with(members: usize) -> String {
    let members: Vec<serde_json::Value> = (0..members)
        .map(|n| serde_json::json!({"ServerId": format!("i-2zem{n:03}"), "Weight": 100, "Type": "ecs"}))
        .collect();
    serde_json::json!({
        "LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru",
        "RegionId": "cn-beijing",
        "LoadBalancerStatus": "active",
        "NetworkType": "vpc",
        "VpcId": "vpc-1",
        "LoadBalancerSpec": "slb.s2.small",
        "BackendServers": {"BackendServer": members}
    })
    .to_string()
}

#[test]
fn every_plan_case_matches_its_snapshot() {
    insta::glob!("plan-cases/*/args", |path| {
        // Relative to the package, as the output names the files: the same on every machine.
        let dir = path
            .parent()
            .unwrap()
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap();
        let args = std::fs::read_to_string(path).unwrap();
        let lb = dir.join("load-balancer.json");
        let group = dir.join("vserver-group.json");
        let desired = dir.join("desired.json");
        let mut all = vec!["plan", "--desired", desired.to_str().unwrap()];
        // Each facts file the case has: the load balancer's, a vServer group's (the plan is
        // then the group's), another group of the load balancer's (counted for the quota).
        let other = dir.join("other-group.json");
        for (flag, file) in [
            ("--load-balancer", &lb),
            ("--vserver-group", &group),
            ("--other-group", &other),
        ] {
            if Path::new(env!("CARGO_MANIFEST_DIR")).join(file).exists() {
                all.extend([flag, file.to_str().unwrap()]);
            }
        }
        all.extend(args.split_whitespace());
        let (status, stdout, stderr) = run(&all);
        insta::with_settings!({ omit_expression => true, snapshot_path => "snapshots/plan" }, {
            insta::assert_snapshot!(format!(
                "$ clb-preflight plan … {}\nexit {status}\n---- stdout ----\n{stdout}---- stderr ----\n{stderr}",
                args.trim()
            ));
        });
    });
}

#[test]
fn aliyun_lines_are_one_shell_word_per_argument() {
    let (status, stdout, _) = run(&[
        "plan",
        "--desired",
        "examples/desired.json",
        "--load-balancer",
        "examples/describe-load-balancer.json",
        "--format",
        "aliyun",
    ]);
    assert_eq!(status, 0);
    assert_eq!(stdout.lines().next(), Some("set -eu"));
    for line in stdout.lines().filter(|l| l.starts_with("aliyun ")) {
        // A POSIX shell splits the line into exactly the words meant: run it through sh.
        let words = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "printf '%s\\n' {}",
                line.trim_start_matches("aliyun slb ")
            ))
            .output()
            .unwrap();
        let words = String::from_utf8(words.stdout).unwrap();
        let words: Vec<&str> = words.lines().collect();
        assert_eq!(words.len(), 7, "{line}");
        assert!(words[0].ends_with("BackendServers"));
        let servers: serde_json::Value = serde_json::from_str(words[6]).unwrap();
        assert!(servers.is_array(), "{line}");
    }
}

#[test]
fn explain_classifies_codes() {
    let (status, stdout, _) = run(&["explain", "Throttling.User", "--format", "json"]);
    assert_eq!(status, 0);
    assert_eq!(
        stdout,
        "{\"code\":\"Throttling.User\",\"class\":\"throttled\",\"retry\":true,\"rule\":null,\"advice\":\"too many requests; retry after a backoff that grows with each attempt\"}\n"
    );
    let (_, stdout, _) = run(&["explain", "ObtainIpFail"]);
    assert!(
        stdout.starts_with("ObtainIpFail: permanent, do not retry as it is (rule R22"),
        "{stdout}"
    );
    let (_, stdout, _) = run(&[
        "explain",
        "Nope",
        "--http-status",
        "503",
        "--format",
        "json",
    ]);
    assert!(
        stdout.contains("\"class\":\"busy\",\"retry\":true"),
        "{stdout}"
    );
}

#[test]
fn plan_needs_its_inputs() {
    let (status, _, stderr) = run(&["plan", "--desired", "examples/desired.json"]);
    assert_eq!(status, 2, "{stderr}");
    let (status, _, stderr) = run(&[
        "plan",
        "--desired",
        "examples/request.json",
        "--load-balancer",
        "tests/plan-cases/forty-adds/load-balancer.json",
    ]);
    // A request object for the same load balancer is a desired set.
    assert_eq!(status, 0, "{stderr}");
    let (status, _, stderr) = run(&[
        "plan",
        "--desired",
        "no-such-file.json",
        "--load-balancer",
        "examples/describe-load-balancer.json",
    ]);
    assert_eq!(status, 2);
    assert!(stderr.contains("no-such-file.json"), "{stderr}");
}

/// An empty owner's prefix (an unset variable in a script) would take other owners' members:
/// exit 2, nothing planned; so is a region other than the load balancer's.
#[test]
fn an_empty_owner_or_another_region_is_refused() {
    let facts = ["--load-balancer", "examples/describe-load-balancer.json"];
    let (status, stdout, stderr) = run(&[
        &["plan", "--desired", "examples/desired.json", "--own", ""][..],
        &facts,
    ]
    .concat());
    assert_eq!((status, stdout.as_str()), (2, ""), "{stderr}");
    assert!(
        stderr.contains(
            "the owner's prefix is empty, which would own every member with a description"
        ),
        "{stderr}"
    );
    let (status, stdout, stderr) = run(&[
        &[
            "plan",
            "--desired",
            "examples/desired.json",
            "--region-id",
            "cn-hangzhou",
        ][..],
        &facts,
    ]
    .concat());
    assert_eq!((status, stdout.as_str()), (2, ""), "{stderr}");
    assert_eq!(
        stderr,
        "clb-preflight: the calls' region \"cn-hangzhou\" is not the load balancer's, \"cn-beijing\"; expected the region its facts name\n"
    );
}

/// Issue 22, item 1: an empty desired list would remove every member; it is refused unless
/// `--allow-empty` says it is meant.
#[test]
fn a_plan_that_empties_the_load_balancer_needs_allow_empty() {
    let dir = scratch_dir("empty");
    let lb = write(&dir, "lb.json", &load_balancer_with(33));
    let as_array = write(&dir, "empty.json", "[]");
    let as_request = write(
        &dir,
        "request.json",
        r#"{"LoadBalancerId":"lb-2ze7o5h52g02kkzze7lru","BackendServers":"[]"}"#,
    );
    for desired in [&as_array, &as_request] {
        let (status, stdout, stderr) = run(&["plan", "--desired", desired, "--load-balancer", &lb]);
        assert_eq!(status, 1, "{stdout}{stderr}");
        assert!(
            stdout.starts_with("error[Plan.EmptiesLoadBalancer]: the plan leaves load balancer \"lb-2ze7o5h52g02kkzze7lru\" without members after call 2 (RemoveBackendServers), removing all 33 of them;"),
            "{stdout}"
        );
        assert!(stdout.contains("plan --allow-empty"), "{stdout}");
        assert!(stdout.contains("no plan: 1 error\n"), "{stdout}");
        let (status, stdout, _) = run(&[
            "plan",
            "--desired",
            desired,
            "--load-balancer",
            &lb,
            "--allow-empty",
            "--format",
            "json",
        ]);
        assert_eq!(status, 0);
        let plan: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(plan["summary"]["remove"], 33);
        assert_eq!(plan["members_after"], serde_json::json!([]));
    }
    // Aliyun and query output of a refused plan: nothing on standard output.
    let (status, stdout, stderr) = run(&[
        "plan",
        "--desired",
        &as_array,
        "--load-balancer",
        &lb,
        "--format",
        "aliyun",
    ]);
    assert_eq!((status, stdout.as_str()), (1, ""));
    assert!(stderr.contains("Plan.EmptiesLoadBalancer"), "{stderr}");
}

fn owned(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Issue 22, items 2 and 8: a drained script waits for real and stops at the first failed call;
/// JSON's wait carries its seconds; calls are numbered as the summary counts them.
#[test]
fn a_drain_script_sleeps_and_stops_at_a_failed_call() {
    let args = |format: &str, seconds: Option<&str>| {
        let mut args = vec![
            "plan",
            "--desired",
            "examples/desired.json",
            "--load-balancer",
            "examples/describe-load-balancer.json",
            "--drain",
            "--format",
        ];
        args.push(format);
        if let Some(seconds) = seconds {
            args.extend(["--drain-seconds", seconds]);
        }
        args.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let a = args("aliyun", Some("7"));
    let (status, script, _) = run(&owned(&a));
    assert_eq!(status, 0);
    let lines: Vec<&str> = script.lines().collect();
    assert_eq!(lines[0], "set -eu");
    assert!(lines.contains(&"sleep 7"), "{script}");
    let a = args("aliyun", None);
    let (_, default_script, _) = run(&owned(&a));
    assert!(
        default_script.lines().any(|l| l == "sleep 30"),
        "{default_script}"
    );

    // Run it: `aliyun` fails on its third call; `sleep` records its argument.
    let dir = scratch_dir("drain");
    let log = dir.join("log");
    let fake = |name: &str, body: &str| {
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        Command::new("chmod").arg("+x").arg(&path).status().unwrap();
    };
    let log_path = log.to_str().unwrap();
    fake(
        "aliyun",
        &format!(
            "echo \"aliyun $2\" >> {log_path}\nn=$(grep -c aliyun {log_path})\n[ \"$n\" -lt 3 ]"
        ),
    );
    fake("sleep", &format!("echo \"sleep $1\" >> {log_path}"));
    let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap());
    let out = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .env("PATH", &path)
        .output()
        .unwrap();
    assert_ne!(
        out.status.code(),
        Some(0),
        "the failed call stops the script"
    );
    let ran = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        ran, "aliyun AddBackendServers\naliyun SetBackendServers\naliyun SetBackendServers\n",
        "{script}"
    );
    // Without a failure, every call runs, the wait in its place.
    std::fs::remove_file(&log).unwrap();
    fake("aliyun", &format!("echo \"aliyun $2\" >> {log_path}"));
    let out = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .env("PATH", &path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "aliyun AddBackendServers\naliyun SetBackendServers\naliyun SetBackendServers\nsleep 7\naliyun RemoveBackendServers\n"
    );

    let a = args("json", Some("45"));
    let (_, json, _) = run(&owned(&a));
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    let waits: Vec<&serde_json::Value> = plan["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["action"] == "Wait")
        .collect();
    assert_eq!(
        waits,
        [&serde_json::json!({"action": "Wait", "reason": "drain", "seconds": 45})]
    );
    let a = args("query", None);
    let (_, query, _) = run(&owned(&a));
    assert!(
        query
            .lines()
            .any(|l| l.starts_with("# wait 30 seconds for the servers")),
        "{query}"
    );
    // The human plan numbers 4 calls, as its summary counts them.
    let a = args("human", None);
    let (_, human, _) = run(&owned(&a));
    let numbered: Vec<&str> = human.lines().filter(|l| l.starts_with("call ")).collect();
    assert_eq!(numbered.len(), 4, "{human}");
    assert!(
        numbered[3].starts_with("call 4: RemoveBackendServers"),
        "{human}"
    );
    assert!(human.contains("; 4 calls\n"), "{human}");
    // --drain-seconds means nothing without --drain.
    let (status, _, stderr) = run(&[
        "plan",
        "--desired",
        "examples/desired.json",
        "--load-balancer",
        "examples/describe-load-balancer.json",
        "--drain-seconds",
        "5",
    ]);
    assert_eq!(status, 2, "{stderr}");
}

/// Issue 22, items 3 and 4: a plan says which rules it could not check, keeps R29's warning, and
/// points its findings at the desired file's items.
#[test]
fn a_plan_lists_what_it_did_not_check_and_points_into_the_desired_file() {
    let json = |args: &[&str]| {
        let mut all = vec![
            "plan",
            "--desired",
            "examples/desired.json",
            "--load-balancer",
            "examples/describe-load-balancer.json",
            "--format",
            "json",
        ];
        all.extend(args);
        let (status, stdout, stderr) = run(&all);
        assert_eq!(status, 0, "{stderr}");
        serde_json::from_str::<serde_json::Value>(&stdout).unwrap()
    };
    let plan = json(&[]);
    assert_eq!(
        plan["unchecked"],
        serde_json::json!(["R22", "R23", "R24", "R28"])
    );
    // The servers' facts of the ECS instances only: the ENI is not in them (R29).
    let plan = json(&["--servers", "examples/describe-instances.json"]);
    assert_eq!(
        plan["unchecked"],
        serde_json::json!(["R22", "R23", "R24", "R28"])
    );
    let warnings = plan["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["code"], "UnknownServer");
    assert_eq!(warnings[0]["path"], "BackendServers[2].ServerId");
    assert_eq!(
        warnings[0]["location"],
        serde_json::json!({"line": 4, "column": 16, "end": {"line": 4, "column": 41}, "span": {"start": 172, "end": 198}})
    );
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("call 1 (AddBackendServers), backend server \"eni-2ze3ykcbqm8kdaqv0l3q\" (192.168.10.11): server \"eni-2ze3ykcbqm8kdaqv0l3q\" is not in the supplied facts"),
        "{warnings:?}"
    );
    let plan = json(&[
        "--servers",
        "examples/describe-instances.json",
        "--servers",
        "examples/describe-network-interfaces.json",
    ]);
    assert_eq!(plan["unchecked"], serde_json::json!([]));

    // An error of a call, at the desired item it came from, in the human output too.
    let dir = scratch_dir("traced");
    let lb = write(
        &dir,
        "lb.json",
        &load_balancer_with(1).replace("slb.s2.small", "slb.s0.share"),
    );
    let desired = write(
        &dir,
        "desired.json",
        "[\n  {\"ServerId\": \"i-2zem000\"},\n  {\"ServerId\": \"eni-2zenew\", \"type\": \"eni\", \"ServerIp\": \"10.0.0.9\"}\n]\n",
    );
    let (status, stdout, _) = run(&["plan", "--desired", &desired, "--load-balancer", &lb]);
    assert_eq!(status, 1);
    let name = desired.as_str();
    assert!(
        stdout.starts_with(
            "error[OperationDenied.ServerTypeNotSupported]: call 1 (AddBackendServers), backend server \"eni-2zenew\" (10.0.0.9): type \"eni\" needs a high-performance load balancer;"
        ),
        "{stdout}"
    );
    assert!(stdout.contains(&format!(" --> {name}:3:38\n")), "{stdout}");
    assert!(stdout.contains("BackendServers[1].Type (R20)"), "{stdout}");
}

/// Issue 22, item 9: with the quota tight, exactly as many members leave before the adds as make
/// room for them.
#[test]
fn a_quota_squeeze_removes_just_enough_first() {
    let dir = scratch_dir("squeeze");
    let lb = write(&dir, "lb.json", &load_balancer_with(33));
    // Keep 13, drop 20, add 20: 33 + 20 is 13 over the quota of 40.
    let desired: Vec<serde_json::Value> = (0..13)
        .map(|n| serde_json::json!({"ServerId": format!("i-2zem{n:03}")}))
        .chain((0..20).map(|n| serde_json::json!({"ServerId": format!("i-2zenew{n:03}")})))
        .collect();
    let desired = write(
        &dir,
        "desired.json",
        &serde_json::Value::Array(desired).to_string(),
    );
    let (status, stdout, stderr) = run(&[
        "plan",
        "--desired",
        &desired,
        "--load-balancer",
        &lb,
        "--quota",
        "40",
        "--format",
        "json",
    ]);
    assert_eq!(status, 0, "{stderr}");
    let plan: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let steps: Vec<(String, usize, u64)> = plan["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["action"].as_str().unwrap().to_owned(),
                c["backend_servers"].as_array().unwrap().len(),
                c["members_after"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("RemoveBackendServers".to_owned(), 13, 20),
            ("AddBackendServers".to_owned(), 20, 40),
            ("RemoveBackendServers".to_owned(), 7, 33),
        ]
    );
}

/// Issue 22, item 11: a desired file with a byte-order mark is read as `check` reads one.
#[test]
fn a_desired_file_may_start_with_a_byte_order_mark() {
    let dir = scratch_dir("bom");
    let desired = std::fs::read_to_string("examples/desired.json").unwrap();
    let with_bom = write(&dir, "desired.json", &format!("\u{feff}{desired}"));
    let plain = run(&[
        "plan",
        "--desired",
        "examples/desired.json",
        "--load-balancer",
        "examples/describe-load-balancer.json",
        "--format",
        "json",
    ]);
    let marked = run(&[
        "plan",
        "--desired",
        &with_bom,
        "--load-balancer",
        "examples/describe-load-balancer.json",
        "--format",
        "json",
    ]);
    assert_eq!(plain.0, 0);
    assert_eq!(marked, plain);
}

/// Issue 22, item 13: a Describe response given as the desired members is named, with its flag.
#[test]
fn a_describe_response_is_not_a_desired_list() {
    let (status, _, stderr) = run(&[
        "plan",
        "--desired",
        "examples/describe-load-balancer.json",
        "--load-balancer",
        "examples/describe-load-balancer.json",
    ]);
    assert_eq!(status, 2);
    assert_eq!(
        stderr,
        "clb-preflight: examples/describe-load-balancer.json: --desired takes the members wanted (a JSON array of backend servers, or a request object); this file is a DescribeLoadBalancerAttribute response: give it as --load-balancer FILE\n"
    );
}

/// Issue 22, item 10: HTTP 429 is throttling; a status outside 100 to 599 is refused.
#[test]
fn explain_knows_throttling_by_its_status() {
    let (status, stdout, _) = run(&["explain", "SomethingNew", "--http-status", "429"]);
    assert_eq!(status, 0);
    assert!(
        stdout.starts_with("SomethingNew: throttled, retry with backoff\n"),
        "{stdout}"
    );
    for bad in ["99", "600", "0"] {
        let (status, _, stderr) = run(&["explain", "X", "--http-status", bad]);
        assert_eq!(status, 2, "{bad}: {stderr}");
        assert!(
            stderr.contains("100..=599") || stderr.contains("100..600"),
            "{stderr}"
        );
    }
}

/// Issue 22, item 12: every command has a man page with its flags.
#[test]
fn every_command_has_its_man_page() {
    let (status, page, _) = run(&["man", "plan"]);
    assert_eq!(status, 0);
    assert!(page.contains(".TH clb-preflight-plan 1"), "{page}");
    assert!(page.contains("allow\\-empty"), "{page}");
    let dir = scratch_dir("man");
    let out = dir.join("pages");
    let (status, listed, stderr) = run(&["man", "--out", out.to_str().unwrap()]);
    assert_eq!(status, 0, "{stderr}");
    let mut names: Vec<String> = listed
        .lines()
        .map(|l| {
            Path::new(l)
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "clb-preflight-check.1",
            "clb-preflight-completions.1",
            "clb-preflight-explain.1",
            "clb-preflight-man.1",
            "clb-preflight-plan.1",
            "clb-preflight.1"
        ]
    );
    for line in listed.lines() {
        let page = std::fs::read_to_string(line).unwrap();
        assert!(page.starts_with(".ie"), "{line}");
    }
    let check = std::fs::read_to_string(out.join("clb-preflight-check.1")).unwrap();
    assert!(check.contains("\\-\\-jsonl"), "{check}");
    let (status, _, _) = run(&["man", "nope"]);
    assert_eq!(status, 2);
}

/// A vServer group's plan, in `query` form: each line is a request that `check` takes as it is,
/// against the group's facts as the lines before it leave them (here: the first call's, checked
/// against the listed members); in `aliyun` form, each line names the group and the region.
#[test]
fn a_group_plan_writes_calls_that_check_takes() {
    let args = |format: &str| {
        vec![
            "plan".to_owned(),
            "--desired".into(),
            "examples/desired-vserver-group.json".into(),
            "--vserver-group".into(),
            "examples/describe-vserver-group.json".into(),
            "--region-id".into(),
            "cn-beijing".into(),
            "--format".into(),
            format.to_owned(),
        ]
    };
    let query = args("query");
    let (status, stdout, stderr) = run(&query.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(status, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    for line in &lines {
        let report = clb_preflight::check(line);
        assert!(report.is_valid(), "{line}: {}", report.to_human());
        let call = report.call().unwrap();
        assert_eq!(
            call.vserver_group_id().unwrap().as_str(),
            "rsp-2ze1abcd5v3kxq"
        );
        assert_eq!(call.region_id().unwrap().as_str(), "cn-beijing");
    }
    let mut context = clb_preflight::Context::new();
    context
        .add_vserver_group(
            &std::fs::read_to_string("examples/describe-vserver-group.json").unwrap(),
        )
        .unwrap();
    let first = clb_preflight::check_with(lines[0], &context).unwrap();
    assert!(first.is_valid(), "{}", first.to_human());
    let aliyun = args("aliyun");
    let (status, stdout, _) = run(&aliyun.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(status, 0);
    for line in stdout.lines().filter(|l| l.starts_with("aliyun ")) {
        assert!(
            line.contains(" --RegionId 'cn-beijing' --VServerGroupId 'rsp-2ze1abcd5v3kxq' --BackendServers '["),
            "{line}"
        );
    }
}

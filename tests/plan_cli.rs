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

use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_clb-preflight"))
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn every_plan_case_matches_its_snapshot() {
    insta::glob!("plan-cases/*/args", |path| {
        let dir = path.parent().unwrap();
        let args = std::fs::read_to_string(path).unwrap();
        let lb = dir.join("load-balancer.json");
        let desired = dir.join("desired.json");
        let mut all = vec![
            "plan",
            "--desired",
            desired.to_str().unwrap(),
            "--load-balancer",
            lb.to_str().unwrap(),
        ];
        all.extend(args.split_whitespace());
        let (status, stdout, stderr) = run(&all);
        insta::with_settings!({ omit_expression => true }, {
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
    for line in stdout.lines() {
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

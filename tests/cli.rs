//! The command line: exit codes, both formats, standard input, and failed invocations.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clb-preflight"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn valid_example_exits_zero() {
    for example in ["examples/request.json", "examples/request.query"] {
        let out = run(&["check", example], None);
        assert_eq!(out.status.code(), Some(0), "{example}: {}", stdout(&out));
        assert!(
            stdout(&out).starts_with("valid: 2 backend servers to add to lb-2ze7o5h52g02kkzze7lru")
        );
    }
}

#[test]
fn invalid_example_exits_one_with_one_line_per_finding() {
    let out = run(&["check", "examples/invalid.json"], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.iter().filter(|l| l.starts_with("error[")).count(), 3);
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("warning[")).count(),
        2
    );
    assert!(lines.contains(&"invalid: 3 errors, 2 warnings"));
}

#[test]
fn json_format_prints_exactly_one_object_matching_the_library() {
    let out = run(
        &["check", "--format", "json", "examples/invalid.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let bytes = std::fs::read("examples/invalid.json").unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&clb_preflight::check_bytes(&bytes).to_json()).unwrap();
    assert_eq!(printed, expected);
    assert_eq!(printed["errors"][0]["code"], "InvalidWeight.Malformed");
    assert_eq!(printed["errors"][0]["path"], "BackendServers[1].Weight");
    assert!(printed.get("backend_servers").is_none());
}

#[test]
fn reads_standard_input() {
    let request = std::fs::read("examples/request.json").unwrap();
    let out = run(&["check", "--format", "json", "-"], Some(&request));
    assert_eq!(out.status.code(), Some(0));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(printed["valid"], true);
    assert_eq!(printed["backend_servers"][1]["Type"], "eni");
}

#[test]
fn content_that_is_not_a_request_exits_one() {
    let out = run(&["check", "--format", "json", "-"], Some(b"[1,2,3]"));
    assert_eq!(out.status.code(), Some(1));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(printed["errors"][0]["code"], "MalformedRequest");
    assert_eq!(printed["errors"][0]["path"], "");
}

#[test]
fn failed_invocations_exit_two() {
    for args in [
        &["check", "no/such/file.json"][..],
        &["check", "--format", "yaml", "examples/request.json"][..],
        &["check"][..],
        &["frobnicate"][..],
    ] {
        let out = run(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn context_flags_check_against_the_load_balancer() {
    let out = run(
        &[
            "check",
            "--format",
            "json",
            "--load-balancer",
            "examples/describe-load-balancer.json",
            "--servers",
            "examples/describe-instances.json",
            "--servers",
            "examples/describe-network-interfaces.json",
            "--servers",
            "examples/describe-container-groups.json",
            "examples/request.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(printed["unchecked"], serde_json::json!([]));
    assert_eq!(printed["diff"]["add"].as_array().unwrap().len(), 2);
    assert_eq!(
        printed["diff"]["members_after"].as_array().unwrap().len(),
        4
    );
}

#[test]
fn facts_that_cannot_be_used_exit_two() {
    let cases: &[&[&str]] = &[
        // Server facts given as the load balancer's, and the other way round.
        &[
            "check",
            "--load-balancer",
            "examples/describe-instances.json",
            "examples/request.json",
        ],
        &[
            "check",
            "--servers",
            "examples/describe-load-balancer.json",
            "examples/request.json",
        ],
        // Facts about another load balancer than the request's.
        &[
            "check",
            "--load-balancer",
            "tests/context-cases/error-load-balancer-mismatch/load-balancer.json",
            "examples/request.json",
        ],
        &[
            "check",
            "--load-balancer",
            "no/such/file.json",
            "examples/request.json",
        ],
        &["check", "--quota", "many", "examples/request.json"],
    ];
    for args in cases {
        let out = run(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

/// Every `$ clb-preflight …` example in the README prints what the README says it prints.
#[test]
fn readme_console_examples_are_true() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut checked = 0;
    for block in readme.split("```console\n").skip(1) {
        let block = block.split("\n```").next().unwrap();
        let mut lines = block.lines();
        let mut command = String::new();
        for line in lines.by_ref() {
            let line = line.trim_start_matches("$ ").trim();
            match line.strip_suffix('\\') {
                Some(part) => command.push_str(part),
                None => {
                    command.push_str(line);
                    break;
                }
            }
        }
        let expected: Vec<&str> = lines.collect();
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = run(&args, None);
        assert_eq!(
            stdout(&out).lines().collect::<Vec<_>>(),
            expected,
            "README example: {command}"
        );
        checked += 1;
    }
    assert!(checked >= 3, "found only {checked} console examples");
}

#[test]
fn batch_mode_prints_one_compact_report_per_line_in_order() {
    let input = std::fs::read("examples/batch.jsonl").unwrap();
    let mut lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    // A line that is not a request, and one that is not UTF-8, are reports too.
    let mut extra = input.clone();
    extra.extend_from_slice(b"not a request\n\xff\xfe\n");
    lines.push(b"not a request");
    lines.push(b"\xff\xfe");
    for (args, stdin) in [
        (vec!["check", "--jsonl", "examples/batch.jsonl"], None),
        (vec!["check", "--jsonl", "-"], Some(extra.as_slice())),
    ] {
        let out = run(&args, stdin);
        let printed = stdout(&out);
        let reports: Vec<&str> = printed.lines().collect();
        let expected = if stdin.is_some() {
            lines.len()
        } else {
            lines.len() - 2
        };
        assert_eq!(reports.len(), expected, "{args:?}");
        for (report, line) in reports.iter().zip(&lines) {
            assert_eq!(*report, clb_preflight::check_bytes(line).to_json_line());
        }
        // examples/batch.jsonl holds an invalid request, so the run exits 1.
        assert_eq!(out.status.code(), Some(1), "{args:?}");
    }
}

#[test]
fn batch_mode_exits_zero_when_every_request_is_valid_and_counts_long_lines() {
    let valid = std::fs::read_to_string("examples/request.json")
        .unwrap()
        .replace('\n', "");
    let stdin = format!("{valid}\r\n{valid}\n");
    let out = run(&["check", "--jsonl", "-"], Some(stdin.as_bytes()));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out).lines().count(), 2);
    // A line over the document limit is refused with its true length, without being kept.
    let long = format!("{}\n", " ".repeat(300_000));
    let out = run(&["check", "--jsonl", "-"], Some(long.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(report["errors"][0]["code"], "RequestTooLarge");
    assert_eq!(
        report["errors"][0]["message"],
        "the request is 300000 bytes; expected at most 262144"
    );
}

#[test]
fn batch_mode_reads_lines_at_the_size_limit_like_whole_documents() {
    // Around the default document limit (262,144 bytes), each ending: the line's report is the
    // report on the line alone, its true length included.
    for len in [262_143, 262_144, 262_145, 262_146, 262_147] {
        for ending in ["\n", "\r\n", ""] {
            let line = " ".repeat(len);
            let stdin = format!("{line}{ending}{{}}\n");
            let out = run(&["check", "--jsonl", "-"], Some(stdin.as_bytes()));
            let printed = stdout(&out);
            let reports: Vec<&str> = printed.lines().collect();
            let mut expected = vec![clb_preflight::check(&line).to_json_line()];
            if ending.is_empty() {
                // No newline: the `{}` is part of the same line.
                expected = vec![clb_preflight::check(&format!("{line}{{}}")).to_json_line()];
            } else {
                expected.push(clb_preflight::check("{}").to_json_line());
            }
            assert_eq!(reports, expected, "{len} bytes, ending {ending:?}");
        }
    }
}

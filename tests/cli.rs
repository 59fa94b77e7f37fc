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

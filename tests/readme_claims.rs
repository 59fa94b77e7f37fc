//! The README's statements about exit statuses and paths, checked against the binary and the
//! library (its examples are checked by `tests/cli.rs` and the doctests).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::io::Write as _;
use std::process::{Command, Stdio};

use clb_preflight::{check, Code};

const LB: &str = "lb-2ze7o5h52g02kkzze7lru";

/// The binary's exit status for `args`, with `stdin` on standard input.
fn status(args: &[&str], stdin: &str) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clb-preflight"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // A run that ends before reading its input (a bad flag) closes the pipe: not a failure.
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    child.wait().unwrap().code()
}

/// A JSON request with these items.
fn request(items: &str) -> String {
    serde_json::json!({"LoadBalancerId": LB, "BackendServers": items}).to_string()
}

/// The (code, path) of every finding.
fn findings(text: &str) -> Vec<(Code, String)> {
    check(text)
        .findings()
        .map(|f| (f.code(), f.path().to_string()))
        .collect()
}

#[test]
fn exit_status_table() {
    let valid_with_warning = request(r#"[{"ServerId":"i-2zej4lxhjoq1icuo9x1z","Weight":"0"}]"#);
    let invalid = request(r#"[{"ServerId":"i-2zej4lxhjoq1icuo9x1z","Weight":"101"}]"#);
    for format in ["human", "json"] {
        // 0: valid (warnings allowed).
        assert_eq!(
            status(&["check", "--format", format, "-"], &valid_with_warning),
            Some(0)
        );
        // 1: invalid, or the content is not a request at all.
        assert_eq!(
            status(&["check", "--format", format, "-"], &invalid),
            Some(1)
        );
        assert_eq!(
            status(&["check", "--format", format, "-"], "{not json"),
            Some(1)
        );
        assert_eq!(status(&["check", "--format", format, "-"], ""), Some(1));
    }
    // 2: bad flags, a file that cannot be read, facts that cannot be used.
    assert_eq!(status(&["check", "--no-such-flag", "-"], &invalid), Some(2));
    assert_eq!(
        status(&["check", "--format", "yaml", "-"], &invalid),
        Some(2)
    );
    assert_eq!(status(&["check", "no/such/file.json"], ""), Some(2));
    assert_eq!(
        status(
            &["check", "--load-balancer", "examples/request.json", "-"],
            &valid_with_warning
        ),
        Some(2)
    );
    assert_eq!(
        status(
            &["check", "--servers", "examples/request.json", "-"],
            &valid_with_warning
        ),
        Some(2)
    );
}

#[test]
fn batch_mode_exit_status() {
    let valid = request(r#"[{"ServerId":"i-2zej4lxhjoq1icuo9x1z"}]"#);
    let invalid = request(r#"[{"ServerId":""}]"#);
    // 0 when every request is valid, 1 when any is not (a line that is not a request among
    // them), 2 when the input cannot be read.
    assert_eq!(
        status(&["check", "--jsonl", "-"], &format!("{valid}\n{valid}\r\n")),
        Some(0)
    );
    assert_eq!(
        status(&["check", "--jsonl", "-"], &format!("{valid}\n{invalid}\n")),
        Some(1)
    );
    assert_eq!(
        status(
            &["check", "--jsonl", "-"],
            &format!("{valid}\nnot a request\n")
        ),
        Some(1)
    );
    assert_eq!(
        status(&["check", "--jsonl", "no/such/file.jsonl"], ""),
        Some(2)
    );
}

#[test]
fn malformed_request_paths() {
    // `""`: the whole document is not a request.
    for text in [
        "",
        "{not json",
        "[1]",
        "7",
        "no pairs here",
        "Backend%zzServers=1",
    ] {
        assert_eq!(
            findings(text),
            vec![(Code::MalformedRequest, String::new())],
            "{text:?}"
        );
    }
    // The key of a query parameter whose value cannot be percent-decoded.
    assert_eq!(
        findings(&format!("LoadBalancerId={LB}&BackendServers=%zz")),
        vec![(Code::MalformedRequest, "BackendServers".to_owned())]
    );
}

#[test]
fn paths_name_parameters_items_and_fields() {
    assert_eq!(
        findings(
            r#"{"LoadBalancerId":"lb-1 2","RegionId":"CN","BackendServers":"[7,{\"ServerId\":\"i-1\",\"Port\":\"0\"}]"}"#
        ),
        vec![
            (
                Code::InvalidParameterLoadBalancerId,
                "LoadBalancerId".to_owned()
            ),
            (Code::InvalidParameterRegionId, "RegionId".to_owned()),
            (
                Code::InvalidParameterBackendServers,
                "BackendServers[0]".to_owned()
            ),
            (
                Code::InvalidParameterPort,
                "BackendServers[1].Port".to_owned()
            ),
        ]
    );
    assert_eq!(
        findings(&serde_json::json!({"LoadBalancerId": LB, "BackendServers": "[]"}).to_string()),
        vec![(
            Code::InvalidParameterBackendServers,
            "BackendServers".to_owned()
        )]
    );
}

#[test]
fn present_keys_as_written_missing_fields_by_canonical_name() {
    // A key that is present with a value: as written.
    assert_eq!(
        findings(&request(
            r#"[{"ServerId":"i-1","Wieght":"5","weight":"101"}]"#
        )),
        vec![
            (
                Code::InvalidWeightMalformed,
                "BackendServers[0].weight".to_owned()
            ),
            (Code::UnknownField, "BackendServers[0].Wieght".to_owned()),
            (
                Code::NonCanonicalFieldName,
                "BackendServers[0].weight".to_owned()
            ),
        ]
    );
    // A field that is absent, or null under its canonical name: the canonical name.
    assert_eq!(
        findings(&request(
            r#"[{"Weight":"5"},{"ServerId":null},{"ServerId":"eni-1"}]"#
        )),
        vec![
            (
                Code::MissingParameterServerId,
                "BackendServers[0].ServerId".to_owned()
            ),
            (
                Code::MissingParameterServerId,
                "BackendServers[1].ServerId".to_owned()
            ),
            (
                Code::MissingParameterType,
                "BackendServers[2].Type".to_owned()
            ),
            (
                Code::MissingParameterServerIp,
                "BackendServers[2].ServerIp".to_owned()
            ),
        ]
    );
    // null under a case-variant key of ServerId: the canonical name (R5 speaks of the key).
    assert_eq!(
        findings(&request(r#"[{"serverid":null}]"#)),
        vec![
            (
                Code::MissingParameterServerId,
                "BackendServers[0].ServerId".to_owned()
            ),
            (
                Code::NonCanonicalFieldName,
                "BackendServers[0].serverid".to_owned()
            ),
        ]
    );
}

#[test]
fn null_under_a_case_variant_key_is_reported_by_canonical_name_for_every_rule() {
    assert_eq!(
        findings(&request(
            r#"[{"ServerId":"eni-2ze3ykcbqm8kdaqv0l3q","type":null,"serverip":null}]"#
        )),
        vec![
            (
                Code::MissingParameterType,
                "BackendServers[0].Type".to_owned()
            ),
            (
                Code::MissingParameterServerIp,
                "BackendServers[0].ServerIp".to_owned()
            ),
            (
                Code::NonCanonicalFieldName,
                "BackendServers[0].type".to_owned()
            ),
            (
                Code::NonCanonicalFieldName,
                "BackendServers[0].serverip".to_owned()
            ),
        ]
    );
}

#[test]
fn request_text_is_never_printed_raw() {
    let long = "a".repeat(60);
    let report = check(&request(&format!(
        r#"[{{"ServerId":"i-1","Description":"x\u202ey\u0000{long}"}}]"#
    )));
    let message = report.errors()[0].message();
    assert!(message.contains(r"x\u{202e}y\0"), "{message}");
    assert!(message.contains("a…\""), "{message}");
    for output in [report.to_human(), report.to_json()] {
        assert!(
            !output.contains('\u{202e}') && !output.contains('\u{0}'),
            "{output}"
        );
    }
}

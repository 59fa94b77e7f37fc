//! One path to a verdict: every public way to check a request applies the same limits and gives
//! the same report, for hostile inputs above all (too large, a byte-order mark, deep nesting).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use clb_preflight::limits::Limits;
use clb_preflight::{check, check_bytes, check_bytes_with, check_with, Checker, Context};

const VALID: &str =
    r#"{"LoadBalancerId":"lb-2ze7o5h52g02kkzze7lru","BackendServers":"[{\"ServerId\":\"i-1\"}]"}"#;

const LOAD_BALANCER: &str = r#"{"LoadBalancerId":"lb-2ze7o5h52g02kkzze7lru","LoadBalancerStatus":"active",
    "NetworkType":"classic","AddressType":"internet",
    "BackendServers":{"BackendServer":[{"ServerId":"i-9","Weight":100,"Type":"ecs"}]}}"#;

/// The inputs every entry point must judge alike.
fn hostile() -> Vec<(&'static str, String)> {
    let limit = Limits::DEFAULT.max_document_bytes();
    // A valid request padded with blanks to exactly the limit, and one byte over it.
    let at_limit = format!("{VALID}{}", " ".repeat(limit - VALID.len()));
    let over_limit = format!("{at_limit} ");
    vec![
        ("at the size limit", at_limit),
        ("one byte over the size limit", over_limit),
        ("300 KB", format!("{VALID}{}", " ".repeat(300 * 1024))),
        ("byte-order mark", format!("\u{feff}{VALID}")),
        (
            "deeply nested",
            format!("{{\"LoadBalancerId\":{}", "[".repeat(100_000)),
        ),
        (
            "deeply nested items",
            format!(
                "{{\"LoadBalancerId\":\"lb-2ze7o5h52g02kkzze7lru\",\"BackendServers\":\"{}\"}}",
                "[".repeat(50_000)
            ),
        ),
        ("valid", VALID.to_owned()),
    ]
}

#[test]
fn every_entry_point_gives_the_same_report_without_facts() {
    let empty = Context::new();
    for (what, text) in hostile() {
        let want = check(&text).to_json();
        let through = [
            ("check_bytes", check_bytes(text.as_bytes()).to_json()),
            ("check_with", check_with(&text, &empty).unwrap().to_json()),
            (
                "check_bytes_with",
                check_bytes_with(text.as_bytes(), &empty).unwrap().to_json(),
            ),
            ("Checker::check", Checker::new().check(&text).to_json()),
            (
                "Checker::check_bytes",
                Checker::new().check_bytes(text.as_bytes()).to_json(),
            ),
            (
                "Checker::reference_path",
                Checker::new().reference_path().check(&text).to_json(),
            ),
        ];
        for (entry, got) in through {
            assert_eq!(got, want, "{what} through {entry}");
        }
        // Checked and located at once: the report checked, then located.
        assert_eq!(
            Checker::new().check_located(&text),
            check(&text).located(&text),
            "{what} through Checker::check_located"
        );
    }
}

#[test]
fn every_entry_point_gives_the_same_report_with_facts() {
    let mut context = Context::new();
    context.add_load_balancer(LOAD_BALANCER).unwrap();
    for (what, text) in hostile() {
        let want = check_with(&text, &context).unwrap().to_json();
        let checker = Checker::new().with_context(&context);
        let through = [
            (
                "check_bytes_with",
                check_bytes_with(text.as_bytes(), &context)
                    .unwrap()
                    .to_json(),
            ),
            ("Checker::check", checker.check(&text).unwrap().to_json()),
            (
                "Checker::check_bytes",
                checker.check_bytes(text.as_bytes()).unwrap().to_json(),
            ),
        ];
        for (entry, got) in through {
            assert_eq!(got, want, "{what} through {entry}");
        }
        assert_eq!(
            checker.check_located(&text).unwrap(),
            checker.check(&text).unwrap().located(&text),
            "{what} through Checker::check_located"
        );
    }
}

#[test]
fn the_limits_hold_on_every_path() {
    let limit = Limits::DEFAULT.max_document_bytes();
    for (what, text) in hostile() {
        let report = check(&text);
        let codes: Vec<&str> = report.errors().iter().map(|f| f.code().as_str()).collect();
        match what {
            "at the size limit" | "valid" => assert!(report.is_valid(), "{what}: {codes:?}"),
            "one byte over the size limit" | "300 KB" => {
                assert_eq!(codes, ["RequestTooLarge"], "{what}");
                // The streaming reader's report for a counted, not kept, document is the same.
                assert_eq!(
                    Checker::new().oversized(text.len()).to_json(),
                    report.to_json()
                );
                assert!(text.len() > limit);
            }
            "byte-order mark" => {
                // Set aside with a warning (R0), then read as the request it prefixes.
                assert!(report.is_valid(), "{what}: {codes:?}");
                let warnings: Vec<&str> = report
                    .warnings()
                    .iter()
                    .map(|f| f.code().as_str())
                    .collect();
                assert_eq!(warnings, ["ByteOrderMark"]);
                assert_eq!(report.call(), check(VALID).call());
            }
            _ => assert_eq!(codes.len(), 1, "{what}: {codes:?}"),
        }
    }
}

#[test]
fn oversized_with_facts_matches_the_check() {
    let mut context = Context::new();
    context.add_load_balancer(LOAD_BALANCER).unwrap();
    let text = format!("{VALID}{}", " ".repeat(300 * 1024));
    let checker = Checker::new().with_context(&context);
    assert_eq!(
        checker.oversized(text.len()).to_json(),
        checker.check(&text).unwrap().to_json()
    );
}

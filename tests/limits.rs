//! The limits that keep hostile input cheap, at their edges: exactly the limit is read, one
//! byte more is not; the findings cap keeps errors first; a checker keeps the limits it was
//! given.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use clb_preflight::limits::Limits;
use clb_preflight::{Checker, Context, Report};
use serde_json::{json, Value};

const LB: &str = "lb-2ze7o5h52g02kkzze7lru";

/// A JSON request whose `BackendServers` string is `items`.
fn request(items: &str) -> String {
    json!({"LoadBalancerId": LB, "BackendServers": items}).to_string()
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.findings().map(|f| f.code().as_str()).collect()
}

fn with_limits(limits: Limits) -> Checker {
    Checker::new().with_limits(limits)
}

#[test]
fn a_document_of_exactly_the_size_limit_is_read_and_one_byte_more_is_not() {
    let text = request(r#"[{"ServerId":"i-1"}]"#);
    for len in [text.len(), text.len() + 7] {
        let limits = Limits::DEFAULT.with_max_document_bytes(len);
        let padded = format!("{text:len$}");
        assert_eq!(padded.len(), len);
        let over = format!("{padded} ");
        let checker = with_limits(limits);
        for (what, report) in [
            ("text", checker.check(&padded)),
            ("bytes", checker.check_bytes(padded.as_bytes())),
        ] {
            assert!(report.is_valid(), "{what} at {len}: {}", report.to_human());
        }
        for (what, report) in [
            ("text", checker.check(&over)),
            ("bytes", checker.check_bytes(over.as_bytes())),
        ] {
            assert_eq!(codes(&report), ["RequestTooLarge"], "{what} at {len} + 1");
            assert_eq!(
                report.errors()[0].message(),
                format!("the request is {} bytes; expected at most {len}", len + 1)
            );
        }
    }
}

/// The size is counted as the API reads the array: blanks between its tokens count once each,
/// also where the encoded string writes them as `\n`, `\t`, `\r` (two bytes of the request).
#[test]
fn backend_servers_of_exactly_the_size_limit_are_read_and_one_byte_more_is_not() {
    let items = "[\n {\"ServerId\":\"i-2zej4lxhjoq1icuo9x1z\",\t\"Weight\":\"5\"}\r\n]";
    let json = request(items);
    // The array itself as the parameter's value, after another parameter.
    let plain = format!(r#"{{"LoadBalancerId":"{LB}","BackendServers":{items}}}"#);
    let query = format!(
        "Action=AddBackendServers&LoadBalancerId={LB}&BackendServers={}",
        items
            .replace('[', "%5B")
            .replace(']', "%5D")
            .replace('{', "%7B")
            .replace('}', "%7D")
            .replace('"', "%22")
            .replace(':', "%3A")
            .replace(',', "%2C")
            .replace(' ', "%20")
            .replace('\n', "%0A")
            .replace('\t', "%09")
            .replace('\r', "%0D")
    );
    for limit in [items.len(), items.len() - 1] {
        let limits = Limits::DEFAULT.with_max_backend_servers_bytes(limit);
        let fast = with_limits(limits);
        let reference = fast.reference_path();
        for (what, report) in [
            ("json", fast.check(&json)),
            ("json, reference path", reference.check(&json)),
            ("query", fast.check(&query)),
            ("json array", fast.check(&plain)),
            ("json array, reference path", reference.check(&plain)),
        ] {
            if limit == items.len() {
                assert!(report.is_valid(), "{what}: {}", report.to_human());
            } else {
                assert_eq!(
                    codes(&report),
                    ["InvalidParameter.BackendServers"],
                    "{what}"
                );
                assert_eq!(
                    report.errors()[0].message(),
                    format!(
                        "backend servers is {} bytes; expected at most {limit}",
                        items.len()
                    ),
                    "{what}"
                );
            }
        }
    }
}

/// Three items, each with one error (weight above 100) and one warning (an unknown field).
fn six_findings() -> String {
    let items: Vec<Value> = (0..3)
        .map(|i| json!({"ServerId": format!("i-{i}"), "Weight": "101", "Extra": i}))
        .collect();
    request(&Value::Array(items).to_string())
}

#[test]
fn the_finding_cap_keeps_errors_first_and_counts_what_it_left_out() {
    let text = six_findings();
    let capped = |max: usize| with_limits(Limits::DEFAULT.with_max_findings(max)).check(&text);
    // At the cap exactly: nothing is left out, and nothing says so.
    let at = capped(6);
    assert_eq!(at.errors().len(), 3);
    assert_eq!(at.warnings().len(), 3);
    assert!(!codes(&at).contains(&"TooManyFindings"));
    // One under: the errors stay, the last warning goes, one more warning says so.
    let under = capped(5);
    assert_eq!(under.errors().len(), 3);
    assert_eq!(
        codes(&under)[3..],
        ["UnknownField", "UnknownField", "TooManyFindings"]
    );
    assert_eq!(
        under.warnings()[2].message(),
        "1 more findings were left out; expected at most 5 in one report"
    );
    // Fewer than the errors: errors only, then the count of the rest.
    let tight = capped(2);
    assert_eq!(
        codes(&tight),
        [
            "InvalidWeight.Malformed",
            "InvalidWeight.Malformed",
            "TooManyFindings"
        ]
    );
    assert_eq!(
        tight.warnings()[0].message(),
        "4 more findings were left out; expected at most 2 in one report"
    );
}

/// A checker tells the limits it was given, with facts or without.
#[test]
fn a_checker_keeps_its_limits() {
    let limits = Limits::default()
        .with_max_findings(3)
        .with_max_document_bytes(1_000)
        .with_max_backend_servers_bytes(500);
    let checker = Checker::new().with_limits(limits);
    assert_eq!(checker.limits(), limits);
    assert_ne!(Checker::new().limits(), limits);
    let context = Context::new();
    assert_eq!(checker.with_context(&context).limits(), limits);
}

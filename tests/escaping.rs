//! Safe text (the rule book's general decision on printing request text): every code point of
//! the classes that are escaped by property — control (Cc), format (Cf, with every bidi
//! control), line separator (Zl), paragraph separator (Zp), and whitespace other than the
//! space — is escaped wherever request text
//! reaches a report: messages and paths, in the JSON and in the human output. The classes come
//! from the oracle's own table (`tests/oracle/`), not from the crate's.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod oracle;

use clb_preflight::{check, Code, Report};
use serde_json::json;

/// Every code point of Cc, Cf, Zl and Zp, and whitespace but the space.
fn escaped_classes() -> Vec<char> {
    let all: Vec<char> = (char::MIN..=char::MAX)
        .filter(|&c| {
            c.is_control()
                || oracle::is_format(c)
                || c == '\u{2028}'
                || c == '\u{2029}'
                || (c.is_whitespace() && c != ' ')
        })
        .collect();
    // 65 controls, 170 format characters, one line and one paragraph separator, and the 16
    // space separators (Zs) other than the space.
    assert_eq!(all.len(), 65 + 170 + 2 + 16);
    all
}

/// How `c` must appear once escaped: Rust's short escapes for `\t`, `\n`, `\r` and NUL, else
/// `\u{…}`.
fn escape_of(c: char) -> String {
    match c {
        '\t' | '\n' | '\r' | '\0' => c.escape_debug().to_string(),
        _ => c.escape_unicode().to_string(),
    }
}

/// A JSON request with `c` in the load balancer id, a server id, a description, a type and an
/// unknown key.
fn json_request(c: char) -> String {
    let items = json!([
        {"ServerId": format!("i-1{c}"), "Description": format!("d{c}"), format!("Weig{c}ht"): "1"},
        {"ServerId": "i-2", "Type": format!("e{c}ni")},
    ]);
    json!({"LoadBalancerId": format!("lb-1{c}2"), "BackendServers": items.to_string()}).to_string()
}

/// A query-string request with `c` (percent-encoded) in an unknown key and the load balancer id.
fn query_request(c: char) -> String {
    let mut bytes = [0u8; 4];
    let encoded: String = c
        .encode_utf8(&mut bytes)
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect();
    format!("Fo{encoded}o=1&LoadBalancerId=lb-1{encoded}2&BackendServers=%5B%7B%22ServerId%22%3A%22i-1%22%7D%5D")
}

#[track_caller]
fn assert_escaped(c: char, what: &str, report: &Report, expected_codes: &[Code]) {
    let codes: Vec<Code> = report.findings().map(|f| f.code()).collect();
    for code in expected_codes {
        assert!(codes.contains(code), "{c:?} {what}: no {code} in {codes:?}");
    }
    for finding in report.findings() {
        let path = finding.path().to_string();
        for text in [finding.message(), path.as_str()] {
            assert!(!text.contains(c), "{c:?} {what}: raw in {text:?}");
        }
    }
    // Every finding that shows the text shows the escape.
    assert!(
        report
            .findings()
            .any(|f| f.message().contains(&escape_of(c))),
        "{c:?} {what}: no message shows {}: {}",
        escape_of(c),
        report.to_human()
    );
    let line = report.to_json_line();
    assert!(
        !line.contains(c),
        "{c:?} {what}: raw in the JSON line {line:?}"
    );
    let pretty = report.to_json();
    let human = report.to_human();
    if c != '\n' {
        assert!(
            !pretty.contains(c),
            "{c:?} {what}: raw in the JSON {pretty:?}"
        );
        assert!(
            !human.contains(c),
            "{c:?} {what}: raw in the human output {human:?}"
        );
    } else {
        // The outputs' own line breaks: one per finding and summary line.
        let lines = human.lines().count();
        assert_eq!(human.matches('\n').count(), lines, "{what}: {human:?}");
    }
    // The JSON reads back, and its messages hold the escape, not the character.
    let value: serde_json::Value = serde_json::from_str(&line).unwrap();
    for finding in value["errors"]
        .as_array()
        .unwrap()
        .iter()
        .chain(value["warnings"].as_array().unwrap())
    {
        for key in ["message", "path"] {
            let text = finding[key].as_str().unwrap();
            assert!(
                !text.contains(c),
                "{c:?} {what}: raw in the JSON {key} {text:?}"
            );
        }
    }
}

#[test]
fn every_control_format_and_separator_character_is_escaped() {
    for c in escaped_classes() {
        let report = check(&json_request(c));
        assert!(!report.is_valid(), "{c:?}");
        assert_escaped(
            c,
            "JSON form",
            &report,
            &[
                Code::InvalidParameterLoadBalancerId,
                Code::InvalidParameterServerId,
                Code::InvalidParameterDescription,
                Code::BackendServerInvalidType,
                Code::UnknownField,
            ],
        );
        let report = check(&query_request(c));
        assert_escaped(
            c,
            "query form",
            &report,
            &[Code::InvalidParameterLoadBalancerId, Code::UnknownField],
        );
    }
}

#[test]
fn the_four_reported_characters_are_escaped() {
    // U+061C (Arabic letter mark), U+2028, U+2029 and U+00AD were once printed raw.
    for (c, escape) in [
        ('\u{61c}', r"\u{61c}"),
        ('\u{2028}', r"\u{2028}"),
        ('\u{2029}', r"\u{2029}"),
        ('\u{ad}', r"\u{ad}"),
    ] {
        let report = check(&json_request(c));
        let human = report.to_human();
        assert!(human.contains(escape) && !human.contains(c), "{human}");
    }
}

//! Hostile input: each class of bad input, with the finding it must get, and the promises that
//! hold for all of them (no panic, bounded and escaped messages, a well-formed report).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::time::Instant;

mod oracle;

use clb_preflight::limits::Limits;
use clb_preflight::{check_bytes, Checker, Code, Report};
use serde_json::json;

const LB: &str = "lb-2ze7o5h52g02kkzze7lru";

/// A request whose BackendServers string is `items`.
fn with_items(items: &str) -> Vec<u8> {
    json!({"LoadBalancerId": LB, "BackendServers": items})
        .to_string()
        .into_bytes()
}

/// A request with one item whose `field` holds the raw JSON `value`.
fn with_field(field: &str, value: &str) -> Vec<u8> {
    let server = if field == "ServerId" {
        String::new()
    } else {
        "\"ServerId\":\"i-1\",".to_owned()
    };
    with_items(&format!("[{{{server}\"{field}\":{value}}}]"))
}

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// (what, input, the code that must be found, at this path)
fn cases() -> Vec<(&'static str, Vec<u8>, Code, &'static str)> {
    vec![
        // Size and count limits, checked before the expensive work.
        (
            "document over the size limit",
            vec![b' '; Limits::DEFAULT.max_document_bytes() + 1],
            Code::RequestTooLarge,
            "",
        ),
        (
            "backend servers over the size limit",
            with_items(&format!("[{}]", " ".repeat(70_000))),
            Code::InvalidParameterBackendServers,
            "BackendServers",
        ),
        (
            "twenty-one items",
            with_items(&format!("[{}]", vec!["{}"; 21].join(","))),
            Code::TooManyBackendServers,
            "BackendServers",
        ),
        // Keys as the API sees them: in order, repeats and case variants kept.
        (
            "duplicate key",
            with_items(r#"[{"ServerId":"i-1","Weight":"1","Weight":"2"}]"#),
            Code::InvalidParameterDuplicateField,
            "BackendServers[0].Weight",
        ),
        (
            "duplicate key in two cases",
            with_items(r#"[{"ServerId":"i-1","Port":"1","PORT":"2"}]"#),
            Code::InvalidParameterDuplicateField,
            "BackendServers[0].PORT",
        ),
        (
            "case variant",
            with_items(r#"[{"serverid":"i-1"}]"#),
            Code::NonCanonicalFieldName,
            "BackendServers[0].serverid",
        ),
        (
            "unknown key",
            with_items(r#"[{"ServerId":"i-1","Wieght":"1"}]"#),
            Code::UnknownField,
            "BackendServers[0].Wieght",
        ),
        (
            "duplicate request parameter",
            br#"{"LoadBalancerId":"lb-1","LoadBalancerId":"lb-2","BackendServers":"[]"}"#.to_vec(),
            Code::InvalidParameterDuplicateField,
            "LoadBalancerId",
        ),
        // Integer fields: the plain-decimal grammar before any conversion.
        (
            "plus sign",
            with_field("Weight", r#""+80""#),
            Code::InvalidWeightMalformed,
            "BackendServers[0].Weight",
        ),
        (
            "leading zero",
            with_field("Port", r#""080""#),
            Code::InvalidParameterPort,
            "BackendServers[0].Port",
        ),
        (
            "negative zero",
            with_field("Weight", "-0"),
            Code::InvalidWeightMalformed,
            "BackendServers[0].Weight",
        ),
        (
            "fullwidth digits",
            with_field("Port", r#""８０""#),
            Code::InvalidParameterPort,
            "BackendServers[0].Port",
        ),
        (
            "arabic-indic digits",
            with_field("Weight", r#""٥٠""#),
            Code::InvalidWeightMalformed,
            "BackendServers[0].Weight",
        ),
        (
            "exponent out of any range",
            with_field("Weight", "1e400"),
            Code::InvalidWeightMalformed,
            "BackendServers[0].Weight",
        ),
        (
            "integer past u64",
            with_field("Port", "18446744073709551616"),
            Code::InvalidParameterPort,
            "BackendServers[0].Port",
        ),
        (
            "hex",
            with_field("Port", r#""0x50""#),
            Code::InvalidParameterPort,
            "BackendServers[0].Port",
        ),
        (
            "fraction",
            with_field("Weight", "50.5"),
            Code::InvalidWeightMalformed,
            "BackendServers[0].Weight",
        ),
        (
            "space",
            with_field("Weight", r#""5 0""#),
            Code::InvalidWeightMalformed,
            "BackendServers[0].Weight",
        ),
        // IPv4 only in strict dotted decimal.
        (
            "short form ip",
            with_field("ServerIp", r#""127.1""#),
            Code::InvalidParameterServerIp,
            "BackendServers[0].ServerIp",
        ),
        (
            "hex ip",
            with_field("ServerIp", r#""0x7f.0.0.1""#),
            Code::InvalidParameterServerIp,
            "BackendServers[0].ServerIp",
        ),
        (
            "octal-looking ip",
            with_field("ServerIp", r#""010.0.0.1""#),
            Code::InvalidParameterServerIp,
            "BackendServers[0].ServerIp",
        ),
        (
            "integer ip",
            with_field("ServerIp", r#""2130706433""#),
            Code::InvalidParameterServerIp,
            "BackendServers[0].ServerIp",
        ),
        (
            "ipv6",
            with_field("ServerIp", r#""::ffff:127.0.0.1""#),
            Code::LbNotSupportIpv6Backend,
            "BackendServers[0].ServerIp",
        ),
        // ASCII character classes, byte-exact enum words.
        (
            "cyrillic letter in description",
            with_field("Description", r#""wеb""#),
            Code::InvalidParameterDescription,
            "BackendServers[0].Description",
        ),
        (
            "arabic-indic digit in description",
            with_field("Description", r#""web٣""#),
            Code::InvalidParameterDescription,
            "BackendServers[0].Description",
        ),
        (
            "long s folds to s",
            with_field("Type", r#""ecſ""#),
            Code::BackendServerInvalidType,
            "BackendServers[0].Type",
        ),
        (
            "upper-case type",
            with_field("Type", r#""ECS""#),
            Code::BackendServerInvalidType,
            "BackendServers[0].Type",
        ),
        (
            "kelvin sign",
            with_field("Type", "\"ec\u{212a}\""),
            Code::BackendServerInvalidType,
            "BackendServers[0].Type",
        ),
        // Encodings.
        (
            "byte-order mark",
            [b"\xef\xbb\xbf".as_slice(), &with_items("[]")].concat(),
            Code::ByteOrderMark,
            "",
        ),
        (
            "invalid utf-8",
            b"{\"LoadBalancerId\":\"lb-\xc3\x28\"}".to_vec(),
            Code::MalformedRequest,
            "",
        ),
        (
            "escaped lone surrogate",
            with_field("ServerId", r#""i-\ud800""#),
            Code::InvalidParameterServerId,
            "BackendServers[0].ServerId",
        ),
        (
            "escaped lone surrogate in the outer string",
            br#"{"LoadBalancerId":"lb-1","BackendServers":"\udc00"}"#.to_vec(),
            Code::InvalidParameterBackendServers,
            "BackendServers",
        ),
        (
            "escaped nul",
            with_field("ServerId", r#""i-1\u0000""#),
            Code::InvalidParameterServerId,
            "BackendServers[0].ServerId",
        ),
        (
            "double-encoded backend servers",
            with_items(&json!("[{\"ServerId\":\"i-1\"}]").to_string()),
            Code::InvalidParameterBackendServers,
            "BackendServers",
        ),
        (
            "top-level array",
            b"[{\"LoadBalancerId\":\"lb-1\"}]".to_vec(),
            Code::MalformedRequest,
            "",
        ),
        (
            "top-level scalar",
            b"\"lb-1\"".to_vec(),
            Code::MalformedRequest,
            "",
        ),
        (
            "top-level null",
            b"null".to_vec(),
            Code::MalformedRequest,
            "",
        ),
        // Depth: refused, not a stack overflow.
        (
            "deep nesting as the document",
            nested(100_000).into_bytes(),
            Code::MalformedRequest,
            "",
        ),
        (
            "deep nesting as backend servers",
            with_items(&nested(30_000)),
            Code::InvalidParameterBackendServers,
            "BackendServers[0]",
        ),
        (
            "deep nesting in a field",
            with_field("Weight", &nested(30_000)),
            Code::InvalidWeightMalformed,
            "BackendServers[0].Weight",
        ),
        // Text that would mislead a terminal.
        (
            "terminal escape in an id",
            with_field("ServerId", r#""i-1\u001b[2J""#),
            Code::InvalidParameterServerId,
            "BackendServers[0].ServerId",
        ),
        (
            "bidi override in a description",
            with_field("Description", "\"abc\u{202e}fed\""),
            Code::InvalidParameterDescription,
            "BackendServers[0].Description",
        ),
        (
            "huge unknown key",
            with_items(&format!(
                r#"[{{"ServerId":"i-1","{}":1}}]"#,
                "k".repeat(60_000)
            )),
            Code::UnknownField,
            "",
        ),
        // Single-quoted strings (R30): the same limits, depth and escaping.
        (
            "single-quoted backend servers over the size limit",
            with_items(&format!("[{{'ServerId':'{}'}}]", "\"".repeat(70_000))),
            Code::InvalidParameterBackendServers,
            "BackendServers",
        ),
        (
            "twenty-one single-quoted items",
            with_items(&format!("[{}]", vec!["{'ServerId':'i-1'}"; 21].join(","))),
            Code::TooManyBackendServers,
            "BackendServers",
        ),
        (
            "deep nesting among single-quoted strings",
            with_items(&format!("[{{'a':'b'}},{}]", nested(30_000))),
            Code::InvalidParameterBackendServers,
            "BackendServers[1]",
        ),
        (
            "deep nesting in a single-quoted item's field",
            with_items(&format!(
                "[{{'ServerId':'i-1','Weight':{}}}]",
                nested(30_000)
            )),
            Code::InvalidWeightMalformed,
            "BackendServers[0].Weight",
        ),
        (
            "bidi override and terminal escape in a single-quoted key",
            with_items("[{'ServerId':'i-1','a\u{202e}\\u001b[2J':1}]"),
            Code::UnknownField,
            "",
        ),
        (
            "raw control character in a single-quoted string",
            with_items("[{'ServerId':'i-1\u{1b}[2J'}]"),
            Code::InvalidParameterBackendServers,
            "BackendServers",
        ),
        (
            "a single quote in every byte",
            with_items(&"'".repeat(60_000)),
            Code::InvalidParameterBackendServers,
            "BackendServers",
        ),
    ]
}

/// The promises every report keeps, whatever the input.
fn assert_safe(what: &str, report: &Report) {
    assert_eq!(report.is_valid(), report.errors().is_empty(), "{what}");
    assert!(
        report.findings().count() <= Limits::DEFAULT.max_findings() + 1,
        "{what}"
    );
    for finding in report.findings() {
        let message = finding.message();
        let path = finding.path().to_string();
        for text in [message, path.as_str()] {
            assert!(
                !text.chars().any(|c| c.is_control()),
                "{what}: control character in {text:?}"
            );
            assert!(
                !text
                    .chars()
                    .any(|c| oracle::is_format(c) || (c.is_whitespace() && c != ' ')),
                "{what}: a control, format or separator character in {text:?}"
            );
            assert!(
                text.chars().count() <= 400,
                "{what}: {} characters in {text:?}",
                text.chars().count()
            );
        }
    }
    let human = report.to_human();
    assert!(
        !human.chars().any(|c| c.is_control() && c != '\n'),
        "{what}: {human:?}"
    );
    serde_json::from_str::<serde_json::Value>(&report.to_json()).unwrap();
}

#[test]
fn each_hostile_input_gets_its_finding() {
    for (what, input, code, path) in cases() {
        let report = check_bytes(&input);
        assert_safe(what, &report);
        let found = report
            .findings()
            .any(|f| f.code() == code && (path.is_empty() || f.path().to_string() == path));
        assert!(
            found,
            "{what}: no {code} at {path:?} in\n{}",
            report.to_human()
        );
    }
}

#[test]
fn a_million_items_are_counted_not_built() {
    let items = format!("[{}]", vec![r#"{"ServerId":"i-1"}"#; 1_000_000].join(","));
    let limits = Limits::DEFAULT
        .with_max_document_bytes(usize::MAX)
        .with_max_backend_servers_bytes(usize::MAX);
    let input = with_items(&items);
    let started = Instant::now();
    let report = Checker::new().with_limits(limits).check_bytes(&input);
    let elapsed = started.elapsed();
    assert_safe("a million items", &report);
    let errors: Vec<String> = report
        .errors()
        .iter()
        .map(|e| format!("{}: {}", e.code(), e.message()))
        .collect();
    assert_eq!(
        errors,
        ["TooManyBackendServers: 1000000 backend servers is above the maximum 20 per request; split them into calls of at most 20, or let clb-preflight plan make the calls"]
    );
    // Not a timing assertion: printed for the record (see the benchmarks for ratios).
    println!(
        "a million items ({} MB) refused in {elapsed:?}",
        input.len() / 1_000_000
    );
    // With the default limits the same document is refused before it is read.
    let report = check_bytes(&input);
    assert_eq!(report.errors()[0].code(), Code::RequestTooLarge);
}

#[test]
fn the_findings_limit_is_the_callers_to_set() {
    let items = format!(
        "[{}]",
        vec![r#"{"ServerId":"i-1","x":1,"y":2}"#; 20].join(",")
    );
    let limits = Limits::DEFAULT.with_max_findings(7);
    let report = Checker::new()
        .with_limits(limits)
        .check_bytes(&with_items(&items));
    assert_eq!(report.findings().count(), 8);
    let last = report.warnings().last().unwrap();
    assert_eq!(last.code(), Code::TooManyFindings);
    // 40 unknown keys and 19 duplicates: 59 findings, 7 kept.
    assert_eq!(
        last.message(),
        "52 more findings were left out; expected at most 7 in one report"
    );
}

#[test]
fn fuzz_regressions_replay_as_tests() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == "README.md") {
            continue;
        }
        let input = std::fs::read(&path).unwrap();
        assert_safe(&path.display().to_string(), &check_bytes(&input));
    }
}

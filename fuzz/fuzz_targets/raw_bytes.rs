//! Any bytes, as a request: never a panic, always a well-formed report with safe messages, the
//! same report from the fast path and the reference path (serde_json alone, single-quoted
//! `BackendServers` strings rewritten by the same normaliser: R30, with its tokens in
//! `clb.dict`), a valid request reads back to itself in both wire forms, and checking and
//! locating at once gives the report checked, then located.
#![no_main]

use clb_preflight::{check, check_bytes, Checker};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = check_bytes(data);
    assert_eq!(report.is_valid(), report.errors().is_empty());
    assert_eq!(report.call().is_some(), report.is_valid());
    assert!(report.findings().count() <= clb_preflight::limits::Limits::DEFAULT.max_findings() + 1);
    for finding in report.findings() {
        let message = finding.message();
        assert!(!message.is_empty());
        assert!(!message.chars().any(char::is_control), "{message:?}");
        assert!(message.chars().count() <= 400, "{message:?}");
        assert!(!finding.path().to_string().chars().any(char::is_control));
    }
    let json = report.to_json();
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    let reference = Checker::new().reference_path().check_bytes(data);
    assert_eq!(reference.to_json(), json);
    if let Ok(text) = std::str::from_utf8(data) {
        // Checked and located at once: the same report as checked, then located.
        assert_eq!(
            Checker::new().check_located(text),
            report.clone().located(text)
        );
    }
    if let Some(request) = report.call() {
        for written in [request.to_json(), request.to_query()] {
            let again = check(&written);
            assert_eq!(again.call(), Some(request), "{written}");
        }
    }
});

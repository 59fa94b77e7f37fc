//! Data-driven snapshots: one request per file in `tests/cases/`, one reviewed snapshot of its
//! JSON report in `tests/snapshots/`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::collections::BTreeSet;
use std::path::Path;

use clb_preflight::{check_bytes, Code, Report};

fn report_for(path: &Path) -> (String, Report) {
    let bytes = std::fs::read(path).unwrap();
    let shown = String::from_utf8_lossy(&bytes).into_owned();
    (shown, check_bytes(&bytes))
}

#[test]
fn every_case_matches_its_snapshot() {
    insta::glob!("cases/*", |path| {
        let (input, report) = report_for(path);
        insta::with_settings!({ omit_expression => true, snapshot_path => "snapshots/cases" }, {
            insta::assert_snapshot!(format!("{}\n---- report ----\n{}", input.trim_end(), report.to_json()));
        });
    });
}

#[test]
fn seed_examples_are_valid_without_warnings() {
    let mut seen = 0;
    insta::glob!("cases/seed-*", |path| {
        let (_, report) = report_for(path);
        assert!(
            report.is_valid(),
            "{}: {}",
            path.display(),
            report.to_human()
        );
        assert!(
            report.warnings().is_empty(),
            "{}: {}",
            path.display(),
            report.to_human()
        );
        seen += 1;
    });
    assert_eq!(seen, 5, "the seed doc has five example requests");
}

#[test]
fn every_code_has_a_case_and_each_case_is_named_for_its_rule() {
    let mut codes = BTreeSet::new();
    insta::glob!("cases/*", |path| {
        let (_, report) = report_for(path);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // A case named rNN-… must produce a finding of rule NN, unless it is named as accepted.
        if let Some(number) = name.strip_prefix('r').and_then(|n| n.get(..2)) {
            let rule: u8 = number.parse().unwrap();
            let accepted = [
                "accepted",
                "is-fine",
                "finance-region",
                "absent",
                "array-given",
                "other-ip",
            ]
            .iter()
            .any(|w| name.contains(w));
            let has_rule = report.findings().any(|f| f.rule().number() == rule);
            if accepted {
                assert!(report.is_valid(), "{name}: {}", report.to_human());
            } else if rule != 18 {
                assert!(
                    has_rule,
                    "{name} has no finding of R{rule}: {}",
                    report.to_human()
                );
            }
        }
        codes.extend(report.findings().map(|f| f.code()));
    });
    // The codes of the context rules (R20 to R34) have their cases in tests/context-cases
    // and the planner's tests; a request over the size limit is made by tests/hostile.rs
    // rather than kept as a file.
    // R41 and R42 are the planner's too.
    let request_rule = |c: &Code| !(20..35).contains(&c.rule().number()) && c.rule().number() < 41;
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| request_rule(c) && **c != Code::RequestTooLarge && !codes.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(missing.is_empty(), "codes without a case: {missing:?}");
}

//! Allocation discipline on the hot path: how many allocations one check makes, counted by a
//! counting global allocator. One test only, so that no other test allocates meanwhile.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::alloc::System;

use clb_preflight::{check, Checker};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn request(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            if i % 2 == 0 {
                format!(r#"{{"ServerId":"i-2zej4lxhjoq1icuo9x{i:02}","Weight":"100","Type":"ecs","Port":"80","Description":"web-{i}"}}"#)
            } else {
                format!(r#"{{"ServerId":"eni-2ze3ykcbqm8kdaqv0l{i:02}","Weight":"50","Type":"eni","ServerIp":"192.168.1.{i}","Port":"8080","Description":"pod-{i}"}}"#)
            }
        })
        .collect();
    serde_json::json!({
        "RegionId": "cn-beijing",
        "LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru",
        "BackendServers": format!("[{}]", items.join(",")),
    })
    .to_string()
}

/// Allocations of a check of `text`, which must be valid.
fn allocations(text: &str) -> usize {
    let report = check(text);
    assert!(report.is_valid(), "{}", report.to_human());
    allocations_by(&Checker::new(), text)
}

/// Allocations of `checker`'s check of `text`, whatever it finds.
fn allocations_by(checker: &Checker, text: &str) -> usize {
    let region = Region::new(GLOBAL);
    let report = checker.check(text);
    let n = region.change().allocations;
    drop(report);
    n
}

/// Every shape of the fast reader's grammar (`src/wire/scan.rs`) is read by it, in place: a
/// check costs fewer allocations than the reference reader's check of the same text (which
/// decodes and copies), where a fast reader that gave up would cost the reference reader's
/// and more.
fn every_shape_of_the_fast_grammar_is_read_in_place() {
    let item = r#"{"ServerId":"i-2zej4lxhjoq1icuo9x1z","Weight":"50","Type":"ecs"}"#;
    let shapes = [
        // Numbers of every form JSON writes, and the literals, as values of known and unknown fields.
        r#"{"ServerId":"i-2zej4lxhjoq1icuo9x1z","Weight":0,"Port":80,"X":-0.5e-3,"Y":1E+2,"Z":10.25,"A":false,"B":true,"C":null}"#,
        r#"{"ServerId":"i-2zej4lxhjoq1icuo9x1z","Weight":0.0,"Port":8080,"X":0e1,"Y":-12}"#,
    ];
    let fast = Checker::new();
    let reference = Checker::new().reference_path();
    let mut texts = Vec::new();
    for shape in shapes {
        // The array as the parameter's value, and encoded in a string with blanks of every kind.
        texts.push(format!(
            r#"{{"LoadBalancerId":"lb-1","BackendServers":[{item}, {shape}]}}"#
        ));
        let spaced = format!("[ {item},\n\t{shape} \r\n]");
        let encoded = serde_json::to_string(&spaced).unwrap();
        let spaced = format!(r#"{{"LoadBalancerId":"lb-1","BackendServers":{encoded}}}"#);
        // Blanks inside the encoded string are stepped over in place: they cost what the same
        // text without them costs (decoding the string first would cost more).
        let compact = serde_json::to_string(&format!("[{item},{shape}]")).unwrap();
        let compact = format!(r#"{{"LoadBalancerId":"lb-1","BackendServers":{compact}}}"#);
        assert_eq!(
            allocations_by(&Checker::new(), &spaced),
            allocations_by(&Checker::new(), &compact),
            "{spaced}"
        );
        texts.push(spaced);
    }
    // Items that are no object (R3), plain and inside the encoded string.
    texts.push(format!(
        r#"{{"LoadBalancerId":"lb-1","BackendServers":[{item},null,true,false,"i-1"]}}"#
    ));
    texts.push(format!(
        r#"{{"LoadBalancerId":"lb-1","BackendServers":"[{},null,true,false,\"i-1\"]"}}"#,
        item.replace('"', "\\\"")
    ));
    for text in &texts {
        let by_fast = allocations_by(&fast, text);
        let by_reference = allocations_by(&reference, text);
        println!("{by_fast} allocations (reference reader: {by_reference}): {text}");
        assert!(
            by_fast < by_reference,
            "{by_fast} vs {by_reference}: {text}"
        );
    }
}

/// Allocations and reallocations of a check that finds `errors` errors.
fn with_errors(text: &str, errors: usize) -> (usize, usize) {
    let region = Region::new(GLOBAL);
    let report = check(text);
    assert_eq!(report.errors().len(), errors, "{}", report.to_human());
    let change = region.change();
    drop(report);
    (change.allocations, change.reallocations)
}

#[test]
fn a_check_allocates_a_bounded_number_of_times_whatever_the_item_count() {
    let one = allocations(&request(1));
    let twenty = allocations(&request(20));
    println!("allocations per check: 1 item {one}, 20 items {twenty}");
    // The items, their fields and the servers are held in a few vectors; ids and descriptions
    // are stored inline. So the count does not grow with the items (reallocations aside).
    // Measured: 7 for both (the bare typed parse makes about 126); the bound leaves a little room.
    assert!(twenty <= 12, "{twenty} allocations for 20 items");
    assert!(twenty <= one + 6, "1 item: {one}, 20 items: {twenty}");

    // An error in each of 20 items: the findings list makes room for them at its first one,
    // so it is never reallocated; each message is one allocation.
    let errors = request(20)
        .replace(r#"\"Weight\":\"100\""#, r#"\"Weight\":\"101\""#)
        .replace(r#"\"Weight\":\"50\""#, r#"\"Weight\":\"101\""#);
    let (allocations, reallocations) = with_errors(&errors, 20);
    println!("a check with 20 errors: {allocations} allocations, {reallocations} reallocations");
    // Measured: 28 (the valid check's 7, the list, 20 messages) and none reallocated.
    assert_eq!(reallocations, 0, "the findings list grew as it filled");
    assert!(
        allocations <= twenty + 20 + 3,
        "{allocations} allocations for 20 errors"
    );

    // Port 0 in each: a fixed message, which is not allocated at all.
    let zero_ports = request(20)
        .replace(r#"\"Port\":\"80\""#, r#"\"Port\":\"0\""#)
        .replace(r#"\"Port\":\"8080\""#, r#"\"Port\":\"0\""#);
    let (allocations, _) = with_errors(&zero_ports, 20);
    println!("a check with 20 fixed-message errors: {allocations} allocations");
    assert!(
        allocations <= twenty + 2,
        "{allocations} allocations for 20 fixed-message errors"
    );

    every_shape_of_the_fast_grammar_is_read_in_place();
}

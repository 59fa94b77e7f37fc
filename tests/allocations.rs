//! Allocation discipline on the hot path: how many allocations one check makes, counted by a
//! counting global allocator. One test only, so that no other test allocates meanwhile.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::alloc::System;

use clb_preflight::check;
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

fn allocations(text: &str) -> usize {
    let region = Region::new(GLOBAL);
    let report = check(text);
    assert!(report.is_valid(), "{}", report.to_human());
    let n = region.change().allocations;
    drop(report);
    n
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
}

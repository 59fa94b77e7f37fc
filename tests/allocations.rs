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
}

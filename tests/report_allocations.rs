//! Writing a report: a finding's path is written from the stack when its names are the known
//! ones, so serializing a report does not allocate once per finding. And the reference path
//! (`Checker::reference_path`, which the differential tests compare the fast path with) really
//! is another path: it allocates per item. One test only, so that no other test allocates
//! meanwhile (the counting allocator is global).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::alloc::System;

use clb_preflight::{check, Checker};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// A request with `n` items, each with one error at a known field path and the item's own
/// path on none.
fn request(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"ServerId":"i-2zej4lxhjoq1icuo9x{i:02}","Weight":"101"}}"#))
        .collect();
    serde_json::json!({
        "LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru",
        "BackendServers": format!("[{}]", items.join(",")),
    })
    .to_string()
}

/// Allocations made by writing the report of `text` as JSON (one line and pretty).
fn allocations(text: &str) -> (usize, usize) {
    let report = check(text);
    assert_eq!(report.errors().len(), report.findings().count());
    let region = Region::new(GLOBAL);
    let line = report.to_json_line();
    let line_allocations = region.change().allocations;
    let region = Region::new(GLOBAL);
    let pretty = report.to_json();
    let pretty_allocations = region.change().allocations;
    assert!(line.len() < pretty.len());
    (line_allocations, pretty_allocations)
}

#[test]
fn writing_a_report_does_not_allocate_per_finding() {
    let (one_line, one_pretty) = allocations(&request(1));
    let (twenty_line, twenty_pretty) = allocations(&request(20));
    println!(
        "allocations writing a report: 1 finding {one_line} (pretty {one_pretty}), 20 findings {twenty_line} (pretty {twenty_pretty})"
    );
    // Measured: 1 allocation each (the output string; its growth counts as reallocations). A
    // path written through `to_string` would add one allocation per finding, 19 more here.
    assert!(
        twenty_line <= one_line + 5,
        "one line: {one_line}, twenty: {twenty_line}"
    );
    assert!(
        twenty_pretty <= one_pretty + 5,
        "one pretty: {one_pretty}, twenty: {twenty_pretty}"
    );

    // Reading a report back keeps the known names of its paths without allocating them.
    // Measured: 4 allocations per finding (its message and the texts serde_json reads), none of
    // them for the name `Weight` of its path; a name copied would add 19 here.
    let read = |text: &str| {
        let line = check(text).to_json_line();
        let region = Region::new(GLOBAL);
        let back: clb_preflight::Report = serde_json::from_str(&line).unwrap();
        let n = region.change().allocations;
        drop(back);
        n
    };
    let (one_read, twenty_read) = (read(&request(1)), read(&request(20)));
    println!("allocations reading a report back: 1 finding {one_read}, 20 findings {twenty_read}");
    assert!(
        twenty_read <= one_read + 19 * 4 + 3,
        "reading back: 1 finding {one_read}, 20 findings {twenty_read}"
    );

    // The reference path reads each item into serde_json's values: more allocations per item
    // (measured: 8 on the fast path, 29 on the reference path).
    let text = request(20).replace("101", "100");
    let region = Region::new(GLOBAL);
    let fast = Checker::new().check(&text);
    let fast_allocations = region.change().allocations;
    let region = Region::new(GLOBAL);
    let reference = Checker::new().reference_path().check(&text);
    let reference_allocations = region.change().allocations;
    assert!(fast.is_valid());
    assert_eq!(fast, reference);
    println!(
        "allocations checking 20 items: fast {fast_allocations}, reference {reference_allocations}"
    );
    assert!(
        reference_allocations > fast_allocations + 15,
        "fast: {fast_allocations}, reference: {reference_allocations}"
    );
}

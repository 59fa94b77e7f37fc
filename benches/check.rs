//! Checking a request, beside the bare serde_json parse of the same payload (the baseline, in
//! the same run): quote the ratio, not the times.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde::Deserialize;

/// The bare typed parse: the request into plain structs with `String` fields, no checks.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct BareRequest {
    region_id: Option<String>,
    load_balancer_id: String,
    backend_servers: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct BareServer {
    server_id: String,
    weight: Option<String>,
    #[serde(rename = "Type")]
    server_type: Option<String>,
    server_ip: Option<String>,
    port: Option<String>,
    description: Option<String>,
}

fn bare_parse(text: &str) -> usize {
    let request: BareRequest = serde_json::from_str(text).unwrap();
    let servers: Vec<BareServer> = serde_json::from_str(&request.backend_servers).unwrap();
    servers.len()
}

/// A realistic request of `n` items: ECS and ENI servers alternating, every field given.
fn payload(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            if i % 2 == 0 {
                format!(
                    r#"{{"ServerId":"i-2zej4lxhjoq1icuo9x{i:02}","Weight":"100","Type":"ecs","Port":"80","Description":"web-{i}"}}"#
                )
            } else {
                format!(
                    r#"{{"ServerId":"eni-2ze3ykcbqm8kdaqv0l{i:02}","Weight":"50","Type":"eni","ServerIp":"192.168.1.{i}","Port":"8080","Description":"pod-{i}"}}"#
                )
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

fn check(c: &mut Criterion) {
    for n in [1usize, 20] {
        let text = payload(n);
        assert!(clb_preflight::check(&text).is_valid());
        assert_eq!(bare_parse(&text), n);
        let mut group = c.benchmark_group(format!("{n}-item"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("bare-serde-parse", n), &text, |b, t| {
            b.iter(|| bare_parse(black_box(t)))
        });
        group.bench_with_input(BenchmarkId::new("check", n), &text, |b, t| {
            b.iter(|| clb_preflight::check(black_box(t)))
        });
        group.finish();
    }
}

/// A load balancer with `n` ECS members, none of them in `payload`'s request.
fn load_balancer(n: usize) -> String {
    let members: Vec<serde_json::Value> = (0..n)
        .map(|i| serde_json::json!({"ServerId": format!("i-2zemember{i:011}"), "Weight": 100, "Type": "ecs"}))
        .collect();
    serde_json::json!({
        "LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru", "LoadBalancerStatus": "active",
        "NetworkType": "vpc", "VpcId": "vpc-2zeo0bu8mwbbfzu1s0rdq", "AddressType": "intranet",
        "LoadBalancerSpec": "slb.s2.small",
        "BackendServers": {"BackendServer": members},
    })
    .to_string()
}

/// The diff against 10,000 attached members, beside the check without context and the bare
/// parse of the same request.
fn diff(c: &mut Criterion) {
    let text = payload(20);
    let mut context = clb_preflight::Context::new();
    context.add_load_balancer(&load_balancer(10_000)).unwrap();
    context.set_quota(20_000);
    let report = clb_preflight::check_with(&text, &context).unwrap();
    assert!(report.is_valid());
    assert_eq!(report.diff().unwrap().members_after().len(), 10_020);
    let mut group = c.benchmark_group("20-item-vs-10000-members");
    group.bench_function("bare-serde-parse", |b| {
        b.iter(|| bare_parse(black_box(&text)))
    });
    group.bench_function("check", |b| {
        b.iter(|| clb_preflight::check(black_box(&text)))
    });
    group.bench_function("check-with-10000-members", |b| {
        b.iter(|| clb_preflight::check_with(black_box(&text), &context))
    });
    group.finish();
}

criterion_group!(benches, check, diff);
criterion_main!(benches);

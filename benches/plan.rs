//! The planner, beside a baseline measured in the same run: reading the same
//! `DescribeLoadBalancerAttribute` response with serde_json into a `Value`. Quote the ratios.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use clb_preflight::plan::PlanOptions;
use clb_preflight::{plan, Context};
use criterion::{Criterion, Throughput};

/// A load balancer with `n` ECS members, and a desired set that keeps 70% of them (a third of
/// those at another weight), drops 30% and adds as many new ones.
fn inputs(n: usize) -> (String, String) {
    let members: Vec<serde_json::Value> = (0..n)
        .map(|i| serde_json::json!({"ServerId": format!("i-2zemember{i:011}"), "Weight": 100, "Type": "ecs", "Description": "web"}))
        .collect();
    let describe = serde_json::json!({
        "LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru", "LoadBalancerStatus": "active",
        "NetworkType": "vpc", "VpcId": "vpc-1", "AddressType": "intranet",
        "LoadBalancerSpec": "slb.s2.small",
        "BackendServers": {"BackendServer": members},
    })
    .to_string();
    let mut desired = Vec::new();
    for i in (0..n).filter(|i| i % 10 < 7) {
        let weight = if i % 3 == 0 { "50" } else { "100" };
        desired
            .push(serde_json::json!({"ServerId": format!("i-2zemember{i:011}"), "Weight": weight}));
    }
    for i in 0..n * 3 / 10 {
        desired.push(serde_json::json!({"ServerId": format!("i-2zenew{i:014}")}));
    }
    (describe, serde_json::Value::Array(desired).to_string())
}

fn planning(c: &mut Criterion) {
    for n in [200usize, 10_000] {
        let (describe, desired) = inputs(n);
        let mut context = Context::new();
        context.add_load_balancer(&describe).unwrap();
        context.set_quota(n * 2);
        assert!(plan(&desired, &context, PlanOptions::default())
            .unwrap()
            .is_valid());
        let mut group = c.benchmark_group(format!("plan-{n}-members"));
        group.sample_size(10);
        group.throughput(Throughput::Bytes(describe.len() as u64));
        group.bench_function("serde-value-of-describe", |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&describe)).unwrap())
        });
        group.bench_function("plan", |b| {
            b.iter(|| plan(black_box(&desired), &context, PlanOptions::default()).unwrap())
        });
        group.bench_function("read-facts-and-plan", |b| {
            b.iter(|| {
                let mut context = Context::new();
                context.add_load_balancer(black_box(&describe)).unwrap();
                context.set_quota(n * 2);
                plan(black_box(&desired), &context, PlanOptions::default()).unwrap()
            })
        });
        group.finish();
    }
}

/// A vServer group with `n` members (ECS servers on two ports), and a desired set that keeps
/// 70% of them (a third of those at another weight), moves a tenth to a third port, drops the
/// rest and adds as many new ones: the group's `DescribeVServerGroupAttribute` and the desired
/// members.
fn group_inputs(n: usize) -> (String, String) {
    let member = |i: usize| (format!("i-2zemember{:011}", i / 2), 80 + (i % 2) * 8000);
    let members: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let (id, port) = member(i);
            serde_json::json!({"ServerId": id, "Port": port, "Weight": 100, "Type": "ecs", "Description": "web"})
        })
        .collect();
    let describe = serde_json::json!({
        "VServerGroupId": "rsp-2ze1abcd5v3kxq", "VServerGroupName": "web",
        "LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru",
        "BackendServers": {"BackendServer": members},
    })
    .to_string();
    let mut desired = Vec::new();
    for i in 0..n {
        let (id, port) = member(i);
        match i % 10 {
            0..=6 => {
                let weight = if i % 3 == 0 { "50" } else { "100" };
                desired.push(
                    serde_json::json!({"ServerId": id, "Port": port.to_string(), "Weight": weight}),
                );
            }
            7 => desired.push(serde_json::json!({"ServerId": id, "Port": "9090"})),
            _ => {}
        }
    }
    for i in 0..n * 2 / 10 {
        desired.push(serde_json::json!({"ServerId": format!("i-2zenew{i:014}"), "Port": "80"}));
    }
    (describe, serde_json::Value::Array(desired).to_string())
}

fn group_planning(c: &mut Criterion) {
    let n = 2_000;
    let (describe, desired) = group_inputs(n);
    let options = || PlanOptions::default().region_id("cn-beijing".parse().unwrap());
    let mut context = Context::new();
    context.add_vserver_group(&describe).unwrap();
    let planned = plan(&desired, &context, options()).unwrap();
    assert!(planned.is_valid() && planned.summary().calls() > 0);
    let mut group = c.benchmark_group(format!("plan-group-{n}-members"));
    group.sample_size(10);
    group.throughput(Throughput::Bytes(describe.len() as u64));
    group.bench_function("serde-value-of-describe", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&describe)).unwrap())
    });
    group.bench_function("plan", |b| {
        b.iter(|| plan(black_box(&desired), &context, options()).unwrap())
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    planning(&mut c);
    group_planning(&mut c);
    c.final_summary();
}

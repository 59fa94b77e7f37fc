//! Throughput, always beside a baseline measured in the same run: the bare typed serde_json
//! parse of the same bytes (the request and its items into structs of `String` fields, no
//! checks). Quote the ratios, not the times. Payloads are generated here, from a fixed seed.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::Command;

use clb_preflight::limits::Limits;
use clb_preflight::{check, check_with, Checker, Context};
use criterion::{BenchmarkId, Criterion, Throughput};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct BareRequest {
    region_id: Option<String>,
    load_balancer_id: String,
    backend_servers: String,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
struct BareServer {
    server_id: String,
    weight: Option<String>,
    #[serde(rename = "Type")]
    server_type: Option<String>,
    server_ip: Option<String>,
    port: Option<String>,
    description: Option<String>,
}

/// The baseline: the request and its items into plain structs, no checks.
fn bare_parse(text: &str) -> Vec<BareServer> {
    let request: BareRequest = serde_json::from_str(text).unwrap();
    serde_json::from_str(&request.backend_servers).unwrap()
}

/// A small deterministic generator (an LCG), so that every run checks the same payloads.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One item: ECS or ENI, every field given; `bad` puts one invalid value in it (still a string,
/// so that the bare parse reads the same bytes).
fn item(rng: &mut Seeded, i: usize, bad: bool) -> String {
    let eni = rng.below(2) == 1;
    let mut weight = rng.below(101).to_string();
    let mut port = (1 + rng.below(65535)).to_string();
    let mut kind = if eni { "eni" } else { "ecs" }.to_owned();
    let mut ip = format!("192.168.{}.{}", i, rng.below(255));
    let mut description = format!("web-{i}");
    if bad {
        match rng.below(5) {
            0 => weight = "101".into(),
            1 => port = "080".into(),
            2 => kind = kind.to_uppercase(),
            3 => ip = "192.168.1".into(),
            _ => description = "web server".into(),
        }
    }
    let id = if eni {
        format!("eni-2ze3ykcbqm8kdaq{i:05}")
    } else {
        format!("i-2zej4lxhjoq1icu{i:05}")
    };
    let ip = if eni {
        format!(r#","ServerIp":"{ip}""#)
    } else {
        String::new()
    };
    format!(
        r#"{{"ServerId":"{id}","Weight":"{weight}","Type":"{kind}"{ip},"Port":"{port}","Description":"{description}"}}"#
    )
}

/// A request of `n` items, `bad` of them with an invalid value.
fn request(rng: &mut Seeded, n: usize, bad: impl Fn(usize) -> bool) -> String {
    let items: Vec<String> = (0..n).map(|i| item(rng, i, bad(i))).collect();
    serde_json::json!({
        "RegionId": "cn-beijing",
        "LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru",
        "BackendServers": format!("[{}]", items.join(",")),
    })
    .to_string()
}

/// The same request with every string of `BackendServers` in single quotes, as terraform writes
/// it (R30): its items hold no quote of their own, so each `"` of the text becomes a `'`.
fn single_quoted(text: &str) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(text).unwrap();
    let servers = doc["BackendServers"].as_str().unwrap().replace('"', "'");
    doc["BackendServers"] = serde_json::Value::String(servers);
    doc.to_string()
}

/// The same items, each with a `Port` (a group's item needs one), as an `AddBackendServers`
/// request and as an `AddVServerGroupBackendServers` one.
fn default_and_group(text: &str) -> (String, String) {
    let doc: serde_json::Value = serde_json::from_str(text).unwrap();
    let mut items: Vec<serde_json::Value> =
        serde_json::from_str(doc["BackendServers"].as_str().unwrap()).unwrap();
    for item in &mut items {
        if item.get("Port").is_none() {
            item["Port"] = serde_json::json!("80");
        }
    }
    let servers = serde_json::to_string(&items).unwrap();
    let default = serde_json::json!({
        "RegionId": "cn-beijing",
        "LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru",
        "BackendServers": servers,
    });
    let group = serde_json::json!({
        "Action": "AddVServerGroupBackendServers",
        "RegionId": "cn-beijing",
        "VServerGroupId": "rsp-2ze1abcd5v3kxq",
        "BackendServers": servers,
    });
    (default.to_string(), group.to_string())
}

/// `lines` requests of 1 to 20 items, about a fifth of the items invalid.
fn batch(lines: usize, seed: u64) -> String {
    let mut rng = Seeded(seed);
    let mut out = String::new();
    for _ in 0..lines {
        let n = 1 + rng.below(20) as usize;
        let bad: Vec<bool> = (0..n).map(|_| rng.below(5) == 0).collect();
        out.push_str(&request(&mut rng, n, |i| bad[i]));
        out.push('\n');
    }
    out
}

/// A request of these items (JSON objects, or any JSON value for R3), with `lb` and `region` as
/// its parameters.
fn custom(items: &[String], lb: &str, region: &str) -> String {
    serde_json::json!({
        "RegionId": region,
        "LoadBalancerId": lb,
        "BackendServers": format!("[{}]", items.join(",")),
    })
    .to_string()
}

const LB: &str = "lb-2ze7o5h52g02kkzze7lru";
const REGION: &str = "cn-beijing";

/// An ECS item `i` with every field it takes.
fn ecs(i: usize) -> String {
    format!(
        r#"{{"ServerId":"i-2zej4lxhjoq1icu{i:05}","Weight":"{}","Type":"ecs","Port":"{}","Description":"web-{i}"}}"#,
        10 + i,
        8000 + i
    )
}

/// An ENI item `i`: `ty` its `Type` (absent when `None`), `ip` its `ServerIp` (absent when
/// `None`), `port` and `description`.
fn eni(i: usize, ty: Option<&str>, ip: Option<&str>, port: &str, description: &str) -> String {
    let ty = ty.map_or(String::new(), |t| format!(r#","Type":"{t}""#));
    let ip = ip.map_or(String::new(), |ip| format!(r#","ServerIp":"{ip}""#));
    format!(
        r#"{{"ServerId":"eni-2ze3ykcbqm8kdaq{i:05}","Weight":"{}"{ty}{ip},"Port":"{port}","Description":"{description}"}}"#,
        10 + i
    )
}

/// The baseline a family is measured against: the bare typed parse, or (R3, whose items are no
/// objects) the same into `String` items.
#[derive(Clone, Copy)]
enum Bare {
    Servers,
    Strings,
}

impl Bare {
    fn parse(self, text: &str) -> usize {
        match self {
            Bare::Servers => bare_parse(text).len(),
            Bare::Strings => {
                let request: BareRequest = serde_json::from_str(text).unwrap();
                serde_json::from_str::<Vec<String>>(&request.backend_servers)
                    .unwrap()
                    .len()
            }
        }
    }
}

/// The error families: per rule R1 to R19 a request of 20 items (21 for R4) whose every item (or,
/// for the request-level rules R1 and R2, the request) fails that rule; and the mixed request of
/// issue 14, each item failing in one of four ways. R18 has no finding of its own (R17 and R19
/// use it). Each with its baseline, the number of findings it must give, and the code they have.
fn families() -> Vec<(String, String, Bare, usize, &'static str)> {
    let n = 20;
    let each = |f: &dyn Fn(usize) -> String| (0..n).map(f).collect::<Vec<String>>();
    let valid = each(&|i| ecs(i));
    let ip = |i: usize| format!("192.168.{}.{}", i / 200, 1 + i % 200);
    let mut out = vec![
        (
            "R1".to_owned(),
            custom(&valid, "lb-2ze7o5h52g 02kkzze7lru", REGION),
            Bare::Servers,
            1,
            "InvalidParameter.LoadBalancerId",
        ),
        (
            "R2".to_owned(),
            custom(&valid, LB, "CN_Beijing"),
            Bare::Servers,
            1,
            "InvalidParameter.RegionId",
        ),
        (
            "R3".to_owned(),
            custom(
                &each(&|i| format!(r#""i-2zej4lxhjoq1icu{i:05}""#)),
                LB,
                REGION,
            ),
            Bare::Strings,
            n,
            "InvalidParameter.BackendServers",
        ),
        (
            "R4".to_owned(),
            custom(&(0..21).map(ecs).collect::<Vec<String>>(), LB, REGION),
            Bare::Servers,
            1,
            "TooManyBackendServers",
        ),
        (
            "R5".to_owned(),
            custom(
                &each(&|i| ecs(i).replace("\"Weight\"", "\"weight\"")),
                LB,
                REGION,
            ),
            Bare::Servers,
            n,
            "NonCanonicalFieldName",
        ),
        (
            "R6".to_owned(),
            custom(
                &each(&|i| ecs(i).replace("i-2zej4", "i-2zej 4")),
                LB,
                REGION,
            ),
            Bare::Servers,
            n,
            "InvalidParameter.ServerId",
        ),
        (
            "R7".to_owned(),
            custom(
                &each(&|i| {
                    ecs(i).replace(&format!("\"Weight\":\"{}\"", 10 + i), "\"Weight\":\"101\"")
                }),
                LB,
                REGION,
            ),
            Bare::Servers,
            n,
            "InvalidWeight.Malformed",
        ),
        (
            "R8".to_owned(),
            custom(
                &each(&|i| {
                    ecs(i).replace(&format!("\"Weight\":\"{}\"", 10 + i), "\"Weight\":\"0\"")
                }),
                LB,
                REGION,
            ),
            Bare::Servers,
            n,
            "ZeroWeight",
        ),
        (
            "R9".to_owned(),
            custom(
                &each(&|i| ecs(i).replace("web-", "web server ")),
                LB,
                REGION,
            ),
            Bare::Servers,
            n,
            "InvalidParameter.Description",
        ),
        (
            "R10".to_owned(),
            custom(&each(&|i| ecs(i).replace("\"ecs\"", "\"ECS\"")), LB, REGION),
            Bare::Servers,
            n,
            "BackendServer.InvalidType",
        ),
        (
            "R11".to_owned(),
            custom(
                &each(&|i| eni(i, None, Some(&ip(i)), "80", &format!("pod-{i}"))),
                LB,
                REGION,
            ),
            Bare::Servers,
            n,
            "MissingParameter.Type",
        ),
        (
            "R12".to_owned(),
            custom(
                &each(&|i| eni(i, Some("ecs"), Some(&ip(i)), "80", &format!("pod-{i}"))),
                LB,
                REGION,
            ),
            Bare::Servers,
            n,
            "InvalidParameter.TypeMismatch",
        ),
        (
            "R13".to_owned(),
            custom(
                &each(&|i| eni(i, Some("eni"), None, "80", &format!("pod-{i}"))),
                LB,
                REGION,
            ),
            Bare::Servers,
            n,
            "MissingParameter.ServerIp",
        ),
        (
            "R14".to_owned(),
            custom(
                &each(&|i| {
                    eni(
                        i,
                        Some("eni"),
                        Some("10.0.0.256"),
                        "80",
                        &format!("pod-{i}"),
                    )
                }),
                LB,
                REGION,
            ),
            Bare::Servers,
            n,
            "InvalidParameter.ServerIp",
        ),
        (
            "R15".to_owned(),
            custom(
                &each(&|i| {
                    eni(
                        i,
                        Some("eni"),
                        Some(&format!("fe80::{i:x}")),
                        "80",
                        &format!("pod-{i}"),
                    )
                }),
                LB,
                REGION,
            ),
            Bare::Servers,
            n,
            "LBNotSupportIpv6Backend",
        ),
        (
            "R16".to_owned(),
            custom(
                &each(&|i| ecs(i).replace(&format!("\"Port\":\"{}\"", 8000 + i), "\"Port\":\"0\"")),
                LB,
                REGION,
            ),
            Bare::Servers,
            n,
            "InvalidParameter.Port",
        ),
        (
            "R17".to_owned(),
            custom(
                &each(&|i| {
                    ecs(0).replace("\"Weight\":\"10\"", &format!("\"Weight\":\"{}\"", 10 + i))
                }),
                LB,
                REGION,
            ),
            Bare::Servers,
            n - 1,
            "DuplicateBackendServer.Ignored",
        ),
        (
            "R19".to_owned(),
            custom(
                &each(&|i| {
                    eni(
                        i,
                        Some("eni"),
                        Some("192.168.0.1"),
                        "80",
                        &format!("pod-{i}"),
                    )
                }),
                LB,
                REGION,
            ),
            Bare::Servers,
            n - 1,
            "InvalidBackendServers.ServerIpConflict",
        ),
    ];
    // Issue 14's mix: weight 101; an ENI without `Type`; `Port` 0 with a `Description` holding
    // a space; an ECI typed `ECS` with `ServerIp` 10.0.0.256.
    let mixed = each(&|i| match i % 4 {
        0 => ecs(i).replace(&format!("\"Weight\":\"{}\"", 10 + i), "\"Weight\":\"101\""),
        1 => eni(i, None, Some(&ip(i)), "80", &format!("pod-{i}")),
        2 => ecs(i)
            .replace(&format!("\"Port\":\"{}\"", 8000 + i), "\"Port\":\"0\"")
            .replace("web-", "web server "),
        _ => format!(
            r#"{{"ServerId":"eci-2ze3ykcbqm8kdaq{i:05}","Weight":"50","Type":"ECS","ServerIp":"10.0.0.256","Port":"80","Description":"pod-{i}"}}"#
        ),
    });
    out.push((
        "mixed".to_owned(),
        custom(&mixed, LB, REGION),
        Bare::Servers,
        30,
        "",
    ));
    out
}

/// Checks that each family gives what it is named for: `count` findings, each with `code`.
fn assert_family(name: &str, text: &str, count: usize, code: &str) {
    let report = check(text);
    let findings: Vec<_> = report.findings().collect();
    assert_eq!(findings.len(), count, "{name}: {}", report.to_human());
    if !code.is_empty() {
        assert!(
            findings.iter().all(|f| f.code().as_str() == code),
            "{name}: {}",
            report.to_human()
        );
    }
}

fn error_families(c: &mut Criterion) {
    for (name, text, bare, count, code) in families() {
        assert_family(&name, &text, count, code);
        let mut group = c.benchmark_group(format!("20-item-errors-{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("bare-serde-parse", |b| {
            b.iter(|| bare.parse(black_box(&text)))
        });
        group.bench_function("check", |b| b.iter(|| check(black_box(&text))));
        group.finish();
    }
}

fn single_requests(c: &mut Criterion) {
    let mut rng = Seeded(7);
    let cases = [
        ("1-item", request(&mut rng, 1, |_| false), true),
        ("20-item-valid", request(&mut rng, 20, |_| false), true),
        ("20-item-errors", request(&mut rng, 20, |_| true), false),
    ];
    for (name, text, valid) in cases {
        let report = check(&text);
        assert_eq!(report.is_valid(), valid, "{}", report.to_human());
        if !valid {
            assert_eq!(report.errors().len(), 20);
        }
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("bare-serde-parse", |b| {
            b.iter(|| bare_parse(black_box(&text)))
        });
        group.bench_function("check", |b| b.iter(|| check(black_box(&text))));
        group.finish();
    }
    // R30: the same 20 items single-quoted, against the double-quoted check and the bare parse
    // of the double-quoted text (serde_json cannot read single quotes).
    let twenty = request(&mut Seeded(7), 20, |_| false);
    let quoted = single_quoted(&twenty);
    let report = check(&quoted);
    assert!(report.is_valid(), "{}", report.to_human());
    assert_eq!(report.warnings().len(), 1);
    let mut group = c.benchmark_group("20-item-single-quoted");
    group.throughput(Throughput::Bytes(quoted.len() as u64));
    group.bench_function("bare-serde-parse-double-quoted", |b| {
        b.iter(|| bare_parse(black_box(&twenty)))
    });
    group.bench_function("check-double-quoted", |b| {
        b.iter(|| check(black_box(&twenty)))
    });
    group.bench_function("check-single-quoted", |b| {
        b.iter(|| check(black_box(&quoted)))
    });
    group.finish();
}

fn batch_in_process(c: &mut Criterion) {
    let text = batch(10_000, 11);
    let lines: Vec<&str> = text.lines().collect();
    let invalid = lines.iter().filter(|l| !check(l).is_valid()).count();
    assert!(invalid > 1000, "{invalid} invalid requests");
    let mut group = c.benchmark_group("batch-10000-requests");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("bare-serde-parse", |b| {
        b.iter(|| lines.iter().map(|l| bare_parse(l).len()).sum::<usize>())
    });
    group.bench_function("check", |b| {
        b.iter(|| lines.iter().filter(|l| check(l).is_valid()).count())
    });
    group.finish();
}

/// A load balancer with `n` ECS members, none of them in the requests above.
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

fn diff(c: &mut Criterion) {
    let text = request(&mut Seeded(13), 20, |_| false);
    let mut context = Context::new();
    context.add_load_balancer(&load_balancer(10_000)).unwrap();
    context.set_quota(20_000);
    let report = check_with(&text, &context).unwrap();
    assert!(report.is_valid(), "{}", report.to_human());
    assert_eq!(report.diff().unwrap().members_after().len(), 10_020);
    let mut group = c.benchmark_group("20-item-vs-10000-members");
    group.bench_function("bare-serde-parse", |b| {
        b.iter(|| bare_parse(black_box(&text)))
    });
    group.bench_function("check", |b| b.iter(|| check(black_box(&text))));
    group.bench_function("check-with-10000-members", |b| {
        b.iter(|| check_with(black_box(&text), &context))
    });
    group.finish();
}

fn hostile(c: &mut Criterion) {
    let items = format!(
        "[{}]",
        vec![r#"{"ServerId":"i-2zej4lxhjoq1icuo9x1z"}"#; 1_000_000].join(",")
    );
    let text =
        serde_json::json!({"LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru", "BackendServers": items})
            .to_string();
    let raised = Limits::DEFAULT
        .with_max_document_bytes(usize::MAX)
        .with_max_backend_servers_bytes(usize::MAX);
    let checker = Checker::new().with_limits(raised);
    assert_eq!(
        checker.check(&text).errors()[0].code().as_str(),
        "TooManyBackendServers"
    );
    let mut group = c.benchmark_group("1000000-items");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("bare-serde-parse", |b| {
        b.iter(|| bare_parse(black_box(&text)).len())
    });
    group.bench_function("check-raised-limits", |b| {
        b.iter(|| checker.check(black_box(&text)))
    });
    group.bench_function("check-default-limits", |b| {
        b.iter(|| check(black_box(&text)))
    });
    group.finish();
}

/// The baseline program of the batch comparison: reads each line with serde_json into `String`
/// structs and writes the request's items back as one JSON line. This bench binary runs it as a
/// child process when `CLB_BARE_BATCH` names the input.
fn bare_batch(path: &str) {
    let input = BufReader::with_capacity(1 << 16, std::fs::File::open(path).unwrap());
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    for line in input.lines() {
        let servers = bare_parse(&line.unwrap());
        serde_json::to_writer(&mut out, &servers).unwrap();
        out.write_all(b"\n").unwrap();
    }
    out.flush().unwrap();
}

/// The command-line tool, built in release mode into this benchmark's target folder: a bench of
/// another package of the workspace cannot name it with `CARGO_BIN_EXE_…`.
fn tool() -> std::path::PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml");
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--bin", "clb-preflight"])
        .args(["--manifest-path", manifest])
        .status()
        .unwrap();
    assert!(status.success(), "cannot build clb-preflight");
    // …/release/deps/check-… is this benchmark; the tool is …/release/clb-preflight.
    let exe = std::env::current_exe().unwrap();
    let release = exe.parent().unwrap().parent().unwrap();
    release.join(format!("clb-preflight{}", std::env::consts::EXE_SUFFIX))
}

fn batch_processes(c: &mut Criterion) {
    let path =
        std::env::temp_dir().join(format!("clb-preflight-batch-{}.jsonl", std::process::id()));
    std::fs::write(&path, batch(30_000, 17)).unwrap();
    let me = std::env::current_exe().unwrap();
    let tool = tool();
    let run = |command: &mut Command| {
        let out = command
            .stdout(std::process::Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), 30_000);
        out.status.code()
    };
    let mut group = c.benchmark_group("batch-30000-requests-process");
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("bare-serde-program", 30_000), |b| {
        b.iter(|| run(Command::new(&me).env("CLB_BARE_BATCH", &path)))
    });
    group.bench_function(BenchmarkId::new("clb-preflight-jsonl", 30_000), |b| {
        b.iter(|| run(Command::new(&tool).arg("check").arg("--jsonl").arg(&path)))
    });
    group.finish();
    let _ = std::fs::remove_file(&path);
}

/// The ratios, measured interleaved: rounds of `bare` then `check`, each timed over a batch of
/// calls, keeping the fastest batch of each. On a shared, noisy machine the minimum of many short
/// interleaved batches is steadier than two long runs one after the other. Printed, never
/// asserted.
fn interleaved_ratios() {
    let mut rng = Seeded(7);
    let one = request(&mut rng, 1, |_| false);
    let twenty = request(&mut rng, 20, |_| false);
    let errors = request(&mut rng, 20, |_| true);
    let quoted = single_quoted(&twenty);
    assert!(check(&quoted).is_valid());
    let (default_add, group_add) = default_and_group(&twenty);
    assert!(check(&default_add).is_valid() && check(&group_add).is_valid());
    let lines_text = batch(2_000, 11);
    let lines: Vec<&str> = lines_text.lines().collect();
    let families: Vec<(String, String, Bare)> = families()
        .into_iter()
        .map(|(name, text, bare, count, code)| {
            assert_family(&name, &text, count, code);
            (format!("20 items, errors {name}"), text, bare)
        })
        .collect();
    type Job<'a> = Box<dyn Fn() + 'a>;
    let mut cases: Vec<(&str, Job<'_>, Job<'_>, u32)> = vec![
        (
            "1 item",
            Box::new(|| drop(black_box(bare_parse(black_box(&one))))),
            Box::new(|| drop(black_box(check(black_box(&one))))),
            2000,
        ),
        (
            "20 items, valid",
            Box::new(|| drop(black_box(bare_parse(black_box(&twenty))))),
            Box::new(|| drop(black_box(check(black_box(&twenty))))),
            200,
        ),
        (
            "20 items, single-quoted",
            Box::new(|| drop(black_box(bare_parse(black_box(&twenty))))),
            Box::new(|| drop(black_box(check(black_box(&quoted))))),
            200,
        ),
        (
            "single- / double-quoted",
            Box::new(|| drop(black_box(check(black_box(&twenty))))),
            Box::new(|| drop(black_box(check(black_box(&quoted))))),
            200,
        ),
        (
            "vServer-group / default Add, 20",
            Box::new(|| drop(black_box(check(black_box(&default_add))))),
            Box::new(|| drop(black_box(check(black_box(&group_add))))),
            200,
        ),
        (
            "20 items, an error in each",
            Box::new(|| drop(black_box(bare_parse(black_box(&errors))))),
            Box::new(|| drop(black_box(check(black_box(&errors))))),
            200,
        ),
        (
            "2,000-request mixed batch",
            Box::new(|| {
                for l in &lines {
                    drop(black_box(bare_parse(l)))
                }
            }),
            Box::new(|| {
                for l in &lines {
                    drop(black_box(check(l)))
                }
            }),
            1,
        ),
    ];
    for (name, text, bare) in &families {
        cases.push((
            name,
            Box::new(move || {
                black_box(bare.parse(black_box(text)));
            }),
            Box::new(move || drop(black_box(check(black_box(text))))),
            200,
        ));
    }
    println!("\ninterleaved ratios (check / bare typed serde parse, fastest of 60 rounds each; processes: of 10;\n  single- / double-quoted, vServer-group / default Add: the check of the one over the check of the other):");
    // `CLB_RATIOS_FILTER=R1` keeps only the rows whose name holds that text.
    let filter = std::env::var("CLB_RATIOS_FILTER").unwrap_or_default();
    for (name, bare, ours, n) in cases {
        if !name.contains(&filter) {
            continue;
        }
        let time = |job: &dyn Fn()| {
            let start = std::time::Instant::now();
            for _ in 0..n {
                job();
            }
            start.elapsed()
        };
        let (mut best_bare, mut best_ours) = (std::time::Duration::MAX, std::time::Duration::MAX);
        for _ in 0..60 {
            best_bare = best_bare.min(time(&*bare));
            best_ours = best_ours.min(time(&*ours));
        }
        println!(
            "  {name:<28} {:.2}",
            best_ours.as_secs_f64() / best_bare.as_secs_f64()
        );
    }
    // The batch as whole processes: fewer rounds (each takes a fraction of a second).
    let path = std::env::temp_dir().join(format!(
        "clb-preflight-interleaved-{}.jsonl",
        std::process::id()
    ));
    std::fs::write(&path, batch(30_000, 17)).unwrap();
    let me = std::env::current_exe().unwrap();
    let tool = tool();
    let time = |command: &mut Command| {
        let start = std::time::Instant::now();
        let out = command
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(out.code().is_some());
        start.elapsed()
    };
    // The tool with one thread (`--jobs 1`) and with one per core (the default), each beside
    // the baseline program in the same rounds.
    let jobs = |n: &str| {
        let mut command = Command::new(&tool);
        command.args(["check", "--jobs", n, "--jsonl"]).arg(&path);
        command
    };
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let (mut best_bare, mut best_one, mut best_all) = (
        std::time::Duration::MAX,
        std::time::Duration::MAX,
        std::time::Duration::MAX,
    );
    for _ in 0..10 {
        best_bare = best_bare.min(time(Command::new(&me).env("CLB_BARE_BATCH", &path)));
        best_one = best_one.min(time(&mut jobs("1")));
        best_all = best_all.min(time(&mut jobs(&cores.to_string())));
    }
    let ratio = |a: std::time::Duration, b: std::time::Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "  {:<28} {:.2}",
        "30,000 requests, --jobs 1",
        ratio(best_one, best_bare)
    );
    println!(
        "  {:<28} {:.2}",
        format!("30,000 requests, --jobs {cores}"),
        ratio(best_all, best_bare)
    );
    println!(
        "  {:<28} {:.2}",
        format!("throughput --jobs {cores} / 1"),
        ratio(best_one, best_all)
    );
    let _ = std::fs::remove_file(&path);
}

fn main() {
    if let Some(path) = std::env::var_os("CLB_BARE_BATCH") {
        bare_batch(&path.to_string_lossy());
        return;
    }
    if let Some(dir) = std::env::var_os("CLB_DUMP_PAYLOADS") {
        // The payloads as files, for instruction counts outside the bench.
        let mut rng = Seeded(7);
        let one = request(&mut rng, 1, |_| false);
        let twenty = request(&mut rng, 20, |_| false);
        let errors = request(&mut rng, 20, |_| true);
        let dir = std::path::Path::new(&dir);
        std::fs::write(dir.join("one.json"), one).unwrap();
        std::fs::write(dir.join("valid.json"), twenty).unwrap();
        std::fs::write(dir.join("errors.json"), errors).unwrap();
        for (name, text, ..) in families() {
            std::fs::write(dir.join(format!("{name}.json")), text).unwrap();
        }
        std::fs::write(dir.join("batch.jsonl"), batch(30_000, 17)).unwrap();
        return;
    }
    if std::env::var_os("CLB_RATIOS_ONLY").is_some() {
        interleaved_ratios();
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    single_requests(&mut c);
    error_families(&mut c);
    batch_in_process(&mut c);
    diff(&mut c);
    hostile(&mut c);
    batch_processes(&mut c);
    c.final_summary();
    interleaved_ratios();
}

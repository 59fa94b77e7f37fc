//! The command line: exit codes, both formats, standard input, and failed invocations.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    missing_docs
)]

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    run_with(args, stdin, &[])
}

/// As `run`, with these environment variables (and none of the colour ones otherwise).
fn run_with(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clb-preflight"))
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .envs(env.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // A run that fails before reading its input closes the pipe: not the test's concern.
    let _ = input.write_all(stdin.unwrap_or_default());
    drop(input);
    child.wait_with_output().unwrap()
}

/// A directory of this test process's own under the system's temporary directory, created.
fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("clb-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The batch report of line `n`: the library's report, located in the line, with `"line": n`
/// first.
fn numbered(n: usize, line: &[u8]) -> String {
    let report = clb_preflight::check_bytes(line);
    let report = match std::str::from_utf8(line) {
        Ok(text) => report.located(text),
        Err(_) => report,
    };
    let json = report.to_json_line();
    format!("{{\"line\":{n},{}", &json[1..])
}

#[test]
fn valid_example_exits_zero() {
    for example in ["examples/request.json", "examples/request.query"] {
        let out = run(&["check", example], None);
        assert_eq!(out.status.code(), Some(0), "{example}: {}", stdout(&out));
        assert!(
            stdout(&out).starts_with("valid: 2 backend servers to add to lb-2ze7o5h52g02kkzze7lru")
        );
    }
}

#[test]
fn invalid_example_exits_one_with_one_line_per_finding() {
    let out = run(&["check", "examples/invalid.json"], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.iter().filter(|l| l.starts_with("error[")).count(), 3);
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("warning[")).count(),
        2
    );
    assert!(lines.contains(&"invalid: 3 errors, 2 warnings"));
}

#[test]
fn json_format_prints_exactly_one_object_matching_the_library() {
    let out = run(
        &["check", "--format", "json", "examples/invalid.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let text = std::fs::read_to_string("examples/invalid.json").unwrap();
    let expected: serde_json::Value =
        serde_json::from_str(&clb_preflight::check(&text).located(&text).to_json()).unwrap();
    assert_eq!(printed, expected);
    assert_eq!(printed["errors"][0]["code"], "InvalidWeight.Malformed");
    assert_eq!(printed["errors"][0]["path"], "BackendServers[1].Weight");
    assert_eq!(
        printed["errors"][0]["location"],
        serde_json::json!({"line": 5, "column": 54, "end": {"line": 5, "column": 56}, "span": {"start": 185, "end": 188}})
    );
    // An absent field has no place in the text.
    assert_eq!(printed["errors"][2]["path"], "BackendServers[3].Type");
    assert!(printed["errors"][2].get("location").is_none());
    assert!(printed.get("backend_servers").is_none());
}

#[test]
fn reads_standard_input() {
    let request = std::fs::read("examples/request.json").unwrap();
    let out = run(&["check", "--format", "json", "-"], Some(&request));
    assert_eq!(out.status.code(), Some(0));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(printed["valid"], true);
    assert_eq!(printed["backend_servers"][1]["Type"], "eni");
}

#[test]
fn content_that_is_not_a_request_exits_one() {
    let out = run(&["check", "--format", "json", "-"], Some(b"[1,2,3]"));
    assert_eq!(out.status.code(), Some(1));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(printed["errors"][0]["code"], "MalformedRequest");
    assert_eq!(printed["errors"][0]["path"], "");
}

#[test]
fn failed_invocations_exit_two() {
    for args in [
        &["check", "no/such/file.json"][..],
        &["check", "--format", "yaml", "examples/request.json"][..],
        &["check"][..],
        &["frobnicate"][..],
    ] {
        let out = run(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn context_flags_check_against_the_load_balancer() {
    let out = run(
        &[
            "check",
            "--format",
            "json",
            "--load-balancer",
            "examples/describe-load-balancer.json",
            "--servers",
            "examples/describe-instances.json",
            "--servers",
            "examples/describe-network-interfaces.json",
            "--servers",
            "examples/describe-container-groups.json",
            "examples/request.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(printed["unchecked"], serde_json::json!([]));
    assert_eq!(printed["diff"]["add"].as_array().unwrap().len(), 2);
    assert_eq!(
        printed["diff"]["members_after"].as_array().unwrap().len(),
        4
    );
}

#[test]
fn facts_that_cannot_be_used_exit_two() {
    let cases: &[&[&str]] = &[
        // Server facts given as the load balancer's, and the other way round.
        &[
            "check",
            "--load-balancer",
            "examples/describe-instances.json",
            "examples/request.json",
        ],
        &[
            "check",
            "--servers",
            "examples/describe-load-balancer.json",
            "examples/request.json",
        ],
        // Facts about another load balancer than the request's.
        &[
            "check",
            "--load-balancer",
            "tests/context-cases/error-load-balancer-mismatch/load-balancer.json",
            "examples/request.json",
        ],
        &[
            "check",
            "--load-balancer",
            "no/such/file.json",
            "examples/request.json",
        ],
        &["check", "--quota", "many", "examples/request.json"],
    ];
    for args in cases {
        let out = run(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

/// Every `$ clb-preflight …` example in the README prints what the README says it prints.
/// Every console example of the README and of `docs/` is what the binary prints.
#[test]
fn readme_console_examples_are_true() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for block in text.split("```console\n").skip(1) {
            let block = block.split("\n```").next().unwrap();
            let mut lines = block.lines();
            let mut command = String::new();
            for line in lines.by_ref() {
                let line = line.trim_start_matches("$ ").trim();
                match line.strip_suffix('\\') {
                    Some(part) => command.push_str(part),
                    None => {
                        command.push_str(line);
                        break;
                    }
                }
            }
            let expected: Vec<&str> = lines.collect();
            let args: Vec<&str> = command.split_whitespace().skip(1).collect();
            let out = run(&args, None);
            assert_eq!(
                stdout(&out).lines().collect::<Vec<_>>(),
                expected,
                "{} example: {command}",
                file.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "found only {checked} console examples");
}

#[test]
fn batch_mode_prints_one_compact_report_per_line_in_order() {
    let input = std::fs::read("examples/batch.jsonl").unwrap();
    let mut lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    // A line that is not a request, and one that is not UTF-8, are reports too.
    let mut extra = input.clone();
    extra.extend_from_slice(b"not a request\n\xff\xfe\n");
    lines.push(b"not a request");
    lines.push(b"\xff\xfe");
    for (args, stdin) in [
        (vec!["check", "--jsonl", "examples/batch.jsonl"], None),
        (vec!["check", "--jsonl", "-"], Some(extra.as_slice())),
    ] {
        let out = run(&args, stdin);
        let printed = stdout(&out);
        let reports: Vec<&str> = printed.lines().collect();
        let expected = if stdin.is_some() {
            lines.len()
        } else {
            lines.len() - 2
        };
        assert_eq!(reports.len(), expected, "{args:?}");
        for (n, (report, line)) in reports.iter().zip(&lines).enumerate() {
            assert_eq!(*report, numbered(n + 1, line));
        }
        // examples/batch.jsonl holds an invalid request, so the run exits 1.
        assert_eq!(out.status.code(), Some(1), "{args:?}");
    }
}

#[test]
fn batch_mode_exits_zero_when_every_request_is_valid_and_counts_long_lines() {
    let valid = std::fs::read_to_string("examples/request.json")
        .unwrap()
        .replace('\n', "");
    let stdin = format!("{valid}\r\n{valid}\n");
    let out = run(&["check", "--jsonl", "-"], Some(stdin.as_bytes()));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out).lines().count(), 2);
    // A line over the document limit is refused with its true length, without being kept.
    let long = format!("{}\n", " ".repeat(300_000));
    let out = run(&["check", "--jsonl", "-"], Some(long.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(report["errors"][0]["code"], "RequestTooLarge");
    assert_eq!(
        report["errors"][0]["message"],
        "the request is 300000 bytes; expected at most 262144"
    );
}

#[test]
fn batch_mode_reads_lines_at_the_size_limit_like_whole_documents() {
    // Around the default document limit (262,144 bytes), each ending: the line's report is the
    // report on the line alone, its true length included.
    for len in [262_143, 262_144, 262_145, 262_146, 262_147] {
        for ending in ["\n", "\r\n", ""] {
            let line = format!("x{}", " ".repeat(len - 1));
            let stdin = format!("{line}{ending}{{}}\n");
            let out = run(&["check", "--jsonl", "-"], Some(stdin.as_bytes()));
            let printed = stdout(&out);
            let reports: Vec<&str> = printed.lines().collect();
            let mut expected = vec![numbered(1, line.as_bytes())];
            if ending.is_empty() {
                // No newline: the `{}` is part of the same line.
                expected = vec![numbered(1, format!("{line}{{}}").as_bytes())];
            } else {
                expected.push(numbered(2, b"{}"));
            }
            assert_eq!(reports, expected, "{len} bytes, ending {ending:?}");
        }
    }
}

#[test]
fn several_requests_exit_with_the_worst_status() {
    let out = run(
        &["check", "examples/request.json", "examples/request.query"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("examples/request.json: valid: 2 backend servers"),
        "{text}"
    );
    assert!(
        text.contains("examples/request.query: valid: 2 backend servers"),
        "{text}"
    );

    let request = std::fs::read("examples/request.json").unwrap();
    let out = run(
        &[
            "check",
            "examples/request.json",
            "-",
            "examples/invalid.json",
        ],
        Some(&request),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("<stdin>: valid: 2 backend servers"));
    assert!(stdout(&out).contains("examples/invalid.json: invalid: 3 errors, 2 warnings"));

    // A file that cannot be read is the worst; the others are still checked.
    let out = run(&["check", "no/such.json", "examples/invalid.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read no/such.json"));
    assert!(stdout(&out).contains("invalid: 3 errors"));

    // As JSON: one object per request, each naming its file.
    let out = run(
        &[
            "check",
            "--format",
            "json",
            "examples/request.json",
            "examples/invalid.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let reports: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&stdout(&out))
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["file"], "examples/request.json");
    assert_eq!(reports[0]["valid"], true);
    assert_eq!(reports[1]["file"], "examples/invalid.json");
    assert_eq!(reports[1]["errors"][0]["location"]["line"], 5);

    // Standard input once only.
    let out = run(&["check", "-", "-"], Some(b"{}"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("standard input (`-`) can be read only once"));
}

#[test]
fn batch_mode_numbers_lines_and_skips_blank_ones() {
    let valid = std::fs::read_to_string("examples/request.json")
        .unwrap()
        .replace('\n', "");
    let stdin = format!("\n{valid}\n  \r\n\t\n{{}}\n\n");
    let out = run(&["check", "--jsonl", "-"], Some(stdin.as_bytes()));
    let printed = stdout(&out);
    let reports: Vec<serde_json::Value> = printed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), 2, "{printed}");
    assert_eq!(reports[0]["line"], 2);
    assert_eq!(reports[0]["valid"], true);
    assert_eq!(reports[1]["line"], 5);
    assert_eq!(
        reports[1]["errors"][0]["code"],
        "MissingParameter.LoadBalancerId"
    );
    assert_eq!(out.status.code(), Some(1));

    // Only blank lines: nothing to report, nothing failed.
    let out = run(&["check", "--jsonl", "-"], Some(b"\n \n\r\n"));
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn batch_mode_prints_human_reports_on_request_and_refuses_json() {
    let out = run(
        &[
            "check",
            "--format",
            "human",
            "--jsonl",
            "examples/batch.jsonl",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("line 1: valid: 2 backend servers"), "{text}");
    assert!(
        text.contains("line 2: error[InvalidWeight.Malformed]: weight 101"),
        "{text}"
    );
    assert!(text.contains("--> examples/batch.jsonl:2:"), "{text}");
    assert!(
        text.contains("line 2: invalid: 3 errors, 2 warnings"),
        "{text}"
    );
    assert!(text.contains("line 4: valid: 3 backend servers"), "{text}");

    let out = run(
        &[
            "check",
            "--format",
            "json",
            "--jsonl",
            "examples/batch.jsonl",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        stderr(&out).contains("--format json does not apply to --jsonl"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn mistyped_flags_and_commands_get_a_suggestion() {
    let out = run(
        &["check", "--fromat", "json", "examples/request.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("a similar argument exists: '--format'"),
        "{}",
        stderr(&out)
    );
    let out = run(&["chek", "examples/request.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("a similar subcommand exists: 'check'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn quota_needs_the_load_balancer_and_is_at_least_one() {
    let out = run(&["check", "--quota", "3", "examples/request.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--load-balancer <FILE>"),
        "{}",
        stderr(&out)
    );
    let lb = "examples/describe-load-balancer.json";
    let out = run(
        &[
            "check",
            "--quota",
            "0",
            "--load-balancer",
            lb,
            "examples/request.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the quota is at least 1 member"),
        "{}",
        stderr(&out)
    );
    // The load balancer has 2 members and the request adds 2: a quota of 3 is passed.
    let out = run(
        &[
            "check",
            "--quota",
            "3",
            "--load-balancer",
            lb,
            "examples/request.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("InstanceBackendServerNumberOverLimit"));
}

#[test]
fn facts_errors_name_the_file_and_what_was_expected() {
    let out = run(
        &[
            "check",
            "--load-balancer",
            "examples/request.json",
            "examples/request.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "clb-preflight: examples/request.json: --load-balancer takes a DescribeLoadBalancerAttribute response; this file is an AddBackendServers request; the request goes last, as REQUEST\n"
    );
    let out = run(
        &[
            "check",
            "--servers",
            "examples/describe-load-balancer.json",
            "examples/request.json",
        ],
        None,
    );
    assert_eq!(
        stderr(&out),
        "clb-preflight: examples/describe-load-balancer.json: --servers takes a DescribeInstances, DescribeNetworkInterfaces or DescribeContainerGroups response; this file is a DescribeLoadBalancerAttribute response\n"
    );
    let out = run(
        &[
            "check",
            "--load-balancer",
            "examples/request.query",
            "examples/request.json",
        ],
        None,
    );
    assert!(stderr(&out).contains("this file is an AddBackendServers request (a query string)"));
    let out = run(
        &[
            "check",
            "--load-balancer",
            "Cargo.toml",
            "examples/request.json",
        ],
        None,
    );
    assert!(stderr(&out).contains("Cargo.toml: --load-balancer takes a DescribeLoadBalancerAttribute response; this file is not JSON (at line 1, column 2)"), "{}", stderr(&out));
    // The load balancer's facts about another one: the message names the facts' file.
    let mismatch = "tests/context-cases/error-load-balancer-mismatch/load-balancer.json";
    let out = run(
        &[
            "check",
            "--load-balancer",
            mismatch,
            "examples/request.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with(&format!("clb-preflight: {mismatch}: facts are about")));
    assert!(
        !stderr(&out).contains("\\\""),
        "no escaped fragments: {}",
        stderr(&out)
    );
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let colours = |args: &[&str], env: &[(&str, &str)]| {
        let out = run_with(args, None, env);
        assert_eq!(out.status.code(), Some(1));
        stdout(&out).contains('\u{1b}')
    };
    let check = ["check", "examples/invalid.json"];
    // Piped: none by default, nor with NO_COLOR.
    assert!(!colours(&check, &[]));
    assert!(!colours(&check, &[("NO_COLOR", "1")]));
    // CLICOLOR_FORCE colours even when piped; --color decides over both.
    assert!(colours(&check, &[("CLICOLOR_FORCE", "1")]));
    let always = ["--color", "always", "check", "examples/invalid.json"];
    assert!(colours(&always, &[("NO_COLOR", "1")]));
    let never = ["check", "--color", "never", "examples/invalid.json"];
    assert!(!colours(&never, &[("CLICOLOR_FORCE", "1")]));
    // JSON is never coloured.
    let json = [
        "check",
        "--color",
        "always",
        "--format",
        "json",
        "examples/invalid.json",
    ];
    assert!(!colours(&json, &[]));
}

/// The human report, reviewed: colour off, then colour forced on (escapes shown as `␛`).
#[test]
fn human_reports_match_their_snapshots() {
    let lb = "examples/describe-load-balancer.json";
    type Case<'a> = (&'a str, &'a [&'a str], Option<&'a [u8]>);
    let cases: &[Case<'_>] = &[
        ("invalid", &["check", "examples/invalid.json"], None),
        (
            "attached",
            &[
                "check", "--load-balancer", lb, "--servers", "examples/describe-instances.json",
                "--servers", "examples/describe-network-interfaces.json",
                "examples/request-attached.json",
            ],
            None,
        ),
        (
            "explained-by-a-warning",
            &["check", "-"],
            Some(b"{\n  \"load_balancer_id\": \"lb-2ze7o5h52g02kkzze7lru\",\n  \"BackendServers\": \"[{\\\"ServerId\\\":\\\"i-1\\\",\\\"Wieght\\\":\\\"100\\\",\\\"Port\\\":\\\"0\\\"}]\"\n}\n"),
        ),
        (
            "query",
            &["check", "-"],
            Some(b"LoadBalancerId=lb-1&BackendServers=%5B%7B%22ServerId%22%3A%22i-1%22%2C%22Weight%22%3A%22101%22%7D%5D"),
        ),
        ("batch", &["check", "--format", "human", "--jsonl", "examples/batch.jsonl"], None),
    ];
    for (name, args, stdin) in cases {
        let plain = stdout(&run(args, *stdin));
        assert!(!plain.contains('\u{1b}'));
        insta::with_settings!({ snapshot_path => "snapshots/cli" }, {
            insta::assert_snapshot!(format!("human-{name}"), plain);
        });
        let mut forced = vec!["--color", "always"];
        forced.extend_from_slice(args);
        let coloured = stdout(&run(&forced, *stdin)).replace('\u{1b}', "␛");
        insta::with_settings!({ snapshot_path => "snapshots/cli" }, {
            insta::assert_snapshot!(format!("human-{name}-colour"), coloured);
        });
    }
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let out = run(&["completions", shell], None);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        assert!(script.contains("clb-preflight"), "{shell}");
        assert!(script.contains("load-balancer"), "{shell}");
    }
    let out = run(&["completions", "tcsh"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["man"], None);
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    assert!(
        page.starts_with(".ie") || page.contains(".TH clb-preflight"),
        "{page}"
    );
    assert!(page.contains("check"));
}

/// `--jobs N` checks lines on N threads and writes exactly what one thread writes, in order,
/// whatever the lines: valid, invalid, blank, not UTF-8, over the size limit, `\r\n`-ended.
#[test]
fn batch_on_several_threads_writes_what_one_thread_writes() {
    let examples = std::fs::read("examples/batch.jsonl").unwrap();
    let mut input = Vec::new();
    // Some 950 reports: several chunks of 256 lines for the threads to share.
    for n in 0..220 {
        input.extend_from_slice(&examples);
        match n % 7 {
            0 => input.extend_from_slice(b"\n   \n"),
            1 => input.extend_from_slice(b"{\"LoadBalancerId\":\"lb-\xff\"}\r\n"),
            2 => input.extend_from_slice(b"not a request\n"),
            _ => {}
        }
    }
    // A line over the document limit, counted, not kept.
    input.extend(std::iter::repeat_n(b' ', 300 * 1024));
    input.extend_from_slice(b"\n");
    input.extend_from_slice(&examples);
    // From a file: a megabyte through a pipe would need the test to read while it writes.
    let dir = scratch_dir("jobs");
    let file = dir.join("batch.jsonl");
    std::fs::write(&file, &input).unwrap();
    let file = file.to_str().unwrap();
    let one = run(&["check", "--jsonl", file, "--jobs", "1"], None);
    assert_eq!(one.status.code(), Some(1));
    let lines = stdout(&one).lines().count();
    assert!(lines > 900, "{lines} reports");
    for jobs in ["2", "5"] {
        let many = run(&["check", "--jsonl", file, "--jobs", jobs], None);
        assert_eq!(many.status.code(), Some(1), "--jobs {jobs}");
        assert!(
            many.stdout == one.stdout,
            "--jobs {jobs} wrote other reports"
        );
        let human_one = run(
            &["check", "--jsonl", file, "--jobs", "1", "--format", "human"],
            None,
        );
        let human_many = run(
            &[
                "check", "--jsonl", file, "--jobs", jobs, "--format", "human",
            ],
            None,
        );
        assert!(
            human_many.stdout == human_one.stdout,
            "--jobs {jobs}, human"
        );
    }
    // All valid on several threads: exit 0.
    let valid = std::fs::read("examples/request.json").unwrap();
    let valid: serde_json::Value = serde_json::from_slice(&valid).unwrap();
    let valid_file = dir.join("valid.jsonl");
    std::fs::write(&valid_file, format!("{valid}\n").repeat(600)).unwrap();
    let out = run(
        &[
            "check",
            "--jsonl",
            valid_file.to_str().unwrap(),
            "--jobs",
            "2",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 600);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn jobs_apply_to_batch_mode_only_and_are_at_least_one() {
    let out = run(&["check", "--jobs", "2", "examples/request.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--jobs applies to batch mode only"),
        "{}",
        stderr(&out)
    );
    let out = run(
        &["check", "--jsonl", "examples/batch.jsonl", "--jobs", "0"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

/// A facts file of the right kind that the library refuses keeps the library's words; a file
/// that is no response is named for what it is (a query without `Action`, JSON that is no object).
#[test]
fn facts_of_the_right_kind_keep_the_library_message_and_others_are_named() {
    let cases = "tests/context-cases";
    let out = run(
        &[
            "check",
            "--load-balancer",
            &format!("{cases}/error-member-without-ip/load-balancer.json"),
            "examples/request.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!("clb-preflight: {cases}/error-member-without-ip/load-balancer.json: facts are malformed: BackendServers.BackendServer[0].ServerIp: is missing; a member of type \"eni\" is known by its id and IP\n")
    );
    let out = run(
        &[
            "check",
            "--servers",
            &format!("{cases}/error-servers-contradict/servers-1.json"),
            "--servers",
            &format!("{cases}/error-servers-contradict/servers-2.json"),
            "examples/request.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!("clb-preflight: {cases}/error-servers-contradict/servers-2.json: facts contradict each other: server \"i-2zej4lxhjoq1icuo9x1z\" is described twice with different facts\n")
    );

    let dir = scratch_dir("facts");
    for (name, content, found) in [
        (
            "query.txt",
            "LoadBalancerId=lb-1&BackendServers=%5B%5D",
            "an AddBackendServers request (a query string); the request goes last, as REQUEST",
        ),
        ("array.json", "[]", "a JSON array, not an object"),
        ("string.json", "\"x\"", "a JSON string, not an object"),
        ("number.json", "1", "a JSON number, not an object"),
        ("bool.json", "true", "a JSON boolean, not an object"),
        ("null.json", "null", "JSON null, not an object"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        let out = run(
            &[
                "check",
                "--load-balancer",
                path.to_str().unwrap(),
                "examples/request.json",
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(
            stderr(&out).ends_with(&format!(": --load-balancer takes a DescribeLoadBalancerAttribute response; this file is {found}\n")),
            "{name}: {}",
            stderr(&out)
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// In batch mode the closing note on unchecked rules is the first valid line's (a later line's
/// unknown server adds rules that its own warning names).
#[test]
fn batch_note_is_the_first_valid_lines() {
    let dir = scratch_dir("note");
    let line = |id: &str| {
        format!(
            r#"{{"LoadBalancerId":"lb-2ze7o5h52g02kkzze7lru","BackendServers":"[{{\"ServerId\":\"{id}\"}}]"}}"#
        )
    };
    let path = dir.join("lines.jsonl");
    std::fs::write(
        &path,
        format!(
            "{}\n{}\n{}\n",
            line("i-"),
            line("i-2zej4lxhjoq1icuo9x1z"),
            line("i-2zeunknownunknown01")
        ),
    )
    .unwrap();
    for jobs in ["1", "2"] {
        let out = run(
            &[
                "check",
                "--format",
                "human",
                "--jobs",
                jobs,
                "--servers",
                "examples/describe-instances.json",
                "--jsonl",
                path.to_str().unwrap(),
            ],
            None,
        );
        assert!(
            stdout(&out).ends_with("note: R20, R21, R23–R27 unchecked: give --load-balancer FILE (DescribeLoadBalancerAttribute) to check them\n"),
            "--jobs {jobs}: {}",
            stdout(&out)
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The human report's excerpts, carets and help, reviewed: a help only where an unknown key in
/// the same item (or among the parameters) names the missing field, and never for a value that
/// is present; carets as wide as the value (an array's bracket, a string with escapes, a number,
/// percent-encoded text, outer escapes); a byte-order mark, invisible characters and a long line.
#[test]
fn human_excerpts_carets_and_help_match_their_snapshot() {
    let inputs: &[&str] = &[
        // Help: item 0 lacks ServerId beside `SeverId`; item 1's weight is present beside
        // `Wieght` (no help); item 2 lacks ServerId and the `SeverId` is item 3's.
        "{\n  \"LoadBalancerId\": \"lb-1\",\n  \"BackendServers\": [\n    {\"SeverId\": \"i-1\"},\n    {\"ServerId\": \"i-2\", \"Weight\": \"101\", \"Wieght\": \"5\"},\n    {\"Weight\": \"5\"},\n    {\"ServerId\": \"i-4\", \"SeverId\": \"i-5\"}\n  ]\n}\n",
        // Widths: an array, a string with an escaped quote, a number that ends at its comma.
        "{\n  \"LoadBalancerId\": \"lb-1\",\n  \"BackendServers\": [\n    {\"ServerId\": \"i-1\", \"Weight\": [1, 2]},\n    {\"ServerId\": \"i-2\", \"Description\": \"a \\\"b\\\" c\"},\n    {\"ServerId\": \"i-3\", \"Weight\": 122, \"Port\": \"80\"}\n  ]\n}\n",
        // Outer escapes for the digits of a number inside the encoded string.
        "{\"LoadBalancerId\": \"lb-1\",\n\"BackendServers\": \"[{\\\"ServerId\\\":\\\"i-1\\\",\\\"Weight\\\":\\u0031\\u00322}]\"}\n",
        // A byte-order mark before the first line, and a zero-width space on it.
        "\u{feff}{\"LoadBalancerId\": \"lb-1\", \"X\u{200b}\": 1, \"BackendServers\": [{\"ServerId\": \"i-1\", \"Weight\": \"101\"}]}",
        // A long line: the excerpt is a window around the value.
        "{\"LoadBalancerId\": \"lb-1\", \"RegionId\": \"cn-beijing\", \"BackendServers\": [{\"ServerId\": \"i-2zej4lxhjoq1icuo9x1z\", \"Description\": \"web-0\", \"Port\": \"80\", \"Weight\": \"101\", \"Type\": \"ecs\"}]}",
        // A value longer than the window: the carets stop at its edge.
        "{\"LoadBalancerId\": \"lb-1\", \"BackendServers\": [{\"ServerId\": \"i-1\", \"Description\": \"a description of this server that is far too long to be shown whole\"}]}",
        // Percent-encoded numbers in a query: digits, and a minus sign.
        "LoadBalancerId=lb-1&BackendServers=%5B%7B%22ServerId%22%3A%22i-1%22%2C%22Weight%22%3A%31%32%32%7D%2C%7B%22ServerId%22%3A%22i-2%22%2C%22Weight%22%3A%2D1%7D%5D",
    ];
    let mut shown = String::new();
    for input in inputs {
        let out = run(&["check", "-"], Some(input.as_bytes()));
        shown.push_str(&stdout(&out));
        shown.push_str("----\n");
    }
    insta::with_settings!({ snapshot_path => "snapshots/cli" }, {
        insta::assert_snapshot!("human-excerpts", shown);
    });
}

/// Issue 22, item 5: a line for another load balancer than the facts' stops the batch at that
/// line, whatever the number of threads: the reports before it, then a message naming it.
#[test]
fn a_batch_line_for_another_load_balancer_stops_the_run_alike_on_every_thread_count() {
    let request = std::fs::read_to_string("examples/request.json").unwrap();
    let request: serde_json::Value = serde_json::from_str(&request).unwrap();
    let mut other = request.clone();
    other["LoadBalancerId"] = serde_json::json!("lb-other");
    // 300 lines for the facts' load balancer, the other one on line 301, then 300 more: the
    // stop falls inside the second chunk of 256 lines.
    let mut input = format!("{request}\n").repeat(300);
    input.push_str(&format!("{other}\n"));
    input.push_str(&format!("{request}\n").repeat(300));
    let dir = scratch_dir("other-lb");
    let file = dir.join("batch.jsonl");
    std::fs::write(&file, &input).unwrap();
    let file = file.to_str().unwrap();
    let runs: Vec<Output> = ["1", "2", "3"]
        .iter()
        .map(|jobs| {
            run(
                &[
                    "check",
                    "--jsonl",
                    file,
                    "--load-balancer",
                    "examples/describe-load-balancer.json",
                    "--jobs",
                    jobs,
                ],
                None,
            )
        })
        .collect();
    for out in &runs {
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(stdout(out).lines().count(), 300, "the lines before it");
        assert_eq!(
            stderr(out),
            format!("clb-preflight: {file} line 301: examples/describe-load-balancer.json: facts are about load balancer \"lb-2ze7o5h52g02kkzze7lru\", but the request is for \"lb-other\"\n")
        );
        assert!(out.stdout == runs[0].stdout && out.stderr == runs[0].stderr);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Issue 22, item 13: a Describe response given as the request is named, with the flag that
/// takes it; a pretty-printed request given to --jsonl gets a note to drop it.
#[test]
fn a_describe_response_given_as_the_request_is_named_with_its_flag() {
    let out = run(&["check", "examples/describe-load-balancer.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "clb-preflight: examples/describe-load-balancer.json: this file is a DescribeLoadBalancerAttribute response, not a request; give it as --load-balancer FILE (the request goes last, as REQUEST)\n"
    );
    let out = run(
        &["check", "examples/describe-network-interfaces.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "a DescribeNetworkInterfaces response, not a request; give it as --servers FILE"
        ),
        "{}",
        stderr(&out)
    );
    // A request that merely has an unknown key is still checked as a request.
    let out = run(
        &["check", "-"],
        Some(br#"{"LoadBalancerId":"lb-1","Address":"x","BackendServers":"[{\"ServerId\":\"i-1\"}]"}"#),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let out = run(
        &["check", "--jsonl", "examples/invalid.json", "--jobs", "1"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "clb-preflight: note: examples/invalid.json holds one JSON request over several lines, not one request per line: drop --jsonl to check it as one request\n"
    );
    let out = run(&["check", "--jsonl", "examples/batch.jsonl"], None);
    assert_eq!(stderr(&out), "");
    // Only a first line that opens a document is read so: a later one is a line like any other.
    let out = run(
        &["check", "--jsonl", "-"],
        Some(b"{\"LoadBalancerId\":\"lb-1\",\"BackendServers\":\"[{\\\"ServerId\\\":\\\"i-1\\\"}]\"}\n{\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "");
}

/// Issue 22, item 14: the note on unchecked rules asks only for the facts not given.
#[test]
fn the_unchecked_note_asks_only_for_the_facts_not_given() {
    let out = run(
        &[
            "check",
            "--load-balancer",
            "examples/describe-load-balancer.json",
            "examples/request.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).ends_with(
            "note: R22–R24, R28 unchecked: give --servers FILE (the servers' Describe responses) to check them\n"
        ),
        "{}",
        stdout(&out)
    );
    let out = run(
        &[
            "check",
            "--servers",
            "examples/describe-instances.json",
            "--servers",
            "examples/describe-network-interfaces.json",
            "examples/request.json",
        ],
        None,
    );
    assert!(
        stdout(&out).ends_with(
            "note: R20, R21, R23–R27 unchecked: give --load-balancer FILE (DescribeLoadBalancerAttribute) to check them\n"
        ),
        "{}",
        stdout(&out)
    );
}

/// Issue 22, items 7 and 14: a valid Remove or Set shows the members it removes (`-`) and
/// changes (`~`, old → new); its note asks only for the load balancer's facts.
#[test]
fn set_and_remove_show_what_they_change_and_ask_only_for_their_facts() {
    let remove = r#"{"Action":"RemoveBackendServers","LoadBalancerId":"lb-2ze7o5h52g02kkzze7lru","BackendServers":"[{\"ServerId\":\"eni-2zeqx1a8n0kd7p3vwl2c\",\"Type\":\"eni\",\"ServerIp\":\"192.168.10.21\"}]"}"#;
    let out = run(&["check", "-"], Some(remove.as_bytes()));
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).ends_with(
            "note: R26, R32 unchecked: give --load-balancer FILE (DescribeLoadBalancerAttribute) to check them\n"
        ),
        "{}",
        stdout(&out)
    );
    let with_facts = |text: &str| {
        run(
            &[
                "check",
                "--load-balancer",
                "examples/describe-load-balancer.json",
                "-",
            ],
            Some(text.as_bytes()),
        )
    };
    let out = with_facts(remove);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "- eni-2zeqx1a8n0kd7p3vwl2c (eni, weight 50, 192.168.10.21)\nmembers after the call: 1\nvalid: 1 backend server to remove from lb-2ze7o5h52g02kkzze7lru; 0 errors, 0 warnings\n"
    );
    let set = r#"{"Action":"SetBackendServers","LoadBalancerId":"lb-2ze7o5h52g02kkzze7lru","BackendServers":"[{\"ServerId\":\"i-2ze8cbvhs9lb2xqk0g5w\",\"Weight\":\"20\"},{\"ServerId\":\"eni-2zeqx1a8n0kd7p3vwl2c\",\"Type\":\"eni\",\"ServerIp\":\"192.168.10.21\",\"Weight\":\"50\"}]"}"#;
    let out = with_facts(set);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "~ i-2ze8cbvhs9lb2xqk0g5w (ecs, 192.168.1.11, weight 100 → 20)\n~ eni-2zeqx1a8n0kd7p3vwl2c (eni, 192.168.10.21, weight 50, unchanged)\nmembers after the call: 2\nvalid: 2 backend servers to set on lb-2ze7o5h52g02kkzze7lru; 0 errors, 0 warnings\n"
    );
}

/// `--vserver-group` takes a group's DescribeVServerGroupAttribute response: the group's calls
/// are checked against its members (with their ports); a file of another kind, facts of another
/// group than the request's, or a group of another load balancer exit 2 naming the file; the
/// note on unchecked rules asks for the group's facts when its membership rules are unchecked.
#[test]
fn vserver_group_facts_check_a_group_call() {
    let cases = "tests/context-cases";
    let group = format!("{cases}/group-add-valid/vserver-group.json");
    let out = run(
        &[
            "check",
            "--format",
            "json",
            "--vserver-group",
            &group,
            &format!("{cases}/r21-group-add-member-on-its-port/request.json"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"][0]["code"], "BackendServer.AlreadyAttached");
    assert_eq!(report["errors"].as_array().unwrap().len(), 1);
    assert_eq!(report["diff"]["add"][0]["Port"], "9090");

    // Another group's facts.
    let out = run(
        &[
            "check",
            "--vserver-group",
            &group,
            &format!("{cases}/error-vserver-group-mismatch/request.json"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!("clb-preflight: {group}: facts are about vserver group \"rsp-2ze1abcd5v3kxq\", but the request is for \"rsp-2zeotherotherother\"\n")
    );
    // A group of another load balancer than --load-balancer's.
    let other = format!("{cases}/error-vserver-group-of-another-load-balancer");
    let out = run(
        &[
            "check",
            "--load-balancer",
            &format!("{other}/load-balancer.json"),
            "--vserver-group",
            &format!("{other}/vserver-group.json"),
            &format!("{other}/request.json"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(&format!(
            "clb-preflight: {other}/vserver-group.json: facts contradict each other: vserver group"
        )),
        "{}",
        stderr(&out)
    );
    // A load balancer's response given as the group's, and the other way round.
    let out = run(
        &[
            "check",
            "--vserver-group",
            "examples/describe-load-balancer.json",
            &format!("{cases}/group-add-valid/request.json"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "clb-preflight: examples/describe-load-balancer.json: --vserver-group takes a DescribeVServerGroupAttribute response; this file is a DescribeLoadBalancerAttribute response\n"
    );
    let out = run(
        &[
            "check",
            "--load-balancer",
            &group,
            &format!("{cases}/group-add-valid/request.json"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!("clb-preflight: {group}: --load-balancer takes a DescribeLoadBalancerAttribute response; this file is a DescribeVServerGroupAttribute response\n")
    );
    // Given as the request: named for what it is.
    let out = run(&["check", &group], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("this file is a DescribeVServerGroupAttribute response, not a request; give it as --vserver-group FILE"),
        "{}",
        stderr(&out)
    );
    // A Set on a group without any facts: its membership needs the group's, R26 the load
    // balancer's.
    let out = run(
        &["check", "tests/cases/r36-set-name-only-accepted.json"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("note: R26, R32 unchecked: give --vserver-group FILE (DescribeVServerGroupAttribute), --load-balancer FILE to check them"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Without the group's facts, the note asks for them.
    let out = run(
        &["check", &format!("{cases}/group-no-facts/request.json")],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("note: R20–R24, R26–R28 unchecked: give --vserver-group FILE (DescribeVServerGroupAttribute), --load-balancer FILE, --servers FILE to check them"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

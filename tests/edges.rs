//! Edges that mutation testing (`cargo mutants`, see the README) showed no test sat on: each test
//! here fails when a boundary, a guard or a conversion of the code is changed. Public API only.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::net::Ipv4Addr;

use clb_preflight::limits::Limits;
use clb_preflight::{
    check, check_with, Checker, Context, ContextError, Description, LoadBalancerId, Path, Port,
    RegionId, Report, ServerId, ServerIp, ServerType, Weight,
};
use serde_json::{json, Value};

const LB: &str = "lb-2ze7o5h52g02kkzze7lru";

/// A JSON request whose `BackendServers` string is `items`.
fn request(items: &str) -> String {
    json!({"LoadBalancerId": LB, "BackendServers": items}).to_string()
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.findings().map(|f| f.code().as_str()).collect()
}

fn with_limits(limits: Limits) -> Checker {
    Checker::new().with_limits(limits)
}

// ---- Size limits: exactly the limit is read, one byte more is not ----

#[test]
fn a_document_of_exactly_the_size_limit_is_read_and_one_byte_more_is_not() {
    let text = request(r#"[{"ServerId":"i-1"}]"#);
    for len in [text.len(), text.len() + 7] {
        let limits = Limits::DEFAULT.with_max_document_bytes(len);
        let padded = format!("{text:len$}");
        assert_eq!(padded.len(), len);
        let over = format!("{padded} ");
        let checker = with_limits(limits);
        for (what, report) in [
            ("text", checker.check(&padded)),
            ("bytes", checker.check_bytes(padded.as_bytes())),
        ] {
            assert!(report.is_valid(), "{what} at {len}: {}", report.to_human());
        }
        for (what, report) in [
            ("text", checker.check(&over)),
            ("bytes", checker.check_bytes(over.as_bytes())),
        ] {
            assert_eq!(codes(&report), ["RequestTooLarge"], "{what} at {len} + 1");
            assert_eq!(
                report.errors()[0].message(),
                format!("the request is {} bytes; expected at most {len}", len + 1)
            );
        }
    }
}

/// The size is counted as the API reads the array: blanks between its tokens count once each,
/// also where the encoded string writes them as `\n`, `\t`, `\r` (two bytes of the request).
#[test]
fn backend_servers_of_exactly_the_size_limit_are_read_and_one_byte_more_is_not() {
    let items = "[\n {\"ServerId\":\"i-2zej4lxhjoq1icuo9x1z\",\t\"Weight\":\"5\"}\r\n]";
    let json = request(items);
    // The array itself as the parameter's value, after another parameter.
    let plain = format!(r#"{{"LoadBalancerId":"{LB}","BackendServers":{items}}}"#);
    let query = format!(
        "Action=AddBackendServers&LoadBalancerId={LB}&BackendServers={}",
        items
            .replace('[', "%5B")
            .replace(']', "%5D")
            .replace('{', "%7B")
            .replace('}', "%7D")
            .replace('"', "%22")
            .replace(':', "%3A")
            .replace(',', "%2C")
            .replace(' ', "%20")
            .replace('\n', "%0A")
            .replace('\t', "%09")
            .replace('\r', "%0D")
    );
    for limit in [items.len(), items.len() - 1] {
        let limits = Limits::DEFAULT.with_max_backend_servers_bytes(limit);
        let fast = with_limits(limits);
        let reference = fast.reference_path();
        for (what, report) in [
            ("json", fast.check(&json)),
            ("json, reference path", reference.check(&json)),
            ("query", fast.check(&query)),
            ("json array", fast.check(&plain)),
            ("json array, reference path", reference.check(&plain)),
        ] {
            if limit == items.len() {
                assert!(report.is_valid(), "{what}: {}", report.to_human());
            } else {
                assert_eq!(
                    codes(&report),
                    ["InvalidParameter.BackendServers"],
                    "{what}"
                );
                assert_eq!(
                    report.errors()[0].message(),
                    format!(
                        "backend servers is {} bytes; expected at most {limit}",
                        items.len()
                    ),
                    "{what}"
                );
            }
        }
    }
}

// ---- The finding cap ----

/// Three items, each with one error (weight above 100) and one warning (an unknown field).
fn six_findings() -> String {
    let items: Vec<Value> = (0..3)
        .map(|i| json!({"ServerId": format!("i-{i}"), "Weight": "101", "Extra": i}))
        .collect();
    request(&Value::Array(items).to_string())
}

#[test]
fn the_finding_cap_keeps_errors_first_and_counts_what_it_left_out() {
    let text = six_findings();
    let capped = |max: usize| with_limits(Limits::DEFAULT.with_max_findings(max)).check(&text);
    // At the cap exactly: nothing is left out, and nothing says so.
    let at = capped(6);
    assert_eq!(at.errors().len(), 3);
    assert_eq!(at.warnings().len(), 3);
    assert!(!codes(&at).contains(&"TooManyFindings"));
    // One under: the errors stay, the last warning goes, one more warning says so.
    let under = capped(5);
    assert_eq!(under.errors().len(), 3);
    assert_eq!(
        codes(&under)[3..],
        ["UnknownField", "UnknownField", "TooManyFindings"]
    );
    assert_eq!(
        under.warnings()[2].message(),
        "1 more findings were left out; expected at most 5 in one report"
    );
    // Fewer than the errors: errors only, then the count of the rest.
    let tight = capped(2);
    assert_eq!(
        codes(&tight),
        [
            "InvalidWeight.Malformed",
            "InvalidWeight.Malformed",
            "TooManyFindings"
        ]
    );
    assert_eq!(
        tight.warnings()[0].message(),
        "4 more findings were left out; expected at most 2 in one report"
    );
}

// ---- Facts ----

fn load_balancer(members: &[&str]) -> Value {
    json!({
        "LoadBalancerId": LB,
        "LoadBalancerStatus": "active",
        "AddressType": "intranet",
        "NetworkType": "vpc",
        "VpcId": "vpc-a",
        "LoadBalancerSpec": "slb.s2.small",
        "BackendServers": {"BackendServer": members.iter()
            .map(|m| json!({"ServerId": m, "Weight": 100, "Type": "ecs"}))
            .collect::<Vec<_>>()},
    })
}

/// A `DescribeInstances` response: (id, network type, VPC, status).
fn instances(list: &[(&str, &str, &str, &str)]) -> Value {
    let instance = |&(id, network, vpc, status): &(&str, &str, &str, &str)| {
        json!({
            "InstanceId": id,
            "Status": status,
            "InstanceNetworkType": network,
            "VpcAttributes": {"VpcId": vpc, "PrivateIpAddress": {"IpAddress": ["192.168.0.1"]}},
            "InnerIpAddress": {"IpAddress": []},
        })
    };
    json!({"Instances": {"Instance": list.iter().map(instance).collect::<Vec<_>>()}})
}

fn context(lb: Option<&Value>, servers: &[&Value]) -> Context {
    let mut context = Context::new();
    if let Some(lb) = lb {
        context.add_load_balancer(&lb.to_string()).unwrap();
    }
    for s in servers {
        context.add_servers(&s.to_string()).unwrap();
    }
    context
}

#[test]
fn the_members_quota_is_reached_at_exactly_the_quota_and_exceeded_one_over() {
    let lb = load_balancer(&["i-m1", "i-m2"]);
    let text = request(r#"[{"ServerId":"i-new"}]"#);
    for (quota, over) in [(2, true), (3, false), (4, false)] {
        let mut context = context(Some(&lb), &[]);
        context.set_quota(quota);
        assert_eq!(context.quota(), quota);
        let report = check_with(&text, &context).unwrap();
        assert_eq!(
            codes(&report).contains(&"InstanceBackendServerNumberOverLimit"),
            over,
            "quota {quota}: {}",
            report.to_human()
        );
        assert_eq!(report.diff().unwrap().members_after().len(), 3);
    }
}

#[test]
fn two_different_descriptions_of_the_load_balancer_end_the_run() {
    let lb = load_balancer(&["i-m1"]);
    let mut context = Context::new();
    context.add_load_balancer(&lb.to_string()).unwrap();
    // The same description again is the same fact.
    context.add_load_balancer(&lb.to_string()).unwrap();
    assert_eq!(context.members().unwrap().len(), 1);
    let mut locked = lb.clone();
    locked["LoadBalancerStatus"] = json!("locked");
    let err = context.add_load_balancer(&locked.to_string()).unwrap_err();
    assert!(matches!(err, ContextError::Conflict(_)), "{err:?}");
    // The facts held before stay: the load balancer is not locked.
    let report = check_with(&request(r#"[{"ServerId":"i-new"}]"#), &context).unwrap();
    assert!(report.is_valid(), "{}", report.to_human());
}

#[test]
fn two_different_facts_for_one_server_end_the_run() {
    let running = instances(&[("i-new", "vpc", "vpc-a", "Running")]);
    let stopped = instances(&[("i-new", "vpc", "vpc-a", "Stopped")]);
    let other = instances(&[("i-other", "vpc", "vpc-b", "Stopped")]);
    let mut context = Context::new();
    context.add_servers(&running.to_string()).unwrap();
    context.add_servers(&running.to_string()).unwrap();
    context.add_servers(&other.to_string()).unwrap();
    let err = context.add_servers(&stopped.to_string()).unwrap_err();
    assert!(matches!(err, ContextError::Conflict(_)), "{err:?}");
    let err = context.add_document(&stopped.to_string()).unwrap_err();
    assert!(matches!(err, ContextError::Conflict(_)), "{err:?}");
}

#[test]
fn add_document_reads_each_shape_as_its_own_method_does() {
    let lb = load_balancer(&["i-m1"]);
    let servers = instances(&[("i-new", "classic", "", "Stopped")]);
    let by_shape = {
        let mut c = Context::new();
        c.add_document(&servers.to_string()).unwrap();
        c.add_document(&lb.to_string()).unwrap();
        c
    };
    let by_method = context(Some(&lb), &[&servers]);
    let text = request(r#"[{"ServerId":"i-new"},{"ServerId":"i-m1"}]"#);
    let report = check_with(&text, &by_shape).unwrap();
    assert_eq!(
        report.to_json(),
        check_with(&text, &by_method).unwrap().to_json()
    );
    // Each fact was read: R21 from the load balancer's, R22 and R23 from the server's.
    assert_eq!(
        codes(&report),
        [
            "ObtainIpFail",
            "InvalidParameter",
            "BackendServer.AlreadyAttached",
            "UnknownServer"
        ]
    );
    let mut c = Context::new();
    assert!(matches!(
        c.add_document("{}"),
        Err(ContextError::UnrecognizedShape { .. })
    ));
    assert!(matches!(c.add_document("{"), Err(ContextError::NotJson(_))));
    assert!(c.is_empty());
}

#[test]
fn add_load_balancer_takes_only_a_load_balancer() {
    let mut c = Context::new();
    let servers = instances(&[("i-new", "vpc", "vpc-a", "Running")]);
    let both = json!({"LoadBalancerId": LB, "Instances": {"Instance": []}});
    for text in ["{}".to_owned(), servers.to_string(), both.to_string()] {
        assert!(
            matches!(
                c.add_load_balancer(&text),
                Err(ContextError::UnrecognizedShape { .. })
            ),
            "{text}"
        );
    }
    let lb = load_balancer(&[]).to_string();
    assert!(matches!(
        c.add_servers(&lb),
        Err(ContextError::UnrecognizedShape { .. })
    ));
    assert!(c.is_empty());
}

#[test]
fn a_context_is_empty_until_it_holds_any_fact() {
    assert!(Context::new().is_empty());
    let mut quota = Context::new();
    quota.set_quota(5);
    assert!(!quota.is_empty());
    assert!(!context(Some(&load_balancer(&[])), &[]).is_empty());
    assert!(!context(None, &[&instances(&[])]).is_empty());
}

#[test]
fn a_server_s_network_type_is_read_from_its_facts() {
    // A VPC load balancer in vpc-a.
    let lb = load_balancer(&[]);
    let text = request(r#"[{"ServerId":"i-new"}]"#);
    let report = |network: &str, vpc: &str| {
        let servers = instances(&[("i-new", network, vpc, "Running")]);
        check_with(&text, &context(Some(&lb), &[&servers])).unwrap()
    };
    // A classic server: R23 for this VPC load balancer.
    let classic = report("classic", "");
    assert_eq!(codes(&classic), ["InvalidParameter"]);
    assert!(classic.unchecked().next().is_none());
    // A server in another VPC: R23's conflict.
    assert_eq!(codes(&report("vpc", "vpc-b")), ["NetworkConflict"]);
    // In the load balancer's VPC: valid, every rule checked.
    let same = report("vpc", "vpc-a");
    assert!(same.is_valid() && same.unchecked().next().is_none());
    // A network type the crate does not know: R23 and R24 unchecked, not guessed.
    let unknown = report("other", "vpc-a");
    assert!(unknown.is_valid());
    assert_eq!(
        unknown
            .unchecked()
            .map(|r| r.to_string())
            .collect::<Vec<_>>(),
        ["R23", "R24"]
    );
}

#[test]
fn an_item_with_an_error_of_its_own_is_left_out_of_the_diff() {
    let context = context(Some(&load_balancer(&["i-m1"])), &[]);
    // Item 1 has its own error (weight above 100), item 2 is attached already: item 1 is
    // neither added nor judged by the context rules.
    let text = request(
        r#"[{"ServerId":"i-a"},{"ServerId":"i-m1","Weight":"101"},{"ServerId":"i-b","Weight":"7"}]"#,
    );
    let report = check_with(&text, &context).unwrap();
    assert_eq!(codes(&report), ["InvalidWeight.Malformed"]);
    let diff = report.diff().unwrap();
    let added: Vec<&str> = diff.add().iter().map(|s| s.server_id().as_str()).collect();
    assert_eq!(added, ["i-a", "i-b"]);
    assert!(diff.already_attached().is_empty());
    assert_eq!(diff.members_after().len(), 3);
}

#[test]
fn an_oversized_document_with_facts_has_their_diff() {
    let context = context(Some(&load_balancer(&["i-m1"])), &[]);
    let checker = Checker::new()
        .with_context(&context)
        .with_limits(Limits::DEFAULT.with_max_document_bytes(10));
    let counted = checker.oversized(11);
    assert_eq!(
        counted,
        checker.check_bytes(&[b' '; 11]).unwrap(),
        "a streaming reader's report is the one for the bytes"
    );
    assert_eq!(codes(&counted), ["RequestTooLarge"]);
    assert!(counted.diff().unwrap().add().is_empty());
    assert_eq!(counted.diff().unwrap().members_after().len(), 1);
    // Without facts: no diff.
    assert!(Checker::new().oversized(usize::MAX).diff().is_none());
}

// ---- Values: their text and conversions ----

#[test]
fn values_show_and_convert_as_their_text() {
    fn text_is<T: std::fmt::Display + serde::Serialize>(value: &T, text: &str) {
        assert_eq!(value.to_string(), text);
        assert_eq!(serde_json::to_string(value).unwrap(), format!("\"{text}\""));
    }
    let id = ServerId::parse("eni-2ze3ykcbqm8kdaqv0l3q").unwrap();
    text_is(&id, "eni-2ze3ykcbqm8kdaqv0l3q");
    assert_eq!(AsRef::<str>::as_ref(&id), "eni-2ze3ykcbqm8kdaqv0l3q");
    let long = ServerId::parse(&"x".repeat(128)).unwrap();
    text_is(&long, &"x".repeat(128));
    let lb = LoadBalancerId::parse(LB).unwrap();
    text_is(&lb, LB);
    assert_eq!(AsRef::<str>::as_ref(&lb), LB);
    assert!(lb.has_standard_prefix());
    text_is(&RegionId::parse("cn-beijing").unwrap(), "cn-beijing");
    let description = Description::parse("web-01/测试").unwrap();
    text_is(&description, "web-01/测试");
    assert_eq!(description.as_str(), "web-01/测试");
    text_is(&ServerType::Eci, "eci");
    let port = Port::parse("8080").unwrap();
    text_is(&port, "8080");
    assert_eq!(u16::from(port), 8080);
    assert_eq!(port.get(), 8080);
    let weight = Weight::parse("37").unwrap();
    text_is(&weight, "37");
    assert_eq!(u8::from(weight), 37);
    let ip = ServerIp::parse("10.20.30.40").unwrap();
    text_is(&ip, "10.20.30.40");
    assert_eq!(Ipv4Addr::from(ip), Ipv4Addr::new(10, 20, 30, 40));
    assert_eq!(ServerIp::from(Ipv4Addr::new(10, 20, 30, 40)), ip);
}

#[test]
fn server_ids_order_by_their_text() {
    let id = |t: &str| ServerId::parse(t).unwrap();
    let long = "i-".to_owned() + &"z".repeat(40);
    assert!(id("i-a") < id("i-b"));
    assert!(id("i-b") > id("i-a"));
    assert!(id("i-a") < id(&long), "inline before heap by text");
    assert!(id(&long) > id("i-a"));
    assert_eq!(
        id("i-a").partial_cmp(&id("i-a")),
        Some(std::cmp::Ordering::Equal)
    );
    assert!(id("i-a") != id("i-b"));
    assert!(id(&long) == id(&long));
}

#[test]
fn a_server_id_is_measured_in_characters_at_the_limit() {
    let ascii = |n: usize| "x".repeat(n);
    let wide = |n: usize| "é".repeat(n);
    for (text, chars) in [
        (ascii(128), None),
        (ascii(129), Some(129)),
        (wide(128), None),
        (wide(129), Some(129)),
        (wide(130), Some(130)),
        (ascii(127) + "é", None),
        (ascii(128) + "é", Some(129)),
    ] {
        let parsed = ServerId::parse(&text);
        match chars {
            None => assert_eq!(parsed.unwrap().as_str(), text),
            Some(n) => assert_eq!(
                parsed.unwrap_err().to_string(),
                format!("server id is {n} characters long; expected at most 128")
            ),
        }
    }
}

#[test]
fn an_address_with_a_port_is_not_an_ipv6_address() {
    for text in ["10.0.0.1:8080", "192.168.1.20:80", "10.0.0.1:"] {
        let e = ServerIp::parse(text).unwrap_err();
        assert!(
            e.to_string().contains("is not an IPv4 address"),
            "{text}: {e}"
        );
    }
    assert!(ServerIp::parse("::ffff:10.0.0.1")
        .unwrap_err()
        .to_string()
        .contains("IPv6"));
}

// ---- Safe text in messages ----

#[test]
fn messages_cut_request_text_after_forty_characters() {
    // An unrecognized server id is shown in its warning: whole at 40 characters, cut at 41.
    let shown = |id: &str| {
        let report = check(&request(&json!([{ "ServerId": id }]).to_string()));
        assert_eq!(codes(&report), ["UnrecognizedServerId"], "{id}");
        report.warnings()[0].message().to_owned()
    };
    let forty = "s".repeat(40);
    assert!(shown(&forty).starts_with(&format!("server id \"{forty}\" does not")));
    let forty_one = "t".repeat(41);
    let first_forty = "t".repeat(40);
    assert!(shown(&forty_one).starts_with(&format!("server id \"{}…\" does not", first_forty)));
    // Printable punctuation is shown as it is; a format character is escaped.
    assert!(shown("it's-1").starts_with("server id \"it's-1\" does not"));
    // A format character is refused in an id (R6), and its message shows it escaped.
    let report = check(&request(&json!([{ "ServerId": "a\u{200b}b" }]).to_string()));
    assert_eq!(codes(&report), ["InvalidParameter.ServerId"]);
    assert!(
        report.errors()[0]
            .message()
            .starts_with("server id \"a\\u{200b}b\" "),
        "{}",
        report.errors()[0].message()
    );
}

#[test]
fn syntax_messages_keep_the_dependency_s_text_as_it_is() {
    // serde_json's message holds backslashes of its own: they are not doubled.
    let report = check("{\"LoadBalancerId\": \"lb-\u{1}\"}");
    assert_eq!(
        report.errors()[0].message(),
        "the request is not valid JSON: control character (\\u0000-\\u001F) found while parsing a string at line 1 column 23"
    );
    let mut c = Context::new();
    let err = c.add_document("{\"a\": \"\u{1}\"}").unwrap_err();
    assert_eq!(
        err.to_string(),
        "facts are not valid JSON: control character (\\u0000-\\u001F) found while parsing a string at line 1 column 8"
    );
}

#[test]
fn members_after_counts_down_as_it_is_read() {
    // Members i-b and i-d, added i-a, i-c and i-e: the merge takes from both sides in turn.
    let context = context(Some(&load_balancer(&["i-b", "i-d"])), &[]);
    let text = request(r#"[{"ServerId":"i-e"},{"ServerId":"i-a"},{"ServerId":"i-c"}]"#);
    let report = check_with(&text, &context).unwrap();
    let diff = report.diff().unwrap();
    let mut after = diff.members_after();
    let mut seen = Vec::new();
    for left in (0..=5).rev() {
        assert_eq!(after.len(), left, "after {seen:?}");
        assert_eq!(after.size_hint(), (left, Some(left)));
        match after.next() {
            Some(entry) => seen.push(entry.server().server_id().as_str().to_owned()),
            None => assert_eq!(left, 0),
        }
    }
    assert_eq!(seen, ["i-a", "i-b", "i-c", "i-d", "i-e"]);
}

#[test]
fn a_value_read_through_serde_says_what_it_expected() {
    fn expected<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
        serde_json::from_str::<T>(json).unwrap_err().to_string()
    }
    assert_eq!(
        expected::<Weight>("true"),
        "invalid type: boolean `true`, expected a weight from 0 to 100 at line 1 column 4"
    );
    assert_eq!(
        expected::<Port>("-3"),
        "invalid type: integer `-3`, expected a port from 1 to 65535 at line 1 column 2"
    );
    assert_eq!(
        expected::<ServerId>("7"),
        "invalid type: integer `7`, expected a server id at line 1 column 1"
    );
    assert_eq!(
        expected::<ServerType>("null"),
        "invalid type: null, expected \"ecs\", \"eni\" or \"eci\" at line 1 column 4"
    );
    // A value the type refuses says why, in the type's own words.
    assert_eq!(
        expected::<Weight>("101"),
        "weight 101 is above the maximum 100 at line 1 column 3"
    );
}

#[test]
fn text_of_only_quotes_or_backslashes_is_escaped_in_messages() {
    // The plain-ASCII fast path of the safe-text writer must still escape `"` and `\`, also when
    // they are all the text holds.
    for (id, shown) in [("\"", r#""\"""#), ("\\", r#""\\""#), ("\"\"", r#""\"\"""#)] {
        let report = check(&request(&json!([{ "ServerId": id }]).to_string()));
        assert_eq!(codes(&report), ["UnrecognizedServerId"], "{id}");
        let message = report.warnings()[0].message();
        assert!(
            message.starts_with(&format!("server id {shown} does not start")),
            "{id}: {message}"
        );
    }
}

// ---- Paths built by hand are printed safely ----

/// A path's names are kept as shown when the checker makes them; a name put into a `Path` by
/// hand is made safe when printed: controls, format characters and separators escaped, quotes
/// and backslashes kept, nothing cut, the rest of the name as it is.
#[test]
fn a_hand_built_path_prints_its_name_safely() {
    use std::borrow::Cow;
    let name = "We\u{7}ig\"h\\t\u{2028}é\u{200b}x";
    let shown = r#"We\u{7}ig"h\t\u{2028}é\u{200b}x"#;
    assert_eq!(Path::Param(Cow::Owned(name.to_owned())).to_string(), shown);
    assert_eq!(
        Path::Field(3, Cow::Owned(name.to_owned())).to_string(),
        format!("BackendServers[3].{shown}")
    );
    // A name that needs nothing is printed as it is, whatever its length.
    let long = "a".repeat(60);
    assert_eq!(Path::Param(Cow::Owned(long.clone())).to_string(), long);
}

/// A checker tells the limits it was given, with facts or without.
#[test]
fn a_checker_keeps_its_limits() {
    let limits = Limits::default()
        .with_max_findings(3)
        .with_max_document_bytes(1_000)
        .with_max_backend_servers_bytes(500);
    let checker = Checker::new().with_limits(limits);
    assert_eq!(checker.limits(), limits);
    assert_ne!(Checker::new().limits(), limits);
    let context = Context::new();
    assert_eq!(checker.with_context(&context).limits(), limits);
}

/// The value types show their text in `Debug` (as a string is shown), and a decimal's error
/// says what it found.
#[test]
fn value_types_debug_as_their_text_and_decimal_errors_say_why() {
    let id: ServerId = "i-2zej4lxhjoq1icuo9x1z".parse().unwrap();
    assert_eq!(format!("{id:?}"), "ServerId(\"i-2zej4lxhjoq1icuo9x1z\")");
    let description: Description = "web-1.a".parse().unwrap();
    assert!(
        format!("{description:?}").contains(r#""web-1.a""#),
        "{description:?}"
    );
    for (error, said) in [
        (
            clb_preflight::types::DecimalError::Exponent,
            "it has an exponent",
        ),
        (
            clb_preflight::types::DecimalError::Unexpected('x'),
            "it holds 'x'",
        ),
    ] {
        assert_eq!(error.to_string(), said);
    }
}

/// Findings come in item order, also those found across items after every item was read (R17,
/// R19), before a later item's own: errors and warnings alike.
#[test]
fn findings_across_items_take_their_place_in_item_order() {
    let text = request(
        r#"[{"ServerId":"eni-1","Type":"eni","ServerIp":"10.0.0.1"},
            {"ServerId":"eni-2","Type":"eni","ServerIp":"10.0.0.1"},
            {"ServerId":"i-3","Weight":101},
            {"ServerId":"i-4"},{"ServerId":"i-4","Weight":5},
            {"ServerId":"i-6","Wieght":5}]"#,
    );
    let report = check(&text);
    let at = |findings: &[clb_preflight::Finding]| -> Vec<(String, &'static str)> {
        findings
            .iter()
            .map(|f| (f.path().to_string(), f.code().as_str()))
            .collect()
    };
    let owned = |list: &[(&str, &'static str)]| -> Vec<(String, &'static str)> {
        list.iter().map(|(p, c)| ((*p).to_owned(), *c)).collect()
    };
    assert_eq!(
        at(report.errors()),
        owned(&[
            (
                "BackendServers[1].ServerIp",
                "InvalidBackendServers.ServerIpConflict"
            ),
            ("BackendServers[2].Weight", "InvalidWeight.Malformed"),
        ])
    );
    assert_eq!(
        at(report.warnings()),
        owned(&[
            ("BackendServers[4]", "DuplicateBackendServer.Ignored"),
            ("BackendServers[5].Wieght", "UnknownField"),
        ])
    );
}

//! Locations: every finding of every shipped case that `Report::located` gives a location points
//! at the value at the finding's path (the text there starts with the value as written, read in
//! the outer text's own escaping), found here independently with serde_json; and locating never
//! panics and never points outside the text, whatever the input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    missing_docs
)]

mod common;

use std::fmt;

use clb_preflight::finding::Location;
use clb_preflight::types::List;
use clb_preflight::{check, check_bytes, Checker, Code, Context, Path};
use proptest::prelude::*;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// An object's members in order, repeated keys kept, each value as written.
struct Pairs<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Pairs<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Pairs<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<Pairs<'a>, M::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, &'de RawValue>()? {
                    out.push((k, v));
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// How the outer text encodes the value at a location.
#[derive(Clone, Copy, Debug)]
enum Encoding {
    Plain,
    JsonString,
    Percent,
}

/// The text from `at` decoded as `encoding`, at most `n` bytes of it (and no further than the
/// value's own end in that encoding).
fn decoded_from(text: &str, encoding: Encoding, n: usize) -> String {
    match encoding {
        Encoding::Plain => text.chars().collect::<String>(),
        Encoding::JsonString => {
            let mut out = String::new();
            let mut chars = text.chars();
            while out.len() < n {
                match chars.next() {
                    Some('\\') => match chars.next() {
                        Some('"') => out.push('"'),
                        Some('\\') => out.push('\\'),
                        Some('/') => out.push('/'),
                        Some('n') => out.push('\n'),
                        Some('t') => out.push('\t'),
                        Some('r') => out.push('\r'),
                        Some('b') => out.push('\u{8}'),
                        Some('f') => out.push('\u{c}'),
                        Some('u') => {
                            let hex: String = chars.by_ref().take(4).collect();
                            let c = u32::from_str_radix(&hex, 16).unwrap();
                            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                        }
                        _ => break,
                    },
                    Some('"') | None => break,
                    Some(c) => out.push(c),
                }
            }
            out
        }
        Encoding::Percent => {
            let mut bytes = Vec::new();
            let b = text.as_bytes();
            let mut i = 0;
            while i < b.len() && bytes.len() < n && b[i] != b'&' {
                match b[i] {
                    b'+' => bytes.push(b' '),
                    b'%' => match text.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16)) {
                        Some(Ok(byte)) => {
                            bytes.push(byte);
                            i += 2;
                        }
                        _ => bytes.push(b'%'),
                    },
                    c => bytes.push(c),
                }
                i += 1;
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
    }
}

fn percent_decoded(s: &str) -> String {
    decoded_from(s, Encoding::Percent, usize::MAX)
}

/// The values at `path` in `text` as written (every occurrence of its key, in order), and how
/// the outer text encodes them; `None` when the text has no such place.
fn values_at(text: &str, path: &Path) -> Option<(Vec<String>, Encoding)> {
    let body = text.trim_start_matches('\u{feff}');
    let is_json = body.trim_start().starts_with('{');
    // The top-level parameters: key, value as written (decoded for the query form).
    let params: Vec<(String, String)> = if is_json {
        let pairs: Pairs<'_> = serde_json::from_str(body).ok()?;
        pairs
            .0
            .into_iter()
            .map(|(k, v)| (k, v.get().to_owned()))
            .collect()
    } else {
        let query = body.trim();
        let query = query.strip_prefix('?').unwrap_or(query);
        let query = if query.starts_with("http") {
            query.split_once('?')?.1
        } else {
            query
        };
        query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (percent_decoded(k), percent_decoded(v)))
            .collect()
    };
    let top = if is_json {
        Encoding::Plain
    } else {
        Encoding::Percent
    };
    if let Path::Param(name) = path {
        let values: Vec<String> = params
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect();
        return Some((values, top));
    }
    // The list the path names (`BackendServers`, `OldBackendServers` …).
    let list = path
        .in_item()
        .map_or("BackendServers", |(list, _)| list.name());
    let (_, servers) = params.iter().find(|(k, _)| k.eq_ignore_ascii_case(list))?;
    let (inner, encoding) = if !is_json {
        (servers.clone(), Encoding::Percent)
    } else if servers.starts_with('"') {
        (
            serde_json::from_str::<String>(servers).ok()?,
            Encoding::JsonString,
        )
    } else {
        (servers.clone(), Encoding::Plain)
    };
    let items: Vec<&RawValue> = serde_json::from_str(inner.trim()).ok()?;
    match path {
        Path::Item(_, i) => Some((vec![items.get(*i)?.get().to_owned()], encoding)),
        Path::Field(_, i, name) => {
            let pairs: Pairs<'_> = serde_json::from_str(items.get(*i)?.get()).ok()?;
            let values = pairs
                .0
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.get().to_owned())
                .collect();
            Some((values, encoding))
        }
        _ => None,
    }
}

/// The text from a location to the end of the document.
fn text_from(text: &str, location: Location) -> &str {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(location.line() - 1)
        .map(str::len)
        .sum();
    let line = &text[line_start..];
    let line = if location.line() == 1 {
        line.strip_prefix('\u{feff}').unwrap_or(line)
    } else {
        line
    };
    let skip: usize = line
        .chars()
        .take(location.column() - 1)
        .map(char::len_utf8)
        .sum();
    &line[skip..]
}

/// Every location `located` gives for `text` is inside it and starts with the value as written
/// at the finding's path (the first occurrence, unless the finding is about a repeated key).
fn check_locations(text: &str, report: &clb_preflight::Report) -> usize {
    let mut located = 0;
    for finding in report.findings() {
        let Some(location) = finding.location() else {
            continue;
        };
        located += 1;
        let line = text.split('\n').nth(location.line() - 1);
        let line = line.unwrap_or_else(|| panic!("{location:?} past the last line"));
        assert!(
            location.column() <= line.trim_start_matches('\u{feff}').chars().count(),
            "{location:?} past the end of its line"
        );
        let (values, encoding) = values_at(text, finding.path())
            .unwrap_or_else(|| panic!("{} located, but no value there", finding.path()));
        let at = text_from(text, location);
        let longest = values.iter().map(String::len).max().unwrap_or(0);
        let found = decoded_from(at, encoding, longest);
        let matches: Vec<usize> = (0..values.len())
            .filter(|&i| found.starts_with(&values[i]))
            .collect();
        assert!(
            !matches.is_empty(),
            "{} ({}) at {location:?}: {found:?} is none of {values:?}",
            finding.path(),
            finding.code()
        );
        let about_a_key = matches!(
            finding.code(),
            Code::UnknownField | Code::NonCanonicalFieldName | Code::InvalidParameterDuplicateField
        );
        if !about_a_key {
            assert!(
                found.starts_with(&values[0]),
                "{}: not the first occurrence",
                finding.path()
            );
        }
    }
    located
}

#[test]
fn every_case_location_points_at_its_value() {
    let mut located = 0;
    let mut files = 0;
    let dirs = ["tests/cases", "examples"];
    for dir in dirs {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.display().to_string();
            if name.contains("describe-") || name.ends_with(".jsonl") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let Ok(text) = std::str::from_utf8(&bytes) else {
                continue;
            };
            files += 1;
            let report = check_bytes(&bytes).located(text);
            located += check_locations(text, &report);
            // Checked and located in one go: the same report.
            assert_eq!(Checker::new().check_located(text), report, "{name}");
            // Locating changes nothing else.
            let plain = check_bytes(&bytes);
            assert_eq!(report.findings().count(), plain.findings().count());
            for (a, b) in report.findings().zip(plain.findings()) {
                assert_eq!(a.clone().with_place(None), *b, "{name}");
            }
        }
    }
    assert!(files > 100, "{files} files");
    assert!(located > 150, "only {located} findings located");
}

#[test]
fn findings_about_values_that_are_present_have_a_location() {
    let text = std::fs::read_to_string("examples/invalid.json").unwrap();
    let report = check(&text).located(&text);
    let at: Vec<(String, Option<(usize, usize)>)> = report
        .findings()
        .map(|f| {
            (
                f.path().to_string(),
                f.location().map(|l| (l.line(), l.column())),
            )
        })
        .collect();
    assert_eq!(
        at,
        [
            ("BackendServers[1].Weight".to_owned(), Some((5, 54))),
            ("BackendServers[3].ServerIp".to_owned(), Some((7, 58))),
            // Absent: no place to point at.
            ("BackendServers[3].Type".to_owned(), None),
            ("BackendServers[2]".to_owned(), Some((6, 5))),
            ("BackendServers[3].Wieght".to_owned(), Some((7, 86))),
        ]
    );
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(
        json["errors"][0]["location"],
        serde_json::json!({"line": 5, "column": 54, "end": {"line": 5, "column": 56}, "span": {"start": 185, "end": 188}})
    );
    assert!(json["errors"][2].get("location").is_none());
}

/// Text shaped like a request, with the usual trouble: repeated and case-variant keys, escapes,
/// encoded and plain arrays, blanks, and damage.
fn request_like() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "ServerId",
        "Weight",
        "weight",
        "Wieght",
        "Type",
        "ServerIp",
        "Port",
        "Description",
        "Weig\\u0068t",
        "",
        "\\\"",
    ]);
    let value = prop::sample::select(vec![
        "\"i-1\"",
        "101",
        "\"80\"",
        "null",
        "true",
        "\"a\\\"b\"",
        "[1,2]",
        "{\"x\":1}",
        "\"é测\"",
        "-0",
        "\"\\ud800\"",
    ]);
    let item = prop::collection::vec((key, value), 0..5).prop_map(|fields| {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("\"{k}\": {v}"))
            .collect();
        format!("{{{}}}", body.join(", "))
    });
    let items = prop::collection::vec(item, 0..4);
    (
        items,
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<char>()), 0..3),
    )
        .prop_map(|(items, encoded, newlines, damage)| {
            let array = format!("[{}]", items.join(if newlines { ",\n  " } else { "," }));
            let servers = if encoded {
                serde_json::to_string(&array).unwrap()
            } else {
                array
            };
            let mut text = format!(
                "{{\"LoadBalancerId\": \"lb-1\",\n \"BackendServers\": {servers},\n \"backendservers\": 1}}"
            );
            for (at, c) in damage {
                let mut chars: Vec<char> = text.chars().collect();
                let i = at.index(chars.len() + 1);
                chars.insert(i, c);
                text = chars.into_iter().collect();
            }
            text
        })
}

/// Text the fast reader reads in place (plain keys, inner strings without a backslash), in both
/// forms of `BackendServers`, with findings of every kind an item can have: unknown, case-variant
/// and repeated keys, bad and absent values, items that are no object, sometimes a byte-order
/// mark, blanks (encoded as escapes inside the string), single quotes, more than 20 items.
fn read_in_place() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "ServerId",
        "Weight",
        "weight",
        "Wieght",
        "Type",
        "ServerIp",
        "Port",
        "Description",
        "",
        "x}",
    ]);
    let value = prop::sample::select(vec![
        "\"i-1\"",
        "\"eni-1\"",
        "\"101\"",
        "101",
        "\"ecs\"",
        "\"eni\"",
        "\"10.0.0.256\"",
        "\"10.0.0.1\"",
        "null",
        "true",
        "-0.5e3",
        "\"\"",
        "\"a}b]\"",
        "\"é测\"",
    ]);
    let object = prop::collection::vec((key, value), 0..6).prop_map(|fields| {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("\"{k}\": {v}"))
            .collect();
        format!("{{{}}}", body.join(", "))
    });
    let item = prop_oneof![
        8 => object,
        1 => prop::sample::select(vec!["null", "true", "\"i-1\"", "\"\""]).prop_map(String::from),
    ];
    (
        prop::collection::vec(item, 0..23),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec![",", ", ", ",\n  "]),
    )
        .prop_map(|(items, encoded, bom, quoted, separator)| {
            let mut array = format!("[{}]", items.join(separator));
            if quoted {
                array = array.replace("\"ServerId\"", "'ServerId'");
            }
            let servers = if encoded {
                serde_json::to_string(&array).unwrap()
            } else {
                array
            };
            let bom = if bom { "\u{feff}" } else { "" };
            format!("{bom}{{\"LoadBalancerId\": \"lb-1\", \"BackendServers\": {servers}}}")
        })
}

proptest! {
    #![proptest_config(common::config(512, "proptest-regressions/locate.txt"))]

    /// Checked and located in one go, the items' places taken from the check's own reading: the
    /// same report as checked, then located by walking the text; without facts and with them.
    #[test]
    fn checking_and_locating_at_once_gives_the_same_report(text in read_in_place()) {
        let report = check(&text).located(&text);
        prop_assert_eq!(&Checker::new().check_located(&text), &report);
        let mut context = Context::new();
        context.add_servers(&std::fs::read_to_string("examples/describe-instances.json").unwrap()).unwrap();
        let with_facts = Checker::new().with_context(&context);
        let walked = with_facts.check(&text).unwrap().located(&text);
        prop_assert_eq!(with_facts.check_located(&text).unwrap(), walked);
        // The independent reading (serde_json) reads no single quotes.
        if !text.contains('\'') {
            check_locations(&text, &report);
        }
    }

    #[test]
    fn locating_never_panics_and_stays_inside_the_text(text in any::<String>()) {
        let report = check(&text).located(&text);
        prop_assert_eq!(&Checker::new().check_located(&text), &report);
        for finding in report.findings() {
            if let Some(l) = finding.location() {
                let line = text.split('\n').nth(l.line() - 1);
                prop_assert!(line.is_some());
                prop_assert!(l.column() <= line.unwrap().chars().count());
            }
        }
    }

    #[test]
    fn locations_in_request_like_text_point_at_their_values(text in request_like()) {
        let report = check(&text).located(&text);
        prop_assert_eq!(&Checker::new().check_located(&text), &report);
        check_locations(&text, &report);
    }

    #[test]
    fn query_locations_point_at_their_values(text in request_like()) {
        // The same parameters as a query string.
        let value: Result<serde_json::Map<String, serde_json::Value>, _> = serde_json::from_str(&text);
        if let Ok(map) = value {
            let mut query = String::from("Action=AddBackendServers");
            for (k, v) in map {
                let v = match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                let enc: String = v
                    .bytes()
                    .map(|b| if b.is_ascii_alphanumeric() || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") })
                    .collect();
                query.push_str(&format!("&{k}={enc}"));
            }
            let report = check(&query).located(&query);
            check_locations(&query, &report);
        }
    }
}

/// The column (from 1) just after the `nth` (from 0) occurrence of `needle` in one-line `text`:
/// where the value that follows a key and its colon starts.
fn after(text: &str, needle: &str, nth: usize) -> usize {
    let (at, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} {nth} in {text}"));
    at + needle.len() + 1
}

/// Each finding's (code, path, line, column), in the report's order.
fn located(text: &str) -> Vec<(String, String, usize, usize)> {
    let report = clb_preflight::check(text).located(text);
    report
        .findings()
        .map(|f| {
            let l = f.location().expect("located");
            (
                f.code().to_string(),
                f.path().to_string(),
                l.line(),
                l.column(),
            )
        })
        .collect()
}

fn at(code: &str, path: &str, column: usize) -> (String, String, usize, usize) {
    (code.to_owned(), path.to_owned(), 1, column)
}

/// A key written three times: the n-th finding about the key itself (R5) points at its n-th
/// occurrence, the n-th duplicate at the (n+1)-th occurrence of its field.
#[test]
fn repeated_keys_are_located_occurrence_by_occurrence() {
    let text = r#"{"LoadBalancerId":"lb-1","BackendServers":[{"ServerId":"i-1","Foo":1,"Foo":2,"Weight":5,"Weight":6,"Weight":7}]}"#;
    let w = r#""Weight":"#;
    let foo = r#""Foo":"#;
    assert_eq!(
        located(text),
        [
            at(
                "InvalidParameter.DuplicateField",
                "BackendServers[0].Weight",
                after(text, w, 1)
            ),
            at(
                "InvalidParameter.DuplicateField",
                "BackendServers[0].Weight",
                after(text, w, 2)
            ),
            at("UnknownField", "BackendServers[0].Foo", after(text, foo, 0)),
            at("UnknownField", "BackendServers[0].Foo", after(text, foo, 1)),
        ]
    );
}

/// Inside `BackendServers` written as a JSON string, a value after an inner string with escaped
/// quotes, backslashes, `\u` escapes and a newline is found where it is written.
#[test]
fn values_after_escapes_in_an_encoded_array_are_located() {
    let text = r#"{"LoadBalancerId":"lb-1","BackendServers":"[{\"ServerId\":\"i-1\",\"Description\":\"a\\\"b\\\\c\\u00e9\\n\",\"Weight\":101}]"}"#;
    assert_eq!(
        located(text),
        [
            at(
                "InvalidWeight.Malformed",
                "BackendServers[0].Weight",
                after(text, r#"\"Weight\":"#, 0)
            ),
            at(
                "InvalidParameter.Description",
                "BackendServers[0].Description",
                after(text, r#"\"Description\":"#, 0)
            ),
        ]
    );
}

/// In a query string: `+` (a space) between JSON tokens and inside a percent-encoded value, and
/// a parameter after the `&` that ends `BackendServers`.
#[test]
fn values_in_a_query_string_are_located() {
    // `+` is a space twice: between JSON tokens, and inside the description.
    let text = "BackendServers=%5B+%7B%22ServerId%22%3A+%22i-1%22%2C%22Description%22%3A%22web+1%22%2C+%22Weight%22%3A101%7D%5D&LoadBalancerId=lb-1&Fo%6F=1";
    assert_eq!(
        located(text),
        [
            at(
                "InvalidWeight.Malformed",
                "BackendServers[0].Weight",
                after(text, "%22Weight%22%3A", 0)
            ),
            at(
                "InvalidParameter.Description",
                "BackendServers[0].Description",
                after(text, "%22Description%22%3A", 0)
            ),
            at("UnknownField", "Foo", after(text, "Fo%6F=", 0)),
        ]
    );
}

/// In `BackendServers` written as an array: a value after a string with an escaped quote and an
/// escaped backslash is found where it is written.
#[test]
fn values_after_escapes_in_a_plain_array_are_located() {
    let text = r#"{"LoadBalancerId":"lb-1","BackendServers":[{"ServerId":"i-1","Description":"x\"y\\","Weight":101}]}"#;
    assert_eq!(
        located(text),
        [
            at(
                "InvalidWeight.Malformed",
                "BackendServers[0].Weight",
                after(text, r#""Weight":"#, 0)
            ),
            at(
                "InvalidParameter.Description",
                "BackendServers[0].Description",
                after(text, r#""Description":"#, 0)
            ),
        ]
    );
}

/// Every byte but letters and digits as `%XX`.
fn percent_all(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A later item is found past an earlier one whose values nest objects and arrays and hold
/// strings with brackets, braces, escaped quotes, backslashes and `\u` escapes, in each of the three ways
/// `BackendServers` is written: an array, a JSON string, a query string.
#[test]
fn later_items_are_found_past_nested_containers_and_tricky_strings() {
    let items = r#"[{"ServerId":"i-1","X":{"a":[1,{"b":"}]\"\\"}],"c":"[{\u005d\u00e9"},"Description":"q\"{["},{"ServerId":"i-2","Weight":101}]"#;
    let json_forms = [
        format!(r#"{{"LoadBalancerId":"lb-1","BackendServers":{items}}}"#),
        serde_json::json!({"LoadBalancerId": "lb-1", "BackendServers": items}).to_string(),
    ];
    let keys = [
        ("BackendServers[0].X", r#""X":"#),
        ("BackendServers[0].Description", r#""Description":"#),
        ("BackendServers[1].Weight", r#""Weight":"#),
    ];
    let expect = |text: &str, needle: &dyn Fn(&str) -> String| {
        let mut found: Vec<(String, usize)> = located(text)
            .into_iter()
            .map(|(_, path, line, column)| {
                assert_eq!(line, 1);
                (path, column)
            })
            .collect();
        found.sort();
        let mut wanted: Vec<(String, usize)> = keys
            .iter()
            .map(|(path, key)| ((*path).to_owned(), after(text, &needle(key), 0)))
            .collect();
        wanted.sort();
        assert_eq!(found, wanted, "{text}");
    };
    expect(&json_forms[0], &|key| key.to_owned());
    expect(&json_forms[1], &|key| key.replace('"', "\\\""));
    let query = format!("LoadBalancerId=lb-1&BackendServers={}", percent_all(items));
    expect(&query, &|key| percent_all(key));
}

/// A query string after `?`, or after a whole URL: parameters, the first one too, are located
/// past the prefix.
#[test]
fn query_parameters_after_a_question_mark_or_a_url_are_located() {
    let query = "Fo%6F=1&LoadBalancerId=lb-1&Ba+r=2&BackendServers=%5B%7B%22ServerId%22%3A%22i-1%22%2C%22Weight%22%3A101%7D%5D";
    for prefix in [
        "",
        "?",
        "https://slb.aliyuncs.com/?",
        "http://slb.example/x?",
    ] {
        let text = format!("{prefix}{query}");
        let mut found: Vec<(String, usize)> = located(&text)
            .into_iter()
            .map(|(_, path, _, column)| (path, column))
            .collect();
        found.sort();
        let mut wanted = vec![
            ("Foo".to_owned(), after(&text, "Fo%6F=", 0)),
            ("Ba r".to_owned(), after(&text, "Ba+r=", 0)),
            (
                "BackendServers[0].Weight".to_owned(),
                after(&text, "%22Weight%22%3A", 0),
            ),
        ];
        wanted.sort();
        assert_eq!(found, wanted, "{text}");
    }
}

/// Keys written with escapes (also at their start) or in another letter case are found as the
/// reader found them.
#[test]
fn keys_with_escapes_or_another_case_are_located() {
    let items = r#"[{"ServerId":"i-1","Weig\u0068t":101,"descriptioN":"a b"},{"Server\u0049d":"i-2","weight":102},{"ServerId":"i-3","\u0057eight":103}]"#;
    let forms = [
        format!(r#"{{"LoadBalancerId":"lb-1","BackendServers":{items}}}"#),
        serde_json::json!({"LoadBalancerId": "lb-1", "BackendServers": items}).to_string(),
    ];
    for (n, text) in forms.iter().enumerate() {
        let quote = |key: &str| {
            if n == 0 {
                key.to_owned()
            } else {
                key.replace('\\', "\\\\").replace('"', "\\\"")
            }
        };
        for (_, path, _, column) in located(text) {
            let key = match path.as_str() {
                "BackendServers[0].Weight" => r#""Weig\u0068t":"#,
                "BackendServers[0].descriptioN" | "BackendServers[0].Description" => {
                    r#""descriptioN":"#
                }
                "BackendServers[1].weight" | "BackendServers[1].Weight" => r#""weight":"#,
                // A key that starts with an escape.
                "BackendServers[2].Weight" => r#""\u0057eight":"#,
                other => panic!("unexpected finding at {other} in {text}"),
            };
            assert_eq!(column, after(text, &quote(key), 0), "{path} in {text}");
        }
        assert!(located(text).len() >= 5, "{:?}", located(text));
    }
}

/// An encoded `BackendServers` ends at its closing quote: a path is not looked for in the text
/// after it, even when that text would spell it.
#[test]
fn an_encoded_array_ends_at_its_closing_quote() {
    let text =
        r#"{"BackendServers":"[{\"ServerId\":\"i-1\",\"Weight\":1","X":2,"Description":"a"}"#;
    assert_eq!(
        Path::Field(List::BackendServers, 0, "Description".into()).locate_in(text),
        None
    );
}

/// Characters of the outer string written as `\uXXXX` escapes (letters of the inner keys and
/// values) are read as what they stand for.
#[test]
fn outer_unicode_escapes_in_an_encoded_array_are_read() {
    let text = r#"{"LoadBalancerId":"lb-1","BackendServers":"[{\"Server\u0049d\":\"i-\u0031\",\"Weig\u0068t\":101}]"}"#;
    assert_eq!(
        located(text),
        [at(
            "InvalidWeight.Malformed",
            "BackendServers[0].Weight",
            after(text, r#"\u0068t\":"#, 0)
        )]
    );
}

/// The walker is tolerant, but it does not read on past the place where the text stops being
/// the JSON it holds: the end of the encoded string (a raw quote, wherever it falls), the end of
/// the query value (`&`), an escape that spells no character, a member without a value. What
/// lies beyond is not located, even where it would spell the path.
#[test]
fn what_follows_the_end_of_the_json_is_not_located() {
    let weight = || Path::Field(List::BackendServers, 0, "Weight".into());
    let cases = [
        // The encoded string ends after `[`: the object after the quote is not an item.
        (
            r#"{"BackendServers":"[" ,{\"ServerId\":\"i-1\"}]"}"#,
            Path::item(0),
        ),
        // A raw quote inside an item's string ends the encoded string ...
        (
            r#"{"BackendServers":"[{\"Description\":\"a"b\",\"Weight\":101}]"}"#,
            weight(),
        ),
        // ... also just after an escape cut short ...
        (
            r#"{"BackendServers":"[{\"Description\":\"a\u0"bc\",\"Weight\":101}]"}"#,
            weight(),
        ),
        // ... and inside an array within an item: the next item lies past it.
        (
            r#"{"BackendServers":"[{\"X\":[1,"2]},{\"ServerId\":\"i-1\"}]"}"#,
            Path::item(1),
        ),
        // An escape that spells no character, inside an item.
        (
            r#"{"BackendServers":"[{\"ServerId\":\"i-1\" \u12: 1},{\"ServerId\":\"i-2\"}]"}"#,
            Path::item(1),
        ),
        // `&` ends the query value, also where it falls inside a string of the array.
        (
            r#"LoadBalancerId=lb-1&BackendServers=[{"ServerIp":"&","ServerId":"i-1"}]"#,
            Path::Field(List::BackendServers, 0, "ServerId".into()),
        ),
        // A member without a value.
        (
            r#"{"BackendServers":[{"ServerId":,,"Weight":101}]}"#,
            weight(),
        ),
    ];
    for (text, path) in cases {
        assert_eq!(path.locate_in(text), None, "{path} in {text}");
    }
}

/// Text the reader refuses is still walked where it can be: a raw control character inside a
/// string (JSON wants it escaped) is stepped over, and what follows is found.
#[test]
fn a_raw_control_character_in_a_string_is_stepped_over() {
    let text = "{\"X\":\"a\tb\",\"BackendServers\":[{\"ServerId\":\"i-1\",\"Weight\":101}]}";
    let weight = Path::Field(List::BackendServers, 0, "Weight".into()).locate_in(text);
    assert_eq!(
        weight.map(|l| (l.line(), l.column())),
        Some((1, after(text, "\"Weight\":", 0)))
    );
}

/// A bracket of the encoded array written as an outer escape (`\u005d` for `]`) closes what it
/// closes in the text that is read, and the members after it are found.
#[test]
fn brackets_written_as_escapes_close_what_they_spell() {
    let text = r#"{"LoadBalancerId":"lb-1","BackendServers":"[{\"X\":[1\u005d,\"ServerId\":\"i-1\",\"Weight\":101},{\"ServerId\":\"i-2\",\"Weight\":102}]"}"#;
    assert_eq!(
        located(text),
        [
            at(
                "InvalidWeight.Malformed",
                "BackendServers[0].Weight",
                after(text, r#"\"Weight\":"#, 0)
            ),
            at(
                "InvalidWeight.Malformed",
                "BackendServers[1].Weight",
                after(text, r#"\"Weight\":"#, 1)
            ),
            at(
                "UnknownField",
                "BackendServers[0].X",
                after(text, r#"\"X\":"#, 0)
            ),
        ]
    );
}

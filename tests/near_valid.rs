//! Near-valid inputs: a good value, then one mutation. The expected verdict comes from an oracle
//! written here, independently of the validator, from the rule book's words.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use clb_preflight::{check, Code};
use proptest::prelude::*;
use serde_json::{json, Value};

mod oracle;

use oracle::{apply, description_ok, ip_ok, port_ok, server_id_ok, type_ok, weight_ok, Mutation};

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::None),
        proptest::sample::select(&oracle::PREFIXES[..]).prop_map(Mutation::Prefix),
        proptest::sample::select(&oracle::SUFFIXES[..]).prop_map(Mutation::Suffix),
        (
            any::<usize>(),
            proptest::sample::select(&oracle::INSERTS[..])
        )
            .prop_map(|(i, c)| Mutation::Insert(i, c)),
        any::<usize>().prop_map(Mutation::Fullwidth),
        any::<usize>().prop_map(Mutation::Upper),
        Just(Mutation::Empty),
        prop_oneof![Just(80usize), Just(128)].prop_map(Mutation::Longer),
    ]
}

// ----- The check. -----

/// Checks one `eni` item whose `field` holds `value` (as a JSON string, or as a raw JSON number
/// when `as_number` and the text is a JSON number), and compares with the oracle.
fn verdict(
    field: &str,
    value: &str,
    as_number: bool,
    ok: bool,
    code: Code,
) -> Result<(), TestCaseError> {
    let mut item = serde_json::Map::new();
    item.insert("ServerId".into(), json!("eni-2ze3ykcbqm8kdaqv0l3q"));
    item.insert("Type".into(), json!("eni"));
    item.insert("ServerIp".into(), json!("192.168.10.11"));
    // A JSON number is spliced in as written (serde_json would normalise it); text with
    // surrounding blanks is not one (JSON would drop the blanks).
    let raw_number = as_number
        && value.trim() == value
        && serde_json::from_str::<serde_json::Number>(value).is_ok();
    let written = if raw_number {
        value.to_owned()
    } else {
        json!(value).to_string()
    };
    item.insert(field.into(), json!("@@VALUE@@"));
    let items = Value::Array(vec![Value::Object(item)])
        .to_string()
        .replace("\"@@VALUE@@\"", &written);
    let text =
        json!({"LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru", "BackendServers": items}).to_string();
    let report = check(&text);
    if ok {
        prop_assert!(
            report.is_valid(),
            "{field} {value:?} should pass:\n{}",
            report.to_human()
        );
    } else {
        let errors: Vec<(Code, String)> = report
            .errors()
            .iter()
            .map(|e| (e.code(), e.path().to_string()))
            .collect();
        prop_assert_eq!(
            errors,
            vec![(code, format!("BackendServers[0].{field}"))],
            "{} {:?}",
            field,
            value
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(common::config(512, "proptest-regressions/near_valid.txt"))]

    #[test]
    fn weight(value in 0u8..=100, m in mutation(), as_number in any::<bool>()) {
        let text = apply(&value.to_string(), &m);
        verdict("Weight", &text, as_number, weight_ok(&text), Code::InvalidWeightMalformed)?;
    }

    #[test]
    fn port(value in 1u16..=65535, m in mutation(), as_number in any::<bool>()) {
        let text = apply(&value.to_string(), &m);
        verdict("Port", &text, as_number, port_ok(&text), Code::InvalidParameterPort)?;
    }

    #[test]
    fn server_type(m in mutation()) {
        let text = apply("eni", &m);
        // A mutation that still spells a type names another kind than the id: R12, not R10.
        prop_assume!(!type_ok(&text) || text == "eni");
        verdict("Type", &text, false, type_ok(&text), Code::BackendServerInvalidType)?;
    }

    #[test]
    fn server_ip(a in 0u8..=255, b in 0u8..=255, c in 0u8..=255, d in 0u8..=255, m in mutation()) {
        let text = apply(&format!("{a}.{b}.{c}.{d}"), &m);
        verdict("ServerIp", &text, false, ip_ok(&text), Code::InvalidParameterServerIp)?;
    }

    #[test]
    fn description(value in "[A-Za-z0-9./_\u{4e00}-\u{9fff}-]{1,80}", m in mutation()) {
        let text = apply(&value, &m);
        verdict("Description", &text, false, description_ok(&text), Code::InvalidParameterDescription)?;
    }

    #[test]
    fn server_id(value in "[a-z0-9]{1,30}", m in mutation()) {
        let text = apply(&format!("eni-{value}"), &m);
        // Keep the prefix, so that the id still names an ENI (else R12 speaks, not R6).
        prop_assume!(text.starts_with("eni-") || text.is_empty() || !server_id_ok(&text));
        let code = if text.is_empty() { Code::MissingParameterServerId } else { Code::InvalidParameterServerId };
        verdict("ServerId", &text, false, server_id_ok(&text), code)?;
    }

    #[test]
    fn arbitrary_unicode_in_any_field_never_panics(field in prop_oneof![
        Just("ServerId"), Just("Weight"), Just("Description"), Just("Type"), Just("ServerIp"), Just("Port"),
    ], value in "\\PC*") {
        let text = json!({
            "LoadBalancerId": "lb-2ze7o5h52g02kkzze7lru",
            "BackendServers": json!([{ "ServerId": "i-1", field: value }]).to_string(),
        }).to_string();
        let report = check(&text);
        prop_assert_eq!(report.is_valid(), report.errors().is_empty());
    }
}

//! The value types, at their edges: their text both ways, their order, their limits, serde's
//! messages, `Debug`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::net::Ipv4Addr;

use clb_preflight::{
    Description, LoadBalancerId, Port, RegionId, ServerId, ServerIp, ServerType, Weight,
};

const LB: &str = "lb-2ze7o5h52g02kkzze7lru";

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

//! The findings' words and order, at their edges: request text cut and escaped in messages,
//! the dependency's syntax messages kept, hand-built paths printed safely, findings across
//! items in item order.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use clb_preflight::types::List;
use clb_preflight::{check, Context, Path, Report};
use serde_json::json;

const LB: &str = "lb-2ze7o5h52g02kkzze7lru";

/// A JSON request whose `BackendServers` string is `items`.
fn request(items: &str) -> String {
    json!({"LoadBalancerId": LB, "BackendServers": items}).to_string()
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.findings().map(|f| f.code().as_str()).collect()
}

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
        Path::Field(List::BackendServers, 3, Cow::Owned(name.to_owned())).to_string(),
        format!("BackendServers[3].{shown}")
    );
    // A name that needs nothing is printed as it is, whatever its length.
    let long = "a".repeat(60);
    assert_eq!(Path::Param(Cow::Owned(long.clone())).to_string(), long);
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

/// A report's `Display` is its compact human form, as `to_human` gives it.
#[test]
fn a_report_displays_as_its_human_form() {
    let report = check(&request(r#"[{"ServerId":"i-1","Weight":"101"}]"#));
    let human = report.to_human();
    assert!(human.contains("InvalidWeight.Malformed"), "{human}");
    assert_eq!(report.to_string(), human);
}

/// A valid group call's verdict names the call, its servers and its group.
#[test]
fn a_group_call_reads_for_people_with_its_call_and_group() {
    let report = check(
        &json!({
            "Action": "AddVServerGroupBackendServers", "RegionId": "cn-beijing",
            "VServerGroupId": "rsp-1",
            "BackendServers": r#"[{"ServerId":"i-1","Port":"80"},{"ServerId":"i-1","Port":"81"}]"#,
        })
        .to_string(),
    );
    assert!(
        report
            .to_human()
            .contains("\nvalid: AddVServerGroupBackendServers of 2 backend servers on rsp-1; 0 errors, 0 warnings\n")
            || report.to_human().starts_with("valid: AddVServerGroupBackendServers of 2 backend servers on rsp-1; 0 errors, 0 warnings\n"),
        "{}",
        report.to_human()
    );
}

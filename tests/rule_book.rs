//! The rule book (`RULEBOOK.md`) and the crate's code table agree: the same codes, each with the
//! same rule and severity, both ways; every rule has its section, which names its codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    missing_docs
)]

use std::collections::BTreeMap;

use clb_preflight::{Code, Rule, Severity};

const RULE_BOOK: &str = include_str!("../RULEBOOK.md");

/// The rows of the code table: code → (rule, severity), as the rule book writes them.
fn book_table() -> BTreeMap<String, (String, String)> {
    let start = RULE_BOOK
        .find("<!-- code-table:begin -->")
        .expect("the code table's start marker");
    let end = RULE_BOOK
        .find("<!-- code-table:end -->")
        .expect("the code table's end marker");
    let mut rows = BTreeMap::new();
    for line in RULE_BOOK[start..end].lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let [code, rule, severity] = cells[..] else {
            panic!("a row of the code table has {} cells: {line}", cells.len());
        };
        if code == "code" || code.starts_with('-') {
            continue; // the header and its rule
        }
        let code = code
            .strip_prefix('`')
            .and_then(|c| c.strip_suffix('`'))
            .unwrap_or_else(|| panic!("a code in backticks: {line}"));
        let old = rows.insert(code.to_owned(), (rule.to_owned(), severity.to_owned()));
        assert!(old.is_none(), "{code} is in the code table twice");
    }
    rows
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The crate's code table in the same shape.
fn code_table() -> BTreeMap<String, (String, String)> {
    Code::ALL
        .iter()
        .map(|c| {
            (
                c.as_str().to_owned(),
                (c.rule().to_string(), severity_word(c.severity()).to_owned()),
            )
        })
        .collect()
}

#[test]
fn the_code_table_and_the_rule_book_agree() {
    let book = book_table();
    let code = code_table();
    assert_eq!(code.len(), Code::ALL.len(), "two codes print the same");
    let only_in_code: Vec<_> = code.keys().filter(|c| !book.contains_key(*c)).collect();
    let only_in_book: Vec<_> = book.keys().filter(|c| !code.contains_key(*c)).collect();
    assert!(
        only_in_code.is_empty(),
        "codes the rule book lacks: {only_in_code:?}"
    );
    assert!(
        only_in_book.is_empty(),
        "codes the crate lacks: {only_in_book:?}"
    );
    for (name, (rule, severity)) in &code {
        assert_eq!(
            &book[name],
            &(rule.clone(), severity.clone()),
            "{name}: the rule book says {:?}, the crate {rule} {severity}",
            book[name]
        );
    }
}

/// Each rule's section: from its `### Rn — ` heading to the next heading.
fn sections() -> BTreeMap<u8, &'static str> {
    let mut out = BTreeMap::new();
    let mut rest = RULE_BOOK;
    while let Some(at) = rest.find("\n### R") {
        rest = &rest[at + "\n### R".len()..];
        let number: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let end = rest.find("\n#").unwrap_or(rest.len());
        let old = out.insert(number.parse().unwrap(), &rest[..end]);
        assert!(old.is_none(), "R{number} has two sections");
    }
    out
}

#[test]
fn every_rule_has_a_section_that_names_its_codes() {
    let sections = sections();
    for n in 0..=Rule::LAST {
        assert!(sections.contains_key(&n), "R{n} has no section");
    }
    assert_eq!(
        sections.keys().copied().max(),
        Some(Rule::LAST),
        "the rule book has rules the crate does not"
    );
    for code in Code::ALL {
        let section = sections[&code.rule().number()];
        let line = section
            .lines()
            .find(|l| l.starts_with("- **Codes:**"))
            .map(|first| {
                // The codes line may wrap onto the next lines of its bullet.
                let at = section.find(first).unwrap();
                let rest = &section[at..];
                let end = rest[1..].find("\n- ").map_or(rest.len(), |e| e + 1);
                &rest[..end]
            })
            .unwrap_or_else(|| panic!("{} has no codes line", code.rule()));
        assert!(
            line.contains(&format!("`{}`", code.as_str())),
            "the section of {} does not name {}",
            code.rule(),
            code.as_str()
        );
        let severity = severity_word(code.severity());
        let named = line
            .split(&format!("`{}`", code.as_str()))
            .nth(1)
            .is_some_and(|after| {
                // `code` (error), or `code` (network type, error).
                let after = after.trim_start_matches(['*', ' ', '\n']);
                after.starts_with('(')
                    && after
                        .split(')')
                        .next()
                        .is_some_and(|p| p.split([' ', ',', '(', '\n']).any(|w| w == severity))
            });
        assert!(
            named,
            "the section of {} does not give {} as ({severity})",
            code.rule(),
            code.as_str()
        );
    }
}

#[test]
fn the_rustdoc_page_is_the_rule_book() {
    let module = include_str!("../src/rule_book.rs");
    assert!(module.contains("include_str!(\"../RULEBOOK.md\")"));
}

//! A [`Report`] for people: rich ([`Report::render`]: findings with their places, the diff, the
//! verdict) and compact ([`Report::to_human`]: one line a finding).

use std::fmt::Write as _;

use super::{finding, Options, Source, Styles};
use crate::call::BackendServer;
use crate::context::Member;
use crate::diff::Changed;
use crate::finding::Finding;
use crate::report::Report;
use crate::text::{escaped, Shown};
use crate::types::Action;

impl Report {
    /// The report for people, rustc-style: each finding with its place in `source` (the input
    /// line, carets under the value), the diff, and the verdict, in `styles`.
    pub fn render(&self, source: &Source<'_>, styles: &Styles, options: &Options<'_>) -> String {
        let mut out = String::new();
        let findings: Vec<&Finding> = self.findings().collect();
        finding::blocks(&mut out, &findings, source, styles, options.prefix);
        diff_lines(&mut out, self, styles);
        let name = if options.named {
            format!("{}: ", source.name)
        } else {
            String::new()
        };
        let _ = writeln!(out, "{}{name}{}", options.prefix, verdict(self, styles));
        if let (Some(note), true) = (options.note, self.is_valid()) {
            let _ = writeln!(out, "{}", styles.dim.paint(&format!("note: {note}")));
        }
        out
    }

    /// The report for people, compact: one line per finding, rustc-style, the diff, a one-line
    /// verdict, and the rules left unchecked.
    pub fn to_human(&self) -> String {
        let mut out = String::new();
        for finding in self.findings() {
            let _ = writeln!(out, "{finding}");
        }
        let plain = Styles::plain();
        diff_lines(&mut out, self, &plain);
        let _ = writeln!(out, "{}", verdict(self, &plain));
        let rules: Vec<&str> = self.unchecked().map(|r| r.as_str()).collect();
        if !rules.is_empty() {
            let _ = writeln!(
                out,
                "unchecked: {} (their facts about the load balancer or the servers were not given)",
                rules.join(", ")
            );
        }
        out
    }
}

/// The report for people, compact: [`Report::to_human`].
impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_human())
    }
}

/// The diff's lines: `+` added, `=` attached already, `~` changed, `-` removed, and the count of
/// members after the call.
fn diff_lines(out: &mut String, report: &Report, styles: &Styles) {
    let Some(diff) = report.diff() else {
        return;
    };
    for server in diff.add() {
        let _ = writeln!(
            out,
            "{} {}",
            styles.added.paint("+"),
            server_text(server, false)
        );
    }
    for server in diff.already_attached() {
        let _ = writeln!(out, "= {}", server_text(server, false));
    }
    for change in diff.changed() {
        let _ = writeln!(out, "~ {}", change_text(change));
    }
    for member in diff.removed() {
        let _ = writeln!(out, "- {}", member_text(member));
    }
    let _ = writeln!(
        out,
        "members after the call: {}",
        diff.members_after().len()
    );
}

/// `valid: 2 backend servers to add to lb-…; 0 errors, 1 warning`, or `invalid: 3 errors, …`.
fn verdict(report: &Report, styles: &Styles) -> String {
    let counts = format!(
        "{}, {}",
        plural(report.errors().len(), "error"),
        plural(report.warnings().len(), "warning")
    );
    match report.call() {
        Some(call) if call.action().is_group_call() => {
            let target = match (call.vserver_group_id(), call.load_balancer_id()) {
                (Some(group), _) => format!(" on {group}"),
                (None, Some(lb)) => format!(" on {lb}"),
                (None, None) => String::new(),
            };
            let old = match call.old_backend_servers().len() {
                0 => String::new(),
                n => format!(" in place of {}", plural(n, "member")),
            };
            format!(
                "{}: {} of {}{old}{target}; {counts}",
                styles.valid.paint("valid"),
                call.action(),
                plural(call.backend_servers().len(), "backend server")
            )
        }
        Some(call) => {
            let what = match call.action() {
                Action::SetBackendServers => "set on",
                Action::RemoveBackendServers => "remove from",
                _ => "add to",
            };
            let target = call
                .load_balancer_id()
                .map_or(String::new(), |id| format!(" {id}"));
            format!(
                "{}: {} to {what}{target}; {counts}",
                styles.valid.paint("valid"),
                plural(call.backend_servers().len(), "backend server")
            )
        }
        None => format!("{}: {counts}", styles.error.paint("invalid")),
    }
}

pub(super) use crate::text::plural;

/// One server for people: `i-… (ecs, weight 100, 10.0.0.1, port 80)`, with its description when
/// asked (a plan's Set changes it).
pub(super) fn server_text(server: &BackendServer, description: bool) -> String {
    let mut text = open(server);
    if let Some(d) = server.description().filter(|_| description) {
        let _ = write!(text, ", {}", Shown(d.as_str()));
    }
    text.push(')');
    text
}

/// A member as listed: `i-… (ecs, weight 100, 10.0.0.1, "web-1")`.
fn member_text(member: &Member) -> String {
    let mut text = open(member.server());
    if let Some(description) = member.description() {
        let _ = write!(text, ", {}", Shown(description));
    }
    text.push(')');
    text
}

/// A member a Set changes: `i-… (ecs, weight 100 → 50, description "a" → "b")`, only what
/// changes; `unchanged` when nothing does.
fn change_text(change: &Changed) -> String {
    let (before, after) = (change.before(), change.after());
    let server = before.server();
    let mut text = escaped(server.server_id().as_str());
    let _ = write!(text, " ({}", server.server_type());
    if let Some(ip) = server.server_ip() {
        let _ = write!(text, ", {ip}");
    }
    let (old, new) = (server.weight(), after.server().weight());
    if old != new {
        let _ = write!(text, ", weight {old} → {new}");
    }
    let descriptions = (before.description(), after.description());
    if descriptions.0 != descriptions.1 {
        let shown = |d: Option<&str>| d.map_or("none".to_owned(), |d| Shown(d).to_string());
        let _ = write!(
            text,
            ", description {} → {}",
            shown(descriptions.0),
            shown(descriptions.1)
        );
    }
    if old == new && descriptions.0 == descriptions.1 {
        let _ = write!(text, ", weight {old}, unchanged");
    }
    text.push(')');
    text
}

/// `i-… (ecs, weight 100, 10.0.0.1, port 80`, not closed.
fn open(server: &BackendServer) -> String {
    let mut text = escaped(server.server_id().as_str());
    let _ = write!(
        text,
        " ({}, weight {}",
        server.server_type(),
        server.weight()
    );
    if let Some(ip) = server.server_ip() {
        let _ = write!(text, ", {ip}");
    }
    if let Some(port) = server.port() {
        let _ = write!(text, ", port {port}");
    }
    text
}

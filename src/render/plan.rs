//! A [`Plan`] for people: rich ([`Plan::render`]: findings pointing into the desired members'
//! text) and compact ([`Plan::to_human`]); both then list the steps and the summary.

use std::fmt::Write as _;

use super::report::{plural, server_text};
use super::{finding, Source, Styles};
use crate::finding::Finding;
use crate::plan::{Plan, Step};
use crate::text::Shown;

impl Plan {
    /// The plan for people: its findings, then one line per server a call changes (`+` added,
    /// `~` set, `-` removed), the waits, a summary, and the rules left unchecked. Calls are
    /// numbered as the API sees them (a wait is no call), as the findings name them.
    pub fn to_human(&self) -> String {
        let mut out = String::new();
        for finding in self.errors().iter().chain(self.warnings()) {
            let _ = writeln!(out, "{finding}");
        }
        steps(&mut out, self);
        out
    }

    /// The plan for people, rustc-style: each finding with its place in `source` (the desired
    /// members' text), then the calls, the summary and the rules left unchecked, in `styles`.
    pub fn render(&self, source: &Source<'_>, styles: &Styles) -> String {
        let mut out = String::new();
        let findings: Vec<&Finding> = self.errors().iter().chain(self.warnings()).collect();
        finding::blocks(&mut out, &findings, source, styles, "");
        steps(&mut out, self);
        out
    }
}

/// The steps for people: one line per call and a line per server it changes (`+` added, `~`
/// set, `-` removed), the waits, the summary, the rules left unchecked; `no plan` when there
/// is none.
fn steps(out: &mut String, plan: &Plan) {
    if !plan.is_valid() {
        let _ = writeln!(out, "no plan: {}", plural(plan.errors().len(), "error"));
        return;
    }
    let mut number = 0;
    for call in plan.steps() {
        match call {
            Step::Wait { seconds } => {
                let _ = writeln!(
                    out,
                    "wait {seconds} s for the servers set to weight 0 to drain their connections"
                );
            }
            Step::Call(call) => {
                let (request, members_after) = (call.member_call(), call.members_after());
                number += 1;
                let action = request.action();
                let serving = call
                    .serving_after()
                    .map_or(String::new(), |n| format!(", {n} serving"));
                let _ = writeln!(
                    out,
                    "call {number}: {action} ({}; {}{serving} after it)",
                    plural(request.backend_servers().len(), "server"),
                    plural(members_after, "member")
                );
                let mark = if action.is_remove() {
                    '-'
                } else if action.is_set() {
                    '~'
                } else {
                    '+'
                };
                for server in request.backend_servers() {
                    let _ = writeln!(out, "  {mark} {}", server_text(server, true));
                }
            }
        }
    }
    let s = plan.summary();
    let target = match (plan.vserver_group_id(), plan.load_balancer_id()) {
        (Some(group), _) => format!("vserver group {}", Shown(group)),
        (None, Some(lb)) => Shown(lb).to_string(),
        (None, None) => String::new(),
    };
    let _ = writeln!(
        out,
        "plan for {target}: {} to add, {} to set, {} to remove, {} unchanged; {}",
        s.add(),
        s.set(),
        s.remove(),
        s.unchanged(),
        plural(s.calls(), "call")
    );
    match (s.foreign(), plan.owner()) {
        // The members before the plan: those it sets, removes or leaves as they are.
        (Some(0), Some(_)) if s.set() + s.remove() + s.unchanged() == 0 => {
            let _ = writeln!(out, "there were no members: none left alone");
        }
        (Some(0), Some(prefix)) => {
            let _ = writeln!(
                out,
                "every member is owned by {}: none left alone",
                Shown(prefix)
            );
        }
        (Some(foreign), Some(prefix)) => {
            let _ = writeln!(
                out,
                "{} not owned by {} left alone",
                plural(foreign, "member"),
                Shown(prefix)
            );
        }
        _ => {}
    }
    if plan.vserver_group_id().is_none() {
        let _ = writeln!(
            out,
            "ports are not compared: DescribeLoadBalancerAttribute does not list members' ports"
        );
    }
    let unchecked: Vec<&str> = plan.unchecked().map(|r| r.as_str()).collect();
    if !unchecked.is_empty() {
        // A load balancer's plan has its facts: only the servers' can be missing.
        let about = if plan.unchecked().all(|r| r.needs_servers()) {
            "about the servers "
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "unchecked: {} (the facts they need {about}were not given)",
            unchecked.join(", ")
        );
    }
}

/// The plan for people, compact: [`Plan::to_human`].
impl std::fmt::Display for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_human())
    }
}

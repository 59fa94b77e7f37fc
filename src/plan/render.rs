//! The plan for people (`human`), as `aliyun` command lines, and as RPC query strings.

use std::fmt::Write as _;

use super::{Plan, Step};
use crate::report::describe_with_description;
use crate::text::Shown;
use crate::types::Action;

impl Plan {
    /// The plan for people: its findings, then one line per server a call changes (`+` added,
    /// `~` set, `-` removed), the waits, a summary, and the rules left unchecked. Calls are
    /// numbered as the API sees them (a wait is no call), as the findings name them.
    pub fn to_human(&self) -> String {
        let mut out = String::new();
        for finding in self.errors.iter().chain(&self.warnings) {
            let _ = writeln!(out, "{finding}");
        }
        out.push_str(&self.to_human_steps());
        out
    }

    /// As [`Plan::to_human`] without the findings: for a renderer that shows them its own way
    /// (the command line points each at its place in the desired file).
    pub fn to_human_steps(&self) -> String {
        let mut out = String::new();
        if !self.is_valid() {
            let _ = writeln!(out, "no plan: {}", plural(self.errors.len(), "error"));
            return out;
        }
        let mut number = 0;
        for call in &self.steps {
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
                    let _ = writeln!(
                        out,
                        "call {number}: {action} ({}; {} after it)",
                        plural(request.backend_servers().len(), "server"),
                        plural(members_after, "member")
                    );
                    let mark = match action {
                        Action::AddBackendServers => '+',
                        Action::SetBackendServers => '~',
                        Action::RemoveBackendServers => '-',
                    };
                    for server in request.backend_servers() {
                        let _ = writeln!(out, "  {mark} {}", describe_with_description(server));
                    }
                }
            }
        }
        let s = self.summary;
        let _ = writeln!(
            out,
            "plan for {}: {} to add, {} to set, {} to remove, {} unchanged; {}",
            Shown(&self.load_balancer_id),
            s.add,
            s.set,
            s.remove,
            s.unchanged,
            plural(s.calls, "call")
        );
        let _ = writeln!(
            out,
            "ports are not compared: DescribeLoadBalancerAttribute does not list members' ports"
        );
        let unchecked: Vec<&str> = self.unchecked().map(|r| r.as_str()).collect();
        if !unchecked.is_empty() {
            let _ = writeln!(
                out,
                "unchecked: {} (the facts they need about the servers were not given)",
                unchecked.join(", ")
            );
        }
        out
    }

    /// A POSIX shell script: `set -eu` (a failed call stops the rest), then one `aliyun slb
    /// <Action> --RegionId … --LoadBalancerId … --BackendServers '…'` line per call, each
    /// argument quoted for the shell; a drain's wait is a real `sleep` of its seconds.
    pub fn to_aliyun(&self) -> String {
        let mut out = String::from("set -eu\n");
        for call in &self.steps {
            match call {
                Step::Wait { seconds } => {
                    out.push_str(
                        "# wait for the servers set to weight 0 to drain their connections\n",
                    );
                    let _ = writeln!(out, "sleep {seconds}");
                }
                Step::Call(call) => {
                    let request = call.member_call();
                    let _ = write!(out, "aliyun slb {}", request.action());
                    if let Some(region) = request.region_id() {
                        let _ = write!(out, " --RegionId {}", shell_quoted(region.as_str()));
                    }
                    if let Some(id) = request.load_balancer_id() {
                        let _ = write!(out, " --LoadBalancerId {}", shell_quoted(id.as_str()));
                    }
                    let _ = write!(
                        out,
                        " --BackendServers {}",
                        shell_quoted(&crate::wire::write_backend_servers(
                            request.backend_servers()
                        ))
                    );
                    out.push('\n');
                }
            }
        }
        out
    }

    /// One RPC query string per call; a drain's wait is a comment line that gives its seconds:
    /// `# wait 30 seconds …`.
    pub fn to_query(&self) -> String {
        let mut out = String::new();
        for call in &self.steps {
            match call {
                Step::Wait { seconds } => {
                    let _ = writeln!(
                        out,
                        "# wait {seconds} seconds for the servers set to weight 0 to drain their connections"
                    );
                }
                Step::Call(call) => {
                    let request = call.member_call();
                    out.push_str(&request.to_query());
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// `1 call`, `2 calls`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The plan for people: [`Plan::to_human`].
impl std::fmt::Display for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_human())
    }
}

/// `text` as one word for a POSIX shell: in single quotes, each `'` written `'\''`.
pub(crate) fn shell_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting_survives_any_text() {
        assert_eq!(shell_quoted("a b"), "'a b'");
        assert_eq!(shell_quoted("it's"), "'it'\\''s'");
        assert_eq!(shell_quoted("$(rm -rf /)`x`\n"), "'$(rm -rf /)`x`\n'");
    }
}

//! The plan for people (`human`), as `aliyun` command lines, and as RPC query strings.

use std::fmt::Write as _;

use super::{Call, Plan};
use crate::report::describe_with_description;
use crate::text::Shown;
use crate::types::Action;

impl Plan {
    /// The plan for people: its findings, then one line per server a call changes (`+` added,
    /// `~` set, `-` removed), the waits, and a summary.
    pub fn to_human(&self) -> String {
        let mut out = String::new();
        for finding in self.errors.iter().chain(&self.warnings) {
            let _ = writeln!(out, "{finding}");
        }
        if !self.is_valid() {
            let _ = writeln!(out, "no plan: {} errors", self.errors.len());
            return out;
        }
        for (n, call) in self.calls.iter().enumerate() {
            match call {
                Call::Wait => {
                    let _ = writeln!(
                        out,
                        "call {}: wait for the servers set to weight 0 to drain their connections",
                        n + 1
                    );
                }
                Call::Request {
                    request,
                    members_after,
                } => {
                    let action = request.action();
                    let _ = writeln!(
                        out,
                        "call {}: {action} ({} servers; {members_after} members after it)",
                        n + 1,
                        request.backend_servers().len()
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
            "plan for {}: {} to add, {} to set, {} to remove, {} unchanged; {} calls",
            Shown(&self.load_balancer_id),
            s.add,
            s.set,
            s.remove,
            s.unchanged,
            s.calls
        );
        let _ = writeln!(
            out,
            "ports are not compared: DescribeLoadBalancerAttribute does not list members' ports"
        );
        out
    }

    /// One `aliyun slb <Action> --RegionId … --LoadBalancerId … --BackendServers '…'` line per
    /// call, each argument quoted for a POSIX shell; a wait is a comment line.
    pub fn to_aliyun(&self) -> String {
        let mut out = String::new();
        for call in &self.calls {
            match call {
                Call::Wait => out.push_str("# wait for the servers set to weight 0 to drain\n"),
                Call::Request { request, .. } => {
                    let _ = write!(out, "aliyun slb {}", request.action());
                    if let Some(region) = request.region_id() {
                        let _ = write!(out, " --RegionId {}", shell_quoted(region.as_str()));
                    }
                    let _ = write!(
                        out,
                        " --LoadBalancerId {} --BackendServers {}",
                        shell_quoted(request.load_balancer_id().as_str()),
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

    /// One RPC query string per call; a wait is a comment line.
    pub fn to_query(&self) -> String {
        let mut out = String::new();
        for call in &self.calls {
            match call {
                Call::Wait => out.push_str("# wait for the servers set to weight 0 to drain\n"),
                Call::Request { request, .. } => {
                    out.push_str(&request.to_query());
                    out.push('\n');
                }
            }
        }
        out
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

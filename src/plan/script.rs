//! The plan as scripts: `aliyun` command lines (a POSIX shell script), and RPC query strings.

use std::fmt::Write as _;

use super::{Plan, Step};

impl Plan {
    /// A POSIX shell script: `set -eu` (a failed call stops the rest), then one `aliyun slb
    /// <Action> --RegionId … --LoadBalancerId … --BackendServers '…'` line per call (a group's:
    /// `--VServerGroupId …`), each argument quoted for the shell; a drain's wait is a real
    /// `sleep` of its seconds.
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
                    // `--RegionId`, `--LoadBalancerId` or `--VServerGroupId`, `--BackendServers`.
                    for (key, value) in request.parameters() {
                        let _ = write!(out, " --{key} {}", shell_quoted(&value));
                    }
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

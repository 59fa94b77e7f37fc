//! The `explain` command: a live error code's class, whether to retry, the rule that catches it.

use std::io::Write as _;
use std::process::ExitCode;

use clb_preflight::live::explain;

/// Explains a live error code: its class, whether to retry, the rule that catches it before
/// sending, and advice.
pub(crate) fn run(code: &str, http_status: Option<u16>, json: bool) -> ExitCode {
    let e = explain(code, http_status);
    let out = if json {
        serde_json::to_string(&e).unwrap_or_default() + "\n"
    } else {
        format!("{e}\n")
    };
    match std::io::stdout().write_all(out.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => crate::fail(&format!("cannot write: {e}")),
    }
}

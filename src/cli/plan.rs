//! The `plan` command: reading the desired members, printing the plan in its four formats.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use clb_preflight::plan::{Order, PlanError, PlanOptions};
use clb_preflight::{plan, Context};

use clb_preflight::render::Source;

use super::human;

/// How to print a plan.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum PlanFormat {
    /// A readable plan: `+`, `~`, `-` lines per call, and the summary.
    Human,
    /// One JSON object (the contract in the README).
    Json,
    /// One `aliyun slb <Action> …` command line per call, quoted for a POSIX shell.
    Aliyun,
    /// One RPC query string per call.
    Query,
}

/// Which calls go first (the library's [`Order`]).
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum OrderFlag {
    /// Adds, then Sets, then Removes (Removes first only as far as the quota needs).
    AddFirst,
    /// Removes, then Adds, then Sets.
    RemoveFirst,
}

/// The planner's options from the flags.
pub(crate) fn options(
    order: OrderFlag,
    drain: bool,
    drain_seconds: Option<u32>,
    allow_empty: bool,
) -> PlanOptions {
    let order = match order {
        OrderFlag::AddFirst => Order::AddFirst,
        OrderFlag::RemoveFirst => Order::RemoveFirst,
    };
    PlanOptions::default()
        .order(order)
        .drain(drain)
        .drain_seconds(drain_seconds.unwrap_or(PlanOptions::DEFAULT_DRAIN_SECONDS))
        .allow_empty(allow_empty)
}

/// Plans the calls from the desired members in `desired` to the facts' members: exit 0 with a
/// plan, 1 when the desired members or a call cannot be valid, 2 when an input cannot be used.
pub(crate) fn run(
    desired: &Path,
    context: &Context,
    options: PlanOptions,
    format: PlanFormat,
    color: anstream::ColorChoice,
) -> ExitCode {
    let text = match read(desired) {
        Ok(text) => text,
        Err(message) => return crate::fail(&message),
    };
    if let Some((response, flag)) = super::facts::describe_response(&text) {
        return crate::fail(&format!(
            "{}: --desired takes the members wanted (a JSON array of backend servers, or a request object); this file is a {response} response: give it as {flag} FILE",
            desired.display()
        ));
    }
    let planned = match plan(&text, context, options) {
        Ok(planned) => planned,
        Err(PlanError::NoLoadBalancer) => {
            return crate::fail("plan needs the load balancer's facts: --load-balancer FILE")
        }
        Err(PlanError::NoRegion) => {
            return crate::fail(
                "a vserver group's calls name the region: give --region-id ID (or --load-balancer FILE, whose facts name it)",
            )
        }
        Err(e @ (PlanError::EmptyOwner | PlanError::RegionMismatch { .. })) => {
            return crate::fail(&e.to_string())
        }
        Err(e) => {
            return crate::fail(&format!("{}: {e}", desired.display()));
        }
    };
    let name = super::check::display_name(desired);
    let source = Source::new(&name, &text);
    let human = || planned.render(&source, &human::styles());
    let printed = match format {
        PlanFormat::Human => human(),
        PlanFormat::Json => planned.to_json() + "\n",
        PlanFormat::Aliyun => planned.to_aliyun(),
        PlanFormat::Query => planned.to_query(),
    };
    // The findings of an invalid plan go to standard error, but for the JSON, which holds them.
    let to_stdout = planned.is_valid() || format == PlanFormat::Json || format == PlanFormat::Human;
    // The human output is styled as `--color` says; the others are written as they are.
    let written = if !to_stdout {
        anstream::AutoStream::new(std::io::stderr(), color).write_all(human().as_bytes())
    } else if format == PlanFormat::Human {
        anstream::AutoStream::new(std::io::stdout(), color).write_all(printed.as_bytes())
    } else {
        std::io::stdout().write_all(printed.as_bytes())
    };
    if let Err(e) = written {
        return crate::fail(&format!("cannot write the plan: {e}"));
    }
    if planned.is_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The desired members' text: a file, or `-` for standard input.
fn read(path: &Path) -> Result<String, String> {
    let mut text = String::new();
    let read = if path.as_os_str() == "-" {
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|t| text = t)
    };
    read.map(|()| text)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

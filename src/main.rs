//! `clb-preflight`: the command-line shell over the library. Argument parsing and printing only.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use clb_preflight::Context;

/// Checks an Alibaba Cloud CLB AddBackendServers request before it is sent.
#[derive(Parser)]
#[command(name = "clb-preflight", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check one request (a JSON object of API parameters, or an RPC query string).
    ///
    /// Exit status: 0 valid (warnings allowed), 1 invalid, 2 the invocation failed (bad flags, a
    /// file that cannot be read, facts that cannot be used).
    Check {
        /// How to print the report.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// The load balancer's facts: a DescribeLoadBalancerAttribute response (JSON).
        #[arg(long, value_name = "FILE")]
        load_balancer: Option<PathBuf>,
        /// The servers' facts: a DescribeInstances, DescribeNetworkInterfaces or
        /// DescribeContainerGroups response (JSON). May be given several times.
        #[arg(long, value_name = "FILE")]
        servers: Vec<PathBuf>,
        /// The load balancer's members quota, when not the default 200.
        #[arg(long, value_name = "N")]
        quota: Option<usize>,
        /// The request file, or `-` for standard input.
        request: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One line per finding, then a summary.
    Human,
    /// One JSON object (the contract in the README).
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Check {
            format,
            load_balancer,
            servers,
            quota,
            request,
        } => {
            let context = match context(load_balancer.as_ref(), &servers, quota) {
                Ok(context) => context,
                Err(message) => return fail(&message),
            };
            let bytes = match read(&request) {
                Ok(bytes) => bytes,
                Err(e) => return fail(&format!("cannot read {}: {e}", request.display())),
            };
            let report = match clb_preflight::check_bytes_with(&bytes, &context) {
                Ok(report) => report,
                Err(e) => return fail(&e.to_string()),
            };
            match format {
                Format::Human => print!("{}", report.to_human()),
                Format::Json => println!("{}", report.to_json()),
            }
            if report.is_valid() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("clb-preflight: {message}");
    ExitCode::from(2)
}

/// The facts named on the command line.
fn context(
    load_balancer: Option<&PathBuf>,
    servers: &[PathBuf],
    quota: Option<usize>,
) -> Result<Context, String> {
    let mut context = Context::new();
    let text = |path: &PathBuf| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    if let Some(path) = load_balancer {
        context
            .add_load_balancer(&text(path)?)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    for path in servers {
        context
            .add_servers(&text(path)?)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if let Some(quota) = quota {
        context.set_quota(quota);
    }
    Ok(context)
}

fn read(path: &PathBuf) -> std::io::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(path)
    }
}

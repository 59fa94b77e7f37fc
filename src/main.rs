//! `clb-preflight`: the command-line shell over the library. Argument parsing and printing only.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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
    /// Exit status: 0 valid (warnings allowed), 1 invalid, 2 the invocation failed.
    Check {
        /// How to print the report.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
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
        Command::Check { format, request } => {
            let bytes = match read(&request) {
                Ok(bytes) => bytes,
                Err(e) => {
                    eprintln!("clb-preflight: cannot read {}: {e}", request.display());
                    return ExitCode::from(2);
                }
            };
            let report = clb_preflight::check_bytes(&bytes);
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

fn read(path: &PathBuf) -> std::io::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(path)
    }
}

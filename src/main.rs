//! `clb-preflight`: the command-line shell over the library. Argument parsing and printing only.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use clb_preflight::{Checker, Context};

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
        /// Batch mode: one request per line of FILE (or `-`), one compact JSON report per line,
        /// in order. Exit status 0 when every request is valid, 1 when any is not.
        #[arg(long, value_name = "FILE", conflicts_with = "request")]
        jsonl: Option<PathBuf>,
        /// The request file, or `-` for standard input.
        #[arg(required_unless_present = "jsonl")]
        request: Option<PathBuf>,
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
            jsonl,
            request,
        } => {
            let context = match context(load_balancer.as_ref(), &servers, quota) {
                Ok(context) => context,
                Err(message) => return fail(&message),
            };
            let checker = Checker::new().with_context(&context);
            match (jsonl, request) {
                (Some(path), _) => batch(&path, &checker),
                (None, Some(path)) => single(&path, format, &checker),
                (None, None) => fail("name a REQUEST file, or --jsonl FILE"),
            }
        }
    }
}

/// One request, one report.
fn single(
    path: &PathBuf,
    format: Format,
    checker: &Checker<clb_preflight::WithFacts<'_>>,
) -> ExitCode {
    let bytes = match read(path) {
        Ok(bytes) => bytes,
        Err(e) => return fail(&format!("cannot read {}: {e}", path.display())),
    };
    let report = match checker.check_bytes(&bytes) {
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

/// One request per line, one compact JSON report per line, streaming: memory holds one line
/// (at most the document limit; a longer line is counted, not kept) and one report.
fn batch(path: &PathBuf, checker: &Checker<clb_preflight::WithFacts<'_>>) -> ExitCode {
    let mut input: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match File::open(path) {
            Ok(file) => Box::new(BufReader::with_capacity(1 << 16, file)),
            Err(e) => return fail(&format!("cannot read {}: {e}", path.display())),
        }
    };
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let limit = checker.limits().max_document_bytes();
    let mut line = Vec::new();
    let mut all_valid = true;
    loop {
        line.clear();
        let read = match read_line(&mut input, &mut line, limit) {
            Ok(Some(read)) => read,
            Ok(None) => break,
            Err(e) => return fail(&format!("cannot read {}: {e}", path.display())),
        };
        let report = if read > line.len() {
            checker.oversized(read)
        } else {
            match checker.check_bytes(&line) {
                Ok(report) => report,
                Err(e) => {
                    let _ = out.flush();
                    return fail(&e.to_string());
                }
            }
        };
        all_valid &= report.is_valid();
        let written = serde_json::to_writer(&mut out, &report)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"));
        if let Err(e) = written {
            return fail(&format!("cannot write the report: {e}"));
        }
    }
    if let Err(e) = out.flush() {
        return fail(&format!("cannot write the report: {e}"));
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Reads one line into `line` (without its `\n` or `\r\n`), keeping at most `limit + 1` bytes;
/// returns the line's full length (so that a line too long to keep is still reported with its
/// true size), or `None` at the end of the input.
fn read_line(
    input: &mut dyn BufRead,
    line: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Option<usize>> {
    let keep = limit.saturating_add(1);
    // The usual case in one call (std's `read_until` finds the newline a word at a time): a
    // line of at most `keep` bytes, with its newline.
    let cap = u64::try_from(keep).unwrap_or(u64::MAX).saturating_add(1);
    let read = Read::take(&mut *input, cap).read_until(b'\n', line)?;
    if read == 0 {
        return Ok(None);
    }
    let mut total = line.len();
    // The line's last byte before its newline, when it had one.
    let mut before_newline = None;
    if line.last() == Some(&b'\n') {
        line.pop();
        total -= 1;
        before_newline = Some(line.last().copied());
    } else if line.len() > keep {
        // Longer than kept: the rest is counted, not kept.
        let mut last = line.last().copied();
        loop {
            let chunk = input.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(at) => (at, true),
                None => (chunk.len(), false),
            };
            if let Some(&b) = part.checked_sub(1).and_then(|i| chunk.get(i)) {
                last = Some(b);
            }
            total += part;
            input.consume(part + usize::from(done));
            if done {
                before_newline = Some(last);
                break;
            }
        }
        line.truncate(keep);
    }
    // `\r\n` ends a line as `\n` does.
    if before_newline == Some(Some(b'\r')) {
        total -= 1;
        line.truncate(total);
    }
    Ok(Some(total))
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

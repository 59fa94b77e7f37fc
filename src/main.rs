//! `clb-preflight`: the command-line shell over the library. The arguments (clap's
//! definitions) and the dispatch here; each command in `cli/` (`check.rs` and `batch.rs`,
//! `plan.rs`, `explain.rs`), the human report in `cli/human.rs`, the facts in `cli/facts.rs`.

mod cli;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use clb_preflight::Checker;

use cli::check::Run;
use cli::human::Given;

/// Checks an Alibaba Cloud CLB AddBackendServers request before it is sent.
#[derive(Parser)]
#[command(name = "clb-preflight", version)]
struct Cli {
    /// When to colour the human report: auto (a terminal, unless NO_COLOR is set; always when
    /// CLICOLOR_FORCE is), always, never.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check requests (a JSON object of API parameters, or an RPC query string).
    ///
    /// Exit status: 0 valid (warnings allowed), 1 invalid, 2 the invocation failed (bad flags, a
    /// file that cannot be read, facts that cannot be used); with several requests, the worst.
    Check {
        /// How to print the report: human (the default), or json (one JSON object per request).
        /// With --jsonl, human (JSON lines are the default).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// The load balancer's facts: a DescribeLoadBalancerAttribute response (JSON).
        #[arg(long, value_name = "FILE")]
        load_balancer: Option<PathBuf>,
        /// A vServer group's facts: its DescribeVServerGroupAttribute response (JSON), for the
        /// calls on that group (its members, with their ports).
        #[arg(long, value_name = "FILE")]
        vserver_group: Option<PathBuf>,
        /// The servers' facts: a DescribeInstances, DescribeNetworkInterfaces or
        /// DescribeContainerGroups response (JSON). May be given several times.
        #[arg(long, value_name = "FILE")]
        servers: Vec<PathBuf>,
        /// The load balancer's members quota, when not the default 200 (at least 1; needs
        /// --load-balancer).
        #[arg(long, value_name = "N", requires = "load_balancer", value_parser = quota)]
        quota: Option<u64>,
        /// Batch mode: one request per line of FILE (or `-`), one compact JSON report per line
        /// with its line number, in order; blank lines are skipped. Exit status 0 when every
        /// request is valid, 1 when any is not.
        #[arg(long, value_name = "FILE", conflicts_with = "requests")]
        jsonl: Option<PathBuf>,
        /// Batch mode: check lines on this many threads (reports still in input order); the
        /// default is the number of cores, 1 checks them one after another.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// The request files; `-` (once) for standard input.
        #[arg(value_name = "REQUEST", required_unless_present = "jsonl")]
        requests: Vec<PathBuf>,
    },
    /// Plan the fewest valid AddBackendServers, SetBackendServers and RemoveBackendServers calls
    /// that take the load balancer's members to the desired ones, in a safe order; with
    /// --vserver-group, the group's Add, Set and Remove calls for its members.
    ///
    /// Exit status: 0 with a plan (an empty one when nothing differs), 1 when the desired members
    /// or a call cannot be valid (the findings, no calls), 2 for bad flags or facts.
    Plan {
        /// The members wanted: a JSON array of backend-server objects (the fields of
        /// BackendServers items), or a request object; `-` for standard input.
        #[arg(long, value_name = "FILE")]
        desired: PathBuf,
        /// The load balancer's facts: its DescribeLoadBalancerAttribute response (JSON).
        /// Required unless --vserver-group is given (then its facts check the calls).
        #[arg(long, value_name = "FILE", required_unless_present = "vserver_group")]
        load_balancer: Option<PathBuf>,
        /// Plan for a vServer group: its DescribeVServerGroupAttribute response (JSON). Its
        /// members are known by their ports; every call names the region.
        #[arg(long, value_name = "FILE")]
        vserver_group: Option<PathBuf>,
        /// The region every call names (RegionId): needed for a vServer group when the load
        /// balancer's facts are not given (they name it).
        #[arg(long, value_name = "ID", value_parser = region_id)]
        region_id: Option<clb_preflight::RegionId>,
        /// The servers' facts (DescribeInstances, DescribeNetworkInterfaces or
        /// DescribeContainerGroups responses), checked against each call. May be repeated.
        #[arg(long, value_name = "FILE")]
        servers: Vec<PathBuf>,
        /// The load balancer's other vServer groups (DescribeVServerGroupAttribute responses):
        /// their members count toward the members quota. May be repeated.
        #[arg(long, value_name = "FILE")]
        other_group: Vec<PathBuf>,
        /// The members quota, when not the default 200 (at least 1).
        #[arg(long, value_name = "N", value_parser = quota)]
        quota: Option<u64>,
        /// Manage only the members whose Description starts with PREFIX: others are left
        /// alone, and every desired item must carry such a description.
        #[arg(long, value_name = "PREFIX", value_parser = own_prefix)]
        own: Option<String>,
        /// Keep at least N members (or N% of those serving now) at a weight above 0 after
        /// every call, in a rolling order if needed; refuse the plan when that cannot hold.
        #[arg(long, value_name = "N|N%")]
        min_serving: Option<clb_preflight::plan::MinServing>,
        /// Which calls go first.
        #[arg(long, value_enum, default_value_t = cli::plan::OrderFlag::AddFirst)]
        order: cli::plan::OrderFlag,
        /// Set the servers to be removed to weight 0 first, then wait (--drain-seconds), then
        /// remove them.
        #[arg(long)]
        drain: bool,
        /// How long a drain waits, in seconds: the `sleep` of the aliyun script, the Wait's
        /// `seconds` in JSON. The default, 30, is Kubernetes' default grace period; give at
        /// least the listener's ConnectionDrainTimeout when it drains connections.
        #[arg(long, value_name = "N", requires = "drain")]
        drain_seconds: Option<u32>,
        /// Allow a plan that leaves the load balancer without members (after its last call or
        /// any call before it); without it such a plan is refused (R34).
        #[arg(long)]
        allow_empty: bool,
        /// How to print the plan.
        #[arg(long, value_enum, default_value_t = cli::plan::PlanFormat::Human)]
        format: cli::plan::PlanFormat,
    },
    /// Explain a live API error code: throttled, busy, permanent or unknown; whether to retry;
    /// the rule that catches it before sending.
    Explain {
        /// The error code the API returned, for example ServiceIsConfiguring.
        code: String,
        /// The HTTP status that came with it (100 to 599).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(100..=599))]
        http_status: Option<u16>,
        /// human (the default) or json.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Print a shell completion script (for example: `clb-preflight completions bash >
    /// ~/.local/share/bash-completion/completions/clb-preflight`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff): the tool's, or one command's; or write them all to a folder.
    ///
    /// For example: `clb-preflight man > clb-preflight.1`, `clb-preflight man check >
    /// clb-preflight-check.1`, `clb-preflight man --out man/` (clb-preflight.1 and one page per
    /// command).
    Man {
        /// The command whose page to print (the tool's own page when not given).
        #[arg(value_parser = ["check", "plan", "explain", "completions", "man"])]
        command: Option<String>,
        /// Write every page into this folder (created when missing) instead of printing one;
        /// the files written are listed.
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        out: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// rustc-style: each finding with its place in the input, then a summary.
    Human,
    /// One JSON object (the contract in the README).
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    fn choice(self) -> anstream::ColorChoice {
        match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }
    }
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
    let color = cli.color.choice();
    match cli.command {
        Command::Check {
            format,
            load_balancer,
            vserver_group,
            servers,
            quota,
            jsonl,
            jobs,
            requests,
        } => {
            let facts = cli::facts::read(
                load_balancer.as_deref(),
                vserver_group.as_deref(),
                &servers,
                quota,
            );
            let context = match facts {
                Ok(context) => context,
                Err(message) => return fail(&message),
            };
            let run = Run {
                checker: Checker::new().with_context(&context),
                given: Given {
                    load_balancer: load_balancer.is_some(),
                    vserver_group: vserver_group.is_some(),
                    servers: !servers.is_empty(),
                },
                load_balancer: load_balancer.as_deref(),
                vserver_group: vserver_group.as_deref(),
                color,
            };
            if jobs.is_some() && jsonl.is_none() {
                return fail("--jobs applies to batch mode only: give --jsonl FILE");
            }
            match jsonl {
                Some(path) => match format {
                    Some(Format::Json) => fail(
                        "--format json does not apply to --jsonl: batch mode prints one JSON report per line (the default) or, with --format human, human reports",
                    ),
                    human => {
                        let jobs = jobs.map_or_else(
                            || std::thread::available_parallelism().map_or(1, usize::from),
                            usize::from,
                        );
                        cli::batch::run(&run, &path, human == Some(Format::Human), jobs)
                    }
                },
                None => run.files(&requests, format.unwrap_or(Format::Human)),
            }
        }
        Command::Plan {
            desired,
            load_balancer,
            vserver_group,
            region_id,
            servers,
            other_group,
            quota,
            own,
            min_serving,
            order,
            drain,
            drain_seconds,
            allow_empty,
            format,
        } => {
            let facts = cli::facts::read(
                load_balancer.as_deref(),
                vserver_group.as_deref(),
                &servers,
                quota,
            )
            .and_then(|mut context| {
                cli::facts::read_other_groups(&mut context, &other_group)?;
                Ok(context)
            });
            let context = match facts {
                Ok(context) => context,
                Err(message) => return fail(&message),
            };
            let mut options = cli::plan::options(order, drain, drain_seconds, allow_empty);
            if let Some(region) = region_id {
                options = options.region_id(region);
            }
            if let Some(prefix) = own {
                options = options.own(prefix);
            }
            if let Some(floor) = min_serving {
                options = options.min_serving(floor);
            }
            cli::plan::run(&desired, &context, options, format, color)
        }
        Command::Explain {
            code,
            http_status,
            format,
        } => cli::explain::run(&code, http_status, format == Format::Json),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "clb-preflight", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man { command, out } => man(command.as_deref(), out.as_deref()),
    }
}

/// `man`: the tool's page, one command's (`clb-preflight-check(1)`), or every page into `out`.
fn man(command: Option<&str>, out: Option<&Path>) -> ExitCode {
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    if let Some(dir) = out {
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(cli.clone(), dir))
            .and_then(|()| {
                let mut pages = vec![dir.join("clb-preflight.1")];
                pages.extend(
                    cli.get_subcommands()
                        .map(|c| dir.join(format!("clb-preflight-{}.1", c.get_name()))),
                );
                let mut stdout = std::io::stdout();
                pages
                    .iter()
                    .try_for_each(|page| writeln!(stdout, "{}", page.display()))
            });
        return match written {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&format!(
                "cannot write the man pages to {}: {e}",
                dir.display()
            )),
        };
    }
    let page = match command {
        None => cli,
        Some(name) => match cli.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => return fail(&format!("no command {name}")),
        },
    };
    match clap_mangen::Man::new(page).render(&mut std::io::stdout()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("cannot write the man page: {e}")),
    }
}

/// `--region-id`: a region id, as R2 reads it.
fn region_id(text: &str) -> Result<clb_preflight::RegionId, String> {
    text.parse()
        .map_err(|e: clb_preflight::types::RegionIdError| e.to_string())
}

/// `--own`: a prefix that is not empty (an empty one would own every member with a
/// description: an unset shell variable must not take other owners' members).
fn own_prefix(text: &str) -> Result<String, String> {
    if text.is_empty() {
        Err("the owner's prefix is empty, which would own every member with a description; expected a prefix such as k8s/80/web/".to_owned())
    } else {
        Ok(text.to_owned())
    }
}

/// `--quota`: a whole number of members, at least 1.
fn quota(text: &str) -> Result<u64, String> {
    match text.parse::<u64>() {
        Ok(0) => Err("the quota is at least 1 member".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err("expected a whole number of members, such as 200".to_owned()),
    }
}

pub(crate) fn fail(message: &str) -> ExitCode {
    eprintln!("clb-preflight: {message}");
    ExitCode::from(2)
}

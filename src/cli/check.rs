//! The `check` command for request files: each file checked and located, its report printed
//! for people or as JSON; batch mode is `batch.rs`.

use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clb_preflight::checker::WithFacts;
use clb_preflight::{Checker, ContextError, Report};
use serde::Serialize;

use clb_preflight::render::Source;

use super::human::{self, Given};
use crate::{fail, Format};

/// A report with the file it came from: `{"file": "a.json", "valid": …}` (several files with
/// `--format json`). The report's own fields follow unchanged.
#[derive(Serialize)]
pub(crate) struct Named<'a> {
    file: &'a str,
    #[serde(flatten)]
    report: &'a Report,
}

impl<'a> Named<'a> {
    pub(crate) fn new(file: &'a str, report: &'a Report) -> Named<'a> {
        Named { file, report }
    }
}

/// What every request of one invocation is checked with.
pub(crate) struct Run<'c> {
    pub(crate) checker: Checker<WithFacts<'c>>,
    pub(crate) given: Given,
    /// The load balancer's facts file, for naming it in a mismatch.
    pub(crate) load_balancer: Option<&'c Path>,
    /// The vServer group's facts file, likewise.
    pub(crate) vserver_group: Option<&'c Path>,
    pub(crate) color: anstream::ColorChoice,
}

impl Run<'_> {
    /// Each request file in turn; the exit status is the worst.
    pub(crate) fn files(&self, paths: &[PathBuf], format: Format) -> ExitCode {
        if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
            return fail("standard input (`-`) can be read only once");
        }
        let mut worst = 0u8;
        for path in paths {
            let status = self.single(path, format, paths.len() > 1);
            worst = worst.max(status);
        }
        ExitCode::from(worst)
    }

    /// One request, one report: 0 valid, 1 invalid, 2 failed.
    fn single(&self, path: &Path, format: Format, several: bool) -> u8 {
        let bytes = match read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                let _ = fail(&format!("cannot read {}: {e}", path.display()));
                return 2;
            }
        };
        // Checked and located at once when the request is UTF-8 text.
        let text = std::str::from_utf8(&bytes).ok();
        let checked = match text {
            Some(text) => self.checker.check_located(text),
            None => self.checker.check_bytes(&bytes),
        };
        let report = match checked {
            Ok(report) => report,
            Err(e) => {
                let _ = fail(&self.context_error(&e));
                return 2;
            }
        };
        // A Describe response given as the request: named for what it is, with its flag.
        if let Some((response, flag)) = text
            .filter(|_| !report.is_valid())
            .and_then(super::facts::describe_response)
        {
            let _ = fail(&format!(
                "{}: this file is a {response} response, not a request; give it as {flag} FILE (the request goes last, as REQUEST)",
                path.display()
            ));
            return 2;
        }
        let name = display_name(path);
        let printed = match format {
            Format::Human => {
                let source = match text {
                    Some(text) => Source::new(&name, text),
                    None => Source::without_text(&name),
                };
                let out = human::render(&report, &source, self.given, "", several, true);
                let mut stdout = anstream::AutoStream::new(std::io::stdout(), self.color);
                stdout.write_all(out.as_bytes())
            }
            Format::Json if several => {
                let value = Named::new(&name, &report);
                serde_json::to_string_pretty(&value)
                    .map_err(std::io::Error::from)
                    .and_then(|json| writeln!(std::io::stdout(), "{json}"))
            }
            Format::Json => writeln!(std::io::stdout(), "{}", report.to_json()),
        };
        if let Err(e) = printed {
            let _ = fail(&format!("cannot write the report: {e}"));
            return 2;
        }
        u8::from(!report.is_valid())
    }

    /// A facts error found while checking: the load balancer's (or the group's) facts name
    /// another one than the request's.
    pub(crate) fn context_error(&self, e: &ContextError) -> String {
        let file = match e {
            ContextError::VServerGroupMismatch { .. } => self.vserver_group,
            _ => self.load_balancer,
        };
        match file {
            Some(path) => format!("{}: {e}", path.display()),
            None => e.to_string(),
        }
    }
}

/// The name a report gives its source: the path as given, `<stdin>` for `-`.
pub(crate) fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

/// The bytes of a request file, or of standard input for `-`.
fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(path)
    }
}

//! Batch mode: one request per line, one report per line (or a human report), in order,
//! streaming: memory holds one line (at most the document limit; a longer line is counted, not
//! kept) and one report.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use clb_preflight::Report;
use serde::Serialize;

use super::human::{self, Source};
use crate::{fail, Run};

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

/// Checks every non-blank line of `path`; JSON lines, or human reports when `human`.
pub(crate) fn run(run: &Run<'_>, path: &Path, human: bool) -> ExitCode {
    let mut input: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match File::open(path) {
            Ok(file) => Box::new(BufReader::with_capacity(1 << 16, file)),
            Err(e) => return fail(&format!("cannot read {}: {e}", path.display())),
        }
    };
    // Colour only for human reports: JSON lines go straight out.
    let sink: Box<dyn Write> = if human {
        Box::new(anstream::AutoStream::new(
            std::io::stdout().lock(),
            run.color,
        ))
    } else {
        Box::new(std::io::stdout().lock())
    };
    let mut out = BufWriter::with_capacity(1 << 16, sink);
    let name = crate::display_name(path);
    let limit = run.checker.limits().max_document_bytes();
    let mut line = Vec::new();
    // One report's JSON, reused from line to line.
    let mut json = Vec::new();
    let mut all_valid = true;
    let mut number = 0usize;
    // The note on unchecked rules, once at the end (human reports).
    let mut note = String::new();
    loop {
        line.clear();
        let read = match read_line(&mut input, &mut line, limit) {
            Ok(Some(read)) => read,
            Ok(None) => break,
            Err(e) => return fail(&format!("cannot read {}: {e}", path.display())),
        };
        number += 1;
        let report = if read > line.len() {
            run.checker.oversized(read)
        } else if line.iter().all(|b| matches!(b, b' ' | b'\t')) {
            // A blank line is no request: skipped, not reported.
            continue;
        } else {
            match run.checker.check_bytes(&line) {
                Ok(report) => report,
                Err(e) => {
                    let _ = out.flush();
                    return fail(&run.context_error(&e));
                }
            }
        };
        // The text, to locate findings in and to show: only when there are findings or a human
        // report (and the line was kept whole).
        let wanted = human || report.findings().next().is_some();
        let text = wanted
            .then(|| std::str::from_utf8(&line).ok())
            .flatten()
            .filter(|_| read == line.len());
        let report = match text {
            Some(text) => report.located(text),
            None => report,
        };
        all_valid &= report.is_valid();
        let written = if human {
            let source = Source {
                name: &name,
                text,
                first_line: number - 1,
            };
            let prefix = format!("line {number}: ");
            if note.is_empty() && report.is_valid() {
                note = human::note_line(&report.unchecked().collect::<Vec<_>>(), run.given);
            }
            let shown = human::render(&report, &source, run.given, &prefix, false, false);
            out.write_all(shown.as_bytes())
        } else {
            // `{"line":N,` then the report's own members, after its `{`.
            json.clear();
            serde_json::to_writer(&mut json, &report)
                .map_err(std::io::Error::from)
                .and_then(|()| write!(out, "{{\"line\":{number},"))
                .and_then(|()| out.write_all(json.get(1..).unwrap_or_default()))
                .and_then(|()| out.write_all(b"\n"))
        };
        if let Err(e) = written {
            return fail(&format!("cannot write the report: {e}"));
        }
    }
    if let Err(e) = out.write_all(note.as_bytes()).and_then(|()| out.flush()) {
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

//! Batch mode: one request per line, one report per line (or a human report), in order,
//! streaming: memory holds one line (at most the document limit; a longer line is counted, not
//! kept) and one report.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};

use super::check::{display_name, Run};
use clb_preflight::render::Source;

use super::human;
use crate::fail;

/// Checks every non-blank line of `path`; JSON lines, or human reports when `human`; with
/// `jobs` above 1, lines are checked on that many threads and written in input order.
pub(crate) fn run(run: &Run<'_>, path: &Path, human: bool, jobs: usize) -> ExitCode {
    let input: Box<dyn BufRead + Send> = if path.as_os_str() == "-" {
        Box::new(BufReader::with_capacity(1 << 16, std::io::stdin()))
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
    let lines = Lines {
        run,
        name: display_name(path),
        human,
        pretty: AtomicBool::new(false),
    };
    let finished = if jobs > 1 {
        lines.parallel(input, &mut out, jobs)
    } else {
        lines.sequential(input, &mut out)
    };
    let (all_valid, note) = match finished {
        Ok(done) => done,
        Err(Failure::Read(e)) => return fail(&format!("cannot read {}: {e}", path.display())),
        Err(Failure::Write(e)) => return fail(&format!("cannot write the report: {e}")),
        Err(Failure::Facts(message)) => {
            let _ = out.flush();
            return fail(&message);
        }
    };
    if let Err(e) = out.write_all(note.as_bytes()).and_then(|()| out.flush()) {
        return fail(&format!("cannot write the report: {e}"));
    }
    if lines.pretty.load(Ordering::Relaxed) {
        eprintln!(
            "clb-preflight: note: {} holds one JSON request over several lines, not one request per line: drop --jsonl to check it as one request",
            lines.name
        );
    }
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// A chunk's reports: their bytes, whether all were valid, the note, and why the batch stops in
/// it (if it does).
type Chunk = (Vec<u8>, bool, String, Option<Failure>);

/// Why a batch stopped.
enum Failure {
    Read(std::io::Error),
    Write(std::io::Error),
    /// The facts cannot be used with a request (its message).
    Facts(String),
}

/// What every line of one batch is checked and written with.
struct Lines<'r> {
    run: &'r Run<'r>,
    name: String,
    human: bool,
    /// Whether the first line looks like the start of one pretty-printed JSON request.
    pretty: AtomicBool,
}

/// `line` without the blanks around it.
fn trim(line: &[u8]) -> &[u8] {
    let blank = |b: &u8| b.is_ascii_whitespace();
    let start = line.iter().position(|b| !blank(b)).unwrap_or(line.len());
    let end = line
        .iter()
        .rposition(|b| !blank(b))
        .map_or(start, |e| e + 1);
    line.get(start..end).unwrap_or_default()
}

/// One line as read: its number, the bytes kept, and its full length.
struct Line {
    number: usize,
    bytes: Vec<u8>,
    read: usize,
}

/// How many lines, and at most how many bytes, a thread takes at a time: enough to pay for the
/// hand-over, few enough that the lines in flight stay a few MiB whatever the input.
const CHUNK_LINES: usize = 256;
const CHUNK_BYTES: usize = 1 << 20;

/// Whether a chunk of `lines` lines holding `bytes` bytes takes another line.
fn has_room(lines: usize, bytes: usize) -> bool {
    lines < CHUNK_LINES && bytes < CHUNK_BYTES
}

impl Lines<'_> {
    /// Every line in turn: memory holds one line and one report.
    fn sequential(
        &self,
        mut input: Box<dyn BufRead + Send>,
        out: &mut dyn Write,
    ) -> Result<(bool, String), Failure> {
        let limit = self.run.checker.limits().max_document_bytes();
        let mut line = Vec::new();
        let mut json = Vec::new();
        let mut all_valid = true;
        let mut note = String::new();
        let mut number = 0;
        while let Some(read) = read_line(&mut input, &mut line, limit).map_err(Failure::Read)? {
            number += 1;
            let valid = self.one(number, &line, read, &mut json, out, &mut note)?;
            all_valid &= valid.unwrap_or(true);
            line.clear();
        }
        Ok((all_valid, note))
    }

    /// Lines checked on `jobs` threads, written in input order. A reader thread cuts the input
    /// into chunks; the workers check them; this thread writes each chunk's reports in turn.
    /// Every channel is bounded, so at most a few chunks per thread are in flight.
    fn parallel(
        &self,
        mut input: Box<dyn BufRead + Send>,
        out: &mut dyn Write,
        jobs: usize,
    ) -> Result<(bool, String), Failure> {
        type Done = (usize, Result<Chunk, Failure>);
        let limit = self.run.checker.limits().max_document_bytes();
        std::thread::scope(|scope| {
            let (work, chunks) = mpsc::sync_channel::<(usize, Vec<Line>)>(jobs * 2);
            let chunks = Arc::new(Mutex::new(chunks));
            let (done, results) = mpsc::sync_channel::<Done>(jobs * 2);
            for _ in 0..jobs {
                let (chunks, done) = (Arc::clone(&chunks), done.clone());
                scope.spawn(move || loop {
                    let next = chunks.lock().ok().and_then(|c| c.recv().ok());
                    let Some((seq, lines)) = next else { break };
                    if done.send((seq, Ok(self.chunk(&lines)))).is_err() {
                        break;
                    }
                });
            }
            let reader_done = done.clone();
            scope.spawn(move || {
                let mut seq = 0;
                let mut number = 0;
                loop {
                    let mut lines = Vec::new();
                    let mut bytes = 0;
                    let mut line = Vec::new();
                    let mut end = false;
                    while has_room(lines.len(), bytes) {
                        match read_line(&mut input, &mut line, limit) {
                            Ok(Some(read)) => {
                                number += 1;
                                bytes = bytes.saturating_add(line.len());
                                lines.push(Line {
                                    number,
                                    bytes: std::mem::take(&mut line),
                                    read,
                                });
                            }
                            Ok(None) => {
                                end = true;
                                break;
                            }
                            Err(e) => {
                                let _ = reader_done.send((seq, Err(Failure::Read(e))));
                                return;
                            }
                        }
                    }
                    if !lines.is_empty() && work.send((seq, lines)).is_err() {
                        return;
                    }
                    seq += 1;
                    if end {
                        return;
                    }
                }
            });
            drop(done);
            // Write the chunks in order as they come back.
            let mut pending = BTreeMap::new();
            let mut next = 0;
            let mut all_valid = true;
            let mut note = String::new();
            for (seq, result) in results.iter() {
                pending.insert(seq, result);
                while let Some(result) = pending.remove(&next) {
                    let (bytes, valid, chunk_note, stop) = result?;
                    out.write_all(&bytes).map_err(Failure::Write)?;
                    all_valid &= valid;
                    if note.is_empty() {
                        note = chunk_note;
                    }
                    // The lines before the one that stops the batch are written, as one
                    // thread writes them; nothing after it.
                    if let Some(failure) = stop {
                        return Err(failure);
                    }
                    next += 1;
                }
            }
            Ok((all_valid, note))
        })
    }

    /// A chunk's reports, written as one block: its bytes, whether every request was valid,
    /// the note on unchecked rules (from its first valid report), and why the batch stops at a
    /// line of it, if it does (the bytes then hold the reports of the lines before that one, as
    /// one thread would have written them).
    fn chunk(&self, lines: &[Line]) -> Chunk {
        let mut out = Vec::with_capacity(lines.len() * 256);
        let mut json = Vec::new();
        let mut all_valid = true;
        let mut note = String::new();
        for line in lines {
            let valid = self.one(
                line.number,
                &line.bytes,
                line.read,
                &mut json,
                &mut out,
                &mut note,
            );
            match valid {
                Ok(valid) => all_valid &= valid.unwrap_or(true),
                Err(failure) => return (out, all_valid, note, Some(failure)),
            }
        }
        (out, all_valid, note, None)
    }

    /// One line's report, written to `out`: whether it was valid, `None` for a blank line
    /// (skipped, not reported). `json` is a buffer reused from line to line.
    fn one(
        &self,
        number: usize,
        line: &[u8],
        read: usize,
        json: &mut Vec<u8>,
        out: &mut dyn Write,
        note: &mut String,
    ) -> Result<Option<bool>, Failure> {
        let run = self.run;
        // The text (a line kept whole, in UTF-8): checked and located at once, its findings
        // located from the check's own reading.
        let text = std::str::from_utf8(line)
            .ok()
            .filter(|_| read == line.len());
        let report = if read > line.len() {
            run.checker.oversized(read)
        } else if line.iter().all(|b| matches!(b, b' ' | b'\t')) {
            return Ok(None);
        } else {
            match text {
                Some(text) => run.checker.check_located(text),
                None => run.checker.check_bytes(line),
            }
            .map_err(|e| {
                Failure::Facts(format!(
                    "{} line {number}: {}",
                    self.name,
                    run.context_error(&e)
                ))
            })?
        };
        // A file of one request over several lines (pretty-printed JSON) opens with a line
        // that is only `{` or `[`: said once, at the end.
        if number == 1 && !report.is_valid() && matches!(trim(line), b"{" | b"[") {
            self.pretty.store(true, Ordering::Relaxed);
        }
        let written = if self.human {
            let source = match text {
                Some(text) => Source::new(&self.name, text),
                None => Source::without_text(&self.name),
            }
            .at_line(number);
            let prefix = format!("line {number}: ");
            if note.is_empty() && report.is_valid() {
                let group = report
                    .call()
                    .is_some_and(|c| c.action().takes_vserver_group_id());
                let rules: Vec<_> = report.unchecked().collect();
                *note = human::note_line(&rules, run.given, group);
            }
            let shown = human::render(&report, &source, run.given, &prefix, false, false);
            out.write_all(shown.as_bytes())
        } else {
            // `{"line":N,` then the report's own members, after its `{`.
            json.clear();
            serde_json::to_writer(&mut *json, &report)
                .map_err(std::io::Error::from)
                .and_then(|()| write!(out, "{{\"line\":{number},"))
                .and_then(|()| out.write_all(json.get(1..).unwrap_or_default()))
                .and_then(|()| out.write_all(b"\n"))
        };
        written.map_err(Failure::Write)?;
        Ok(Some(report.is_valid()))
    }
}

/// Reads one line into `line` (without its `\n` or `\r\n`), keeping at most `limit + 1` bytes;
/// returns the line's full length (so that a line too long to keep is still reported with its
/// true size), or `None` at the end of the input.
fn read_line(
    input: &mut (dyn BufRead + Send),
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

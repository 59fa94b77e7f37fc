//! The human report, rustc-style: each finding as a heading, the place (`--> file:line:column`),
//! the input line with a caret under the value, and a `help:` when a warning explains an error;
//! then the diff, the verdict and a note on the rules left unchecked. Styled with `anstyle`;
//! whether the styles reach the terminal is `anstream`'s business (`--color`, `NO_COLOR`,
//! `CLICOLOR_FORCE`, not a terminal).

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use clb_preflight::finding::Location;
use clb_preflight::{Code, Finding, Path, Report, Rule, Severity};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const HELP: Style = AnsiColor::Cyan.on_default().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const BOLD: Style = Style::new().bold();
const VALID: Style = AnsiColor::Green.on_default().bold();
const ADDED: Style = AnsiColor::Green.on_default();
const DIM: Style = Style::new().dimmed();

/// The widest input excerpt shown, in characters.
const SNIPPET: usize = 76;

/// What was checked, for pointing into it.
pub(crate) struct Source<'a> {
    /// The name after `-->`: the file, or `<stdin>`.
    pub(crate) name: &'a str,
    /// The text that was checked, when it is text.
    pub(crate) text: Option<&'a str>,
    /// The line of the file where the text starts, minus one (batch mode: a line of the file).
    pub(crate) first_line: usize,
}

/// Which facts were given, for the note on unchecked rules.
#[derive(Clone, Copy)]
pub(crate) struct Given {
    pub(crate) load_balancer: bool,
    pub(crate) servers: bool,
}

/// The report for people. `prefix` starts each heading and the verdict (`line 3: ` in batch
/// mode); `named` puts the source's name before the verdict (several files); `note` adds, to a
/// valid report, the note on the rules its facts left unchecked.
pub(crate) fn render(
    report: &Report,
    source: &Source<'_>,
    given: Given,
    prefix: &str,
    named: bool,
    note: bool,
) -> String {
    let mut out = String::new();
    let findings: Vec<&Finding> = report.findings().collect();
    findings_blocks(&mut out, &findings, source, prefix);
    // The diff and the verdict as the library words them, after its finding lines.
    let human = report.to_human();
    for line in human.lines().skip(findings.len()) {
        if line.starts_with("unchecked: ") {
            continue;
        }
        if let Some(rest) = line.strip_prefix("+ ") {
            let _ = writeln!(out, "{ADDED}+{ADDED:#} {rest}");
        } else if let Some(rest) = line.strip_prefix("valid: ") {
            let name = if named {
                format!("{}: ", source.name)
            } else {
                String::new()
            };
            let _ = writeln!(out, "{prefix}{name}{VALID}valid{VALID:#}: {rest}");
        } else if let Some(rest) = line.strip_prefix("invalid: ") {
            let name = if named {
                format!("{}: ", source.name)
            } else {
                String::new()
            };
            let _ = writeln!(out, "{prefix}{name}{ERROR}invalid{ERROR:#}: {rest}");
        } else {
            let _ = writeln!(out, "{line}");
        }
    }
    if note && report.is_valid() {
        out.push_str(&note_line(&report.unchecked().collect::<Vec<_>>(), given));
    }
    out
}

/// Each finding rustc-style, pointing into `source`, followed by an empty line.
pub(crate) fn findings_blocks(
    out: &mut String,
    findings: &[&Finding],
    source: &Source<'_>,
    prefix: &str,
) {
    for finding in findings {
        finding_block(out, finding, findings, source, prefix);
        out.push('\n');
    }
}

/// `note: R20–R28 unchecked: give the facts, --load-balancer FILE and --servers FILE, to check
/// them`, or nothing when every rule was checked. Only a valid report gets it: "valid" then
/// means "valid as far as these rules go".
pub(crate) fn note_line(rules: &[Rule], given: Given) -> String {
    if rules.is_empty() {
        return String::new();
    }
    format!("{DIM}note: {}{DIM:#}\n", unchecked_note(rules, given))
}

/// `R20–R28 unchecked: give --load-balancer FILE and --servers FILE to check them`.
fn unchecked_note(rules: &[Rule], given: Given) -> String {
    let list = ranges(rules);
    // The facts the rules need that were not given: only those are asked for.
    let load_balancer = !given.load_balancer && rules.iter().any(|r| r.needs_load_balancer());
    let servers = !given.servers && rules.iter().any(|r| r.needs_servers());
    let how = match (load_balancer, servers) {
        (true, true) => "give the facts, --load-balancer FILE and --servers FILE, to check them",
        (false, true) => "give --servers FILE (the servers' Describe responses) to check them",
        (true, false) => "give --load-balancer FILE (DescribeLoadBalancerAttribute) to check them",
        (false, false) => {
            "the facts given do not tell (a server they do not describe, UnknownServer, or a field they lack)"
        }
    };
    format!("{list} unchecked: {how}")
}

/// `R20–R28`, `R22–R24, R28`: runs of three or more as a range.
fn ranges(rules: &[Rule]) -> String {
    let numbers: Vec<u8> = rules.iter().map(|r| r.number()).collect();
    let mut parts = Vec::new();
    let mut i = 0;
    while let Some(&start) = numbers.get(i) {
        let mut end = i;
        while numbers.get(end + 1) == Some(&(numbers.get(end).copied().unwrap_or(0) + 1)) {
            end += 1;
        }
        let last = numbers.get(end).copied().unwrap_or(start);
        match end - i {
            0 => parts.push(format!("R{start}")),
            1 => parts.push(format!("R{start}, R{last}")),
            _ => parts.push(format!("R{start}–R{last}")),
        }
        i = end + 1;
    }
    parts.join(", ")
}

fn finding_block(
    out: &mut String,
    finding: &Finding,
    all: &[&Finding],
    source: &Source<'_>,
    prefix: &str,
) {
    let (level, style) = match finding.severity() {
        Severity::Error => ("error", ERROR),
        Severity::Warning => ("warning", WARNING),
    };
    let _ = writeln!(
        out,
        "{prefix}{style}{level}[{}]{style:#}{BOLD}: {}{BOLD:#}",
        finding.code(),
        finding.message()
    );
    let label = match finding.path() {
        Path::Root => format!("the whole document ({})", finding.rule()),
        path => format!("{path} ({})", finding.rule()),
    };
    // Where: the value itself; for a field that is absent, the item it is missing from.
    let anchor = finding
        .location()
        .or_else(|| match (finding.path(), source.text) {
            (Path::Field(i, _), Some(text)) => Path::Item(*i).locate_in(text),
            _ => None,
        });
    let snippet = anchor.and_then(|at| source.text.and_then(|text| excerpt(text, at)));
    let label = if finding.location().is_none() && anchor.is_some() {
        format!("{label}: not in this backend server")
    } else {
        label
    };
    let help = help_for(finding, all);
    match (anchor, snippet) {
        (Some(at), Some(snippet)) => {
            let number = (at.line() + source.first_line).to_string();
            let pad = " ".repeat(number.len());
            let _ = writeln!(
                out,
                "{pad}{GUTTER}-->{GUTTER:#} {}:{number}:{}",
                source.name,
                at.column()
            );
            let _ = writeln!(out, "{pad} {GUTTER}|{GUTTER:#}");
            let _ = writeln!(out, "{GUTTER}{number} |{GUTTER:#} {}", snippet.line);
            let _ = writeln!(
                out,
                "{pad} {GUTTER}|{GUTTER:#} {}{style}{} {label}{style:#}",
                " ".repeat(snippet.caret),
                "^".repeat(snippet.width)
            );
            if let Some(help) = help {
                let _ = writeln!(out, "{pad} {GUTTER}={GUTTER:#} {HELP}help{HELP:#}: {help}");
            }
        }
        _ => {
            let at = if *finding.path() == Path::Root {
                "about"
            } else {
                "at"
            };
            let _ = writeln!(out, " {GUTTER}-->{GUTTER:#} {}", source.name);
            let _ = writeln!(out, "  {GUTTER}={GUTTER:#} {at} {label}");
            if let Some(help) = help {
                let _ = writeln!(out, "  {GUTTER}={GUTTER:#} {HELP}help{HELP:#}: {help}");
            }
        }
    }
}

/// An error about a value that is missing, explained by an unknown key next to it that R5 says
/// is probably that field: `rename "load_balancer_id" to "LoadBalancerId" …`.
fn help_for(error: &Finding, all: &[&Finding]) -> Option<String> {
    if error.severity() != Severity::Error || error.location().is_some() {
        return None;
    }
    // The missing field's name, and the item it is missing from (`None`: a parameter).
    let (missing, item) = match error.path() {
        Path::Param(name) => (name.as_ref(), None),
        Path::Field(i, name) => (name.as_ref(), Some(*i)),
        _ => return None,
    };
    let same_parent = |p: &Path| match (p, item) {
        (Path::Param(_), None) => true,
        (Path::Field(j, _), Some(i)) => *j == i,
        _ => false,
    };
    all.iter().find_map(|w| {
        if w.code() != Code::UnknownField || !same_parent(w.path()) {
            return None;
        }
        let rest = w.message().strip_prefix("unknown field ")?;
        let (key, suggested) = rest.split_once(" is ignored; did you mean ")?;
        if suggested.strip_suffix('?')? != format!("\"{missing}\"") {
            return None;
        }
        let place = w
            .location()
            .map(|l| format!(" (line {})", l.line()))
            .unwrap_or_default();
        Some(format!(
            "the key {key}{place} is not read, as it is not a field; did you mean \"{missing}\"?"
        ))
    })
}

/// One line of the input, cut to fit around the caret, with every character that could move
/// the cursor or hide text replaced.
struct Excerpt {
    line: String,
    /// Characters before the caret.
    caret: usize,
    /// How many carets.
    width: usize,
}

fn excerpt(text: &str, at: Location) -> Option<Excerpt> {
    let line = text.split('\n').nth(at.line().checked_sub(1)?)?;
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut chars: Vec<char> = line.chars().collect();
    if at.line() == 1 && chars.first() == Some(&'\u{feff}') {
        chars.remove(0);
    }
    let column = at.column().checked_sub(1)?;
    if column >= chars.len() {
        return None;
    }
    let width = value_width(chars.get(column..).unwrap_or_default()).max(1);
    // The window: SNIPPET characters from a little before the value, moved back from the
    // line's end (so the whole line when it fits).
    let start = column.saturating_sub(24);
    let end = (start + SNIPPET).min(chars.len());
    let start = end.saturating_sub(SNIPPET).min(start);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(
        chars
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .map(|&c| safe(c)),
    );
    if end < chars.len() {
        shown.push('…');
    }
    Some(Excerpt {
        line: shown,
        caret: column - start + usize::from(start > 0),
        width: width.min(end - column),
    })
}

/// A character as shown in an excerpt: one that moves the cursor, changes direction or is
/// invisible becomes `�` (a tab a space), so that the excerpt is what the eye sees and the
/// caret stays under its value.
fn safe(c: char) -> char {
    let invisible = matches!(c,
        '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
        | '\u{ffa0}' | '\u{fff0}'..='\u{fffb}' | '\u{e0000}'..='\u{e0fff}'
        | '\u{1d173}'..='\u{1d17a}' | '\u{110bd}' | '\u{110cd}' | '\u{13430}'..='\u{1343f}'
        | '\u{600}'..='\u{605}' | '\u{6dd}' | '\u{70f}' | '\u{890}' | '\u{891}' | '\u{8e2}');
    match c {
        '\t' => ' ',
        c if c.is_control() || invisible || (c.is_whitespace() && c != ' ') => '\u{fffd}',
        c => c,
    }
}

/// How many characters the value starting at `chars[0]` takes on its line: a string to its
/// closing quote (also an escaped `\"…\"` or percent-encoded `%22…%22` one inside an encoded
/// `BackendServers`), an object or array its opening bracket, anything else up to a delimiter.
fn value_width(chars: &[char]) -> usize {
    let at = |i: usize| chars.get(i).copied();
    match at(0) {
        Some('{' | '[') => 1,
        Some('"') => {
            let mut i = 1;
            while let Some(c) = at(i) {
                match c {
                    '\\' => i += 2,
                    '"' => return i + 1,
                    _ => i += 1,
                }
            }
            chars.len()
        }
        // `\"…\"`: the outer tokens spell an inner string; it ends at an inner quote that is
        // not escaped in the inner text.
        Some('\\') if at(1) == Some('"') => {
            encoded_string_width(chars, 2, |i| match (at(i), at(i + 1)) {
                (Some('\\'), Some(c)) => Some((c, 2)),
                (Some(c), _) => Some((c, 1)),
                _ => None,
            })
        }
        Some('%') if at(1) == Some('2') && at(2) == Some('2') => {
            encoded_string_width(chars, 3, |i| match at(i) {
                Some('%') => {
                    let hex: String = chars.get(i + 1..i + 3)?.iter().collect();
                    let byte = u8::from_str_radix(&hex, 16).ok()?;
                    Some((char::from(byte), 3))
                }
                Some('+') => Some((' ', 1)),
                Some(c) => Some((c, 1)),
                None => None,
            })
        }
        _ => {
            let mut i = 0;
            while let Some(c) = at(i) {
                let ends = matches!(c, ',' | '}' | ']' | '&' | '"' | '\\') || c.is_whitespace();
                let encoded_end = c == '%'
                    && matches!(
                        (at(i + 1), at(i + 2)),
                        (Some('2'), Some('C' | 'c' | '2')) | (Some('7' | '5'), Some('D' | 'd'))
                    );
                if ends || encoded_end {
                    break;
                }
                i += 1;
            }
            i
        }
    }
}

/// The width of an inner string whose outer tokens `token(i)` decodes (character, length),
/// starting after its opening quote at `from`.
fn encoded_string_width(
    chars: &[char],
    from: usize,
    token: impl Fn(usize) -> Option<(char, usize)>,
) -> usize {
    let mut i = from;
    let mut escaped = false;
    while let Some((c, len)) = token(i) {
        i += len;
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            return i;
        }
    }
    chars.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn width(s: &str) -> usize {
        value_width(&s.chars().collect::<Vec<_>>())
    }

    #[test]
    fn values_are_underlined_whole() {
        assert_eq!(width(r#""80"}"#), 4);
        assert_eq!(width(r#""a\"b", 1"#), 6);
        assert_eq!(width("101}, {"), 3);
        assert_eq!(width(r#"\"101\"}]""#), 7);
        assert_eq!(width(r#"\"a\\\"b\"}"#), 10);
        assert_eq!(width("%22101%22%7D"), 9);
        assert_eq!(width("101%2C%22"), 3);
        assert_eq!(width("lb-1&Region"), 4);
        assert_eq!(width("{\"a\": 1}"), 1);
    }

    #[test]
    fn rule_lists_are_short() {
        let rules: Vec<Rule> = [20, 21, 22, 23, 24, 25, 26, 27, 28]
            .into_iter()
            .filter_map(Rule::new)
            .collect();
        assert_eq!(ranges(&rules), "R20–R28");
        let rules: Vec<Rule> = [22, 23, 24, 28].into_iter().filter_map(Rule::new).collect();
        assert_eq!(ranges(&rules), "R22–R24, R28");
        let rules: Vec<Rule> = [1, 2, 5].into_iter().filter_map(Rule::new).collect();
        assert_eq!(ranges(&rules), "R1, R2, R5");
    }

    #[test]
    fn excerpts_fit_and_hide_nothing() {
        let long = format!("{}\"x\"{}\u{202e}", "a".repeat(100), "b".repeat(100));
        let e = excerpt(&long, Location::new(1, 101).unwrap()).unwrap();
        assert!(e.line.chars().count() <= SNIPPET + 2);
        assert_eq!(e.line.chars().nth(e.caret), Some('"'));
        assert_eq!(e.width, 3);
        let e = excerpt("\u{1b}[2J \"v\"", Location::new(1, 6).unwrap()).unwrap();
        assert_eq!(e.line, "\u{fffd}[2J \"v\"");
        assert!(excerpt("ab", Location::new(2, 1).unwrap()).is_none());
    }
}

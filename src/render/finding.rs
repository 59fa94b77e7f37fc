//! Findings for people, rustc-style: the heading, the place (`--> file:line:column`), the input
//! line (cut to fit, every character that could hide text replaced) with carets under the
//! value's whole span, and a `help:` where a warning explains an error.
//!
//! Columns on screen are counted in display cells, so carets stay under their value after wide
//! characters: a CJK ideograph or a fullwidth form takes two cells (Unicode's East Asian Width
//! W and F), every other character shown one.

use std::fmt::Write as _;

use super::{Source, Styles};
use crate::finding::{Finding, Hint, Location, Path, Severity};

/// The widest input excerpt shown, in characters.
const SNIPPET: usize = 76;

/// Each finding, pointing into `source`, followed by an empty line.
pub(super) fn blocks(
    out: &mut String,
    findings: &[&Finding],
    source: &Source<'_>,
    styles: &Styles,
    prefix: &str,
) {
    for finding in findings {
        block(out, finding, findings, source, styles, prefix);
        out.push('\n');
    }
}

fn block(
    out: &mut String,
    finding: &Finding,
    all: &[&Finding],
    source: &Source<'_>,
    styles: &Styles,
    prefix: &str,
) {
    let style = match finding.severity() {
        Severity::Error => &styles.error,
        Severity::Warning => &styles.warning,
    };
    let heading = format!("{}[{}]", finding.severity(), finding.code());
    let _ = writeln!(
        out,
        "{prefix}{}{}",
        style.paint(&heading),
        styles.bold.paint(&format!(": {}", finding.message()))
    );
    let gutter = |text: &str| styles.gutter.paint(text);
    let label = match finding.path() {
        Path::Root => format!("the whole document ({})", finding.rule()),
        path => format!("{path} ({})", finding.rule()),
    };
    // Where: the value itself, under its whole span; for a field that is absent, the item it
    // is missing from, one caret.
    let place = finding
        .place()
        .map(|p| (p.start(), width_of(p.start(), p.end())));
    let anchor = place.or_else(|| match (finding.path(), source.text) {
        (Path::Field(list, i, _), Some(text)) => {
            crate::report::locate_path(text, &Path::Item(*list, *i)).map(|at| (at, Some(1)))
        }
        _ => None,
    });
    let label = if place.is_none() && anchor.is_some() {
        format!("{label}: not in this backend server")
    } else {
        label
    };
    let snippet = anchor.and_then(|(at, width)| source.text.and_then(|t| excerpt(t, at, width)));
    let help = help_for(finding, all);
    match (anchor, snippet) {
        (Some((at, _)), Some(snippet)) => {
            let number = (at.line() + source.first_line).to_string();
            let pad = " ".repeat(number.len());
            let _ = writeln!(
                out,
                "{pad}{} {}:{number}:{}",
                gutter("-->"),
                source.name,
                at.column()
            );
            let _ = writeln!(out, "{pad} {}", gutter("|"));
            let _ = writeln!(out, "{} {}", gutter(&format!("{number} |")), snippet.line);
            let carets = format!("{} {label}", "^".repeat(snippet.width));
            let _ = writeln!(
                out,
                "{pad} {} {}{}",
                gutter("|"),
                " ".repeat(snippet.caret),
                style.paint(&carets)
            );
            if let Some(help) = help {
                let _ = writeln!(
                    out,
                    "{pad} {} {}: {help}",
                    gutter("="),
                    styles.help.paint("help")
                );
            }
        }
        _ => {
            let at = if *finding.path() == Path::Root {
                "about"
            } else {
                "at"
            };
            let _ = writeln!(out, " {} {}", gutter("-->"), source.name);
            let _ = writeln!(out, "  {} {at} {label}", gutter("="));
            if let Some(help) = help {
                let _ = writeln!(
                    out,
                    "  {} {}: {help}",
                    gutter("="),
                    styles.help.paint("help")
                );
            }
        }
    }
}

/// How many characters of its first line a value from `start` to `end` (its last character)
/// takes: to `end` on one line; to the line's end when it runs on (`None`).
fn width_of(start: Location, end: Location) -> Option<usize> {
    (end.line() == start.line()).then(|| end.column().saturating_sub(start.column()) + 1)
}

/// An error about a value that is missing, explained by an unknown key next to it that R5 says
/// is close to that field (its `DidYouMean` hint): `the key "load_balancer_id" … is not read …`.
fn help_for(error: &Finding, all: &[&Finding]) -> Option<String> {
    if error.severity() != Severity::Error || error.place().is_some() {
        return None;
    }
    // The missing field's name, and the item it is missing from (`None`: a parameter).
    let (missing, item) = match error.path() {
        Path::Param(name) => (name.as_ref(), None),
        Path::Field(list, i, name) => (name.as_ref(), Some((*list, *i))),
        _ => return None,
    };
    all.iter().find_map(|w| {
        let Some(Hint::DidYouMean { field }) = w.hint() else {
            return None;
        };
        let key = match (w.path(), item) {
            (Path::Param(key), None) => key,
            (Path::Field(list, j, key), Some(item)) if (*list, *j) == item => key,
            _ => return None,
        };
        if *field != missing {
            return None;
        }
        let line = w
            .location()
            .map(|l| format!(" (line {})", l.line()))
            .unwrap_or_default();
        Some(format!(
            "the key \"{key}\"{line} is not read, as it is not a field; did you mean \"{missing}\"?"
        ))
    })
}

/// One line of the input, cut to fit around the carets, with every character that could move
/// the cursor or hide text replaced.
struct Excerpt {
    line: String,
    /// Display cells before the carets.
    caret: usize,
    /// How many carets: the value's display cells within the excerpt (one at least).
    width: usize,
}

/// The excerpt of the line of `at`, with carets under `width` characters from it (to the
/// line's end when `None`).
fn excerpt(text: &str, at: Location, width: Option<usize>) -> Option<Excerpt> {
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
    // The window: SNIPPET characters from a little before the value, moved back from the
    // line's end (so the whole line when it fits).
    let start = column.saturating_sub(24);
    let end = (start + SNIPPET).min(chars.len());
    let start = end.saturating_sub(SNIPPET).min(start);
    let shown: Vec<char> = chars
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|&c| safe(c))
        .collect();
    let value_end = width.map_or(end, |w| (column + w.max(1)).min(end));
    let cells = |from: usize, to: usize| -> usize {
        shown
            .get(from.saturating_sub(start)..to.saturating_sub(start))
            .unwrap_or_default()
            .iter()
            .map(|&c| cells(c))
            .sum()
    };
    let mut line = String::new();
    if start > 0 {
        line.push('…');
    }
    line.extend(&shown);
    if end < chars.len() {
        line.push('…');
    }
    Some(Excerpt {
        line,
        caret: cells(start, column) + usize::from(start > 0),
        width: cells(column, value_end).max(1),
    })
}

/// A character as shown in an excerpt: one that moves the cursor, changes direction or is
/// invisible becomes `�` (a tab a space), so that the excerpt is what the eye sees and the
/// carets stay under their value.
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

/// The display cells a character shown in an excerpt takes: two for the wide and fullwidth
/// forms of East Asian scripts (Hangul Jamo, CJK radicals to Yi, Hangul syllables, CJK
/// compatibility ideographs and forms, fullwidth forms, the supplementary ideographic planes,
/// the wide emoji blocks), one for every other.
fn cells(c: char) -> usize {
    let wide = matches!(c,
        '\u{1100}'..='\u{115f}' | '\u{2e80}'..='\u{303e}' | '\u{3041}'..='\u{33ff}'
        | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{a000}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}' | '\u{f900}'..='\u{faff}' | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff60}' | '\u{ffe0}'..='\u{ffe6}' | '\u{1f300}'..='\u{1f64f}'
        | '\u{1f900}'..='\u{1f9ff}' | '\u{20000}'..='\u{2fffd}' | '\u{30000}'..='\u{3fffd}');
    1 + usize::from(wide)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Location {
        Location::new(line, column).unwrap_or_else(|| panic!("{line}:{column}"))
    }

    #[test]
    fn excerpts_fit_and_hide_nothing() {
        let long = format!("{}\"x\"{}\u{202e}", "a".repeat(100), "b".repeat(100));
        let e = excerpt(&long, at(1, 101), Some(3)).unwrap_or_else(|| panic!("an excerpt"));
        assert!(e.line.chars().count() <= SNIPPET + 2);
        assert_eq!(e.line.chars().nth(e.caret), Some('"'));
        assert_eq!(e.width, 3);
        let e =
            excerpt("\u{1b}[2J \"v\"", at(1, 6), Some(3)).unwrap_or_else(|| panic!("an excerpt"));
        assert_eq!(e.line, "\u{fffd}[2J \"v\"");
        assert!(excerpt("ab", at(2, 1), Some(1)).is_none());
        // To the line's end when the value runs on.
        let e = excerpt("{\"a\": [1,\n2]}", at(1, 7), None).unwrap_or_else(|| panic!("an excerpt"));
        assert_eq!((e.caret, e.width), (6, 3));
    }

    #[test]
    fn carets_stay_under_their_value_after_wide_characters() {
        // "测试" takes four cells: the value after it starts four cells in, not two.
        let e = excerpt("\"测试\": 101", at(1, 7), Some(3)).unwrap_or_else(|| panic!("an excerpt"));
        assert_eq!((e.caret, e.width), (8, 3));
        // A wide value is as many carets as it takes cells.
        let e =
            excerpt("\"a\": \"中文\"", at(1, 6), Some(4)).unwrap_or_else(|| panic!("an excerpt"));
        assert_eq!((e.caret, e.width), (5, 6));
        assert_eq!(cells('a'), 1);
        assert_eq!(cells('中'), 2);
        assert_eq!(cells('ｗ'), 2);
        assert_eq!(cells('é'), 1);
    }
}

//! The one renderer of human text: a [`Report`](crate::Report) and a [`Plan`](crate::Plan)
//! for people, from their data — findings rustc-style (the place `--> file:line:column`, the
//! input line with carets under the value's whole span, a `help:`), the diff, the verdict; a
//! plan's calls and summary. The styles are passed in ([`Styles`]: plain by default; the command
//! line passes its colours), so the same words come out in a terminal and in a test.
//!
//! The compact forms (`Report::to_human`, `Plan::to_human`: one line a finding) are rendered
//! here too, with the same words.
//!
//! ```
//! use clb_preflight::render::{Options, Source, Styles};
//! let text = r#"{"LoadBalancerId":"lb-1","BackendServers":"[{\"ServerId\":\"i-1\",\"Weight\":101}]"}"#;
//! let report = clb_preflight::check(text).located(text);
//! let shown = report.render(&Source::new("request.json", text), &Styles::plain(), &Options::default());
//! assert!(shown.starts_with("error[InvalidWeight.Malformed]: weight 101 is above the maximum 100\n --> request.json:1:78\n"));
//! assert!(shown.contains("^^^ BackendServers[0].Weight (R7)"));
//! ```

mod finding;
mod plan;
mod report;

use std::borrow::Cow;

/// A style: the text written before what it styles and the text written after (ANSI escapes in a
/// terminal; nothing, plain).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Style {
    open: Cow<'static, str>,
    close: Cow<'static, str>,
}

impl Style {
    /// No style.
    pub const fn plain() -> Style {
        Style {
            open: Cow::Borrowed(""),
            close: Cow::Borrowed(""),
        }
    }

    /// A style that writes `open` before and `close` after what it styles.
    pub fn new(open: impl Into<Cow<'static, str>>, close: impl Into<Cow<'static, str>>) -> Style {
        Style {
            open: open.into(),
            close: close.into(),
        }
    }

    /// `text`, styled.
    fn paint(&self, text: &str) -> String {
        format!("{}{text}{}", self.open, self.close)
    }
}

/// The styles of each part of the human text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Styles {
    /// An error's heading, its carets, the verdict `invalid`.
    pub error: Style,
    /// A warning's heading and carets.
    pub warning: Style,
    /// `help`.
    pub help: Style,
    /// The gutter: `-->`, `|`, `=`, line numbers.
    pub gutter: Style,
    /// A finding's message.
    pub bold: Style,
    /// The verdict `valid`.
    pub valid: Style,
    /// A diff's `+`.
    pub added: Style,
    /// A note.
    pub dim: Style,
}

impl Styles {
    /// No styles at all: plain text.
    pub fn plain() -> Styles {
        Styles::default()
    }
}

/// What was checked, for pointing into it: the name the places give (a file, `<stdin>`), the
/// text when it is text, and the line of the file where the text starts, less one (in batch
/// mode a request is one line of a file).
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    name: &'a str,
    text: Option<&'a str>,
    first_line: usize,
}

impl<'a> Source<'a> {
    /// The source `name`, whose text is `text`.
    pub fn new(name: &'a str, text: &'a str) -> Source<'a> {
        Source {
            name,
            text: Some(text),
            first_line: 0,
        }
    }

    /// A source without text (bytes that are not UTF-8): its findings name it, without excerpts.
    pub fn without_text(name: &'a str) -> Source<'a> {
        Source {
            name,
            text: None,
            first_line: 0,
        }
    }

    /// The same source, its text starting at line `line` of the file (from 1).
    #[must_use]
    pub fn at_line(self, line: usize) -> Source<'a> {
        Source {
            first_line: line.saturating_sub(1),
            ..self
        }
    }
}

/// How a report is rendered beside others: a `prefix` before each heading and the verdict
/// (`line 3: ` in batch mode), the source's name before the verdict (`named`: several files),
/// and a `note` after a valid report (the command line's note on the facts its flags would
/// give).
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct Options<'a> {
    /// Before each heading and the verdict.
    pub prefix: &'a str,
    /// Whether the verdict starts with the source's name.
    pub named: bool,
    /// A line added after a valid report (without its `note: `).
    pub note: Option<&'a str>,
}

//! Showing input text in messages safely: quoted, escaped and truncated.
//!
//! A finding's message may be printed to a terminal or written to a log. Text that came from the
//! request is therefore never copied as it is: [`Shown`] quotes it, escapes control characters
//! (and the quote and backslash) the way Rust's `escape_debug` does, and cuts it after
//! [`Shown::MAX_CHARS`] characters with an ellipsis.

use std::fmt;

/// Request text made safe to print: `"lb-abc"`, `"a\nb"`, `"aaaa…"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown<'a>(pub &'a str);

impl Shown<'_> {
    /// How many characters of the text are shown before the ellipsis.
    pub const MAX_CHARS: usize = 40;
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        write_escaped(f, self.0)?;
        f.write_str("\"")
    }
}

/// Writes `text` escaped and truncated, without quotes (used for field names in paths). Runs
/// of characters that need no escape are written whole.
pub(crate) fn write_escaped(f: &mut impl fmt::Write, text: &str) -> fmt::Result {
    let mut run_start = 0;
    for (n, (at, c)) in text.char_indices().enumerate() {
        if n == Shown::MAX_CHARS {
            f.write_str(text.get(run_start..at).unwrap_or_default())?;
            return f.write_str("…");
        }
        if needs_escape(c) {
            f.write_str(text.get(run_start..at).unwrap_or_default())?;
            for e in c.escape_debug() {
                f.write_char(e)?;
            }
            run_start = at + c.len_utf8();
        }
    }
    f.write_str(text.get(run_start..).unwrap_or_default())
}

/// Short ASCII text built on the stack (numbers, addresses, paths), to be handed on as a `&str`
/// without allocating. What does not fit is dropped and marks it [`Short::overflowed`].
pub(crate) struct Short<const N: usize> {
    bytes: [u8; N],
    len: usize,
    overflowed: bool,
}

impl<const N: usize> Short<N> {
    pub(crate) fn new() -> Short<N> {
        Short {
            bytes: [0; N],
            len: 0,
            overflowed: false,
        }
    }

    /// Appends ASCII `text` (other text marks the buffer overflowed: it holds ASCII only).
    pub(crate) fn push(&mut self, text: &str) -> &mut Short<N> {
        if !text.is_ascii() {
            self.overflowed = true;
            return self;
        }
        for &b in text.as_bytes() {
            self.byte(b);
        }
        self
    }

    /// Appends `n` in decimal.
    pub(crate) fn number(&mut self, n: u64) -> &mut Short<N> {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = n;
        while at > 0 {
            at -= 1;
            if let Some(d) = digits.get_mut(at) {
                // A digit, below 10, so the cast keeps it whole.
                *d = b'0' + (rest % 10) as u8;
            }
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        for &d in digits.get(at..).unwrap_or_default() {
            self.byte(d);
        }
        self
    }

    /// Appends one ASCII byte.
    pub(crate) fn byte(&mut self, b: u8) -> &mut Short<N> {
        match self.bytes.get_mut(self.len) {
            Some(slot) if b.is_ascii() => {
                *slot = b;
                self.len += 1;
            }
            _ => self.overflowed = true,
        }
        self
    }

    /// Whether something did not fit.
    pub(crate) fn overflowed(&self) -> bool {
        self.overflowed
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(self.bytes.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

/// A finding's message from its error value, in a buffer sized for a typical message (so it is
/// written without growing).
pub(crate) fn message(error: &impl fmt::Display) -> String {
    let mut out = String::with_capacity(128);
    // Writing to a String cannot fail.
    let _ = fmt::write(&mut out, format_args!("{error}"));
    out
}

fn needs_escape(c: char) -> bool {
    // Control characters, quote and backslash, and the invisible or direction-changing format
    // characters that could disguise what a terminal shows.
    c.is_control()
        || c == '"'
        || c == '\\'
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// `text` escaped and truncated, without quotes, as an owned string.
pub(crate) fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(64));
    // Writing to a String cannot fail.
    let _ = write_escaped(&mut out, text);
    out
}

/// A message from a dependency (such as serde_json's syntax errors) with control characters
/// escaped but not truncated.
pub(crate) fn escaped_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if needs_escape(c) && c != '"' && c != '\\' {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(Shown("lb-1").to_string(), "\"lb-1\"");
        assert_eq!(Shown("a\nb\"c\\").to_string(), r#""a\nb\"c\\""#);
        assert_eq!(Shown("\u{1b}[31m").to_string(), r#""\u{1b}[31m""#);
        assert_eq!(Shown("x\u{202e}y").to_string(), r#""x\u{202e}y""#);
    }

    #[test]
    fn truncates_after_forty_characters() {
        let long = "é".repeat(100);
        let shown = Shown(&long).to_string();
        assert_eq!(shown.chars().count(), 40 + 3);
        assert!(shown.ends_with("…\""));
    }
}

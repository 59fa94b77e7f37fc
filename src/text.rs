//! Showing input text in messages safely: quoted, escaped and truncated.
//!
//! A finding's message may be printed to a terminal or written to a log. Text that came from the
//! request is therefore never copied as it is: [`Shown`] quotes it, escapes every character
//! that `needs_escape` names (and the quote and backslash), and cuts it after
//! [`Shown::MAX_CHARS`] characters with an ellipsis.
//!
//! Which characters are escaped is decided by Unicode property, not by a hand list: every
//! control character (general category Cc), every format character (Cf, which holds all the
//! bidirectional controls such as U+061C and U+202E, the zero-width characters and the soft
//! hyphen), the line and paragraph separators (Zl U+2028, Zp U+2029), and every whitespace
//! character but the space (U+00A0, U+3000 …). Rust's `char` tells Cc (`is_control`) and
//! whitespace (`is_whitespace`, the White_Space property); Cf, Zl and Zp are the table
//! `FORMAT_AND_SEPARATORS` below (Unicode 16.0). An escaped character is written as `\u{…}` (or `\n`, `\t`, `\r`, `\0`, `\"`,
//! `\\`).

use std::fmt;

/// Request text made safe to print: `"lb-abc"`, `"a\nb"`, `"aaaa…"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shown<'a>(pub(crate) &'a str);

impl Shown<'_> {
    /// How many characters of the text are shown before the ellipsis.
    pub(crate) const MAX_CHARS: usize = 40;
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_shown(f, self.0)
    }
}

/// Writes `text` as [`Shown`] displays it, into any writer (a message being built writes into
/// its `String` directly, without the formatting machinery).
pub(crate) fn write_shown<W: fmt::Write + ?Sized>(w: &mut W, text: &str) -> fmt::Result {
    w.write_str("\"")?;
    write_escaped(w, text)?;
    w.write_str("\"")
}

/// Printable ASCII but `"` and `\\`: a byte that is one character needing no escape.
fn is_plain(b: &u8) -> bool {
    matches!(b, b' '..=b'~') && *b != b'"' && *b != b'\\'
}

/// Writes `n` in decimal, without the formatting machinery.
pub(crate) fn write_number<W: fmt::Write + ?Sized>(w: &mut W, n: u64) -> fmt::Result {
    let mut text = Short::<20>::new();
    text.number(n);
    w.write_str(text.as_str())
}

/// Writes `text` escaped and truncated, without quotes (used for field names in paths). Text of
/// at most [`Shown::MAX_CHARS`] bytes, all printable ASCII but `"` and `\\`, needs no escape
/// and no cut (each such byte is one character) and is written whole; otherwise runs of
/// characters that need no escape are written whole.
pub(crate) fn write_escaped<W: fmt::Write + ?Sized>(f: &mut W, text: &str) -> fmt::Result {
    if text.len() <= Shown::MAX_CHARS && text.as_bytes().iter().all(is_plain) {
        return f.write_str(text);
    }
    let mut run_start = 0;
    for (n, (at, c)) in text.char_indices().enumerate() {
        if n == Shown::MAX_CHARS {
            f.write_str(text.get(run_start..at).unwrap_or_default())?;
            return f.write_str("…");
        }
        if needs_escape(c) {
            f.write_str(text.get(run_start..at).unwrap_or_default())?;
            write_escape(f, c)?;
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
    /// Text that does not fit whole is not written at all.
    pub(crate) fn push(&mut self, text: &str) -> &mut Short<N> {
        let end = self.len.saturating_add(text.len());
        match self.bytes.get_mut(self.len..end) {
            Some(slot) if text.is_ascii() => {
                // One copy, not a byte at a time (paths are written for every finding shown).
                for (to, from) in slot.iter_mut().zip(text.as_bytes()) {
                    *to = *from;
                }
                self.len = end;
            }
            _ => self.overflowed = true,
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

/// The capacity a message starts with: the longest usual messages (R9's, R11's) fit without
/// growing.
const MESSAGE_CAPACITY: usize = 192;

/// A finding's message from its error value, in a buffer sized for a typical message (so it is
/// written without growing).
pub(crate) fn message(error: &impl fmt::Display) -> String {
    let mut out = String::with_capacity(MESSAGE_CAPACITY);
    // Writing to a String cannot fail.
    let _ = fmt::write(&mut out, format_args!("{error}"));
    out
}

/// A message written by `write` piece by piece straight into its `String` (no `format!`, no
/// formatting machinery): the error path builds each finding's message this way.
pub(crate) fn message_with(write: impl FnOnce(&mut String) -> fmt::Result) -> String {
    let mut out = String::with_capacity(MESSAGE_CAPACITY);
    // Writing to a String cannot fail.
    let _ = write(&mut out);
    out
}

/// A value whose message (its `Display`) can be written into any writer, so that a finding's
/// message is built without the formatting machinery and `Display` says the same by
/// construction.
pub(crate) trait WriteMessage {
    /// Writes the message.
    fn write_message<W: fmt::Write + ?Sized>(&self, w: &mut W) -> fmt::Result;

    /// The message, when it is fixed text (it names nothing from the request).
    fn fixed_message(&self) -> Option<&'static str> {
        None
    }

    /// The message as a finding's text.
    fn message(&self) -> String {
        message_with(|out| self.write_message(out))
    }
}

/// An error of a value type judged in place: it keeps no copy of the text it is about (its
/// text fields are empty `String`s, which do not allocate) and writes its message about the text
/// it is handed, the one that was judged. The public `parse` is the same judgement with the
/// text copied into the error ([`WriteAbout::with_text`]).
pub(crate) trait WriteAbout: Sized {
    /// Writes the message about `text`.
    fn write_about<W: fmt::Write + ?Sized>(&self, text: &str, w: &mut W) -> fmt::Result;

    /// The same error, keeping a copy of `text`.
    fn with_text(self, text: &str) -> Self;

    /// The message about `text` as a finding's text.
    fn message_about(&self, text: &str) -> String {
        message_with(|out| self.write_about(text, out))
    }
}

/// Writes one character that needs an escape: `escape_debug`'s short forms (`\n`, `\"`), else
/// `\u{…}` (also for a character that `escape_debug` would leave as it is).
fn write_escape<W: fmt::Write + ?Sized>(f: &mut W, c: char) -> fmt::Result {
    let debug = c.escape_debug();
    if debug.len() > 1 {
        for e in debug {
            f.write_char(e)?;
        }
        Ok(())
    } else {
        for e in c.escape_unicode() {
            f.write_char(e)?;
        }
        Ok(())
    }
}

/// The code points of general categories Cf (format), Zl (line separator) and Zp (paragraph
/// separator), Unicode 16.0, as sorted, disjoint inclusive ranges. Every bidirectional control
/// (Bidi_Control: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) is among them.
pub(crate) const FORMAT_AND_SEPARATORS: [(char, char); 21] = [
    ('\u{ad}', '\u{ad}'),       // soft hyphen
    ('\u{600}', '\u{605}'),     // Arabic number signs
    ('\u{61c}', '\u{61c}'),     // Arabic letter mark (a bidi control)
    ('\u{6dd}', '\u{6dd}'),     // Arabic end of ayah
    ('\u{70f}', '\u{70f}'),     // Syriac abbreviation mark
    ('\u{890}', '\u{891}'),     // Arabic pound and piastre marks above
    ('\u{8e2}', '\u{8e2}'),     // Arabic disputed end of ayah
    ('\u{180e}', '\u{180e}'),   // Mongolian vowel separator
    ('\u{200b}', '\u{200f}'),   // zero width space … right-to-left mark
    ('\u{2028}', '\u{202e}'),   // line and paragraph separators (Zl, Zp), bidi embeddings
    ('\u{2060}', '\u{2064}'),   // word joiner … invisible plus
    ('\u{2066}', '\u{206f}'),   // bidi isolates, deprecated format characters
    ('\u{feff}', '\u{feff}'),   // zero width no-break space (byte-order mark)
    ('\u{fff9}', '\u{fffb}'),   // interlinear annotation
    ('\u{110bd}', '\u{110bd}'), // Kaithi number sign
    ('\u{110cd}', '\u{110cd}'), // Kaithi number sign above
    ('\u{13430}', '\u{1343f}'), // Egyptian hieroglyph format controls
    ('\u{1bca0}', '\u{1bca3}'), // shorthand format controls
    ('\u{1d173}', '\u{1d17a}'), // musical symbol beam and phrase controls
    ('\u{e0001}', '\u{e0001}'), // language tag
    ('\u{e0020}', '\u{e007f}'), // tag characters
];

/// Whether `c` is a format character (Cf) or a line or paragraph separator (Zl, Zp): invisible,
/// or changing the direction or the lines of what follows it.
pub(crate) fn is_format_or_separator(c: char) -> bool {
    // Everything below the first entry (ASCII and Latin-1 but U+00AD) is outside the table.
    if c < '\u{ad}' {
        return false;
    }
    FORMAT_AND_SEPARATORS
        .binary_search_by(|&(low, high)| {
            if high < c {
                std::cmp::Ordering::Less
            } else if low > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The first format character or line or paragraph separator of `text`, if any (ids refuse
/// them: R1, R6).
pub(crate) fn first_format_character(text: &str) -> Option<char> {
    if text.is_ascii() {
        return None;
    }
    text.chars().find(|&c| is_format_or_separator(c))
}

/// A character named by its code point, `U+200B`, for messages about characters that cannot be
/// shown as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CodePoint(pub(crate) char);

impl fmt::Display for CodePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "U+{:04X}", u32::from(self.0))
    }
}

fn needs_escape(c: char) -> bool {
    // Whitespace other than the space (U+00A0, U+3000 …) is escaped too: a message that says
    // "contains whitespace" shows which.
    c.is_control()
        || c == '"'
        || c == '\\'
        || is_format_or_separator(c)
        || (c.is_whitespace() && c != ' ')
}

/// `text` escaped and truncated, without quotes, as an owned string.
pub(crate) fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(64));
    // Writing to a String cannot fail.
    let _ = write_escaped(&mut out, text);
    out
}

/// Writes `text` with the characters that may never be printed as they are (controls, format
/// characters, separators, whitespace other than the space) escaped; quotes and backslashes are
/// kept, nothing is cut. For text that is shown already (a path's name) or comes from a
/// dependency: printing it twice this way changes nothing.
pub(crate) fn write_safe(f: &mut impl fmt::Write, text: &str) -> fmt::Result {
    let mut run_start = 0;
    for (at, c) in text.char_indices() {
        if needs_escape(c) && c != '"' && c != '\\' {
            f.write_str(text.get(run_start..at).unwrap_or_default())?;
            write_escape(f, c)?;
            run_start = at + c.len_utf8();
        }
    }
    f.write_str(text.get(run_start..).unwrap_or_default())
}

/// A message from a dependency (such as serde_json's syntax errors) with control characters
/// escaped but not truncated.
pub(crate) fn escaped_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if needs_escape(c) && c != '"' && c != '\\' {
            // Writing to a String cannot fail.
            let _ = write_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// `1 call`, `2 calls`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_keeps_what_fits_whole_and_ascii_only() {
        let mut text = Short::<8>::new();
        text.push("ab").number(305).byte(b'.');
        assert_eq!((text.as_str(), text.overflowed()), ("ab305.", false));
        // Past the end: not written, and marked.
        text.push("xyz");
        assert_eq!((text.as_str(), text.overflowed()), ("ab305.", true));
        let mut text = Short::<8>::new();
        text.push("é").push("abcdefgh");
        assert_eq!((text.as_str(), text.overflowed()), ("abcdefgh", true));
        let mut text = Short::<8>::new();
        text.push("abcdefgh");
        assert_eq!((text.as_str(), text.overflowed()), ("abcdefgh", false));
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(Shown("lb-1").to_string(), "\"lb-1\"");
        assert_eq!(Shown("a\nb\"c\\").to_string(), r#""a\nb\"c\\""#);
        assert_eq!(Shown("\u{1b}[31m").to_string(), r#""\u{1b}[31m""#);
        assert_eq!(Shown("x\u{202e}y").to_string(), r#""x\u{202e}y""#);
    }

    #[test]
    fn escapes_by_property() {
        // The table is sorted and its ranges are disjoint, so the binary search is sound.
        for pair in FORMAT_AND_SEPARATORS.windows(2) {
            if let [(low, high), (next, _)] = pair {
                assert!(
                    low <= high && high < next,
                    "{low:?}..{high:?} then {next:?}"
                );
            }
        }
        // 170 format characters (Cf, Unicode 16.0), one line and one paragraph separator.
        let table: Vec<char> = FORMAT_AND_SEPARATORS
            .iter()
            .flat_map(|&(low, high)| low..=high)
            .collect();
        assert_eq!(table.len(), 172);
        for c in char::MIN..=char::MAX {
            let listed = table.binary_search(&c).is_ok();
            assert_eq!(is_format_or_separator(c), listed, "{c:?}");
            if listed || c.is_control() || (c.is_whitespace() && c != ' ') {
                // Rust's own tables agree that none of these is printable.
                assert!(c.escape_debug().len() > 1, "{c:?}");
                let shown = Shown(&c.to_string()).to_string();
                assert!(!shown.contains(c), "{c:?} shown as {shown}");
                assert!(shown.starts_with("\"\\"), "{c:?} shown as {shown}");
            }
        }
        for (c, shown) in [
            ('\u{ad}', r#""\u{ad}""#),
            ('\u{61c}', r#""\u{61c}""#),
            ('\u{2028}', r#""\u{2028}""#),
            ('\u{2029}', r#""\u{2029}""#),
            ('\u{e007f}', r#""\u{e007f}""#),
            ('\n', r#""\n""#),
            ('\u{0}', r#""\0""#),
        ] {
            assert_eq!(Shown(&c.to_string()).to_string(), shown);
        }
        assert_eq!(escaped_message("a\u{2029}b\"c"), "a\\u{2029}b\"c");
    }

    #[test]
    fn truncates_after_forty_characters() {
        let long = "é".repeat(100);
        let shown = Shown(&long).to_string();
        assert_eq!(shown.chars().count(), 40 + 3);
        assert!(shown.ends_with("…\""));
    }
}

//! [`Description`]: a backend server's description (R9).

use std::fmt;

use super::compact::Compact;
use crate::text::{write_number, write_shown, WriteAbout, WriteMessage};

/// A backend server's description: 1 to 80 characters, each an ASCII letter or digit, `-`, `/`,
/// `.`, `_`, or a Chinese character (CJK Unified Ideographs, U+4E00 to U+9FFF, and Extension A,
/// U+3400 to U+4DBF). Length counts characters, not bytes.
///
/// ```
/// use clb_preflight::Description;
/// assert!("web-01/测试".parse::<Description>().is_ok());
/// assert!("web 01".parse::<Description>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Description(pub(super) Compact);

/// Why a text is not a [`Description`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DescriptionError {
    /// The text is empty.
    Empty,
    /// The text is longer than 80 characters.
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// The text holds a character outside the allowed set.
    Character {
        /// The text as given.
        text: String,
        /// The first character outside the set.
        found: char,
        /// Its 1-based position in characters.
        position: usize,
    },
}

impl WriteMessage for DescriptionError {
    fn write_message<W: fmt::Write + ?Sized>(&self, w: &mut W) -> fmt::Result {
        match self {
            DescriptionError::Character { text, .. } => self.write_about(text, w),
            DescriptionError::Empty | DescriptionError::TooLong { .. } => self.write_about("", w),
        }
    }
}

impl WriteAbout for DescriptionError {
    fn with_text(self, text: &str) -> DescriptionError {
        match self {
            DescriptionError::Character {
                found, position, ..
            } => DescriptionError::Character {
                text: text.to_owned(),
                found,
                position,
            },
            other => other,
        }
    }

    fn write_about<W: fmt::Write + ?Sized>(&self, text: &str, w: &mut W) -> fmt::Result {
        self.write_named("description", "field", text, w)
    }
}

impl DescriptionError {
    /// The words of this error about `text`, a text of the description's class that the
    /// message calls `noun`; `omit` names what to leave out instead of giving it empty. A
    /// [`GroupName`](super::GroupName)'s errors are worded here too.
    pub(super) fn write_named<W: fmt::Write + ?Sized>(
        &self,
        noun: &str,
        omit: &str,
        text: &str,
        w: &mut W,
    ) -> fmt::Result {
        w.write_str(noun)?;
        match self {
            DescriptionError::Empty => {
                w.write_str(" is empty; expected 1 to 80 characters (omit the ")?;
                w.write_str(omit)?;
                w.write_str(" instead)")
            }
            DescriptionError::TooLong { chars } => {
                w.write_str(" is ")?;
                write_number(w, *chars as u64)?;
                w.write_str(" characters long; expected 1 to 80")
            }
            DescriptionError::Character {
                found, position, ..
            } => {
                w.write_str(" ")?;
                write_shown(w, text)?;
                w.write_str(" contains ")?;
                write_shown(w, found.encode_utf8(&mut [0u8; 4]))?;
                w.write_str(" at character ")?;
                write_number(w, *position as u64)?;
                w.write_str(
                    "; expected letters, digits, Chinese characters, \"-\", \"/\", \".\" and \"_\"",
                )
            }
        }
    }
}

impl fmt::Display for DescriptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_message(f)
    }
}

impl std::error::Error for DescriptionError {}

impl Description {
    /// The longest description, in characters.
    pub const MAX_CHARS: usize = 80;

    /// Parses a description.
    ///
    /// # Errors
    /// [`DescriptionError::Empty`] for `""`; [`DescriptionError::TooLong`] for 81 characters;
    /// [`DescriptionError::Character`] for `"a b"`, `"a,b"`, `"ü"`, `"а"` (Cyrillic).
    pub fn parse(text: &str) -> Result<Description, DescriptionError> {
        Description::judge(text).map_err(|e| e.with_text(text))
    }

    /// [`Description::parse`] judged in place: the error keeps no copy of the text.
    pub(crate) fn judge(text: &str) -> Result<Description, DescriptionError> {
        // The usual case: 1 to 80 allowed ASCII bytes.
        let ascii_ok = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'/' | b'.' | b'_');
        if (1..=Self::MAX_CHARS).contains(&text.len()) && text.as_bytes().iter().all(ascii_ok) {
            return Ok(Description(Compact::new(text)));
        }
        let mut chars = 0usize;
        for c in text.chars() {
            chars += 1;
            if !Self::allows(c) {
                return Err(DescriptionError::Character {
                    text: String::new(),
                    found: c,
                    position: chars,
                });
            }
        }
        match chars {
            0 => Err(DescriptionError::Empty),
            n if n > Self::MAX_CHARS => Err(DescriptionError::TooLong { chars: n }),
            _ => Ok(Description(Compact::new(text))),
        }
    }

    /// Whether `c` may stand in a description.
    pub const fn allows(c: char) -> bool {
        c.is_ascii_alphanumeric()
            || matches!(c, '-' | '/' | '.' | '_' | '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
    }

    /// The description as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for Description {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl super::AsText for Description {
    fn with_text<R>(&self, with: impl FnOnce(&str) -> R) -> R {
        with(self.as_str())
    }
}

super::text_traits!(Description, DescriptionError, "a description");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_characters() {
        for ok in [
            "test-112",
            "a",
            "web/01.v2_x",
            "测试",
            "㐀",
            &"x".repeat(80),
            &"测".repeat(80),
        ] {
            assert!(Description::parse(ok).is_ok(), "{ok:?}");
        }
        for bad in ["a b", "a,b", "ü", "а", "١", "a\n", "😀", "Ａ"] {
            assert!(
                matches!(
                    Description::parse(bad),
                    Err(DescriptionError::Character { .. })
                ),
                "{bad:?}"
            );
        }
        assert_eq!(Description::parse(""), Err(DescriptionError::Empty));
        assert_eq!(
            Description::parse(&"测".repeat(81)),
            Err(DescriptionError::TooLong { chars: 81 })
        );
    }

    #[test]
    fn message_points_at_the_character() {
        assert_eq!(
            Description::parse("web 01").map_err(|e| e.to_string()),
            Err("description \"web 01\" contains \" \" at character 4; expected letters, digits, Chinese characters, \"-\", \"/\", \".\" and \"_\"".into())
        );
    }
}

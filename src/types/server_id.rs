//! [`ServerId`]: the id of an ECS instance, ENI or elastic container instance (R6).

use std::fmt;

use super::compact::Compact;
use super::{ServerType, Spacing};
use crate::text::{write_number, write_shown, CodePoint, WriteMessage};

/// The id of a backend server (rule R6 of the [rule book](crate::rule_book)): 1 to 128
/// characters without whitespace, control or format characters, and not a bare prefix. Its
/// prefix names its kind: `i-` an ECS instance, `eni-` an ENI, `eci-` an elastic container
/// instance.
///
/// ```
/// use clb_preflight::{ServerId, ServerType};
/// let id: ServerId = "eni-2ze3ykcbqm8kdaqv0l3q".parse()?;
/// assert_eq!(id.kind(), Some(ServerType::Eni));
/// // A bare prefix is no id, but it still names a kind (the type rules R11 to R13 use it).
/// assert!("eni-".parse::<ServerId>().is_err());
/// assert_eq!(ServerId::kind_of("eni-"), Some(ServerType::Eni));
/// # Ok::<(), clb_preflight::types::ServerIdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServerId(Compact);

/// Why a text is not a [`ServerId`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerIdError {
    /// The text is empty (reported as a missing parameter).
    Empty,
    /// The text holds whitespace or a control character.
    Spacing {
        /// The text as given.
        text: String,
        /// Which kind of character.
        spacing: Spacing,
    },
    /// The text holds a format character (Unicode Cf: invisible, or changing the direction of
    /// what follows, such as U+200B or U+202E).
    Format {
        /// The text as given.
        text: String,
        /// The first format character.
        character: char,
    },
    /// The text is a prefix (`i-`, `eni-`, `eci-`) and nothing after it: it names a kind of
    /// server but no server.
    OnlyPrefix {
        /// The kind the prefix names.
        kind: ServerType,
    },
    /// The text is longer than 128 characters.
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
}

impl WriteMessage for ServerIdError {
    fn write_message<W: fmt::Write + ?Sized>(&self, w: &mut W) -> fmt::Result {
        match self {
            ServerIdError::Empty => w.write_str("server id is empty"),
            ServerIdError::Spacing { text, spacing } => {
                w.write_str("server id ")?;
                write_shown(w, text)?;
                w.write_str(" contains ")?;
                w.write_str(spacing.as_str())?;
                w.write_str("; expected no whitespace or control characters")
            }
            ServerIdError::Format { text, character } => {
                w.write_str("server id ")?;
                write_shown(w, text)?;
                write!(
                    w,
                    " contains the format character {}",
                    CodePoint(*character)
                )?;
                w.write_str("; expected no invisible or direction-changing characters")
            }
            ServerIdError::OnlyPrefix { kind } => {
                w.write_str("server id ")?;
                write_shown(w, kind.id_prefix())?;
                w.write_str(" is only a prefix (of ")?;
                w.write_str(kind.describe())?;
                w.write_str("'s id); expected the id after it")
            }
            ServerIdError::TooLong { chars } => {
                w.write_str("server id is ")?;
                write_number(w, *chars as u64)?;
                w.write_str(" characters long; expected at most 128")
            }
        }
    }
}

impl fmt::Display for ServerIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_message(f)
    }
}

impl std::error::Error for ServerIdError {}

impl ServerId {
    /// The longest id, in characters.
    pub const MAX_CHARS: usize = 128;

    /// Parses a server id.
    ///
    /// # Errors
    /// [`ServerIdError::Empty`] for `""`; [`ServerIdError::Spacing`] for `"i-1 2"` or
    /// `"i-1\n"`; [`ServerIdError::Format`] for `"i-1\u{200b}"`;
    /// [`ServerIdError::OnlyPrefix`] for `"i-"`, `"eni-"`, `"eci-"`;
    /// [`ServerIdError::TooLong`] for 129 characters.
    pub fn parse(text: &str) -> Result<ServerId, ServerIdError> {
        if text.is_empty() {
            return Err(ServerIdError::Empty);
        }
        // The usual case in one pass: printable ASCII (no whitespace, control or format
        // character), one byte a character.
        if !(text.len() <= Self::MAX_CHARS && super::printable_ascii(text)) {
            if let Some(spacing) = Spacing::find(text) {
                return Err(ServerIdError::Spacing {
                    text: text.to_owned(),
                    spacing,
                });
            }
            if let Some(character) = crate::text::first_format_character(text) {
                return Err(ServerIdError::Format {
                    text: text.to_owned(),
                    character,
                });
            }
            let chars = if text.is_ascii() {
                text.len()
            } else {
                text.chars().count()
            };
            if chars > Self::MAX_CHARS {
                return Err(ServerIdError::TooLong { chars });
            }
        }
        if let Some(kind) = ServerType::ALL.into_iter().find(|t| t.id_prefix() == text) {
            return Err(ServerIdError::OnlyPrefix { kind });
        }
        Ok(ServerId(Compact::new(text)))
    }

    /// The kind of server that the prefix of `text` names (`i-`, `eni-`, `eci-`, compared byte
    /// for byte), whatever follows the prefix: also for a text that is no valid id, such as the
    /// bare prefix `"eni-"` or `"eni-1 2"`. This is what the type rules (R11 to R13) read.
    ///
    /// ```
    /// use clb_preflight::{ServerId, ServerType};
    /// assert_eq!(ServerId::kind_of("i-"), Some(ServerType::Ecs));
    /// assert_eq!(ServerId::kind_of("eci-1 2"), Some(ServerType::Eci));
    /// assert_eq!(ServerId::kind_of("ENI-1"), None);
    /// ```
    pub fn kind_of(text: &str) -> Option<ServerType> {
        kind_of_bytes(text.as_bytes())
    }

    /// Equal ids give equal fingerprints (see [`Compact::fingerprint`]).
    pub(crate) fn fingerprint(&self) -> u64 {
        self.0.fingerprint()
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The kind of server the prefix names, if it names one (`i-`, `eni-`, `eci-`; an id is
    /// never the bare prefix): [`ServerId::kind_of`] of the id.
    pub fn kind(&self) -> Option<ServerType> {
        // From the bytes: the inline text need not be checked as UTF-8 again for a prefix.
        kind_of_bytes(self.0.as_bytes())
    }
}

/// [`ServerId::kind_of`] of the text's bytes.
fn kind_of_bytes(bytes: &[u8]) -> Option<ServerType> {
    ServerType::ALL
        .into_iter()
        .find(|t| bytes.starts_with(t.id_prefix().as_bytes()))
}

impl fmt::Display for ServerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for ServerId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl super::AsText for ServerId {
    fn with_text<R>(&self, with: impl FnOnce(&str) -> R) -> R {
        with(self.as_str())
    }
}

super::text_traits!(ServerId, ServerIdError, "a server id");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_prefix() {
        let kind = |t: &str| ServerId::parse(t).ok().and_then(|id| id.kind());
        assert_eq!(kind("i-2zej4lxhjoq1icuo9x1z"), Some(ServerType::Ecs));
        assert_eq!(kind("eni-abc"), Some(ServerType::Eni));
        assert_eq!(kind("eci-abc"), Some(ServerType::Eci));
        assert_eq!(kind("ins-1"), None);
        assert_eq!(kind("I-abc"), None);
        assert_eq!(kind("x-i-1"), None);
        // The bare prefix is no id, but names its kind.
        for t in ServerType::ALL {
            assert_eq!(ServerId::kind_of(t.id_prefix()), Some(t));
        }
        assert_eq!(ServerId::kind_of("eni"), None);
        assert_eq!(ServerId::kind_of(""), None);
        assert_eq!(ServerId::kind_of("eni-\u{0}"), Some(ServerType::Eni));
    }

    #[test]
    fn rejects_a_bare_prefix_with_a_true_message() {
        for t in ServerType::ALL {
            assert_eq!(
                ServerId::parse(t.id_prefix()),
                Err(ServerIdError::OnlyPrefix { kind: t })
            );
        }
        assert_eq!(
            ServerId::parse("eni-").map_err(|e| e.to_string()),
            Err("server id \"eni-\" is only a prefix (of an elastic network interface's id); expected the id after it".into())
        );
        assert!(ServerId::parse("i-1").is_ok());
        assert!(ServerId::parse("eni").is_ok());
    }

    #[test]
    fn rejects_format_characters() {
        for c in [
            '\u{ad}',
            '\u{61c}',
            '\u{200b}',
            '\u{202e}',
            '\u{2069}',
            '\u{feff}',
            '\u{1d173}',
        ] {
            let text = format!("i-1{c}");
            assert_eq!(
                ServerId::parse(&text),
                Err(ServerIdError::Format {
                    text: text.clone(),
                    character: c
                })
            );
        }
        assert_eq!(
            ServerId::parse("i-\u{61c}1").map_err(|e| e.to_string()),
            Err("server id \"i-\\u{61c}1\" contains the format character U+061C; expected no invisible or direction-changing characters".into())
        );
    }

    #[test]
    fn rejects_empty_spacing_and_long() {
        assert_eq!(ServerId::parse(""), Err(ServerIdError::Empty));
        assert_eq!(
            ServerId::parse("i-1 2").map_err(|e| e.to_string()),
            Err("server id \"i-1 2\" contains whitespace; expected no whitespace or control characters".into())
        );
        assert!(ServerId::parse("i-1\u{0}").is_err());
        assert!(ServerId::parse("i-1\u{3000}").is_err());
        assert!(ServerId::parse(&"x".repeat(128)).is_ok());
        assert_eq!(
            ServerId::parse(&"é".repeat(129)),
            Err(ServerIdError::TooLong { chars: 129 })
        );
    }
}

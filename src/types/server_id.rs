//! [`ServerId`]: the id of an ECS instance, ENI or elastic container instance (R6).

use std::fmt;

use super::compact::Compact;
use super::{ServerType, Spacing};
use crate::text::Shown;

/// The id of a backend server: 1 to 128 characters without whitespace or control characters.
/// Its prefix names its kind: `i-` an ECS instance, `eni-` an ENI, `eci-` an elastic container
/// instance.
///
/// ```
/// use clb_preflight::{ServerId, ServerType};
/// let id: ServerId = "eni-2ze3ykcbqm8kdaqv0l3q".parse()?;
/// assert_eq!(id.kind(), Some(ServerType::Eni));
/// # Ok::<(), clb_preflight::ServerIdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServerId(Compact);

/// Why a text is not a [`ServerId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ServerIdError {
    /// The text is empty (reported as a missing parameter).
    #[error("server id is empty")]
    Empty,
    /// The text holds whitespace or a control character.
    #[error("server id {} contains {spacing}; expected no whitespace or control characters", Shown(.text))]
    Spacing {
        /// The text as given.
        text: String,
        /// Which kind of character.
        spacing: Spacing,
    },
    /// The text is longer than 128 characters.
    #[error("server id is {chars} characters long; expected at most 128")]
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
}

impl ServerId {
    /// The longest id, in characters.
    pub const MAX_CHARS: usize = 128;

    /// Parses a server id.
    ///
    /// # Errors
    /// [`ServerIdError::Empty`] for `""`; [`ServerIdError::Spacing`] for `"i-1 2"` or
    /// `"i-1\n"`; [`ServerIdError::TooLong`] for 129 characters.
    pub fn parse(text: &str) -> Result<ServerId, ServerIdError> {
        if text.is_empty() {
            return Err(ServerIdError::Empty);
        }
        // The usual case in one pass: printable ASCII (no whitespace or control character),
        // one byte a character.
        if text.len() <= Self::MAX_CHARS && super::printable_ascii(text) {
            return Ok(ServerId(Compact::new(text)));
        }
        if let Some(spacing) = Spacing::find(text) {
            return Err(ServerIdError::Spacing {
                text: text.to_owned(),
                spacing,
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
        Ok(ServerId(Compact::new(text)))
    }

    /// Equal ids give equal fingerprints (see [`Compact::fingerprint`]).
    pub(crate) fn fingerprint(&self) -> u64 {
        self.0.fingerprint()
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The kind of server the prefix names, if it names one (`i-`, `eni-`, `eci-`, each followed
    /// by at least one character).
    pub fn kind(&self) -> Option<ServerType> {
        let id = self.0.as_bytes();
        ServerType::ALL.into_iter().find(|t| {
            id.strip_prefix(t.id_prefix().as_bytes())
                .is_some_and(|rest| !rest.is_empty())
        })
    }
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
        assert_eq!(kind("i-"), None);
        assert_eq!(kind("ins-1"), None);
        assert_eq!(kind("I-abc"), None);
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

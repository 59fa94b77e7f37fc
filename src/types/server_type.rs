//! [`ServerType`]: `ecs`, `eni` or `eci` (R10).

use std::fmt;

use crate::text::{write_shown, WriteAbout, WriteMessage};

/// The kind of a backend server, as the `Type` field names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[non_exhaustive]
pub enum ServerType {
    /// `ecs`: an ECS instance (the default).
    #[default]
    Ecs,
    /// `eni`: an elastic network interface.
    Eni,
    /// `eci`: an elastic container instance.
    Eci,
}

/// Why a text is not a [`ServerType`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerTypeError {
    /// A type word in another letter case, such as `ECS`: the API takes only lower case.
    WrongCase {
        /// The text as given.
        text: String,
        /// The spelling the API takes.
        expected: ServerType,
    },
    /// Any other text.
    Unknown {
        /// The text as given.
        text: String,
    },
}

impl WriteMessage for ServerTypeError {
    fn write_message<W: fmt::Write + ?Sized>(&self, w: &mut W) -> fmt::Result {
        let (ServerTypeError::WrongCase { text, .. } | ServerTypeError::Unknown { text }) = self;
        self.write_about(text, w)
    }
}

impl WriteAbout for ServerTypeError {
    fn with_text(self, text: &str) -> ServerTypeError {
        let text = text.to_owned();
        match self {
            ServerTypeError::WrongCase { expected, .. } => {
                ServerTypeError::WrongCase { text, expected }
            }
            ServerTypeError::Unknown { .. } => ServerTypeError::Unknown { text },
        }
    }

    fn write_about<W: fmt::Write + ?Sized>(&self, text: &str, w: &mut W) -> fmt::Result {
        match self {
            ServerTypeError::WrongCase { expected, .. } => {
                w.write_str("type ")?;
                write_shown(w, text)?;
                w.write_str(" is not a server type; expected ")?;
                write_shown(w, expected.as_str())
            }
            ServerTypeError::Unknown { .. } => {
                w.write_str("type ")?;
                write_shown(w, text)?;
                w.write_str(" is not a server type; expected \"ecs\", \"eni\" or \"eci\"")
            }
        }
    }
}

impl fmt::Display for ServerTypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_message(f)
    }
}

impl std::error::Error for ServerTypeError {}

impl ServerType {
    /// Every type, in the order the API documents them.
    pub const ALL: [ServerType; 3] = [ServerType::Ecs, ServerType::Eni, ServerType::Eci];

    /// Parses exactly `ecs`, `eni` or `eci`, byte for byte.
    ///
    /// # Errors
    /// [`ServerTypeError::WrongCase`] for `ECS`, `Eni`; [`ServerTypeError::Unknown`] for `vm`,
    /// `ecs ` or `""`.
    pub fn parse(text: &str) -> Result<ServerType, ServerTypeError> {
        ServerType::judge(text).map_err(|e| e.with_text(text))
    }

    /// [`ServerType::parse`] judged in place: the error keeps no copy of the text.
    pub(crate) fn judge(text: &str) -> Result<ServerType, ServerTypeError> {
        for t in Self::ALL {
            if text == t.as_str() {
                return Ok(t);
            }
        }
        match Self::ALL
            .into_iter()
            .find(|t| text.eq_ignore_ascii_case(t.as_str()))
        {
            Some(expected) => Err(ServerTypeError::WrongCase {
                text: String::new(),
                expected,
            }),
            None => Err(ServerTypeError::Unknown {
                text: String::new(),
            }),
        }
    }

    /// The word the API takes: `ecs`, `eni` or `eci`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ServerType::Ecs => "ecs",
            ServerType::Eni => "eni",
            ServerType::Eci => "eci",
        }
    }

    /// The kind of server, in words: `an ECS instance`.
    pub const fn describe(self) -> &'static str {
        match self {
            ServerType::Ecs => "an ECS instance",
            ServerType::Eni => "an elastic network interface",
            ServerType::Eci => "an elastic container instance",
        }
    }

    /// The `ServerId` prefix of this kind of server: `i-`, `eni-`, `eci-`.
    pub const fn id_prefix(self) -> &'static str {
        match self {
            ServerType::Ecs => "i-",
            ServerType::Eni => "eni-",
            ServerType::Eci => "eci-",
        }
    }

    /// Whether a server of this type is identified by its id and IP together (R18), and needs
    /// a `ServerIp` (R13).
    pub const fn keyed_by_ip(self) -> bool {
        matches!(self, ServerType::Eni | ServerType::Eci)
    }
}

impl fmt::Display for ServerType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl super::AsText for ServerType {
    fn with_text<R>(&self, with: impl FnOnce(&str) -> R) -> R {
        with(self.as_str())
    }
}

super::text_traits!(ServerType, ServerTypeError, "\"ecs\", \"eni\" or \"eci\"");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_words_only() {
        for t in ServerType::ALL {
            assert_eq!(ServerType::parse(t.as_str()), Ok(t));
            assert_eq!(t.to_string().parse::<ServerType>(), Ok(t));
        }
        assert_eq!(
            ServerType::parse("ECS").map_err(|e| e.to_string()),
            Err("type \"ECS\" is not a server type; expected \"ecs\"".into())
        );
        // Unicode case folding must not make a match: KELVIN SIGN is not "k".
        assert!(matches!(
            ServerType::parse("ecſ"),
            Err(ServerTypeError::Unknown { .. })
        ));
        assert!(ServerType::parse("ecs ").is_err());
        assert!(ServerType::parse("").is_err());
    }
}

//! [`VServerGroupId`]: the id of a vServer group (R35), read as a load balancer's id is (R1).

use std::fmt;

use super::compact::Compact;

use super::Spacing;
use crate::text::{CodePoint, Shown};

/// The id of a vServer group (rule R35 of the [rule book](crate::rule_book)), judged as a load
/// balancer's id is (R1): non-empty, without whitespace, control or format characters, and not
/// the bare prefix `rsp-`. Real ids look like `rsp-` and lowercase letters and digits; an id
/// without that prefix is accepted with a warning, and
/// [`has_standard_prefix`](VServerGroupId::has_standard_prefix) tells it apart.
///
/// ```
/// use clb_preflight::types::VServerGroupId;
/// let id: VServerGroupId = "rsp-2ze1abcd5v3kxq".parse()?;
/// assert!(id.has_standard_prefix());
/// assert!("rsp-".parse::<VServerGroupId>().is_err());
/// assert!("rsp 1".parse::<VServerGroupId>().is_err());
/// # Ok::<(), clb_preflight::types::VServerGroupIdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VServerGroupId(Compact);

/// Why a text is not a [`VServerGroupId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VServerGroupIdError {
    /// The text is empty (reported as a missing parameter).
    #[error("vserver group id is empty")]
    Empty,
    /// The text holds whitespace or a control character.
    #[error("vserver group id {} contains {spacing}; expected no whitespace or control characters", Shown(.text))]
    Spacing {
        /// The text as given.
        text: String,
        /// Which kind of character.
        spacing: Spacing,
    },
    /// The text holds a format character (Unicode Cf).
    #[error("vserver group id {} contains the format character {}; expected no invisible or direction-changing characters", Shown(.text), CodePoint(*.character))]
    Format {
        /// The text as given.
        text: String,
        /// The first format character.
        character: char,
    },
    /// The text is the prefix `rsp-` and nothing after it: it names no group.
    #[error("vserver group id \"rsp-\" is only the prefix; expected an id after it, such as \"rsp-2ze1abcd5v3kxq\"")]
    OnlyPrefix,
}

impl VServerGroupId {
    /// The prefix of every vServer group id (master-slave groups' ids share it).
    pub const PREFIX: &'static str = "rsp-";

    /// Parses a vServer group id.
    ///
    /// # Errors
    /// [`VServerGroupIdError::Empty`] for `""`; [`VServerGroupIdError::Spacing`] for `"rsp-1 2"`;
    /// [`VServerGroupIdError::Format`] for `"rsp-1\u{200b}"`; [`VServerGroupIdError::OnlyPrefix`]
    /// for `"rsp-"`.
    pub fn parse(text: &str) -> Result<VServerGroupId, VServerGroupIdError> {
        if text.is_empty() {
            return Err(VServerGroupIdError::Empty);
        }
        if let Some(spacing) = Spacing::find(text) {
            return Err(VServerGroupIdError::Spacing {
                text: text.to_owned(),
                spacing,
            });
        }
        if let Some(character) = crate::text::first_format_character(text) {
            return Err(VServerGroupIdError::Format {
                text: text.to_owned(),
                character,
            });
        }
        if text == Self::PREFIX {
            return Err(VServerGroupIdError::OnlyPrefix);
        }
        Ok(VServerGroupId(Compact::new(text)))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Whether the id starts with `rsp-` (an id is never the bare prefix).
    pub fn has_standard_prefix(&self) -> bool {
        self.0.as_str().starts_with(Self::PREFIX)
    }
}

impl fmt::Display for VServerGroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl AsRef<str> for VServerGroupId {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

impl super::AsText for VServerGroupId {
    fn with_text<R>(&self, with: impl FnOnce(&str) -> R) -> R {
        with(self.as_str())
    }
}

super::text_traits!(VServerGroupId, VServerGroupIdError, "a vserver group id");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judged_as_a_load_balancer_id_is() {
        assert_eq!(VServerGroupId::parse(""), Err(VServerGroupIdError::Empty));
        assert_eq!(
            VServerGroupId::parse("rsp-"),
            Err(VServerGroupIdError::OnlyPrefix)
        );
        assert!(matches!(
            VServerGroupId::parse("rsp-1 2"),
            Err(VServerGroupIdError::Spacing {
                spacing: Spacing::Whitespace,
                ..
            })
        ));
        assert!(matches!(
            VServerGroupId::parse("rsp-\u{202e}1"),
            Err(VServerGroupIdError::Format {
                character: '\u{202e}',
                ..
            })
        ));
        assert!(VServerGroupId::parse("rsp-1").is_ok_and(|id| id.has_standard_prefix()));
        // Its text, as shown and as borrowed, is the text read.
        let id = VServerGroupId::parse("rsp-2ze1").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (id.to_string().as_str(), id.as_ref()),
            ("rsp-2ze1", "rsp-2ze1")
        );
        assert!(VServerGroupId::parse("RSP-1").is_ok_and(|id| !id.has_standard_prefix()));
        assert_eq!(
            VServerGroupId::parse("rsp-\t").map_err(|e| e.to_string()),
            Err("vserver group id \"rsp-\\t\" contains whitespace; expected no whitespace or control characters".into())
        );
    }
}

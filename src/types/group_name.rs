//! [`GroupName`]: the name of a vServer group or a master-slave server group (R36).

use std::fmt;

use super::compact::Compact;
use super::{Description, DescriptionError};
use crate::text::{WriteAbout, WriteMessage};

/// The name of a server group (`VServerGroupName`, `MasterSlaveServerGroupName`): 1 to 80
/// characters of the class a backend server's [`Description`] takes (ASCII letters and digits,
/// `-`, `/`, `.`, `_`, Chinese characters). Length counts characters.
///
/// ```
/// use clb_preflight::types::GroupName;
/// assert!("k8s/30080/nginx/default/c8f3e1".parse::<GroupName>().is_ok());
/// assert!("web group".parse::<GroupName>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupName(Compact);

/// Why a text is not a [`GroupName`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GroupNameError {
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

impl WriteMessage for GroupNameError {
    fn write_message<W: fmt::Write + ?Sized>(&self, w: &mut W) -> fmt::Result {
        match self {
            GroupNameError::Character { text, .. } => self.write_about(text, w),
            GroupNameError::Empty | GroupNameError::TooLong { .. } => self.write_about("", w),
        }
    }
}

impl WriteAbout for GroupNameError {
    fn with_text(self, text: &str) -> GroupNameError {
        match self {
            GroupNameError::Character {
                found, position, ..
            } => GroupNameError::Character {
                text: text.to_owned(),
                found,
                position,
            },
            other => other,
        }
    }

    fn write_about<W: fmt::Write + ?Sized>(&self, text: &str, w: &mut W) -> fmt::Result {
        let as_description = match *self {
            GroupNameError::Empty => DescriptionError::Empty,
            GroupNameError::TooLong { chars } => DescriptionError::TooLong { chars },
            GroupNameError::Character {
                found, position, ..
            } => DescriptionError::Character {
                text: String::new(),
                found,
                position,
            },
        };
        as_description.write_named("group name", "parameter", text, w)
    }
}

impl fmt::Display for GroupNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_message(f)
    }
}

impl std::error::Error for GroupNameError {}

impl GroupName {
    /// The longest name, in characters.
    pub const MAX_CHARS: usize = 80;

    /// Parses a group name.
    ///
    /// # Errors
    /// [`GroupNameError::Empty`] for `""`; [`GroupNameError::TooLong`] for 81 characters;
    /// [`GroupNameError::Character`] for `"a b"`.
    pub fn parse(text: &str) -> Result<GroupName, GroupNameError> {
        GroupName::judge(text).map_err(|e| e.with_text(text))
    }

    /// [`GroupName::parse`] judged in place: the error keeps no copy of the text.
    pub(crate) fn judge(text: &str) -> Result<GroupName, GroupNameError> {
        // The description's class and length: its judge, its fast path included.
        match Description::judge(text) {
            Ok(description) => Ok(GroupName(description.0)),
            Err(DescriptionError::Empty) => Err(GroupNameError::Empty),
            Err(DescriptionError::TooLong { chars }) => Err(GroupNameError::TooLong { chars }),
            Err(DescriptionError::Character {
                found, position, ..
            }) => Err(GroupNameError::Character {
                text: String::new(),
                found,
                position,
            }),
        }
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for GroupName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl super::AsText for GroupName {
    fn with_text<R>(&self, with: impl FnOnce(&str) -> R) -> R {
        with(self.as_str())
    }
}

super::text_traits!(GroupName, GroupNameError, "a server group name");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_class_one_to_eighty() {
        for ok in ["Group1", "k8s/443/web/prod/c1", "测试组", &"x".repeat(80)] {
            let name = GroupName::parse(ok).unwrap_or_else(|e| panic!("{ok:?}: {e}"));
            assert_eq!(name.to_string(), ok);
        }
        assert_eq!(GroupName::parse(""), Err(GroupNameError::Empty));
        assert_eq!(
            GroupName::parse(&"x".repeat(81)),
            Err(GroupNameError::TooLong { chars: 81 })
        );
        assert_eq!(
            GroupName::parse("web group").map_err(|e| e.to_string()),
            Err("group name \"web group\" contains \" \" at character 4; expected letters, digits, Chinese characters, \"-\", \"/\", \".\" and \"_\"".into())
        );
        assert_eq!(
            GroupName::parse(&"测".repeat(81)).map_err(|e| e.to_string()),
            Err("group name is 81 characters long; expected 1 to 80".into())
        );
    }
}

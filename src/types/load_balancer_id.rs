//! [`LoadBalancerId`]: the id of a CLB instance (R1).

use std::fmt;

use super::compact::Compact;

use super::Spacing;
use crate::text::{CodePoint, Shown};

/// The id of a CLB instance (rule R1 of the [rule book](crate::rule_book)): non-empty, without
/// whitespace, control or format characters, and not the bare prefix `lb-`. Real ids look like
/// `lb-` and 21 lowercase letters and digits; an id without that prefix is accepted (legacy ids
/// exist) and [`has_standard_prefix`](LoadBalancerId::has_standard_prefix) tells it apart.
///
/// ```
/// use clb_preflight::LoadBalancerId;
/// let id: LoadBalancerId = "lb-2ze7o5h52g02kkzze7lru".parse()?;
/// assert!(id.has_standard_prefix());
/// assert!("lb- 1".parse::<LoadBalancerId>().is_err());
/// assert!("lb-".parse::<LoadBalancerId>().is_err());
/// # Ok::<(), clb_preflight::types::LoadBalancerIdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LoadBalancerId(Compact);

/// Why a text is not a [`LoadBalancerId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadBalancerIdError {
    /// The text is empty (reported as a missing parameter).
    #[error("load balancer id is empty")]
    Empty,
    /// The text holds whitespace or a control character.
    #[error("load balancer id {} contains {spacing}; expected no whitespace or control characters", Shown(.text))]
    Spacing {
        /// The text as given.
        text: String,
        /// Which kind of character.
        spacing: Spacing,
    },
    /// The text holds a format character (Unicode Cf: invisible, or changing the direction of
    /// what follows, such as U+200B or U+202E).
    #[error("load balancer id {} contains the format character {}; expected no invisible or direction-changing characters", Shown(.text), CodePoint(*.character))]
    Format {
        /// The text as given.
        text: String,
        /// The first format character.
        character: char,
    },
    /// The text is the prefix `lb-` and nothing after it: it names no load balancer.
    #[error("load balancer id \"lb-\" is only the prefix; expected an id after it, such as \"lb-2ze7o5h52g02kkzze7lru\"")]
    OnlyPrefix,
}

impl LoadBalancerId {
    /// The prefix of every current load balancer id.
    pub const PREFIX: &'static str = "lb-";

    /// Parses a load balancer id.
    ///
    /// # Errors
    /// [`LoadBalancerIdError::Empty`] for `""`; [`LoadBalancerIdError::Spacing`] for `" "`,
    /// `"lb-1 2"`, `"lb-1\t"`; [`LoadBalancerIdError::Format`] for `"lb-1\u{200b}"`;
    /// [`LoadBalancerIdError::OnlyPrefix`] for `"lb-"`.
    pub fn parse(text: &str) -> Result<LoadBalancerId, LoadBalancerIdError> {
        if text.is_empty() {
            return Err(LoadBalancerIdError::Empty);
        }
        if let Some(spacing) = Spacing::find(text) {
            return Err(LoadBalancerIdError::Spacing {
                text: text.to_owned(),
                spacing,
            });
        }
        if let Some(character) = crate::text::first_format_character(text) {
            return Err(LoadBalancerIdError::Format {
                text: text.to_owned(),
                character,
            });
        }
        if text == Self::PREFIX {
            return Err(LoadBalancerIdError::OnlyPrefix);
        }
        Ok(LoadBalancerId(Compact::new(text)))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Whether the id starts with `lb-` (an id is never the bare prefix).
    pub fn has_standard_prefix(&self) -> bool {
        self.0.as_str().starts_with(Self::PREFIX)
    }
}

impl fmt::Display for LoadBalancerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

impl AsRef<str> for LoadBalancerId {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

impl super::AsText for LoadBalancerId {
    fn with_text<R>(&self, with: impl FnOnce(&str) -> R) -> R {
        with(self.as_str())
    }
}

super::text_traits!(LoadBalancerId, LoadBalancerIdError, "a load balancer id");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_legacy_ids_without_prefix() {
        let id = LoadBalancerId::parse("1234abcd");
        assert!(id.is_ok_and(|id| !id.has_standard_prefix()));
        assert!(LoadBalancerId::parse("lb-1").is_ok_and(|id| id.has_standard_prefix()));
        assert!(LoadBalancerId::parse("LB-1").is_ok_and(|id| !id.has_standard_prefix()));
    }

    #[test]
    fn rejects_the_bare_prefix_with_a_true_message() {
        let e = LoadBalancerId::parse("lb-");
        assert_eq!(e, Err(LoadBalancerIdError::OnlyPrefix));
        assert_eq!(
            e.map_err(|e| e.to_string()),
            Err("load balancer id \"lb-\" is only the prefix; expected an id after it, such as \"lb-2ze7o5h52g02kkzze7lru\"".into())
        );
    }

    #[test]
    fn rejects_format_characters() {
        for c in [
            '\u{ad}',
            '\u{61c}',
            '\u{200b}',
            '\u{202e}',
            '\u{2066}',
            '\u{feff}',
            '\u{e0041}',
        ] {
            let text = format!("lb-1{c}2");
            assert_eq!(
                LoadBalancerId::parse(&text),
                Err(LoadBalancerIdError::Format {
                    text: text.clone(),
                    character: c
                })
            );
        }
        assert_eq!(
            LoadBalancerId::parse("lb-\u{200b}").map_err(|e| e.to_string()),
            Err("load balancer id \"lb-\\u{200b}\" contains the format character U+200B; expected no invisible or direction-changing characters".into())
        );
        // Line and paragraph separators are whitespace.
        assert!(matches!(
            LoadBalancerId::parse("lb-\u{2028}"),
            Err(LoadBalancerIdError::Spacing { .. })
        ));
    }

    #[test]
    fn rejects_empty_and_spacing() {
        assert_eq!(LoadBalancerId::parse(""), Err(LoadBalancerIdError::Empty));
        for bad in [" ", "lb-1 2", "lb-1\t", "\u{7f}", "lb-\u{85}"] {
            assert!(
                matches!(
                    LoadBalancerId::parse(bad),
                    Err(LoadBalancerIdError::Spacing { .. })
                ),
                "{bad:?}"
            );
        }
    }
}

//! [`LoadBalancerId`]: the id of a CLB instance (R1).

use std::fmt;

use super::Spacing;
use crate::text::Shown;

/// The id of a CLB instance: non-empty, without whitespace or control characters. Real ids look
/// like `lb-` and 21 lowercase letters and digits; an id without that prefix is accepted (legacy
/// ids exist) and [`has_standard_prefix`](LoadBalancerId::has_standard_prefix) tells it apart.
///
/// ```
/// use clb_preflight::LoadBalancerId;
/// let id: LoadBalancerId = "lb-2ze7o5h52g02kkzze7lru".parse()?;
/// assert!(id.has_standard_prefix());
/// assert!("lb- 1".parse::<LoadBalancerId>().is_err());
/// # Ok::<(), clb_preflight::LoadBalancerIdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LoadBalancerId(String);

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
}

impl LoadBalancerId {
    /// The prefix of every current load balancer id.
    pub const PREFIX: &'static str = "lb-";

    /// Parses a load balancer id.
    ///
    /// # Errors
    /// [`LoadBalancerIdError::Empty`] for `""`; [`LoadBalancerIdError::Spacing`] for `" "`,
    /// `"lb-1 2"`, `"lb-1\t"`.
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
        Ok(LoadBalancerId(text.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the id starts with `lb-` and has more after it.
    pub fn has_standard_prefix(&self) -> bool {
        self.0.len() > Self::PREFIX.len() && self.0.starts_with(Self::PREFIX)
    }
}

impl fmt::Display for LoadBalancerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for LoadBalancerId {
    fn as_ref(&self) -> &str {
        &self.0
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
        assert!(LoadBalancerId::parse("lb-").is_ok_and(|id| !id.has_standard_prefix()));
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

//! [`RegionId`]: a region id such as `cn-beijing` (R2).

use std::fmt;

use crate::text::Shown;

/// A region id: lowercase ASCII words joined by `-`, the first of letters only, at least two
/// words (`cn-beijing`, `ap-southeast-1`, `cn-shanghai-finance-1`).
///
/// ```
/// use clb_preflight::RegionId;
/// assert!("cn-shanghai-finance-1".parse::<RegionId>().is_ok());
/// assert!("CN-Beijing".parse::<RegionId>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionId(String);

/// Why a text is not a [`RegionId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegionIdError {
    /// The text is not of the form `word-word…`.
    #[error("region id {} is not a region id; expected lowercase words joined by \"-\", such as \"cn-beijing\"", Shown(.text))]
    Malformed {
        /// The text as given.
        text: String,
    },
}

impl RegionId {
    /// Parses a region id.
    ///
    /// # Errors
    /// [`RegionIdError::Malformed`] for `""`, `"beijing"`, `"CN-Beijing"`, `"cn_beijing"`,
    /// `"cn--beijing"`, `"cn-beijing-"`, `"1-cn"`.
    pub fn parse(text: &str) -> Result<RegionId, RegionIdError> {
        let mut words = text.split('-');
        let first_ok = words
            .next()
            .is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()));
        let mut rest = 0usize;
        let rest_ok = words.all(|w| {
            rest += 1;
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        if first_ok && rest_ok && rest > 0 {
            Ok(RegionId(text.to_owned()))
        } else {
            Err(RegionIdError::Malformed {
                text: text.to_owned(),
            })
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RegionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl super::AsText for RegionId {
    fn with_text<R>(&self, with: impl FnOnce(&str) -> R) -> R {
        with(self.as_str())
    }
}

super::text_traits!(RegionId, RegionIdError, "a region id");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_joined_by_dashes() {
        for ok in [
            "cn-beijing",
            "ap-southeast-1",
            "cn-shanghai-finance-1",
            "us-east-1",
        ] {
            assert_eq!(
                RegionId::parse(ok).map(|r| r.to_string()).ok().as_deref(),
                Some(ok)
            );
        }
        for bad in [
            "",
            "beijing",
            "CN-Beijing",
            "cn_beijing",
            "cn--beijing",
            "cn-beijing-",
            "-cn",
            "1-cn",
            "cn-beijing ",
            "сn-beijing",
        ] {
            assert!(RegionId::parse(bad).is_err(), "{bad:?}");
        }
    }
}

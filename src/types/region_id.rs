//! [`RegionId`]: a region id such as `cn-beijing` (R2).

use std::fmt;

use super::compact::Compact;

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
pub struct RegionId(Compact);

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
        // One pass over the bytes: words of lowercase letters (the first) or lowercase letters
        // and digits (the others), joined by single dashes, at least two words.
        let mut words = 1usize;
        let mut word_len = 0usize;
        let mut ok = true;
        for &b in text.as_bytes() {
            match b {
                b'-' => {
                    ok &= word_len > 0;
                    words += 1;
                    word_len = 0;
                }
                b'a'..=b'z' => word_len += 1,
                b'0'..=b'9' => {
                    ok &= words > 1;
                    word_len += 1;
                }
                _ => ok = false,
            }
        }
        if ok && word_len > 0 && words > 1 {
            Ok(RegionId(Compact::new(text)))
        } else {
            Err(RegionIdError::Malformed {
                text: text.to_owned(),
            })
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for RegionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
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

    #[test]
    fn the_one_pass_reading_is_the_grammar() {
        // Every text of up to six characters over a small alphabet, against the grammar
        // written word by word.
        let grammar = |text: &str| {
            let mut words = text.split('-');
            let first = words
                .next()
                .is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()));
            let rest: Vec<&str> = words.collect();
            first
                && !rest.is_empty()
                && rest.iter().all(|w| {
                    !w.is_empty()
                        && w.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                })
        };
        let alphabet = ['a', '1', '-', 'A', '_'];
        let mut texts = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|t| t.len() == texts.last().map_or(0, String::len))
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        for text in &texts {
            assert_eq!(RegionId::parse(text).is_ok(), grammar(text), "{text:?}");
        }
    }
}

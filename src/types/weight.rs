//! [`Weight`]: a backend server's weight, 0 to 100 (R7, R8).

use std::fmt;

use super::decimal::{self, DecimalError};
use crate::text::{write_escaped, write_shown, WriteAbout, WriteMessage};

/// A backend server's weight: an integer from 0 to 100. Weight 0 sends the server no requests.
///
/// ```
/// use clb_preflight::Weight;
/// let w: Weight = "80".parse()?;
/// assert_eq!(w.get(), 80);
/// assert!("101".parse::<Weight>().is_err());
/// # Ok::<(), clb_preflight::types::WeightError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Weight(u8);

/// Why a value is not a [`Weight`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WeightError {
    /// The text is not a plain decimal integer (`+5`, `5.0`, `05`, `1e2`).
    NotDecimal {
        /// The text as given.
        text: String,
        /// What is wrong with it.
        why: DecimalError,
    },
    /// The number is above 100.
    AboveMaximum {
        /// The number as given.
        text: String,
    },
}

impl WriteMessage for WeightError {
    fn write_message<W: fmt::Write + ?Sized>(&self, w: &mut W) -> fmt::Result {
        let (WeightError::NotDecimal { text, .. } | WeightError::AboveMaximum { text }) = self;
        self.write_about(text, w)
    }
}

impl WriteAbout for WeightError {
    fn with_text(self, text: &str) -> WeightError {
        match self {
            WeightError::NotDecimal { why, .. } => WeightError::NotDecimal {
                text: text.to_owned(),
                why,
            },
            WeightError::AboveMaximum { .. } => WeightError::AboveMaximum {
                text: text.to_owned(),
            },
        }
    }

    fn write_about<W: fmt::Write + ?Sized>(&self, text: &str, w: &mut W) -> fmt::Result {
        match self {
            WeightError::NotDecimal { why, .. } => {
                w.write_str("weight ")?;
                write_shown(w, text)?;
                w.write_str(" is not a plain decimal integer: ")?;
                why.write_message(w)?;
                w.write_str("; expected 0 to 100")
            }
            WeightError::AboveMaximum { .. } => {
                w.write_str("weight ")?;
                write_escaped(w, text)?;
                w.write_str(" is above the maximum 100")
            }
        }
    }
}

impl fmt::Display for WeightError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_message(f)
    }
}

impl std::error::Error for WeightError {}

impl Weight {
    /// The lowest weight: the server receives no requests.
    pub const MIN: Weight = Weight(0);
    /// The highest weight.
    pub const MAX: Weight = Weight(100);
    /// The weight the API applies when none is given.
    pub const DEFAULT: Weight = Weight(100);

    /// The weight `value`.
    ///
    /// # Errors
    /// [`WeightError::AboveMaximum`] for 101 and above.
    pub fn new(value: u64) -> Result<Weight, WeightError> {
        match u8::try_from(value) {
            Ok(v) if v <= Self::MAX.0 => Ok(Weight(v)),
            _ => Err(WeightError::AboveMaximum {
                text: value.to_string(),
            }),
        }
    }

    /// Parses plain ASCII decimal text: `"0"` to `"100"`.
    ///
    /// # Errors
    /// [`WeightError::NotDecimal`] for `"+5"`, `" 5"`, `"5.0"`, `"1e2"`, `"05"`, `"５"`, `""`;
    /// [`WeightError::AboveMaximum`] for `"101"`.
    pub fn parse(text: &str) -> Result<Weight, WeightError> {
        Weight::judge(text).map_err(|e| e.with_text(text))
    }

    /// [`Weight::parse`] judged in place: the error keeps no copy of the text.
    pub(crate) fn judge(text: &str) -> Result<Weight, WeightError> {
        let value = decimal::parse(text).map_err(|why| WeightError::NotDecimal {
            text: String::new(),
            why,
        })?;
        Weight::new_checked(value).ok_or(WeightError::AboveMaximum {
            text: String::new(),
        })
    }

    /// The weight `value`, when it is one.
    fn new_checked(value: u64) -> Option<Weight> {
        u8::try_from(value)
            .ok()
            .filter(|v| *v <= Self::MAX.0)
            .map(Weight)
    }

    /// The weight as a number.
    pub const fn get(self) -> u8 {
        self.0
    }

    /// Whether this weight sends the server no requests (R8).
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl Default for Weight {
    fn default() -> Weight {
        Weight::DEFAULT
    }
}

impl fmt::Display for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl From<Weight> for u8 {
    fn from(w: Weight) -> u8 {
        w.0
    }
}

super::text_traits!(Weight, WeightError, "a weight from 0 to 100", number);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_zero_to_hundred() {
        assert_eq!(Weight::parse("0").map(Weight::get), Ok(0));
        assert_eq!(Weight::parse("100").map(Weight::get), Ok(100));
        assert_eq!(Weight::default(), Weight::DEFAULT);
        assert!(Weight::parse("0").is_ok_and(Weight::is_zero));
    }

    #[test]
    fn messages_say_found_and_expected() {
        let msg = |t: &str| Weight::parse(t).err().map(|e| e.to_string());
        assert_eq!(
            msg("101").as_deref(),
            Some("weight 101 is above the maximum 100")
        );
        assert_eq!(
            msg("+5").as_deref(),
            Some("weight \"+5\" is not a plain decimal integer: it has a sign; expected 0 to 100")
        );
        assert_eq!(
            msg("18446744073709551616").as_deref(),
            Some("weight 18446744073709551616 is above the maximum 100")
        );
    }

    #[test]
    fn every_entry_point_agrees() {
        for text in ["0", "55", "100", "101", "-1", "05", "x"] {
            let parsed = Weight::parse(text);
            assert_eq!(text.parse::<Weight>(), parsed);
            assert_eq!(Weight::try_from(text), parsed);
            let json = format!("\"{text}\"");
            assert_eq!(
                serde_json::from_str::<Weight>(&json).ok(),
                parsed.clone().ok()
            );
            if let Ok(w) = parsed {
                assert_eq!(w.to_string(), text);
                assert_eq!(serde_json::to_string(&w).ok(), Some(json));
                assert_eq!(serde_json::from_str::<Weight>(text).ok(), Some(w));
                assert_eq!(Weight::try_from(u64::from(w.get())), Ok(w));
            }
        }
        assert!(serde_json::from_str::<Weight>("101").is_err());
        assert!(serde_json::from_str::<Weight>("-1").is_err());
    }
}

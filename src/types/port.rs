//! [`Port`]: a backend port, 1 to 65535 (R16).

use std::fmt;
use std::num::NonZeroU16;

use super::decimal::{self, DecimalError};
use crate::text::{write_escaped, write_shown, WriteAbout, WriteMessage};

/// A backend port: an integer from 1 to 65535. `Option<Port>` costs no more than a `u16`.
///
/// ```
/// use clb_preflight::Port;
/// assert_eq!("8080".parse::<Port>()?.get(), 8080);
/// assert!("0".parse::<Port>().is_err());
/// assert!("080".parse::<Port>().is_err());
/// # Ok::<(), clb_preflight::types::PortError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Port(NonZeroU16);

/// Why a value is not a [`Port`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PortError {
    /// The text is not a plain decimal integer.
    NotDecimal {
        /// The text as given.
        text: String,
        /// What is wrong with it.
        why: DecimalError,
    },
    /// The port is 0.
    Zero,
    /// The number is above 65535.
    AboveMaximum {
        /// The number as given.
        text: String,
    },
}

impl PortError {
    const ZERO: &'static str = "port 0 is below the minimum 1";
}

impl WriteMessage for PortError {
    fn fixed_message(&self) -> Option<&'static str> {
        matches!(self, PortError::Zero).then_some(Self::ZERO)
    }

    fn write_message<W: fmt::Write + ?Sized>(&self, w: &mut W) -> fmt::Result {
        match self {
            PortError::NotDecimal { text, .. } | PortError::AboveMaximum { text } => {
                self.write_about(text, w)
            }
            PortError::Zero => self.write_about("0", w),
        }
    }
}

impl WriteAbout for PortError {
    fn with_text(self, text: &str) -> PortError {
        match self {
            PortError::NotDecimal { why, .. } => PortError::NotDecimal {
                text: text.to_owned(),
                why,
            },
            PortError::Zero => PortError::Zero,
            PortError::AboveMaximum { .. } => PortError::AboveMaximum {
                text: text.to_owned(),
            },
        }
    }

    fn write_about<W: fmt::Write + ?Sized>(&self, text: &str, w: &mut W) -> fmt::Result {
        match self {
            PortError::NotDecimal { why, .. } => {
                w.write_str("port ")?;
                write_shown(w, text)?;
                w.write_str(" is not a plain decimal integer: ")?;
                why.write_message(w)?;
                w.write_str("; expected 1 to 65535")
            }
            PortError::Zero => w.write_str(Self::ZERO),
            PortError::AboveMaximum { .. } => {
                w.write_str("port ")?;
                write_escaped(w, text)?;
                w.write_str(" is above the maximum 65535")
            }
        }
    }
}

impl fmt::Display for PortError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_message(f)
    }
}

impl std::error::Error for PortError {}

impl Port {
    /// The port `value`.
    ///
    /// # Errors
    /// [`PortError::Zero`] for 0, [`PortError::AboveMaximum`] for 65536 and above.
    pub fn new(value: u64) -> Result<Port, PortError> {
        match u16::try_from(value) {
            Ok(v) => NonZeroU16::new(v).map(Port).ok_or(PortError::Zero),
            Err(_) => Err(PortError::AboveMaximum {
                text: value.to_string(),
            }),
        }
    }

    /// Parses plain ASCII decimal text: `"1"` to `"65535"`.
    ///
    /// # Errors
    /// [`PortError::NotDecimal`] for `"+80"`, `"080"`, `"80.0"`, `" 80"`, `""`;
    /// [`PortError::Zero`] for `"0"`; [`PortError::AboveMaximum`] for `"65536"`.
    pub fn parse(text: &str) -> Result<Port, PortError> {
        Port::judge(text).map_err(|e| e.with_text(text))
    }

    /// [`Port::parse`] judged in place: the error keeps no copy of the text.
    pub(crate) fn judge(text: &str) -> Result<Port, PortError> {
        let value = decimal::parse(text).map_err(|why| PortError::NotDecimal {
            text: String::new(),
            why,
        })?;
        match u16::try_from(value).map(NonZeroU16::new) {
            Ok(Some(port)) => Ok(Port(port)),
            Ok(None) => Err(PortError::Zero),
            Err(_) => Err(PortError::AboveMaximum {
                text: String::new(),
            }),
        }
    }

    /// The port as a number.
    pub const fn get(self) -> u16 {
        self.0.get()
    }
}

impl fmt::Display for Port {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl From<Port> for u16 {
    fn from(p: Port) -> u16 {
        p.get()
    }
}

super::text_traits!(Port, PortError, "a port from 1 to 65535", number);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_one_to_65535() {
        assert_eq!(Port::parse("1").map(Port::get), Ok(1));
        assert_eq!(Port::parse("65535").map(Port::get), Ok(65535));
        assert_eq!(Port::parse("0"), Err(PortError::Zero));
        assert_eq!(
            Port::parse("65536").map_err(|e| e.to_string()),
            Err("port 65536 is above the maximum 65535".into())
        );
        assert_eq!(std::mem::size_of::<Option<Port>>(), 2);
    }

    #[test]
    fn every_entry_point_agrees() {
        for text in ["1", "80", "65535", "0", "65536", "+80", "080", "8 0"] {
            let parsed = Port::parse(text);
            assert_eq!(text.parse::<Port>(), parsed);
            assert_eq!(Port::try_from(text), parsed);
            let json = format!("\"{text}\"");
            assert_eq!(
                serde_json::from_str::<Port>(&json).ok(),
                parsed.clone().ok()
            );
            if let Ok(p) = parsed {
                assert_eq!(p.to_string(), text);
                assert_eq!(serde_json::from_str::<Port>(text).ok(), Some(p));
                assert_eq!(Port::try_from(u64::from(p.get())), Ok(p));
            }
        }
    }
}

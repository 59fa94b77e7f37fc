//! The plain-decimal grammar shared by [`Weight`](super::Weight) and [`Port`](super::Port)
//! (R7, R16): ASCII digits only, no sign, space, fraction, exponent, or leading zero other than
//! `0` itself. Applied to the text of a JSON string and to the raw text of a JSON number alike.

use std::fmt;

use crate::text::WriteMessage;

/// Why a text is not a plain decimal integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecimalError {
    /// The text is empty.
    Empty,
    /// The text holds whitespace.
    Whitespace,
    /// The text starts with `+` or `-`.
    Sign,
    /// The text has a fractional part (`1.0`).
    Fraction,
    /// The text has an exponent (`1e2`).
    Exponent,
    /// The text has a leading zero (`080`).
    LeadingZero,
    /// The text holds a digit outside ASCII (`１`, `٣`).
    NonAsciiDigit,
    /// The text holds another character.
    Unexpected(char),
}

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_message(f)
    }
}

impl WriteMessage for DecimalError {
    fn write_message<W: fmt::Write + ?Sized>(&self, f: &mut W) -> fmt::Result {
        match self {
            DecimalError::Empty => f.write_str("it is empty"),
            DecimalError::Whitespace => f.write_str("it holds whitespace"),
            DecimalError::Sign => f.write_str("it has a sign"),
            DecimalError::Fraction => f.write_str("it has a fractional part"),
            DecimalError::Exponent => f.write_str("it has an exponent"),
            DecimalError::LeadingZero => f.write_str("it has a leading zero"),
            DecimalError::NonAsciiDigit => f.write_str("it holds a non-ASCII digit"),
            DecimalError::Unexpected(c) => write!(f, "it holds {:?}", c),
        }
    }
}

/// Parses `text` as a plain decimal integer; a value beyond `u64` saturates to `u64::MAX`
/// (the callers' maxima are far below it).
pub(crate) fn parse(text: &str) -> Result<u64, DecimalError> {
    let bytes = text.as_bytes();
    if !bytes.is_empty() && bytes.len() <= 5 && bytes.iter().all(u8::is_ascii_digit) {
        // The common short case (weights, ports), no leading zero other than "0" itself.
        if bytes.len() == 1 || bytes.first() != Some(&b'0') {
            return Ok(bytes
                .iter()
                .fold(0u64, |n, &b| n * 10 + u64::from(b - b'0')));
        }
    }
    classify(text)?;
    Ok(bytes.iter().fold(0u64, |n, &b| {
        n.saturating_mul(10)
            .saturating_add(u64::from(b.wrapping_sub(b'0')))
    }))
}

/// Finds the first reason `text` is not a plain decimal integer, if there is one.
fn classify(text: &str) -> Result<(), DecimalError> {
    let mut chars = text.chars();
    let Some(first) = chars.clone().next() else {
        return Err(DecimalError::Empty);
    };
    if text.chars().any(char::is_whitespace) {
        return Err(DecimalError::Whitespace);
    }
    if first == '+' || first == '-' {
        return Err(DecimalError::Sign);
    }
    if text.contains('.') {
        return Err(DecimalError::Fraction);
    }
    if first.is_ascii_digit() && text.contains(['e', 'E']) {
        return Err(DecimalError::Exponent);
    }
    if let Some(bad) = chars.find(|c| !c.is_ascii_digit()) {
        return Err(if bad.is_numeric() {
            DecimalError::NonAsciiDigit
        } else {
            DecimalError::Unexpected(bad)
        });
    }
    if first == '0' && text.len() > 1 {
        return Err(DecimalError::LeadingZero);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_decimals() {
        assert_eq!(parse("0"), Ok(0));
        assert_eq!(parse("7"), Ok(7));
        assert_eq!(parse("100"), Ok(100));
        assert_eq!(parse("65535"), Ok(65535));
        assert_eq!(parse("99999999999999999999999"), Ok(u64::MAX));
    }

    #[test]
    fn rejects_every_other_spelling() {
        let cases = [
            ("", DecimalError::Empty),
            (" 5", DecimalError::Whitespace),
            ("5 ", DecimalError::Whitespace),
            ("+5", DecimalError::Sign),
            ("-0", DecimalError::Sign),
            ("5.0", DecimalError::Fraction),
            ("1e2", DecimalError::Exponent),
            ("1E2", DecimalError::Exponent),
            ("05", DecimalError::LeadingZero),
            ("00", DecimalError::LeadingZero),
            ("１", DecimalError::NonAsciiDigit),
            ("٣", DecimalError::NonAsciiDigit),
            ("0x10", DecimalError::Unexpected('x')),
            ("ten", DecimalError::Unexpected('t')),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), Err(want), "{text:?}");
        }
    }
}

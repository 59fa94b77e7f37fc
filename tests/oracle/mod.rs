//! The oracle for near-valid inputs: one mutation of a good value, and the verdict the rule book's
//! words give for the result, written independently of the crate. Shared by
//! `tests/near_valid.rs` and the structured fuzz target (`fuzz/fuzz_targets/near_valid.rs`).
#![allow(dead_code, clippy::indexing_slicing)]

/// Text put before a value.
pub const PREFIXES: [&str; 7] = ["+", "-", "0", " ", "\t", "1", "x"];
/// Text put after a value.
pub const SUFFIXES: [&str; 8] = [" ", ".0", "e0", "0", "1", "\u{0}", ".", ".1"];
/// Characters inserted into a value.
pub const INSERTS: [char; 11] = [
    ' ', '\n', '\u{1b}', 'а', '٣', '测', '-', '_', 'ü', '\u{202e}', '/',
];

/// One change to a good value.
#[derive(Debug, Clone)]
pub enum Mutation {
    None,
    Prefix(&'static str),
    Suffix(&'static str),
    /// Insert this character at this (wrapped) position.
    Insert(usize, char),
    /// Make the digit at this (wrapped) digit position fullwidth.
    Fullwidth(usize),
    /// Upper-case the character at this (wrapped) position.
    Upper(usize),
    Empty,
    /// Repeat the value until it is longer than this many characters.
    Longer(usize),
}

/// `value` with the mutation applied.
pub fn apply(value: &str, m: &Mutation) -> String {
    let chars: Vec<char> = value.chars().collect();
    match m {
        Mutation::None => value.to_owned(),
        Mutation::Prefix(p) => format!("{p}{value}"),
        Mutation::Suffix(s) => format!("{value}{s}"),
        Mutation::Insert(i, c) => {
            let mut out = chars.clone();
            out.insert(i % (chars.len() + 1), *c);
            out.into_iter().collect()
        }
        Mutation::Fullwidth(i) => {
            let digits: Vec<usize> = (0..chars.len())
                .filter(|&k| chars[k].is_ascii_digit())
                .collect();
            let mut out = chars.clone();
            if let Some(&k) = digits.get(i % digits.len().max(1)) {
                out[k] = char::from_u32(0xFF10 + (chars[k] as u32 - '0' as u32)).unwrap_or('?');
            }
            out.into_iter().collect()
        }
        Mutation::Upper(i) => {
            let mut out = chars.clone();
            if !out.is_empty() {
                let k = i % out.len();
                out[k] = out[k].to_ascii_uppercase();
            }
            out.into_iter().collect()
        }
        Mutation::Empty => String::new(),
        Mutation::Longer(n) => {
            let mut out = value.to_owned();
            while out.chars().count() <= *n && !value.is_empty() {
                out.push_str(value);
            }
            out
        }
    }
}

/// "plain ASCII decimal (no sign, space, exponent, fraction, or leading zero other than 0)".
pub fn plain_decimal(s: &str) -> Option<u128> {
    let ok =
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    if !ok {
        return None;
    }
    Some(s.parse::<u128>().unwrap_or(u128::MAX))
}

/// R7: 0 to 100.
pub fn weight_ok(s: &str) -> bool {
    plain_decimal(s).is_some_and(|v| v <= 100)
}

/// R16: 1 to 65535.
pub fn port_ok(s: &str) -> bool {
    plain_decimal(s).is_some_and(|v| (1..=65535).contains(&v))
}

/// R10: exactly these words.
pub fn type_ok(s: &str) -> bool {
    ["ecs", "eni", "eci"].contains(&s)
}

/// R14: four parts 0 to 255, no leading zeros.
pub fn ip_ok(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| p.len() <= 3 && plain_decimal(p).is_some_and(|v| v <= 255))
}

/// R9: 1 to 80 characters of ASCII letters and digits, `-/._`, and Chinese characters.
pub fn description_ok(s: &str) -> bool {
    let n = s.chars().count();
    (1..=80).contains(&n)
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || "-/._".contains(c)
                || ('\u{4e00}'..='\u{9fff}').contains(&c)
                || ('\u{3400}'..='\u{4dbf}').contains(&c)
        })
}

/// R6: 1 to 128 characters, no whitespace, control or format characters, not a bare prefix.
pub fn server_id_ok(s: &str) -> bool {
    let n = s.chars().count();
    (1..=128).contains(&n)
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || is_format(c))
        && !["i-", "eni-", "eci-"].contains(&s)
}

/// Unicode general category Cf (format characters, Unicode 16.0), as the rule book lists it.
pub const FORMAT: [(u32, u32); 20] = [
    (0xAD, 0xAD),
    (0x600, 0x605),
    (0x61C, 0x61C),
    (0x6DD, 0x6DD),
    (0x70F, 0x70F),
    (0x890, 0x891),
    (0x8E2, 0x8E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
];

/// Whether `c` is a format character (Cf): the table above and the tag characters.
pub fn is_format(c: char) -> bool {
    let c = u32::from(c);
    (0xE0020..=0xE007F).contains(&c) || FORMAT.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

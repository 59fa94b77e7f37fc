//! [`Compact`]: text kept inline when it is short (server ids and descriptions nearly always
//! are), so that building a checked request does not allocate for each of them.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// How many bytes fit inline.
const INLINE: usize = 31;

/// Text of any length, inline up to 31 bytes.
#[derive(Clone)]
pub(crate) enum Compact {
    Inline(Inline),
    Heap(Box<str>),
}

/// Inline text: its bytes, zero-padded, then its length. Aligned to 16 bytes, so that moving a
/// value copies it in whole, aligned 16-byte blocks at the same offsets every time (with the
/// length beside the bytes at odd offsets, each move copied it in differently cut pieces, and
/// the processor stalled reading back what it had just written: measured 4% of a check).
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(C, align(16))]
pub(crate) struct Inline {
    bytes: [u8; INLINE],
    len: u8,
}

impl Compact {
    pub(crate) fn new(text: &str) -> Compact {
        let mut bytes = [0u8; INLINE];
        match (bytes.get_mut(..text.len()), u8::try_from(text.len())) {
            (Some(slot), Ok(len)) => {
                slot.copy_from_slice(text.as_bytes());
                Compact::Inline(Inline { bytes, len })
            }
            _ => Compact::Heap(text.into()),
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Compact::Inline(Inline { bytes, len }) => {
                bytes.get(..usize::from(*len)).unwrap_or_default()
            }
            Compact::Heap(text) => text.as_bytes(),
        }
    }

    /// A cheap summary of the text: equal texts give equal fingerprints (unequal ones usually
    /// differ), so a search among a few values compares these first. Inline text is read as
    /// four fixed words, without looking at its length.
    pub(crate) fn fingerprint(&self) -> u64 {
        match self {
            Compact::Inline(Inline { bytes, len }) => {
                let mut words = bytes.chunks(8).map(|chunk| {
                    let mut word = [0u8; 8];
                    for (w, b) in word.iter_mut().zip(chunk) {
                        *w = *b;
                    }
                    u64::from_le_bytes(word)
                });
                let mut sum = u64::from(*len);
                for (n, word) in (0u32..).zip(&mut words) {
                    sum ^= word.rotate_left(n * 17);
                }
                sum
            }
            Compact::Heap(text) => text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            }),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            // Copied from a `&str` whole, so always UTF-8; checked again rather than assumed
            // (the crate has no unsafe code).
            Compact::Inline(_) => std::str::from_utf8(self.as_bytes()).unwrap_or_default(),
            Compact::Heap(text) => text,
        }
    }
}

impl std::fmt::Debug for Compact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Compact {
    fn eq(&self, other: &Compact) -> bool {
        match (self, other) {
            // The unused bytes are zero, so whole arrays compare as the texts do.
            (Compact::Inline(a), Compact::Inline(b)) => a == b,
            _ => self.as_bytes() == other.as_bytes(),
        }
    }
}

impl Eq for Compact {}

impl Hash for Compact {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for Compact {
    fn partial_cmp(&self, other: &Compact) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Compact {
    /// The order of the text (UTF-8 byte order is the order of `str`).
    fn cmp(&self, other: &Compact) -> Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_heap_agree() {
        for text in [
            "",
            "i-1",
            &"x".repeat(31),
            &"y".repeat(32),
            "测试-服务器",
            &"测".repeat(11),
        ] {
            let c = Compact::new(text);
            assert_eq!(c.as_str(), text);
            assert_eq!(matches!(c, Compact::Inline(_)), text.len() <= 31);
        }
        let long = "q".repeat(40);
        let mut all: Vec<&str> = vec!["b", "a", "ab", "测", "z", &long];
        let mut compact: Vec<Compact> = all.iter().map(|t| Compact::new(t)).collect();
        all.sort();
        compact.sort();
        let back: Vec<&str> = compact.iter().map(Compact::as_str).collect();
        assert_eq!(back, all);
    }
}

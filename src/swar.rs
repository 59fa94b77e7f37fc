//! Word-at-a-time byte search (SWAR: SIMD within a register): eight bytes of a `u64` examined
//! with a few integer operations, the one place the crate keeps this trick.
//!
//! Why: scanning string bodies and checking ids byte by byte was the largest single cost of a
//! check (`cargo bench --bench check`); a word at a time took it down by about a third. Each
//! function has a plain byte-by-byte meaning, stated in its doc and pinned by a test against
//! that meaning for every byte value at every position.
//!
//! Invariants: words are read little-endian from `chunks_exact(8)` (no unaligned access, no
//! `unsafe`); the tail of fewer than eight bytes is checked one byte at a time; a mask's lowest
//! set flag is exact (higher flags may be false positives from borrows, so only the lowest is
//! used).

/// `0x01` in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The zero bytes of `x`: the lowest flag is exact; higher ones may be false, from borrows.
#[inline]
const fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGH
}

/// The bytes of `word` equal to `byte` (lowest flag exact).
#[inline]
const fn bytes_equal(word: u64, byte: u8) -> u64 {
    zero_bytes(word ^ (ONES * byte as u64))
}

/// The first byte of `bytes` that `mask` flags, eight bytes at a time, then `one` by one.
#[inline]
fn find_by_words(
    bytes: &[u8],
    mask: impl Fn(u64) -> u64,
    one: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        if let Ok(word) = <[u8; 8]>::try_from(chunk) {
            let flags = mask(u64::from_le_bytes(word));
            if flags != 0 {
                return Some(at + (flags.trailing_zeros() / 8) as usize);
            }
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| one(b))
        .map(|p| at + p)
}

/// Whether `b` ends a plain run inside a JSON string: a quote, a backslash or a control
/// character.
#[inline]
pub(crate) const fn is_special(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The position of the first byte of `bytes` that [`is_special`] holds for.
#[inline]
pub(crate) fn find_special(bytes: &[u8]) -> Option<usize> {
    let mask = |word: u64| {
        bytes_equal(word, b'"')
            | bytes_equal(word, b'\\')
            | (word.wrapping_sub(ONES * 0x20) & !word & HIGH)
    };
    find_by_words(bytes, mask, is_special)
}

/// The position of the first backslash in `bytes`.
#[inline]
pub(crate) fn find_backslash(bytes: &[u8]) -> Option<usize> {
    find_by_words(bytes, |word| bytes_equal(word, b'\\'), |b| b == b'\\')
}

/// Whether `text` is printable ASCII only (`!` to `~`: no space, no control character).
#[inline]
pub(crate) fn printable_ascii(text: &str) -> bool {
    let mut chunks = text.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            return false;
        };
        let word = u64::from_le_bytes(word);
        // With every byte below 0x80, adding 0x5f sets a byte's high bit when it is at least
        // 0x21, adding 1 when it is at least 0x7f, and neither carries into the next byte.
        if word & HIGH != 0
            || word.wrapping_add(0x5f * ONES) & HIGH != HIGH
            || word.wrapping_add(ONES) & HIGH != 0
        {
            return false;
        }
    }
    chunks.remainder().iter().all(|b| (0x21..=0x7e).contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value at every position of a 17-byte run (two words and a tail), against the
    /// byte-by-byte meaning.
    #[test]
    fn agrees_with_the_byte_rules() {
        for at in 0..17 {
            for b in 0..=255u8 {
                let mut bytes = [b'a'; 17];
                if let Some(slot) = bytes.get_mut(at) {
                    *slot = b;
                }
                let first = |p: fn(u8) -> bool| bytes.iter().position(|&x| p(x));
                assert_eq!(find_special(&bytes), first(is_special), "{at} {b}");
                assert_eq!(find_backslash(&bytes), first(|x| x == b'\\'), "{at} {b}");
                if let Ok(text) = std::str::from_utf8(&bytes) {
                    let plain = text.bytes().all(|x| (0x21..=0x7e).contains(&x));
                    assert_eq!(printable_ascii(text), plain, "{at} {b}");
                }
            }
        }
    }

    #[test]
    fn word_at_a_time_search_finds_the_first_match() {
        for text in [
            "",
            "abc",
            "abcdefgh\"",
            "abcdefghijklmno\\x",
            "é\u{1}",
            "\"",
            "aaaaaaaa\u{7f}\u{80}\u{ff}\n",
        ] {
            let want = text
                .bytes()
                .position(|b| b == b'"' || b == b'\\' || b < 0x20);
            assert_eq!(find_special(text.as_bytes()), want, "{text:?}");
            let want = text.bytes().position(|b| b == b'\\');
            assert_eq!(find_backslash(text.as_bytes()), want, "{text:?}");
        }
        // Every position, every special byte, with harmless bytes all around (0x80..0xff too).
        for len in 0..20 {
            for at in 0..len {
                for special in [b'"', b'\\', 0u8, 0x1f] {
                    let mut bytes: Vec<u8> = (0..len)
                        .map(|i| [b'a', 0x80, 0xff, 0x21, 0x5d][i % 5])
                        .collect();
                    bytes[at] = special;
                    assert_eq!(find_special(&bytes), Some(at));
                }
            }
        }
    }
}

//! Where the generator's choices come from: a seeded PRNG (benchmarks, the comparison script,
//! property tests) or the fuzzer's bytes (structure-aware fuzzing). Every generator loop is bounded
//! by its configuration, never by the entropy source, so an exhausted source (all zeros) still
//! terminates.

/// A source of choices.
pub trait Entropy {
    fn next_u64(&mut self) -> u64;

    /// A number in `0..n` (0 when `n` is 0 or 1).
    fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u32) -> bool {
        self.next_u64() % 1000 < u64::from(per_mille)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `len` bytes drawn from `alphabet` (ASCII).
    fn string(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len).map(|_| char::from(*self.pick(alphabet))).collect()
    }
}

/// SplitMix64: tiny, fast, and the same sequence on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
}

impl Entropy for SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Entropy read from a byte slice (what a fuzzer hands over); zeros once it is used up.
#[derive(Debug, Clone)]
pub struct ByteEntropy<'a> {
    bytes: &'a [u8],
}

impl<'a> ByteEntropy<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes }
    }
}

impl Entropy for ByteEntropy<'_> {
    fn next_u64(&mut self) -> u64 {
        let take = self.bytes.len().min(8);
        let mut buf = [0u8; 8];
        buf[..take].copy_from_slice(&self.bytes[..take]);
        self.bytes = &self.bytes[take..];
        u64::from_le_bytes(buf)
    }
}

pub const DIGITS: &[u8] = b"0123456789";
pub const HEX: &[u8] = b"0123456789abcdef";
pub const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
pub const BASE32_UPPER: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
pub const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
pub const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
pub const BASE62_DASH: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
/// Characters a password may hold and still sit unescaped in a URL's user info.
pub const URL_SAFE_PASSWORD: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_.~";
/// Characters a password may hold in a JSON body.
pub const PASSWORD: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!%*+-_.=?";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_stable() {
        let mut rng = SplitMix64::new(1);
        assert_eq!(rng.next_u64(), 0x910A_2DEC_8902_5CC1);
    }

    #[test]
    fn exhausted_bytes_give_zeros() {
        let mut e = ByteEntropy::new(&[1, 0, 0]);
        assert_eq!(e.next_u64(), 1);
        assert_eq!(e.next_u64(), 0);
    }
}

//! UTF-8 byte offsets → UTF-16 code-unit offsets for many offsets of one text in a single pass.
//!
//! `LineIndex::utf16_offset` counts from the start of the text on every call; with hundreds of
//! diagnostics in a 1 MB file that is quadratic. This sorts the wanted offsets and walks the text
//! once, giving the same numbers.

#[derive(Debug)]
pub struct Utf16Offsets {
    /// `(byte offset, UTF-16 offset)`, sorted by byte offset.
    table: Vec<(usize, usize)>,
}

impl Utf16Offsets {
    pub fn new(text: &str, offsets: impl IntoIterator<Item = usize>) -> Self {
        let mut wanted: Vec<usize> = offsets.into_iter().collect();
        // The core's sort: one copy of a sort algorithm in the module, not one per element type.
        dalint_core::sort::sort(&mut wanted);
        wanted.dedup();
        let mut table = Vec::with_capacity(wanted.len());
        let (mut byte, mut units) = (0, 0);
        for offset in wanted {
            // Same clamping as `LineIndex::utf16_offset`: past the end → the end, inside a
            // character → its start.
            let mut target = offset.min(text.len());
            while !text.is_char_boundary(target) {
                target -= 1;
            }
            units += utf16_len(&text[byte..target]);
            byte = target;
            table.push((offset, units));
        }
        Self { table }
    }

    /// The UTF-16 offset of a byte offset given to [`Utf16Offsets::new`].
    pub fn get(&self, offset: usize) -> usize {
        match self.table.binary_search_by_key(&offset, |&(byte, _)| byte) {
            Ok(i) => self.table[i].1,
            Err(_) => panic!("UTF-16 offset of byte {offset} was not requested"),
        }
    }
}

/// UTF-16 length of `s`: one unit per byte that starts a character, one more for each 4-byte
/// character (a surrogate pair). Faster than `encode_utf16().count()` on long ASCII runs.
fn utf16_len(s: &str) -> usize {
    s.bytes().map(|b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dalint_core::text::LineIndex;

    #[test]
    fn matches_line_index_at_every_offset() {
        let text = "a\r\nb😀c\rd\n漢字x é\u{10FFFF}\"";
        let index = LineIndex::new(text);
        let all: Vec<usize> = (0..=text.len() + 2).collect();
        let offsets = Utf16Offsets::new(text, all.iter().copied().rev());
        for offset in all {
            assert_eq!(offsets.get(offset), index.utf16_offset(offset), "byte offset {offset}");
        }
    }

    #[test]
    fn utf16_len_counts_surrogate_pairs() {
        for s in ["", "abc", "é", "漢字", "😀", "a😀b\u{10FFFF}"] {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s}");
        }
    }
}

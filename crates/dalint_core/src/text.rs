//! Byte ranges inside the core, LSP positions at the boundary.
//!
//! Every range in dalint is a UTF-8 byte range into the text *after* a leading BOM has been
//! stripped (editors do not count the BOM either). [`LineIndex`] converts those ranges once, when
//! output is produced, to 0-based lines and UTF-16 code-unit characters (the LSP convention).
//! `\n`, `\r\n` and a lone `\r` all end a line.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into the BOM-less text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
    pub const fn empty(at: usize) -> Self {
        Self { start: at, end: at }
    }
    pub const fn len(self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }
    pub const fn contains_offset(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    pub const fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// Two ranges overlap when they share a byte, or when an insertion sits strictly inside the
    /// other range. Two insertions at the same offset also conflict (their order is ambiguous).
    pub const fn overlaps(self, other: TextRange) -> bool {
        if self.is_empty() && other.is_empty() {
            return self.start == other.start;
        }
        if self.is_empty() {
            return other.start < self.start && self.start < other.end;
        }
        if other.is_empty() {
            return self.start < other.start && other.start < self.end;
        }
        self.start < other.end && other.start < self.end
    }
}

impl From<jsonc_parser::common::Range> for TextRange {
    fn from(r: jsonc_parser::common::Range) -> Self {
        Self::new(r.start, r.end)
    }
}

/// A 0-based line and UTF-16 character offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// An LSP range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LspRange {
    pub start: Position,
    pub end: Position,
}

/// The UTF-8 byte order mark, which editors hide and which positions do not count.
pub const BOM: &str = "\u{feff}";

/// Splits a leading BOM off `text`; returns whether there was one and the rest.
pub fn strip_bom(text: &str) -> (bool, &str) {
    match text.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, text),
    }
}

/// Maps byte offsets of one text to LSP positions. Build it once per text, only when output needs
/// positions; lookups are a binary search plus a scan of one line.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset at which each line starts.
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        Self { text, line_starts }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line that holds byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of a line's content, without its line terminator.
    pub fn line_range(&self, line: usize) -> TextRange {
        let start = self.line_starts[line];
        let mut end = self.line_starts.get(line + 1).copied().unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        TextRange::new(start, end)
    }

    /// Converts a byte offset to a position. An offset inside a multi-byte character is moved
    /// back to that character's start, so any offset is safe.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let character: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        Position { line: line as u32, character: character as u32 }
    }

    pub fn range(&self, range: TextRange) -> LspRange {
        LspRange { start: self.position(range.start), end: self.position(range.end) }
    }

    /// Converts a position back to a byte offset; positions past a line's end clamp to it.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.line_starts.len() {
            return self.text.len();
        }
        let content = self.line_range(line);
        let mut units = 0u32;
        for (i, ch) in self.text[content.start..content.end].char_indices() {
            if units >= position.character {
                return content.start + i;
            }
            units += ch.len_utf16() as u32;
        }
        content.end
    }

    /// UTF-16 code-unit offset of a byte offset from the start of the text (for `positionAt`).
    pub fn utf16_offset(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        self.text[..offset].encode_utf16().count()
    }

    /// 1-based line and column (in characters) for human-readable output.
    pub fn line_col_display(&self, offset: usize) -> (usize, usize) {
        let p = self.position(offset);
        (p.line as usize + 1, p.character as usize + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_and_all_line_endings() {
        let text = "a\r\nb😀c\rd\n漢字x";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        let c = text.find('c').unwrap();
        assert_eq!(index.position(c), Position { line: 1, character: 3 });
        let d = text.find('d').unwrap();
        assert_eq!(index.position(d), Position { line: 2, character: 0 });
        let x = text.find('x').unwrap();
        assert_eq!(index.position(x), Position { line: 3, character: 2 });
        for offset in [0, c, d, x, text.len()] {
            assert_eq!(index.offset(index.position(offset)), offset);
        }
    }

    #[test]
    fn offset_inside_a_character_snaps_back() {
        let text = "😀";
        let index = LineIndex::new(text);
        assert_eq!(index.position(2), Position { line: 0, character: 0 });
        assert_eq!(index.utf16_offset(4), 2);
    }

    #[test]
    fn overlap_rules() {
        let a = TextRange::new(2, 5);
        assert!(a.overlaps(TextRange::new(4, 6)));
        assert!(!a.overlaps(TextRange::new(5, 6)));
        assert!(!a.overlaps(TextRange::empty(5)));
        assert!(a.overlaps(TextRange::empty(3)));
        assert!(TextRange::empty(3).overlaps(TextRange::empty(3)));
    }
}

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
/// positions. Lookups cost a binary search plus a scan of at most [`UTF16_CHECKPOINT`] bytes, however
/// long the line: a minified file with thousands of findings on one line stays linear.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset at which each line starts.
    line_starts: Vec<usize>,
    /// `(byte offset, UTF-16 units before it)` about every [`UTF16_CHECKPOINT`] bytes, on char
    /// boundaries. Empty for ASCII text, where the two offsets are equal.
    utf16_checkpoints: Vec<(usize, usize)>,
}

/// Distance between UTF-16 checkpoints of non-ASCII text.
pub const UTF16_CHECKPOINT: usize = 1024;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while let Some(p) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            i += p;
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            line_starts.push(i + 1);
            i += 1;
        }
        let mut utf16_checkpoints = Vec::new();
        if !text.is_ascii() {
            let (mut at, mut units) = (0, 0);
            utf16_checkpoints.push((0, 0));
            while at < text.len() {
                let mut next = (at + UTF16_CHECKPOINT).min(text.len());
                while !text.is_char_boundary(next) {
                    next -= 1;
                }
                units += utf16_len(&text[at..next]);
                utf16_checkpoints.push((next, units));
                at = next;
            }
        }
        Self { text, line_starts, utf16_checkpoints }
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

    /// `offset` clamped to the text and moved back to the start of the character it falls in.
    fn char_start(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// Converts a byte offset to a position. An offset inside a multi-byte character is moved
    /// back to that character's start, so any offset is safe.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.char_start(offset);
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let character = self.utf16_offset(offset) - self.utf16_offset(start);
        Position { line: line as u32, character: character as u32 }
    }

    pub fn range(&self, range: TextRange) -> LspRange {
        LspRange { start: self.position(range.start), end: self.position(range.end) }
    }

    /// Converts a position back to a byte offset; positions past a line's end clamp to it, and a
    /// character inside a surrogate pair moves to the character after it.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.line_starts.len() {
            return self.text.len();
        }
        let content = self.line_range(line);
        let wanted = position.character as usize;
        if self.utf16_checkpoints.is_empty() {
            return (content.start + wanted).min(content.end);
        }
        // Start from the last checkpoint in the line that is still before the wanted character.
        let line_units = self.utf16_offset(content.start);
        let k = self.utf16_checkpoints.partition_point(|&(_, units)| units < line_units + wanted);
        let (mut at, mut units) = match k.checked_sub(1).map(|k| self.utf16_checkpoints[k]) {
            Some((byte, before)) if byte > content.start && byte < content.end => (byte, before - line_units),
            _ => (content.start, 0),
        };
        for ch in self.text[at..content.end].chars() {
            if units >= wanted {
                return at;
            }
            units += ch.len_utf16();
            at += ch.len_utf8();
        }
        content.end
    }

    /// UTF-16 code-unit offset of a byte offset from the start of the text (for `positionAt`).
    pub fn utf16_offset(&self, offset: usize) -> usize {
        let offset = self.char_start(offset);
        if self.utf16_checkpoints.is_empty() {
            return offset;
        }
        let k = self.utf16_checkpoints.partition_point(|&(byte, _)| byte <= offset) - 1;
        let (byte, units) = self.utf16_checkpoints[k];
        units + utf16_len(&self.text[byte..offset])
    }

    /// 1-based line and column (in characters) for human-readable output.
    pub fn line_col_display(&self, offset: usize) -> (usize, usize) {
        let p = self.position(offset);
        (p.line as usize + 1, p.character as usize + 1)
    }
}

/// UTF-16 code units of `s`: one per UTF-8 byte that starts a character, one more for each
/// four-byte (astral) character.
fn utf16_len(s: &str) -> usize {
    s.bytes().map(|b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0)).sum()
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

//! Terraform strings: from a literal's source bytes to the text Genesys receives, and back.
//!
//! hcl-edit gives the span of each literal piece and interpolation of a string; this module
//! decodes a piece (`\"`, `\n`, `\uXXXX`, `$${` → `${`, `%%{` → `%{`, a flush heredoc's
//! indentation) and keeps a [`StringMap`] from decoded offsets to source offsets, the way
//! [`crate::pointer::decoded_to_raw`] does for JSON. Interpolations (`${var.token}`) are unknown
//! when linting: they decode to a marker `‹var.token›` that maps to the whole interpolation.

use crate::text::TextRange;

/// Opens a marker standing for a Terraform expression whose value is unknown when linting.
pub const MARKER_OPEN: char = '‹';
/// Closes a marker.
pub const MARKER_CLOSE: char = '›';

/// A piece of a decoded string and the source bytes it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    decoded: TextRange,
    raw: TextRange,
    /// Byte-for-byte equal to its source (else it maps as a whole: an escape or a marker).
    plain: bool,
}

/// How a string is written in the source, which decides how replacement text is escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringSyntax {
    /// `"…"`: backslash escapes, `$${`, `%%{`.
    Quoted,
    /// `<<EOT … EOT`: only `$${` and `%%{`.
    Heredoc,
    /// Not a string (`var.token`, `file("x")`): only the whole value can be replaced, by a
    /// quoted string.
    Expression,
}

/// A decoded string and where each of its bytes comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringMap {
    pub decoded: String,
    pub syntax: StringSyntax,
    /// The whole value in the source (quotes or heredoc markers included).
    pub whole: TextRange,
    segments: Vec<Segment>,
}

impl StringMap {
    pub fn new(syntax: StringSyntax, whole: TextRange) -> Self {
        Self { decoded: String::new(), syntax, whole, segments: Vec::new() }
    }

    /// A value that is one unknown expression (`var.token`): one marker for all of it.
    pub fn expression(source: &str, whole: TextRange) -> Self {
        let mut map = Self::new(StringSyntax::Expression, whole);
        map.push_marker(source, whole);
        map
    }

    /// A value computed from its source (`jsonencode({…})`): its text maps to the whole source.
    pub fn computed(decoded: &str, whole: TextRange) -> Self {
        let mut map = Self::new(StringSyntax::Expression, whole);
        map.push(decoded, whole, false);
        map
    }

    fn push(&mut self, decoded: &str, raw: TextRange, plain: bool) {
        if decoded.is_empty() && raw.is_empty() {
            return;
        }
        let start = self.decoded.len();
        self.decoded.push_str(decoded);
        self.segments.push(Segment { decoded: TextRange::new(start, self.decoded.len()), raw, plain });
    }

    /// An interpolation or directive whose value is unknown: `‹expression›`, whitespace collapsed.
    pub fn push_marker(&mut self, expression: &str, raw: TextRange) {
        let shown: Vec<&str> = expression.split_whitespace().collect();
        self.push(&format!("{MARKER_OPEN}{}{MARKER_CLOSE}", shown.join(" ")), raw, false);
    }

    /// Decodes the source `raw` (at absolute offset `at`) of one literal piece. `indent`: the
    /// columns a flush heredoc (`<<-`) strips from each line.
    pub fn push_literal(&mut self, raw: &str, at: usize, indent: usize) {
        let bytes = raw.as_bytes();
        let mut i = 0;
        let mut plain_from = 0;
        let at_line_start = |map: &Self, i: usize| {
            if i == 0 {
                map.decoded.is_empty() || map.decoded.ends_with('\n')
            } else {
                bytes[i - 1] == b'\n'
            }
        };
        while i < bytes.len() {
            if self.syntax == StringSyntax::Heredoc && indent > 0 && at_line_start(self, i) {
                let mut j = i;
                while j < bytes.len() && j - i < indent && (bytes[j] == b' ' || bytes[j] == b'\t') {
                    j += 1;
                }
                if j > i {
                    self.flush_plain(raw, at, plain_from, i);
                    self.push("", TextRange::new(at + i, at + j), false);
                    i = j;
                    plain_from = j;
                    continue;
                }
            }
            let escape: Option<(usize, String)> = match bytes[i] {
                b'$' | b'%' if bytes.get(i + 1) == Some(&bytes[i]) && bytes.get(i + 2) == Some(&b'{') => {
                    Some((3, format!("{}{{", bytes[i] as char)))
                }
                b'\\' if self.syntax == StringSyntax::Quoted => decode_backslash(raw, i),
                _ => None,
            };
            match escape {
                Some((len, decoded)) => {
                    self.flush_plain(raw, at, plain_from, i);
                    self.push(&decoded, TextRange::new(at + i, at + i + len), false);
                    i += len;
                    plain_from = i;
                }
                None => i += 1,
            }
        }
        self.flush_plain(raw, at, plain_from, bytes.len());
    }

    fn flush_plain(&mut self, raw: &str, at: usize, from: usize, to: usize) {
        if to > from {
            self.push(&raw[from..to], TextRange::new(at + from, at + to), true);
        }
    }

    /// The source offset of decoded offset `offset`; `None` inside an escape or a marker.
    pub fn raw_offset(&self, offset: usize) -> Option<usize> {
        if offset == self.decoded.len() {
            return Some(self.segments.last().map_or(self.whole.start, |s| s.raw.end));
        }
        let segment = self.segments.iter().find(|s| s.decoded.contains_offset(offset))?;
        if offset == segment.decoded.start {
            Some(segment.raw.start)
        } else if segment.plain {
            Some(segment.raw.start + offset - segment.decoded.start)
        } else {
            None
        }
    }

    /// The source bytes of a decoded range, widened to whole escapes and markers (for showing a
    /// position, never for an edit).
    pub fn raw_range(&self, span: TextRange) -> TextRange {
        let start = self.raw_offset(span.start).unwrap_or_else(|| {
            self.segments
                .iter()
                .find(|s| s.decoded.contains_offset(span.start))
                .map_or(self.whole.start, |s| s.raw.start)
        });
        let end = self.raw_offset(span.end).unwrap_or_else(|| {
            self.segments.iter().find(|s| s.decoded.contains_offset(span.end)).map_or(self.whole.end, |s| s.raw.end)
        });
        TextRange::new(start, end.max(start))
    }

    /// The source edit that replaces decoded `span` with decoded `text`, escaped for this
    /// string's syntax; `None` when a boundary falls inside an escape or a marker, or when only
    /// part of an expression would be replaced.
    pub fn edit(&self, span: TextRange, text: &str) -> Option<(TextRange, String)> {
        if self.syntax == StringSyntax::Expression {
            return (span.start == 0 && span.end == self.decoded.len())
                .then(|| (self.whole, format!("\"{}\"", escape(text, StringSyntax::Quoted))));
        }
        let range = TextRange::new(self.raw_offset(span.start)?, self.raw_offset(span.end)?);
        Some((range, escape(text, self.syntax)))
    }
}

/// A backslash escape of a quoted HCL string at `raw[i]`: its length and what it decodes to.
fn decode_backslash(raw: &str, i: usize) -> Option<(usize, String)> {
    let next = *raw.as_bytes().get(i + 1)?;
    let simple = match next {
        b'n' => Some('\n'),
        b'r' => Some('\r'),
        b't' => Some('\t'),
        b'"' => Some('"'),
        b'\\' => Some('\\'),
        _ => None,
    };
    if let Some(c) = simple {
        return Some((2, c.to_string()));
    }
    let digits = match next {
        b'u' => 4,
        b'U' => 8,
        _ => return None,
    };
    let hex = raw.get(i + 2..i + 2 + digits)?;
    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    Some((2 + digits, c.to_string()))
}

/// Writes decoded text so that Terraform reads it back as that text; a marker becomes the
/// interpolation it stands for again.
pub fn escape(text: &str, syntax: StringSyntax) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(open) = rest.find(MARKER_OPEN) {
        let after = &rest[open + MARKER_OPEN.len_utf8()..];
        let Some(close) = after.find(MARKER_CLOSE) else { break };
        escape_plain(&rest[..open], syntax, &mut out);
        out.push_str("${");
        out.push_str(&after[..close]);
        out.push('}');
        rest = &after[close + MARKER_CLOSE.len_utf8()..];
    }
    escape_plain(rest, syntax, &mut out);
    out
}

fn escape_plain(text: &str, syntax: StringSyntax, out: &mut String) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            '"' if syntax == StringSyntax::Quoted => out.push_str("\\\""),
            '\\' if syntax == StringSyntax::Quoted => out.push_str("\\\\"),
            '\n' if syntax == StringSyntax::Quoted => out.push_str("\\n"),
            '\r' if syntax == StringSyntax::Quoted => out.push_str("\\r"),
            '\t' if syntax == StringSyntax::Quoted => out.push_str("\\t"),
            c => out.push(c),
        }
    }
}

/// The reference at the root of a marker's expression (`var.crm_password` → `("var",
/// "crm_password")`), when the expression is a plain reference.
pub fn marker_reference(expression: &str) -> Option<(&str, &str)> {
    let (root, rest) = expression.split_once('.')?;
    let name = rest.split(['.', '[']).next()?;
    let ident = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    (ident(root) && ident(name)).then_some((root, name))
}

/// Every marker in a decoded string: its decoded range and its expression.
pub fn markers(decoded: &str) -> Vec<(TextRange, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = decoded[from..].find(MARKER_OPEN).map(|p| from + p) {
        let inner = open + MARKER_OPEN.len_utf8();
        let Some(close) = decoded[inner..].find(MARKER_CLOSE).map(|p| inner + p) else { break };
        let end = close + MARKER_CLOSE.len_utf8();
        out.push((TextRange::new(open, end), &decoded[inner..close]));
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(source: &str) -> StringMap {
        let mut map = StringMap::new(StringSyntax::Quoted, TextRange::new(0, source.len() + 2));
        map.push_literal(source, 1, 0);
        map
    }

    #[test]
    fn escapes_decode_and_map_back_exactly() {
        let source = r#"{\"id\": \"$${input.id}\", \"s\": \"%%{x} é\u00e9\"}"#;
        let map = quoted(source);
        assert_eq!(map.decoded, "{\"id\": \"${input.id}\", \"s\": \"%{x} éé\"}");
        let at = map.decoded.find("input.id").unwrap_or_default();
        let raw = map.raw_offset(at).unwrap_or_default();
        assert_eq!(&source[raw - 1..raw - 1 + 8], "input.id");
        // Inside `$${` (decoded `${`): no exact offset, the whole escape when widened.
        let dollar = map.decoded.find("${").unwrap_or_default();
        assert_eq!(map.raw_offset(dollar + 1), None);
        let widened = map.raw_range(TextRange::new(dollar + 1, dollar + 2));
        assert_eq!(&source[widened.start - 1..widened.end - 1], "$${");
        assert_eq!(map.raw_offset(map.decoded.len()), Some(source.len() + 1));
    }

    #[test]
    fn markers_map_to_the_whole_interpolation_and_escape_back() {
        let source = "Bearer ${var.token}";
        let mut map = StringMap::new(StringSyntax::Quoted, TextRange::new(0, source.len() + 2));
        map.push_literal("Bearer ", 1, 0);
        map.push_marker("var.token", TextRange::new(8, 20));
        assert_eq!(map.decoded, "Bearer ‹var.token›");
        let found = markers(&map.decoded);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "var.token");
        assert_eq!(marker_reference(found[0].1), Some(("var", "token")));
        let (range, text) = map.edit(found[0].0, "${credentials.token}").unwrap_or_default();
        assert_eq!((range, text.as_str()), (TextRange::new(8, 20), "$${credentials.token}"));
        assert_eq!(escape("a \"‹var.x›\" ${y}\n", StringSyntax::Quoted), "a \\\"${var.x}\\\" $${y}\\n");
        assert_eq!(escape("a \"${y}\"\n", StringSyntax::Heredoc), "a \"$${y}\"\n");
    }

    #[test]
    fn an_expression_is_replaced_only_as_a_whole() {
        let map = StringMap::expression("var.key", TextRange::new(10, 17));
        assert_eq!(map.decoded, "‹var.key›");
        assert_eq!(map.edit(TextRange::new(0, 3), "x"), None);
        assert_eq!(
            map.edit(TextRange::new(0, map.decoded.len()), "${credentials.key}"),
            Some((TextRange::new(10, 17), "\"$${credentials.key}\"".to_owned()))
        );
    }

    #[test]
    fn flush_heredocs_strip_their_indentation() {
        let source = "    {\n      \"a\": \"$${input.x}\"\n    }\n";
        let mut map = StringMap::new(StringSyntax::Heredoc, TextRange::new(0, source.len()));
        map.push_literal(source, 0, 4);
        assert_eq!(map.decoded, "{\n  \"a\": \"${input.x}\"\n}\n");
        let a = map.decoded.find("\"a\"").unwrap_or_default();
        assert_eq!(map.raw_offset(a), source.find("\"a\""));
    }
}

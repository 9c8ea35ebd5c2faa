//! JSON Pointers (RFC 6901) and the one place where they become text ranges.
//!
//! Rules never compute positions: they report a pointer and a [`Target`], and
//! [`PointerIndex::resolve`] maps it to a range (a missing member maps to the key of its nearest
//! existing parent), so what a rule reports and what an editor underlines cannot drift apart.

use jsonc_parser::ast::{ObjectProp, ObjectPropName, Value};

use crate::text::TextRange;

/// Appends one reference token to a pointer, escaping `~` and `/`.
pub fn push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for ch in token.chars() {
        match ch {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Appends an array index to a pointer.
pub fn push_index(pointer: &str, index: usize) -> String {
    format!("{pointer}/{index}")
}

/// Splits a pointer into unescaped reference tokens. `""` is the root.
pub fn tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer.strip_prefix('/').unwrap_or(pointer).split('/').map(|t| t.replace("~1", "/").replace("~0", "~")).collect()
}

/// The parent of a pointer (`None` for the root).
pub fn parent(pointer: &str) -> Option<&str> {
    if pointer.is_empty() {
        None
    } else {
        Some(&pointer[..pointer.rfind('/').unwrap_or(0)])
    }
}

/// The last reference token of a pointer, unescaped.
pub fn last_token(pointer: &str) -> Option<String> {
    tokens(pointer).pop()
}

/// Which part of the node a diagnostic points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A member's key (the value itself for array elements and the root).
    Key,
    /// The value.
    Value,
    /// Key, colon and value.
    Member,
    /// A byte range inside the value's *decoded* string; mapped to the same bytes of the literal
    /// when the literal has no escapes, else to the whole literal (quotes included).
    ValueSpan(TextRange),
    /// A byte range inside the value's decoded string, mapped through escapes to exactly the
    /// literal's bytes that decode to it (`name` inside `secureData(\"name\")`); the whole
    /// literal only when a boundary falls inside an escape.
    DecodedSpan(TextRange),
    /// The key of the n-th (0-based) member with this name in the parent object, for duplicate
    /// keys (a pointer alone always means the last one). Falls back to [`Target::Key`].
    KeyOccurrence(usize),
}

/// A resolved node: its key (for object members) and its value.
#[derive(Clone, Copy)]
pub struct Node<'d, 'a> {
    pub key: Option<&'d ObjectProp<'a>>,
    pub value: &'d Value<'a>,
}

impl Node<'_, '_> {
    pub fn key_range(&self) -> TextRange {
        match self.key {
            Some(prop) => prop_name_range(prop),
            None => value_range(self.value),
        }
    }
    pub fn member_range(&self) -> TextRange {
        match self.key {
            Some(prop) => prop.range.into(),
            None => value_range(self.value),
        }
    }
}

/// Range of a property's key literal.
pub fn prop_name_range(prop: &ObjectProp<'_>) -> TextRange {
    match &prop.name {
        ObjectPropName::String(s) => s.range.into(),
        ObjectPropName::Word(w) => w.range.into(),
    }
}

/// Range of any value.
pub fn value_range(value: &Value<'_>) -> TextRange {
    match value {
        Value::StringLit(v) => v.range.into(),
        Value::NumberLit(v) => v.range.into(),
        Value::BooleanLit(v) => v.range.into(),
        Value::Object(v) => v.range.into(),
        Value::Array(v) => v.range.into(),
        Value::NullKeyword(v) => v.range.into(),
    }
}

/// Looks pointers up in one parsed document.
pub struct PointerIndex<'d, 'a> {
    root: &'d Value<'a>,
    text: &'a str,
}

impl<'d, 'a> PointerIndex<'d, 'a> {
    pub fn new(root: &'d Value<'a>, text: &'a str) -> Self {
        Self { root, text }
    }

    /// The node at `pointer`. With duplicate keys, the last occurrence wins (as in most JSON
    /// readers, Genesys' included).
    pub fn get(&self, pointer: &str) -> Option<Node<'d, 'a>> {
        let mut node = Node { key: None, value: self.root };
        for token in tokens(pointer) {
            node = child(node.value, &token)?;
        }
        Some(node)
    }

    /// The text range for a target at `pointer`. A pointer that does not exist resolves to the
    /// key of its nearest existing parent.
    pub fn resolve(&self, pointer: &str, target: Target) -> TextRange {
        let Some(node) = self.get(pointer) else {
            let mut p = pointer;
            while let Some(up) = parent(p) {
                if let Some(node) = self.get(up) {
                    return match node.key {
                        Some(_) => node.key_range(),
                        // The root or an array element: its opening bracket.
                        None => {
                            let r = node.member_range();
                            TextRange::new(r.start, (r.start + 1).min(r.end))
                        }
                    };
                }
                p = up;
            }
            return TextRange::empty(0);
        };
        match target {
            Target::Key => node.key_range(),
            Target::KeyOccurrence(n) => self.key_occurrence(pointer, n).unwrap_or_else(|| node.key_range()),
            Target::Value => value_range(node.value),
            Target::Member => node.member_range(),
            Target::ValueSpan(span) => match node.value {
                Value::StringLit(lit) => {
                    let literal: TextRange = lit.range.into();
                    // Every escape is longer than what it decodes to, so equal lengths mean none
                    // (no scan of the literal: thousands of spans in one long string stay linear).
                    let raw_len = literal.len() - 2;
                    let raw = &self.text[literal.start + 1..literal.end - 1];
                    // A span that splits a character (a rule's bug) widens to the literal rather
                    // than produce a range no editor can show.
                    if raw_len == lit.value.len()
                        && span.start <= span.end
                        && raw.is_char_boundary(span.start)
                        && raw.is_char_boundary(span.end)
                    {
                        TextRange::new(literal.start + 1 + span.start, literal.start + 1 + span.end)
                    } else {
                        literal
                    }
                }
                other => value_range(other),
            },
            Target::DecodedSpan(span) => {
                self.raw_span(pointer, span).unwrap_or_else(|| self.resolve(pointer, Target::ValueSpan(span)))
            }
        }
    }
}

impl PointerIndex<'_, '_> {
    /// The exact bytes of the literal that decode to `span` of the string at `pointer`, escapes
    /// included (`\"name\"` → the bytes of `name`). For fix edits: unlike
    /// [`Target::ValueSpan`], this never widens to the whole literal. `None` when the pointer is
    /// not a string or a span boundary falls inside an escape.
    pub fn raw_span(&self, pointer: &str, span: TextRange) -> Option<TextRange> {
        let node = self.get(pointer)?;
        let Value::StringLit(lit) = node.value else { return None };
        let literal: TextRange = lit.range.into();
        let raw = &self.text[literal.start + 1..literal.end - 1];
        let (start, end) = if raw.len() == lit.value.len() {
            // No escapes (each is longer than what it decodes to): the offsets are the same.
            // `is_char_boundary` is false past the end, as `decoded_to_raw` gives `None` there.
            if !(raw.is_char_boundary(span.start) && raw.is_char_boundary(span.end)) {
                return None;
            }
            (span.start, span.end)
        } else {
            (decoded_to_raw(raw, span.start)?, decoded_to_raw(raw, span.end)?)
        };
        Some(TextRange::new(literal.start + 1 + start, literal.start + 1 + end))
    }

    fn key_occurrence(&self, pointer: &str, n: usize) -> Option<TextRange> {
        let name = last_token(pointer)?;
        let Value::Object(parent) = self.get(parent(pointer)?)?.value else { return None };
        parent.properties.iter().filter(|p| p.name.as_str() == name).nth(n).map(prop_name_range)
    }
}

/// Maps a byte offset of the decoded string to the offset in its raw JSON literal (without the
/// quotes). `None` when the offset falls inside the decoded bytes of an escape (or of a
/// character). Runs of text between escapes are skipped with `memchr`: a body with thousands of
/// findings maps them in near-linear time.
pub fn decoded_to_raw(raw: &str, decoded_offset: usize) -> Option<usize> {
    let bytes = raw.as_bytes();
    let (mut r, mut d) = (0, 0);
    while d < decoded_offset {
        // Bytes up to the next backslash decode to themselves.
        let plain = memchr::memchr(b'\\', &bytes[r..]).unwrap_or(bytes.len() - r);
        if d + plain >= decoded_offset {
            let at = r + (decoded_offset - d);
            return raw.is_char_boundary(at).then_some(at);
        }
        r += plain;
        d += plain;
        let (raw_len, decoded_len) = escape_lengths(raw, r)?;
        r += raw_len;
        d += decoded_len;
    }
    (d == decoded_offset).then_some(r)
}

/// The escape at `raw[r]` (a backslash): its length in the literal and the length of what it
/// decodes to (a surrogate pair is one 4-byte character; a lone surrogate decodes to U+FFFD).
fn escape_lengths(raw: &str, r: usize) -> Option<(usize, usize)> {
    let bytes = raw.as_bytes();
    Some(match bytes.get(r + 1)? {
        b'u' => {
            let unit = u32::from_str_radix(raw.get(r + 2..r + 6)?, 16).ok()?;
            let low = raw.get(r + 6..r + 12).filter(|s| s.starts_with("\\u"));
            match (unit, low) {
                (0xD800..=0xDBFF, Some(_)) => (12, 4),
                _ => (6, char::from_u32(unit).map_or(3, char::len_utf8)),
            }
        }
        _ => (2, 1),
    })
}

/// The pointer of the innermost node whose value range contains byte `offset` (e.g. the bracket
/// where nesting went past a limit).
pub fn pointer_at(root: &Value<'_>, offset: usize) -> String {
    let mut pointer = String::new();
    let mut value = root;
    loop {
        let next = match value {
            Value::Object(obj) => obj
                .properties
                .iter()
                .find(|p| value_range(&p.value).contains_offset(offset))
                .map(|p| (push(&pointer, p.name.as_str()), &p.value)),
            Value::Array(arr) => arr
                .elements
                .iter()
                .enumerate()
                .find(|(_, e)| value_range(e).contains_offset(offset))
                .map(|(i, e)| (push_index(&pointer, i), e)),
            _ => None,
        };
        match next {
            Some((p, v)) => {
                pointer = p;
                value = v;
            }
            None => return pointer,
        }
    }
}

fn child<'d, 'a>(value: &'d Value<'a>, token: &str) -> Option<Node<'d, 'a>> {
    match value {
        Value::Object(obj) => obj
            .properties
            .iter()
            .rev()
            .find(|p| p.name.as_str() == token)
            .map(|p| Node { key: Some(p), value: &p.value }),
        Value::Array(arr) => {
            let index: usize = token.parse().ok()?;
            if token.len() > 1 && token.starts_with('0') {
                return None;
            }
            arr.elements.get(index).map(|v| Node { key: None, value: v })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The character-at-a-time mapping `decoded_to_raw` replaced: the specification of its skipping
    /// (both read an escape with `escape_lengths`).
    fn decoded_to_raw_charwise(raw: &str, decoded_offset: usize) -> Option<usize> {
        let bytes = raw.as_bytes();
        let (mut r, mut d) = (0, 0);
        while d < decoded_offset {
            if r >= bytes.len() {
                return None;
            }
            let (raw_len, decoded_len) = if bytes[r] == b'\\' {
                escape_lengths(raw, r)?
            } else {
                let ch = raw[r..].chars().next()?;
                (ch.len_utf8(), ch.len_utf8())
            };
            r += raw_len;
            d += decoded_len;
        }
        (d == decoded_offset).then_some(r)
    }

    proptest! {
        #[test]
        fn decoded_to_raw_matches_the_charwise_mapping(
            pieces in prop::collection::vec(
                prop::sample::select(vec!["a", "é", "😀", "\\\"", "\\\\", "\\n", "\\u00e9", "\\ud83d\\ude00", "\\u0041", "xyz"]),
                0..30,
            ),
        ) {
            let raw: String = pieces.concat();
            for offset in 0..raw.len() * 2 + 2 {
                prop_assert_eq!(decoded_to_raw(&raw, offset), decoded_to_raw_charwise(&raw, offset), "offset {}", offset);
            }
        }
    }
    use crate::parse::{parse, Dialect};

    #[test]
    fn escapes_round_trip() {
        let p = push("", "a/b~c");
        assert_eq!(p, "/a~1b~0c");
        assert_eq!(tokens(&p), vec!["a/b~c".to_owned()]);
        assert_eq!(parent("/a/b"), Some("/a"));
        assert_eq!(parent("/a"), Some(""));
        assert_eq!(parent(""), None);
    }

    #[test]
    fn resolves_keys_values_and_missing_members() {
        let text = r#"{"config": {"url": "https://x", "h": [1, {"k": "v\"w"}]}}"#;
        let doc = parse(text, Dialect::Json).unwrap_or_else(|e| panic!("{e:?}"));
        let index = PointerIndex::new(&doc.root, doc.text);
        let at = |r: TextRange| &text[r.start..r.end];
        assert_eq!(at(index.resolve("/config/url", Target::Key)), "\"url\"");
        assert_eq!(at(index.resolve("/config/url", Target::Value)), "\"https://x\"");
        assert_eq!(at(index.resolve("/config/url", Target::Member)), "\"url\": \"https://x\"");
        assert_eq!(at(index.resolve("/config/method", Target::Key)), "\"config\"");
        assert_eq!(at(index.resolve("/config/url", Target::ValueSpan(TextRange::new(0, 5)))), "https");
        // A span that splits a character: the whole literal.
        let cjk = r#"{"u": "漢x"}"#;
        let doc2 = parse(cjk, Dialect::Json).unwrap_or_else(|e| panic!("{e:?}"));
        let index2 = PointerIndex::new(&doc2.root, doc2.text);
        assert_eq!(&cjk[index2.resolve("/u", Target::ValueSpan(TextRange::new(0, 1))).start..][..1], "\"");
        // Escapes: the whole literal.
        assert_eq!(at(index.resolve("/config/h/1/k", Target::ValueSpan(TextRange::new(0, 1)))), "\"v\\\"w\"");
        assert_eq!(at(index.resolve("/config/h/1/missing", Target::Key)), "{");
    }

    #[test]
    fn raw_spans_see_through_escapes() {
        let text = r#"{"h": "Bearer {{secureData(\"key_prod\")}} \u00e9\ud83d\ude00x"}"#;
        let doc = parse(text, Dialect::Json).unwrap_or_else(|e| panic!("{e:?}"));
        let index = PointerIndex::new(&doc.root, doc.text);
        let Some(Node { value: Value::StringLit(lit), .. }) = index.get("/h") else { panic!("string") };
        let decoded = lit.value.to_string();
        let name = decoded.find("key_prod").unwrap_or_default();
        let raw = index.raw_span("/h", TextRange::new(name, name + 8)).unwrap_or_default();
        assert_eq!(&text[raw.start..raw.end], "key_prod");
        assert_eq!(index.resolve("/h", Target::DecodedSpan(TextRange::new(name, name + 8))), raw);
        let x = decoded.find('x').unwrap_or_default();
        let raw = index.raw_span("/h", TextRange::new(x, x + 1)).unwrap_or_default();
        assert_eq!(&text[raw.start..raw.end], "x");
        // Inside the two bytes that `\u00e9` decodes to.
        let e = decoded.find('é').unwrap_or_default();
        assert_eq!(index.raw_span("/h", TextRange::new(e + 1, x)), None);
    }

    #[test]
    fn key_occurrences_and_pointer_at_offsets() {
        let text = r#"{"a": 1, "b": {"c": [0, [1]]}, "a": 2, "a": 3}"#;
        let doc = parse(text, Dialect::Json).unwrap_or_else(|e| panic!("{e:?}"));
        let index = PointerIndex::new(&doc.root, doc.text);
        let at = |r: TextRange| r.start;
        assert_eq!(at(index.resolve("/a", Target::KeyOccurrence(0))), 1);
        assert_eq!(at(index.resolve("/a", Target::KeyOccurrence(1))), text.find("\"a\": 2").unwrap_or(0));
        // Past the last occurrence: the key a pointer names (the last one).
        assert_eq!(index.resolve("/a", Target::KeyOccurrence(9)), index.resolve("/a", Target::Key));
        let inner = text.find("[1]").unwrap_or(0);
        assert_eq!(pointer_at(&doc.root, inner), "/b/c/1");
        assert_eq!(pointer_at(&doc.root, inner + 1), "/b/c/1/0");
        assert_eq!(pointer_at(&doc.root, 0), "");
    }
}

//! The literal view of a template string: the same bytes, with template syntax replaced by
//! [`MASK`] so that every offset still matches the string, and scanners see only what is sent
//! as written.
//!
//! Template spans are references, never secrets, with two exceptions that do carry literals:
//! string literals inside a reference or directive (`$encoding.base64("user:secret")`,
//! `#set($key = "…")`), and the JSON that guide expressions build
//! (`{{json.stringify({"client_secret": "…"})}}`): there the quoted strings and the JSON
//! punctuation stay visible, while names, calls and `secureData(…)` stay masked. Comments are
//! not sent, but they are in the file, so they stay visible too.

use std::borrow::Cow;

use crate::template::{self, SpanKind};
use crate::text::TextRange;

/// Stands for a byte of template syntax. Never a delimiter any scanner looks for.
pub const MASK: u8 = 0x01;

/// The literal view of `s`; borrowed when `s` has no template syntax at all.
pub fn literal_view(s: &str) -> Cow<'_, [u8]> {
    if !template::has_template_syntax(s) {
        return Cow::Borrowed(s.as_bytes());
    }
    let mut out = s.as_bytes().to_vec();
    mask_spans(s, 0, &mut out);
    Cow::Owned(out)
}

/// Masks the template spans of `s`, which sits at `base` in `out`.
fn mask_spans(s: &str, base: usize, out: &mut [u8]) {
    let scan = template::scan(s);
    for span in &scan.spans {
        let range = TextRange::new(base + span.range.start, base + span.range.end);
        match span.kind {
            SpanKind::Text | SpanKind::Comment => {}
            SpanKind::Expression => mask_code(s, base, span.range, true, out),
            SpanKind::Reference | SpanKind::Directive => mask_code(s, base, span.range, false, out),
        }
        debug_assert!(range.end <= out.len());
    }
}

/// Masks a code span (`range` relative to `s`), keeping its string literals' literal parts and,
/// in a guide expression, the JSON punctuation around them.
fn mask_code(s: &str, base: usize, range: TextRange, expression: bool, out: &mut [u8]) {
    let bytes = s.as_bytes();
    for b in &mut out[base + range.start..base + range.end] {
        *b = MASK;
    }
    let (mut i, mut end) = (range.start, range.end);
    if expression {
        // `{{` … `}}`; an unclosed expression runs to the end of the string.
        i += 2;
        if end - i >= 2 && bytes[end - 2..end] == *b"}}" {
            end -= 2;
        }
    }
    while i < end {
        let b = bytes[i];
        match b {
            b'"' | b'\'' => {
                let Some(close) = closing_quote(bytes, i, end) else { return };
                out[base + i] = b;
                out[base + close] = b;
                let Some(inner) = s.get(i + 1..close) else { return };
                let inner_base = base + i + 1;
                out[inner_base..inner_base + inner.len()].copy_from_slice(inner.as_bytes());
                if template::has_template_syntax(inner) {
                    mask_spans(inner, inner_base, out);
                }
                i = close + 1;
            }
            b'{' if expression && bytes.get(i + 1) == Some(&b'{') => {
                // A nested `{{ … }}` outside quotes: masked whole.
                i = nested_expression_end(bytes, i, end);
            }
            b'{' | b'}' | b'[' | b']' | b':' | b',' | b' ' | b'\t' | b'\r' | b'\n' if expression => {
                out[base + i] = b;
                i += 1;
            }
            b'$' | b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                let start = i;
                while i < end && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'.' | b'$' | b'!')) {
                    if bytes[i] == b'$' && bytes.get(i + 1) == Some(&b'{') {
                        i = group_end(bytes, i + 1, end);
                    } else {
                        i += 1;
                    }
                }
                let name = s.get(start..i).unwrap_or_default();
                let mut j = i;
                while j < end && bytes[j] == b' ' {
                    j += 1;
                }
                if (name == "secureData" || name.ends_with(".secureData")) && bytes.get(j) == Some(&b'(') {
                    // Its argument is a Secure Data name, not a secret.
                    i = group_end(bytes, j, end);
                }
            }
            _ => i += 1,
        }
    }
}

/// The closing quote of the string literal opened at `open`, skipping backslash escapes.
fn closing_quote(bytes: &[u8], open: usize, end: usize) -> Option<usize> {
    let q = bytes[open];
    let mut i = open + 1;
    while i < end {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == q => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// End (exclusive) of the bracket group opened at `open`, skipping quoted strings; `end` when it
/// is never closed.
fn group_end(bytes: &[u8], open: usize, end: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while i < end {
        match bytes[i] {
            b'"' | b'\'' => match closing_quote(bytes, i, end) {
                Some(close) => i = close,
                None => return end,
            },
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    end
}

fn nested_expression_end(bytes: &[u8], open: usize, end: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while i + 1 < end {
        if bytes[i] == b'{' && bytes[i + 1] == b'{' {
            depth += 1;
            i += 2;
        } else if bytes[i] == b'}' && bytes[i + 1] == b'}' {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    end
}

/// Whether `range` of the view holds only literal bytes.
pub fn is_literal(view: &[u8], range: TextRange) -> bool {
    !view[range.start..range.end].contains(&MASK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> String {
        literal_view(s).iter().map(|&b| if b == MASK { '·' } else { b as char }).collect()
    }

    #[test]
    fn references_are_masked_and_literals_inside_them_are_not() {
        assert_eq!(shown("Bearer ${credentials.token}"), "Bearer ····················");
        assert_eq!(shown("Basic $encoding.base64(\"user:pw\")"), "Basic ·················\"user:pw\"·");
        assert_eq!(
            shown("Basic $encoding.base64(\"${credentials.u}:pw\")"),
            "Basic ·················\"················:pw\"·"
        );
    }

    #[test]
    fn guide_expressions_keep_their_json() {
        let s = r#"{{json.stringify({"client_secret": "abc", "q": "{{system.queueId}}", "k": secureData("n")})}}"#;
        assert_eq!(
            shown(s),
            r#"·················{"client_secret": "abc", "q": "··················", "k": ···············}···"#
        );
        assert_eq!(shown(r#"Bearer {{secureData("api_key_prod")}}"#), "Bearer ······························");
    }
}

//! Template syntax: the guide's `{{ … }}` expressions and Apache Velocity as Genesys uses it
//! (`${x}`, `$!{x}`, `$x.y(…)`, `#if`/`#set`/`#foreach`/`#end`).
//!
//! [`scan`] splits a decoded JSON string into literal text and template spans; secret detection
//! skips template spans (they are references, never secrets) and rules read [`references`].
//! Ranges are byte ranges into the decoded string.

use crate::text::TextRange;

/// What a span of a template string is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanKind {
    /// Literal text, sent as written.
    Text,
    /// A guide expression `{{ … }}` (may nest: `{{json.stringify({"q": "{{system.queueId}}"})}}`).
    Expression,
    /// A Velocity reference: `${…}`, `$!{…}`, `$a.b(…)[0]`.
    Reference,
    /// A Velocity directive with its arguments: `#if(…)`, `#else`, `#end`, `#set(…)`.
    Directive,
    /// A Velocity comment: `## …` or `#* … *#`.
    Comment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub kind: SpanKind,
    pub range: TextRange,
}

/// A syntax problem found while scanning (`TPL001`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// Consecutive spans covering the whole string.
    pub spans: Vec<Span>,
    pub errors: Vec<SyntaxError>,
}

impl Scan {
    /// Whether `range` lies entirely in literal text.
    pub fn is_literal(&self, range: TextRange) -> bool {
        self.spans.iter().filter(|s| s.kind == SpanKind::Text).any(|s| s.range.contains_range(range))
    }
    /// Literal text spans.
    pub fn literals(&self) -> impl Iterator<Item = TextRange> + '_ {
        self.spans.iter().filter(|s| s.kind == SpanKind::Text).map(|s| s.range)
    }
}

/// Whether a string contains any template syntax at all (fast path).
pub fn has_template_syntax(s: &str) -> bool {
    s.contains("{{") || s.contains('$') || s.contains('#')
}

const DIRECTIVES: &[&str] =
    &["if", "elseif", "else", "end", "set", "foreach", "break", "stop", "macro", "parse", "include"];

/// Splits `s` into text and template spans.
pub fn scan(s: &str) -> Scan {
    let bytes = s.as_bytes();
    let mut scan = Scan::default();
    let mut text_start = 0;
    let mut i = 0;
    let push = |scan: &mut Scan, text_start: &mut usize, kind: SpanKind, range: TextRange| {
        if *text_start < range.start {
            scan.spans.push(Span { kind: SpanKind::Text, range: TextRange::new(*text_start, range.start) });
        }
        scan.spans.push(Span { kind, range });
        *text_start = range.end;
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if matches!(bytes.get(i + 1), Some(b'$' | b'#')) => i += 2,
            b'{' if bytes.get(i + 1) == Some(&b'{') => {
                let (end, error) = expression_end(bytes, i);
                if let Some(e) = error {
                    scan.errors.push(e);
                }
                push(&mut scan, &mut text_start, SpanKind::Expression, TextRange::new(i, end));
                i = end;
            }
            b'$' => match reference_end(bytes, i) {
                Some((end, error)) => {
                    if let Some(e) = error {
                        scan.errors.push(e);
                    }
                    push(&mut scan, &mut text_start, SpanKind::Reference, TextRange::new(i, end));
                    i = end;
                }
                None => i += 1,
            },
            b'#' => match directive_end(bytes, i) {
                Some((end, kind, error)) => {
                    if let Some(e) = error {
                        scan.errors.push(e);
                    }
                    push(&mut scan, &mut text_start, kind, TextRange::new(i, end));
                    i = end;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    if text_start < bytes.len() {
        scan.spans.push(Span { kind: SpanKind::Text, range: TextRange::new(text_start, bytes.len()) });
    }
    scan
}

/// End of a `{{ … }}` expression starting at `start`. A stack of open `{{` and `{` decides what a
/// `}` closes: the innermost single brace first, so `{"a": {"b": 1}}` inside an expression and a
/// nested `"{{system.queueId}}"` both close correctly.
fn expression_end(bytes: &[u8], start: usize) -> (usize, Option<SyntaxError>) {
    let mut stack: Vec<bool> = Vec::new(); // true = `{{`, false = `{`
    let mut i = start;
    while i < bytes.len() {
        if bytes[i] == b'{' && bytes.get(i + 1) == Some(&b'{') && stack.last() != Some(&false) {
            stack.push(true);
            i += 2;
        } else if bytes[i] == b'{' {
            stack.push(false);
            i += 1;
        } else if bytes[i] == b'}' && stack.last() == Some(&false) {
            stack.pop();
            i += 1;
        } else if bytes[i] == b'}' && bytes.get(i + 1) == Some(&b'}') {
            stack.pop();
            i += 2;
            if stack.is_empty() {
                return (i, None);
            }
        } else {
            i += 1;
        }
    }
    let error = SyntaxError {
        range: TextRange::new(start, start + 2),
        message: "`{{` is never closed: expected `}}`".to_owned(),
    };
    (bytes.len(), Some(error))
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// End of the bracketed group opened at `open` (`(`, `[` or `{`), skipping quoted strings.
fn group_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut stack = vec![bytes[open]];
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b @ (b'(' | b'[' | b'{') => stack.push(b),
            b @ (b')' | b']' | b'}') => {
                let expected = match stack.pop() {
                    Some(b'(') => b')',
                    Some(b'[') => b']',
                    _ => b'}',
                };
                if b != expected {
                    return None;
                }
                if stack.is_empty() {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn unclosed(start: usize, at: usize, open: char, close: char) -> SyntaxError {
    SyntaxError {
        range: TextRange::new(start, at + 1),
        message: format!("`{open}` opened here is never closed: expected `{close}`"),
    }
}

/// End of a Velocity reference at `start` (`$`), or `None` when the `$` is literal text.
fn reference_end(bytes: &[u8], start: usize) -> Option<(usize, Option<SyntaxError>)> {
    let mut i = start + 1;
    if bytes.get(i) == Some(&b'!') {
        i += 1;
    }
    if bytes.get(i) == Some(&b'{') {
        if !bytes.get(i + 1).copied().is_some_and(is_ident_start) {
            return None;
        }
        return Some(match group_end(bytes, i) {
            Some(end) => (end, None),
            None => (bytes.len(), Some(unclosed(start, i, '{', '}'))),
        });
    }
    if !bytes.get(i).copied().is_some_and(is_ident_start) {
        return None;
    }
    while i < bytes.len() && is_ident(bytes[i]) {
        i += 1;
    }
    // Method calls, properties and indexes: `.name`, `(…)`, `[…]`.
    loop {
        match bytes.get(i) {
            Some(b'.') if bytes.get(i + 1).copied().is_some_and(is_ident_start) => {
                i += 1;
                while i < bytes.len() && is_ident(bytes[i]) {
                    i += 1;
                }
            }
            Some(b'(') | Some(b'[') => match group_end(bytes, i) {
                Some(end) => i = end,
                None => {
                    let (open, close) = if bytes[i] == b'(' { ('(', ')') } else { ('[', ']') };
                    return Some((bytes.len(), Some(unclosed(start, i, open, close))));
                }
            },
            _ => return Some((i, None)),
        }
    }
}

/// End of a directive or comment at `start` (`#`), or `None` when the `#` is literal text.
fn directive_end(bytes: &[u8], start: usize) -> Option<(usize, SpanKind, Option<SyntaxError>)> {
    match bytes.get(start + 1) {
        Some(b'#') => {
            let end = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| start + p);
            return Some((end, SpanKind::Comment, None));
        }
        Some(b'*') => {
            let end = bytes[start + 2..].windows(2).position(|w| w == b"*#").map(|p| start + 2 + p + 2);
            return Some(match end {
                Some(end) => (end, SpanKind::Comment, None),
                None => (
                    bytes.len(),
                    SpanKind::Comment,
                    Some(SyntaxError {
                        range: TextRange::new(start, start + 2),
                        message: "`#*` comment is never closed: expected `*#`".to_owned(),
                    }),
                ),
            });
        }
        _ => {}
    }
    let braced = bytes.get(start + 1) == Some(&b'{');
    let name_start = start + 1 + usize::from(braced);
    let mut i = name_start;
    while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
        i += 1;
    }
    let name = std::str::from_utf8(&bytes[name_start..i]).ok()?;
    if !DIRECTIVES.contains(&name) {
        return None;
    }
    if braced {
        if bytes.get(i) != Some(&b'}') {
            return None;
        }
        i += 1;
    }
    let mut j = i;
    while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
        j += 1;
    }
    if bytes.get(j) == Some(&b'(') {
        return Some(match group_end(bytes, j) {
            Some(end) => (end, SpanKind::Directive, None),
            None => (bytes.len(), SpanKind::Directive, Some(unclosed(start, j, '(', ')'))),
        });
    }
    Some((i, SpanKind::Directive, None))
}

/// What a reference reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    /// `{{secureData("name")}}`: a Secure Data object of the org.
    SecureData,
    /// `${credentials.name}`: a credential field of the integration.
    Credentials,
    /// `${authResponse.name}`: the custom auth action's result.
    AuthResponse,
    /// `${input.name}`: a flow input.
    Input,
}

/// A reference to a secret or input, inside a template string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub kind: ReferenceKind,
    /// The name as written (may be empty or invalid for a malformed `secureData()`).
    pub name: String,
    /// The whole reference (`${credentials.x}`, or `secureData("x")` inside its expression).
    pub range: TextRange,
    /// The name inside it.
    pub name_range: TextRange,
    /// Why a `secureData()` reference is malformed (`SEC006`), if it is.
    pub malformed: Option<String>,
}

/// Every `secureData()`, `credentials.*`, `authResponse.*` and `input.*` reference in `s`,
/// including references nested in helper arguments (`$esc.url(${input.q})`).
pub fn references(s: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    if !has_template_syntax(s) {
        return out;
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' && (i == 0 || bytes[i - 1] != b'\\') {
            let mut j = i + 1;
            if bytes.get(j) == Some(&b'!') {
                j += 1;
            }
            let braced = bytes.get(j) == Some(&b'{');
            if braced {
                j += 1;
            }
            let root_start = j;
            while j < bytes.len() && is_ident(bytes[j]) {
                j += 1;
            }
            let kind = match &s[root_start..j] {
                "credentials" => Some(ReferenceKind::Credentials),
                "authResponse" => Some(ReferenceKind::AuthResponse),
                "input" => Some(ReferenceKind::Input),
                _ => None,
            };
            if let Some(kind) = kind {
                if bytes.get(j) == Some(&b'.') && bytes.get(j + 1).copied().is_some_and(is_ident_start) {
                    let name_start = j + 1;
                    let mut k = name_start;
                    while k < bytes.len() && (bytes[k].is_ascii_alphanumeric() || bytes[k] == b'_') {
                        k += 1;
                    }
                    let mut end = k;
                    if braced && bytes.get(k) == Some(&b'}') {
                        end = k + 1;
                    }
                    out.push(Reference {
                        kind,
                        name: s[name_start..k].to_owned(),
                        range: TextRange::new(i, end),
                        name_range: TextRange::new(name_start, k),
                        malformed: None,
                    });
                }
            }
            i = j.max(i + 1);
        } else if bytes[i..].starts_with(b"secureData") && is_secure_data_call(bytes, i) {
            out.push(secure_data_reference(s, i));
            i += "secureData".len();
        } else {
            i += 1;
        }
    }
    out
}

/// Whether `secureData` at `start` is a call: a whole word (not `mySecureData`, `secureDataId`)
/// followed by `(`. Prose that mentions Secure Data is not a reference.
fn is_secure_data_call(bytes: &[u8], start: usize) -> bool {
    let end = start + "secureData".len();
    let word_before = start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
    let mut j = end;
    while j < bytes.len() && bytes[j] == b' ' {
        j += 1;
    }
    !word_before && bytes.get(j) == Some(&b'(')
}

/// Parses `secureData(…)` at `start`, recording why it is malformed when it is.
fn secure_data_reference(s: &str, start: usize) -> Reference {
    let bytes = s.as_bytes();
    let mut i = start + "secureData".len();
    while i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    let malformed = |name: &str, name_range: TextRange, end: usize, why: &str| Reference {
        kind: ReferenceKind::SecureData,
        name: name.to_owned(),
        range: TextRange::new(start, end),
        name_range,
        malformed: Some(why.to_owned()),
    };
    if bytes.get(i) != Some(&b'(') {
        return malformed("", TextRange::empty(i), i, "`secureData` is not called: expected `(\"name\")`");
    }
    i += 1;
    while i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    // Inside a JSON-encoded body the quotes are escaped: `secureData(\"name\")`.
    let escaped = bytes.get(i) == Some(&b'\\') && bytes.get(i + 1) == Some(&b'"');
    if escaped {
        i += 1;
    }
    let quote = bytes.get(i).copied();
    let (name_range, after) = match quote {
        Some(q @ (b'"' | b'\'')) => {
            let name_start = i + 1;
            let mut k = name_start;
            while k < bytes.len() && bytes[k] != q && bytes[k] != b')' && !(escaped && bytes[k] == b'\\') {
                k += 1;
            }
            if escaped && bytes.get(k) == Some(&b'\\') {
                k += 1;
            }
            if bytes.get(k) != Some(&q) {
                return malformed(
                    &s[name_start..k],
                    TextRange::new(name_start, k),
                    k,
                    "the name's quote is never closed",
                );
            }
            let name_end = if escaped { k - 1 } else { k };
            (TextRange::new(name_start, name_end), k + 1)
        }
        _ => {
            let name_start = i;
            let mut k = i;
            while k < bytes.len() && bytes[k] != b')' && bytes[k] != b'}' && bytes[k] != b' ' {
                k += 1;
            }
            (TextRange::new(name_start, k), k)
        }
    };
    let name = &s[name_range.start..name_range.end];
    let mut j = after;
    while j < bytes.len() && bytes[j] == b' ' {
        j += 1;
    }
    let closed = bytes.get(j) == Some(&b')');
    let end = if closed { j + 1 } else { j };
    let why = if quote == Some(b'\'') {
        Some("the name is single-quoted; Genesys expects double quotes: `secureData(\"name\")`")
    } else if quote != Some(b'"') {
        Some("the name is not quoted: write `secureData(\"name\")`")
    } else if name.is_empty() {
        Some("the name is empty")
    } else if !name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')) {
        Some("the name has characters outside `A-Z a-z 0-9 _ . -`")
    } else if !closed {
        Some("`)` is missing after the name")
    } else {
        None
    };
    Reference {
        kind: ReferenceKind::SecureData,
        name: name.to_owned(),
        range: TextRange::new(start, end),
        name_range,
        malformed: why.map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(SpanKind, &str)> {
        scan(s).spans.iter().map(|sp| (sp.kind, &s[sp.range.start..sp.range.end])).collect()
    }

    #[test]
    fn guide_expression_nests() {
        let s = r#"{{json.stringify({"event": "x", "queueId": "{{system.queueId}}"})}} tail"#;
        let spans = kinds(s);
        assert_eq!(spans[0].0, SpanKind::Expression);
        assert!(spans[0].1.ends_with(")}}"));
        assert_eq!(spans[1], (SpanKind::Text, " tail"));
    }

    #[test]
    fn velocity_references_and_directives() {
        let s = "Basic $encoding.base64(\"${credentials.user}:x\") #if($input.a == \"b\")y#end $5 a#b";
        let spans = kinds(s);
        assert_eq!(spans[1], (SpanKind::Reference, "$encoding.base64(\"${credentials.user}:x\")"));
        assert_eq!(spans[3], (SpanKind::Directive, "#if($input.a == \"b\")"));
        assert_eq!(spans[5], (SpanKind::Directive, "#end"));
        assert_eq!(spans.last().map(|s| s.1), Some(" $5 a#b"));
        assert!(scan(s).errors.is_empty());
    }

    #[test]
    fn unclosed_macro_parenthesis_is_an_error() {
        let s = "Basic $encoding.base64(\"${credentials.user}:${credentials.pass}\"";
        let scan = scan(s);
        assert_eq!(scan.errors.len(), 1);
        assert!(scan.errors[0].message.contains("`(`"));
    }

    #[test]
    fn finds_references() {
        let s =
            r#"Bearer {{secureData("api_key_prod")}} ${credentials.token} $esc.url(${input.q}) {{secureData('x')}}"#;
        let refs = references(s);
        let summary: Vec<_> = refs.iter().map(|r| (r.kind, r.name.as_str(), r.malformed.is_some())).collect();
        assert_eq!(
            summary,
            vec![
                (ReferenceKind::SecureData, "api_key_prod", false),
                (ReferenceKind::Credentials, "token", false),
                (ReferenceKind::Input, "q", false),
                (ReferenceKind::SecureData, "x", true),
            ]
        );
        assert_eq!(&s[refs[1].range.start..refs[1].range.end], "${credentials.token}");
    }

    #[test]
    fn secure_data_quotes_may_be_escaped_in_json_bodies() {
        let refs = references(r#"{"client_secret": "{{secureData(\"crm_secret_prod\")}}"}"#);
        assert_eq!(refs.len(), 1);
        assert_eq!((refs[0].name.as_str(), refs[0].malformed.as_deref()), ("crm_secret_prod", None));
    }

    #[test]
    fn secure_data_must_be_a_call() {
        assert!(references("the secureDataId of mySecureData(x) and secureData objects").is_empty());
        let refs = references("{{secureData(name)}}");
        assert_eq!(refs.len(), 1);
        assert!(refs[0].malformed.is_some());
    }
}

//! Template syntax: the guide's `{{ … }}` expressions and Apache Velocity as Genesys uses it
//! (`${x}`, `$!{x}`, `$x.y(…)`, `#if`/`#set`/`#foreach`/`#end`).
//!
//! - [`parse`] builds a syntax tree ([`ast`]) with exact ranges and syntax errors (`TPL001`).
//! - [`eval`] renders a tree (the preview, `TPL003`, `TPL004`), tracking where each byte of the
//!   output came from.
//! - [`scan`] splits a decoded JSON string into literal text and template spans; secret detection
//!   skips template spans (they are references, never secrets).
//! - [`references`] lists `secureData()`, `credentials.*`, `authResponse.*` and `input.*`
//!   references.
//!
//! Ranges are byte ranges into the decoded string.

pub mod ast;
pub mod eval;
pub mod json_check;
pub mod names;
pub mod parser;
pub mod sites;
pub mod tools;
pub mod value;

pub use ast::{Dialect, SyntaxError, Template};
pub use parser::parse;

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

/// Whether a string contains any template syntax at all (fast path). A lone `}}` counts: it
/// may close an expression whose `{{` is missing.
pub fn has_template_syntax(s: &str) -> bool {
    s.contains("{{") || s.contains("}}") || s.contains('$') || s.contains('#')
}

/// Splits `s` into text and template spans, reading both dialects (a secret is never inside
/// either kind of template span).
pub fn scan(s: &str) -> Scan {
    if !has_template_syntax(s) {
        let spans = if s.is_empty() {
            Vec::new()
        } else {
            vec![Span { kind: SpanKind::Text, range: TextRange::new(0, s.len()) }]
        };
        return Scan { spans, errors: Vec::new() };
    }
    let template = parse(s, Dialect::Guide);
    let mut marked = Vec::new();
    mark_spans(&template.nodes, &mut marked);
    let mut spans = Vec::with_capacity(marked.len() * 2 + 1);
    let mut at = 0;
    for span in marked {
        if span.range.start > at {
            spans.push(Span { kind: SpanKind::Text, range: TextRange::new(at, span.range.start) });
        }
        if span.range.end > span.range.start {
            spans.push(span);
        }
        at = at.max(span.range.end);
    }
    if at < s.len() {
        spans.push(Span { kind: SpanKind::Text, range: TextRange::new(at, s.len()) });
    }
    Scan { spans, errors: template.errors }
}

/// The template (non-text) spans of `nodes`, in order.
fn mark_spans(nodes: &[ast::Node], out: &mut Vec<Span>) {
    use ast::Node;
    let push = |out: &mut Vec<Span>, kind, range| out.push(Span { kind, range });
    for node in nodes {
        match node {
            Node::Text(_) | Node::Escaped { .. } | Node::Unparsed { .. } | Node::UnknownDirective { .. } => {}
            Node::Comment(r) => push(out, SpanKind::Comment, *r),
            Node::Reference(r) => push(out, SpanKind::Reference, r.range),
            Node::Expression(e) => push(out, SpanKind::Expression, e.range),
            Node::Set(set) => push(out, SpanKind::Directive, set.range),
            Node::Break(r) | Node::Stop(r) => push(out, SpanKind::Directive, *r),
            Node::External { range, .. } => push(out, SpanKind::Directive, *range),
            Node::If(block) => {
                for branch in &block.branches {
                    push(out, SpanKind::Directive, branch.head);
                    mark_spans(&branch.body, out);
                }
                if let Some(otherwise) = &block.otherwise {
                    push(out, SpanKind::Directive, otherwise.head);
                    mark_spans(&otherwise.body, out);
                }
                if let Some(end) = block.end {
                    push(out, SpanKind::Directive, end);
                }
            }
            Node::Foreach(block) => {
                push(out, SpanKind::Directive, block.head);
                mark_spans(&block.body, out);
                if let Some(end) = block.end {
                    push(out, SpanKind::Directive, end);
                }
            }
            Node::Definition { head, body, end, .. } => {
                push(out, SpanKind::Directive, *head);
                mark_spans(body, out);
                if let Some(end) = end {
                    push(out, SpanKind::Directive, *end);
                }
            }
        }
    }
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
            while j < bytes.len() && parser::is_ident(bytes[j]) {
                j += 1;
            }
            let kind = match &s[root_start..j] {
                "credentials" => Some(ReferenceKind::Credentials),
                "authResponse" => Some(ReferenceKind::AuthResponse),
                "input" => Some(ReferenceKind::Input),
                _ => None,
            };
            if let Some(kind) = kind {
                if bytes.get(j) == Some(&b'.') && bytes.get(j + 1).copied().is_some_and(parser::is_ident_start) {
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
            let closed_by_escape = escaped && bytes.get(k) == Some(&b'\\');
            if closed_by_escape {
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
            let name_end = if closed_by_escape { k - 1 } else { k };
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

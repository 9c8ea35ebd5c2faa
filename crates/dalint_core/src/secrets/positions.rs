//! Credential positions for redaction: what sits where a credential can go is hidden, whether or
//! not the detector judged it a secret (redaction fails closed).
//!
//! - Header values are hidden by default, unless the header is on
//!   [`names::NON_SECRET_HEADERS`] (or `Accept-*`, or named in `redaction.show`).
//! - Everywhere else by name ([`names::is_secret_like`]): query parameters (and `code` on an
//!   Azure Functions host), form fields, JSON fields, XML elements and attributes (namespaced
//!   too), `#set($token = "…")`, URL passwords; a member of the document named like a credential.
//! - A value stays visible when it is a reference: with its template syntax (and the preview's
//!   `‹…›` markers) masked, only separators and a scheme word remain (`Bearer ${credentials.x}`,
//!   `{{secureData("x")}}`, `${authResponse.token_type} ${authResponse.access_token}`), or when
//!   it is a placeholder of a closed list of shapes ([`is_placeholder_shape`]).
//!
//! [`positions`] reads one string in its context; the preview, the code frames (and so `--diff`,
//! SARIF and every CLI format) and the wasm package all call it, so there is one definition.

use super::names::{self, Normalized};
use super::view::{self, MASK};
use super::{hosts, Context, Part};
use crate::text::TextRange;

/// The marker of a value hidden because of where it sits (the detector did not judge it).
pub const REDACTED: &str = "‹redacted›";

/// Why values are hidden, said once by the preview.
pub const WHY: &str = "values marked ‹redacted› are hidden because of where they sit (a header not on the list of non-secret headers, or a field, parameter or element named like a credential); add a name to `redaction.show` in dalint.json to show its values";

/// Names whose values may be shown (`redaction.show`), compared normalised.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy<'a> {
    pub show: &'a [String],
}

impl<'a> Policy<'a> {
    /// The policy of the `redaction` settings (`dalint.json`, the wasm options).
    pub fn of(redaction: &'a crate::config::Redaction) -> Self {
        Policy { show: &redaction.show }
    }

    fn shows(&self, name: &str) -> bool {
        let Some(n) = Normalized::new(name) else { return false };
        self.show.iter().any(|s| Normalized::new(s).is_some_and(|m| m.as_str() == n.as_str()))
    }

    /// Whether a header's value is shown: a published non-secret header, or one named in
    /// `redaction.show`.
    pub fn shows_header(&self, name: &str) -> bool {
        names::is_non_secret_header(name) || self.shows(name)
    }

    /// Whether a value named `name` is hidden (outside headers).
    pub fn hides(&self, name: &str) -> bool {
        names::is_secret_like(name) && !self.shows(name)
    }
}

/// Byte ranges of `s` to hide because of where they sit, sorted and merged.
pub fn positions(s: &str, ctx: &Context<'_>, policy: &Policy<'_>) -> Vec<TextRange> {
    let v = marked_view(s);
    let mut out = Vec::new();
    let whole = TextRange::new(0, s.len());
    match ctx.part {
        Part::Header => {
            let name = ctx.header.unwrap_or_default();
            if name.trim().eq_ignore_ascii_case("cookie") {
                // Every cookie's value (names stay readable).
                for segment in split(&v, whole, b';') {
                    let value = (segment.start..segment.end)
                        .find(|&k| v[k] == b'=')
                        .map_or(segment, |eq| TextRange::new(eq + 1, segment.end));
                    mask_value(s, &v, value, &mut out);
                }
            } else if !policy.shows_header(name) {
                mask_value(s, &v, whole, &mut out);
            }
        }
        Part::Url => url_like(s, &v, whole, policy, &mut out),
        Part::Body => body(s, &v, policy, &mut out),
        Part::Other => {
            if ctx.field.is_some_and(|f| policy.hides(f)) {
                mask_value(s, &v, whole, &mut out);
            } else {
                body(s, &v, policy, &mut out);
            }
        }
    }
    merge(out)
}

/// The parts of `r` between `separator` bytes.
fn split(v: &[u8], r: TextRange, separator: u8) -> Vec<TextRange> {
    let mut parts = Vec::new();
    let mut start = r.start;
    for (k, &b) in v.iter().enumerate().take(r.end).skip(r.start) {
        if b == separator {
            parts.push(TextRange::new(start, k));
            start = k + 1;
        }
    }
    parts.push(TextRange::new(start, r.end));
    parts
}

/// Sorted ranges with overlaps merged.
pub fn merge(mut ranges: Vec<TextRange>) -> Vec<TextRange> {
    crate::sort::sort(&mut ranges);
    let mut merged: Vec<TextRange> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The literal view of `s` with the preview's `‹…›` markers masked as well.
fn marked_view(s: &str) -> Vec<u8> {
    let mut v = view::literal_view(s).into_owned();
    let mut from = 0;
    while let Some(open) = s[from..].find('‹').map(|p| from + p) {
        let Some(close) = s[open..].find('›').map(|p| open + p + '›'.len_utf8()) else { break };
        v[open..close].fill(MASK);
        from = close;
    }
    v
}

/// Scheme words that may stand before a reference (`Bearer ${credentials.token}`).
const SCHEME_WORDS: &[&str] = &["bearer", "basic", "token", "ssws", "apikey", "key", "digest", "oauth", "sso-key"];

fn is_separator(b: u8) -> bool {
    b.is_ascii_whitespace() || b"\"'():,;=/.-_+{}[]!$@&?#".contains(&b)
}

fn is_blank_or_quote(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'"' || b == b'\''
}

/// Whether a value (a range of the view) is a reference: it holds template syntax or markers,
/// and only separators and scheme words besides.
fn is_reference(s: &str, v: &[u8], r: TextRange) -> bool {
    if !v[r.start..r.end].contains(&MASK) {
        return false;
    }
    literal_runs(s, v, r).is_empty()
}

/// The literal runs of a value that carry something: maximal runs of unmasked bytes, without
/// surrounding blanks and quotes, dropping runs of separators only and a leading scheme word.
fn literal_runs(s: &str, v: &[u8], r: TextRange) -> Vec<TextRange> {
    let mut runs = Vec::new();
    let mut i = r.start;
    while i < r.end {
        if v[i] == MASK {
            i += 1;
            continue;
        }
        let start = i;
        while i < r.end && v[i] != MASK {
            i += 1;
        }
        let (mut a, mut b) = (start, i);
        while a < b && is_blank_or_quote(v[a]) {
            a += 1;
        }
        while b > a && is_blank_or_quote(v[b - 1]) {
            b -= 1;
        }
        if v[a..b].iter().all(|&c| is_separator(c)) {
            continue;
        }
        // `Bearer ` before a reference, or before a literal credential.
        let word_end = (a..b).find(|&k| matches!(v[k], b' ' | b':')).unwrap_or(b);
        let word = s.get(a..word_end).unwrap_or_default();
        if SCHEME_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)) && (runs.is_empty() && a <= r.start + 1) {
            a = word_end;
            while a < b && (is_blank_or_quote(v[a]) || v[a] == b':') {
                a += 1;
            }
            if v[a..b].iter().all(|&c| is_separator(c)) {
                continue;
            }
        }
        runs.push(TextRange::new(a, b));
    }
    runs
}

/// Hides a value unless it is a reference or a placeholder: its literal runs (all of it when it
/// is all literal, its scheme word aside).
fn mask_value(s: &str, v: &[u8], r: TextRange, out: &mut Vec<TextRange>) {
    if r.is_empty() || is_reference(s, v, r) {
        return;
    }
    let trimmed = s[r.start..r.end].trim();
    if !v[r.start..r.end].contains(&MASK) && is_placeholder_shape(trimmed) {
        return;
    }
    out.extend(literal_runs(s, v, r));
}

/// The closed list of placeholder shapes that stay visible in a credential position:
/// `<…>`, `[…]` or `{…}` with words inside (letters, spaces, `_`, `-`, `.`), a run of one
/// character (`xxxxxxxx`, `********`), `changeme`, `REPLACE_ME`, and `your-…-here`.
pub fn is_placeholder_shape(value: &str) -> bool {
    let b = value.as_bytes();
    if b.len() < 3 {
        return false;
    }
    let words = |inner: &[u8]| {
        inner.iter().any(u8::is_ascii_alphabetic)
            && inner.iter().all(|&c| c.is_ascii_alphabetic() || matches!(c, b' ' | b'_' | b'-' | b'.'))
    };
    let enclosed = matches!((b[0], b[b.len() - 1]), (b'<', b'>') | (b'[', b']') | (b'{', b'}'));
    if enclosed && words(&b[1..b.len() - 1]) {
        return true;
    }
    if b.iter().all(|&c| c == b[0]) {
        return true;
    }
    let Some(n) = Normalized::new(value) else { return false };
    let n = n.as_str();
    matches!(n, "changeme" | "replaceme")
        || (n.starts_with("your") && n.ends_with("here") && words(b) && (b.contains(&b'-') || b.contains(&b'_')))
}

/// A request body, or any other text: JSON fields, XML elements and attributes, form fields,
/// `#set($x = "…")`, and URLs inside.
fn body(s: &str, v: &[u8], policy: &Policy<'_>, out: &mut Vec<TextRange>) {
    let whole = TextRange::new(0, s.len());
    json(s, v, whole, policy, out);
    xml(s, v, policy, out);
    velocity_set(s, v, policy, out);
    let first = v.iter().copied().find(|b| !b.is_ascii_whitespace());
    if !matches!(first, Some(b'{' | b'[' | b'<')) {
        url_like(s, v, whole, policy, out);
    }
}

/// End of the JSON string whose content starts at `from`: the unescaped `"` (or `to`).
fn string_end(v: &[u8], from: usize, to: usize) -> usize {
    let mut i = from;
    while i < to {
        match v[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    to
}

/// `"name": value` pairs of JSON-like text (tolerant: templates may cut it); string values not
/// named like a credential are read as URLs or `a=b&c=d` text.
fn json(s: &str, v: &[u8], r: TextRange, policy: &Policy<'_>, out: &mut Vec<TextRange>) {
    let mut i = r.start;
    while i < r.end {
        if v[i] != b'"' {
            i += 1;
            continue;
        }
        let close = string_end(v, i + 1, r.end);
        let key = TextRange::new(i + 1, close);
        let mut j = (close + 1).min(r.end);
        while j < r.end && v[j].is_ascii_whitespace() {
            j += 1;
        }
        if j >= r.end || v[j] != b':' {
            url_like(s, v, key, policy, out);
            i = close + 1;
            continue;
        }
        j += 1;
        while j < r.end && v[j].is_ascii_whitespace() {
            j += 1;
        }
        let hidden = s.get(key.start..key.end).is_some_and(|name| policy.hides(name));
        if j < r.end && v[j] == b'"' {
            let end = string_end(v, j + 1, r.end);
            let value = TextRange::new(j + 1, end);
            if hidden {
                mask_value(s, v, value, out);
            } else {
                url_like(s, v, value, policy, out);
            }
            i = end + 1;
        } else if j < r.end && matches!(v[j], b'{' | b'[') {
            i = j;
        } else {
            let end = (j..r.end).find(|&k| matches!(v[k], b',' | b'}' | b']' | b'\n')).unwrap_or(r.end);
            if hidden {
                mask_value(s, v, TextRange::new(j, end), out);
            }
            i = end.max(j + 1);
        }
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'[' | b']' | b'%' | b':')
}

/// A URL (its password, its query) or `a=b&c=d` text.
fn url_like(s: &str, v: &[u8], r: TextRange, policy: &Policy<'_>, out: &mut Vec<TextRange>) {
    let text = &v[r.start..r.end];
    let mut function_host = false;
    let mut pairs_from = r.start;
    if let Some(p) = text.windows(3).position(|w| w == b"://") {
        let authority = r.start + p + 3;
        let end = (authority..r.end).find(|&k| matches!(v[k], b'/' | b'?' | b'#') || v[k].is_ascii_whitespace());
        let end = end.unwrap_or(r.end);
        userinfo(s, v, authority, end, r.end, out);
        let host_start = v[authority..end].iter().rposition(|&b| b == b'@').map_or(authority, |a| authority + a + 1);
        function_host = s.get(host_start..end).is_some_and(hosts::is_function_host);
        match (end..r.end).find(|&k| v[k] == b'?') {
            Some(q) => pairs_from = q + 1,
            None => return,
        }
    } else if let Some(q) = text.iter().position(|&b| b == b'?') {
        pairs_from = r.start + q + 1;
    }
    pairs(s, v, TextRange::new(pairs_from, r.end), |b| b == b'&' || b == b'\n', function_host, policy, out);
}

/// `user:password@` of the authority `[authority, end)`; a password with a raw `/`, `?` or `#`
/// runs to the next `@` before a blank.
fn userinfo(s: &str, v: &[u8], authority: usize, end: usize, limit: usize, out: &mut Vec<TextRange>) {
    let at = v[authority..end].iter().rposition(|&b| b == b'@').map(|a| authority + a).or_else(|| {
        let colon = (authority..end).find(|&k| v[k] == b':')?;
        let port = (colon + 1..end).all(|k| v[k].is_ascii_digit());
        if port {
            return None;
        }
        (end..limit).take_while(|&k| !v[k].is_ascii_whitespace() && v[k] != b'"').find(|&k| v[k] == b'@')
    });
    let Some(at) = at else { return };
    if let Some(colon) = (authority..at).find(|&k| v[k] == b':') {
        mask_value(s, v, TextRange::new(colon + 1, at), out);
    }
}

/// `name=value` pairs of `r`, split where `is_separator` says; a quoted value runs to its quote.
fn pairs(
    s: &str,
    v: &[u8],
    r: TextRange,
    is_separator: impl Fn(u8) -> bool,
    function_host: bool,
    policy: &Policy<'_>,
    out: &mut Vec<TextRange>,
) {
    let mut i = r.start;
    while i < r.end {
        let Some(eq) = (i..r.end).find(|&k| v[k] == b'=' || is_separator(v[k])) else { break };
        if v[eq] != b'=' {
            i = eq + 1;
            continue;
        }
        let name_start = (i..eq).rev().take_while(|&k| is_name_byte(v[k])).last().unwrap_or(eq);
        let name = s.get(name_start..eq).unwrap_or_default();
        let mut value_start = eq + 1;
        while value_start < r.end && v[value_start] == b' ' {
            value_start += 1;
        }
        let quote = v.get(value_start).copied().filter(|&b| (b == b'"' || b == b'\'') && value_start < r.end);
        let (value, next) = match quote {
            Some(q) => {
                let close = (value_start + 1..r.end).find(|&k| v[k] == q).unwrap_or(r.end);
                (TextRange::new(value_start + 1, close), close + 1)
            }
            None => {
                let end = (value_start..r.end).find(|&k| is_separator(v[k])).unwrap_or(r.end);
                (TextRange::new(value_start, end), end + 1)
            }
        };
        let hidden = policy.hides(name) || (function_host && name.eq_ignore_ascii_case("code"));
        if hidden && !name.is_empty() {
            mask_value(s, v, value, out);
        }
        i = next.max(eq + 1);
    }
}

fn is_xml_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':')
}

/// Elements and attributes of XML named like a credential (namespace prefixes ignored):
/// `<wsse:Password>…</wsse:Password>`, `<user password="…"/>`, CDATA content too.
fn xml(s: &str, v: &[u8], policy: &Policy<'_>, out: &mut Vec<TextRange>) {
    let mut i = 0;
    while let Some(p) = v[i..].iter().position(|&b| b == b'<') {
        let open = i + p;
        let name_start = open + 1;
        let name_end = (name_start..v.len()).find(|&k| !is_xml_name_byte(v[k])).unwrap_or(v.len());
        i = open + 1;
        if name_end == name_start || !v[name_start].is_ascii_alphabetic() {
            continue;
        }
        let Some(close) = (name_end..v.len()).find(|&k| v[k] == b'>') else { break };
        pairs(s, v, TextRange::new(name_end, close), |b| b.is_ascii_whitespace() || b == b'/', false, policy, out);
        i = close + 1;
        if v[close - 1] == b'/' || !s.get(name_start..name_end).is_some_and(|n| policy.hides(n)) {
            continue;
        }
        let content_start = close + 1;
        let content = if v[content_start..].starts_with(b"<![CDATA[") {
            let from = content_start + 9;
            let end = v[from..].windows(3).position(|w| w == b"]]>").map_or(v.len(), |e| from + e);
            TextRange::new(from, end)
        } else {
            let end = v[content_start..].iter().position(|&b| b == b'<').map_or(v.len(), |e| content_start + e);
            TextRange::new(content_start, end)
        };
        mask_value(s, v, content, out);
    }
}

/// `#set($token = "…")` (and `$!{token}`, single quotes) with a secret-like variable name: read
/// on the raw text, since the view masks the directive around its string.
fn velocity_set(s: &str, v: &[u8], policy: &Policy<'_>, out: &mut Vec<TextRange>) {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(p) = s[from..].find("#set").map(|p| from + p) {
        from = p + 4;
        let mut i = from;
        let skip = |i: &mut usize, set: &[u8]| {
            while *i < b.len() && (b[*i].is_ascii_whitespace() || set.contains(&b[*i])) {
                *i += 1;
            }
        };
        skip(&mut i, b"({$!");
        let name_start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'-' | b'.')) {
            i += 1;
        }
        let name = &s[name_start..i];
        skip(&mut i, b"}");
        if i >= b.len() || b[i] != b'=' {
            continue;
        }
        i += 1;
        skip(&mut i, b"");
        if i >= b.len() || !matches!(b[i], b'"' | b'\'') {
            continue;
        }
        let q = b[i];
        let close = (i + 1..b.len()).find(|&k| b[k] == q && b[k - 1] != b'\\').unwrap_or(b.len());
        if !name.is_empty() && policy.hides(name) {
            mask_value(s, v, TextRange::new(i + 1, close), out);
        }
    }
}

/// [`document_positions`] of a whole BOM-less document text; text that does not parse is read
/// as one body.
pub fn text_positions(text: &str, policy: &Policy<'_>) -> Vec<TextRange> {
    use crate::parse::{self, Dialect};
    match parse::parse(text, Dialect::Json).or_else(|_| parse::parse(text, Dialect::Jsonc)) {
        Ok(document) => {
            let model = crate::model::build(&document.root);
            document_positions(document.text, &document.root, &model, policy)
        }
        Err(_) => positions(text, &Context::other(None), policy),
    }
}

/// Byte ranges of a whole parsed document (BOM-less `text`) to hide because of where they sit:
/// every request string of every action read in its place ([`positions`]), every other string
/// by its member's name, and the `default`, `example(s)`, `enum` and `const` of contract inputs
/// named like a credential. The code frames of every output (and `--diff`) mask these.
pub fn document_positions(
    text: &str,
    root: &jsonc_parser::ast::Value<'_>,
    model: &crate::model::DocumentModel<'_, '_>,
    policy: &Policy<'_>,
) -> Vec<TextRange> {
    use crate::pointer::{PointerIndex, Target};
    use crate::template::sites::{template_sites, SiteKind};
    let index = PointerIndex::new(root, text);
    let mut out = Vec::new();
    let mut sites = Vec::new();
    for action in &model.actions {
        for site in template_sites(action) {
            let ctx = match &site.kind {
                SiteKind::Url => Context::url(),
                SiteKind::Header(name) => Context::header(name),
                SiteKind::Body => Context::body(),
                SiteKind::SuccessTemplate => Context::other(Some("successTemplate")),
            };
            sites.push(index.resolve(&site.pointer, Target::Value).start);
            for r in positions(site.value, &ctx, policy) {
                out.push(index.resolve(&site.pointer, Target::DecodedSpan(r)));
            }
        }
    }
    walk(text, root, None, false, &sites, policy, &mut out);
    merge(out)
}

/// Schema keywords whose strings are sample values of the property that holds them.
const SAMPLE_KEYWORDS: &[&str] = &["default", "example", "examples", "enum", "const"];

fn walk(
    text: &str,
    value: &jsonc_parser::ast::Value<'_>,
    member: Option<&str>,
    secret_property: bool,
    sites: &[usize],
    policy: &Policy<'_>,
    out: &mut Vec<TextRange>,
) {
    use jsonc_parser::ast::Value;
    match value {
        Value::StringLit(lit) => {
            let literal: TextRange = lit.range.into();
            if sites.contains(&literal.start) || literal.len() < 2 {
                return;
            }
            let raw = &text[literal.start + 1..literal.end - 1];
            let decoded = lit.value.as_ref();
            let sample = secret_property && member.is_some_and(|m| SAMPLE_KEYWORDS.contains(&m));
            let ranges = if sample {
                let v = marked_view(decoded);
                let mut ranges = Vec::new();
                mask_value(decoded, &v, TextRange::new(0, decoded.len()), &mut ranges);
                ranges
            } else {
                positions(decoded, &Context::other(member), policy)
            };
            for r in ranges {
                out.push(
                    super::rewrite::decoded_to_raw(raw, r)
                        .map_or(literal, |m| TextRange::new(literal.start + 1 + m.start, literal.start + 1 + m.end)),
                );
            }
        }
        Value::Object(object) => {
            let in_properties = member == Some("properties");
            for prop in &object.properties {
                let name = prop.name.as_str();
                let secret =
                    if in_properties { policy.hides(name) } else { secret_property && SAMPLE_KEYWORDS.contains(&name) };
                walk(text, &prop.value, Some(name), secret, sites, policy, out);
            }
        }
        Value::Array(array) => {
            for element in &array.elements {
                walk(text, element, member, secret_property, sites, policy, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hidden(s: &str, ctx: &Context<'_>) -> Vec<String> {
        positions(s, ctx, &Policy::default()).iter().map(|r| s[r.start..r.end].to_owned()).collect()
    }

    #[test]
    fn headers_are_hidden_unless_listed_or_references() {
        assert_eq!(
            hidden("1d2a77ac7baa1db27fc7843ed9af2e91", &Context::header("X-Acme-Tenant")),
            ["1d2a77ac7baa1db27fc7843ed9af2e91"]
        );
        assert_eq!(hidden("Bearer hunter22", &Context::header("Authorization")), ["hunter22"]);
        assert!(hidden("application/json", &Context::header("Content-Type")).is_empty());
        assert!(hidden("text/html", &Context::header("Accept-Language")).is_empty());
        for reference in [
            "Bearer ${credentials.x}",
            "{{secureData(\"x\")}}",
            "Basic $encoding.base64(\"${credentials.id}:${credentials.secret}\")",
            "${input.x}",
            "$!{input.x}",
            "${authResponse.token_type} ${authResponse.access_token}",
            "Bearer ‹credentials.x›",
        ] {
            assert!(hidden(reference, &Context::header("Authorization")).is_empty(), "{reference}");
        }
        let show = ["X-Acme-Tenant".to_owned()];
        assert!(positions("acme", &Context::header("x-acme-tenant"), &Policy { show: &show }).is_empty());
    }

    #[test]
    fn fields_are_hidden_by_name() {
        let body = r#"{"queueId": "q-1", "ns1:apiKey": "abc", "nested": {"sessionToken": "p w"}, "pin": 12}"#;
        assert_eq!(hidden(body, &Context::body()), ["abc", "p w"]);
        assert_eq!(hidden("grant_type=password&password=hunter2&user=bob", &Context::body()), ["hunter2"]);
        let soap = "<s:Envelope><wsse:Password>pa ss</wsse:Password><x token='t1'/><wsse:Username>u</wsse:Username><k:Key><![CDATA[a<b]]></k:Key></s:Envelope>";
        assert_eq!(hidden(soap, &Context::body()), ["pa ss", "t1", "a<b"]);
        assert_eq!(hidden("#set($token = \"abc def\")\n{}", &Context::body()), ["abc def"]);
        assert_eq!(hidden("https://u:p%40ss@h.example.com/x?id=7&sig=AbC&code=1", &Context::url()), ["p%40ss", "AbC"]);
        assert_eq!(hidden("https://fn.azurewebsites.net:443/api/x?code=AbC==&name=n", &Context::url()), ["AbC=="]);
        assert_eq!(hidden("abc", &Context::other(Some("client_secret"))), ["abc"]);
    }

    #[test]
    fn placeholders_of_the_closed_list_stay_visible() {
        for shown in ["<YOUR TOKEN>", "[API KEY]", "{apiKey}", "xxxxxxxx", "changeme", "REPLACE_ME", "your-key-here"] {
            assert!(is_placeholder_shape(shown), "{shown}");
            assert!(hidden(shown, &Context::header("X-Api-Key")).is_empty(), "{shown}");
        }
        for not_shown in ["<a1b2c3d4>", "hunter2", "your_password1_here", "{{x}}x"] {
            assert!(!is_placeholder_shape(not_shown), "{not_shown}");
        }
    }
}

//! Credential positions ("slots") inside one string, by where the string sits: the value of an
//! `Authorization` header after its scheme, a secret-named header, a URL's password and
//! secret-named query parameters, secret-named fields of a JSON, form or XML body.
//!
//! Scanners read the literal view (template syntax masked), so a slot whose value is a template
//! is a *reference* slot: not a secret, but where `SEC003` looks for flow inputs.

use super::names::{self, NameSite};
use super::view::MASK;
use super::{formats, hosts};
use super::{Location, Role, ValueShape};
use crate::text::TextRange;

/// A position where a credential is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// The value (trimmed), as a byte range of the string.
    pub value: TextRange,
    pub role: Role,
    pub location: Location,
    /// The parameter, field or header name, or the `Authorization` scheme, when in the string.
    pub name: Option<TextRange>,
    pub shape: ValueShape,
    /// A JSON body field's value with its quotes.
    pub quoted: Option<TextRange>,
}

impl Slot {
    fn new(value: TextRange, role: Role, location: Location, name: Option<TextRange>) -> Self {
        Self { value, role, location, name, shape: ValueShape::Opaque, quoted: None }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// `range` without surrounding ASCII whitespace.
pub fn trim(view: &[u8], range: TextRange) -> TextRange {
    let (mut start, mut end) = (range.start, range.end);
    while start < end && is_space(view[start]) {
        start += 1;
    }
    while end > start && is_space(view[end - 1]) {
        end -= 1;
    }
    TextRange::new(start, end)
}

fn find(view: &[u8], from: usize, to: usize, byte: u8) -> Option<usize> {
    view[from..to].iter().position(|&b| b == byte).map(|p| from + p)
}

/// Authorization schemes whose credential is an API key.
const API_KEY_SCHEMES: &[&str] = &["ssws", "apikey", "api-key", "key", "sso-key", "geniekey", "klaviyo-api-key"];

/// Schemes whose value is computed per request, never a static credential.
const COMPUTED_SCHEMES: &[&str] = &["digest", "negotiate", "ntlm", "hoba", "mutual", "aws4-hmac-sha256", "hmac"];

/// The slots of an `Authorization`-like header value: the credential after the scheme.
pub fn authorization(s: &str, view: &[u8], out: &mut Vec<Slot>) {
    let value = trim(view, TextRange::new(0, view.len()));
    if value.is_empty() {
        return;
    }
    let mut scheme_end = value.start;
    while scheme_end < value.end && (view[scheme_end].is_ascii_alphanumeric() || view[scheme_end] == b'-') {
        scheme_end += 1;
    }
    let known_scheme = |scheme: &str| {
        ["bearer", "basic", "token"].iter().chain(API_KEY_SCHEMES).any(|k| k.eq_ignore_ascii_case(scheme))
    };
    // `Bearer: <key>`, a common slip: the key is still the credential.
    let colon_after_scheme = scheme_end < value.end
        && view[scheme_end] == b':'
        && scheme_end + 1 < value.end
        && known_scheme(&s[value.start..scheme_end]);
    let has_scheme =
        scheme_end > value.start && scheme_end < value.end && (is_space(view[scheme_end]) || colon_after_scheme);
    if !has_scheme {
        // No scheme: the whole value is the credential (`Authorization: <key>`).
        out.push(Slot::new(value, Role::ApiKey, Location::Authorization, None));
        return;
    }
    let scheme_range = TextRange::new(value.start, scheme_end);
    let scheme = &s[scheme_range.start..scheme_range.end];
    let credential = trim(view, TextRange::new(scheme_end + usize::from(colon_after_scheme), value.end));
    if credential.is_empty() || COMPUTED_SCHEMES.iter().any(|c| c.eq_ignore_ascii_case(scheme)) {
        return;
    }
    if scheme.eq_ignore_ascii_case("basic") {
        basic(view, credential, scheme_range, out);
        return;
    }
    let role = if scheme.eq_ignore_ascii_case("bearer") {
        Role::BearerToken
    } else if scheme.eq_ignore_ascii_case("token") {
        Role::Token
    } else if API_KEY_SCHEMES.iter().any(|t| t.eq_ignore_ascii_case(scheme)) {
        Role::ApiKey
    } else {
        Role::Token
    };
    // A literal inside a macro (`Bearer $esc.x("…")`) is the credential.
    let literal = quoted_literal(view, credential).unwrap_or(credential);
    out.push(Slot::new(literal, role, Location::Authorization, Some(scheme_range)));
}

/// The literal content of the first quoted string inside `range` of the view (macro
/// arguments are the only quotes the view keeps inside template spans).
fn quoted_literal(view: &[u8], range: TextRange) -> Option<TextRange> {
    if !view[range.start..range.end].contains(&MASK) {
        return None;
    }
    let open = (range.start..range.end).find(|&i| matches!(view[i], b'"' | b'\''))?;
    let close = find(view, open + 1, range.end, view[open])?;
    Some(TextRange::new(open + 1, close))
}

/// `Basic <base64>` or `Basic $encoding.base64("user:pass")`.
fn basic(view: &[u8], credential: TextRange, scheme: TextRange, out: &mut Vec<Slot>) {
    if let Some(inner) = quoted_literal(view, credential) {
        // `user:pass` in plain text inside the macro; either side may be a reference.
        let colon = (inner.start..inner.end).find(|&i| view[i] == b':');
        let user_literal = colon.is_some_and(|c| !view[inner.start..c].contains(&MASK));
        let pass = colon.map_or(inner, |c| TextRange::new(c + 1, inner.end));
        let pass_literal = !view[pass.start..pass.end].contains(&MASK);
        let mut slot = if colon.is_some() && user_literal && pass_literal {
            let mut slot = Slot::new(inner, Role::BasicAuth, Location::Authorization, Some(scheme));
            slot.shape = ValueShape::BasicPlain;
            slot
        } else {
            Slot::new(pass, Role::Password, Location::Authorization, Some(scheme))
        };
        if pass.is_empty() {
            slot.value = inner;
        }
        out.push(slot);
        return;
    }
    let mut slot = Slot::new(credential, Role::BasicAuth, Location::Authorization, Some(scheme));
    slot.shape = ValueShape::BasicBase64;
    out.push(slot);
}

/// The slots of a header value by the header's name.
pub fn header(s: &str, view: &[u8], name: &str, out: &mut Vec<Slot>) {
    if names::is_authorization_header(name) {
        authorization(s, view, out);
        return;
    }
    if name.trim().eq_ignore_ascii_case("cookie") {
        cookies(view, s, out);
        return;
    }
    if let Some(role) = names::credential_name(name, NameSite::Header) {
        let value = trim(view, TextRange::new(0, view.len()));
        if starts_with_scheme(s, value) {
            authorization(s, view, out);
        } else if !value.is_empty() {
            out.push(Slot::new(value, role, Location::Header, None));
        }
        return;
    }
    let value = trim(view, TextRange::new(0, view.len()));
    if !names::is_non_secret_header(name) && starts_with_scheme(s, value) {
        authorization(s, view, out);
    }
}

/// Credential cookies of a `Cookie` header (`JSESSIONID=…; theme=dark`).
fn cookies(view: &[u8], s: &str, out: &mut Vec<Slot>) {
    name_value_pairs(
        view,
        TextRange::new(0, view.len()),
        |b| b == b';',
        |name, value| {
            let role = (!name.is_empty() && !value.is_empty())
                .then(|| names::credential_cookie(&s[name.start..name.end]))
                .flatten();
            if let Some(role) = role {
                out.push(Slot::new(value, role, Location::Cookie, Some(name)));
            }
        },
    );
}

/// Whether the value starts with `Bearer `, `Basic `, `Token ` or `SSWS `.
pub fn starts_with_scheme(s: &str, value: TextRange) -> bool {
    let text = &s.as_bytes()[value.start..value.end];
    ["bearer ", "basic ", "token ", "ssws "]
        .iter()
        .any(|scheme| text.len() > scheme.len() && text[..scheme.len()].eq_ignore_ascii_case(scheme.as_bytes()))
}

/// End of a URL's authority starting at `from`.
fn authority_end(view: &[u8], from: usize) -> usize {
    let mut end = from;
    while end < view.len() && !matches!(view[end], b'/' | b'?' | b'#' | b'"' | b'\'' | b' ' | b'\n' | b'<' | b'>') {
        end += 1;
    }
    end
}

/// Passwords in `scheme://user:pass@host`, wherever a URL appears in the string.
///
/// People paste passwords into URLs without percent-encoding them, so a `?` or `#` in a
/// password (`svc:Xq7#pL@host`) is read as part of it, not as the start of a query or fragment:
/// the password leaks either way. A port followed by a query (`host:8443?to=a@b`) is not.
pub fn userinfo(view: &[u8], out: &mut Vec<Slot>) {
    let mut from = 0;
    while let Some(p) = find_scheme_separator(&view[from..]) {
        let authority_start = from + p + 3;
        let end = authority_end(view, authority_start);
        let at = view[authority_start..end]
            .iter()
            .rposition(|&b| b == b'@')
            .map(|p| authority_start + p)
            .or_else(|| unencoded_password_end(view, authority_start, end));
        if let Some(at) = at {
            if let Some(colon) = find(view, authority_start, at, b':') {
                let password = TextRange::new(colon + 1, at);
                if !password.is_empty() {
                    out.push(Slot::new(
                        password,
                        Role::Password,
                        Location::UrlPassword,
                        Some(TextRange::new(authority_start, colon)),
                    ));
                }
            }
        }
        from = end.max(authority_start);
    }
}

/// The `@` after a password that holds a raw `?` or `#` (the authority seemed to end at `end`,
/// on that mark): the first `@` before the path that a host follows, when the authority so far is
/// `user:` and something other than a port.
fn unencoded_password_end(view: &[u8], authority_start: usize, end: usize) -> Option<usize> {
    if !matches!(view.get(end), Some(b'?' | b'#')) {
        return None;
    }
    let colon = find(view, authority_start, end, b':')?;
    let is_port = view[colon + 1..end].iter().all(u8::is_ascii_digit);
    if colon == authority_start || is_port {
        return None;
    }
    let mut at = end;
    while at < view.len() && !matches!(view[at], b'@' | b'/' | b'"' | b'\'' | b' ' | b'\n' | b'<' | b'>') {
        at += 1;
    }
    let host_follows = view.get(at + 1).is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b'[' | b'$' | b'{'));
    (view.get(at) == Some(&b'@') && host_follows).then_some(at)
}

/// Offset of the first `://`.
fn find_scheme_separator(view: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = view[from..].iter().position(|&b| b == b':') {
        let at = from + p;
        if view[at..].starts_with(b"://") {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Secret-named parameters of a URL's query string, and the `code` of an Azure Functions URL.
pub fn query(view: &[u8], s: &str, out: &mut Vec<Slot>) {
    let (start, host) = match find_scheme_separator(view) {
        Some(p) => {
            let end = authority_end(view, p + 3);
            let host_start = view[p + 3..end].iter().rposition(|&b| b == b'@').map_or(p + 3, |at| p + 3 + at + 1);
            (end, &s[host_start..end])
        }
        None => (0, ""),
    };
    let Some(question) = find(view, start, view.len(), b'?') else { return };
    let end = find(view, question, view.len(), b'#').unwrap_or(view.len());
    let params = TextRange::new(question + 1, end);
    pairs(view, s, params, b'&', NameSite::Query, Location::QueryParam, out);
    function_key_code(view, s, params, hosts::is_function_host(host), out);
}

/// `code=` of an Azure Functions URL: a function key, whatever its value on a function host
/// (`*.azurewebsites.net`); elsewhere only with a function key's shape, as `code` is also an
/// OAuth authorization code (`code=4/0AX4…`) or a country code (`code=US`).
fn function_key_code(view: &[u8], s: &str, params: TextRange, function_host: bool, out: &mut Vec<Slot>) {
    name_value_pairs(
        view,
        params,
        |b| b == b'&',
        |name, value| {
            let is_code = s[name.start..name.end].eq_ignore_ascii_case("code");
            if is_code
                && !value.is_empty()
                && (function_host || formats::is_function_key(&view[value.start..value.end]))
            {
                out.push(Slot::new(value, Role::ApiKey, Location::QueryParam, Some(name)));
            }
        },
    );
}

/// Each `name=value` pair (both trimmed) of `range`, pairs ending where `is_separator` says.
fn name_value_pairs(
    view: &[u8],
    range: TextRange,
    is_separator: impl Fn(u8) -> bool,
    mut each: impl FnMut(TextRange, TextRange),
) {
    let mut i = range.start;
    while i < range.end {
        let end = (i..range.end).find(|&j| is_separator(view[j])).unwrap_or(range.end);
        if let Some(eq) = find(view, i, end, b'=') {
            each(trim(view, TextRange::new(i, eq)), trim(view, TextRange::new(eq + 1, end)));
        }
        i = end + 1;
    }
}

/// Secret-named `name=value` pairs separated by `separator` (or line breaks) in `range`.
fn pairs(
    view: &[u8],
    s: &str,
    range: TextRange,
    separator: u8,
    site: NameSite,
    location: Location,
    out: &mut Vec<Slot>,
) {
    name_value_pairs(
        view,
        range,
        |b| b == separator || b == b'\n',
        |name, value| {
            let valid_name = !name.is_empty()
                && view[name.start..name.end]
                    .iter()
                    .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'[' | b']' | b'%'));
            if valid_name {
                if let Some(role) = names::credential_name(&s[name.start..name.end], site) {
                    if !value.is_empty() {
                        out.push(Slot::new(value, role, location, Some(name)));
                    }
                }
            }
        },
    );
}

/// Secret-named fields in a form-encoded body (`grant_type=…&client_secret=…`). Bodies that look
/// like JSON or XML are not forms.
pub fn form(view: &[u8], s: &str, out: &mut Vec<Slot>) {
    let body = trim(view, TextRange::new(0, view.len()));
    if body.is_empty() || (looks_structured(view, body) && !form_after_template(view, body)) {
        return;
    }
    if !view[body.start..body.end].contains(&b'=') {
        return;
    }
    pairs(view, s, body, b'&', NameSite::Field, Location::FormField, out);
}

/// JSON, XML, a quoted string, or a template in front.
fn looks_structured(view: &[u8], body: TextRange) -> bool {
    matches!(view[body.start], b'{' | b'[' | b'<' | b'"' | b'$' | b'#' | MASK)
}

/// A form body may start with a template (`${input.x}&client_secret=…`), masked in the view and
/// raw in the prefilter.
fn form_after_template(view: &[u8], body: TextRange) -> bool {
    let template = match view[body.start] {
        MASK | b'$' | b'#' => true,
        b'{' => view.get(body.start + 1) == Some(&b'{'),
        _ => false,
    };
    template && view[body.start..body.end].contains(&b'&')
}

/// Secret-named fields of JSON text inside the string: `"client_secret": "…"`, found from each
/// `:` by reading the key backwards. Tolerant: the JSON may be cut by template expressions.
pub fn json_fields(view: &[u8], s: &str, out: &mut Vec<Slot>) {
    let mut from = 0;
    while let Some(p) = view[from..].iter().position(|&b| b == b':') {
        let colon = from + p;
        from = colon + 1;
        let mut k = colon;
        while k > 0 && is_space(view[k - 1]) {
            k -= 1;
        }
        if k == 0 || view[k - 1] != b'"' {
            continue;
        }
        let key_end = k - 1;
        let window = key_end.saturating_sub(64);
        let Some(open) = view[window..key_end].iter().rposition(|&b| b == b'"').map(|p| window + p) else { continue };
        let key = TextRange::new(open + 1, key_end);
        if key.is_empty() || view[key.start..key.end].contains(&MASK) {
            continue;
        }
        let Some(role) = names::credential_name(&s[key.start..key.end], NameSite::Field) else { continue };
        let mut v = colon + 1;
        while v < view.len() && is_space(view[v]) {
            v += 1;
        }
        if v >= view.len() {
            continue;
        }
        if view[v] == b'"' {
            let mut j = v + 1;
            while j < view.len() && view[j] != b'"' {
                j += if view[j] == b'\\' { 2 } else { 1 };
            }
            if j >= view.len() {
                continue;
            }
            let value = TextRange::new(v + 1, j);
            if !value.is_empty() {
                let mut slot = Slot::new(value, role, Location::BodyField, Some(key));
                slot.quoted = Some(TextRange::new(v, j + 1));
                out.push(slot);
            }
            from = j + 1;
        } else if view[v] != b'[' && !(view[v] == b'{' && view.get(v + 1) != Some(&b'{')) {
            // An unquoted value: a number, `true`, or a template (`${input.key}`, `{{ … }}`). An
            // object or an array (`"auth": {"password": …}`) is not a value: its members are.
            let end = (v..view.len()).find(|&j| matches!(view[j], b',' | b'}' | b']' | b'\n')).unwrap_or(view.len());
            let value = trim(view, TextRange::new(v, end));
            if let Some(quoted) = only_literal_in_template(view, value) {
                // `"apiKey": {{json.stringify("…")}}`: the literal is the value. In a guide
                // expression the rewrite replaces it quotes and all (`secureData("…")`); in a
                // Velocity call (`$esc.jsonString("…")`) only its content.
                let mut slot =
                    Slot::new(TextRange::new(quoted.start + 1, quoted.end - 1), role, Location::BodyField, Some(key));
                slot.quoted = s.as_bytes()[value.start..].starts_with(b"{{").then_some(quoted);
                out.push(slot);
            } else if !value.is_empty() {
                out.push(Slot::new(value, role, Location::BodyField, Some(key)));
            }
        }
    }
}

/// The one string literal (quotes included) of a value that is otherwise template syntax
/// (masked) on both sides: `{{json.stringify("…")}}`, `$esc.jsonString("…")`. Not a literal
/// that a delimiter follows (`{{concat("a", "b")}}` stops the value at its comma).
fn only_literal_in_template(view: &[u8], value: TextRange) -> Option<TextRange> {
    let bytes = &view[value.start..value.end];
    let first = bytes.iter().position(|&b| b == b'"')?;
    let last = bytes.iter().rposition(|&b| b == b'"')?;
    if last <= first + 1 {
        return None;
    }
    let template = |part: &[u8]| !part.is_empty() && part.iter().all(|&b| b == MASK || is_space(b));
    let inside = &bytes[first + 1..last];
    let literal = !inside.contains(&b'"') && !inside.contains(&MASK);
    (literal && template(&bytes[..first]) && template(&bytes[last + 1..]))
        .then(|| TextRange::new(value.start + first, value.start + last + 1))
}

/// Secret-named Velocity variables set to a double-quoted literal: `#set($token = "…")` (also
/// `#{set}`, `$!token`, `${token}`). The value's bytes stay visible in the literal view; a
/// single-quoted literal is not read (a reference written into it would not interpolate).
pub fn velocity_set(s: &str, out: &mut Vec<Slot>) {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(p) = memchr::memchr(b'#', &bytes[from..]) {
        let hash = from + p;
        from = hash + 1;
        let rest = &bytes[hash + 1..];
        let after_keyword = if rest.starts_with(b"set") {
            hash + 4
        } else if rest.starts_with(b"{set}") {
            hash + 6
        } else {
            continue;
        };
        let skip_spaces = |mut i: usize| {
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            i
        };
        let mut i = skip_spaces(after_keyword);
        if bytes.get(i) != Some(&b'(') {
            continue;
        }
        i = skip_spaces(i + 1);
        if bytes.get(i) != Some(&b'$') {
            continue;
        }
        i += 1;
        i += usize::from(bytes.get(i) == Some(&b'!'));
        let braced = bytes.get(i) == Some(&b'{');
        i += usize::from(braced);
        let name_start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'-')) {
            i += 1;
        }
        let name = TextRange::new(name_start, i);
        if name.is_empty() || (braced && bytes.get(i) != Some(&b'}')) {
            continue;
        }
        i = skip_spaces(i + usize::from(braced));
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i = skip_spaces(i + 1);
        if bytes.get(i) != Some(&b'"') {
            continue;
        }
        let Some(close) = memchr::memchr(b'"', &bytes[i + 1..]).map(|p| i + 1 + p) else { continue };
        let value = TextRange::new(i + 1, close);
        let Some(role) = names::credential_name(&s[name.start..name.end], NameSite::Field) else { continue };
        if !value.is_empty() {
            out.push(Slot::new(value, role, Location::VelocityVariable, Some(name)));
        }
        from = close + 1;
    }
}

/// Secret-named elements and attributes of XML text, namespaces ignored:
/// `<Password>…</Password>`, `<wsse:Password Type="…#PasswordText">…</wsse:Password>`,
/// `<ns1:apiKey>…</ns1:apiKey>`, `<auth password="…"/>`, `<login apiKey='…'>`.
pub fn xml_elements(view: &[u8], s: &str, out: &mut Vec<Slot>) {
    if !view.windows(2).any(|w| w == b"</" || w == b"/>") {
        return;
    }
    let mut from = 0;
    while let Some(p) = memchr::memchr(b'<', &view[from..]) {
        let open = from + p;
        from = open + 1;
        let Some(tag) = xml_tag(view, open) else { continue };
        for attribute in &tag.attributes {
            if let Some(role) = xml_credential_name(s, attribute.name) {
                if !attribute.value.is_empty() {
                    out.push(Slot::new(attribute.value, role, Location::XmlAttribute, Some(attribute.name)));
                }
            }
        }
        if tag.self_closing {
            continue;
        }
        let Some(role) = xml_credential_name(s, tag.name) else { continue };
        let value_start = tag.end;
        let Some(close) = find(view, value_start, view.len(), b'<') else { continue };
        if view.get(close + 1) != Some(&b'/') {
            continue;
        }
        let value = trim(view, TextRange::new(value_start, close));
        if !value.is_empty() {
            out.push(Slot::new(value, role, Location::XmlElement, Some(tag.name)));
        }
        from = close;
    }
}

/// An XML start tag: its qualified name, its attributes, whether it closes itself, where it ends.
struct XmlTag {
    name: TextRange,
    attributes: Vec<XmlAttribute>,
    self_closing: bool,
    /// Just past the `>`.
    end: usize,
}

struct XmlAttribute {
    name: TextRange,
    /// Inside the quotes.
    value: TextRange,
}

fn is_xml_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'-' | b'.')
}

/// The start tag opening at `view[open] == b'<'`; `None` for anything else (`</…>`, `<?…?>`,
/// `<!--…-->`, text such as `a < b`, a placeholder such as `<YOUR TOKEN>`).
fn xml_tag(view: &[u8], open: usize) -> Option<XmlTag> {
    let name_end = (open + 1..view.len()).find(|&i| !is_xml_name_byte(view[i])).unwrap_or(view.len());
    let name = TextRange::new(open + 1, name_end);
    if name.is_empty() || !view[name.start].is_ascii_alphabetic() && view[name.start] != b'_' {
        return None;
    }
    let mut attributes = Vec::new();
    let mut i = name_end;
    loop {
        let spaced = i < view.len() && is_space(view[i]);
        while i < view.len() && is_space(view[i]) {
            i += 1;
        }
        match view.get(i)? {
            b'>' => return Some(XmlTag { name, attributes, self_closing: false, end: i + 1 }),
            b'/' if view.get(i + 1) == Some(&b'>') => {
                return Some(XmlTag { name, attributes, self_closing: true, end: i + 2 });
            }
            _ if !spaced => return None,
            _ => {}
        }
        let attribute_start = i;
        while i < view.len() && is_xml_name_byte(view[i]) {
            i += 1;
        }
        let attribute = TextRange::new(attribute_start, i);
        while i < view.len() && is_space(view[i]) {
            i += 1;
        }
        if attribute.is_empty() || view.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        while i < view.len() && is_space(view[i]) {
            i += 1;
        }
        let quote = *view.get(i).filter(|&&q| q == b'"' || q == b'\'')?;
        let close = find(view, i + 1, view.len(), quote)?;
        attributes.push(XmlAttribute { name: attribute, value: TextRange::new(i + 1, close) });
        i = close + 1;
    }
}

/// The credential role of an element or attribute by its local name (`wsse:Password` is
/// `Password`); namespace declarations (`xmlns:wsse`) are never credentials.
fn xml_credential_name(s: &str, qualified: TextRange) -> Option<Role> {
    let qualified = &s[qualified.start..qualified.end];
    if qualified.starts_with("xmlns") {
        return None;
    }
    let local = qualified.rsplit(':').next().unwrap_or(qualified);
    names::credential_name(local, NameSite::Field)
}

/// Bracketed placeholders that name a credential: `[YOUR API KEY]`, `<YOUR TOKEN>`, `{apiKey}`.
pub fn bracket_placeholders(view: &[u8], s: &str) -> Vec<TextRange> {
    let mut out = Vec::new();
    for (i, &b) in view.iter().enumerate() {
        let close = match b {
            b'[' => b']',
            b'<' => b'>',
            b'{' => b'}',
            _ => continue,
        };
        // JSON objects, arrays and templates open with a quote, a space or another bracket.
        if !view.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let limit = (i + 42).min(view.len());
        let Some(end) = find(view, i + 1, limit, close) else { continue };
        let inner = &view[i + 1..end];
        if inner.len() < 3 || !inner.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b' ' | b'_' | b'-')) {
            continue;
        }
        let lower = s[i + 1..end].to_ascii_lowercase();
        let names_credential =
            ["key", "token", "secret", "password", "passwd", "credential"].iter().any(|w| lower.contains(w));
        if !names_credential {
            continue;
        }
        if b == b'<' && s.contains(&format!("</{}", &s[i + 1..end])) {
            continue; // An XML element, not a placeholder.
        }
        out.push(TextRange::new(i, end + 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(view: &str) -> Vec<u8> {
        view.bytes().map(|b| if b == b'M' { MASK } else { b }).collect()
    }

    #[test]
    fn only_literal_in_template_takes_one_literal_between_template_bytes() {
        let view = masked(r#"MMMMMMMMMMMMMMMMMM"key123"MMM"#);
        assert_eq!(only_literal_in_template(&view, TextRange::new(0, view.len())), Some(TextRange::new(18, 26)));
        for refused in [
            r#"MMM"MMM"#,           // one quote: no literal (and no panic)
            r#"MMM""MMM"#,          // empty literal
            r#"MMM"a", "b"MMM"#,    // two literals
            r#"MMM"key123""#,       // nothing masked after it
            r#""key123"MMM"#,       // nothing masked before it
            r#"MMM"keyMMM123"MMM"#, // a template inside it
        ] {
            let view = masked(refused);
            assert_eq!(only_literal_in_template(&view, TextRange::new(0, view.len())), None, "{refused}");
        }
    }
}

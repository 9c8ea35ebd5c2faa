//! Every secret of a document, computed once per lint and shared by the `SEC` rules: where it
//! is (pointer, span, exact bytes), what it is, its fingerprint, and its rewrite.

use jsonc_parser::ast::{StringLit, Value};

use super::judge::is_terraform_reference;
use super::rewrite::{self, Namer, Rewrite, RewriteTargetKind};
use super::{analyze, Context, Finding, Location, Part, Role, SecretKind, ValueShape};
use crate::config::Options;
use crate::diagnostic::SecretValue;
use crate::model::{Action, DocumentModel, RequestPart};
use crate::parse::{self, Dialect};
use crate::pointer;
use crate::template::{self, ReferenceKind, SpanKind};
use crate::text::TextRange;

/// A secret (or a placeholder in a credential position) in a document.
#[derive(Debug, Clone)]
pub struct DocumentSecret {
    /// Index of the action in [`DocumentModel::actions`].
    pub action: usize,
    /// Pointer of the JSON string that holds it.
    pub pointer: String,
    pub part: Part,
    /// The header, for a header value.
    pub header: Option<String>,
    /// The query parameter, body field or `Authorization` scheme that announces it.
    pub name: Option<String>,
    /// Byte range inside the decoded string.
    pub span: TextRange,
    /// The JSON string literal, quotes included.
    pub literal: TextRange,
    /// The secret's exact bytes in the document text, when the escapes of the literal allow it.
    pub raw: Option<TextRange>,
    pub kind: SecretKind,
    pub role: Role,
    pub location: Location,
    pub placeholder: bool,
    pub shape: ValueShape,
    /// Inside a template expression's string literal (`$encoding.base64("…")`).
    pub in_template: bool,
    pub fingerprint: String,
    /// [`super::mask`] of the secret: safe to print.
    pub masked: String,
    pub value: SecretValue,
    /// The rewrite into a secure reference (`None` outside the request, where nothing
    /// evaluates a reference).
    pub rewrite: Option<Rewrite>,
}

impl DocumentSecret {
    /// Where the secret sits, for messages (`in the \`Authorization\` header after \`Bearer\``).
    pub fn whereabouts(&self) -> String {
        let header = self.header.as_deref().unwrap_or_default();
        let name = self.name.as_deref().unwrap_or_default();
        let mut out = match (self.location, self.part) {
            (Location::Authorization, _) if !name.is_empty() => format!("in the `{header}` header after `{name}`"),
            (Location::Authorization | Location::Header, _) => format!("in the `{header}` header"),
            (Location::UrlPassword, _) => "in the URL's user information (`user:password@host`)".to_owned(),
            (Location::QueryParam, _) => format!("in the URL's query parameter `{name}`"),
            (Location::BodyField, _) => format!("in the body field `{name}`"),
            (Location::FormField, _) => format!("in the form field `{name}`"),
            (Location::XmlElement, _) => format!("in the XML element `<{name}>`"),
            (Location::XmlAttribute, _) => format!("in the XML attribute `{name}`"),
            (Location::VelocityVariable, _) => format!("in the Velocity variable `${name}`"),
            (Location::Cookie, _) => format!("in the `{header}` header's cookie `{name}`"),
            (_, Part::Url) => "in the URL".to_owned(),
            (_, Part::Header) => format!("in the `{header}` header"),
            (_, Part::Body) => "in the request body".to_owned(),
            (_, Part::Other) => format!("at `{}`", self.pointer),
        };
        if self.in_template {
            out.push_str(", inside a template expression");
        }
        out
    }
}

/// A credential position filled from a flow input (`"x-api-key": "${input.apikey}"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputCredential {
    pub action: usize,
    pub pointer: String,
    pub part: Part,
    pub header: Option<String>,
    /// The parameter or field name, or the `Authorization` scheme.
    pub name: Option<String>,
    pub location: Location,
    /// The input's name (`apikey`).
    pub input: String,
    /// The `${input.…}` reference, inside the decoded string.
    pub span: TextRange,
}

/// How an action carries a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteKind {
    /// A hard-coded secret.
    Literal,
    /// A placeholder where a credential goes.
    Placeholder,
    /// `secureData()`, `${credentials.…}` or `${authResponse.…}`.
    Reference,
    /// A credential from a flow input.
    Input,
}

/// A request string of an action that carries a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialSite {
    pub action: usize,
    pub pointer: String,
    pub part: Part,
    pub kind: SiteKind,
}

/// A request string, by pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestString {
    pub action: usize,
    pub pointer: String,
    pub part: Part,
}

/// Everything about credentials in one document.
#[derive(Debug, Clone, Default)]
pub struct DocumentSecrets {
    /// In document order.
    pub secrets: Vec<DocumentSecret>,
    pub inputs: Vec<InputCredential>,
    pub sites: Vec<CredentialSite>,
    /// Request strings that mention `secureData` (for the rules about its use).
    pub secure_data_strings: Vec<RequestString>,
}

impl DocumentSecrets {
    /// The credential sites of one action.
    pub fn sites_of(&self, action: usize) -> impl Iterator<Item = &CredentialSite> {
        self.sites.iter().filter(move |s| s.action == action)
    }
}

/// A finding before naming.
struct Found<'d> {
    action: usize,
    pointer: String,
    part: Part,
    header: Option<&'d str>,
    literal: &'d StringLit<'d>,
    decoded: &'d str,
    finding: Finding,
    rewritable: bool,
}

/// Finds every secret in the actions of a document (request strings with their context, and
/// every other string of each action), honouring `options.allow_secrets`, and prepares each
/// one's rewrite.
pub fn document_secrets<'d>(text: &str, model: &DocumentModel<'d, '_>, options: &Options) -> DocumentSecrets {
    // Actions are judged independently (on several threads with the `parallel` feature), then
    // named together: a name must be unique across the document.
    let chunks = crate::parallel::map_chunks(&model.actions, |first, chunk| {
        let mut judged = Judged::default();
        for (offset, action) in chunk.iter().enumerate() {
            judge_action(first + offset, action, text, options, &mut judged);
        }
        judged
    });
    let mut out = DocumentSecrets::default();
    let mut found: Vec<Found<'d>> = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    for chunk in chunks {
        out.secrets.extend(chunk.out.secrets);
        out.inputs.extend(chunk.out.inputs);
        out.sites.extend(chunk.out.sites);
        out.secure_data_strings.extend(chunk.out.secure_data_strings);
        found.extend(chunk.found);
        taken.extend(chunk.taken);
    }
    name_and_rewrite(text, model, options, found, taken, &mut out);
    out
}

/// What the actions of a chunk hold, before naming.
#[derive(Default)]
struct Judged<'d> {
    out: DocumentSecrets,
    found: Vec<Found<'d>>,
    /// Names of the secure references already written.
    taken: Vec<String>,
}

/// Judges every string of one action: its request strings one by one, in their context, and the
/// rest of its text.
fn judge_action<'d>(index: usize, action: &Action<'d, '_>, text: &str, options: &Options, judged: &mut Judged<'d>) {
    let Judged { out, found, taken } = judged;
    let parts = [(RequestPart::Url, Part::Url), (RequestPart::Headers, Part::Header), (RequestPart::Body, Part::Body)];
    let values = request_values(action, parts.map(|(p, _)| p));
    for ((request_part, part), value) in parts.into_iter().zip(values) {
        let Some(value) = value else { continue };
        let mut strings: Vec<(Option<&'d str>, &'d StringLit<'d>)> = Vec::new();
        match value {
            Value::Object(headers) if part == Part::Header => {
                for prop in &headers.properties {
                    if let Value::StringLit(lit) = &prop.value {
                        strings.push((Some(prop.name.as_str()), lit));
                    }
                }
            }
            Value::StringLit(lit) if part != Part::Header => strings.push((None, lit)),
            _ => {}
        }
        for (header, lit) in strings {
            let decoded: &'d str = lit.value.as_ref();
            let ctx = Context { part, header, field: None };
            let analysis = analyze(decoded, &ctx);
            let has_references = super::judge::may_hold_reference(decoded);
            if analysis.findings.is_empty() && !has_references {
                continue;
            }
            // Pointers are built only for strings that hold something.
            let make_pointer = || {
                let base = action.pointer_of(request_part);
                header.map_or_else(|| base.clone(), |h| pointer::push(&base, h))
            };
            let mut pointer = Pointer { cached: None, make: &make_pointer };
            let allowed = |f: &Finding| {
                !f.placeholder
                    && options.allow_secrets.contains(&super::fingerprint(&decoded[f.range.start..f.range.end]))
            };
            for finding in analysis.findings.iter().filter(|f| !allowed(f)) {
                let kind = if finding.placeholder { SiteKind::Placeholder } else { SiteKind::Literal };
                out.sites.push(CredentialSite { action: index, pointer: pointer.get(), part, kind });
                found.push(Found {
                    action: index,
                    pointer: pointer.get(),
                    part,
                    header,
                    literal: lit,
                    decoded,
                    finding: *finding,
                    rewritable: true,
                });
            }
            if has_references {
                references(index, &mut pointer, part, header, decoded, &analysis.slots, out, taken);
            }
        }
    }
    other_strings(index, action, &values, text, found);
}

/// The values of request parts, looking their container (`config.request` or `config`) up once.
fn request_values<'d, const N: usize>(action: &Action<'d, '_>, parts: [RequestPart; N]) -> [Option<&'d Value<'d>>; N] {
    let url = action.relative_pointer(RequestPart::Url);
    let container = &url[..url.rfind('/').unwrap_or(0)];
    let Some(Value::Object(object)) = action.get(container) else { return [None; N] };
    parts.map(|part| {
        let relative = action.relative_pointer(part);
        let name = &relative[relative.rfind('/').map_or(0, |i| i + 1)..];
        object.properties.iter().rev().find(|p| p.name.as_str() == name).map(|p| &p.value)
    })
}

/// A string's pointer, built on first use.
struct Pointer<'f> {
    cached: Option<String>,
    make: &'f dyn Fn() -> String,
}

impl Pointer<'_> {
    fn get(&mut self) -> String {
        self.cached.get_or_insert_with(self.make).clone()
    }
}

/// Credential references of a request string: flow inputs in credential positions (or named
/// like credentials), and secure references.
#[allow(clippy::too_many_arguments)]
fn references(
    action: usize,
    pointer: &mut Pointer<'_>,
    part: Part,
    header: Option<&str>,
    value: &str,
    slots: &[super::Slot],
    out: &mut DocumentSecrets,
    taken: &mut Vec<String>,
) {
    let refs = template::references(value);
    if value.contains("secureData") {
        out.secure_data_strings.push(RequestString { action, pointer: pointer.get(), part });
    }
    let mut has_secure = false;
    for r in &refs {
        match r.kind {
            ReferenceKind::SecureData | ReferenceKind::Credentials => {
                has_secure = true;
                taken.push(r.name.clone());
            }
            ReferenceKind::AuthResponse => has_secure = true,
            ReferenceKind::Input => {
                let slot = slots.iter().find(|s| s.value.contains_range(r.range) || r.range.contains_range(s.value));
                let named_like_credential = super::names::credential_name(&r.name, super::names::NameSite::Field)
                    .is_some()
                    || r.name.to_ascii_lowercase().contains("webhook");
                if slot.is_some() || named_like_credential {
                    out.inputs.push(InputCredential {
                        action,
                        pointer: pointer.get(),
                        part,
                        header: header.map(str::to_owned),
                        name: slot.and_then(|s| s.name).map(|n| value[n.start..n.end].to_owned()),
                        location: slot.map_or(Location::Anywhere, |s| s.location),
                        input: r.name.clone(),
                        span: r.range,
                    });
                    out.sites.push(CredentialSite { action, pointer: pointer.get(), part, kind: SiteKind::Input });
                }
            }
        }
    }
    if has_secure {
        out.sites.push(CredentialSite { action, pointer: pointer.get(), part, kind: SiteKind::Reference });
    }
}

/// One step of a path from the action to a value.
#[derive(Clone, Copy)]
enum Seg<'d> {
    Key(&'d str),
    Index(usize),
}

/// JSON Schema keywords whose value belongs to the property around them (`apiKey.default`).
const SCHEMA_WORDS: &[&str] = &["default", "example", "examples", "enum", "const", "items", "properties"];

/// Members whose string value is judged outside the request even without a credential name:
/// schema examples and defaults (judged with the name of the property they describe).
const VALUE_WORDS: &[&str] = &["default", "example", "examples", "const"];

/// Strings of an action outside its request (contract, response templates, names): known token
/// formats, credential-named members, URL passwords. Found by one linear scan of the action's
/// raw text instead of a walk over its tree; each candidate is then judged in its decoded
/// string, with the member name as its field.
fn other_strings<'d>(
    index: usize,
    action: &Action<'d, '_>,
    request_parts: &[Option<&'d Value<'_>>],
    text: &str,
    found: &mut Vec<Found<'d>>,
) {
    let range = pointer::value_range(action.value);
    let skip: Vec<TextRange> = request_parts
        .iter()
        .flatten()
        .copied()
        .chain(request_values(action, [RequestPart::Method])[0])
        .map(pointer::value_range)
        .collect();
    let mut skip = skip;
    crate::sort::sort(&mut skip);
    // The action's text between its request parts (already judged string by string).
    let mut segments = Vec::with_capacity(skip.len() + 1);
    let mut at = range.start;
    for r in &skip {
        if r.start > at {
            segments.push(TextRange::new(at, r.start));
        }
        at = at.max(r.end);
    }
    segments.push(TextRange::new(at, range.end));
    let mut offsets: Vec<usize> = Vec::new();
    let mut hits = Vec::new();
    let mut urls = Vec::new();
    for segment in segments {
        let raw = &text.as_bytes()[segment.start..segment.end];
        hits.clear();
        urls.clear();
        super::formats::scan(raw, &mut hits);
        let base = offsets.len();
        offsets.extend(hits.iter().map(|h| h.range.start));
        if string_members(raw, &mut offsets) {
            super::locate::userinfo(raw, &mut urls);
            offsets.extend(urls.iter().map(|u| u.value.start));
        }
        for o in &mut offsets[base..] {
            *o += segment.start - range.start;
        }
    }
    if offsets.is_empty() {
        return;
    }
    crate::sort::sort(&mut offsets);
    offsets.dedup();
    let mut judged: Vec<*const StringLit<'_>> = Vec::new();
    for offset in offsets {
        let mut path: Vec<Seg<'d>> = Vec::new();
        let Some(lit) = string_at(action.value, range.start + offset, &mut path) else { continue };
        if judged.contains(&(lit as *const StringLit<'_>)) {
            continue;
        }
        judged.push(lit);
        let decoded: &'d str = lit.value.as_ref();
        // A translation map's values are JSONPath into the response (`tokenValue: "$.token"`):
        // the member's name says what the path selects, not that the path is a credential, so
        // only what the value itself looks like (a known token format) counts there.
        let field = if is_translation_map_value(&path) {
            None
        } else {
            path.iter().rev().find_map(|seg| match seg {
                Seg::Key(k) if !SCHEMA_WORDS.contains(k) => Some(*k),
                _ => None,
            })
        };
        for finding in analyze(decoded, &Context::other(field)).findings {
            let mut pointer = action.pointer.clone();
            for seg in &path {
                pointer = match seg {
                    Seg::Key(k) => pointer::push(&pointer, k),
                    Seg::Index(i) => pointer::push_index(&pointer, *i),
                };
            }
            found.push(Found {
                action: index,
                pointer,
                part: Part::Other,
                header: None,
                literal: lit,
                decoded,
                finding,
                rewritable: false,
            });
        }
    }
}

/// Whether `path` (from the action) is a value of `config.response.translationMap`.
fn is_translation_map_value(path: &[Seg<'_>]) -> bool {
    matches!(path, [Seg::Key("config"), Seg::Key("response"), Seg::Key("translationMap"), Seg::Key(_)])
}

/// Offsets of string values of credential-named members (and schema defaults and examples)
/// in raw JSON text. Returns whether the text has a `://` (the same pass over its colons).
fn string_members(raw: &[u8], offsets: &mut Vec<usize>) -> bool {
    let mut has_url = false;
    let mut from = 0;
    while let Some(p) = raw[from..].iter().position(|&b| b == b':') {
        let colon = from + p;
        from = colon + 1;
        has_url |= raw[colon..].starts_with(b"://");
        let mut k = colon;
        while k > 0 && raw[k - 1].is_ascii_whitespace() {
            k -= 1;
        }
        if k < 2 || raw[k - 1] != b'"' {
            continue;
        }
        let window = (k - 1).saturating_sub(64);
        let Some(open) = raw[window..k - 1].iter().rposition(|&b| b == b'"') else { continue };
        let Ok(key) = std::str::from_utf8(&raw[window + open + 1..k - 1]) else { continue };
        let mut v = colon + 1;
        while v < raw.len() && raw[v].is_ascii_whitespace() {
            v += 1;
        }
        if raw.get(v) != Some(&b'"') {
            continue;
        }
        if VALUE_WORDS.contains(&key) || super::names::credential_name(key, super::names::NameSite::Field).is_some() {
            offsets.push(v + 1);
        }
    }
    has_url
}

/// The string literal whose range holds `offset`, and the path to it.
fn string_at<'d>(mut value: &'d Value<'_>, offset: usize, path: &mut Vec<Seg<'d>>) -> Option<&'d StringLit<'d>> {
    let holds = |v: &Value<'_>| {
        let r = pointer::value_range(v);
        r.start <= offset && offset < r.end
    };
    loop {
        match value {
            Value::StringLit(lit) => return holds(value).then_some(lit),
            Value::Object(obj) => {
                let prop = obj.properties.iter().find(|p| holds(&p.value))?;
                path.push(Seg::Key(prop.name.as_str()));
                value = &prop.value;
            }
            Value::Array(arr) => {
                let (i, element) = arr.elements.iter().enumerate().find(|(_, e)| holds(e))?;
                path.push(Seg::Index(i));
                value = element;
            }
            _ => return None,
        }
    }
}

/// Names every finding (unique in the file, same value → same name) and builds its rewrite.
fn name_and_rewrite(
    text: &str,
    model: &DocumentModel<'_, '_>,
    options: &Options,
    found: Vec<Found<'_>>,
    taken: Vec<String>,
    out: &mut DocumentSecrets,
) {
    let mut namer = Namer::new(taken);
    let env = options.environment();
    for f in found {
        let action = &model.actions[f.action];
        let secret = &f.decoded[f.finding.range.start..f.finding.range.end];
        let literal: TextRange = f.literal.range.into();
        let raw_content = &text[literal.start + 1..literal.end - 1];
        let raw = rewrite::decoded_to_raw(raw_content, f.finding.range)
            .map(|r| TextRange::new(literal.start + 1 + r.start, literal.start + 1 + r.end));
        let in_template = template_span_kind(f.decoded, f.finding.range).is_some();
        let service = service_for(action, f.finding.kind);
        let rewrite = f.rewritable.then(|| {
            let target = RewriteTargetKind::for_action(options, action.shape);
            let mut finding = f.finding;
            // A quoted XML attribute value is not a JSON string: its quotes stay.
            let in_xml = matches!(finding.location, Location::XmlElement | Location::XmlAttribute);
            if f.part == Part::Body && finding.quoted.is_none() && !in_xml {
                finding.quoted = json_string_around(f.decoded, finding.range);
            }
            build_rewrite(text, literal, f.decoded, &finding, target, &service, &env, options, &mut namer)
        });
        out.secrets.push(DocumentSecret {
            action: f.action,
            pointer: f.pointer,
            part: f.part,
            header: f.header.map(str::to_owned),
            name: f.finding.name.map(|n| f.decoded[n.start..n.end].to_owned()),
            span: f.finding.range,
            literal,
            raw,
            kind: f.finding.kind,
            role: f.finding.role,
            location: f.finding.location,
            placeholder: f.finding.placeholder,
            shape: f.finding.shape,
            in_template,
            fingerprint: super::fingerprint(secret),
            masked: super::mask(secret),
            value: SecretValue::new(secret),
            rewrite,
        });
    }
}

/// The JSON string (quotes included) whose whole content is `range`, in a body.
fn json_string_around(decoded: &str, range: TextRange) -> Option<TextRange> {
    let bytes = decoded.as_bytes();
    let quoted = range.start > 0 && bytes.get(range.start - 1) == Some(&b'"') && bytes.get(range.end) == Some(&b'"');
    quoted.then(|| TextRange::new(range.start - 1, range.end + 1))
}

/// The kind of template span whose string literal holds `range`, if any.
fn template_span_kind(decoded: &str, range: TextRange) -> Option<SpanKind> {
    if !template::has_template_syntax(decoded) {
        return None;
    }
    template::scan(decoded)
        .spans
        .iter()
        .find(|s| s.kind != SpanKind::Text && s.range.contains_range(range))
        .map(|s| s.kind)
}

/// The service part of a name: the URL's host, else the provider of a known format, else the
/// action's name. A webhook URL is named for its provider (`teams`, not the tenant's host).
fn service_for(action: &Action<'_, '_>, kind: SecretKind) -> String {
    let webhook_provider = kind.is_webhook().then(|| kind.provider()).flatten().map(str::to_owned);
    webhook_provider
        .or_else(|| {
            action.part_str(RequestPart::Url).and_then(rewrite::url_host).and_then(|h| rewrite::host_service(&h))
        })
        .or_else(|| kind.provider().map(str::to_owned))
        .or_else(|| action.name().and_then(rewrite::name_service))
        .unwrap_or_else(|| "api".to_owned())
}

#[allow(clippy::too_many_arguments)]
fn build_rewrite(
    text: &str,
    literal: TextRange,
    decoded: &str,
    finding: &Finding,
    target: RewriteTargetKind,
    service: &str,
    env: &str,
    options: &Options,
    namer: &mut Namer,
) -> Rewrite {
    let secret = &decoded[finding.range.start..finding.range.end];
    let span_kind = template_span_kind(decoded, finding.range);
    // Inside a Velocity string literal `${credentials.x}` interpolates, and a guide expression
    // nests `{{…}}` inside its string literals the way the guide nests `{{system.queueId}}`: the
    // plain reference works everywhere except for a quoted body field (below).
    let reference = |name: &str| target.reference(name);
    let placeholder = finding.placeholder;
    let identity =
        |value: &str, base: &str| if placeholder { format!("placeholder\0{base}\0{value}") } else { value.to_owned() };
    let mut provisioning = Vec::new();
    let mut names = Vec::new();
    let mut edit = |names: &mut Vec<String>, provisioning: &mut Vec<_>, role: Role, value: &str| -> String {
        let base = rewrite::base_name(options, service, role.as_str());
        let name_for = |n: Option<usize>| {
            let kind = n.map_or_else(|| role.as_str().to_owned(), |n| format!("{}_{n}", role.as_str()));
            rewrite::base_name(options, service, &kind)
        };
        let name = namer.name(name_for, &identity(value, &base));
        if !placeholder {
            provisioning.push(rewrite::provisioning(&name, value, role.label(), service, env, target));
        }
        names.push(name.clone());
        name
    };

    // Basic credentials split into user name and password where the target allows it.
    let user_pass = match finding.shape {
        ValueShape::BasicBase64 if target == RewriteTargetKind::Credentials => super::base64_decode(secret.as_bytes())
            .and_then(|d| String::from_utf8(d).ok())
            .and_then(|d| d.split_once(':').map(|(u, p)| (u.to_owned(), p.to_owned()))),
        ValueShape::BasicPlain => secret.split_once(':').map(|(u, p)| (u.to_owned(), p.to_owned())),
        _ => None,
    }
    .filter(|(u, p)| !u.is_empty() && !p.is_empty());

    let (range, new_text) = if let Some((user, pass)) = user_pass {
        let u = edit(&mut names, &mut provisioning, Role::Username, &user);
        let p = edit(&mut names, &mut provisioning, Role::Password, &pass);
        let pair = format!("{}:{}", reference(&u), reference(&p));
        let new_text =
            if finding.shape == ValueShape::BasicBase64 { format!("$encoding.base64(\"{pair}\")") } else { pair };
        (finding.range, new_text)
    } else if let (Some(quoted), RewriteTargetKind::SecureData) = (finding.quoted, target) {
        // A JSON body field: let the template quote the secret (the guide's §2 trap is a
        // `{{secureData()}}` pasted between quotes, which breaks on special characters).
        let value: String =
            serde_json::from_str(&decoded[quoted.start..quoted.end]).unwrap_or_else(|_| secret.to_owned());
        let name = edit(&mut names, &mut provisioning, finding.role, &value);
        let new_text = if span_kind == Some(SpanKind::Expression) {
            format!("secureData(\"{name}\")")
        } else {
            format!("{{{{json.stringify(secureData(\"{name}\"))}}}}")
        };
        (quoted, new_text)
    } else {
        let role = if finding.shape == ValueShape::BasicBase64 { Role::BasicAuth } else { finding.role };
        let name = edit(&mut names, &mut provisioning, role, secret);
        (finding.range, reference(&name))
    };
    let edits = rewrite::raw_edits(text, literal, decoded, vec![(range, new_text)]);
    let title = match (names.as_slice(), target) {
        ([one], RewriteTargetKind::SecureData) => format!("Reference Secure Data `{one}` instead"),
        ([one], RewriteTargetKind::Credentials) => format!("Reference the integration credential `{one}` instead"),
        (many, RewriteTargetKind::SecureData) => format!("Reference Secure Data {} instead", quote_list(many)),
        (many, RewriteTargetKind::Credentials) => {
            format!("Reference the integration credentials {} instead", quote_list(many))
        }
    };
    Rewrite { title, edits, provisioning, names, target }
}

fn quote_list(names: &[String]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" and ")
}

/// Byte ranges of `text` (a whole BOM-less document) that hold detected secrets and must be
/// masked in code frames: the secrets of its actions, known token formats and secret-named
/// fields anywhere else (Secure Data payloads' values included). Text that does not parse is
/// scanned as it is.
pub fn secret_ranges(text: &str) -> Vec<TextRange> {
    let document = parse::parse(text, Dialect::Json).or_else(|_| parse::parse(text, Dialect::Jsonc));
    let mut ranges = Vec::new();
    match document {
        Ok(document) => {
            let model = crate::model::build(&document.root);
            let secrets = document_secrets(document.text, &model, &Options::default());
            ranges.extend(secrets.secrets.iter().filter(|s| !s.placeholder).map(|s| s.raw.unwrap_or(s.literal)));
            let actions: Vec<*const Value<'_>> = model.actions.iter().map(|a| a.value as *const _).collect();
            let payload_values: Vec<*const Value<'_>> = model
                .payloads
                .iter()
                .filter_map(|p| {
                    match p.object().properties.iter().rev().find(|q| q.name.as_str() == "secureData")?.value {
                        Value::Object(ref sd) => sd
                            .properties
                            .iter()
                            .rev()
                            .find(|q| q.name.as_str() == "value")
                            .map(|q| &q.value as *const _),
                        _ => None,
                    }
                })
                .collect();
            outside_actions(document.text, &document.root, None, &actions, &payload_values, &mut ranges);
        }
        Err(_) => {
            // Not JSON: possibly Terraform, whose references (`password = var.crm_password`)
            // are unknown values, not secrets.
            let unmasked = |f: &&Finding| f.placeholder || is_terraform_reference(&text[f.range.start..f.range.end]);
            let analysis = analyze(text, &Context::other(None));
            ranges.extend(analysis.findings.iter().filter(|f| !unmasked(f)).map(|f| f.range));
            // Bodies are JSON inside JSON strings (`\"password\": \"…\"`). Read them once more
            // with each `\"` written as ` "`: the same length, so offsets still hold.
            if text.contains("\\\"") {
                let unquoted = text.replace("\\\"", " \"");
                let analysis = analyze(&unquoted, &Context::other(None));
                ranges.extend(analysis.findings.iter().filter(|f| !unmasked(f)).map(|f| f.range));
            }
        }
    }
    // Known token formats anywhere in the raw text, even inside (malformed) template syntax that
    // the per-string reading treats as references: a code frame must never show one.
    let mut hits = Vec::new();
    super::formats::scan(text.as_bytes(), &mut hits);
    ranges.extend(hits.iter().filter(|h| !h.placeholder).map(|h| h.range));
    crate::sort::sort(&mut ranges);
    ranges.dedup();
    ranges
}

fn outside_actions(
    text: &str,
    value: &Value<'_>,
    field: Option<&str>,
    actions: &[*const Value<'_>],
    payload_values: &[*const Value<'_>],
    ranges: &mut Vec<TextRange>,
) {
    if actions.contains(&(value as *const _)) {
        return;
    }
    match value {
        Value::StringLit(lit) => {
            let literal: TextRange = lit.range.into();
            let raw_content = &text[literal.start + 1..literal.end - 1];
            let decoded = lit.value.as_ref();
            let to_raw = |r: TextRange| {
                rewrite::decoded_to_raw(raw_content, r)
                    .map_or(literal, |m| TextRange::new(literal.start + 1 + m.start, literal.start + 1 + m.end))
            };
            if payload_values.contains(&(value as *const _)) {
                if !decoded.trim().is_empty() && !super::judge::is_placeholder(decoded) {
                    ranges.push(to_raw(TextRange::new(0, decoded.len())));
                }
                return;
            }
            for f in analyze(decoded, &Context::other(field)).findings.iter().filter(|f| !f.placeholder) {
                ranges.push(to_raw(f.range));
            }
        }
        Value::Object(obj) => {
            for prop in &obj.properties {
                outside_actions(text, &prop.value, Some(prop.name.as_str()), actions, payload_values, ranges);
            }
        }
        Value::Array(arr) => {
            for element in &arr.elements {
                outside_actions(text, element, field, actions, payload_values, ranges);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{self, Action};
    use crate::parse;

    /// Judging a large document (split between threads with the `parallel` feature) finds, action
    /// by action and in order, what judging each action alone finds.
    #[test]
    fn a_large_document_is_judged_as_its_actions_one_by_one() {
        let config = dalint_testgen::Config {
            quirks: true,
            secret_per_mille: 400,
            secrets_per_action: 2,
            max_actions: 4 * crate::parallel::ACTIONS_PER_TASK + 5,
            ..dalint_testgen::Config::sized(usize::MAX)
        };
        let generated = dalint_testgen::generate_seeded(&config, 1129);
        let document = parse::parse(generated.body(), Dialect::Json).expect("generated documents parse");
        let whole_model = model::build(&document.root);
        assert!(!cfg!(feature = "parallel") || crate::parallel::worth_splitting(&whole_model.actions));
        let options = Options::default();
        let whole = document_secrets(document.text, &whole_model, &options);

        type Key = (usize, String, TextRange, bool);
        let key = |action: usize, s: &DocumentSecret| -> Key { (action, s.pointer.clone(), s.span, s.placeholder) };
        let mut one_by_one: Vec<Key> = Vec::new();
        let mut sites = 0;
        let mut inputs = 0;
        for (index, action) in whole_model.actions.iter().enumerate() {
            let alone = DocumentModel {
                actions: vec![Action { pointer: action.pointer.clone(), shape: action.shape, value: action.value }],
                payloads: Vec::new(),
            };
            let secrets = document_secrets(document.text, &alone, &options);
            one_by_one.extend(secrets.secrets.iter().map(|s| key(index, s)));
            sites += secrets.sites.len();
            inputs += secrets.inputs.len();
        }
        let whole_keys: Vec<Key> = whole.secrets.iter().map(|s| key(s.action, s)).collect();
        assert!(whole_keys.len() > 100, "{} secrets", whole_keys.len());
        assert_eq!(whole_keys, one_by_one);
        assert_eq!((whole.sites.len(), whole.inputs.len()), (sites, inputs));
    }
}

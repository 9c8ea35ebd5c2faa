//! Every secret of a document, computed once per lint and shared by the `SEC` rules: where it
//! is (pointer, span, exact bytes), what it is, its fingerprint, and its rewrite.

use jsonc_parser::ast::{StringLit, Value};

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

/// Everything about credentials in one document.
#[derive(Debug, Clone, Default)]
pub struct DocumentSecrets {
    /// In document order.
    pub secrets: Vec<DocumentSecret>,
    pub inputs: Vec<InputCredential>,
    pub sites: Vec<CredentialSite>,
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
    let mut out = DocumentSecrets::default();
    let mut found: Vec<Found<'d>> = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    for (index, action) in model.actions.iter().enumerate() {
        for rs in action.request_strings() {
            let ctx = match rs.part {
                RequestPart::Url => Context::url(),
                RequestPart::Headers => Context::header(rs.header.unwrap_or_default()),
                RequestPart::Body => Context::body(),
                RequestPart::Method => continue,
            };
            let part = ctx.part;
            let analysis = analyze(rs.value, &ctx);
            let allowed = |f: &Finding| {
                !f.placeholder
                    && options.allow_secrets.contains(&super::fingerprint(&rs.value[f.range.start..f.range.end]))
            };
            for finding in analysis.findings.iter().filter(|f| !allowed(f)) {
                let kind = if finding.placeholder { SiteKind::Placeholder } else { SiteKind::Literal };
                out.sites.push(CredentialSite { action: index, pointer: rs.pointer.clone(), part, kind });
                found.push(Found {
                    action: index,
                    pointer: rs.pointer.clone(),
                    part,
                    header: rs.header,
                    literal: rs.literal,
                    decoded: rs.value,
                    finding: *finding,
                    rewritable: true,
                });
            }
            references(index, &rs.pointer, part, rs.header, rs.value, &analysis.slots, &mut out, &mut taken);
        }
        walk_other_strings(index, action, &mut found);
    }
    name_and_rewrite(text, model, options, found, taken, &mut out);
    out
}

/// Credential references of a request string: flow inputs in credential positions (or named
/// like credentials), and secure references.
#[allow(clippy::too_many_arguments)]
fn references(
    action: usize,
    pointer: &str,
    part: Part,
    header: Option<&str>,
    value: &str,
    slots: &[super::Slot],
    out: &mut DocumentSecrets,
    taken: &mut Vec<String>,
) {
    let secure = value.contains("secureData") || value.contains("credentials.") || value.contains("authResponse.");
    if !secure && !value.contains("input.") {
        return;
    }
    let refs = template::references(value);
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
                        pointer: pointer.to_owned(),
                        part,
                        header: header.map(str::to_owned),
                        name: slot.and_then(|s| s.name).map(|n| value[n.start..n.end].to_owned()),
                        location: slot.map_or(Location::Anywhere, |s| s.location),
                        input: r.name.clone(),
                        span: r.range,
                    });
                    out.sites.push(CredentialSite { action, pointer: pointer.to_owned(), part, kind: SiteKind::Input });
                }
            }
        }
    }
    if has_secure {
        out.sites.push(CredentialSite { action, pointer: pointer.to_owned(), part, kind: SiteKind::Reference });
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

/// Strings of an action outside its request: known token formats and secret-named fields.
fn walk_other_strings<'d>(index: usize, action: &Action<'d, '_>, found: &mut Vec<Found<'d>>) {
    let request: Vec<Vec<&str>> = [RequestPart::Method, RequestPart::Url, RequestPart::Headers, RequestPart::Body]
        .iter()
        .map(|p| action.relative_pointer(*p).split('/').skip(1).collect())
        .collect();
    let mut path: Vec<Seg<'d>> = Vec::new();
    walk(action.value, &mut path, &request, &mut |lit, path| {
        let decoded: &'d str = lit.value.as_ref();
        if decoded.len() < 8 {
            return;
        }
        let field = path.iter().rev().find_map(|seg| match seg {
            Seg::Key(k) if !SCHEMA_WORDS.contains(k) => Some(*k),
            _ => None,
        });
        let analysis = analyze(decoded, &Context::other(field));
        for finding in analysis.findings {
            let mut pointer = action.pointer.clone();
            for seg in path {
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
    });
}

fn walk<'d>(
    value: &'d Value<'_>,
    path: &mut Vec<Seg<'d>>,
    skip: &[Vec<&str>],
    visit: &mut dyn FnMut(&'d StringLit<'_>, &[Seg<'d>]),
) {
    match value {
        Value::StringLit(lit) => visit(lit, path),
        Value::Object(obj) => {
            for prop in &obj.properties {
                path.push(Seg::Key(prop.name.as_str()));
                let skipped = skip.iter().any(|s| {
                    s.len() == path.len() && s.iter().zip(path.iter()).all(|(a, b)| matches!(b, Seg::Key(k) if k == a))
                });
                if !skipped {
                    walk(&prop.value, path, skip, visit);
                }
                path.pop();
            }
        }
        Value::Array(arr) => {
            for (i, element) in arr.elements.iter().enumerate() {
                path.push(Seg::Index(i));
                walk(element, path, skip, visit);
                path.pop();
            }
        }
        _ => {}
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
            if f.part == Part::Body && finding.quoted.is_none() {
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
/// action's name.
fn service_for(action: &Action<'_, '_>, kind: SecretKind) -> String {
    action
        .part_str(RequestPart::Url)
        .and_then(rewrite::url_host)
        .and_then(|h| rewrite::host_service(&h))
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
        let name = namer.name(&base, &identity(value, &base));
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
            let analysis = analyze(text, &Context::other(None));
            ranges.extend(analysis.findings.iter().filter(|f| !f.placeholder).map(|f| f.range));
        }
    }
    ranges.sort();
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

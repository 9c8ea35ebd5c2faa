//! Rewriting a secret into a secure reference: names that follow the guide, the replacement
//! text for each position, and edits that touch only the secret's bytes in the JSON literal.

use std::collections::{HashMap, HashSet};

use crate::config::{Options, RewriteTarget};
use crate::diagnostic::{Edit, Provisioning, SecretValue};
use crate::model::ActionShape;
use crate::text::TextRange;

/// What a rewritten reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RewriteTargetKind {
    /// `{{secureData("name")}}`: a Secure Data object of the org (the guide's shape).
    SecureData,
    /// `${credentials.name}`: a credential field of the integration (real Genesys shapes).
    Credentials,
}

impl RewriteTargetKind {
    pub fn for_action(options: &Options, shape: ActionShape) -> Self {
        match options.rewrite_target {
            RewriteTarget::SecureData => Self::SecureData,
            RewriteTarget::Credentials => Self::Credentials,
            RewriteTarget::Auto if shape.is_genesys() => Self::Credentials,
            RewriteTarget::Auto => Self::SecureData,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SecureData => "secureData",
            Self::Credentials => "credentials",
        }
    }
    /// The reference to `name` as it appears in a template.
    pub fn reference(self, name: &str) -> String {
        match self {
            Self::SecureData => format!("{{{{secureData(\"{name}\")}}}}"),
            Self::Credentials => format!("${{credentials.{name}}}"),
        }
    }
}

/// The rewrite of one secret: edits of the document text (none contains a secret) and what the
/// user must provision for the rewritten action to work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    pub title: String,
    pub edits: Vec<Edit>,
    pub provisioning: Vec<Provisioning>,
    /// The reference names put in place of the secret.
    pub names: Vec<String>,
    pub target: RewriteTargetKind,
}

/// Labels of a host that say nothing about the service.
const GENERIC_LABELS: &[&str] = &[
    "api",
    "apis",
    "www",
    "rest",
    "app",
    "apps",
    "gateway",
    "gw",
    "services",
    "service",
    "hooks",
    "login",
    "auth",
    "oauth",
    "oauth2",
    "secure",
    "prod",
    "production",
    "sandbox",
    "dev",
    "test",
    "staging",
    "stage",
    "uat",
    "qa",
    "v1",
    "v2",
    "v3",
    "eu",
    "us",
    "na",
    "na1",
    "eu1",
    "au",
    "ap",
    "example",
    "localhost",
    "cloud",
    "internal",
    "my",
    "portal",
    "web",
    "execute-api",
    "amazonaws",
    "azurewebsites",
    "azure-api",
    "herokuapp",
    "appspot",
    "cloudfunctions",
    "ngrok",
    "ngrok-free",
    "onrender",
    "vercel",
    "netlify",
];

/// Second-level labels of country domains (`co.uk`, `com.au`).
const SECOND_LEVEL: &[&str] = &["co", "com", "net", "org", "gov", "ac", "edu"];

/// The service a host belongs to: the registrable label, skipping generic and hosting labels
/// (`api.partner.example.com` → `partner`, `api-ssl.bitly.com` → `bitly`).
pub fn host_service(host: &str) -> Option<String> {
    let host = host.trim().trim_end_matches('.');
    let mut labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() < 2 || labels.iter().all(|l| l.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let tld = labels.pop().unwrap_or_default();
    if tld.len() == 2 && labels.len() >= 2 && labels.last().is_some_and(|l| SECOND_LEVEL.contains(l)) {
        labels.pop();
    }
    labels
        .iter()
        .rev()
        .map(|l| l.to_ascii_lowercase())
        .find(|l| {
            !GENERIC_LABELS.contains(&l.as_str())
                && !is_region(l)
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .map(|l| sanitize(&l))
        .filter(|l| !l.is_empty())
}

/// `us-east-1`, `eu-west-2`.
fn is_region(label: &str) -> bool {
    let parts: Vec<&str> = label.split('-').collect();
    parts.len() == 3 && parts[2].bytes().all(|b| b.is_ascii_digit()) && parts[0].len() == 2
}

/// The literal host of a URL template, if it has one.
pub fn url_host(url: &str) -> Option<String> {
    let after = &url[url.find("://")? + 3..];
    let authority = &after[..after.find(['/', '?', '#']).unwrap_or(after.len())];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host);
    // Labels that are templates (`${credentials.subdomain}.zendesk.com`) are dropped.
    let literal: Vec<&str> = host.split('.').filter(|l| !l.contains(['$', '{', '}', '#'])).collect();
    (!literal.is_empty()).then(|| literal.join("."))
}

/// The service named by an action's name (`POST_Telemetry_Event` → `telemetry_event`).
pub fn name_service(action_name: &str) -> Option<String> {
    let name = action_name.split(" - Exported").next().unwrap_or(action_name);
    const VERBS: &[&str] = &["get", "post", "put", "patch", "delete", "create", "update", "send", "call", "fetch"];
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .filter(|w| !VERBS.contains(&w.as_str()))
        .take(3)
        .collect();
    let joined = sanitize(&words.join("_"));
    (!joined.is_empty()).then_some(joined)
}

/// Lower case, `[a-z0-9_]` only, no repeated or edge underscores, at most 40 bytes.
pub fn sanitize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out.truncate(40);
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// The base name of a reference: `options.naming.pattern` filled in, with the non-production
/// prefix outside `prod`.
pub fn base_name(options: &Options, service: &str, kind: &str) -> String {
    let env = options.environment();
    let name = options.naming.pattern.replace("{service}", service).replace("{kind}", kind).replace("{env}", &env);
    let name = if env != "prod" && !name.starts_with(&options.naming.non_production_prefix) {
        format!("{}{name}", options.naming.non_production_prefix)
    } else {
        name
    };
    // Velocity reads `${credentials.x}` names as identifiers, Secure Data allows `.` and `-` too;
    // one alphabet for both keeps a name valid whichever target it ends up in.
    let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if cleaned.is_empty() {
        "secret".to_owned()
    } else {
        cleaned
    }
}

/// Gives every secret of a file a unique name; the same value always gets the same name.
#[derive(Default)]
pub(crate) struct Namer {
    used: HashSet<String>,
    by_value: HashMap<String, String>,
    /// Per unnumbered name, the counter to try next (many secrets of one service and kind stay
    /// linear, not quadratic).
    next_counter: HashMap<String, usize>,
}

impl Namer {
    /// `taken`: names already referenced in the file (never reused for a new value).
    pub fn new(taken: impl IntoIterator<Item = String>) -> Self {
        Self { used: taken.into_iter().collect(), ..Self::default() }
    }

    /// The name for the value `identity`: `name_for(None)` when free, else `name_for(Some(2))`,
    /// `Some(3)`, … (the counter goes inside the pattern, before the environment, so that
    /// `partner_api_key_2_prod` still ends with its environment).
    pub fn name(&mut self, name_for: impl Fn(Option<usize>) -> String, identity: &str) -> String {
        if let Some(name) = self.by_value.get(identity) {
            return name.clone();
        }
        let first = name_for(None);
        let mut name = first.clone();
        if self.used.contains(&name) {
            let n = self.next_counter.entry(first).or_insert(2);
            loop {
                name = name_for(Some(*n));
                *n += 1;
                if !self.used.contains(&name) {
                    break;
                }
            }
        }
        self.used.insert(name.clone());
        self.by_value.insert(identity.to_owned(), name.clone());
        name
    }
}

/// A provisioning entry for a secret moved to `name`.
pub(crate) fn provisioning(
    name: &str,
    value: &str,
    role_label: &str,
    service: &str,
    env: &str,
    target: RewriteTargetKind,
) -> Provisioning {
    Provisioning {
        name: name.to_owned(),
        description: format!(
            "{} for {service}, moved out of a Data Action by dalint. It was stored in plain text: rotate it.",
            capitalize(role_label)
        ),
        value: SecretValue::new(value),
        tags: vec![format!("env:{env}"), format!("service:{service}"), "rotation:quarterly".to_owned()],
        target: target.as_str().to_owned(),
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Maps a byte range of a decoded JSON string to the bytes of its raw (escaped) content. `None`
/// when a boundary falls inside an escape that decodes to several bytes.
pub fn decoded_to_raw(raw: &str, span: TextRange) -> Option<TextRange> {
    let start = crate::pointer::decoded_to_raw(raw, span.start)?;
    let end = crate::pointer::decoded_to_raw(raw, span.end)?;
    Some(TextRange::new(start, end))
}

/// JSON-escapes `s` for use inside a string literal (no surrounding quotes).
pub fn json_escape(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap_or_default();
    quoted[1..quoted.len() - 1].to_owned()
}

/// Turns edits of a decoded string into edits of the document: each edit touches only the raw
/// bytes it replaces when they can be mapped, else the whole literal is re-encoded.
pub(crate) fn raw_edits(
    text: &str,
    literal: TextRange,
    decoded: &str,
    mut edits: Vec<(TextRange, String)>,
) -> Vec<Edit> {
    crate::sort::sort_by_key(&mut edits, |(r, _)| *r);
    let raw = &text[literal.start + 1..literal.end - 1];
    let mapped: Option<Vec<Edit>> = edits
        .iter()
        .map(|(range, new)| {
            decoded_to_raw(raw, *range).map(|r| {
                Edit::replace(TextRange::new(literal.start + 1 + r.start, literal.start + 1 + r.end), json_escape(new))
            })
        })
        .collect();
    if let Some(mapped) = mapped {
        return mapped;
    }
    let mut rewritten = String::with_capacity(decoded.len());
    let mut last = 0;
    for (range, new) in &edits {
        rewritten.push_str(&decoded[last..range.start]);
        rewritten.push_str(new);
        last = range.end;
    }
    rewritten.push_str(&decoded[last..]);
    vec![Edit::replace(literal, serde_json::to_string(&rewritten).unwrap_or_default())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_from_hosts() {
        assert_eq!(host_service("api.partner.example.com").as_deref(), Some("partner"));
        assert_eq!(host_service("crm.example.com").as_deref(), Some("crm"));
        assert_eq!(host_service("api-ssl.bitly.com").as_deref(), Some("bitly"));
        assert_eq!(host_service("hooks.slack.com").as_deref(), Some("slack"));
        assert_eq!(host_service("acme.zendesk.com").as_deref(), Some("zendesk"));
        assert_eq!(host_service("api.service.co.uk").as_deref(), None);
        assert_eq!(host_service("shop.example.co.uk").as_deref(), Some("shop"));
        assert_eq!(host_service("x1.execute-api.us-east-1.amazonaws.com").as_deref(), Some("x1"));
        assert_eq!(host_service("10.0.0.1"), None);
        assert_eq!(url_host("https://${credentials.sub}.zendesk.com/api").as_deref(), Some("zendesk.com"));
        assert_eq!(
            name_service("POST_Telemetry_Event - Exported 2021-04-15 @ 18:57").as_deref(),
            Some("telemetry_event")
        );
    }

    #[test]
    fn names_are_unique_and_stable() {
        let options = Options::default();
        assert_eq!(base_name(&options, "partner", "bearer_token"), "partner_bearer_token_prod");
        let dev = Options { env: Some("development".into()), ..Options::default() };
        assert_eq!(base_name(&dev, "partner", "api_key"), "sandbox_partner_api_key_dev");
        let name_for = |n: Option<usize>| {
            let kind = n.map_or_else(|| "bearer_token".to_owned(), |n| format!("bearer_token_{n}"));
            base_name(&options, "partner", &kind)
        };
        let mut namer = Namer::new(["partner_bearer_token_prod".to_owned()]);
        assert_eq!(namer.name(name_for, "v1"), "partner_bearer_token_2_prod");
        assert_eq!(namer.name(name_for, "v2"), "partner_bearer_token_3_prod");
        assert_eq!(namer.name(name_for, "v1"), "partner_bearer_token_2_prod");
    }

    #[test]
    fn decoded_ranges_map_through_escapes() {
        // decoded: {"k": "abc"} é😀 x
        let raw = r#"{\"k\": \"abc\"} \u00e9\ud83d\ude00 x"#;
        let decoded = "{\"k\": \"abc\"} é😀 x";
        let at = decoded.find("abc").unwrap_or_default();
        let r = decoded_to_raw(raw, TextRange::new(at, at + 3)).unwrap_or_default();
        assert_eq!(&raw[r.start..r.end], "abc");
        let x = decoded.find('x').unwrap_or_default();
        let r = decoded_to_raw(raw, TextRange::new(x, x + 1)).unwrap_or_default();
        assert_eq!(&raw[r.start..r.end], "x");
        // A boundary inside the bytes of an escaped character cannot be mapped.
        let e = decoded.find('é').unwrap_or_default();
        assert_eq!(decoded_to_raw(raw, TextRange::new(e + 1, e + 2)), None);
    }
}

//! Finding credentials, and showing them without echoing them.
//!
//! [`detect`] looks at one decoded string with its context (which part of the request, which
//! header, which field) and returns byte spans of the secrets in it. It reads a *literal view* of
//! the string in which template syntax is masked (template expressions are references, never
//! secrets), then:
//! - finds credential positions by where the string sits ([`locate`]): the credential after an
//!   `Authorization` scheme (Basic decoded), secret-named headers, URL passwords, secret-named
//!   query parameters, and secret-named fields of JSON, form and XML bodies;
//! - finds well-known token formats anywhere ([`formats`]), in one pass over the bytes;
//! - judges each candidate ([`judge`]): placeholder, random relative to its length and alphabet,
//!   or ordinary text.
//!
//! [`document_secrets`] runs it over every string of every action of a document, once per lint,
//! and prepares the rewrite of each secret into a secure reference. [`redact`] and
//! [`secret_ranges`] serve the preview and the code frames.
//!
//! Nothing outside this module prints a secret: messages use [`mask`], baselines, allowlists and
//! SARIF use [`fingerprint`].

use sha2::{Digest, Sha256};

use crate::text::TextRange;

pub mod catalog;
mod document;
pub mod formats;
pub mod hosts;
pub mod judge;
pub mod locate;
pub mod names;
pub mod positions;
mod rewrite;
pub mod view;

pub use document::{
    document_secrets, secret_ranges, CredentialSite, DocumentSecret, DocumentSecrets, InputCredential, RequestString,
    SiteKind,
};
pub use locate::Slot;
pub use rewrite::{host_service, Rewrite, RewriteTargetKind};

/// Which part of a request a string belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Url,
    Header,
    Body,
    /// Any other string (a contract, a template of the response, a field of a payload).
    Other,
}

/// Where a string sits: its part, its header name, the name of the field that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context<'a> {
    pub part: Part,
    pub header: Option<&'a str>,
    pub field: Option<&'a str>,
}

impl<'a> Context<'a> {
    pub fn url() -> Self {
        Self { part: Part::Url, header: None, field: None }
    }
    pub fn header(name: &'a str) -> Self {
        Self { part: Part::Header, header: Some(name), field: None }
    }
    pub fn body() -> Self {
        Self { part: Part::Body, header: None, field: None }
    }
    pub fn other(field: Option<&'a str>) -> Self {
        Self { part: Part::Other, header: None, field }
    }
}

/// What a secret is: a known format, or a credential known by its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretKind {
    StripeKey,
    GithubToken,
    GitlabToken,
    SlackToken,
    SlackWebhook,
    DiscordWebhook,
    TeamsWebhook,
    ZapierWebhook,
    AwsAccessKeyId,
    GoogleApiKey,
    TwilioApiKey,
    SendgridKey,
    OpenaiKey,
    AnthropicKey,
    AzureClientSecret,
    /// An Azure Functions key (identifiable format, `…AzFu…==`).
    AzureFunctionKey,
    HubspotToken,
    ShopifyToken,
    OktaToken,
    NpmToken,
    PypiToken,
    SquareToken,
    MailchimpKey,
    TelegramBotToken,
    /// A Salesforce access or refresh token (`00…!…`).
    SalesforceToken,
    /// A format of [`catalog::PREFIXED`], by its index.
    Prefixed(u8),
    Jwt,
    PemPrivateKey,
    /// The credential of an `Authorization` header (Bearer, Token, SSWS, ApiKey, …).
    BearerToken,
    /// `Basic` credentials (`user:pass`, base64 or inside `$encoding.base64(…)`).
    BasicAuth,
    UrlPassword,
    QuerySecret,
    /// The value of a secret-named header (`x-api-key`).
    HeaderSecret,
    /// A secret-named field of a JSON, form or XML body.
    BodyFieldSecret,
    /// A secret-named member of the document outside the request.
    FieldSecret,
    /// A random-looking key with no other clue (an unknown header's whole value, `sk-…`).
    GenericApiKey,
    /// A bracketed placeholder naming a credential (`[YOUR API KEY]`).
    Placeholder,
}

impl SecretKind {
    /// snake_case identifier, stable (used in JSON output and tests).
    pub fn as_str(self) -> &'static str {
        match self {
            SecretKind::StripeKey => "stripe_key",
            SecretKind::GithubToken => "github_token",
            SecretKind::GitlabToken => "gitlab_token",
            SecretKind::SlackToken => "slack_token",
            SecretKind::SlackWebhook => "slack_webhook",
            SecretKind::DiscordWebhook => "discord_webhook",
            SecretKind::TeamsWebhook => "teams_webhook",
            SecretKind::ZapierWebhook => "zapier_webhook",
            SecretKind::AwsAccessKeyId => "aws_access_key_id",
            SecretKind::GoogleApiKey => "google_api_key",
            SecretKind::TwilioApiKey => "twilio_api_key",
            SecretKind::SendgridKey => "sendgrid_key",
            SecretKind::OpenaiKey => "openai_key",
            SecretKind::AnthropicKey => "anthropic_key",
            SecretKind::AzureClientSecret => "azure_client_secret",
            SecretKind::AzureFunctionKey => "azure_function_key",
            SecretKind::HubspotToken => "hubspot_token",
            SecretKind::ShopifyToken => "shopify_token",
            SecretKind::OktaToken => "okta_token",
            SecretKind::NpmToken => "npm_token",
            SecretKind::PypiToken => "pypi_token",
            SecretKind::SquareToken => "square_token",
            SecretKind::MailchimpKey => "mailchimp_key",
            SecretKind::TelegramBotToken => "telegram_bot_token",
            SecretKind::SalesforceToken => "salesforce_token",
            SecretKind::Prefixed(i) => catalog::PREFIXED[usize::from(i)].id,
            SecretKind::Jwt => "jwt",
            SecretKind::PemPrivateKey => "pem_private_key",
            SecretKind::BearerToken => "bearer_token",
            SecretKind::BasicAuth => "basic_auth",
            SecretKind::UrlPassword => "url_password",
            SecretKind::QuerySecret => "query_secret",
            SecretKind::HeaderSecret => "header_secret",
            SecretKind::BodyFieldSecret => "body_field_secret",
            SecretKind::FieldSecret => "field_secret",
            SecretKind::GenericApiKey => "generic_api_key",
            SecretKind::Placeholder => "placeholder",
        }
    }

    /// How messages name it.
    pub fn label(self) -> &'static str {
        match self {
            SecretKind::StripeKey => "Stripe key",
            SecretKind::GithubToken => "GitHub token",
            SecretKind::GitlabToken => "GitLab token",
            SecretKind::SlackToken => "Slack token",
            SecretKind::SlackWebhook => "Slack webhook secret",
            SecretKind::DiscordWebhook => "Discord webhook secret",
            SecretKind::TeamsWebhook => "Microsoft Teams webhook secret",
            SecretKind::ZapierWebhook => "Zapier webhook secret",
            SecretKind::AwsAccessKeyId => "AWS access key ID",
            SecretKind::GoogleApiKey => "Google API key",
            SecretKind::TwilioApiKey => "Twilio API key",
            SecretKind::SendgridKey => "SendGrid key",
            SecretKind::OpenaiKey => "OpenAI key",
            SecretKind::AnthropicKey => "Anthropic key",
            SecretKind::AzureClientSecret => "Azure client secret",
            SecretKind::AzureFunctionKey => "Azure Functions key",
            SecretKind::HubspotToken => "HubSpot private app token",
            SecretKind::ShopifyToken => "Shopify token",
            SecretKind::OktaToken => "Okta API token",
            SecretKind::NpmToken => "npm token",
            SecretKind::PypiToken => "PyPI token",
            SecretKind::SquareToken => "Square token",
            SecretKind::MailchimpKey => "Mailchimp key",
            SecretKind::TelegramBotToken => "Telegram bot token",
            SecretKind::SalesforceToken => "Salesforce token",
            SecretKind::Prefixed(i) => catalog::PREFIXED[usize::from(i)].label,
            SecretKind::Jwt => "JSON Web Token",
            SecretKind::PemPrivateKey => "PEM private key",
            SecretKind::BearerToken => "token",
            SecretKind::BasicAuth => "Basic credentials",
            SecretKind::UrlPassword => "password",
            SecretKind::QuerySecret => "credential",
            SecretKind::HeaderSecret => "credential",
            SecretKind::BodyFieldSecret => "credential",
            SecretKind::FieldSecret => "credential",
            SecretKind::GenericApiKey => "API key",
            SecretKind::Placeholder => "placeholder",
        }
    }

    /// The service a known format belongs to (used to name the reference when the URL says
    /// nothing).
    pub fn provider(self) -> Option<&'static str> {
        Some(match self {
            SecretKind::StripeKey => "stripe",
            SecretKind::GithubToken => "github",
            SecretKind::GitlabToken => "gitlab",
            SecretKind::SlackToken | SecretKind::SlackWebhook => "slack",
            SecretKind::DiscordWebhook => "discord",
            SecretKind::TeamsWebhook => "teams",
            SecretKind::ZapierWebhook => "zapier",
            SecretKind::AwsAccessKeyId => "aws",
            SecretKind::GoogleApiKey => "google",
            SecretKind::TwilioApiKey => "twilio",
            SecretKind::SendgridKey => "sendgrid",
            SecretKind::OpenaiKey => "openai",
            SecretKind::AnthropicKey => "anthropic",
            SecretKind::AzureClientSecret | SecretKind::AzureFunctionKey => "azure",
            SecretKind::HubspotToken => "hubspot",
            SecretKind::ShopifyToken => "shopify",
            SecretKind::OktaToken => "okta",
            SecretKind::NpmToken => "npm",
            SecretKind::PypiToken => "pypi",
            SecretKind::SquareToken => "square",
            SecretKind::MailchimpKey => "mailchimp",
            SecretKind::TelegramBotToken => "telegram",
            SecretKind::SalesforceToken => "salesforce",
            SecretKind::Prefixed(i) => catalog::PREFIXED[usize::from(i)].provider,
            _ => return None,
        })
    }

    /// Whether this is a known token format (its name says more than the position's).
    pub fn is_format(self) -> bool {
        !matches!(
            self,
            SecretKind::BearerToken
                | SecretKind::BasicAuth
                | SecretKind::UrlPassword
                | SecretKind::QuerySecret
                | SecretKind::HeaderSecret
                | SecretKind::BodyFieldSecret
                | SecretKind::FieldSecret
                | SecretKind::GenericApiKey
                | SecretKind::Placeholder
        )
    }

    /// A webhook URL (or its secret path): the URL is the credential.
    pub fn is_webhook(self) -> bool {
        self.default_role() == Role::Webhook
    }

    /// The role a known format plays when nothing else says.
    fn default_role(self) -> Role {
        match self {
            SecretKind::SlackWebhook
            | SecretKind::DiscordWebhook
            | SecretKind::TeamsWebhook
            | SecretKind::ZapierWebhook => Role::Webhook,
            SecretKind::AwsAccessKeyId => Role::AccessKeyId,
            SecretKind::PemPrivateKey => Role::PrivateKey,
            SecretKind::AzureClientSecret => Role::ClientSecret,
            SecretKind::GithubToken
            | SecretKind::GitlabToken
            | SecretKind::SlackToken
            | SecretKind::HubspotToken
            | SecretKind::ShopifyToken
            | SecretKind::OktaToken
            | SecretKind::NpmToken
            | SecretKind::PypiToken
            | SecretKind::SquareToken
            | SecretKind::TelegramBotToken
            | SecretKind::SalesforceToken
            | SecretKind::Jwt => Role::Token,
            _ => Role::ApiKey,
        }
    }
}

/// What a credential is used as; names the Secure Data object (`partner_bearer_token_prod`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    ApiKey,
    BearerToken,
    BasicAuth,
    Username,
    Password,
    Token,
    AccessToken,
    RefreshToken,
    ClientSecret,
    Secret,
    Signature,
    PrivateKey,
    Webhook,
    AccessKeyId,
}

impl Role {
    /// The `{kind}` of a reference name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::ApiKey => "api_key",
            Role::BearerToken => "bearer_token",
            Role::BasicAuth => "basic_auth",
            Role::Username => "username",
            Role::Password => "password",
            Role::Token => "token",
            Role::AccessToken => "access_token",
            Role::RefreshToken => "refresh_token",
            Role::ClientSecret => "client_secret",
            Role::Secret => "secret",
            Role::Signature => "signature",
            Role::PrivateKey => "private_key",
            Role::Webhook => "webhook",
            Role::AccessKeyId => "access_key_id",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Role::ApiKey => "API key",
            Role::BearerToken => "bearer token",
            Role::BasicAuth => "Basic credentials",
            Role::Username => "user name",
            Role::Password => "password",
            Role::Token => "token",
            Role::AccessToken => "access token",
            Role::RefreshToken => "refresh token",
            Role::ClientSecret => "client secret",
            Role::Secret => "secret",
            Role::Signature => "signature",
            Role::PrivateKey => "private key",
            Role::Webhook => "webhook secret",
            Role::AccessKeyId => "access key ID",
        }
    }
}

/// Where inside its string a secret sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    /// After the scheme of an `Authorization` header (or a header used like one).
    Authorization,
    /// The value of a secret-named header, or a random key as an unknown header's value.
    Header,
    /// The password of `scheme://user:pass@host`.
    UrlPassword,
    QueryParam,
    /// A field of JSON text inside the string.
    BodyField,
    FormField,
    XmlElement,
    /// A secret-named attribute of an XML element: `<auth password="…"/>`.
    XmlAttribute,
    /// A secret-named Velocity variable: `#set($token = "…")`.
    VelocityVariable,
    /// A session or credential cookie of a `Cookie` header.
    Cookie,
    /// A secret-named member of the document (outside the request).
    Field,
    /// A known token format, found with no particular position.
    Anywhere,
}

/// How the secret text is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueShape {
    Opaque,
    /// `Basic <base64 of user:pass>`.
    BasicBase64,
    /// `user:pass` in plain text (`$encoding.base64("user:pass")`).
    BasicPlain,
}

/// A secret (or a placeholder in a credential position) inside one string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finding {
    /// Byte range inside the decoded string: exactly the secret.
    pub range: TextRange,
    pub kind: SecretKind,
    pub role: Role,
    pub location: Location,
    /// The parameter, field or scheme name inside the string, if any.
    pub name: Option<TextRange>,
    /// A placeholder left in a credential position (`SEC002`), not a secret (`SEC001`).
    pub placeholder: bool,
    pub shape: ValueShape,
    /// For a JSON body field: its value with the quotes.
    pub quoted: Option<TextRange>,
}

/// What one string holds: secrets and placeholders, and every credential position (literal or
/// not).
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub findings: Vec<Finding>,
    pub slots: Vec<Slot>,
}

/// Secrets and placeholders in `s` (a decoded JSON string), in order.
pub fn detect(s: &str, ctx: &Context<'_>) -> Vec<Finding> {
    analyze(s, ctx).findings
}

/// Secrets, placeholders and credential positions in `s`.
pub fn analyze(s: &str, ctx: &Context<'_>) -> Analysis {
    if !may_hold_credential(s, ctx) {
        return Analysis::default();
    }
    let view = view::literal_view(s);
    let view: &[u8] = &view;
    let slots = find_slots(s, view, ctx);
    let mut hits = Vec::new();
    formats::scan(view, &mut hits);
    let mut findings = Vec::with_capacity(hits.len());
    for slot in &slots {
        if slot.value.is_empty() || !view::is_literal(view, slot.value) {
            continue;
        }
        if let Some(finding) = judge_slot(s, slot, &hits) {
            findings.push(finding);
        }
    }
    for hit in &hits {
        if findings.iter().any(|f| f.range.overlaps(hit.range) || f.range.contains_range(hit.range)) {
            continue;
        }
        findings.push(Finding {
            range: hit.range,
            kind: hit.kind,
            role: hit.kind.default_role(),
            location: Location::Anywhere,
            name: None,
            placeholder: hit.placeholder,
            shape: ValueShape::Opaque,
            quoted: None,
        });
    }
    if ctx.part == Part::Header && findings.is_empty() && slots.is_empty() {
        generic_header(s, view, ctx.header.unwrap_or_default(), &mut findings);
    }
    if ctx.part == Part::Url && findings.is_empty() {
        webhook_placeholder(s, view, &mut findings);
    }
    if ctx.part != Part::Other {
        for range in locate::bracket_placeholders(view, s) {
            if !findings.iter().any(|f| f.range.overlaps(range) || range.contains_range(f.range)) {
                findings.push(Finding {
                    range,
                    kind: SecretKind::Placeholder,
                    role: Role::ApiKey,
                    location: Location::Anywhere,
                    name: None,
                    placeholder: true,
                    shape: ValueShape::Opaque,
                    quoted: None,
                });
            }
        }
    }
    crate::sort::sort_by_key(&mut findings, |f| (f.range.start, f.range.end));
    findings.dedup_by(|later, earlier| later.range.overlaps(earlier.range));
    Analysis { findings, slots }
}

/// Credential positions of `s` by its context, read from `view`.
fn find_slots(s: &str, view: &[u8], ctx: &Context<'_>) -> Vec<Slot> {
    let mut slots = Vec::new();
    match ctx.part {
        Part::Header => {
            if let Some(name) = ctx.header {
                locate::header(s, view, name, &mut slots);
            }
        }
        Part::Url => {
            locate::userinfo(view, &mut slots);
            locate::query(view, s, &mut slots);
        }
        Part::Body => body_slots(s, view, &mut slots),
        Part::Other => {
            if let Some(role) = ctx.field.and_then(|f| names::credential_name(f, names::NameSite::Field)) {
                let value = locate::trim(view, TextRange::new(0, view.len()));
                if !value.is_empty() && !view[value.start..value.end].contains(&b' ') {
                    slots.push(Slot {
                        value,
                        role,
                        location: Location::Field,
                        name: None,
                        shape: ValueShape::Opaque,
                        quoted: None,
                    });
                }
            }
            if view.len() > 8 {
                body_slots(s, view, &mut slots);
            }
        }
    }
    slots
}

/// The keyword prefilter: whether `s` can hold anything at all, decided on its raw bytes
/// without building the literal view. Masking template syntax only removes candidates (it never
/// adds a name, a delimiter or a word boundary), so a string with no candidate in its raw
/// bytes has none in its view either; most strings stop here.
fn may_hold_credential(s: &str, ctx: &Context<'_>) -> bool {
    let raw = s.as_bytes();
    let mut hits = Vec::new();
    formats::scan(raw, &mut hits);
    if !hits.is_empty() || !find_slots(s, raw, ctx).is_empty() {
        return true;
    }
    let value = locate::trim(raw, TextRange::new(0, raw.len()));
    match ctx.part {
        // An unknown header whose value is one long token, or a URL that is one placeholder.
        Part::Header if value.len() >= 20 && !raw.iter().any(|b| b.is_ascii_whitespace()) => return true,
        Part::Url if !raw.contains(&b'/') && value.len() >= 3 => return true,
        _ => {}
    }
    ctx.part != Part::Other
        && raw.windows(2).any(|w| matches!(w[0], b'[' | b'<' | b'{') && w[1].is_ascii_alphabetic())
        && !locate::bracket_placeholders(raw, s).is_empty()
}

fn body_slots(s: &str, view: &[u8], slots: &mut Vec<Slot>) {
    locate::json_fields(view, s, slots);
    locate::form(view, s, slots);
    locate::xml_elements(view, s, slots);
    locate::velocity_set(s, slots);
    locate::userinfo(view, slots);
}

/// An unknown header whose whole value is one random key (`X-Partner-Auth: q7Lm…`).
fn generic_header(s: &str, view: &[u8], name: &str, findings: &mut Vec<Finding>) {
    if names::is_non_secret_header(name) {
        return;
    }
    let value = locate::trim(view, TextRange::new(0, view.len()));
    if value.is_empty() || !view::is_literal(view, value) || !judge::is_generic_key(&s[value.start..value.end]) {
        return;
    }
    findings.push(Finding {
        range: value,
        kind: SecretKind::GenericApiKey,
        role: Role::ApiKey,
        location: Location::Header,
        name: None,
        placeholder: false,
        shape: ValueShape::Opaque,
        quoted: None,
    });
}

/// A URL that is only a placeholder for a credential-bearing URL (`ENTER_YOUR_WEBHOOK_URL`): a
/// webhook URL is a capability, its path is the secret.
fn webhook_placeholder(s: &str, view: &[u8], findings: &mut Vec<Finding>) {
    let value = locate::trim(view, TextRange::new(0, view.len()));
    if value.is_empty() || !view::is_literal(view, value) || view[value.start..value.end].contains(&b'/') {
        return;
    }
    let text = &s[value.start..value.end];
    let lower = text.to_ascii_lowercase();
    let names_credential = ["webhook", "token", "secret", "key"].iter().any(|w| lower.contains(w));
    if names_credential && judge::is_placeholder(text) {
        findings.push(Finding {
            range: value,
            kind: SecretKind::Placeholder,
            role: Role::Webhook,
            location: Location::Anywhere,
            name: None,
            placeholder: true,
            shape: ValueShape::Opaque,
            quoted: None,
        });
    }
}

/// `range`'s text with up to two `{` before it and two `}` after it: a slot guessed inside broken
/// template syntax may start between the braces of `{{secureData("x")}}`.
fn with_braces_around(s: &str, range: TextRange) -> &str {
    let bytes = s.as_bytes();
    let start =
        (0..=2).map(|n| range.start.saturating_sub(n)).take_while(|&i| i == range.start || bytes[i] == b'{').last();
    let end =
        (0..=2).map(|n| (range.end + n).min(s.len())).take_while(|&i| i == range.end || bytes[i - 1] == b'}').last();
    &s[start.unwrap_or(range.start)..end.unwrap_or(range.end)]
}

/// Decides what a literal credential position holds: a secret, a placeholder, or nothing.
fn judge_slot(s: &str, slot: &Slot, hits: &[formats::TokenHit]) -> Option<Finding> {
    let text = &s[slot.value.start..slot.value.end];
    // A secure reference the scanner read as text (after an unclosed `${` or a `##` comment, or
    // inside an unclosed `#set(` where the slot's bounds are a guess) is the remedy, neither a
    // secret nor a placeholder: else its rewrite would be rewritten forever.
    if judge::holds_secure_reference(with_braces_around(s, slot.value)) {
        return None;
    }
    let hit = hits.iter().find(|h| slot.value.contains_range(h.range));
    let (secret, placeholder) = match slot.shape {
        ValueShape::BasicBase64 => match base64_decode(text.as_bytes()).and_then(|d| String::from_utf8(d).ok()) {
            Some(decoded) if decoded.contains(':') => judge_user_pass(&decoded),
            _ => (judge::is_credential_value(text), judge::is_placeholder(text)),
        },
        ValueShape::BasicPlain => judge_user_pass(text),
        ValueShape::Opaque if slot.role == Role::Password => {
            let placeholder = judge::is_placeholder(text);
            (!placeholder && judge::is_password_value(text), placeholder)
        }
        ValueShape::Opaque => {
            // Words without digits where a key goes (`mysecretkey`) are a dummy left in.
            let dummy = hit.is_none()
                && text.len() >= 8
                && !text.bytes().any(|b| b.is_ascii_digit())
                && judge::looks_like_words(text.as_bytes());
            let placeholder = hit.is_some_and(|h| h.placeholder) || judge::is_placeholder(text) || dummy;
            (!placeholder && (hit.is_some() || judge::is_credential_value(text)), placeholder)
        }
    };
    // Anything else in an `Authorization` value is a placeholder too short or too plain to work.
    let placeholder = placeholder || (!secret && slot.location == Location::Authorization);
    if !secret && !placeholder {
        return None;
    }
    let kind = match (hit, slot.location) {
        (Some(h), _) if h.range.len() * 2 >= slot.value.len() => h.kind,
        (_, Location::Authorization) if matches!(slot.role, Role::BasicAuth | Role::Password) => SecretKind::BasicAuth,
        (_, Location::Authorization) => SecretKind::BearerToken,
        (_, Location::Header | Location::Cookie) => SecretKind::HeaderSecret,
        (_, Location::UrlPassword) => SecretKind::UrlPassword,
        (_, Location::QueryParam) => SecretKind::QuerySecret,
        (
            _,
            Location::BodyField
            | Location::FormField
            | Location::XmlElement
            | Location::XmlAttribute
            | Location::VelocityVariable,
        ) => SecretKind::BodyFieldSecret,
        (_, Location::Field) => SecretKind::FieldSecret,
        (_, Location::Anywhere) => SecretKind::GenericApiKey,
    };
    Some(Finding {
        range: slot.value,
        kind,
        role: slot.role,
        location: slot.location,
        name: slot.name,
        placeholder: placeholder && !secret,
        shape: slot.shape,
        quoted: slot.quoted,
    })
}

/// `(secret, placeholder)` for `user:pass`.
fn judge_user_pass(decoded: &str) -> (bool, bool) {
    let (user, pass) = decoded.split_once(':').unwrap_or((decoded, ""));
    if pass.is_empty() {
        // `apikey:` (the key as the user name, as Stripe and others do).
        let placeholder = judge::is_placeholder(user);
        return (!placeholder && judge::is_credential_value(user), placeholder);
    }
    let placeholder = judge::is_placeholder(pass);
    (!placeholder && judge::is_password_value(pass), placeholder)
}

/// Decodes standard or URL-safe base64, padded or not (a `Basic` value, a JWT's header).
pub fn base64_decode(input: &[u8]) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use base64::engine::DecodePaddingMode;
    use base64::{alphabet, Engine};
    const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
    const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);
    STANDARD.decode(input).or_else(|_| URL_SAFE.decode(input)).ok()
}

/// Replaces every secret detected in `s` (a rendered URL, header line, header value or body)
/// with `‹secret sha256:…›`. With no context, every reading is tried: header lines, a URL, a
/// body, an `Authorization` value, a bare key.
pub fn redact(s: &str) -> String {
    replace_ranges(s, redaction_ranges(s))
}

/// The ranges [`redact`] replaces.
pub fn redaction_ranges(s: &str) -> Vec<TextRange> {
    let mut ranges: Vec<TextRange> = Vec::new();
    let mut add = |offset: usize, findings: Vec<Finding>| {
        ranges.extend(
            findings
                .iter()
                .filter(|f| !f.placeholder)
                .map(|f| TextRange::new(offset + f.range.start, offset + f.range.end)),
        );
    };
    add(0, detect(s, &Context::url()));
    add(0, detect(s, &Context::body()));
    if locate::starts_with_scheme(s, locate::trim(s.as_bytes(), TextRange::new(0, s.len()))) {
        add(0, detect(s, &Context::header("Authorization")));
    }
    let mut offset = 0;
    for line in s.split_inclusive('\n') {
        if let Some((name, value)) = line.split_once(':') {
            let is_header_name =
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if is_header_name {
                let value_offset = offset + name.len() + 1;
                add(value_offset, detect(value, &Context::header(name.trim())));
            }
        }
        offset += line.len();
    }
    let trimmed = s.trim();
    if judge::is_generic_key(trimmed) {
        let start = s.len() - s.trim_start().len();
        ranges.push(TextRange::new(start, start + trimmed.len()));
    }
    ranges
}

/// Like [`redact`], for a string whose context is known (a header value with its name).
pub fn redact_with(s: &str, ctx: &Context<'_>) -> String {
    let ranges = detect(s, ctx).iter().filter(|f| !f.placeholder).map(|f| f.range).collect();
    replace_ranges(s, ranges)
}

fn replace_ranges(s: &str, mut ranges: Vec<TextRange>) -> String {
    if ranges.is_empty() {
        return s.to_owned();
    }
    crate::sort::sort(&mut ranges);
    let mut merged: Vec<TextRange> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for r in merged {
        out.push_str(&s[last..r.start]);
        out.push_str("‹secret ");
        out.push_str(&fingerprint(&s[r.start..r.end]));
        out.push('›');
        last = r.end;
    }
    out.push_str(&s[last..]);
    out
}

/// Provider prefixes shown in masked form (they identify the kind of key, not the key).
const KNOWN_PREFIXES: &[&str] = &[
    "github_pat_",
    "sk-proj-",
    "sk-ant-",
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "pk_live_",
    "whsec_",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xapp-",
    "xoxa-",
    "shpat_",
    "pat-na1-",
    "pat-eu1-",
    "npm_",
    "pypi-",
    "AKIA",
    "ASIA",
    "AIza",
    "SG.",
    "sk-",
    "eyJ",
];

/// `sha256:` followed by the first 16 hex digits of the secret's SHA-256.
pub fn fingerprint(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    let mut out = String::with_capacity(23);
    out.push_str("sha256:");
    for byte in &digest[..8] {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// The provider prefix of a secret, if it has a known one.
pub fn known_prefix(secret: &str) -> Option<&'static str> {
    KNOWN_PREFIXES.iter().copied().find(|p| secret.starts_with(p) && secret.len() > p.len() + 8)
}

/// A secret as it may be shown: provider prefix (when known), length and fingerprint.
/// `sk_live_… (32 chars, sha256:0123456789abcdef)`.
pub fn mask(secret: &str) -> String {
    let chars = secret.chars().count();
    match known_prefix(secret) {
        Some(prefix) => format!("{prefix}… ({chars} chars, {})", fingerprint(secret)),
        None => format!("‹{chars} chars, {}›", fingerprint(secret)),
    }
}

#[cfg(test)]
mod tests;

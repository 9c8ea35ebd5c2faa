//! Fake credentials in the formats real providers use (prefixes, lengths, alphabets, the GitHub
//! CRC32 checksum), generated at run time so that no key-shaped literal lives in the repository.
//! None of them was ever issued by anyone.

use crate::entropy::*;

/// The kinds of credential the generator plants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SecretKind {
    StripeSecretKey,
    StripeRestrictedKey,
    StripeWebhookSecret,
    GithubClassicToken,
    GithubFineGrainedToken,
    GitlabToken,
    SlackBotToken,
    SlackWebhookUrl,
    AwsAccessKeyId,
    GoogleApiKey,
    SendgridKey,
    OpenAiKey,
    AnthropicKey,
    HubspotToken,
    ShopifyToken,
    OktaToken,
    Jwt,
    BasicAuth,
    UrlPassword,
    PrivateKey,
    AzureClientSecret,
    DatadogApiKey,
    GenericApiKey,
    BodyPassword,
    SessionCookie,
}

impl SecretKind {
    pub const ALL: &'static [SecretKind] = &[
        SecretKind::StripeSecretKey,
        SecretKind::StripeRestrictedKey,
        SecretKind::StripeWebhookSecret,
        SecretKind::GithubClassicToken,
        SecretKind::GithubFineGrainedToken,
        SecretKind::GitlabToken,
        SecretKind::SlackBotToken,
        SecretKind::SlackWebhookUrl,
        SecretKind::AwsAccessKeyId,
        SecretKind::GoogleApiKey,
        SecretKind::SendgridKey,
        SecretKind::OpenAiKey,
        SecretKind::AnthropicKey,
        SecretKind::HubspotToken,
        SecretKind::ShopifyToken,
        SecretKind::OktaToken,
        SecretKind::Jwt,
        SecretKind::BasicAuth,
        SecretKind::UrlPassword,
        SecretKind::PrivateKey,
        SecretKind::AzureClientSecret,
        SecretKind::DatadogApiKey,
        SecretKind::GenericApiKey,
        SecretKind::BodyPassword,
        SecretKind::SessionCookie,
    ];

    /// kebab-case name, used in manifests.
    pub fn name(self) -> &'static str {
        match self {
            SecretKind::StripeSecretKey => "stripe-secret-key",
            SecretKind::StripeRestrictedKey => "stripe-restricted-key",
            SecretKind::StripeWebhookSecret => "stripe-webhook-secret",
            SecretKind::GithubClassicToken => "github-classic-token",
            SecretKind::GithubFineGrainedToken => "github-fine-grained-token",
            SecretKind::GitlabToken => "gitlab-token",
            SecretKind::SlackBotToken => "slack-bot-token",
            SecretKind::SlackWebhookUrl => "slack-webhook-url",
            SecretKind::AwsAccessKeyId => "aws-access-key-id",
            SecretKind::GoogleApiKey => "google-api-key",
            SecretKind::SendgridKey => "sendgrid-key",
            SecretKind::OpenAiKey => "openai-key",
            SecretKind::AnthropicKey => "anthropic-key",
            SecretKind::HubspotToken => "hubspot-token",
            SecretKind::ShopifyToken => "shopify-token",
            SecretKind::OktaToken => "okta-token",
            SecretKind::Jwt => "jwt",
            SecretKind::BasicAuth => "basic-auth",
            SecretKind::UrlPassword => "url-password",
            SecretKind::PrivateKey => "private-key",
            SecretKind::AzureClientSecret => "azure-client-secret",
            SecretKind::DatadogApiKey => "datadog-api-key",
            SecretKind::GenericApiKey => "generic-api-key",
            SecretKind::BodyPassword => "body-password",
            SecretKind::SessionCookie => "session-cookie",
        }
    }
}

/// Where in a request a secret sits. An action holds at most one secret per URL, per body and
/// per header name, so every planted secret is on its own line of the pretty-printed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// A header value: `format` with `{}` replaced by the secret.
    Header { name: &'static str, format: &'static str },
    /// A query parameter appended to the URL.
    UrlQuery { param: &'static str },
    /// `https://user:SECRET@host/…`.
    UrlUserinfo { user: String },
    /// The whole URL is the secret (a Slack webhook).
    Url,
    /// A member of the JSON request body, with other members beside it.
    BodyField { key: &'static str },
}

/// Which part of an action a placement occupies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    Header(&'static str),
    Url,
    Body,
}

impl Placement {
    pub fn slot(&self) -> Slot {
        match self {
            Placement::Header { name, .. } => Slot::Header(name),
            Placement::UrlQuery { .. } | Placement::UrlUserinfo { .. } | Placement::Url => Slot::Url,
            Placement::BodyField { .. } => Slot::Body,
        }
    }
}

/// A generated fake credential and where it goes.
#[derive(Debug, Clone)]
pub struct FakeSecret {
    pub kind: SecretKind,
    /// The credential, as a scanner should report it.
    pub value: String,
    /// Every string that must never appear in dalint's output (the value and, for encoded or
    /// composite forms, the parts that would leak it).
    pub forbidden: Vec<String>,
    pub placement: Placement,
}

const AUTHORIZATION: &str = "Authorization";

fn header(name: &'static str, format: &'static str) -> Placement {
    Placement::Header { name, format }
}

/// A fake credential of `kind`. Its characters come from a PRNG seeded by `e`, so a fuzzer's
/// exhausted input (all zeros) still yields a random-looking key, never `sk_live_0000…` (which is
/// rightly a placeholder, not a secret).
pub fn generate(kind: SecretKind, e: &mut impl Entropy) -> FakeSecret {
    generate_from(kind, &mut SplitMix64::new(e.next_u64() ^ 0x5EC2_E7D0_0D5E_C2E7))
}

fn generate_from(kind: SecretKind, e: &mut SplitMix64) -> FakeSecret {
    let (value, placement, mut forbidden) = match kind {
        SecretKind::StripeSecretKey => {
            (format!("sk_live_{}", e.string(BASE62, 24)), header(AUTHORIZATION, "Bearer {}"), vec![])
        }
        SecretKind::StripeRestrictedKey => {
            (format!("rk_live_{}", e.string(BASE62, 24)), header("Stripe-Key", "{}"), vec![])
        }
        SecretKind::StripeWebhookSecret => {
            (format!("whsec_{}", e.string(BASE62, 32)), Placement::BodyField { key: "webhookSecret" }, vec![])
        }
        SecretKind::GithubClassicToken => (github_classic(e), header(AUTHORIZATION, "token {}"), vec![]),
        SecretKind::GithubFineGrainedToken => (
            format!("github_pat_{}_{}", e.string(BASE62, 22), e.string(BASE62, 59)),
            header(AUTHORIZATION, "Bearer {}"),
            vec![],
        ),
        SecretKind::GitlabToken => {
            (format!("glpat-{}", e.string(BASE62_DASH, 20)), header("PRIVATE-TOKEN", "{}"), vec![])
        }
        SecretKind::SlackBotToken => (
            {
                let (team, bot) = (e.between(10, 13), e.between(10, 13));
                format!("xoxb-{}-{}-{}", e.string(DIGITS, team), e.string(DIGITS, bot), e.string(BASE62, 24))
            },
            header(AUTHORIZATION, "Bearer {}"),
            vec![],
        ),
        SecretKind::SlackWebhookUrl => {
            let token = e.string(BASE62, 24);
            let url = format!(
                "https://hooks.slack.com/services/T{}/B{}/{token}",
                e.string(UPPER_ALNUM, 8),
                e.string(UPPER_ALNUM, 10)
            );
            (url, Placement::Url, vec![token])
        }
        SecretKind::AwsAccessKeyId => {
            (format!("AKIA{}", e.string(BASE32_UPPER, 16)), Placement::BodyField { key: "accessKeyId" }, vec![])
        }
        SecretKind::GoogleApiKey => {
            (format!("AIza{}", e.string(BASE62_DASH, 35)), Placement::UrlQuery { param: "key" }, vec![])
        }
        SecretKind::SendgridKey => (
            format!("SG.{}.{}", e.string(BASE62_DASH, 22), e.string(BASE62_DASH, 43)),
            header(AUTHORIZATION, "Bearer {}"),
            vec![],
        ),
        SecretKind::OpenAiKey => (
            format!("sk-proj-{}T3BlbkFJ{}", e.string(BASE62_DASH, 56), e.string(BASE62_DASH, 56)),
            header(AUTHORIZATION, "Bearer {}"),
            vec![],
        ),
        SecretKind::AnthropicKey => {
            (format!("sk-ant-api03-{}AA", e.string(BASE62_DASH, 93)), header("x-api-key", "{}"), vec![])
        }
        SecretKind::HubspotToken => (format!("pat-na1-{}", uuid(e)), header(AUTHORIZATION, "Bearer {}"), vec![]),
        SecretKind::ShopifyToken => {
            (format!("shpat_{}", e.string(HEX, 32)), header("X-Shopify-Access-Token", "{}"), vec![])
        }
        SecretKind::OktaToken => (format!("00{}", e.string(BASE62_DASH, 40)), header(AUTHORIZATION, "SSWS {}"), vec![]),
        SecretKind::Jwt => (jwt(e), header(AUTHORIZATION, "Bearer {}"), vec![]),
        SecretKind::BasicAuth => {
            let user = format!("svc_{}", e.string(LOWER, 6));
            let password = e.string(PASSWORD, 20);
            let pair = format!("{user}:{password}");
            (base64(pair.as_bytes(), STANDARD, true), header(AUTHORIZATION, "Basic {}"), vec![password, pair])
        }
        SecretKind::UrlPassword => {
            let user = format!("svc_{}", e.string(LOWER, 6));
            (e.string(URL_SAFE_PASSWORD, 22), Placement::UrlUserinfo { user }, vec![])
        }
        SecretKind::PrivateKey => {
            let body: Vec<String> = (0..e.between(4, 8)).map(|_| e.string(STANDARD, 64)).collect();
            let first = body[0].clone();
            let pem = format!("-----BEGIN PRIVATE KEY-----\nMIIE{}\n-----END PRIVATE KEY-----\n", body.join("\n"));
            (pem, Placement::BodyField { key: "private_key" }, vec![first])
        }
        SecretKind::AzureClientSecret => (
            format!("{}{}Q~{}", e.string(BASE62, 3), e.string(DIGITS, 1), e.string(BASE62_DASH, 34)),
            Placement::BodyField { key: "client_secret" },
            vec![],
        ),
        SecretKind::DatadogApiKey => (e.string(HEX, 32), header("DD-API-KEY", "{}"), vec![]),
        SecretKind::GenericApiKey => (e.string(BASE62, 32), header("X-API-Key", "{}"), vec![]),
        SecretKind::BodyPassword => (e.string(PASSWORD, 18), Placement::BodyField { key: "password" }, vec![]),
        SecretKind::SessionCookie => {
            (e.string(BASE62, 32), header("Cookie", "theme=dark; JSESSIONID={}; lang=en"), vec![])
        }
    };
    forbidden.insert(0, value.clone());
    FakeSecret { kind, value, forbidden, placement }
}

/// `ghp_` + 30 random + the base62 CRC32 of those 30, padded to 6: what GitHub issues.
fn github_classic(e: &mut SplitMix64) -> String {
    let random = e.string(BASE62, 30);
    format!("ghp_{random}{}", base62_padded(crc32(random.as_bytes()), 6))
}

fn base62_padded(mut n: u32, width: usize) -> String {
    let mut digits = vec![b'0'; width];
    for slot in digits.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8(digits).unwrap_or_default()
}

/// CRC-32 (IEEE), bitwise: the generator needs a few per file.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A random version-4 UUID.
pub fn uuid(e: &mut impl Entropy) -> String {
    format!(
        "{}-{}-4{}-{}{}-{}",
        e.string(HEX, 8),
        e.string(HEX, 4),
        e.string(HEX, 3),
        char::from(*e.pick(b"89ab")),
        e.string(HEX, 3),
        e.string(HEX, 12)
    )
}

fn jwt(e: &mut SplitMix64) -> String {
    let header = br#"{"alg":"HS256","typ":"JWT"}"#;
    let claims = format!(
        r#"{{"sub":"{}","iss":"https://login.{}.example.com","iat":{},"exp":{},"scope":"read write"}}"#,
        uuid(e),
        e.string(LOWER, 6),
        1_700_000_000 + e.below(10_000_000),
        1_800_000_000 + e.below(10_000_000)
    );
    let signature: Vec<u8> = (0..32).map(|_| e.next_u64() as u8).collect();
    format!(
        "{}.{}.{}",
        base64(header, URL_SAFE, false),
        base64(claims.as_bytes(), URL_SAFE, false),
        base64(&signature, URL_SAFE, false)
    )
}

pub const STANDARD: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
pub const URL_SAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64 with the given 64-character alphabet.
pub fn base64(bytes: &[u8], alphabet: &[u8], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(chunk.get(1).copied().unwrap_or(0)) << 8)
            | u32::from(chunk.get(2).copied().unwrap_or(0));
        for i in 0..=chunk.len() {
            out.push(char::from(alphabet[((n >> (18 - 6 * i)) & 63) as usize]));
        }
        if pad {
            for _ in chunk.len()..3 {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn base64_matches_rfc_4648() {
        assert_eq!(base64(b"foobar", STANDARD, true), "Zm9vYmFy");
        assert_eq!(base64(b"fooba", STANDARD, true), "Zm9vYmE=");
        assert_eq!(base64(b"foob", URL_SAFE, false), "Zm9vYg");
    }

    #[test]
    fn every_kind_has_its_provider_shape() {
        let mut e = SplitMix64::new(7);
        for &kind in SecretKind::ALL {
            let secret = generate(kind, &mut e);
            assert!(secret.value.len() >= 16, "{kind:?} too short");
            assert_eq!(secret.forbidden[0], secret.value);
        }
        let token = generate(SecretKind::GithubClassicToken, &mut e).value;
        assert_eq!(token.len(), 40);
        assert_eq!(&token[34..], base62_padded(crc32(&token.as_bytes()[4..34]), 6));
        let id = uuid(&mut e);
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
    }
}

//! Names that mark a credential position: header names, query parameters, body fields.
//!
//! Names are compared normalised: lower case, letters and digits only (`X-API-Key`, `x_api_key`
//! and `xApiKey` are all `xapikey`).

use super::Role;

/// Where a name was found; a few names are secrets only in some places (`APPID` in a query
/// string is OpenWeatherMap's key, `X-App-Id` in a header is an identifier).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSite {
    Header,
    Query,
    Field,
}

/// Lower-case alphanumerics of `name`, in a fixed buffer (names longer than 64 bytes are never
/// credential names).
pub struct Normalized {
    buf: [u8; 64],
    len: usize,
}

impl Normalized {
    pub fn new(name: &str) -> Option<Self> {
        let mut buf = [0u8; 64];
        let mut len = 0;
        for b in name.bytes() {
            if b.is_ascii_alphanumeric() {
                if len == buf.len() {
                    return None;
                }
                buf[len] = b.to_ascii_lowercase();
                len += 1;
            }
        }
        Some(Self { buf, len })
    }
    pub fn as_str(&self) -> &str {
        // Only ASCII alphanumerics were copied in.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

/// Names that contain a credential word but are not credentials.
const NOT_SECRET: &[&str] = &[
    "tokentype",
    "tokenurl",
    "tokenuri",
    "tokenendpoint",
    "tokenexpiry",
    "tokenexpires",
    "tokenexpiresin",
    "tokenname",
    "tokenid",
    "pagetoken",
    "nextpagetoken",
    "nexttoken",
    "continuationtoken",
    "synctoken",
    "cursortoken",
    "csrftokenname",
    "secretname",
    "secretid",
    "secretref",
    "secretversion",
    "passwordpolicy",
    "passwordreset",
    "passwordresetrequired",
    "passwordhint",
    "passwordlength",
    "forgotpassword",
    "passwordexpired",
    "passwordexpiry",
    "keyid",
    "keyname",
    "keytype",
    "apikeyid",
    "apikeyname",
    "accesskeyid",
    "publickey",
    "pubkey",
    "publishablekey",
    "idempotencykey",
    "partitionkey",
    "sortkey",
    "primarykey",
    "foreignkey",
    "cachekey",
    "keyword",
    "keywords",
    "monkey",
    "turnkey",
    "hotkey",
    "donkey",
    "keys",
    "signaturemethod",
    "signatureversion",
    "sigversion",
    "signed",
];

/// Exact names that are credentials wherever they appear.
const EXACT: &[(&str, Role)] = &[
    ("sig", Role::Signature),
    ("signature", Role::Signature),
    ("pwd", Role::Password),
    ("pass", Role::Password),
    ("passwd", Role::Password),
    ("auth", Role::Token),
    ("bearer", Role::BearerToken),
    ("privatetoken", Role::Token),
    ("ocpapimsubscriptionkey", Role::ApiKey),
    ("subscriptionkey", Role::ApiKey),
    ("xfunctionskey", Role::ApiKey),
    ("credential", Role::Secret),
    ("credentials", Role::Secret),
    ("clientsecret", Role::ClientSecret),
    ("consumersecret", Role::ClientSecret),
    ("appsecret", Role::ClientSecret),
];

/// Suffix words that make `<word>key` a credential name (`apikey`, `accesskey`, `xsecretkey`).
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "access",
    "secret",
    "private",
    "subscription",
    "app",
    "application",
    "auth",
    "license",
    "licence",
    "signing",
    "master",
    "encryption",
    "functions",
    "function",
    "consumer",
    "client",
    "session",
    "developer",
    "dev",
    "partner",
    "service",
    "account",
    "integration",
    "shared",
    "hmac",
    "webhook",
    "merchant",
    "customer",
    "user",
];

/// Whether a normalised name contains a credential word at all: one pass, dispatching on each
/// byte. Most names (`type`, `conversationId`, `queueId`) leave here, before any table lookup.
fn has_credential_word(n: &[u8]) -> bool {
    (0..n.len()).any(|i| {
        let rest = &n[i..];
        match n[i] {
            b'k' => rest.starts_with(b"key"),
            b't' => rest.starts_with(b"token"),
            b's' => rest.starts_with(b"secret") || rest.starts_with(b"sig") || rest.starts_with(b"session"),
            b'p' => rest.starts_with(b"pass") || rest.starts_with(b"pwd") || rest.starts_with(b"private"),
            b'a' => rest.starts_with(b"auth") || rest == b"appid",
            b'c' => rest.starts_with(b"credential") || rest.starts_with(b"cookie"),
            b'b' => rest.starts_with(b"bearer"),
            _ => false,
        }
    })
}

/// The credential role a name announces, if it announces one.
pub fn credential_name(name: &str, site: NameSite) -> Option<Role> {
    let normalized = Normalized::new(name)?;
    let n = normalized.as_str();
    if !has_credential_word(n.as_bytes()) || NOT_SECRET.contains(&n) {
        return None;
    }
    if let Some((_, role)) = EXACT.iter().find(|(e, _)| *e == n) {
        return Some(*role);
    }
    // `?key=` is Google's and many others' API key; `{"key": …}` in a body is usually a row
    // or record key, and `X-App-Id` an identifier.
    if (n == "appid" || n == "key") && site == NameSite::Query {
        return Some(Role::ApiKey);
    }
    // Leading `x` of `x-api-key`, `x-auth-token`.
    let core = n.strip_prefix('x').filter(|rest| rest.len() >= 3).unwrap_or(n);
    if n.contains("clientsecret") {
        return Some(Role::ClientSecret);
    }
    if n.contains("password") || n.contains("passwd") || n.ends_with("pwd") {
        return Some(Role::Password);
    }
    if n.contains("refreshtoken") {
        return Some(Role::RefreshToken);
    }
    if n.contains("accesstoken") {
        return Some(Role::AccessToken);
    }
    if n.contains("privatekey") {
        return Some(Role::PrivateKey);
    }
    if n.contains("secret") {
        return Some(Role::Secret);
    }
    if n.contains("apikey") || n.contains("apitoken") {
        return Some(Role::ApiKey);
    }
    if n.contains("token") {
        return Some(Role::Token);
    }
    if let Some(qualifier) = core.strip_suffix("key") {
        if KEY_QUALIFIERS.iter().any(|q| qualifier == *q || qualifier.ends_with(q)) {
            return Some(Role::ApiKey);
        }
    }
    if n.ends_with("signature") {
        return Some(Role::Signature);
    }
    // Vendor headers (`X-Acme-Auth`, `X-Acme-Auth-Key`, `Acme-Access-Key`): any secret-like
    // header name is a credential position for the detector too; the judge decides the value.
    // A bare `key` word (`X-Amz-Key`) is left to the value's own format, which names it better.
    if site == NameSite::Header && !is_non_secret_header(name) && secret_like(name, false) {
        return Some(if n.ends_with("sig") { Role::Signature } else { Role::ApiKey });
    }
    None
}

/// Words of a name that make it secret-like wherever it sits ([`is_secret_like`]); published in
/// the README's redaction section.
pub const SECRET_WORDS: &[&str] = &[
    "key",
    "token",
    "secret",
    "passw",
    "pwd",
    "auth",
    "sig",
    "signature",
    "credential",
    "session",
    "cookie",
    "private",
];

/// Words that contain a secret word but are not about credentials (`author`, `keyword`, `design`).
const NOT_SECRET_WORDS: &[&str] = &[
    "author",
    "authors",
    "authored",
    "authority",
    "authorities",
    "keyword",
    "keywords",
    "keyboard",
    "monkey",
    "donkey",
    "turkey",
    "hockey",
    "jockey",
    "whiskey",
    "hotkey",
    "turnkey",
    "signal",
    "signals",
    "signup",
    "signin",
    "signed",
    "signer",
    "signee",
    "tokenize",
    "tokenized",
    "tokenizer",
];

/// Whole names (normalised) with a secret word that name no credential.
const NOT_SECRET_NAMES: &[&str] = &[
    "authtype",
    "authurl",
    "authuri",
    "authendpoint",
    "authmethod",
    "authmode",
    "authscheme",
    "authenticated",
    "authprovider",
    "sessiontimeout",
    "sessionexpiry",
    "privatemode",
    "isprivate",
    "keytype",
    "keyformat",
];

/// The broad name test of redaction: whether a header, query parameter, form or body field,
/// XML element or attribute (namespace prefix ignored), cookie or Velocity variable is named like
/// a credential. A word of the name (split at punctuation and camelCase) starts with, or ends
/// with, one of [`SECRET_WORDS`]; `sig` is a whole word. Broader than [`credential_name`]: it
/// decides what is *hidden*, not what is *reported*.
pub fn is_secret_like(name: &str) -> bool {
    secret_like(name, true)
}

fn secret_like(name: &str, bare_key: bool) -> bool {
    let local = name.rsplit(':').next().unwrap_or(name);
    let Some(normalized) = Normalized::new(local) else { return true };
    let n = normalized.as_str();
    let unprefixed = n.strip_prefix('x').unwrap_or(n);
    if n.is_empty() || [n, unprefixed].iter().any(|n| NOT_SECRET.contains(n) || NOT_SECRET_NAMES.contains(n)) {
        return false;
    }
    if bare_key
        && (credential_name(local, NameSite::Field).is_some() || credential_name(local, NameSite::Query).is_some())
    {
        return true;
    }
    let words = words(local);
    // `X-Acme-Signature-Method`, `authType`, `token_expires`: about a credential, not one.
    const ABOUT: &[&str] = &[
        "method",
        "version",
        "type",
        "name",
        "url",
        "uri",
        "algorithm",
        "alg",
        "expires",
        "expiry",
        "length",
        "policy",
        "endpoint",
        "format",
        "mode",
        "hint",
        "required",
        "enabled",
    ];
    if words.len() > 1 && words.last().is_some_and(|w| ABOUT.contains(&w.as_str())) {
        return false;
    }
    words.iter().any(|w| {
        !NOT_SECRET_WORDS.contains(&w.as_str())
            && SECRET_WORDS.iter().any(|s| match *s {
                "sig" => w == "sig" || w == "sigs",
                "key" => bare_key && (w.starts_with("key") || w.ends_with("key")),
                _ => w.starts_with(s) || w.ends_with(s) || (s.len() >= 6 && w.contains(s)),
            })
    })
}

/// The lower-case words of a name: split at anything not a letter or digit, and where a lower
/// case letter or digit meets an upper case one (`xApiKey` → `x`, `api`, `key`).
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            previous_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        word.push(c.to_ascii_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Cookies that hold a credential: session cookies (`JSESSIONID`, `PHPSESSID`, `connect.sid`,
/// `session`, `sid`) and anything named like a credential (`auth_token`).
pub fn credential_cookie(name: &str) -> Option<Role> {
    let normalized = Normalized::new(name)?;
    let n = normalized.as_str();
    if n.contains("session") || n.contains("sessid") || n.ends_with("sid") || n.starts_with("auth") {
        return Some(Role::Token);
    }
    credential_name(name, NameSite::Field)
}

/// `Authorization` and `Proxy-Authorization`, and the misspellings of `Authorization` that
/// [`misspelt_authorization`] recognises (their values are credentials all the same).
pub fn is_authorization_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization")
        || name.eq_ignore_ascii_case("proxy-authorization")
        || misspelt_authorization(name)
}

/// Header names that are misspellings of `Authorization`: `Authentication` (used by an official
/// Genesys example), `Authorisation`, `Authorizaton`, `Authorzation`, … — anything within edit
/// distance 2, compared case-insensitively.
pub fn misspelt_authorization(name: &str) -> bool {
    let name = name.trim().as_bytes();
    // Within two edits of `authorization` (13 bytes), or one of the longer known misspellings.
    if !(11..=16).contains(&name.len()) || !name[0].eq_ignore_ascii_case(&b'a') && !name[1].eq_ignore_ascii_case(&b'u')
    {
        return false;
    }
    let mut lower = [0u8; 16];
    for (l, b) in lower.iter_mut().zip(name) {
        *l = b.to_ascii_lowercase();
    }
    let lower = &lower[..name.len()];
    if lower == b"authorization" {
        return false;
    }
    matches!(lower, b"authentication" | b"authentification" | b"authorisation")
        || strsim::osa_distance(std::str::from_utf8(lower).unwrap_or_default(), "authorization") <= 2
}

/// Headers whose values are never credentials even when long and random-looking: the published
/// list of headers whose values the preview and code frames show (every other header value is
/// hidden unless it is a reference). `Accept-*` headers are on it too; `redaction.show` in the
/// configuration adds more.
pub const NON_SECRET_HEADERS: &[&str] = &[
    "content-type",
    "accept",
    "user-agent",
    "etag",
    "if-match",
    "if-none-match",
    "if-modified-since",
    "if-unmodified-since",
    "x-request-id",
    "x-correlation-id",
    "correlation-id",
    "request-id",
    "traceparent",
    "tracestate",
    "x-b3-traceid",
    "x-amzn-trace-id",
    "content-length",
    "content-encoding",
    "content-language",
    "content-md5",
    "cache-control",
    "pragma",
    "host",
    "origin",
    "referer",
    "x-forwarded-for",
    "x-idempotency-key",
    "idempotency-key",
    "x-ms-client-request-id",
    "x-ms-version",
    "x-genesys-conversation-id",
    "inin-correlation-id",
    "x-http-method-override",
    "prefer",
];

/// Headers whose values are never credentials: [`NON_SECRET_HEADERS`] and `Accept-*`.
pub fn is_non_secret_header(name: &str) -> bool {
    let name = name.trim();
    let accept_family = name.len() > 7 && name.as_bytes()[..7].eq_ignore_ascii_case(b"accept-");
    // Compared normalised: Genesys exports write `UserAgent`.
    let same = |listed: &str| match (Normalized::new(listed), Normalized::new(name)) {
        (Some(a), Some(b)) => a.as_str() == b.as_str(),
        _ => false,
    };
    accept_family || NON_SECRET_HEADERS.iter().any(|h| same(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_names() {
        for (name, site) in [
            ("x-api-key", NameSite::Header),
            ("X-API-Key", NameSite::Header),
            ("api-key", NameSite::Header),
            ("apikey", NameSite::Header),
            ("x-auth-token", NameSite::Header),
            ("private-token", NameSite::Header),
            ("Ocp-Apim-Subscription-Key", NameSite::Header),
            ("x-access-key", NameSite::Header),
            ("x-secret-key", NameSite::Header),
            ("api_key", NameSite::Query),
            ("key", NameSite::Query),
            ("sig", NameSite::Query),
            ("token", NameSite::Query),
            ("access_token", NameSite::Query),
            ("secret", NameSite::Query),
            ("client_secret", NameSite::Field),
            ("password", NameSite::Field),
            ("sig", NameSite::Query),
            ("APPID", NameSite::Query),
            ("APIKey", NameSite::Field),
        ] {
            assert!(credential_name(name, site).is_some(), "{name}");
        }
        for (name, site) in [
            ("Content-Type", NameSite::Header),
            ("token_type", NameSite::Field),
            ("nextPageToken", NameSite::Query),
            ("keyword", NameSite::Query),
            ("X-App-Id", NameSite::Header),
            ("idempotency-key", NameSite::Header),
            ("publicKey", NameSite::Field),
            ("expires_in", NameSite::Field),
            ("key", NameSite::Field),
        ] {
            assert!(credential_name(name, site).is_none(), "{name}");
        }
    }

    #[test]
    fn misspellings_of_authorization() {
        for name in ["Authentication", "Authorisation", "Authorizaton", "authorzation", "Authroization"] {
            assert!(misspelt_authorization(name), "{name}");
        }
        for name in ["Authorization", "Content-Type", "X-Authorization-Id", "Author"] {
            assert!(!misspelt_authorization(name), "{name}");
        }
    }
}

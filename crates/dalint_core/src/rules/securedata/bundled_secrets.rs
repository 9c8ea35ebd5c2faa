use jsonc_parser::ast::Value;

use crate::declare_rule;
use crate::pointer::{value_range, Target};
use crate::rule::{LintContext, Report, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds Secure Data provisioning payloads (`{"name", "secureData": {"value"}, "tags"}`)
    /// whose `secureData.value` bundles several secrets: a JSON object
    /// (`{"api_key": "…", "api_secret": "…"}`) or a `k=v` list (`key=…&secret=…`,
    /// one per line, or `;`-separated) holding more than one secret. A member counts as a secret
    /// when its key names one (`key`, `secret`, `token`, `password`, …) or, for keys that do not
    /// name something public (`id`, `user`, `url`, `region`, …), when its value looks random.
    ///
    /// ## Why is this bad?
    /// The guide's trap in §1: the platform cannot update one field of an encrypted payload.
    /// Rotating one key means decrypting, editing and re-encrypting all of them; if the rotation
    /// script fails mid-way the whole object becomes invalid and every flow that reads any of
    /// the secrets gets 401 errors. One secret per object also lets roles be scoped per secret.
    ///
    /// ## Example
    /// ```json
    /// {"name": "partner_credentials_prod", "secureData": {"value": "{\"api_key\": \"…\", \"api_secret\": \"…\"}"},
    ///  "tags": ["env:prod", "service:partner", "rotation:quarterly"]}
    /// ```
    ///
    /// ## Use instead
    /// One object per secret:
    /// ```json
    /// {"name": "partner_api_key_prod", "secureData": {"value": "…"},
    ///  "tags": ["env:prod", "service:partner", "rotation:quarterly"]}
    /// ```
    ///
    /// ## Fix safety
    /// No fix: splitting an object means provisioning new ones and updating every reference.
    pub struct BundledSecrets {
        code: "SDO001",
        name: "bundled-secrets",
        category: SecureData,
        severity: Error,
        fix: None,
        summary: "Several secrets bundled in one Secure Data object.",
    }
}

impl Rule for BundledSecrets {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        for payload in &ctx.model.payloads {
            let pointer = format!("{}/secureData/value", payload.pointer);
            let Some(node) = ctx.index.get(&pointer) else { continue };
            let range = value_range(node.value);
            // The whole value is a secret at rest: fingerprinted, so that code frames mask it.
            let fingerprint = match node.value {
                Value::StringLit(s) => crate::secrets::fingerprint(&s.value),
                _ => crate::secrets::fingerprint(&ctx.text[range.start..range.end]),
            };
            let target = match node.value {
                Value::StringLit(s) => Target::DecodedSpan(crate::text::TextRange::new(0, s.value.len())),
                _ => Target::Value,
            };
            let (shape, members) = match node.value {
                Value::StringLit(s) => match members_of_string(&s.value) {
                    Some(found) => found,
                    None => continue,
                },
                // A value written as an object rather than a string: the same bundle.
                _ => match serde_json::from_str::<serde_json::Value>(&ctx.text[range.start..range.end]) {
                    Ok(value @ serde_json::Value::Object(_)) => ("a JSON object", json_members(&value)),
                    _ => continue,
                },
            };
            let secrets: Vec<&str> =
                members.iter().filter(|(k, v)| is_secret_member(k, v)).map(|(k, _)| k.as_str()).collect();
            if secrets.len() < 2 {
                continue;
            }
            let keys = secrets.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            out.push(
                Report::new(
                    pointer,
                    target,
                    format!(
                        "this Secure Data object bundles {} secrets in one value ({shape}: {keys}): the platform \
                         cannot update one of them alone, so a failed rotation breaks every flow that reads any of \
                         them; provision one object per secret",
                        secrets.len()
                    ),
                )
                .fingerprint(fingerprint),
            );
        }
    }
}

/// The members of a string value that is a JSON object or a `k=v` list, with its shape.
fn members_of_string(value: &str) -> Option<(&'static str, Vec<(String, String)>)> {
    let trimmed = value.trim();
    if trimmed.starts_with('{') {
        return match serde_json::from_str::<serde_json::Value>(trimmed) {
            Ok(json @ serde_json::Value::Object(_)) => Some(("a JSON object", json_members(&json))),
            _ => None,
        };
    }
    let parts: Vec<&str> = trimmed.split(['&', ';', '\n']).map(|p| p.trim_end_matches('\r').trim()).collect();
    if parts.len() < 2 {
        return None;
    }
    let members: Option<Vec<(String, String)>> = parts
        .iter()
        .filter(|p| !p.is_empty())
        .map(|part| {
            let (key, value) = part.split_once('=')?;
            let key_ok = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
            (key_ok && !value.is_empty()).then(|| (key.to_owned(), value.to_owned()))
        })
        .collect();
    Some(("a `k=v` list", members?))
}

/// Leaf members of a JSON object, nested keys joined with `.`.
fn json_members(value: &serde_json::Value) -> Vec<(String, String)> {
    fn walk(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    walk(&key, v, out);
                }
            }
            serde_json::Value::String(s) if !s.is_empty() => out.push((prefix.to_owned(), s.clone())),
            serde_json::Value::Number(n) => out.push((prefix.to_owned(), n.to_string())),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", value, &mut out);
    out
}

/// Words of a key, split at non-alphanumerics and camelCase humps, lower case.
fn key_words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for ch in key.chars() {
        if !ch.is_ascii_alphanumeric() {
            words.push(std::mem::take(&mut current));
            previous_lower = false;
            continue;
        }
        if ch.is_ascii_uppercase() && previous_lower {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
        current.push(ch.to_ascii_lowercase());
    }
    words.push(current);
    words.retain(|w| !w.is_empty());
    words
}

const SECRET_WORDS: &[&str] = &[
    "key",
    "apikey",
    "secret",
    "token",
    "password",
    "passwd",
    "pwd",
    "pass",
    "passphrase",
    "credential",
    "credentials",
    "auth",
    "signature",
    "sig",
    "private",
    "bearer",
    "pin",
];
const PUBLIC_WORDS: &[&str] = &[
    "id", "user", "username", "login", "email", "name", "url", "uri", "host", "endpoint", "region", "tenant",
    "account", "org", "domain", "scope", "audience", "version", "type", "suffix", "port",
];

/// Whether a bundled member is a secret: its key says so, or its key is not a public one and its
/// value looks random.
fn is_secret_member(key: &str, value: &str) -> bool {
    let words = key_words(key);
    // The last word decides `client_id` (public) and `account_key` (secret).
    match words.last().map(String::as_str) {
        Some(w) if SECRET_WORDS.contains(&w) => true,
        Some(w) if PUBLIC_WORDS.contains(&w) => false,
        _ if words.iter().any(|w| SECRET_WORDS.contains(&w.as_str())) => true,
        _ => looks_random(value),
    }
}

/// A long, unbroken mix of letter cases and digits: how keys and tokens look, and how words,
/// hosts and URLs do not.
fn looks_random(value: &str) -> bool {
    let classes = [
        value.bytes().any(|b| b.is_ascii_lowercase()),
        value.bytes().any(|b| b.is_ascii_uppercase()),
        value.bytes().any(|b| b.is_ascii_digit()),
    ];
    value.len() >= 16
        && !value.contains(char::is_whitespace)
        && !value.contains("://")
        && !value.contains("${")
        && !value.contains("{{")
        && classes.iter().filter(|&&c| c).count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(value: &str) -> usize {
        members_of_string(value).map_or(0, |(_, m)| m.iter().filter(|(k, v)| is_secret_member(k, v)).count())
    }

    #[test]
    fn bundles() {
        assert_eq!(count(r#"{"api_key": "a", "api_secret": "b"}"#), 2);
        assert_eq!(count(r#"{"client_id": "3f1c2a9e-4b7d-4c1e-9a2f-0d8e7b6c5a41", "client_secret": "x"}"#), 1);
        assert_eq!(count(r#"{"stripe": {"key": "a"}, "twilio": {"authToken": "b"}}"#), 2);
        assert_eq!(count(r#"{"primary": "Q7fK2pLm9XzR4tWv8bNc", "secondary": "Z3yH6jKd1sPq0rTu5vEw"}"#), 2);
        assert_eq!(
            count("AccountName=acme;AccountKey=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==;EndpointSuffix=core.windows.net"),
            1
        );
        assert_eq!(count("API_KEY=abc\nAPI_SECRET=def\n"), 2);
        assert_eq!(count("key=abc&token=def"), 2);
        // A single key with base64 padding is no list.
        assert_eq!(count("c2VjcmV0LXZhbHVlLTEyMzQ1Njc4OTA="), 0);
        assert_eq!(count("sk_live_8f3a9c2d1e4b5f6a7c8d9e0f1a2b3c4d"), 0);
    }

    #[test]
    fn words() {
        assert_eq!(key_words("clientSecret"), vec!["client", "secret"]);
        assert_eq!(key_words("X-API-Key"), vec!["x", "api", "key"]);
        assert_eq!(key_words("AccountKey"), vec!["account", "key"]);
    }
}

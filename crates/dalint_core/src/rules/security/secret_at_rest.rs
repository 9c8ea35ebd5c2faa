//! The Secure Data payload case of `SEC001`: a provisioning payload
//! (`POST /api/v2/securedata/securedata` body) that holds a real `secureData.value` is itself a
//! secret at rest. Called from [`super::HardCodedCredential`]; reported under its code.

use jsonc_parser::ast::Value;

use crate::pointer::{value_range, Target};
use crate::rule::{LintContext, Report};
use crate::secrets::{fingerprint, judge, mask};
use crate::template::{self, SpanKind};
use crate::text::TextRange;

/// Reports every payload whose `secureData.value` is a real value (not empty, not a placeholder,
/// not a `${…}` / `{{…}}` substitution filled in at provisioning time).
pub fn check_payloads(ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
    for payload in &ctx.model.payloads {
        let pointer = format!("{}/secureData/value", payload.pointer);
        let Some(node) = ctx.index.get(&pointer) else { continue };
        let (secret, target) = match node.value {
            Value::StringLit(s) => {
                let value = s.value.as_ref();
                if !is_real_value(value) {
                    continue;
                }
                (value.to_owned(), Target::DecodedSpan(TextRange::new(0, value.len())))
            }
            Value::Object(o) if !o.properties.is_empty() => {
                let range = value_range(node.value);
                (ctx.text[range.start..range.end].to_owned(), Target::Value)
            }
            _ => continue,
        };
        let fingerprint = fingerprint(&secret);
        if ctx.options.allow_secrets.contains(&fingerprint) {
            continue;
        }
        let name = payload.get_str("name").map_or(String::new(), |n| format!(" `{n}`"));
        out.push(
            Report::new(
                pointer,
                target,
                format!(
                    "the Secure Data payload{name} holds its secret in plain text: {}. A provisioning payload is \
                     sent once to `POST /api/v2/securedata/securedata`, never committed: a value that was ever \
                     committed or shared has leaked, so rotate it at the provider, provision the new value from \
                     your pipeline's secret store, and keep payload files out of version control",
                    mask(&secret)
                ),
            )
            .fingerprint(fingerprint),
        );
    }
}

fn is_real_value(value: &str) -> bool {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return false;
    }
    // A JSON object of secrets (`SDO001`) is real, though `{…}` otherwise reads as a placeholder.
    if trimmed.starts_with('{') && serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(trimmed).is_ok() {
        return true;
    }
    if judge::is_placeholder(trimmed) {
        return false;
    }
    // Nothing but substitutions (`${TELEMETRY_KEY}`, `{{secret}}`): filled in at provisioning time.
    let scan = template::scan(trimmed);
    !scan.spans.iter().all(|s| s.kind != SpanKind::Text || trimmed[s.range.start..s.range.end].trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::is_real_value;

    #[test]
    fn real_values() {
        assert!(is_real_value("sk_live_8f3a9c2d1e4b5f6a7c8d9e0f1a2b3c4d"));
        assert!(is_real_value(r#"{"api_key": "a", "api_secret": "b"}"#));
        assert!(is_real_value("API_KEY=abc\nAPI_SECRET=def"));
        assert!(!is_real_value(""));
        assert!(!is_real_value("<YOUR API KEY>"));
        assert!(!is_real_value("changeme"));
        assert!(!is_real_value("${TELEMETRY_API_KEY}"));
        assert!(!is_real_value(" {{secret}} "));
    }
}

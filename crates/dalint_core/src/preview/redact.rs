//! The one place where the preview meets the secret detector and the credential positions.
//!
//! - Before rendering, [`site_redactions`] finds the literal secrets of a template string (with
//!   [`secrets::detect`] in the string's context, and inside template syntax too) and every
//!   literal that sits where a credential can go ([`positions`]: header values off the
//!   non-secret list, secret-named fields, parameters, elements); the evaluator prints their
//!   markers wherever it would print those bytes: `‹secret sha256:…›` for what the detector
//!   judged a secret, [`positions::REDACTED`] for the rest.
//! - Sample inputs and sample responses are redacted when read ([`redact_json`]); the values of
//!   inputs named like a credential are hidden whole ([`redact_input`]).
//! - Every finished string is redacted once more ([`redact_rendered`], [`redact_header`]), for
//!   secrets that only appear once values are put together. A value that is only markers
//!   (`password=‹credentials.password›`, right after a rewrite) is a reference and stays.

use serde_json::Value as Json;

use crate::secrets::positions::{self, Policy};
use crate::secrets::{self, formats, judge, Context};
use crate::template::eval::Redaction;
use crate::template::sites::{SiteKind, TemplateSite};
use crate::template::{self, SpanKind};
use crate::text::TextRange;

/// The literal secrets of a template string, in its own coordinates: what [`secrets::detect`]
/// finds in the string's context, plus what it cannot see because it sits inside template
/// syntax (a malformed reference, an unknown macro's argument, a `{{ }}` expression): tokens of a
/// known format anywhere, and random-looking keys in quoted arguments. Placeholders
/// (`[YOUR API KEY]`) are not secrets and stay visible, unless they have a token's format.
pub fn site_redactions(site: &TemplateSite<'_>) -> Vec<Redaction> {
    site_redactions_with(site, &Policy::default())
}

/// [`site_redactions`], with the names of `redaction.show` shown.
pub fn site_redactions_with(site: &TemplateSite<'_>, policy: &Policy<'_>) -> Vec<Redaction> {
    let context = match &site.kind {
        SiteKind::Url => Context::url(),
        SiteKind::Header(name) => Context::header(name),
        SiteKind::Body => Context::body(),
        SiteKind::SuccessTemplate => Context::other(Some("successTemplate")),
    };
    let mut secrets: Vec<TextRange> =
        secrets::detect(site.value, &context).into_iter().filter(|f| !f.placeholder).map(|f| f.range).collect();
    secrets.extend(known_formats(site.value));
    secrets.extend(keys_in_template_strings(site.value));
    labelled(site.value, secrets, positions::positions(site.value, &context, policy))
        .into_iter()
        .map(|(range, label)| Redaction { range, label })
        .collect()
}

/// The merged ranges of `secrets` and `placed` with their labels: `secret sha256:…` where a
/// detected secret is, `redacted` for the rest. Ranges that hold only markers are references.
fn labelled(text: &str, secrets: Vec<TextRange>, placed: Vec<TextRange>) -> Vec<(TextRange, String)> {
    let secrets: Vec<TextRange> = secrets.into_iter().filter(|r| !is_markers_only(&text[r.start..r.end])).collect();
    let mut all = secrets.clone();
    all.extend(placed);
    merge(all)
        .into_iter()
        .map(|range| {
            let label = if secrets.iter().any(|s| s.overlaps(range) || range.contains_range(*s)) {
                format!("secret {}", secrets::fingerprint(&text[range.start..range.end]))
            } else {
                "redacted".to_owned()
            };
            (range, label)
        })
        .collect()
}

/// Whether `text` is made of the preview's `‹…›` markers and separators only (a rendered
/// reference, such as `‹credentials.password›`).
fn is_markers_only(text: &str) -> bool {
    let mut rest = text.trim();
    let mut any = false;
    while let Some(open) = rest.find('‹') {
        if !rest[..open].bytes().all(|b| b.is_ascii_whitespace() || b":\"',;=".contains(&b)) {
            return false;
        }
        let Some(close) = rest[open..].find('›') else { return false };
        rest = &rest[open + close + '›'.len_utf8()..];
        any = true;
    }
    any && rest.bytes().all(|b| b.is_ascii_whitespace() || b":\"',;=".contains(&b))
}

/// Tokens of a known format anywhere in `text`, template syntax included. Those judged
/// placeholders are masked too: a preview loses nothing by hiding `AIzaYOUR_KEY_HERE…`, and a
/// random key misjudged as one (it happens to spell `her`, `ere`) must not be printed.
fn known_formats(text: &str) -> Vec<TextRange> {
    let mut hits = Vec::new();
    formats::scan(text.as_bytes(), &mut hits);
    hits.into_iter().map(|h| h.range).collect()
}

/// Random-looking keys inside quoted strings of template spans (`$esc.url("…")`,
/// `{{json.stringify({"k": "…"})}}`), which the detector's literal view does not read.
fn keys_in_template_strings(src: &str) -> Vec<TextRange> {
    let key_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'/' | b'=' | b'.' | b'~');
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    for span in template::scan(src).spans.iter().filter(|s| !matches!(s.kind, SpanKind::Text | SpanKind::Comment)) {
        let mut i = span.range.start;
        while i < span.range.end {
            if !matches!(bytes[i], b'"' | b'\'') {
                i += 1;
                continue;
            }
            let quote = bytes[i];
            let close = (i + 1..span.range.end).find(|&k| bytes[k] == quote).unwrap_or(span.range.end);
            let mut k = i + 1;
            while k < close {
                if !key_byte(bytes[k]) {
                    k += 1;
                    continue;
                }
                let start = k;
                while k < close && key_byte(bytes[k]) {
                    k += 1;
                }
                if judge::is_generic_key(&src[start..k]) {
                    out.push(TextRange::new(start, k));
                }
            }
            i = close + 1;
        }
    }
    out
}

/// Sorted ranges with overlaps merged.
fn merge(ranges: Vec<TextRange>) -> Vec<TextRange> {
    positions::merge(ranges)
}

/// Replaces labelled ranges with `‹label›`.
fn replace(text: &str, ranges: Vec<(TextRange, String)>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, label) in ranges {
        out.push_str(&text[at..r.start]);
        out.push('‹');
        out.push_str(&label);
        out.push('›');
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A finished string (URL, body, message) with every secret the detector finds masked, and
/// tokens of a known format masked even where the text looks like template syntax.
pub fn redact_str(text: &str) -> String {
    let mut secrets = secrets::redaction_ranges(text);
    secrets.extend(known_formats(text));
    replace(text, labelled(text, secrets, Vec::new()))
}

/// A finished URL, body or response text: [`redact_str`], and every value that sits where a
/// credential can go ([`positions`]) hidden too.
pub fn redact_rendered(text: &str, context: &Context<'_>, policy: &Policy<'_>) -> String {
    let mut secrets = secrets::redaction_ranges(text);
    secrets.extend(known_formats(text));
    replace(text, labelled(text, secrets, positions::positions(text, context, policy)))
}

/// A finished header value, read as that header's value. Its literal parts were hidden before
/// rendering ([`site_redactions_with`]); what templates put there (a sample input) is shown
/// unless the detector judges it a secret.
pub fn redact_header(name: &str, value: &str) -> String {
    let mut secrets: Vec<TextRange> = secrets::detect(value, &Context::header(name))
        .into_iter()
        .filter(|f| !f.placeholder)
        .map(|f| f.range)
        .collect();
    secrets.extend(secrets::redaction_ranges(value));
    secrets.extend(known_formats(value));
    replace(value, labelled(value, secrets, Vec::new()))
}

/// A JSON value with every string (keys included) redacted, and the values of members named
/// like a credential hidden.
pub fn redact_json(value: &Json, policy: &Policy<'_>) -> Json {
    match value {
        Json::String(s) => Json::String(redact_rendered(s, &Context::body(), policy)),
        Json::Array(items) => Json::Array(items.iter().map(|v| redact_json(v, policy)).collect()),
        Json::Object(map) => Json::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if policy.hides(k) { hide_json(v) } else { redact_json(v, policy) };
                    (redact_str(k), v)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// An input's value: hidden whole when the input is named like a credential.
pub fn redact_input(name: &str, value: &Json, policy: &Policy<'_>) -> Json {
    if policy.hides(name) {
        hide_json(value)
    } else {
        redact_json(value, policy)
    }
}

/// Every string and number of `value` replaced by [`positions::REDACTED`] (references and the
/// closed list of placeholders aside).
fn hide_json(value: &Json) -> Json {
    match value {
        Json::String(s) if is_markers_only(s) || positions::is_placeholder_shape(s.trim()) => value.clone(),
        Json::String(_) | Json::Number(_) => Json::String(positions::REDACTED.to_owned()),
        Json::Array(items) => Json::Array(items.iter().map(hide_json).collect()),
        Json::Object(map) => Json::Object(map.iter().map(|(k, v)| (k.clone(), hide_json(v))).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Dialect;

    fn url_site(value: &str) -> TemplateSite<'_> {
        TemplateSite { pointer: "/config/url".into(), kind: SiteKind::Url, value, dialect: Dialect::Guide }
    }

    #[test]
    fn a_token_format_is_masked_even_when_judged_a_placeholder() {
        // A placeholder in a Google key's format: the detector calls it a placeholder (SEC002),
        // the preview hides it all the same.
        let url = "https://maps.example.com/api?key=AIzaYOUR_API_KEY_HERE_0123456789abcdefg";
        let mut hits = Vec::new();
        formats::scan(url.as_bytes(), &mut hits);
        assert!(hits.iter().all(|h| h.placeholder) && !hits.is_empty(), "{hits:?}");
        let redactions = site_redactions(&url_site(url));
        assert_eq!(redactions.len(), 1);
        assert_eq!(&url[redactions[0].range.start..redactions[0].range.end], "AIzaYOUR_API_KEY_HERE_0123456789abcdefg");
    }

    #[test]
    fn bracketed_placeholders_stay_visible() {
        assert!(site_redactions(&url_site("https://api.example.com/x?api_key=[YOUR API KEY]")).is_empty());
    }
}

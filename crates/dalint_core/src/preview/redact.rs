//! The one place where the preview meets the secret detector.
//!
//! - Before rendering, [`site_redactions`] finds the literal secrets of a template string (with
//!   [`secrets::detect`] in the string's context, and inside template syntax too); the evaluator
//!   prints their markers wherever it would print those bytes.
//! - Sample inputs and sample responses are redacted when read ([`redact_json`]).
//! - Every finished string is redacted once more ([`redact_str`], [`redact_header`]), for
//!   secrets that only appear once values are put together.

use serde_json::Value as Json;

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
    let context = match &site.kind {
        SiteKind::Url => Context::url(),
        SiteKind::Header(name) => Context::header(name),
        SiteKind::Body => Context::body(),
        SiteKind::SuccessTemplate => Context::other(Some("successTemplate")),
    };
    let mut ranges: Vec<TextRange> =
        secrets::detect(site.value, &context).into_iter().filter(|f| !f.placeholder).map(|f| f.range).collect();
    ranges.extend(known_formats(site.value));
    ranges.extend(keys_in_template_strings(site.value));
    merge(ranges)
        .into_iter()
        .map(|range| Redaction {
            range,
            label: format!("secret {}", secrets::fingerprint(&site.value[range.start..range.end])),
        })
        .collect()
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
fn merge(mut ranges: Vec<TextRange>) -> Vec<TextRange> {
    ranges.sort();
    let mut merged: Vec<TextRange> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// A finished string (URL, body, message) with every secret the detector finds masked, and
/// tokens of a known format masked even where the text looks like template syntax.
pub fn redact_str(text: &str) -> String {
    let once = secrets::redact(text);
    let ranges = merge(known_formats(&once));
    if ranges.is_empty() {
        return once;
    }
    let mut out = String::with_capacity(once.len());
    let mut at = 0;
    for r in ranges {
        out.push_str(&once[at..r.start]);
        out.push_str(&format!("‹secret {}›", secrets::fingerprint(&once[r.start..r.end])));
        at = r.end;
    }
    out.push_str(&once[at..]);
    out
}

/// A finished header value, read as that header's value.
pub fn redact_header(name: &str, value: &str) -> String {
    redact_str(&secrets::redact_with(value, &Context::header(name)))
}

/// A JSON value with every string (keys included) redacted.
pub fn redact_json(value: &Json) -> Json {
    match value {
        Json::String(s) => Json::String(redact_str(s)),
        Json::Array(items) => Json::Array(items.iter().map(redact_json).collect()),
        Json::Object(map) => Json::Object(map.iter().map(|(k, v)| (redact_str(k), redact_json(v))).collect()),
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

//! The one place where the preview meets the secret detector: every piece of literal text, every
//! sample input and response value, and (again, as a second line of defence) every finished
//! string passes through [`DetectorRedactor`], which turns detected secrets into
//! `‹secret sha256:…›` markers.

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::Value as Json;

use crate::secrets;
use crate::template::eval::{Redaction, Redactor};

/// Finds literal secrets with [`secrets::secret_ranges`]; caches results per text (the same
/// pieces are rendered several times: sample, hostile and neutral inputs).
#[derive(Default)]
pub struct DetectorRedactor {
    cache: RefCell<HashMap<String, Vec<Redaction>>>,
}

impl Redactor for DetectorRedactor {
    fn find(&self, text: &str) -> Vec<Redaction> {
        if let Some(found) = self.cache.borrow().get(text) {
            return found.clone();
        }
        let found: Vec<Redaction> = secrets::secret_ranges(text)
            .into_iter()
            .filter(|r| {
                r.start < r.end && r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
            })
            .map(|r| Redaction { range: r, label: format!("secret {}", secrets::fingerprint(&text[r.start..r.end])) })
            .collect();
        self.cache.borrow_mut().insert(text.to_owned(), found.clone());
        found
    }
}

/// `text` with every secret the redactor finds replaced by its marker.
pub fn redact_str(redactor: &dyn Redactor, text: &str) -> String {
    let mut found = redactor.find(text);
    found.sort_by_key(|r| r.range.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for secret in found {
        if secret.range.start < at {
            continue;
        }
        out.push_str(&text[at..secret.range.start]);
        out.push_str(&format!("‹{}›", secret.label));
        at = secret.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A JSON value with every string (keys included) redacted.
pub fn redact_json(redactor: &dyn Redactor, value: &Json) -> Json {
    match value {
        Json::String(s) => Json::String(redact_str(redactor, s)),
        Json::Array(items) => Json::Array(items.iter().map(|v| redact_json(redactor, v)).collect()),
        Json::Object(map) => {
            Json::Object(map.iter().map(|(k, v)| (redact_str(redactor, k), redact_json(redactor, v))).collect())
        }
        other => other.clone(),
    }
}

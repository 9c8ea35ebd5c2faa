//! The boundary: diagnostics and fixes as JSON with LSP positions (0-based line, UTF-16
//! character). The CLI's `--format json` and the wasm package produce exactly this.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::text::{LineIndex, LspRange};

/// The schema version of every machine-readable document dalint prints.
pub const SCHEMA_VERSION: u32 = 1;

/// `serde_json::from_str::<serde_json::Value>`, for dalint_wasm's JSON arguments: every crate that
/// calls `from_str` gets its own copy of serde_json's parser (about 10 KB of WebAssembly), so the
/// package reuses the core's.
#[inline(never)]
pub fn json_value(text: &str) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(text)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonEdit {
    pub range: LspRange,
    pub new_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonFix {
    pub title: String,
    pub applicability: &'static str,
    pub edits: Vec<JsonEdit>,
    /// Names of the secrets this fix takes out of the file (their values are never shown).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extracts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonLabel {
    pub message: String,
    pub pointer: String,
    pub range: LspRange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub pointer: String,
    pub range: LspRange,
    pub fixes: Vec<JsonFix>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<JsonLabel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
}

pub fn json_edit(edit: &Edit, index: &LineIndex<'_>) -> JsonEdit {
    JsonEdit { range: index.range(edit.range), new_text: edit.new_text.clone() }
}

pub fn json_fix(fix: &Fix, index: &LineIndex<'_>) -> JsonFix {
    JsonFix {
        title: fix.title.clone(),
        applicability: fix.applicability.as_str(),
        edits: fix.edits.iter().map(|e| json_edit(e, index)).collect(),
        extracts: fix.extracted.iter().map(|p| p.name.clone()).collect(),
    }
}

/// Converts a diagnostic; `index` is built over the BOM-less text the diagnostic refers to.
pub fn json_diagnostic(d: &Diagnostic, index: &LineIndex<'_>) -> JsonDiagnostic {
    JsonDiagnostic {
        code: d.code,
        name: d.name,
        severity: d.severity.as_str(),
        message: d.message.clone(),
        pointer: d.pointer.clone(),
        range: index.range(d.range),
        fixes: d.fixes.iter().map(|f| json_fix(f, index)).collect(),
        labels: d
            .labels
            .iter()
            .map(|l| JsonLabel { message: l.message.clone(), pointer: l.pointer.clone(), range: index.range(l.range) })
            .collect(),
        fingerprint: d.fingerprint.clone(),
    }
}

/// The BOM-less text positions refer to (for a file whose bytes were not UTF-8, the valid
/// prefix: the error sits at its end).
pub fn position_text(text: &str) -> &str {
    crate::text::strip_bom(text).1
}

/// A finding's stable identity, for baselines and SARIF `partialFingerprints`: a hash of the rule,
/// the pointer, and the secret's fingerprint (or, for findings about no secret, a hash of the
/// message). Positions are left out, so edits elsewhere in the file do not change it; the secret
/// itself never goes in.
pub fn finding_fingerprint(d: &Diagnostic) -> String {
    let subject = match &d.fingerprint {
        Some(secret) => secret.clone(),
        None => crate::secrets::fingerprint(&d.message),
    };
    crate::secrets::fingerprint(&format!("{}\u{0}{}\u{0}{subject}", d.code, d.pointer))
}

//! dalint for JavaScript hosts: a thin layer over `dalint_core`, compiled to WebAssembly.
//!
//! Every export takes and returns JSON strings: the core already links `serde_json`, so this
//! costs no code size, and one `JSON.parse` of a string is faster in V8 than building objects
//! field by field across the boundary (what `serde-wasm-bindgen` does). The hand-written wrapper
//! `js/dalint.js` does the `JSON.stringify`/`JSON.parse` and is the package's public API; the raw
//! exports below are its implementation.
//!
//! The logic lives in plain Rust functions (`*_json`) that return `Result<String, String>`, so it
//! is unit-tested natively; the `#[wasm_bindgen]` functions only turn errors into JS `Error`s.

use dalint_core::config::{Inventory, Options};
use dalint_core::fix::{AppliedFix, HeldBackFix};
use dalint_core::inventory::parse_inventory;
use dalint_core::output::{json_diagnostic, JsonDiagnostic};
use dalint_core::preview::{format as preview_format, Note, PreviewError, PreviewOptions};
use dalint_core::references::{secret_references, SecretReferenceKind};
use dalint_core::text::LspRange;
use dalint_core::text::{strip_bom, LineIndex};
use dalint_core::{Diagnostic, FixOptions};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

mod utf16;

use utf16::Utf16Offsets;

/// The start of the message of the Error a Rust panic becomes; the JS wrapper recognises it and
/// re-instantiates the module (a panicked instance is not safe to call again).
pub const PANIC_PREFIX: &str = "dalint panicked";

/// A UTF-16 code-unit range from the start of the BOM-less text (for `positionAt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Utf16Range {
    pub start: usize,
    pub end: usize,
}

/// A diagnostic exactly as the CLI prints it, plus its UTF-16 offsets.
#[derive(Debug, Serialize)]
pub struct WasmDiagnostic {
    #[serde(flatten)]
    pub diagnostic: JsonDiagnostic,
    pub offset: Utf16Range,
}

#[derive(Debug, Serialize)]
struct LintResult {
    diagnostics: Vec<WasmDiagnostic>,
}

/// The options of `applyFixes` (its third argument).
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
struct ApplyFixesOptions {
    /// Apply unsafe fixes too (the credential rewrite).
    #[serde(rename = "unsafe")]
    unsafe_fixes: bool,
    /// Drop the secrets a rewrite removes instead of returning their provisioning payloads.
    discard_secrets: bool,
}

/// A secret a rewrite removed: the payload that provisions it (it holds the secret; the caller
/// shows it on request and never stores it).
#[derive(Debug, Serialize)]
struct ProvisioningResult {
    name: String,
    target: String,
    payload: serde_json::Value,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ApplyFixesResult {
    text: String,
    changed: bool,
    applied: Vec<AppliedFix>,
    held_back: Vec<HeldBackFix>,
    remaining: Vec<WasmDiagnostic>,
    provisioning: Vec<ProvisioningResult>,
}

/// A preview note with its UTF-16 offsets, like a diagnostic.
#[derive(Debug, Serialize)]
struct WasmNote<'a> {
    message: &'a str,
    pointer: &'a str,
    range: LspRange,
    offset: Utf16Range,
}

fn note_with_offset<'a>(note: &'a Note, offsets: &Utf16Offsets) -> WasmNote<'a> {
    WasmNote {
        message: &note.message,
        pointer: &note.pointer,
        range: note.range,
        offset: Utf16Range { start: offsets.get(note.span.start), end: offsets.get(note.span.end) },
    }
}

#[derive(Debug, Serialize)]
struct PreviewResult {
    /// Each action as the CLI's `preview --format json` prints it, its notes with offsets.
    actions: Vec<serde_json::Value>,
    /// The same preview as HTTP messages (`dalint preview`).
    http: String,
    /// The same preview as curl commands (`dalint preview --format curl`).
    curl: String,
}

/// Reads the `options` object (the `dalint.json` configuration, camelCase, unknown keys refused).
pub fn parse_options(options_json: &str) -> Result<Options, String> {
    let value: serde_json::Value =
        dalint_core::output::json_value(options_json).map_err(|e| format!("invalid options: not JSON ({e})"))?;
    // Deserialising from a `Value` keeps "at line 1 column 87" of the stringified object out of
    // the message.
    let options = Options::deserialize(value).map_err(|e| format!("invalid options: {e}"))?;
    if let Some(Inventory::Path(path)) = &options.inventory {
        return Err(format!(
            "invalid options: `inventory` must be a list of Secure Data names here; \
             the file {path:?} cannot be read from WebAssembly (read it and pass its names)"
        ));
    }
    // What serde cannot check, exactly as for `dalint.json` (its messages never echo a secret).
    dalint_core::config::validate(&options)
        .map_err(|(pointer, _, message)| format!("invalid options at {pointer}: {message}"))?;
    Ok(options)
}

fn parse_fix_options(fix_options_json: &str) -> Result<ApplyFixesOptions, String> {
    let value: serde_json::Value = dalint_core::output::json_value(fix_options_json)
        .map_err(|e| format!("invalid applyFixes options: not JSON ({e})"))?;
    ApplyFixesOptions::deserialize(value).map_err(|e| format!("invalid applyFixes options: {e}"))
}

/// Converts diagnostics of `text` (BOM-less) to their JSON shape with UTF-16 offsets.
pub fn wasm_diagnostics(text: &str, diagnostics: &[Diagnostic]) -> Vec<WasmDiagnostic> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    let offsets = Utf16Offsets::new(text, diagnostics.iter().flat_map(|d| [d.range.start, d.range.end]));
    diagnostics
        .iter()
        .map(|d| WasmDiagnostic {
            diagnostic: json_diagnostic(d, &index),
            offset: Utf16Range { start: offsets.get(d.range.start), end: offsets.get(d.range.end) },
        })
        .collect()
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Only plain structs, strings and numbers: serialising cannot fail.
    serde_json::to_string(value).expect("serialising a result to JSON")
}

/// `lint(text, options)` → `{"diagnostics": [...]}`.
pub fn lint_json(text: &str, options_json: &str) -> Result<String, String> {
    let options = parse_options(options_json)?;
    let diagnostics = dalint_core::lint(text, &options);
    let body = strip_bom(text).1;
    Ok(to_json(&LintResult { diagnostics: wasm_diagnostics(body, &diagnostics) }))
}

/// The fix `applyFix` applies: its finding's `code`, `pointer` and `range` (as `lint` reported
/// them), and the fix's `title`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixSelectorJs {
    code: String,
    pointer: String,
    title: String,
    /// Tells apart findings of one rule in one string that offer the same fix.
    #[serde(default)]
    range: Option<LspRange>,
}

fn core_fix_options(fix: ApplyFixesOptions) -> FixOptions {
    FixOptions {
        unsafe_fixes: fix.unsafe_fixes,
        keep_secrets: !fix.discard_secrets,
        discard_secrets: fix.discard_secrets,
    }
}

/// `applyFixes(text, options, {unsafe, discardSecrets})`: the core's `apply_fixes`. Unless the
/// caller discards them, extracted secrets come back as provisioning payloads (in memory only).
pub fn apply_fixes_json(text: &str, options_json: &str, fix_options_json: &str) -> Result<String, String> {
    let options = parse_options(options_json)?;
    let fix_options = core_fix_options(parse_fix_options(fix_options_json)?);
    let outcome = dalint_core::apply_fixes(text, &options, fix_options).map_err(|e| e.to_string())?;
    Ok(to_json(&apply_result(outcome)))
}

/// `applyFix(text, options, {code, pointer, title, range}, {unsafe, discardSecrets})`: the core's
/// `apply_fix`, one quick fix with the checks of `applyFixes` (nothing changes when the fix is
/// held back, gone, or would break the JSON). Same result shape as `applyFixes`.
pub fn apply_fix_json(
    text: &str,
    options_json: &str,
    selector_json: &str,
    fix_options_json: &str,
) -> Result<String, String> {
    let options = parse_options(options_json)?;
    let fix_options = core_fix_options(parse_fix_options(fix_options_json)?);
    let value: serde_json::Value =
        dalint_core::output::json_value(selector_json).map_err(|e| format!("invalid applyFix fix: not JSON ({e})"))?;
    let wanted = FixSelectorJs::deserialize(value).map_err(|e| format!("invalid applyFix fix: {e}"))?;
    let start = wanted.range.map(|range| LineIndex::new(strip_bom(text).1).offset(range.start));
    let selector =
        dalint_core::FixSelector { code: &wanted.code, pointer: &wanted.pointer, title: &wanted.title, start };
    let outcome = dalint_core::apply_fix(text, &options, selector, fix_options).map_err(|e| e.to_string())?;
    Ok(to_json(&apply_result(outcome)))
}

fn apply_result(outcome: dalint_core::FixOutcome) -> ApplyFixesResult {
    let remaining = wasm_diagnostics(strip_bom(&outcome.text).1, &outcome.remaining);
    let provisioning = outcome
        .provisioning
        .iter()
        .map(|p| ProvisioningResult { name: p.name.clone(), target: p.target.clone(), payload: p.payload_json() })
        .collect();
    let changed = outcome.changed();
    ApplyFixesResult {
        text: outcome.text,
        changed,
        applied: outcome.applied,
        held_back: outcome.held_back,
        remaining,
        provisioning,
    }
}

/// `preview(text, options, {inputs, response, action, fileName})`: the request each action (or the
/// chosen one) would send, redacted, as data and as the CLI's HTTP and curl texts. A `fileName` in
/// the preview options wins over the one in `options`.
pub fn preview_json(text: &str, options_json: &str, preview_options_json: &str) -> Result<String, String> {
    let options = parse_options(options_json)?;
    let value: serde_json::Value = dalint_core::output::json_value(preview_options_json)
        .map_err(|e| format!("invalid preview options: not JSON ({e})"))?;
    let mut preview_options =
        PreviewOptions::deserialize(value).map_err(|e| format!("invalid preview options: {e}"))?;
    preview_options.file_name = preview_options.file_name.or(options.file_name);
    if preview_options.redaction.show.is_empty() {
        preview_options.redaction = options.redaction;
    }
    let preview = dalint_core::language::preview(text, &preview_options).map_err(|e| match e {
        PreviewError::Parse(_) => format!("cannot preview: the document does not parse ({e})"),
        PreviewError::NoSuchAction { .. } => format!("cannot preview: {e}"),
    })?;
    let body = strip_bom(text).1;
    let spans = preview.actions.iter().flat_map(|a| &a.notes).flat_map(|n| [n.span.start, n.span.end]);
    let offsets = Utf16Offsets::new(body, spans);
    let actions = preview
        .actions
        .iter()
        .map(|action| {
            let mut value = serde_json::to_value(action).expect("serialising a preview to JSON");
            let notes: Vec<WasmNote<'_>> = action.notes.iter().map(|n| note_with_offset(n, &offsets)).collect();
            value["notes"] = serde_json::to_value(notes).expect("serialising notes to JSON");
            value
        })
        .collect();
    Ok(to_json(&PreviewResult {
        actions,
        http: preview_format::to_text(&preview),
        curl: preview_format::to_curl(&preview),
    }))
}

/// One secret reference with its LSP range and UTF-16 offsets (`references`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct WasmReference<'a> {
    kind: SecretReferenceKind,
    name: &'a str,
    pointer: &'a str,
    range: LspRange,
    offset: Utf16Range,
    environment: Option<&'a str>,
    in_inventory: Option<bool>,
}

#[derive(Debug, Serialize)]
struct ReferencesResult<'a> {
    references: Vec<WasmReference<'a>>,
}

/// `references(text, options)` → `{"references": [...]}`: every secret reference of every action,
/// with its environment and whether the inventory has it (the core's `secret_references`).
pub fn references_json(text: &str, options_json: &str) -> Result<String, String> {
    let options = parse_options(options_json)?;
    let references = secret_references(text, &options);
    let body = strip_bom(text).1;
    let index = LineIndex::new(body);
    let offsets = Utf16Offsets::new(body, references.iter().flat_map(|r| [r.range.start, r.range.end]));
    let references = references
        .iter()
        .map(|r| WasmReference {
            kind: r.kind,
            name: &r.name,
            pointer: &r.pointer,
            range: index.range(r.range),
            offset: Utf16Range { start: offsets.get(r.range.start), end: offsets.get(r.range.end) },
            environment: r.environment.as_deref(),
            in_inventory: r.in_inventory,
        })
        .collect();
    Ok(to_json(&ReferencesResult { references }))
}

/// `parseInventory(text)` → `["name", ...]`: the names of an inventory file's text (the core's
/// `parse_inventory`; its errors name no value and say where).
pub fn parse_inventory_json(text: &str) -> Result<String, String> {
    let body = strip_bom(text).1;
    let names = parse_inventory(body).map_err(|e| {
        let (line, column) = LineIndex::new(body).line_col_display(e.range.start);
        format!("invalid inventory at line {line}, column {column}: {}", e.message)
    })?;
    Ok(to_json(&names))
}

/// Every rule's metadata, sorted by code.
pub fn rules_json() -> String {
    to_json(&dalint_core::all_rules())
}

/// `dalint panicked at src/x.rs:1:2: message` (the core never puts a secret in a panic message).
fn panic_message(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)");
    match info.location() {
        Some(at) => format!("{PANIC_PREFIX} at {}:{}:{}: {message}", at.file(), at.line(), at.column()),
        None => format!("{PANIC_PREFIX}: {message}"),
    }
}

#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        #[cfg(feature = "panic-hook")]
        console_error_panic_hook::hook(info);
        // Unwinds out of the export as a JS Error that says what happened, instead of the bare
        // `RuntimeError: unreachable` of an abort.
        wasm_bindgen::throw_str(&panic_message(info));
    }));
}

#[wasm_bindgen(js_name = lintJson)]
pub fn lint_js(text: &str, options_json: &str) -> Result<String, JsError> {
    lint_json(text, options_json).map_err(|e| JsError::new(&e))
}

#[wasm_bindgen(js_name = applyFixesJson)]
pub fn apply_fixes_js(text: &str, options_json: &str, fix_options_json: &str) -> Result<String, JsError> {
    apply_fixes_json(text, options_json, fix_options_json).map_err(|e| JsError::new(&e))
}

#[wasm_bindgen(js_name = applyFixJson)]
pub fn apply_fix_js(
    text: &str,
    options_json: &str,
    selector_json: &str,
    fix_options_json: &str,
) -> Result<String, JsError> {
    apply_fix_json(text, options_json, selector_json, fix_options_json).map_err(|e| JsError::new(&e))
}

#[wasm_bindgen(js_name = previewJson)]
pub fn preview_js(text: &str, options_json: &str, preview_options_json: &str) -> Result<String, JsError> {
    preview_json(text, options_json, preview_options_json).map_err(|e| JsError::new(&e))
}

#[wasm_bindgen(js_name = referencesJson)]
pub fn references_js(text: &str, options_json: &str) -> Result<String, JsError> {
    references_json(text, options_json).map_err(|e| JsError::new(&e))
}

#[wasm_bindgen(js_name = parseInventoryJson)]
pub fn parse_inventory_js(text: &str) -> Result<String, JsError> {
    parse_inventory_json(text).map_err(|e| JsError::new(&e))
}

#[wasm_bindgen(js_name = rulesJson)]
pub fn rules_js() -> String {
    rules_json()
}

/// A rule's documentation as Markdown (by code or kebab-case name), `undefined` when unknown.
#[wasm_bindgen]
pub fn explain(code: &str) -> Option<String> {
    dalint_core::explain(code)
}

#[wasm_bindgen]
pub fn version() -> String {
    dalint_core::VERSION.to_owned()
}

/// Test-only: panics, so tests can prove that a panic becomes a JS Error and that the wrapper
/// recovers. Not part of the public API (the wrapper exposes it only as `__testing.panic`).
#[wasm_bindgen(js_name = __panicForTests)]
pub fn panic_for_tests() {
    panic!("panic requested by a test");
}

#[cfg(test)]
mod tests;

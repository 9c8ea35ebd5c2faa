//! The exports compiled to WebAssembly, run by wasm-bindgen-test-runner in Node and in headless
//! Chromium (scripts/test-wasm.sh runs both). They call the `#[wasm_bindgen]` functions, so
//! errors cross the boundary as JS values here.
#![cfg(target_arch = "wasm32")]

use dalint_wasm::{apply_fixes_js, explain, lint_js, rules_js, version};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn parse(json: String) -> Value {
    serde_json::from_str(&json).unwrap()
}

/// The message of the JS Error an export threw.
fn error_message(error: JsValue) -> String {
    String::from(js_sys::Error::from(error).message())
}

#[wasm_bindgen_test]
fn lint_counts_utf16_offsets_after_the_bom() {
    let text = "\u{feff}{\"名前\": \"😀\",\r\n \"x\": }";
    let result = parse(lint_js(text, "{}").map_err(JsValue::from).unwrap());
    let d = &result["diagnostics"][0];
    assert_eq!(d["code"], "PAR001");
    assert_eq!(d["range"]["start"], json!({"line": 1, "character": 6}));
    // `{"名前": "😀",` is 12 UTF-16 units (the emoji counts two, the BOM none), CRLF two more,
    // then ` "x": ` six.
    assert_eq!(d["offset"], json!({"start": 20, "end": 21}));
}

#[wasm_bindgen_test]
fn options_select_the_dialect_and_rule_levels() {
    let text = "{\n  // note\n  \"a\": 1,\n}";
    let strict = parse(lint_js(text, "{}").map_err(JsValue::from).unwrap());
    assert_eq!(strict["diagnostics"][0]["code"], "PAR001");
    let options = json!({"fileName": "a.jsonc", "rules": {"SCH001": "warning"}}).to_string();
    let jsonc = parse(lint_js(text, &options).map_err(JsValue::from).unwrap());
    assert_eq!(jsonc["diagnostics"][0]["code"], "SCH001");
    assert_eq!(jsonc["diagnostics"][0]["severity"], "warning");
}

#[wasm_bindgen_test]
fn invalid_options_throw_an_error_with_a_clear_message() {
    let error = lint_js("{}", r#"{"enviroment": "dev"}"#).map_err(JsValue::from).unwrap_err();
    let message = error_message(error);
    assert!(message.starts_with("invalid options: unknown field `enviroment`"), "{message}");
    let error = apply_fixes_js("{}", "{}", r#"{"unsafe": "yes"}"#).map_err(JsValue::from).unwrap_err();
    let message = error_message(error);
    assert!(message.starts_with("invalid applyFixes options: invalid type: string"), "{message}");
}

#[wasm_bindgen_test]
fn apply_fixes_returns_the_outcome() {
    let text = "\u{feff}{\"a\": 1}\r\n";
    let result = parse(
        apply_fixes_js(text, "{}", r#"{"unsafe": true, "discardSecrets": true}"#).map_err(JsValue::from).unwrap(),
    );
    assert_eq!(result["text"], text);
    assert_eq!(result["changed"], false);
    assert_eq!(result["remaining"][0]["code"], "SCH001");
    for key in ["applied", "heldBack", "provisioning"] {
        assert_eq!(result[key], json!([]), "{key}");
    }
}

#[wasm_bindgen_test]
fn rules_explain_and_version() {
    let rules = parse(rules_js());
    let codes: Vec<&str> = rules.as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
    let expected: Vec<&str> = dalint_core::all_rules().iter().map(|m| m.code).collect();
    assert_eq!(codes, expected);
    assert!(explain("SCH001").unwrap().contains("(SCH001)"));
    assert_eq!(explain("XYZ999"), None);
    assert_eq!(version(), dalint_core::VERSION);
}

#[wasm_bindgen_test]
fn preview_renders_the_request_without_the_secret() {
    let text = r#"{"type": "http", "name": "Ping", "config": {"method": "POST", "url": "https://api.example.com/ping",
        "headers": {"Authorization": "Bearer {{secureData(\"api_key_prod\")}}"}, "body": "{\"a\": 1}"}}"#;
    let result = parse(dalint_wasm::preview_js(text, "{}", "{}").map_err(JsValue::from).unwrap());
    let action = &result["actions"][0];
    assert_eq!(action["method"], "POST");
    assert_eq!(action["url"], "https://api.example.com/ping");
    assert!(result["http"].as_str().unwrap().starts_with("### Ping"), "{}", result["http"]);
    assert!(result["curl"].as_str().unwrap().contains("curl"));
    let error = dalint_wasm::preview_js(text, "{}", r#"{"action": "nope"}"#).map_err(JsValue::from).unwrap_err();
    assert!(error_message(error).starts_with("cannot preview: no action `nope`"));
}

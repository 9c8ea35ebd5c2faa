//! Native tests of the logic behind the exports (the wasm-bindgen tests in `tests/` run the same
//! functions compiled to WebAssembly).

use serde_json::{json, Value};

use super::*;

fn lint_value(text: &str, options: Value) -> Value {
    serde_json::from_str(&lint_json(text, &options.to_string()).unwrap()).unwrap()
}

#[test]
fn lint_returns_the_cli_diagnostic_shape_plus_utf16_offsets() {
    // A syntax error after CJK, an emoji and a CRLF, in a file with a BOM.
    let text = "\u{feff}{\"名前\": \"😀\",\r\n \"x\": }";
    let result = lint_value(text, json!({}));
    let diagnostics = result["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(d["code"], "PAR001");
    let body = strip_bom(text).1;
    let diagnostic = &dalint_core::lint(text, &Options::default())[0];
    let index = LineIndex::new(body);
    let expected = serde_json::to_value(json_diagnostic(diagnostic, &index)).unwrap();
    for (key, value) in expected.as_object().unwrap() {
        assert_eq!(&d[key], value, "field {key}");
    }
    assert_eq!(d.as_object().unwrap().len(), expected.as_object().unwrap().len() + 1);
    let start = d["offset"]["start"].as_u64().unwrap() as usize;
    let end = d["offset"]["end"].as_u64().unwrap() as usize;
    assert_eq!(start, index.utf16_offset(diagnostic.range.start));
    assert_eq!(end, index.utf16_offset(diagnostic.range.end));
    // The offset counts UTF-16 units: the emoji is two, the BOM none.
    let utf16: Vec<u16> = body.encode_utf16().collect();
    let prefix = String::from_utf16(&utf16[..start]).unwrap();
    assert_eq!(prefix, body[..diagnostic.range.start]);
    assert_eq!(d["range"]["start"]["line"], 1);
}

#[test]
fn options_are_the_configuration_object() {
    let text = r#"{"a": 1}"#;
    let default = lint_value(text, json!({}));
    assert_eq!(default["diagnostics"][0]["code"], "SCH001");
    let off = lint_value(text, json!({"rules": {"SCH001": "off"}}));
    assert_eq!(off["diagnostics"], json!([]));
    let hint = lint_value(text, json!({"rules": {"SCH001": "hint"}, "env": "dev", "fileName": "x.json"}));
    assert_eq!(hint["diagnostics"][0]["severity"], "hint");
}

#[test]
fn file_name_chooses_the_dialect() {
    let text = "{\n  // a comment\n  \"a\": 1,\n}";
    let strict = lint_value(text, json!({"fileName": "action.json"}));
    assert_eq!(strict["diagnostics"][0]["code"], "PAR001");
    let jsonc = lint_value(text, json!({"fileName": "action.jsonc"}));
    assert_eq!(jsonc["diagnostics"][0]["code"], "SCH001");
}

#[test]
fn unknown_or_mistyped_options_are_clear_errors() {
    let err = lint_json("{}", r#"{"enviroment": "dev"}"#).unwrap_err();
    assert!(err.starts_with("invalid options: unknown field `enviroment`"), "{err}");
    assert!(!err.contains("line 1"), "{err}");
    let err = lint_json("{}", r#"{"naming": {"patern": "x"}}"#).unwrap_err();
    assert!(err.contains("unknown field `patern`") && err.contains("`pattern`"), "{err}");
    let err = lint_json("{}", r#"{"rules": {"SEC001": "loud"}}"#).unwrap_err();
    assert!(err.contains("unknown variant `loud`"), "{err}");
    let err = lint_json("{}", r#"{"inventory": "names.txt"}"#).unwrap_err();
    assert!(err.contains("`inventory` must be a list of Secure Data names"), "{err}");
    let err = lint_json("{}", r#"{"rules": {"SEC999": "off"}}"#).unwrap_err();
    assert!(err.starts_with("invalid options at /rules/SEC999: unknown rule `SEC999`"), "{err}");
    let err = lint_json("{}", r#"{"env": "prod env"}"#).unwrap_err();
    assert!(err.starts_with("invalid options at /env: "), "{err}");
    let err = lint_json("{}", r#"{"allowSecrets": ["sk_live_abcdefghijklmnop1234"]}"#).unwrap_err();
    assert!(err.starts_with("invalid options at /allowSecrets/0: not a fingerprint"), "{err}");
    assert!(!err.contains("sk_live_abcdefghijklmnop1234"), "{err}");
    let err = lint_json("{}", "null").unwrap_err();
    assert!(err.starts_with("invalid options: invalid type: null"), "{err}");
    let err = apply_fixes_json("{}", "{}", r#"{"unsafeFixes": true}"#).unwrap_err();
    assert!(err.starts_with("invalid applyFixes options: unknown field `unsafeFixes`"), "{err}");
}

#[test]
fn apply_fixes_reports_the_outcome_and_keeps_the_bom() {
    let text = "\u{feff}{\"a\": 1}";
    let result: Value = serde_json::from_str(&apply_fixes_json(text, "{}", r#"{"unsafe": true}"#).unwrap()).unwrap();
    assert_eq!(result["text"], text);
    assert_eq!(result["changed"], false);
    assert_eq!(result["applied"], json!([]));
    assert_eq!(result["heldBack"], json!([]));
    assert_eq!(result["provisioning"], json!([]));
    assert_eq!(result["remaining"][0]["code"], "SCH001");
    // Offsets count from after the BOM: the whole object.
    assert_eq!(result["remaining"][0]["offset"], json!({"start": 0, "end": 8}));
}

#[test]
fn rules_and_explain_come_from_the_registry() {
    let rules: Value = serde_json::from_str(&rules_json()).unwrap();
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), dalint_core::all_rules().len());
    let par001 = rules.iter().find(|r| r["code"] == "PAR001").unwrap();
    for key in ["name", "category", "defaultSeverity", "fix", "summary", "docs"] {
        assert!(par001.get(key).is_some(), "{key}");
    }
    assert!(explain("par001").unwrap().starts_with("# invalid-json (PAR001)"));
    assert_eq!(explain("NOPE999"), None);
}

#[test]
fn preview_returns_actions_with_note_offsets_and_the_cli_texts() {
    let text = "\u{feff}{\"type\": \"http\", \"name\": \"Ping 😀\", \"config\": {\"method\": \"GET\", \
                \"url\": \"https://api.example.com/ping?q={{Flow.query}}\", \
                \"headers\": {\"Authorization\": \"Bearer {{secureData(\\\"api_key_prod\\\")}}\"}}}";
    let result: Value = serde_json::from_str(&preview_json(text, "{}", "{}").unwrap()).unwrap();
    let action = &result["actions"][0];
    assert_eq!(action["method"], "GET");
    assert_eq!(action["name"], "Ping 😀");
    assert!(action["headers"][0]["value"].as_str().unwrap().contains("‹secureData:api_key_prod›"));
    let preview = dalint_core::language::preview(text, &Default::default()).unwrap();
    assert_eq!(result["http"], dalint_core::preview::format::to_text(&preview));
    assert_eq!(result["curl"], dalint_core::preview::format::to_curl(&preview));
    let index = LineIndex::new(strip_bom(text).1);
    let notes = action["notes"].as_array().unwrap();
    assert_eq!(notes.len(), preview.actions[0].notes.len());
    for (note, core) in notes.iter().zip(&preview.actions[0].notes) {
        assert_eq!(note["offset"]["start"], index.utf16_offset(core.span.start));
        assert_eq!(note["offset"]["end"], index.utf16_offset(core.span.end));
        assert_eq!(note["message"], core.message.as_str());
    }
}

#[test]
fn preview_errors_are_clear() {
    let err = preview_json("{\"a\": ", "{}", "{}").unwrap_err();
    assert!(err.starts_with("cannot preview: the document does not parse"), "{err}");
    let err = preview_json("[]", "{}", r#"{"action": 2}"#).unwrap_err();
    assert!(err.starts_with("cannot preview: no action `2`"), "{err}");
    let err = preview_json("[]", "{}", r#"{"actions": 2}"#).unwrap_err();
    assert!(err.starts_with("invalid preview options: unknown field `actions`"), "{err}");
}

#[test]
fn references_carry_positions_environment_and_inventory() {
    let text = "\u{feff}{\"type\": \"http\", \"config\": {\"method\": \"GET\", \"url\": \"https://x.example/😀\",\r\n \
                \"headers\": {\"A\": \"é {{secureData(\\\"k_prod\\\")}}\", \"B\": \"${credentials.c}\"}}}";
    let options = json!({"inventory": ["other_prod"]}).to_string();
    let value: Value = serde_json::from_str(&references_json(text, &options).unwrap()).unwrap();
    let refs = value["references"].as_array().unwrap();
    assert_eq!(refs.len(), 2);
    assert_eq!(refs[0]["kind"], "secureData");
    assert_eq!(refs[0]["environment"], "prod");
    assert_eq!(refs[0]["inInventory"], false);
    assert_eq!(refs[0]["range"]["start"], json!({"line": 1, "character": 23}));
    let body: Vec<u16> = strip_bom(text).1.encode_utf16().collect();
    let (start, end) = (refs[0]["offset"]["start"].as_u64().unwrap(), refs[0]["offset"]["end"].as_u64().unwrap());
    assert_eq!(String::from_utf16_lossy(&body[start as usize..end as usize]), "secureData(\\\"k_prod\\\")");
    assert_eq!(refs[1]["kind"], "credentials");
    assert_eq!(refs[1]["inInventory"], Value::Null);
    assert_eq!(refs[1]["environment"], Value::Null);
}

#[test]
fn parse_inventory_returns_names_or_a_positioned_error() {
    assert_eq!(
        parse_inventory_json(r#"{"entities": [{"name": "a_prod"}, {"name": "a_prod"}]}"#).unwrap(),
        r#"["a_prod"]"#
    );
    let error = parse_inventory_json("[\"a_prod\",\n 3]").unwrap_err();
    assert!(error.starts_with("invalid inventory at line 2, column 2:"), "{error}");
}

#[test]
fn apply_fix_applies_the_one_named_fix() {
    // Two miscased references in one string: the range tells them apart.
    let text = "\u{feff}{\"config\": {\"request\": {\"requestType\": \"GET\",\r\n  \"requestUrlTemplate\": \"/a/$Input.id/b/$Input.id\"}},\r\n \"contract\": {\"input\": {\"inputSchema\": {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\", \"pattern\": \"^[0-9]+$\"}}}}}}";
    let lint: Value = serde_json::from_str(&lint_json(text, "{}").unwrap()).unwrap();
    let second = lint["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "TPL002").nth(1).unwrap();
    let selector = json!({
        "code": second["code"], "pointer": second["pointer"], "range": second["range"],
        "title": second["fixes"][0]["title"],
    })
    .to_string();
    let result: Value = serde_json::from_str(&apply_fix_json(text, "{}", &selector, "{}").unwrap()).unwrap();
    assert_eq!(result["changed"], true);
    assert_eq!(result["applied"].as_array().unwrap().len(), 1);
    let fixed = result["text"].as_str().unwrap();
    assert!(fixed.starts_with('\u{feff}') && fixed.contains("/a/$Input.id/b/$input.id\"}},\r\n"), "{fixed}");

    let err = apply_fix_json(text, "{}", r#"{"code": "TPL002"}"#, "{}").unwrap_err();
    assert!(err.starts_with("invalid applyFix fix: missing field `pointer`"), "{err}");
}

#[test]
fn terraform_files_are_chosen_by_file_name_in_lint_fixes_and_preview() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/SEC009/invalid_variables_in_headers.tf"
    ))
    .unwrap();
    let options = json!({"fileName": "main.tf"});
    let result = lint_value(&text, options.clone());
    let codes: Vec<&str> =
        result["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["SEC009", "SEC009"]);
    assert_eq!(
        result["diagnostics"][0]["pointer"],
        "/resource/genesyscloud_integration_action/create_ticket/config_request/headers/Authorization"
    );
    // The same text without the name is not JSON.
    assert_eq!(lint_value(&text, json!({}))["diagnostics"][0]["code"], "PAR001");
    let fixed: Value = serde_json::from_str(
        &apply_fixes_json(&text, &options.to_string(), r#"{"unsafe": true, "discardSecrets": true}"#).unwrap(),
    )
    .unwrap();
    assert!(fixed["text"].as_str().unwrap().contains("$${credentials.bearer_token}"), "{fixed}");
    let preview: Value =
        serde_json::from_str(&preview_json(&text, &options.to_string(), r#"{"action": "create_ticket"}"#).unwrap())
            .unwrap();
    assert_eq!(preview["actions"][0]["pointer"], "/resource/genesyscloud_integration_action/create_ticket");
}

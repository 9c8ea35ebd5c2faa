//! Helpers shared by the end-to-end tests of the governance features.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub fn dalint() -> Command {
    Command::cargo_bin("dalint").expect("the dalint binary is built")
}

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(&path, text).expect("write fixture");
    path
}

/// Runs the command; returns stdout, stderr and the exit code.
pub fn run(cmd: &mut Command) -> (String, String, i32) {
    let out = cmd.output().expect("dalint runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

pub fn parse_json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("output is JSON ({e}): {text}"))
}

/// Validates `instance` against a JSON Schema file; panics with every error.
pub fn assert_valid(schema_path: &Path, instance: &Value) {
    let errors = schema_errors(schema_path, instance);
    assert!(errors.is_empty(), "{} rejects the output:\n{}\n{instance:#}", schema_path.display(), errors.join("\n"));
}

/// Every error of `instance` against a JSON Schema file.
pub fn schema_errors(schema_path: &Path, instance: &Value) -> Vec<String> {
    let text = fs::read_to_string(schema_path).expect("schema readable");
    // The SARIF 2.1.0 schema's language-tag pattern ends in a lone `]`, a literal in ECMA-262
    // regexes but rejected by the `regex` format check; escaping it keeps its meaning.
    let text = text.replace(r#"-[a-zA-Z]{2}]?$"#, r#"-[a-zA-Z]{2}\\]?$"#);
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{}: {e}", schema_path.display()));
    validator.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// A guide-shape action whose Authorization header reads `name`.
pub fn action_reading(name: &str) -> String {
    format!(
        r#"{{
  "type": "http",
  "name": "POST_Telemetry_Event",
  "logRequest": false,
  "logResponse": false,
  "config": {{
    "method": "POST",
    "url": "https://api.partner.example.com/v1/events",
    "headers": {{
      "Authorization": "Bearer {{{{secureData(\"{name}\")}}}}",
      "Content-Type": "application/json"
    }}
  }}
}}
"#
    )
}

/// `(code, pointer)` of every diagnostic of every file in a JSON report.
pub fn codes(report: &Value) -> Vec<(String, String)> {
    report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["diagnostics"].as_array().cloned().unwrap_or_default())
        .map(|d| (d["code"].as_str().unwrap_or("").to_owned(), d["pointer"].as_str().unwrap_or("").to_owned()))
        .collect()
}

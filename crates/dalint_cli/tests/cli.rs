//! End-to-end tests of the `dalint` binary: formats, exit codes, stdin, directory walks.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn dalint() -> Command {
    Command::cargo_bin("dalint").expect("the dalint binary is built")
}

const CLEAN_ACTION: &str = r#"{
  "type": "http",
  "name": "Ping",
  "logRequest": false,
  "logResponse": false,
  "config": {"method": "GET", "url": "https://api.example.com/ping", "headers": {}}
}
"#;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, text).expect("write fixture");
}

fn json_output(cmd: &mut Command) -> (Value, i32) {
    let out = cmd.output().expect("dalint runs");
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (value, out.status.code().unwrap_or(-1))
}

#[test]
fn clean_file_exits_zero_and_is_listed() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "ok.json", CLEAN_ACTION);
    let (json, code) = json_output(dalint().args(["check", "--format", "json"]).arg(dir.path().join("ok.json")));
    assert_eq!(code, 0);
    assert_eq!(json["schemaVersion"], 1);
    assert_eq!(json["tool"]["name"], "dalint");
    assert_eq!(json["files"][0]["diagnostics"], Value::Array(vec![]));
    dalint()
        .args(["check"])
        .arg(dir.path().join("ok.json"))
        .assert()
        .success()
        .stdout(predicates::str::contains("All checks passed"));
}

#[test]
fn parse_error_exits_one_with_a_positioned_diagnostic() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "bad.json", "{\n  \"name\": \"x\",\n}\n");
    let (json, code) = json_output(dalint().args(["check", "--format", "json"]).arg(dir.path().join("bad.json")));
    assert_eq!(code, 1);
    let d = &json["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "PAR001");
    assert_eq!(d["pointer"], "");
    assert_eq!(d["range"]["start"], serde_json::json!({"line": 1, "character": 13}));
    let text = dalint().arg("check").arg(dir.path().join("bad.json")).assert().code(1);
    let stdout = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(stdout.contains("bad.json:2:14: PAR001 [error]"), "{stdout}");
    assert!(stdout.contains('^'), "code frame with carets: {stdout}");
}

#[test]
fn exit_zero_keeps_findings_but_exits_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "bad.json", "{");
    dalint().args(["check", "--exit-zero"]).arg(dir.path().join("bad.json")).assert().code(0);
}

#[test]
fn unreadable_path_and_bad_arguments_exit_two() {
    dalint()
        .args(["check", "/nonexistent/dalint/path.json"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot read"));
    dalint().args(["check", "--format", "yaml", "."]).assert().code(2);
    dalint().args(["check", "--exit-zero", "/nonexistent/x.json"]).assert().code(2);
    dalint().args(["rule", "NOPE999"]).assert().code(2).stderr(predicates::str::contains("unknown rule"));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let (json, code) = json_output(dalint().args(["check", "--format", "json", "-"]).write_stdin(CLEAN_ACTION));
    assert_eq!(code, 0);
    assert_eq!(json["files"][0]["path"], "-");
    // Strict JSON on stdin unless it is named `.jsonc`.
    let with_comment = "{\"type\": \"http\", // c\n \"name\": \"x\", \"logRequest\": false, \"logResponse\": false, \"config\": {\"method\": \"GET\", \"url\": \"https://a.example.com\"}}";
    let (json, _) = json_output(dalint().args(["check", "--format", "json", "-"]).write_stdin(with_comment));
    assert_eq!(json["files"][0]["diagnostics"][0]["code"], "PAR001");
    let (json, _) = json_output(
        dalint().args(["check", "--format", "json", "--stdin-filename", "a.jsonc", "-"]).write_stdin(with_comment),
    );
    assert!(json["files"][0]["diagnostics"].as_array().is_some_and(|d| d.iter().all(|d| d["code"] != "PAR001")));
}

#[test]
fn directory_walk_skips_other_json_ignored_and_hidden_paths() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "b.json", CLEAN_ACTION);
    write(dir.path(), "a/c.jsonc", CLEAN_ACTION);
    write(dir.path(), "package.json", "{\"name\": \"not-an-action\"}");
    write(dir.path(), "node_modules/x.json", "{");
    write(dir.path(), "target/x.json", "{");
    write(dir.path(), ".hidden/x.json", "{");
    write(dir.path(), "ignored/x.json", "{");
    write(dir.path(), "skip/x.json", "{");
    write(dir.path(), ".gitignore", "ignored/\n");
    let (json, code) =
        json_output(dalint().args(["check", "--format", "json", "--exclude", "skip/**"]).arg(dir.path()));
    assert_eq!(code, 0, "{json}");
    let root = dir.path().display().to_string();
    let paths: Vec<String> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().unwrap_or_default().replace(&root, ""))
        .collect();
    assert_eq!(paths, vec!["/a/c.jsonc", "/b.json"]);
}

#[test]
fn a_file_named_explicitly_gets_not_a_data_action() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "package.json", "{\"name\": \"not-an-action\"}");
    let (json, code) = json_output(dalint().args(["check", "--format", "json"]).arg(dir.path().join("package.json")));
    assert_eq!(code, 0, "SCH001 is info");
    assert_eq!(json["files"][0]["diagnostics"][0]["code"], "SCH001");
}

#[test]
fn output_order_is_stable_across_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..20 {
        write(dir.path(), &format!("f{i:02}.json"), if i % 3 == 0 { "{" } else { CLEAN_ACTION });
    }
    let first = dalint().args(["check", "--format", "json"]).arg(dir.path()).output().expect("runs").stdout;
    for _ in 0..3 {
        let again = dalint().args(["check", "--format", "json"]).arg(dir.path()).output().expect("runs").stdout;
        assert_eq!(first, again);
    }
}

#[test]
fn rule_command_explains_and_lists() {
    dalint().args(["rule", "PAR001"]).assert().success().stdout(predicates::str::contains("## What it does"));
    dalint().args(["rule", "invalid-json"]).assert().success().stdout(predicates::str::contains("PAR001"));
    let out = dalint().args(["rule", "--all", "--format", "json"]).output().expect("runs");
    let rules: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(rules.as_array().is_some_and(|r| r.iter().any(|r| r["code"] == "SCH001")));
}

/// An export whose URL splices an id (`queueId`, safe fix) and whose body splices free text
/// (`note`, unsafe fix).
const ID_AND_TEXT: &str = r#"{
  "name": "Queue note",
  "integrationType": "purecloud-data-actions",
  "actionType": "custom",
  "config": {
    "request": {
      "requestUrlTemplate": "/api/v2/routing/queues/${input.queueId}/notes",
      "requestType": "POST",
      "headers": {"Content-Type": "application/json"},
      "requestTemplate": "{\"note\": \"$!{input.note}\"}"
    },
    "response": {"translationMap": {}, "translationMapDefaults": {}, "successTemplate": "${rawResult}"}
  },
  "contract": {
    "input": {"inputSchema": {"type": "object", "properties": {"queueId": {"type": "string"}, "note": {"type": "string"}}}},
    "output": {"successSchema": {"type": "object", "properties": {}, "additionalProperties": true}}
  }
}
"#;

#[test]
fn statistics_print_one_line_per_rule_with_counts_and_fixable() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.json", ID_AND_TEXT);
    write(dir.path(), "b.json", ID_AND_TEXT);
    let out = dalint().args(["check", "--statistics"]).arg(dir.path()).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    // Two findings per file: the id (info) and the free text (warning), which fails the run.
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        ["4  TPL003  unescaped-input  4 fixable (2 with --fix, the rest with --unsafe-fixes)"]
    );

    let (json, code) = json_output(dalint().args(["check", "--statistics", "--format", "json"]).arg(dir.path()));
    assert_eq!(code, 1);
    assert_eq!(
        json,
        serde_json::json!([{"code": "TPL003", "name": "unescaped-input", "count": 4, "fixable": 4, "safelyFixable": 2}])
    );

    let out = dalint().args(["check", "--statistics", "--format", "sarif"]).arg(dir.path()).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--statistics prints text or json"));
}

#[test]
fn fix_wraps_ids_and_unsafe_fixes_wrap_free_text_without_provisioning() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "a.json", ID_AND_TEXT);
    let file = dir.path().join("a.json");

    // --fix: the id only; the free text stays, and a warning still fails the run.
    let out = dalint().args(["check", "--fix"]).arg(&file).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
    let fixed = fs::read_to_string(&file).expect("read");
    assert!(fixed.contains(r#""/api/v2/routing/queues/$esc.uriEncode(${input.queueId})/notes""#), "{fixed}");
    assert!(fixed.contains(r#"{\"note\": \"$!{input.note}\"}"#), "{fixed}");

    // --fix --unsafe-fixes --select TPL003: the free text too, quiet kept, no --emit-provisioning.
    let out =
        dalint().args(["check", "--fix", "--unsafe-fixes", "--select", "TPL003"]).arg(&file).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let fixed = fs::read_to_string(&file).expect("read");
    assert!(fixed.contains(r#"{\"note\": \"$!esc.jsonString($!{input.note})\"}"#), "{fixed}");
    serde_json::from_str::<Value>(&fixed).expect("still JSON");

    // A second run changes nothing.
    dalint().args(["check", "--fix", "--unsafe-fixes", "--select", "TPL003"]).arg(&file).output().expect("runs");
    assert_eq!(fs::read_to_string(&file).expect("read"), fixed);
}

//! End-to-end tests of `dalint preview`: formats, options, exit codes (0 whenever the document
//! parsed, 1 for unparsable input with the PAR diagnostic on stderr, 2 for bad arguments), and
//! every export of the shared corpus.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{assert_valid, dalint, parse_json, repo};
use dalint_testgen::corpus::corpus_files;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/preview").join(name)
}

fn run(args: &[&str]) -> (String, String, i32) {
    common::run(dalint().args(args))
}

/// `--format json` output, validated against the published schema.
fn json_of(out: &str) -> Value {
    let doc = parse_json(out);
    assert_valid(&repo().join("schemas/preview.schema.json"), &doc);
    doc
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn text_is_an_http_message_with_notes() {
    let (out, _, code) = run(&["preview", path(&fixture("export.json"))]);
    assert_eq!(code, 0);
    assert!(out.starts_with("### Create ticket"), "{out}");
    assert!(out.contains("\nPOST https://‹credentials.subdomain›.example.com/api/v2/tickets?source=ivr\n"), "{out}");
    assert!(out.contains("\nAuthorization: Basic ‹base64(‹credentials.user›:‹credentials.password›)›\n"), "{out}");
    assert!(out.contains("# note 14:501: `${input.nothing}` has no value"), "{out}");
}

#[test]
fn json_is_the_versioned_document() {
    let (out, _, code) = run(&["preview", "--format", "json", path(&fixture("api_list.json"))]);
    assert_eq!(code, 0);
    let doc = json_of(&out);
    assert_eq!(doc["schemaVersion"], 1);
    assert_eq!(doc["tool"]["name"], "dalint");
    assert_eq!(doc["actions"].as_array().map(Vec::len), Some(2));
    assert_eq!(doc["actions"][1]["pointer"], "/entities/1");
    assert_eq!(doc["actions"][1]["url"], "https://api.REGION.pure.cloud/api/v2/routing/queues/sample-queueId");
    assert_eq!(doc["actions"][1]["body"], Value::Null);
}

#[test]
fn curl_quotes_for_the_shell() {
    let (out, _, code) = run(&["preview", "--format", "curl", path(&fixture("guide.json"))]);
    assert_eq!(code, 0);
    assert!(out.contains("curl -X POST 'https://api.partner.example.com/v1/events?queue=sample-queueId'"), "{out}");
    assert!(out.contains("-H 'Authorization: Bearer ‹secureData:external_api_key_prod›'"), "{out}");
    assert!(out.contains("--data-raw '{\"event\":\"call_connected\""), "{out}");
}

#[test]
fn inputs_response_and_action_selection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("inputs.json");
    fs::write(&inputs, r#"{"conversationId": "c-1"}"#).expect("write");
    let (out, _, code) = run(&[
        "preview",
        path(&fixture("response.json")),
        "--input",
        path(&inputs),
        "--response",
        path(&fixture("response.response.json")),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let doc = json_of(&out);
    let action = &doc["actions"][0];
    assert_eq!(action["url"], "https://api.REGION.pure.cloud/api/v2/conversations/c-1");
    assert_eq!(action["response"]["variables"][0]["name"], "customerIds");
    assert!(action["response"]["output"].as_str().is_some_and(|o| o.contains("\"customerId\": \"p-customer\"")));

    let (out, _, code) = run(&["preview", path(&fixture("placeholder_url.json")), "--action", "2"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("### Notify (action 2, at /2)"), "{out}");
    let (out, _, code) = run(&["preview", path(&fixture("placeholder_url.json")), "--action", "Create booking"]);
    assert_eq!(code, 0);
    assert!(out.contains("AWS Lambda action"), "{out}");
}

#[test]
fn every_preview_fixture_matches_the_schema() {
    let mut checked = 0;
    for entry in fs::read_dir(repo().join("tests/preview")).expect("fixtures").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name.ends_with(".inputs.json") || name.ends_with(".response.json") {
            continue;
        }
        let response = fixture(&name.replace(".json", ".response.json"));
        let mut args =
            vec!["preview", "--format", "json", path(&entry.path())].into_iter().map(str::to_owned).collect::<Vec<_>>();
        if response.exists() {
            args.extend(["--response".to_owned(), path(&response).to_owned()]);
        }
        let (out, err, code) = common::run(dalint().args(&args));
        assert_eq!(code, 0, "{name}: {err}");
        json_of(&out);
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");
}

#[test]
fn notes_never_fail_the_command() {
    // No URL, a placeholder URL, a body that is not JSON: notes, exit 0.
    for name in ["function_action.json", "placeholder_url.json", "invalid_body.json"] {
        let (out, _, code) = run(&["preview", path(&fixture(name))]);
        assert_eq!(code, 0, "{name}");
        assert!(out.contains("# note"), "{name}: {out}");
    }
    let (_, _, code) = run(&["preview", path(&fixture("custom_auth.json")), "--format", "curl"]);
    assert_eq!(code, 0);
}

#[test]
fn stdin_reads_the_document() {
    let text = fs::read_to_string(fixture("guide.json")).expect("fixture");
    let out = dalint().args(["preview", "-"]).write_stdin(text).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("POST_Telemetry_Event"));
}

#[test]
fn unparsable_input_exits_one_with_the_positioned_par_diagnostic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.json");
    fs::write(&bad, "{\n  \"name\": \"x\",\n}\n").expect("write");
    let (out, err, code) = run(&["preview", path(&bad)]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("bad.json:2:14: PAR001") && err.contains("trailing comma"), "{err}");
    fs::write(&bad, b"{\"a\": \"\xff\"}").expect("write");
    let (_, err, code) = run(&["preview", path(&bad)]);
    assert_eq!(code, 1);
    assert!(err.contains("PAR001") && err.contains("not valid UTF-8"), "{err}");
}

#[test]
fn bad_arguments_exit_two() {
    let dir = tempfile::tempdir().expect("tempdir");
    let not_json = dir.path().join("inputs.json");
    fs::write(&not_json, "{").expect("write");
    let array = dir.path().join("array.json");
    fs::write(&array, "[1]").expect("write");
    let action = fixture("export.json");
    for args in [
        vec!["preview", path(&action), "--input", path(&not_json)],
        vec!["preview", path(&action), "--input", path(&array)],
        vec!["preview", path(&action), "--response", path(&not_json)],
        vec!["preview", path(&action), "--action", "7"],
        vec!["preview", path(&action), "--action", "no such action"],
        vec!["preview", path(&action), "--format", "yaml"],
        vec!["preview", "/does/not/exist.json"],
        vec!["preview"],
    ] {
        let (_, err, code) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(!err.is_empty(), "{args:?}");
    }
}

#[test]
fn every_corpus_export_previews_with_exit_zero() {
    let Some(files) = corpus_files("every_corpus_export_previews_with_exit_zero") else { return };
    for file in &files {
        let (out, err, code) = run(&["preview", "--format", "json", path(file)]);
        assert_eq!(code, 0, "{}: {err}", file.display());
        let doc = json_of(&out);
        assert_eq!(doc["actions"].as_array().map(Vec::len), Some(1), "{}", file.display());
    }
}

#[test]
fn several_files_preview_one_after_another_and_as_files_in_json() {
    let export = fixture("export.json");
    let api = fixture("api_list.json");
    let (out, err, code) = run(&["preview", path(&export), path(&api), "--action", "0"]);
    assert_eq!(code, 0, "{err}");
    let first = out.find(&format!("# file: {}", path(&export))).expect("a heading for the first file");
    let second = out.find(&format!("# file: {}", path(&api))).expect("a heading for the second file");
    assert!(first < second, "{out}");
    // `--action 0`: each file's first action only.
    assert_eq!(out.matches("(action 0,").count(), 2, "{out}");
    assert_eq!(out.matches("(action 1,").count(), 0, "{out}");

    let (out, _, code) = run(&["preview", path(&export), path(&api), "--format", "json"]);
    assert_eq!(code, 0);
    let doc = json_of(&out);
    assert_eq!(doc["schemaVersion"], 1);
    assert!(doc.get("actions").is_none(), "{doc}");
    let files = doc["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["path"], path(&export));
    assert_eq!(files[1]["path"], path(&api));
    assert!(files.iter().all(|f| !f["actions"].as_array().expect("actions").is_empty()));

    // A directory is several files too, even with one file in it.
    let dir = tempfile::tempdir().expect("tempdir");
    fs::copy(&export, dir.path().join("export.json")).expect("copy");
    let (out, _, code) = run(&["preview", path(dir.path()), "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(json_of(&out)["files"].as_array().map(Vec::len), Some(1));

    // One file keeps the single-file document.
    let (out, _, _) = run(&["preview", path(&export), "--format", "json"]);
    assert!(json_of(&out)["actions"].is_array());
}

/// `preview` reads dalint.json like `check` (found upward, or `--config`): its `redaction.show`
/// reveals a header the preview otherwise hides because of where it sits.
#[test]
fn the_configuration_file_applies_to_the_preview() {
    let dir = tempfile::tempdir().expect("tempdir");
    let action = dir.path().join("action.json");
    fs::copy(fixture("fail_closed.json"), &action).expect("copy");
    let (out, err, code) = run(&["preview", path(&action)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("X-Tenant: ‹redacted›"), "{out}");

    fs::write(dir.path().join("dalint.json"), r#"{"redaction": {"show": ["X-Tenant"]}}"#).expect("config");
    for args in [vec!["preview", path(&action)], vec!["preview", path(&action), "--format", "curl"]] {
        let (out, err, code) = run(&args);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("X-Tenant: acme-tenant-7"), "{out}");
        // Only that name: the vendor auth header stays hidden.
        assert!(!out.contains("9f86d081884c7d659a2feaa0c55ad015"), "the preview shows the X-Acme-Auth value");
    }

    // `--config FILE` instead of discovery; a broken file is a positioned error, exit 2.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let moved = elsewhere.path().join("action.json");
    fs::copy(&action, &moved).expect("copy");
    let config = dir.path().join("dalint.json");
    let (out, _, _) = run(&["preview", path(&moved)]);
    assert!(out.contains("X-Tenant: ‹redacted›"), "{out}");
    let (out, err, code) = run(&["preview", path(&moved), "--config", path(&config)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("X-Tenant: acme-tenant-7"), "{out}");
    fs::write(&config, r#"{"redaction": {"show": "X-Tenant"}}"#).expect("config");
    let (_, err, code) = run(&["preview", path(&action)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("dalint.json:1:"), "{err}");
}

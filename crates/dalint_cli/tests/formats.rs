//! `--format sarif|github|json`, `--baseline`, `--diff`: end to end, each machine format checked
//! against its schema.

mod common;

use std::fs;

use common::{action_reading, assert_valid, codes, dalint, parse_json, repo, run, schema_errors, write};
use serde_json::json;

/// Two files: one prod action that references a dev secret (ENV001, with a rename fix, on a line
/// with CJK and emoji before it), and a bundled Secure Data payload (SDO001, SEC001, SDO002).
fn sample(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    write(dir, "dalint.json", r#"{"env": "prod", "inventory": ["external_api_key_prod"]}"#);
    let action = write(
        dir,
        "actions/telemetry,prod.json",
        "{\"type\": \"http\", \"name\": \"通話 😀\", \"config\": {\"method\": \"POST\", \"url\": \"https://api.partner.example.com/v1/events\",\n  \"headers\": {\"X-Note\": \"漢字 😀\", \"Authorization\": \"Bearer {{secureData(\\\"sandbox_external_api_key_dev\\\")}}\"}}, \"logRequest\": false, \"logResponse\": false}\n",
    );
    let payload = write(
        dir,
        "payloads/bundle.json",
        r#"{"name": "partner_credentials_prod", "secureData": {"value": "{\"api_key\": \"pk_demo_R4nd0mLooking9Key2x\", \"api_secret\": \"demo_Z8wq7E6rT5yU4iO3pL2k\"}"}, "tags": ["env:prod"]}
"#,
    );
    (action, payload)
}

#[test]
fn sarif_is_valid_sarif_2_1_0_with_rules_fingerprints_and_fixes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (action, payload) = sample(dir.path());
    let (out, err, code) = run(dalint().current_dir(dir.path()).args([
        "check",
        "--format",
        "sarif",
        "actions/telemetry,prod.json",
        "payloads/bundle.json",
    ]));
    assert_eq!(code, 1, "{err}");
    let sarif = parse_json(&out);
    let sarif_schema = repo().join("crates/dalint_cli/tests/schemas/sarif-schema-2.1.0.json");
    assert_valid(&sarif_schema, &sarif);
    // The schema does reject drift (so the check above is not vacuous).
    let mut drifted = sarif.clone();
    drifted["runs"][0]["results"][0]["level"] = json!("fatal");
    drifted["runs"][0]["columnKind"] = json!("bytes");
    assert_eq!(schema_errors(&sarif_schema, &drifted).len(), 2);

    let run0 = &sarif["runs"][0];
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(run0["columnKind"], "utf16CodeUnits");
    let rules = run0["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), dalint_rule_count());
    let env001 = rules.iter().find(|r| r["id"] == "ENV001").expect("ENV001 described");
    assert_eq!(env001["name"], "cross-environment-secret");
    assert_eq!(env001["defaultConfiguration"]["level"], "error");
    // The rule's page is linked only when the build knows the public repository (release.sh).
    match option_env!("DALINT_REPOSITORY_URL") {
        Some(url) => assert_eq!(env001["helpUri"], format!("{url}/blob/main/docs/rules/ENV001.md")),
        None => assert!(env001.get("helpUri").is_none() && run0["tool"]["driver"].get("informationUri").is_none()),
    }
    assert!(env001["help"]["markdown"].as_str().unwrap_or_default().contains("## Why is this bad?"));
    assert!(env001["fullDescription"]["text"].as_str().unwrap_or_default().starts_with("Finds `secureData(\"name\")`"));
    let sdo002 = rules.iter().find(|r| r["id"] == "SDO002").expect("SDO002 described");
    assert_eq!(sdo002["defaultConfiguration"]["level"], "warning");

    let results = run0["results"].as_array().expect("results");
    let ids: Vec<&str> = results.iter().filter_map(|r| r["ruleId"].as_str()).collect();
    assert_eq!(ids, vec!["ENV001", "ENV002", "SDO001", "SEC001", "SDO002"]);
    let first = &results[0];
    assert_eq!(first["level"], "error");
    assert_eq!(first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "actions/telemetry%2Cprod.json");
    // Line 2; `  "headers": {"X-Note": "漢字 😀", "Authorization": "Bearer {{secureData(\"` is 73
    // UTF-16 code units (the emoji counts 2), so the name starts at column 74.
    let region = &first["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region, &json!({"startLine": 2, "startColumn": 74, "endLine": 2, "endColumn": 102}));
    let fingerprint = first["partialFingerprints"]["dalint/v1"].as_str().unwrap_or_default();
    assert!(fingerprint.starts_with("sha256:") && fingerprint.len() == 23, "{fingerprint}");
    let fix = &first["fixes"][0];
    assert_eq!(fix["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"], "external_api_key_prod");
    assert_eq!(fix["artifactChanges"][0]["replacements"][0]["deletedRegion"], *region);
    assert_eq!(results[2]["level"], "error");
    assert_eq!(results[4]["level"], "warning");
    assert_eq!(results[4]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "payloads/bundle.json");
    let _ = (action, payload);
}

fn dalint_rule_count() -> usize {
    let (out, _, _) = run(dalint().args(["rule", "--all", "--format", "json"]));
    parse_json(&out).as_array().map_or(0, Vec::len)
}

#[test]
fn github_annotations_are_escaped_workflow_commands() {
    let dir = tempfile::tempdir().expect("tempdir");
    sample(dir.path());
    let (out, _, code) = run(dalint().current_dir(dir.path()).args([
        "check",
        "--format",
        "github",
        "actions/telemetry,prod.json",
        "payloads/bundle.json",
    ]));
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(
        lines[0].starts_with(
            "::error file=actions/telemetry%2Cprod.json,line=2,col=74,endLine=2,endColumn=102,title=ENV001::`sandbox_external_api_key_dev` is a `dev` secret"
        ),
        "{}",
        lines[0]
    );
    assert!(lines[0].ends_with("(at /config/headers/Authorization)"), "{}", lines[0]);
    assert!(lines[3].starts_with("::error file=payloads/bundle.json,line=1,col=63,"), "{}", lines[3]);
    assert!(
        lines[3].contains("title=SEC001::the Secure Data payload `partner_credentials_prod` holds"),
        "{}",
        lines[3]
    );
    assert!(lines[4].starts_with("::warning file=payloads/bundle.json,line=1,col="), "{}", lines[4]);
    assert!(lines.iter().all(|l| !l.contains('\r')));
}

#[test]
fn json_reports_match_the_published_schema() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (action, payload) = sample(dir.path());
    let schema = repo().join("schemas/check-report.schema.json");
    let (out, _, code) = run(dalint().args(["check", "--format", "json"]).arg(&action).arg(&payload));
    assert_eq!(code, 1);
    let report = parse_json(&out);
    assert_valid(&schema, &report);
    let diagnostic = &report["files"][0]["diagnostics"][0];
    assert_eq!(diagnostic["fixes"][0]["applicability"], "unsafe");
    assert!(report["files"][1]["diagnostics"][0]["fingerprint"].as_str().is_some());

    // With --fix: the `fixed` block (a held-back unsafe fix).
    let (out, _, _) = run(dalint().args(["check", "--format", "json", "--fix"]).arg(&action));
    let report = parse_json(&out);
    assert_valid(&schema, &report);
    assert_eq!(report["files"][0]["fixed"]["heldBack"][0]["code"], "ENV001");

    // With --fix --unsafe-fixes: applied.
    let (out, _, _) = run(dalint().args(["check", "--format", "json", "--fix", "--unsafe-fixes"]).arg(&action));
    let report = parse_json(&out);
    assert_valid(&schema, &report);
    assert_eq!(report["files"][0]["fixed"]["applied"][0]["code"], "ENV001");
    assert!(fs::read_to_string(&action).unwrap_or_default().contains("secureData(\\\"external_api_key_prod\\\")"));

    // A parse error and a baseline count.
    let broken = write(dir.path(), "broken.json", "{\"type\": \"http\",");
    let (out, _, _) = run(dalint().args(["check", "--format", "json"]).arg(&broken));
    assert_valid(&schema, &parse_json(&out));
    let baseline = dir.path().join("baseline.json");
    run(dalint().args(["check", "--write-baseline", "--baseline"]).arg(&baseline).arg(&payload));
    let (out, _, _) = run(dalint().args(["check", "--format", "json", "--baseline"]).arg(&baseline).arg(&payload));
    let report = parse_json(&out);
    assert_valid(&schema, &report);
    assert_eq!(report["files"][0]["baselined"], 3);
}

#[test]
fn the_preview_schema_accepts_the_documented_shape_and_rejects_drift() {
    // The shape from the preview issue; the real `dalint preview --format json` output is
    // validated by the preview's own tests once it lands.
    let schema = repo().join("schemas/preview.schema.json");
    let document = json!({
        "schemaVersion": 1,
        "actions": [{
            "pointer": "",
            "name": "POST_Telemetry_Event",
            "method": "POST",
            "url": "https://api.partner.example.com/v1/events",
            "headers": [{"name": "Authorization", "value": "Bearer ‹secureData:external_api_key_prod›"}],
            "body": "{\"event\": \"call_connected\"}",
            "notes": [{
                "message": "`{{system.queueId}}` took a sample value",
                "pointer": "/config/body",
                "range": {"start": {"line": 0, "character": 4}, "end": {"line": 0, "character": 9}}
            }]
        }, {
            "pointer": "/1", "name": null, "method": null, "url": null, "headers": [], "body": null, "notes": []
        }]
    });
    assert_valid(&schema, &document);
    let mut drifted = document.clone();
    drifted["actions"][0]["headers"] = json!({"Authorization": "x"});
    assert!(!schema_errors(&schema, &drifted).is_empty());
    let mut drifted = document.clone();
    drifted["schemaVersion"] = json!(2);
    assert!(!schema_errors(&schema, &drifted).is_empty());

    // Several files: `files` of `{path, actions}` instead of `actions`, never both.
    let actions = document["actions"].clone();
    let several = json!({"schemaVersion": 1, "tool": {"name": "dalint", "version": "0.1.0"},
        "files": [{"path": "a.json", "actions": actions}, {"path": "b.json", "actions": []}]});
    assert_valid(&schema, &several);
    let mut both = several.clone();
    both["actions"] = json!([]);
    assert!(!schema_errors(&schema, &both).is_empty());
    let mut drifted = several;
    drifted["files"][1] = json!({"actions": []});
    assert!(!schema_errors(&schema, &drifted).is_empty());
}

#[test]
fn baselines_hide_known_findings_and_fail_on_new_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "dalint.json", r#"{"env": "prod"}"#);
    let a = write(root, "actions/a.json", &action_reading("sandbox_external_api_key_dev"));
    let baseline = root.join("ci/dalint-baseline.json");
    fs::create_dir_all(root.join("ci")).expect("mkdir");
    let (_, err, code) = run(dalint().current_dir(root).args([
        "check",
        "actions",
        "--baseline",
        "ci/dalint-baseline.json",
        "--write-baseline",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 1 finding to the baseline"), "{err}");
    let recorded = parse_json(&fs::read_to_string(&baseline).expect("baseline written"));
    assert_eq!(recorded["schemaVersion"], 1);
    // Paths are relative to the baseline's folder.
    assert_eq!(recorded["findings"][0]["path"], "../actions/a.json");
    assert_eq!(recorded["findings"][0]["code"], "ENV001");

    // From another working directory, the same finding is known: exit 0.
    let (out, _, code) =
        run(dalint().current_dir(root.join("actions")).args(["check", "a.json", "--baseline"]).arg(&baseline));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 known finding hidden by the baseline"), "{out}");

    // Edits elsewhere in the file keep the finding known; a new finding fails.
    let shifted = format!("\n\n{}", action_reading("sandbox_external_api_key_dev"));
    fs::write(&a, shifted).expect("rewrite");
    let (_, _, code) = run(dalint().args(["check", "--baseline"]).arg(&baseline).arg(&a));
    assert_eq!(code, 0);
    write(root, "actions/b.json", &action_reading("sandbox_crm_token_test"));
    let (out, _, code) =
        run(dalint().current_dir(root).args(["check", "actions", "--format", "json", "--baseline"]).arg(&baseline));
    assert_eq!(code, 1);
    let report = parse_json(&out);
    assert_eq!(codes(&report), vec![("ENV001".to_owned(), "/config/headers/Authorization".to_owned())]);
    assert_eq!(report["files"][1]["path"], "actions/b.json");

    // A file that is not a baseline is an error.
    let bogus = write(root, "bogus.json", "{\"findings\": 3}");
    let (_, err, code) = run(dalint().args(["check", "--baseline"]).arg(&bogus).arg(&a));
    assert_eq!(code, 2);
    assert!(err.contains("not a dalint baseline"), "{err}");
}

#[test]
fn diff_shows_fixes_without_writing() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "dalint.json", r#"{"env": "prod"}"#);
    // BOM and CRLF: the diff is computed on the text without the BOM; the file stays as it was.
    let text = format!("\u{feff}{}", action_reading("sandbox_external_api_key_dev").replace('\n', "\r\n"));
    let file = write(dir.path(), "a.json", &text);
    let (out, _, code) = run(dalint().current_dir(dir.path()).args(["check", "--diff", "a.json"]));
    assert_eq!(out, "", "safe fixes only: the rename is unsafe");
    assert_eq!(code, 1);
    let (out, _, code) = run(dalint().current_dir(dir.path()).args(["check", "--diff", "--unsafe-fixes", "a.json"]));
    assert_eq!(code, 1);
    assert!(out.starts_with("--- a/a.json\n+++ b/a.json\n@@ "), "{out}");
    assert!(
        out.contains("-      \"Authorization\": \"Bearer {{secureData(\\\"sandbox_external_api_key_dev\\\")}}\",\r\n"),
        "{out}"
    );
    assert!(
        out.contains("+      \"Authorization\": \"Bearer {{secureData(\\\"external_api_key_prod\\\")}}\",\r\n"),
        "{out}"
    );
    assert_eq!(fs::read_to_string(&file).expect("file"), text, "--diff never writes");
    let (_, err, code) = run(dalint().current_dir(dir.path()).args(["check", "--diff", "--fix", "a.json"]));
    assert_eq!(code, 2, "{err}");
}

//! No output format ever contains a detected secret: text, JSON, SARIF, GitHub annotations, the
//! `--diff` and the baseline file, for secrets planted in a header, a URL and a body.

mod common;

use std::fs;

use common::{dalint, parse_json, run, write};

const HEADER_KEY: &str = "sk_live_Q8v2Lm5Xr7Tz1Kp9Wd3Hn6Yb";
const URL_KEY: &str = "Zq7X2mLp9RtW4vKc8NbY3hJd";
const BODY_SECRET: &str = "f3Kd9LmQ2xVb7RtZ1pWc8NyH";

fn planted() -> String {
    format!(
        r#"{{
  "type": "http",
  "name": "POST_Telemetry_Event",
  "config": {{
    "method": "POST",
    "url": "https://api.partner.example.com/v1/events?api_key={URL_KEY}&region=eu",
    "headers": {{
      "Authorization": "Bearer {HEADER_KEY}",
      "X-Tenant": "{{{{secureData(\"sandbox_partner_tenant_key_dev\")}}}}",
      "Content-Type": "application/json"
    }},
    "body": "{{\"event\": \"call_connected\", \"client_secret\": \"{BODY_SECRET}\"}}"
  }}
}}
"#
    )
}

/// Fails if `output` holds any planted secret, or a long piece of one.
fn assert_no_secret(what: &str, output: &str) {
    for secret in [HEADER_KEY, URL_KEY, BODY_SECRET] {
        let tail = &secret[secret.len() - 16..];
        assert!(!output.contains(secret) && !output.contains(tail), "{what} echoes a secret:\n{output}");
    }
}

#[test]
fn no_format_echoes_a_planted_secret() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "actions/planted.json", &planted());
    write(dir.path(), "dalint.json", r#"{"env": "prod", "inventory": ["partner_tenant_key_prod"]}"#);

    // The findings are there (so the checks below are not vacuous): three secrets, the
    // cross-environment reference and its absence from the inventory.
    let (json, _, code) = run(dalint().args(["check", "--format", "json"]).arg(&file));
    assert_eq!(code, 1);
    let report = parse_json(&json);
    let found: Vec<(&str, &str)> = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["code"].as_str().unwrap_or(""), d["pointer"].as_str().unwrap_or("")))
        .collect();
    for expected in [
        ("SEC001", "/config/url"),
        ("SEC001", "/config/headers/Authorization"),
        ("SEC001", "/config/body"),
        ("ENV001", "/config/headers/X-Tenant"),
        ("ENV002", "/config/headers/X-Tenant"),
    ] {
        assert!(found.contains(&expected), "{expected:?} missing from {found:?}");
    }
    assert_no_secret("--format json", &json);

    for format in ["text", "sarif", "github"] {
        let (out, err, code) = run(dalint().args(["check", "--unsafe-fixes", "--format", format]).arg(&file));
        assert_eq!(code, 1, "{err}");
        assert!(out.contains("SEC001"), "--format {format} reports the secrets:\n{out}");
        assert_no_secret(&format!("--format {format}"), &out);
        assert_no_secret(&format!("--format {format} (stderr)"), &err);
    }

    let (diff, err, _) = run(dalint().args(["check", "--diff", "--unsafe-fixes"]).arg(&file));
    assert!(diff.contains("credentials") || diff.contains("secureData"), "the diff rewrites the secrets:\n{diff}");
    assert!(diff.lines().any(|l| l.starts_with('-') && l.contains("Bearer ")), "{diff}");
    assert_no_secret("--diff", &diff);
    assert_no_secret("--diff (stderr)", &err);
    assert_eq!(fs::read_to_string(&file).expect("file"), planted(), "--diff never writes");

    let baseline = dir.path().join("baseline.json");
    let (_, err, code) = run(dalint().args(["check", "--write-baseline", "--baseline"]).arg(&baseline).arg(&file));
    assert_eq!(code, 0, "{err}");
    let recorded = fs::read_to_string(&baseline).expect("baseline written");
    assert!(recorded.matches("\"SEC001\"").count() == 3, "{recorded}");
    assert_no_secret("the baseline file", &recorded);
    assert_no_secret("--write-baseline (stderr)", &err);

    // Fixed text on stdout (stdin mode) and the report on stderr hold no secret either.
    let (fixed, err, _) = run(dalint()
        .args(["check", "--fix", "--unsafe-fixes", "--discard-secrets", "--env", "prod", "-"])
        .write_stdin(planted()));
    assert!(fixed.contains("\"type\": \"http\""), "{fixed}");
    assert_no_secret("--fix on stdin (stdout)", &fixed);
    assert_no_secret("--fix on stdin (stderr)", &err);
}

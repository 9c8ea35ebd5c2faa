//! `dalint.json` discovery and `--config`, `--env`, `--inventory`: end to end.

mod common;

use common::{action_reading, codes, dalint, parse_json, run, write};

const AUTH: &str = "/config/headers/Authorization";

fn env001(report: &serde_json::Value) -> bool {
    codes(report).contains(&("ENV001".to_owned(), AUTH.to_owned()))
}

#[test]
fn config_is_found_upward_and_the_nearest_wins() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "dalint.json", r#"{"env": "prod"}"#);
    let deep = write(root, "flows/billing/sub/a.json", &action_reading("sandbox_external_api_key_dev"));
    let (out, _, code) = run(dalint().args(["check", "--format", "json"]).arg(&deep));
    assert_eq!(code, 1);
    assert!(env001(&parse_json(&out)), "{out}");

    // A nearer dalint.json (for a dev org) takes over for its folder.
    write(root, "flows/billing/dalint.json", r#"{"env": "dev"}"#);
    let (out, _, code) = run(dalint().args(["check", "--format", "json"]).arg(&deep));
    assert_eq!(codes(&parse_json(&out)), vec![], "{out}");
    assert_eq!(code, 0);

    // Discovery also applies to directory walks, per file.
    let other = write(root, "flows/other/b.json", &action_reading("sandbox_external_api_key_dev"));
    let (out, _, _) = run(dalint().args(["check", "--format", "json"]).arg(root.join("flows")));
    let report = parse_json(&out);
    let flagged: Vec<&str> = report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| !f["diagnostics"].as_array().is_none_or(Vec::is_empty))
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(flagged, vec![other.display().to_string()], "{out}");
}

#[test]
fn explicit_config_replaces_discovery() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "actions/dalint.json", r#"{"env": "dev"}"#);
    let file = write(dir.path(), "actions/a.json", &action_reading("sandbox_external_api_key_dev"));
    let explicit = write(dir.path(), "ci/prod.json", r#"{"env": "production"}"#);
    let (out, _, code) = run(dalint().args(["check", "--format", "json", "--config"]).arg(&explicit).arg(&file));
    assert_eq!(code, 1);
    assert!(env001(&parse_json(&out)), "{out}");
}

#[test]
fn unknown_keys_and_bad_values_are_errors_with_a_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "a.json", &action_reading("external_api_key_prod"));
    write(dir.path(), "dalint.json", "{\n  \"env\": \"prod\",\n  \"invntory\": []\n}\n");
    let (out, err, code) = run(dalint().current_dir(dir.path()).args(["check", "a.json"]));
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("dalint.json:3:3: unknown field `invntory`, expected one of"), "{err}");
    assert!(out.is_empty(), "{out}");

    write(dir.path(), "dalint.json", "{\"rules\": {\"ENV003\": \"warn\"}}");
    let (_, err, code) = run(dalint().args(["check"]).arg(&file));
    assert_eq!(code, 2);
    assert!(err.contains("dalint.json:1:22: unknown variant `warn`"), "{err}");

    write(dir.path(), "dalint.json", "{\n  \"rules\": {\"SEC999\": \"off\"}\n}");
    let (_, err, code) = run(dalint().args(["check"]).arg(&file));
    assert_eq!(code, 2);
    assert!(err.contains("dalint.json:2:13: unknown rule `SEC999`"), "{err}");

    // Positions count characters, after a BOM, on CRLF lines.
    write(dir.path(), "dalint.json", "\u{feff}{\r\n  \"naming\": {\"pattern\": \"漢字\", \"prefix\": \"x\"}\r\n}");
    let (_, err, code) = run(dalint().args(["check"]).arg(&file));
    assert_eq!(code, 2);
    assert!(err.contains("dalint.json:2:31: unknown field `prefix`"), "{err}");
}

#[test]
fn inventory_paths_are_relative_to_the_config_and_cli_flags_override() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "dalint.json", r#"{"env": "prod", "inventory": "ci/inventory.json"}"#);
    write(root, "ci/inventory.json", r#"["external_api_key_prod"]"#);
    let file = write(root, "actions/a.json", &action_reading("crm_token_prod"));
    // Run from elsewhere: the inventory path still resolves against the config's folder.
    let (out, err, code) =
        run(dalint().current_dir(root.join("actions")).args(["check", "--format", "json", "a.json"]));
    assert_eq!(code, 1, "{err}");
    assert_eq!(codes(&parse_json(&out)), vec![("ENV002".to_owned(), AUTH.to_owned())], "{out}");

    // --inventory (a list response of Secure Data objects) overrides the configured one.
    let listed = write(root, "org.json", r#"{"entities": [{"id": "1", "name": "crm_token_prod"}], "total": 1}"#);
    let (out, _, code) = run(dalint().args(["check", "--format", "json", "--inventory"]).arg(&listed).arg(&file));
    assert_eq!(code, 0, "{out}");
    assert_eq!(codes(&parse_json(&out)), vec![]);

    // --env overrides the configured environment.
    let (out, _, _) =
        run(dalint().args(["check", "--format", "json", "--env", "dev", "--inventory"]).arg(&listed).arg(&file));
    assert!(env001(&parse_json(&out)), "{out}");

    // A broken inventory is an error with its position.
    let broken = write(root, "broken.json", "[\"crm_token_prod\", 42]");
    let (_, err, code) =
        run(dalint().current_dir(root).args(["check", "--inventory", "broken.json", "actions/a.json"]));
    assert_eq!(code, 2);
    assert!(err.contains("broken.json:1:20: not a name or a Secure Data object"), "{err}");
    let _ = broken;
}

#[test]
fn env_flag_names_production_and_rejects_nonsense() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "a.json", &action_reading("sandbox_external_api_key_dev"));
    let (out, _, code) = run(dalint().args(["check", "--format", "json", "--env", "production"]).arg(&file));
    assert_eq!(code, 1);
    let report = parse_json(&out);
    assert!(env001(&report), "{out}");
    let message = report["files"][0]["diagnostics"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("checked for the `prod` environment"), "{message}");
    let (_, _, code) = run(dalint().args(["check", "--format", "json", "--env", "dev"]).arg(&file));
    assert_eq!(code, 0);
    let (_, err, code) = run(dalint().args(["check", "--env", "pr od"]).arg(&file));
    assert_eq!(code, 2);
    assert!(err.contains("--env `pr od` is not an environment name"), "{err}");
}

#[test]
fn ignore_globs_are_relative_to_the_config_and_rules_can_be_switched_off() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "dalint.json",
        r#"{"env": "prod", "ignore": [{"files": "legacy/**/*.json", "rules": ["ENV001"]}], "rules": {"ENV003": "off"}}"#,
    );
    let legacy = write(root, "legacy/old/a.json", &action_reading("sandbox_external_api_key_dev"));
    let current = write(root, "current/a.json", &action_reading("sandbox_external_api_key_dev"));
    let bare = write(root, "current/bare.json", &action_reading("partner_api_key"));
    let (out, _, _) = run(dalint().args(["check", "--format", "json"]).arg(&legacy).arg(&current).arg(&bare));
    let report = parse_json(&out);
    let per_file: Vec<usize> = report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["diagnostics"].as_array().map_or(0, Vec::len))
        .collect();
    assert_eq!(per_file, vec![0, 1, 0], "{out}");
}

#[test]
fn the_readme_example_configuration_is_valid() {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).expect("README");
    let section = &readme[readme.find("## Environments, inventories and pipelines").expect("section")..];
    let block = section.split("```json\n").nth(1).and_then(|b| b.split("```").next()).expect("a json block");
    let options = dalint_core::config::parse_config(block).unwrap_or_else(|e| panic!("{e}: {block}"));
    assert_eq!(options.env.as_deref(), Some("prod"));
    assert!(matches!(options.inventory, Some(dalint_core::config::Inventory::Path(_))));
}

#[test]
fn select_and_ignore_choose_rules_by_code_prefix() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A hard-coded key (SEC001), a misspelt input (TPL002) and an unknown field (SCH004).
    let file = write(
        dir.path(),
        "a.json",
        r#"{"type": "http", "config": {"method": "GET", "url": "https://api.example.com/{{input.nmae}}",
            "headers": {"X-API-Key": "k3J9xQ2mZ8vL5tR1wY7pN4bH6cF0dG2s"}, "verbose": true}}"#,
    );
    let report = |extra: &[&str]| {
        let (out, err, code) = run(dalint().args(["check", "--format", "json"]).args(extra).arg(&file));
        assert_eq!(code, 1, "{out}{err}");
        let mut codes: Vec<String> = codes(&parse_json(&out)).into_iter().map(|(code, _)| code).collect();
        codes.sort();
        codes.dedup();
        codes
    };
    let all = report(&[]);
    assert!(all.contains(&"SEC001".to_owned()) && all.contains(&"SCH004".to_owned()), "{all:?}");
    let secrets = report(&["--select", "SEC"]);
    assert!(secrets.contains(&"SEC001".to_owned()) && secrets.iter().all(|c| c.starts_with("SEC")), "{secrets:?}");
    assert_eq!(report(&["--select", "sec001,SCH004"]), vec!["SCH004", "SEC001"]);
    assert!(!report(&["--ignore", "SCH"]).iter().any(|c| c.starts_with("SCH")));

    // Selecting a rule that dalint.json switches off runs it.
    write(dir.path(), "dalint.json", r#"{"rules": {"SEC001": "off"}}"#);
    assert!(!report(&[]).contains(&"SEC001".to_owned()));
    assert_eq!(report(&["--select", "SEC001"]), vec!["SEC001"]);
    assert!(report(&["--ignore", "SEC001"]).contains(&"SCH004".to_owned()));

    // A prefix that matches nothing is an error, not a silent "no rules".
    let (_, err, code) = run(dalint().args(["check", "--select", "SEQ"]).arg(&file));
    assert_eq!(code, 2);
    assert!(err.contains("--select `SEQ` matches no rule"), "{err}");
}

//! Per-rule fixtures: `tests/fixtures/<CODE>/valid*.json(c)` (or `.tf`, `.tf.json`, `.tfvars`, `.tfvars.json`) must not produce `CODE`,
//! `invalid*.json(c)` must. Each fixture has an insta snapshot beside it holding the input, the
//! `(code, pointer)` list, the diagnostics rendered as the CLI prints them, and the text after
//! applying every fix (unsafe included, extracted secrets discarded).
//!
//! A fixture may have `<stem>.options.json` beside it: the `dalint.json` options to lint it with.
//! Update snapshots with `INSTA_UPDATE=always cargo test -p dalint_core --test fixtures` (or
//! `cargo insta review`), then read every changed snapshot.

use std::fs;
use std::path::{Path, PathBuf};

use dalint_core::fix::{apply_fixes, FixOptions};
use dalint_core::{lint, render, Diagnostic, Options};

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

struct Fixture {
    code: String,
    path: PathBuf,
    stem: String,
    valid: bool,
}

fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    let mut dirs: Vec<_> = fs::read_dir(fixtures_root()).expect("tests/fixtures exists").flatten().collect();
    dirs.sort_by_key(|e| e.file_name());
    for dir in dirs {
        let code = dir.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = fs::read_dir(dir.path()).expect("readable fixture dir").flatten().collect();
        files.sort_by_key(|e| e.file_name());
        for file in files {
            let name = file.file_name().to_string_lossy().into_owned();
            let stem = [".tfvars.json", ".tf.json", ".jsonc", ".json", ".tf", ".tfvars"]
                .iter()
                .find_map(|ext| name.strip_suffix(ext));
            let Some(stem) = stem else { continue };
            if stem.ends_with(".options") {
                continue;
            }
            let valid = stem.starts_with("valid");
            assert!(valid || stem.starts_with("invalid"), "fixture {code}/{name} must start with valid or invalid");
            out.push(Fixture { code: code.clone(), path: file.path(), stem: stem.to_owned(), valid });
        }
    }
    out
}

fn options_for(fixture: &Fixture) -> Options {
    let sidecar = fixture.path.with_file_name(format!("{}.options.json", fixture.stem));
    let mut options: Options = match fs::read_to_string(&sidecar) {
        Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", sidecar.display())),
        Err(_) => Options::default(),
    };
    options.file_name = Some(fixture.path.file_name().unwrap_or_default().to_string_lossy().into_owned());
    options
}

/// Strings that must never appear in rendered output: the text under every diagnostic that
/// carries a secret fingerprint (quotes stripped when the range is a whole literal).
fn planted_secrets(text: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut secrets: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.fingerprint.is_some())
        .map(|d| text[d.range.start..d.range.end].trim_matches('"').to_owned())
        .filter(|s| s.len() >= 8)
        .collect();
    secrets.extend(dalint_core::secrets::secret_ranges(text).iter().map(|r| text[r.start..r.end].to_owned()));
    secrets.sort();
    secrets.dedup();
    secrets
}

#[test]
fn every_rule_has_valid_and_invalid_fixtures() {
    let all = fixtures();
    let mut missing = Vec::new();
    for rule in dalint_core::all_rules() {
        for kind in [true, false] {
            if !all.iter().any(|f| f.code == rule.code && f.valid == kind) {
                missing.push(format!("{} has no {} fixture", rule.code, if kind { "valid" } else { "invalid" }));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn fixtures_match_their_snapshots() {
    let mut failures = Vec::new();
    for fixture in fixtures() {
        let raw = fs::read(&fixture.path).expect("readable fixture");
        let options = options_for(&fixture);
        let diagnostics = dalint_core::lint_bytes(&raw, &options);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let body = dalint_core::text::strip_bom(&text).1;
        let label = format!("{}/{}", fixture.code, fixture.path.file_name().unwrap_or_default().to_string_lossy());

        let has_code = diagnostics.iter().any(|d| d.code == fixture.code);
        if fixture.valid && has_code {
            failures.push(format!("{label}: valid fixture produced {}", fixture.code));
        }
        if !fixture.valid && !has_code {
            failures.push(format!("{label}: invalid fixture did not produce {}", fixture.code));
        }

        let masks = render::secret_masks(body, options.file_name.as_deref(), &diagnostics);
        let rendered = render::render_text(&label, body, &diagnostics, &masks);
        let pairs: String = diagnostics.iter().map(|d| format!("{} {:?}\n", d.code, d.pointer)).collect();
        let fixed = fixed_output(&text, &options, &label, &mut failures);

        let secrets = planted_secrets(body, &diagnostics);
        for secret in &secrets {
            if rendered.contains(secret.as_str()) || fixed.contains(secret.as_str()) {
                failures.push(format!("{label}: rendered output contains a detected secret"));
            }
        }

        let snapshot = format!(
            "## input\n{text}\n## (code, pointer)\n{pairs}\n## diagnostics\n{rendered}\n## fixed (all fixes, unsafe included)\n{fixed}\n"
        );
        let dir = fixture.path.parent().expect("fixture has a folder").to_path_buf();
        insta::with_settings!({
            snapshot_path => dir,
            prepend_module_to_snapshot => false,
            omit_expression => true,
            input_file => fixture.path.clone(),
        }, {
            insta::assert_snapshot!(fixture.stem.clone(), snapshot);
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Applies all fixes; checks that the result parses, that a second run changes nothing and that
/// the fixed diagnostics are gone. Returns the fixed text, or a note when nothing changed.
fn fixed_output(text: &str, options: &Options, label: &str, failures: &mut Vec<String>) -> String {
    let fix_options = FixOptions { unsafe_fixes: true, keep_secrets: false, discard_secrets: true };
    let outcome = match apply_fixes(text, options, fix_options) {
        Ok(outcome) => outcome,
        Err(err) => {
            failures.push(format!("{label}: {err}"));
            return format!("(fixes refused: {err})");
        }
    };
    if !outcome.changed() {
        return "(unchanged)".to_owned();
    }
    match apply_fixes(&outcome.text, options, fix_options) {
        Ok(again) if again.text == outcome.text => {}
        Ok(_) => failures.push(format!("{label}: applying fixes twice changed the text again")),
        Err(err) => failures.push(format!("{label}: second fix pass failed: {err}")),
    }
    // Still reported: a finding at the same place still offers the same fix. (Several findings of
    // one rule can share a pointer, such as TPL003's inputs of one URL, not all of them fixable.)
    for applied in &outcome.applied {
        let offers_it_again = |d: &Diagnostic| {
            d.code == applied.code && d.pointer == applied.pointer && d.fixes.iter().any(|f| f.title == applied.title)
        };
        if outcome.remaining.iter().any(offers_it_again) {
            failures.push(format!("{label}: {} at {} is still reported after its fix", applied.code, applied.pointer));
        }
    }
    let after = lint(&outcome.text, options);
    if after.iter().any(|d| d.code.starts_with("PAR")) {
        failures.push(format!("{label}: fixed text no longer parses"));
    }
    outcome.text
}

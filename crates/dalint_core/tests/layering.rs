//! Imports flow one way: the language front (`language.rs`) uses Terraform (`terraform/`), which
//! uses the JSON runner (`lint.rs`, `preview/`), which uses the rules (`rules/`), which use the
//! rule framework (`rule.rs`) and the model (`config.rs`, `model.rs`, …), never back. This reads the
//! sources and fails on an import that points back up. Test modules are exempt: they may run the
//! linter.

use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The `.rs` files under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{}: {e}", dir.display())).path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

/// The lines of `file` before its first `#[cfg(test)]`, that mention one of `forbidden`.
fn offending_lines(file: &Path, forbidden: &[&str]) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    text.lines()
        .take_while(|line| !line.trim_start().starts_with("#[cfg(test)]"))
        // A doc link names a module without importing it.
        .filter(|line| !line.trim_start().starts_with("//"))
        .filter(|line| forbidden.iter().any(|f| line.contains(f)))
        .map(|line| format!("{}: {}", file.display(), line.trim()))
        .collect()
}

const RUNNER: &[&str] = &["crate::lint", "crate::{lint"];
const RUNNER_AND_RULES: &[&str] = &["crate::lint", "crate::{lint", "crate::rules"];

#[test]
fn rules_do_not_import_the_runner() {
    let files = rust_files(&src().join("rules"));
    assert!(files.len() > 20, "found {} rule files", files.len());
    let offending: Vec<String> = files.iter().flat_map(|f| offending_lines(f, RUNNER)).collect();
    assert!(offending.is_empty(), "rules/ imports lint.rs:\n{}", offending.join("\n"));
}

#[test]
fn the_rule_framework_and_the_options_do_not_import_the_runner_or_the_rules() {
    let offending: Vec<String> =
        ["rule.rs", "config.rs"].iter().flat_map(|f| offending_lines(&src().join(f), RUNNER_AND_RULES)).collect();
    assert!(offending.is_empty(), "an import points back up:\n{}", offending.join("\n"));
}

const LANGUAGE_FRONT: &[&str] = &["crate::language", "crate::{language"];
const TERRAFORM: &[&str] = &["crate::terraform", "crate::{terraform"];

#[test]
fn only_the_language_front_chooses_between_json_and_terraform() {
    let below_the_front: Vec<PathBuf> = ["terraform", "preview", "rules", "secrets", "template"]
        .iter()
        .flat_map(|d| rust_files(&src().join(d)))
        .chain(["lint.rs", "rule.rs", "config.rs", "model.rs", "parse.rs"].iter().map(|f| src().join(f)))
        // Test modules may run the linter.
        .filter(|f| f.file_name().is_none_or(|n| n != "tests.rs"))
        .collect();
    let offending: Vec<String> = below_the_front.iter().flat_map(|f| offending_lines(f, LANGUAGE_FRONT)).collect();
    assert!(offending.is_empty(), "imports the language front (language.rs):\n{}", offending.join("\n"));
    // The JSON runner and the preview know nothing of Terraform: it maps onto them.
    let json_side: Vec<PathBuf> = rust_files(&src().join("preview"))
        .into_iter()
        .chain(["lint.rs", "rule.rs"].iter().map(|f| src().join(f)))
        .collect();
    let offending: Vec<String> = json_side.iter().flat_map(|f| offending_lines(f, TERRAFORM)).collect();
    assert!(offending.is_empty(), "the JSON runner imports terraform/:\n{}", offending.join("\n"));
}

#[test]
fn the_options_do_not_import_the_detector() {
    let offending = offending_lines(&src().join("config.rs"), &["crate::secrets", "crate::{secrets"]);
    assert!(offending.is_empty(), "config.rs imports secrets/:\n{}", offending.join("\n"));
}

//! Imports flow one way: the runner (`lint.rs`) uses the rules (`rules/`), which use the rule
//! framework (`rule.rs`) and the model (`config.rs`, `model.rs`, …), never back. This reads the
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

//! Every real Genesys export in the shared corpus: each parses, none panics, none gets `PAR` or
//! `SCH001`, each is recognised in the right shape, and the diagnostic totals per code are
//! recorded in a snapshot (so a change in what dalint finds on real files is always reviewed).
//!
//! The corpus lives outside the repository (`<repo>/../shared/corpus/genesys-exports`), never
//! copied into it: see [`dalint_testgen::corpus`] for when these tests are skipped (a plain clone)
//! and when a missing corpus fails (`CI=true`).

use std::collections::BTreeMap;
use std::path::Path;

use dalint_core::model::{self, ActionShape};
use dalint_core::parse::{self, Dialect};
use dalint_core::rule::Category;
use dalint_core::{find_rule, lint_bytes, Options};
use dalint_testgen::corpus::corpus_files;

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

#[test]
fn corpus_exports_parse_without_panics_and_diagnostics_are_recorded() {
    let Some(files) = corpus_files("corpus_exports_parse_without_panics_and_diagnostics_are_recorded") else { return };
    let mut totals: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut schema_findings: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    let mut failures = Vec::new();
    for path in &files {
        let name = file_name(path);
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let options = Options { file_name: Some(name.clone()), ..Options::default() };
        let diagnostics = match std::panic::catch_unwind(|| lint_bytes(&bytes, &options)) {
            Ok(diagnostics) => diagnostics,
            Err(_) => {
                failures.push(format!("{name}: panicked"));
                continue;
            }
        };
        for d in &diagnostics {
            if d.code.starts_with("PAR") || d.code == "SCH001" {
                failures.push(format!("{name}: {} at {}: {}", d.code, d.pointer, d.message));
            }
            *totals.entry(d.code).or_default() += 1;
            if find_rule(d.code).is_some_and(|m| m.category == Category::Schema) {
                schema_findings.entry(d.code).or_default().push(format!("{name} {} ({})", d.pointer, d.severity));
            }
        }
    }
    assert!(failures.is_empty(), "corpus files failed:\n{}", failures.join("\n"));

    let mut summary = format!("files: {}\n\ndiagnostics per code:\n", files.len());
    if totals.is_empty() {
        summary.push_str("  (none)\n");
    }
    for (code, count) in &totals {
        summary.push_str(&format!("  {code}: {count}\n"));
    }
    summary.push_str("\nschema findings:\n");
    if schema_findings.is_empty() {
        summary.push_str("  (none)\n");
    }
    for (code, places) in &schema_findings {
        for place in places {
            summary.push_str(&format!("  {code} {place}\n"));
        }
    }
    insta::assert_snapshot!("corpus_totals", summary);
}

/// Each export is one action, in the shape its fields say: `category`/`integrationId` make the
/// Platform API shape, everything else in the corpus is an Admin UI export (function actions,
/// `customAuth`, `static`, Salesforce, Lambda and Zendesk integrations included).
#[test]
fn corpus_shapes_are_detected() {
    let Some(files) = corpus_files("corpus_shapes_are_detected") else { return };
    let mut shapes: BTreeMap<String, usize> = BTreeMap::new();
    for path in files {
        let name = file_name(&path);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let text = parse::decode(&bytes).unwrap_or_else(|_| panic!("{name}: not UTF-8"));
        let document = parse::parse(text, Dialect::Json).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let model = model::build(&document.root);
        assert_eq!(model.actions.len(), 1, "{name}: expected one action");
        let action = &model.actions[0];
        assert_eq!(action.pointer, "", "{name}");
        let api_fields = action.get("/category").is_some() || action.get("/integrationId").is_some();
        let expected = if api_fields { ActionShape::Api } else { ActionShape::Export };
        assert_eq!(action.shape, expected, "{name}");
        let kind = format!(
            "{:?} {} {}",
            action.shape,
            action.integration_type().unwrap_or("-"),
            match action.get("/actionType") {
                Some(jsonc_parser::ast::Value::StringLit(s)) => s.value.to_string(),
                _ => "-".to_owned(),
            }
        );
        *shapes.entry(kind).or_default() += 1;
    }
    let summary: String = shapes.iter().map(|(kind, count)| format!("{count:4} {kind}\n")).collect();
    insta::assert_snapshot!("corpus_shapes", summary);
}

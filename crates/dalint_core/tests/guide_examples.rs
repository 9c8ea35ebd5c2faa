//! The guide's own JSON examples (`tests/guide/`, copied by hand from
//! `shared/guide/secret-management-guide.txt`) lint clean except for the problems the guide itself
//! describes:
//!
//! - the action of §2 carries an auth header while leaving `logRequest` / `logResponse` unset,
//!   which §2 says to switch off for such actions (`SEC005`);
//! - the provisioning and rotation bodies of §1 and §4 hold a key in plain text, which the guide
//!   sends to the Secure Data API and which must never sit in a repository (security and Secure
//!   Data rules may report it).
//!
//! Whatever rules are added, none of these examples may get a parse, schema or template finding.

use std::path::{Path, PathBuf};

use dalint_core::model;
use dalint_core::parse::{self, Dialect};
use dalint_core::rule::Category;
use dalint_core::{find_rule, lint, Diagnostic, Options};

fn example(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/guide").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (path, text)
}

fn lint_example(name: &str) -> (String, Vec<Diagnostic>) {
    let (_, text) = example(name);
    let options = Options { file_name: Some(name.to_owned()), ..Options::default() };
    let diagnostics = lint(&text, &options);
    (text, diagnostics)
}

fn category(d: &Diagnostic) -> Category {
    find_rule(d.code).unwrap_or_else(|| panic!("{} is not a registered rule", d.code)).category
}

/// Codes and pointers, for assertion messages (no message text: it could mention a secret's
/// masked form, never the secret, but there is no need to print more than this).
fn summary(diagnostics: &[Diagnostic]) -> Vec<(&'static str, &str)> {
    diagnostics.iter().map(|d| (d.code, d.pointer.as_str())).collect()
}

#[test]
fn guide_action_is_a_clean_guide_shaped_action() {
    let (text, diagnostics) = lint_example("action.json");
    let document = parse::parse(&text, Dialect::Json).unwrap_or_else(|e| panic!("{e:?}"));
    let model = model::build(&document.root);
    assert_eq!(model.actions.len(), 1);
    assert_eq!(model.actions[0].shape, model::ActionShape::Guide);
    let unexpected: Vec<_> = diagnostics.iter().filter(|d| d.code != "SEC005").collect();
    assert!(unexpected.is_empty(), "guide action: unexpected {:?}", summary(&diagnostics));
}

#[test]
fn guide_payloads_get_no_parse_schema_or_template_findings() {
    for name in ["secure-data-payload.json", "secure-data-rotation.json"] {
        let (text, diagnostics) = lint_example(name);
        let document = parse::parse(&text, Dialect::Json).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(model::build(&document.root).payloads.len(), 1, "{name} is a Secure Data payload");
        let unexpected: Vec<_> =
            diagnostics.iter().filter(|d| !matches!(category(d), Category::Security | Category::SecureData)).collect();
        assert!(unexpected.is_empty(), "{name}: unexpected {:?}", summary(&diagnostics));
    }
}

#[test]
fn guide_naming_fragment_is_not_a_document_dalint_checks() {
    let (_, diagnostics) = lint_example("naming-fragment.json");
    assert_eq!(summary(&diagnostics), vec![("SCH001", "")]);
}

//! `--format sarif`: SARIF 2.1.0 for code-scanning services. One run; `tool.driver.rules` holds
//! every rule with its docs; results carry 1-based regions in UTF-16 code units
//! (`run.columnKind`), a `partialFingerprints` entry (rule + pointer + secret fingerprint, never
//! the secret), and fixes as `artifactChanges`.

use dalint_core::diagnostic::Fix;
use dalint_core::output::finding_fingerprint;
use dalint_core::text::{LineIndex, LspRange, TextRange};
use dalint_core::{RuleMeta, Severity};
use serde_json::{json, Value};

use crate::report::FileReport;

const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The key of dalint's fingerprint in `partialFingerprints` (versioned, as SARIF recommends).
const FINGERPRINT_KEY: &str = "dalint/v1";

pub fn render(reports: &[FileReport]) -> Result<String, String> {
    let rules = dalint_core::all_rules();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for report in reports {
        let uri = artifact_uri(report);
        let index = LineIndex::new(&report.text);
        for d in &report.diagnostics {
            let rule_index = rules.iter().position(|r| r.code == d.code);
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [location(&uri, &index, d.range, None)],
                "partialFingerprints": {FINGERPRINT_KEY: finding_fingerprint(d)},
                "properties": {"pointer": d.pointer},
            });
            if let Some(i) = rule_index {
                result["ruleIndex"] = json!(i);
            }
            if !d.labels.is_empty() {
                result["relatedLocations"] = d
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let mut loc = location(&uri, &index, l.range, Some(&l.message));
                        loc["id"] = json!(i + 1);
                        loc
                    })
                    .collect();
            }
            if !d.fixes.is_empty() {
                result["fixes"] = d.fixes.iter().map(|f| fix(&uri, &index, f)).collect();
            }
            results.push(result);
        }
        if let Some(err) = &report.fix_error {
            notifications.push(json!({
                "level": "error",
                "message": {"text": err},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
            }));
        }
    }
    let mut driver = json!({
        "name": "dalint",
        "version": dalint_core::VERSION,
        "semanticVersion": dalint_core::VERSION,
        "rules": rules.iter().copied().map(rule_descriptor).collect::<Vec<_>>(),
    });
    if let Some(repository) = REPOSITORY_URL {
        driver["informationUri"] = json!(repository);
    }
    let sarif = json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&sarif).map(|s| s + "\n").map_err(|e| e.to_string())
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// The public repository's URL, when the build was given one (scripts/release.sh passes
/// `DALINT_REPOSITORY_URL` through); without it the report names no URL.
const REPOSITORY_URL: Option<&str> = option_env!("DALINT_REPOSITORY_URL");

fn rule_descriptor(rule: &RuleMeta) -> Value {
    let markdown = dalint_core::rules::docs_markdown(rule);
    let mut descriptor = json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": section(rule.docs, "## What it does")},
        "help": {"text": markdown, "markdown": markdown},
        "defaultConfiguration": {"level": level(rule.default_severity)},
        "properties": {
            "tags": [rule.category.as_str()],
            "fix": rule.fix.as_str(),
        },
    });
    if let Some(repository) = REPOSITORY_URL {
        descriptor["helpUri"] = json!(format!("{repository}/blob/main/docs/rules/{}.md", rule.code));
    }
    descriptor
}

/// The text under a `## Heading` of a rule's docs, up to the next heading, as one paragraph.
fn section(docs: &str, heading: &str) -> String {
    let mut lines = docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l));
    let _ = lines.by_ref().find(|l| l.trim() == heading);
    lines.take_while(|l| !l.starts_with("## ")).map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A SARIF region: 1-based lines and columns (UTF-16 code units; the end column is exclusive).
fn region(range: LspRange) -> Value {
    json!({
        "startLine": range.start.line + 1,
        "startColumn": range.start.character + 1,
        "endLine": range.end.line + 1,
        "endColumn": range.end.character + 1,
    })
}

fn location(uri: &str, index: &LineIndex<'_>, range: TextRange, message: Option<&str>) -> Value {
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": region(index.range(range)),
        }
    });
    if let Some(message) = message {
        loc["message"] = json!({"text": message});
    }
    loc
}

fn fix(uri: &str, index: &LineIndex<'_>, fix: &Fix) -> Value {
    json!({
        "description": {"text": format!("{} ({})", fix.title, fix.applicability.as_str())},
        "artifactChanges": [{
            "artifactLocation": {"uri": uri},
            "replacements": fix.edits.iter().map(|e| json!({
                "deletedRegion": region(index.range(e.range)),
                "insertedContent": {"text": e.new_text},
            })).collect::<Vec<_>>(),
        }],
    })
}

/// The artifact's URI: the path as given, `/`-separated and percent-encoded (relative paths stay
/// relative, for the code-scanning service to resolve against the checkout); `file://` for
/// absolute paths.
fn artifact_uri(report: &FileReport) -> String {
    let Some(file) = &report.file else { return "stdin".to_owned() };
    let path = file.to_string_lossy().replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::section;

    #[test]
    fn sections() {
        let docs = " ## What it does\n Finds things\n in files.\n\n ## Why is this bad?\n Because.\n";
        assert_eq!(section(docs, "## What it does"), "Finds things in files.");
    }
}

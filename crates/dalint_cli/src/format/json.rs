//! `--format json`: `{"schemaVersion": 1, "tool": {...}, "files": [{"path", "diagnostics"}]}`.

use dalint_core::output::{json_diagnostic, JsonDiagnostic, SCHEMA_VERSION};
use dalint_core::text::LineIndex;
use serde::Serialize;

use crate::report::FileReport;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    schema_version: u32,
    tool: Tool,
    files: Vec<File<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct File<'a> {
    path: &'a str,
    diagnostics: Vec<JsonDiagnostic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<Fixed>,
    /// Findings left out because the `--baseline` file has them.
    #[serde(skip_serializing_if = "is_zero")]
    baselined: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fixed {
    applied: Vec<Applied>,
    held_back: Vec<HeldBack>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Serialize)]
struct Applied {
    code: &'static str,
    pointer: String,
    title: String,
}

#[derive(Serialize)]
struct HeldBack {
    code: &'static str,
    pointer: String,
    title: String,
    reason: String,
}

pub fn render(reports: &[FileReport]) -> Result<String, String> {
    let files = reports
        .iter()
        .map(|r| {
            let index = LineIndex::new(&r.text);
            let fixed = match (&r.fix, &r.fix_error) {
                (Some(outcome), _) => Some(Fixed {
                    applied: outcome
                        .applied
                        .iter()
                        .map(|a| Applied { code: a.code, pointer: a.pointer.clone(), title: a.title.clone() })
                        .collect(),
                    held_back: outcome
                        .held_back
                        .iter()
                        .map(|h| HeldBack {
                            code: h.code,
                            pointer: h.pointer.clone(),
                            title: h.title.clone(),
                            reason: h.reason.clone(),
                        })
                        .collect(),
                    error: None,
                }),
                (None, Some(err)) => Some(Fixed { applied: vec![], held_back: vec![], error: Some(err.clone()) }),
                (None, None) => None,
            };
            File {
                path: &r.path,
                diagnostics: r.diagnostics.iter().map(|d| json_diagnostic(d, &index)).collect(),
                fixed,
                baselined: r.baselined,
            }
        })
        .collect();
    let document = Document {
        schema_version: SCHEMA_VERSION,
        tool: Tool { name: "dalint", version: dalint_core::VERSION },
        files,
    };
    serde_json::to_string_pretty(&document).map(|s| s + "\n").map_err(|e| e.to_string())
}

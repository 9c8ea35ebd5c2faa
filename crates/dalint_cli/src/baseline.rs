//! `--baseline FILE` / `--write-baseline`: adopt dalint on a repository with history. The
//! baseline records each current finding by file and fingerprint (rule + pointer + the secret's
//! fingerprint or a hash of the message, see `output::finding_fingerprint`); later runs report and
//! fail only on findings it lacks. It holds no secret and no message, only hashes.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use dalint_core::output::{finding_fingerprint, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};

use crate::report::FileReport;
use crate::write::write_atomically;

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Baseline {
    schema_version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Entry {
    /// The file, relative to the baseline's folder, `/`-separated.
    path: String,
    code: String,
    pointer: String,
    fingerprint: String,
}

impl Baseline {
    pub fn read(path: &Path) -> Result<Self, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read baseline `{}`: {e}", path.display()))?;
        let baseline: Baseline = serde_json::from_str(&text)
            .map_err(|e| format!("{}:{}:{}: not a dalint baseline: {e}", path.display(), e.line(), e.column()))?;
        if baseline.schema_version != SCHEMA_VERSION {
            return Err(format!(
                "{}: baseline schemaVersion {} is not supported (expected {SCHEMA_VERSION})",
                path.display(),
                baseline.schema_version
            ));
        }
        Ok(baseline)
    }

    /// Every finding of `reports`, sorted, without duplicates.
    pub fn from_reports(baseline_path: &Path, reports: &[FileReport]) -> Self {
        let mut findings: Vec<Entry> = reports
            .iter()
            .flat_map(|report| {
                let path = file_key(baseline_path, report);
                report.diagnostics.iter().map(move |d| Entry {
                    path: path.clone(),
                    code: d.code.to_owned(),
                    pointer: d.pointer.clone(),
                    fingerprint: finding_fingerprint(d),
                })
            })
            .collect();
        findings.sort_by(|a, b| {
            (&a.path, &a.pointer, &a.code, &a.fingerprint).cmp(&(&b.path, &b.pointer, &b.code, &b.fingerprint))
        });
        findings.dedup();
        Baseline { schema_version: SCHEMA_VERSION, findings }
    }

    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn write(&self, path: &Path) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())? + "\n";
        write_atomically(path, &text)
    }

    /// Drops the findings of `report` that the baseline has, counting them.
    pub fn filter(&self, baseline_path: &Path, report: &mut FileReport) {
        let path = file_key(baseline_path, report);
        let known: HashSet<(&str, &str)> = self
            .findings
            .iter()
            .filter(|e| e.path == path)
            .map(|e| (e.code.as_str(), e.fingerprint.as_str()))
            .collect();
        let before = report.diagnostics.len();
        report.diagnostics.retain(|d| !known.contains(&(d.code, finding_fingerprint(d).as_str())));
        report.baselined = before - report.diagnostics.len();
    }
}

/// How a report's file is named in the baseline: relative to the baseline's folder, so the
/// baseline works from any working directory. Stdin is `-`.
fn file_key(baseline_path: &Path, report: &FileReport) -> String {
    let Some(file) = &report.file else { return report.path.clone() };
    let base = baseline_path.parent().unwrap_or(Path::new(""));
    match (std::path::absolute(base), std::path::absolute(file)) {
        (Ok(base), Ok(file)) => relative(&base, &file),
        _ => report.path.replace('\\', "/"),
    }
}

fn clean(path: &Path) -> Vec<Component<'_>> {
    path.components().filter(|c| !matches!(c, Component::CurDir)).collect()
}

/// `to` relative to the folder `from` (both absolute), `/`-separated, `..` where needed.
fn relative(from: &Path, to: &Path) -> String {
    let (from, to) = (clean(from), clean(to));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for component in &to[common..] {
        out.push(component.as_os_str());
    }
    out.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::relative;
    use std::path::Path;

    #[test]
    fn relative_paths() {
        assert_eq!(relative(Path::new("/repo"), Path::new("/repo/actions/a.json")), "actions/a.json");
        assert_eq!(relative(Path::new("/repo/ci"), Path::new("/repo/actions/a.json")), "../actions/a.json");
        assert_eq!(relative(Path::new("/repo/./ci"), Path::new("/repo/ci/x.json")), "x.json");
    }
}

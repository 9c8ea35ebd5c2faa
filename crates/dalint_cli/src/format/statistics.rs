//! `--statistics` (ruff's flag): one line per rule instead of the listing, with how many findings
//! it has and how many of them `--fix` (safe) or `--fix --unsafe-fixes` can fix.

use std::collections::BTreeMap;

use dalint_core::Applicability;
use serde::Serialize;

use crate::format::OutputFormat;
use crate::report::FileReport;

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleCount {
    code: &'static str,
    name: &'static str,
    count: usize,
    /// Findings with a safe or an unsafe fix.
    fixable: usize,
    /// Findings that `--fix` alone fixes.
    safely_fixable: usize,
}

fn counts(reports: &[FileReport]) -> Vec<RuleCount> {
    let mut by_code: BTreeMap<&'static str, RuleCount> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let entry =
            by_code.entry(d.code).or_insert_with(|| RuleCount { code: d.code, name: d.name, ..RuleCount::default() });
        entry.count += 1;
        let best = d.fixes.iter().map(|f| f.applicability).max();
        entry.fixable += usize::from(best >= Some(Applicability::Unsafe));
        entry.safely_fixable += usize::from(best == Some(Applicability::Safe));
    }
    let mut rows: Vec<RuleCount> = by_code.into_values().collect();
    // Most frequent first, as ruff does; ties by code.
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    rows
}

/// What `--statistics` with another format says.
pub const FORMATS: &str = "--statistics prints text or json: use --format text or --format json";

/// The statistics as text (`count  code  name  fixable`) or as a JSON array.
pub fn render(format: OutputFormat, reports: &[FileReport]) -> Result<String, String> {
    let rows = counts(reports);
    match format {
        OutputFormat::Json => serde_json::to_string_pretty(&rows).map(|s| s + "\n").map_err(|e| e.to_string()),
        OutputFormat::Text => {
            let count_width = rows.iter().map(|r| r.count.to_string().len()).max().unwrap_or(1);
            let name_width = rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
            let mut out = String::new();
            for r in &rows {
                let fixable = match (r.fixable, r.safely_fixable) {
                    (0, _) => String::new(),
                    (all, safe) if all == safe => format!("{all} fixable"),
                    (all, 0) => format!("{all} fixable with --unsafe-fixes"),
                    (all, safe) => format!("{all} fixable ({safe} with --fix, the rest with --unsafe-fixes)"),
                };
                let line = format!("{:>count_width$}  {:<6}  {:<name_width$}  {fixable}", r.count, r.code, r.name);
                out.push_str(line.trim_end());
                out.push('\n');
            }
            if rows.is_empty() {
                out.push_str("All checks passed.\n");
            }
            Ok(out)
        }
        OutputFormat::Sarif | OutputFormat::Github => Err(FORMATS.to_owned()),
    }
}

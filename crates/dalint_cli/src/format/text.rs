//! `--format text`: code frames with carets and a summary, secrets masked.

use dalint_core::render::{render_text, secret_masks_showing};
use dalint_core::{Applicability, Severity};

use crate::report::{FileReport, FixFlags};

pub fn render(reports: &[FileReport], flags: FixFlags) -> String {
    let mut out = String::new();
    for report in reports {
        let masks = secret_masks_showing(
            &report.text,
            report.file_name.as_deref(),
            &report.diagnostics,
            &report.redaction_show,
        );
        out.push_str(&render_text(&report.path, &report.text, &report.diagnostics, &masks));
        if let Some(err) = &report.fix_error {
            out.push_str(&format!("{}: {err}\n\n", report.path));
        }
    }
    let count = |s: Severity| reports.iter().flat_map(|r| &r.diagnostics).filter(|d| d.severity == s).count();
    let (errors, warnings, infos) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    let total: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let applied: usize = reports.iter().filter_map(|r| r.fix.as_ref()).map(|f| f.applied.len()).sum();
    if applied > 0 {
        out.push_str(&format!("Fixed {applied} problem{}.\n", plural(applied)));
    }
    let held_for_secrets = reports
        .iter()
        .filter_map(|r| r.fix.as_ref())
        .flat_map(|f| &f.held_back)
        .filter(|h| h.reason.contains("--emit-provisioning"))
        .count();
    if held_for_secrets > 0 {
        out.push_str(&format!(
            "{held_for_secrets} rewrite{} not applied: each removes a secret from the file. Pass --emit-provisioning DIR to keep the secrets as Secure Data payloads (Terraform variables as .tfvars.json files), or --discard-secrets if you have them elsewhere (rotate them either way).\n",
            plural(held_for_secrets)
        ));
    }
    let baselined: usize = reports.iter().map(|r| r.baselined).sum();
    if baselined > 0 {
        out.push_str(&format!("{baselined} known finding{} hidden by the baseline.\n", plural(baselined)));
    }
    if total == 0 {
        out.push_str(&format!("All checks passed ({} file{}).\n", reports.len(), plural(reports.len())));
        return out;
    }
    out.push_str(&format!(
        "Found {total} problem{} ({errors} error{}, {warnings} warning{}, {infos} info) in {} file{}.\n",
        plural(total),
        plural(errors),
        plural(warnings),
        reports.len(),
        plural(reports.len())
    ));
    let fixable = |a: Applicability| {
        reports.iter().flat_map(|r| &r.diagnostics).filter(|d| d.fixes.iter().any(|f| f.applicability == a)).count()
    };
    let (safe, unsafe_) = (fixable(Applicability::Safe), fixable(Applicability::Unsafe));
    if safe > 0 && !flags.fix {
        out.push_str(&format!("{safe} fixable with --fix.\n"));
    }
    if unsafe_ > 0 {
        if flags.unsafe_fixes && flags.fix {
            out.push_str(&format!(
                "{unsafe_} unsafe fix{} could not be applied.\n",
                if unsafe_ == 1 { "" } else { "es" }
            ));
        } else if flags.unsafe_fixes {
            out.push_str(&format!("{unsafe_} fixable with --fix --unsafe-fixes.\n"));
        } else {
            out.push_str(&format!("{unsafe_} more fixable with --unsafe-fixes (the credential rewrite).\n"));
        }
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

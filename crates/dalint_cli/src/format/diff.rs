//! `--diff`: the fixes as a unified diff, nothing written. Secrets are masked on both sides
//! before diffing (the same masks as the code frames), so a removed line never shows the secret
//! it held.

use dalint_core::render::{masked_text as mask, secret_masks_showing};
use similar::TextDiff;

use crate::report::FileReport;

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let Some(outcome) = &report.fix else { continue };
        if !outcome.changed() {
            continue;
        }
        let before = mask(
            &report.text,
            &secret_masks_showing(
                &report.text,
                report.file_name.as_deref(),
                &report.diagnostics,
                &report.redaction_show,
            ),
        );
        let fixed = dalint_core::text::strip_bom(&outcome.text).1;
        let after = mask(
            fixed,
            &secret_masks_showing(fixed, report.file_name.as_deref(), &outcome.remaining, &report.redaction_show),
        );
        let diff = TextDiff::from_lines(&before, &after);
        let (old, new) = (format!("a/{}", report.path), format!("b/{}", report.path));
        out.push_str(&diff.unified_diff().context_radius(3).header(&old, &new).missing_newline_hint(true).to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use dalint_core::text::TextRange;

    #[test]
    fn masks_merge_and_hide() {
        let text = "a sk_live_SECRETSECRETSECRET b";
        let start = text.find("sk_").unwrap_or_default();
        let masks = [TextRange::new(start, start + 10), TextRange::new(start + 5, start + 26)];
        let masked = mask(text, &masks);
        assert!(!masked.contains("SECRET"), "{masked}");
        assert!(masked.starts_with("a sk_live_… (26 chars, sha256:"), "{masked}");
        assert!(masked.ends_with(" b"));
    }
}

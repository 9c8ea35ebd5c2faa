//! `--diff`: the fixes as a unified diff, nothing written. Secrets are masked on both sides
//! before diffing (the same masks as the code frames), so a removed line never shows the secret
//! it held.

use dalint_core::render::secret_masks;
use dalint_core::text::TextRange;
use similar::TextDiff;

use crate::check::FileReport;

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let Some(outcome) = &report.fix else { continue };
        if !outcome.changed() {
            continue;
        }
        let before = mask(&report.text, &secret_masks(&report.text, &report.diagnostics));
        let fixed = dalint_core::text::strip_bom(&outcome.text).1;
        let after = mask(fixed, &secret_masks(fixed, &outcome.remaining));
        let diff = TextDiff::from_lines(&before, &after);
        let (old, new) = (format!("a/{}", report.path), format!("b/{}", report.path));
        out.push_str(&diff.unified_diff().context_radius(3).header(&old, &new).missing_newline_hint(true).to_string());
    }
    out
}

/// `text` with every range in `masks` replaced by its masked form; overlapping ranges merge.
fn mask(text: &str, masks: &[TextRange]) -> String {
    let mut merged: Vec<TextRange> = Vec::new();
    for &range in masks {
        match merged.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in merged {
        if range.end > text.len() || range.start < at || range.is_empty() {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&dalint_core::secrets::mask(&text[range.start..range.end]));
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! `apply_fixes`: the one function through which the CLI, the extension and the web page change a
//! file. Sorts edits, skips overlaps, re-lints to a fixed point, and refuses (returning the text
//! untouched) when the result would not parse.

use serde::Serialize;

use crate::config::Options;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Provisioning};
use crate::lint::lint;
use crate::parse::{self, Dialect};
use crate::text::{strip_bom, BOM};

/// Passes of fix → re-lint before giving up on reaching a fixed point.
const MAX_PASSES: usize = 10;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FixOptions {
    /// Apply unsafe fixes too (the credential rewrite).
    pub unsafe_fixes: bool,
    /// The caller will store extracted secrets (e.g. `--emit-provisioning DIR`); they come back in
    /// [`FixOutcome::provisioning`].
    pub keep_secrets: bool,
    /// The user has the secrets elsewhere (they must be rotated anyway): drop them.
    pub discard_secrets: bool,
}

/// A fix that was applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedFix {
    pub code: &'static str,
    pub pointer: String,
    pub title: String,
}

/// A fix that was available but held back, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldBackFix {
    pub code: &'static str,
    pub pointer: String,
    pub title: String,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct FixOutcome {
    /// The fixed text (BOM and line endings preserved).
    pub text: String,
    pub applied: Vec<AppliedFix>,
    pub held_back: Vec<HeldBackFix>,
    /// Diagnostics of the fixed text.
    pub remaining: Vec<Diagnostic>,
    /// Secrets removed from the file, for the caller to store (only with `keep_secrets`).
    pub provisioning: Vec<Provisioning>,
}

impl FixOutcome {
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

/// Why fixes could not be applied; the caller keeps the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixError {
    /// The fixed text would not parse (a bug in a fix): nothing is changed.
    WouldBreakJson { code: &'static str, message: String },
}

impl std::fmt::Display for FixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FixError::WouldBreakJson { code, message } => write!(
                f,
                "fixes were not applied: after the {code} fix the file would no longer parse ({message}); the file is unchanged"
            ),
        }
    }
}

impl std::error::Error for FixError {}

/// Whether a fix may be applied under `options`; `Err(reason)` when it is held back.
fn admissible(fix: &Fix, options: FixOptions) -> Result<(), String> {
    let needed = if options.unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    if fix.applicability < needed {
        return Err(match fix.applicability {
            Applicability::Unsafe => "unsafe fix: enable unsafe fixes to apply it".to_owned(),
            _ => "display-only fix: apply it by hand".to_owned(),
        });
    }
    if !fix.extracted.is_empty() && !options.keep_secrets && !options.discard_secrets {
        return Err("this rewrite removes a secret from the file: say where it goes \
                    (--emit-provisioning DIR) or that you have it elsewhere (--discard-secrets)"
            .to_owned());
    }
    Ok(())
}

/// Applies edits (sorted, non-overlapping) to `text`.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for edit in edits {
        out.push_str(&text[last..edit.range.start]);
        out.push_str(&edit.new_text);
        last = edit.range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Applies every admissible fix, re-linting until nothing more applies.
pub fn apply_fixes(text: &str, options: &Options, fix_options: FixOptions) -> Result<FixOutcome, FixError> {
    let (had_bom, body) = strip_bom(text);
    let dialect = Dialect::for_file_name(options.file_name.as_deref());
    let mut current = body.to_owned();
    let mut applied = Vec::new();
    let mut provisioning: Vec<Provisioning> = Vec::new();
    let mut diagnostics = lint(&current, options);
    for _ in 0..MAX_PASSES {
        let mut chosen: Vec<(&Diagnostic, &Fix)> = Vec::new();
        let mut taken: Vec<Edit> = Vec::new();
        for diagnostic in &diagnostics {
            let Some(fix) = diagnostic.fixes.iter().find(|f| admissible(f, fix_options).is_ok()) else { continue };
            let in_bounds = fix.edits.iter().all(|e| {
                e.range.start <= e.range.end
                    && e.range.end <= current.len()
                    && current.is_char_boundary(e.range.start)
                    && current.is_char_boundary(e.range.end)
            });
            let overlaps = fix.edits.iter().any(|e| taken.iter().any(|t| t.range.overlaps(e.range)))
                || fix.edits.windows(2).any(|w| w[0].range.overlaps(w[1].range));
            if !in_bounds || overlaps {
                continue;
            }
            taken.extend(fix.edits.iter().cloned());
            chosen.push((diagnostic, fix));
        }
        if chosen.is_empty() {
            break;
        }
        taken.sort();
        let next = apply_edits(&current, &taken);
        if let Err(failure) = parse::parse(&next, dialect) {
            let code = chosen.first().map_or("fix", |(d, _)| d.code);
            let message = match failure {
                parse::ParseFailure::Syntax { message, .. } | parse::ParseFailure::Limit { message, .. } => message,
            };
            return Err(FixError::WouldBreakJson { code, message });
        }
        for (diagnostic, fix) in &chosen {
            applied.push(AppliedFix {
                code: diagnostic.code,
                pointer: diagnostic.pointer.clone(),
                title: fix.title.clone(),
            });
            if fix_options.keep_secrets {
                for p in &fix.extracted {
                    if !provisioning.iter().any(|q| q.name == p.name) {
                        provisioning.push(p.clone());
                    }
                }
            }
        }
        if next == current {
            break;
        }
        current = next;
        diagnostics = lint(&current, options);
    }
    let held_back = diagnostics
        .iter()
        .flat_map(|d| {
            d.fixes.iter().filter_map(move |f| {
                admissible(f, fix_options).err().map(|reason| HeldBackFix {
                    code: d.code,
                    pointer: d.pointer.clone(),
                    title: f.title.clone(),
                    reason,
                })
            })
        })
        .collect();
    let text = if had_bom { format!("{BOM}{current}") } else { current };
    Ok(FixOutcome { text, applied, held_back, remaining: diagnostics, provisioning })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextRange;

    #[test]
    fn edits_apply_in_order() {
        let edits = vec![Edit::replace(TextRange::new(0, 1), "X"), Edit::insert(3, "!")];
        assert_eq!(apply_edits("abc", &edits), "Xbc!");
    }
}

//! `apply_fixes`: the one function through which the CLI, the extension and the web page change a
//! file. Sorts edits, skips overlaps, re-lints to a fixed point, and refuses (returning the text
//! untouched) when the result would not parse.

use serde::Serialize;

use crate::config::Options;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Provisioning};
use crate::language::lint;
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

/// One fix, as an editor's quick fix names it: its finding's rule code and pointer, and its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixSelector<'s> {
    pub code: &'s str,
    pub pointer: &'s str,
    pub title: &'s str,
    /// Where the finding starts (a byte offset in the BOM-less text), when several findings of one
    /// rule in one string offer the same fix (`$Input.a … $Input.b`).
    pub start: Option<usize>,
}

/// Applies every admissible fix, re-linting until nothing more applies.
pub fn apply_fixes(text: &str, options: &Options, fix_options: FixOptions) -> Result<FixOutcome, FixError> {
    apply(text, options, fix_options, None)
}

/// Applies one fix (a quick fix) with the same checks as [`apply_fixes`]: admissible under
/// `fix_options`, inside the text, and the result parses, else nothing changes. When no finding
/// offers that fix any more (the text changed since), nothing is applied.
pub fn apply_fix(
    text: &str,
    options: &Options,
    selector: FixSelector<'_>,
    fix_options: FixOptions,
) -> Result<FixOutcome, FixError> {
    apply(text, options, fix_options, Some(selector))
}

fn apply(
    text: &str,
    options: &Options,
    fix_options: FixOptions,
    only: Option<FixSelector<'_>>,
) -> Result<FixOutcome, FixError> {
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
            let elsewhere = |o: FixSelector<'_>| o.start.is_some_and(|start| start != diagnostic.range.start);
            if only.is_some_and(|o| o.code != diagnostic.code || o.pointer != diagnostic.pointer || elsewhere(o)) {
                continue;
            }
            let wanted = |f: &&Fix| only.is_none_or(|o| o.title == f.title);
            let Some(fix) = diagnostic.fixes.iter().filter(wanted).find(|f| admissible(f, fix_options).is_ok()) else {
                continue;
            };
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
            if only.is_some() {
                break;
            }
        }
        if chosen.is_empty() {
            break;
        }
        crate::sort::sort(&mut taken);
        let next = apply_edits(&current, &taken);
        let reparsed = match crate::terraform::FileKind::for_file_name(options.file_name.as_deref()) {
            Some(kind) => crate::terraform::check_parses(&next, kind),
            None => parse::parse(&next, dialect).map(|_| ()),
        };
        if let Err(failure) = reparsed {
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
        // One quick fix is one pass.
        if only.is_some() {
            break;
        }
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

    const TWO_MISCASED: &str = "\u{feff}{\"config\": {\"request\": {\"requestType\": \"GET\",\r\n  \"requestUrlTemplate\": \"/a/$Input.id/b/${INPUT.id}\"}},\r\n \"contract\": {\"input\": {\"inputSchema\": {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\", \"pattern\": \"^[0-9]+$\"}}}}}}";

    fn safe() -> FixOptions {
        FixOptions { unsafe_fixes: false, keep_secrets: false, discard_secrets: false }
    }

    #[test]
    fn apply_fix_applies_exactly_the_chosen_fix() {
        let options = Options::default();
        let findings: Vec<Diagnostic> =
            crate::lint(TWO_MISCASED, &options).into_iter().filter(|d| d.code == "TPL002").collect();
        assert_eq!(findings.len(), 2, "{findings:?}");
        let first = &findings[0];
        let fix = &first.fixes[0];
        let selector = FixSelector {
            code: first.code,
            pointer: &first.pointer,
            title: &fix.title,
            start: Some(first.range.start),
        };
        let outcome = apply_fix(TWO_MISCASED, &options, selector, safe()).expect("the fix applies");
        assert_eq!(outcome.applied.len(), 1);
        // The same as the editor applying the fix's edits itself; BOM and CRLF kept.
        let body = strip_bom(TWO_MISCASED).1;
        assert_eq!(outcome.text, format!("{BOM}{}", apply_edits(body, &fix.edits)));
        assert!(outcome.text.contains("/a/$input.id/b/${INPUT.id}") && outcome.text.contains("\r\n"));
        assert_eq!(outcome.remaining.iter().filter(|d| d.code == "TPL002").count(), 1, "the other one remains");

        // Once applied, nothing offers it there any more: a second call changes nothing.
        let again = apply_fix(&outcome.text, &options, selector, safe()).expect("no error");
        assert!(!again.changed() && again.text == outcome.text);
        // Without a start, the first finding of that rule at that pointer with that fix is taken.
        let other = apply_fix(&outcome.text, &options, FixSelector { start: None, ..selector }, safe()).expect("ok");
        assert!(other.text.contains("/a/$input.id/b/${input.id}"), "{}", other.text);
        // A title no fix has, or a pointer nothing is at, applies nothing.
        let wrong = FixSelector { title: "Rename to something else", ..selector };
        assert!(!apply_fix(TWO_MISCASED, &options, wrong, safe()).expect("no error").changed());
    }

    #[test]
    fn apply_fix_holds_back_an_unsafe_fix_unless_asked() {
        let text = r#"{"type": "http", "config": {"method": "GET", "url": "https://api.example.com/x",
            "headers": {"X-API-Key": "k3J9xQ2mZ8vL5tR1wY7pN4bH6cF0dG2s"}}}"#;
        let options = Options::default();
        let finding = crate::lint(text, &options).into_iter().find(|d| d.code == "SEC001").expect("SEC001");
        let fix = &finding.fixes[0];
        let selector = FixSelector { code: finding.code, pointer: &finding.pointer, title: &fix.title, start: None };
        let held = apply_fix(text, &options, selector, safe()).expect("no error");
        assert!(!held.changed() && held.held_back.iter().any(|h| h.code == "SEC001"));
        let keep = FixOptions { unsafe_fixes: true, keep_secrets: true, discard_secrets: false };
        let rewritten = apply_fix(text, &options, selector, keep).expect("applies");
        assert!(rewritten.text.contains("secureData("), "{}", rewritten.text);
        assert_eq!(rewritten.provisioning.len(), 1);
        assert!(!rewritten.remaining.iter().any(|d| d.code == "SEC001"));
    }

    #[test]
    fn edits_apply_in_order() {
        let edits = vec![Edit::replace(TextRange::new(0, 1), "X"), Edit::insert(3, "!")];
        assert_eq!(apply_edits("abc", &edits), "Xbc!");
    }
}

//! The runner: parse, build the model, run every enabled rule, map pointers to ranges.

use crate::config::Options;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model;
use crate::parse::{self, Dialect, Document, ParseFailure};
use crate::pointer::{PointerIndex, Target};
use crate::preview::analysis::ActionTemplates;
// Built here; defined beside the `Rule` trait, where the rules import it from.
pub use crate::rule::LintContext;
use crate::rule::{resolve_label, Report, Rule, RuleMeta};
use crate::rules;

/// Parse failures as diagnostics (`PAR001`, `PAR002`), at pointer `""`.
pub fn parse_failure_diagnostic(failure: &ParseFailure) -> Diagnostic {
    let (meta, message, range) = match failure {
        ParseFailure::Syntax { message, range } => (&rules::parse::InvalidJson::META, message, *range),
        ParseFailure::Limit { message, range } => (&rules::parse::LimitExceeded::META, message, *range),
    };
    Diagnostic {
        code: meta.code,
        name: meta.name,
        severity: meta.default_severity,
        message: message.clone(),
        pointer: String::new(),
        range,
        fixes: Vec::new(),
        labels: Vec::new(),
        fingerprint: None,
    }
}

/// Lints one JSON document (`.jsonc` names allow comments). `text` may start with a BOM; ranges
/// are relative to the text after it. [`crate::language::lint`] picks the language.
pub fn lint_json(text: &str, options: &Options) -> Vec<Diagnostic> {
    let dialect = Dialect::for_file_name(options.file_name.as_deref());
    match parse::parse(text, dialect) {
        Ok(document) => lint_document(&document, options),
        Err(failure) => vec![parse_failure_diagnostic(&failure)],
    }
}

/// Lints a parsed document.
pub fn lint_document(document: &Document<'_>, options: &Options) -> Vec<Diagnostic> {
    let model = model::build(&document.root);
    let index = PointerIndex::new(&document.root, document.text);
    let ctx = LintContext::new(document, &model, &index, options);
    let mut diagnostics = Vec::new();
    if model.is_empty() {
        let meta = &rules::schema::NotADataAction::META;
        if let Some(severity) = reported_severity(meta, None, "", options) {
            diagnostics.push(to_diagnostic(
                meta,
                severity,
                Report::new("", Target::Key, rules::schema::not_a_data_action_message(&document.root)),
                &index,
            ));
        }
        return diagnostics;
    }
    let enabled: Vec<&dyn Rule> = rules::registry()
        .filter(|rule| options.rules.get(rule.meta().code).is_none_or(|l| l.severity().is_some()))
        .collect();
    let reports = run_rules(&ctx, &enabled, &model.actions);
    for (rule, reports) in enabled.iter().zip(reports) {
        let meta = rule.meta();
        for report in reports {
            if let Some(severity) = reported_severity(meta, report.severity, &report.pointer, options) {
                diagnostics.push(to_diagnostic(meta, severity, report, &index));
            }
        }
    }
    sort(&mut diagnostics);
    diagnostics
}

/// Every enabled rule's reports, per rule in registry order, each rule's in document order: first
/// the whole-document checks, then the per-action checks action by action. With the `parallel`
/// feature and a large document, the whole-document checks run beside the per-action ones and the
/// actions are split between threads; the output is the same.
fn run_rules(ctx: &LintContext<'_, '_>, enabled: &[&dyn Rule], actions: &[model::Action<'_, '_>]) -> Vec<Vec<Report>> {
    let (mut reports, per_chunk) = crate::parallel::join(
        crate::parallel::worth_splitting(actions),
        || check_document(ctx, enabled),
        || crate::parallel::map_chunks(actions, |_, chunk| check_actions(ctx, enabled, chunk)),
    );
    for chunk in per_chunk {
        append(&mut reports, chunk);
    }
    reports
}

/// Appends each rule's `more` reports to its `reports`.
fn append(reports: &mut [Vec<Report>], more: Vec<Vec<Report>>) {
    for (rule_reports, more) in reports.iter_mut().zip(more) {
        rule_reports.extend(more);
    }
}

/// Each enabled rule's whole-document findings.
fn check_document(ctx: &LintContext<'_, '_>, enabled: &[&dyn Rule]) -> Vec<Vec<Report>> {
    enabled
        .iter()
        .map(|rule| {
            let mut out = Vec::new();
            rule.check(ctx, &mut out);
            out
        })
        .collect()
}

/// Each enabled rule's findings in `actions`, action by action.
fn check_actions(
    ctx: &LintContext<'_, '_>,
    enabled: &[&dyn Rule],
    actions: &[model::Action<'_, '_>],
) -> Vec<Vec<Report>> {
    let mut reports: Vec<Vec<Report>> = enabled.iter().map(|_| Vec::new()).collect();
    for action in actions {
        // Parsed on first use (no rule may need them) and dropped after this action.
        let templates = ActionTemplates::new(action);
        for (rule, out) in enabled.iter().zip(&mut reports) {
            rule.check_action(ctx, &templates, out);
        }
    }
    reports
}

/// The severity a finding at `pointer` is reported with; `None` when an `ignore` entry covers it
/// or the rule is off.
pub(crate) fn reported_severity(
    meta: &RuleMeta,
    reported: Option<Severity>,
    pointer: &str,
    options: &Options,
) -> Option<Severity> {
    if crate::governance::is_ignored(options, meta.code, pointer) {
        return None;
    }
    configured_severity(meta, reported, options)
}

/// The severity after configuration; `None` when the rule is off.
fn configured_severity(meta: &RuleMeta, reported: Option<Severity>, options: &Options) -> Option<Severity> {
    match options.rules.get(meta.code) {
        Some(level) => level.severity(),
        None => Some(reported.unwrap_or(meta.default_severity)),
    }
}

fn to_diagnostic(
    meta: &'static RuleMeta,
    severity: Severity,
    report: Report,
    index: &PointerIndex<'_, '_>,
) -> Diagnostic {
    let range = index.resolve(&report.pointer, report.target);
    Diagnostic {
        code: meta.code,
        name: meta.name,
        severity,
        message: report.message,
        range,
        fixes: report.fixes,
        labels: report.labels.into_iter().map(|l| resolve_label(index, l)).collect(),
        fingerprint: report.fingerprint,
        pointer: report.pointer,
    }
}

/// Stable order: by position, then code, then message.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    crate::sort::sort_by(diagnostics, |a, b| {
        (a.range.start, a.range.end, a.code, &a.pointer, &a.message).cmp(&(
            b.range.start,
            b.range.end,
            b.code,
            &b.pointer,
            &b.message,
        ))
    });
}

#[cfg(all(test, feature = "parallel"))]
mod tests {
    use super::*;

    /// The parallel runner's reports are the sequential runner's, in the same order, on a document
    /// with enough actions to be split (and findings of every kind: quirks and secrets).
    #[test]
    fn parallel_reports_equal_sequential_reports() {
        let config = dalint_testgen::Config {
            quirks: true,
            secret_per_mille: 300,
            secrets_per_action: 2,
            max_actions: 5 * crate::parallel::ACTIONS_PER_TASK + 7,
            ..dalint_testgen::Config::sized(usize::MAX)
        };
        let generated = dalint_testgen::generate_seeded(&config, 29);
        let document = parse::parse(generated.body(), Dialect::Json).expect("generated documents parse");
        let model = model::build(&document.root);
        assert!(crate::parallel::worth_splitting(&model.actions), "{} actions", model.actions.len());
        let index = PointerIndex::new(&document.root, document.text);
        let options = Options::default();
        let ctx = LintContext::new(&document, &model, &index, &options);
        let enabled: Vec<&dyn Rule> = rules::registry().collect();

        let mut sequential = check_document(&ctx, &enabled);
        append(&mut sequential, check_actions(&ctx, &enabled, &model.actions));
        let parallel = run_rules(&ctx, &enabled, &model.actions);

        let key = |reports: &[Vec<Report>]| -> Vec<Vec<(String, String)>> {
            reports.iter().map(|r| r.iter().map(|r| (r.pointer.clone(), r.message.clone())).collect()).collect()
        };
        assert!(sequential.iter().map(Vec::len).sum::<usize>() > 100, "the document has findings to compare");
        assert_eq!(key(&parallel), key(&sequential));
    }
}

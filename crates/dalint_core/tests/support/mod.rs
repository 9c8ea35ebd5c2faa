//! Checks shared by the property tests and the regression files: what must hold for any
//! document (fix edits well-formed, fixes idempotent and parsable, no output echoing a secret,
//! any bytes handled in bounded time).

#![allow(dead_code)]

use std::time::{Duration, Instant};

use dalint_core::diagnostic::Applicability;
use dalint_core::fix::{apply_edits, apply_fix, apply_fixes, FixError, FixOptions, FixSelector};
use dalint_core::output::json_diagnostic;
use dalint_core::parse::{parse, Dialect};
use dalint_core::preview::{self, PreviewOptions};
use dalint_core::render::{render_text, secret_masks};
use dalint_core::text::{strip_bom, LineIndex};
use dalint_core::{lint, lint_bytes, Diagnostic, Options};
use proptest::prelude::*;

/// Every fix, credential rewrites included, secrets dropped.
pub const ALL_FIXES: FixOptions = FixOptions { unsafe_fixes: true, keep_secrets: false, discard_secrets: true };
pub const KEEP_SECRETS: FixOptions = FixOptions { unsafe_fixes: true, keep_secrets: true, discard_secrets: false };
/// Generous for a debug build on a shared machine; a hang or a quadratic blow-up exceeds it.
pub const TIME_LIMIT: Duration = Duration::from_secs(10);

pub fn check_fix_edits(body: &str, diagnostics: &[Diagnostic], dialect: Dialect) -> Result<(), TestCaseError> {
    for d in diagnostics {
        for fix in &d.fixes {
            for edit in &fix.edits {
                prop_assert!(
                    edit.range.start <= edit.range.end && edit.range.end <= body.len(),
                    "{} {:?}",
                    d.code,
                    edit
                );
                prop_assert!(body.is_char_boundary(edit.range.start) && body.is_char_boundary(edit.range.end));
            }
            for pair in fix.edits.windows(2) {
                prop_assert!(pair[0] <= pair[1], "{}: edits not sorted", d.code);
                prop_assert!(!pair[0].range.overlaps(pair[1].range), "{}: edits overlap: {:?}", d.code, pair);
            }
            if fix.applicability >= Applicability::Unsafe {
                let fixed = apply_edits(body, &fix.edits);
                prop_assert!(parse(&fixed, dialect).is_ok(), "{} fix `{}` breaks the JSON", d.code, fix.title);
            }
        }
    }
    Ok(())
}

/// One quick fix at a time (`apply_fix`, what the editor and the page call): exactly that fix's
/// edits are applied, the BOM is kept, and the result parses; a fix it cannot apply cleanly
/// leaves the text as it was.
pub fn check_single_fixes(text: &str, options: &Options, diagnostics: &[Diagnostic]) -> Result<(), TestCaseError> {
    let (bom, body) = strip_bom(text);
    let dialect = Dialect::for_file_name(options.file_name.as_deref());
    let fixable = diagnostics.iter().filter(|d| d.fixes.iter().any(|f| f.applicability >= Applicability::Unsafe));
    for d in fixable.take(6) {
        let Some(fix) = d.fixes.iter().find(|f| f.applicability >= Applicability::Unsafe) else { continue };
        let selector = FixSelector { code: d.code, pointer: &d.pointer, title: &fix.title, start: Some(d.range.start) };
        let outcome = apply_fix(text, options, selector, ALL_FIXES)
            .map_err(|e| TestCaseError::fail(format!("{}: apply_fix failed: {e}", d.code)))?;
        prop_assert_eq!(outcome.applied.len(), 1, "{} `{}` was not applied alone", d.code, &fix.title);
        let expected = format!("{}{}", if bom { "\u{feff}" } else { "" }, apply_edits(body, &fix.edits));
        prop_assert!(outcome.text == expected, "{}: apply_fix did not apply exactly the fix's edits", d.code);
        prop_assert!(parse(&outcome.text, dialect).is_ok(), "{}: the fixed text does not parse", d.code);
    }
    Ok(())
}

pub fn check_fix_outcome(text: &str, options: &Options, fix_options: FixOptions) -> Result<(), TestCaseError> {
    let dialect = Dialect::for_file_name(options.file_name.as_deref());
    let once = match apply_fixes(text, options, fix_options) {
        Ok(outcome) => outcome,
        Err(FixError::WouldBreakJson { code, message }) => {
            return Err(TestCaseError::fail(format!("the {code} fix breaks the JSON: {message}")))
        }
    };
    prop_assert!(parse(&once.text, dialect).is_ok(), "the fixed text does not parse");
    prop_assert_eq!(once.text.starts_with('\u{feff}'), text.starts_with('\u{feff}'), "BOM not preserved");
    let crlf_only = text.contains("\r\n") && !text.replace("\r\n", "").contains('\n');
    if crlf_only {
        prop_assert!(!once.text.replace("\r\n", "").contains('\n'), "a fix introduced a bare LF into a CRLF file");
    }
    prop_assert_eq!(&once.remaining, &lint(&once.text, options), "remaining is not the lint of the fixed text");
    // A fixed diagnostic is gone: nothing at its pointer still offers the fix that was applied
    // (the same code may report a different problem there, e.g. `$Input.x` fixed to `$input.x`
    // and `x` then undeclared).
    for applied in &once.applied {
        let still_offered = once.remaining.iter().any(|d| {
            d.code == applied.code && d.pointer == applied.pointer && d.fixes.iter().any(|f| f.title == applied.title)
        });
        prop_assert!(
            !still_offered,
            "{} at {} was fixed (`{}`) but is still reported",
            applied.code,
            applied.pointer,
            applied.title
        );
    }
    let twice =
        apply_fixes(&once.text, options, fix_options).unwrap_or_else(|e| panic!("fixing the fixed text failed: {e}"));
    prop_assert!(twice.applied.is_empty(), "a second pass applied {:?}", twice.applied);
    prop_assert_eq!(&twice.text, &once.text);
    Ok(())
}

pub fn assert_no_secret(what: &str, output: &str, forbidden: &[&str]) -> Result<(), TestCaseError> {
    for secret in forbidden {
        prop_assert!(!output.contains(secret), "{} echoes a planted secret ({} chars)", what, secret.len());
    }
    Ok(())
}

/// Every way the core turns a document into text a user sees.
pub fn check_outputs(text: &str, options: &Options, forbidden: &[&str]) -> Result<(), TestCaseError> {
    let (_, body) = strip_bom(text);
    let diagnostics = lint(text, options);
    assert_no_secret("Debug of diagnostics", &format!("{diagnostics:?}"), forbidden)?;
    let index = LineIndex::new(body);
    let json: Vec<_> = diagnostics.iter().map(|d| json_diagnostic(d, &index)).collect();
    assert_no_secret("json diagnostics", &serde_json::to_string(&json).unwrap_or_default(), forbidden)?;
    let masks = secret_masks(body, options.file_name.as_deref(), &diagnostics);
    assert_no_secret("rendered text", &render_text("action.json", body, &diagnostics, &masks), forbidden)?;
    let preview_options = PreviewOptions { file_name: options.file_name.clone(), ..PreviewOptions::default() };
    match dalint_core::language::preview(text, &preview_options) {
        Ok(preview) => {
            assert_no_secret("preview text", &preview::format::to_text(&preview), forbidden)?;
            assert_no_secret("preview curl", &preview::format::to_curl(&preview), forbidden)?;
            assert_no_secret("preview json", &preview::format::to_json(&preview).to_string(), forbidden)?;
            assert_no_secret("Debug of preview", &format!("{preview:?}"), forbidden)?;
        }
        Err(err) => {
            assert_no_secret("preview error", &err.to_string(), forbidden)?;
            assert_no_secret("Debug of preview error", &format!("{err:?}"), forbidden)?;
        }
    }
    for fix_options in [FixOptions::default(), ALL_FIXES, KEEP_SECRETS] {
        match apply_fixes(text, options, fix_options) {
            Ok(outcome) => {
                assert_no_secret("applied fixes", &format!("{:?}", outcome.applied), forbidden)?;
                assert_no_secret("held-back fixes", &format!("{:?}", outcome.held_back), forbidden)?;
                assert_no_secret("remaining diagnostics", &format!("{:?}", outcome.remaining), forbidden)?;
                assert_no_secret("Debug of provisioning", &format!("{:?}", outcome.provisioning), forbidden)?;
            }
            Err(err) => {
                assert_no_secret("fix error", &err.to_string(), forbidden)?;
                assert_no_secret("Debug of fix error", &format!("{err:?}"), forbidden)?;
            }
        }
    }
    Ok(())
}

pub fn check_any_bytes(bytes: &[u8], options: &Options) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let diagnostics = lint_bytes(bytes, options);
    let parse_errors = diagnostics.iter().filter(|d| d.code.starts_with("PAR")).count();
    prop_assert!(parse_errors <= 1, "more than one parse error");
    if parse_errors == 1 {
        prop_assert_eq!(diagnostics.len(), 1, "a parse error comes alone");
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let preview_options = PreviewOptions { file_name: options.file_name.clone(), ..PreviewOptions::default() };
        if let Ok(preview) = dalint_core::language::preview(text, &preview_options) {
            let _ = (preview::format::to_text(&preview), preview::format::to_curl(&preview));
        }
        let body = strip_bom(text).1;
        for d in &diagnostics {
            prop_assert!(
                d.range.end <= body.len() && body.is_char_boundary(d.range.start) && body.is_char_boundary(d.range.end)
            );
        }
        if parse_errors == 0 {
            let outcome = apply_fixes(text, options, ALL_FIXES);
            prop_assert!(outcome.is_ok(), "fixing a parsable document failed: {:?}", outcome.err());
        }
    }
    prop_assert!(started.elapsed() < TIME_LIMIT, "took {:?}", started.elapsed());
    Ok(())
}

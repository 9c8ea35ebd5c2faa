//! What the fuzz targets share: a structure-aware input (a `dalint_testgen` document driven by the
//! fuzzer's bytes through `arbitrary`) and the invariants every target checks. A violated
//! invariant panics, which libFuzzer reports as a crash.

use arbitrary::{Arbitrary, Unstructured};
use dalint_core::fix::{apply_edits, apply_fix, apply_fixes, FixError, FixOptions, FixSelector};
use dalint_core::output::json_diagnostic;
use dalint_core::parse::{parse, Dialect};
use dalint_core::preview::{self, PreviewOptions};
use dalint_core::render::{render_text, secret_masks};
use dalint_core::text::{strip_bom, LineIndex};
use dalint_core::{lint_bytes, Diagnostic, Options};
use dalint_testgen::{generate, Config, Entropy, Generated};

/// `dalint_testgen`'s choices, taken from the fuzzer's bytes.
pub struct FuzzEntropy<'a, 'b>(pub &'b mut Unstructured<'a>);

impl Entropy for FuzzEntropy<'_, '_> {
    fn next_u64(&mut self) -> u64 {
        u64::arbitrary(self.0).unwrap_or(0)
    }
}

/// Options a user could pass, chosen by the fuzzer.
pub fn options(u: &mut Unstructured<'_>) -> Options {
    let jsonc = bool::arbitrary(u).unwrap_or(false);
    let env = *u.choose(&["prod", "dev", "uat", "production", "sandbox"]).unwrap_or(&"prod");
    let target = *u.choose(&["auto", "secureData", "credentials"]).unwrap_or(&"auto");
    let mut options: Options =
        serde_json::from_value(serde_json::json!({"env": env, "rewriteTarget": target})).unwrap_or_default();
    options.file_name = Some(if jsonc { "action.jsonc" } else { "action.json" }.to_owned());
    options
}

/// A raw target's input: the first byte picks `.json` (even) or `.jsonc` (odd), the rest is the
/// document's bytes.
pub fn raw(data: &[u8]) -> (&[u8], Options) {
    let (jsonc, bytes) = match data.split_first() {
        Some((flag, rest)) => (flag & 1 == 1, rest),
        None => (false, data),
    };
    let options =
        Options { file_name: Some(if jsonc { "x.jsonc" } else { "x.json" }.to_owned()), ..Options::default() };
    (bytes, options)
}

/// A generated document, optionally damaged by a splice of arbitrary text.
pub fn structured(data: &[u8]) -> (Generated, String, Options) {
    let mut u = Unstructured::new(data);
    let options = options(&mut u);
    let doc = {
        let mut e = FuzzEntropy(&mut u);
        let config = Config::random(&mut e);
        generate(&config, &mut e)
    };
    let mut text = doc.text.clone();
    if u.ratio(1, 4).unwrap_or(false) {
        let splice = <&str>::arbitrary(&mut u).unwrap_or("");
        let mut at = usize::arbitrary(&mut u).unwrap_or(0) % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        if bool::arbitrary(&mut u).unwrap_or(false) {
            text.truncate(at);
        }
        text.insert_str(at, splice);
    }
    (doc, text, options)
}

/// Lints bytes and checks what every caller relies on: ranges inside the text on character
/// boundaries, a parse error alone, positions convertible, rendering total.
pub fn check_lint(bytes: &[u8], options: &Options) -> Vec<Diagnostic> {
    let diagnostics = lint_bytes(bytes, options);
    let parse_errors = diagnostics.iter().filter(|d| d.code.starts_with("PAR")).count();
    assert!(parse_errors <= 1 && (parse_errors == 0 || diagnostics.len() == 1), "a parse error comes alone");
    let lossy = String::from_utf8_lossy(bytes);
    let body = strip_bom(&lossy).1;
    if std::str::from_utf8(bytes).is_ok() {
        for d in &diagnostics {
            assert!(
                d.range.start <= d.range.end && d.range.end <= body.len(),
                "{} range {:?} out of bounds",
                d.code,
                d.range
            );
            assert!(
                body.is_char_boundary(d.range.start) && body.is_char_boundary(d.range.end),
                "{} range not on a char boundary",
                d.code
            );
            for fix in &d.fixes {
                for pair in fix.edits.windows(2) {
                    assert!(
                        pair[0] <= pair[1] && !pair[0].range.overlaps(pair[1].range),
                        "{}: edits unsorted or overlapping",
                        d.code
                    );
                }
            }
        }
        let index = LineIndex::new(body);
        for d in &diagnostics {
            let json = json_diagnostic(d, &index);
            assert_eq!(index.offset(json.range.start), d.range.start, "{} start does not map back", d.code);
        }
        let masks = secret_masks(body, None, &diagnostics);
        let _ = render_text("fuzz.json", body, &diagnostics, &masks);
    }
    diagnostics
}

/// Applies every fix and checks: never a fix that breaks the JSON, the result parses, a second
/// pass changes nothing.
pub fn check_fix(text: &str, options: &Options) -> Option<String> {
    let dialect = Dialect::for_file_name(options.file_name.as_deref());
    parse(text, dialect).ok()?;
    let all = FixOptions { unsafe_fixes: true, keep_secrets: true, discard_secrets: false };
    let once = match apply_fixes(text, options, all) {
        Ok(outcome) => outcome,
        Err(FixError::WouldBreakJson { code, message }) => panic!("the {code} fix breaks the JSON: {message}"),
    };
    assert!(parse(&once.text, dialect).is_ok(), "the fixed text does not parse");
    let twice = apply_fixes(&once.text, options, all).unwrap_or_else(|e| panic!("second pass failed: {e}"));
    assert!(twice.applied.is_empty(), "a second pass applied {} fixes", twice.applied.len());
    assert_eq!(twice.text, once.text, "a second pass changed the text");
    check_single_fixes(text, options, all);
    Some(once.text)
}

/// One quick fix at a time (`apply_fix`): exactly that fix's edits, or nothing when it cannot be
/// applied cleanly; never text that does not parse.
fn check_single_fixes(text: &str, options: &Options, all: FixOptions) {
    let dialect = Dialect::for_file_name(options.file_name.as_deref());
    let (bom, body) = strip_bom(text);
    let diagnostics = dalint_core::lint(text, options);
    for d in diagnostics.iter().filter(|d| !d.fixes.is_empty()).take(4) {
        let fix = &d.fixes[0];
        let selector = FixSelector { code: d.code, pointer: &d.pointer, title: &fix.title, start: Some(d.range.start) };
        let Ok(outcome) = apply_fix(text, options, selector, all) else { continue };
        if outcome.changed() {
            let expected = format!("{}{}", if bom { "\u{feff}" } else { "" }, apply_edits(body, &fix.edits));
            assert!(outcome.text == expected, "{}: apply_fix did not apply exactly the fix's edits", d.code);
            assert!(parse(&outcome.text, dialect).is_ok(), "{}: apply_fix broke the JSON", d.code);
        } else {
            assert_eq!(outcome.text, text, "{}: apply_fix changed the text without applying the fix", d.code);
        }
    }
}

/// No planted secret in any rendering of the diagnostics.
pub fn check_no_echo(doc: &Generated, text: &str, diagnostics: &[Diagnostic]) {
    let body = strip_bom(text).1;
    let index = LineIndex::new(body);
    let masks = secret_masks(body, None, diagnostics);
    let outputs = [
        format!("{diagnostics:?}"),
        format!("{:?}", diagnostics.iter().map(|d| json_diagnostic(d, &index)).collect::<Vec<_>>()),
        render_text("fuzz.json", body, diagnostics, &masks),
    ];
    for secret in doc.forbidden() {
        for output in &outputs {
            assert!(!output.contains(secret), "an output echoes a planted secret ({} chars)", secret.len());
        }
    }
}

/// Previews the document in every format: never a panic, and (for generated documents) no
/// planted secret in any of them.
pub fn check_preview(text: &str, options: &Options, doc: Option<&Generated>) {
    let preview_options = PreviewOptions { file_name: options.file_name.clone(), ..PreviewOptions::default() };
    let outputs = match dalint_core::language::preview(text, &preview_options) {
        Ok(p) => {
            vec![preview::format::to_text(&p), preview::format::to_curl(&p), preview::format::to_json(&p).to_string()]
        }
        Err(err) => vec![err.to_string()],
    };
    if let Some(doc) = doc {
        for secret in doc.forbidden() {
            for output in &outputs {
                assert!(!output.contains(secret), "a preview echoes a planted secret ({} chars)", secret.len());
            }
        }
    }
}

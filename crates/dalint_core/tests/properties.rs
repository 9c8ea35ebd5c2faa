//! Property tests over generated Data Actions (`dalint_testgen`, the generator the benchmarks and
//! fuzz targets use) and arbitrary bytes. Case counts are modest so that CI stays fast; raise them
//! locally with `PROPTEST_CASES=5000 cargo test -p dalint_core --test properties`.
//!
//! Previews (every format) are part of the secrets and bad-input properties.
//!
//! A failing case prints its seed; `generate_seeded(&Config::random(..), seed)` rebuilds it. The
//! runs are deterministic (fixed RNG seed) unless `PROPTEST_RNG_SEED` is set: explore with
//! `PROPTEST_RNG_SEED=$RANDOM PROPTEST_CASES=2000 cargo test -p dalint_core --test properties`.

use std::time::{Duration, Instant};

use dalint_core::diagnostic::Applicability;
use dalint_core::fix::{apply_edits, apply_fixes, FixError, FixOptions};
use dalint_core::output::json_diagnostic;
use dalint_core::parse::{parse, Dialect};
use dalint_core::preview::{self, PreviewOptions};
use dalint_core::render::{render_text, secret_masks};
use dalint_core::text::{strip_bom, LineIndex, Position};
use dalint_core::{lint, lint_bytes, Diagnostic, Options};
use dalint_testgen::{generate, Config, Entropy, Generated, SplitMix64};
use proptest::prelude::*;

/// `cases` cases from a fixed seed, so CI runs the same cases every time; set
/// `PROPTEST_RNG_SEED` (and `PROPTEST_CASES`) to explore others.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::with_cases(cases);
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(0xDA11_7E57);
    }
    config
}

/// Every fix, credential rewrites included, secrets dropped.
const ALL_FIXES: FixOptions = FixOptions { unsafe_fixes: true, keep_secrets: false, discard_secrets: true };
const KEEP_SECRETS: FixOptions = FixOptions { unsafe_fixes: true, keep_secrets: true, discard_secrets: false };
/// Generous for a debug build on a shared machine; a hang or a quadratic blow-up exceeds it.
const TIME_LIMIT: Duration = Duration::from_secs(10);

/// A random small document (1–4 actions, any shape and layout, quirks, BOM, CRLF).
fn document(seed: u64) -> Generated {
    let mut e = SplitMix64::new(seed);
    let config = Config::random(&mut e);
    generate(&config, &mut e)
}

/// A document in which every action carries secrets.
fn document_with_secrets(seed: u64) -> Generated {
    let mut e = SplitMix64::new(seed);
    let config = Config { secret_per_mille: 1000, ..Config::random(&mut e) };
    generate(&config, &mut e)
}

fn options(seed: u64) -> Options {
    let mut e = SplitMix64::new(seed ^ 0x5eed);
    let env = *e.pick(&["prod", "dev", "uat", "production"]);
    let rewrite_target = *e.pick(&["auto", "secureData", "credentials"]);
    serde_json::from_value(serde_json::json!({"env": env, "rewriteTarget": rewrite_target}))
        .unwrap_or_else(|err| panic!("options: {err}"))
}

// ---------------------------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------------------------

/// Pieces that make position conversion hard: every line ending, astral characters (two UTF-16
/// units), CJK (three UTF-8 bytes, one unit), combining marks.
/// Long runs cross the index's UTF-16 checkpoints.
fn text_piece() -> impl Strategy<Value = String> {
    let short = ["a", "xyz", " ", "\t", "\n", "\r\n", "\r", "😀", "🚀x", "漢字", "é", "e\u{301}", "\"", "{"];
    let mut pieces: Vec<String> = short.iter().map(|s| (*s).to_owned()).collect();
    pieces.extend(["a".repeat(700), "漢😀".repeat(150), "é".repeat(333)]);
    prop::sample::select(pieces)
}

/// The position and UTF-16 offset of every char boundary, computed the slow, obvious way.
fn reference_positions(text: &str) -> Vec<(usize, Position, usize)> {
    let mut out = Vec::new();
    let (mut line, mut character, mut units) = (0u32, 0u32, 0usize);
    let mut chars = text.char_indices().peekable();
    while let Some((offset, ch)) = chars.next() {
        out.push((offset, Position { line, character }, units));
        units += ch.len_utf16();
        match ch {
            '\r' if chars.peek().map(|&(_, c)| c) == Some('\n') => {
                // The offset between `\r` and `\n` has no position of its own: skip it.
                chars.next();
                units += 1;
                line += 1;
                character = 0;
            }
            '\n' | '\r' => {
                line += 1;
                character = 0;
            }
            c => character += c.len_utf16() as u32,
        }
    }
    out.push((text.len(), Position { line, character }, units));
    out
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn positions_round_trip(pieces in prop::collection::vec(text_piece(), 0..40), bom in any::<bool>()) {
        let joined: String = pieces.concat();
        let text = if bom { format!("\u{feff}{joined}") } else { joined.clone() };
        let (had_bom, body) = strip_bom(&text);
        prop_assert_eq!(had_bom, bom);
        prop_assert_eq!(body, joined.as_str());
        let index = LineIndex::new(body);
        let expected = reference_positions(body);
        prop_assert_eq!(index.line_count() as u32, expected.last().map_or(0, |(_, p, _)| p.line) + 1);
        for (offset, position, units) in expected {
            prop_assert_eq!(index.position(offset), position, "offset {}", offset);
            prop_assert_eq!(index.offset(position), offset, "position {:?}", position);
            prop_assert_eq!(index.utf16_offset(offset), units, "offset {}", offset);
        }
    }

    /// Diagnostics of a document and of the same document behind a BOM have the same ranges, and
    /// their LSP positions map back to the same bytes.
    #[test]
    fn diagnostics_positions_ignore_the_bom_and_map_back(seed in any::<u64>()) {
        let doc = document(seed);
        let body = doc.body();
        let options = options(seed);
        let without = lint(body, &options);
        let with = lint(&format!("\u{feff}{body}"), &options);
        prop_assert_eq!(&without, &with);
        let index = LineIndex::new(body);
        for d in &without {
            prop_assert!(d.range.start <= d.range.end && d.range.end <= body.len(), "{:?}", d.range);
            prop_assert!(body.is_char_boundary(d.range.start) && body.is_char_boundary(d.range.end));
            let json = json_diagnostic(d, &index);
            prop_assert_eq!(index.offset(json.range.start), d.range.start);
            prop_assert_eq!(index.offset(json.range.end), d.range.end);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fixes
// ---------------------------------------------------------------------------------------------

fn check_fix_edits(body: &str, diagnostics: &[Diagnostic], dialect: Dialect) -> Result<(), TestCaseError> {
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

fn check_fix_outcome(text: &str, options: &Options, fix_options: FixOptions) -> Result<(), TestCaseError> {
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

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn fixes_are_well_formed_idempotent_and_remove_what_they_fix(seed in any::<u64>(), jsonc in any::<bool>()) {
        let doc = document(seed);
        let mut options = options(seed);
        options.file_name = Some(if jsonc { "action.jsonc" } else { "action.json" }.to_owned());
        let dialect = Dialect::for_file_name(options.file_name.as_deref());
        let diagnostics = lint(&doc.text, &options);
        check_fix_edits(doc.body(), &diagnostics, dialect)?;
        check_fix_outcome(&doc.text, &options, FixOptions::default())?;
        check_fix_outcome(&doc.text, &options, ALL_FIXES)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Secrets never echo
// ---------------------------------------------------------------------------------------------

fn assert_no_secret(what: &str, output: &str, doc: &Generated) -> Result<(), TestCaseError> {
    for secret in doc.forbidden() {
        prop_assert!(!output.contains(secret), "{} echoes a planted secret ({} chars)", what, secret.len());
    }
    Ok(())
}

/// Every way the core turns a document into text a user sees.
fn check_outputs(text: &str, options: &Options, doc: &Generated) -> Result<(), TestCaseError> {
    let (_, body) = strip_bom(text);
    let diagnostics = lint(text, options);
    assert_no_secret("Debug of diagnostics", &format!("{diagnostics:?}"), doc)?;
    let index = LineIndex::new(body);
    let json: Vec<_> = diagnostics.iter().map(|d| json_diagnostic(d, &index)).collect();
    assert_no_secret("json diagnostics", &serde_json::to_string(&json).unwrap_or_default(), doc)?;
    let masks = secret_masks(body, &diagnostics);
    assert_no_secret("rendered text", &render_text("action.json", body, &diagnostics, &masks), doc)?;
    let preview_options = PreviewOptions { file_name: options.file_name.clone(), ..PreviewOptions::default() };
    match preview::preview(text, &preview_options) {
        Ok(preview) => {
            assert_no_secret("preview text", &preview::format::to_text(&preview), doc)?;
            assert_no_secret("preview curl", &preview::format::to_curl(&preview), doc)?;
            assert_no_secret("preview json", &preview::format::to_json(&preview).to_string(), doc)?;
            assert_no_secret("Debug of preview", &format!("{preview:?}"), doc)?;
        }
        Err(err) => {
            assert_no_secret("preview error", &err.to_string(), doc)?;
            assert_no_secret("Debug of preview error", &format!("{err:?}"), doc)?;
        }
    }
    for fix_options in [FixOptions::default(), ALL_FIXES, KEEP_SECRETS] {
        match apply_fixes(text, options, fix_options) {
            Ok(outcome) => {
                assert_no_secret("applied fixes", &format!("{:?}", outcome.applied), doc)?;
                assert_no_secret("held-back fixes", &format!("{:?}", outcome.held_back), doc)?;
                assert_no_secret("remaining diagnostics", &format!("{:?}", outcome.remaining), doc)?;
                assert_no_secret("Debug of provisioning", &format!("{:?}", outcome.provisioning), doc)?;
            }
            Err(err) => {
                assert_no_secret("fix error", &err.to_string(), doc)?;
                assert_no_secret("Debug of fix error", &format!("{err:?}"), doc)?;
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn no_output_contains_a_planted_secret(seed in any::<u64>()) {
        let doc = document_with_secrets(seed);
        let options = options(seed);
        check_outputs(&doc.text, &options, &doc)?;
        // Broken documents: a parse error on the line of an intact secret (the file cut right
        // after it, or a stray control character right after its string) must not show it in
        // its frame.
        let body = doc.body();
        for planted in doc.planted.iter().take(2) {
            if let Some(after) = end_of_secret(body, planted) {
                check_outputs(&body[..after], &options, &doc)?;
            }
            let after_literal = end_of_literal(body, planted.offset);
            check_outputs(&format!("{}\u{1}{}", &body[..after_literal], &body[after_literal..]), &options, &doc)?;
        }
    }
}

/// Byte offset just past the string literal whose opening quote is at `quote`.
fn end_of_literal(body: &str, quote: usize) -> usize {
    let bytes = body.as_bytes();
    let mut i = quote + 1;
    while i < bytes.len() && bytes[i] != b'"' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    (i + 1).min(bytes.len())
}

/// Byte offset just past a planted secret in the document text, when it is written there as is
/// (secrets in JSON bodies are escaped twice and are skipped).
pub fn end_of_secret(body: &str, planted: &dalint_testgen::Planted) -> Option<usize> {
    let escaped = dalint_testgen::json::escape(&planted.value);
    let inner = &escaped[1..escaped.len() - 1];
    let line_end = body[planted.offset..].find('\n').map_or(body.len(), |p| planted.offset + p);
    body[planted.offset..line_end].find(inner).map(|p| planted.offset + p + inner.len())
}

// ---------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------

fn check_any_bytes(bytes: &[u8], jsonc: bool) -> Result<(), TestCaseError> {
    let options = Options { file_name: jsonc.then(|| "x.jsonc".to_owned()), ..Options::default() };
    let started = Instant::now();
    let diagnostics = lint_bytes(bytes, &options);
    let parse_errors = diagnostics.iter().filter(|d| d.code.starts_with("PAR")).count();
    prop_assert!(parse_errors <= 1, "more than one parse error");
    if parse_errors == 1 {
        prop_assert_eq!(diagnostics.len(), 1, "a parse error comes alone");
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let preview_options = PreviewOptions { file_name: options.file_name.clone(), ..PreviewOptions::default() };
        if let Ok(preview) = preview::preview(text, &preview_options) {
            let _ = (preview::format::to_text(&preview), preview::format::to_curl(&preview));
        }
        let body = strip_bom(text).1;
        for d in &diagnostics {
            prop_assert!(
                d.range.end <= body.len() && body.is_char_boundary(d.range.start) && body.is_char_boundary(d.range.end)
            );
        }
        if parse_errors == 0 {
            let outcome = apply_fixes(text, &options, ALL_FIXES);
            prop_assert!(outcome.is_ok(), "fixing a parsable document failed: {:?}", outcome.err());
        }
    }
    prop_assert!(started.elapsed() < TIME_LIMIT, "took {:?}", started.elapsed());
    Ok(())
}

/// Byte-level damage to a valid document: truncation, insertion, deletion, duplication.
fn mutate(body: &[u8], ops: &[(u8, usize, u8)]) -> Vec<u8> {
    let mut bytes = body.to_vec();
    for &(op, at, byte) in ops {
        if bytes.is_empty() {
            break;
        }
        let at = at % bytes.len();
        match op % 5 {
            0 => bytes.truncate(at),
            1 => bytes.insert(at, byte),
            2 => {
                bytes.remove(at);
            }
            3 => bytes[at] = byte,
            _ => {
                let end = (at + usize::from(byte)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
    bytes
}

/// Nesting, long strings and escapes that stress a recursive parser.
fn hostile_input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        (1usize..200_000).prop_map(|n| "[".repeat(n).into_bytes()),
        (1usize..20_000).prop_map(|n| "{\"a\":".repeat(n).into_bytes()),
        (1usize..5_000).prop_map(|n| format!("{}1{}", "[".repeat(n), "]".repeat(n)).into_bytes()),
        (1usize..100_000).prop_map(|n| format!("{{\"config\":{{\"url\":\"{}\"}}}}", "\\u00e9".repeat(n)).into_bytes()),
        (1usize..50_000).prop_map(|n| format!("{{\"type\":\"http\",\"config\":{{\"url\":\"{}\"}}}}", "{{$".repeat(n)).into_bytes()),
        (1usize..50_000).prop_map(|n| format!("{{\"type\":\"http\",\"config\":{{\"body\":\"{}\"}}}}", "$a(".repeat(n)).into_bytes()),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_bytes_give_diagnostics_never_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048), jsonc in any::<bool>()) {
        check_any_bytes(&bytes, jsonc)?;
    }

    #[test]
    fn damaged_documents_give_diagnostics_never_a_panic(
        seed in any::<u64>(),
        ops in prop::collection::vec((any::<u8>(), any::<usize>(), any::<u8>()), 1..6),
        jsonc in any::<bool>(),
    ) {
        let doc = document(seed);
        check_any_bytes(&mutate(doc.text.as_bytes(), &ops), jsonc)?;
    }
}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn hostile_input_is_refused_in_bounded_time(bytes in hostile_input()) {
        check_any_bytes(&bytes, false)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions: cases these properties found, kept as plain tests.
// ---------------------------------------------------------------------------------------------

fn fixes_case(seed: u64) -> Result<(), TestCaseError> {
    let doc = document(seed);
    let mut options = options(seed);
    options.file_name = Some("action.json".to_owned());
    check_fix_outcome(&doc.text, &options, FixOptions::default())?;
    check_fix_outcome(&doc.text, &options, ALL_FIXES)
}

/// A secure reference written by a rewrite (`?key={{secureData("…")}}` after an unclosed `${`)
/// was judged a placeholder and rewritten again under a new name, pass after pass.
#[test]
fn a_rewritten_reference_is_not_rewritten_again() {
    for seed in [5649354455257498475, 2260213228908929091] {
        fixes_case(seed).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    }
}

/// A random password holding `xXxX` read as a placeholder, so preview printed it.
#[test]
fn a_mixed_case_xxxx_in_a_password_is_still_a_secret() {
    let seed = 15922932663433577828;
    let doc = document_with_secrets(seed);
    check_outputs(&doc.text, &options(seed), &doc).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
}

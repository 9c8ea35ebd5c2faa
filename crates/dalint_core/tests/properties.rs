//! Property tests over generated Data Actions (`dalint_testgen`, the generator the benchmarks and
//! fuzz targets use) and arbitrary bytes. Case counts are modest so that CI stays fast; raise them
//! locally with `PROPTEST_CASES=5000 cargo test -p dalint_core --test properties`.
//!
//! Previews (every format) are part of the secrets and bad-input properties.
//!
//! Cases found here are kept as files in `tests/regressions/` (see `tests/regressions.rs`): a
//! seed would not survive a change to the generator.
//!
//! A failing case prints its seed; `generate_seeded(&Config::random(..), seed)` rebuilds it. The
//! runs are deterministic (fixed RNG seed) unless `PROPTEST_RNG_SEED` is set: explore with
//! `PROPTEST_RNG_SEED=$RANDOM PROPTEST_CASES=2000 cargo test -p dalint_core --test properties`.

mod support;

use dalint_core::fix::FixOptions;
use dalint_core::output::json_diagnostic;
use dalint_core::parse::Dialect;
use dalint_core::text::{strip_bom, LineIndex, Position};
use dalint_core::{lint, Options};
use dalint_testgen::{generate, Config, Entropy, Generated, SplitMix64};
use proptest::prelude::*;
use support::{check_any_bytes, check_fix_edits, check_fix_outcome, check_outputs, check_single_fixes, ALL_FIXES};

/// `cases` cases from a fixed seed, so CI runs the same cases every time; set
/// `PROPTEST_RNG_SEED` (and `PROPTEST_CASES`) to explore others.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::with_cases(cases);
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(0xDA11_7E57);
    }
    config
}

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

/// Every string a document's planted secrets forbid in any output.
fn forbidden(doc: &Generated) -> Vec<&str> {
    doc.forbidden().collect()
}

fn byte_options(jsonc: bool) -> Options {
    Options { file_name: jsonc.then(|| "x.jsonc".to_owned()), ..Options::default() }
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
        check_single_fixes(&doc.text, &options, &diagnostics)?;
        check_fix_outcome(&doc.text, &options, FixOptions::default())?;
        check_fix_outcome(&doc.text, &options, ALL_FIXES)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Secrets never echo
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn no_output_contains_a_planted_secret(seed in any::<u64>()) {
        let doc = document_with_secrets(seed);
        let options = options(seed);
        check_outputs(&doc.text, &options, &forbidden(&doc))?;
        // Broken documents: a parse error on the line of an intact secret (the file cut right
        // after it, or a stray control character right after its string) must not show it in
        // its frame.
        let body = doc.body();
        for planted in doc.planted.iter().take(2) {
            if let Some(after) = end_of_secret(body, planted) {
                check_outputs(&body[..after], &options, &forbidden(&doc))?;
            }
            let after_literal = end_of_literal(body, planted.offset);
            check_outputs(&format!("{}\u{1}{}", &body[..after_literal], &body[after_literal..]), &options, &forbidden(&doc))?;
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
        check_any_bytes(&bytes, &byte_options(jsonc))?;
    }

    #[test]
    fn damaged_documents_give_diagnostics_never_a_panic(
        seed in any::<u64>(),
        ops in prop::collection::vec((any::<u8>(), any::<usize>(), any::<u8>()), 1..6),
        jsonc in any::<bool>(),
    ) {
        let doc = document(seed);
        check_any_bytes(&mutate(doc.text.as_bytes(), &ops), &byte_options(jsonc))?;
    }
}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn hostile_input_is_refused_in_bounded_time(bytes in hostile_input()) {
        check_any_bytes(&bytes, &byte_options(false))?;
    }
}

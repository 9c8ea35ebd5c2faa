//! Input that is not a readable Data Action: each case gives exactly one `PAR` diagnostic at pointer
//! `""`, positioned where reading stopped (0-based line, UTF-16 character), and never a panic, a
//! hang or a stack overflow. Positions are asserted, not timings.

use dalint_core::text::{LineIndex, Position};
use dalint_core::{lint, lint_bytes, Diagnostic, Options};

fn options(file_name: &str) -> Options {
    Options { file_name: Some(file_name.to_owned()), ..Options::default() }
}

/// The single diagnostic of `diagnostics`, which must be `code` at pointer `""`.
fn only<'a>(diagnostics: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    assert_eq!(diagnostics.len(), 1, "expected one {code}, got {diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!((d.code, d.pointer.as_str()), (code, ""), "{d:#?}");
    d
}

/// Start position of a diagnostic in `text` (BOM-less), as editors count it.
fn start(text: &str, d: &Diagnostic) -> (u32, u32) {
    let Position { line, character } =
        LineIndex::new(text.strip_prefix('\u{feff}').unwrap_or(text)).position(d.range.start);
    (line, character)
}

#[test]
fn truncated_file_is_reported_where_it_ends() {
    let text = "{\r\n  \"type\": \"http\",\r\n  \"name\": \"注文 😀\",\r\n  \"config\": {\"method\": \"GET\"";
    let diagnostics = lint(text, &options("truncated.json"));
    let d = only(&diagnostics, "PAR001");
    // From the object left open (`{` after `"config": `) to the end of the text.
    assert_eq!(start(text, d), (3, 12));
    assert_eq!(d.range.end, text.len());
    assert!(d.message.contains("unterminated object"), "{}", d.message);
}

#[test]
fn trailing_comma_is_an_error_in_json_and_allowed_in_jsonc() {
    let text =
        "{\"type\": \"http\", \"name\": \"x\", \"config\": {\"method\": \"GET\", \"url\": \"https://x.example\",}}";
    let diagnostics = lint(text, &options("action.json"));
    let d = only(&diagnostics, "PAR001");
    let comma = text.find(",}").unwrap_or_default();
    assert_eq!(d.range.start, comma);
    assert_eq!(start(text, d), (0, comma as u32));

    let jsonc = lint(text, &options("action.jsonc"));
    assert!(jsonc.iter().all(|d| !d.code.starts_with("PAR")), "{jsonc:#?}");
    // Stdin (no file name) is strict JSON too.
    only(&lint(text, &Options::default()), "PAR001");
}

#[test]
fn text_that_is_not_json_is_reported_at_its_first_character() {
    let text = "type: http\nname: x\n";
    let d = &only(&lint(text, &options("action.json")), "PAR001").clone();
    assert_eq!(start(text, d), (0, 0));

    // After a BOM and some valid JSON, on a line with CJK and emoji before the problem.
    let text = "\u{feff}{\n  \"name\": \"天気 🌦\", oops\n}";
    let d = only(&lint(text, &options("action.json")), "PAR001").clone();
    // `  "name": ` is 10 units, `"天気 🌦"` 7 (the emoji counts 2), then `, `: `oops` starts at 19.
    assert_eq!(start(text, &d), (1, 19));
}

#[test]
fn empty_and_blank_files_are_reported() {
    let d = only(&lint("", &options("empty.json")), "PAR001").clone();
    assert_eq!(start("", &d), (0, 0));
    assert!(d.message.contains("empty"), "{}", d.message);

    let blank = "\r\n   \r\n";
    let d = only(&lint(blank, &options("blank.json")), "PAR001").clone();
    assert_eq!(start(blank, &d), (2, 0));
    // A BOM alone is empty too; positions start after it.
    let d = only(&lint("\u{feff}", &options("bom.json")), "PAR001").clone();
    assert_eq!(d.range.start, 0);
}

#[test]
fn bytes_that_are_not_utf8_are_reported_at_the_first_bad_byte() {
    let bytes = b"{\"name\": \"caf\xe9\", \"config\": {}}";
    let d = only(&lint_bytes(bytes, &options("latin1.json")), "PAR001").clone();
    assert_eq!(d.range.start, 13);
    assert!(d.message.contains("UTF-8") && d.message.contains("0xE9"), "{}", d.message);

    // After a BOM, the offset counts from after it, like every other position.
    let mut with_bom = b"\xef\xbb\xbf".to_vec();
    with_bom.extend_from_slice(b"{\n\"a\": \"\xff\"}");
    let d = only(&lint_bytes(&with_bom, &options("bom.json")), "PAR001").clone();
    assert_eq!(d.range.start, 8);

    // Binary that happens to be UTF-8 (NUL bytes) is not JSON.
    let d = only(&lint_bytes(b"\0\0\x01\x02PK", &options("zip.json")), "PAR001").clone();
    assert_eq!(d.range.start, 0);
}

#[test]
fn pathological_nesting_is_refused_at_the_first_bracket_past_the_limit() {
    let depth = dalint_core::parse::MAX_PARSE_DEPTH;
    let brackets = "[".repeat(200_000);
    let d = only(&lint(&brackets, &options("deep.json")), "PAR002").clone();
    assert_eq!(d.range.start, depth);

    let balanced = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    assert_eq!(only(&lint(&balanced, &options("deep.json")), "PAR002").range.start, depth);

    let objects = "{\"a\":".repeat(200_000);
    let d = only(&lint(&objects, &options("deep.json")), "PAR002").clone();
    assert_eq!(d.range.start, depth * 5);

    // Brackets inside a string are text, not nesting.
    let in_string = format!("{{\"type\": \"http\", \"name\": \"{}\"}}", "[".repeat(200_000));
    assert!(lint(&in_string, &options("string.json")).iter().all(|d| !d.code.starts_with("PAR")));
}

//! Parsing: bytes → BOM-less text → jsonc-parser AST, with limits checked before recursion.

use jsonc_parser::ast::Value;
use jsonc_parser::{CollectOptions, ParseOptions};

use crate::text::{strip_bom, TextRange};

/// Deeper nesting than this is refused before parsing (jsonc-parser recurses).
pub const MAX_PARSE_DEPTH: usize = 64;
/// Genesys rejects JSON nested deeper than this (reported as `SCH003`).
pub const GENESYS_MAX_DEPTH: usize = 50;
/// Larger inputs are refused (`PAR002`).
pub const MAX_INPUT_BYTES: usize = 512 * 1024 * 1024;

/// Which JSON dialect to accept. Strict JSON unless the file is `.jsonc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    #[default]
    Json,
    /// Comments and trailing commas allowed.
    Jsonc,
}

impl Dialect {
    /// `.jsonc` files allow comments and trailing commas; everything else (stdin too) is strict.
    pub fn for_file_name(name: Option<&str>) -> Self {
        match name {
            Some(n) if n.to_ascii_lowercase().ends_with(".jsonc") => Dialect::Jsonc,
            _ => Dialect::Json,
        }
    }

    fn parse_options(self) -> ParseOptions {
        let jsonc = self == Dialect::Jsonc;
        // Every option is set explicitly: jsonc-parser defaults them all to permissive.
        ParseOptions {
            allow_comments: jsonc,
            allow_trailing_commas: jsonc,
            allow_loose_object_property_names: false,
            allow_missing_commas: false,
            allow_single_quoted_strings: false,
            allow_hexadecimal_numbers: false,
            allow_unary_plus_numbers: false,
            allow_bare_decimal_point_numbers: false,
            allow_non_finite_numbers: false,
            allow_extended_string_escapes: false,
        }
    }
}

/// Why a text could not be parsed. Positions are byte ranges into the BOM-less text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseFailure {
    /// `PAR001`: a syntax error, or bytes that are not UTF-8.
    Syntax { message: String, range: TextRange },
    /// `PAR002`: nesting or size past the limit.
    Limit { message: String, range: TextRange },
}

/// A parsed document: the BOM-less text and its AST.
pub struct Document<'a> {
    pub text: &'a str,
    pub had_bom: bool,
    pub root: Value<'a>,
    /// Deepest nesting of arrays and objects (the root container counts as 1).
    pub max_depth: usize,
    /// Byte offset of the first bracket that went past [`GENESYS_MAX_DEPTH`], if any.
    pub genesys_depth_exceeded_at: Option<usize>,
}

/// Turns raw bytes into text, or a `PAR001` failure positioned at the first invalid byte
/// (offset counted after a BOM, like every other position).
pub fn decode(bytes: &[u8]) -> Result<&str, (ParseFailure, String)> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(err) => {
            let valid = err.valid_up_to();
            // The valid prefix is the text positions are computed against.
            let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let (had_bom, rest) = strip_bom(prefix);
            let at = valid - if had_bom { 3 } else { 0 };
            let failure = ParseFailure::Syntax {
                message: format!(
                    "the file is not valid UTF-8: byte 0x{:02X} at offset {valid} cannot start a character",
                    bytes[valid]
                ),
                range: TextRange::new(at, at),
            };
            Err((failure, rest.to_owned()))
        }
    }
}

/// Parses `text` (which may start with a BOM). Never panics and never recurses deeper than
/// [`MAX_PARSE_DEPTH`].
pub fn parse(text: &str, dialect: Dialect) -> Result<Document<'_>, ParseFailure> {
    let (had_bom, text) = strip_bom(text);
    if text.len() > MAX_INPUT_BYTES {
        return Err(ParseFailure::Limit {
            message: format!(
                "the input is {} MiB; dalint reads at most {} MiB",
                text.len() / (1024 * 1024),
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
            range: TextRange::empty(0),
        });
    }
    let depth = scan_depth(text, dialect);
    if let Some(at) = depth.limit_exceeded_at {
        return Err(ParseFailure::Limit {
            message: format!(
                "nesting deeper than {MAX_PARSE_DEPTH} levels; dalint stops here (Genesys itself accepts at most {GENESYS_MAX_DEPTH})"
            ),
            range: TextRange::new(at, at + 1),
        });
    }
    let collect = CollectOptions::default();
    match jsonc_parser::parse_to_ast(text, &collect, &dialect.parse_options()) {
        Ok(_) if depth.control_char_at.is_some() => {
            let at = depth.control_char_at.unwrap_or_default();
            let code = text.as_bytes()[at];
            let written = match code {
                b'\t' => "a tab".to_owned(),
                b'\n' | b'\r' => "a line break".to_owned(),
                other => format!("the control character U+{other:04X}"),
            };
            Err(ParseFailure::Syntax {
                message: format!("invalid JSON: {written} inside a string must be escaped (`\\u{code:04x}`)"),
                range: TextRange::new(at, at + 1),
            })
        }
        Ok(result) => match result.value {
            Some(root) => Ok(Document {
                text,
                had_bom,
                root,
                max_depth: depth.max_depth,
                genesys_depth_exceeded_at: depth.genesys_exceeded_at,
            }),
            None => Err(ParseFailure::Syntax {
                message: "the file is empty: expected a JSON value".to_owned(),
                range: TextRange::empty(text.len()),
            }),
        },
        Err(err) => {
            let range: TextRange = err.range().into();
            Err(ParseFailure::Syntax { message: describe_parse_error(&err.kind().to_string()), range })
        }
    }
}

fn describe_parse_error(kind: &str) -> String {
    let mut message = String::from("invalid JSON: ");
    let mut chars = kind.chars();
    if let Some(first) = chars.next() {
        message.extend(first.to_lowercase());
        message.push_str(chars.as_str());
    }
    message
}

struct DepthScan {
    max_depth: usize,
    limit_exceeded_at: Option<usize>,
    genesys_exceeded_at: Option<usize>,
    /// The first raw control character (U+0000–U+001F) inside a string: JSON requires it escaped
    /// and Genesys' reader refuses it, but jsonc-parser lets it through.
    control_char_at: Option<usize>,
}

/// A linear pre-scan of bracket depth, aware of strings and (for JSONC) comments, so that
/// pathological nesting is refused before the recursive parser sees it. String contents (most of a
/// Data Action's bytes) are skipped with `memchr`, so the scan costs a fraction of the parse.
fn scan_depth(text: &str, dialect: Dialect) -> DepthScan {
    let bytes = text.as_bytes();
    let jsonc = dialect == Dialect::Jsonc;
    let mut depth = 0usize;
    let mut scan =
        DepthScan { max_depth: 0, limit_exceeded_at: None, genesys_exceeded_at: None, control_char_at: None };
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let end = string_end(bytes, i + 1);
                if scan.control_char_at.is_none() {
                    scan.control_char_at = first_control_char(&bytes[i + 1..end]).map(|p| i + 1 + p);
                }
                i = end;
            }
            b'/' if jsonc && bytes.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |p| i + p);
            }
            b'/' if jsonc && bytes.get(i + 1) == Some(&b'*') => {
                // Leave `i` on the closing `/` (or at the end when the comment is unclosed).
                i = memchr::memmem::find(&bytes[i + 2..], b"*/").map_or(bytes.len(), |p| i + 2 + p + 1);
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > scan.max_depth {
                    scan.max_depth = depth;
                }
                if depth > GENESYS_MAX_DEPTH && scan.genesys_exceeded_at.is_none() {
                    scan.genesys_exceeded_at = Some(i);
                }
                if depth > MAX_PARSE_DEPTH {
                    scan.limit_exceeded_at = Some(i);
                    return scan;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    scan
}

/// Offset of the first byte below 0x20 in `content`. The common case (none) is one branch-free
/// pass that the compiler vectorises.
fn first_control_char(content: &[u8]) -> Option<usize> {
    if content.iter().fold(false, |seen, &b| seen | (b < 0x20)) {
        content.iter().position(|&b| b < 0x20)
    } else {
        None
    }
}

/// Offset of the quote that closes a string whose contents start at `i` (the text's length when
/// it is unclosed). A backslash escapes the byte after it.
fn string_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match memchr::memchr2(b'"', b'\\', &bytes[i..]) {
            Some(p) if bytes[i + p] == b'\\' => i += p + 2,
            Some(p) => return i + p,
            None => break,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The byte-at-a-time scan `scan_depth` replaced: the specification it must match.
    fn scan_depth_bytewise(text: &str, dialect: Dialect) -> (usize, Option<usize>, Option<usize>) {
        let bytes = text.as_bytes();
        let (mut depth, mut max, mut genesys) = (0usize, 0usize, None);
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        if bytes[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                }
                b'/' if dialect == Dialect::Jsonc && bytes.get(i + 1) == Some(&b'/') => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if dialect == Dialect::Jsonc && bytes.get(i + 1) == Some(&b'*') => {
                    i += 2;
                    while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                        i += 1;
                    }
                    i += 1;
                }
                b'[' | b'{' => {
                    depth += 1;
                    max = max.max(depth);
                    if depth > GENESYS_MAX_DEPTH && genesys.is_none() {
                        genesys = Some(i);
                    }
                    if depth > MAX_PARSE_DEPTH {
                        return (max, Some(i), genesys);
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            i += 1;
        }
        (max, None, genesys)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn depth_scan_matches_the_bytewise_scan(
            pieces in prop::collection::vec(
                prop::sample::select(vec!["\"", "\\", "[", "]", "{", "}", "/", "*", "\n", "a", " ", "é", "[[[[[[[[[[[[[[[["]),
                0..200,
            ),
            jsonc in any::<bool>(),
        ) {
            let text: String = pieces.concat();
            let dialect = if jsonc { Dialect::Jsonc } else { Dialect::Json };
            let fast = scan_depth(&text, dialect);
            prop_assert_eq!(
                (fast.max_depth, fast.limit_exceeded_at, fast.genesys_exceeded_at),
                scan_depth_bytewise(&text, dialect)
            );
        }
    }

    #[test]
    fn strict_json_refuses_comments_and_trailing_commas() {
        assert!(parse("{\"a\":1,}", Dialect::Json).is_err());
        assert!(parse("{\"a\":1 // c\n}", Dialect::Json).is_err());
        assert!(parse("{\"a\":1, // c\n}", Dialect::Jsonc).is_ok());
        assert!(parse("{'a':1}", Dialect::Jsonc).is_err());
        assert!(parse("{a:1}", Dialect::Jsonc).is_err());
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let text = "[".repeat(200_000);
        match parse(&text, Dialect::Json) {
            Err(ParseFailure::Limit { range, .. }) => assert_eq!(range.start, MAX_PARSE_DEPTH),
            Err(other) => panic!("expected a limit failure, got {other:?}"),
            Ok(_) => panic!("expected a limit failure, got a document"),
        }
    }

    #[test]
    fn raw_control_characters_in_strings_are_refused() {
        for (text, shown) in
            [("{\"a\": \"x\ty\"}", "a tab"), ("{\"a\": \"x\ny\"}", "a line break"), ("{\"a\": \"x\u{1}y\"}", "U+0001")]
        {
            for dialect in [Dialect::Json, Dialect::Jsonc] {
                match parse(text, dialect) {
                    Err(ParseFailure::Syntax { message, range }) => {
                        assert!(message.contains(shown), "{message}");
                        assert_eq!(range, TextRange::new(8, 9));
                    }
                    _ => panic!("{text:?} must be refused"),
                }
            }
        }
        // Escaped, and as whitespace between tokens, they are fine.
        assert!(parse("{\"a\":\t\"x\\ty\\n\"}\n", Dialect::Json).is_ok());
    }

    #[test]
    fn bom_is_not_counted() {
        let doc = parse("\u{feff}{\"a\": 1}", Dialect::Json).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(doc.had_bom);
        assert_eq!(doc.text, "{\"a\": 1}");
    }

    #[test]
    fn invalid_utf8_is_positioned() {
        let (failure, prefix) = decode(b"{\"a\": \"\xff\"}").unwrap_err();
        assert_eq!(prefix, "{\"a\": \"");
        assert_eq!(
            failure,
            ParseFailure::Syntax {
                message: "the file is not valid UTF-8: byte 0xFF at offset 7 cannot start a character".into(),
                range: TextRange::empty(7)
            }
        );
    }
}

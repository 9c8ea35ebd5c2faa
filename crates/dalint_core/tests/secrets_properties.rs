//! Properties of the credential rules over generated documents with a planted secret: it is
//! found, it is never echoed (messages, fix titles, edits, labels, the JSON diagnostic, code
//! frames), and the rewrite removes it, keeps it in exactly one provisioning payload whose name is
//! the reference put in its place, leaves a document that parses, and is idempotent.
//!
//! Documents vary in shape (guide, export), position of the secret, line endings, BOM,
//! minification and the Unicode text that precedes the secret on its line.

use dalint_core::fix::{apply_fixes, FixOptions};
use dalint_core::output::json_diagnostic;
use dalint_core::secrets::{self, formats};
use dalint_core::text::{strip_bom, LineIndex};
use dalint_core::{lint, render, Options};
use proptest::prelude::*;
use serde_json::{json, Value};

/// A planted credential: what is written in the file, and what must end up provisioned.
#[derive(Debug, Clone)]
struct Planted {
    /// The text as written in the document (e.g. the base64 of `user:pass`).
    written: String,
    /// Values that must leave the file and each land in exactly one payload.
    values: Vec<String>,
}

fn alnum(len: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(prop_oneof![b'a'..=b'z', b'A'..=b'Z', b'0'..=b'9'], len)
        .prop_map(|bytes| String::from_utf8(bytes).unwrap_or_default())
        // Planted keys have letters and digits and are not placeholder-shaped (long runs).
        .prop_filter("random, not patterned", |s| {
            s.bytes().any(|b| b.is_ascii_digit())
                && s.bytes().any(|b| b.is_ascii_alphabetic())
                && !secrets::judge::is_placeholder(s)
        })
}

/// Tokens of known formats and plain random keys.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        alnum(24).prop_map(|s| format!("sk_live_{s}")),
        alnum(30).prop_map(|s| format!("ghp_{s}{}", formats::github_checksum(s.as_bytes()))),
        proptest::collection::vec(prop_oneof![b'A'..=b'Z', b'2'..=b'7'], 16)
            .prop_map(|b| format!("AKIA{}", String::from_utf8(b).unwrap_or_default())),
        alnum(35).prop_map(|s| format!("AIza{s}")),
        alnum(32),
        alnum(40),
    ]
}

#[derive(Debug, Clone, Copy)]
enum Position {
    Bearer,
    Basic,
    ApiKeyHeader,
    Query,
    UserInfo,
    JsonBody,
    FormBody,
    XmlBody,
    MacroBasic,
}

fn position() -> impl Strategy<Value = Position> {
    prop_oneof![
        Just(Position::Bearer),
        Just(Position::Basic),
        Just(Position::ApiKeyHeader),
        Just(Position::Query),
        Just(Position::UserInfo),
        Just(Position::JsonBody),
        Just(Position::FormBody),
        Just(Position::XmlBody),
        Just(Position::MacroBasic),
    ]
}

fn filler() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![Just("漢字"), Just("😀"), Just("é"), Just("テキスト"), Just("𝄞"), Just(" ")],
        0..6,
    )
    .prop_map(|parts| parts.concat())
}

struct Doc {
    text: String,
    planted: Planted,
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn build(
    genesys: bool,
    position: Position,
    secret: &str,
    user: &str,
    filler: &str,
    crlf: bool,
    bom: bool,
    minified: bool,
) -> Doc {
    let mut headers = serde_json::Map::new();
    headers.insert("X-Note".into(), json!(format!("{filler} note")));
    let mut url = "https://api.partner.example.com/v1/items".to_owned();
    let mut body = "{\"q\": \"x\"}".to_owned();
    let mut planted = Planted { written: secret.to_owned(), values: vec![secret.to_owned()] };
    match position {
        Position::Bearer => {
            headers.insert("Authorization".into(), json!(format!("Bearer {secret}")));
        }
        Position::Basic => {
            let encoded = base64(format!("{user}:{secret}").as_bytes());
            headers.insert("Authorization".into(), json!(format!("Basic {encoded}")));
            planted = Planted {
                values: if genesys { vec![secret.to_owned()] } else { vec![encoded.clone()] },
                written: encoded,
            };
        }
        Position::ApiKeyHeader => {
            headers.insert("x-api-key".into(), json!(secret));
        }
        Position::Query => url = format!("https://api.partner.example.com/v1/items?{filler}=1&api_key={secret}&x=2"),
        Position::UserInfo => url = format!("https://{user}:{secret}@api.partner.example.com/v1/items"),
        Position::JsonBody => body = format!("{{\"label\": \"{filler}\", \"client_secret\": \"{secret}\"}}"),
        Position::FormBody => body = format!("grant_type=client_credentials&client_secret={secret}&scope=a"),
        Position::XmlBody => body = format!("<Login><User>{user}</User><Password>{secret}</Password></Login>"),
        Position::MacroBasic => {
            headers.insert("Authorization".into(), json!(format!("Basic $encoding.base64(\"{user}:{secret}\")")));
        }
    }
    let action: Value = if genesys {
        json!({
            "name": format!("Partner {filler} - Exported 2026-11-02 @ 10:14"),
            "integrationType": "custom-rest-actions",
            "actionType": "custom",
            "config": {"request": {"requestUrlTemplate": url, "requestType": "POST", "headers": headers, "requestTemplate": body},
                       "response": {"translationMap": {}, "successTemplate": "${rawResult}"}},
            "contract": {"input": {"inputSchema": {"type": "object", "properties": {}}},
                         "output": {"successSchema": {"type": "object", "properties": {}}}},
            "secure": false
        })
    } else {
        json!({
            "type": "http",
            "name": format!("Partner {filler}"),
            "logRequest": false,
            "logResponse": false,
            "config": {"method": "POST", "url": url, "headers": headers, "body": body}
        })
    };
    let mut text = if minified {
        serde_json::to_string(&action).unwrap_or_default()
    } else {
        serde_json::to_string_pretty(&action).unwrap_or_default()
    };
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    if bom {
        text.insert(0, '\u{feff}');
    }
    Doc { text, planted }
}

fn check(doc: &Doc) -> Result<(), TestCaseError> {
    let options = Options::default();
    let diagnostics = lint(&doc.text, &options);
    let body = strip_bom(&doc.text).1;
    let index = LineIndex::new(body);
    let forbidden: Vec<&str> =
        std::iter::once(doc.planted.written.as_str()).chain(doc.planted.values.iter().map(String::as_str)).collect();

    let found = diagnostics.iter().any(|d| d.code == "SEC001");
    prop_assert!(
        found,
        "the planted secret was not found: {:?}",
        diagnostics.iter().map(|d| d.code).collect::<Vec<_>>()
    );

    // Nothing shown to anyone contains the secret.
    let masks = render::secret_masks(body, None, &diagnostics);
    let rendered = render::render_text("doc.json", body, &diagnostics, &masks);
    let json = serde_json::to_string(&diagnostics.iter().map(|d| json_diagnostic(d, &index)).collect::<Vec<_>>())
        .unwrap_or_default();
    for secret in &forbidden {
        prop_assert!(!rendered.contains(secret), "rendered output echoes the secret:\n{rendered}");
        prop_assert!(!json.contains(secret), "JSON output echoes the secret: {json}");
        for d in &diagnostics {
            prop_assert!(!d.message.contains(secret));
            for fix in &d.fixes {
                prop_assert!(!fix.title.contains(secret));
                prop_assert!(fix.edits.iter().all(|e| !e.new_text.contains(secret)));
                let debug_forms: Vec<String> = fix.extracted.iter().map(|p| format!("{p:?}")).collect();
                prop_assert!(debug_forms.iter().all(|d| !d.contains(secret)));
            }
            prop_assert!(d.labels.iter().all(|l| !l.message.contains(secret)));
        }
    }

    // The rewrite: secret gone, provisioned once under the referenced name, parses, converges.
    let fix_options = FixOptions { unsafe_fixes: true, keep_secrets: true, discard_secrets: false };
    let outcome = apply_fixes(&doc.text, &options, fix_options).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(outcome.remaining.iter().all(|d| !d.code.starts_with("PAR") && d.code != "SEC001"));
    for secret in &forbidden {
        prop_assert!(!outcome.text.contains(secret), "the fixed text still holds the secret:\n{}", outcome.text);
    }
    for value in &doc.planted.values {
        let holders: Vec<_> = outcome.provisioning.iter().filter(|p| p.value.expose() == value).collect();
        prop_assert_eq!(holders.len(), 1, "secret in {} payloads", holders.len());
        let name = &holders[0].name;
        let referenced = outcome.text.contains(&format!("secureData(\\\"{name}\\\")"))
            || outcome.text.contains(&format!("${{credentials.{name}}}"));
        prop_assert!(referenced, "payload {name} is not referenced in:\n{}", outcome.text);
    }
    prop_assert_eq!(outcome.text.starts_with('\u{feff}'), doc.text.starts_with('\u{feff}'));
    prop_assert_eq!(outcome.text.contains("\r\n"), doc.text.contains("\r\n"));
    let again = apply_fixes(&outcome.text, &options, fix_options).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&again.text, &outcome.text);
    prop_assert!(again.applied.is_empty());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn planted_secrets_are_found_never_echoed_and_rewritten(
        genesys in any::<bool>(),
        position in position(),
        secret in token(),
        user in "[a-z]{3,10}",
        filler in filler(),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        minified in any::<bool>(),
    ) {
        // A Basic password or URL password may be any random key; keep user names out of them.
        prop_assume!(!secret.contains(&user));
        let doc = build(genesys, position, &secret, &user, &filler, crlf, bom, minified);
        check(&doc)?;
    }
}

/// Strings that look like the inputs of the detector: templates, URLs, JSON, Unicode.
fn tricky_string() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("${".to_owned()),
            Just("$!{input.x}".to_owned()),
            Just("{{".to_owned()),
            Just("}}".to_owned()),
            Just("secureData(".to_owned()),
            Just("\\\"".to_owned()),
            Just("\"".to_owned()),
            Just("Bearer ".to_owned()),
            Just("Basic ".to_owned()),
            Just("://u:p@".to_owned()),
            Just("?api_key=".to_owned()),
            Just("&".to_owned()),
            Just("\"client_secret\": ".to_owned()),
            Just("<Password>".to_owned()),
            Just("</".to_owned()),
            Just("#set(".to_owned()),
            Just("-----BEGIN RSA PRIVATE KEY-----".to_owned()),
            Just("eyJhbGciOiJIUzI1NiJ9.".to_owned()),
            Just("8Q~".to_owned()),
            Just("hooks.slack.com/services/".to_owned()),
            Just("漢😀é".to_owned()),
            "[A-Za-z0-9_~.+/=-]{0,40}",
            any::<char>().prop_map(String::from),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_detector_never_panics_and_returns_char_ranges(s in tricky_string()) {
        let contexts = [
            secrets::Context::header("Authorization"),
            secrets::Context::header("x-api-key"),
            secrets::Context::header("X-Custom"),
            secrets::Context::url(),
            secrets::Context::body(),
            secrets::Context::other(Some("apiKey")),
        ];
        for ctx in &contexts {
            for f in secrets::detect(&s, ctx) {
                prop_assert!(f.range.end <= s.len() && s.is_char_boundary(f.range.start) && s.is_char_boundary(f.range.end));
            }
        }
        let _ = secrets::redact(&s);
        let json = serde_json::to_string(&json!({"type": "http", "name": "x", "config": {"method": "POST", "url": s, "headers": {"Authorization": s}, "body": s}})).unwrap_or_default();
        for r in secrets::secret_ranges(&json) {
            prop_assert!(json.is_char_boundary(r.start) && json.is_char_boundary(r.end));
        }
        let _ = apply_fixes(&json, &Options::default(), FixOptions { unsafe_fixes: true, keep_secrets: true, discard_secrets: false });
    }
}

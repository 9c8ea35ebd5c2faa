//! No planted secret reaches any preview format (text, curl, JSON), wherever it is planted: an
//! `Authorization` header, a secret-named header, a URL query or password, a JSON body field, a
//! helper's string argument, `$encoding.base64("user:secret")`, an input default, a given input,
//! a sample response, or the guide's `{{ }}` body.

use dalint_core::preview::{format, PreviewOptions};
use dalint_core::secrets;
use proptest::prelude::*;

/// Fake secrets in formats the detector knows.
fn secret() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9]{24,32}".prop_map(|s| format!("sk_live_{s}")),
        "[A-Z2-7]{16}".prop_map(|s| format!("AKIA{s}")),
        "[A-Za-z0-9_-]{35}".prop_map(|s| format!("AIza{s}")),
        ("[0-9]{11}", "[0-9]{12}", "[a-zA-Z0-9]{24}").prop_map(|(a, b, c)| format!("xoxb-{a}-{b}-{c}")),
        ("[A-Za-z0-9_-]{22}", "[A-Za-z0-9_-]{43}").prop_map(|(a, b)| format!("SG.{a}.{b}")),
        ("[A-Za-z0-9_-]{20,40}", "[A-Za-z0-9_-]{20,40}").prop_map(|(a, b)| format!("eyJhbGciOiJIUzI1NiJ9.eyJ{a}.{b}")),
        // No known prefix: judged by its randomness.
        "[A-Za-z0-9]{24,40}",
    ]
}

const PLACES: usize = 11;

/// A document with `secret` planted at `place`, and the options to preview it with.
fn plant(place: usize, secret: &str) -> (String, PreviewOptions) {
    let export = |url: &str, headers: &str, body: &str, inputs: &str, response: &str| {
        format!(
            r#"{{"name": "Planted", "integrationType": "custom-rest-actions", "actionType": "custom",
  "config": {{"request": {{"requestUrlTemplate": "{url}", "requestType": "POST", "headers": {{{headers}}}, "requestTemplate": "{body}"}},
    "response": {response}}},
  "contract": {{"input": {{"inputSchema": {{"type": "object", "properties": {{"q": {{"type": "string"}}{inputs}}}}}}},
    "output": {{"successSchema": {{"type": "object"}}}}}}}}"#
        )
    };
    let plain_response = r#"{"translationMap": {}, "translationMapDefaults": {}, "successTemplate": "${rawResult}"}"#;
    let json_headers = r#""Content-Type": "application/json""#;
    let url = "https://api.example.com/v1/items?q=$esc.url(${input.q})";
    let body = r#"{\"q\": \"$esc.jsonString(${input.q})\"}"#;
    let mut options = PreviewOptions::default();
    let text = match place {
        0 => export(url, &format!(r#""Authorization": "Bearer {secret}", {json_headers}"#), body, "", plain_response),
        1 => export(url, &format!(r#""x-api-key": "{secret}", {json_headers}"#), body, "", plain_response),
        2 => export(
            &format!("https://api.example.com/v1/items?api_key={secret}&q=${{input.q}}"),
            json_headers,
            body,
            "",
            plain_response,
        ),
        3 => export(&format!("https://svc:{secret}@api.example.com/v1/items"), json_headers, body, "", plain_response),
        4 => export(
            url,
            json_headers,
            &format!(r#"{{\"apiKey\": \"{secret}\", \"q\": \"$esc.jsonString(${{input.q}})\"}}"#),
            "",
            plain_response,
        ),
        5 => export(
            url,
            json_headers,
            &format!(r#"{{\"k\": \"$esc.jsonString(\\\"{secret}\\\")\"}}"#),
            "",
            plain_response,
        ),
        6 => export(
            url,
            &format!(r#""Authorization": "Basic $encoding.base64(\"svc:{secret}\")", {json_headers}"#),
            body,
            "",
            plain_response,
        ),
        7 => export(
            url,
            &format!(r#""X-Token": "${{input.token}}", {json_headers}"#),
            body,
            &format!(r#", "token": {{"type": "string", "default": "{secret}"}}"#),
            plain_response,
        ),
        8 => {
            options.inputs = serde_json::from_str(&format!(r#"{{"q": "{secret}"}}"#)).ok();
            export(url, json_headers, r#"{\"q\": \"${input.q}\", \"raw\": ${input.rawRequest}}"#, "", plain_response)
        }
        9 => {
            options.response = serde_json::from_str(&format!(r#"{{"token": "{secret}", "list": ["{secret}"]}}"#)).ok();
            export(
                url,
                json_headers,
                body,
                "",
                r#"{"translationMap": {"t": "$.token", "l": "$.list"}, "translationMapDefaults": {}, "successTemplate": "{\"t\": ${t}, \"first\": ${successTemplateUtils.firstFromArray(\"${l}\")}, \"raw\": ${rawResult}}"}"#,
            )
        }
        _ => format!(
            r#"{{"type": "http", "name": "Planted", "config": {{"method": "POST", "url": "https://api.example.com/v1/events",
  "headers": {{"Authorization": "Bearer {{{{secureData(\"api_key_prod\")}}}}", "X-Api-Key": "{secret}", "Content-Type": "application/json"}},
  "body": "{{{{json.stringify({{\"event\": \"x\", \"apiKey\": \"{secret}\"}})}}}}"}}}}"#
        ),
    };
    (text, options)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_planted_secret_reaches_any_preview_format(secret in secret(), place in 0..PLACES) {
        // The property is about secrets the detector finds.
        prop_assume!(secrets::redact(&secret) != secret);
        let (text, options) = plant(place, &secret);
        let preview = dalint_core::language::preview(&text, &options).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(preview.actions.len(), 1);
        let outputs = [
            format::to_text(&preview),
            format::to_curl(&preview),
            serde_json::to_string(&format::to_json(&preview)).expect("serialisable"),
        ];
        let encoded = dalint_core::template::tools::base64_encode(format!("svc:{secret}").as_bytes());
        for output in &outputs {
            prop_assert!(!output.contains(&secret), "place {}: the secret leaked:\n{}", place, output);
            prop_assert!(!output.contains(&encoded), "place {}: the secret leaked base64-encoded:\n{}", place, output);
            prop_assert!(output.contains("‹"), "place {}: no marker at all:\n{}", place, output);
        }
    }
}

/// Text full of template syntax, quotes, escapes and multi-byte characters.
fn template_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("$".to_owned()),
            Just("${input.q}".to_owned()),
            Just("$!{input.n}".to_owned()),
            Just("#if($input.n > 1)".to_owned()),
            Just("#else".to_owned()),
            Just("#end".to_owned()),
            Just("#foreach($i in [1..3])".to_owned()),
            Just("#set($x = \"a\")".to_owned()),
            Just("$esc.jsonString(".to_owned()),
            Just("$encoding.base64(\"".to_owned()),
            Just("{{".to_owned()),
            Just("}}".to_owned()),
            Just("secureData(\"k\")".to_owned()),
            Just("json.stringify({\"a\": ".to_owned()),
            Just("\\u00e9\\\"".to_owned()),
            "[ a-z0-9{}()\\[\\]\"'\\\\.,:!=<>&|#$@é😀事\n]{0,6}",
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_template_previews_and_lints_without_panicking(
        url in template_text(),
        header in template_text(),
        body in template_text(),
        success in template_text(),
        guide in proptest::bool::ANY,
    ) {
        let s = |t: &str| serde_json::Value::String(t.to_owned()).to_string();
        let text = if guide {
            format!(
                r#"{{"type": "http", "name": "x", "config": {{"method": "POST", "url": {}, "headers": {{"Authorization": {}, "Content-Type": "application/json"}}, "body": {}}}}}"#,
                s(&url), s(&header), s(&body)
            )
        } else {
            format!(
                r#"{{"name": "x", "integrationType": "purecloud-data-actions", "config": {{"request": {{"requestUrlTemplate": {}, "requestType": "POST",
                "headers": {{"X-H": {}, "Content-Type": "application/json"}}, "requestTemplate": {}}},
                "response": {{"translationMap": {{"v": "$.a[?(@.b == 'c')].d"}}, "translationMapDefaults": {{"v": "[]"}}, "successTemplate": {}}}}},
                "contract": {{"input": {{"inputSchema": {{"type": "object", "properties": {{"q": {{"type": "string"}}, "n": {{"type": "integer"}}}}}}}},
                "output": {{"successSchema": {{"type": "object"}}}}}}}}"#,
                s(&url), s(&header), s(&body), s(&success)
            )
        };
        let options = PreviewOptions {
            response: Some(serde_json::json!({"a": [{"b": "c", "d": "é😀"}], "q": "x\"y"})),
            inputs: serde_json::from_str(r#"{"q": "a\"b\\c\nd"}"#).ok(),
            ..PreviewOptions::default()
        };
        let preview = dalint_core::language::preview(&text, &options).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(preview.actions.len(), 1);
        let _ = (format::to_text(&preview), format::to_curl(&preview), format::to_json(&preview));
        let _ = dalint_core::lint(&text, &dalint_core::Options::default());
    }
}

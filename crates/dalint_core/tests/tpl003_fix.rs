//! The claim behind `TPL003`'s safe fix for ids, checked through dalint's template evaluator: the
//! fix wraps `${input.queueId}` in `$esc.jsonString(…)`, `$esc.uriEncode(…)` or `$esc.url(…)`, and
//!
//! - for every value made of letters, digits and `- _ .` the fixed request is byte-identical to the
//!   unfixed one; `:` too in a JSON string, while the URL helpers write it `%3A`;
//! - for every value without a backslash, wherever the unfixed body is valid JSON, the fixed body
//!   parses to the same value (its bytes may differ: `\/`, `\uXXXX`);
//! - an absent input renders as before where the reference was quiet (`$!{…}`).
//!
//! Runs are deterministic (fixed RNG seed) unless `PROPTEST_RNG_SEED` is set.

use dalint_core::fix::{apply_fixes, FixOptions};
use dalint_core::preview::analysis::request_env;
use dalint_core::preview::inputs::Inputs;
use dalint_core::template::{ast::Dialect, eval, parse};
use dalint_core::{lint, Options};
use proptest::prelude::*;
use serde_json::Value as Json;

const URL: &str = "https://api.example.com/api/v2/routing/queues/${input.queueId}/members?next=$!{input.queueId}";
const BODY: &str = r#"{"queue": "${input.queueId}", "quiet": "$!{input.queueId}", "note": "id ${input.queueId} here"}"#;

fn action(url: &str, body: &str) -> String {
    serde_json::json!({
        "name": "Queue members",
        "integrationType": "purecloud-data-actions",
        "actionType": "custom",
        "config": {
            "request": {
                "requestUrlTemplate": url,
                "requestType": "POST",
                "headers": {"Content-Type": "application/json"},
                "requestTemplate": body,
            },
            "response": {"translationMap": {}, "translationMapDefaults": {}, "successTemplate": "${rawResult}"}
        },
        "contract": {
            "input": {"inputSchema": {"type": "object", "properties": {"queueId": {"type": "string"}}}},
            "output": {"successSchema": {"type": "object", "properties": {}, "additionalProperties": true}}
        }
    })
    .to_string()
}

/// The URL and body templates after `dalint check --fix` (safe fixes only).
fn fixed_templates(url: &str, body: &str) -> (String, String) {
    let text = action(url, body);
    let options = Options::default();
    let safe = FixOptions { unsafe_fixes: false, keep_secrets: false, discard_secrets: false };
    let outcome = apply_fixes(&text, &options, safe).expect("the fixes apply");
    assert!(
        !lint(&outcome.text, &options).iter().any(|d| d.code == "TPL003"),
        "TPL003 remains after --fix:\n{}",
        outcome.text
    );
    let fixed: Json = serde_json::from_str(&outcome.text).expect("the fixed action parses");
    let request = &fixed["config"]["request"];
    let template = |key: &str| request[key].as_str().expect("a string").to_owned();
    (template("requestUrlTemplate"), template("requestTemplate"))
}

/// Renders `template` as Genesys would with `queueId` set to `value` (`None`: absent).
fn render(template: &str, value: Option<&str>) -> String {
    let parsed = parse(template, Dialect::Velocity);
    let values = value.map(|v| ("queueId".to_owned(), Json::String(v.to_owned()))).into_iter().collect();
    let env = request_env(&Inputs { specs: None, values });
    eval::render(template, &parsed, &env, &[]).output.as_str().to_owned()
}

fn config() -> ProptestConfig {
    let mut config = ProptestConfig::with_cases(256);
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(0x7103);
    }
    config
}

#[test]
fn the_fix_wraps_every_id_reference_and_keeps_quiet_ones_quiet() {
    let (url, body) = fixed_templates(URL, BODY);
    assert_eq!(
        url,
        "https://api.example.com/api/v2/routing/queues/$esc.uriEncode(${input.queueId})/members?next=$!esc.url($!{input.queueId})"
    );
    assert_eq!(
        body,
        r#"{"queue": "$esc.jsonString(${input.queueId})", "quiet": "$!esc.jsonString($!{input.queueId})", "note": "id $esc.jsonString(${input.queueId}) here"}"#
    );
}

#[test]
fn an_absent_quiet_input_renders_as_before() {
    let url = "https://api.example.com/queues/$!{input.queueId}?next=$!{input.queueId}";
    let body = r#"{"queue": "$!{input.queueId}"}"#;
    let (fixed_url, fixed_body) = fixed_templates(url, body);
    assert_ne!(fixed_url, url);
    assert_eq!(render(&fixed_url, None), render(url, None));
    assert_eq!(render(&fixed_body, None), render(body, None));
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn id_values_render_byte_identical(value in "[A-Za-z0-9_.:-]{1,40}") {
        let (url, body) = fixed_templates(URL, BODY);
        prop_assert_eq!(render(&body, Some(&value)), render(BODY, Some(&value)));
        // The URL helpers percent-encode `:` (the server decodes it back); everything else of an
        // id passes through them unchanged.
        prop_assert_eq!(render(&url, Some(&value)), render(URL, Some(&value.replace(':', "%3A"))));
        if !value.contains(':') {
            prop_assert_eq!(render(&url, Some(&value)), render(URL, Some(&value)));
        }
    }

    #[test]
    fn values_without_backslash_parse_to_the_same_json(value in "[^\\\\]{0,30}") {
        let (_, body) = fixed_templates(URL, BODY);
        let before = render(BODY, Some(&value));
        if let Ok(unfixed) = serde_json::from_str::<Json>(&before) {
            let after = render(&body, Some(&value));
            let fixed: Json = serde_json::from_str(&after).map_err(|e| TestCaseError::fail(format!("{after}: {e}")))?;
            prop_assert_eq!(fixed, unfixed);
        }
    }
}

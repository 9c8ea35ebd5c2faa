//! The credential shapes of issue 13 (Azure Functions keys, SOAP WS-Security and namespaced XML,
//! XML attributes): each `SEC001` sits exactly on the secret, the rewrite writes the reference
//! its options ask for, and the provisioning payload carries exactly that secret under the
//! reference's name. The fixtures are in `tests/fixtures/SEC001/`.

use std::fs;
use std::path::Path;

use dalint_core::fix::{apply_fixes, FixOptions};
use dalint_core::{lint, Options};

fn fixture(stem: &str) -> (String, Options) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/SEC001");
    let text = fs::read_to_string(dir.join(format!("{stem}.json"))).expect("fixture exists");
    let mut options: Options = match fs::read_to_string(dir.join(format!("{stem}.options.json"))) {
        Ok(json) => serde_json::from_str(&json).expect("options parse"),
        Err(_) => Options::default(),
    };
    options.file_name = Some(format!("{stem}.json"));
    (text, options)
}

/// `(fixture, [(pointer, text right before the secret)], reference shape)`.
type Case = (&'static str, &'static [(&'static str, &'static str)], &'static str);

const CASES: &[Case] = &[
    ("invalid_azure_function_code", &[("/config/request/requestUrlTemplate", "?code=")], "${credentials."),
    (
        "invalid_azure_function_key_header",
        &[("/config/request/headers/x-functions-key", "\"x-functions-key\": \"")],
        "${credentials.",
    ),
    ("invalid_function_key_shape_other_host", &[("/config/request/requestUrlTemplate", "?code=")], "{{secureData(\\\""),
    (
        "invalid_xml_namespaces",
        &[
            ("/config/request/requestTemplate", "#PasswordText\\\">"),
            ("/config/request/requestTemplate", "<ns1:apiKey>"),
        ],
        "${credentials.",
    ),
    (
        "invalid_xml_attributes",
        &[("/config/request/requestTemplate", " password=\\\""), ("/config/request/requestTemplate", " apiKey='")],
        "{{secureData(\\\"",
    ),
];

#[test]
fn found_at_the_exact_range_rewritten_and_provisioned() {
    for (stem, expected, reference) in CASES {
        let (text, options) = fixture(stem);
        let found: Vec<_> = lint(&text, &options).into_iter().filter(|d| d.code == "SEC001").collect();
        assert_eq!(found.len(), expected.len(), "{stem}: {found:?}");
        let mut secrets = Vec::new();
        for (diagnostic, (pointer, before)) in found.iter().zip(expected.iter()) {
            assert_eq!(diagnostic.pointer, *pointer, "{stem}");
            let range = diagnostic.range;
            assert!(text[..range.start].ends_with(before), "{stem}: the range does not start right after {before}");
            let secret = &text[range.start..range.end];
            let after = &text[range.end..];
            assert!(
                after.starts_with('&')
                    || after.starts_with('"')
                    || after.starts_with("\\\"")
                    || after.starts_with('<')
                    || after.starts_with('\''),
                "{stem}: the range does not end at the value's end"
            );
            secrets.push(secret.to_owned());
        }
        let keep = FixOptions { unsafe_fixes: true, keep_secrets: true, discard_secrets: false };
        let outcome = apply_fixes(&text, &options, keep).expect("the fixes apply");
        assert!(!outcome.remaining.iter().any(|d| d.code == "SEC001"), "{stem}: SEC001 remains");
        assert_eq!(outcome.provisioning.len(), secrets.len(), "{stem}");
        for (payload, secret) in outcome.provisioning.iter().zip(&secrets) {
            assert!(!outcome.text.contains(secret.as_str()), "{stem}: the secret is still in the file");
            assert_eq!(payload.value.expose(), secret, "{stem}: the payload holds another value");
            assert!(
                outcome.text.contains(&format!("{reference}{}", payload.name)),
                "{stem}: no {reference}{}",
                payload.name
            );
            let json = payload.payload_json();
            assert_eq!(json["name"], payload.name.as_str());
            assert_eq!(json["secureData"]["value"], secret.as_str());
        }
        // Applying the fixes again changes nothing.
        let again = apply_fixes(&outcome.text, &options, keep).expect("the fixes apply");
        assert_eq!(again.text, outcome.text, "{stem}: the second pass changed the text");
    }
}

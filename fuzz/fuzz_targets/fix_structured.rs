//! Generated Data Actions: applying every fix (credential rewrites included) never breaks the
//! JSON, is idempotent, and the fixed text's diagnostics echo no planted secret.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (doc, text, options) = dalint_fuzz::structured(data);
    if let Some(fixed) = dalint_fuzz::check_fix(&text, &options) {
        let diagnostics = dalint_fuzz::check_lint(fixed.as_bytes(), &options);
        if text == doc.text {
            dalint_fuzz::check_no_echo(&doc, &fixed, &diagnostics);
        }
    }
});

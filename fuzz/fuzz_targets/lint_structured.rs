//! Generated Data Actions (every shape and layout, Velocity, guide expressions, wild template
//! text, planted secrets), sometimes damaged: the lint invariants hold and no output echoes a
//! planted secret.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (doc, text, options) = dalint_fuzz::structured(data);
    let diagnostics = dalint_fuzz::check_lint(text.as_bytes(), &options);
    if text == doc.text {
        dalint_fuzz::check_no_echo(&doc, &text, &diagnostics);
    }
});

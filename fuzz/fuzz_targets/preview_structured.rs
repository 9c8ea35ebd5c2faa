//! Generated Data Actions (wild template text included): previews in every format never panic
//! and never print a planted secret.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (doc, text, options) = dalint_fuzz::structured(data);
    let intact = text == doc.text;
    dalint_fuzz::check_preview(&text, &options, intact.then_some(&doc));
});

//! Any text that parses: applying every fix never breaks the JSON and is idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (bytes, options) = dalint_fuzz::raw(data);
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    dalint_fuzz::check_fix(text, &options);
});

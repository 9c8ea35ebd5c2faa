//! Any bytes, as a `.json` or `.jsonc` file: diagnostics or one parse error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (bytes, options) = dalint_fuzz::raw(data);
    dalint_fuzz::check_lint(bytes, &options);
});

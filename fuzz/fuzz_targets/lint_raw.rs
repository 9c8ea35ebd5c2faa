//! Any bytes, as a `.json` or `.jsonc` file: diagnostics or one parse error, never a panic.
#![no_main]

use dalint_core::Options;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (jsonc, bytes) = match data.split_first() {
        Some((flag, rest)) => (flag & 1 == 1, rest),
        None => (false, data),
    };
    let options = Options { file_name: Some(if jsonc { "x.jsonc" } else { "x.json" }.to_owned()), ..Options::default() };
    dalint_fuzz::check_lint(bytes, &options);
});

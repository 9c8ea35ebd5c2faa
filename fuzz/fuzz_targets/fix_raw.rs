//! Any text that parses: applying every fix never breaks the JSON and is idempotent.
#![no_main]

use dalint_core::Options;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (jsonc, bytes) = match data.split_first() {
        Some((flag, rest)) => (flag & 1 == 1, rest),
        None => (false, data),
    };
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let options = Options { file_name: Some(if jsonc { "x.jsonc" } else { "x.json" }.to_owned()), ..Options::default() };
    dalint_fuzz::check_fix(text, &options);
});

//! Turns a structured target's input (a crash or timeout artifact) into a regression document for
//! `crates/dalint_core/tests/regressions/`: the generated text, its options (`.options.json`) and
//! its planted secrets one per line (`.secrets`).
//!
//! ```sh
//! cd fuzz && cargo +nightly run --example regression -- artifacts/preview_structured/crash-… NAME
//! ```
//!
//! The secrets file holds the planted secrets (synthetic, from `dalint_testgen`): that is what the
//! regression harness checks every output against.

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, name] = args.as_slice() else {
        eprintln!("usage: regression ARTIFACT NAME  (writes ../crates/dalint_core/tests/regressions/NAME.*)");
        std::process::exit(2);
    };
    let bytes = std::fs::read(input).unwrap_or_else(|e| panic!("cannot read {input}: {e}"));
    let (doc, text, options) = dalint_fuzz::structured(&bytes);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/dalint_core/tests/regressions");
    let extension = if options.file_name.as_deref().is_some_and(|n| n.ends_with(".jsonc")) { "jsonc" } else { "json" };
    let write = |suffix: &str, content: &str| {
        let path = dir.join(format!("{name}.{suffix}"));
        std::fs::write(&path, content).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        eprintln!("wrote {}", path.display());
    };
    write(extension, &text);
    let mut settings = serde_json::json!({"env": options.env, "rewriteTarget": options.rewrite_target});
    settings.as_object_mut().map(|o| o.retain(|_, v| !v.is_null()));
    write("options.json", &settings.to_string());
    let secrets: Vec<&str> = doc.forbidden().collect();
    if !secrets.is_empty() {
        write("secrets", &(secrets.join("\n") + "\n"));
    }
}

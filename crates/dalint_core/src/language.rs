//! Which input language a file is in, and the entry points that choose it by the file's name:
//! JSON goes to the JSON runner ([`crate::lint::lint_json`], [`crate::preview::preview_json`]),
//! Terraform (`.tf`, `.tf.json`, `.tfvars`, `.tfvars.json`) to [`crate::terraform`], which maps
//! its files onto the same runner. This is the top of the core: nothing in it imports this module.

use crate::config::Options;
use crate::diagnostic::Diagnostic;
use crate::parse;
use crate::preview::{Preview, PreviewError, PreviewOptions};
use crate::terraform::{self, FileKind};

/// Lints one document. `text` may start with a BOM; ranges are relative to the text after it.
pub fn lint(text: &str, options: &Options) -> Vec<Diagnostic> {
    match FileKind::for_file_name(options.file_name.as_deref()) {
        Some(kind) => terraform::lint(text, kind, options),
        None => crate::lint::lint_json(text, options),
    }
}

/// Lints raw bytes (a file as read): bytes that are not UTF-8 give a positioned `PAR001`.
pub fn lint_bytes(bytes: &[u8], options: &Options) -> Vec<Diagnostic> {
    match parse::decode(bytes) {
        Ok(text) => lint(text, options),
        Err((failure, _)) => vec![crate::lint::parse_failure_diagnostic(&failure)],
    }
}

/// Previews the actions of a document (`text` may start with a BOM).
pub fn preview(text: &str, options: &PreviewOptions) -> Result<Preview, PreviewError> {
    match FileKind::for_file_name(options.file_name.as_deref()) {
        Some(kind) => terraform::preview(text, kind, options),
        None => crate::preview::preview_json(text, options),
    }
}

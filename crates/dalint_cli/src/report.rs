//! What `check` produces for each file, and what the formats, the baseline and the runner share.
//! It sits below `check` and `format/*`: both import it, it imports neither.

use std::path::PathBuf;

use dalint_core::fix::FixOutcome;
use dalint_core::Diagnostic;

/// One checked document.
pub struct FileReport {
    pub path: String,
    /// The file on disk (`None` for stdin).
    pub file: Option<PathBuf>,
    /// The BOM-less text that ranges refer to.
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    pub fix: Option<FixOutcome>,
    /// Why fixing failed (the file is untouched).
    pub fix_error: Option<String>,
    /// Findings left out because the baseline has them.
    pub baselined: usize,
    /// `redaction.show` of the configuration: names whose values code frames may show.
    pub redaction_show: Vec<String>,
    /// The name the core read the file as (`--stdin-filename` for stdin): it tells Terraform
    /// from JSON, whose credential positions code frames mask.
    pub file_name: Option<String>,
}

/// The fix flags a report's summary mentions (`--fix`, `--unsafe-fixes`).
#[derive(Debug, Clone, Copy)]
pub struct FixFlags {
    pub fix: bool,
    pub unsafe_fixes: bool,
}

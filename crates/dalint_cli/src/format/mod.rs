//! Output formats, one file each. Each renders every file report into one string.

pub mod diff;
mod github;
mod json;
mod sarif;
pub mod statistics;
mod text;

use crate::report::{FileReport, FixFlags};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Code frames with carets, for people.
    Text,
    /// The versioned JSON document (`schemaVersion: 1`, schema in `schemas/check-report.schema.json`).
    Json,
    /// SARIF 2.1.0, for code scanning (GitHub, Azure DevOps, GitLab).
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…`): annotations on the pull request.
    Github,
}

pub fn render(format: OutputFormat, reports: &[FileReport], flags: FixFlags) -> Result<String, String> {
    match format {
        OutputFormat::Text => Ok(text::render(reports, flags)),
        OutputFormat::Json => json::render(reports),
        OutputFormat::Sarif => sarif::render(reports),
        OutputFormat::Github => Ok(github::render(reports)),
    }
}

//! Output formats. Each renders every file report into one string.

mod json;
mod text;

use crate::check::{CheckArgs, FileReport};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Code frames with carets, for people.
    Text,
    /// The versioned JSON document (`schemaVersion: 1`).
    Json,
}

pub fn render(format: OutputFormat, reports: &[FileReport], args: &CheckArgs) -> Result<String, String> {
    match format {
        OutputFormat::Text => Ok(text::render(reports, args)),
        OutputFormat::Json => json::render(reports),
    }
}

//! `dalint preview`: the request each action would send, rendered offline with secrets redacted.
//!
//! Exit 0 whenever the document parsed (function actions, placeholder URLs and invalid bodies
//! are notes), 1 when it does not parse (the positioned `PAR` diagnostic goes to stderr), 2 for
//! bad arguments.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use dalint_core::preview::{self, format, ActionSelector, PreviewError, PreviewOptions};
use dalint_core::render::{render_text, secret_masks};
use dalint_core::Options;

use crate::exit;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PreviewFormat {
    /// HTTP messages (`.http` file style), notes as `#` comments.
    Text,
    /// `{"schemaVersion": 1, "actions": [...]}`.
    Json,
    /// curl commands.
    Curl,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The Data Action file (`-` reads stdin).
    pub file: String,
    /// A JSON object of input values; the input contract supplies the others.
    #[arg(long, value_name = "INPUTS.json")]
    pub input: Option<PathBuf>,
    /// Only this action: a 0-based index in document order, or a name.
    #[arg(long, value_name = "INDEX|NAME")]
    pub action: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PreviewFormat::Text)]
    pub format: PreviewFormat,
    /// A sample response: also apply the translation map and render the successTemplate.
    #[arg(long, value_name = "SAMPLE.json")]
    pub response: Option<PathBuf>,
    /// File name to assume for stdin (`.jsonc` allows comments).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
}

fn read(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read stdin: {e}"))?;
        return Ok(buf);
    }
    fs::read(path).map_err(|e| format!("cannot read `{path}`: {e}"))
}

/// Reads a JSON argument file (`--input`, `--response`).
fn read_json(flag: &str, path: &Path) -> Result<serde_json::Value, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{flag}: cannot read `{}`: {e}", path.display()))?;
    serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("{flag}: `{}` is not JSON: {e}", path.display()))
}

pub fn run(args: PreviewArgs) -> Result<u8, String> {
    let inputs = match &args.input {
        Some(path) => match read_json("--input", path)? {
            serde_json::Value::Object(map) => Some(map),
            _ => return Err(format!("--input: `{}` must hold a JSON object of input values", path.display())),
        },
        None => None,
    };
    let response = args.response.as_deref().map(|p| read_json("--response", p)).transpose()?;
    let bytes = read(&args.file)?;
    let file_name = if args.file == "-" { args.stdin_filename.clone() } else { Some(args.file.clone()) };
    let options = PreviewOptions {
        inputs,
        response,
        action: args.action.as_deref().map(ActionSelector::parse),
        file_name: file_name.clone(),
        redaction: Default::default(),
    };
    let result = match dalint_core::parse::decode(&bytes) {
        Ok(text) => preview::preview(text, &options),
        Err((failure, _)) => Err(PreviewError::Parse(failure)),
    };
    let preview = match result {
        Ok(preview) => preview,
        Err(PreviewError::Parse(_)) => {
            // The same positioned PAR diagnostic `dalint check` prints.
            let diagnostics = dalint_core::lint_bytes(&bytes, &Options { file_name, ..Options::default() });
            let lossy = String::from_utf8_lossy(&bytes);
            let text = dalint_core::text::strip_bom(&lossy).1;
            let masks = secret_masks(text, &diagnostics);
            eprint!("{}", render_text(&args.file, text, &diagnostics, &masks));
            return Ok(exit::FINDINGS);
        }
        Err(err @ PreviewError::NoSuchAction { .. }) => return Err(format!("--action: {err}")),
    };
    let rendered = match args.format {
        PreviewFormat::Text => format::to_text(&preview),
        PreviewFormat::Curl => format::to_curl(&preview),
        PreviewFormat::Json => {
            serde_json::to_string_pretty(&format::to_json(&preview)).map_err(|e| e.to_string())? + "\n"
        }
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(rendered.as_bytes()).and_then(|()| stdout.flush()).map_err(|e| e.to_string())?;
    Ok(exit::CLEAN)
}

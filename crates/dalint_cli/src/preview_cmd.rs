//! `dalint preview`: the request each action would send, rendered offline with secrets redacted.
//!
//! Takes files and directories like `check`; several files print one after another (text, curl)
//! or as `{"files": [{"path", "actions"}]}` (JSON).
//!
//! Exit 0 whenever every document parsed (function actions, placeholder URLs and invalid bodies
//! are notes), 1 when it does not parse (the positioned `PAR` diagnostic goes to stderr), 2 for
//! bad arguments.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use dalint_core::preview::{format, ActionSelector, Preview, PreviewError, PreviewOptions};
use dalint_core::render::{render_text, secret_masks};

use crate::config::{options_for, Overrides, Resolver};
use crate::exit;
use crate::files::{self, Source};

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
    /// Data Action files or directories (walked like `check`); `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// A JSON object of input values, for every file; the input contract supplies the others.
    #[arg(long, value_name = "INPUTS.json")]
    pub input: Option<PathBuf>,
    /// Only this action of each file: a 0-based index in document order, or a name.
    #[arg(long, value_name = "INDEX|NAME")]
    pub action: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PreviewFormat::Text)]
    pub format: PreviewFormat,
    /// A sample response: also apply the translation map and render the successTemplate.
    #[arg(long, value_name = "SAMPLE.json")]
    pub response: Option<PathBuf>,
    /// Skip paths matching this glob in directory walks (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// File name to assume for stdin (`.jsonc` allows comments).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Use this configuration file for every file instead of finding dalint.json upward (its
    /// `redaction.show` names the values the preview may show).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

fn read(source: &Source) -> Result<Vec<u8>, String> {
    match source {
        Source::Stdin { .. } => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read stdin: {e}"))?;
            Ok(buf)
        }
        Source::Explicit(p) | Source::Walked(p) => {
            fs::read(p).map_err(|e| format!("cannot read `{}`: {e}", p.display()))
        }
    }
}

/// Reads a JSON argument file (`--input`, `--response`).
fn read_json(flag: &str, path: &Path) -> Result<serde_json::Value, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{flag}: cannot read `{}`: {e}", path.display()))?;
    serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("{flag}: `{}` is not JSON: {e}", path.display()))
}

/// One previewed file.
struct FilePreview {
    path: String,
    preview: Preview,
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
    let sources = files::collect(&args.paths, &args.exclude, args.stdin_filename.as_deref())?;
    // Several files (or a directory) get one document listing each file; one file keeps the
    // single-file shape.
    let several = args.paths.len() > 1 || args.paths.iter().any(|p| Path::new(p).is_dir());
    let mut resolver = Resolver::new(args.config.as_deref())?;
    let mut previews = Vec::new();
    let mut code = exit::CLEAN;
    for source in &sources {
        let bytes = read(source)?;
        let path = source.display_path();
        // The dalint.json that `check` would use: the preview honours its `redaction.show`.
        let loaded = resolver.for_source(source)?;
        let file = match source {
            Source::Explicit(p) | Source::Walked(p) => Some(p.as_path()),
            Source::Stdin { .. } => None,
        };
        let lint_options = options_for(loaded.as_deref(), &Overrides::default(), file, source.file_name());
        let options = PreviewOptions {
            inputs: inputs.clone(),
            response: response.clone(),
            action: args.action.as_deref().map(ActionSelector::parse),
            file_name: source.file_name(),
            redaction: lint_options.redaction.clone(),
            // `file("${path.module}/x.vm")` templates, read as `check` reads them.
            module_files: match source {
                Source::Explicit(p) | Source::Walked(p) => files::module_files(p, &bytes),
                Source::Stdin { .. } => Default::default(),
            },
        };
        let result = match dalint_core::parse::decode(&bytes) {
            Ok(text) => dalint_core::language::preview(text, &options),
            Err((failure, _)) => Err(PreviewError::Parse(failure)),
        };
        match result {
            // Walked JSON that holds no action (a package.json) is not a Data Action file.
            Ok(preview) if preview.actions.is_empty() && matches!(source, Source::Walked(_)) => {}
            Ok(preview) => previews.push(FilePreview { path, preview }),
            Err(PreviewError::Parse(_)) => {
                // The same positioned PAR diagnostic `dalint check` prints.
                let diagnostics = dalint_core::lint_bytes(&bytes, &lint_options);
                let lossy = String::from_utf8_lossy(&bytes);
                let text = dalint_core::text::strip_bom(&lossy).1;
                let masks = secret_masks(text, source.file_name().as_deref(), &diagnostics);
                eprint!("{}", render_text(&path, text, &diagnostics, &masks));
                code = exit::FINDINGS;
            }
            Err(err @ PreviewError::NoSuchAction { .. }) if !several => return Err(format!("--action: {err}")),
            // Among several files, one without that action is said and skipped.
            Err(err @ PreviewError::NoSuchAction { .. }) => eprintln!("dalint: {path}: --action: {err}"),
        }
    }
    let rendered = if several { render_several(args.format, &previews)? } else { render_one(args.format, &previews)? };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(rendered.as_bytes()).and_then(|()| stdout.flush()).map_err(|e| e.to_string())?;
    Ok(code)
}

fn render_one(format: PreviewFormat, previews: &[FilePreview]) -> Result<String, String> {
    let Some(file) = previews.first() else { return Ok(String::new()) };
    Ok(match format {
        PreviewFormat::Text => format::to_text(&file.preview),
        PreviewFormat::Curl => format::to_curl(&file.preview),
        PreviewFormat::Json => {
            serde_json::to_string_pretty(&format::to_json(&file.preview)).map_err(|e| e.to_string())? + "\n"
        }
    })
}

/// Text and curl: each file under a `#` heading naming it. JSON: `{"schemaVersion", "tool",
/// "files": [{"path", "actions"}]}`.
fn render_several(format: PreviewFormat, previews: &[FilePreview]) -> Result<String, String> {
    if format == PreviewFormat::Json {
        let files: Vec<serde_json::Value> =
            previews.iter().map(|f| serde_json::json!({"path": f.path, "actions": f.preview.actions})).collect();
        let mut document = format::to_json(&Preview::default());
        document.as_object_mut().map(|o| o.remove("actions"));
        document["files"] = serde_json::Value::Array(files);
        return Ok(serde_json::to_string_pretty(&document).map_err(|e| e.to_string())? + "\n");
    }
    let mut out = String::new();
    for (i, file) in previews.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let rule = "#".repeat(72);
        out.push_str(&format!("{rule}\n# file: {}\n{rule}\n\n", file.path));
        out.push_str(&match format {
            PreviewFormat::Curl => format::to_curl(&file.preview),
            _ => format::to_text(&file.preview),
        });
    }
    Ok(out)
}

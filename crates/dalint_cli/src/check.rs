//! `dalint check`: lint files in parallel, optionally fix them, report in the chosen format.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use dalint_core::config::RewriteTarget;
use dalint_core::fix::{apply_fixes, FixOptions, FixOutcome};
use dalint_core::{Diagnostic, Options, Provisioning, Severity};
use rayon::prelude::*;

use crate::exit;
use crate::files::{self, Source};
use crate::format::{self, OutputFormat};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check (`-` reads stdin).
    #[arg(default_value = ".")]
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Apply safe fixes (with --unsafe-fixes, unsafe ones too) and report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Include unsafe fixes (the credential rewrite). Without --fix, only shows them as available.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Write a provisioning payload (mode 0600) for every secret a rewrite removes, into DIR.
    #[arg(long, value_name = "DIR")]
    pub emit_provisioning: Option<PathBuf>,
    /// Apply rewrites that remove secrets without keeping them (you have them elsewhere; rotate them).
    #[arg(long, conflicts_with = "emit_provisioning")]
    pub discard_secrets: bool,
    /// Exit 0 even when problems were found (2 still means dalint could not run).
    #[arg(long)]
    pub exit_zero: bool,
    /// Skip paths matching this glob in directory walks (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// File name to assume for stdin (`.jsonc` allows comments).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Target environment (prod, dev, test, uat, …): names rewritten secrets.
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,
    /// Where rewrites point: secureData() for the guide's shape, ${credentials.x} for exports.
    #[arg(long, value_enum, value_name = "TARGET")]
    pub rewrite_target: Option<RewriteTargetArg>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RewriteTargetArg {
    Auto,
    #[value(name = "secureData")]
    SecureData,
    Credentials,
}

/// One checked document.
pub struct FileReport {
    pub path: String,
    /// The BOM-less text that ranges refer to.
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    pub fix: Option<FixOutcome>,
    /// Why fixing failed (the file is untouched).
    pub fix_error: Option<String>,
}

fn base_options(args: &CheckArgs) -> Options {
    let mut options = Options { env: args.env.clone(), ..Options::default() };
    if let Some(target) = args.rewrite_target {
        options.rewrite_target = match target {
            RewriteTargetArg::Auto => RewriteTarget::Auto,
            RewriteTargetArg::SecureData => RewriteTarget::SecureData,
            RewriteTargetArg::Credentials => RewriteTarget::Credentials,
        };
    }
    options
}

pub fn run(args: CheckArgs) -> Result<u8, String> {
    let sources = files::collect(&args.paths, &args.exclude, args.stdin_filename.as_deref())?;
    let options = base_options(&args);
    let fix_options = FixOptions {
        unsafe_fixes: args.unsafe_fixes,
        keep_secrets: args.emit_provisioning.is_some(),
        discard_secrets: args.discard_secrets,
    };
    if args.emit_provisioning.is_some() && !args.fix {
        return Err("--emit-provisioning only makes sense with --fix".to_owned());
    }
    let stdin_fix = args.fix && sources.iter().any(|s| matches!(s, Source::Stdin { .. }));
    if stdin_fix && sources.len() > 1 {
        return Err("--fix with stdin checks stdin alone".to_owned());
    }

    let reports: Vec<Option<FileReport>> = sources
        .par_iter()
        .map(|source| check_one(source, &options, args.fix.then_some(fix_options)))
        .collect::<Result<_, String>>()?;
    let reports: Vec<FileReport> = reports.into_iter().flatten().collect();

    if let Some(dir) = &args.emit_provisioning {
        let payloads: Vec<&Provisioning> =
            reports.iter().filter_map(|r| r.fix.as_ref()).flat_map(|f| &f.provisioning).collect();
        write_provisioning(dir, &payloads)?;
    }
    for report in &reports {
        if let (Some(outcome), false) = (&report.fix, stdin_fix) {
            if outcome.changed() {
                write_atomically(Path::new(&report.path), &outcome.text)?;
            }
        }
    }

    let rendered = format::render(args.format, &reports, &args)?;
    if stdin_fix {
        // The fixed text goes to stdout, the report to stderr.
        let fixed = reports.first().and_then(|r| r.fix.as_ref()).map(|f| f.text.clone());
        let original = reports.first().map(|r| r.text.clone()).unwrap_or_default();
        print!("{}", fixed.unwrap_or(original));
        eprint!("{rendered}");
    } else {
        print!("{rendered}");
    }
    std::io::stdout().flush().map_err(|e| e.to_string())?;

    let failing =
        reports.iter().any(|r| r.fix_error.is_some() || r.diagnostics.iter().any(|d| d.severity >= Severity::Warning));
    Ok(if failing && !args.exit_zero { exit::FINDINGS } else { exit::CLEAN })
}

/// Reads, lints and (optionally) fixes one document. `None` for walked JSON that is not a Data
/// Action (skipped quietly).
fn check_one(source: &Source, base: &Options, fix: Option<FixOptions>) -> Result<Option<FileReport>, String> {
    let bytes = match source {
        Source::Stdin { .. } => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read stdin: {e}"))?;
            buf
        }
        Source::Explicit(p) | Source::Walked(p) => {
            fs::read(p).map_err(|e| format!("cannot read `{}`: {e}", p.display()))?
        }
    };
    let options = Options { file_name: source.file_name(), ..base.clone() };
    let mut diagnostics = dalint_core::lint_bytes(&bytes, &options);
    if matches!(source, Source::Walked(_)) && diagnostics.iter().all(|d| d.code == "SCH001") && !diagnostics.is_empty()
    {
        return Ok(None);
    }
    let lossy = String::from_utf8_lossy(&bytes);
    let path = source.display_path();
    let parsed = !diagnostics.iter().any(|d| d.code.starts_with("PAR"));
    if let (Some(fix_options), true) = (fix, parsed) {
        match apply_fixes(&lossy, &options, fix_options) {
            Ok(outcome) => {
                diagnostics = outcome.remaining.clone();
                let text = dalint_core::text::strip_bom(&outcome.text).1.to_owned();
                return Ok(Some(FileReport { path, text, diagnostics, fix: Some(outcome), fix_error: None }));
            }
            Err(err) => {
                let text = dalint_core::text::strip_bom(&lossy).1.to_owned();
                return Ok(Some(FileReport { path, text, diagnostics, fix: None, fix_error: Some(err.to_string()) }));
            }
        }
    }
    let text = dalint_core::text::strip_bom(&lossy).1.to_owned();
    Ok(Some(FileReport { path, text, diagnostics, fix: None, fix_error: None }))
}

/// Replaces a file by writing a sibling temporary file and renaming it over the original.
fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.dalint-{}.tmp", std::process::id()));
    let permissions = fs::metadata(path).map(|m| m.permissions()).ok();
    fs::write(&tmp, text).map_err(|e| format!("cannot write `{}`: {e}", tmp.display()))?;
    if let Some(permissions) = permissions {
        let _ = fs::set_permissions(&tmp, permissions);
    }
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("cannot replace `{}`: {e}", path.display())
    })
}

/// Writes one payload file per extracted secret, readable by the owner only.
fn write_provisioning(dir: &Path, payloads: &[&Provisioning]) -> Result<(), String> {
    if payloads.is_empty() {
        return Ok(());
    }
    fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    for payload in payloads {
        let path = dir.join(format!("{}.json", payload.name));
        let body = serde_json::to_string_pretty(&payload.payload_json()).map_err(|e| e.to_string())? + "\n";
        let mut open = fs::OpenOptions::new();
        open.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            open.mode(0o600);
        }
        let mut file = open.open(&path).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = file.set_permissions(fs::Permissions::from_mode(0o600));
        }
        file.write_all(body.as_bytes()).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    }
    Ok(())
}

//! `dalint check`: lint files in parallel, optionally fix them, report in the chosen format.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use dalint_core::config::RewriteTarget;
use dalint_core::fix::{apply_fixes, FixOptions};
use dalint_core::{Options, Provisioning, Severity};
use rayon::prelude::*;

use crate::baseline::Baseline;
use crate::config::{self, Overrides, Resolver};
use crate::exit;
use crate::files::{self, Source};
use crate::format::{self, OutputFormat};
use crate::report::{FileReport, FixFlags};
use crate::write::write_atomically;

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
    /// Target environment (prod, dev, test, uat, …; production = prod): actions may reference only
    /// its Secure Data, and rewritten secrets are named for it. Overrides `env` in dalint.json.
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,
    /// The Secure Data that exists in the target org (a JSON array of names, of Secure Data objects,
    /// or {"entities": [...]}): every secureData() reference must be in it. Overrides dalint.json.
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
    /// Use this configuration file for every checked file instead of finding dalint.json upward.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Where rewrites point: secureData() for the guide's shape, ${credentials.x} for exports.
    #[arg(long, value_enum, value_name = "TARGET")]
    pub rewrite_target: Option<RewriteTargetArg>,
    /// Report (and fail on) only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in the --baseline file (fingerprints only, never secrets).
    #[arg(long, requires = "baseline", conflicts_with_all = ["fix", "diff"])]
    pub write_baseline: bool,
    /// Run only the rules whose code starts with one of these (`SEC`, `TPL003`), comma-separated or
    /// repeated. A selected rule that dalint.json switches off runs at its default severity. Parse
    /// errors (`PAR`) are always reported.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Switch off the rules whose code starts with one of these, after --select.
    #[arg(long, value_name = "CODES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Print the fixes as a unified diff (secrets masked) instead of a report; nothing is written.
    /// With --unsafe-fixes, the credential rewrite too.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Instead of the findings, one line per rule: how many it found, its code and name, and how
    /// many of them are fixable (text, or a JSON array with --format json).
    #[arg(long, conflicts_with_all = ["diff", "write_baseline"])]
    pub statistics: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RewriteTargetArg {
    Auto,
    #[value(name = "secureData")]
    SecureData,
    Credentials,
}

fn overrides(args: &CheckArgs) -> Result<Overrides, String> {
    Ok(Overrides {
        env: args.env.clone(),
        inventory: args.inventory.as_deref().map(config::read_inventory).transpose()?,
        rewrite_target: args.rewrite_target.map(|target| match target {
            RewriteTargetArg::Auto => RewriteTarget::Auto,
            RewriteTargetArg::SecureData => RewriteTarget::SecureData,
            RewriteTargetArg::Credentials => RewriteTarget::Credentials,
        }),
        rule_switches: config::selection(&args.select, &args.ignore)?,
    })
}

/// The options of every source, configuration files found (or `--config`) and overrides applied.
fn options_per_source(sources: &[Source], args: &CheckArgs) -> Result<Vec<Options>, String> {
    let overrides = overrides(args)?;
    if let Some(env) = &args.env {
        if env.is_empty() || !env.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!("--env `{env}` is not an environment name: use letters and digits (prod, dev, uat)"));
        }
    }
    let mut resolver = Resolver::new(args.config.as_deref())?;
    sources
        .iter()
        .map(|source| {
            let (dir, file) = match source {
                Source::Stdin { name } => {
                    (name.as_deref().and_then(|n| Path::new(n).parent()).unwrap_or(Path::new("")).to_path_buf(), None)
                }
                Source::Explicit(p) | Source::Walked(p) => (p.parent().unwrap_or(Path::new("")).to_path_buf(), Some(p)),
            };
            let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
            let loaded = resolver.for_dir(&dir)?;
            Ok(config::options_for(loaded.as_deref(), &overrides, file.map(PathBuf::as_path), source.file_name()))
        })
        .collect()
}

pub fn run(args: CheckArgs) -> Result<u8, String> {
    let sources = files::collect(&args.paths, &args.exclude, args.stdin_filename.as_deref())?;
    let options = options_per_source(&sources, &args)?;
    let baseline = match (&args.baseline, args.write_baseline) {
        (Some(path), false) => Some(Baseline::read(path)?),
        _ => None,
    };
    // A diff writes nothing, so rewrites that extract secrets may be shown: the secrets stay in
    // the file.
    let fix_options = FixOptions {
        unsafe_fixes: args.unsafe_fixes,
        keep_secrets: args.emit_provisioning.is_some() || args.diff,
        discard_secrets: args.discard_secrets,
    };
    if args.statistics && !matches!(args.format, OutputFormat::Text | OutputFormat::Json) {
        return Err(format::statistics::FORMATS.to_owned());
    }
    if args.emit_provisioning.is_some() && !args.fix {
        return Err("--emit-provisioning only makes sense with --fix".to_owned());
    }
    let stdin_fix = args.fix && sources.iter().any(|s| matches!(s, Source::Stdin { .. }));
    if stdin_fix && sources.len() > 1 {
        return Err("--fix with stdin checks stdin alone".to_owned());
    }

    let mode = if args.fix {
        FixMode::Write(fix_options)
    } else if args.diff {
        FixMode::Preview(fix_options)
    } else {
        FixMode::None
    };
    // One file starts on this thread: a thread pool with nothing for its other threads to do only
    // slows the one that works (their idle spinning shares the core; measured 15-25% on 2 vCPUs).
    // A file with many actions has its actions split between threads by the core itself.
    let reports: Vec<Option<FileReport>> = if sources.len() == 1 {
        vec![check_one(&sources[0], &options[0], mode)?]
    } else {
        sources
            .par_iter()
            .zip(options.par_iter())
            .map(|(source, options)| check_one(source, options, mode))
            .collect::<Result<_, String>>()?
    };
    let mut reports: Vec<FileReport> = reports.into_iter().flatten().collect();

    if let (Some(path), true) = (&args.baseline, args.write_baseline) {
        let baseline = Baseline::from_reports(path, &reports);
        baseline.write(path)?;
        eprintln!(
            "dalint: wrote {} finding{} to the baseline `{}`",
            baseline.len(),
            if baseline.len() == 1 { "" } else { "s" },
            path.display()
        );
        return Ok(exit::CLEAN);
    }
    if let (Some(baseline), Some(path)) = (&baseline, &args.baseline) {
        for report in &mut reports {
            baseline.filter(path, report);
        }
    }

    if let Some(dir) = &args.emit_provisioning {
        let payloads: Vec<&Provisioning> =
            reports.iter().filter_map(|r| r.fix.as_ref()).flat_map(|f| &f.provisioning).collect();
        write_provisioning(dir, &payloads)?;
    }
    for report in &reports {
        if let (Some(outcome), false, true) = (&report.fix, stdin_fix, args.fix) {
            if outcome.changed() {
                write_atomically(Path::new(&report.path), &outcome.text)?;
            }
        }
    }

    let rendered = if args.diff {
        format::diff::render(&reports)
    } else if args.statistics {
        format::statistics::render(args.format, &reports)?
    } else {
        format::render(args.format, &reports, FixFlags { fix: args.fix, unsafe_fixes: args.unsafe_fixes })?
    };
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

/// Whether fixes are computed, and whether they replace the report's diagnostics.
#[derive(Debug, Clone, Copy)]
enum FixMode {
    None,
    /// `--fix`: the report shows what remains.
    Write(FixOptions),
    /// `--diff`: the fixes are shown; the report keeps the original findings.
    Preview(FixOptions),
}

/// Reads, lints and (optionally) fixes one document. `None` for walked JSON that is not a Data
/// Action (skipped quietly).
fn check_one(source: &Source, options: &Options, mode: FixMode) -> Result<Option<FileReport>, String> {
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
    // A Terraform module is analysed as a whole: its other files and its templates come along.
    let module_files = match source {
        Source::Explicit(p) | Source::Walked(p) => files::module_files(p, &bytes),
        Source::Stdin { .. } => Default::default(),
    };
    let with_module_files;
    let options = if module_files.is_empty() {
        options
    } else {
        with_module_files = Options { module_files, ..options.clone() };
        &with_module_files
    };
    // One copy of the file in memory: valid UTF-8 becomes the text in place; other bytes are
    // linted as bytes (a positioned PAR001) and shown lossily.
    let (text, mut diagnostics) = match String::from_utf8(bytes) {
        Ok(text) => {
            let diagnostics = dalint_core::lint(&text, options);
            (text, diagnostics)
        }
        Err(err) => {
            let bytes = err.into_bytes();
            let diagnostics = dalint_core::lint_bytes(&bytes, options);
            (String::from_utf8_lossy(&bytes).into_owned(), diagnostics)
        }
    };
    if matches!(source, Source::Walked(_)) && diagnostics.iter().all(|d| d.code == "SCH001") && !diagnostics.is_empty()
    {
        return Ok(None);
    }
    let path = source.display_path();
    let file = match source {
        Source::Stdin { .. } => None,
        Source::Explicit(p) | Source::Walked(p) => Some(p.clone()),
    };
    let report = |text: String, diagnostics, fix, fix_error| FileReport {
        path: path.clone(),
        file: file.clone(),
        text,
        diagnostics,
        fix,
        fix_error,
        baselined: 0,
        redaction_show: options.redaction.show.clone(),
        file_name: options.file_name.clone(),
    };
    let parsed = !diagnostics.iter().any(|d| d.code.starts_with("PAR"));
    let (fix_options, replace_diagnostics) = match mode {
        FixMode::None => return Ok(Some(report(without_bom(text), diagnostics, None, None))),
        FixMode::Write(o) => (o, true),
        FixMode::Preview(o) => (o, false),
    };
    if !parsed {
        return Ok(Some(report(without_bom(text), diagnostics, None, None)));
    }
    Ok(Some(match apply_fixes(&text, options, fix_options) {
        Ok(outcome) if replace_diagnostics => {
            diagnostics = outcome.remaining.clone();
            let text = dalint_core::text::strip_bom(&outcome.text).1.to_owned();
            report(text, diagnostics, Some(outcome), None)
        }
        Ok(mut outcome) => {
            // A preview keeps no secret in memory longer than needed.
            outcome.provisioning.clear();
            report(without_bom(text), diagnostics, Some(outcome), None)
        }
        Err(err) => report(without_bom(text), diagnostics, None, Some(err.to_string())),
    }))
}

/// The text after any BOM, in the same allocation (ranges refer to the BOM-less text).
fn without_bom(mut text: String) -> String {
    if text.starts_with(dalint_core::text::BOM) {
        text.drain(..dalint_core::text::BOM.len());
    }
    text
}

/// Writes one payload file per extracted secret, readable by the owner only.
fn write_provisioning(dir: &Path, payloads: &[&Provisioning]) -> Result<(), String> {
    if payloads.is_empty() {
        return Ok(());
    }
    fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    for payload in payloads {
        let path = dir.join(payload.file_name());
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
        if payload.target == Provisioning::TERRAFORM_VARIABLE {
            // Names and paths only: the value stays in the file.
            eprintln!(
                "dalint: wrote the sensitive variable `{name}` to `{path}`: pass it with `-var-file={path}` \
                 or as TF_VAR_{name}",
                name = payload.name,
                path = path.display()
            );
        }
    }
    Ok(())
}

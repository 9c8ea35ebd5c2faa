//! Writes generated Data Action files and a manifest of the planted secrets (for
//! `bench/compare.sh`).
//!
//! ```text
//! dalint-testgen --preset sparse|dense|clean --bytes N [--seed S] [--files K] --out PATH --manifest FILE
//! ```
//! With `--files K`, `PATH` is a directory that receives K files of N/K bytes each.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use dalint_testgen::json::escape;
use dalint_testgen::{generate_seeded, Config, Generated};

struct Args {
    preset: String,
    bytes: usize,
    seed: u64,
    files: usize,
    out: String,
    manifest: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { preset: "sparse".into(), bytes: 0, seed: 1, files: 1, out: String::new(), manifest: None };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--preset" => args.preset = value()?,
            "--bytes" => args.bytes = parse_size(&value()?)?,
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--files" => args.files = value()?.parse().map_err(|e| format!("--files: {e}"))?,
            "--out" => args.out = value()?,
            "--manifest" => args.manifest = Some(value()?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.out.is_empty() || args.bytes == 0 || args.files == 0 {
        return Err("usage: dalint-testgen --preset sparse|dense|clean --bytes N[K|M] [--seed S] [--files K] --out PATH [--manifest FILE]".into());
    }
    Ok(args)
}

/// `123`, `64K`, `10M` (binary units).
fn parse_size(s: &str) -> Result<usize, String> {
    let (digits, unit) = match s.strip_suffix(['K', 'k']) {
        Some(d) => (d, 1024),
        None => match s.strip_suffix(['M', 'm']) {
            Some(d) => (d, 1024 * 1024),
            None => (s, 1),
        },
    };
    digits.parse::<usize>().map(|n| n * unit).map_err(|e| format!("bad size `{s}`: {e}"))
}

fn config(preset: &str, bytes: usize) -> Result<Config, String> {
    match preset {
        "sparse" => Ok(Config::sparse(bytes)),
        "dense" => Ok(Config::dense(bytes)),
        "clean" => Ok(Config::sized(bytes)),
        other => Err(format!("unknown preset `{other}` (sparse, dense, clean)")),
    }
}

fn manifest_entry(path: &str, doc: &Generated) -> String {
    let planted: Vec<String> = doc
        .planted
        .iter()
        .map(|p| {
            format!(
                "{{\"kind\": {}, \"line\": {}, \"pointer\": {}, \"value\": {}}}",
                escape(p.kind.name()),
                p.line,
                escape(&p.pointer),
                escape(&p.value)
            )
        })
        .collect();
    format!(
        "{{\"path\": {}, \"bytes\": {}, \"actions\": {}, \"planted\": [{}]}}",
        escape(path),
        doc.text.len(),
        doc.actions,
        planted.join(",\n  ")
    )
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let mut entries = Vec::new();
    let write =
        |path: &str, doc: &Generated| fs::write(path, &doc.text).map_err(|e| format!("cannot write {path}: {e}"));
    if args.files == 1 {
        let doc = generate_seeded(&config(&args.preset, args.bytes)?, args.seed);
        write(&args.out, &doc)?;
        entries.push(manifest_entry(&args.out, &doc));
    } else {
        fs::create_dir_all(&args.out).map_err(|e| format!("cannot create {}: {e}", args.out))?;
        let per_file = args.bytes.div_ceil(args.files);
        for i in 0..args.files {
            let doc = generate_seeded(&config(&args.preset, per_file)?, args.seed.wrapping_add(i as u64));
            let path = Path::new(&args.out).join(format!("action-{i:05}.json")).display().to_string();
            write(&path, &doc)?;
            entries.push(manifest_entry(&path, &doc));
        }
    }
    if let Some(manifest) = &args.manifest {
        let text = format!(
            "{{\"preset\": {}, \"seed\": {}, \"files\": [\n{}\n]}}\n",
            escape(&args.preset),
            args.seed,
            entries.join(",\n")
        );
        fs::write(manifest, text).map_err(|e| format!("cannot write {manifest}: {e}"))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dalint-testgen: {e}");
            ExitCode::from(2)
        }
    }
}

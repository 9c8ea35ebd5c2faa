//! Documents that once broke a property (fuzz targets, property tests): every file in
//! `tests/regressions/` must lint with valid ranges, fix idempotently into parsable JSON, preview,
//! and finish in bounded time; with a `<stem>.secrets` file (one planted secret per line), no
//! output may contain any of them. A `<stem>.options.json` gives the options to use.
//! The file name says what went wrong.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use dalint_core::fix::FixOptions;
use dalint_core::parse::{parse, Dialect};
use dalint_core::{lint, Options};
use support::{check_any_bytes, check_fix_edits, check_fix_outcome, check_outputs, check_single_fixes, ALL_FIXES};

fn documents() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/regressions exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
            (name.ends_with(".json") || name.ends_with(".jsonc")) && !name.ends_with(".options.json")
        })
        .collect();
    files.sort();
    files
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let stem = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    path.with_file_name(format!("{stem}{suffix}"))
}

fn options_for(path: &Path) -> Options {
    let mut options: Options = match fs::read_to_string(sidecar(path, ".options.json")) {
        Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        Err(_) => Options::default(),
    };
    options.file_name = Some(path.file_name().unwrap_or_default().to_string_lossy().into_owned());
    options
}

/// A document that hangs fails the test instead of hanging it (several of these were exponential).
const HANG: Duration = Duration::from_secs(60);

#[test]
fn every_regression_document_holds_the_properties() {
    let files = documents();
    assert!(files.len() >= 10, "the regression documents are missing: {files:?}");
    for path in files {
        let (done, finished) = mpsc::channel();
        let checked = path.clone();
        let worker = thread::spawn(move || {
            check_document(&checked);
            let _ = done.send(());
        });
        match finished.recv_timeout(HANG) {
            Ok(()) => worker.join().unwrap_or_else(|_| panic!("{} failed (above)", path.display())),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let _ = worker.join();
                panic!("{} failed (above)", path.display());
            }
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("{} did not finish in {HANG:?}", path.display()),
        }
    }
}

/// Lints, fixes and previews one document; panics on the first broken property.
fn check_document(path: &Path) {
    let name = path.display();
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let options = options_for(path);
    check_any_bytes(&bytes, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
    let Ok(text) = String::from_utf8(bytes) else { return };
    let dialect = Dialect::for_file_name(options.file_name.as_deref());
    if parse(&text, dialect).is_ok() {
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let diagnostics = lint(&text, &options);
        check_fix_edits(body, &diagnostics, dialect).unwrap_or_else(|e| panic!("{name}: {e}"));
        check_single_fixes(&text, &options, &diagnostics).unwrap_or_else(|e| panic!("{name}: {e}"));
        for fix_options in [FixOptions::default(), ALL_FIXES] {
            check_fix_outcome(&text, &options, fix_options).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    // Every output (the preview too) is rendered for every document; the planted secrets, when
    // the document has them, must be in none of them.
    let secrets = fs::read_to_string(sidecar(path, ".secrets")).unwrap_or_default();
    let forbidden: Vec<&str> = secrets.lines().filter(|l| !l.is_empty()).collect();
    check_outputs(&text, &options, &forbidden).unwrap_or_else(|e| panic!("{name}: {e}"));
}

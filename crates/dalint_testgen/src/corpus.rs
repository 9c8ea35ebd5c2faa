//! The corpus of real Genesys exports, for the tests that read it. It lives outside the
//! repository (`<repo>/../shared/corpus/genesys-exports`, or further up for a git worktree) and is
//! never copied into it, so a plain clone has no corpus: those tests then say that they were
//! skipped and why, and pass. `DALINT_CORPUS=/path/to/genesys-exports` points elsewhere,
//! `DALINT_CORPUS=skip` skips on purpose, and under `CI=true` a missing corpus is a failure (CI
//! must not skip them silently).

use std::io::Write;
use std::path::{Path, PathBuf};

const CORPUS_SUBDIR: &str = "shared/corpus/genesys-exports";

/// The corpus folder, or `None` (after printing why) when the test `test` is skipped.
pub fn corpus_dir(test: &str) -> Option<PathBuf> {
    match std::env::var("DALINT_CORPUS") {
        Ok(value) if value == "skip" => skipped(test, "DALINT_CORPUS=skip"),
        Ok(value) => {
            let dir = PathBuf::from(&value);
            assert!(dir.is_dir(), "DALINT_CORPUS={value} is not a directory");
            Some(dir)
        }
        Err(_) => {
            let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
            let repo = repo.canonicalize().unwrap_or(repo);
            let found = repo.ancestors().skip(1).map(|dir| dir.join(CORPUS_SUBDIR)).find(|dir| dir.is_dir());
            if found.is_none() {
                let why = format!(
                    "the corpus of real Genesys exports is not at {}/../{CORPUS_SUBDIR} (nor further up); \
                     set DALINT_CORPUS=/path/to/genesys-exports to run it",
                    repo.display()
                );
                assert!(std::env::var("CI").as_deref() != Ok("true"), "{test}: CI=true and {why}");
                return skipped(test, &why);
            }
            found
        }
    }
}

/// The corpus's `.json` files, sorted; `None` (after printing why) when skipped.
pub fn corpus_files(test: &str) -> Option<Vec<PathBuf>> {
    let dir = corpus_dir(test)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .json in {}", dir.display());
    Some(files)
}

/// Says on the terminal that `test` was skipped. Written to stderr directly: the test harness
/// captures `eprintln!` of passing tests, and a skip must be seen.
fn skipped<T>(test: &str, why: &str) -> Option<T> {
    // One write, so that parallel tests do not interleave their lines.
    let _ = std::io::stderr().write_all(format!("SKIPPED {test}: {why}\n").as_bytes());
    None
}

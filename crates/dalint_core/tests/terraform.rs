//! Terraform (CX as Code) end to end in the core: the real `.tf` files of the shared corpus (every
//! action resource found and previewed; the two that bake a variable into a header reported with
//! the rewrite), and every `.tf` fixture's fixed text still valid HCL and `terraform fmt` clean.
//!
//! The corpus lives outside the repository: without it these tests print why and pass, except
//! under `CI=true`, where a missing corpus fails. `DALINT_CORPUS=/path` points elsewhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use dalint_core::fix::{apply_fixes, FixOptions};
use dalint_core::language::preview;
use dalint_core::preview::PreviewOptions;
use dalint_core::{lint, Options, Severity};

const CORPUS_SUBDIR: &str = "shared/corpus/genesys-exports";

fn repo() -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    repo.canonicalize().unwrap_or(repo)
}

fn corpus_dir() -> Option<PathBuf> {
    let found = match std::env::var("DALINT_CORPUS") {
        Ok(value) if value == "skip" => return None,
        Ok(value) => Some(PathBuf::from(value)),
        Err(_) => repo().ancestors().skip(1).map(|dir| dir.join(CORPUS_SUBDIR)).find(|dir| dir.is_dir()),
    };
    if found.is_none() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but the corpus ../{CORPUS_SUBDIR} is missing");
        eprintln!("skipped: the corpus ../{CORPUS_SUBDIR} is not here (a clone without ../shared)");
    }
    found
}

/// `file → (action resources, secret_supplied_via_input_or_var)` for the `.tf` rows of FLAGS.tsv.
fn tf_flags(dir: &Path) -> Vec<(String, usize, String)> {
    let tsv = std::fs::read_to_string(dir.join("FLAGS.tsv")).expect("FLAGS.tsv is readable");
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (file, input) = (column("file"), column("secret_supplied_via_input_or_var"));
    lines
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .filter(|row| row[file].ends_with(".tf"))
        .map(|row| {
            let actions = row.iter().find_map(|c| c.strip_suffix(" action resource(s)")).and_then(|n| n.parse().ok());
            (row[file].to_owned(), actions.unwrap_or(0), row[input].to_owned())
        })
        .collect()
}

#[test]
fn corpus_terraform_actions_are_found_previewed_and_their_baked_variables_reported() {
    let Some(dir) = corpus_dir() else { return };
    let rows = tf_flags(&dir);
    assert_eq!(rows.len(), 10, "the corpus has 10 .tf files");
    let (mut expected_actions, mut previewed) = (0, 0);
    for (file, actions, input) in rows {
        let text = std::fs::read_to_string(dir.join(&file)).expect("readable");
        let options = Options { file_name: Some(file.clone()), ..Options::default() };
        let preview_options = PreviewOptions { file_name: Some(file.clone()), ..Default::default() };
        let shown = preview(&text, &preview_options).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(shown.actions.len(), actions, "{file}: action resources");
        assert!(shown.actions.iter().all(|a| a.pointer.starts_with("/resource/genesyscloud_integration_")), "{file}");
        expected_actions += actions;
        previewed += shown.actions.len();

        let diagnostics = lint(&text, &options);
        assert!(diagnostics.iter().all(|d| !d.code.starts_with("PAR")), "{file}: {diagnostics:#?}");
        let baked: Vec<_> = diagnostics.iter().filter(|d| d.code == "SEC009").collect();
        let flagged = input.contains("Terraform variable");
        assert_eq!(baked.len(), usize::from(flagged), "{file}: SEC009 {baked:#?}");
        assert!(baked.iter().all(|d| !d.fixes.is_empty() && d.message.contains("genesyscloud_integration_credential")));
        // No literal secret in these files: nothing claims one.
        assert!(diagnostics.iter().all(|d| d.code != "SEC001"), "{file}: {diagnostics:#?}");
        let summary: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity >= Severity::Warning)
            .map(|d| format!("{} {}", d.code, d.pointer))
            .collect();
        eprintln!("{file}: {actions} action(s); {summary:?}");

        let fix_options = FixOptions { unsafe_fixes: true, keep_secrets: false, discard_secrets: true };
        let fixed = apply_fixes(&text, &options, fix_options).unwrap_or_else(|e| panic!("{file}: {e}"));
        dalint_core::terraform::check_parses(&fixed.text, dalint_core::terraform::FileKind::Module)
            .unwrap_or_else(|e| panic!("{file}: {e:?}"));
        assert!(!fixed.remaining.iter().any(|d| d.code == "SEC009"), "{file}");
        let again = apply_fixes(&fixed.text, &options, fix_options).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(again.text, fixed.text, "{file}: a second fix pass changes nothing");
    }
    assert_eq!((expected_actions, previewed), (12, 12));
}

/// `terraform fmt` of `text`, or `None` when terraform is not installed.
fn terraform_fmt(text: &str) -> Option<String> {
    let mut child = Command::new("terraform")
        .args(["fmt", "-no-color", "-"])
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    std::io::Write::write_all(&mut child.stdin.take()?, text.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    assert!(out.status.success(), "terraform fmt refused the text: {}\n{text}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn fixed_terraform_fixtures_stay_valid_and_formatted() {
    let root = repo().join("tests/fixtures");
    let mut checked = 0;
    let mut formatted = 0;
    for dir in std::fs::read_dir(&root).expect("tests/fixtures").flatten() {
        for file in std::fs::read_dir(dir.path()).expect("fixture dir").flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            let Some(kind) = dalint_core::terraform::FileKind::for_file_name(Some(&name)).filter(|k| {
                matches!(k, dalint_core::terraform::FileKind::Module | dalint_core::terraform::FileKind::ModuleJson)
            }) else {
                continue;
            };
            let text = std::fs::read_to_string(file.path()).expect("readable");
            let options = Options { file_name: Some(name.clone()), ..Options::default() };
            let fix_options = FixOptions { unsafe_fixes: true, keep_secrets: false, discard_secrets: true };
            let fixed = apply_fixes(&text, &options, fix_options).unwrap_or_else(|e| panic!("{name}: {e}"));
            dalint_core::terraform::check_parses(&fixed.text, kind).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            checked += 1;
            // A second pass finds nothing more to fix.
            let again = apply_fixes(&fixed.text, &options, fix_options).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(again.text, fixed.text, "{name}: a second --fix changed the file");
            if kind == dalint_core::terraform::FileKind::ModuleJson {
                // `terraform fmt` formats the native syntax only; JSON is checked by re-parsing.
                serde_json::from_str::<serde_json::Value>(&fixed.text).unwrap_or_else(|e| panic!("{name}: {e}"));
                continue;
            }
            if let Some(formatted_text) = terraform_fmt(&fixed.text) {
                assert_eq!(formatted_text, fixed.text, "{name}: the fixed file is not `terraform fmt` clean");
                formatted += 1;
            }
        }
    }
    assert!(checked >= 2, "the .tf fixtures were found");
    if formatted == 0 {
        eprintln!("note: terraform is not installed; `terraform fmt -check` of the fixed fixtures was skipped");
    }
}

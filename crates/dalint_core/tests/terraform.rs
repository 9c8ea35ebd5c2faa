//! Terraform (CX as Code) end to end in the core: the real `.tf` files of the shared corpus (every
//! action resource found and previewed; the two that bake a variable into a header reported with
//! the rewrite), every `.tf` fixture's fixed text still valid HCL and `terraform fmt` clean, and
//! every one of those `.tf` files written in Terraform's JSON syntax (`.tf.json`) getting the same
//! findings, previews and fixes.
//!
//! The corpus lives outside the repository: without it these tests print why and pass, except
//! under `CI=true`, where a missing corpus fails. `DALINT_CORPUS=/path` points elsewhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use dalint_core::fix::{apply_fixes, FixOptions};
use dalint_core::language::preview;
use dalint_core::preview::PreviewOptions;
use dalint_core::{lint, Options, Severity};

#[path = "support/terraform_json.rs"]
mod terraform_json;
use terraform_json::to_terraform_json;

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

/// What a linter finds, position aside.
fn findings(text: &str, file_name: &str) -> Vec<(String, String, Severity)> {
    let options = Options { file_name: Some(file_name.to_owned()), ..Options::default() };
    let mut found: Vec<_> =
        lint(text, &options).into_iter().map(|d| (d.code.to_owned(), d.pointer, d.severity)).collect();
    found.sort();
    found
}

/// The preview as text, without the positions of its notes.
fn preview_text(text: &str, file_name: &str) -> String {
    let options = PreviewOptions { file_name: Some(file_name.to_owned()), ..Default::default() };
    let Ok(preview) = preview(text, &options) else { return "no preview".to_owned() };
    dalint_core::preview::format::to_text(&preview)
        .lines()
        .map(|line| match line.strip_prefix("# note ").and_then(|rest| rest.split_once(": ")) {
            Some((_, message)) => format!("# note: {message}"),
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn terraform_json_syntax_gets_the_findings_fixes_and_previews_of_the_native_syntax() {
    let mut texts: Vec<(String, String)> = Vec::new();
    for dir in std::fs::read_dir(repo().join("tests/fixtures")).expect("tests/fixtures").flatten() {
        for file in std::fs::read_dir(dir.path()).expect("fixture dir").flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tf") {
                texts.push((format!("fixture {name}"), std::fs::read_to_string(file.path()).expect("readable")));
            }
        }
    }
    let corpus = corpus_dir();
    if let Some(corpus) = &corpus {
        for file in std::fs::read_dir(corpus).expect("corpus").flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tf") {
                texts.push((format!("corpus {name}"), std::fs::read_to_string(file.path()).expect("readable")));
            }
        }
    }
    let (mut compared, mut total, mut skipped) = (0, 0, Vec::new());
    for (what, text) in &texts {
        let Some(json) = to_terraform_json(text) else {
            skipped.push(what.as_str());
            continue;
        };
        let native = findings(text, "main.tf");
        assert!(native.iter().all(|(code, ..)| !code.starts_with("PAR")), "{what}: {native:?}");
        total += native.len();
        assert_eq!(findings(&json, "main.tf.json"), native, "{what}: the findings differ\n{json}");
        assert_eq!(preview_text(&json, "main.tf.json"), preview_text(text, "main.tf"), "{what}: the previews differ");
        // Fixed, the JSON still parses, holds nothing more to fix, and finds what the fixed
        // native text finds.
        let fix = FixOptions { unsafe_fixes: true, keep_secrets: false, discard_secrets: true };
        let json_options = Options { file_name: Some("main.tf.json".to_owned()), ..Options::default() };
        let fixed = apply_fixes(&json, &json_options, fix).unwrap_or_else(|e| panic!("{what}: {e}"));
        serde_json::from_str::<serde_json::Value>(&fixed.text)
            .unwrap_or_else(|e| panic!("{what}: {e}\n{}", fixed.text));
        let again = apply_fixes(&fixed.text, &json_options, fix).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(again.text, fixed.text, "{what}: a second fix changed the JSON");
        let tf_options = Options { file_name: Some("main.tf".to_owned()), ..Options::default() };
        let fixed_native = apply_fixes(text, &tf_options, fix).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            findings(&fixed.text, "main.tf.json"),
            findings(&fixed_native.text, "main.tf"),
            "{what}: after the fixes the findings differ\n{}",
            fixed.text
        );
        compared += 1;
    }
    // The fixtures alone (a clone without ../shared): 12 files, 15 findings; the corpus adds 10
    // files and 21 findings.
    let (files, findings) = if corpus.is_some() { (18, 30) } else { (8, 12) };
    assert!(
        compared >= files && total >= findings,
        "compared {compared} files, {total} findings (skipped {skipped:?})"
    );
    eprintln!("compared {compared} .tf files ({total} findings) with their .tf.json form; skipped: {skipped:?}");
}

/// The `.tf` fixtures and their `.tf.json` forms, for the mutation property below (read once).
fn terraform_texts() -> &'static [(String, &'static str)] {
    static TEXTS: std::sync::OnceLock<Vec<(String, &'static str)>> = std::sync::OnceLock::new();
    TEXTS.get_or_init(read_terraform_texts)
}

fn read_terraform_texts() -> Vec<(String, &'static str)> {
    let mut texts = Vec::new();
    for dir in std::fs::read_dir(repo().join("tests/fixtures")).expect("tests/fixtures").flatten() {
        for file in std::fs::read_dir(dir.path()).expect("fixture dir").flatten() {
            if file.file_name().to_string_lossy().ends_with(".tf") {
                let text = std::fs::read_to_string(file.path()).expect("readable");
                if let Some(json) = to_terraform_json(&text) {
                    texts.push((json, "main.tf.json"));
                }
                texts.push((text, "main.tf"));
            }
        }
    }
    texts.sort();
    texts
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 256, ..Default::default() })]

    /// Broken Terraform, in either syntax (cut anywhere, or a quote, brace, backslash, `$` or `%`
    /// inserted anywhere), never panics: it gets diagnostics whose ranges fall on the text's
    /// character boundaries, a preview or a parse error, and fixes that apply or leave it alone.
    #[test]
    fn broken_terraform_gets_positioned_diagnostics_and_never_panics(
        pick in 0usize..1000,
        at in 0usize..100_000,
        cut in proptest::bool::ANY,
        inserted in proptest::sample::select(&["\"", "{", "}", "\\", "$", "%", "${", "$${", ",", "\u{1F600}"][..]),
    ) {
        let texts = terraform_texts();
        let (text, file_name) = &texts[pick % texts.len()];
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let broken = if cut { text[..at].to_owned() } else { format!("{}{inserted}{}", &text[..at], &text[at..]) };
        let options = Options { file_name: Some((*file_name).to_owned()), ..Options::default() };
        for d in lint(&broken, &options) {
            proptest::prop_assert!(d.range.start <= d.range.end && d.range.end <= broken.len(), "{d:?}");
            proptest::prop_assert!(broken.is_char_boundary(d.range.start) && broken.is_char_boundary(d.range.end), "{d:?}");
        }
        let _ = preview(&broken, &PreviewOptions { file_name: Some((*file_name).to_owned()), ..Default::default() });
        let fix = FixOptions { unsafe_fixes: true, keep_secrets: false, discard_secrets: true };
        if let Ok(fixed) = apply_fixes(&broken, &options, fix) {
            if fixed.text != broken {
                let kind = dalint_core::terraform::FileKind::for_file_name(Some(file_name)).expect("Terraform");
                proptest::prop_assert!(dalint_core::terraform::check_parses(&fixed.text, kind).is_ok(), "{}", fixed.text);
            }
        }
    }
}

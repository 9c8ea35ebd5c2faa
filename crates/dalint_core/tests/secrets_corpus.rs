//! The credential rules over the real Genesys exports of the shared corpus, checked against its
//! labels (`FLAGS.tsv`): no hard-coded secret is reported (there is none), every placeholder
//! left in an auth position is `SEC002`, every credential passed in from the flow is `SEC003`,
//! and nothing else is reported by either. Every rewrite applies cleanly and converges.
//!
//! The corpus lives outside the repository: see [`dalint_testgen::corpus`] for when these tests
//! are skipped (a plain clone) and when a missing corpus fails (`CI=true`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dalint_core::fix::{apply_fixes, FixOptions};
use dalint_core::{lint, Options};
use dalint_testgen::corpus::corpus_dir;

/// `file → (hardcoded_secret_or_placeholder, secret_supplied_via_input_or_var)` from FLAGS.tsv.
fn flags(dir: &Path) -> BTreeMap<String, (String, String)> {
    let tsv = std::fs::read_to_string(dir.join("FLAGS.tsv")).expect("FLAGS.tsv is readable");
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (file, hardcoded, input) =
        (column("file"), column("hardcoded_secret_or_placeholder"), column("secret_supplied_via_input_or_var"));
    lines
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .filter(|cells| cells.len() > input.max(hardcoded))
        .map(|cells| (cells[file].to_owned(), (cells[hardcoded].to_owned(), cells[input].to_owned())))
        .collect()
}

#[test]
fn corpus_credentials_match_the_labels() {
    let Some(dir) = corpus_dir("corpus_credentials_match_the_labels") else { return };
    let labels = flags(&dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() > 100, "expected the whole corpus in {}", dir.display());
    let mut failures = Vec::new();
    let (mut placeholders, mut inputs) = (0, 0);
    for path in &files {
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).expect("corpus file is UTF-8");
        let options = Options { file_name: Some(name.clone()), ..Options::default() };
        let diagnostics = lint(&text, &options);
        let codes = |code: &str| diagnostics.iter().filter(|d| d.code == code).count();
        let (hardcoded, input) = labels.get(&name).cloned().unwrap_or_else(|| ("-".into(), "-".into()));
        if codes("SEC001") > 0 {
            failures.push(format!("{name}: SEC001 on a file without real secrets"));
        }
        let expect_placeholder = hardcoded != "-" || (input.contains("webhook") && !text.contains("${input.webhook"));
        if expect_placeholder != (codes("SEC002") > 0) {
            failures.push(format!("{name}: labelled {hardcoded:?}, SEC002 x{}", codes("SEC002")));
        }
        let expect_input =
            input.contains("x-api-key") || input.contains("url query") || text.contains("${input.webhook");
        if expect_input != (codes("SEC003") > 0) {
            failures.push(format!("{name}: labelled {input:?}, SEC003 x{}", codes("SEC003")));
        }
        placeholders += codes("SEC002");
        inputs += codes("SEC003");

        let fix_options = FixOptions { unsafe_fixes: true, keep_secrets: false, discard_secrets: true };
        match apply_fixes(&text, &options, fix_options) {
            Ok(outcome) => match apply_fixes(&outcome.text, &options, fix_options) {
                Ok(again) if again.text == outcome.text => {}
                Ok(_) => failures.push(format!("{name}: a second fix run changed the text")),
                Err(e) => failures.push(format!("{name}: second run refused: {e}")),
            },
            Err(e) => failures.push(format!("{name}: fixes refused: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(placeholders >= 3 && inputs >= 8, "SEC002 x{placeholders}, SEC003 x{inputs}");
}

#[test]
fn corpus_named_examples() {
    let Some(dir) = corpus_dir("corpus_named_examples") else { return };
    let expect = [
        (
            "GenesysCloudBlueprints__workautomation-hubspot-ticketing-sample__exports__Add_DataAction_for_creating_HubSpot_tickets.json",
            "SEC002",
            "/config/request/headers/Authorization",
        ),
        (
            "GenesysCloudBlueprints__limitless-flows-blueprint__blueprint__DataActions__Limitless---Shorten-Link-v1-2021062184350.custom.json",
            "SEC002",
            "/config/request/headers/Authorization",
        ),
        (
            "GenesysCloudBlueprints__limitless-flows-blueprint__blueprint__DataActions__Limitless---Send-Email-Reply-v1-20210722145321.custom.json",
            "SEC002",
            "/config/request/requestTemplate",
        ),
        (
            "GenesysCloudBlueprints__limitless-flows-blueprint__blueprint__DataActions__Limitless---Get-Full-Event-from-SmartCrowd-v1-2021062184345.custom.json",
            "SEC003",
            "/config/request/headers/x-api-key",
        ),
    ];
    for (file, code, pointer) in expect {
        let text = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let diagnostics = lint(&text, &Options::default());
        assert!(
            diagnostics.iter().any(|d| d.code == code && d.pointer == pointer),
            "{file}: expected {code} at {pointer}, got {:?}",
            diagnostics.iter().map(|d| (d.code, d.pointer.as_str())).collect::<Vec<_>>()
        );
    }
}

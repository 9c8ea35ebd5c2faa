//! Preview snapshots: every file in `tests/preview/` (one kind of action each: the guide's shape,
//! an export, the Platform API list, a function action, a custom auth action, placeholder URLs,
//! an invalid body, given inputs, a sample response, Salesforce) rendered as text, curl and the
//! JSON document. Sidecars `NAME.inputs.json` and `NAME.response.json` supply inputs and a
//! response. Update with `INSTA_UPDATE=always cargo test -p dalint_core --test preview`.
//!
//! Also: the real exports of the shared corpus all preview, and the template findings on them
//! are recorded.

use std::fs;
use std::path::{Path, PathBuf};

use dalint_core::preview::{format, ActionSelector, PreviewError, PreviewOptions};
use dalint_core::{lint_bytes, Options};
use dalint_testgen::corpus::corpus_files;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/preview")
}

fn sidecar(path: &Path, kind: &str) -> Option<serde_json::Value> {
    let stem = path.file_stem()?.to_string_lossy().into_owned();
    let file = path.with_file_name(format!("{stem}.{kind}.json"));
    let text = fs::read_to_string(&file).ok()?;
    Some(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display())))
}

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(fixtures_dir())
        .expect("tests/preview exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
            name.ends_with(".json") && !name.ends_with(".inputs.json") && !name.ends_with(".response.json")
        })
        .collect();
    files.sort();
    files
}

fn options_for(path: &Path) -> PreviewOptions {
    PreviewOptions {
        inputs: sidecar(path, "inputs").map(|v| match v {
            serde_json::Value::Object(map) => map,
            other => panic!("{}: inputs must be an object, got {other}", path.display()),
        }),
        response: sidecar(path, "response"),
        action: None,
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
        redaction: Default::default(),
        module_files: Default::default(),
    }
}

#[test]
fn previews_match_their_snapshots() {
    let files = fixtures();
    assert!(files.len() >= 10, "expected the preview fixtures, found {}", files.len());
    for path in files {
        let text = fs::read_to_string(&path).expect("readable fixture");
        let preview = dalint_core::language::preview(&text, &options_for(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!preview.actions.is_empty(), "{}: no action previewed", path.display());
        let mut document = format::to_json(&preview);
        // The version changes with every release; the snapshot keeps the rest.
        assert_eq!(document["tool"]["version"], dalint_core::VERSION);
        document["tool"]["version"] = serde_json::json!("[version]");
        let json = serde_json::to_string_pretty(&document).expect("serialisable");
        let snapshot = format!(
            "## input\n{text}\n## text\n{}\n## curl\n{}\n## json\n{json}\n",
            format::to_text(&preview),
            format::to_curl(&preview)
        );
        let stem = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        insta::with_settings!({
            snapshot_path => fixtures_dir(),
            prepend_module_to_snapshot => false,
            omit_expression => true,
            input_file => path.clone(),
        }, {
            insta::assert_snapshot!(stem, snapshot);
        });
    }
}

#[test]
fn the_json_document_has_the_documented_shape() {
    let path = fixtures_dir().join("export.json");
    let text = fs::read_to_string(&path).expect("fixture");
    let preview = dalint_core::language::preview(&text, &options_for(&path)).expect("previews");
    let doc = format::to_json(&preview);
    assert_eq!(doc["schemaVersion"], 1);
    let action = &doc["actions"][0];
    for key in ["pointer", "name", "method", "url", "headers", "body", "notes"] {
        assert!(action.get(key).is_some(), "missing {key}");
    }
    assert_eq!(action["method"], "POST");
    assert_eq!(action["headers"][0]["name"], "Authorization");
    let note = &action["notes"][0];
    for key in ["message", "pointer", "range"] {
        assert!(note.get(key).is_some(), "note misses {key}");
    }
    assert!(note["range"]["start"]["line"].is_u64() && note["range"]["end"]["character"].is_u64());
    // The body is what Genesys would send: valid JSON here.
    let body: serde_json::Value =
        serde_json::from_str(action["body"].as_str().expect("body")).expect("the body is JSON");
    assert_eq!(body["ticket"]["priority"], 2);
    assert_eq!(body["ticket"]["shown"], "${input.nothing}");
    assert_eq!(body["ticket"]["missing"], "");
}

#[test]
fn actions_are_chosen_by_index_or_name() {
    let text = fs::read_to_string(fixtures_dir().join("placeholder_url.json")).expect("fixture");
    let pick = |s: &str| {
        dalint_core::language::preview(
            &text,
            &PreviewOptions { action: Some(ActionSelector::parse(s)), ..Default::default() },
        )
        .map(|p| p.actions.iter().map(|a| (a.index, a.name.clone().unwrap_or_default())).collect::<Vec<_>>())
    };
    assert_eq!(pick("1"), Ok(vec![(1, "Create booking".to_owned())]));
    assert_eq!(pick("Notify"), Ok(vec![(2, "Notify".to_owned())]));
    assert_eq!(pick("send EMAIL"), Ok(vec![(0, "Send email reply".to_owned())]));
    assert_eq!(pick("create"), Ok(vec![(1, "Create booking".to_owned())]));
    assert!(matches!(pick("3"), Err(PreviewError::NoSuchAction { .. })));
    assert!(matches!(pick("nope"), Err(PreviewError::NoSuchAction { .. })));
    assert!(matches!(
        dalint_core::language::preview("{\"a\": ", &PreviewOptions::default()),
        Err(PreviewError::Parse(_))
    ));
    // Not a Data Action: nothing to preview, and no error.
    assert_eq!(
        dalint_core::language::preview("{\"a\": 1}", &PreviewOptions::default()).map(|p| p.actions.len()),
        Ok(0)
    );
}

#[test]
fn options_deserialise_from_a_plain_object() {
    let options: PreviewOptions =
        serde_json::from_str(r#"{"inputs": {"q": "x"}, "response": [1], "action": 2, "fileName": "a.jsonc"}"#)
            .expect("options");
    assert_eq!(options.action, Some(ActionSelector::Index(2)));
    assert_eq!(options.inputs.map(|m| m.len()), Some(1));
    assert_eq!(options.file_name.as_deref(), Some("a.jsonc"));
    let by_name: PreviewOptions = serde_json::from_str(r#"{"action": "Get queue"}"#).expect("options");
    assert_eq!(by_name.action, Some(ActionSelector::Name("Get queue".into())));
    assert_eq!(serde_json::from_str::<PreviewOptions>("{}").ok(), Some(PreviewOptions::default()));
    assert!(serde_json::from_str::<PreviewOptions>(r#"{"input": {}}"#).is_err());
}

#[test]
fn note_positions_count_utf16_after_a_bom_and_crlf() {
    let text = "\u{feff}{\r\n  \"name\": \"😀 事件\",\r\n  \"config\": {\"request\": {\"requestType\": \"GET\",\r\n    \"requestUrlTemplate\": \"/api/v2/x/😀/$Input.id\"}},\r\n  \"integrationType\": \"purecloud-data-actions\"\r\n}\r\n";
    let preview = dalint_core::language::preview(text, &PreviewOptions::default()).expect("previews");
    let note =
        preview.actions[0].notes.iter().find(|n| n.message.contains("has no value")).expect("a note on $Input.id");
    // Line 3 (0-based), after `    "requestUrlTemplate": "/api/v2/x/` and the emoji (2 UTF-16 units) and `/`.
    assert_eq!(note.range.start.line, 3);
    assert_eq!(note.range.start.character, 40);
    assert_eq!(note.range.end.character, 49);
}

#[test]
fn every_corpus_export_previews_in_every_format() {
    let Some(files) = corpus_files("every_corpus_export_previews_in_every_format") else { return };
    for path in &files {
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let bytes = fs::read(path).expect("readable");
        let text = dalint_core::parse::decode(&bytes).unwrap_or_else(|_| panic!("{name}: not UTF-8"));
        let options = PreviewOptions { file_name: Some(name.clone()), ..Default::default() };
        let preview = dalint_core::language::preview(text, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(preview.actions.len(), 1, "{name}");
        let action = &preview.actions[0];
        assert!(!format::to_text(&preview).is_empty() && !format::to_curl(&preview).is_empty());
        serde_json::to_string(&format::to_json(&preview)).unwrap_or_else(|e| panic!("{name}: {e}"));
        // Markers, never raw credential references, in what is sent.
        for part in action.url.iter().chain(action.body.iter()).chain(action.headers.iter().map(|h| &h.value)) {
            assert!(!part.contains("${credentials."), "{name}: an unrendered credential reference");
        }
    }
}

/// What the template rules find on real exports, for review: every TPL001, TPL002 and TPL004
/// finding, and TPL003 counted by where the input lands.
#[test]
fn template_findings_on_the_corpus() {
    let Some(files) = corpus_files("template_findings_on_the_corpus") else { return };
    let mut lines = Vec::new();
    let mut unescaped: std::collections::BTreeMap<String, usize> = Default::default();
    let mut unescaped_files = std::collections::BTreeSet::new();
    for path in &files {
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let options = Options { file_name: Some(name.clone()), ..Options::default() };
        for d in lint_bytes(&fs::read(path).expect("readable"), &options) {
            match d.code {
                "TPL003" => {
                    let place = d.message.split(" into ").nth(1).and_then(|s| s.split(':').next()).unwrap_or("?");
                    *unescaped.entry(place.to_owned()).or_default() += 1;
                    unescaped_files.insert(name.clone());
                }
                code if code.starts_with("TPL") => {
                    lines.push(format!("{code} {name} {}\n    {}", d.pointer, d.message))
                }
                _ => {}
            }
        }
    }
    let mut summary = format!("files: {}\n\nTPL001, TPL002, TPL004:\n", files.len());
    for line in &lines {
        summary.push_str(&format!("  {line}\n"));
    }
    summary.push_str(&format!("\nTPL003 in {} files:\n", unescaped_files.len()));
    for (place, count) in &unescaped {
        summary.push_str(&format!("  {count:4} {place}\n"));
    }
    insta::assert_snapshot!("corpus_template_findings", summary);
}

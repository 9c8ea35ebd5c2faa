use super::*;
use crate::preview::format;

const MAIN_TF: &str = r#"resource "genesyscloud_integration" "crm" {
  intended_state   = "ENABLED"
  integration_type = "custom-rest-actions"
}

resource "genesyscloud_integration_action" "create_ticket" {
  name           = "Create ticket"
  category       = "CRM"
  integration_id = genesyscloud_integration.crm.id
  secure         = false
  contract_input = jsonencode({
    "type" = "object",
    "properties" = {
      "subject" = { "type" = "string" }
    }
  })
  contract_output = jsonencode({ "type" = "object", "properties" = {} })
  config_request {
    request_url_template = "https://crm.example.com/tickets"
    request_type         = "POST"
    request_template     = "{\"subject\": \"$${input.subject}\", \"ü\": \"é\"}"
    headers = {
      Authorization  = "Bearer ${var.bearer_token}"
      "Content-Type" = "application/json"
    }
  }
  config_response {
    translation_map          = {}
    translation_map_defaults = {}
    success_template         = "$${rawResult}"
  }
}
"#;

fn options() -> Options {
    Options { file_name: Some("main.tf".into()), ..Options::default() }
}

#[test]
fn file_kinds_come_from_the_name() {
    assert_eq!(FileKind::for_file_name(Some("a/MAIN.TF")), Some(FileKind::Module));
    assert_eq!(FileKind::for_file_name(Some("prod.tfvars")), Some(FileKind::Vars));
    assert_eq!(FileKind::for_file_name(Some("prod.TFVARS.json")), Some(FileKind::VarsJson));
    assert_eq!(FileKind::for_file_name(Some("a.json")), None);
    assert_eq!(FileKind::for_file_name(None), None);
}

#[test]
fn action_resources_become_export_shaped_json() {
    let body = parse(MAIN_TF).unwrap_or_else(|e| panic!("{e:?}"));
    let transcoded = transcode::transcode(MAIN_TF, &body, &BTreeMap::new());
    assert_eq!(transcoded.actions.len(), 1);
    let json: serde_json::Value = serde_json::from_str(&transcoded.json).unwrap_or_else(|e| panic!("{e}"));
    let action = &json[0];
    assert_eq!(action["integrationType"], "custom-rest-actions");
    assert_eq!(action["config"]["request"]["headers"]["Authorization"], "Bearer ‹var.bearer_token›");
    assert_eq!(action["config"]["request"]["requestTemplate"], "{\"subject\": \"${input.subject}\", \"ü\": \"é\"}");
    assert_eq!(action["contract"]["input"]["inputSchema"]["properties"]["subject"]["type"], "string");
    assert_eq!(action["config"]["response"]["successTemplate"], "${rawResult}");
}

#[test]
fn a_clean_action_lints_clean_and_positions_are_in_the_tf_file() {
    let clean = MAIN_TF
        .replace("Bearer ${var.bearer_token}", "Bearer $${credentials.token}")
        .replace(r#"\"$${input.subject}\""#, "$esc.jsonString($${input.subject})");
    let diagnostics = crate::lint(&clean, &options());
    assert!(diagnostics.iter().all(|d| d.severity < crate::Severity::Warning), "{diagnostics:#?}");
    // A template mistake is reported at its bytes in the `.tf` file, with a Terraform pointer.
    let broken = clean.replace("$${input.subject})", "$${input.subjct})");
    let diagnostics = crate::lint(&broken, &options());
    let unknown =
        diagnostics.iter().find(|d| d.message.contains("subjct")).unwrap_or_else(|| panic!("{diagnostics:#?}"));
    assert_eq!(
        unknown.pointer,
        "/resource/genesyscloud_integration_action/create_ticket/config_request/request_template"
    );
    let shown = &broken[unknown.range.start..unknown.range.end];
    assert!(shown.contains("subjct") && !shown.contains("request_template"), "{shown:?}");
}

#[test]
fn syntax_errors_are_positioned_par001() {
    let diagnostics = crate::lint("resource \"x\" \"y\" {\n  a = \n}\n", &options());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, "PAR001");
    assert!(diagnostics[0].message.starts_with("invalid HCL"), "{}", diagnostics[0].message);
    let deep = format!("a = {}", "[".repeat(10_000));
    assert_eq!(crate::lint(&deep, &options())[0].code, "PAR002");
}

#[test]
fn preview_renders_terraform_escapes_and_markers() {
    let preview = crate::language::preview(
        MAIN_TF,
        &PreviewOptions {
            file_name: Some("main.tf".into()),
            action: Some(ActionSelector::Name("create_ticket".into())),
            ..Default::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(preview.actions.len(), 1);
    let action = &preview.actions[0];
    assert_eq!(action.pointer, "/resource/genesyscloud_integration_action/create_ticket");
    assert_eq!(action.url.as_deref(), Some("https://crm.example.com/tickets"));
    let text = format::to_text(&preview);
    assert!(text.contains("\"subject\": \""), "{text}");
    assert!(!text.contains("$${"), "{text}");
}

#[test]
fn fixes_edit_the_tf_file_with_terraform_escapes() {
    let miscased = MAIN_TF
        .replace("Bearer ${var.bearer_token}", "Bearer $${credentials.token}")
        .replace(r#"\"$${input.subject}\""#, "$esc.jsonString($${Input.subject})");
    let outcome =
        crate::apply_fixes(&miscased, &options(), crate::FixOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(outcome.applied.iter().any(|a| a.code == "TPL002"), "{:?}", outcome.applied);
    assert!(
        outcome
            .text
            .contains(r#"request_template     = "{\"subject\": $esc.jsonString($${input.subject}), \"ü\": \"é\"}""#),
        "{}",
        outcome.text
    );
    check_parses(&outcome.text, FileKind::Module).unwrap_or_else(|e| panic!("{e:?}"));
    let again =
        crate::apply_fixes(&outcome.text, &options(), crate::FixOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(!again.changed());
}

#[test]
fn missing_members_are_named_as_terraform_names_them() {
    let bare = "resource \"genesyscloud_integration_action\" \"a\" {\n  name = \"x\"\n}\n";
    let pointers: Vec<String> = crate::lint(bare, &options()).into_iter().map(|d| d.pointer).collect();
    assert!(
        pointers.contains(&"/resource/genesyscloud_integration_action/a/contract_input".to_owned()),
        "{pointers:?}"
    );
    assert!(
        pointers.contains(&"/resource/genesyscloud_integration_action/a/config_request".to_owned()),
        "{pointers:?}"
    );
}

#[test]
fn a_jsonencoded_template_is_the_json_the_provider_sends() {
    let text = MAIN_TF.replace(
        r#"request_template     = "{\"subject\": \"$${input.subject}\", \"ü\": \"é\"}""#,
        r#"request_template     = jsonencode({ subject = "$${input.subject}", note = "<b>&" })"#,
    );
    assert!(text.contains("jsonencode({ subject"));
    let body = parse(&text).unwrap_or_else(|e| panic!("{e:?}"));
    let transcoded = transcode::transcode(&text, &body, &BTreeMap::new());
    let json: serde_json::Value = serde_json::from_str(&transcoded.json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        json[0]["config"]["request"]["requestTemplate"],
        r#"{"subject":"${input.subject}","note":"\u003cb\u003e\u0026"}"#
    );
}

#[test]
fn tfvars_json_secrets_are_removed_with_their_comma_and_the_rest_stays_json() {
    let secret = "q8Zr2Lx7Vt4Np1Ks9Wb6Hd3Jf0Mc5Ya";
    let options = Options { file_name: Some("prod.tfvars.json".into()), ..Options::default() };
    let fix_options = crate::fix::FixOptions { unsafe_fixes: true, keep_secrets: true, discard_secrets: false };
    for (text, fixed) in [
        (format!("{{\"region\": \"eu\", \"crm_password\": \"{secret}\"}}"), "{\"region\": \"eu\"}"),
        (format!("{{\"crm_password\": \"{secret}\", \"region\": \"eu\"}}"), "{\"region\": \"eu\"}"),
        (format!("\u{feff}{{\r\n  \"crm_password\": \"{secret}\"\r\n}}\r\n"), "\u{feff}{\r\n  \r\n}\r\n"),
    ] {
        let diagnostics = lint(&text, FileKind::VarsJson, &options);
        let [diagnostic] = &diagnostics[..] else { panic!("{diagnostics:#?}") };
        assert_eq!((diagnostic.code, diagnostic.pointer.as_str()), ("SEC001", "/crm_password"));
        let body = text.trim_start_matches('\u{feff}');
        assert_eq!(&body[diagnostic.range.start..diagnostic.range.end], format!("\"{secret}\""));
        assert!(!diagnostic.message.contains(secret));
        let outcome = crate::fix::apply_fixes(&text, &options, fix_options).expect("fixable");
        assert_eq!(outcome.text, fixed);
        assert_eq!(outcome.provisioning[0].payload_json(), serde_json::json!({ "crm_password": secret }));
        assert_eq!(outcome.provisioning[0].file_name(), "crm_password.tfvars.json");
    }
    let broken = lint("{\"crm_password\": ", FileKind::VarsJson, &options);
    assert_eq!(broken.iter().map(|d| d.code).collect::<Vec<_>>(), ["PAR001"]);
}

#[test]
fn a_template_loaded_from_the_module_is_linted_when_the_caller_read_it() {
    let call = r#"file("${path.module}/templates/body.vm")"#;
    let text = MAIN_TF.replace(r#""{\"subject\": \"$${input.subject}\", \"ü\": \"é\"}""#, call);
    assert!(text.contains(call));
    assert_eq!(module_files_wanted(&text, FileKind::Module), ["templates/body.vm"]);
    for other in [r#"file("/etc/body.vm")"#, r#"file("${path.module}/../body.vm")"#] {
        assert!(
            module_files_wanted(
                &MAIN_TF.replace(r#""{\"subject\": \"$${input.subject}\", \"ü\": \"é\"}""#, other),
                FileKind::Module
            )
            .is_empty(),
            "{other}"
        );
    }
    let pointer = "/resource/genesyscloud_integration_action/create_ticket/config_request/request_template";
    // Alone (the page, the extension): the template is unknown; an info note says so.
    let alone = lint(&text, FileKind::Module, &options());
    let at_template: Vec<_> = alone.iter().filter(|d| d.pointer == pointer).collect();
    let [note] = &at_template[..] else { panic!("{alone:#?}") };
    assert_eq!((note.code, note.severity), ("TPL006", crate::Severity::Info));
    assert_eq!(&text[note.range.start..note.range.end], call);
    assert!(note.message.contains("`templates/body.vm`"), "{}", note.message);
    // Read by the caller: its secret is found, at the `file(…)` call.
    let secret = "Tr0ub4dor&3-horse-staple";
    let body = format!("{{\"subject\": $esc.jsonString(${{input.subject}}), \"password\": \"{secret}\"}}");
    let mut with_files = options();
    with_files.module_files.insert("templates/body.vm".to_owned(), body);
    let diagnostics = lint(&text, FileKind::Module, &with_files);
    let found = diagnostics.iter().find(|d| d.pointer == pointer).unwrap_or_else(|| panic!("{diagnostics:#?}"));
    assert_eq!(found.code, "SEC001");
    assert_eq!(&text[found.range.start..found.range.end], call);
    assert!(!found.message.contains(secret));
}

#[test]
fn a_templatefile_template_is_read_through_terraform_template_syntax() {
    let call = r#"templatefile("${path.module}/templates/body.vm", { region = var.region })"#;
    let text = MAIN_TF.replace(r#""{\"subject\": \"$${input.subject}\", \"ü\": \"é\"}""#, call);
    assert!(text.contains(call));
    assert_eq!(module_files_wanted(&text, FileKind::Module), ["templates/body.vm"]);
    let pointer = "/resource/genesyscloud_integration_action/create_ticket/config_request/request_template";
    // In the file, Velocity is escaped for Terraform (`$${input.subject}`) and `${region}` is the
    // template's own variable, unknown here.
    let secret = "Tr0ub4dor&3-horse-staple";
    let body = format!(
        "{{\"subject\": $esc.jsonString($${{input.subject}}), \"region\": \"${{region}}\", \"password\": \"{secret}\"}}"
    );
    let mut with_files = options();
    with_files.module_files.insert("templates/body.vm".to_owned(), body);
    let diagnostics = lint(&text, FileKind::Module, &with_files);
    let at_template: Vec<_> = diagnostics.iter().filter(|d| d.pointer == pointer).collect();
    assert_eq!(at_template.iter().map(|d| d.code).collect::<Vec<_>>(), ["SEC001"], "{diagnostics:#?}");
    assert_eq!(&text[at_template[0].range.start..at_template[0].range.end], call);
    // The preview renders Genesys' template: Terraform's escape undone, its variable a marker.
    let preview = crate::language::preview(
        &text,
        &PreviewOptions {
            file_name: Some("main.tf".to_owned()),
            module_files: with_files.module_files.clone(),
            ..Default::default()
        },
    )
    .expect("previews");
    let body = preview.actions[0].body.clone().unwrap_or_default();
    assert!(body.starts_with("{\"subject\": sample-subject, \"region\": \"‹region›\""), "{body}");
    assert!(!body.contains(secret), "{body}");
    // A file Terraform's template syntax refuses is not read: the note says the template is unknown.
    with_files.module_files.insert("templates/body.vm".to_owned(), "${unclosed".to_owned());
    let diagnostics = lint(&text, FileKind::Module, &with_files);
    assert!(diagnostics.iter().any(|d| d.pointer == pointer && d.code == "TPL006"), "{diagnostics:#?}");
}

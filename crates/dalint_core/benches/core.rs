//! `cargo bench -p dalint_core`: parse, lint, apply_fixes and preview on generated documents from
//! 1 KiB to 10 MiB, and lint and preview of Terraform modules (both syntaxes) up to 1 MiB (the same generator as the comparison script and the property tests). Throughput is
//! reported per input byte; compare the MiB/s across sizes to see that time is linear.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use dalint_core::parse::{parse, Dialect};
use dalint_core::preview::{self, PreviewOptions};
use dalint_core::{apply_fixes, lint, FixOptions, Options};
use dalint_testgen::{generate_seeded, Config};

const SIZES: &[(&str, usize)] =
    &[("1KiB", 1 << 10), ("16KiB", 16 << 10), ("256KiB", 256 << 10), ("1MiB", 1 << 20), ("10MiB", 10 << 20)];

/// Every fix, including the credential rewrites that drop the secret (nothing is stored).
const ALL_FIXES: FixOptions = FixOptions { unsafe_fixes: true, keep_secrets: false, discard_secrets: true };

fn inputs(config: fn(usize) -> Config) -> Vec<(&'static str, String)> {
    SIZES.iter().map(|&(label, bytes)| (label, generate_seeded(&config(bytes), 1).text)).collect()
}

fn group_for<'c>(c: &'c mut Criterion, name: &str) -> criterion::BenchmarkGroup<'c, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(3));
    group
}

fn bench_parse(c: &mut Criterion) {
    let mut group = group_for(c, "parse");
    for (label, text) in inputs(Config::sparse) {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| {
            b.iter(|| parse(text, Dialect::Json).map(|d| d.max_depth).unwrap_or_default())
        });
    }
    group.finish();
}

fn bench_lint(c: &mut Criterion) {
    let options = Options::default();
    for (name, config) in [("lint/sparse", Config::sparse as fn(usize) -> Config), ("lint/dense", Config::dense)] {
        let mut group = group_for(c, name);
        for (label, text) in inputs(config) {
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| {
                b.iter(|| lint(text, &options).len())
            });
        }
        group.finish();
    }
}

fn bench_apply_fixes(c: &mut Criterion) {
    let options = Options::default();
    let mut group = group_for(c, "apply_fixes/dense");
    for (label, text) in inputs(Config::dense) {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| {
            b.iter(|| apply_fixes(text, &options, ALL_FIXES).map(|o| o.text.len()).unwrap_or_default())
        });
    }
    group.finish();
}

/// Every action of the document rendered, then printed as an HTTP message.
fn bench_preview(c: &mut Criterion) {
    let options = PreviewOptions::default();
    let mut group = group_for(c, "preview/sparse");
    for (label, text) in inputs(Config::sparse) {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| {
            b.iter(|| {
                dalint_core::language::preview(text, &options)
                    .map(|p| preview::format::to_text(&p).len())
                    .unwrap_or_default()
            })
        });
    }
    group.finish();
}

/// One Terraform action resource (a variable in a header, a jsonencode contract, an escaped
/// Velocity body) in the native syntax and in Terraform's JSON syntax.
fn terraform_action(i: usize) -> (String, serde_json::Value) {
    let hcl = format!(
        r#"resource "genesyscloud_integration_action" "create_ticket_{i}" {{
  name            = "Create ticket {i}"
  category        = "CRM"
  integration_id  = genesyscloud_integration.crm.id
  contract_input  = jsonencode({{ "type" = "object", "properties" = {{ "subject" = {{ "type" = "string" }} }} }})
  contract_output = jsonencode({{ "type" = "object", "properties" = {{}} }})
  config_request {{
    request_url_template = "https://crm.example.com/tickets/{i}"
    request_type         = "POST"
    request_template     = "{{\"subject\": \"$esc.jsonString($${{input.subject}})\"}}"
    headers = {{
      Authorization = "Bearer ${{var.bearer_token}}"
      Content-Type  = "application/json"
    }}
  }}
  config_response {{
    translation_map          = {{ id = "$.id" }}
    translation_map_defaults = {{ id = "\"\"" }}
    success_template         = "{{\"id\": $${{id}}}}"
  }}
}}
"#
    );
    let json = serde_json::json!({
        "name": format!("Create ticket {i}"),
        "category": "CRM",
        "integration_id": "${genesyscloud_integration.crm.id}",
        "contract_input": "${jsonencode({\"type\" = \"object\", \"properties\" = {\"subject\" = {\"type\" = \"string\"}}})}",
        "contract_output": "${jsonencode({\"type\" = \"object\", \"properties\" = {}})}",
        "config_request": {
            "request_url_template": format!("https://crm.example.com/tickets/{i}"),
            "request_type": "POST",
            "request_template": "{\"subject\": \"$esc.jsonString($${input.subject})\"}",
            "headers": {"Authorization": "Bearer ${var.bearer_token}", "Content-Type": "application/json"}
        },
        "config_response": {
            "translation_map": {"id": "$.id"},
            "translation_map_defaults": {"id": "\"\""},
            "success_template": "{\"id\": $${id}}"
        }
    });
    (hcl, json)
}

/// Terraform modules of about 1 KiB to 1 MiB, both syntaxes: `lint` (transcoding, the rules on
/// the action model, the map back) and `preview`.
fn bench_terraform(c: &mut Criterion) {
    let mut modules: Vec<(&str, String, String)> = Vec::new();
    for &(label, bytes) in &SIZES[..4] {
        let (mut hcl, mut actions) = (String::new(), serde_json::Map::new());
        let mut i = 0;
        while hcl.len() < bytes || i == 0 {
            let (resource, json) = terraform_action(i);
            hcl.push_str(&resource);
            actions.insert(format!("create_ticket_{i}"), json);
            i += 1;
        }
        let json = serde_json::json!({"resource": {"genesyscloud_integration_action": actions}});
        let json = serde_json::to_string_pretty(&json).unwrap_or_default();
        // What is measured is a real lint: both syntaxes find each action's variable header.
        for (text, file_name) in [(&hcl, "main.tf"), (&json, "main.tf.json")] {
            let options = Options { file_name: Some(file_name.to_owned()), ..Options::default() };
            let found = lint(text, &options).iter().filter(|d| d.code == "SEC009").count();
            assert_eq!(found, i, "{file_name}: {found} SEC009 for {i} actions");
        }
        modules.push((label, hcl, json));
    }
    for (syntax, file_name) in [("hcl", "main.tf"), ("json", "main.tf.json")] {
        let options = Options { file_name: Some(file_name.to_owned()), ..Options::default() };
        let preview_options = PreviewOptions { file_name: Some(file_name.to_owned()), ..PreviewOptions::default() };
        let mut lint_group = group_for(c, &format!("lint/terraform-{syntax}"));
        for (label, hcl, json) in &modules {
            let text = if syntax == "hcl" { hcl } else { json };
            lint_group.throughput(Throughput::Bytes(text.len() as u64));
            lint_group.bench_with_input(BenchmarkId::from_parameter(label), text, |b, text| {
                b.iter(|| lint(text, &options).len())
            });
        }
        lint_group.finish();
        let mut preview_group = group_for(c, &format!("preview/terraform-{syntax}"));
        for (label, hcl, json) in &modules {
            let text = if syntax == "hcl" { hcl } else { json };
            preview_group.throughput(Throughput::Bytes(text.len() as u64));
            preview_group.bench_with_input(BenchmarkId::from_parameter(label), text, |b, text| {
                b.iter(|| {
                    dalint_core::language::preview(text, &preview_options).map(|p| p.actions.len()).unwrap_or_default()
                })
            });
        }
        preview_group.finish();
    }
}

criterion_group!(benches, bench_parse, bench_lint, bench_apply_fixes, bench_preview, bench_terraform);
criterion_main!(benches);

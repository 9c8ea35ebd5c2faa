//! Literal secrets where Terraform keeps credentials: a `genesyscloud_integration_credential`'s
//! `fields` (judged field by field: `password`, `clientSecret` are secrets; `userName`,
//! `clientId`, `loginUrl` are not), a secret-named variable's `default`, and a `.tfvars` value.
//! Each is `SEC001`; its rewrite moves the value out of the file (to a sensitive variable).

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{BlockLabel, Body};

use super::transcode::span_of;
use super::FileKind;
use crate::config::Options;
use crate::diagnostic::{Diagnostic, Edit, Fix, Provisioning, SecretValue};
use crate::pointer;
use crate::rule::RuleMeta;
use crate::rules::security::HardCodedCredential;
use crate::secrets::judge::is_placeholder;
use crate::secrets::names::{credential_name, NameSite};
use crate::text::TextRange;

/// A literal secret found in the file.
struct Found {
    pointer: String,
    /// The string literal, quotes included.
    range: TextRange,
    value: String,
    /// What holds it, for the message (`field `password` of the credential `crm``).
    holder: String,
    /// The variable the rewrite moves it to, and the edits (without the variable's declaration).
    variable: String,
    edits: Vec<Edit>,
}

fn label_text(label: &BlockLabel) -> &str {
    match label {
        BlockLabel::Ident(i) => i.as_str(),
        BlockLabel::String(s) => s.as_str(),
    }
}

/// A literal string with no interpolation, and not a placeholder.
fn literal(value: &Expression) -> Option<String> {
    match value {
        Expression::String(s) if !s.trim().is_empty() && !is_placeholder(s) => Some(s.to_string()),
        _ => None,
    }
}

/// `crmClientSecret`, `crm-cred` → `crm_client_secret`, `crm_cred`.
fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        match c {
            'A'..='Z' => {
                if !out.is_empty() && !out.ends_with('_') {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            }
            '-' | ' ' | '.' => out.push('_'),
            c => out.push(c),
        }
    }
    out
}

/// The whole line (its line break included) of the attribute `key` whose value is `range`, when
/// the attribute has its line to itself (else no line can be removed).
fn own_line(text: &str, range: TextRange, key: &str) -> Option<TextRange> {
    let start = text[..range.start].rfind('\n').map_or(0, |p| p + 1);
    let end = text[range.end..].find('\n').map_or(text.len(), |p| range.end + p + 1);
    let line = text[start..end].trim();
    let rest = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
    (rest.trim() == text[range.start..range.end].trim()).then_some(TextRange::new(start, end))
}

/// Every literal secret of a Terraform file, as `SEC001` diagnostics.
pub fn literal_secrets(
    text: &str,
    body: &Body,
    siblings: &[(String, Body)],
    kind: FileKind,
    options: &Options,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    match kind {
        FileKind::Module => {
            credential_fields(body, &mut found);
            variable_defaults(text, body, &mut found);
        }
        // Read from the JSON: [`json_variable_values`]; a `.tf.json` is linted as its native form.
        FileKind::VarsJson | FileKind::ModuleJson => {}
        FileKind::Vars => {
            for attribute in body.attributes() {
                let name = attribute.key.as_str();
                let Some(value) = literal(&attribute.value) else { continue };
                if credential_name(name, NameSite::Field).is_none() {
                    continue;
                }
                let range = span_of(&attribute.value);
                found.push(Found {
                    pointer: pointer::push("", name),
                    range,
                    value,
                    holder: format!("the variable value `{name}`"),
                    variable: name.to_owned(),
                    edits: own_line(text, range, name).map(|line| Edit::replace(line, "")).into_iter().collect(),
                });
            }
        }
    }
    // Declared here or in another file of the module (`variables.tf`).
    let declared: Vec<&str> = std::iter::once(body)
        .chain(siblings.iter().map(|(_, b)| b))
        .flat_map(Body::blocks)
        .filter(|b| b.ident.as_str() == "variable")
        .filter_map(|b| b.labels.first().map(label_text))
        .collect();
    reported(text, found, kind, &declared, options)
}

/// `SEC001` for the literal secrets of a `.tfvars.json` file (`{"crm_client_secret": "…"}`):
/// each secret-named member with a literal string; its rewrite removes the member.
pub fn json_variable_values(text: &str, root: &jsonc_parser::ast::Value<'_>, options: &Options) -> Vec<Diagnostic> {
    let jsonc_parser::ast::Value::Object(object) = root else { return Vec::new() };
    let props = &object.properties;
    let mut found = Vec::new();
    for (i, prop) in props.iter().enumerate() {
        let name = prop.name.as_str();
        let jsonc_parser::ast::Value::StringLit(lit) = &prop.value else { continue };
        let value = lit.value.to_string();
        if value.trim().is_empty() || is_placeholder(&value) || credential_name(name, NameSite::Field).is_none() {
            continue;
        }
        let range = pointer::value_range(&prop.value);
        // The member and its comma: up to the next member, or from the previous one's end.
        let key = pointer::prop_name_range(prop);
        let removal = match (props.get(i + 1), i.checked_sub(1).and_then(|j| props.get(j))) {
            (Some(next), _) => TextRange::new(key.start, pointer::prop_name_range(next).start),
            (None, Some(previous)) => TextRange::new(pointer::value_range(&previous.value).end, range.end),
            (None, None) => TextRange::new(key.start, range.end),
        };
        found.push(Found {
            pointer: pointer::push("", name),
            range,
            value,
            holder: format!("the variable value `{name}`"),
            variable: name.to_owned(),
            edits: vec![Edit::replace(removal, "")],
        });
    }
    reported(text, found, FileKind::VarsJson, &[], options)
}

/// The `SEC001` diagnostics of what was found; in a module, the rewrite declares the sensitive
/// variable when `declared` lacks it.
fn reported(text: &str, found: Vec<Found>, kind: FileKind, declared: &[&str], options: &Options) -> Vec<Diagnostic> {
    let meta: &'static RuleMeta = &HardCodedCredential::META;
    found
        .into_iter()
        .filter_map(|f| {
            let severity = crate::lint::reported_severity(meta, None, &f.pointer, options)?;
            let declare = kind == FileKind::Module && !declared.contains(&f.variable.as_str()) && f.edits_point_to_variable();
            let mut edits = f.edits;
            if declare {
                let newline = if text.ends_with('\n') { "" } else { "\n" };
                edits.push(Edit::insert(
                    text.len(),
                    format!("{newline}\nvariable \"{}\" {{\n  type      = string\n  sensitive = true\n}}\n", f.variable),
                ));
            }
            let message = format!(
                "{} is a secret written into the file ({}): it ends up in version control and in every copy of the module. Pass it as the sensitive variable `{}` (`-var-file` or `TF_VAR_{}`), and rotate it",
                f.holder,
                crate::secrets::mask(&f.value),
                f.variable,
                f.variable
            );
            let provisioning = Provisioning {
                name: f.variable.clone(),
                description: format!("Terraform variable {}", f.variable),
                value: SecretValue::new(f.value.clone()),
                tags: Vec::new(),
                target: Provisioning::TERRAFORM_VARIABLE.to_owned(),
            };
            let fixes = if edits.is_empty() {
                Vec::new()
            } else {
                vec![Fix::unsafe_(format!("Move the value to the sensitive variable `{}`", f.variable), edits)
                    .with_extracted(vec![provisioning])]
            };
            Some(Diagnostic {
                code: meta.code,
                name: meta.name,
                severity,
                message,
                pointer: f.pointer,
                range: f.range,
                fixes,
                labels: Vec::new(),
                fingerprint: Some(crate::secrets::fingerprint(&f.value)),
            })
        })
        .collect()
}

impl Found {
    /// Whether the rewrite references `var.<variable>` (a credential field), which then must be
    /// declared; removing a default or a `.tfvars` line needs no declaration.
    fn edits_point_to_variable(&self) -> bool {
        self.edits.iter().any(|e| e.new_text.starts_with("var."))
    }
}

/// `resource "genesyscloud_integration_credential" "crm" { fields = { password = "…" } }`.
fn credential_fields(body: &Body, found: &mut Vec<Found>) {
    for block in body.blocks().filter(|b| b.ident.as_str() == "resource") {
        let labels: Vec<&str> = block.labels.iter().map(label_text).collect();
        let ["genesyscloud_integration_credential", label] = labels[..] else { continue };
        let Some(fields) = block.body.get_attribute("fields") else { continue };
        let Expression::Object(object) = &fields.value else { continue };
        for (key, value) in object.iter() {
            let name = match key {
                ObjectKey::Ident(i) => i.as_str().to_owned(),
                ObjectKey::Expression(Expression::String(s)) => s.to_string(),
                ObjectKey::Expression(_) => continue,
            };
            let Some(secret) = literal(value.expr()) else { continue };
            if credential_name(&name, NameSite::Field).is_none() {
                continue;
            }
            let variable = format!("{}_{}", snake(label), snake(&name));
            let range = span_of(value.expr());
            let base = pointer::push(&pointer::push(&pointer::push("", "resource"), labels[0]), label);
            found.push(Found {
                pointer: pointer::push(&pointer::push(&base, "fields"), &name),
                range,
                value: secret,
                holder: format!("the field `{name}` of the credential `{label}`"),
                edits: vec![Edit::replace(range, format!("var.{variable}"))],
                variable,
            });
        }
    }
}

/// `variable "crm_password" { default = "…" }`: a secret-named variable with a literal default.
fn variable_defaults(text: &str, body: &Body, found: &mut Vec<Found>) {
    for block in body.blocks().filter(|b| b.ident.as_str() == "variable") {
        let Some(name) = block.labels.first().map(label_text) else { continue };
        let Some(default) = block.body.get_attribute("default") else { continue };
        let Some(secret) = literal(&default.value) else { continue };
        if credential_name(name, NameSite::Field).is_none() {
            continue;
        }
        let range = span_of(&default.value);
        found.push(Found {
            pointer: pointer::push(&pointer::push(&pointer::push("", "variable"), name), "default"),
            range,
            value: secret,
            holder: format!("the default of the variable `{name}`"),
            variable: name.to_owned(),
            edits: rebuilt_variable(text, block, true).into_iter().collect(),
        });
    }
}

/// The variable block rewritten with `sensitive = true` (and without its `default` when
/// `drop_default`), aligned as `terraform fmt` aligns it; `None` when the block has nested blocks
/// or multi-line values.
fn rebuilt_variable(text: &str, block: &hcl_edit::structure::Block, drop_default: bool) -> Option<Edit> {
    if block.body.blocks().next().is_some() {
        return None;
    }
    let mut attributes: Vec<(String, String)> = Vec::new();
    for attribute in block.body.attributes() {
        let key = attribute.key.as_str();
        if key == "default" && drop_default || key == "sensitive" {
            continue;
        }
        let value = span_of(&attribute.value);
        let value = text.get(value.start..value.end)?.trim();
        if value.contains('\n') {
            return None;
        }
        attributes.push((key.to_owned(), value.to_owned()));
    }
    attributes.push(("sensitive".to_owned(), "true".to_owned()));
    let width = attributes.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let header = span_of(&block.ident).start..block.labels.last().map_or(span_of(&block.ident).end, |l| span_of(l).end);
    let mut out = format!("{} {{\n", text.get(header)?);
    for (key, value) in &attributes {
        out.push_str(&format!("  {key:width$} = {value}\n"));
    }
    out.push('}');
    let whole = span_of(block);
    // The block's span may end past its closing brace (its line break): replace up to the brace.
    let end = text[..whole.end].rfind('}')? + 1;
    Some(Edit::replace(TextRange::new(span_of(&block.ident).start, end), out))
}

/// `SEC010`: variables that feed a secret field of a credential resource (`clientSecret`,
/// `password`) without `sensitive = true`. The credentials may sit in another file of the module
/// (`siblings`: text and body): a variable is reported where it is declared, and the fix edits
/// only that file.
pub fn insensitive_variables(
    text: &str,
    body: &Body,
    siblings: &[(String, Body)],
    options: &Options,
) -> Vec<Diagnostic> {
    let meta: &'static RuleMeta = &crate::rules::security::InsensitiveCredentialVariable::META;
    let mut fed: Vec<(String, String)> = Vec::new();
    for (text, body) in std::iter::once((text, body)).chain(siblings.iter().map(|(t, b)| (t.as_str(), b))) {
        feeding_variables(text, body, &mut fed);
    }
    let mut out = Vec::new();
    for block in body.blocks().filter(|b| b.ident.as_str() == "variable") {
        let Some(name) = block.labels.first().map(label_text) else { continue };
        let Some((_, credential)) = fed.iter().find(|(n, _)| n == name) else { continue };
        let sensitive = block.body.get_attribute("sensitive").map(|a| &a.value);
        if matches!(sensitive, Some(Expression::Bool(b)) if *b.value()) {
            continue;
        }
        let pointer = pointer::push(&pointer::push("", "variable"), name);
        let Some(severity) = crate::lint::reported_severity(meta, None, &pointer, options) else { continue };
        let label = block.labels.first().map_or_else(|| span_of(&block.ident), span_of);
        let fixes = rebuilt_variable(text, block, false)
            .map(|edit| vec![Fix::safe("Add `sensitive = true`", vec![edit])])
            .unwrap_or_default();
        out.push(Diagnostic {
            code: meta.code,
            name: meta.name,
            severity,
            message: format!(
                "the variable `{name}` feeds the credential `{credential}` but is not `sensitive = true`: Terraform prints its value in plan and apply output (CI logs, pull-request comments)"
            ),
            pointer,
            range: label,
            fixes,
            labels: Vec::new(),
            fingerprint: None,
        });
    }
    out
}

/// `(variable, credential)` for each `var.x` in a secret field of a credential resource of `body`.
fn feeding_variables(text: &str, body: &Body, fed: &mut Vec<(String, String)>) {
    for block in body.blocks().filter(|b| b.ident.as_str() == "resource") {
        let labels: Vec<&str> = block.labels.iter().map(label_text).collect();
        let ["genesyscloud_integration_credential", label] = labels[..] else { continue };
        let Some(Expression::Object(object)) = block.body.get_attribute("fields").map(|a| &a.value) else { continue };
        for (key, value) in object.iter() {
            // Only fields that hold a secret: a client id may well show in plan output.
            let field = match key {
                ObjectKey::Ident(i) => i.as_str().to_owned(),
                ObjectKey::Expression(e) => {
                    text.get(span_of(e).start..span_of(e).end).unwrap_or_default().trim_matches('"').to_owned()
                }
            };
            if credential_name(&field, NameSite::Field).is_none() {
                continue;
            }
            let range = span_of(value.expr());
            let source = text.get(range.start..range.end).unwrap_or_default().trim();
            if let Some(name) = source
                .strip_prefix("var.")
                .filter(|n| n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
            {
                fed.push((name.to_owned(), label.to_owned()));
            }
        }
    }
}

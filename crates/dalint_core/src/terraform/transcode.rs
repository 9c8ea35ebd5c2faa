//! Terraform action resources → the export-shaped JSON every rule already reads, with a map from
//! each JSON node back to its HCL source (key, value, and inside strings byte by byte).
//!
//! `resource "genesyscloud_integration_action" "x" { config_request { request_url_template = … } }`
//! becomes `{"name", "category", "integrationId", "config": {"request": {"requestUrlTemplate": …}},
//! "contract": {"input": {"inputSchema": …}}}`: the rules, the preview and the fixes run on it
//! unchanged, and [`super::SourceMap`] maps what they report back to the `.tf` file.

use std::collections::BTreeMap;

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Block, BlockLabel, Body};
use hcl_edit::template::{Element, Template};
use hcl_edit::Span;

use super::strings::{StringMap, StringSyntax};
use crate::pointer;
use crate::text::TextRange;

/// The resource types that are Data Actions.
pub const ACTION_RESOURCES: &[&str] =
    &["genesyscloud_integration_action", "genesyscloud_integration_custom_auth_action"];

/// Terraform meta-arguments: Terraform's own, never sent to Genesys.
const META_ARGUMENTS: &[&str] =
    &["depends_on", "count", "for_each", "provider", "lifecycle", "provisioner", "connection"];

/// One JSON node and where it comes from.
#[derive(Debug, Clone)]
pub struct Node {
    pub json_pointer: String,
    pub tf_pointer: String,
    /// The member's key in the JSON (`None` for array elements and actions).
    pub json_key: Option<TextRange>,
    pub json_value: TextRange,
    pub hcl_key: TextRange,
    pub hcl_value: TextRange,
    /// For strings decoded from HCL: the byte map.
    pub string: Option<StringMap>,
}

/// An action resource found in the file.
#[derive(Debug, Clone)]
pub struct ActionResource {
    pub resource_type: String,
    pub label: String,
    pub tf_pointer: String,
}

/// A template loaded from a file that was not read (`file(…)`, `templatefile(…)`).
#[derive(Debug, Clone)]
pub struct UnreadTemplate {
    pub tf_pointer: String,
    /// The call.
    pub range: TextRange,
    /// The module-relative path of a `file("${path.module}/…")` call.
    pub module_path: Option<String>,
}

/// The JSON document (an array of actions) and its map back to the source.
#[derive(Debug, Default)]
pub struct Transcoded {
    pub json: String,
    pub nodes: Vec<Node>,
    pub actions: Vec<ActionResource>,
    pub unread_templates: Vec<UnreadTemplate>,
    /// JSON pointers of templates read from a `templatefile()` file, whose `${…}` are the
    /// template's own variables (not Velocity written without Terraform's escape).
    pub template_files: Vec<String>,
}

/// The byte range of anything hcl-edit parsed (it always sets spans when parsing).
pub fn span_of(item: &impl Span) -> TextRange {
    item.span().map_or_else(TextRange::default, |r| TextRange::new(r.start, r.end))
}

fn label_text(label: &BlockLabel) -> &str {
    match label {
        BlockLabel::Ident(i) => i.as_str(),
        BlockLabel::String(s) => s.as_str(),
    }
}

/// Terraform's name of an attribute ↔ the JSON name the rules know.
const NAMES: &[(&str, &str)] = &[
    ("integration_id", "integrationId"),
    ("request_url_template", "requestUrlTemplate"),
    ("request_type", "requestType"),
    ("request_template", "requestTemplate"),
    ("translation_map", "translationMap"),
    ("translation_map_defaults", "translationMapDefaults"),
    ("success_template", "successTemplate"),
];

/// The JSON name of a Terraform attribute: the known ones from the table, others in camelCase
/// (so an unknown attribute's did-you-mean still finds its neighbour).
fn json_name(tf: &str) -> String {
    if let Some((_, json)) = NAMES.iter().find(|(t, _)| *t == tf) {
        return (*json).to_owned();
    }
    let mut out = String::with_capacity(tf.len());
    let mut upper = false;
    for c in tf.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The Terraform name of a JSON name the rules report (`requestType` → `request_type`).
pub fn tf_name(json: &str) -> String {
    if let Some((tf, _)) = NAMES.iter().find(|(_, j)| *j == json) {
        return (*tf).to_owned();
    }
    // User-defined names (headers, schema properties) are left alone.
    if !json.starts_with(|c: char| c.is_ascii_lowercase()) || !json.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return json.to_owned();
    }
    let mut out = String::with_capacity(json.len() + 4);
    for c in json.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

struct Writer<'s> {
    source: &'s str,
    /// Module files the caller read ([`crate::config::Options::module_files`]).
    files: &'s BTreeMap<String, String>,
    out: Transcoded,
}

/// Transcodes every action resource of a parsed `.tf` body; `files` holds the module files that
/// `file("${path.module}/…")` templates load.
pub fn transcode(source: &str, body: &Body, files: &BTreeMap<String, String>) -> Transcoded {
    let mut writer = Writer { source, files, out: Transcoded::default() };
    let integration_types = integration_types(body);
    writer.out.json.push('[');
    let mut index = 0;
    for block in body.blocks() {
        let labels: Vec<&str> = block.labels.iter().map(label_text).collect();
        let [kind, label] = labels[..] else { continue };
        if block.ident.as_str() != "resource" || !ACTION_RESOURCES.contains(&kind) {
            continue;
        }
        if index > 0 {
            writer.out.json.push(',');
        }
        let tf_pointer = pointer::push(&pointer::push(&pointer::push("", "resource"), kind), label);
        writer.action(block, kind, &pointer::push_index("", index), &tf_pointer, &integration_types);
        writer.out.actions.push(ActionResource { resource_type: kind.to_owned(), label: label.to_owned(), tf_pointer });
        index += 1;
    }
    writer.out.json.push(']');
    writer.out
}

/// `genesyscloud_integration.<label>` → its literal `integration_type`, so an action's
/// `integration_id = genesyscloud_integration.x.id` tells which integration it belongs to.
fn integration_types(body: &Body) -> Vec<(String, String)> {
    body.blocks()
        .filter(|b| b.ident.as_str() == "resource")
        .filter_map(|b| {
            let labels: Vec<&str> = b.labels.iter().map(label_text).collect();
            let [kind, label] = labels[..] else { return None };
            let value = b.body.get_attribute("integration_type")?;
            match (&value.value, kind) {
                (Expression::String(s), "genesyscloud_integration") => Some((label.to_owned(), s.to_string())),
                _ => None,
            }
        })
        .collect()
}

/// The block's header (`resource "type" "label"`), where findings about what it lacks point.
fn header_range(block: &Block) -> TextRange {
    let start = span_of(&block.ident).start;
    let end = block.labels.last().map_or_else(|| span_of(&block.ident).end, |l| span_of(l).end);
    TextRange::new(start, end)
}

impl Writer<'_> {
    fn key(&mut self, first: &mut bool, key: &str) -> TextRange {
        if !std::mem::take(first) {
            self.out.json.push(',');
        }
        let start = self.out.json.len();
        self.out.json.push_str(&serde_json::Value::String(key.to_owned()).to_string());
        let range = TextRange::new(start, self.out.json.len());
        self.out.json.push(':');
        range
    }

    fn string(&mut self, decoded: &str) {
        self.out.json.push_str(&serde_json::Value::String(decoded.to_owned()).to_string());
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        json_pointer: String,
        tf_pointer: String,
        json_key: Option<TextRange>,
        json_start: usize,
        hcl_key: TextRange,
        hcl_value: TextRange,
        string: Option<StringMap>,
    ) {
        let json_value = TextRange::new(json_start, self.out.json.len());
        self.out.nodes.push(Node { json_pointer, tf_pointer, json_key, json_value, hcl_key, hcl_value, string });
    }

    fn action(&mut self, block: &Block, kind: &str, json_pointer: &str, tf_pointer: &str, types: &[(String, String)]) {
        let start = self.out.json.len();
        let header = header_range(block);
        self.out.json.push('{');
        let mut first = true;
        let body = &block.body;
        for attribute in body.attributes() {
            let name = attribute.key.as_str();
            if META_ARGUMENTS.contains(&name) || matches!(name, "contract_input" | "contract_output") {
                continue;
            }
            self.attribute_member(
                &mut first,
                json_pointer,
                tf_pointer,
                name,
                &attribute.value,
                span_of(&attribute.key),
            );
        }
        if kind == "genesyscloud_integration_custom_auth_action" {
            let key = self.key(&mut first, "actionType");
            let at = self.out.json.len();
            self.string("customAuth");
            self.record(
                pointer::push(json_pointer, "actionType"),
                tf_pointer.to_owned(),
                Some(key),
                at,
                header,
                header,
                None,
            );
        }
        if let Some(integration_type) = self.integration_type(body, types) {
            let key = self.key(&mut first, "integrationType");
            let at = self.out.json.len();
            self.string(&integration_type);
            let id = body.get_attribute("integration_id").map_or(header, |a| span_of(&a.value));
            let pointer = pointer::push(tf_pointer, "integration_id");
            self.record(pointer::push(json_pointer, "integrationType"), pointer, Some(key), at, id, id, None);
        }
        // `config`: the request and response blocks.
        let config_pointer = pointer::push(json_pointer, "config");
        let key = self.key(&mut first, "config");
        let config_start = self.out.json.len();
        self.out.json.push('{');
        let mut config_first = true;
        for (block_name, json_block) in [("config_request", "request"), ("config_response", "response")] {
            let Some(inner) = body.get_blocks(block_name).next() else { continue };
            let inner_key = self.key(&mut config_first, json_block);
            let inner_json = pointer::push(&config_pointer, json_block);
            let inner_tf = pointer::push(tf_pointer, block_name);
            let inner_start = self.out.json.len();
            self.out.json.push('{');
            let mut inner_first = true;
            for attribute in inner.body.attributes() {
                let span = span_of(&attribute.key);
                self.attribute_member(
                    &mut inner_first,
                    &inner_json,
                    &inner_tf,
                    attribute.key.as_str(),
                    &attribute.value,
                    span,
                );
            }
            self.out.json.push('}');
            let ident = span_of(&inner.ident);
            self.record(inner_json, inner_tf, Some(inner_key), inner_start, ident, span_of(inner), None);
        }
        self.out.json.push('}');
        self.record(config_pointer, tf_pointer.to_owned(), Some(key), config_start, header, header, None);
        // `contract`: the two schemas.
        let contract_pointer = pointer::push(json_pointer, "contract");
        let key = self.key(&mut first, "contract");
        let contract_start = self.out.json.len();
        self.out.json.push('{');
        let mut contract_first = true;
        for (attribute_name, side, schema) in
            [("contract_input", "input", "inputSchema"), ("contract_output", "output", "successSchema")]
        {
            let Some(attribute) = body.get_attribute(attribute_name) else { continue };
            let side_key = self.key(&mut contract_first, side);
            let side_start = self.out.json.len();
            self.out.json.push('{');
            let mut side_first = true;
            let schema_key = self.key(&mut side_first, schema);
            let side_json = pointer::push(&contract_pointer, side);
            let schema_json = pointer::push(&side_json, schema);
            let tf = pointer::push(tf_pointer, attribute_name);
            let key_span = span_of(&attribute.key);
            self.schema(&attribute.value, &schema_json, &tf, Some(schema_key), key_span);
            self.out.json.push('}');
            self.record(side_json, tf, Some(side_key), side_start, key_span, span_of(&attribute.value), None);
        }
        self.out.json.push('}');
        self.record(contract_pointer, tf_pointer.to_owned(), Some(key), contract_start, header, header, None);
        self.out.json.push('}');
        self.record(json_pointer.to_owned(), tf_pointer.to_owned(), None, start, header, span_of(block), None);
    }

    fn integration_type(&self, body: &Body, types: &[(String, String)]) -> Option<String> {
        let attribute = body.get_attribute("integration_id")?;
        let text = self.source.get(span_of(&attribute.value).start..span_of(&attribute.value).end)?;
        let label = text.trim().strip_prefix("genesyscloud_integration.")?.strip_suffix(".id")?;
        types.iter().find(|(l, _)| l == label).map(|(_, t)| t.clone())
    }

    fn attribute_member(
        &mut self,
        first: &mut bool,
        json_parent: &str,
        tf_parent: &str,
        tf_name: &str,
        value: &Expression,
        hcl_key: TextRange,
    ) {
        // `secure = var.x`: a boolean unknown when linting, left out rather than typed as a string.
        if tf_name == "secure" && !matches!(value, Expression::Bool(_)) && self.string_map(value).is_none() {
            return;
        }
        let name = json_name(tf_name);
        let key = self.key(first, &name);
        // `request_template = jsonencode({…})`: the JSON text the provider sends.
        if let Some(inner) = jsonencode_argument(value) {
            if tf_name.ends_with("_template") {
                let start = self.out.json.len();
                let encoded = self.jsonencode(inner);
                let map = StringMap::computed(&encoded, span_of(value));
                self.string(&encoded);
                let tf = pointer::push(tf_parent, tf_name);
                self.record(
                    pointer::push(json_parent, &name),
                    tf,
                    Some(key),
                    start,
                    hcl_key,
                    span_of(value),
                    Some(map),
                );
                return;
            }
        }
        // `request_template = file("${path.module}/x.vm")`: the file's text, when the caller read it
        // (through Terraform's template syntax for `templatefile`); a template from a file that
        // was not read is unknown, and left out.
        if tf_name.ends_with("_template") && loads_a_file(value) {
            let module_path = module_file_path(self.source, value);
            let text = module_path.as_ref().and_then(|path| self.files.get(path)).and_then(|text| {
                if is_call(value, "templatefile") {
                    rendered_template_file(text)
                } else {
                    Some(text.clone())
                }
            });
            if let Some(text) = text {
                let start = self.out.json.len();
                let map = StringMap::computed(&text, span_of(value));
                self.string(&text);
                let tf = pointer::push(tf_parent, tf_name);
                let json = pointer::push(json_parent, &name);
                if is_call(value, "templatefile") {
                    self.out.template_files.push(json.clone());
                }
                self.record(json, tf, Some(key), start, hcl_key, span_of(value), Some(map));
            } else {
                // Unknown: the empty template (a body the rules have nothing to say about).
                let start = self.out.json.len();
                self.string("");
                let tf = pointer::push(tf_parent, tf_name);
                let json = pointer::push(json_parent, &name);
                self.record(json, tf.clone(), Some(key), start, hcl_key, span_of(value), None);
                self.out.unread_templates.push(UnreadTemplate { tf_pointer: tf, range: span_of(value), module_path });
            }
            return;
        }
        // Terraform converts a string to the attribute's type: `secure = "false"` is a boolean.
        if tf_name == "secure" {
            if let Some(flag) = self.string_map(value).and_then(|m| m.decoded.parse::<bool>().ok()) {
                let start = self.out.json.len();
                self.out.json.push_str(if flag { "true" } else { "false" });
                let tf = pointer::push(tf_parent, tf_name);
                self.record(pointer::push(json_parent, &name), tf, Some(key), start, hcl_key, span_of(value), None);
                return;
            }
        }
        self.value(value, &pointer::push(json_parent, &name), &pointer::push(tf_parent, tf_name), Some(key), hcl_key);
    }

    /// A contract: `jsonencode({…})`, a JSON string or heredoc, or anything else (unknown).
    fn schema(
        &mut self,
        value: &Expression,
        json_pointer: &str,
        tf_pointer: &str,
        key: Option<TextRange>,
        hcl_key: TextRange,
    ) {
        if let Some(inner) = jsonencode_argument(value) {
            return self.value(inner, json_pointer, tf_pointer, key, hcl_key);
        }
        let start = self.out.json.len();
        let parsed =
            self.string_map(value).and_then(|map| serde_json::from_str::<serde_json::Value>(&map.decoded).ok());
        match parsed {
            Some(json) => self.out.json.push_str(&json.to_string()),
            None => self.out.json.push_str("{}"),
        }
        self.record(json_pointer.to_owned(), tf_pointer.to_owned(), key, start, hcl_key, span_of(value), None);
    }

    /// Writes any HCL value as JSON; what is unknown when linting becomes a marker string.
    fn value(
        &mut self,
        value: &Expression,
        json_pointer: &str,
        tf_pointer: &str,
        key: Option<TextRange>,
        hcl_key: TextRange,
    ) {
        let start = self.out.json.len();
        let hcl_value = span_of(value);
        let mut string = None;
        match value {
            Expression::Null(_) => self.out.json.push_str("null"),
            Expression::Bool(b) => self.out.json.push_str(if *b.value() { "true" } else { "false" }),
            Expression::Number(n) => {
                let written = n.value().to_string();
                let json = serde_json::from_str::<serde_json::Number>(&written)
                    .map_or_else(|_| "0".to_owned(), |n| n.to_string());
                self.out.json.push_str(&json);
            }
            Expression::Parenthesis(p) => return self.value(p.inner(), json_pointer, tf_pointer, key, hcl_key),
            Expression::Array(array) => {
                self.out.json.push('[');
                for (i, element) in array.iter().enumerate() {
                    if i > 0 {
                        self.out.json.push(',');
                    }
                    let element_span = span_of(element);
                    self.value(
                        element,
                        &pointer::push_index(json_pointer, i),
                        &pointer::push_index(tf_pointer, i),
                        None,
                        element_span,
                    );
                }
                self.out.json.push(']');
            }
            Expression::Object(object) => {
                self.out.json.push('{');
                let mut first = true;
                for (object_key, object_value) in object.iter() {
                    let name = match object_key {
                        ObjectKey::Ident(i) => i.as_str().to_owned(),
                        ObjectKey::Expression(e) => {
                            self.string_map(e).map_or_else(|| self.text(span_of(e)).to_owned(), |m| m.decoded)
                        }
                    };
                    let json_key = self.key(&mut first, &name);
                    self.value(
                        object_value.expr(),
                        &pointer::push(json_pointer, &name),
                        &pointer::push(tf_pointer, &name),
                        Some(json_key),
                        span_of(object_key),
                    );
                }
                self.out.json.push('}');
            }
            other => {
                let map =
                    self.string_map(other).unwrap_or_else(|| StringMap::expression(self.text(hcl_value), hcl_value));
                self.string(&map.decoded);
                string = Some(map);
            }
        }
        self.record(json_pointer.to_owned(), tf_pointer.to_owned(), key, start, hcl_key, hcl_value, string);
    }

    /// What Terraform's `jsonencode` makes of an HCL value: compact JSON with `<`, `>` and `&`
    /// written as `\u003c`, `\u003e`, `\u0026`. Unknown parts stay markers.
    fn jsonencode(&self, value: &Expression) -> String {
        let mut scratch = Writer { source: self.source, files: self.files, out: Transcoded::default() };
        scratch.value(value, "", "", None, TextRange::default());
        let compact =
            serde_json::from_str::<serde_json::Value>(&scratch.out.json).map_or(scratch.out.json, |v| v.to_string());
        compact.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
    }

    fn text(&self, range: TextRange) -> &str {
        self.source.get(range.start..range.end).unwrap_or_default()
    }

    /// The decoded text of a string, template or heredoc with its byte map (`None` for other
    /// expressions).
    pub fn string_map(&self, value: &Expression) -> Option<StringMap> {
        string_map(self.source, value)
    }
}

fn is_call(value: &Expression, name: &str) -> bool {
    matches!(value, Expression::FuncCall(call) if call.name.namespace.is_empty() && call.name.name.as_str() == name)
}

/// What `templatefile()` makes of a file: Terraform's template syntax undone (`$${` is `${`),
/// its interpolations and directives unknown when linting (markers, like `‹name›`); `None` when
/// Terraform would refuse the file.
fn rendered_template_file(text: &str) -> Option<String> {
    let template = hcl_edit::parser::parse_template(text).ok()?;
    let mut map = StringMap::new(StringSyntax::Heredoc, TextRange::new(0, text.len()));
    push_template(text, &template, &mut map, 0);
    Some(map.decoded)
}

/// Whether a value is read from a file: `file(…)` or `templatefile(…)`.
fn loads_a_file(value: &Expression) -> bool {
    matches!(value, Expression::FuncCall(call)
        if call.name.namespace.is_empty() && matches!(call.name.name.as_str(), "file" | "templatefile"))
}

/// `file("${path.module}/templates/x.vm")` or `templatefile("${path.module}/x.vm", {…})` →
/// `templates/x.vm`: a literal path inside the module (no `..`). Other paths are `None`.
pub fn module_file_path(source: &str, value: &Expression) -> Option<String> {
    let Expression::FuncCall(call) = value else { return None };
    let arity = match call.name.name.as_str() {
        "file" => 1..=1,
        "templatefile" => 1..=2,
        _ => return None,
    };
    if !call.name.namespace.is_empty() || !arity.contains(&call.args.len()) {
        return None;
    }
    let path = call.args.iter().next()?;
    let whole = span_of(path);
    let raw = source.get(whole.start..whole.end)?;
    let relative = raw.strip_prefix("\"${path.module}/")?.strip_suffix('"')?;
    let plain = |part: &str| !part.is_empty() && part != ".." && part != "." && !part.contains(['$', '%', '\\', '"']);
    relative.split('/').all(plain).then(|| relative.to_owned())
}

/// The module files the action templates of a parsed `.tf` body load with
/// `file("${path.module}/…")`, for the caller to read.
pub fn module_files_wanted(source: &str, body: &Body) -> Vec<String> {
    let mut wanted = Vec::new();
    for block in body.blocks().filter(|b| b.ident.as_str() == "resource") {
        let labels: Vec<&str> = block.labels.iter().map(label_text).collect();
        if !matches!(labels[..], [kind, _] if ACTION_RESOURCES.contains(&kind)) {
            continue;
        }
        for inner in block.body.blocks().filter(|b| matches!(b.ident.as_str(), "config_request" | "config_response")) {
            for attribute in inner.body.attributes().filter(|a| a.key.as_str().ends_with("_template")) {
                if let Some(path) = module_file_path(source, &attribute.value) {
                    if !wanted.contains(&path) {
                        wanted.push(path);
                    }
                }
            }
        }
    }
    wanted
}

/// `jsonencode(x)` → `x`.
fn jsonencode_argument(value: &Expression) -> Option<&Expression> {
    let Expression::FuncCall(call) = value else { return None };
    if call.name.name.as_str() != "jsonencode" || !call.name.namespace.is_empty() {
        return None;
    }
    let mut args = call.args.iter();
    let first = args.next()?;
    args.next().is_none().then_some(first)
}

/// The decoded text of a string, template or heredoc with its byte map (`None` for other
/// expressions).
pub fn string_map(source: &str, value: &Expression) -> Option<StringMap> {
    let whole = span_of(value);
    match value {
        Expression::String(_) => {
            let mut map = StringMap::new(StringSyntax::Quoted, whole);
            let inner = TextRange::new(whole.start + 1, whole.end.saturating_sub(1).max(whole.start + 1));
            map.push_literal(source.get(inner.start..inner.end)?, inner.start, 0);
            Some(map)
        }
        Expression::StringTemplate(template) => {
            let mut map = StringMap::new(StringSyntax::Quoted, whole);
            push_template(source, template, &mut map, 0);
            Some(map)
        }
        Expression::HeredocTemplate(heredoc) => {
            let mut map = StringMap::new(StringSyntax::Heredoc, whole);
            push_template(source, &heredoc.template, &mut map, heredoc.indent().unwrap_or(0));
            Some(map)
        }
        _ => None,
    }
}

fn push_template(source: &str, template: &Template, map: &mut StringMap, indent: usize) {
    for element in template.iter() {
        let span = span_of(element);
        let raw = source.get(span.start..span.end).unwrap_or_default();
        match element {
            Element::Literal(_) => map.push_literal(raw, span.start, indent),
            Element::Interpolation(_) | Element::Directive(_) => {
                let inner = raw
                    .trim_start_matches(['$', '%'])
                    .trim_start_matches('{')
                    .trim_start_matches('~')
                    .trim_end_matches('}')
                    .trim_end_matches('~');
                map.push_marker(inner, span);
            }
        }
    }
}

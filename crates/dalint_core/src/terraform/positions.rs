//! Where a Terraform file holds values that code frames and `--diff` must hide, whether or not
//! the detector judged them secrets: the same credential positions as JSON
//! ([`crate::secrets::positions`]), found in the transcoded actions and mapped back to the
//! source, plus Terraform's own places for credentials (secret-named attributes and object keys
//! anywhere, the `default` of a secret-named or `sensitive` variable, secret-named `.tfvars`
//! values). A Terraform reference (`${var.token}`) is not a value and stays visible.

use std::collections::BTreeMap;

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::Body;

use super::transcode::{self, span_of};
use super::{json_syntax, parse, strings, FileKind, SourceMap};
use crate::parse::Dialect;
use crate::secrets::positions::{document_positions, merge, text_positions, Policy};
use crate::text::{strip_bom, TextRange};

/// Byte ranges of `text` (BOM-less) to hide because of where they sit. Text that does not parse
/// is read as JSON or as one body ([`text_positions`]): redaction never depends on a parse.
pub fn hidden_positions(text: &str, kind: FileKind, policy: &Policy<'_>) -> Vec<TextRange> {
    let (_, text) = strip_bom(text);
    let mut out = match kind {
        FileKind::VarsJson => Vec::new(),
        FileKind::ModuleJson => match json_syntax::to_native(text) {
            Ok(native) => {
                hidden_positions(&native.hcl, FileKind::Module, policy).into_iter().map(|r| native.range(r)).collect()
            }
            Err(_) => Vec::new(),
        },
        FileKind::Module | FileKind::Vars => match parse(text) {
            Ok(body) => native_positions(text, &body, kind, policy),
            Err(_) => Vec::new(),
        },
    };
    // What the JSON reading hides too (by member names, for the JSON syntaxes), or the whole text
    // read as one body when it does not parse.
    out.extend(text_positions(text, policy));
    merge(out)
}

fn native_positions(text: &str, body: &Body, kind: FileKind, policy: &Policy<'_>) -> Vec<TextRange> {
    let mut out = Vec::new();
    named_values(body, policy, &mut out);
    if kind == FileKind::Vars {
        return out;
    }
    sensitive_defaults(body, policy, &mut out);
    // The actions' request positions, read in the transcoded JSON and mapped back.
    let transcoded = transcode::transcode(text, body, &BTreeMap::new());
    if transcoded.actions.is_empty() {
        return out;
    }
    let Ok(document) = crate::parse::parse(&transcoded.json, Dialect::Json) else { return out };
    let model = crate::model::build(&document.root);
    let map = SourceMap::new(&transcoded.nodes);
    for hidden in document_positions(&transcoded.json, &document.root, &model, policy) {
        let Some((node, string)) = map.string_node(hidden).and_then(|n| n.string.as_ref().map(|s| (n, s))) else {
            // Not inside one string (a whole literal, say): its whole source, failing closed.
            out.push(map.range(hidden, &transcoded.json));
            continue;
        };
        // A value computed from HCL (`jsonencode({…})`) maps only as a whole: its members are
        // found by name in the HCL itself ([`named_values`]).
        if string.syntax == strings::StringSyntax::Expression {
            continue;
        }
        let Some(span) = super::decoded_span(&transcoded.json, node.json_value, hidden) else {
            out.push(node.hcl_value);
            continue;
        };
        for piece in outside_markers(&string.decoded, span) {
            out.push(string.raw_range(piece));
        }
    }
    out
}

/// The parts of `span` of a decoded Terraform string that are not references (`‹var.x›`).
fn outside_markers(decoded: &str, span: TextRange) -> Vec<TextRange> {
    let mut pieces = vec![span];
    for (marker, _) in strings::markers(decoded) {
        pieces = pieces
            .into_iter()
            .flat_map(|p| {
                if !p.overlaps(marker) {
                    return vec![p];
                }
                let before = TextRange::new(p.start, marker.start.max(p.start));
                let after = TextRange::new(marker.end.min(p.end), p.end);
                [before, after].into_iter().filter(|r| r.start < r.end).collect()
            })
            .collect();
    }
    pieces.retain(|p| !decoded[p.start..p.end].trim().is_empty());
    pieces
}

/// Literal strings under a secret-named attribute or object key, anywhere in the file: credential
/// `fields`, `.tfvars` values, provider settings, `jsonencode({ password = "…" })` bodies.
/// In an action resource only values computed by a function (`jsonencode({…})`) are read here:
/// its strings are read precisely in the transcoded action.
fn named_values(body: &Body, policy: &Policy<'_>, out: &mut Vec<TextRange>) {
    for attribute in body.attributes() {
        value_under(attribute.key.as_str(), &attribute.value, policy, out);
    }
    for block in body.blocks() {
        let action = block.ident.as_str() == "resource"
            && block.labels.first().is_some_and(|l| transcode::ACTION_RESOURCES.contains(&label(l)));
        if action {
            computed_values(&block.body, policy, out);
        } else {
            named_values(&block.body, policy, out);
        }
    }
}

fn computed_values(body: &Body, policy: &Policy<'_>, out: &mut Vec<TextRange>) {
    for attribute in body.attributes().filter(|a| matches!(a.value, Expression::FuncCall(_))) {
        value_under(attribute.key.as_str(), &attribute.value, policy, out);
    }
    for block in body.blocks() {
        computed_values(&block.body, policy, out);
    }
}

fn label(label: &hcl_edit::structure::BlockLabel) -> &str {
    match label {
        hcl_edit::structure::BlockLabel::Ident(i) => i.as_str(),
        hcl_edit::structure::BlockLabel::String(s) => s.as_str(),
    }
}

fn value_under(name: &str, value: &Expression, policy: &Policy<'_>, out: &mut Vec<TextRange>) {
    if is_literal(value) {
        if policy.hides(name) {
            out.push(span_of(value));
        }
        return;
    }
    match value {
        Expression::Object(object) => {
            for (key, item) in object.iter() {
                let key = match key {
                    ObjectKey::Ident(i) => i.as_str().to_owned(),
                    ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                    ObjectKey::Expression(_) => String::new(),
                };
                value_under(&key, item.expr(), policy, out);
            }
        }
        Expression::Array(array) => array.iter().for_each(|e| value_under(name, e, policy, out)),
        Expression::FuncCall(call) => call.args.iter().for_each(|e| value_under(name, e, policy, out)),
        Expression::Parenthesis(p) => value_under(name, p.inner(), policy, out),
        _ => {}
    }
}

/// A string written in the file (quoted, template or heredoc), as opposed to a reference.
fn is_literal(value: &Expression) -> bool {
    matches!(value, Expression::String(_) | Expression::StringTemplate(_) | Expression::HeredocTemplate(_))
}

/// The `default` of a variable that is `sensitive = true` or named like a credential.
fn sensitive_defaults(body: &Body, policy: &Policy<'_>, out: &mut Vec<TextRange>) {
    for block in body.blocks().filter(|b| b.ident.as_str() == "variable") {
        let Some(default) = block.body.get_attribute("default") else { continue };
        let name = block.labels.first().map_or("", label);
        let sensitive = block
            .body
            .get_attribute("sensitive")
            .is_some_and(|a| !matches!(&a.value, Expression::Bool(b) if !*b.value()));
        if sensitive || policy.hides(name) {
            literals(&default.value, out);
        }
    }
}

/// Every literal string of a value (`default = { user = "a", key = "b" }`).
fn literals(value: &Expression, out: &mut Vec<TextRange>) {
    match value {
        value if is_literal(value) => out.push(span_of(value)),
        Expression::Object(object) => object.iter().for_each(|(_, item)| literals(item.expr(), out)),
        Expression::Array(array) => array.iter().for_each(|e| literals(e, out)),
        Expression::Parenthesis(p) => literals(p.inner(), out),
        _ => {}
    }
}

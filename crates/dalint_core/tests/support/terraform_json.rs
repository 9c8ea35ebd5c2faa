//! Test support: a `.tf` text written in Terraform's JSON syntax (`.tf.json`), for the tests that
//! check both syntaxes get the same findings, previews and redaction.

/// A `.tf` text written in Terraform's JSON syntax, as `terraform` reads both: blocks become
/// objects keyed by their labels, strings stay templates (`${` literal → `$${`), every other
/// expression becomes the template `"${expression}"`. `None` for what the converter does not
/// write (heredocs, blocks whose labels repeat).
pub fn to_terraform_json(text: &str) -> Option<String> {
    use hcl_edit::expr::{Expression, ObjectKey};
    use hcl_edit::structure::{BlockLabel, Body};
    use hcl_edit::template::Element;
    use hcl_edit::Span;
    use serde_json::{Map, Value};

    let source = |span: Option<std::ops::Range<usize>>| span.and_then(|r| text.get(r)).map(str::to_owned);
    let escape = |literal: &str| literal.replace("${", "$${").replace("%{", "%%{");
    fn expression(
        value: &Expression,
        source: &dyn Fn(Option<std::ops::Range<usize>>) -> Option<String>,
        escape: &dyn Fn(&str) -> String,
    ) -> Option<Value> {
        Some(match value {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => serde_json::from_str(&n.value().to_string()).ok()?,
            Expression::String(s) => Value::String(escape(s.value())),
            Expression::StringTemplate(template) => {
                let mut out = String::new();
                for element in template.iter() {
                    match element {
                        Element::Literal(l) => out.push_str(&escape(l.value())),
                        other => out.push_str(&source(other.span())?),
                    }
                }
                Value::String(out)
            }
            Expression::HeredocTemplate(_) => return None,
            Expression::Parenthesis(p) => expression(p.inner(), source, escape)?,
            Expression::Array(array) => {
                Value::Array(array.iter().map(|e| expression(e, source, escape)).collect::<Option<_>>()?)
            }
            Expression::Object(object) => {
                let mut map = Map::new();
                for (key, value) in object.iter() {
                    let key = match key {
                        ObjectKey::Ident(i) => i.as_str().to_owned(),
                        ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                        ObjectKey::Expression(e) => format!("${{{}}}", source(e.span())?),
                    };
                    map.insert(key, expression(value.expr(), source, escape)?);
                }
                Value::Object(map)
            }
            other => Value::String(format!("${{{}}}", source(other.span())?.trim())),
        })
    }
    fn body_of(
        body: &Body,
        source: &dyn Fn(Option<std::ops::Range<usize>>) -> Option<String>,
        escape: &dyn Fn(&str) -> String,
    ) -> Option<Map<String, Value>> {
        let mut out = Map::new();
        for attribute in body.attributes() {
            let value = match &attribute.value {
                // A variable's type is written as the type expression's text.
                Expression::Variable(_) | Expression::FuncCall(_) if attribute.key.as_str() == "type" => {
                    Value::String(source(attribute.value.span())?.trim().to_owned())
                }
                other => expression(other, source, escape)?,
            };
            out.insert(attribute.key.as_str().to_owned(), value);
        }
        for block in body.blocks() {
            let mut at = out.entry(block.ident.as_str().to_owned()).or_insert_with(|| Value::Object(Map::new()));
            for label in &block.labels {
                let label = match label {
                    BlockLabel::Ident(i) => i.as_str().to_owned(),
                    BlockLabel::String(s) => s.value().clone(),
                };
                at = at.as_object_mut()?.entry(label).or_insert_with(|| Value::Object(Map::new()));
            }
            if at.as_object().is_some_and(|o| !o.is_empty()) {
                return None;
            }
            *at = Value::Object(body_of(&block.body, source, escape)?);
        }
        Some(out)
    }
    let parsed = hcl_edit::parser::parse_body(text).ok()?;
    serde_json::to_string_pretty(&body_of(&parsed, &source, &escape)?).ok()
}

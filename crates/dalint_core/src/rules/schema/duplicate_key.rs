use std::collections::HashMap;

use jsonc_parser::ast::Value;

use crate::declare_rule;
use crate::lint::LintContext;
use crate::pointer::{self, Target};
use crate::rule::{Report, Rule, RuleMeta};

use super::shown;

declare_rule! {
    /// ## What it does
    /// Reports a key that appears more than once in the same object, anywhere in an action or
    /// Secure Data payload document (headers and JSON Schemas included). The diagnostic sits at
    /// the last occurrence, with a label at the first.
    ///
    /// ## Why is this bad?
    /// JSON readers, Genesys' included, silently keep the last value and drop the others. What
    /// you read at the top of the object is not what runs: a second `Authorization` header
    /// further down replaces the first, a second `requestTemplate` replaces the body you reviewed.
    ///
    /// ## Example
    /// ```json
    /// {"type": "http", "name": "Get order",
    ///  "config": {"method": "GET", "url": "https://api.example.com/orders",
    ///             "headers": {"Accept": "application/json", "Accept": "text/plain"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "http", "name": "Get order",
    ///  "config": {"method": "GET", "url": "https://api.example.com/orders",
    ///             "headers": {"Accept": "application/json"}}}
    /// ```
    ///
    /// ## Fix safety
    /// No fix: only you know which of the values is the right one.
    pub struct DuplicateKey {
        code: "SCH005",
        name: "duplicate-key",
        category: Schema,
        severity: Error,
        fix: None,
        summary: "A key appears twice in one object; JSON readers keep only the last value.",
    }
}

impl Rule for DuplicateKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        // Depth is bounded by the parser's limit, but an explicit stack keeps this obvious.
        let mut pending: Vec<(String, &Value<'_>)> = vec![(String::new(), &ctx.document.root)];
        while let Some((at, value)) = pending.pop() {
            match value {
                Value::Object(object) => {
                    // name → (occurrences, index of the last one), in order of first appearance.
                    let mut seen: HashMap<&str, (usize, usize)> = HashMap::new();
                    let mut order: Vec<&str> = Vec::new();
                    for (i, prop) in object.properties.iter().enumerate() {
                        let entry = seen.entry(prop.name.as_str()).or_insert_with(|| {
                            order.push(prop.name.as_str());
                            (0, i)
                        });
                        *entry = (entry.0 + 1, i);
                    }
                    for name in order {
                        let (count, last) = seen[name];
                        let member = pointer::push(&at, name);
                        if count > 1 {
                            out.push(report(&member, name, count));
                        }
                        // Only the values readers keep: a pointer names the last occurrence.
                        pending.push((member, &object.properties[last].value));
                    }
                }
                Value::Array(array) => {
                    for (i, element) in array.elements.iter().enumerate() {
                        pending.push((pointer::push_index(&at, i), element));
                    }
                }
                _ => {}
            }
        }
    }
}

fn report(pointer: &str, name: &str, count: usize) -> Report {
    let name = shown(name);
    let times = if count == 2 { "twice".to_owned() } else { format!("{count} times") };
    let mut report = Report::new(
        pointer,
        Target::Key,
        format!(
            "duplicate key `{name}`: it appears {times} in this object; JSON readers (Genesys too) keep only \
             this last value and silently drop the earlier one{}",
            if count == 2 { "" } else { "s" }
        ),
    )
    .label(pointer, Target::KeyOccurrence(0), format!("`{name}` first defined here"));
    for n in 1..count - 1 {
        report = report.label(pointer, Target::KeyOccurrence(n), format!("`{name}` defined again here"));
    }
    report
}

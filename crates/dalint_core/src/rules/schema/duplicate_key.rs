use std::collections::{HashMap, HashSet};

use jsonc_parser::ast::{ObjectProp, Value};

use crate::declare_rule;
use crate::pointer::{self, Target};
use crate::rule::{LintContext, Report, Rule, RuleMeta};

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
        visit(&ctx.document.root, &mut Vec::new(), out);
    }
}

/// One step of the path from the root to a value.
#[derive(Clone, Copy)]
enum Step<'d> {
    Key(&'d str),
    Index(usize),
}

fn pointer_of(path: &[Step<'_>]) -> String {
    path.iter().fold(String::new(), |at, step| match step {
        Step::Key(name) => pointer::push(&at, name),
        Step::Index(i) => pointer::push_index(&at, *i),
    })
}

/// Walks every object and array. Pointers are built only for the (rare) objects with duplicates,
/// so a clean document costs no allocation per node. Recursion is bounded: the parser refuses
/// nesting deeper than `MAX_PARSE_DEPTH`.
fn visit<'d>(value: &'d Value<'_>, path: &mut Vec<Step<'d>>, out: &mut Vec<Report>) {
    match value {
        Value::Object(object) => {
            let props = &object.properties;
            if !has_duplicate_names(props) {
                for prop in props {
                    path.push(Step::Key(prop.name.as_str()));
                    visit(&prop.value, path, out);
                    path.pop();
                }
                return;
            }
            // name → (occurrences, index of the last one), in order of first appearance.
            let mut seen: HashMap<&str, (usize, usize)> = HashMap::new();
            let mut order: Vec<&str> = Vec::new();
            for (i, prop) in props.iter().enumerate() {
                let entry = seen.entry(prop.name.as_str()).or_insert_with(|| {
                    order.push(prop.name.as_str());
                    (0, i)
                });
                *entry = (entry.0 + 1, i);
            }
            for name in order {
                let (count, last) = seen[name];
                path.push(Step::Key(name));
                if count > 1 {
                    out.push(report(&pointer_of(path), name, count));
                }
                // Only the values readers keep: a pointer names the last occurrence.
                visit(&props[last].value, path, out);
                path.pop();
            }
        }
        Value::Array(array) => {
            for (i, element) in array.elements.iter().enumerate() {
                path.push(Step::Index(i));
                visit(element, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Whether two properties share a name: pairwise for the small objects of actions, hashed for
/// large ones.
fn has_duplicate_names(props: &[ObjectProp<'_>]) -> bool {
    if props.len() <= 16 {
        return props
            .iter()
            .enumerate()
            .any(|(i, p)| props[i + 1..].iter().any(|q| q.name.as_str() == p.name.as_str()));
    }
    let mut names = HashSet::with_capacity(props.len());
    !props.iter().all(|p| names.insert(p.name.as_str()))
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

#[cfg(test)]
mod tests {
    use crate::{lint, Options};

    fn duplicates(text: &str) -> Vec<String> {
        lint(text, &Options::default()).into_iter().filter(|d| d.code == "SCH005").map(|d| d.pointer).collect()
    }

    /// Small objects are compared pairwise, large ones hashed: both find the same duplicates.
    #[test]
    fn small_and_large_objects_find_the_same_duplicates() {
        for size in [2, 16, 17, 200] {
            let mut headers: Vec<String> = (0..size).map(|i| format!("\"h{i}\": \"v\"")).collect();
            let clean = format!(
                r#"{{"type": "http", "config": {{"url": "https://x", "headers": {{{}}}}}}}"#,
                headers.join(", ")
            );
            assert!(duplicates(&clean).is_empty(), "{size}");
            headers.push("\"h0\": \"w\"".to_owned());
            let dup = format!(
                r#"{{"type": "http", "config": {{"url": "https://x", "headers": {{{}}}}}}}"#,
                headers.join(", ")
            );
            assert_eq!(duplicates(&dup), vec!["/config/headers/h0".to_owned()], "{size}");
        }
    }
}

use strsim::osa_distance;

use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::model::ActionShape;
use crate::pointer::{self, prop_name_range, Target};
use crate::rule::{LintContext, Report, Rule, RuleMeta};

use super::fields::{self, Level};
use super::shown;

declare_rule! {
    /// ## What it does
    /// Reports a key that is not a field of the action's shape, at each level whose fields are
    /// known: the action itself, `config`, `config.request`, `config.response`, `contract`,
    /// `contract.input`, `contract.output` (or the guide's `config`), and the list response
    /// around actions. It suggests the field you probably meant: same name in another case, a
    /// close spelling, or the counterpart in the other shape (`method` ↔ `requestType`,
    /// `url` ↔ `requestUrlTemplate`, `body` ↔ `requestTemplate`).
    ///
    /// Header names, translation-map names and everything inside JSON Schemas
    /// (`inputSchema`, `successSchema`, …) are yours to choose and never reported.
    ///
    /// ## Why is this bad?
    /// A misspelt field is silently ignored: `"requestTemplat"` sends an empty body, `"Headers"`
    /// sends no headers, and the action fails at run time instead of at import.
    ///
    /// ## Example
    /// ```json
    /// {"type": "http", "name": "Get order",
    ///  "config": {"method": "GET", "url": "https://api.example.com/orders", "hedaers": {}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "http", "name": "Get order",
    ///  "config": {"method": "GET", "url": "https://api.example.com/orders", "headers": {}}}
    /// ```
    ///
    /// ## Fix safety
    /// The fix renames the key to the suggested field. It is unsafe: the renamed field starts to
    /// take effect (headers are sent, a body is used), which changes what the action does. No fix
    /// is offered when the suggested field already exists.
    pub struct UnknownField {
        code: "SCH004",
        name: "unknown-field",
        category: Schema,
        severity: Warning,
        fix: Unsafe,
        summary: "A key is not a field of the action's shape (probably misspelt).",
    }
}

/// Fields that the two shapes name differently: (guide's name, Genesys' name).
const COUNTERPARTS: &[(&str, &str)] =
    &[("method", "requestType"), ("url", "requestUrlTemplate"), ("body", "requestTemplate")];

impl Rule for UnknownField {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        for action in &ctx.model.actions {
            for level in fields::levels(action) {
                check_level(&level, Some(action.shape), out);
            }
        }
        if let Some(level) = fields::list_level(ctx) {
            check_level(&level, None, out);
        }
    }
}

/// `shape` is `None` for the list response around actions.
fn check_level(level: &Level<'_, '_>, shape: Option<ActionShape>, out: &mut Vec<Report>) {
    let mut reported: Vec<&str> = Vec::new();
    // Last occurrence first: a duplicated unknown key is reported once, where readers see it.
    for prop in level.object.properties.iter().rev() {
        let name = prop.name.as_str();
        if level.field(name).is_some() || reported.contains(&name) {
            continue;
        }
        reported.push(name);
        let pointer = pointer::push(&level.pointer(), name);
        let label = shown(name);
        let mut message = format!("unknown field `{label}` {}", level.describe());
        match suggestion(level, shape, name) {
            Some(Hint::Rename(target)) => {
                message.push_str(&format!("; did you mean `{target}`?"));
                let mut report = Report::new(pointer, Target::Key, message);
                if fields::member(level.object, target).is_none() {
                    report = report.fix(Fix::unsafe_(
                        format!("Rename `{label}` to `{target}`"),
                        vec![Edit::replace(prop_name_range(prop), format!("\"{target}\""))],
                    ));
                } else {
                    report.message.push_str(&format!(" (`{target}` is already set here)"));
                }
                out.push(report);
            }
            Some(Hint::Note(note)) => {
                message.push_str("; ");
                message.push_str(&note);
                out.push(Report::new(pointer, Target::Key, message));
            }
            None => out.push(Report::new(pointer, Target::Key, message)),
        }
    }
}

enum Hint {
    /// A field of this level that was probably meant (the fix renames the key).
    Rename(&'static str),
    /// Where the field belongs instead.
    Note(String),
}

fn suggestion(level: &Level<'_, '_>, shape: Option<ActionShape>, name: &str) -> Option<Hint> {
    let label = shown(name);
    let local = |candidate: &str| level.fields.iter().find(|f| f.name == candidate).map(|f| f.name);
    // The same field in another case: `URL`, `RequestType`.
    if let Some(field) = level.fields.iter().find(|f| f.name.eq_ignore_ascii_case(name)) {
        return Some(Hint::Rename(field.name));
    }
    if let Some(shape) = shape {
        // The other shape's name for a field of this level: `method` inside `config.request`.
        let counterpart = COUNTERPARTS.iter().find_map(|&(guide, genesys)| {
            let (theirs, ours) = if shape.is_genesys() { (guide, genesys) } else { (genesys, guide) };
            theirs.eq_ignore_ascii_case(name).then_some(ours)
        });
        if let Some(ours) = counterpart {
            if let Some(field) = local(ours) {
                return Some(Hint::Rename(field));
            }
            if let Some(path) = fields::known_elsewhere(shape, ours) {
                return Some(Hint::Note(format!("in this shape it is `{}`", join(&path, ours))));
            }
        }
        // A real field, at the wrong level: `timeoutSeconds` at the top instead of in `config`.
        if let Some(path) = fields::known_elsewhere(shape, name) {
            let place =
                if path.is_empty() { "at the top level of the action".to_owned() } else { format!("in `{path}`") };
            return Some(Hint::Note(format!("`{label}` belongs {place}")));
        }
    }
    if let Some(field) = closest(level, name) {
        return Some(Hint::Rename(field));
    }
    let shape = shape?;
    let other = if shape.is_genesys() { ActionShape::Guide } else { ActionShape::Export };
    fields::known_elsewhere(other, name).map(|_| {
        Hint::Note(if shape.is_genesys() {
            format!("`{label}` is a field of the guide's shape, not of Genesys' Data Action model")
        } else {
            format!("`{label}` is a field of Genesys exports, not of the guide's shape")
        })
    })
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// The field of this level closest in spelling: at most 2 edits, and at most one edit per three
/// characters (so that `data` does not suggest `name`).
fn closest(level: &Level<'_, '_>, name: &str) -> Option<&'static str> {
    let budget = (name.chars().count() / 3).clamp(1, 2);
    level
        .fields
        .iter()
        .map(|f| (osa_distance(&name.to_lowercase(), &f.name.to_lowercase()), f.name))
        .filter(|&(d, _)| d <= budget)
        .min_by_key(|&(d, _)| d)
        .map(|(_, field)| field)
}

#[cfg(test)]
mod tests {
    use strsim::osa_distance;

    /// The metric SCH004, ENV002 and SEC008 share: a swap of two adjacent letters is one edit.
    #[test]
    fn one_metric_counts_transpositions_once() {
        assert_eq!(osa_distance("hedaers", "headers"), 1);
        assert_eq!(osa_distance("nme", "name"), 1);
        assert_eq!(osa_distance("data", "name"), 3);
    }
}

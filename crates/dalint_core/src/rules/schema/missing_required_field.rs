use jsonc_parser::ast::Value;

use crate::declare_rule;
use crate::model::{Action, ActionShape};
use crate::pointer::{self, Target};
use crate::rule::{LintContext, Report, Rule, RuleMeta};

use super::fields::member;

declare_rule! {
    /// ## What it does
    /// Reports a field that the action's shape requires but that is missing.
    ///
    /// - The guide's shape: `type`, `name`, `config.method`, `config.url`.
    /// - A Genesys export: `name`, `config.request.requestUrlTemplate` (except function actions,
    ///   whose URL the platform sets), `config.request.requestType`, `config.response`,
    ///   `contract.input.inputSchema` and `contract.output.successSchema` (or their `…Flattened` /
    ///   `…Uri` variants).
    /// - The Platform API shape: the export's fields plus `category` and `integrationId`.
    ///
    /// When a whole parent is missing (`config`, `contract`), it is reported once, naming what it
    /// must hold.
    ///
    /// ## Why is this bad?
    /// Genesys refuses to import or create an action without these fields, and an action that
    /// has no URL or method cannot send a request. The diagnostic points at the nearest existing
    /// parent, where the field has to be added.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   "name": "Get order",
    ///   "integrationType": "custom-rest-actions",
    ///   "actionType": "custom",
    ///   "config": {
    ///     "request": {"requestUrlTemplate": "https://api.example.com/orders/${input.id}"},
    ///     "response": {"translationMap": {}, "successTemplate": "${rawResult}"}
    ///   },
    ///   "contract": {"input": {"inputSchema": {"type": "object", "properties": {}}},
    ///                "output": {"successSchema": {"type": "object", "properties": {}}}}
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {
    ///   "name": "Get order",
    ///   "integrationType": "custom-rest-actions",
    ///   "actionType": "custom",
    ///   "config": {
    ///     "request": {"requestUrlTemplate": "https://api.example.com/orders/${input.id}",
    ///                 "requestType": "GET", "headers": {}, "requestTemplate": "${input.rawRequest}"},
    ///     "response": {"translationMap": {}, "successTemplate": "${rawResult}"}
    ///   },
    ///   "contract": {"input": {"inputSchema": {"type": "object", "properties": {}}},
    ///                "output": {"successSchema": {"type": "object", "properties": {}}}}
    /// }
    /// ```
    ///
    /// ## Fix safety
    /// No fix: only you know the value the field should have.
    pub struct MissingRequiredField {
        code: "SCH002",
        name: "missing-required-field",
        category: Schema,
        severity: Error,
        fix: None,
        summary: "A field that the action's shape requires is missing.",
    }
}

/// A required member: its path from the action, sibling names that satisfy it as well, and what
/// it is for.
struct Requirement {
    path: &'static [&'static str],
    alternatives: &'static [&'static str],
    purpose: &'static str,
}

const fn required(path: &'static [&'static str], purpose: &'static str) -> Requirement {
    Requirement { path, alternatives: &[], purpose }
}

const GUIDE: &[Requirement] = &[
    required(&["type"], "`\"http\"` in the guide's shape"),
    required(&["name"], "the action's name"),
    required(&["config", "method"], "the HTTP method (GET, PUT, POST, PATCH or DELETE)"),
    required(&["config", "url"], "the URL the action calls"),
];

const URL_TEMPLATE: &[&str] = &["config", "request", "requestUrlTemplate"];

const EXPORT: &[Requirement] = &[
    required(&["name"], "the action's name"),
    required(URL_TEMPLATE, "the URL the action calls"),
    required(&["config", "request", "requestType"], "the HTTP method (GET, PUT, POST, PATCH or DELETE)"),
    required(&["config", "response"], "how the response is translated (`translationMap`, `successTemplate`)"),
    Requirement {
        path: &["contract", "input", "inputSchema"],
        alternatives: &["inputSchemaFlattened", "inputSchemaUri"],
        purpose: "the input contract (a JSON Schema)",
    },
    Requirement {
        path: &["contract", "output", "successSchema"],
        alternatives: &["successSchemaFlattened", "successSchemaUri"],
        purpose: "the output contract (a JSON Schema)",
    },
];

const API_ONLY: &[Requirement] = &[
    required(&["category"], "the category the action is listed under (its integration's name)"),
    required(&["integrationId"], "the integration the action belongs to"),
];

fn requirements(shape: ActionShape) -> impl Iterator<Item = &'static Requirement> {
    let (base, extra): (&[Requirement], &[Requirement]) = match shape {
        ActionShape::Guide => (GUIDE, &[]),
        ActionShape::Export => (EXPORT, &[]),
        ActionShape::Api => (EXPORT, API_ONLY),
    };
    base.iter().chain(extra)
}

/// Function data actions have no URL of their own: the platform sets it.
fn url_set_by_platform(action: &Action<'_, '_>) -> bool {
    action.integration_type() == Some("function-data-actions")
}

/// Whether a dotted path (`config.request.requestType`) is required for this action (so `null`
/// there is an error, not an absent optional field).
pub(super) fn is_required(action: &Action<'_, '_>, dotted: &str) -> bool {
    requirements(action.shape).any(|r| r.path.join(".") == dotted)
}

/// Where a requirement first fails: the number of path tokens that exist, or `None` when it is
/// met (or cannot be judged because a parent has the wrong type, which `SCH003` reports).
fn first_missing(action: &Action<'_, '_>, requirement: &Requirement) -> Option<usize> {
    let mut value = action.value;
    for (depth, token) in requirement.path.iter().enumerate() {
        let Value::Object(object) = value else { return None };
        let last = depth + 1 == requirement.path.len();
        let found = member(object, token).or_else(|| {
            if last {
                requirement.alternatives.iter().find_map(|alt| member(object, alt))
            } else {
                None
            }
        });
        match found {
            Some(child) => value = child,
            None => return Some(depth),
        }
    }
    None
}

impl Rule for MissingRequiredField {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        for action in &ctx.model.actions {
            // Missing members, outermost first, each with the requirements it blocks.
            let mut missing: Vec<(&'static [&'static str], Vec<&'static Requirement>)> = Vec::new();
            for requirement in requirements(action.shape) {
                if requirement.path == URL_TEMPLATE && url_set_by_platform(action) {
                    continue;
                }
                let Some(depth) = first_missing(action, requirement) else { continue };
                let prefix = &requirement.path[..=depth];
                match missing.iter_mut().find(|(p, _)| *p == prefix) {
                    Some((_, blocked)) => blocked.push(requirement),
                    None => missing.push((prefix, vec![requirement])),
                }
            }
            for (prefix, blocked) in missing {
                let pointer = prefix.iter().fold(action.pointer.clone(), |p, t| pointer::push(&p, t));
                out.push(Report::new(pointer, Target::Key, message(prefix, &blocked)));
            }
        }
    }
}

fn message(prefix: &[&str], blocked: &[&Requirement]) -> String {
    let name = prefix.join(".");
    match blocked {
        [only] if only.path.len() == prefix.len() => {
            let alternatives = if only.alternatives.is_empty() {
                String::new()
            } else {
                let alts: Vec<String> = only.alternatives.iter().map(|a| format!("`{a}`")).collect();
                format!(" (or {})", alts.join(" or "))
            };
            format!("missing required field `{name}`{alternatives}: {}", only.purpose)
        }
        _ => {
            let inner: Vec<String> =
                blocked.iter().map(|r| format!("`{}`", r.path[prefix.len()..].join("."))).collect();
            format!("missing required field `{name}`, which must hold {}", join_and(&inner))
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

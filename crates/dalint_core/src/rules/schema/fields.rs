//! The known fields of each action shape and their JSON types, shared by `SCH002` (required),
//! `SCH003` (types and values) and `SCH004` (unknown names).
//!
//! Genesys shapes follow the Platform API models (`Action`, `ActionConfig`, `RequestConfig`,
//! `ResponseConfig`, `ActionContract`, `ActionInput`, `ActionOutput`, `ActionEntityListing`) plus
//! what the Admin UI export adds (`integrationType`, `actionType`); the guide's shape follows the
//! guide. Contents of JSON Schemas, header names and translation-map names are the user's own and
//! are never checked here.

use jsonc_parser::ast::{Object, Value};

use crate::model::{Action, ActionShape};
use crate::pointer;
use crate::rule::LintContext;

/// The JSON type a known field must have.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    String,
    Integer,
    Boolean,
    /// An object whose members are known, checked level by level.
    Object(&'static [Field]),
    /// An object with user-defined keys and string values (headers, translation maps).
    StringMap,
    /// A JSON Schema document: an object whose contents are never checked as fields.
    Schema,
    Array,
    /// The guide's `body`: a template string, or JSON written inline.
    Body,
}

impl Kind {
    /// Whether `value` has this kind's JSON type.
    pub fn accepts(self, value: &Value<'_>) -> bool {
        match (self, value) {
            (Kind::String, Value::StringLit(_)) | (Kind::Boolean, Value::BooleanLit(_)) => true,
            (Kind::Integer, Value::NumberLit(n)) => is_integer(n.value),
            (Kind::Object(_) | Kind::StringMap | Kind::Schema, Value::Object(_)) => true,
            (Kind::Array, Value::Array(_)) => true,
            (Kind::Body, Value::StringLit(_) | Value::Object(_) | Value::Array(_)) => true,
            _ => false,
        }
    }

    /// What the field must be, for messages ("a string", "a whole number").
    pub fn describe(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Integer => "a whole number",
            Kind::Boolean => "`true` or `false`",
            Kind::Object(_) | Kind::Schema => "an object",
            Kind::StringMap => "an object of strings",
            Kind::Array => "an array",
            Kind::Body => "a string (or inline JSON)",
        }
    }
}

/// Whether a JSON number literal is a whole number (`30`, `30.0`, `3e1`).
pub fn is_integer(literal: &str) -> bool {
    literal.parse::<f64>().is_ok_and(|n| n.is_finite() && n.fract() == 0.0)
}

/// The JSON type of a value, for messages.
pub fn type_name(value: &Value<'_>) -> &'static str {
    match value {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
}

const fn field(name: &'static str, kind: Kind) -> Field {
    Field { name, kind }
}

const REQUEST: &[Field] = &[
    field("requestUrlTemplate", Kind::String),
    field("requestType", Kind::String),
    field("headers", Kind::StringMap),
    field("requestTemplate", Kind::String),
    field("requestTemplateUri", Kind::String),
];

const RESPONSE: &[Field] = &[
    field("translationMap", Kind::StringMap),
    field("translationMapDefaults", Kind::StringMap),
    field("successTemplate", Kind::String),
    field("successTemplateUri", Kind::String),
];

const GENESYS_CONFIG: &[Field] = &[
    field("request", Kind::Object(REQUEST)),
    field("response", Kind::Object(RESPONSE)),
    field("timeoutSeconds", Kind::Integer),
];

const INPUT: &[Field] = &[
    field("inputSchema", Kind::Schema),
    field("inputSchemaFlattened", Kind::Schema),
    field("inputSchemaUri", Kind::String),
];

const OUTPUT: &[Field] = &[
    field("successSchema", Kind::Schema),
    field("successSchemaFlattened", Kind::Schema),
    field("successSchemaUri", Kind::String),
    field("errorSchema", Kind::Schema),
    field("errorSchemaFlattened", Kind::Schema),
    field("errorSchemaUri", Kind::String),
];

const CONTRACT: &[Field] = &[field("input", Kind::Object(INPUT)), field("output", Kind::Object(OUTPUT))];

/// An export (`*.custom.json`) and the Platform API shape share one model: the API's `Action`
/// plus the export's `integrationType` / `actionType`.
const GENESYS_ACTION: &[Field] = &[
    field("id", Kind::String),
    field("name", Kind::String),
    // Not in the API model, but written by hand and by tools next to `name`; harmless.
    field("description", Kind::String),
    field("category", Kind::String),
    field("integrationId", Kind::String),
    field("integrationType", Kind::String),
    field("actionType", Kind::String),
    field("config", Kind::Object(GENESYS_CONFIG)),
    field("contract", Kind::Object(CONTRACT)),
    field("secure", Kind::Boolean),
    field("version", Kind::Integer),
    field("selfUri", Kind::String),
];

const GUIDE_CONFIG: &[Field] = &[
    field("method", Kind::String),
    field("url", Kind::String),
    field("headers", Kind::StringMap),
    field("body", Kind::Body),
    field("logRequest", Kind::Boolean),
    field("logResponse", Kind::Boolean),
    field("timeoutSeconds", Kind::Integer),
];

const GUIDE_ACTION: &[Field] = &[
    field("type", Kind::String),
    field("name", Kind::String),
    field("description", Kind::String),
    field("config", Kind::Object(GUIDE_CONFIG)),
    field("logRequest", Kind::Boolean),
    field("logResponse", Kind::Boolean),
];

/// A list response (`GET /api/v2/integrations/actions`) around the actions.
pub const LIST_RESPONSE: &[Field] = &[
    field("entities", Kind::Array),
    field("pageSize", Kind::Integer),
    field("pageNumber", Kind::Integer),
    field("total", Kind::Integer),
    field("pageCount", Kind::Integer),
    field("firstUri", Kind::String),
    field("selfUri", Kind::String),
    field("nextUri", Kind::String),
    field("previousUri", Kind::String),
    field("lastUri", Kind::String),
];

/// The top-level fields of an action in `shape`.
pub fn action_fields(shape: ActionShape) -> &'static [Field] {
    match shape {
        ActionShape::Guide => GUIDE_ACTION,
        ActionShape::Export | ActionShape::Api => GENESYS_ACTION,
    }
}

/// One object whose members are known: the action itself, `config`, `config.request`, … or the
/// list response around actions. Its pointer and dotted path are built only when a rule reports
/// something (most levels have nothing to report).
pub struct Level<'d, 'a> {
    /// Absolute pointer of the action (`""` for the list response).
    base: &'d str,
    /// Field names from the action to this object (at most [`MAX_LEVEL_DEPTH`]).
    names: [&'static str; MAX_LEVEL_DEPTH],
    depth: usize,
    pub object: &'d Object<'a>,
    pub fields: &'static [Field],
    /// The list response around actions rather than a level of an action.
    pub list: bool,
}

/// Deepest level of the field tables (`config.request` is 2); a unit test checks the tables.
pub const MAX_LEVEL_DEPTH: usize = 4;

impl<'d, 'a> Level<'d, 'a> {
    fn names(&self) -> &[&'static str] {
        &self.names[..self.depth]
    }

    /// Absolute pointer of the object.
    pub fn pointer(&self) -> String {
        self.names().iter().fold(self.base.to_owned(), |at, name| pointer::push(&at, name))
    }

    /// Dotted path relative to the action (`""` for the action itself, `config.request`).
    pub fn path(&self) -> String {
        self.names().join(".")
    }

    /// Where this level is, for messages.
    pub fn describe(&self) -> String {
        if self.list {
            "in the list response around the actions".to_owned()
        } else if self.depth == 0 {
            "at the top level of the action".to_owned()
        } else {
            format!("in `{}`", self.path())
        }
    }

    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The bytes of the pointer relative to the action, for ordering without building it.
    fn relative_pointer_bytes(&self) -> impl Iterator<Item = u8> + '_ {
        self.names().iter().flat_map(|name| std::iter::once(b'/').chain(name.bytes()))
    }
}

/// Every known level of an action that is present as an object, outermost first. With duplicate
/// keys, the last occurrence is followed (as JSON readers do).
pub fn levels<'d, 'a>(action: &'d Action<'_, 'a>) -> Vec<Level<'d, 'a>> {
    let mut out = Vec::new();
    let root = Level {
        base: &action.pointer,
        names: [""; MAX_LEVEL_DEPTH],
        depth: 0,
        object: action.object(),
        fields: action_fields(action.shape),
        list: false,
    };
    let mut pending = vec![root];
    while let Some(level) = pending.pop() {
        for field in level.fields {
            let Kind::Object(children) = field.kind else { continue };
            if let Some(Value::Object(child)) = member(level.object, field.name) {
                if level.depth == MAX_LEVEL_DEPTH {
                    continue;
                }
                let mut names = level.names;
                names[level.depth] = field.name;
                pending.push(Level { names, depth: level.depth + 1, object: child, fields: children, ..level });
            }
        }
        out.push(level);
    }
    crate::sort::sort_by(&mut out, |a, b| a.relative_pointer_bytes().cmp(b.relative_pointer_bytes()));
    out
}

/// The list response around the document's actions, when the root is `{"entities": [...]}`.
pub fn list_level<'d, 'a>(ctx: &LintContext<'d, 'a>) -> Option<Level<'d, 'a>> {
    let Value::Object(root) = &ctx.document.root else { return None };
    let wraps_actions = ctx.model.actions.iter().any(|a| a.pointer.starts_with("/entities/"))
        || ctx.model.payloads.iter().any(|p| p.pointer.starts_with("/entities/"));
    wraps_actions.then_some(Level {
        base: "",
        names: [""; MAX_LEVEL_DEPTH],
        depth: 0,
        object: root,
        fields: LIST_RESPONSE,
        list: true,
    })
}

/// Where else in `shape` a field of this name is known, as a dotted path (`config.request`), for
/// "belongs in" hints.
pub fn known_elsewhere(shape: ActionShape, name: &str) -> Option<String> {
    let mut pending = vec![(String::new(), action_fields(shape))];
    while let Some((path, fields)) = pending.pop() {
        for field in fields {
            if field.name == name {
                return Some(path);
            }
            if let Kind::Object(children) = field.kind {
                let child = if path.is_empty() { field.name.to_owned() } else { format!("{path}.{}", field.name) };
                pending.push((child, children));
            }
        }
    }
    None
}

/// The last member named `key` (JSON readers keep the last duplicate).
pub fn member<'d, 'a>(object: &'d Object<'a>, key: &str) -> Option<&'d Value<'a>> {
    object.properties.iter().rev().find(|p| p.name.as_str() == key).map(|p| &p.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{self, ActionShape};
    use crate::parse::{parse, Dialect};

    fn depth(fields: &[Field]) -> usize {
        fields
            .iter()
            .map(|f| if let Kind::Object(children) = f.kind { 1 + depth(children) } else { 0 })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn field_tables_fit_a_level() {
        for shape in [ActionShape::Guide, ActionShape::Export, ActionShape::Api] {
            assert!(depth(action_fields(shape)) <= MAX_LEVEL_DEPTH, "{shape:?}");
        }
    }

    #[test]
    fn levels_are_ordered_by_pointer_with_dotted_paths() {
        let text = r#"[{"name": "a", "config": {"request": {"requestType": "GET"}, "response": {}},
                        "contract": {"input": {}, "output": {}}}]"#;
        let doc = parse(text, Dialect::Json).unwrap_or_else(|e| panic!("{e:?}"));
        let model = model::build(&doc.root);
        let found: Vec<(String, String)> = levels(&model.actions[0]).iter().map(|l| (l.pointer(), l.path())).collect();
        let expected = [
            ("/0", ""),
            ("/0/config", "config"),
            ("/0/config/request", "config.request"),
            ("/0/config/response", "config.response"),
            ("/0/contract", "contract"),
            ("/0/contract/input", "contract.input"),
            ("/0/contract/output", "contract.output"),
        ];
        assert_eq!(found, expected.map(|(p, d)| (p.to_owned(), d.to_owned())));
    }
}

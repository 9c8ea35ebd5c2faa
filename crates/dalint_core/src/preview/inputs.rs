//! The inputs an action is rendered with: the caller's (`--input`), else samples from the input
//! contract (default, example, enum, pattern, format, or a typed sample named after the field).

use serde_json::Value as Json;

use super::pattern;
use crate::model::Action;
use crate::template::value::{Origin, Text, Value};

/// A JSON value of the document as `serde_json` (contracts are small and bounded by the parse
/// depth limit, so recursion is safe).
pub fn to_json(value: &jsonc_parser::ast::Value<'_>) -> Json {
    use jsonc_parser::ast::Value as Ast;
    match value {
        Ast::StringLit(s) => Json::String(s.value.to_string()),
        Ast::NumberLit(n) => serde_json::from_str(n.value).unwrap_or(Json::Null),
        Ast::BooleanLit(b) => Json::Bool(b.value),
        Ast::NullKeyword(_) => Json::Null,
        Ast::Array(a) => Json::Array(a.elements.iter().map(to_json).collect()),
        Ast::Object(o) => {
            Json::Object(o.properties.iter().map(|p| (p.name.as_str().to_owned(), to_json(&p.value))).collect())
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputType {
    String,
    Integer,
    Number,
    Boolean,
    Null,
    /// Untyped, or a type dalint does not model: treated like a string.
    Unknown,
}

/// An input the contract declares.
#[derive(Debug, Clone)]
pub struct InputSpec {
    pub name: String,
    pub ty: InputType,
    pub required: bool,
    pub schema: Json,
}

/// Where a value is spliced, for deciding whether it needs escaping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    JsonString,
    Url,
}

/// Text that breaks a JSON string: a quote, a backslash and a line break.
pub const HOSTILE_JSON: &str = "He said \"hi\" \\ then\nleft";
/// Text that changes a URL: path traversal, a query, a fragment and a space.
pub const HOSTILE_URL: &str = "a/../b?c=d&e#f g";

#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The contract's inputs in document order; `None` when the action has no input contract.
    pub specs: Option<Vec<InputSpec>>,
    /// The values used: the caller's first, then samples in contract order.
    pub values: Vec<(String, Json)>,
}

impl Inputs {
    /// Inputs for `action`: `given` values win, the contract fills in the rest.
    pub fn for_action(action: &Action<'_, '_>, given: Option<&serde_json::Map<String, Json>>) -> Inputs {
        let schema = action.get("/contract/input/inputSchema").map(to_json);
        let specs = schema.as_ref().and_then(|s| s.get("properties")).and_then(Json::as_object).map(|props| {
            let required: Vec<&str> = schema
                .as_ref()
                .and_then(|s| s.get("required"))
                .and_then(Json::as_array)
                .map(|r| r.iter().filter_map(Json::as_str).collect())
                .unwrap_or_default();
            props
                .iter()
                .map(|(name, schema)| InputSpec {
                    name: name.clone(),
                    ty: input_type(schema),
                    required: required.contains(&name.as_str()),
                    schema: schema.clone(),
                })
                .collect::<Vec<_>>()
        });
        let mut values: Vec<(String, Json)> =
            given.map(|g| g.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default();
        for spec in specs.iter().flatten() {
            if !values.iter().any(|(k, _)| k == &spec.name) {
                values.push((spec.name.clone(), sample(spec)));
            }
        }
        Inputs { specs, values }
    }

    pub fn spec(&self, name: &str) -> Option<&InputSpec> {
        self.specs.as_ref()?.iter().find(|s| s.name == name)
    }

    /// The declared names (empty when there is no contract).
    pub fn declared(&self) -> Vec<&str> {
        self.specs.iter().flatten().map(|s| s.name.as_str()).collect()
    }

    /// Whether the input may hold text: a string or untyped input, or one the contract does not
    /// declare. Integers, numbers and booleans are validated by Genesys.
    pub fn may_hold_text(&self, name: &str) -> bool {
        self.spec(name).is_none_or(|spec| matches!(spec.ty, InputType::String | InputType::Unknown))
    }

    /// Whether the input can hold arbitrary text that needs escaping in `context`: strings and
    /// untyped inputs, unless an `enum`, `pattern` or `format` limits them to safe characters.
    /// Integers, numbers and booleans are validated by Genesys, so they cannot break anything.
    pub fn needs_escaping(&self, name: &str, context: Context) -> bool {
        let Some(spec) = self.spec(name) else { return true };
        if !matches!(spec.ty, InputType::String | InputType::Unknown) {
            return false;
        }
        let safe_char = |c: char| match context {
            Context::JsonString => c != '"' && c != '\\' && !c.is_control(),
            Context::Url => c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'),
        };
        if let Some(values) = spec.schema.get("enum").and_then(Json::as_array) {
            return !values.iter().all(|v| v.as_str().is_some_and(|s| s.chars().all(safe_char)) || !v.is_string());
        }
        if let Some(atoms) = spec.schema.get("pattern").and_then(Json::as_str).and_then(pattern::atoms) {
            if pattern::only_chars(&atoms, safe_char) {
                return false;
            }
        }
        let format = spec.schema.get("format").and_then(Json::as_str).unwrap_or_default();
        let json_safe_format =
            matches!(format, "date-time" | "date" | "time" | "uri" | "uuid" | "ipv4" | "ipv6" | "hostname");
        let url_safe_format = matches!(format, "uuid" | "ipv4" | "hostname");
        match context {
            Context::JsonString => !json_safe_format,
            Context::Url => !url_safe_format,
        }
    }

    /// These inputs with one value replaced.
    pub fn with(&self, name: &str, value: Json) -> Inputs {
        let mut copy = self.clone();
        match copy.values.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => copy.values.push((name.to_owned(), value)),
        }
        copy
    }

    /// The `input` variable: each value tagged with its input's name, plus `rawRequest`.
    pub fn to_value(&self) -> Value {
        let mut entries: Vec<(String, Value)> = self
            .values
            .iter()
            .map(|(k, v)| (k.clone(), Value::from_json(v, Some(&Origin::Input(k.clone())))))
            .collect();
        if !entries.iter().any(|(k, _)| k == "rawRequest") {
            let raw = Json::Object(self.values.iter().cloned().collect()).to_string();
            entries.push(("rawRequest".to_owned(), Value::Str(Text::from_origin(raw, Origin::RawRequest))));
        }
        Value::Map(entries)
    }
}

fn input_type(schema: &Json) -> InputType {
    let ty = match schema.get("type") {
        Some(Json::String(t)) => Some(t.as_str()),
        // `["string", "null"]`: the first non-null type.
        Some(Json::Array(types)) => types.iter().filter_map(Json::as_str).find(|t| *t != "null"),
        _ => None,
    };
    match ty {
        Some("string") => InputType::String,
        Some("integer") => InputType::Integer,
        Some("number") => InputType::Number,
        Some("boolean") => InputType::Boolean,
        Some("null") => InputType::Null,
        _ => InputType::Unknown,
    }
}

/// A value of the input's type that cannot break JSON or a URL (`sample-name` for strings), to
/// find out whether an input's actual value is what breaks a rendering.
pub fn neutral(spec: &InputSpec) -> Json {
    match spec.ty {
        InputType::String | InputType::Unknown => Json::String(format!("sample-{}", spec.name)),
        _ => sample(spec),
    }
}

/// A sample value for an input the caller did not give.
pub fn sample(spec: &InputSpec) -> Json {
    let schema = &spec.schema;
    if let Some(v) = schema.get("default") {
        return v.clone();
    }
    if let Some(v) = schema.get("examples").and_then(Json::as_array).and_then(|e| e.first()) {
        return v.clone();
    }
    for key in ["example", "const"] {
        if let Some(v) = schema.get(key) {
            return v.clone();
        }
    }
    if let Some(v) = schema.get("enum").and_then(Json::as_array).and_then(|e| e.first()) {
        return v.clone();
    }
    match spec.ty {
        InputType::Integer => {
            let minimum = schema.get("minimum").and_then(Json::as_i64).unwrap_or(1);
            Json::from(minimum.max(1))
        }
        InputType::Number => Json::from(1.5),
        InputType::Boolean => Json::Bool(true),
        InputType::Null => Json::Null,
        InputType::String | InputType::Unknown => {
            if let Some(atoms) = schema.get("pattern").and_then(Json::as_str).and_then(pattern::atoms) {
                return Json::String(pattern::sample(&atoms));
            }
            let text = match schema.get("format").and_then(Json::as_str) {
                Some("date-time") => "2024-01-31T09:30:00.000Z".to_owned(),
                Some("date") => "2024-01-31".to_owned(),
                Some("time") => "09:30:00".to_owned(),
                Some("email") => "sample@example.com".to_owned(),
                Some("uri" | "url") => "https://example.com/sample".to_owned(),
                Some("uuid") => "00000000-0000-4000-8000-000000000000".to_owned(),
                _ => format!("sample-{}", spec.name),
            };
            Json::String(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Dialect};

    fn inputs(json: &str, given: Option<&str>) -> Inputs {
        let doc = parse(json, Dialect::Json).unwrap_or_else(|e| panic!("{e:?}"));
        let model = crate::model::build(&doc.root);
        let given: Option<serde_json::Map<String, Json>> = given.map(|g| serde_json::from_str(g).unwrap_or_default());
        Inputs::for_action(&model.actions[0], given.as_ref())
    }

    #[test]
    fn samples_follow_the_contract() {
        let action = r#"{"contract": {"input": {"inputSchema": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"}, "n": {"type": "integer"}, "flag": {"type": "boolean"},
            "kind": {"type": "string", "enum": ["voice", "chat"]}, "d": {"type": "string", "default": "x"},
            "when": {"type": "string", "format": "date-time"}, "ex": {"type": "string", "examples": ["e1"]},
            "u": {"type": "string", "pattern": "^[0-9]{3}$"}, "amount": {"type": ["number", "null"]}}}}}}"#;
        let set = inputs(action, Some(r#"{"n": 7}"#));
        let values: Vec<String> = set.values.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            values,
            [
                "n=7",
                "id=\"sample-id\"",
                "flag=true",
                "kind=\"voice\"",
                "d=\"x\"",
                "when=\"2024-01-31T09:30:00.000Z\"",
                "ex=\"e1\"",
                "u=\"000\"",
                "amount=1.5"
            ]
        );
        assert!(set.spec("id").is_some_and(|s| s.required));
        assert!(set.needs_escaping("id", Context::JsonString));
        assert!(!set.needs_escaping("n", Context::JsonString));
        assert!(!set.needs_escaping("kind", Context::Url));
        assert!(!set.needs_escaping("u", Context::Url));
        assert!(!set.needs_escaping("when", Context::JsonString));
        assert!(set.needs_escaping("when", Context::Url));
        assert!(set.needs_escaping("undeclared", Context::Url));
        let raw = match set.to_value().map_get("rawRequest") {
            Some(Value::Str(t)) => t.text.clone(),
            other => panic!("{other:?}"),
        };
        assert!(raw.starts_with("{\"n\":7,\"id\":\"sample-id\""));
    }
}

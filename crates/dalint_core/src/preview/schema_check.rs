//! Checks an action's output against its `successSchema` (JSON Schema draft-04: `type`,
//! `properties`, `required`, `items`, `enum`, `additionalProperties: false`). Enough to catch the
//! usual surprises: a `null` where a string was promised, a missing field, an array instead of
//! one value.

use serde_json::Value as Json;

/// Most messages returned for one output.
const MAX_MESSAGES: usize = 20;
/// Deepest schema nesting followed.
const MAX_DEPTH: usize = 32;

fn type_name(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

fn matches_type(value: &Json, ty: &str) -> bool {
    match (ty, value) {
        ("number", Json::Number(_)) => true,
        ("integer", Json::Number(n)) => n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => type_name(value) == ty,
    }
}

/// What in `value` does not match `schema`; paths are written `output.a[0].b`.
pub fn check(value: &Json, schema: &Json) -> Vec<String> {
    let mut out = Vec::new();
    walk(value, schema, "output", 0, &mut out);
    out.truncate(MAX_MESSAGES);
    out
}

fn walk(value: &Json, schema: &Json, path: &str, depth: usize, out: &mut Vec<String>) {
    if depth > MAX_DEPTH || out.len() >= MAX_MESSAGES {
        return;
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Json::String(t)) => vec![t.as_str()],
        Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    };
    if !types.is_empty() && !types.iter().any(|t| matches_type(value, t)) {
        out.push(format!("`{path}` is {} but successSchema says {}", describe(value), types.join(" or ")));
        return;
    }
    if let Some(allowed) = schema.get("enum").and_then(Json::as_array) {
        if !allowed.contains(value) {
            out.push(format!("`{path}` is not one of the successSchema's enum values"));
        }
    }
    match value {
        Json::Object(map) => {
            let properties = schema.get("properties").and_then(Json::as_object);
            for name in schema.get("required").and_then(Json::as_array).into_iter().flatten().filter_map(Json::as_str) {
                if !map.contains_key(name) {
                    out.push(format!("`{path}.{name}` is required by successSchema but missing"));
                }
            }
            if schema.get("additionalProperties") == Some(&Json::Bool(false)) {
                for key in map.keys().filter(|k| !properties.is_some_and(|p| p.contains_key(*k))) {
                    out.push(format!("`{path}.{key}` is not in successSchema, which allows no other properties"));
                }
            }
            for (key, property_schema) in properties.into_iter().flatten() {
                if let Some(v) = map.get(key) {
                    walk(v, property_schema, &format!("{path}.{key}"), depth + 1, out);
                }
            }
        }
        Json::Array(items) => {
            if let Some(item_schema) = schema.get("items").filter(|s| s.is_object()) {
                for (i, item) in items.iter().enumerate() {
                    walk(item, item_schema, &format!("{path}[{i}]"), depth + 1, out);
                }
            }
        }
        _ => {}
    }
}

/// A value's type for messages (without echoing the value itself).
fn describe(value: &Json) -> String {
    match value {
        Json::Null => "null".to_owned(),
        Json::Array(items) => format!("an array of {}", items.len()),
        other => format!("a {}", type_name(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_types_required_and_extra_properties() {
        let schema = json!({"type": "object", "required": ["id", "n"], "additionalProperties": false,
            "properties": {"id": {"type": "string"}, "n": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string"}}}});
        assert!(check(&json!({"id": "x", "n": 2, "tags": ["a"]}), &schema).is_empty());
        assert_eq!(
            check(&json!({"id": null, "tags": ["a", 3], "extra": 1}), &schema),
            vec![
                "`output.n` is required by successSchema but missing",
                "`output.extra` is not in successSchema, which allows no other properties",
                "`output.id` is null but successSchema says string",
                "`output.tags[1]` is a integer but successSchema says string",
            ]
        );
        assert!(check(&json!({"n": 2.0, "id": "x"}), &schema).is_empty());
    }
}

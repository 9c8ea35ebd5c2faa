use jsonc_parser::ast::{Object, Value};

use crate::declare_rule;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::model::{Action, ActionShape, RequestPart};
use crate::parse::GENESYS_MAX_DEPTH;
use crate::pointer::{self, value_range, Target};
use crate::rule::{LintContext, Report, Rule, RuleMeta};
use crate::text::TextRange;

use super::fields::{self, type_name, Kind, Level};
use super::missing_required_field::is_required;
use super::shown;

declare_rule! {
    /// ## What it does
    /// Reports a field whose value Genesys does not accept:
    ///
    /// - an HTTP method (`config.method`, `config.request.requestType`) other than `GET`, `PUT`,
    ///   `POST`, `PATCH` or `DELETE` (upper case);
    /// - `config.timeoutSeconds` that is not a whole number from 1 to 60;
    /// - an empty `name` or `category`, or one longer than 256 characters;
    /// - a header value (or translation-map value) that is not a string;
    /// - an input contract that is not flat (an input that is an object or an array), or that
    ///   declares an input named `orgId`, `integrationId` or `rawRequest` (reserved by Genesys);
    /// - a known field of the wrong JSON type (`config.request` that is not an object, `secure` or
    ///   `logRequest` that is not a boolean, …);
    /// - the guide's `type` other than `"http"`;
    /// - nesting deeper than 50 levels, which Genesys refuses (reported as a warning).
    ///
    /// ## Why is this bad?
    /// Genesys validates these fields when an action is imported, created or saved: an action
    /// with an invalid value is refused, or (for a wrongly typed field) silently loses it.
    ///
    /// ## Example
    /// ```json
    /// {"type": "http", "name": "Get order",
    ///  "config": {"method": "get", "url": "https://api.example.com/orders", "timeoutSeconds": 90}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "http", "name": "Get order",
    ///  "config": {"method": "GET", "url": "https://api.example.com/orders", "timeoutSeconds": 60}}
    /// ```
    ///
    /// ## Fix safety
    /// Safe fixes, offered only where the meaning is kept: a method in the wrong case
    /// (`get` → `GET`); a number or boolean header value written without quotes (`5` → `"5"`);
    /// a `translationMapDefaults` value written as bare JSON (`0` → `"0"`, `[]` → `"[]"`: these
    /// strings hold JSON literals); and a value of the wrong scalar type that Genesys' reader
    /// converts anyway (`"false"` → `false` for `secure`, `"30"` → `30` for `timeoutSeconds`).
    /// Everything else needs your decision.
    pub struct InvalidValue {
        code: "SCH003",
        name: "invalid-value",
        category: Schema,
        severity: Error,
        fix: Safe,
        summary: "A field has a value or JSON type that Genesys does not accept.",
    }
}

/// The HTTP methods a Data Action may use, as Genesys spells them.
pub const METHODS: &[&str] = &["GET", "PUT", "POST", "PATCH", "DELETE"];
/// Input names the platform supplies itself.
pub const RESERVED_INPUTS: &[&str] = &["orgId", "integrationId", "rawRequest"];
/// Longest `name` and `category` Genesys accepts, in characters (UTF-16 code units, as Java counts).
pub const MAX_NAME_LENGTH: usize = 256;
pub const TIMEOUT_SECONDS: std::ops::RangeInclusive<i64> = 1..=60;

impl Rule for InvalidValue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        for action in &ctx.model.actions {
            for level in fields::levels(action) {
                check_types(ctx, &level, Some(action), out);
            }
            check_method(action, out);
            check_timeout(action, out);
            check_names(action, out);
            check_guide_type(action, out);
            check_input_contract(action, out);
        }
        if let Some(level) = fields::list_level(ctx) {
            check_types(ctx, &level, None, out);
        }
        if let Some(offset) = ctx.document.genesys_depth_exceeded_at {
            out.push(
                Report::new(
                    pointer::pointer_at(&ctx.document.root, offset),
                    Target::Key,
                    format!(
                        "nesting deeper than {GENESYS_MAX_DEPTH} levels: Genesys refuses JSON nested this deep \
                         (this value is at level {})",
                        GENESYS_MAX_DEPTH + 1
                    ),
                )
                .severity(Severity::Warning),
            );
        }
    }
}

/// The dotted path of a member of `level`, for messages.
fn dotted(level: &Level<'_, '_>, name: &str) -> String {
    let path = level.path();
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

/// JSON types of known fields, and the values inside string maps.
fn check_types(
    ctx: &LintContext<'_, '_>,
    level: &Level<'_, '_>,
    action: Option<&Action<'_, '_>>,
    out: &mut Vec<Report>,
) {
    for field in level.fields {
        let Some(value) = fields::member(level.object, field.name) else { continue };
        let accepted = field.kind.accepts(value);
        if accepted && !matches!((field.kind, value), (Kind::StringMap, Value::Object(_))) {
            // The common case: nothing to report, so no path or pointer to build.
            continue;
        }
        let path = dotted(level, field.name);
        let pointer = pointer::push(&level.pointer(), field.name);
        if !accepted {
            let optional = !action.is_some_and(|a| is_required(a, &path));
            if matches!(value, Value::NullKeyword(_)) && optional {
                // `null` reads as absent for an optional field.
                continue;
            }
            let found = match value {
                Value::NumberLit(n) if matches!(field.kind, Kind::Integer) => format!("`{}`", n.value),
                other => type_name(other).to_owned(),
            };
            let mut report =
                Report::new(pointer, Target::Value, format!("`{path}` must be {}, not {found}", field.kind.describe()));
            if let Some(fix) = coercion_fix(ctx, field.kind, value) {
                report = report.fix(fix);
            }
            out.push(report);
            continue;
        }
        if let (Kind::StringMap, Value::Object(map)) = (field.kind, value) {
            check_string_map(ctx, &path, &pointer, map, out);
        }
    }
}

/// The same value written with the type the field needs, where Genesys' reader would convert it
/// anyway (`"false"` for a boolean, `"30"` for a number, `5` for a string): the meaning is kept.
fn coercion_fix(ctx: &LintContext<'_, '_>, kind: Kind, value: &Value<'_>) -> Option<Fix> {
    let range = value_range(value);
    let literal = &ctx.text[range.start..range.end];
    let replacement = match (kind, value) {
        (Kind::Boolean, Value::StringLit(s)) if s.value == "true" || s.value == "false" => s.value.to_string(),
        // The number as JSON writes it: `"06"` and `"+5"` parse, but `06` and `+5` are not JSON.
        (Kind::Integer, Value::StringLit(s)) => s.value.trim().parse::<i64>().ok()?.to_string(),
        (Kind::String, Value::NumberLit(_) | Value::BooleanLit(_)) => format!("\"{literal}\""),
        _ => return None,
    };
    Some(Fix::safe(format!("Write `{replacement}`"), vec![Edit::replace(range, replacement.clone())]))
}

/// Headers and translation maps hold strings. A number or boolean written without quotes gets a
/// safe fix that quotes it (Genesys reads the value as that text); in `translationMapDefaults`,
/// whose strings hold JSON literals, any value can be quoted without changing its meaning.
fn check_string_map(ctx: &LintContext<'_, '_>, path: &str, map_pointer: &str, map: &Object<'_>, out: &mut Vec<Report>) {
    let json_literals = path.ends_with("translationMapDefaults");
    let mut seen: Vec<&str> = Vec::new();
    for prop in map.properties.iter().rev() {
        let name = prop.name.as_str();
        if seen.contains(&name) {
            continue; // An earlier duplicate: JSON readers drop it (SCH005 reports it).
        }
        seen.push(name);
        if matches!(prop.value, Value::StringLit(_)) {
            continue;
        }
        let label = shown(name);
        let what = if path.ends_with("headers") {
            format!("header `{label}` has {} value; header values must be strings", type_name(&prop.value))
        } else if json_literals {
            format!(
                "`{path}` entry `{label}` is {}; its values are strings holding a JSON literal (`\"0\"`, `\"[]\"`)",
                type_name(&prop.value)
            )
        } else {
            format!("`{path}` entry `{label}` is {}; its values must be strings", type_name(&prop.value))
        };
        let mut report = Report::new(pointer::push(map_pointer, name), Target::Value, what);
        let scalar = matches!(prop.value, Value::NumberLit(_) | Value::BooleanLit(_));
        if scalar || json_literals {
            let range = value_range(&prop.value);
            let quoted = serde_json::to_string(&ctx.text[range.start..range.end]).unwrap_or_default();
            report = report.fix(Fix::safe(format!("Quote it: `{quoted}`"), vec![Edit::replace(range, quoted)]));
        }
        out.push(report);
    }
}

fn check_method(action: &Action<'_, '_>, out: &mut Vec<Report>) {
    let Some(Value::StringLit(literal)) = action.part(RequestPart::Method) else { return };
    let method = literal.value.as_ref();
    if METHODS.contains(&method) {
        return;
    }
    let shown_method = shown(method);
    let field = action.relative_pointer(RequestPart::Method).trim_start_matches('/').replace('/', ".");
    let pointer = action.pointer_of(RequestPart::Method);
    let normalized = method.trim().to_ascii_uppercase();
    if METHODS.contains(&normalized.as_str()) {
        let range: TextRange = literal.range.into();
        out.push(
            Report::new(
                pointer,
                Target::Value,
                format!(
                    "`{field}` is `{shown_method}`: Genesys requires exactly `{normalized}` (upper case, no spaces); \
                     accepted: {}",
                    METHODS.join(", ")
                ),
            )
            .fix(Fix::safe(format!("Write `{normalized}`"), vec![Edit::replace(range, format!("\"{normalized}\""))])),
        );
    } else {
        out.push(Report::new(
            pointer,
            Target::Value,
            format!("`{field}` is `{shown_method}`, which Genesys does not accept; use one of {}", METHODS.join(", ")),
        ));
    }
}

fn check_timeout(action: &Action<'_, '_>, out: &mut Vec<Report>) {
    let Some(Value::NumberLit(number)) = action.get("/config/timeoutSeconds") else { return };
    // A fractional value is reported as a type error by `check_types`.
    let Ok(seconds) = number.value.parse::<f64>() else { return };
    if !fields::is_integer(number.value) {
        return;
    }
    if seconds < *TIMEOUT_SECONDS.start() as f64 || seconds > *TIMEOUT_SECONDS.end() as f64 {
        out.push(Report::new(
            action.at("/config/timeoutSeconds"),
            Target::Value,
            format!(
                "`config.timeoutSeconds` is {}: Genesys accepts {} to {} seconds",
                number.value,
                TIMEOUT_SECONDS.start(),
                TIMEOUT_SECONDS.end()
            ),
        ));
    }
}

fn check_names(action: &Action<'_, '_>, out: &mut Vec<Report>) {
    for (key, at) in [("name", "/name"), ("category", "/category")] {
        let Some(Value::StringLit(literal)) = action.get(at) else { continue };
        let length: usize = literal.value.encode_utf16().count();
        let problem = if literal.value.trim().is_empty() {
            format!("`{key}` is empty: Genesys requires 1 to {MAX_NAME_LENGTH} characters")
        } else if length > MAX_NAME_LENGTH {
            format!("`{key}` is {length} characters long: Genesys accepts at most {MAX_NAME_LENGTH}")
        } else {
            continue;
        };
        out.push(Report::new(action.at(at), Target::Value, problem));
    }
}

fn check_guide_type(action: &Action<'_, '_>, out: &mut Vec<Report>) {
    if action.shape != ActionShape::Guide {
        return;
    }
    let Some(Value::StringLit(literal)) = action.get("/type") else { return };
    if !literal.value.eq_ignore_ascii_case("http") {
        out.push(Report::new(
            action.at("/type"),
            Target::Value,
            format!("`type` is `{}`: an action in the guide's shape has `type: \"http\"`", shown(&literal.value)),
        ));
    }
}

/// Genesys input contracts are flat, and some input names are taken by the platform.
fn check_input_contract(action: &Action<'_, '_>, out: &mut Vec<Report>) {
    if !action.shape.is_genesys() {
        return;
    }
    let base = "/contract/input/inputSchema/properties";
    let Some(Value::Object(properties)) = action.get(base) else { return };
    for prop in &properties.properties {
        let name = prop.name.as_str();
        let reserved = RESERVED_INPUTS.contains(&name);
        let nested = nested_kind(&prop.value);
        if !reserved && nested.is_none() {
            continue;
        }
        let pointer = pointer::push(&action.at(base), name);
        let label = shown(name);
        if reserved {
            out.push(Report::new(
                pointer.clone(),
                Target::Key,
                format!(
                    "input `{label}` is reserved: Genesys supplies `orgId`, `integrationId` and `rawRequest` itself; \
                     rename this input"
                ),
            ));
        }
        if let Some(kind) = nested {
            out.push(Report::new(
                pointer,
                Target::Key,
                format!(
                    "input `{label}` is {kind}: Genesys input contracts are flat (string, integer, number, boolean); \
                     pass nested data as a JSON string or as separate inputs"
                ),
            ));
        }
    }
}

/// `Some("an object")` / `Some("an array")` when a property schema is not a flat value.
fn nested_kind(schema: &Value<'_>) -> Option<&'static str> {
    let Value::Object(schema) = schema else { return None };
    let declared = fields::member(schema, "type");
    let has_type = |wanted: &str| match declared {
        Some(Value::StringLit(s)) => s.value == wanted,
        Some(Value::Array(a)) => a.elements.iter().any(|e| matches!(e, Value::StringLit(s) if s.value == wanted)),
        _ => false,
    };
    if has_type("object") || fields::member(schema, "properties").is_some() {
        Some("an object")
    } else if has_type("array") || fields::member(schema, "items").is_some() {
        Some("an array")
    } else {
        None
    }
}

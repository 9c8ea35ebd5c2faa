//! The response side, with a sample response: the translation map (JSONPath), its defaults, the
//! successTemplate and the successSchema. Empty outputs from translation maps that match nothing
//! are the most common surprise of Genesys users; every such case becomes a note.

use serde::Serialize;
use serde_json::Value as Json;

use super::analysis::{success_env, Rendering};
use super::inputs::{to_json, Inputs};
use super::jsonpath::{self, Selection};
use super::redact::{redact_rendered, site_redactions};
use super::{schema_check, PendingNote};
use crate::model::Action;
use crate::pointer;
use crate::secrets::positions::{Policy, REDACTED};
use crate::secrets::Context;
use crate::template::json_check;
use crate::template::sites::{SiteKind, TemplateSite};
use crate::template::value::{Origin, Text};

/// Where a translation-map variable's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum VariableSource {
    /// The JSONPath found it in the response.
    Path,
    /// The path found nothing: `translationMapDefaults` supplied it.
    Default,
    /// The path found nothing and there is no default.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseVariable {
    pub name: String,
    pub path: String,
    /// The value as JSON text (what `${name}` prints).
    pub value: Option<String>,
    pub source: VariableSource,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponsePreview {
    pub variables: Vec<ResponseVariable>,
    /// The rendered successTemplate: the action's output.
    pub output: Option<String>,
}

fn object_at(action: &Action<'_, '_>, relative: &str) -> serde_json::Map<String, Json> {
    match action.get(relative).map(to_json) {
        Some(Json::Object(map)) => map,
        _ => serde_json::Map::new(),
    }
}

/// Runs the response side of `action` on `response` (already redacted).
pub(crate) fn preview_response(
    action: &Action<'_, '_>,
    sites: &[TemplateSite<'_>],
    response: &Json,
    inputs: &Inputs,
    notes: &mut Vec<PendingNote>,
) -> ResponsePreview {
    let map_pointer = action.at("/config/response/translationMap");
    let defaults_pointer = action.at("/config/response/translationMapDefaults");
    let map = object_at(action, "/config/response/translationMap");
    let defaults = object_at(action, "/config/response/translationMapDefaults");

    // Defaults are JSON literals written as strings (`"\"\""`, `"0"`, `"[]"`).
    for (name, default) in &defaults {
        let pointer = pointer::push(&defaults_pointer, name);
        match default.as_str() {
            Some(text) if serde_json::from_str::<Json>(text).is_err() => notes.push(PendingNote::at(
                pointer,
                None,
                format!("the default of `{name}` is not a JSON literal, so `${{{name}}}` prints bare text; a string default needs quotes: `\"\\\"…\\\"\"`"),
            )),
            Some(_) => {}
            None => notes.push(PendingNote::at(pointer, None, format!("the default of `{name}` must be a string holding JSON"))),
        }
    }

    let mut variables = Vec::new();
    let mut values: Vec<(String, Text)> = Vec::new();
    for (name, path) in &map {
        let pointer = pointer::push(&map_pointer, name);
        let Some(path) = path.as_str() else {
            notes.push(PendingNote::at(pointer, None, format!("the path of `{name}` must be a string")));
            continue;
        };
        if jsonpath::uses_regex(path) {
            notes.push(PendingNote::at(
                &pointer,
                None,
                "dalint does not evaluate `=~` regular expressions: that filter matches nothing here",
            ));
        }
        let selection = match jsonpath::evaluate(path, response) {
            Ok(selection) => selection,
            Err(e) => {
                notes.push(PendingNote::at(
                    &pointer,
                    None,
                    format!("`{name}`: dalint cannot read this JSONPath ({})", e.message),
                ));
                Selection::Missing
            }
        };
        let found = match selection {
            Selection::Value(v) => Some(v.to_string()),
            Selection::List(items) if !items.is_empty() => Some(Json::Array(items).to_string()),
            Selection::List(_) if !defaults.contains_key(name) => {
                notes.push(PendingNote::at(
                    &pointer,
                    None,
                    format!("`{name}` matches nothing in the sample response: it is an empty list"),
                ));
                Some("[]".to_owned())
            }
            Selection::List(_) | Selection::Missing => None,
        };
        let (value, source) = match (found, defaults.get(name).and_then(Json::as_str)) {
            (Some(v), _) => (Some(v), VariableSource::Path),
            (None, Some(default)) => {
                notes.push(PendingNote::at(
                    &pointer,
                    None,
                    format!("`{name}` finds nothing in the sample response: its default is used"),
                ));
                (Some(default.to_owned()), VariableSource::Default)
            }
            (None, None) => {
                notes.push(PendingNote::at(
                    &pointer,
                    None,
                    format!("`{name}` finds nothing in the sample response and translationMapDefaults has no default for it"),
                ));
                (None, VariableSource::Missing)
            }
        };
        if let Some(v) = &value {
            values.push((name.clone(), Text::from_origin(v.clone(), Origin::Response(name.clone()))));
        }
        variables.push(ResponseVariable {
            name: name.clone(),
            path: path.to_owned(),
            value: value.map(|v| match Policy::default().hides(name) {
                true => REDACTED.to_owned(),
                false => redact_rendered(&v, &Context::body(), &Policy::default()),
            }),
            source,
        });
    }

    let raw_result = Text::from_origin(response.to_string(), Origin::Response("rawResult".to_owned()));
    let env = success_env(&values, raw_result, inputs);
    let output = sites.iter().find(|s| s.kind == SiteKind::SuccessTemplate).map(|site| {
        let rendering = Rendering::new(site.value, site.dialect, &env, &site_redactions(site));
        for note in &rendering.rendered.notes {
            notes.push(PendingNote::at(&site.pointer, Some(note.range), note.message.clone()));
        }
        let output = rendering.output();
        match json_check::check(output.as_str(), &[]) {
            Err(error) => notes.push(PendingNote::at(
                &site.pointer,
                output.source_at(error.offset),
                format!("with this response the successTemplate renders invalid JSON: {}", error.message),
            )),
            Ok(()) => {
                if let (Ok(value), Some(schema)) = (
                    serde_json::from_str::<Json>(output.as_str()),
                    action.get("/contract/output/successSchema").map(to_json),
                ) {
                    for problem in schema_check::check(&value, &schema) {
                        notes.push(PendingNote::at(action.at("/contract/output/successSchema"), None, problem));
                    }
                }
            }
        }
        redact_rendered(output.as_str(), &Context::body(), &Policy::default())
    });
    if output.is_none() && action.shape.is_genesys() {
        notes.push(PendingNote::at(
            action.at("/config/response"),
            None,
            "no successTemplate: the action has no output to check",
        ));
    }
    ResponsePreview { variables, output }
}

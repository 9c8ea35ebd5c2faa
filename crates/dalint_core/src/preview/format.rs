//! Prints a [`Preview`]: as HTTP messages (`.http` file style), as curl commands, or as the
//! versioned JSON document
//! `{"schemaVersion": 1, "actions": [{"pointer", "name", "method", "url", "headers", "body", "notes"}]}`.

use super::response::{ResponsePreview, VariableSource};
use super::{ActionPreview, Preview};
use crate::output::SCHEMA_VERSION;

/// The JSON document (positions as LSP ranges); `schemas/preview.schema.json` describes it.
pub fn to_json(preview: &Preview) -> serde_json::Value {
    serde_json::json!({
        "schemaVersion": SCHEMA_VERSION,
        "tool": {"name": "dalint", "version": crate::VERSION},
        "actions": preview.actions,
    })
}

fn title(action: &ActionPreview) -> String {
    let place = if action.pointer.is_empty() { "document root".to_owned() } else { format!("at {}", action.pointer) };
    match &action.name {
        Some(name) => format!("{name} (action {}, {place})", action.index),
        None => format!("action {} ({place})", action.index),
    }
}

fn comment_lines(out: &mut String, text: &str) {
    for line in text.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
}

fn notes(out: &mut String, action: &ActionPreview) {
    for note in &action.notes {
        let at = note.range.start;
        out.push_str(&format!("# note {}:{}: ", at.line + 1, at.character + 1));
        let mut lines = note.message.lines();
        out.push_str(lines.next().unwrap_or_default());
        out.push('\n');
        for line in lines {
            out.push_str("#   ");
            out.push_str(line);
            out.push('\n');
        }
    }
}

fn response_text(out: &mut String, response: &ResponsePreview) {
    out.push_str("## response\n");
    for variable in &response.variables {
        let value = variable.value.as_deref().unwrap_or("(nothing)");
        let from = match variable.source {
            VariableSource::Path => String::new(),
            VariableSource::Default => " (default)".to_owned(),
            VariableSource::Missing => " (no default)".to_owned(),
        };
        comment_lines(out, &format!("{} = {value}{from}   <- {}", variable.name, variable.path));
    }
    match &response.output {
        Some(output) => {
            out.push_str(output);
            if !output.ends_with('\n') {
                out.push('\n');
            }
        }
        None => out.push_str("# (no successTemplate)\n"),
    }
}

/// HTTP messages, one per action, separated by `###` lines.
pub fn to_text(preview: &Preview) -> String {
    let mut out = String::new();
    for (i, action) in preview.actions.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("### {}\n", title(action)));
        match &action.url {
            Some(url) => out.push_str(&format!("{} {url}\n", action.method)),
            None => out.push_str(&format!("{} (no URL)\n", action.method)),
        }
        for header in &action.headers {
            out.push_str(&format!("{}: {}\n", header.name, header.value));
        }
        if let Some(body) = &action.body {
            out.push('\n');
            out.push_str(body);
            if !body.ends_with('\n') {
                out.push('\n');
            }
        }
        if !action.notes.is_empty() {
            out.push('\n');
            notes(&mut out, action);
        }
        if let Some(response) = &action.response {
            out.push('\n');
            response_text(&mut out, response);
        }
    }
    if preview.actions.is_empty() {
        out.push_str("# no Data Action in this document\n");
    }
    out
}

/// A shell single-quoted word.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// curl commands, one per action; notes as shell comments.
pub fn to_curl(preview: &Preview) -> String {
    let mut out = String::new();
    for (i, action) in preview.actions.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("# {}\n", title(action)));
        match &action.url {
            Some(url) => {
                out.push_str(&format!("curl -X {} {}", action.method, shell_quote(url)));
                for header in &action.headers {
                    out.push_str(&format!(" \\\n  -H {}", shell_quote(&format!("{}: {}", header.name, header.value))));
                }
                if let Some(body) = &action.body {
                    out.push_str(&format!(" \\\n  --data-raw {}", shell_quote(body)));
                }
                out.push('\n');
            }
            None => out.push_str("# (no URL: nothing for curl to send)\n"),
        }
        notes(&mut out, action);
        if let Some(response) = &action.response {
            let mut text = String::new();
            response_text(&mut text, response);
            comment_lines(&mut out, &text);
        }
    }
    if preview.actions.is_empty() {
        out.push_str("# no Data Action in this document\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting_survives_single_quotes() {
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
    }
}

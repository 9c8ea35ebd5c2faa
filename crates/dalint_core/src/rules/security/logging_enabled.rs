use jsonc_parser::ast::{Object, Value};

use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::model::{Action, ActionShape};
use crate::pointer::{prop_name_range, value_range, Target};
use crate::rule::{LintContext, Report, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds actions in the guide's shape that carry a credential (a secret, a placeholder, a
    /// `secureData()` / `${credentials.…}` reference, or a credential taken from an input) while
    /// `logRequest` or `logResponse` is missing or `true`, at the top of the action or inside
    /// `config`.
    ///
    /// ## Why is this bad?
    /// The guide: "Set both to false for any action that carries authentication tokens."
    /// Logged requests contain the resolved credential, in plain text, in logs and analytics
    /// exports.
    ///
    /// ## Example
    /// ```json
    /// {"type": "http", "name": "POST_Telemetry_Event",
    ///  "config": {"method": "POST", "url": "https://api.partner.example.com/v1/events",
    ///   "headers": {"Authorization": "Bearer {{secureData(\"partner_bearer_token_prod\")}}"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "http", "name": "POST_Telemetry_Event",
    ///  "config": {"method": "POST", "url": "https://api.partner.example.com/v1/events",
    ///   "headers": {"Authorization": "Bearer {{secureData(\"partner_bearer_token_prod\")}}"}},
    ///  "logRequest": false,
    ///  "logResponse": false}
    /// ```
    ///
    /// ## Fix safety
    /// Safe: it sets both flags to `false`, adding them at the top of the action (in the file's
    /// own indentation, line endings and spacing) when they are missing. Nothing the action
    /// sends changes.
    pub struct LoggingEnabled {
        code: "SEC005",
        name: "logging-enabled",
        category: Security,
        severity: Warning,
        fix: Safe,
        summary: "Request or response logging is on for an action that carries a credential.",
    }
}

const FLAGS: [&str; 2] = ["logRequest", "logResponse"];

impl Rule for LoggingEnabled {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        let secrets = ctx.secrets();
        for (index, action) in ctx.model.actions.iter().enumerate() {
            if action.shape != ActionShape::Guide {
                continue;
            }
            let Some(site) = secrets.sites_of(index).next() else { continue };
            let mut edits = Vec::new();
            let mut missing = Vec::new();
            let mut first: Option<(String, Target, String)> = None;
            for flag in FLAGS {
                let mut found = false;
                for relative in [format!("/{flag}"), format!("/config/{flag}")] {
                    let Some(value) = action.get(&relative) else { continue };
                    found = true;
                    if !matches!(value, Value::BooleanLit(b) if !b.value) {
                        edits.push(Edit::replace(value_range(value), "false"));
                        first.get_or_insert((action.at(&relative), Target::Value, format!("`{flag}` is on")));
                    }
                }
                if !found {
                    missing.push(flag);
                    first.get_or_insert((
                        action.at(&format!("/{flag}")),
                        Target::Key,
                        format!("`{flag}` is not set (logging is on by default)"),
                    ));
                }
            }
            let Some((pointer, target, state)) = first else { continue };
            if !missing.is_empty() {
                edits.push(insert_flags(ctx.text, action, &missing));
            }
            let message = format!(
                "{state} for an action that carries a credential (at `{}`): logged requests keep the resolved secret in plain text; set `logRequest` and `logResponse` to false",
                site.pointer
            );
            out.push(
                Report::new(pointer, target, message)
                    .fix(Fix::safe("Set `logRequest` and `logResponse` to false", edits))
                    .label(site.pointer.clone(), Target::Value, "the credential"),
            );
        }
    }
}

/// Inserts `"flag": false` members after the action's last member, in the file's style.
fn insert_flags(text: &str, action: &Action<'_, '_>, flags: &[&str]) -> Edit {
    let object: &Object<'_> = action.object();
    let Some(last) = object.properties.last() else {
        let open = value_range(action.value).start + 1;
        let members: Vec<String> = flags.iter().map(|f| format!("\"{f}\": false")).collect();
        return Edit::insert(open, members.join(", "));
    };
    let key = prop_name_range(last);
    let line_start = text[..key.start].rfind(['\n', '\r']).map_or(0, |p| p + 1);
    let before_key = &text[line_start..key.start];
    let separator = if before_key.chars().all(|c| c == ' ' || c == '\t') && line_start > 0 {
        let newline = if text[..line_start].ends_with("\r\n") {
            "\r\n"
        } else if text[..line_start].ends_with('\r') {
            "\r"
        } else {
            "\n"
        };
        format!(",{newline}{before_key}")
    } else {
        // Minified: the spacing after this object's commas.
        let object_text = &text[value_range(action.value).start..key.start];
        if object_text.contains(", ") {
            ", ".to_owned()
        } else {
            ",".to_owned()
        }
    };
    let value_start = value_range(&last.value).start;
    let colon = text[key.end..value_start].trim_start_matches(|c: char| c != ':');
    let colon = if colon.is_empty() { ": " } else { colon };
    let mut inserted = String::new();
    for flag in flags {
        inserted.push_str(&separator);
        inserted.push_str(&format!("\"{flag}\"{colon}false"));
    }
    Edit::insert(last.range.end, inserted)
}

#[cfg(test)]
mod tests {
    use crate::config::Options;
    use crate::fix::{apply_fixes, FixOptions};

    /// Snapshots normalise line endings, so the file's own newline style is checked here.
    #[test]
    fn inserted_flags_follow_crlf_and_tabs() {
        let text = "{\r\n\t\"type\": \"http\",\r\n\t\"name\": \"A\",\r\n\t\"config\": {\r\n\t\t\"method\": \"GET\",\r\n\t\t\"url\": \"https://api.partner.example.com/v1\",\r\n\t\t\"headers\": {\"Authorization\": \"Bearer ${credentials.partner_bearer_token_prod}\"}\r\n\t}\r\n}\r\n";
        let outcome = apply_fixes(text, &Options::default(), FixOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            outcome.text.ends_with("\t},\r\n\t\"logRequest\": false,\r\n\t\"logResponse\": false\r\n}\r\n"),
            "{:?}",
            outcome.text
        );
        assert!(!outcome.text.replace("\r\n", "").contains('\n'));
        let again =
            apply_fixes(&outcome.text, &Options::default(), FixOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.text, outcome.text);
    }
}

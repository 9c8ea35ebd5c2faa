use crate::declare_rule;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::pointer::Target;
use crate::preview::analysis::{
    request_env, unescaped_in_json, unescaped_in_url, ActionTemplates, BodyKind, Place, Renderer, SpliceSource,
    Unescaped,
};
use crate::preview::inputs::{InputType, Inputs};
use crate::rule::{LintContext, Report, Rule, RuleMeta};
use crate::rules::schema::shown;
use crate::template::sites::{SiteKind, TemplateSite};

use super::{action_body_kind, is_default_get_body};

declare_rule! {
    /// ## What it does
    /// Reports a flow input spliced into a JSON string of the body without `$esc.jsonString`
    /// (or `$esc.jsonEncode`), into the URL without `$esc.url`, `$esc.uriEncode` or
    /// `$urlTool.optionalQueryParam`, or into a form-encoded body without URL encoding.
    ///
    /// dalint does not guess from the text: it renders the template, sees where each input's
    /// value lands, and renders it again with a hostile value (a quote, a backslash and a line
    /// break for JSON; `a/../b?c=d&e#f g` for URLs). Only inputs whose hostile value breaks the
    /// JSON or reaches the URL unchanged are reported. Integer, number and boolean inputs cannot
    /// break anything (Genesys checks their type) and are not reported; neither is
    /// `${input.rawRequest}`, which Genesys serialises itself, nor an input spliced outside quotes
    /// on purpose to insert JSON.
    ///
    /// Findings are graded, so that a repository of working actions is not a wall of warnings:
    ///
    /// | Input | Severity | Fix |
    /// |---|---|---|
    /// | a free-text string (anything below does not apply) | warning | unsafe |
    /// | an id: a string named `id`, `…Id`, `…ID`, `…_id` (any case) | info | safe |
    /// | a string whose `enum`, `pattern` or `format` allows no character that needs escaping there | info | unsafe |
    /// | any input spliced into the URL's host | as above | none |
    ///
    /// `format: date-time` counts as constrained in a JSON string only: its `+` offset is a space
    /// in a query. Genesys documents no run-time check of `pattern` or `format`, so a constrained
    /// input is a note, not a protection: a caller can still send any text.
    ///
    /// ## Why is this bad?
    /// Genesys does not escape inputs. A customer name with a quote makes the body invalid and
    /// the action fails; a crafted value adds JSON members, or walks the URL to another endpoint
    /// (`../`) that the integration's credentials can reach. Genesys' documentation asks for
    /// these helpers for exactly this reason.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"request": {"requestType": "POST", "requestUrlTemplate": "https://api.example.com/notes",
    ///   "headers": {"Content-Type": "application/json"}, "requestTemplate": "{\"text\": \"${input.text}\"}"}},
    ///  "contract": {"input": {"inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}}}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"config": {"request": {"requestType": "POST", "requestUrlTemplate": "https://api.example.com/notes",
    ///   "headers": {"Content-Type": "application/json"}, "requestTemplate": "{\"text\": \"$esc.jsonString(${input.text})\"}"}},
    ///  "contract": {"input": {"inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}}}}}
    /// ```
    ///
    /// ## Fix safety
    /// The fix wraps the reference in the helper its place needs: `$esc.jsonString(…)` in a JSON
    /// string, `$esc.uriEncode(…)` in the URL's path, `$esc.url(…)` in its query or a form body.
    /// A quiet reference stays quiet: `$!{input.x}` becomes `$!esc.jsonString($!{input.x})`, so
    /// an absent input still sends nothing. (A loud `${input.x}` with no value is sent as written,
    /// and so is its wrapper after the fix: write `$!` for an optional input.) There is no fix for the URL's host (no escaping makes a caller-chosen
    /// host safe), nor when the reference prints more than the input.
    ///
    /// For ids the fix is **safe**: ids hold no quote, backslash, `/` or space. A property test
    /// renders both templates through dalint's evaluator: for every value made of letters, digits
    /// and `- _ .` the fixed request is byte-identical; `:` too in a JSON string, while the URL
    /// helpers write it `%3A`, which the server decodes to `:`. For every value without a
    /// backslash, wherever the unfixed body was valid JSON, the fixed body parses to the same
    /// value; its bytes may differ, because `$esc.jsonString` writes `/` as `\/` and characters
    /// outside printable ASCII as `\uXXXX`.
    ///
    /// For other inputs the fix is **unsafe**: a value holding a backslash changes meaning once
    /// escaped (a flow that escaped its text already gets it escaped twice), and a signed body
    /// changes bytes. Apply them with `dalint check --fix --unsafe-fixes --select TPL003` (no
    /// credential is removed, so no `--emit-provisioning` is needed).
    pub struct UnescapedInput {
        code: "TPL003",
        name: "unescaped-input",
        category: Template,
        severity: Warning,
        fix: Sometimes,
        summary: "A flow input spliced unescaped into a JSON string, a URL or a form body.",
    }
}

impl Rule for UnescapedInput {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_action(&self, ctx: &LintContext<'_, '_>, templates: &ActionTemplates<'_, '_, '_>, out: &mut Vec<Report>) {
        let env_for = |i: &Inputs| request_env(i);
        let action = templates.action();
        for analyzed in templates.sites() {
            let site = &analyzed.site;
            // Without a reference nothing is spliced: skip before any rendering.
            if !site.value.contains('$') && !site.value.contains("{{") {
                continue;
            }
            let place = match site.kind {
                SiteKind::Url => SplicedInto::Url,
                SiteKind::Body if !is_default_get_body(action, site.value) => {
                    match action_body_kind(templates, site.value) {
                        BodyKind::Json => SplicedInto::Json,
                        BodyKind::Form => SplicedInto::Form,
                        BodyKind::Other => continue,
                    }
                }
                _ => continue,
            };
            let inputs = templates.inputs();
            let rendered = templates.request_rendering(analyzed);
            let renderer = Renderer {
                src: site.value,
                template: &analyzed.template,
                redactions: analyzed.redactions(),
                env_for: &env_for,
            };
            let found = match place {
                SplicedInto::Url => unescaped_in_url(&renderer, rendered, inputs, false),
                SplicedInto::Json => unescaped_in_json(&renderer, rendered, inputs),
                SplicedInto::Form => unescaped_in_url(&renderer, rendered, inputs, true),
            };
            for finding in found {
                let grade = Grade::of(&finding, inputs);
                for source in &finding.sources {
                    out.push(report(ctx, site, &finding, grade, source));
                }
            }
        }
    }
}

enum SplicedInto {
    Url,
    Json,
    Form,
}

/// How much an unescaped input matters (see the rule's docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grade {
    /// A string named as an id: info, safe fix.
    Id,
    /// Limited by the contract to characters that need no escaping: info, unsafe fix.
    Constrained(&'static str),
    /// Anything else: warning, unsafe fix.
    FreeText,
}

impl Grade {
    fn of(finding: &Unescaped, inputs: &Inputs) -> Grade {
        let spec = inputs.spec(&finding.input);
        let declared_string = spec.is_some_and(|s| matches!(s.ty, InputType::String | InputType::Unknown));
        if declared_string && is_id_name(&finding.input) {
            return Grade::Id;
        }
        if finding.constrained {
            let schema = spec.map(|s| &s.schema);
            let keyword = ["enum", "pattern", "format"]
                .into_iter()
                .find(|k| schema.is_some_and(|s| s.get(*k).is_some()))
                .unwrap_or("format");
            return Grade::Constrained(keyword);
        }
        Grade::FreeText
    }

    fn severity(self) -> Severity {
        match self {
            Grade::Id | Grade::Constrained(_) => Severity::Info,
            Grade::FreeText => Severity::Warning,
        }
    }
}

/// `id`, `queueId`, `externalID`, `contact_id`, `conversationid`: any name ending in `id`, any case.
fn is_id_name(name: &str) -> bool {
    name.len() >= 2 && name.as_bytes()[name.len() - 2..].eq_ignore_ascii_case(b"id")
}

fn report(
    ctx: &LintContext<'_, '_>,
    site: &TemplateSite<'_>,
    finding: &Unescaped,
    grade: Grade,
    source: &SpliceSource,
) -> Report {
    let name = shown(&finding.input);
    let place = finding.place;
    let why = match (grade, place) {
        (_, Place::UrlHost) => {
            "whoever sets it chooses the server that receives the request and its credentials; no escaping \
             makes that safe, so check the value against a list of hosts"
                .to_owned()
        }
        (Grade::Id, _) => {
            "an id holds no quote, backslash, `/` or space, so wrapping it changes nothing that is sent".to_owned()
        }
        (Grade::Constrained(keyword), _) => format!(
            "its contract's `{keyword}` allows nothing that needs escaping here, but the contract does not protect \
             the request (Genesys documents no run-time check of `pattern` or `format`)"
        ),
        (Grade::FreeText, Place::JsonString) if finding.confirmed => {
            "a value with a quote, backslash or line break breaks the JSON (dalint rendered one)".to_owned()
        }
        (Grade::FreeText, Place::JsonString) => {
            "a value with a quote, backslash or line break breaks the JSON".to_owned()
        }
        (Grade::FreeText, _) => {
            "a value such as `a/../b?c=d` changes where the request goes (dalint rendered one)".to_owned()
        }
    };
    let mut message = format!("input `{name}` is spliced unescaped into {}: {why}", place.describe());
    if place != Place::UrlHost {
        message.push_str(&format!("; wrap it: {}", place.remedy(&name)));
    }
    let mut report = Report::new(site.pointer.clone(), Target::DecodedSpan(source.range), message);
    if grade.severity() != Severity::Warning {
        report = report.severity(grade.severity());
    }
    if let Some(fix) = wrap_fix(ctx, site, finding, grade, source) {
        report = report.fix(fix);
    }
    report
}

/// The helper that escapes a value for `place`; `None` for the host, which no helper makes safe.
fn helper(place: Place) -> Option<&'static str> {
    match place {
        Place::JsonString => Some("jsonString"),
        Place::UrlPath | Place::UrlFragment => Some("uriEncode"),
        Place::UrlQuery | Place::FormBody => Some("url"),
        Place::UrlHost => None,
    }
}

/// Wraps the Velocity reference that prints the input in the place's helper, keeping `$!`.
fn wrap_fix(
    ctx: &LintContext<'_, '_>,
    site: &TemplateSite<'_>,
    finding: &Unescaped,
    grade: Grade,
    source: &SpliceSource,
) -> Option<Fix> {
    let helper = helper(finding.place)?;
    if !source.only_the_input {
        return None;
    }
    let written = site.value.get(source.range.start..source.range.end)?;
    // A `{{ … }}` expression cannot take a Velocity helper.
    if !written.starts_with('$') {
        return None;
    }
    let quiet = if written.starts_with("$!") { "!" } else { "" };
    let raw = ctx.index.raw_span(&site.pointer, source.range)?;
    let edits = vec![Edit::insert(raw.start, format!("${quiet}esc.{helper}(")), Edit::insert(raw.end, ")")];
    let title = format!("Wrap `{}` in `${quiet}esc.{helper}(…)`", shown(&finding.input));
    Some(match grade {
        Grade::Id => Fix::safe(title, edits),
        Grade::Constrained(_) | Grade::FreeText => Fix::unsafe_(title, edits),
    })
}

#[cfg(test)]
mod tests {
    use super::is_id_name;

    #[test]
    fn id_names_end_in_id_in_any_case() {
        for name in ["id", "ID", "queueId", "externalID", "contact_id", "conversationid", "user-id"] {
            assert!(is_id_name(name), "{name}");
        }
        for name in ["i", "d", "identity", "idea", "queue", "ids"] {
            assert!(!is_id_name(name), "{name}");
        }
    }
}

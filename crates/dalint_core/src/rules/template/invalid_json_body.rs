use crate::declare_rule;
use crate::pointer::Target;
use crate::preview::analysis::{
    json_problem, request_env, success_env, ActionTemplates, AnalyzedSite, BodyKind, Renderer,
};
use crate::preview::inputs::{to_json, Inputs};
use crate::rule::{LintContext, Report, Rule, RuleMeta};
use crate::rules::schema::shown;
use crate::template::eval::{self, Env};
use crate::template::sites::SiteKind;
use crate::template::value::{Origin, Text};

use super::{action_body_kind, is_default_get_body};

declare_rule! {
    /// ## What it does
    /// Renders the request body of an action whose `Content-Type` is JSON (or, without that
    /// header, whose body template starts with `{` or `[`), and its successTemplate, and reports
    /// when the result is not JSON: a trailing comma an `#if` leaves behind, a stray `}` or
    /// quote, a missing comma.
    ///
    /// Inputs take sample values from the input contract. Values the template cannot know, such
    /// as a string input spliced outside quotes to insert JSON (`{ ${input.attributes} }`), a
    /// credential, or a translation-map variable, count as whatever JSON fits where they stand.
    /// When a sample value itself breaks the body, the message names that input. Templates with
    /// syntax errors are left to `TPL001`.
    ///
    /// ## Why is this bad?
    /// Genesys sends the body as rendered: the API rejects it and the action fails every time.
    /// An invalid successTemplate fails the action after the API call succeeded.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"request": {"requestType": "POST", "requestUrlTemplate": "/api/v2/users/search",
    ///   "headers": {"Content-Type": "application/json"},
    ///   "requestTemplate": "{\"query\": [{\"value\": \"$esc.jsonString(${input.email})\", \"type\": \"EXACT\"}]}}"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"config": {"request": {"requestType": "POST", "requestUrlTemplate": "/api/v2/users/search",
    ///   "headers": {"Content-Type": "application/json"},
    ///   "requestTemplate": "{\"query\": [{\"value\": \"$esc.jsonString(${input.email})\", \"type\": \"EXACT\"}]}"}}}
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the repair depends on what the body should say.
    pub struct InvalidJsonBody {
        code: "TPL004",
        name: "invalid-json-body",
        category: Template,
        severity: Error,
        fix: None,
        summary: "The body (or successTemplate) does not render to valid JSON.",
    }
}

impl Rule for InvalidJsonBody {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_action(&self, _ctx: &LintContext<'_, '_>, templates: &ActionTemplates<'_, '_, '_>, out: &mut Vec<Report>) {
        let action = templates.action();
        let checked = |s: &AnalyzedSite<'_>| match s.site.kind {
            SiteKind::Body => {
                !is_default_get_body(action, s.site.value)
                    && action_body_kind(templates, s.site.value) == BodyKind::Json
            }
            SiteKind::SuccessTemplate => true,
            _ => false,
        };
        // A template that does not parse is TPL001's; its rendering proves nothing.
        let sites: Vec<&AnalyzedSite<'_>> =
            templates.sites().iter().filter(|s| s.template.errors.is_empty() && checked(s)).collect();
        if sites.is_empty() {
            return;
        }
        let inputs = templates.inputs();
        let request_for = |i: &Inputs| request_env(i);
        // Translation-map variables hold JSON the template cannot know: placeholders.
        let variables: Vec<(String, Text)> = match action.get("/config/response/translationMap").map(to_json) {
            Some(serde_json::Value::Object(map)) => map
                .keys()
                .map(|k| (k.clone(), Text::from_origin(format!("⟦{k}⟧"), Origin::Response(k.clone()))))
                .collect(),
            _ => Vec::new(),
        };
        let raw_result = Text::from_origin("⟦rawResult⟧", Origin::Response("rawResult".to_owned()));
        let success_for = |i: &Inputs| success_env(&variables, raw_result.clone(), i);
        for analyzed in sites {
            let site = &analyzed.site;
            let redactions = analyzed.redactions();
            let success_rendering;
            let (rendered, env_for, what): (_, &dyn Fn(&Inputs) -> Env, _) = if site.kind == SiteKind::SuccessTemplate {
                success_rendering = eval::render(site.value, &analyzed.template, &success_for(inputs), redactions);
                (&success_rendering, &success_for, "the successTemplate")
            } else {
                (templates.request_rendering(analyzed), &request_for, "the body")
            };
            let renderer = Renderer { src: site.value, template: &analyzed.template, redactions, env_for };
            let Some(problem) = json_problem(&renderer, rendered, inputs, true) else { continue };
            let mut message = format!("{what} does not render valid JSON: {}", problem.message);
            if let Some(culprit) = &problem.culprit {
                message.push_str(&format!(
                    " (the sample value of input `{}` breaks it: escape it with `$esc.jsonString(…)`)",
                    shown(culprit)
                ));
            }
            out.push(Report::new(site.pointer.clone(), Target::DecodedSpan(problem.source), message));
        }
    }
}

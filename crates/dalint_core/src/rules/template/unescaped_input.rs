use crate::declare_rule;
use crate::lint::LintContext;
use crate::pointer::Target;
use crate::preview::analysis::{
    request_env, unescaped_in_json, unescaped_in_url, ActionTemplates, BodyKind, Renderer, Unescaped,
};
use crate::preview::inputs::Inputs;
use crate::rule::{Report, Rule, RuleMeta};
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
    /// JSON or reaches the URL unchanged are reported. Integer, number and boolean inputs, and
    /// strings that an `enum`, `pattern` or `format` limits to safe characters, cannot break
    /// anything and are not reported; neither is `${input.rawRequest}`, which Genesys serialises
    /// itself, nor an input spliced outside quotes on purpose to insert JSON.
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
    /// No fix: which helper fits depends on where the value goes, and wrapping changes what is
    /// sent for values that were escaped by the caller already.
    pub struct UnescapedInput {
        code: "TPL003",
        name: "unescaped-input",
        category: Template,
        severity: Warning,
        fix: None,
        summary: "A flow input spliced unescaped into a JSON string, a URL or a form body.",
    }
}

impl Rule for UnescapedInput {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_action(&self, _ctx: &LintContext<'_, '_>, templates: &ActionTemplates<'_, '_, '_>, out: &mut Vec<Report>) {
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
                report(site, &finding, out);
            }
        }
    }
}

enum SplicedInto {
    Url,
    Json,
    Form,
}

fn report(site: &TemplateSite<'_>, finding: &Unescaped, out: &mut Vec<Report>) {
    let name = shown(&finding.input);
    let evidence = match (finding.place, finding.confirmed) {
        (crate::preview::analysis::Place::JsonString, true) => {
            "a value with a quote, backslash or line break breaks the JSON (dalint rendered one)"
        }
        (crate::preview::analysis::Place::JsonString, false) => {
            "a value with a quote, backslash or line break breaks the JSON"
        }
        _ => "a value such as `a/../b?c=d` changes where the request goes (dalint rendered one)",
    };
    for source in &finding.sources {
        out.push(Report::new(
            site.pointer.clone(),
            Target::DecodedSpan(*source),
            format!(
                "input `{name}` is spliced unescaped into {}: {evidence}; wrap it: {}",
                finding.place.describe(),
                finding.place.remedy(&name)
            ),
        ));
    }
}

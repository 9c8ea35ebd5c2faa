use crate::declare_rule;
use crate::pointer::Target;
use crate::preview::analysis::ActionTemplates;
use crate::rule::{LintContext, Report, Rule, RuleMeta};
use crate::template::{has_template_syntax, references, ReferenceKind};

declare_rule! {
    /// ## What it does
    /// Reports template syntax that Velocity (or the guide's `{{ … }}` expressions) cannot read,
    /// in the URL, header values, body and successTemplate: a `${` or `{{` that is never closed
    /// (and a `}}` that closes nothing), a method call whose `(` or quote is never closed, `#if`,
    /// `#foreach` and `#macro` without `#end`, a stray `#end`, `#else` or `#elseif`, and a
    /// directive whose condition does not parse (`#if($a = "b")`). Nested expressions such as the
    /// guide's `{{json.stringify({"queueId": "{{system.queueId}}"})}}` are fine, and so are
    /// JSON-escaped quotes inside a body (`"{{secureData(\"name\")}}"`). A malformed
    /// `secureData(…)` is reported by `SEC006` instead.
    ///
    /// ## Why is this bad?
    /// Genesys cannot render the template: the action fails every time it runs, or sends the
    /// broken text as is. An official Genesys example leaves the `)` of `$encoding.base64(…`
    /// unclosed, and people copy it.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"request": {"requestType": "POST", "requestUrlTemplate": "${credentials.loginUrl}",
    ///   "headers": {"Authorization": "Basic $encoding.base64(\"${credentials.clientId}:${credentials.clientSecret}\""}}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"config": {"request": {"requestType": "POST", "requestUrlTemplate": "${credentials.loginUrl}",
    ///   "headers": {"Authorization": "Basic $encoding.base64(\"${credentials.clientId}:${credentials.clientSecret}\")"}}}}
    /// ```
    ///
    /// ## Fix safety
    /// No fix: where the missing `)`, `}` or `#end` belongs is for you to say.
    pub struct MalformedTemplate {
        code: "TPL001",
        name: "malformed-template",
        category: Template,
        severity: Error,
        fix: None,
        summary: "Template syntax Velocity (or a `{{ }}` expression) cannot read.",
    }
}

impl Rule for MalformedTemplate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_action(&self, _ctx: &LintContext<'_, '_>, templates: &ActionTemplates<'_, '_, '_>, out: &mut Vec<Report>) {
        for analyzed in templates.sites() {
            let site = &analyzed.site;
            if !has_template_syntax(site.value) {
                continue;
            }
            // A malformed `secureData(…)` is SEC006's finding; do not report it twice.
            let secure_data: Vec<_> = references(site.value)
                .into_iter()
                .filter(|r| r.kind == ReferenceKind::SecureData && r.malformed.is_some())
                .map(|r| r.range)
                .collect();
            for error in &analyzed.template.errors {
                if secure_data.iter().any(|r| r.start <= error.range.start && error.range.start <= r.end) {
                    continue;
                }
                out.push(Report::new(
                    site.pointer.clone(),
                    Target::DecodedSpan(error.range),
                    format!("malformed template in {}: {}", site.kind.describe(), error.message),
                ));
            }
        }
    }
}

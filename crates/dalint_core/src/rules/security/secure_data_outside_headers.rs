use jsonc_parser::ast::Value;

use crate::declare_rule;
use crate::pointer::{Node, Target};
use crate::rule::{LintContext, Report, Rule, RuleMeta};
use crate::secrets::Part;
use crate::template::{self, ReferenceKind, SpanKind};

declare_rule! {
    /// ## What it does
    /// Finds `secureData()` used outside the headers layer, in the URL or the body, and warns
    /// in particular when it is pasted into a body as `{{secureData("name")}}` without
    /// `json.stringify` to quote it (the trap in §2 of the guide).
    ///
    /// ## Why is this bad?
    /// The guide isolates credential injection to the headers layer: URLs and request bodies
    /// are what gets logged, and analytics exports may serialise the resolved value in plain
    /// text. A secret pasted between quotes also breaks the request as soon as it contains `"`
    /// or `\`.
    ///
    /// ## Example
    /// ```json
    /// {"type": "http", "name": "Login", "config": {"method": "POST", "url": "https://auth.example.com/token",
    ///   "body": "{\"client_secret\": \"{{secureData(\\\"crm_client_secret_prod\\\")}}\"}"}}
    /// ```
    ///
    /// ## Use instead
    /// Send the credential in a header when the API allows it:
    /// ```json
    /// {"type": "http", "name": "Login", "config": {"method": "POST", "url": "https://auth.example.com/token",
    ///   "headers": {"Authorization": "Bearer {{secureData(\"crm_client_secret_prod\")}}"}}}
    /// ```
    /// When the API insists on a body field, let the template quote it
    /// (`"client_secret": {{json.stringify(secureData("crm_client_secret_prod"))}}`) and turn
    /// request logging off (`SEC005`).
    ///
    /// ## Fix safety
    /// No fix: where the API accepts the credential is the API's decision.
    pub struct SecureDataOutsideHeaders {
        code: "SEC004",
        name: "secure-data-outside-headers",
        category: Security,
        severity: Warning,
        fix: None,
        summary: "`secureData()` is used in a URL or body: keep credentials in headers, quoted by the template.",
    }
}

impl Rule for SecureDataOutsideHeaders {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        for string in &ctx.secrets().secure_data_strings {
            if !matches!(string.part, Part::Url | Part::Body) {
                continue;
            }
            let Some(Node { value: Value::StringLit(lit), .. }) = ctx.index.get(&string.pointer) else { continue };
            let value = lit.value.as_ref();
            let spans = template::scan(value).spans;
            for reference in template::references(value) {
                if reference.kind != ReferenceKind::SecureData || reference.malformed.is_some() {
                    continue;
                }
                let place = if string.part == Part::Url { "the URL" } else { "the request body" };
                let mut message = format!(
                    "`secureData(\"{}\")` in {place}: keep credentials in the headers layer; URLs and bodies are logged and may be serialised into analytics exports with the secret resolved",
                    reference.name
                );
                // `{{secureData("x")}}` alone in its expression: spliced in as it is, unquoted.
                let bare = spans.iter().any(|s| {
                    s.kind == SpanKind::Expression
                        && s.range.contains_range(reference.range)
                        && value[s.range.start + 2..reference.range.start].trim().is_empty()
                });
                if string.part == Part::Body && bare {
                    message.push_str(
                        ". It is also spliced in unquoted: a secret containing `\"` or `\\` breaks the body; wrap it as `json.stringify(secureData(\"…\"))`",
                    );
                }
                out.push(Report::new(string.pointer.clone(), Target::DecodedSpan(reference.range), message));
            }
        }
    }
}

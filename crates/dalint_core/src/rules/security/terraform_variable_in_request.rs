use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::model::RequestPart;
use crate::pointer::Target;
use crate::rule::{LintContext, Report, Rule, RuleMeta};
use crate::secrets::names::{credential_name, is_authorization_header, NameSite};
use crate::terraform::strings::{marker_reference, markers};

declare_rule! {
    /// ## What it does
    /// Finds Terraform variables (and locals, module outputs, data sources) that a
    /// `genesyscloud_integration_action` puts into a credential header, or that are named like a
    /// credential anywhere in its URL or body: `Authorization = "Bearer ${var.bearer_token}"`,
    /// `X-API-Key = var.classifier_api_key`.
    ///
    /// ## Why is this bad?
    /// Terraform resolves the variable when it applies the plan and writes its value into the
    /// action's definition: the secret is then stored in clear in Genesys Cloud (readable by
    /// anyone who can view or export the action) and in the Terraform state, exactly the static
    /// header the guide forbids. A variable keeps it out of the `.tf` file, not out of the action.
    ///
    /// ## Example
    /// ```hcl
    /// config_request {
    ///   headers = { Authorization = "Bearer ${var.bearer_token}" }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// # genesyscloud_integration_credential: fields = { bearer_token = var.bearer_token }
    /// config_request {
    ///   headers = { Authorization = "Bearer $${credentials.bearer_token}" }
    /// }
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the rewritten action reads `${credentials.<name>}`, which resolves only once the
    /// field is added to the integration's credential (the message names it).
    pub struct TerraformVariableInRequest {
        code: "SEC009",
        name: "terraform-variable-in-request",
        category: Security,
        severity: Error,
        fix: Unsafe,
        summary: "A Terraform variable is baked into an action's header, URL or body: use the integration's credentials.",
    }
}

/// The roots of Terraform references whose value is set outside the action.
const REFERENCE_ROOTS: &[&str] = &["var", "local", "module", "data"];

impl Rule for TerraformVariableInRequest {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        for action in &ctx.model.actions {
            for string in action.request_strings() {
                for (span, expression) in markers(string.value) {
                    let Some((root, name)) = marker_reference(expression) else { continue };
                    if !REFERENCE_ROOTS.contains(&root) {
                        continue;
                    }
                    let header_is_credential = string
                        .header
                        .is_some_and(|h| is_authorization_header(h) || credential_name(h, NameSite::Header).is_some());
                    let site = if string.part == RequestPart::Url { NameSite::Query } else { NameSite::Field };
                    if !header_is_credential && credential_name(name, site).is_none() {
                        continue;
                    }
                    let position = match (string.part, string.header) {
                        (RequestPart::Headers, Some(header)) => format!("the `{header}` header"),
                        (RequestPart::Url, _) => "the URL".to_owned(),
                        _ => "the request body".to_owned(),
                    };
                    let field = name.replace('-', "_");
                    let message = format!(
                        "{position} takes the Terraform value `{expression}`: Terraform writes it into the action's definition, so the secret is stored in clear in Genesys Cloud and in the Terraform state. Add a field `{field}` to the integration's `genesyscloud_integration_credential` (`fields = {{ {field} = {expression} }}`) and reference it as `$${{credentials.{field}}}`"
                    );
                    let mut report = Report::new(string.pointer.clone(), Target::DecodedSpan(span), message);
                    if let Some(raw) = ctx.index.raw_span(&string.pointer, span) {
                        report = report.fix(Fix::unsafe_(
                            format!("Reference the integration credential field `{field}`"),
                            vec![Edit::replace(raw, format!("${{credentials.{field}}}"))],
                        ));
                    }
                    out.push(report);
                }
            }
        }
    }
}

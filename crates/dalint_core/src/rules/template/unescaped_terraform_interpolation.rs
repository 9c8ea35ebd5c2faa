use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::pointer::Target;
use crate::rule::{LintContext, Report, Rule, RuleMeta};
use crate::terraform::strings::markers;

declare_rule! {
    /// ## What it does
    /// Finds Velocity written in a Terraform string without Terraform's escape: `"${input.id}"`
    /// instead of `"$${input.id}"`, in a `genesyscloud_integration_action`.
    ///
    /// ## Why is this bad?
    /// Terraform reads `${…}` as its own interpolation: `input`, `credentials` or `rawResult`
    /// are not Terraform references, so `terraform plan` fails ("Reference to undeclared
    /// resource") and the action is never deployed. `$${` is the literal `${` Genesys needs.
    ///
    /// ## Example
    /// ```hcl
    /// resource "genesyscloud_integration_action" "lookup" {
    ///   name            = "Lookup"
    ///   category        = "CRM"
    ///   integration_id  = var.integration_id
    ///   contract_input  = jsonencode({ "type" = "object", "properties" = { "id" = { "type" = "integer" } } })
    ///   contract_output = jsonencode({ "type" = "object", "properties" = {} })
    ///   config_request {
    ///     request_url_template = "https://crm.example.com/items/${input.id}"
    ///     request_type         = "GET"
    ///     headers              = {}
    ///   }
    ///   config_response {
    ///     success_template = "$${rawResult}"
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "genesyscloud_integration_action" "lookup" {
    ///   name            = "Lookup"
    ///   category        = "CRM"
    ///   integration_id  = var.integration_id
    ///   contract_input  = jsonencode({ "type" = "object", "properties" = { "id" = { "type" = "integer" } } })
    ///   contract_output = jsonencode({ "type" = "object", "properties" = {} })
    ///   config_request {
    ///     request_url_template = "https://crm.example.com/items/$${input.id}"
    ///     request_type         = "GET"
    ///     headers              = {}
    ///   }
    ///   config_response {
    ///     success_template = "$${rawResult}"
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix safety
    /// Safe: `$${` is what the author meant; Terraform could not have used the string as written.
    pub struct UnescapedTerraformInterpolation {
        code: "TPL005",
        name: "unescaped-terraform-interpolation",
        category: Template,
        severity: Error,
        fix: Safe,
        summary: "Velocity `${…}` in a Terraform string without `$$`: Terraform fails on it.",
    }
}

/// Whether a marker's expression is Velocity that Terraform cannot evaluate: a plain reference
/// (`input.id`, `rawResult`) whose root is not Terraform's and is not a resource
/// (`<type>.<name>`, whose type has an underscore: `genesyscloud_integration.crm.id`).
fn is_velocity(expression: &str) -> bool {
    let root = expression.split(['.', '[']).next().unwrap_or_default();
    let plain = expression.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    let resource = root.contains('_') && expression.contains('.');
    plain && !root.is_empty() && !crate::secrets::judge::TERRAFORM_ROOTS.contains(&root) && !resource
}

impl Rule for UnescapedTerraformInterpolation {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        for action in &ctx.model.actions {
            let mut strings: Vec<(String, &str)> =
                action.request_strings().into_iter().map(|s| (s.pointer, s.value)).collect();
            for relative in ["/config/response/successTemplate"] {
                if let Some(jsonc_parser::ast::Value::StringLit(s)) = action.get(relative) {
                    strings.push((action.at(relative), s.value.as_ref()));
                }
            }
            for (pointer, value) in strings {
                for (span, expression) in markers(value) {
                    if !is_velocity(expression) {
                        continue;
                    }
                    let message = format!(
                        "`${{{expression}}}` is Velocity for Genesys, but Terraform reads it as its own interpolation and fails (`{expression}` is no Terraform reference): write `$${{{expression}}}`"
                    );
                    let mut report = Report::new(pointer.clone(), Target::DecodedSpan(span), message);
                    if let Some(raw) = ctx.index.raw_span(&pointer, span) {
                        report = report.fix(Fix::safe(
                            format!("Escape as `$${{{expression}}}`"),
                            vec![Edit::replace(raw, format!("${{{expression}}}"))],
                        ));
                    }
                    out.push(report);
                }
            }
        }
    }
}

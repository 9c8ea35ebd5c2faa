use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Notes a Terraform action template loaded from a file that dalint did not read:
    /// `request_template = file("${path.module}/x.vm")` (or `templatefile(…)`) where the page or
    /// the editor sees the open file alone, and any path that is not a literal one inside the
    /// module (`file(var.template)`, `"../shared/x.vm"`). Reported by the Terraform reader
    /// (`crate::terraform`) on `.tf` files. `dalint check` and `dalint preview` on the module read
    /// `file("${path.module}/…")` and `templatefile("${path.module}/…", {…})` templates (the
    /// latter through Terraform's template syntax, its variables unknown) and lint them as the
    /// action's template.
    ///
    /// ## Why is this bad?
    /// A template that is not read is not checked: a key written into it, or Velocity that does
    /// not render, goes unnoticed.
    ///
    /// ## Example
    /// ```hcl
    /// resource "genesyscloud_integration_action" "create_ticket" {
    ///   config_request {
    ///     request_template = file(var.body_template)
    ///   }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// resource "genesyscloud_integration_action" "create_ticket" {
    ///   config_request {
    ///     request_template = "$${input.rawRequest}"
    ///   }
    /// }
    /// ```
    ///
    /// ## Fix safety
    /// No fix: run `dalint check` on the module, or keep the template in the `.tf` file.
    pub struct TemplateFileNotRead {
        code: "TPL006",
        name: "template-file-not-read",
        category: Template,
        severity: Info,
        fix: None,
        summary: "A Terraform action template is loaded from a file that dalint did not read.",
    }
}

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Finds Terraform variables that feed a secret field (`clientSecret`, `password`) of a
    /// `genesyscloud_integration_credential` without `sensitive = true`. Reported by the Terraform reader, which sees the variables
    /// (`crate::terraform`), on `.tf` files: `dalint check` sees the whole module (a variable in
    /// `variables.tf` feeding a credential in `main.tf`), the page and the editor the open file.
    ///
    /// ## Why is this bad?
    /// Terraform prints a variable that is not sensitive in `plan` and `apply` output: the
    /// credential's secret then lands in CI logs and pull-request comments.
    ///
    /// ## Example
    /// ```hcl
    /// variable "crm_client_secret" {
    ///   type = string
    /// }
    /// resource "genesyscloud_integration_credential" "crm" {
    ///   fields = { clientSecret = var.crm_client_secret }
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// variable "crm_client_secret" {
    ///   type      = string
    ///   sensitive = true
    /// }
    /// ```
    ///
    /// ## Fix safety
    /// Safe: `sensitive = true` only hides the value in Terraform's output.
    pub struct InsensitiveCredentialVariable {
        code: "SEC010",
        name: "insensitive-credential-variable",
        category: Security,
        severity: Warning,
        fix: Safe,
        summary: "A Terraform variable feeds a credential field without `sensitive = true`.",
    }
}

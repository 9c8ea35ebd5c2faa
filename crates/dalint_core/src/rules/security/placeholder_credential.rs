use crate::declare_rule;
use crate::diagnostic::Fix;
use crate::pointer::Target;
use crate::rule::{LintContext, Report, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds placeholders left where a credential goes: `Bearer <YOUR TOKEN>`,
    /// `"APIKey": "[YOUR API KEY]"`, `{apiKey}`, `xxxxxxxx`, `changeme`, `your_api_key`, sequences
    /// such as `123-abc-12345678-1234-…`, and tokens of a known format that fail its checksum
    /// (GitHub's documentation token). A response translation map's values are JSONPath into the
    /// response (`"tokenValue": "$.token"`), not credentials, whatever their names say: only a
    /// known token format counts there (as `SEC001`).
    ///
    /// ## Why is this bad?
    /// The action cannot authenticate as written, and the obvious way to make it work is to
    /// paste the real key over the placeholder, which is exactly what the guide forbids.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"request": {"requestUrlTemplate": "https://api-ssl.bitly.com/v4/shorten",
    ///   "requestType": "POST", "headers": {"Authorization": "Bearer <YOUR TOKEN>"}}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"config": {"request": {"requestUrlTemplate": "https://api-ssl.bitly.com/v4/shorten",
    ///   "requestType": "POST", "headers": {"Authorization": "Bearer ${credentials.bitly_bearer_token_prod}"}}}}
    /// ```
    /// Then provision the real credential under that name.
    ///
    /// ## Fix safety
    /// Unsafe: the action fails until the credential is provisioned under the new name (it did
    /// not work with the placeholder either). No secret is removed, so no provisioning payload
    /// is needed to apply it.
    pub struct PlaceholderCredential {
        code: "SEC002",
        name: "placeholder-credential",
        category: Security,
        severity: Warning,
        fix: Unsafe,
        summary: "A placeholder is left where a credential goes: reference a secure credential instead.",
    }
}

impl Rule for PlaceholderCredential {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        for secret in ctx.secrets().secrets.iter().filter(|s| s.placeholder) {
            // Masked like a secret: a misjudged real key must not be echoed either.
            let message = format!(
                "placeholder credential {} ({}): the action cannot authenticate with it; provision the real {} in {} and reference it instead of pasting it here",
                secret.whereabouts(),
                secret.masked,
                secret.role.label(),
                super::destination(secret),
            );
            let mut report = Report::new(secret.pointer.clone(), Target::DecodedSpan(secret.span), message)
                .fingerprint(&secret.fingerprint);
            if let Some(rewrite) = &secret.rewrite {
                report = report.fix(Fix::unsafe_(rewrite.title.clone(), rewrite.edits.clone()));
            }
            out.push(report);
        }
    }
}

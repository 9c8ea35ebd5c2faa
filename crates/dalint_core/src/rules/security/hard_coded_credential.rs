use crate::declare_rule;
use crate::diagnostic::Fix;
use crate::pointer::Target;
use crate::rule::{LintContext, Report, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds credentials written into a Data Action: the token after `Authorization: Bearer`
    /// (and `Token`, `SSWS`, `ApiKey`), `Basic` credentials (decoded, and inside
    /// `$encoding.base64("user:pass")`), secret-named headers (`x-api-key`, `api-key`,
    /// `Ocp-Apim-Subscription-Key`, …), URL passwords (`https://user:pass@host`, also with an
    /// unencoded `?` or `#` in them), secret-named query parameters (`api_key`, `access_token`,
    /// `sig`, `APPID`, …), secret-named fields of JSON, form and XML bodies (`"client_secret": "…"`
    /// inside `requestTemplate`), secret-named Velocity variables (`#set($token = "…")`), session
    /// and credential cookies of a `Cookie` header (`JSESSIONID=…`), and well-known token formats
    /// anywhere (Stripe, GitHub, GitLab, Slack, AWS, Google, Twilio, SendGrid, OpenAI, Anthropic,
    /// Azure, HubSpot, Shopify, Okta, JWTs, PEM private keys; Slack, Discord, Teams and Zapier
    /// webhook URLs).
    ///
    /// Template expressions (`${credentials.x}`, `{{secureData("x")}}`, `${input.x}`) are
    /// references, never secrets. Values are judged by how random they are *relative to their
    /// length and alphabet*, so short random keys are found and GUIDs, hashes, content types and
    /// words are not.
    ///
    /// A Secure Data provisioning payload (`{"name", "secureData": {"value"}, "tags"}`) whose
    /// `secureData.value` holds a real value (not a placeholder or a `${…}` substitution) is
    /// reported too: the payload is itself a secret at rest and must not be committed.
    ///
    /// ## Why is this bad?
    /// A static value is stored in the action's definition: it is exported with the action,
    /// kept in the audit log and copied wherever the file goes. A key that was ever committed
    /// or exported has leaked and must be rotated. The guide prescribes one Secure Data object
    /// per secret, referenced with `secureData()`; real Genesys integrations keep credentials in
    /// the integration's credential fields (`${credentials.name}`).
    ///
    /// ## Example
    /// ```json
    /// {"type": "http", "name": "POST_Telemetry_Event",
    ///  "config": {"method": "POST", "url": "https://api.partner.example.com/v1/events",
    ///   "headers": {"Authorization": "Bearer sk_live_…"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "http", "name": "POST_Telemetry_Event",
    ///  "config": {"method": "POST", "url": "https://api.partner.example.com/v1/events",
    ///   "headers": {"Authorization": "Bearer {{secureData(\"partner_bearer_token_prod\")}}"}}}
    /// ```
    /// In an export: `"Authorization": "Bearer ${credentials.partner_bearer_token_prod}"`, and for
    /// Basic credentials `"Basic $encoding.base64(\"${credentials.crm_username_prod}:${credentials.crm_password_prod}\")"`.
    /// The option `rewriteTarget` (`auto`, `secureData`, `credentials`) chooses the form; names
    /// follow `naming.pattern` (`{service}_{kind}_{env}`, `sandbox_` outside production).
    ///
    /// ## Fix safety
    /// Unsafe: the rewritten action fails until the secret is provisioned under the new name.
    /// Only the secret is replaced. The fix carries the secret it removes, so it is applied only
    /// when the caller says where the secret goes (`--emit-provisioning DIR` writes the Secure
    /// Data payload, mode 0600) or that it is kept elsewhere (`--discard-secrets`). A payload's
    /// value gets no fix: rotate the secret and keep payload files out of version control.
    pub struct HardCodedCredential {
        code: "SEC001",
        name: "hard-coded-credential",
        category: Security,
        severity: Error,
        fix: Unsafe,
        summary: "A credential is written into the action: move it to Secure Data and rotate it.",
    }
}

impl Rule for HardCodedCredential {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        for secret in ctx.secrets().secrets.iter().filter(|s| !s.placeholder) {
            let what = if secret.kind.is_format() { secret.kind.label() } else { secret.role.label() };
            let destination = super::destination(secret);
            let action = match &secret.rewrite {
                Some(_) => format!("rotate it at the provider, then keep it in {destination} and reference it"),
                None => "rotate it at the provider and remove it from the file".to_owned(),
            };
            let message = format!(
                "hard-coded {what} {}: {}. A credential that was ever committed or exported has leaked: {action}",
                secret.whereabouts(),
                secret.masked
            );
            let mut report = Report::new(secret.pointer.clone(), Target::DecodedSpan(secret.span), message)
                .fingerprint(&secret.fingerprint);
            if let Some(rewrite) = &secret.rewrite {
                report = report.fix(
                    Fix::unsafe_(rewrite.title.clone(), rewrite.edits.clone())
                        .with_extracted(rewrite.provisioning.clone()),
                );
            }
            out.push(report);
        }
        super::secret_at_rest::check_payloads(ctx, out);
    }
}

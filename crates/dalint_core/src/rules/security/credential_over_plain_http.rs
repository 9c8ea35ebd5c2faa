use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::model::RequestPart;
use crate::pointer::Target;
use crate::rule::{LintContext, Report, Rule, RuleMeta};
use crate::secrets::SiteKind;
use crate::text::TextRange;

declare_rule! {
    /// ## What it does
    /// Finds actions that send a credential (a literal secret, a `secureData()`,
    /// `${credentials.…}` or `${authResponse.…}` reference, or a credential from an input) to a
    /// plain `http://` URL. Reported at the URL.
    ///
    /// ## Why is this bad?
    /// Without TLS the credential crosses the network in clear text: anyone on the path can
    /// read and replay it, however carefully it is stored.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"request": {"requestUrlTemplate": "http://crm.example.com/api/contacts",
    ///   "requestType": "GET", "headers": {"Authorization": "Bearer ${credentials.crm_bearer_token_prod}"}}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"config": {"request": {"requestUrlTemplate": "https://crm.example.com/api/contacts",
    ///   "requestType": "GET", "headers": {"Authorization": "Bearer ${credentials.crm_bearer_token_prod}"}}}}
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: switching to `https://` fails if the server does not offer TLS on that host.
    pub struct CredentialOverPlainHttp {
        code: "SEC007",
        name: "credential-over-plain-http",
        category: Security,
        severity: Error,
        fix: Unsafe,
        summary: "A credential is sent to a plain `http://` URL.",
    }
}

impl Rule for CredentialOverPlainHttp {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        let secrets = ctx.secrets();
        for (index, action) in ctx.model.actions.iter().enumerate() {
            let Some(url) = action.part_str(RequestPart::Url) else { continue };
            let leading = url.len() - url.trim_start().len();
            let plain = url[leading..].get(..7).is_some_and(|s| s.eq_ignore_ascii_case("http://"));
            if !plain {
                continue;
            }
            let Some(site) = secrets.sites_of(index).find(|s| s.kind != SiteKind::Placeholder) else { continue };
            let what = match site.kind {
                SiteKind::Literal => "a hard-coded credential",
                SiteKind::Input => "a credential from a flow input",
                _ => "a credential reference",
            };
            let pointer = action.pointer_of(RequestPart::Url);
            let message = format!(
                "{what} (at `{}`) is sent over plain `http://`: it crosses the network unencrypted; use `https://`",
                site.pointer
            );
            let scheme = TextRange::new(leading, leading + 7);
            let mut report = Report::new(pointer.clone(), Target::Value, message).label(
                site.pointer.clone(),
                Target::Value,
                "the credential",
            );
            // The scheme's exact bytes (a literal with escapes resolves to the whole literal).
            let range = ctx.index.resolve(&pointer, Target::DecodedSpan(scheme));
            if ctx.text[range.start..range.end].eq_ignore_ascii_case("http://") {
                report = report.fix(Fix::unsafe_("Use `https://`", vec![Edit::replace(range, "https://")]));
            }
            out.push(report);
        }
    }
}

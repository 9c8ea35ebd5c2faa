use jsonc_parser::ast::Value;

use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::model::RequestPart;
use crate::pointer::{self, Target};
use crate::rule::{LintContext, Report, Rule, RuleMeta};
use crate::secrets::names;

declare_rule! {
    /// ## What it does
    /// Finds request headers whose name is a misspelling of `Authorization`: `Authentication`
    /// (used by an official Genesys example), `Authorisation`, `Authorizaton`, `Authroization`,
    /// and anything else within two edits of it.
    ///
    /// ## Why is this bad?
    /// The API never sees the credential: it reads `Authorization` only. The request fails with
    /// 401, or worse, succeeds anonymously against an endpoint that behaves differently without
    /// authentication.
    ///
    /// ## Example
    /// ```json
    /// {"headers": {"Authentication": "Bearer ${credentials.partner_bearer_token_prod}"}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"headers": {"Authorization": "Bearer ${credentials.partner_bearer_token_prod}"}}
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the API starts receiving the credential, which changes what the action does. No
    /// fix is offered when the action already has an `Authorization` header.
    pub struct MisspeltAuthHeader {
        code: "SEC008",
        name: "misspelt-auth-header",
        category: Security,
        severity: Error,
        fix: Unsafe,
        summary: "A header name is a misspelling of `Authorization`; the credential is never sent.",
    }
}

impl Rule for MisspeltAuthHeader {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        for action in &ctx.model.actions {
            let Some(Value::Object(headers)) = action.part(RequestPart::Headers) else { continue };
            let has_authorization =
                headers.properties.iter().any(|p| p.name.as_str().eq_ignore_ascii_case("authorization"));
            for prop in &headers.properties {
                let name = prop.name.as_str();
                if !names::misspelt_authorization(name) {
                    continue;
                }
                let pointer = pointer::push(&action.pointer_of(RequestPart::Headers), name);
                let message = format!("header `{name}` is not `Authorization`: the API never receives this credential");
                let report = if has_authorization {
                    let message =
                        format!("{message} (the action also has an `Authorization` header: remove one of them)");
                    Report::new(pointer, Target::Key, message)
                } else {
                    let key = pointer::prop_name_range(prop);
                    let rename = Edit::replace(key, "\"Authorization\"");
                    Report::new(pointer, Target::Key, message)
                        .fix(Fix::unsafe_("Rename the header to `Authorization`", vec![rename]))
                };
                out.push(report);
            }
        }
    }
}

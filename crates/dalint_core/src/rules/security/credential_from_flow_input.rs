use crate::declare_rule;
use crate::pointer::Target;
use crate::rule::{LintContext, Report, Rule, RuleMeta};
use crate::secrets::{Location, Part};

declare_rule! {
    /// ## What it does
    /// Finds credentials that the flow passes in as inputs: `"x-api-key": "${input.apikey}"`,
    /// `?access_key=${input.accessKey}`, `Bearer ${input.token}`, and any input named like a
    /// credential or a webhook (`${input.webhookUrl}`).
    ///
    /// ## Why is this bad?
    /// The secret then lives in the flow: in its variables, in participant data, in debug and
    /// execution logs, and in every export of the flow. The integration's credentials (or
    /// Secure Data) keep it out of flows entirely.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"request": {"requestUrlTemplate": "https://api.example.com/v1/items",
    ///   "requestType": "GET", "headers": {"x-api-key": "${input.apikey}"}}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"config": {"request": {"requestUrlTemplate": "https://api.example.com/v1/items",
    ///   "requestType": "GET", "headers": {"x-api-key": "${credentials.apikey}"}}}}
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the credential must first be added to the integration, and the flows that pass
    /// it must stop doing so.
    pub struct CredentialFromFlowInput {
        code: "SEC003",
        name: "credential-from-flow-input",
        category: Security,
        severity: Warning,
        fix: None,
        summary: "A credential is passed in as a flow input: keep it in the integration's credentials.",
    }
}

impl Rule for CredentialFromFlowInput {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        for input in &ctx.secrets().inputs {
            let header = input.header.as_deref().unwrap_or_default();
            let name = input.name.as_deref().unwrap_or_default();
            let position = match (input.location, input.part) {
                (Location::Authorization, _) if !name.is_empty() => {
                    format!("the `{header}` header's {name} credential")
                }
                (Location::Authorization | Location::Header, _) => format!("the `{header}` header"),
                (Location::QueryParam, _) => format!("the query parameter `{name}`"),
                (Location::UrlPassword, _) => "the URL's password".to_owned(),
                (Location::BodyField | Location::FormField | Location::XmlElement | Location::XmlAttribute, _) => {
                    format!("the body field `{name}`")
                }
                (Location::VelocityVariable, _) => format!("the Velocity variable `${name}`"),
                (Location::Cookie, _) => format!("the `{header}` header's cookie `{name}`"),
                (_, Part::Url) => "the URL".to_owned(),
                (_, Part::Header) => format!("the `{header}` header"),
                (_, _) => "the request body".to_owned(),
            };
            let message = format!(
                "{position} takes a credential from the flow input `{}`: the secret then lives in flows, participant data and logs. Keep it in the integration's credentials (`${{credentials.{}}}`) or in Secure Data",
                input.input, input.input
            );
            out.push(Report::new(input.pointer.clone(), Target::DecodedSpan(input.span), message));
        }
    }
}

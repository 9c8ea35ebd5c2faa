use jsonc_parser::ast::Value;

use crate::declare_rule;
use crate::pointer::{Node, Target};
use crate::rule::{LintContext, Report, Rule, RuleMeta};
use crate::template::{self, ReferenceKind};

declare_rule! {
    /// ## What it does
    /// Finds `secureData()` references that Genesys cannot resolve: an unquoted or
    /// single-quoted name, an empty name, characters outside `A-Z a-z 0-9 _ . -`, a missing `)`
    /// or an unclosed quote.
    ///
    /// ## Why is this bad?
    /// The expression does not evaluate to the secret. As the guide warns, the platform then
    /// sends an empty credential and the API answers 401, with nothing in the logs to say why.
    ///
    /// ## Example
    /// ```json
    /// {"headers": {"Authorization": "Bearer {{secureData('partner_api_key_prod')}}"}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"headers": {"Authorization": "Bearer {{secureData(\"partner_api_key_prod\")}}"}}
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the intended name cannot always be known.
    pub struct MalformedSecureDataReference {
        code: "SEC006",
        name: "malformed-secure-data-reference",
        category: Security,
        severity: Error,
        fix: None,
        summary: "A `secureData()` reference is malformed and resolves to nothing.",
    }
}

impl Rule for MalformedSecureDataReference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        for string in &ctx.secrets().secure_data_strings {
            let Some(Node { value: Value::StringLit(lit), .. }) = ctx.index.get(&string.pointer) else { continue };
            for reference in template::references(lit.value.as_ref()) {
                if reference.kind != ReferenceKind::SecureData {
                    continue;
                }
                if let Some(why) = &reference.malformed {
                    let message = format!(
                        "malformed `secureData()` reference: {why}; it resolves to nothing and the request goes out without its credential"
                    );
                    out.push(Report::new(string.pointer.clone(), Target::DecodedSpan(reference.range), message));
                }
            }
        }
    }
}

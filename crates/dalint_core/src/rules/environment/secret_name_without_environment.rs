use crate::config::normalize_env;
use crate::declare_rule;
use crate::environment::{classify, EnvClass};
use crate::pointer::Target;
use crate::rule::{LintContext, Report, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Points out `secureData("name")` references whose name carries no environment marker
    /// (`partner_api_key`), or contradictory ones (`sandbox_partner_api_key_prod`), under the
    /// naming convention in `naming` (by default `<service>_<kind>_prod` in production and
    /// `sandbox_<service>_<kind>_<env>` elsewhere).
    ///
    /// ## Why is this bad?
    /// The guide (§3) enforces environment segregation through naming: a name that says which
    /// environment it belongs to lets reviewers, provisioning scripts and dalint (`ENV001`) catch
    /// a dev secret on its way to production. A bare name is the guide's trap of "the same secure
    /// data name across environments, relying on deployment tools to swap values": an export
    /// imported into another org then fails at run time.
    ///
    /// ## Example
    /// ```json
    /// {"type": "http", "config": {"method": "GET", "url": "https://api.partner.example.com/v1/items",
    ///   "headers": {"Authorization": "Bearer {{secureData(\"partner_api_key\")}}"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "http", "config": {"method": "GET", "url": "https://api.partner.example.com/v1/items",
    ///   "headers": {"Authorization": "Bearer {{secureData(\"partner_api_key_prod\")}}"}}}
    /// ```
    ///
    /// ## Fix safety
    /// No fix: renaming a reference needs the renamed object in every org.
    pub struct SecretNameWithoutEnvironment {
        code: "ENV003",
        name: "secret-name-without-environment",
        category: Environment,
        severity: Info,
        fix: None,
        summary: "A secureData() name carries no environment marker.",
    }
}

impl Rule for SecretNameWithoutEnvironment {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        let naming = &ctx.options.naming;
        let target = ctx.options.env.as_deref().map(normalize_env);
        for u in ctx.secure_data_uses() {
            let env = classify(&u.name, naming, target.as_deref());
            let message = match env.class() {
                EnvClass::Unknown => format!(
                    "`{}` names no environment: the convention `{}` puts one in every name (`prod` in production, \
                     the prefix `{}` elsewhere), so that a secret cannot cross from one environment to another \
                     unnoticed",
                    u.name, naming.pattern, naming.non_production_prefix,
                ),
                EnvClass::Contradictory => format!(
                    "`{}` says both production (`{}`) and non-production (the prefix `{}`): keep one marker",
                    u.name,
                    env.marker.as_deref().unwrap_or_default(),
                    naming.non_production_prefix,
                ),
                EnvClass::Production | EnvClass::NonProduction(_) => continue,
            };
            out.push(Report::new(&u.pointer, Target::DecodedSpan(u.name_range), message));
        }
    }
}

use std::collections::HashMap;

use crate::config::normalize_env;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::environment::{classify, equivalent_name, EnvClass, SecureDataUse};
use crate::pointer::Target;
use crate::rule::{LintContext, Report, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Finds `secureData("name")` references to another environment's Secure Data: a
    /// non-production name (`sandbox_…_dev`) in an action checked for production, a production
    /// name (`…_prod`) or another environment's name in an action checked for `dev`, `test`,
    /// `uat`, … (`--env` or `env` in `dalint.json`). Without a configured environment, it reports
    /// an action or a file that mixes environments.
    ///
    /// ## Why is this bad?
    /// Production and non-production environments must never share Secure Data objects (the
    /// guide, §3). Each org resolves `secureData()` against its own store: a dev name in a
    /// production flow either does not exist there (the flow fails at run time with
    /// SECURE_DATA_NOT_FOUND and an empty Authorization header) or, worse, someone provisioned a
    /// dev secret in production to make it work. Names follow the convention in `naming`
    /// (by default `<service>_<kind>_prod` in production, `sandbox_<service>_<kind>_<env>`
    /// elsewhere, with `_primary` / `_secondary` for the dual-secret pattern).
    /// `${credentials.X}` fields belong to an integration and carry no environment: they are not
    /// checked.
    ///
    /// ## Example
    /// With `--env prod`:
    /// ```json
    /// {"type": "http", "config": {"method": "POST", "url": "https://api.partner.example.com/v1/events",
    ///   "headers": {"Authorization": "Bearer {{secureData(\"sandbox_external_api_key_dev\")}}"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "http", "config": {"method": "POST", "url": "https://api.partner.example.com/v1/events",
    ///   "headers": {"Authorization": "Bearer {{secureData(\"external_api_key_prod\")}}"}}}
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: the fix renames the reference to the same secret in the target environment
    /// (`sandbox_external_api_key_dev` → `external_api_key_prod`), which must exist in the
    /// target org before the action works. Offered only when the name has an environment marker
    /// to replace.
    pub struct CrossEnvironmentSecret {
        code: "ENV001",
        name: "cross-environment-secret",
        category: Environment,
        severity: Error,
        fix: Unsafe,
        summary: "A Data Action references another environment's Secure Data.",
    }
}

impl Rule for CrossEnvironmentSecret {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        let uses = ctx.secure_data_uses();
        let target = ctx.options.env.as_deref().map(normalize_env);
        let classes: Vec<EnvClass> =
            uses.iter().map(|u| classify(&u.name, &ctx.options.naming, target.as_deref()).class()).collect();
        match target {
            Some(target) => {
                for (u, class) in uses.iter().zip(&classes) {
                    if !class.fits(&target) {
                        let message = format!(
                            "`{}` is {}, referenced by an action checked for the `{target}` environment: \
                             environments must never share Secure Data, and the `{target}` org resolves \
                             `secureData()` against its own store only",
                            u.name,
                            describe(class)
                        );
                        out.push(report(ctx, u, &target, message));
                    }
                }
            }
            None => report_mixing(ctx, uses, &classes, out),
        }
    }
}

/// `a dev secret (`_dev`)`, `a production secret`, `a non-production secret (`sandbox_`)`.
fn describe(class: &EnvClass) -> String {
    match class {
        EnvClass::Production => "a production secret".to_owned(),
        EnvClass::NonProduction(Some(env)) => format!("a `{env}` secret"),
        EnvClass::NonProduction(None) => "a non-production secret".to_owned(),
        EnvClass::Contradictory | EnvClass::Unknown => "a secret of no known environment".to_owned(),
    }
}

/// Without a configured environment: the environment most references use is taken as the
/// file's, and every reference to another environment is reported.
fn report_mixing(ctx: &LintContext<'_, '_>, uses: &[SecureDataUse], classes: &[EnvClass], out: &mut Vec<Report>) {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new(); // key → (count, first use)
    for (i, class) in classes.iter().enumerate() {
        if let Some(key) = class.key() {
            counts.entry(key).or_insert((0, i)).0 += 1;
        }
    }
    if counts.len() < 2 {
        return;
    }
    let (majority, &(majority_count, first)) =
        counts.iter().max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1))).expect("at least two environments");
    let majority_use = &uses[first];
    for (u, class) in uses.iter().zip(classes) {
        if class.key().is_none_or(|k| k == *majority) {
            continue;
        }
        let scope = if uses.iter().zip(classes).any(|(m, c)| c.key() == Some(majority) && m.action == u.action) {
            "this action"
        } else {
            "this file"
        };
        let message = format!(
            "{scope} mixes environments: `{}` is {}, while {majority_count} reference{} here use{} `{majority}` \
             Secure Data (`{}`); an action deploys to one org, so all its secrets belong to one environment \
             (set `env` or `--env` to check against the target)",
            u.name,
            describe(class),
            if majority_count == 1 { "" } else { "s" },
            if majority_count == 1 { "s" } else { "" },
            majority_use.name,
        );
        let target = if *majority == "non-production" { None } else { Some(*majority) };
        let mut report = match target {
            Some(target) => report(ctx, u, target, message),
            None => Report::new(&u.pointer, Target::DecodedSpan(u.name_range), message),
        };
        report = report.label(
            &majority_use.pointer,
            Target::DecodedSpan(majority_use.name_range),
            format!("`{}` is {}", majority_use.name, describe(&classes[first])),
        );
        out.push(report);
    }
}

/// A report at the reference's name, with the rename to `target`'s equivalent when there is one.
fn report(ctx: &LintContext<'_, '_>, u: &SecureDataUse, target: &str, message: String) -> Report {
    let equivalent = equivalent_name(&u.name, target, &ctx.options.naming);
    let message = match &equivalent {
        Some(name) => format!("{message}; the `{target}` name would be `{name}`"),
        None => message,
    };
    let mut report = Report::new(&u.pointer, Target::DecodedSpan(u.name_range), message);
    if let (Some(name), Some(range)) = (equivalent, ctx.index.raw_span(&u.pointer, u.name_range)) {
        report = report.fix(Fix::unsafe_(format!("Reference `{name}` instead"), vec![Edit::replace(range, name)]));
    }
    report
}

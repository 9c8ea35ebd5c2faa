use jsonc_parser::ast::Value;

use crate::config::normalize_env;
use crate::declare_rule;
use crate::environment::classify;
use crate::pointer::{push_index, Target};
use crate::rule::{LintContext, Report, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks the `tags` of Secure Data provisioning payloads: an `env:`, a `service:` and a
    /// `rotation:` tag must be there, the `env:` tag must agree with the environment the name
    /// carries (`sandbox_…_dev` is not `env:prod`), and the rotation period must be one dalint
    /// knows (`daily`, `weekly`, `biweekly`, `monthly`, `quarterly`, `semiannual`, `yearly`, or a
    /// number of days, weeks, months or years such as `90d`). Reported at `/tags`.
    ///
    /// ## Why is this bad?
    /// The guide (§1, §3) tags every object with its environment, service and rotation policy:
    /// provisioning scripts and permission boundaries filter on these tags, and rotation jobs
    /// read the period. A missing or wrong `env:` tag lets a dev secret pass for a production
    /// one; an unknown period is never rotated.
    ///
    /// ## Example
    /// ```json
    /// {"name": "sandbox_external_api_key_dev", "secureData": {"value": "…"},
    ///  "tags": ["env:prod", "rotation:sometimes"]}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"name": "sandbox_external_api_key_dev", "secureData": {"value": "…"},
    ///  "tags": ["env:dev", "service:telemetry", "rotation:monthly"]}
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the service and the rotation policy are the owner's decisions.
    pub struct SecureDataTags {
        code: "SDO002",
        name: "secure-data-tags",
        category: SecureData,
        severity: Warning,
        fix: None,
        summary: "A Secure Data object lacks env:/service:/rotation: tags, or they contradict its name.",
    }
}

const PERIODS: &[&str] = &[
    "daily",
    "weekly",
    "biweekly",
    "fortnightly",
    "monthly",
    "bimonthly",
    "quarterly",
    "semiannual",
    "semiannually",
    "biannual",
    "biannually",
    "yearly",
    "annual",
    "annually",
];

/// `daily`, …, or a count of days, weeks, months or years (`90d`, `12w`, `6m`, `1y`).
fn is_known_period(period: &str) -> bool {
    let p = period.to_ascii_lowercase();
    PERIODS.contains(&p.as_str())
        || p.strip_suffix(['d', 'w', 'm', 'y']).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

impl Rule for SecureDataTags {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        for payload in &ctx.model.payloads {
            let pointer = format!("{}/tags", payload.pointer);
            let tags: Vec<(usize, &str)> = match ctx.index.get(&pointer).map(|n| n.value) {
                None => {
                    out.push(Report::new(
                        &pointer,
                        Target::Key,
                        "this Secure Data object has no `tags`: tag it with `env:`, `service:` and `rotation:` so that \
                         provisioning scripts, permission boundaries and rotation jobs can tell it apart",
                    ));
                    continue;
                }
                Some(Value::Array(array)) => array
                    .elements
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| match v {
                        Value::StringLit(s) => Some((i, s.value.as_ref())),
                        _ => None,
                    })
                    .collect(),
                Some(_) => {
                    out.push(Report::new(
                        &pointer,
                        Target::Value,
                        "`tags` must be an array of strings (`\"env:prod\"`)",
                    ));
                    continue;
                }
            };
            let tag = |prefix: &str| {
                tags.iter().find_map(|&(i, t)| {
                    let (key, value) = t.split_once(':')?;
                    key.trim().eq_ignore_ascii_case(prefix).then(|| (i, value.trim()))
                })
            };
            let missing: Vec<String> =
                ["env", "service", "rotation"].iter().filter(|p| tag(p).is_none()).map(|p| format!("`{p}:`")).collect();
            if !missing.is_empty() {
                out.push(Report::new(
                    &pointer,
                    Target::Key,
                    format!(
                        "the tags lack {}: every Secure Data object carries its environment, service and rotation \
                         policy (`env:prod`, `service:telemetry`, `rotation:quarterly`)",
                        join(&missing)
                    ),
                ));
            }
            if let (Some((i, env)), Some(name)) = (tag("env"), payload.get_str("name")) {
                let tagged = normalize_env(env);
                let class = classify(name, &ctx.options.naming, Some(&tagged)).class();
                if !class.fits(&tagged) {
                    out.push(
                        Report::new(
                            &pointer,
                            Target::Key,
                            format!(
                                "the tag `env:{env}` contradicts the name `{name}`, which is {}: one of them is wrong, \
                                 and a mistagged secret passes for another environment's",
                                match class.key() {
                                    Some("prod") => "a production name".to_owned(),
                                    Some("non-production") => "a non-production name".to_owned(),
                                    Some(other) => format!("a `{other}` name"),
                                    None => "unmarked".to_owned(),
                                }
                            ),
                        )
                        .label(push_index(&pointer, i), Target::Value, "this tag"),
                    );
                }
            }
            if let Some((i, period)) = tag("rotation") {
                if !is_known_period(period) {
                    out.push(
                        Report::new(
                            &pointer,
                            Target::Key,
                            format!(
                                "`rotation:{period}` is not a rotation period dalint knows: use daily, weekly, monthly, \
                                 quarterly, yearly, or a count such as `90d`"
                            ),
                        )
                        .label(push_index(&pointer, i), Target::Value, "this tag"),
                    );
                }
            }
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert!(is_known_period("quarterly"));
        assert!(is_known_period("Monthly"));
        assert!(is_known_period("90d"));
        assert!(!is_known_period("sometimes"));
        assert!(!is_known_period("d"));
        assert!(!is_known_period("never"));
    }
}

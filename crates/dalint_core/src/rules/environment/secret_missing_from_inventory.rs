use crate::config::normalize_env;
use crate::declare_rule;
use crate::diagnostic::{Edit, Fix};
use crate::environment::equivalent_name;
use crate::pointer::Target;
use crate::rule::{LintContext, Report, Rule, RuleMeta};

declare_rule! {
    /// ## What it does
    /// Checks every `secureData("name")` reference against the inventory of the target org (the
    /// Secure Data names that exist there: `--inventory FILE` or `inventory` in `dalint.json`)
    /// and reports the names it lacks. Runs only when an inventory is configured.
    ///
    /// ## Why is this bad?
    /// Per the guide (§3), a flow whose Secure Data reference is missing from the org can still
    /// publish, then fails at run time with SECURE_DATA_NOT_FOUND: the Data Action sends an empty
    /// Authorization header and the partner answers 401, silently, in production. The guide's
    /// remedy is exactly this check: before promotion, verify that every `secureData()` reference
    /// exists in the target org, and abort the pipeline otherwise.
    ///
    /// ## Example
    /// With an inventory of `["external_api_key_prod"]`:
    /// ```json
    /// {"type": "http", "config": {"method": "GET", "url": "https://api.partner.example.com/v1/items",
    ///   "headers": {"Authorization": "Bearer {{secureData(\"external_apikey_prod\")}}"}}}
    /// ```
    ///
    /// ## Use instead
    /// Provision the object in the target org first, or reference a name that exists:
    /// ```json
    /// {"type": "http", "config": {"method": "GET", "url": "https://api.partner.example.com/v1/items",
    ///   "headers": {"Authorization": "Bearer {{secureData(\"external_api_key_prod\")}}"}}}
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe, and offered only when the inventory holds a likely intended name (the same secret
    /// in the target environment, a different letter case, or a name one or two edits away): the
    /// fix renames the reference, which changes the secret the action sends.
    pub struct SecretMissingFromInventory {
        code: "ENV002",
        name: "secret-missing-from-inventory",
        category: Environment,
        severity: Error,
        fix: Unsafe,
        summary: "A secureData() reference names an object the target org's inventory lacks.",
    }
}

impl Rule for SecretMissingFromInventory {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &LintContext<'_, '_>, out: &mut Vec<Report>) {
        let Some(inventory) = ctx.options.inventory_names() else { return };
        let target = ctx.options.env.as_deref().map(normalize_env);
        for u in ctx.secure_data_uses() {
            if inventory.contains(&u.name) {
                continue;
            }
            let suggestion = target
                .as_deref()
                .and_then(|t| equivalent_name(&u.name, t, &ctx.options.naming))
                .filter(|name| inventory.contains(name))
                .or_else(|| closest(&u.name, inventory).cloned());
            let env_note = target.as_deref().map_or(String::new(), |t| format!(" (`{t}`)"));
            let mut message = format!(
                "`{}` is not in the target org's inventory{env_note} of {} Secure Data name{}: the flow can still \
                 publish, then fails at run time with SECURE_DATA_NOT_FOUND and sends an empty Authorization \
                 header (a silent 401); provision it before promoting, or fix the name",
                u.name,
                inventory.len(),
                if inventory.len() == 1 { "" } else { "s" },
            );
            if let Some(name) = &suggestion {
                message.push_str(&format!(" (did you mean `{name}`?)"));
            }
            let mut report = Report::new(&u.pointer, Target::DecodedSpan(u.name_range), message);
            if let (Some(name), Some(range)) = (suggestion, ctx.index.raw_span(&u.pointer, u.name_range)) {
                report =
                    report.fix(Fix::unsafe_(format!("Reference `{name}` instead"), vec![Edit::replace(range, name)]));
            }
            out.push(report);
        }
    }
}

/// The inventory name most likely meant: the same name in another letter case, else the nearest
/// within two edits (for names long enough that two edits are not a different name).
fn closest<'i>(name: &str, inventory: &'i [String]) -> Option<&'i String> {
    if let Some(same) = inventory.iter().find(|n| n.eq_ignore_ascii_case(name)) {
        return Some(same);
    }
    if name.len() < 6 {
        return None;
    }
    inventory
        .iter()
        .map(|n| (strsim::osa_distance(name, n), n))
        .filter(|&(d, _)| d <= 2)
        .min_by_key(|&(d, _)| d)
        .map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let inventory = vec!["external_api_key_prod".to_owned(), "crm_token_prod".to_owned()];
        assert_eq!(closest("external_apikey_prod", &inventory).map(String::as_str), Some("external_api_key_prod"));
        assert_eq!(closest("CRM_TOKEN_PROD", &inventory).map(String::as_str), Some("crm_token_prod"));
        assert_eq!(closest("billing_key_prod", &inventory), None);
        // A swap of two adjacent letters is one edit, as in SCH004 and SEC008.
        assert_eq!(closest("crm_tokne_prod", &inventory).map(String::as_str), Some("crm_token_prod"));
    }
}

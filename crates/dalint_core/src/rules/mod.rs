//! The rule registry. Each rule lives in its own file under its category's folder; a category's
//! `mod.rs` lists its rules in `RULES`. Codes are stable and never reused.

use crate::rule::{Rule, RuleMeta};

pub mod environment;
pub mod parse;
pub mod schema;
pub mod securedata;
pub mod security;
pub mod template;

/// Every rule that runs on a parsed document, in code order.
pub fn registry() -> impl Iterator<Item = &'static dyn Rule> {
    [schema::RULES, template::RULES, security::RULES, environment::RULES, securedata::RULES]
        .into_iter()
        .flat_map(|rules| rules.iter().copied())
}

/// Metadata of every rule, including those the runner reports itself (`PAR*`, `SCH001`), sorted
/// by code.
pub fn all_rules() -> Vec<&'static RuleMeta> {
    let mut metas: Vec<&'static RuleMeta> =
        vec![&parse::InvalidJson::META, &parse::LimitExceeded::META, &schema::NotADataAction::META];
    // Reported by the Terraform reader, which sees variables and credential resources.
    metas.push(&security::InsensitiveCredentialVariable::META);
    metas.push(&template::TemplateFileNotRead::META);
    metas.extend(registry().map(|r| r.meta()));
    crate::sort::sort_by_key(&mut metas, |m| m.code);
    metas
}

/// A rule by code (case-insensitive) or kebab-case name.
pub fn find_rule(code_or_name: &str) -> Option<&'static RuleMeta> {
    all_rules().into_iter().find(|m| m.code.eq_ignore_ascii_case(code_or_name) || m.name == code_or_name)
}

/// The rule's documentation as Markdown, with a title line.
pub fn explain(code_or_name: &str) -> Option<String> {
    let meta = find_rule(code_or_name)?;
    Some(docs_markdown(meta))
}

/// Renders a rule's docs page (used by `dalint rule`, `docs/rules/*.md`, the page and the
/// extension).
pub fn docs_markdown(meta: &RuleMeta) -> String {
    let mut out = format!("# {} ({})\n\n", meta.name, meta.code);
    out.push_str(&format!(
        "Category: {} · Default severity: {} · Fix: {}\n\n",
        meta.category.as_str(),
        meta.default_severity,
        meta.fix.as_str()
    ));
    for line in meta.docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}

//! `TPL*`: the templates of URLs, headers, bodies and successTemplates (Velocity, and the guide's
//! `{{ … }}`). Add a rule: a new file here with `declare_rule!` and an `impl Rule`, then list it
//! in `RULES`.

mod invalid_json_body;
mod malformed_template;
mod template_file_not_read;
mod unescaped_input;
mod unescaped_terraform_interpolation;
mod unknown_variable;

pub use invalid_json_body::InvalidJsonBody;
pub use malformed_template::MalformedTemplate;
pub use template_file_not_read::TemplateFileNotRead;
pub use unescaped_input::UnescapedInput;
pub use unescaped_terraform_interpolation::UnescapedTerraformInterpolation;
pub use unknown_variable::UnknownVariable;

use crate::model::Action;
use crate::preview::analysis::{body_kind, ActionTemplates, BodyKind};
use crate::rule::Rule;
use crate::template::sites::SiteKind;

pub const RULES: &[&dyn Rule] =
    &[&MalformedTemplate, &UnknownVariable, &UnescapedInput, &InvalidJsonBody, &UnescapedTerraformInterpolation];

/// How the action's body is encoded (its `Content-Type` header as written, any case).
pub(crate) fn action_body_kind(templates: &ActionTemplates<'_, '_, '_>, body: &str) -> BodyKind {
    let content_type = templates.template_sites().find_map(|s| match &s.kind {
        SiteKind::Header(name) if name.eq_ignore_ascii_case("content-type") => Some(s.value),
        _ => None,
    });
    body_kind(content_type, body)
}

/// Whether the body is the export default of a GET (`${input.rawRequest}`), which is not sent.
pub(crate) fn is_default_get_body(action: &Action<'_, '_>, body: &str) -> bool {
    let method = action.part_str(crate::model::RequestPart::Method).unwrap_or_default();
    method.trim().eq_ignore_ascii_case("GET") && body.trim() == "${input.rawRequest}"
}

#[cfg(test)]
mod tests {
    use super::RULES;
    use crate::{lint, Options};

    /// The JSON block under a docs heading.
    fn block<'d>(docs: &'d str, heading: &str) -> &'d str {
        let after = docs.split(heading).nth(1).unwrap_or_else(|| panic!("no {heading}"));
        let fence = if after.contains("```hcl\n") { "```hcl\n" } else { "```json\n" };
        let start = after.find(fence).expect("a code block") + fence.len();
        let end = after[start..].find("```").expect("closed block") + start;
        &after[start..end]
    }

    #[test]
    fn docs_examples_show_the_problem_and_its_remedy() {
        for rule in RULES {
            let meta = rule.meta();
            let docs: String =
                meta.docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n");
            // An example in HCL is a Terraform file.
            let file_name = docs.contains("```hcl\n").then(|| "main.tf".to_owned());
            let options = Options { file_name, ..Options::default() };
            let codes = |text: &str| lint(text, &options).into_iter().map(|d| d.code).collect::<Vec<_>>();
            let example = codes(block(&docs, "## Example"));
            assert!(example.contains(&meta.code), "{}: the example does not trigger it: {example:?}", meta.code);
            let remedy = codes(block(&docs, "## Use instead"));
            assert!(!remedy.contains(&meta.code), "{}: the remedy still triggers it", meta.code);
            assert!(
                !remedy.iter().any(|c| c.starts_with("TPL")),
                "{}: the remedy has template findings: {remedy:?}",
                meta.code
            );
        }
    }
}

//! `TPL*`: the templates of URLs, headers, bodies and successTemplates (Velocity, and the guide's
//! `{{ … }}`). Add a rule: a new file here with `declare_rule!` and an `impl Rule`, then list it
//! in `RULES`.

mod invalid_json_body;
mod malformed_template;
mod unescaped_input;
mod unknown_variable;

pub use invalid_json_body::InvalidJsonBody;
pub use malformed_template::MalformedTemplate;
pub use unescaped_input::UnescapedInput;
pub use unknown_variable::UnknownVariable;

use crate::model::Action;
use crate::preview::analysis::{body_kind, BodyKind};
use crate::rule::Rule;
use crate::template::sites::{SiteKind, TemplateSite};

pub const RULES: &[&dyn Rule] = &[&MalformedTemplate, &UnknownVariable, &UnescapedInput, &InvalidJsonBody];

/// How the action's body is encoded (its `Content-Type` header as written, any case).
pub(crate) fn action_body_kind(sites: &[TemplateSite<'_>], body: &str) -> BodyKind {
    let content_type = sites.iter().find_map(|s| match &s.kind {
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

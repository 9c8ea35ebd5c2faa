//! The names templates may use, and "did you mean" suggestions for the ones they misspell.

use strsim::osa_distance;

use super::value::Tool;

/// Namespaces of request templates (URL, headers, body).
pub const REQUEST_NAMESPACES: &[&str] = &["input", "credentials", "authResponse"];

/// Variables every template sees: Genesys' helpers.
pub const TOOLS: &[(&str, Tool)] = &[
    ("esc", Tool::Esc),
    ("encoding", Tool::Encoding),
    ("math", Tool::Math),
    ("urlTool", Tool::UrlTool),
    ("successTemplateUtils", Tool::SuccessTemplateUtils),
    // Provided by the Salesforce integration (`$salesforce.escReserved(…)`); not evaluated.
    ("salesforce", Tool::Salesforce),
];

/// Variables Velocity itself defines inside loops.
pub const LOOP_VARIABLES: &[&str] = &["foreach", "velocityCount", "velocityHasNext"];

/// The candidate `name` most likely meant: the same name in another case first, else the closest
/// within a small edit distance (at most 2, and less than a third of the name).
pub fn did_you_mean<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let candidates: Vec<&str> = candidates.into_iter().filter(|c| *c != name).collect();
    if let Some(same) = candidates.iter().find(|c| c.eq_ignore_ascii_case(name)) {
        return Some(same);
    }
    let limit = (name.chars().count() / 3).clamp(1, 2);
    candidates
        .iter()
        .map(|c| (osa_distance(&name.to_lowercase(), &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("Input", REQUEST_NAMESPACES.iter().copied()), Some("input"));
        assert_eq!(did_you_mean("INPUT", REQUEST_NAMESPACES.iter().copied()), Some("input"));
        assert_eq!(did_you_mean("credential", REQUEST_NAMESPACES.iter().copied()), Some("credentials"));
        assert_eq!(did_you_mean("contactlistId", ["contactListId", "contactId"]), Some("contactListId"));
        assert_eq!(did_you_mean("foo", REQUEST_NAMESPACES.iter().copied()), None);
        assert_eq!(did_you_mean("ab", ["xy"]), None);
    }
}

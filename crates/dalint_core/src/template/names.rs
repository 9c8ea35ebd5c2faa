//! The names templates may use, and "did you mean" suggestions for the ones they misspell.

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
];

/// Helpers that only some integrations provide (`$salesforce.escReserved(…)`): known names, not
/// evaluated.
pub const INTEGRATION_HELPERS: &[&str] = &["salesforce"];

/// Variables Velocity itself defines inside loops.
pub const LOOP_VARIABLES: &[&str] = &["foreach", "velocityCount", "velocityHasNext"];

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best =
                (d[(i - 1) * width + j] + 1).min(d[i * width + j - 1] + 1).min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

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
        .map(|c| (edit_distance(&name.to_lowercase(), &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("input", "imput"), 1);
        assert_eq!(edit_distance("abc", "acb"), 1);
        assert_eq!(did_you_mean("Input", REQUEST_NAMESPACES.iter().copied()), Some("input"));
        assert_eq!(did_you_mean("INPUT", REQUEST_NAMESPACES.iter().copied()), Some("input"));
        assert_eq!(did_you_mean("credential", REQUEST_NAMESPACES.iter().copied()), Some("credentials"));
        assert_eq!(did_you_mean("contactlistId", ["contactListId", "contactId"]), Some("contactListId"));
        assert_eq!(did_you_mean("foo", REQUEST_NAMESPACES.iter().copied()), None);
        assert_eq!(did_you_mean("ab", ["xy"]), None);
    }
}

//! Configuration-driven filtering: `ignore` entries.

use crate::config::Options;

/// Whether an `ignore` entry covers this finding (rule code, pointer, and the file name when the
/// entry names files).
pub fn is_ignored(options: &Options, code: &str, pointer: &str) -> bool {
    options.ignore.iter().any(|entry| {
        let rule_matches = entry.rules.is_empty() || entry.rules.iter().any(|r| r.eq_ignore_ascii_case(code));
        let pointer_matches = entry.pointer.as_deref().is_none_or(|p| {
            pointer == p || (pointer.starts_with(p) && pointer.as_bytes().get(p.len()) == Some(&b'/')) || p.is_empty()
        });
        let file_matches = match (&entry.files, &options.file_name) {
            (None, _) => true,
            (Some(glob), Some(name)) => glob_match(glob, name),
            (Some(_), None) => false,
        };
        rule_matches && pointer_matches && file_matches
    })
}

/// A small glob matcher: `**` crosses `/`, `*` and `?` do not. A pattern without `/` matches the
/// file's base name; paths are compared with `/` separators.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    if !pattern.contains('/') {
        let base = path.rsplit('/').next().unwrap_or(path);
        return matches(pattern.as_bytes(), base.as_bytes());
    }
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    matches(pattern.as_bytes(), path.as_bytes()) || matches(format!("**/{pattern}").as_bytes(), path.as_bytes())
}

fn matches(p: &[u8], s: &[u8]) -> bool {
    // Iterative matcher. Backtracks to the last `*` (which may not cross `/`) and, failing that,
    // to the last `**` (which may).
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    let mut deep: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi + 1 < p.len() && p[pi] == b'*' && p[pi + 1] == b'*' {
            let mut next = pi + 2;
            if p.get(next) == Some(&b'/') {
                next += 1;
            }
            deep = Some((next, si));
            star = None;
            pi = next;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi + 1, si));
            pi += 1;
        } else if pi < p.len() && (p[pi] == b'?' && s[si] != b'/' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if let Some((sp, ss)) = star.filter(|&(_, ss)| s[ss] != b'/') {
            star = Some((sp, ss + 1));
            pi = sp;
            si = ss + 1;
        } else if let Some((dp, ds)) = deep {
            star = None;
            deep = Some((dp, ds + 1));
            pi = dp;
            si = ds + 1;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs() {
        assert!(glob_match("*.json", "a/b/c.json"));
        assert!(glob_match("legacy/*.json", "repo/legacy/x.json"));
        assert!(!glob_match("legacy/*.json", "legacy/sub/x.json"));
        assert!(glob_match("legacy/**/*.json", "legacy/sub/x.json"));
        assert!(glob_match("**/x.json", "x.json"));
    }

    #[test]
    fn ignore_entries_cover_not_a_data_action_too() {
        let codes = |options: &crate::Options| {
            crate::lint(r#"{"settings": {}}"#, options).into_iter().map(|d| d.code).collect::<Vec<_>>()
        };
        let mut options = crate::Options { file_name: Some("config/settings.json".into()), ..Default::default() };
        assert_eq!(codes(&options), vec!["SCH001"]);
        options.ignore = serde_json::from_str(r#"[{"files": "config/*.json", "rules": ["SCH001"]}]"#).unwrap();
        assert_eq!(codes(&options), Vec::<&str>::new());
        options.file_name = Some("actions/settings.json".into());
        assert_eq!(codes(&options), vec!["SCH001"], "the entry names other files");
    }
}

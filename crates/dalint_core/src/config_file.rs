//! Reading `dalint.json` into [`Options`]: strict JSON, every error positioned. This sits above
//! the rules (it asks their registry which codes exist), so that [`crate::config`], which rules
//! read, stays below them.

use crate::config::{is_fingerprint, is_secure_data_name, ConfigError, Inventory, Options};
use crate::text::TextRange;

/// Keys of `dalint.json` that only callers set.
const CALLER_ONLY_KEYS: &[&str] = &["fileName"];

/// Reads a `dalint.json` text: strict JSON, keys exactly as [`Options`], every error positioned
/// (an unknown key, a wrong type, an unknown rule code, a value in `allowSecrets` that is not a
/// fingerprint). Paths (`inventory`) are left for the caller to resolve.
pub fn parse_config(text: &str) -> Result<Options, ConfigError> {
    let document = crate::parse::parse(text, crate::parse::Dialect::Json).map_err(|failure| match failure {
        crate::parse::ParseFailure::Syntax { message, range }
        | crate::parse::ParseFailure::Limit { message, range } => ConfigError { message, range },
    })?;
    let index = crate::pointer::PointerIndex::new(&document.root, document.text);
    let at = |pointer: &str, target: crate::pointer::Target, message: String| ConfigError {
        message,
        range: index.resolve(pointer, target),
    };
    if let jsonc_parser::ast::Value::Object(root) = &document.root {
        if let Some(prop) = root.properties.iter().find(|p| CALLER_ONLY_KEYS.contains(&p.name.as_str())) {
            return Err(ConfigError {
                message: format!("`{}` is not a configuration key: dalint sets it for each file", prop.name.as_str()),
                range: crate::pointer::prop_name_range(prop),
            });
        }
    }
    let options: Options = crate::ast_de::from_value(&document.root).map_err(|e| ConfigError {
        // serde lists every field; callers' keys are not for the file.
        message: CALLER_ONLY_KEYS.iter().fold(e.message, |m, key| m.replace(&format!(", `{key}`"), "")),
        range: e.range.unwrap_or_else(|| TextRange::empty(0)),
    })?;
    validate(&options).map_err(|(pointer, target, message)| at(&pointer, target, message))?;
    Ok(options)
}

/// Checks what serde cannot: rule codes exist, fingerprints look like fingerprints, the naming
/// pattern uses known placeholders. Returns the pointer of the first offending value.
pub fn validate(options: &Options) -> Result<(), (String, crate::pointer::Target, String)> {
    use crate::pointer::{push, push_index, Target};
    let known_code = |code: &str| crate::rules::all_rules().iter().any(|m| m.code == code);
    let suggest = |code: &str| match crate::rules::find_rule(code) {
        Some(meta) => format!(" (did you mean `{}`?)", meta.code),
        None => "; `dalint rule --all` lists the codes".to_owned(),
    };
    if let Some(env) = &options.env {
        if env.is_empty() || !env.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err((
                "/env".into(),
                Target::Value,
                format!("`{env}` is not an environment name: use letters and digits (`prod`, `dev`, `uat`)"),
            ));
        }
    }
    if let Some(Inventory::Names(names)) = &options.inventory {
        for (i, name) in names.iter().enumerate() {
            if !is_secure_data_name(name) {
                return Err((
                    push_index("/inventory", i),
                    Target::Value,
                    format!("`{name}` is not a Secure Data name: use `A-Z a-z 0-9 _ . -`"),
                ));
            }
        }
    }
    for placeholder in placeholders(&options.naming.pattern) {
        if !matches!(placeholder, "service" | "kind" | "env") {
            return Err((
                "/naming/pattern".into(),
                Target::Value,
                format!("unknown placeholder `{{{placeholder}}}`: the pattern may use `{{service}}`, `{{kind}}` and `{{env}}`"),
            ));
        }
    }
    for code in options.rules.keys() {
        if !known_code(code) {
            return Err((push("/rules", code), Target::Key, format!("unknown rule `{code}`{}", suggest(code))));
        }
    }
    for (i, entry) in options.ignore.iter().enumerate() {
        for (j, code) in entry.rules.iter().enumerate() {
            if !known_code(code) {
                let pointer = format!("/ignore/{i}/rules/{j}");
                return Err((pointer, Target::Value, format!("unknown rule `{code}`{}", suggest(code))));
            }
        }
        if let Some(pointer) = &entry.pointer {
            if !pointer.is_empty() && !pointer.starts_with('/') {
                return Err((
                    format!("/ignore/{i}/pointer"),
                    Target::Value,
                    format!("`{pointer}` is not a JSON Pointer: it starts with `/` (`/config/request/headers`)"),
                ));
            }
        }
    }
    for (i, fingerprint) in options.allow_secrets.iter().enumerate() {
        if !is_fingerprint(fingerprint) {
            // Never echo the value: it may be the secret itself.
            return Err((
                push_index("/allowSecrets", i),
                Target::Value,
                "not a fingerprint: `allowSecrets` takes `sha256:` followed by 16 hex digits, as dalint reports them, \
                 never a secret itself"
                    .to_owned(),
            ));
        }
    }
    Ok(())
}

fn placeholders(pattern: &str) -> impl Iterator<Item = &str> {
    pattern.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Naming, RewriteTarget, RuleLevel};

    fn error_at(text: &str) -> (String, &str) {
        let err = parse_config(text).unwrap_err();
        (err.message, &text[err.range.start..err.range.end])
    }

    #[test]
    fn reads_every_key() {
        let text = r#"{
          "$schema": "./dalint.schema.json",
          "env": "production",
          "inventory": ["external_api_key_prod"],
          "rewriteTarget": "credentials",
          "naming": {"pattern": "{env}-{service}-{kind}", "nonProductionPrefix": ""},
          "rules": {"SCH001": "off"},
          "ignore": [{"files": "legacy/*.json", "pointer": "/config", "rules": ["SCH001"]}],
          "allowSecrets": ["sha256:0123456789abcdef"]
        }"#;
        let options = parse_config(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(options.environment(), "prod");
        assert_eq!(options.inventory_names(), Some(&["external_api_key_prod".to_owned()][..]));
        assert_eq!(options.rewrite_target, RewriteTarget::Credentials);
        assert_eq!(options.naming.dual_suffixes, Naming::default().dual_suffixes);
        assert_eq!(options.rules.get("SCH001"), Some(&RuleLevel::Off));
    }

    #[test]
    fn errors_point_at_the_offending_key_or_value() {
        let (msg, at) = error_at("{\n  \"envs\": \"prod\"\n}");
        assert!(msg.starts_with("unknown field `envs`, expected one of"), "{msg}");
        assert!(!msg.contains("fileName"), "{msg}");
        assert_eq!(at, "\"envs\"");
        let (msg, at) = error_at(r#"{"naming": {"prefix": "x"}}"#);
        assert!(msg.starts_with("unknown field `prefix`"), "{msg}");
        assert_eq!(at, "\"prefix\"");
        let (msg, at) = error_at(r#"{"rules": {"SCH001": "warn"}}"#);
        assert!(msg.contains("unknown variant `warn`"), "{msg}");
        assert_eq!(at, "\"warn\"");
        let (msg, at) = error_at(r#"{"rules": {"not-a-data-action": "off"}}"#);
        assert_eq!(msg, "unknown rule `not-a-data-action` (did you mean `SCH001`?)");
        assert_eq!(at, "\"not-a-data-action\"");
        let (msg, at) = error_at(r#"{"inventory": 3}"#);
        assert!(msg.contains("did not match any variant of untagged enum Inventory"), "{msg}");
        assert_eq!(at, "3");
        let (msg, at) = error_at(r#"{"fileName": "x.json"}"#);
        assert!(msg.contains("dalint sets it"), "{msg}");
        assert_eq!(at, "\"fileName\"");
        let (msg, at) = error_at(r#"{"naming": {"pattern": "{svc}_{env}"}}"#);
        assert!(msg.contains("`{svc}`"), "{msg}");
        assert_eq!(at, "\"{svc}_{env}\"");
        let (_, at) = error_at(r#"{"ignore": [{"rules": ["SCH001", "XYZ999"]}]}"#);
        assert_eq!(at, "\"XYZ999\"");
        let (_, at) = error_at(r#"{"env": "pr od"}"#);
        assert_eq!(at, "\"pr od\"");
        let (msg, at) = error_at("{\"env\": \"prod\",}");
        assert!(msg.contains("trailing comma") || msg.contains("Trailing comma"), "{msg}");
        assert_eq!(at, ",");
    }

    #[test]
    fn allow_secrets_errors_never_echo_the_value() {
        let secret = "sk_live_8f3a9c2d1e4b5f6a7c8d9e0f1a2b3c4d";
        let err = parse_config(&format!(r#"{{"allowSecrets": ["{secret}"]}}"#)).unwrap_err();
        assert!(!err.message.contains(secret), "{}", err.message);
        assert!(err.message.contains("sha256:"));
    }
}

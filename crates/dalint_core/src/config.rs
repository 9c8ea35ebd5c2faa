//! Options: the same object as the `dalint.json` configuration file, used by every surface.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;
use crate::text::TextRange;

/// Where a credential rewrite points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum RewriteTarget {
    /// `secureData` for the guide's shape, `credentials` for real Genesys shapes.
    #[default]
    Auto,
    /// `{{secureData("name")}}`.
    SecureData,
    /// `${credentials.name}`.
    Credentials,
}

/// How Secure Data names are built and read (the guide's conventions by default:
/// `external_api_key_prod`, `sandbox_external_api_key_dev`, `…_prod_primary`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Naming {
    /// The name pattern, with the placeholders `{service}`, `{kind}` and `{env}`.
    pub pattern: String,
    /// Prefix of every name outside production (`sandbox_`); empty for none.
    pub non_production_prefix: String,
    /// Suffixes of the dual-secret rotation pattern (`external_api_key_prod_primary`).
    pub dual_suffixes: Vec<String>,
    /// Words that mark an environment in a name (`production` counts as `prod`). The configured
    /// `env` always counts too.
    pub environments: Vec<String>,
}

impl Default for Naming {
    fn default() -> Self {
        Self {
            pattern: "{service}_{kind}_{env}".to_owned(),
            non_production_prefix: "sandbox_".to_owned(),
            dual_suffixes: vec!["_primary".to_owned(), "_secondary".to_owned()],
            environments: ["prod", "production", "prd", "dev", "development", "test", "testing", "qa", "uat", "sit"]
                .into_iter()
                .chain(["stage", "staging", "preprod", "perf"])
                .map(str::to_owned)
                .collect(),
        }
    }
}

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Hint,
    Info,
    Warning,
    Error,
}

impl RuleLevel {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Hint => Some(Severity::Hint),
            RuleLevel::Info => Some(Severity::Info),
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Error => Some(Severity::Error),
        }
    }
}

/// The Secure Data names that exist in the target org: inline names, or (in `dalint.json`) a
/// path that the caller reads and turns into names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Inventory {
    /// The names themselves.
    Names(Vec<String>),
    /// A file, relative to the configuration file: a JSON array of names, an array of Secure
    /// Data objects, or a list response `{"entities": [...]}`.
    Path(String),
}

/// Switches rules off for matching files and pointers (JSON has no comments for inline
/// suppressions).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IgnoreEntry {
    /// Glob matched against the file name (`**/legacy/*.json`); all files when absent.
    #[serde(default)]
    pub files: Option<String>,
    /// A JSON Pointer; the entry covers this node and everything under it.
    #[serde(default)]
    pub pointer: Option<String>,
    /// Codes to ignore; all rules when empty.
    #[serde(default)]
    pub rules: Vec<String>,
}

/// dalint's options: the `dalint.json` configuration file, and what the wasm package, the
/// extension and the web page pass to the core (with the inventory inline).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(title = "dalint configuration (dalint.json)"))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Options {
    /// Editors add this to point at the configuration's JSON Schema.
    #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The target org's environment (`prod`, `dev`, `test`, `uat`, …; `production` means
    /// `prod`). Checks that actions reference only this environment's Secure Data, and names
    /// rewritten secrets.
    pub env: Option<String>,
    /// The Secure Data names that exist in the target org: every `secureData("x")` reference
    /// must be one of them (`ENV002`).
    pub inventory: Option<Inventory>,
    /// Where credential rewrites point: `secureData` for the guide's shape, `credentials` for
    /// real Genesys exports, `auto` to choose per action.
    pub rewrite_target: RewriteTarget,
    /// The Secure Data naming convention.
    pub naming: Naming,
    /// Per-rule levels: `{"SEC003": "off"}`.
    pub rules: BTreeMap<String, RuleLevel>,
    /// Switches rules off for files and JSON Pointers (JSON has no comments for inline
    /// suppressions).
    pub ignore: Vec<IgnoreEntry>,
    /// Fingerprints (`sha256:` + 16 hex digits, as dalint reports them) of values that are known
    /// not to be secrets. Never the values themselves.
    pub allow_secrets: Vec<String>,
    /// What the preview and the code frames show of values that sit where a credential can go.
    pub redaction: Redaction,
    /// The file's name: a `.jsonc` name allows comments and trailing commas. Set by the caller
    /// for each document, never in `dalint.json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, schemars(skip))]
    pub file_name: Option<String>,
    /// Files of a Terraform module that the caller read for the core (which does no I/O):
    /// path relative to the module directory → text, for `request_template =
    /// file("${path.module}/x.vm")`. Set by the CLI, never in `dalint.json`.
    #[serde(skip)]
    #[cfg_attr(test, schemars(skip))]
    pub module_files: BTreeMap<String, String>,
}

/// Redaction fails closed: every header value off the published list of non-secret headers, and
/// every value of a field, parameter, element, cookie or variable named like a credential, is
/// hidden in previews and code frames whether or not it was judged a secret.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Redaction {
    /// Header, field or parameter names whose values may be shown (`X-Tenant-Id`), compared
    /// case-insensitively, ignoring punctuation. Values the detector judges secrets stay hidden.
    pub show: Vec<String>,
}

impl Redaction {
    /// The core's redaction policy for these settings.
    pub fn policy(&self) -> crate::secrets::positions::Policy<'_> {
        crate::secrets::positions::Policy { show: &self.show }
    }
}

impl Options {
    /// The environment, normalised (`production` → `prod`, lower case); `prod` by default.
    pub fn environment(&self) -> String {
        normalize_env(self.env.as_deref().unwrap_or("prod"))
    }

    /// Inline inventory names, if the inventory was given as names.
    pub fn inventory_names(&self) -> Option<&[String]> {
        match &self.inventory {
            Some(Inventory::Names(names)) => Some(names),
            _ => None,
        }
    }
}

/// `production`/`prd` → `prod`, `development` → `dev`, `staging` → `stage`; lower case.
pub fn normalize_env(env: &str) -> String {
    let lower = env.trim().to_ascii_lowercase();
    match lower.as_str() {
        "production" | "prd" => "prod".to_owned(),
        "development" => "dev".to_owned(),
        "staging" => "stage".to_owned(),
        "testing" => "test".to_owned(),
        _ => lower,
    }
}

/// A problem in a configuration or inventory file, at a byte range of its (BOM-less) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    pub range: TextRange,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

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

/// `sha256:` followed by 16 lower-case hex digits (what [`crate::secrets::fingerprint`] gives).
pub fn is_fingerprint(s: &str) -> bool {
    s.strip_prefix("sha256:")
        .is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// Characters Genesys accepts in a Secure Data name (and `secureData("…")` reads).
pub fn is_secure_data_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

fn placeholders(pattern: &str) -> impl Iterator<Item = &str> {
    pattern.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// `dalint.schema.json` (repo root) is generated from these types; this test fails when it is
    /// stale and `DALINT_UPDATE_DOCS=1` rewrites it.
    #[test]
    fn config_schema_is_current() {
        let generator = schemars::generate::SchemaSettings::draft07().into_generator();
        let schema = generator.into_root_schema_for::<Options>();
        let expected = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../dalint.schema.json");
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != expected {
            if std::env::var_os("DALINT_UPDATE_DOCS").is_some() {
                std::fs::write(&path, &expected).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            } else {
                panic!(
                    "dalint.schema.json is stale; run `DALINT_UPDATE_DOCS=1 cargo test -p dalint_core --lib config`"
                );
            }
        }
    }
}

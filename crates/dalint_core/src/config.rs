//! Options: the same object as the `dalint.json` configuration file, used by every surface.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;
use crate::text::TextRange;

// Read and validated one layer up, where the rule registry is known; kept at their old paths.
pub use crate::config_file::{parse_config, validate};

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

/// `sha256:` followed by 16 lower-case hex digits (what [`crate::secrets::fingerprint`] gives).
pub fn is_fingerprint(s: &str) -> bool {
    s.strip_prefix("sha256:")
        .is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// Characters Genesys accepts in a Secure Data name (and `secureData("…")` reads).
pub fn is_secure_data_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

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

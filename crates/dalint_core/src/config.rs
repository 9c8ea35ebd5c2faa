//! Options: the same object as the `dalint.json` configuration file, used by every surface.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;

/// Where a credential rewrite points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
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

/// How Secure Data names are built (the guide's conventions by default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Naming {
    /// Placeholders `{service}`, `{kind}`, `{env}`.
    pub pattern: String,
    /// Prefix of every name outside production.
    pub non_production_prefix: String,
}

impl Default for Naming {
    fn default() -> Self {
        Self { pattern: "{service}_{kind}_{env}".to_owned(), non_production_prefix: "sandbox_".to_owned() }
    }
}

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[serde(untagged)]
pub enum Inventory {
    Names(Vec<String>),
    Path(String),
}

/// Switches rules off for matching files and pointers (JSON has no comments for inline
/// suppressions).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Options {
    /// Editors add this to point at the configuration's JSON Schema.
    #[serde(rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The target org's environment (`prod`, `dev`, `test`, `uat`, …).
    pub env: Option<String>,
    pub inventory: Option<Inventory>,
    pub rewrite_target: RewriteTarget,
    pub naming: Naming,
    /// Per-rule levels: `{"SEC003": "off"}`.
    pub rules: BTreeMap<String, RuleLevel>,
    pub ignore: Vec<IgnoreEntry>,
    /// Fingerprints (`sha256:…`) of values that are known not to be secrets.
    pub allow_secrets: Vec<String>,
    /// The file's name: a `.jsonc` name allows comments and trailing commas.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
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

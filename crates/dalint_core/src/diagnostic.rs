//! What rules produce: diagnostics with byte ranges, and fixes made of edits.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How safe a fix is. Ordered so that "at least safe" is one comparison (as in ruff).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown, never applied automatically.
    DisplayOnly,
    /// Changes behaviour (a rewritten action fails until its secret is provisioned):
    /// applied only with `--unsafe-fixes`.
    Unsafe,
    /// Applied by `--fix`.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// Replace `range` (bytes of the BOM-less text) with `new_text`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Edit {
    pub range: TextRange,
    pub new_text: String,
}

impl Edit {
    pub fn replace(range: TextRange, new_text: impl Into<String>) -> Self {
        Self { range, new_text: new_text.into() }
    }
    pub fn insert(at: usize, new_text: impl Into<String>) -> Self {
        Self { range: TextRange::empty(at), new_text: new_text.into() }
    }
}

/// A secret value that the core holds in memory (to build a provisioning payload) and never
/// prints: its `Debug` and `Display` show only the masked form.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SecretValue(String);

impl SecretValue {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The plain value. Call only to build a provisioning payload the user asked for.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretValue({})", crate::secrets::mask(&self.0))
    }
}

/// A Secure Data object (or integration credential field) that a rewrite expects to exist: what
/// the user must provision before the rewritten action works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provisioning {
    /// The name the rewritten reference uses.
    pub name: String,
    pub description: String,
    pub value: SecretValue,
    /// `env:…`, `service:…`, `rotation:…`.
    pub tags: Vec<String>,
    /// `secureData` for a Secure Data object, `credentials` for an integration credential field,
    /// `terraformVariable` for a (sensitive) Terraform input variable.
    pub target: String,
}

impl Provisioning {
    /// The target of a Terraform input variable.
    pub const TERRAFORM_VARIABLE: &'static str = "terraformVariable";

    /// The name of the file that holds [`Self::payload_json`]: `<name>.tfvars.json` for a
    /// Terraform variable (Terraform reads it with `-var-file`), `<name>.json` otherwise.
    pub fn file_name(&self) -> String {
        if self.target == Self::TERRAFORM_VARIABLE {
            format!("{}.tfvars.json", self.name)
        } else {
            format!("{}.json", self.name)
        }
    }

    /// The guide's `POST /api/v2/securedata/securedata` body (or, for `${credentials.x}`, the
    /// credential field to add to the integration). Contains the secret: hand it only to a
    /// caller that asked for it.
    pub fn payload_json(&self) -> serde_json::Value {
        if self.target == Self::TERRAFORM_VARIABLE {
            // A variable definitions file: `{"<name>": "<value>"}`.
            let mut variables = serde_json::Map::new();
            variables.insert(self.name.clone(), serde_json::Value::String(self.value.expose().to_owned()));
            return serde_json::Value::Object(variables);
        }
        let mut payload = serde_json::json!({
            "name": self.name,
            "description": self.description,
            "secureData": { "value": self.value.expose() },
            "tags": self.tags,
        });
        if self.target == "credentials" {
            payload["integrationCredentialField"] = serde_json::Value::String(self.name.clone());
        }
        payload
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    /// Sorted, non-overlapping.
    pub edits: Vec<Edit>,
    /// Secrets this fix removes from the file; applying it requires somewhere to put them.
    pub extracted: Vec<Provisioning>,
}

impl Fix {
    pub fn new(title: impl Into<String>, applicability: Applicability, mut edits: Vec<Edit>) -> Self {
        crate::sort::sort(&mut edits);
        Self { title: title.into(), applicability, edits, extracted: Vec::new() }
    }
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, Applicability::Safe, edits)
    }
    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, Applicability::Unsafe, edits)
    }
    pub fn with_extracted(mut self, extracted: Vec<Provisioning>) -> Self {
        self.extracted = extracted;
        self
    }
}

/// A secondary location, e.g. the first occurrence of a duplicate key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub message: String,
    pub pointer: String,
    #[serde(skip)]
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub pointer: String,
    pub range: TextRange,
    pub fixes: Vec<Fix>,
    pub labels: Vec<Label>,
    /// `sha256:` fingerprint of the secret this diagnostic is about (for baselines, allowlists,
    /// SARIF); never the secret itself.
    pub fingerprint: Option<String>,
}

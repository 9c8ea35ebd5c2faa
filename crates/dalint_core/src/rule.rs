//! The rule framework: metadata and docs declared in code, the `Rule` trait and the `LintContext`
//! every rule is given (the runner, `lint.rs`, builds it).
//!
//! A rule lives in its own file under `rules/<category>/`, declared with [`declare_rule!`]. Its doc
//! comment *is* its documentation (What it does / Why is this bad? / Example / Use instead /
//! Fix safety): `dalint rule CODE`, `docs/rules/*.md` and the README table are generated from it.

use serde::Serialize;

use crate::config::Options;
use crate::diagnostic::{Fix, Label, Severity};
use crate::environment::SecureDataUse;
use crate::model::DocumentModel;
use crate::parse::Document;
use crate::pointer::{PointerIndex, Target};
use crate::preview::analysis::ActionTemplates;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// The file could not be read as JSON.
    Parse,
    /// Shape and field types of Data Actions.
    Schema,
    /// `{{ … }}` expressions and Velocity templates.
    Template,
    /// Credentials: the guide's security rules.
    Security,
    /// Environments and Secure Data inventory.
    Environment,
    /// Secure Data provisioning payloads.
    SecureData,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Parse => "parse",
            Category::Schema => "schema",
            Category::Template => "template",
            Category::Security => "security",
            Category::Environment => "environment",
            Category::SecureData => "securedata",
        }
    }
}

/// Whether a rule can fix what it finds, and how safely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixKind {
    None,
    Safe,
    Unsafe,
    /// Safe for some findings, unsafe for others.
    Sometimes,
}

impl FixKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::None => "none",
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe",
            FixKind::Sometimes => "sometimes",
        }
    }
}

/// Everything known about a rule without running it.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleMeta {
    /// Stable code, never reused (`SEC001`).
    pub code: &'static str,
    /// kebab-case name (`hard-coded-credential`).
    pub name: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    pub fix: FixKind,
    /// One line: the first sentence of the docs' *What it does*.
    pub summary: &'static str,
    /// Markdown docs, from the rule's doc comment.
    pub docs: &'static str,
}

/// What every rule sees.
pub struct LintContext<'d, 'a> {
    pub text: &'a str,
    pub document: &'d Document<'a>,
    pub model: &'d DocumentModel<'d, 'a>,
    pub index: &'d PointerIndex<'d, 'a>,
    pub options: &'d Options,
    /// The document's secrets, found on first use and shared by every `SEC` rule. (`OnceLock`, not
    /// `OnceCell`: with the `parallel` feature the context is shared between threads.)
    secrets: std::sync::OnceLock<crate::secrets::DocumentSecrets>,
    /// Every `secureData("…")` reference, found on first use and shared by the `ENV` rules.
    secure_data_uses: std::sync::OnceLock<Vec<SecureDataUse>>,
}

impl<'d, 'a> LintContext<'d, 'a> {
    pub fn new(
        document: &'d Document<'a>,
        model: &'d DocumentModel<'d, 'a>,
        index: &'d PointerIndex<'d, 'a>,
        options: &'d Options,
    ) -> Self {
        Self {
            text: document.text,
            document,
            model,
            index,
            options,
            secrets: std::sync::OnceLock::new(),
            secure_data_uses: std::sync::OnceLock::new(),
        }
    }

    /// Every secret of the document (computed once per lint).
    pub fn secrets(&self) -> &crate::secrets::DocumentSecrets {
        self.secrets.get_or_init(|| crate::secrets::document_secrets(self.text, self.model, self.options))
    }

    /// Every well-formed `secureData("name")` reference (found once per lint).
    pub fn secure_data_uses(&self) -> &[SecureDataUse] {
        self.secure_data_uses.get_or_init(|| crate::environment::secure_data_uses(self.model))
    }
}

/// A finding as a rule reports it: a pointer and a target, never a position.
#[derive(Debug, Clone)]
pub struct Report {
    pub pointer: String,
    pub target: Target,
    pub message: String,
    pub fixes: Vec<Fix>,
    pub labels: Vec<(String, Target, String)>,
    pub fingerprint: Option<String>,
    /// Overrides the rule's default severity for this one finding (before configuration).
    pub severity: Option<Severity>,
}

impl Report {
    pub fn new(pointer: impl Into<String>, target: Target, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            target,
            message: message.into(),
            fixes: Vec::new(),
            labels: Vec::new(),
            fingerprint: None,
            severity: None,
        }
    }
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
    /// A secondary location at `pointer`.
    pub fn label(mut self, pointer: impl Into<String>, target: Target, message: impl Into<String>) -> Self {
        self.labels.push((pointer.into(), target, message.into()));
        self
    }
    pub fn fingerprint(mut self, fingerprint: impl Into<String>) -> Self {
        self.fingerprint = Some(fingerprint.into());
        self
    }
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }
}

/// Unused by rules directly; the runner converts labels with it.
pub(crate) fn resolve_label(
    index: &crate::pointer::PointerIndex<'_, '_>,
    (pointer, target, message): (String, Target, String),
) -> Label {
    let range = index.resolve(&pointer, target);
    Label { message, pointer, range }
}

/// A rule implements [`Rule::check`] (the whole document), [`Rule::check_action`] (one action
/// at a time, with its parsed template strings), or both.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Looks at the whole document (actions, payloads) and reports findings.
    fn check(&self, _ctx: &LintContext<'_, '_>, _out: &mut Vec<Report>) {}
    /// Looks at one action. The runner parses the action's template strings once, hands them to
    /// every rule, and drops them before the next action, so that a large file is parsed once,
    /// not once per rule, and the parses of all its actions are never in memory together.
    fn check_action(&self, _ctx: &LintContext<'_, '_>, _action: &ActionTemplates<'_, '_, '_>, _out: &mut Vec<Report>) {}
}

/// Declares a rule type whose doc comment is its documentation.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// …
///     pub struct HardCodedCredential {
///         code: "SEC001",
///         name: "hard-coded-credential",
///         category: Security,
///         severity: Error,
///         fix: Unsafe,
///         summary: "Hard-coded credential in a Data Action.",
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $ty:ident {
            code: $code:literal,
            name: $name:literal,
            category: $category:ident,
            severity: $severity:ident,
            fix: $fix:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, Default)]
        pub struct $ty;

        impl $ty {
            pub const META: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
                code: $code,
                name: $name,
                category: $crate::rule::Category::$category,
                default_severity: $crate::diagnostic::Severity::$severity,
                fix: $crate::rule::FixKind::$fix,
                summary: $summary,
                docs: concat!($($doc, "\n"),*),
            };
        }
    };
}

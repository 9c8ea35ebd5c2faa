//! dalint's core: parse Genesys Cloud Data Actions, find leaked credentials and template mistakes,
//! fix them, and preview the request an action would send.
//!
//! The core does no I/O: callers pass text and [`Options`], so the same code runs natively, in
//! Node and in a browser. Ranges are UTF-8 byte offsets into the text after any BOM; convert them
//! once, at the boundary, with [`text::LineIndex`] (see [`output`]).
//!
//! Imports flow one way: the language front ([`language`]: JSON or Terraform, by file name) uses
//! [`terraform`], which maps its files onto the JSON runner ([`lint`], [`preview`], and
//! [`config_file`] which reads `dalint.json`); the runner uses the rules ([`rules`]), which use the
//! rule framework ([`rule`], with the [`rule::LintContext`] they are given) and the model
//! ([`config`], [`model`], [`diagnostic`], [`pointer`], …), never back. `tests/layering.rs` checks
//! it.

pub mod ast_de;
pub mod config;
pub mod config_file;
pub mod diagnostic;
pub mod environment;
pub mod fix;
pub mod governance;
pub mod inventory;
pub mod language;
pub mod lint;
pub mod model;
pub mod output;
pub mod parallel;
pub mod parse;
pub mod pointer;
pub mod preview;
pub mod references;
pub mod render;
pub mod rule;
pub mod rules;
pub mod secrets;
pub mod sort;
pub mod surfaces;
pub mod template;
pub mod terraform;
pub mod text;

pub use config::Options;
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Provisioning, SecretValue, Severity};
pub use fix::{apply_fix, apply_fixes, FixError, FixOptions, FixOutcome, FixSelector};
pub use language::{lint, lint_bytes, preview};
pub use rule::{Category, FixKind, Rule, RuleMeta};
pub use rules::{all_rules, explain, find_rule};

/// The version of dalint (all surfaces share it).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

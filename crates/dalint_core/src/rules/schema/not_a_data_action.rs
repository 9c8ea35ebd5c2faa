use jsonc_parser::ast::Value;

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Says that a JSON document is neither a Data Action (in the guide's shape, a Genesys
    /// export, the Platform API shape, a list of those) nor a Secure Data provisioning payload.
    /// No other rule runs on such a document.
    ///
    /// ## Why is this bad?
    /// It is not bad in itself: it tells you dalint did not check the file. A document counts as
    /// an action when it has the guide's `type: "http"` or `config.method`/`config.url`, or
    /// Genesys' `config.request` or `contract`.
    ///
    /// ## Example
    /// ```json
    /// {"compilerOptions": {"strict": true}}
    /// ```
    ///
    /// ## Use instead
    /// Point dalint at Data Action files; directory scans skip other JSON quietly.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct NotADataAction {
        code: "SCH001",
        name: "not-a-data-action",
        category: Schema,
        severity: Info,
        fix: None,
        summary: "The document is not a Data Action; nothing was checked.",
    }
}

/// The message for `SCH001`, naming what the document looks like instead.
pub fn not_a_data_action_message(root: &Value<'_>) -> String {
    let what = match root {
        Value::Object(_) => "an object without `config.request`, `contract`, `type: \"http\"` or `config.url`",
        Value::Array(_) => "an array with no Data Action in it",
        _ => "a single JSON value",
    };
    format!("not a Data Action: the document is {what}; nothing was checked")
}

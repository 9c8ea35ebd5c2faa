use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports text that is not valid JSON (or JSONC, for `.jsonc` files), and bytes that are not
    /// UTF-8, at the position where reading stopped.
    ///
    /// ## Why is this bad?
    /// Genesys refuses to import an action that does not parse, and no other rule can run on it.
    /// Strict JSON is expected for `.json` files: comments and trailing commas are only accepted
    /// in `.jsonc` files.
    ///
    /// ## Example
    /// ```json
    /// {"name": "Get order", "config": {"request": {"requestType": "GET",}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"name": "Get order", "config": {"request": {"requestType": "GET"}}}
    /// ```
    ///
    /// ## Fix safety
    /// No fix: dalint cannot know what was meant.
    pub struct InvalidJson {
        code: "PAR001",
        name: "invalid-json",
        category: Parse,
        severity: Error,
        fix: None,
        summary: "The file is not valid JSON (or not UTF-8).",
    }
}

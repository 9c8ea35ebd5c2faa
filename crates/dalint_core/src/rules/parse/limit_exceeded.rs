use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports input nested deeper than 64 levels or larger than 512 MiB, before parsing it.
    ///
    /// ## Why is this bad?
    /// Such input is not a Data Action (Genesys caps nesting at 50 levels), and parsing it would
    /// risk exhausting the stack or memory. dalint stops with a clear error instead.
    ///
    /// ## Example
    /// ```json
    /// [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ … ]]]]
    /// ```
    ///
    /// ## Use instead
    /// A Data Action export, which is nested a handful of levels deep.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct LimitExceeded {
        code: "PAR002",
        name: "limit-exceeded",
        category: Parse,
        severity: Error,
        fix: None,
        summary: "Nesting deeper than 64 levels or input larger than 512 MiB.",
    }
}

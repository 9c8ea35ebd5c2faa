//! Rules of the `security` category. Add a rule: a new file here with `declare_rule!` and an
//! `impl Rule`, then list it in `RULES`.

use crate::rule::Rule;

pub const RULES: &[&dyn Rule] = &[];

//! `ENV*`: environments and the target org's Secure Data inventory. Add a rule: a new file here
//! with `declare_rule!` and an `impl Rule`, then list it in `RULES`.

mod cross_environment_secret;
mod secret_missing_from_inventory;
mod secret_name_without_environment;

pub use cross_environment_secret::CrossEnvironmentSecret;
pub use secret_missing_from_inventory::SecretMissingFromInventory;
pub use secret_name_without_environment::SecretNameWithoutEnvironment;

use crate::rule::Rule;

pub const RULES: &[&dyn Rule] = &[&CrossEnvironmentSecret, &SecretMissingFromInventory, &SecretNameWithoutEnvironment];

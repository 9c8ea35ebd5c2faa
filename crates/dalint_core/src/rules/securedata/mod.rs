//! `SDO*`: Secure Data provisioning payloads (`POST /api/v2/securedata/securedata` bodies). Add a
//! rule: a new file here with `declare_rule!` and an `impl Rule`, then list it in `RULES`.

mod bundled_secrets;
mod secure_data_tags;

pub use bundled_secrets::BundledSecrets;
pub use secure_data_tags::SecureDataTags;

use crate::rule::Rule;

pub const RULES: &[&dyn Rule] = &[&BundledSecrets, &SecureDataTags];

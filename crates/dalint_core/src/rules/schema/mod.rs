//! `SCH*`: shape and field types of Data Actions.

mod duplicate_key;
pub mod fields;
mod invalid_value;
mod missing_required_field;
mod not_a_data_action;
mod unknown_field;

pub use duplicate_key::DuplicateKey;
pub use invalid_value::{InvalidValue, METHODS, RESERVED_INPUTS};
pub use missing_required_field::MissingRequiredField;
pub use not_a_data_action::{not_a_data_action_message, NotADataAction};
pub use unknown_field::UnknownField;

use std::borrow::Cow;

use crate::rule::Rule;
use crate::secrets;

/// A user-written key or value as a message may show it: masked when it could be a credential (a
/// known token prefix, or as long as a key), since messages never echo secrets.
pub(crate) fn shown(text: &str) -> Cow<'_, str> {
    if secrets::known_prefix(text).is_some() || text.chars().count() > 40 {
        Cow::Owned(secrets::mask(text))
    } else {
        Cow::Borrowed(text)
    }
}

pub const RULES: &[&dyn Rule] = &[&MissingRequiredField, &InvalidValue, &UnknownField, &DuplicateKey];

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn names_that_could_be_credentials_are_masked() {
        assert_eq!(shown("requestTemplat"), "requestTemplat");
        let token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
        let masked = shown(token);
        assert!(masked.starts_with("ghp_…") && !masked.contains(&token[4..]), "{masked}");
        let long = "x".repeat(41);
        assert!(shown(&long).contains("sha256:"));
    }
}

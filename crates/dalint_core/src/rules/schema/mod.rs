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
pub use unknown_field::{edit_distance, UnknownField};

use crate::rule::Rule;

pub const RULES: &[&dyn Rule] = &[&MissingRequiredField, &InvalidValue, &UnknownField, &DuplicateKey];

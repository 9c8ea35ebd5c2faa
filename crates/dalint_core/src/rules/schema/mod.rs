//! `SCH*`: shape and field types of Data Actions.

mod not_a_data_action;

pub use not_a_data_action::{not_a_data_action_message, NotADataAction};

use crate::rule::Rule;

pub const RULES: &[&dyn Rule] = &[];

//! `PAR*`: the file could not be read as JSON. The runner reports these itself.

mod invalid_json;
mod limit_exceeded;

pub use invalid_json::InvalidJson;
pub use limit_exceeded::LimitExceeded;

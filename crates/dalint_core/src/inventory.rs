//! Inventories: the Secure Data names that exist in a target org, read from the text of a JSON
//! file (the caller does the reading). Three shapes are accepted: an array of names, an array of
//! Secure Data objects (`[{"name": …}, …]`), and a list response (`{"entities": [...]}`).
//! Values (`secureData.value`) are never read.

use jsonc_parser::ast::Value;

use crate::config::{is_secure_data_name, ConfigError};
use crate::parse::{self, Dialect, ParseFailure};
use crate::pointer::{prop_name_range, value_range};
use crate::text::TextRange;

const SHAPES: &str =
    "an inventory is a JSON array of names, an array of Secure Data objects, or `{\"entities\": [...]}`";

/// The names in an inventory text, in file order, without duplicates.
pub fn parse_inventory(text: &str) -> Result<Vec<String>, ConfigError> {
    let document = parse::parse(text, Dialect::Json).map_err(|failure| match failure {
        ParseFailure::Syntax { message, range } | ParseFailure::Limit { message, range } => {
            ConfigError { message, range }
        }
    })?;
    let error = |range: TextRange, message: String| ConfigError { message, range };
    let elements = match &document.root {
        Value::Array(array) => &array.elements,
        Value::Object(object) => match object.properties.iter().find(|p| p.name.as_str() == "entities") {
            Some(prop) => match &prop.value {
                Value::Array(array) => &array.elements,
                other => return Err(error(value_range(other), format!("`entities` is not an array: {SHAPES}"))),
            },
            None => return Err(error(value_range(&document.root), format!("no `entities` here: {SHAPES}"))),
        },
        other => return Err(error(value_range(other), format!("not an inventory: {SHAPES}"))),
    };
    let mut names: Vec<String> = Vec::new();
    for element in elements {
        let (name, range) = match element {
            Value::StringLit(s) => (s.value.as_ref(), value_range(element)),
            Value::Object(object) => match object.properties.iter().find(|p| p.name.as_str() == "name") {
                Some(prop) => match &prop.value {
                    Value::StringLit(s) => (s.value.as_ref(), value_range(&prop.value)),
                    other => {
                        return Err(error(value_range(other), "a Secure Data object's `name` must be a string".into()))
                    }
                },
                None => {
                    let range = object.properties.first().map_or(value_range(element), prop_name_range);
                    return Err(error(range, "this Secure Data object has no `name`".into()));
                }
            },
            other => return Err(error(value_range(other), format!("not a name or a Secure Data object: {SHAPES}"))),
        };
        if !is_secure_data_name(name) {
            return Err(error(range, format!("`{name}` is not a Secure Data name: use `A-Z a-z 0-9 _ . -`")));
        }
        if !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_shapes() {
        assert_eq!(parse_inventory(r#"["a_prod", "b_prod", "a_prod"]"#), Ok(vec!["a_prod".into(), "b_prod".into()]));
        let objects = r#"[{"id": "1", "name": "a_prod", "tags": ["env:prod"]}, {"name": "b_prod"}]"#;
        assert_eq!(parse_inventory(objects), Ok(vec!["a_prod".into(), "b_prod".into()]));
        let list = r#"{"entities": [{"name": "a_prod"}], "pageSize": 25, "total": 1}"#;
        assert_eq!(parse_inventory(list), Ok(vec!["a_prod".into()]));
    }

    #[test]
    fn errors_are_positioned() {
        let text = r#"["a_prod", 3]"#;
        let err = parse_inventory(text).unwrap_err();
        assert_eq!(&text[err.range.start..err.range.end], "3");
        let text = r#"{"entities": [{"id": "x"}]}"#;
        let err = parse_inventory(text).unwrap_err();
        assert_eq!(&text[err.range.start..err.range.end], "\"id\"");
        assert!(parse_inventory(r#"{"names": []}"#).unwrap_err().message.contains("entities"));
        assert!(parse_inventory("[").is_err());
    }
}

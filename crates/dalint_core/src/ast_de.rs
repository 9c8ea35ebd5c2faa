//! A serde `Deserializer` over the parsed AST, so that typed configuration (`dalint.json`,
//! inventories) is read with exact positions: every error carries the byte range of the key or
//! value it is about (an unknown key, a value of the wrong type, an unknown variant).

use std::fmt;

use jsonc_parser::ast::{ObjectProp, Value};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use crate::pointer::{prop_name_range, value_range};
use crate::text::TextRange;

/// A deserialization error and where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeError {
    pub message: String,
    /// The innermost key or value the error is about.
    pub range: Option<TextRange>,
}

impl DeError {
    /// Attaches `range` unless a more precise (inner) one is already known.
    fn at(mut self, range: TextRange) -> Self {
        self.range.get_or_insert(range);
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError { message: msg.to_string(), range: None }
    }
}

/// Deserializes `T` from an AST value.
pub fn from_value<'de, T: serde::Deserialize<'de>>(value: &Value<'_>) -> Result<T, DeError> {
    T::deserialize(ValueDeserializer { value }).map_err(|e| e.at(value_range(value)))
}

struct ValueDeserializer<'d, 'a> {
    value: &'d Value<'a>,
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'_, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let range = value_range(self.value);
        let result = match self.value {
            Value::StringLit(s) => visitor.visit_str(&s.value),
            Value::BooleanLit(b) => visitor.visit_bool(b.value),
            Value::NullKeyword(_) => visitor.visit_unit(),
            Value::NumberLit(n) => {
                if let Ok(u) = n.value.parse::<u64>() {
                    visitor.visit_u64(u)
                } else if let Ok(i) = n.value.parse::<i64>() {
                    visitor.visit_i64(i)
                } else {
                    match n.value.parse::<f64>() {
                        Ok(f) => visitor.visit_f64(f),
                        Err(_) => Err(de::Error::custom(format!("`{}` is not a number", n.value))),
                    }
                }
            }
            Value::Array(a) => visitor.visit_seq(Seq { elements: a.elements.iter() }),
            Value::Object(o) => visitor.visit_map(Map { props: o.properties.iter(), pending: None }),
        };
        result.map_err(|e| e.at(range))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.value {
            Value::NullKeyword(_) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let range = value_range(self.value);
        match self.value {
            Value::StringLit(s) => {
                let variant: de::value::StrDeserializer<'_, DeError> = s.value.as_ref().into_deserializer();
                visitor.visit_enum(variant).map_err(|e| e.at(range))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

struct Seq<'d, 'a> {
    elements: std::slice::Iter<'d, Value<'a>>,
}

impl<'de> de::SeqAccess<'de> for Seq<'_, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        match self.elements.next() {
            Some(value) => {
                seed.deserialize(ValueDeserializer { value }).map(Some).map_err(|e| e.at(value_range(value)))
            }
            None => Ok(None),
        }
    }
}

struct Map<'d, 'a> {
    props: std::slice::Iter<'d, ObjectProp<'a>>,
    pending: Option<&'d ObjectProp<'a>>,
}

impl<'de> de::MapAccess<'de> for Map<'_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        let Some(prop) = self.props.next() else { return Ok(None) };
        self.pending = Some(prop);
        let range = prop_name_range(prop);
        let key: de::value::StrDeserializer<'_, DeError> = prop.name.as_str().into_deserializer();
        seed.deserialize(key).map(Some).map_err(|e| e.at(range))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let prop = self.pending.take().ok_or_else(|| <DeError as de::Error>::custom("value without a key"))?;
        seed.deserialize(ValueDeserializer { value: &prop.value }).map_err(|e| e.at(value_range(&prop.value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, Dialect};

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Sample {
        name: String,
        #[serde(default)]
        count: Option<u32>,
        level: Level,
        items: Vec<i64>,
    }

    #[derive(Debug, serde::Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Level {
        Off,
        Error,
    }

    fn de(text: &str) -> Result<Sample, (String, String)> {
        let doc = parse(text, Dialect::Json).unwrap_or_else(|e| panic!("{e:?}"));
        from_value::<Sample>(&doc.root).map_err(|e| {
            let r = e.range.unwrap_or_default();
            (e.message, text[r.start..r.end].to_owned())
        })
    }

    #[test]
    fn reads_values() {
        let s = de(r#"{"name": "x", "level": "off", "items": [1, -2], "count": null}"#);
        assert_eq!(s, Ok(Sample { name: "x".into(), count: None, level: Level::Off, items: vec![1, -2] }));
    }

    #[test]
    fn errors_carry_the_range_of_what_they_are_about() {
        let (msg, at) = de(r#"{"name": "x", "levle": "off", "items": []}"#).unwrap_err();
        assert!(msg.starts_with("unknown field `levle`"), "{msg}");
        assert_eq!(at, "\"levle\"");
        let (msg, at) = de(r#"{"name": "x", "level": "warn", "items": []}"#).unwrap_err();
        assert!(msg.contains("unknown variant `warn`"), "{msg}");
        assert_eq!(at, "\"warn\"");
        let (msg, at) = de(r#"{"name": "x", "level": "off", "items": [1, "two"]}"#).unwrap_err();
        assert!(msg.contains("invalid type: string \"two\""), "{msg}");
        assert_eq!(at, "\"two\"");
        let (msg, at) = de(r#"{"name": "x", "level": "off"}"#).unwrap_err();
        assert!(msg.contains("missing field `items`"), "{msg}");
        assert_eq!(at, r#"{"name": "x", "level": "off"}"#);
    }
}

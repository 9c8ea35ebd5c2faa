//! The helpers Genesys makes available in templates (`$esc`, `$encoding`, `$math`, `$urlTool`,
//! `$successTemplateUtils`) and the Java `String`/`List`/`Map` methods templates call on values.
//!
//! A call dalint does not know returns [`Call::Unknown`]: the evaluator prints the reference as
//! written and adds a note, which is what Velocity does with a method that does not exist.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::value::{Escapes, Text, Tool, Value};

/// The result of calling a helper or method.
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    Value(Value),
    /// No such method (or wrong arguments): printed as written.
    Unknown,
    /// A known method dalint does not evaluate, with the reason (a note).
    NotPreviewed(&'static str),
}

impl From<Value> for Call {
    fn from(v: Value) -> Self {
        Call::Value(v)
    }
}

/// `$esc.x` / `$tool.x` without parentheses (Velocity's property lookup).
pub fn tool_property(tool: Tool, name: &str) -> Option<Value> {
    let single = |c: &str| Some(Value::str(c));
    match (tool, name) {
        (Tool::Esc, "quote" | "q") => single("\""),
        (Tool::Esc, "singleQuote" | "s") => single("'"),
        (Tool::Esc, "dollar" | "d") => single("$"),
        (Tool::Esc, "hash" | "h") => single("#"),
        (Tool::Esc, "backslash" | "b") => single("\\"),
        (Tool::Esc, "exclamation" | "e") => single("!"),
        (Tool::Esc, "newline") => single("\n"),
        _ => None,
    }
}

/// `$tool.name(args)`.
pub fn call_tool(tool: Tool, name: &str, args: &[Value]) -> Call {
    match tool {
        Tool::Esc => esc(name, args),
        Tool::Encoding => match (name, args) {
            ("base64", [v]) => base64_of(v),
            _ => Call::Unknown,
        },
        Tool::Math => math(name, args),
        Tool::UrlTool => match (name, args) {
            ("optionalQueryParam", [name, value, ..]) => optional_query_param(name, value),
            _ => Call::Unknown,
        },
        Tool::SuccessTemplateUtils => match (name, args) {
            ("firstFromArray", [array]) => first_from_array(array, None),
            ("firstFromArray", [array, default]) => first_from_array(array, Some(default)),
            ("moveKeysIntoArrayOfObjects", _) => {
                Call::NotPreviewed("`moveKeysIntoArrayOfObjects` is not evaluated by dalint; it is sent as written")
            }
            _ => Call::Unknown,
        },
        Tool::Salesforce => Call::NotPreviewed(
            "Salesforce integration macros are not evaluated by dalint: the preview shows the call as written",
        ),
    }
}

fn text_arg(v: &Value) -> Option<Text> {
    match v {
        Value::Null => None,
        other => Some(other.to_text()),
    }
}

fn esc(name: &str, args: &[Value]) -> Call {
    let [arg] = args else { return Call::Unknown };
    let Some(text) = text_arg(arg) else { return Value::Null.into() };
    let mapped = match name {
        "jsonString" | "jsonEncode" | "json" => text.map_pieces(&json_escape, Escapes::JSON),
        "jsonDecode" => text.map_pieces(&json_unescape, Escapes::NONE),
        "url" | "urlFormEncode" => text.map_pieces(&form_encode, Escapes::URL),
        "uriEncode" => text.map_pieces(&uri_encode, Escapes::URL),
        "unurl" => text.map_pieces(&url_decode, Escapes::NONE),
        "java" | "javascript" => text.map_pieces(&java_escape, Escapes::JSON),
        "html" | "xml" => text.map_pieces(&xml_escape, Escapes::NONE),
        "sql" => text.map_pieces(&|s: &str| s.replace('\'', "''"), Escapes::NONE),
        _ => return Call::Unknown,
    };
    Value::Str(mapped).into()
}

/// `$encoding.base64(s)`. A value holding redaction markers cannot be encoded: the result is a
/// marker that shows what would be encoded.
fn base64_of(v: &Value) -> Call {
    let Some(text) = text_arg(v) else { return Value::Null.into() };
    if text.has_markers() {
        let mut out = Text::plain("‹base64(");
        out.push(&text);
        out.push_str(")›");
        // The whole result stands for an unknown value.
        let origin = text.spans.iter().find(|s| s.origin.is_marker()).map(|s| s.origin.clone());
        if let Some(origin) = origin {
            return Value::Str(Text::from_origin(out.text, origin)).into();
        }
    }
    let encoded = base64_encode(text.as_str().as_bytes());
    let mut out = Text::plain(encoded.clone());
    // Keep the provenance of the whole value: an input stays an input, now JSON-safe.
    if let Some(span) = text.spans.first() {
        out = Text::from_origin(encoded, span.origin.clone());
        if let Some(s) = out.spans.first_mut() {
            s.escapes = Escapes::JSON;
        }
    }
    Value::Str(out).into()
}

fn number(v: &Value) -> Option<f64> {
    v.as_number()
}

fn is_integral(v: &Value) -> bool {
    match v {
        Value::Int(_) => true,
        Value::Str(t) => t.text.trim().parse::<i64>().is_ok(),
        _ => false,
    }
}

/// A MathTool result: an integer when every operand is one and the result is whole.
fn math_result(f: f64, integral: bool) -> Value {
    if integral && f.fract() == 0.0 && f.abs() < 9.0e15 {
        Value::Int(f as i64)
    } else {
        Value::Float(f)
    }
}

fn math(name: &str, args: &[Value]) -> Call {
    let numbers: Option<Vec<f64>> = args.iter().map(number).collect();
    let Some(numbers) = numbers else { return Value::Null.into() };
    let integral = args.iter().all(is_integral);
    let value = match (name, numbers.as_slice()) {
        ("add", ns) if !ns.is_empty() => math_result(ns.iter().sum(), integral),
        ("mul", ns) if !ns.is_empty() => math_result(ns.iter().product(), integral),
        ("sub", [first, rest @ ..]) => math_result(rest.iter().fold(*first, |a, b| a - b), integral),
        ("div", [first, rest @ ..]) => {
            if rest.contains(&0.0) {
                return Value::Null.into();
            }
            let quotient = rest.iter().fold(*first, |a, b| a / b);
            math_result(quotient, integral && quotient.fract() == 0.0)
        }
        ("idiv", [a, b]) if *b != 0.0 => Value::Int((a / b).trunc() as i64),
        ("mod", [a, b]) if *b != 0.0 => math_result(a % b, integral),
        ("pow", [a, b]) => math_result(a.powf(*b), integral),
        ("max", ns) if !ns.is_empty() => math_result(ns.iter().copied().fold(f64::MIN, f64::max), integral),
        ("min", ns) if !ns.is_empty() => math_result(ns.iter().copied().fold(f64::MAX, f64::min), integral),
        ("abs", [a]) => math_result(a.abs(), integral),
        ("neg", [a]) => math_result(-a, integral),
        ("ceil", [a]) => Value::Int(a.ceil() as i64),
        ("floor", [a]) => Value::Int(a.floor() as i64),
        ("round", [a]) => Value::Int(a.round() as i64),
        ("roundTo", [places, a]) => {
            let factor = 10f64.powi(*places as i32);
            Value::Float((a * factor).round() / factor)
        }
        ("toInteger" | "getInteger", [a]) => Value::Int(a.trunc() as i64),
        ("toDouble" | "getDouble", [a]) => Value::Float(*a),
        ("toNumber", [a]) => math_result(*a, integral),
        ("random" | "getRandom", _) => {
            return Call::NotPreviewed("`$math.random` is not previewed: it differs on every run")
        }
        _ => return Call::Unknown,
    };
    value.into()
}

/// `$urlTool.optionalQueryParam("name", $value)`: `&name=value` (value form-encoded) when the value
/// is present and not empty, nothing otherwise, so an absent optional input leaves no dangling
/// parameter.
fn optional_query_param(name: &Value, value: &Value) -> Call {
    let (Some(name), Some(value)) = (text_arg(name), text_arg(value)) else { return Value::str("").into() };
    if value.text.is_empty() {
        return Value::str("").into();
    }
    let mut out = Text::plain("&");
    out.push(&name.map_pieces(&form_encode, Escapes::URL));
    out.push_str("=");
    out.push(&value.map_pieces(&form_encode, Escapes::URL));
    Value::Str(out).into()
}

/// `$successTemplateUtils.firstFromArray(json, default)`: the first element of a JSON array, as
/// JSON text; `default` (or nothing) when the array is empty. Provenance follows the array.
fn first_from_array(array: &Value, default: Option<&Value>) -> Call {
    let Some(text) = text_arg(array) else {
        return default.cloned().unwrap_or(Value::str("")).into();
    };
    match serde_json::from_str::<serde_json::Value>(text.as_str()) {
        Ok(serde_json::Value::Array(items)) => match items.first() {
            Some(first) => {
                let json = first.to_string();
                let origin = text.spans.first().map(|s| s.origin.clone());
                Value::Str(match origin {
                    Some(origin) => Text::from_origin(json, origin),
                    None => Text::plain(json),
                })
                .into()
            }
            None => default.cloned().unwrap_or(Value::str("")).into(),
        },
        // Not an array (or not known yet): the value passes through unchanged.
        _ => Value::Str(text).into(),
    }
}

/// Methods of a Java `String`.
pub fn string_method(text: &Text, name: &str, args: &[Value]) -> Call {
    let s = text.as_str();
    let arg_str = |i: usize| args.get(i).map(|v| v.to_text().text);
    let value = match (name, args.len()) {
        ("toString", 0) => Value::Str(text.clone()),
        ("trim" | "strip", 0) => {
            let trimmed = s.trim();
            let start = s.len() - s.trim_start().len();
            Value::Str(slice(text, start, start + trimmed.len()))
        }
        ("toLowerCase", 0) => Value::Str(text.map_pieces(&|p: &str| p.to_lowercase(), Escapes::NONE)),
        ("toUpperCase", 0) => Value::Str(text.map_pieces(&|p: &str| p.to_uppercase(), Escapes::NONE)),
        ("length", 0) => Value::Int(s.encode_utf16().count() as i64),
        ("isEmpty", 0) => Value::Bool(s.is_empty()),
        ("isBlank", 0) => Value::Bool(s.trim().is_empty()),
        ("contains", 1) => Value::Bool(s.contains(arg_str(0).unwrap_or_default().as_str())),
        ("startsWith", 1) => Value::Bool(s.starts_with(arg_str(0).unwrap_or_default().as_str())),
        ("endsWith", 1) => Value::Bool(s.ends_with(arg_str(0).unwrap_or_default().as_str())),
        ("equals", 1) => Value::Bool(args[0].to_text().text == s),
        ("equalsIgnoreCase", 1) => Value::Bool(args[0].to_text().text.to_lowercase() == s.to_lowercase()),
        ("indexOf", 1) => Value::Int(utf16_index(s, s.find(arg_str(0).unwrap_or_default().as_str()))),
        ("lastIndexOf", 1) => Value::Int(utf16_index(s, s.rfind(arg_str(0).unwrap_or_default().as_str()))),
        ("concat", 1) => {
            let mut out = text.clone();
            out.push(&args[0].to_text());
            Value::Str(out)
        }
        ("replace", 2) => {
            let (from, to) = (arg_str(0).unwrap_or_default(), arg_str(1).unwrap_or_default());
            if from.is_empty() {
                return Call::Unknown;
            }
            // Still the same input, only partly escaped: provenance stays, escapes do not change.
            Value::Str(text.map_pieces(&|p: &str| p.replace(&from, &to), Escapes::NONE))
        }
        ("replaceAll" | "replaceFirst", 2) => {
            let (pattern, to) = (arg_str(0).unwrap_or_default(), arg_str(1).unwrap_or_default());
            if pattern.is_empty() || pattern.chars().any(|c| "\\^$.|?*+()[]{}".contains(c)) {
                return Call::NotPreviewed(
                    "regular expressions are not evaluated by dalint; the call is sent as written",
                );
            }
            let first = name == "replaceFirst";
            Value::Str(text.map_pieces(
                &|p: &str| if first { p.replacen(&pattern, &to, 1) } else { p.replace(&pattern, &to) },
                Escapes::NONE,
            ))
        }
        ("substring", 1 | 2) => {
            let units: Vec<u16> = s.encode_utf16().collect();
            let start = args[0].as_number().unwrap_or(0.0) as usize;
            let end = args.get(1).and_then(Value::as_number).map_or(units.len(), |n| n as usize);
            if start > end || end > units.len() {
                return Value::Null.into();
            }
            let start_byte = String::from_utf16_lossy(&units[..start]).len();
            let end_byte = String::from_utf16_lossy(&units[..end]).len();
            Value::Str(slice(text, start_byte, end_byte))
        }
        ("charAt", 1) => {
            let index = args[0].as_number().unwrap_or(-1.0);
            match s.encode_utf16().nth(index as usize).filter(|_| index >= 0.0) {
                Some(unit) => Value::str(String::from_utf16_lossy(&[unit])),
                None => Value::Null,
            }
        }
        ("split", 1) => {
            let separator = arg_str(0).unwrap_or_default();
            if separator.is_empty() || separator.chars().any(|c| "\\^$.|?*+()[]{}".contains(c)) {
                return Call::NotPreviewed(
                    "regular expressions are not evaluated by dalint; the call is sent as written",
                );
            }
            Value::List(s.split(separator.as_str()).map(Value::str).collect())
        }
        _ => return Call::Unknown,
    };
    value.into()
}

fn utf16_index(s: &str, byte: Option<usize>) -> i64 {
    byte.map_or(-1, |b| s[..b].encode_utf16().count() as i64)
}

/// A byte slice of a text, with the spans that overlap it.
fn slice(text: &Text, start: usize, end: usize) -> Text {
    let mut out = Text::plain(&text.text[start..end]);
    for span in &text.spans {
        let (s, e) = (span.range.start.max(start), span.range.end.min(end));
        if s < e {
            out.spans.push(super::value::Tainted {
                range: crate::text::TextRange::new(s - start, e - start),
                origin: span.origin.clone(),
                escapes: span.escapes,
            });
        }
    }
    out
}

/// Methods of lists and maps.
pub fn collection_method(value: &Value, name: &str, args: &[Value]) -> Call {
    match (value, name, args) {
        (Value::List(items), "size", []) => Value::Int(items.len() as i64).into(),
        (Value::List(items), "isEmpty", []) => Value::Bool(items.is_empty()).into(),
        (Value::List(items), "get", [index]) => {
            let i = index.as_number().unwrap_or(-1.0);
            (if i >= 0.0 { items.get(i as usize).cloned() } else { None }).unwrap_or(Value::Null).into()
        }
        (Value::List(items), "contains", [needle]) => {
            Value::Bool(items.iter().any(|item| super::eval::values_equal(item, needle))).into()
        }
        (Value::Map(entries), "size", []) => Value::Int(entries.len() as i64).into(),
        (Value::Map(entries), "isEmpty", []) => Value::Bool(entries.is_empty()).into(),
        (Value::Map(_), "get", [key]) => value.map_get(&key.to_text().text).cloned().unwrap_or(Value::Null).into(),
        (Value::Map(_), "containsKey", [key]) => Value::Bool(value.map_get(&key.to_text().text).is_some()).into(),
        (Value::Map(entries), "keySet", []) => {
            Value::List(entries.iter().map(|(k, _)| Value::str(k.clone())).collect()).into()
        }
        (Value::Map(entries), "values", []) => Value::List(entries.iter().map(|(_, v)| v.clone()).collect()).into(),
        _ => Call::Unknown,
    }
}

/// `StringEscapeUtils.escapeJson` (what `$esc.jsonString` does): quotes, backslashes, `/`,
/// control characters and everything outside printable ASCII become escapes.
pub fn json_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (' '..='~').contains(&c) => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
            }
        }
    }
    out
}

/// Escapes as `JSON.stringify` does: quotes, backslashes and control characters only.
pub fn json_escape_minimal(s: &str) -> String {
    let quoted = serde_json::Value::String(s.to_owned()).to_string();
    quoted[1..quoted.len() - 1].to_owned()
}

/// Reverses JSON string escapes (`$esc.jsonDecode`); invalid escapes are kept as written.
pub fn json_unescape(s: &str) -> String {
    serde_json::from_str::<String>(&format!("\"{s}\"")).unwrap_or_else(|_| s.to_owned())
}

/// Java string escaping (`$esc.java`, `$esc.javascript`).
fn java_escape(s: &str) -> String {
    json_escape(s).replace("\\/", "/").replace('\'', "\\'")
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

/// Bytes that `URLEncoder.encode(s, "UTF-8")` keeps as they are: letters, digits, `.-*_`, and
/// the space (written `+` after encoding). `~` is encoded, unlike RFC 3986.
const FORM_KEPT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'.').remove(b'-').remove(b'*').remove(b'_').remove(b' ');

/// RFC 3986 unreserved characters.
const URI_KEPT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'.').remove(b'-').remove(b'~').remove(b'_');

/// `URLEncoder.encode(s, "UTF-8")`: form encoding, space as `+`.
pub fn form_encode(s: &str) -> String {
    utf8_percent_encode(s, FORM_KEPT).to_string().replace(' ', "+")
}

/// Percent-encoding of everything but RFC 3986 unreserved characters; space as `%20`.
pub fn uri_encode(s: &str) -> String {
    utf8_percent_encode(s, URI_KEPT).to_string()
}

/// `URLDecoder.decode`: `+` is a space; a malformed `%` escape stays as it is.
fn url_decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// Standard base64 with padding (Java's `Base64.getEncoder()`, behind `$encoding.base64`).
pub fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_match_the_java_helpers() {
        assert_eq!(json_escape("a\"b\\c/d\n\té"), "a\\\"b\\\\c\\/d\\n\\t\\u00E9");
        assert_eq!(json_escape("😀"), "\\uD83D\\uDE00");
        assert_eq!(form_encode("a b&c=d/é*"), "a+b%26c%3Dd%2F%C3%A9*");
        assert_eq!(uri_encode("a b/c~"), "a%20b%2Fc~");
        assert_eq!(url_decode("a+b%2Fc%zz"), "a b/c%zz");
        assert_eq!(json_unescape("a\\\"b\\n"), "a\"b\n");
        assert_eq!(base64_encode(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(base64_encode(b"ab"), "YWI=");
        assert_eq!(base64_encode(b""), "");
    }

    #[test]
    fn math_keeps_integers_integral() {
        let call = |name: &str, args: &[Value]| match call_tool(Tool::Math, name, args) {
            Call::Value(v) => v,
            other => panic!("{other:?}"),
        };
        assert_eq!(call("add", &[Value::Int(2), Value::str("3")]), Value::Int(5));
        assert_eq!(call("div", &[Value::Int(7), Value::Int(2)]), Value::Float(3.5));
        assert_eq!(call("div", &[Value::Int(8), Value::Int(2)]), Value::Int(4));
        assert_eq!(call("div", &[Value::Int(1), Value::Int(0)]), Value::Null);
        assert_eq!(call("max", &[Value::Int(1), Value::Float(2.5)]), Value::Float(2.5));
        assert_eq!(call("round", &[Value::Float(2.5)]), Value::Int(3));
    }

    #[test]
    fn first_from_array_and_optional_query_param() {
        let first = |a: &str, d: Option<&str>| match first_from_array(&Value::str(a), d.map(Value::str).as_ref()) {
            Call::Value(v) => v.to_text().text,
            other => panic!("{other:?}"),
        };
        assert_eq!(first("[\"x\", \"y\"]", None), "\"x\"");
        assert_eq!(first("[{\"a\":1}]", None), "{\"a\":1}");
        assert_eq!(first("[]", Some("\"\"")), "\"\"");
        assert_eq!(first("[]", None), "");
        let param = |v: Value| match optional_query_param(&Value::str("q"), &v) {
            Call::Value(v) => v.to_text().text,
            other => panic!("{other:?}"),
        };
        assert_eq!(param(Value::str("a b")), "&q=a+b");
        assert_eq!(param(Value::str("")), "");
        assert_eq!(param(Value::Null), "");
    }
}

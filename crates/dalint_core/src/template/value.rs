//! Values of the evaluator. Strings carry their provenance: which bytes came from a flow input,
//! a credential marker or a response variable, and whether they went through an escaping helper.
//! The JSON check and `TPL003` read that instead of guessing from the template's text.

use crate::text::TextRange;

/// Escaping a value has been through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Escapes {
    /// Safe inside a JSON string (`$esc.jsonString`, `$esc.jsonEncode`, base64).
    pub json: bool,
    /// Safe inside a URL (`$esc.url`, `$esc.uriEncode`, `$esc.urlFormEncode`, `optionalQueryParam`).
    pub url: bool,
}

impl Escapes {
    pub const JSON: Escapes = Escapes { json: true, url: false };
    pub const URL: Escapes = Escapes { json: false, url: true };
    pub const NONE: Escapes = Escapes { json: false, url: false };

    pub fn union(self, other: Escapes) -> Escapes {
        Escapes { json: self.json || other.json, url: self.url || other.url }
    }
}

/// Where a piece of output came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A flow input, `input.name`.
    Input(String),
    /// `input.rawRequest`: Genesys serialises the inputs itself, so it is valid JSON.
    RawRequest,
    /// `‹credentials.name›`
    Credentials(String),
    /// `‹authResponse.name›`
    AuthResponse(String),
    /// `‹secureData:name›`
    SecureData(String),
    /// `‹secret sha256:…›`: a literal secret masked before rendering.
    Secret,
    /// A translation-map variable or `rawResult`: JSON by construction.
    Response(String),
    /// A sample value of a flow or system variable (`system.queueId`).
    Sample(String),
    /// A reference with no value, printed as written (Velocity's behaviour for `${x}`).
    Unresolved,
}

impl Origin {
    /// A redaction marker: stands for a value dalint must not (or cannot) show.
    pub fn is_marker(&self) -> bool {
        matches!(self, Origin::Credentials(_) | Origin::AuthResponse(_) | Origin::SecureData(_) | Origin::Secret)
    }
}

/// A range of a [`Text`] that came from somewhere in particular.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tainted {
    pub range: TextRange,
    pub origin: Origin,
    pub escapes: Escapes,
}

/// A string with provenance. Spans are sorted and do not overlap; bytes outside every span are
/// literal template text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub spans: Vec<Tainted>,
}

impl Text {
    pub fn plain(text: impl Into<String>) -> Self {
        Self { text: text.into(), spans: Vec::new() }
    }

    /// A text that came entirely from `origin`.
    pub fn from_origin(text: impl Into<String>, origin: Origin) -> Self {
        let text = text.into();
        let spans = if text.is_empty() {
            Vec::new()
        } else {
            vec![Tainted { range: TextRange::new(0, text.len()), origin, escapes: Escapes::NONE }]
        };
        Self { text, spans }
    }

    /// A redaction marker `‹label›`.
    pub fn marker(label: &str, origin: Origin) -> Self {
        Self::from_origin(format!("‹{label}›"), origin)
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    pub fn push(&mut self, other: &Text) {
        let offset = self.text.len();
        self.text.push_str(&other.text);
        self.spans.extend(other.spans.iter().map(|s| Tainted {
            range: TextRange::new(s.range.start + offset, s.range.end + offset),
            origin: s.origin.clone(),
            escapes: s.escapes,
        }));
    }

    /// Whether any part is a redaction marker.
    pub fn has_markers(&self) -> bool {
        self.spans.iter().any(|s| s.origin.is_marker())
    }

    /// The pieces of the text in order: each with its span (or `None` for literal bytes).
    pub fn pieces(&self) -> Vec<(&str, Option<&Tainted>)> {
        let mut out = Vec::with_capacity(self.spans.len() * 2 + 1);
        let mut at = 0;
        for span in &self.spans {
            if span.range.start > at {
                out.push((&self.text[at..span.range.start], None));
            }
            out.push((&self.text[span.range.start..span.range.end], Some(span)));
            at = span.range.end;
        }
        if at < self.text.len() {
            out.push((&self.text[at..], None));
        }
        out
    }

    /// Applies a character-wise transformation (escaping) piece by piece, so provenance survives;
    /// markers are copied unchanged (there is nothing to escape in a placeholder), every other
    /// span gains `adds`.
    pub fn map_pieces(&self, f: &dyn Fn(&str) -> String, adds: Escapes) -> Text {
        let mut out = Text::default();
        for (piece, span) in self.pieces() {
            match span {
                Some(span) if span.origin.is_marker() => {
                    out.push(&Text { text: piece.to_owned(), spans: vec![retarget(span, piece.len(), span.escapes)] })
                }
                Some(span) => {
                    let mapped = f(piece);
                    let len = mapped.len();
                    let spans = if len == 0 { Vec::new() } else { vec![retarget(span, len, span.escapes.union(adds))] };
                    out.push(&Text { text: mapped, spans });
                }
                None => out.push_str(&f(piece)),
            }
        }
        out
    }
}

fn retarget(span: &Tainted, len: usize, escapes: Escapes) -> Tainted {
    Tainted { range: TextRange::new(0, len), origin: span.origin.clone(), escapes }
}

/// Helper objects available in templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// `$esc` (VelocityTools EscapeTool plus Genesys' JSON helpers).
    Esc,
    /// `$encoding`
    Encoding,
    /// `$math` (VelocityTools MathTool).
    Math,
    /// `$urlTool`
    UrlTool,
    /// `$successTemplateUtils`
    SuccessTemplateUtils,
    /// `$salesforce`: the Salesforce integration's macros.
    Salesforce,
}

/// Namespaces whose members are never shown: every property is a redaction marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretSpace {
    Credentials,
    AuthResponse,
}

/// A runtime value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Text),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
    Tool(Tool),
    Secrets(SecretSpace),
    /// (guide) a namespace of sample values: `system`, `Flow`, `Task`.
    Samples(String),
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(Text::plain(s))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Velocity's `#if` truthiness (1.7 rules: only null and false are false).
    pub fn truthy(&self) -> bool {
        !matches!(self, Value::Null | Value::Bool(false))
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Int(n) => Some(*n as f64),
            Value::Float(f) => Some(*f),
            Value::Str(t) => t.text.trim().parse::<f64>().ok(),
            _ => None,
        }
    }

    pub fn map_get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value as Java's `toString()` prints it, with provenance.
    pub fn to_text(&self) -> Text {
        match self {
            Value::Null => Text::default(),
            Value::Str(t) => t.clone(),
            Value::Bool(b) => Text::plain(b.to_string()),
            Value::Int(n) => Text::plain(n.to_string()),
            Value::Float(f) => Text::plain(java_double(*f)),
            Value::List(items) => {
                let mut out = Text::plain("[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push(&item.to_text());
                }
                out.push_str("]");
                out
            }
            Value::Map(entries) => {
                let mut out = Text::plain("{");
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(k);
                    out.push_str("=");
                    out.push(&v.to_text());
                }
                out.push_str("}");
                out
            }
            Value::Tool(tool) => Text::plain(format!("{tool:?}")),
            Value::Secrets(space) => Text::plain(format!("{space:?}")),
            Value::Samples(name) => Text::plain(name.clone()),
        }
    }

    /// The value as JSON text (`json.stringify`, `rawRequest`), with provenance: string contents
    /// are JSON-escaped piece by piece.
    pub fn to_json_text(&self) -> Text {
        let mut out = Text::default();
        self.write_json(&mut out);
        out
    }

    fn write_json(&self, out: &mut Text) {
        match self {
            Value::Null | Value::Tool(_) | Value::Secrets(_) | Value::Samples(_) => out.push_str("null"),
            Value::Bool(b) => out.push_str(&b.to_string()),
            Value::Int(n) => out.push_str(&n.to_string()),
            Value::Float(f) if f.is_finite() => out.push_str(&js_number(*f)),
            Value::Float(_) => out.push_str("null"),
            Value::Str(t) => {
                out.push_str("\"");
                out.push(&t.map_pieces(&super::tools::json_escape_minimal, Escapes::JSON));
                out.push_str("\"");
            }
            Value::List(items) => {
                out.push_str("[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(",");
                    }
                    item.write_json(out);
                }
                out.push_str("]");
            }
            Value::Map(entries) => {
                out.push_str("{");
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(",");
                    }
                    out.push_str(&serde_json::Value::String(k.clone()).to_string());
                    out.push_str(":");
                    v.write_json(out);
                }
                out.push_str("}");
            }
        }
    }

    /// Converts parsed JSON (sample inputs, a sample response) to a value. Strings get `origin`
    /// when given.
    pub fn from_json(json: &serde_json::Value, origin: Option<&Origin>) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => match origin {
                Some(origin) => Value::Str(Text::from_origin(s.clone(), origin.clone())),
                None => Value::str(s.clone()),
            },
            serde_json::Value::Array(items) => Value::List(items.iter().map(|v| Value::from_json(v, origin)).collect()),
            serde_json::Value::Object(map) => {
                Value::Map(map.iter().map(|(k, v)| (k.clone(), Value::from_json(v, origin))).collect())
            }
        }
    }
}

/// `Double.toString` for ordinary magnitudes: `1.0`, `2.5`, `1.0E10`.
pub fn java_double(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    let magnitude = f.abs();
    if magnitude == 0.0 || (1e-3..1e7).contains(&magnitude) {
        let s = format!("{f}");
        if s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        let exponent = magnitude.log10().floor() as i32;
        let mantissa = f / 10f64.powi(exponent);
        let m = format!("{mantissa}");
        let m = if m.contains('.') { m } else { format!("{m}.0") };
        format!("{m}E{exponent}")
    }
}

/// A number as JavaScript prints it (`1`, `2.5`).
pub fn js_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provenance_survives_concatenation_and_escaping() {
        let mut t = Text::plain("a=");
        t.push(&Text::from_origin("x\"y", Origin::Input("q".into())));
        t.push(&Text::marker("credentials.k", Origin::Credentials("k".into())));
        let escaped = t.map_pieces(&crate::template::tools::json_escape, Escapes::JSON);
        assert_eq!(escaped.text, "a=x\\\"y‹credentials.k›");
        assert_eq!(escaped.spans.len(), 2);
        assert_eq!(&escaped.text[escaped.spans[0].range.start..escaped.spans[0].range.end], "x\\\"y");
        assert!(escaped.spans[0].escapes.json);
        assert!(escaped.spans[1].origin.is_marker());
    }

    #[test]
    fn java_and_js_number_printing() {
        assert_eq!(java_double(1.0), "1.0");
        assert_eq!(java_double(2.5), "2.5");
        assert_eq!(java_double(1e10), "1.0E10");
        assert_eq!(js_number(3.0), "3");
        assert_eq!(js_number(0.5), "0.5");
    }
}

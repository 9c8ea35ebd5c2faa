//! A small JSON tree and a pretty writer that keeps key order, writes one member per line (as
//! Genesys exports do) and records where marked strings land (line and byte offset).

/// A JSON value. `Marked` is a string that holds planted secret number `.1`.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(i64),
    Str(String),
    Marked(String, usize),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    pub fn str(s: impl Into<String>) -> Self {
        Json::Str(s.into())
    }
    pub fn obj(members: Vec<(&str, Json)>) -> Self {
        Json::Obj(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }
}

/// Where a marked string was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub id: usize,
    /// 1-based line.
    pub line: usize,
    /// Byte offset of the string literal's opening quote.
    pub offset: usize,
}

/// Pretty-prints with two-space indentation.
#[derive(Debug)]
pub struct Writer {
    pub out: String,
    newline: &'static str,
    /// 0-based line the writer is on.
    line: usize,
    pub marks: Vec<Mark>,
}

impl Writer {
    pub fn new(newline: &'static str, capacity: usize) -> Self {
        Self { out: String::with_capacity(capacity), newline, line: 0, marks: Vec::new() }
    }

    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    pub fn newline(&mut self, indent: usize) {
        self.out.push_str(self.newline);
        self.line += 1;
        for _ in 0..indent {
            self.out.push_str("  ");
        }
    }

    pub fn value(&mut self, value: &Json, indent: usize) {
        match value {
            Json::Null => self.out.push_str("null"),
            Json::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Json::Num(n) => self.out.push_str(&n.to_string()),
            Json::Str(s) => escape_into(&mut self.out, s),
            Json::Marked(s, id) => {
                self.marks.push(Mark { id: *id, line: self.line + 1, offset: self.out.len() });
                escape_into(&mut self.out, s);
            }
            Json::Arr(items) if items.is_empty() => self.out.push_str("[]"),
            Json::Obj(members) if members.is_empty() => self.out.push_str("{}"),
            Json::Arr(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.newline(indent + 1);
                    self.value(item, indent + 1);
                }
                self.newline(indent);
                self.out.push(']');
            }
            Json::Obj(members) => {
                self.out.push('{');
                for (i, (key, member)) in members.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.newline(indent + 1);
                    escape_into(&mut self.out, key);
                    self.out.push_str(": ");
                    self.value(member, indent + 1);
                }
                self.newline(indent);
                self.out.push('}');
            }
        }
    }
}

/// Writes `s` as a JSON string literal.
pub fn escape_into(out: &mut String, s: &str) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `s` as a JSON string literal.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    escape_into(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_prints_and_records_marks() {
        let value = Json::obj(vec![
            ("a", Json::Arr(vec![Json::Num(1), Json::Null])),
            ("b", Json::Marked("x\"y".into(), 7)),
            ("c", Json::Obj(vec![])),
        ]);
        let mut w = Writer::new("\n", 0);
        w.value(&value, 0);
        assert_eq!(w.out, "{\n  \"a\": [\n    1,\n    null\n  ],\n  \"b\": \"x\\\"y\",\n  \"c\": {}\n}");
        assert_eq!(w.marks, vec![Mark { id: 7, line: 6, offset: 39 }]);
        assert_eq!(&w.out[39..40], "\"");
    }
}

//! The JSONPath Genesys translation maps use (Jayway flavour): `$.a.b`, `$['a']`, `$.a[0]`,
//! `$.a[-1]`, `$.a[1:3]`, `$.a[*].b`, `$..x`, filters `[?(@.k == 'v' && @.n > 2)]` with `in`,
//! and the functions `length()`/`size()`/`min()`/`max()`/`sum()`/`avg()`. The leading `$` may be
//! missing, as in several real exports.
//!
//! A *definite* path (names and single indexes only) yields one value or nothing; any wildcard,
//! deep scan, slice, union or filter yields a list, possibly empty.

use serde_json::Value as Json;

/// Deepest nesting of filter parentheses accepted.
const MAX_FILTER_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    Value(Json),
    List(Vec<Json>),
    Missing,
}

#[derive(Debug, Clone, PartialEq)]
enum Selector {
    Name(String),
    Names(Vec<String>),
    Wildcard,
    Index(i64),
    Indices(Vec<i64>),
    Slice(Option<i64>, Option<i64>),
    Filter(Box<Filter>),
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Child(Selector),
    Descendant(Selector),
    Function(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    /// `@…` (relative) or `$…` (absolute) path.
    Path {
        absolute: bool,
        segments: Vec<Segment>,
    },
    Literal(Json),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Nin,
    Contains,
    Regex,
}

#[derive(Debug, Clone, PartialEq)]
enum Filter {
    Or(Box<Filter>, Box<Filter>),
    And(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Exists(Operand),
    Compare(Operand, CompareOp, Operand),
}

/// Why a path could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub message: String,
}

struct Parser<'p> {
    s: &'p str,
    b: &'p [u8],
    i: usize,
    depth: usize,
}

fn err<T>(message: impl Into<String>) -> Result<T, PathError> {
    Err(PathError { message: message.into() })
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.s[self.i..].starts_with(token) {
            self.i += token.len();
            true
        } else {
            false
        }
    }

    fn name(&mut self) -> Result<String, PathError> {
        let start = self.i;
        while self.i < self.b.len()
            && !matches!(
                self.b[self.i],
                b'.' | b'[' | b'(' | b')' | b' ' | b'=' | b'!' | b'<' | b'>' | b'&' | b'|' | b',' | b']'
            )
        {
            self.i += 1;
        }
        if self.i == start {
            return err(format!("expected a property name at character {}", start + 1));
        }
        Ok(self.s[start..self.i].to_owned())
    }

    /// Segments until something that cannot continue a path.
    fn segments(&mut self, top_level: bool) -> Result<Vec<Segment>, PathError> {
        let mut segments = Vec::new();
        loop {
            if self.eat("..") {
                let selector = if self.b.get(self.i) == Some(&b'[') {
                    self.bracket()?
                } else if self.eat("*") {
                    Selector::Wildcard
                } else {
                    Selector::Name(self.name()?)
                };
                segments.push(Segment::Descendant(selector));
            } else if self.eat(".") {
                if self.b.get(self.i) == Some(&b'[') {
                    segments.push(Segment::Child(self.bracket()?));
                } else if self.eat("*") {
                    segments.push(Segment::Child(Selector::Wildcard));
                } else {
                    let name = self.name()?;
                    if self.eat("()") {
                        segments.push(Segment::Function(name));
                    } else {
                        segments.push(Segment::Child(Selector::Name(name)));
                    }
                }
            } else if self.b.get(self.i) == Some(&b'[') {
                segments.push(Segment::Child(self.bracket()?));
            } else if top_level && segments.is_empty() && self.i < self.b.len() {
                // A path without `$` (`participants[0]`): a first name.
                segments.push(Segment::Child(Selector::Name(self.name()?)));
            } else {
                return Ok(segments);
            }
        }
    }

    fn quoted(&mut self) -> Result<String, PathError> {
        let quote = self.b[self.i];
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.s[self.i..].chars().next() else { return err("a quoted name is never closed") };
            self.i += c.len_utf8();
            if c as u32 == u32::from(quote) {
                return Ok(out);
            }
            if c == '\\' {
                if let Some(next) = self.s[self.i..].chars().next() {
                    self.i += next.len_utf8();
                    out.push(next);
                    continue;
                }
            }
            out.push(c);
        }
    }

    fn int(&mut self) -> Option<i64> {
        let start = self.i;
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        match self.s[start..self.i].parse() {
            Ok(n) => Some(n),
            Err(_) => {
                self.i = start;
                None
            }
        }
    }

    fn bracket(&mut self) -> Result<Selector, PathError> {
        self.i += 1; // `[`
        self.ws();
        let selector = if self.eat("*") {
            Selector::Wildcard
        } else if self.eat("?") {
            self.ws();
            if !self.eat("(") {
                return err("a filter must be written `[?(…)]`");
            }
            let filter = self.filter_or()?;
            self.ws();
            if !self.eat(")") {
                return err("a filter's `(` is never closed");
            }
            Selector::Filter(Box::new(filter))
        } else if matches!(self.b.get(self.i), Some(b'\'' | b'"')) {
            let mut names = vec![self.quoted()?];
            loop {
                self.ws();
                if !self.eat(",") {
                    break;
                }
                self.ws();
                if !matches!(self.b.get(self.i), Some(b'\'' | b'"')) {
                    return err("expected a quoted name after `,`");
                }
                names.push(self.quoted()?);
            }
            if names.len() == 1 {
                Selector::Name(names.remove(0))
            } else {
                Selector::Names(names)
            }
        } else {
            let first = self.int();
            self.ws();
            if self.eat(":") {
                self.ws();
                let end = self.int();
                Selector::Slice(first, end)
            } else {
                let Some(first) = first else {
                    return err("expected `*`, an index, a slice, a quoted name or a filter in `[…]`");
                };
                let mut indices = vec![first];
                while {
                    self.ws();
                    self.eat(",")
                } {
                    self.ws();
                    indices.push(self.int().ok_or(PathError { message: "expected an index after `,`".into() })?);
                }
                if indices.len() == 1 {
                    Selector::Index(first)
                } else {
                    Selector::Indices(indices)
                }
            }
        };
        self.ws();
        if !self.eat("]") {
            return err("expected `]`");
        }
        Ok(selector)
    }

    fn filter_or(&mut self) -> Result<Filter, PathError> {
        let mut lhs = self.filter_and()?;
        loop {
            self.ws();
            if !self.eat("||") {
                return Ok(lhs);
            }
            let rhs = self.filter_and()?;
            lhs = Filter::Or(Box::new(lhs), Box::new(rhs));
        }
    }

    fn filter_and(&mut self) -> Result<Filter, PathError> {
        let mut lhs = self.filter_unary()?;
        loop {
            self.ws();
            if !self.eat("&&") {
                return Ok(lhs);
            }
            let rhs = self.filter_unary()?;
            lhs = Filter::And(Box::new(lhs), Box::new(rhs));
        }
    }

    fn filter_unary(&mut self) -> Result<Filter, PathError> {
        self.ws();
        if self.depth >= MAX_FILTER_DEPTH {
            return err("the filter is nested too deeply");
        }
        if self.b.get(self.i) == Some(&b'!') && self.b.get(self.i + 1) != Some(&b'=') {
            self.i += 1;
            self.depth += 1;
            let inner = self.filter_unary();
            self.depth -= 1;
            return Ok(Filter::Not(Box::new(inner?)));
        }
        if self.b.get(self.i) == Some(&b'(') {
            self.i += 1;
            self.depth += 1;
            let inner = self.filter_or();
            self.depth -= 1;
            let inner = inner?;
            self.ws();
            if !self.eat(")") {
                return err("a `(` in the filter is never closed");
            }
            return Ok(inner);
        }
        let lhs = self.operand()?;
        self.ws();
        const OPS: &[(&str, CompareOp)] = &[
            ("==", CompareOp::Eq),
            ("!=", CompareOp::Ne),
            ("<=", CompareOp::Le),
            (">=", CompareOp::Ge),
            ("<", CompareOp::Lt),
            (">", CompareOp::Gt),
            ("=~", CompareOp::Regex),
            ("nin ", CompareOp::Nin),
            ("in ", CompareOp::In),
            ("contains ", CompareOp::Contains),
        ];
        let Some(op) = OPS.iter().find(|(token, _)| self.s[self.i..].starts_with(token)).map(|(t, op)| (t.len(), *op))
        else {
            return Ok(Filter::Exists(lhs));
        };
        self.i += op.0;
        let rhs = self.operand()?;
        Ok(Filter::Compare(lhs, op.1, rhs))
    }

    fn operand(&mut self) -> Result<Operand, PathError> {
        self.ws();
        match self.b.get(self.i) {
            Some(b'@') | Some(b'$') => {
                let absolute = self.b[self.i] == b'$';
                self.i += 1;
                Ok(Operand::Path { absolute, segments: self.segments(false)? })
            }
            Some(b'\'' | b'"') => Ok(Operand::Literal(Json::String(self.quoted()?))),
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.eat("]") {
                        break;
                    }
                    match self.operand()? {
                        Operand::Literal(v) => items.push(v),
                        Operand::Path { .. } => return err("lists in filters hold literals only"),
                    }
                    self.ws();
                    self.eat(",");
                }
                Ok(Operand::Literal(Json::Array(items)))
            }
            Some(_) => {
                let start = self.i;
                while self.i < self.b.len()
                    && (self.b[self.i].is_ascii_alphanumeric() || matches!(self.b[self.i], b'.' | b'-' | b'+'))
                {
                    self.i += 1;
                }
                let word = &self.s[start..self.i];
                match serde_json::from_str::<Json>(word) {
                    Ok(v) if !v.is_object() && !v.is_array() && !word.is_empty() => Ok(Operand::Literal(v)),
                    _ => err(format!("`{word}` is not a value a filter can compare")),
                }
            }
            None => err("the filter ends too early"),
        }
    }
}

fn parse(path: &str) -> Result<Vec<Segment>, PathError> {
    let trimmed = path.trim();
    let mut parser = Parser { s: trimmed, b: trimmed.as_bytes(), i: 0, depth: 0 };
    parser.eat("$");
    let segments = parser.segments(true)?;
    parser.ws();
    if parser.i < trimmed.len() {
        return err(format!(
            "unexpected `{}` at character {}",
            &trimmed[parser.i..].chars().next().unwrap_or(' '),
            parser.i + 1
        ));
    }
    Ok(segments)
}

fn definite(segments: &[Segment]) -> bool {
    segments.iter().all(|s| matches!(s, Segment::Child(Selector::Name(_) | Selector::Index(_)) | Segment::Function(_)))
}

fn index(len: usize, i: i64) -> Option<usize> {
    let i = if i < 0 { len as i64 + i } else { i };
    (0..len as i64).contains(&i).then_some(i as usize)
}

fn apply<'j>(selector: &Selector, node: &'j Json, root: &'j Json, out: &mut Vec<&'j Json>) {
    match (selector, node) {
        (Selector::Name(name), Json::Object(map)) => out.extend(map.get(name)),
        (Selector::Names(names), Json::Object(map)) => out.extend(names.iter().filter_map(|n| map.get(n))),
        (Selector::Wildcard, Json::Object(map)) => out.extend(map.values()),
        (Selector::Wildcard, Json::Array(items)) => out.extend(items.iter()),
        (Selector::Index(i), Json::Array(items)) => out.extend(index(items.len(), *i).map(|i| &items[i])),
        (Selector::Indices(list), Json::Array(items)) => {
            out.extend(list.iter().filter_map(|i| index(items.len(), *i)).map(|i| &items[i]))
        }
        (Selector::Slice(start, end), Json::Array(items)) => {
            let len = items.len() as i64;
            let clamp = |v: i64| if v < 0 { (len + v).max(0) } else { v.min(len) };
            let (s, e) = (clamp(start.unwrap_or(0)), clamp(end.unwrap_or(len)));
            if s < e {
                out.extend(items[s as usize..e as usize].iter());
            }
        }
        (Selector::Filter(filter), Json::Array(items)) => {
            out.extend(items.iter().filter(|item| test(filter, item, root)))
        }
        (Selector::Filter(filter), object @ Json::Object(_)) if test(filter, object, root) => out.push(object),
        _ => {}
    }
}

/// All nodes below and including `node`, depth first (iterative).
fn descendants(node: &Json) -> Vec<&Json> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        out.push(n);
        match n {
            Json::Object(map) => stack.extend(map.values().rev()),
            Json::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    out
}

fn select<'j>(segments: &[Segment], start: &'j Json, root: &'j Json) -> Selection {
    let mut nodes: Vec<&Json> = vec![start];
    for (i, segment) in segments.iter().enumerate() {
        let mut next = Vec::new();
        match segment {
            Segment::Child(selector) => nodes.iter().for_each(|n| apply(selector, n, root, &mut next)),
            Segment::Descendant(selector) => {
                for n in &nodes {
                    for d in descendants(n) {
                        apply(selector, d, root, &mut next);
                    }
                }
            }
            Segment::Function(name) => {
                let input = if definite(&segments[..i]) {
                    match nodes.first() {
                        Some(v) => (*v).clone(),
                        None => return Selection::Missing,
                    }
                } else {
                    Json::Array(nodes.iter().map(|n| (*n).clone()).collect())
                };
                return match function(name, &input) {
                    Some(v) => Selection::Value(v),
                    None => Selection::Missing,
                };
            }
        }
        nodes = next;
    }
    if definite(segments) {
        nodes.first().map_or(Selection::Missing, |v| Selection::Value((*v).clone()))
    } else {
        Selection::List(nodes.into_iter().cloned().collect())
    }
}

fn function(name: &str, input: &Json) -> Option<Json> {
    let numbers = || input.as_array().map(|a| a.iter().filter_map(Json::as_f64).collect::<Vec<f64>>());
    match name {
        "length" | "size" => match input {
            Json::Array(a) => Some(Json::from(a.len())),
            Json::Object(o) => Some(Json::from(o.len())),
            Json::String(s) => Some(Json::from(s.chars().count())),
            _ => None,
        },
        "sum" => numbers().map(|n| Json::from(n.iter().sum::<f64>())),
        "min" => numbers().and_then(|n| n.into_iter().reduce(f64::min)).map(Json::from),
        "max" => numbers().and_then(|n| n.into_iter().reduce(f64::max)).map(Json::from),
        "avg" => numbers().filter(|n| !n.is_empty()).map(|n| Json::from(n.iter().sum::<f64>() / n.len() as f64)),
        "keys" => input.as_object().map(|o| Json::Array(o.keys().cloned().map(Json::String).collect())),
        _ => None,
    }
}

fn operand_value(operand: &Operand, current: &Json, root: &Json) -> Option<Json> {
    match operand {
        Operand::Literal(v) => Some(v.clone()),
        Operand::Path { absolute, segments } => match select(segments, if *absolute { root } else { current }, root) {
            Selection::Value(v) => Some(v),
            Selection::List(items) => Some(Json::Array(items)),
            Selection::Missing => None,
        },
    }
}

fn json_equal(a: &Json, b: &Json) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn test(filter: &Filter, current: &Json, root: &Json) -> bool {
    match filter {
        Filter::Or(a, b) => test(a, current, root) || test(b, current, root),
        Filter::And(a, b) => test(a, current, root) && test(b, current, root),
        Filter::Not(f) => !test(f, current, root),
        Filter::Exists(operand) => {
            operand_value(operand, current, root).is_some_and(|v| v != Json::Null && v != Json::Array(vec![]))
        }
        Filter::Compare(lhs, op, rhs) => {
            let (Some(a), Some(b)) = (operand_value(lhs, current, root), operand_value(rhs, current, root)) else {
                return false;
            };
            match op {
                CompareOp::Eq => json_equal(&a, &b),
                CompareOp::Ne => !json_equal(&a, &b),
                CompareOp::Lt | CompareOp::Le | CompareOp::Gt | CompareOp::Ge => {
                    let ordering = match (&a, &b) {
                        (Json::String(x), Json::String(y)) => Some(x.cmp(y)),
                        _ => a.as_f64().zip(b.as_f64()).and_then(|(x, y)| x.partial_cmp(&y)),
                    };
                    ordering.is_some_and(|o| match op {
                        CompareOp::Lt => o.is_lt(),
                        CompareOp::Le => o.is_le(),
                        CompareOp::Gt => o.is_gt(),
                        _ => o.is_ge(),
                    })
                }
                CompareOp::In => b.as_array().is_some_and(|items| items.iter().any(|i| json_equal(i, &a))),
                CompareOp::Nin => b.as_array().is_some_and(|items| !items.iter().any(|i| json_equal(i, &a))),
                CompareOp::Contains => match (&a, &b) {
                    (Json::Array(items), _) => items.iter().any(|i| json_equal(i, &b)),
                    (Json::String(s), Json::String(sub)) => s.contains(sub.as_str()),
                    _ => false,
                },
                // Regular expressions are not evaluated: no match.
                CompareOp::Regex => false,
            }
        }
    }
}

/// Evaluates `path` against `root`.
pub fn evaluate(path: &str, root: &Json) -> Result<Selection, PathError> {
    let segments = parse(path)?;
    Ok(select(&segments, root, root))
}

/// Whether the path uses a regular expression (`=~`), which dalint does not evaluate.
pub fn uses_regex(path: &str) -> bool {
    path.contains("=~")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval(path: &str, root: &Json) -> Selection {
        evaluate(path, root).unwrap_or_else(|e| panic!("{path}: {e:?}"))
    }

    #[test]
    fn paths_genesys_exports_use() {
        let conversation = json!({
            "participants": [
                {"purpose": "customer", "id": "c1", "state": "connected", "messages": [{"messageId": "m1"}, {"messageId": "m2"}],
                 "externalContactId": "e1", "attributes": {"k": "v"}},
                {"purpose": "acd", "id": "a1", "conversationRoutingData": {"priority": 5}, "sessions": [{"flowInType": "agent"}]},
                {"purpose": "agent", "id": "g1", "userId": "u1"}
            ],
            "results": [{"data": [{"stats": {"count": 3}, "qualifier": "IDLE", "metric": "oOnQueueUsers"}]}],
            "urn:ietf:params:scim": {"externalIds": [{"authority": "microsoftteams", "value": "t1"}]}
        });
        assert_eq!(eval("$.participants[0].purpose", &conversation), Selection::Value(json!("customer")));
        assert_eq!(eval("$.participants[-1].id", &conversation), Selection::Value(json!("g1")));
        assert_eq!(eval("$.participants[5].id", &conversation), Selection::Missing);
        assert_eq!(eval("$.results[0].data[0].stats.count", &conversation), Selection::Value(json!(3)));
        assert_eq!(
            eval("$.participants[?(@.purpose=='acd')].conversationRoutingData.priority", &conversation),
            Selection::List(vec![json!(5)])
        );
        assert_eq!(
            eval("$.participants[?(@.purpose ==\"customer\")].externalContactId", &conversation),
            Selection::List(vec![json!("e1")])
        );
        assert_eq!(
            eval("$.participants[?(@.purpose == 'acd' && @.sessions[0].flowInType == 'agent')].id", &conversation),
            Selection::List(vec![json!("a1")])
        );
        assert_eq!(
            eval(
                "$.participants[?(@.state==\'connected\' && @.purpose==\'customer\')].messages.length()",
                &conversation
            ),
            Selection::Value(json!(1))
        );
        assert_eq!(eval("$.participants[0].messages.length()", &conversation), Selection::Value(json!(2)));
        assert_eq!(
            eval("$.participants[0].messages[-1:].messageId", &conversation),
            Selection::List(vec![json!("m2")])
        );
        assert_eq!(eval("$..qualifier", &conversation), Selection::List(vec![json!("IDLE")]));
        assert_eq!(
            eval("$..data[?(@.metric=='oOnQueueUsers' && @.qualifier=='IDLE')].stats", &conversation),
            Selection::List(vec![json!({"count": 3})])
        );
        assert_eq!(
            eval("['participants'][?(@.purpose=='agent')]['userId']", &conversation),
            Selection::List(vec![json!("u1")])
        );
        assert_eq!(
            eval("$.['urn:ietf:params:scim']['externalIds'][?(@.authority=='microsoftteams')].value", &conversation),
            Selection::List(vec![json!("t1")])
        );
        assert_eq!(
            eval("$.participants[*].id", &conversation),
            Selection::List(vec![json!("c1"), json!("a1"), json!("g1")])
        );
        assert_eq!(eval("$.participants[?(@.purpose == 'nobody')].id", &conversation), Selection::List(vec![]));
        assert_eq!(
            eval("$.participants[?(@.purpose in ['acd', 'agent'])].id", &conversation),
            Selection::List(vec![json!("a1"), json!("g1")])
        );
        assert_eq!(eval("$.NULL", &conversation), Selection::Missing);
        assert_eq!(eval("$", &conversation), Selection::Value(conversation.clone()));
        let list = json!([{"transcript": "hi"}]);
        assert_eq!(eval("$[0].transcript", &list), Selection::Value(json!("hi")));
        assert_eq!(eval("$.size()", &list), Selection::Value(json!(1)));
    }

    #[test]
    fn bad_paths_are_errors_not_panics() {
        for path in [
            "$.a[",
            "$.a[?(@.b == )]",
            "$.a[?(@.b",
            "$[1,x]",
            "$.a[?((((((((((((((((((((((((((((((((((((((@.b)]",
            "$.é[",
            "$.a]",
        ] {
            assert!(evaluate(path, &json!({})).is_err(), "{path}");
        }
    }
}
